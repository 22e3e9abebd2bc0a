"""Candidate relations between claims: each claim's most similar claims on its issue, with a polarity.

Polarity comes from the stances (same stance: ``supports``, opposite: ``attacks``; on the flagship
map this rule gives the curated polarity for 64 of 66 support/attack relations). Undercuts and
rephrases are left to people. Every candidate carries a confidence (the similarity, tempered by how
sure both stances are) and the evidence that produced it.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from argmap.extraction.similarity import shared_terms
from argmap.extraction.stance import StanceSuggestion
from argmap.graph.model import Claim

#: How many candidates each claim proposes.
TOP_K = 5
#: The proximity prior of :func:`relatedness`: weight for the same speaker, for anyone, and its decay in claims.
SAME_SPEAKER_WEIGHT, NEIGHBOUR_WEIGHT, PROXIMITY_DECAY = 0.3, 0.1, 2.0


@dataclass(frozen=True)
class RelationCandidate:
    """A suggested support or attack from ``source`` to ``target`` (claim ids)."""

    source: str
    target: str
    type: str
    confidence: float
    evidence: str


def polarity(first: str | None, second: str | None) -> str | None:
    """``supports`` when two stances agree, ``attacks`` when they differ, None when either is unknown.

    >>> polarity("pro", "pro"), polarity("pro", "con"), polarity(None, "con")
    ('supports', 'attacks', None)
    """
    if first is None or second is None:
        return None
    return "supports" if first == second else "attacks"


def speaker_polarity(first_speaker: str | None, second_speaker: str | None) -> str:
    """The polarity stance propagation gives a relation when each speaker is their own side and
    nothing else is known (a dialogue such as a televised debate): ``supports`` between one
    speaker's claims, ``attacks`` across speakers.

    >>> speaker_polarity("Fiona Bruce", "Fiona Bruce"), speaker_polarity("Fiona Bruce", "Maggie Throup")
    ('supports', 'attacks')
    """
    return "supports" if first_speaker == second_speaker else "attacks"


def relatedness(claims: list[Claim], similarity: np.ndarray) -> np.ndarray:
    """How likely two claims are to be related: their similarity plus a proximity prior.

    A claim most often answers or backs up the claims right before and after it, above all its own
    speaker's (a quote continued after the cue). The prior is ``exp(-(d - 1) / PROXIMITY_DECAY) *
    (SAME_SPEAKER_WEIGHT * same speaker + NEIGHBOUR_WEIGHT)`` for claims ``d`` places apart in the
    article; on the flagship map it nearly doubles the curated relations found among each claim's
    top 5 (bench/RESULTS-draft.md).

    >>> from argmap.graph.model import Locution
    >>> claims = [Claim(f"c{n}", "x", [Locution(who, "s", "x")]) for n, who in enumerate("aab")]
    >>> relatedness(claims, np.zeros((3, 3))).round(2).tolist()
    [[0.0, 0.4, 0.06], [0.4, 0.0, 0.1], [0.06, 0.1, 0.0]]
    """
    order = np.arange(len(claims))
    distance = np.abs(order[:, None] - order[None, :])
    speakers = np.array([c.locutions[0].speaker for c in claims])
    same = speakers[:, None] == speakers[None, :]
    prior = np.exp(-(distance - 1) / PROXIMITY_DECAY) * (SAME_SPEAKER_WEIGHT * same + NEIGHBOUR_WEIGHT)
    np.fill_diagonal(prior, 0.0)
    return similarity + prior


def candidate_relations(
    claims: list[Claim], similarity: np.ndarray, stances: Mapping[str, StanceSuggestion], top_k: int = TOP_K
) -> list[RelationCandidate]:
    """For each claim, its ``top_k`` most related claims on the same issue (:func:`relatedness`), as supports or attacks.

    ``similarity`` holds the claims' pairwise text similarities (rows and columns in ``claims`` order).
    A pair proposed from both ends is kept once, from the later claim to the earlier (a reply
    follows what it answers). Pairs with no relatedness or without a stance on either end are skipped.
    A candidate's type comes from the two stances (:func:`polarity`), its confidence is the
    relatedness (at most 1) times the less sure of the two stances.

    >>> from argmap.graph.model import Locution
    >>> said = [("lee", "Trams cut traffic."), ("ray", "Trams do not cut traffic."), ("lee", "Buses are cheaper.")]
    >>> claims = [Claim(f"c{n}", text, [Locution(who, "s", text)], issue="i") for n, (who, text) in enumerate(said)]
    >>> stances = {"c0": StanceSuggestion("pro", 0.9, "label", ""), "c1": StanceSuggestion("con", 0.8, "label", ""),
    ...            "c2": StanceSuggestion("con", 0.5, "label", "")}
    >>> similarity = np.array([[1, 0.8, 0], [0.8, 1, 0], [0, 0, 1]])
    >>> [(r.source, r.type, r.target, r.confidence) for r in candidate_relations(claims, similarity, stances, top_k=1)]
    [('c1', 'attacks', 'c0', 0.72), ('c2', 'attacks', 'c0', 0.121)]
    """
    seen: dict[frozenset[str], RelationCandidate] = {}
    similarity, text_similarity = relatedness(claims, similarity), similarity
    speaker = {c.id: c.locutions[0].speaker for c in claims}
    for i, claim in enumerate(claims):
        order = [j for j in np.argsort(-similarity[i], kind="stable") if j != i and claims[j].issue == claim.issue]
        for j in order[:top_k]:
            other = claims[int(j)]
            score = float(similarity[i, j])
            kind = polarity(stances[claim.id].stance if claim.id in stances else None, stances[other.id].stance if other.id in stances else None)
            pair = frozenset((claim.id, other.id))
            if score <= 0 or kind is None or pair in seen:
                continue
            later, earlier = (claim, other) if i > j else (other, claim)
            sure = min(stances[claim.id].confidence, stances[other.id].confidence)
            who = "the same speaker" if speaker[claim.id] == speaker[other.id] else "different speakers"
            words = ", ".join(shared_terms(later.text, earlier.text)) or "none"
            evidence = (f"relatedness {score:.2f}: text similarity {float(text_similarity[i, j]):.2f} (shared words: {words}), "
                        f"{abs(i - int(j))} claims apart; stances {stances[later.id].stance}/"
                        f"{stances[earlier.id].stance} by {who}")
            seen[pair] = RelationCandidate(later.id, earlier.id, kind, round(min(1.0, score) * sure, 3), evidence)
    return sorted(seen.values(), key=lambda r: (-r.confidence, r.source, r.target))
