"""The interactive map: a pyvis network rendered into argmap's own single-file HTML template.

pyvis builds the nodes and edges; our template inlines vis-network (from pyvis's own package
files), so the page makes no network request at all. Every string from a debate travels as JSON
data (``<``, ``>``, ``&`` escaped) and is shown by vis-network as text, never parsed as HTML.
"""
from __future__ import annotations

import html as _html
import json
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from pyvis.network import Network
from rdflib import RDF, RDFS, Graph, URIRef

from argmap.exports import Writer, register
from argmap.graph.analysis import argument_graph, claim_pagerank, summary
from argmap.graph.rdf import AM, SPEAKER_CLASSES
from argmap.io import write_atomic

# Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = {
    "person": "#0072B2",
    "organisation": "#56B4E9",
    "group": "#CC79A7",
    "pro": "#C7EADB",
    "con": "#F6D5B8",
    "neutral": "#E8E8E8",
    "claim-border": "#4D4D4D",
}
EDGE_STYLES = {
    "asserts": {"color": "#8FB3CF", "dashes": False, "width": 1},
    "supports": {"color": "#009E73", "dashes": False, "width": 2.5},
    "attacks": {"color": "#D55E00", "dashes": [10, 6], "width": 2.5},
    "undercuts": {"color": "#E69F00", "dashes": [3, 5], "width": 2.5},
    "rephrases": {"color": "#777777", "dashes": [14, 4, 3, 4], "width": 1.5},
}
SPEAKER_KIND = {cls: kind for kind, cls in SPEAKER_CLASSES.items()}
TEMPLATE = files("argmap.exports").joinpath("templates/map.html")
VIS_JS = files("pyvis").joinpath("templates/lib/vis-9.1.2/vis-network.min.js")


def _text(graph: Graph, node: URIRef, *predicates: URIRef) -> str:
    for predicate in predicates:
        value = graph.value(node, predicate)
        if value is not None:
            return str(value)
    return str(node)


def _wrap(text: str, width: int = 34, max_lines: int = 4) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1] + "…"
    return "\n".join(lines)


def _claim_tooltip(graph: Graph, claim: URIRef) -> str:
    parts = [_text(graph, claim, AM.text)]
    for loc in sorted(graph.objects(claim, AM.hasLocution)):
        speaker = graph.value(loc, AM.speaker)
        source = graph.value(loc, AM.source)
        who = _text(graph, speaker, RDFS.label) if speaker is not None else "?"
        where = _text(graph, source, RDFS.label) if source is not None else "?"
        parts.append(f"“{_text(graph, loc, AM.quote)}”\n— {who}, in {where}")
    return "\n\n".join(parts)


def build_network(graph: Graph) -> Network:
    """The who-argues-what network: speakers and claims, assertion edges, and relations between claims.

    Speakers are dots coloured by kind, claims are boxes coloured by stance and sized by PageRank;
    supports, attacks, undercuts and rephrases have distinct colours and dash styles, arrows in
    the direction of the relation.
    """
    net = Network(directed=True, height="100%", width="100%")
    argument = argument_graph(graph)
    rank = claim_pagerank(argument)
    top = max(rank.values(), default=1.0) or 1.0
    for speaker in sorted(graph.subjects(RDF.type, AM.Speaker)):
        kind = next((SPEAKER_KIND[t] for t in graph.objects(speaker, RDF.type) if t in SPEAKER_KIND), "person")
        name = _text(graph, speaker, RDFS.label)
        description = graph.value(speaker, AM.description)
        net.add_node(
            str(speaker), label=name, shape="dot", size=22, color=PALETTE[kind],
            title=f"{name} ({kind})" + (f"\n{description}" if description else ""),
            font={"size": 18, "face": "sans-serif", "strokeWidth": 4, "strokeColor": "#ffffff"},
            kind=f"speaker-{kind}",
        )
    for claim, data in argument.nodes(data=True):
        fill = PALETTE.get(data["stance"] or "neutral", PALETTE["neutral"])
        net.add_node(
            claim, label=_wrap(data["text"]), shape="box", title=_claim_tooltip(graph, URIRef(claim)),
            color={"background": fill, "border": PALETTE["claim-border"]},
            borderWidth=1 + round(3 * rank.get(claim, 0.0) / top, 2),
            font={"size": 12 + round(6 * rank.get(claim, 0.0) / top), "face": "sans-serif", "multi": False},
            margin=8, kind=f"claim-{data['stance'] or 'neutral'}",
        )
        for speaker in data["speakers"]:
            net.add_edge(speaker, claim, title="asserts", arrows="to", relation="asserts", **EDGE_STYLES["asserts"])
    for u, v, key, data in sorted(argument.edges(keys=True, data=True), key=lambda e: e[2]):
        style = EDGE_STYLES[data["type"]]
        title = data["type"] + (f" (drawn by {_text(graph, URIRef(data['by']), RDFS.label)})" if data["by"] else "")
        net.add_edge(u, v, id=key, title=title, arrows="to", relation=data["type"], **style)
    return net


def _json_for_script(value: object) -> str:
    """JSON that is safe inside an HTML ``<script>`` element (no ``</script>``, no comments, no entities)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def network_options(node_count: int) -> dict:
    """vis-network options: deterministic layout (fixed seed), physics that stops once stable."""
    return {
        "layout": {"randomSeed": 7, "improvedLayout": node_count <= 300},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -120, "springLength": 160, "avoidOverlap": 0.6},
            "stabilization": {"enabled": True, "iterations": 400, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False, "keyboard": True},
        "edges": {"smooth": {"enabled": True, "type": "dynamic"}, "arrows": {"to": {"scaleFactor": 0.7}}},
        "nodes": {"shapeProperties": {"interpolation": False}},
    }


def render_html(graph: Graph, title: str | None = None) -> str:
    """The complete, self-contained HTML page of the map (byte-identical for the same graph)."""
    net = build_network(graph)
    counts = summary(graph)
    if title is None:
        debates = sorted(graph.subjects(RDF.type, AM.Debate))
        title = " + ".join(_text(graph, d, RDFS.label) for d in debates) or "argmap"
    data = {"nodes": net.nodes, "edges": net.edges, "options": network_options(len(net.nodes)), "summary": counts}
    stats = ", ".join(f"{n} {k}" for k, n in counts.items() if n or k in ("speakers", "claims"))
    values = {
        "TITLE": _html.escape(title),
        "STATS": _html.escape(stats),
        "DATA": _json_for_script(data),
        "VIS_JS": VIS_JS.read_text(encoding="utf-8").replace("</script", "<\\/script"),
    }
    # One pass over the template only: text from a debate is never scanned for placeholders.
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m.group(1)], TEMPLATE.read_text(encoding="utf-8"))


@dataclass
class Map:
    """A rendered map: ``save(path)`` writes it, and it displays inline in Jupyter."""

    html: str

    def save(self, path: str | Path) -> Path:
        """Write the page atomically to ``path``."""
        return write_atomic(path, self.html)

    def _repr_html_(self) -> str:
        return (
            '<iframe style="width:100%;height:640px;border:1px solid #ddd" '
            f'sandbox="allow-scripts" srcdoc="{_html.escape(self.html, quote=True)}"></iframe>'
        )


def map(graph: Graph, title: str | None = None) -> Map:  # noqa: A001 (the public name the docs promise)
    """The interactive map of ``graph``, for saving or for showing in a notebook."""
    return Map(render_html(graph, title))


register(Writer("html", ".html", render_html, "interactive map (single self-contained HTML page)"))
