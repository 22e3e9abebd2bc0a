"""The argument graph: claims and their relations projected from the RDF into networkx.

Every measure of :mod:`argmap.analysis` reads this projection, never a debate file. The RDF is
read through :mod:`argmap.analysis.triples`: an rdflib graph, or a store asked by SPARQL.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

import networkx as nx
from rdflib import OWL, RDFS, Graph, URIRef
from rdflib.term import Node

from argmap.analysis.speakers import find_people, speakers_in
from argmap.analysis.triples import Source, Triples, column, kept, triples_of
from argmap.graph.rdf import AM, RELATION_CLASSES, STANCE_OF

G = TypeVar("G", bound=nx.Graph)


def node_label(graph: Graph, node: URIRef) -> str:
    """The label of a node: its rdfs:label, else its text, else its local id, else its IRI.

    The name a person reads for a speaker, a claim, an issue or a debate; for many nodes,
    :func:`labeller` reads each property once.

    Parameters
    ----------
    graph : rdflib.Graph
        The debates.
    node : rdflib.URIRef
        The node to label; it need not be in ``graph``.

    Returns
    -------
    str
        The first of the node's ``rdfs:label``, ``am:text`` and ``am:localId`` it has, else its IRI.

    See Also
    --------
    labeller : The same labels for many nodes, from an rdflib graph or a store.

    Examples
    --------
    >>> from pathlib import Path
    >>> from argmap.graph.formats import read_files
    >>> graph = read_files([Path("tests/fixtures/mini.yaml")])
    >>> node_label(graph, URIRef("https://w3id.org/argmap/id/mini/speaker/ana"))
    'Ana Ruiz'
    >>> node_label(graph, URIRef("https://w3id.org/argmap/id/mini/claim/ben-deliveries"))
    'Deliveries would take longer without street access.'
    >>> node_label(graph, URIRef("https://example.org/not-in-the-graph"))
    'https://example.org/not-in-the-graph'
    """
    value = graph.value(node, RDFS.label) or graph.value(node, AM.text) or graph.value(node, AM.localId)
    return str(value) if value is not None else str(node)


def labeller(source: Source) -> Callable[[Node], str]:
    """:func:`node_label` for many nodes of ``source``: each property is read once.

    >>> from pathlib import Path
    >>> from argmap.graph.formats import read_files
    >>> label = labeller(read_files([Path("tests/fixtures/mini.yaml")]))
    >>> label(URIRef("https://w3id.org/argmap/id/mini/speaker/ben")), label(URIRef("https://example.org/x"))
    ('Ben Okafor', 'https://example.org/x')
    """
    triples = triples_of(source)
    label, text, local = column(triples, RDFS.label), column(triples, AM.text), column(triples, AM.localId)

    def label_of(node: Node) -> str:
        value = label.get(node) or text.get(node) or local.get(node)
        return str(value) if value is not None else str(node)

    return label_of


def debates_of(source: Source) -> list[URIRef]:
    """The IRIs of the debates ``source`` holds, sorted (:func:`argmap.graph.rdf.debates_in`).

    >>> from pathlib import Path
    >>> from argmap.graph.formats import read_files
    >>> paths = [Path("tests/fixtures/formats/panel-b.yaml"), Path("tests/fixtures/formats/panel-a.yaml")]
    >>> [str(d) for d in debates_of(read_files(paths))]
    ['https://w3id.org/argmap/id/panel-a', 'https://w3id.org/argmap/id/panel-b']
    """
    return sorted(s for s in triples_of(source).instances(AM.Debate) if isinstance(s, URIRef))


def speakers_of(graph: Graph, claim: URIRef) -> list[URIRef]:
    """The speakers who assert ``claim`` through one of its locutions, sorted by IRI.

    A speaker asserts a claim when one of the claim's locutions (``am:hasLocution``) has them as
    its ``am:speaker``; each speaker is listed once.

    Parameters
    ----------
    graph : rdflib.Graph
        The debates.
    claim : rdflib.URIRef
        The claim's IRI.

    Returns
    -------
    list of rdflib.URIRef
        The speakers' IRIs, sorted; empty for a claim without locutions or not in ``graph``.

    Examples
    --------
    The residents' claim is said by the residents and repeated by Ana:

    >>> from pathlib import Path
    >>> from argmap.graph.formats import read_files
    >>> graph = read_files([Path("tests/fixtures/mini.yaml")])
    >>> [str(s) for s in speakers_of(graph, URIRef("https://w3id.org/argmap/id/mini/claim/residents-quiet"))]
    ['https://w3id.org/argmap/id/mini/speaker/ana', 'https://w3id.org/argmap/id/mini/speaker/residents']
    """
    return sorted({cast(URIRef, s) for loc in graph.objects(claim, AM.hasLocution) for s in graph.objects(loc, AM.speaker)})


def ordered_subgraph(graph: G, nodes: Iterable[str]) -> G:
    """The subgraph of ``graph`` induced by ``nodes``, in the order of ``nodes``.

    A new graph of the same class as ``graph``, with its graph attributes, whose nodes come in the
    order of ``nodes`` (and edges in the order they are found from them). networkx's ``graph.subgraph(nodes)`` is a view that, for a node set small against the graph,
    iterates that *set*, whose order changes with Python's hash seed; a layout or a page written
    from such a view is then not the same from one run to the next.

    Parameters
    ----------
    graph : networkx.Graph
        Any networkx graph (directed or not, multigraph or not).
    nodes : iterable of str
        The nodes to keep, in the order wanted; repeats and nodes not in ``graph`` are dropped.

    Returns
    -------
    networkx.Graph
        A new graph of the class of ``graph`` (not a view), with the nodes' and edges' attributes
        and, for a multigraph, the edges' keys.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("b", "a"), ("a", "c"), ("c", "d")])
    >>> sub = ordered_subgraph(g, ["c", "a"])
    >>> list(sub.nodes), list(sub.edges)
    (['c', 'a'], [('a', 'c', 0)])
    """
    keep = list(dict.fromkeys(n for n in nodes if n in graph))
    inside = set(keep)
    sub = graph.__class__()
    sub.graph.update(graph.graph)
    sub.add_nodes_from((n, graph.nodes[n]) for n in keep)
    edges: Any = graph.edges
    found = edges(keep, keys=True, data=True) if graph.is_multigraph() else edges(keep, data=True)
    sub.add_edges_from(edge for edge in found if edge[1] in inside)
    return sub


def argument_graph(graph: Source) -> nx.MultiDiGraph:
    """Project the argument graph: one node per claim, one edge per relation node.

    Nodes are claim IRIs (strings) with ``text``, ``issue``, ``stance``, ``speakers`` (IRIs) and
    ``debate``; edges run from the relation's ``am:from`` claim to its ``am:to`` claim, keyed by
    the relation IRI, with ``type`` (supports, attacks, undercuts, rephrases) and ``by``. A
    relation missing an end, or with an end that is not a claim, is left out. Each property is
    read in one pass over the graph, so the projection stays linear in the number of triples.

    Parameters
    ----------
    graph : rdflib.Graph or argmap.store.Store or argmap.analysis.triples.Triples
        The debates: an rdflib graph, a store (read through SPARQL, not copied) or projections of either.

    Returns
    -------
    networkx.MultiDiGraph
        The argument graph, claims in IRI order, relations in IRI order.

    Raises
    ------
    ArgmapError
        When ``graph`` is a store that cannot be read: :class:`~argmap.errors.StoreError` (e.g. a
        remote SPARQL server out of reach) or :class:`~argmap.errors.QueryError` (it rejects a query).

    See Also
    --------
    merged_argument : The same graph with the speakers that are one person merged.

    Examples
    --------
    >>> from pathlib import Path
    >>> from argmap.graph.formats import read_files
    >>> argument = argument_graph(read_files([Path("tests/fixtures/mini.yaml")]))
    >>> argument.number_of_nodes(), argument.number_of_edges()
    (5, 4)
    >>> claim = argument.nodes["https://w3id.org/argmap/id/mini/claim/residents-quiet"]
    >>> claim["stance"], [s.rsplit("/", 1)[1] for s in claim["speakers"]]
    ('pro', ['ana', 'residents'])
    >>> sorted((u.rsplit("/", 1)[1], kind, v.rsplit("/", 1)[1]) for u, v, kind in argument.edges(data="type"))[:2]
    [('ben-deliveries', 'attacks', 'ana-footfall'), ('ben-noise-moves', 'undercuts', 'residents-quiet')]
    """

    triples = triples_of(graph)
    text, issue, stance, debate = (column(triples, p) for p in (AM.text, AM.onIssue, AM.stance, AM.inDebate))
    speaker_of_locution = column(triples, AM.speaker)
    speakers: dict = {}
    for claim, locution in triples.pairs(AM.hasLocution):
        if locution in speaker_of_locution:
            speakers.setdefault(claim, set()).add(speaker_of_locution[locution])
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for claim in sorted(cast("set[URIRef]", set(triples.instances(AM.Claim)))):
        g.add_node(
            str(claim),
            text=str(text.get(claim, "")),
            issue=str(issue[claim]) if claim in issue else None,
            stance=STANCE_OF.get(stance[claim]) if claim in stance else None,
            speakers=[str(s) for s in sorted(speakers.get(claim, ()))],
            debate=str(debate.get(claim)),
        )
    kind: dict = {}
    for name, cls in RELATION_CLASSES.items():
        for relation in triples.instances(cls):
            kind.setdefault(relation, name)
    source, target, by = column(triples, AM["from"]), column(triples, AM.to), column(triples, AM.drawnBy)
    for relation in sorted(kind):
        u, v = str(source.get(relation)), str(target.get(relation))
        if u in g and v in g:
            drawn = by.get(relation)
            g.add_edge(u, v, key=str(relation), type=kind[relation], by=str(drawn) if drawn is not None else None)
    return g


def typed_edges(argument: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
    """The (from claim, to claim, relation type) of every edge of an argument graph.

    >>> argument = nx.MultiDiGraph()
    >>> argument.add_edge("b", "a", key="r1", type="attacks")
    'r1'
    >>> argument.add_edge("c", "a", key="r2", type="supports")
    'r2'
    >>> typed_edges(argument)
    [('b', 'a', 'attacks'), ('c', 'a', 'supports')]
    """
    return cast("list[tuple[str, str, str]]", list(argument.edges(data="type")))


def relations_into(argument: nx.MultiDiGraph, claim: str, types: frozenset[str]) -> list[str]:
    """The claims that relate to ``claim`` by one of ``types`` (e.g. its attackers), sorted.

    A claim relates to ``claim`` when an edge of one of the types runs from it to ``claim``;
    each such claim is listed once however many relations it has.

    Parameters
    ----------
    argument : networkx.MultiDiGraph
        The argument graph (:func:`argument_graph`).
    claim : str
        The IRI of the claim related to.
    types : frozenset of str
        The relation types counted (supports, attacks, undercuts, rephrases).

    Returns
    -------
    list of str
        The IRIs of the claims relating to ``claim`` by one of ``types``, sorted (empty for a
        claim not in ``argument``).

    Examples
    --------
    >>> from pathlib import Path
    >>> from argmap.graph.formats import read_files
    >>> argument = argument_graph(read_files([Path("tests/fixtures/mini.yaml")]))
    >>> relations_into(argument, "https://w3id.org/argmap/id/mini/claim/ana-footfall", frozenset({"attacks", "undercuts"}))
    ['https://w3id.org/argmap/id/mini/claim/ben-deliveries']
    >>> relations_into(argument, "https://w3id.org/argmap/id/mini/claim/ana-footfall", frozenset({"supports"}))
    ['https://w3id.org/argmap/id/mini/claim/residents-quiet']
    """
    return sorted({u for u, _, data in argument.in_edges(claim, data=True) if data["type"] in types})



def speaker_identities(graph: Source, merge_people: bool = False) -> dict[str, str]:
    """The speakers that are one person, each mapped to the one IRI that stands for them.

    That IRI is the smallest of the group, which stands for all of them in the speaker statistics
    and the camps. Speakers linked by ``owl:sameAs`` are one person. With ``merge_people``, and when the graph
    holds several debates, so are the speakers of different documents that
    :func:`argmap.analysis.speakers.find_people` finds to be one person (the rules of
    ``argmap speakers``: the same name, an alias, a surname): one person, one node.

    Parameters
    ----------
    graph : rdflib.Graph or argmap.store.Store or argmap.analysis.triples.Triples
        The debates: an rdflib graph, a store (read through SPARQL, not copied) or projections of either.
    merge_people : bool, default False
        Also count as one person the speakers of different debates that
        :func:`~argmap.analysis.speakers.find_people` finds to be one.

    Returns
    -------
    dict of str to str
        Each IRI of a group of speakers that are one person to the smallest IRI of its group
        (that IRI included); empty when no two speakers are one person.

    Raises
    ------
    ArgmapError
        When ``graph`` is a store that cannot be read: :class:`~argmap.errors.StoreError` (e.g. a
        remote SPARQL server out of reach) or :class:`~argmap.errors.QueryError` (it rejects a query).

    See Also
    --------
    merged_argument : The argument graph with these identities applied.

    Examples
    --------
    Two fixtures with no ``owl:sameAs`` link, whose speakers share names:

    >>> from pathlib import Path
    >>> from argmap.graph.formats import read_files
    >>> graph = read_files([Path("tests/fixtures/formats/town.json"), Path("tests/fixtures/formats/panel-a.yaml")])
    >>> speaker_identities(graph)
    {}
    >>> merged = speaker_identities(graph, merge_people=True)
    >>> sorted(iri.rsplit("/", 3)[-3] for iri in merged)
    ['panel-a', 'town']
    """
    triples = triples_of(graph)
    return dict(kept(triples, ("speaker_identities", merge_people), lambda: _identities(triples, merge_people)))


def _identities(triples: Triples, merge_people: bool) -> dict[str, str]:
    links: nx.Graph[str] = nx.Graph()
    speakers = set(triples.instances(AM.Speaker))
    links.add_edges_from((str(a), str(b)) for a, b in triples.pairs(OWL.sameAs) if a in speakers or b in speakers)
    if merge_people and len(debates_of(triples)) > 1:
        for person in find_people(speakers_in(triples)).people:
            first = str(person.speakers[0].iri)
            links.add_edges_from((first, str(s.iri)) for s in person.speakers[1:])
    return {iri: min(group) for group in nx.connected_components(links) for iri in group}


def merged_argument(source: Source, merge_people: bool = True) -> tuple[nx.MultiDiGraph, dict[str, str]]:
    """The argument graph with each person's speakers merged, and the identity mapping used.

    The argument graph of ``source`` (:func:`argument_graph`) with each claim's speakers replaced
    by the one IRI that stands for their person (:func:`speaker_identities`). Computed once per projections of ``source`` (:func:`argmap.analysis.triples.kept`): the analysis,
    the map's view and its totals share it. Do not change the graph returned.

    Parameters
    ----------
    source : rdflib.Graph or argmap.store.Store or argmap.analysis.triples.Triples
        The debates: an rdflib graph, a store (read through SPARQL, not copied) or projections of either.
    merge_people : bool, default True
        Merge the speakers of different debates found to be one person, as well as those linked
        by ``owl:sameAs``.

    Returns
    -------
    tuple of (networkx.MultiDiGraph, dict of str to str)
        The argument graph, each claim's ``speakers`` sorted IRIs after merging, and the mapping
        of :func:`speaker_identities`.

    Raises
    ------
    ArgmapError
        When ``source`` is a store that cannot be read: :class:`~argmap.errors.StoreError` (e.g. a
        remote SPARQL server out of reach) or :class:`~argmap.errors.QueryError` (it rejects a query).

    Examples
    --------
    >>> from pathlib import Path
    >>> from argmap.graph.formats import read_files
    >>> argument, identity = merged_argument(read_files([Path("tests/fixtures/mini.yaml")]))
    >>> argument.number_of_nodes(), identity
    (5, {})
    """
    triples = triples_of(source)

    def compute() -> tuple[nx.MultiDiGraph, dict[str, str]]:
        argument = argument_graph(triples)
        identity = speaker_identities(triples, merge_people)
        if identity:
            for _, data in argument.nodes(data=True):
                data["speakers"] = sorted({identity.get(s, s) for s in data["speakers"]})
        return argument, identity

    return kept(triples, ("merged_argument", merge_people), compute)
