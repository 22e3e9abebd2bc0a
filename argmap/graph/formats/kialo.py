"""Kialo discussion exports in (the "Export discussion" text file), both layouts:

- 2018: ``Discussion Title: ...``, then one node a line, ``1.1. Con: text`` (the thesis ``1. text``);
- 2023: ``Discussion Name:`` and the title on the next line, nodes indented by depth with the text
  on the lines after ``1.1. Con:``, ``[n]`` footnotes, and a ``Sources:`` list at the end.

The discussion's title becomes the issue, the thesis a pro claim on it, every other node a claim
``c<number>`` (``c1.2.3``) that supports (Pro) or attacks (Con) its parent; the thesis' direct
children also take that stance on the issue. A node whose text is ``-> See 1.2.3.`` is a
cross-link: the relation drawn there runs from claim 1.2.3 (so the debate is a graph, not a tree),
with the note ``Kialo cross-link at <number>``. Sources become ``am:Source`` items ``ref<n>``, and a
claim whose text cites ``[n]`` gets ``am:cites`` to it. Kialo exports name no authors, so claims
have no locutions. Texts keep Kialo's words, with its Markdown escapes (``\\(``) undone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from argmap.errors import InputError
from argmap.graph.formats._common import debate_id_for, read_text
from argmap.graph.model import Claim, Debate, Issue, Relation, Source
from argmap.graph.rdf import AM, debate_to_rdf, item_iri

_HEADER = re.compile(r"^(?P<indent>[ \t]*)(?P<number>(?:\d+\.)+)[ \t]*(?:(?P<role>Thesis|Pro|Con):)?[ \t]*(?P<text>.*)$")
_LINK = re.compile(r"^->\s*See\s+((?:\d+\.)*\d+)\.?\s*$")
_SOURCE = re.compile(r"^\[(\d+)\]\s+(.*)$")
_FOOTNOTE = re.compile(r"\[(\d+)\]")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")
RELATION_OF_ROLE = {"Pro": "supports", "Con": "attacks"}


@dataclass
class KialoNode:
    """One numbered node of the export: number (``1.2.3``), role, text lines, line of its header."""

    number: str
    role: str
    line: int
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return _ESCAPE.sub(r"\1", "\n".join(self.lines).strip())

    @property
    def parent(self) -> str | None:
        return self.number.rsplit(".", 1)[0] if "." in self.number else None


def _header(line: str, nodes: dict[str, KialoNode]) -> re.Match | None:
    """The node header on ``line``, if it numbers the thesis or a new child of a known node."""
    match = _HEADER.match(line)
    if match is None:
        return None
    number = match.group("number").rstrip(".")
    parent = number.rsplit(".", 1)[0] if "." in number else None
    if number in nodes or (parent is None and (number != "1" or nodes)) or (parent is not None and parent not in nodes):
        return None
    return match


def parse_kialo(text: str, path: str) -> tuple[str, list[KialoNode], dict[str, str]]:
    """The title, the nodes in file order and the sources (number -> reference) of an export.

    Raises
    ------
    InputError
        Naming the line of a node whose number or role does not fit (e.g. a second thesis), or
        when the text is not a Kialo export at all.

    Examples
    --------
    >>> title, nodes, sources = parse_kialo(read_text(Path("tests/fixtures/formats/kialo-2023.txt")), "kialo-2023.txt")
    >>> title, [(n.number, n.role) for n in nodes[:2]], sources["1"]
    ('Should Main Street go car-free?', [('1', 'Thesis'), ('1.1', 'Pro')], 'https://example.org/footfall')
    """
    lines = text.splitlines()
    first = lines[0].strip() if lines else ""
    if first.startswith("Discussion Title:"):
        title, start = first.removeprefix("Discussion Title:").strip(), 1
    elif first.startswith("Discussion Name:"):
        title = first.removeprefix("Discussion Name:").strip()
        start = 1
        while not title and start < len(lines):
            title, start = lines[start].strip(), start + 1
    else:
        raise InputError(path, "not a Kialo export: the first line should be 'Discussion Title: ...' or 'Discussion Name:'", line=1)
    nodes: dict[str, KialoNode] = {}
    sources: dict[str, list[str]] = {}
    current: list[str] | None = None
    in_sources = False
    for n, line in enumerate(lines[start:], start=start + 1):
        if line.strip() == "Sources:" and not line[:1].isspace():
            in_sources, current = True, None
            continue
        if in_sources:
            match = _SOURCE.match(line)
            if match:
                current = sources.setdefault(match.group(1), [match.group(2).strip()])
            elif current is not None and line.strip():
                current.append(line.strip())
            continue
        header = _header(line, nodes)
        if header is not None:
            number = header.group("number").rstrip(".")
            role = header.group("role") or ("Thesis" if number == "1" else "")
            if role not in ("Thesis", "Pro", "Con") or (role == "Thesis") != (number == "1"):
                raise InputError(path, f"node {number} should be {'the Thesis' if number == '1' else 'Pro or Con'}, found {role or 'no role'!r}", line=n)
            node = KialoNode(number, role, n, [header.group("text").strip()] if header.group("text").strip() else [])
            nodes[number] = node
            current = node.lines
        elif current is not None and (line.strip() or current):
            current.append(line.strip())
        elif line.strip():
            raise InputError(path, "text before the thesis (expected '1. ...' or '1. Thesis:')", line=n)
    if "1" not in nodes:
        raise InputError(path, "no thesis (node 1.) found")
    return title or nodes["1"].text, list(nodes.values()), {k: " ".join(v[:1]) for k, v in sources.items()}


def kialo_to_debate(title: str, nodes: list[KialoNode], sources: dict[str, str], debate_id: str, path: str) -> tuple[Debate, dict[str, set[str]]]:
    """The debate of a parsed export, and the footnotes each claim cites (claim id -> source ids).

    The thesis is an issue; node ``1.2.3`` is claim ``c1.2.3``, pro or con its parent by its role;
    a cross-link (``-> See 1.4.``) makes a relation from the claim it points to.

    Examples
    --------
    >>> path = "tests/fixtures/formats/kialo-2023.txt"
    >>> debate, cites = kialo_to_debate(*parse_kialo(read_text(Path(path)), path), "k", path)
    >>> debate.relations[0].id, sorted(cites["c1.1"])
    ('c1.1.supports.c1', ['ref1'])
    """
    debate = Debate(id=debate_id, title=title)
    debate.issues.append(Issue(id="thesis", title=title))
    for number, reference in sorted(sources.items(), key=lambda kv: int(kv[0])):
        url = reference if re.match(r"https?://", reference) else None
        debate.sources.append(Source(id=f"ref{number}", title=reference[:200] or f"source {number}", url=url.split()[0] if url else None))
    by_number = {n.number: n for n in nodes}
    cites: dict[str, set[str]] = {}
    seen: set[str] = set()
    for node in nodes:
        link = _LINK.match(node.text)
        if link is None:
            claim = Claim(id=f"c{node.number}", text=node.text)
            if node.role == "Thesis":
                claim.issue, claim.stance = "thesis", "pro"
            elif node.parent == "1":
                claim.issue, claim.stance = "thesis", "pro" if node.role == "Pro" else "con"
            debate.claims.append(claim)
            cites[claim.id] = {f"ref{m}" for m in _FOOTNOTE.findall(node.text) if m in sources}
        if node.role == "Thesis":
            continue
        source = link.group(1) if link else node.number
        if source not in by_number or _LINK.match(by_number[source].text):
            raise InputError(path, f"cross-link '-> See {source}.' points to no claim", line=node.line)
        relation = Relation(source=f"c{source}", target=f"c{node.parent}", type=RELATION_OF_ROLE[node.role],
                            note=f"Kialo cross-link at {node.number}" if link else None)
        if relation.id not in seen:
            seen.add(relation.id)
            debate.relations.append(relation)
    return debate, cites


def read_kialo(path: Path | str) -> Graph:
    """Read a Kialo export (2018 or 2023 layout) into RDF; see the module doc.

    Examples
    --------
    >>> len(read_kialo("tests/fixtures/formats/kialo-2023.txt"))
    81
    """
    path = Path(path)
    title, nodes, sources = parse_kialo(read_text(path), str(path))
    debate, cites = kialo_to_debate(title, nodes, sources, debate_id_for(path), str(path))
    graph = debate_to_rdf(debate)
    for claim, refs in cites.items():
        for ref in sorted(refs):
            graph.add((item_iri(debate.id, "claim", claim), AM.cites, item_iri(debate.id, "source", ref)))
    return graph


