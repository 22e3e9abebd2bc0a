"""How close a drafted map comes to a curated one: claims aligned by their quotes, then stances and
relations scored on the aligned claims.

A drafted claim is aligned with the curated claim whose locutions overlap its own the most
(character offsets into the same source text), so the scores need no agreement on wording.
"""
from __future__ import annotations

from dataclasses import dataclass

from argmap.graph.model import Claim, Debate

SIGNED_TYPES = {"supports": 1, "attacks": -1}


def _spans(claim: Claim) -> list[tuple[int, int]]:
    return [(loc.start, loc.end) for loc in claim.locutions if loc.start is not None and loc.end is not None]


def _overlap(first: Claim, second: Claim) -> int:
    return sum(max(0, min(a_end, b_end) - max(a_start, b_start)) for a_start, a_end in _spans(first) for b_start, b_end in _spans(second))


def align_claims(draft: Debate, curated: Debate) -> dict[str, str]:
    """Drafted claim id -> the curated claim id whose quotes overlap it most (claims with no overlap left out).

    >>> from argmap.graph.formats.yaml import read_debate_yaml
    >>> curated, _ = read_debate_yaml("tests/fixtures/mini.yaml")
    >>> align_claims(curated, curated) == {c.id: c.id for c in curated.claims if c.locutions[0].start is not None}
    True
    """
    aligned = {}
    for claim in draft.claims:
        best = max(curated.claims, key=lambda c: _overlap(claim, c), default=None)
        if best is not None and _overlap(claim, best) > 0:
            aligned[claim.id] = best.id
    return aligned


@dataclass
class DraftScore:
    """A drafted map scored against a curated one (see :func:`score_draft`)."""

    aligned_claims: int
    curated_claims: int
    stance_judged: int
    stance_correct: int
    relations_between_drafted: int
    relations_found: int
    polarity_correct: int

    @property
    def stance_accuracy(self) -> float:
        """Share of aligned claims with a curated stance whose drafted stance is the curated one."""
        return self.stance_correct / self.stance_judged if self.stance_judged else 0.0

    @property
    def relation_recall(self) -> float:
        """Share of curated supports/attacks between drafted claims that the draft suggests."""
        return self.relations_found / self.relations_between_drafted if self.relations_between_drafted else 0.0

    @property
    def polarity_accuracy(self) -> float:
        """Share of the found relations whose suggested polarity (support or attack) is the curated one."""
        return self.polarity_correct / self.relations_found if self.relations_found else 0.0


def score_draft(draft: Debate, curated: Debate) -> DraftScore:
    """Score a drafted map against a curated one on the claims they share.

    Stance: every aligned claim whose curated claim has a stance. Relations: every curated
    ``supports`` or ``attacks`` whose two ends are aligned with two different drafted claims; it is
    found when the draft suggests a support or attack between those drafted claims (either
    direction), and its polarity is right when the suggestion has the curated type.
    """
    aligned = align_claims(draft, curated)
    curated_by_id = {c.id: c for c in curated.claims}
    judged = [(c, curated_by_id[aligned[c.id]]) for c in draft.claims if c.id in aligned and curated_by_id[aligned[c.id]].stance]
    drafted_of: dict[str, list[str]] = {}
    for drafted, curated_id in aligned.items():
        drafted_of.setdefault(curated_id, []).append(drafted)
    suggested = {frozenset((r.source, r.target)): r.type for r in draft.relations if r.type in SIGNED_TYPES}
    between = found = right = 0
    for relation in curated.relations:
        if relation.type not in SIGNED_TYPES or relation.source not in drafted_of or relation.target not in drafted_of:
            continue
        pairs = [frozenset((a, b)) for a in drafted_of[relation.source] for b in drafted_of[relation.target] if a != b]
        if not pairs:
            continue
        between += 1
        types = [suggested[p] for p in pairs if p in suggested]
        if types:
            found += 1
            right += relation.type in types
    return DraftScore(
        aligned_claims=len(set(aligned.values())), curated_claims=len(curated.claims), stance_judged=len(judged),
        stance_correct=sum(d.stance == c.stance for d, c in judged), relations_between_drafted=between,
        relations_found=found, polarity_correct=right,
    )
