"""Stances from a few labels: the reviewer marks some speakers or claims pro or con, argmap does the rest.

Propagation follows the structure of the debate, in this order (each claim takes the first that applies):

1. ``label`` — the claim itself was labelled;
2. ``speaker-label`` — its speaker was labelled (people rarely argue both sides of one issue:
   on the flagship map a speaker's claims share its majority stance ~89 % of the time);
3. ``speaker-consistency`` — some of its speaker's other claims were labelled: their majority;
4. nothing about its speaker was labelled: each of the speaker's claims gets a *lean* (positive:
   pro) from the labelled claims, the leans are summed over the speaker's claims, and every claim of
   the speaker takes the sign (confidence at most 0.8: text is a weak witness of stance). The lean
   comes from one of :data:`STANCE_METHODS`:

   * ``vote`` (method ``similarity``, the default): :func:`similarity_vote`, how much more the claim
     resembles its nearest pro-labelled claims than its nearest con-labelled ones;
   * ``spread`` (method ``spreading``): :func:`spread_labels`, label spreading over a graph of the
     claims (nearest neighbours by similarity, and one speaker's claims tied together);
   * ``classifier``: :func:`classifier_leans`, a logistic regression learned from this debate's
     labelled claims alone (scikit-learn, ``argmap[learn]``).

   Similarity is TF-IDF or, with ``argmap[embed]``, a packaged embedding model
   (:mod:`argmap.extraction.similarity`).

   With the article's narration (:mod:`argmap.extraction.narration`: how the journalist introduces
   each quote, "X warned" against "X praises"), the side also weighs the speaker's narration
   score. Its orientation (does alarm mean pro or con here?) is learned from the labelled
   speakers (:func:`~argmap.extraction.narration.orientation`); when they give none, nothing
   changes. The connectives between consecutive quoted speakers ("But X ...", "X agrees") add
   votes: +1 for each transition putting the speaker on a pro speaker's side (or against a con
   speaker), -1 for the reverse, counting only transitions to or from a labelled speaker. The
   speaker's side is then the sign of ``tanh(orientation × narration score) + tanh(connective votes) +
   TEXT_WEIGHT × text lean`` (text lean: the summed lean over its absolute sum, in [-1, 1]): one
   clear cue outweighs the text, which held-out debates show to be a weak witness of an
   unlabelled speaker's side. These weights were fixed before measuring on any article.

Each result carries a confidence and the evidence it rests on, to be stored as a suggestion.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from argmap.errors import ArgmapError
from argmap.extraction.narration import Narration, Transition, orientation, speaker_narration
from argmap.graph.model import Debate

SIGN = {"pro": 1.0, "con": -1.0}
#: How many of the most similar labelled claims vote on an unlabelled claim's side.
NEIGHBOURS = 5
#: How an unlabelled speaker's side is guessed from the labelled claims (see the module's step 4).
STANCE_METHODS = ("vote", "spread", "classifier")
#: The suggestion ``method`` each of :data:`STANCE_METHODS` records.
METHOD_NAMES = {"vote": "similarity", "spread": "spreading", "classifier": "classifier"}
#: Label spreading: how much a claim takes from its neighbours rather than its own label (alpha of Zhou et al. 2004).
SPREAD_ALPHA = 0.8
#: How much the text lean counts beside the narration prior (which counts 1, through tanh of its score).
TEXT_WEIGHT = 0.5


@dataclass(frozen=True)
class StanceSuggestion:
    """A claim's suggested stance, how sure the suggestion is, how it was made and why."""

    stance: str
    confidence: float
    method: str
    evidence: str


