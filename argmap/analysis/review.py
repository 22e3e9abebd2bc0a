"""What a reader should know before trusting a debate's analysis: is it argued yet, and reviewed?

A draft straight out of ``argmap extract`` relates no claim to any other, so every claim is IN and
the balance is perfect; one out of ``argmap draft`` rests on machine suggestions
(``prov:wasGeneratedBy`` an ``am:Drafting`` activity) until a person reviews them.
:func:`review_notes` says both, one sentence per debate, for ``validate`` and ``analyze`` to print.
"""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import PROV

from argmap.graph.rdf import AM, debates_in


@dataclass(frozen=True)
class ReviewState:
    """How many claims and relations a debate holds, and how many of them are unreviewed suggestions."""

    debate: str
    claims: int
    relations: int
    suggested_claims: int
    suggested_relations: int


def _suggested(graph: Graph, item: URIRef) -> bool:
    return any((activity, RDF.type, AM.Drafting) in graph for activity in graph.objects(item, PROV.wasGeneratedBy))


def review_states(graph: Graph) -> list[ReviewState]:
    """The :class:`ReviewState` of every debate in ``graph``, by debate id.

    >>> from argmap import load
    >>> review_states(load(["tests/fixtures/mini.yaml"]))
    [ReviewState(debate='mini', claims=5, relations=4, suggested_claims=0, suggested_relations=0)]
    """
    states = []
    for debate in debates_in(graph):
        items = set(graph.subjects(AM.inDebate, debate))
        claims = [i for i in items if (i, RDF.type, AM.Claim) in graph and isinstance(i, URIRef)]
        relations = [i for i in items if (i, RDF.type, AM.Relation) in graph and isinstance(i, URIRef)]
        states.append(ReviewState(
            debate=str(graph.value(debate, AM.localId)), claims=len(claims), relations=len(relations),
            suggested_claims=sum(_suggested(graph, c) for c in claims), suggested_relations=sum(_suggested(graph, r) for r in relations),
        ))
    return sorted(states, key=lambda s: s.debate)


def review_notes(graph: Graph) -> list[str]:
    """One warning per debate that has claims but no relation, or unreviewed suggestions.

    >>> from argmap import load
    >>> review_notes(load(["tests/fixtures/mini.yaml"]))
    []
    """
    notes = []
    for state in review_states(graph):
        if state.claims and not state.relations:
            notes.append(f"debate {state.debate}: {state.claims} claims but no relations: nothing attacks or supports anything yet, "
                         "so every claim stands (add relations, or suggest some with `argmap draft`)")
        if state.suggested_claims or state.suggested_relations:
            notes.append(f"debate {state.debate}: {state.suggested_relations} of {state.relations} relations and {state.suggested_claims} of "
                         f"{state.claims} claims (their stances) are unreviewed suggestions (query unreviewed-suggestions lists them); "
                         "results that rest on them are only as good as the drafting")
    return notes
