"""Argdown out: a document the Argdown tools (and :mod:`argmap.graph.formats.argdown`) read back
to the same map.

Each claim is defined once as ``[Title]: text`` (an ``am:Argument`` as ``<Title>: text``), titled by
its ``rdfs:label`` or else its local id, with its tags and ``{speaker: ...}`` data, under a heading
per ``am:section`` (and per debate when there are several). An argument with premises and a
conclusion gets its premise-conclusion structure; every other relation is written under the claim
it points at: ``+`` support, ``-`` attack, ``_`` undercut, and ``><`` under the first claim of a
contradiction. Characters Argdown would read as syntax inside a text are escaped with ``\\``.
"""
from __future__ import annotations

import re
from collections import defaultdict

from rdflib import RDF, RDFS, Graph, URIRef

from argmap.exports import Writer, register
from argmap.graph.rdf import AM, RELATION_CLASSES, debates_in

RELATION_OF_CLASS = {cls: name for name, cls in RELATION_CLASSES.items()}
MARKS = {"supports": "+", "attacks": "-", "undercuts": "_"}
_SYNTAX = re.compile(r"([\\\[\]<>#{}*_/@`~])")
_TAG_IN_TEXT = re.compile(r"(?:^|\s)#(?:\(([^)]+)\)|([\w-]+))")


def escape(text: str) -> str:
    """``text`` on one line with Argdown's syntax characters escaped, tags left as tags."""
    flat = " ".join(text.split())
    tags = [(m.start(), m.end()) for m in _TAG_IN_TEXT.finditer(flat)]
    out, last = [], 0
    for start, end in tags:
        out.append(_SYNTAX.sub(r"\\\1", flat[last:start]))
        out.append(flat[start:end])
        last = end
    out.append(_SYNTAX.sub(r"\\\1", flat[last:]))
    return "".join(out)


def _title(graph: Graph, claim: URIRef, taken: dict[str, URIRef]) -> str:
    base = str(graph.value(claim, RDFS.label) or graph.value(claim, AM.localId) or claim)
    base = re.sub(r"[\[\]<>\n]", " ", base).strip() or "claim"
    title, n = base, 1
    while title in taken and taken[title] != claim:
        n += 1
        title = f"{base} {n}"
    taken[title] = claim
    return title


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_argdown(graph: Graph) -> str:
    """The graph as an Argdown document; see the module doc."""
    debates = debates_in(graph)
    lines: list[str] = []
    title_of = _titles(graph)
    if len(debates) == 1:
        lines += ["===", f"title: {_quoted(str(graph.value(debates[0], RDFS.label) or ''))}", "===", ""]
    for debate in debates:
        if len(debates) > 1:
            lines += [f"# {escape(str(graph.value(debate, RDFS.label) or debate))}", ""]
        lines += _debate_lines(graph, debate, title_of, heading="##" if len(debates) > 1 else "#")
    return "\n".join(lines).rstrip() + "\n"


def _titles(graph: Graph) -> dict[URIRef, str]:
    taken: dict[str, URIRef] = {}
    claims = sorted(set(graph.subjects(RDF.type, AM.Claim)), key=lambda c: (str(graph.value(c, AM.inDebate)), _order(graph, c), str(c)))
    return {c: _title(graph, c, taken) for c in claims}


def _order(graph: Graph, node: URIRef) -> int:
    value = graph.value(node, AM.order)
    return int(value) if value is not None else 0


def _ref(graph: Graph, claim: URIRef, title_of: dict[URIRef, str]) -> str:
    title = title_of[claim]
    return f"<{title}>" if (claim, RDF.type, AM.Argument) in graph else f"[{title}]"


def _definition(graph: Graph, claim: URIRef, title_of: dict[URIRef, str]) -> str:
    text = str(graph.value(claim, AM.text) or "")
    present = {a or b for a, b in _TAG_IN_TEXT.findall(text)}
    tags = [str(t) for t in sorted(graph.objects(claim, AM.tag)) if str(t) not in present]
    speakers = sorted({str(graph.value(s, RDFS.label) or s) for loc in graph.objects(claim, AM.hasLocution) for s in graph.objects(loc, AM.speaker)})
    parts = [f"{_ref(graph, claim, title_of)}: {escape(text)}".rstrip()]
    parts += [f"#({t})" if re.search(r"[^\w-]", t) else f"#{t}" for t in tags]
    if speakers:
        parts.append("{speaker: " + (_quoted(speakers[0]) if len(speakers) == 1 else "[" + ", ".join(_quoted(s) for s in speakers) + "]") + "}")
    return " ".join(parts)


def _debate_lines(graph: Graph, debate: URIRef, title_of: dict[URIRef, str], heading: str) -> list[str]:
    claims = sorted((c for c in title_of if graph.value(c, AM.inDebate) == debate), key=lambda c: (_order(graph, c), str(c)))
    implied: set[tuple[URIRef, URIRef]] = set()
    structures: list[list[str]] = []
    for argument in claims:
        if (argument, RDF.type, AM.Argument) not in graph:
            continue
        premises = sorted(graph.subjects(AM.premiseOf, argument), key=lambda c: (_order(graph, c), str(c)))
        conclusion = graph.value(predicate=AM.conclusionOf, object=argument)
        if premises and conclusion is not None:
            implied |= {(p, conclusion) for p in premises}
            numbered = [f"({n}) {_ref(graph, p, title_of)}" for n, p in enumerate(premises, start=1)]
            structures.append([_ref(graph, argument, title_of), "", *numbered, "----", f"({len(premises) + 1}) {_ref(graph, conclusion, title_of)}", ""])
    lines: list[str] = []
    section = None
    for claim in claims:
        here = graph.value(claim, AM.section)
        if here is not None and str(here) != section:
            section = str(here)
            lines += [f"{heading} {escape(section)}", ""]
        lines += [_definition(graph, claim, title_of), ""]
    if structures or claims:
        lines += [f"{heading} Relations", ""] if section is not None else []
    for block in structures:
        lines += block
    children: dict[URIRef, list[str]] = defaultdict(list)
    for relation in sorted(graph.subjects(AM.inDebate, debate), key=lambda r: (_order(graph, r), str(r))):
        kinds = set(graph.objects(relation, RDF.type))
        rtype = next((RELATION_OF_CLASS[k] for k in kinds if k in RELATION_OF_CLASS), None)
        source, target = graph.value(relation, AM["from"]), graph.value(relation, AM.to)
        if rtype is None or source not in title_of or target not in title_of:
            continue
        if AM.Contradiction in kinds:
            children[source].append(f"  >< {_ref(graph, target, title_of)}")
        elif not (rtype == "supports" and (source, target) in implied):
            children[target].append(f"  {MARKS.get(rtype, '+') if rtype != 'rephrases' else '+'} {_ref(graph, source, title_of)}")
    for claim in claims:
        if children.get(claim):
            lines += [_ref(graph, claim, title_of), *children[claim], ""]
    return lines


register(Writer("argdown", ".argdown", write_argdown, "Argdown (statements, arguments, relations, PCS, tags, speakers as data)"))
