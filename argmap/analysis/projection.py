"""The argument graph: claims and their relations projected from the RDF into networkx.

Every measure of :mod:`argmap.analysis` reads this projection, never a debate file.
"""
from __future__ import annotations

import networkx as nx
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from argmap.graph.rdf import AM, RELATION_CLASSES, STANCE_OF


def node_label(graph: Graph, node: URIRef) -> str:
    """The label of a node: its rdfs:label, else its text, else its local id, else its IRI."""
    value = graph.value(node, RDFS.label) or graph.value(node, AM.text) or graph.value(node, AM.localId)
    return str(value) if value is not None else str(node)


def speakers_of(graph: Graph, claim: URIRef) -> list[URIRef]:
    """The speakers who assert ``claim`` through one of its locutions, sorted by IRI."""
    return sorted({s for loc in graph.objects(claim, AM.hasLocution) for s in graph.objects(loc, AM.speaker)})


def argument_graph(graph: Graph) -> nx.MultiDiGraph:
    """Project the argument graph: one node per claim, one edge per relation node.

    Nodes are claim IRIs (strings) with ``text``, ``issue``, ``stance``, ``speakers`` (IRIs) and
    ``debate``; edges run from the relation's ``am:from`` claim to its ``am:to`` claim, keyed by
    the relation IRI, with ``type`` (supports, attacks, undercuts, rephrases) and ``by``. A
    relation missing an end, or with an end that is not a claim, is left out. Each property is
    read in one pass over the graph, so the projection stays linear in the number of triples.
    """

    def column(predicate: URIRef) -> dict:
        return {s: o for s, o in graph.subject_objects(predicate)}

    text, issue, stance, debate = column(AM.text), column(AM.onIssue), column(AM.stance), column(AM.inDebate)
    speaker_of_locution = column(AM.speaker)
    speakers: dict = {}
    for claim, locution in graph.subject_objects(AM.hasLocution):
        if locution in speaker_of_locution:
            speakers.setdefault(claim, set()).add(speaker_of_locution[locution])
    g = nx.MultiDiGraph()
    for claim in sorted(graph.subjects(RDF.type, AM.Claim)):
        g.add_node(
            str(claim),
            text=str(text.get(claim, "")),
            issue=str(issue[claim]) if claim in issue else None,
            stance=STANCE_OF.get(stance.get(claim)),
            speakers=[str(s) for s in sorted(speakers.get(claim, ()))],
            debate=str(debate.get(claim)),
        )
    kind: dict = {}
    for name, cls in RELATION_CLASSES.items():
        for relation in graph.subjects(RDF.type, cls):
            kind.setdefault(relation, name)
    source, target, by = column(AM["from"]), column(AM.to), column(AM.drawnBy)
    for relation in sorted(kind):
        u, v = str(source.get(relation)), str(target.get(relation))
        if u in g and v in g:
            drawn = by.get(relation)
            g.add_edge(u, v, key=str(relation), type=kind[relation], by=str(drawn) if drawn is not None else None)
    return g


def relations_into(argument: nx.MultiDiGraph, claim: str, types: frozenset[str]) -> list[str]:
    """The claims that relate to ``claim`` by one of ``types`` (e.g. its attackers), sorted."""
    return sorted({u for u, _, data in argument.in_edges(claim, data=True) if data["type"] in types})



def speaker_identities(graph: Graph) -> dict[str, str]:
    """Speakers that are one person: each speaker IRI linked by ``owl:sameAs`` (as
    :mod:`argmap.analysis.speakers` links them across documents) -> the smallest IRI of its linked
    group, which stands for all of them in the speaker statistics and the camps."""
    links = nx.Graph()
    speakers = set(graph.subjects(RDF.type, AM.Speaker))
    links.add_edges_from((str(a), str(b)) for a, b in graph.subject_objects(OWL.sameAs) if a in speakers or b in speakers)
    return {iri: min(group) for group in nx.connected_components(links) for iri in group}

