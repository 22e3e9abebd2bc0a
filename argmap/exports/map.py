"""The interactive map: a view of the debate built as a pyvis network, rendered into argmap's own page.

pyvis builds the nodes and edges; our single-file template inlines vis-network (from pyvis's own
package files), so the page makes no network request at all, and adds a legend, a search box,
filters and a side panel. Every string from a debate travels as JSON data (``<``, ``>``, ``&``
escaped) and the page shows it with ``textContent`` or as canvas text, never parsed as HTML.
Positions are computed ahead (:mod:`argmap.exports.layout`) and the page draws with physics off,
so a map opens laid out at any size and looks the same every time.
"""
from __future__ import annotations

import html as _html
import json
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import networkx as nx
from pyvis.network import Network
from rdflib import RDF, RDFS, Graph

from argmap.analysis import summary
from argmap.exports.layout import positions
from argmap.exports.views import VIEWS, view
from argmap.graph.rdf import AM
from argmap.io import write_atomic

# Okabe & Ito (2008), "Color Universal Design": hues that stay apart for every common colour-vision
# deficiency. Claims: blue tint = pro, vermillion tint = con; relations: bluish green = supports,
# vermillion dashed = attacks. Every colour is paired with a shape or a dash style as well.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SPEAKER_SHAPES = {"person": "dot", "organisation": "diamond", "group": "triangle"}
SPEAKER_COLOUR = "#0072B2"
UNALIGNED_COLOUR = "#999999"
CLAIM_FILLS = {"pro": "#CFE2F3", "con": "#F9D3BF", "neutral": "#E6E6E6"}
CLAIM_BORDER = "#4D4D4D"
EDGE_STYLES = {
    "asserts": {"color": "#9DB4C7", "dashes": False, "width": 1},
    "supports": {"color": "#009E73", "dashes": False, "width": 2.5},
    "attacks": {"color": "#D55E00", "dashes": [10, 6], "width": 2.5},
    "undercuts": {"color": "#E69F00", "dashes": [3, 5], "width": 2.5},
    "rephrases": {"color": "#666666", "dashes": [14, 4, 3, 4], "width": 1.5},
    "agrees": {"color": "#009E73", "dashes": False, "width": 2},
    "disagrees": {"color": "#D55E00", "dashes": [10, 6], "width": 2},
    "mixed": {"color": "#666666", "dashes": [3, 5], "width": 2},
}
RELATION_LABELS = {
    "asserts": "asserts (speaker → claim)", "supports": "supports", "attacks": "attacks (rebuts)",
    "undercuts": "undercuts", "rephrases": "rephrases", "agrees": "mostly agree", "disagrees": "mostly disagree",
    "mixed": "agree and disagree equally",
}
STATUS_BORDERS = {"IN": False, "OUT": [8, 5], "UNDEC": [2, 4]}
STATUS_LABELS = {"IN": "accepted (IN)", "OUT": "defeated (OUT)", "UNDEC": "undecided (UNDEC)"}
TEMPLATE = files("argmap.exports").joinpath("templates/map.html")
VIS_JS = files("pyvis").joinpath("templates/lib/vis-9.1.2/vis-network.min.js")