#: A claim's stance taken from its speaker's label: the suggestion's method and confidence (the curation
#: page gives a speaker's side in the page the same way: argmap.exports.map.curation passes them on).
SPEAKER_LABEL_METHOD, SPEAKER_LABEL_CONFIDENCE = "speaker-label", 0.9
#: A claim labelled itself; a claim whose speaker has other claims labelled (their majority).
LABEL_METHOD, CONSISTENCY_METHOD = "label", "speaker-consistency"
#: The methods whose stance comes from the reviewer's labels; every other one is guessed.
LABELLED_METHODS = frozenset({LABEL_METHOD, SPEAKER_LABEL_METHOD, CONSISTENCY_METHOD})


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
    debate: Debate, claim_labels: Mapping[str, str], speaker_labels: Mapping[str, str], similarity: np.ndarray,
    method: str = "vote", vectors: np.ndarray | None = None, narration: Mapping[str, Narration] | None = None,
    transitions: Mapping[str, Transition] | None = None,
) -> dict[str, StanceSuggestion]:
    """A stance for every claim of ``debate`` (by id), propagated from the labels as the module says.

    ``similarity`` is the claims' pairwise similarity, rows and columns in ``debate.claims`` order;
    ``method`` one of :data:`STANCE_METHODS`; ``vectors`` the claims' feature vectors (rows in the
    same order) the ``classifier`` learns from (default: ``similarity``'s rows); ``narration`` the
    claims' narration scores (:func:`argmap.extraction.narration.claim_narration`, by claim id) and
    ``transitions`` the connectives from one quoted speaker to the next
    (:func:`argmap.extraction.narration.claim_transitions`), priors for the speakers nobody
    labelled. Without any label no stance can be propagated and
    the result is empty.

    >>> from argmap.graph.model import Claim, Locution
    >>> claims = [Claim(id=f"c{n}", text=t, locutions=[Locution(s, "a", t)]) for n, (s, t) in
    ...           enumerate([("lee", "AI takes jobs"), ("ray", "AI frees artists"), ("kim", "AI frees jobs")])]
    >>> debate = Debate(id="d", title="d", claims=claims)
    >>> similarity = np.array([[1, 0, .5], [0, 1, .5], [.5, .5, 1]])
    >>> labels = {"lee": "con", "ray": "pro"}
    >>> propagate_stances(debate, {}, labels, similarity)["c2"].stance
    'pro'
    >>> told = {"c0": Narration(-1, ("warned",)), "c2": Narration(-1, ("fears",))}
    >>> guess = propagate_stances(debate, {}, labels, similarity, narration=told)["c2"]
    >>> guess.stance, guess.evidence
    ('con', 'narration: "fears" (alarm; the labelled speakers tie alarm to con); text vote +0.00 over 1 claims')
    >>> turns = {"c2": Transition("ray", "other", "But")}
    >>> propagate_stances(debate, {}, labels, similarity, transitions=turns)["c2"].evidence
    'connective: "But" after ray (other side); text vote +0.00 over 1 claims'
    """
    if method not in STANCE_METHODS:
        raise ArgmapError(f"unknown stance method {method!r}: one of {', '.join(STANCE_METHODS)}")
    speaker_of = _speaker_of(debate)
    index = {c.id: i for i, c in enumerate(debate.claims)}
    names = {s.id: s.name for s in debate.speakers}
    result: dict[str, StanceSuggestion] = {}
    labelled_by_speaker: dict[str, Counter[str]] = {}
    for claim_id, label in claim_labels.items():
        result[claim_id] = StanceSuggestion(label, 1.0, LABEL_METHOD, "labelled by the reviewer")
        labelled_by_speaker.setdefault(speaker_of[claim_id], Counter())[label] += 1
    for claim in debate.claims:
        if claim.id in result:
            continue
        speaker = speaker_of[claim.id]
        if speaker in speaker_labels:
            result[claim.id] = StanceSuggestion(speaker_labels[speaker], SPEAKER_LABEL_CONFIDENCE, SPEAKER_LABEL_METHOD,
                                                f"{names.get(speaker, speaker)} was labelled {speaker_labels[speaker]}")
        elif speaker in labelled_by_speaker:
            counts = labelled_by_speaker[speaker]
            majority, count = counts.most_common(1)[0]
            result[claim.id] = StanceSuggestion(majority, round(0.5 + 0.4 * count / sum(counts.values()), 3), CONSISTENCY_METHOD,
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
    if not unresolved:
        return result
    groups = np.array([speaker_of[c.id] for c in debate.claims])
    leans = claim_leans(similarity, rows, signs, method, groups=groups, vectors=vectors)
    sides = {**{s: c.most_common(1)[0][0] for s, c in labelled_by_speaker.items()}, **speaker_labels}
    told = speaker_narration(narration or {}, speaker_of)
    oriented = orientation({s: n.score for s, n in told.items()}, sides)
    links = _connective_votes(transitions or {}, speaker_of, sides, names)
    for speaker, claim_rows in unresolved.items():
        votes = leans[claim_rows]
        suggestion = _unlabelled_side(names.get(speaker, speaker), float(votes.sum()), float(np.abs(votes).sum()), len(claim_rows), method,
                                      oriented, told.get(speaker, Narration(0, ())), links.get(speaker, (0, [])))
        for row in claim_rows:
            result[debate.claims[row].id] = suggestion
    return result


def _connective_votes(transitions: Mapping[str, Transition], speaker_of: Mapping[str, str], sides: Mapping[str, str],
                      names: Mapping[str, str]) -> dict[str, tuple[int, list[str]]]:
    """Each speaker's side votes from transitions to or from a labelled speaker (+1 towards pro), with the evidence."""
    votes: dict[str, tuple[int, list[str]]] = {}
    for claim_id, turn in transitions.items():
        keep = 1 if turn.relation == "same" else -1
        for speaker, other in ((speaker_of[claim_id], turn.previous), (turn.previous, speaker_of[claim_id])):
            if speaker not in sides and other in sides:
                vote, why = votes.get(speaker, (0, []))
                where = "after" if other == turn.previous else "before"
                votes[speaker] = (vote + keep * int(SIGN[sides[other]]),
                                  [*why, f'"{turn.cue}" {where} {names.get(other, other)} ({turn.relation} side)'])
    return votes


def _unlabelled_side(name: str, lean: float, share: float, count: int, method: str, oriented: int, told: Narration,
                     links: tuple[int, list[str]]) -> StanceSuggestion:
    """The side of an unlabelled speaker from its claims' summed text ``lean`` (absolute sum ``share``)
    and, when they speak, its narration cues (oriented) and connective votes (see the module)."""
    attitude = oriented * told.score
    if not attitude and not links[0]:
        stance = "pro" if lean >= 0 else "con"
        why = f"resemble {stance} claims more (vote" if method == "vote" else f"lean {stance} ({METHOD_NAMES[method]}"
        return StanceSuggestion(stance, round(0.5 + 0.3 * abs(lean) / share, 3) if share else 0.5, METHOD_NAMES[method],
                                f"{name}'s claims {why} {lean:+.2f} over {count} claims)")
    combined = float(np.tanh(attitude) + np.tanh(links[0])) + TEXT_WEIGHT * (lean / share if share else 0.0)
    said = []
    if attitude:
        mood = "enthusiasm" if told.score > 0 else "alarm"
        cues = ", ".join(f'"{c}"' for c in dict.fromkeys(told.cues))
        said.append(f"narration: {cues} ({mood}; the labelled speakers tie {mood} to {'pro' if attitude > 0 else 'con'})")
    if links[0]:
        said.append(f"connective: {', '.join(dict.fromkeys(links[1]))}")
    return StanceSuggestion("pro" if combined >= 0 else "con", round(0.5 + 0.3 * min(1.0, abs(combined) / (1 + TEXT_WEIGHT)), 3),
                            f"narration+{METHOD_NAMES[method]}", f"{'; '.join(said)}; text vote {lean:+.2f} over {count} claims")


def claim_leans(similarity: np.ndarray, rows: np.ndarray, signs: np.ndarray, method: str = "vote",
                groups: np.ndarray | None = None, vectors: np.ndarray | None = None) -> np.ndarray:
    """Every claim's lean towards pro (positive) or con (negative) from the labelled claims ``rows``
    (their ``signs``: +1 pro, -1 con), by ``method`` (one of :data:`STANCE_METHODS`).

    ``groups`` (optional) names each claim's speaker, for ``spread``; ``vectors`` are the features
    the ``classifier`` learns from (default: the rows of ``similarity``).

    >>> similarity = np.array([[1.0, 0.0, 0.9], [0.0, 1.0, 0.1], [0.9, 0.1, 1.0]])
    >>> [float(np.sign(v)) for v in claim_leans(similarity, np.array([0, 1]), np.array([1.0, -1.0]))]
    [1.0, -1.0, 1.0]
    """
    if method == "vote":
        return np.array([similarity_vote(similarity[row, rows], signs) for row in range(len(similarity))])
    if method == "spread":
        return spread_labels(similarity, rows, signs, groups)
    if method == "classifier":
        return classifier_leans(similarity if vectors is None else vectors, rows, signs)
    raise ArgmapError(f"unknown stance method {method!r}: one of {', '.join(STANCE_METHODS)}")


def spread_labels(similarity: np.ndarray, rows: np.ndarray, signs: np.ndarray, groups: np.ndarray | None = None,
                  neighbours: int = NEIGHBOURS, alpha: float = SPREAD_ALPHA) -> np.ndarray:
    """Label spreading (Zhou et al. 2004, "Learning with Local and Global Consistency") over a claim graph.

    The graph joins each claim to its ``neighbours`` most similar claims (edge weight: their
    similarity, made symmetric) and the claims of one group (speaker) to each other (total weight 1
    per claim). With ``S = D^-1/2 W D^-1/2`` the scores are ``F = (I - alpha S)^-1 Y``, where ``Y``
    holds the labels, each side's column scaled to sum 1 so that the side with more labels does not
    win by number (class mass normalisation). The lean is ``F_pro - F_con``.

    >>> similarity = np.array([[1, .8, 0, 0], [.8, 1, .1, 0], [0, .1, 1, .7], [0, 0, .7, 1]])
    >>> [float(np.sign(v)) for v in spread_labels(similarity, np.array([0, 3]), np.array([1.0, -1.0]), neighbours=1)]
    [1.0, 1.0, -1.0, -1.0]
    """
    n = len(similarity)
    candidates = np.where(np.eye(n, dtype=bool), -np.inf, similarity)
    weights = np.zeros((n, n))
    for row in range(n):
        for column in np.argsort(-candidates[row], kind="stable")[:neighbours]:
            weights[row, column] = max(float(similarity[row, column]), 0.0)
    weights = np.maximum(weights, weights.T)
    if groups is not None:
        same = (groups[:, None] == groups[None, :]).astype(float)
        np.fill_diagonal(same, 0.0)
        weights += same / np.maximum(same.sum(axis=1, keepdims=True), 1.0)
    degree = weights.sum(axis=1)
    scale = 1.0 / np.sqrt(np.where(degree > 0, degree, 1.0))
    normalised = scale[:, None] * weights * scale[None, :]
    seeds = np.zeros((n, 2))
    for row, sign in zip(rows, signs):
        seeds[row, 0 if sign > 0 else 1] = 1.0
    seeds /= np.maximum(seeds.sum(axis=0, keepdims=True), 1.0)
    scores = np.linalg.solve(np.eye(n) - alpha * normalised, seeds)
    return scores[:, 0] - scores[:, 1]


def classifier_leans(vectors: np.ndarray, rows: np.ndarray, signs: np.ndarray) -> np.ndarray:
    """A per-debate classifier: logistic regression (scikit-learn, L2, C=1, classes weighted by
    their inverse frequency) learned from the labelled rows of ``vectors`` alone; the lean is its
    decision function (log-odds of pro) on every row. With labels of one side only, every claim
    leans that way.

    Raises :class:`~argmap.errors.ArgmapError` naming the extra when scikit-learn is not installed.

    >>> vectors = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.2, 0.8]])
    >>> [float(np.sign(v)) for v in classifier_leans(vectors, np.array([0, 2]), np.array([1.0, -1.0]))]
    [1.0, 1.0, -1.0, -1.0]
    """
    if len(set(signs.tolist())) < 2:
        return np.full(len(vectors), float(signs[0]) if len(signs) else 0.0)
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError as error:
        raise ArgmapError("the per-debate classifier needs scikit-learn: pip install 'argmap[learn]', or use --stance-method vote") from error
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000).fit(vectors[rows], signs)
    return np.asarray(model.decision_function(vectors), dtype=float)


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
