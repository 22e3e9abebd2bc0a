"""What a reader should know before trusting a debate's analysis: is it argued yet, and reviewed?

A draft straight out of ``argmap extract`` relates no claim to any other, so every claim is IN and
the balance is perfect; one out of ``argmap draft`` rests on machine suggestions
(``prov:wasGeneratedBy`` an ``am:Drafting`` activity) until a person reviews them.
:func:`review_notes` says both, one sentence per debate, for ``validate`` and ``analyze`` to print.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from argmap.analysis.projection import debates_of
from argmap.analysis.triples import Source, column, triples_of
from argmap.graph.rdf import AM


@dataclass(frozen=True)
class ReviewState:
    """How many claims and relations a debate holds, and how many of them are unreviewed suggestions."""

    debate: str
    claims: int
    relations: int
    suggested_claims: int
    suggested_relations: int


def review_states(graph: Source) -> list[ReviewState]:
    """The :class:`ReviewState` of every debate in ``graph`` (an rdflib graph or a store), by debate id.

    >>> from argmap import load
    >>> review_states(load(["tests/fixtures/mini.yaml"]))
    [ReviewState(debate='mini', claims=5, relations=4, suggested_claims=0, suggested_relations=0)]
    """
    triples = triples_of(graph)
    claims, relations = set(triples.instances(AM.Claim)), set(triples.instances(AM.Relation))
    drafting = set(triples.instances(AM.Drafting))
    suggested = {item for item, activity in triples.pairs(PROV.wasGeneratedBy) if activity in drafting}
    items: dict[Node, list[Node]] = defaultdict(list)
    for item, debate in triples.pairs(AM.inDebate):
        if isinstance(item, URIRef):
            items[debate].append(item)
    local = column(triples, AM.localId)
    states = []
    for debate in debates_of(triples):
        in_debate = set(items[debate])
        states.append(ReviewState(
            debate=str(local.get(debate)), claims=len(in_debate & claims), relations=len(in_debate & relations),
            suggested_claims=len(in_debate & claims & suggested), suggested_relations=len(in_debate & relations & suggested),
        ))
    return sorted(states, key=lambda s: s.debate)


#: Above this many debates with the same note, the notes are gathered into one line.
NOTES_PER_KIND = 3


def review_notes(graph: Source) -> list[str]:
    """One warning per debate that has claims but no relation, or unreviewed suggestions; above
    :data:`NOTES_PER_KIND` debates with the same warning (a corpus), one line that counts them.

    >>> from argmap import load
    >>> review_notes(load(["tests/fixtures/mini.yaml"]))
    []
    """
    unrelated, suggested = [], []
    for state in review_states(graph):
        if state.claims and not state.relations:
            unrelated.append(f"debate {state.debate}: {state.claims} claims but no relations: nothing attacks or supports anything yet, "
                             "so every claim stands (add relations, or suggest some with `argmap draft`)")
        if state.suggested_claims or state.suggested_relations:
            suggested.append(f"debate {state.debate}: {state.suggested_relations} of {state.relations} relations and {state.suggested_claims} of "
                             f"{state.claims} claims (their stances) are unreviewed suggestions (query unreviewed-suggestions lists them); "
                             "results that rest on them are only as good as the drafting")
    return _gathered(unrelated, "have claims but no relations, so all their claims stand") + \
        _gathered(suggested, "rest on unreviewed suggestions (query unreviewed-suggestions lists them)")


def _gathered(notes: list[str], what: str) -> list[str]:
    if len(notes) <= NOTES_PER_KIND:
        return notes
    examples = ", ".join(note.split(":")[0].removeprefix("debate ") for note in notes[:NOTES_PER_KIND])
    return [f"{len(notes)} debates {what} ({examples}, …)"]
