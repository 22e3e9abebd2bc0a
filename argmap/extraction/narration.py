"""How the journalist introduces a speaker: an "alarm vs enthusiasm" score from the narration around each quote.

A news article rarely says which side a speaker is on, but its narration often shows it: the
reporting verb (``X warned``, ``X praises``) and the words that describe the speaker's attitude
(``X is skeptical``, ``X is optimistic``). Text similarity cannot see this (a rebuttal uses the
other side's words), so :mod:`argmap.extraction.stance` uses this score as a prior for the speakers
nobody labelled.

The lexicon (:data:`ALARM`, :data:`ENTHUSIASM`) follows the evaluative categories of reporting
verbs of Thompson & Ye (1991, "Evaluation in the reporting verbs used in academic papers",
*Applied Linguistics* 12(4)) — the reported author's *negative/critical* stance (``object``,
``criticise``, ``dispute``) against the *positive* one (``accept``, ``support``, ``advocate``) — and
Hyland's (2002, "Activity and evaluation: reporting practices in academic writing") *critical*
and *tentative* discourse acts against his *supportive* ones, extended with the affect words
news writing uses for the same attitudes (Bednarek 2008, *Emotion talk across corpora*: fear,
worry, concern against hope, excitement, enthusiasm). The word lists are written here once,
from those categories, not from any article. Neutral reporting verbs (``say``, ``add``, ``note``,
``explain``) and words whose evaluative sense is rare in narration (``question``, ``challenge``,
``support``) are left out on purpose.

The score of a quote is the number of enthusiasm words minus the number of alarm words in its
*narration*: the sentence(s) the quote lies in, and the sentence before it when that one holds no
quotation (news writing often introduces a quote in the sentence before it), with every quoted
span and every extracted locution masked (they are the speakers' words, not the journalist's).
A negation (``not``, ``never``, ``n't``, ``no``) up to three words before a cue word flips it
("is not worried" is not alarm).

Which side alarm stands for depends on the issue ("warning" is con for "Is AI good?" and pro for
"Should AI be banned?"): :func:`orientation` learns it from the labelled speakers.

A second, orientation-free signal is how the narration passes from one quoted speaker to the next
(:func:`claim_transitions`): a *contrast* connective (the Comparison.Contrast and Concession senses
of the Penn Discourse Treebank, Prasad et al. 2008: "But", "However", "Yet", "By contrast", "On the
other hand", "Instead") or a phrase of dissent ("others disagree", "not everyone", "counters",
"pushes back") puts the new speaker on the other side of the previous one; a phrase of agreement
("agrees", "echoes", "concurs", "similarly", "likewise", ", too") on the same side. Connectives
that only add a point ("also", "in addition") say nothing about sides and are left out.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from argmap.graph.model import Debate

#: Which narration signals ``argmap draft --narration`` uses: none, the attitude words, the connectives, or both.
NARRATION_SIGNALS = ("none", "attitude", "connectives", "both")

#: The reported speaker's negative, critical or fearful attitude (lemmas; inflections are matched by :func:`lemma_candidates`).
ALARM = frozenset({
    # critical / counter reporting verbs (Thompson & Ye 1991; Hyland 2002)
    "warn", "caution", "criticise", "criticize", "critic", "criticism", "object", "oppose", "opponent", "protest",
    "complain", "lament", "decry", "condemn", "denounce", "dismiss", "reject", "doubt", "doubtful", "dispute", "refute",
    "bemoan", "deplore", "attack", "blast", "slam", "resist", "sceptic", "skeptic", "sceptical", "skeptical",
    # negative affect (Bednarek 2008)
    "fear", "fearful", "afraid", "worry", "worried", "concern", "concerned", "anxious", "anxiety", "alarm", "alarmed",
    "wary", "uneasy", "troubled", "pessimistic", "fret", "dread", "frustrated", "angry", "unconvinced",
})
#: The reported speaker's positive, supportive or hopeful attitude.
ENTHUSIASM = frozenset({
    # positive / supportive reporting verbs (Thompson & Ye 1991; Hyland 2002)
    "praise", "welcome", "embrace", "celebrate", "champion", "hail", "applaud", "endorse", "advocate", "proponent",
    "laud", "extol", "tout", "enthuse", "cheer", "defend", "supporter", "evangelist", "booster",
    # positive affect (Bednarek 2008)
    "optimistic", "optimism", "excited", "excitement", "enthusiastic", "enthusiasm", "hopeful", "hope", "eager",
    "thrilled", "delighted", "upbeat", "bullish", "keen", "confident", "convinced", "embolden", "inspired",
})
#: Words that flip a cue word up to :data:`NEGATION_WINDOW` words after them.
NEGATIONS = frozenset({"not", "never", "no", "nor", "hardly", "n't"})
NEGATION_WINDOW = 3

#: Narration that puts a quote's speaker on the other side of the previous quote's speaker (sentence-initial connectives or dissent anywhere).
CONTRAST = re.compile(
    r"(?:^|[.!?]\s+)(?:but|however|yet|still|instead|conversely|by contrast|in contrast|on the other hand)\b"
    r"|\b(?:others?|many|some) (?:disagree|differ|see it differently)|\bnot (?:everyone|everybody|all)\b"
    r"|\b(?:disagree[sd]?|counter(?:s|ed)?|push(?:es|ed)? back|takes? issue|took issue|rebut(?:s|ted)?|unlike)\b", re.I)
#: Narration that puts a quote's speaker on the same side as the previous quote's speaker.
AGREEMENT = re.compile(r"\b(?:agree[sd]?|echo(?:es|ed)?|concur(?:s|red)?|similarly|likewise|in the same vein)\b|,\s*too\b", re.I)

_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
_WORD = re.compile(r"[a-z]+(?:n't)?|n't")
_SENTENCE_END = re.compile(r"[.!?][”\"’)]*\s+(?![a-z])|\n\s*\n")


@dataclass(frozen=True)
class Transition:
    """How the narration passes to a claim from the previous quote's speaker ``previous``:
    ``relation`` ``same`` or ``other`` side, on the strength of the connective ``cue`` (as written)."""

    previous: str
    relation: str
    cue: str


@dataclass(frozen=True)
class Narration:
    """The narration score of one claim: enthusiasm minus alarm words, and the cue words found (as written)."""

    score: int
    cues: tuple[str, ...]


def lemma_candidates(word: str) -> set[str]:
    """The lemmas an inflected lower-case ``word`` may come from (a few English suffix rules, no dictionary).

    >>> sorted(lemma_candidates("worries"))
    ['worri', 'worrie', 'worries', 'worry']
    >>> "praise" in lemma_candidates("praised"), "critic" in lemma_candidates("critics")
    (True, True)
    """
    found = {word}
    for suffix, replacements in (("ies", ("y",)), ("ied", ("y",)), ("es", ("", "e")), ("s", ("",)), ("ed", ("", "e")),
                                 ("d", ("",)), ("ing", ("", "e")), ("ly", ("",))):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            found.update(word[: -len(suffix)] + r for r in replacements)
    return found


def cue_sign(word: str) -> int:
    """+1 for an enthusiasm word, -1 for an alarm word, 0 otherwise (lower-case ``word``, any inflection).

    >>> cue_sign("warned"), cue_sign("praises"), cue_sign("said")
    (-1, 1, 0)
    """
    lemmas = lemma_candidates(word)
    if lemmas & ALARM:
        return -1
    if lemmas & ENTHUSIASM:
        return 1
    return 0


def score_text(narration: str) -> Narration:
    """The enthusiasm-minus-alarm score of a stretch of narration, negations flipping the cue after them.

    >>> score_text("Lee warned, and critics agree")
    Narration(score=-2, cues=('warned', 'critics'))
    >>> score_text("Lee is not worried; she is optimistic")
    Narration(score=2, cues=('not worried', 'optimistic'))
    >>> score_text("Lee said")
    Narration(score=0, cues=())
    """
    words = _WORD.findall(narration.lower().replace("’", "'"))
    score, cues = 0, []
    for n, word in enumerate(words):
        sign = cue_sign(word)
        if not sign:
            continue
        negated = any(w in NEGATIONS for w in words[max(0, n - NEGATION_WINDOW) : n])
        score += -sign if negated else sign
        cues.append(f"not {word}" if negated else word)
    return Narration(score, tuple(cues))


def _masked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with its quoted passages and the given spans blanked (offsets kept)."""
    chars = list(_QUOTED.sub(lambda m: " " * len(m.group()), text))
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of ``text``'s sentences (a full stop, ``!`` or ``?`` then space, or a blank line, ends one, unless a lower-case word follows: “Yes!” she said.).

    >>> sentence_bounds("Lee spoke. “Yes!” she said.")
    [(0, 11), (11, 27)]
    """
    bounds, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        bounds.append((start, match.end()))
        start = match.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def narration_window(masked: str, bounds: list[tuple[int, int]], start: int, end: int, previous: bool) -> str:
    """The journalist's words around the quote at ``[start, end)``: the sentence(s) it lies in, and
    the sentence before when ``previous``; ``masked`` is the article with the speakers' words
    blanked, ``bounds`` its :func:`sentence_bounds`.

    >>> text = 'Lee is worried. “AI takes our jobs,” she said. Then lunch.'
    >>> " ".join(narration_window(_masked(text, ()), sentence_bounds(text), 17, 34, True).split())
    'Lee is worried. she said.'
    """
    inside = [n for n, (a, b) in enumerate(bounds) if a < end and b > start]
    if not inside:
        return ""
    first = inside[0] - 1 if previous and inside[0] > 0 else inside[0]
    return masked[bounds[first][0] : bounds[inside[-1]][1]]


def claim_narration(debate: Debate, text: str) -> dict[str, Narration]:
    """Each claim's narration score (by claim id) from ``text``, the article the debate's offsets point into.

    A locution's narration is :func:`narration_window` with every locution of the debate and every
    quoted passage masked; the sentence before it is included when no other speaker's locution and
    no unattributed quotation lies in it (it then introduces this speaker or holds nobody's words).
    Claims whose locutions carry no offsets get none.

    >>> from argmap.extraction.drafting import draft_map
    >>> text = "Ann Lee is worried. “AI will take our jobs,” she said. “It frees us,” Bob Ray said."
    >>> debate = draft_map(text, "Test")
    >>> {c.id: n.cues for c, n in zip(debate.claims, claim_narration(debate, text).values())}
    {'q001-lee': ('worried',), 'q002-ray': ()}
    """
    result = {}
    for claim_id, windows in _windows(debate, text).items():
        scores = [score_text(w) for w in dict.fromkeys(windows)]
        result[claim_id] = Narration(sum(s.score for s in scores), tuple(c for s in scores for c in s.cues))
    return result


def _windows(debate: Debate, text: str) -> dict[str, list[str]]:
    """Each claim's narration windows, one per locution with offsets (see :func:`claim_narration`)."""
    located = [(loc.start, loc.end, loc.speaker) for c in debate.claims for loc in c.locutions if loc.start is not None and loc.end is not None]
    masked = _masked(text, [(a, b) for a, b, _ in located])
    bounds = sentence_bounds(text)
    speakers_in = [{who for a, b, who in located if a < end and b > start} for start, end in bounds]
    quoted = [bool(_QUOTED.search(text[start:end])) for start, end in bounds]
    result: dict[str, list[str]] = {}
    for claim in debate.claims:
        for loc in claim.locutions:
            if loc.start is None or loc.end is None:
                continue
            first = next((n for n, (a, b) in enumerate(bounds) if a < loc.end and b > loc.start), 0)
            before = speakers_in[first - 1] if first > 0 else {loc.speaker}
            previous = first > 0 and before <= {loc.speaker} and (bool(before) or not quoted[first - 1])
            result.setdefault(claim.id, []).append(narration_window(masked, bounds, loc.start, loc.end, previous))
    return result


def _first_windows(debate: Debate, text: str) -> dict[str, str]:
    return {claim_id: windows[0] for claim_id, windows in _windows(debate, text).items()}


def transition_in(narration: str) -> tuple[str, str] | None:
    """``("other" | "same", cue)`` when ``narration`` holds a contrast or agreement connective
    (:data:`CONTRAST`, :data:`AGREEMENT`; contrast wins when it holds both), else None.

    >>> transition_in("But Ray, a baker, said"), transition_in("Ray agrees:"), transition_in("Ray said")
    (('other', 'But'), ('same', 'agrees'), None)
    """
    stripped = " ".join(narration.split())
    for relation, pattern in (("other", CONTRAST), ("same", AGREEMENT)):
        match = pattern.search(stripped)
        if match:
            return relation, match.group().strip(" .!?,")
    return None


def claim_transitions(debate: Debate, text: str) -> dict[str, Transition]:
    """The claims (by id) whose quote follows another speaker's quote (in the article's order) and
    whose narration (:func:`narration_window` of its first locution, as in :func:`claim_narration`)
    holds a contrast or agreement connective (:func:`transition_in`).

    >>> from argmap.extraction.drafting import draft_map
    >>> text = "“AI will take our jobs,” Ann Lee said. But Bob Ray disagrees. “It frees us,” Ray said."
    >>> claim_transitions(draft_map(text, "Test"), text)
    {'q002-ray': Transition(previous='lee', relation='other', cue='But')}
    """
    windows = _first_windows(debate, text)
    ordered = sorted((start, claim.id, claim.locutions[0].speaker) for claim in debate.claims
                     if (start := claim.locutions[0].start) is not None)
    result = {}
    for (_, _, before), (_, claim_id, speaker) in zip(ordered, ordered[1:]):
        found = transition_in(windows.get(claim_id, "")) if before != speaker else None
        if found:
            result[claim_id] = Transition(before, *found)
    return result


def speaker_narration(narration: Mapping[str, Narration], speaker_of: Mapping[str, str]) -> dict[str, Narration]:
    """Each speaker's narration: the sum of its claims' scores and their cue words, in order.

    >>> speaker_narration({"a": Narration(-1, ("warned",)), "b": Narration(1, ("hopes",))}, {"a": "lee", "b": "lee"})
    {'lee': Narration(score=0, cues=('warned', 'hopes'))}
    """
    result: dict[str, Narration] = {}
    for claim_id, found in narration.items():
        speaker = speaker_of[claim_id]
        before = result.get(speaker, Narration(0, ()))
        result[speaker] = Narration(before.score + found.score, before.cues + found.cues)
    return result


#: Orientation is learned only when the labelled speakers' scores agree with their labels this much (see :func:`orientation`).
MIN_AGREEMENT = 0.5


def orientation(scores: Mapping[str, int], sides: Mapping[str, str]) -> int:
    """Which side enthusiasm stands for in this debate, learned from the labelled speakers: +1 (pro),
    -1 (con) or 0 (no orientation).

    ``scores`` are the speakers' narration scores, ``sides`` the labelled speakers' sides. The
    agreement is ``Σ label × score / Σ |score|`` over the labelled speakers (label +1 pro, -1 con):
    +1 when every enthusiastic speaker is pro and every alarmed one con, -1 the reverse, 0 when
    they cancel. Its sign is the orientation when its size reaches :data:`MIN_AGREEMENT`; below
    that the labels disagree with each other about what the narration means and it is not used.

    >>> orientation({"lee": -2, "ray": 1}, {"lee": "con", "ray": "pro"})
    1
    >>> orientation({"lee": -2, "ray": 1}, {"lee": "pro", "ray": "con"})
    -1
    >>> orientation({"lee": -1, "ray": -1}, {"lee": "pro", "ray": "con"})
    0
    """
    signed = [(1 if side == "pro" else -1) * scores.get(speaker, 0) for speaker, side in sides.items()]
    total = sum(abs(s) for s in signed)
    if not total:
        return 0
    agreement = sum(signed) / total
    return (1 if agreement > 0 else -1) if abs(agreement) >= MIN_AGREEMENT else 0
