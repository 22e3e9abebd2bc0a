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

    The draft scored against itself with its first claim's stance turned round:

    >>> from dataclasses import replace
    >>> from argmap.graph.formats.yaml import read_debate_yaml
    >>> curated, _ = read_debate_yaml("tests/fixtures/drafted.yaml")
    >>> first = replace(curated.claims[0], stance="con" if curated.claims[0].stance == "pro" else "pro")
    >>> score = score_draft(replace(curated, claims=[first, *curated.claims[1:]]), curated)
    >>> score.stance_correct, score.stance_judged, score.relations_found, score.relations_between_drafted
    (10, 11, 31, 31)
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


STANCE_VERDICTS = {("pro", "con"): "flip", ("con", "pro"): "flip", ("pro", None): "no-stance", ("con", None): "no-stance",
                   (None, "pro"): "pro", (None, "con"): "con"}
"""The curation mode's action that takes a drafted stance (first) to the curated one (second); accept when they agree."""


@dataclass
class CurationPlan:
    """What a reader does in the map's curation mode to turn a draft into the curated map, as far as the draft reaches.

    ``merges``: (kept, merged) drafted claims aligned with one curated claim. ``claims``: per drafted
    claim the verdict the walk gives it (``accept``, ``reject``, ``flip``, ``pro``, ``con``,
    ``no-stance``); ``wording``: the curated text of kept claims worded otherwise. ``relations``: per
    drafted relation (``from``, ``type``, ``to``, ends after the merges) the keys the walk presses: ``accept``,
    ``reject``, a relation type (retype) or ``reverse`` then ``accept`` or a type. ``draws``: curated
    relations the draft does not suggest, drawn by picking two claims. ``stances``, ``texts`` and
    ``expected``: the kept claims' curated stance and text and the relations the curated map ends with.
    ``unreachable_claims`` / ``unreachable_relations``: curated claims no drafted claim aligns with, and
    curated relations with such an end (or with both ends on one drafted claim); the page cannot add claims.
    """

    merges: list[tuple[str, str]]
    claims: dict[str, str]
    wording: dict[str, str]
    relations: dict[tuple[str, str, str], list[str]]
    draws: list[tuple[str, str, str]]
    stances: dict[str, str | None]
    texts: dict[str, str]
    expected: set[tuple[str, str, str]]
    unreachable_claims: list[str]
    unreachable_relations: list[tuple[str, str, str]]

    def predicted(self) -> dict[str, int]:
        """How many keys, clicks and typed texts the plan takes (``tests/curating.py`` counts what it performs)."""
        keys = 1 + len(self.claims) + 2 * len(self.wording) + sum(map(len, self.relations.values())) + len(self.draws) + len(self.merges)
        clicks = 2 * (len(self.draws) + len(self.merges))
        return {"keys": keys, "clicks": clicks, "edits": len(self.wording), "total": keys + clicks + len(self.wording)}


Triple = tuple[str, str, str]


def _relation_keys(relations: list[Triple], wanted: set[Triple]) -> tuple[dict[Triple, list[str]], set[Triple]]:
    """The keys the walk presses at each drafted relation (``from``, ``type``, ``to``; in order) to leave
    exactly the ``wanted`` ones, and the wanted relations no drafted one becomes (to be drawn)."""
    todo, steps, suggested = set(wanted), {}, set(relations)
    for key in relations:
        source, kind, target = key
        if key in todo:
            steps[key] = ["accept"]
            todo.discard(key)
            continue
        retype = sorted(t for s, t, g in todo if (s, g) == (source, target) and (source, t, target) not in suggested)
        reverse = sorted(t for s, t, g in todo if (s, g) == (target, source) and (target, t, source) not in suggested)
        if retype:
            steps[key] = [retype[0]]
            todo.discard((source, retype[0], target))
        elif reverse:
            steps[key] = ["reverse", "accept" if reverse[0] == kind else reverse[0]]
            todo.discard((target, reverse[0], source))
        else:
            steps[key] = ["reject"]
    return steps, todo


def curation_plan(draft: Debate, curated: Debate) -> CurationPlan:
    """The curation mode's actions (:class:`CurationPlan`) that make ``draft`` match ``curated`` on the
    claims they share (:func:`align_claims`): each kept claim with its curated stance and wording, the
    curated relations between kept claims with their type and direction, nothing else.

    >>> from argmap.graph.formats.yaml import read_debate_yaml
    >>> drafted, _ = read_debate_yaml("tests/fixtures/drafted.yaml")
    >>> plan = curation_plan(drafted, drafted)
    >>> set(plan.claims.values()), {tuple(s) for s in plan.relations.values()}, plan.draws
    ({'accept'}, {('accept',)}, [])
    """
    aligned = align_claims(draft, curated)
    kept: dict[str, str] = {}
    merges = []
    for claim in draft.claims:
        if claim.id in aligned:
            target = aligned[claim.id]
            if target in kept:
                merges.append((kept[target], claim.id))
            else:
                kept[target] = claim.id
    survivor = {drafted: kept[target] for drafted, target in aligned.items()}
    by_id = {c.id: c for c in curated.claims}
    drafted_by_id = {c.id: c for c in draft.claims}
    claims: dict[str, str] = {}
    wording: dict[str, str] = {}
    stances: dict[str, str | None] = {}
    texts: dict[str, str] = {}
    for target, claim_id in kept.items():
        stance = by_id[target].stance
        claims[claim_id] = STANCE_VERDICTS.get((drafted_by_id[claim_id].stance, stance), "accept")
        stances[claim_id], texts[claim_id] = stance, by_id[target].text
        if drafted_by_id[claim_id].text != by_id[target].text:
            wording[claim_id] = by_id[target].text
    claims.update((c.id, "reject") for c in draft.claims if c.id not in aligned)
    wanted: set[Triple] = set()
    unreachable: list[Triple] = []
    for rel in curated.relations:
        ends = kept.get(rel.source), kept.get(rel.target)
        if ends[0] is None or ends[1] is None or ends[0] == ends[1]:
            unreachable.append((rel.source, rel.type, rel.target))
        else:
            wanted.add((ends[0], rel.type, ends[1]))
    suggested = list(dict.fromkeys((survivor[r.source], r.type, survivor[r.target]) for r in draft.relations
                                   if r.source in survivor and r.target in survivor and survivor[r.source] != survivor[r.target]))
    steps, undrawn = _relation_keys(suggested, wanted)
    return CurationPlan(merges=merges, claims={c.id: claims[c.id] for c in draft.claims if c.id in claims}, wording=wording,
                        relations=steps, draws=sorted(undrawn), stances=stances, texts=texts, expected=wanted,
                        unreachable_claims=[c.id for c in curated.claims if c.id not in kept], unreachable_relations=unreachable)