def _wrap(text: str, width: int = 20, max_lines: int = 2) -> str:
    """``text`` broken into at most ``max_lines`` lines of about ``width`` characters (… when cut)."""
    words = [w[i:i + width] for w in text.split() for i in range(0, len(w), width)]
    lines, line = [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return "\n".join(lines)


def node_groups() -> dict[str, dict]:
    """vis-network group styles, one per kind of node, shared by every view."""
    font = {"face": "system-ui, sans-serif", "strokeWidth": 4, "strokeColor": "#ffffff"}
    groups = {
        f"speaker-{kind}": {"shape": shape, "color": {"background": SPEAKER_COLOUR, "border": "#1d1d1d"},
                            "borderWidth": 1.5, "size": 20, "font": {**font, "size": 26}}
        for kind, shape in SPEAKER_SHAPES.items()
    }
    for stance, fill in CLAIM_FILLS.items():
        groups[f"claim-{stance}"] = {
            "shape": "box", "margin": 8, "borderWidth": 1.5,
            "color": {"background": fill, "border": CLAIM_BORDER, "highlight": {"background": fill, "border": "#000000"}},
            "font": {"face": "system-ui, sans-serif", "size": 15, "color": "#1d1d1d"},
        }
    return groups


NODE_GROUPS = node_groups()


def camp_colours(view_graph: nx.Graph) -> dict[str, str]:
    """One Okabe-Ito colour per speaker camp (``am:inCamp``), camps in sorted order (none without camps)."""
    camps = sorted({d["camp"] for _, d in view_graph.nodes(data=True) if d.get("camp") is not None})
    return {camp: OKABE_ITO[i % len(OKABE_ITO)] for i, camp in enumerate(camps)}


def legend(view_graph: nx.Graph) -> list[dict]:
    """The legend of a view: one entry per kind of node, status, camp and relation the view shows."""
    data = [d for _, d in view_graph.nodes(data=True)]
    camps = camp_colours(view_graph)
    items: list[dict] = []
    for kind, shape in SPEAKER_SHAPES.items():
        if any(d["kind"] == "speaker" and d["speakerKind"] == kind for d in data):
            items.append({"type": "node", "shape": shape, "color": "#555555" if camps else SPEAKER_COLOUR, "label": f"speaker: {kind}"})
    for camp, colour in camps.items():
        items.append({"type": "node", "shape": "dot", "color": colour, "label": f"speaker in {camp}"})
    if camps and any(d["kind"] == "speaker" and d.get("camp") is None for d in data):
        items.append({"type": "node", "shape": "dot", "color": UNALIGNED_COLOUR, "label": "speaker in no camp"})
    for stance, fill in CLAIM_FILLS.items():
        if any(d["kind"] == "claim" and (d["stance"] or "neutral") == stance for d in data):
            label = {"pro": "claim: pro", "con": "claim: con", "neutral": "claim: no stance"}[stance]
            items.append({"type": "node", "shape": "box", "color": fill, "label": label})
    for status, dashes in STATUS_BORDERS.items():
        if any(d.get("status") == status for d in data):
            items.append({"type": "node", "shape": "box", "color": "#ffffff", "dashes": dashes, "label": STATUS_LABELS[status]})
    present = {d["relation"] for *_, d in view_graph.edges(data=True)}
    for relation, style in EDGE_STYLES.items():
        if relation in present:
            items.append({"type": "edge", **style, "label": RELATION_LABELS[relation]})
    return items


PAGE_OMITS = frozenset({"speakers", "issueTitle", "debate"})
"""View attributes the page does without: it reads speakers from the quotes and issue titles from the issue filter."""


def _page_details(node: str, data: dict) -> dict:
    """What a node carries into the page: its IRI and view attributes, numbers to 4 significant digits,
    each quote's speaker by IRI only (names are in the speaker filter's list)."""
    details: dict = {"iri": node}
    for key, value in data.items():
        if value is None or key in PAGE_OMITS:
            continue
        if isinstance(value, float):
            value = float(f"{value:.4g}")
        if key == "quotes":
            value = [{k: v for k, v in q.items() if v is not None and k != "speakerName"} for q in value]
        details[key] = value
    return details


class _NodeIds(list):
    """pyvis keeps node ids in a list and checks membership for every edge; this list answers in O(1)."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set = set()

    def append(self, item) -> None:
        super().append(item)
        self._members.add(item)

    def __contains__(self, item) -> bool:
        return item in self._members


def build_network(view_graph: nx.Graph) -> Network:
    """The pyvis network of a view (see :mod:`argmap.exports.views`).

    Nodes get short ids (``n0``, ``n1``… in the view's order) and carry the view's attributes
    under ``am`` (with ``am.iri``). Speakers are dots, diamonds or triangles by kind, coloured by
    camp when the analysis found camps (grey: in no camp); claims are boxes filled by stance, their text larger the
    higher their PageRank and their border dashed when the analysis defeated them (OUT) or left
    them undecided. Edges carry ``relation``; the page styles them from :data:`EDGE_STYLES`.
    """
    net = Network(directed=True, height="100%", width="100%")
    net.node_ids = _NodeIds()
    ids = {node: f"n{i}" for i, node in enumerate(view_graph.nodes)}
    colours = camp_colours(view_graph)
    ranks = [d["pagerank"] for _, d in view_graph.nodes(data=True) if d["kind"] == "claim"]
    top_rank = max(ranks, default=0.0) or 1.0
    most_claims = max((d.get("claims", 0) for _, d in view_graph.nodes(data=True)), default=0) or 1
    for node, data in view_graph.nodes(data=True):
        options: dict = {"am": _page_details(node, data)}
        if data["kind"] == "speaker":
            group = f"speaker-{data['speakerKind']}"
            label = data["name"]
            if "claims" in data:
                options["size"] = 12 + round(18 * data["claims"] / most_claims)
        else:
            group = f"claim-{data['stance'] or 'neutral'}"
            label = _wrap(data["text"])
            weight = data["pagerank"] / top_rank
            options["font"] = {"size": 16 + round(8 * weight ** 0.5)}
            if data.get("status") in STATUS_BORDERS:
                options["shapeProperties"] = {"borderDashes": STATUS_BORDERS[data["status"]]}
                options["borderWidth"] = 2
        net.add_node(ids[node], label=label, shape=NODE_GROUPS[group]["shape"], group=group, **options)
        if data["kind"] == "speaker" and colours:
            # pyvis drops ``color`` when a node has a group, so the camp colour is set afterwards.
            net.node_map[ids[node]]["color"] = {"background": colours.get(data.get("camp"), UNALIGNED_COLOUR), "border": "#1d1d1d"}
    multi = view_graph.is_multigraph()
    edges = view_graph.edges(keys=True, data=True) if multi else ((u, v, None, d) for u, v, d in view_graph.edges(data=True))
    for n, (u, v, _key, data) in enumerate(edges):
        options = {"id": f"e{n}", "relation": data["relation"]}
        details = {k: v for k, v in data.items() if v is not None and k != "relation"}
        if details:
            options["am"] = details
        if "weight" in data:
            options["width"] = 1 + min(abs(data["weight"]), 8) * 1.25
            options["arrows"] = ""
        net.add_edge(ids[u], ids[v], **options)
    return net


def _json_for_script(value: object) -> str:
    """JSON that is safe inside an HTML ``<script>`` element (no ``</script>``, no comments, no entities)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def network_options() -> dict:
    """vis-network options: positions come from :func:`argmap.exports.layout.positions`, so physics is off."""
    return {
        "groups": NODE_GROUPS,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "keyboard": {"enabled": True, "bindToWindow": False},
                        "hideEdgesOnDrag": True, "hideEdgesOnZoom": True, "multiselect": False},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}}, "selectionWidth": 1.5},
        "nodes": {"scaling": {"label": {"drawThreshold": 7}}},
    }


