"""From an article to a draft argument map: claims, issues, stances and suggested relations (issue 15).

:func:`draft_map` runs the whole chain over the quotations the extractor finds
(:func:`argmap.extraction.draft_debate`): claims (:mod:`~argmap.extraction.claims`), issues proposed from
the article's own questions or named by the user, stances propagated from a few pro/con labels
(:mod:`~argmap.extraction.stance`), candidate supports and attacks (:mod:`~argmap.extraction.relations`),
and, when the user names one, answers from a language model (:mod:`~argmap.extraction.llm`). Every
stance and relation it adds is a :class:`~argmap.graph.model.Suggestion` (confidence, method,
evidence, model, version) until a person reviews it.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib.metadata import PackageNotFoundError, version

from argmap.errors import ArgmapError
from argmap.extraction import draft_debate
from argmap.extraction.claims import claim_flags, draft_claims
from argmap.extraction.llm import ChatModel, LLMError, ask_relation, ask_stance, ask_wording
from argmap.extraction.narration import NARRATION_SIGNALS, claim_narration, claim_transitions
from argmap.extraction.relations import TOP_K, RelationCandidate, candidate_relations
from argmap.extraction.similarity import claim_vectors, cosine_matrix, embedding_available, similarity_matrix, terms
from argmap.extraction.stance import LABEL_METHOD, LABELLED_METHODS, SPEAKER_LABEL_METHOD, StanceSuggestion, propagate_stances, resolve_labels
from argmap.graph.model import Claim, Debate, Issue, Relation, Suggestion

try:
    #: The argmap version a suggestion records (``argmap`` itself is above this layer: its metadata, not its module).
    __version__ = version("argmap")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "unknown"

#: What a language model can be asked, in the order it is asked.
LLM_TASKS = ("wording", "stance", "relation")

_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_QUESTION = re.compile(r"[^.!?\n]*\?")


@dataclass(frozen=True)
class DraftOptions:
    """What :func:`draft_map` is told besides the article."""

    issues: Sequence[str] = ()
    pro: Sequence[str] = ()
    con: Sequence[str] = ()
    top_k: int = TOP_K
    llm: ChatModel | None = None
    llm_limit: int | None = None
    llm_tasks: Sequence[str] = LLM_TASKS
    #: How an unlabelled speaker's side is guessed: one of :data:`argmap.extraction.stance.STANCE_METHODS`.
    stance_method: str = "vote"
    #: How claims are compared: ``tfidf``, ``embed`` (``argmap[embed]``) or ``auto`` (embed when installed).
    similarity: str = "tfidf"
    #: Which of the journalist's narration signals weigh on the side of a speaker nobody labelled, one of
    #: :data:`~argmap.extraction.narration.NARRATION_SIGNALS`: the attitude words around each quote
    #: ("X warned", "X praises"), the connectives between quoted speakers ("But X", "X agrees"), both, or none.
    #: None by default: on the flagship neither raised the mean stance accuracy over random label draws
    #: (bench/RESULTS-draft.md).
    narration: str = "none"


def article_questions(text: str) -> list[str]:
    """The questions the article asks in its own voice (not inside quotation marks), lead-ins cut.

    >>> article_questions('Who owns the footage? “Why me?” she asked. The dilemma: Will crews lose their jobs?')
    ['Who owns the footage?', 'Will crews lose their jobs?']
    """
    narration = _QUOTED.sub(lambda m: " " * len(m.group()), text)
    questions = []
    for match in _QUESTION.finditer(narration):
        question = match.group().split(":")[-1].strip(" ‘’'\"")
        if len(terms(question)) >= 2 and question not in questions:
            questions.append(question[0].upper() + question[1:])
    return questions


def propose_issues(text: str, titles: Sequence[str] = ()) -> list[Issue]:
    """The debate's issues: the user's titles, else the article's questions; the first is the root, the rest its sub-issues.

    >>> [(i.id, i.parent) for i in propose_issues("", ["Is AI good for film?", "Will crews lose jobs?"])]
    [('issue-1', None), ('issue-2', 'issue-1')]
    """
    chosen = list(titles) or article_questions(text)[:6] or ["What does the article argue?"]
    return [Issue(id=f"issue-{n}", title=title, parent=None if n == 1 else "issue-1") for n, title in enumerate(chosen, start=1)]


def assign_issues(claims: list[Claim], issues: list[Issue]) -> list[Claim]:
    """Each claim placed on the issue whose title it resembles most (TF-IDF cosine), the root when none.

    >>> issues = propose_issues("", ["Should the city build the tram?", "Will rents rise near the line?"])
    >>> claims = [Claim("c1", "Rents will rise along the tram line."), Claim("c2", "Buses are cheaper.")]
    >>> [(c.id, c.issue) for c in assign_issues(claims, issues)]
    [('c1', 'issue-2'), ('c2', 'issue-1')]
    """
    if len(issues) == 1:
        return [replace(c, issue=issues[0].id) for c in claims]
    similarity = cosine_matrix([i.title for i in issues] + [c.text for c in claims])[len(issues) :, : len(issues)]
    placed = []
    for claim, row in zip(claims, similarity):
        best = int(row.argmax())
        placed.append(replace(claim, issue=issues[best].id if row[best] > 0 else issues[0].id))
    return placed


def draft_map(text: str, title: str, options: DraftOptions | None = None, **source: object) -> Debate:
    """Draft an argument map from an article: claims, issues, stances and suggested relations.

    The claims are the article's quotations (:func:`argmap.extraction.draft_debate`), placed on
    the issues (the ones given, else the article's own questions, :func:`propose_issues`). Without
    pro/con labels no stance and no relation can be suggested: the claims come back on their
    issues, flagged for review.

    Parameters
    ----------
    text : str
        The article's text.
    title : str
        The title of the debate and of its source.
    options : DraftOptions or None, optional
        The issues, the speakers labelled pro and con, how stances are guessed and claims compared,
        and an optional language model; the defaults of :class:`DraftOptions` when None.
    **source
        What :func:`argmap.extraction.draft_debate` takes about the article (``url``, ``date``,
        ``publisher``, ``author``, ``path``, ``debate_id``).

    Returns
    -------
    Debate
        The draft: claims with their suggested stances and review flags, issues, and suggested relations.

    Raises
    ------
    ArgmapError
        When a name in ``options.pro`` or ``options.con`` matches no speaker or claim, or one is
        labelled both pro and con; when ``options.stance_method``, ``options.similarity`` or
        ``options.narration`` is not a known one; when ``embed`` similarity is asked for and the
        embedding model is not installed.

    See Also
    --------
    argmap.extraction.draft_debate : The quotations alone, without stances or relations.
    draft_summary : What a draft holds, in a line.

    Examples
    --------
    >>> debate = draft_map("“AI will free artists from dull work,” Ann Lee says. “AI will take our jobs,” Bob Ray says.",
    ...                    "Test", DraftOptions(issues=["Is AI good for artists?"], pro=["Ann Lee"], con=["Bob Ray"]))
    >>> [(c.text, c.stance) for c in debate.claims]
    [('AI will free artists from dull work.', 'pro'), ('AI will take our jobs.', 'con')]
    >>> [(r.source, r.type, r.target) for r in debate.relations]
    [('q002-ray', 'attacks', 'q001-lee')]
    """
    options = options or DraftOptions()
    draft = draft_claims(draft_debate(text, title, **source), text)  # type: ignore[arg-type]
    issues = propose_issues(text, options.issues)
    claims = assign_issues(draft.claims, issues)
    kind = resolve_similarity(options.similarity)
    draft = replace(draft, issues=issues, claims=claims, description=_description(options, kind))
    vectors = claim_vectors([c.text for c in claims], kind)
    similarity = similarity_matrix(vectors, kind)
    claim_labels, speaker_labels = resolve_labels(draft, options.pro, options.con)
    if options.narration not in NARRATION_SIGNALS:
        raise ArgmapError(f"unknown narration signal {options.narration!r}: one of {', '.join(NARRATION_SIGNALS)}")
    narration = claim_narration(draft, text) if options.narration in ("attitude", "both") else None
    transitions = claim_transitions(draft, text) if options.narration in ("connectives", "both") else None
    stances = propagate_stances(draft, claim_labels, speaker_labels, similarity, options.stance_method, vectors, narration, transitions)
    flags = {c.id: claim_flags(c.text) for c in claims}
    asked = _Budget(options.llm_limit)
    if options.llm is not None:
        claims, stances = _ask_claims(options.llm, draft, stances, asked, options.llm_tasks)
    candidates = candidate_relations(claims, similarity, stances, options.top_k)
    if options.llm is not None and "relation" in options.llm_tasks:
        candidates = _ask_relations(options.llm, claims, candidates, asked)
    return replace(
        draft,
        claims=[_suggested_claim(c, stances.get(c.id), flags[c.id], options.llm if c.text != o.text else None)
                for c, o in zip(claims, draft.claims)],
        relations=[_suggested_relation(r, options.llm) for r in candidates],
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def draft_summary(draft: Debate) -> str:
    """What a draft holds, in a line: claims, issues, stances given, relations suggested.

    >>> draft = draft_map("“AI will free artists,” Ann Lee says. “AI will take our jobs,” Bob Ray says.", "Test",
    ...                   DraftOptions(issues=["Is AI good for artists?"], pro=["Ann Lee"], con=["Bob Ray"]))
    >>> draft_summary(draft)
    '2 claims, 1 issue, 2 stances, 1 relation suggested'
    """
    stances = sum(c.stance is not None for c in draft.claims)
    return (f"{_plural(len(draft.claims), 'claim')}, {_plural(len(draft.issues), 'issue')}, {_plural(stances, 'stance')}, "
            f"{_plural(len(draft.relations), 'relation')} suggested")


@dataclass(frozen=True)
class GuessedSide:
    """A speaker nobody labelled, the side a draft guessed for their claims and how sure it is (the least sure of them)."""

    speaker: str
    stance: str
    confidence: float
    claims: int


def guessed_sides(draft: Debate) -> list[GuessedSide]:
    """The speakers whose claims' stances a draft guessed (none labelled by the reviewer, see
    :data:`~argmap.extraction.stance.LABELLED_METHODS`), least sure first: the ones to look at, or
    label, before anything else. A speaker's side is the stance most of their guessed claims take
    (on a tie, the first in alphabetical order).

    >>> text = "“AI frees artists,” Ann Lee says. “AI takes jobs,” Bob Ray says. “AI frees artists from chores,” Cy Poe says."
    >>> draft = draft_map(text, "Test", DraftOptions(issues=["Is AI good for artists?"], pro=["Ann Lee"], con=["Bob Ray"]))
    >>> guessed_sides(draft)
    [GuessedSide(speaker='Cy Poe', stance='pro', confidence=0.8, claims=1)]
    """
    names = {s.id: s.name for s in draft.speakers}
    stances: dict[str, Counter[str]] = defaultdict(Counter)
    confidence: dict[str, float] = {}
    for claim in draft.claims:
        guess = claim.suggested
        if claim.stance is None or guess is None or guess.method in LABELLED_METHODS:
            continue
        speaker = claim.locutions[0].speaker
        stances[speaker][claim.stance] += 1
        confidence[speaker] = min(confidence.get(speaker, 1.0), guess.confidence)
    sides = [GuessedSide(names.get(s, s), min(count, key=lambda stance: (-count[stance], stance)), confidence[s], sum(count.values()))
             for s, count in stances.items()]
    return sorted(sides, key=lambda side: (side.confidence, -side.claims, side.speaker))


def draft_notes(draft: Debate) -> list[str]:
    """What the reviewer of a draft should know first: that it has no stances (no label was given), or
    which speakers' sides were guessed, least sure first (:func:`guessed_sides`).

    >>> draft_notes(draft_map("“AI frees artists,” Ann Lee says.", "Test"))
    ['no stances and no relations: label a few speakers or claims (--pro NAME, --con NAME, or in the page: click a speaker, then P or C)']
    """
    if not any(c.stance for c in draft.claims):
        return ["no stances and no relations: label a few speakers or claims (--pro NAME, --con NAME, or in the page: click a speaker, then P or C)"]
    sides = guessed_sides(draft)
    if not sides:
        return []
    listed = ", ".join(f"{s.speaker} {s.stance} ({s.confidence:.2f}, {_plural(s.claims, 'claim')})" for s in sides)
    return [f"sides guessed from the text for {_plural(len(sides), 'speaker')} nobody labelled, least sure first: {listed}; "
            "confirm or correct them with --pro/--con, or in the page (click a speaker, then P or C)"]


def resolve_similarity(choice: str) -> str:
    """The similarity to use for ``choice``: ``auto`` is ``embed`` when ``argmap[embed]`` is installed, else ``tfidf``.

    >>> resolve_similarity("tfidf")
    'tfidf'
    """
    return ("embed" if embedding_available() else "tfidf") if choice == "auto" else choice


def _description(options: DraftOptions, similarity: str) -> str:
    labels = ", ".join([f"pro {name}" for name in options.pro] + [f"con {name}" for name in options.con]) or "none"
    return (f"Draft made by `argmap draft` {__version__} (labels: {labels}; stance method {options.stance_method}, "
            f"similarity {similarity}{'' if options.narration == 'none' else f', narration {options.narration}'}). Every stance and relation is a suggestion "
            f"with its confidence, method and evidence: review them, rewrite claims as propositions, then drop the `suggested` fields.")


def _suggested_claim(claim: Claim, stance: StanceSuggestion | None, flags: list[str], worded_by: ChatModel | None) -> Claim:
    """The claim with its suggestion; ``flags`` were found on the extracted text, ``worded_by`` rewrote it (or None)."""
    wording = f"; wording by {worded_by.model}" if worded_by else ""
    if stance is None:
        return replace(claim, suggested=Suggestion(confidence=0.0, method="none", evidence=f"no label to propagate a stance from{wording}",
                                                   model=worded_by.model if worded_by else None, version=__version__, flags=flags))
    asked = stance.method.startswith("llm:")
    model = stance.method.removeprefix("llm:") if asked else worded_by.model if worded_by else None
    return replace(claim, stance=stance.stance, suggested=Suggestion(
        confidence=stance.confidence, method="llm" if asked else stance.method, evidence=stance.evidence + wording, model=model,
        version=__version__, flags=flags))


def _suggested_relation(candidate: RelationCandidate, llm: ChatModel | None) -> Relation:
    asked = candidate.evidence.startswith("model answered")
    return Relation(source=candidate.source, target=candidate.target, type=candidate.type, suggested=Suggestion(
        confidence=candidate.confidence, method="llm" if asked else "similarity+stance", evidence=candidate.evidence,
        model=llm.model if asked and llm else None, version=__version__))


class _Budget:
    """How many more questions the model may be asked (None: no limit)."""

    def __init__(self, limit: int | None):
        self.left = limit

    def take(self) -> bool:
        if self.left is None:
            return True
        self.left -= 1
        return self.left >= 0


def _ask_claims(model: ChatModel, draft: Debate, stances: dict[str, StanceSuggestion], budget: _Budget,
                tasks: Sequence[str]) -> tuple[list[Claim], dict[str, StanceSuggestion]]:
    """Claims reworded by the model and, where no label decided it, its stance (kept as is when the model fails)."""
    names = {s.id: s.name for s in draft.speakers}
    titles = {i.id: i.title for i in draft.issues}
    claims, stances = list(draft.claims), dict(stances)
    for n, claim in enumerate(claims):
        if "wording" in tasks and budget.take():
            try:
                claims[n] = replace(claim, text=ask_wording(model, names[claim.locutions[0].speaker], claim.text))
            except LLMError:
                pass
        decided = claim.id in stances and stances[claim.id].method in (LABEL_METHOD, SPEAKER_LABEL_METHOD)
        if "stance" in tasks and not decided and claim.issue and budget.take():
            try:
                stance, confidence = ask_stance(model, titles[claim.issue], claim.text)
            except LLMError:
                continue
            stances[claim.id] = StanceSuggestion(stance, round(confidence, 3), f"llm:{model.model}", f"model answered {stance}")
    return claims, stances


def _ask_relations(model: ChatModel, claims: list[Claim], candidates: list[RelationCandidate], budget: _Budget) -> list[RelationCandidate]:
    """The candidates with the model's relation type where it gave one (``unrelated`` ones dropped)."""
    text = {c.id: c.text for c in claims}
    kept = []
    for candidate in candidates:
        if not budget.take():
            kept.append(candidate)
            continue
        try:
            answer = ask_relation(model, text[candidate.source], text[candidate.target])
        except LLMError:
            kept.append(candidate)
            continue
        if answer != "unrelated":
            kept.append(replace(candidate, type=answer, evidence=f"model answered {answer}; {candidate.evidence}"))
    return kept
