"""One tabular projection of the graph that the GraphML, GEXF, CSV and DOT writers share.

Nodes are the speakers, issues and claims (arguments included); edges are the relations between
claims (supports, attacks, undercuts, rephrases), ``asserts`` from a speaker to each claim they
utter and ``on-issue`` from a claim to its issue. Every node and edge has the same columns, so a
spreadsheet or Gephi sees one attribute table; ids are the instance IRIs without their common base
(``mini/claim/ana-footfall``), unique across debates.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.term import Node

from argmap.graph.rdf import AM, ID_BASE, RELATION_TYPE_OF, SPEAKER_CLASSES, STANCE_OF

if TYPE_CHECKING:
    import networkx as nx

NODE_COLUMNS = ("id", "label", "kind", "debate", "text", "stance", "speakers", "tags")
EDGE_COLUMNS = ("id", "source", "target", "kind", "label", "debate", "drawn_by", "sign", "weight")
LABEL_LENGTH = 80
#: Colours (RGB) by node kind, claims by stance, and by edge kind: what Gephi shows on import.
NODE_COLOURS = {"speaker": (31, 119, 180), "issue": (188, 140, 0), "pro": (44, 160, 44), "con": (214, 39, 40), "claim": (127, 127, 127),
                "argument": (148, 103, 189)}
EDGE_COLOURS = {"supports": (44, 160, 44), "attacks": (214, 39, 40), "undercuts": (255, 127, 14), "rephrases": (127, 127, 127),
                "asserts": (31, 119, 180), "on-issue": (188, 140, 0)}
EDGE_SIGNS = {"supports": 1, "attacks": -1, "undercuts": -1, "rephrases": 0, "asserts": 1, "on-issue": 0}


@dataclass(frozen=True)
class Table:
    """Rows of nodes and edges, each a dict with every column of :data:`NODE_COLUMNS` / :data:`EDGE_COLUMNS`."""

    nodes: list[dict[str, object]]
    edges: list[dict[str, object]]


def short_id(iri: Node) -> str:
    """An instance IRI without the common base: ``debate/kind/localId``.

    >>> short_id(URIRef("https://w3id.org/argmap/id/mini/claim/ana-footfall"))
    'mini/claim/ana-footfall'
    """
    text = str(iri)
    return text[len(ID_BASE):] if text.startswith(ID_BASE) else text


def shorten(text: str, length: int = LABEL_LENGTH) -> str:
    r"""``text`` on one line, cut to ``length`` characters with an ellipsis.

    >>> shorten("Loading bays\n  before 10am", 40), shorten("Loading bays before 10am", 12)
    ('Loading bays before 10am', 'Loading bay…')
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


def _values(graph: Graph, predicate: URIRef) -> dict[Node, list[Node]]:
    out: dict[Node, list[Node]] = defaultdict(list)
    for s, o in graph.subject_objects(predicate):
        out[s].append(o)
    return out


def node_colour(row: dict[str, object]) -> tuple[int, int, int]:
    """The colour of a node row: by stance for a claim that takes one, else by kind (:data:`NODE_COLOURS`).

    >>> node_colour({"kind": "claim", "stance": "con"}), node_colour({"kind": "issue", "stance": ""})
    ((214, 39, 40), (188, 140, 0))
    """
    return NODE_COLOURS.get(str(row["stance"]) or str(row["kind"]), NODE_COLOURS["claim"])