def _issues(graph: Graph, view_graph: nx.Graph) -> list[dict]:
    """The issues the view's claims are on, each with the issues it covers (itself and its sub-issues)."""
    shown = {d["issue"] for _, d in view_graph.nodes(data=True) if d.get("issue")}
    issues = sorted(graph.subjects(RDF.type, AM.Issue), key=lambda i: (str(graph.value(i, AM.inDebate)), int(graph.value(i, AM.order) or 0), str(i)))
    result = []
    for issue in issues:
        covered = {str(issue)} | {str(s) for s in graph.transitive_subjects(AM.subIssueOf, issue)}
        if covered & shown:
            depth = sum(1 for _ in graph.transitive_objects(issue, AM.subIssueOf)) - 1
            result.append({"iri": str(issue), "title": str(graph.value(issue, RDFS.label) or issue), "depth": depth,
                           "covers": sorted(covered)})
    return result


def label_box(node: dict) -> tuple[float, float]:
    """The width and height in pixels a node of the pyvis network takes on the canvas, label included.

    Estimated from the label (an average glyph is at most about 0.6 em wide in the sans-serif fonts
    browsers use) and the group's font size and margin; speakers are a symbol with the label below, counted on both sides so the box stays centred.
    """
    group = NODE_GROUPS[node["group"]]
    font = node.get("font", {}).get("size", group["font"]["size"])
    lines = str(node["label"]).split("\n")
    text_w, text_h = max(len(line) for line in lines) * font * 0.6, len(lines) * font * 1.25
    if group["shape"] == "box":
        return (text_w + 2 * group["margin"] + 4, text_h + 2 * group["margin"] + 4)
    radius = node.get("size", group["size"])
    return (max(2 * radius, text_w), 2 * (radius + text_h + 4))


