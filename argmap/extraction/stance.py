"""Stances from a few labels: the reviewer marks some speakers or claims pro or con, argmap does the rest.

Propagation follows the structure of the debate, in this order (each claim takes the first that applies):

1. ``label`` — the claim itself was labelled;
2. ``speaker-label`` — its speaker was labelled (people rarely argue both sides of one issue:
   on the flagship map a speaker's claims share its majority stance ~89 % of the time);
3. ``speaker-consistency`` — some of its speaker's other claims were labelled: their majority;
4. ``similarity`` — nothing about its speaker was labelled: the speaker's camp is the side whose
   labelled claims its claims resemble most (TF-IDF cosine, :mod:`argmap.extraction.similarity`),
   summed over all the speaker's claims, and every claim of the speaker takes it (confidence at
   most 0.8: text similarity is a weak witness of stance).

Each result carries a confidence and the evidence it rests on, to be stored as a suggestion.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from argmap.errors import ArgmapError
from argmap.graph.model import Debate

SIGN = {"pro": 1.0, "con": -1.0}
#: How many of the most similar labelled claims vote on an unlabelled claim's side.
NEIGHBOURS = 5


@dataclass(frozen=True)
class StanceSuggestion:
    """A claim's suggested stance, how sure the suggestion is, how it was made and why."""

    stance: str
    confidence: float
    method: str
    evidence: str


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def resolve_labels(debate: Debate, pro: Iterable[str] = (), con: Iterable[str] = ()) -> tuple[dict[str, str], dict[str, str]]:
    """The user's labels as ``(claim id -> stance, speaker id -> stance)``.

    A label names a claim id, or a speaker by id, name or alias (case does not matter); a name
    that matches nothing, or one labelled both pro and con, raises :class:`~argmap.errors.ArgmapError`.

    >>> from argmap.graph.formats.yaml import read_debate_yaml
    >>> debate, _ = read_debate_yaml("tests/fixtures/mini.yaml")
    >>> resolve_labels(debate, pro=["ruiz"], con=["ben-deliveries"])
    ({'ben-deliveries': 'con'}, {'ana': 'pro'})
    """
    speakers: dict[str, str] = {}
    for speaker in debate.speakers:
        for name in (speaker.id, speaker.name, *speaker.aliases):
            speakers.setdefault(_key(name), speaker.id)
    claim_ids = {c.id for c in debate.claims}
    claims: dict[str, str] = {}
    by_speaker: dict[str, str] = {}
    for stance, names in (("pro", pro), ("con", con)):
        for name in names:
            target = claims if name in claim_ids else by_speaker
            key = name if name in claim_ids else speakers.get(_key(name))
            if key is None:
                known = ", ".join(s.name for s in debate.speakers)
                raise ArgmapError(f"--{stance} {name!r}: no claim id nor speaker of that name (speakers: {known})")
            if target.get(key, stance) != stance:
                raise ArgmapError(f"{name!r} is labelled both pro and con")
            target[key] = stance
    return claims, by_speaker


def _speaker_of(debate: Debate) -> dict[str, str]:
    return {c.id: c.locutions[0].speaker for c in debate.claims}


def propagate_stances(
    debate: Debate, claim_labels: Mapping[str, str], speaker_labels: Mapping[str, str], similarity: np.ndarray
) -> dict[str, StanceSuggestion]:
    """A stance for every claim of ``debate`` (by id), propagated from the labels as the module says.

    ``similarity`` is the claims' pairwise similarity, rows and columns in ``debate.claims`` order.
    Without any label no stance can be propagated and the result is empty.
    """
    speaker_of = _speaker_of(debate)
    index = {c.id: i for i, c in enumerate(debate.claims)}
    names = {s.id: s.name for s in debate.speakers}
    result: dict[str, StanceSuggestion] = {}
    labelled_by_speaker: dict[str, Counter[str]] = {}
    for claim_id, label in claim_labels.items():
        result[claim_id] = StanceSuggestion(label, 1.0, "label", "labelled by the reviewer")
        labelled_by_speaker.setdefault(speaker_of[claim_id], Counter())[label] += 1
    for claim in debate.claims:
        if claim.id in result:
            continue
        speaker = speaker_of[claim.id]
        if speaker in speaker_labels:
            result[claim.id] = StanceSuggestion(speaker_labels[speaker], 0.9, "speaker-label", f"{names.get(speaker, speaker)} was labelled {speaker_labels[speaker]}")
        elif speaker in labelled_by_speaker:
            counts = labelled_by_speaker[speaker]
            majority, count = counts.most_common(1)[0]
            result[claim.id] = StanceSuggestion(majority, round(0.5 + 0.4 * count / sum(counts.values()), 3), "speaker-consistency",
                                                f"{count} of {sum(counts.values())} labelled claims of {names.get(speaker, speaker)} are {majority}")
    labelled = [(index[cid], SIGN[s.stance]) for cid, s in result.items()]
    if not labelled:
        return result
    rows = np.array([i for i, _ in labelled])
    signs = np.array([sign for _, sign in labelled])
    unresolved: dict[str, list[int]] = {}
    for claim in debate.claims:
        if claim.id not in result:
            unresolved.setdefault(speaker_of[claim.id], []).append(index[claim.id])
    for speaker, claim_rows in unresolved.items():
        votes = np.array([similarity_vote(similarity[row, rows], signs) for row in claim_rows])
        lean = float(votes.sum())
        stance = "pro" if lean >= 0 else "con"
        share = float(np.abs(votes).sum())
        confidence = round(0.5 + 0.3 * abs(lean) / share, 3) if share else 0.5
        evidence = f"{names.get(speaker, speaker)}'s claims resemble {stance} claims more (vote {lean:+.2f} over {len(claim_rows)} claims)"
        for row in claim_rows:
            result[debate.claims[row].id] = StanceSuggestion(stance, confidence, "similarity", evidence)
    return result


def similarity_vote(similarities: np.ndarray, signs: np.ndarray) -> float:
    """How much more a claim resembles the pro labels than the con labels: the mean similarity of
    its :data:`NEIGHBOURS` nearest pro-labelled claims minus that of its nearest con-labelled ones
    (each side's own neighbours, so the side with more labels gets no more votes).

    >>> similarity_vote(np.array([0.9, 0.1, 0.2]), np.array([1.0, -1.0, -1.0]))
    0.75
    """
    sides = []
    for sign in (1.0, -1.0):
        side = np.sort(similarities[signs == sign])[::-1][:NEIGHBOURS]
        sides.append(float(side.mean()) if side.size else 0.0)
    return sides[0] - sides[1]