def project(graph: Graph) -> Table:
    """The speakers, issues and claims of ``graph`` and the edges between them, in IRI order.

    Speakers come first, then issues, then claims; relation edges come before ``asserts`` and
    ``on-issue`` edges.

    >>> from argmap import load
    >>> table = project(load("tests/fixtures/mini.yaml"))
    >>> [(row["id"], row["stance"], row["speakers"]) for row in table.nodes if row["kind"] == "claim"][:2]
    [('mini/claim/ana-footfall', 'pro', 'Ana Ruiz'), ('mini/claim/ben-deliveries', 'con', 'Ben Okafor')]
    >>> sorted({str(row["kind"]) for row in table.edges}), table.edges[0]["drawn_by"], table.edges[0]["sign"]
    (['asserts', 'attacks', 'on-issue', 'supports', 'undercuts'], 'Ben Okafor', -1)
    """
    debate_of = {s: short_id(o) for s, o in graph.subject_objects(AM.inDebate)}
    labels = {s: str(o) for s, o in graph.subject_objects(RDFS.label)}
    texts = {s: str(o) for s, o in graph.subject_objects(AM.text)}
    stances = {s: STANCE_OF[o] for s, o in graph.subject_objects(AM.stance) if o in STANCE_OF}
    tags = _values(graph, AM.tag)
    speakers_of: dict[Node, set[Node]] = defaultdict(set)
    speaker_of = {s: o for s, o in graph.subject_objects(AM.speaker)}
    for claim, loc in graph.subject_objects(AM.hasLocution):
        if loc in speaker_of:
            speakers_of[claim].add(speaker_of[loc])
    arguments = set(graph.subjects(RDF.type, AM.Argument))

    def row(node: Node, kind: str, label: str, text: str = "") -> dict[str, object]:
        return {"id": short_id(node), "label": shorten(label), "kind": kind, "debate": debate_of.get(node, ""), "text": text,
                "stance": stances.get(node, ""), "speakers": "; ".join(sorted(labels.get(s, short_id(s)) for s in speakers_of.get(node, ()))),
                "tags": "; ".join(sorted(str(t) for t in tags.get(node, ())))}

    speaker_nodes = sorted(set(graph.subjects(RDF.type, AM.Speaker)) | {s for cls in SPEAKER_CLASSES.values() for s in graph.subjects(RDF.type, cls)}, key=str)
    nodes = [row(s, "speaker", labels.get(s, short_id(s))) for s in speaker_nodes]
    nodes += [row(i, "issue", labels.get(i, short_id(i)), labels.get(i, "")) for i in sorted(graph.subjects(RDF.type, AM.Issue), key=str)]
    claims = sorted(set(graph.subjects(RDF.type, AM.Claim)), key=str)
    nodes += [row(c, "argument" if c in arguments else "claim", texts.get(c, short_id(c)), texts.get(c, "")) for c in claims]

    def edge(iri: str, source: Node, target: Node, kind: str, debate: str, drawn_by: str = "") -> dict[str, object]:
        return {"id": iri, "source": short_id(source), "target": short_id(target), "kind": kind, "label": kind, "debate": debate,
                "drawn_by": drawn_by, "sign": EDGE_SIGNS[kind], "weight": 1.0}

    kinds: dict[Node, str] = {}
    for cls, name in RELATION_TYPE_OF.items():
        for r in graph.subjects(RDF.type, cls):
            kinds[r] = name
    starts, ends, drawn = {s: o for s, o in graph.subject_objects(AM["from"])}, {s: o for s, o in graph.subject_objects(AM.to)}, _values(graph, AM.drawnBy)
    edges = [edge(short_id(r), starts[r], ends[r], kinds[r], debate_of.get(r, ""), "; ".join(sorted(labels.get(s, short_id(s)) for s in drawn.get(r, ()))))
             for r in sorted(kinds, key=str) if r in starts and r in ends]
    claim_set = set(claims)
    edges += [edge(f"{short_id(s)}|asserts|{short_id(c)}", s, c, "asserts", debate_of.get(c, ""))
              for s, c in sorted(graph.subject_objects(AM.asserts), key=_pair_order) if c in claim_set]
    edges += [edge(f"{short_id(c)}|on-issue|{short_id(i)}", c, i, "on-issue", debate_of.get(c, "")) for c, i in sorted(graph.subject_objects(AM.onIssue), key=_pair_order)]
    return Table(nodes, edges)


def _pair_order(pair: tuple[Node, Node]) -> tuple[str, str]:
    """Pairs of IRIs sort by their text (as rdflib orders two URIRefs)."""
    return str(pair[0]), str(pair[1])


def to_networkx(table: Table, colour: str | None = None) -> nx.MultiDiGraph:
    """The table as a networkx multigraph, every column an attribute (``label`` is Gephi's label).

    ``colour="rgb"`` adds ``r``, ``g``, ``b`` attributes (Gephi's GraphML import reads them);
    ``colour="viz"`` adds a GEXF ``viz`` colour.

    >>> from argmap import load
    >>> g = to_networkx(project(load("tests/fixtures/mini.yaml")), colour="rgb")
    >>> g.number_of_nodes(), g.number_of_edges(), g.nodes["mini/claim/ana-footfall"]["g"]
    (11, 15, 160)
    >>> sorted(g.out_degree(n) for n in g if g.nodes[n]["kind"] == "speaker")
    [1, 1, 2, 2]
    """
    import networkx as nx

    g: nx.MultiDiGraph = nx.MultiDiGraph()
    for row in table.nodes:
        g.add_node(row["id"], **{k: v for k, v in row.items() if k != "id"}, **_colour(node_colour(row), colour))
    for row in table.edges:
        attributes = {k: v for k, v in row.items() if k not in ("source", "target")}
        g.add_edge(row["source"], row["target"], key=row["id"], **attributes, **_colour(EDGE_COLOURS[str(row["kind"])], colour))
    return g


def _colour(rgb: tuple[int, int, int], style: str | None) -> dict[str, object]:
    if style == "rgb":
        return dict(zip("rgb", rgb))
    if style == "viz":
        return {"viz": {"color": {"r": rgb[0], "g": rgb[1], "b": rgb[2], "a": 1.0}}}
    return {}