def page_data(graph: Graph, view_graph: nx.Graph) -> dict:
    """Everything the page needs, as JSON-ready data: network with positions, styles, legend, filter choices."""
    net = build_network(view_graph)
    ids = {node["am"]["iri"]: node["id"] for node in net.nodes}
    layout = positions(view_graph, {iri: label_box(net.node_map[ids[iri]]) for iri in ids})
    for node in net.nodes:
        node["x"], node["y"] = layout[node["am"]["iri"]]
    boxes = [(node["x"], node["y"], *label_box(node)) for node in net.nodes]
    extent = [min((x - w / 2 for x, _, w, _ in boxes), default=0.0), min((y - h / 2 for _, y, _, h in boxes), default=0.0),
              max((x + w / 2 for x, _, w, _ in boxes), default=0.0), max((y + h / 2 for _, y, _, h in boxes), default=0.0)]
    claims = [d for _, d in view_graph.nodes(data=True) if d["kind"] == "claim"]
    speakers = {n: d["name"] for n, d in view_graph.nodes(data=True) if d["kind"] == "speaker"}
    speakers.update((q["speaker"], q["speakerName"]) for d in claims for q in d["quotes"] if q["speaker"])
    statuses = sorted({d["status"] for d in claims if d.get("status")})
    return {
        "view": view_graph.graph.get("name", "who-argues-what"),
        "nodes": net.nodes, "edges": net.edges, "extent": [round(v, 1) for v in extent],
        "options": network_options(),
        "edgeStyles": EDGE_STYLES, "relationLabels": RELATION_LABELS, "statusLabels": STATUS_LABELS,
        "legend": legend(view_graph),
        "filters": {
            "speakers": [{"iri": iri, "name": name} for iri, name in sorted(speakers.items(), key=lambda kv: (kv[1], kv[0]))],
            "issues": _issues(graph, view_graph),
            "stances": [s for s in ("pro", "con", "neutral") if any((d["stance"] or "neutral") == s for d in claims)],
            "relations": [r for r in EDGE_STYLES if any(d["relation"] == r for *_, d in view_graph.edges(data=True))],
            "statuses": statuses,
        },
    }


def render_view(graph: Graph, view_graph: nx.Graph, title: str | None = None) -> str:
    """The complete, self-contained HTML page of one view (byte-identical for the same input)."""
    if title is None:
        debates = sorted(graph.subjects(RDF.type, AM.Debate))
        title = " + ".join(str(graph.value(d, RDFS.label) or d) for d in debates) or "argmap"
    counts = summary(graph)
    stats = ", ".join(f"{n} {k}" for k, n in counts.items() if n or k in ("speakers", "claims"))
    data = page_data(graph, view_graph)
    values = {
        "TITLE": _html.escape(title),
        "STATS": _html.escape(stats),
        "VIEW": _html.escape(data["view"]),
        "DATA": _json_for_script(data),
        "VIS_JS": VIS_JS.read_text(encoding="utf-8").replace("</script", "<\\/script"),
    }
    # One pass over the template only: text from a debate is never scanned for placeholders.
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m.group(1)], TEMPLATE.read_text(encoding="utf-8"))


def render_html(graph: Graph, title: str | None = None, view_name: str = "who-argues-what",
                issue: str | None = None, speaker: str | None = None) -> str:
    """The map page of ``graph`` in the view ``view_name`` (one of :data:`VIEWS`), optionally restricted
    to an issue and/or a speaker (see :func:`argmap.exports.views.select_claims`)."""
    return render_view(graph, view(graph, view_name, issue=issue, speaker=speaker), title)


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


def render_map(graph: Graph, title: str | None = None, view: str = "who-argues-what",
               issue: str | None = None, speaker: str | None = None) -> Map:
    """The interactive map of ``graph``, for saving or for showing in a notebook.

    ``view`` is one of :data:`VIEWS`; ``issue`` and ``speaker`` restrict the map to part of the debate.
    """
    return Map(render_html(graph, title, view, issue, speaker))



def store_map_html(graph: Graph) -> str:
    """The page ``argmap serve`` shows at ``/map``: the map of a whole store."""
    return render_map(graph, "argmap store").html


__all__ = ["VIEWS", "Map", "build_network", "legend", "page_data", "render_html", "render_map", "render_view", "store_map_html"]
