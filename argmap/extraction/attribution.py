"""Linking quotations to speakers: cues to entities, pronouns to people, uncued quotes to context.

Candidates (:mod:`argmap.extraction.speech`) are attributed in document order, so that each resolved
speaker becomes the antecedent the next pronoun can refer to: a pronoun source resolves to the most
recent salient person of the same gender, the strongest baseline of O'Keefe et al., *A Sequence
Labelling Approach to Quote Attribution* (EMNLP 2012). An uncued quotation takes the speaker of its
paragraph's other quotations, of the quotation it continues, or of its paragraph's subject.
"""
from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path

from argmap.extraction.names import Article, Entity
from argmap.extraction.speech import Candidate, CueSource, direct_candidate, reported_speech
from argmap.extraction.text import QuoteRegion, words


@dataclass
class Attribution:
    """A quotation (``start``/``end`` offsets of its words) attributed to a speaker.

    ``kind`` is ``direct`` (the speaker's words in quotation marks, pull-quotes included) or
    ``indirect`` (reported speech); ``how`` says how the speaker was found (``cue``,
    ``pronoun``, ``nominal``, ``clause`` (the words before the cue), ``colon`` (the subject of a sentence ending in a colon before the quotation), ``pull-quote``, ``continuation``, ``context``, ``unresolved``);
    ``mention`` is the span of the name or pronoun that names the source in the text.
    """

    start: int
    end: int
    kind: str
    speaker: str | None
    confidence: float
    how: str
    mention: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None
    form: str = ""

    @property
    def basis(self) -> str:
        """What the confidence is calibrated on: kind, how the speaker was found and, for
        reported speech, where the content stands and the kind of verb (``indirect cue follows say``)."""
        return " ".join(part for part in (self.kind, self.how, self.form) if part)


@dataclass
class Extraction:
    """What :func:`extract_quotes` found: the attributions and the speakers they name."""

    text: str
    attributions: list[Attribution]
    entities: dict[str, Entity]

    def speakers(self) -> list[Entity]:
        """The entities that have at least one attribution, in order of first quotation."""
        seen: dict[str, Entity] = {}
        for att in self.attributions:
            if att.speaker is not None and att.speaker not in seen:
                seen[att.speaker] = self.entities[att.speaker]
        return list(seen.values())


PRIOR_CONFIDENCE = {
    ("direct", "cue"): 0.95, ("direct", "pull-quote"): 0.9, ("direct", "pronoun"): 0.85,
    ("direct", "nominal"): 0.85, ("direct", "colon"): 0.8, ("direct", "continuation"): 0.8, ("direct", "context"): 0.6,
    ("indirect", "cue"): 0.6, ("indirect", "pronoun"): 0.5, ("indirect", "nominal"): 0.5,
    ("indirect", "clause"): 0.4,
    ("indirect", "according"): 0.5,
}
"""Confidence by kind and how, before calibration (and where a basis was too rare to calibrate)."""
UNRESOLVED_CONFIDENCE = 0.2
CALIBRATION_FILE = Path(__file__).with_name("calibration.json")
"""Confidences fitted on PolNeAR train by ``bench/calibrate_extract.py``: scope -> basis -> share right."""


@cache
def calibration() -> dict[str, dict[str, float]]:
    """The fitted confidence of each basis, by scope (empty if the file is absent): read from
    :data:`CALIBRATION_FILE`, the share of PolNeAR train attributions on that basis that were right.

    >>> sorted(calibration()), calibration()["speech"]["direct cue"]
    (['attribution', 'speech'], 0.975)
    """
    if not CALIBRATION_FILE.is_file():
        return {}
    return json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))["confidence"]


def confidence(att: Attribution, scope: str) -> float:
    """The calibrated confidence of an attribution: the share of attributions on its basis that
    were right on PolNeAR train, or of its kind and how, or the prior (:data:`PRIOR_CONFIDENCE`,
    :data:`UNRESOLVED_CONFIDENCE`).

    >>> confidence(Attribution(0, 9, "direct", "lee", 0.0, "cue"), "speech")
    0.975
    >>> confidence(Attribution(0, 9, "direct", "lee", 0.0, "unheard-of"), "speech") == UNRESOLVED_CONFIDENCE
    True
    """
    table = calibration().get(scope, {})
    for basis in (att.basis, f"{att.kind} {att.how}"):
        if basis in table:
            return table[basis]
    return PRIOR_CONFIDENCE.get((att.kind, att.how), UNRESOLVED_CONFIDENCE)


SCOPES = ("speech", "attribution")
"""What :func:`extract_quotes` can extract: speech only, or attribution in PolNeAR's broad sense."""


class _Extractor:
    """Attributes every candidate in document order, so that each resolved speaker becomes the
    antecedent the next pronoun can refer to."""

    def __init__(self, text: str, scope: str = "speech"):
        if scope not in SCOPES:
            raise ValueError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
        self.scope = scope
        self.broad = scope == "attribution"
        self.art = Article(text)
        self.attributions: list[Attribution] = []
        self.direct_reach = -1

    def run(self) -> Extraction:
        art = self.art
        direct = [c for c in (direct_candidate(art, r) for r in art.regions) if c is not None]
        cues = sorted({c.cue[0] for c in direct if c.cue is not None})
        indirect = [c for s, e in art.sentences for c in reported_speech(art, s, e, cues, self.broad)]
        pending: list[tuple[QuoteRegion, int]] = []
        for candidate in sorted(direct + indirect, key=lambda c: c.start):
            if art.paragraph_at(candidate.start) in art.boilerplate:
                continue
            if candidate.kind == "indirect" and candidate.end <= self.direct_reach:
                continue  # inside a direct quotation (every earlier attribution starts before it)
            if candidate.source is None:
                self._add(candidate, None, "pending")
                if candidate.region is not None:
                    pending.append((candidate.region, len(self.attributions) - 1))
                continue
            entity, how = self._speaker(candidate.source, candidate.how)
            if candidate.source.description and entity is not None:
                entity.descriptions.append(candidate.source.description)
            self._add(candidate, entity, how)
        self.by_paragraph: dict[int, list[Attribution]] = {}
        for att in self.attributions:
            self.by_paragraph.setdefault(art.paragraph_at(att.start), []).append(att)
        for region, index in pending:
            self._inherit(region, index)
        reported = sorted((a.start, a.end) for a in self.attributions if a.kind == "indirect")
        reported_starts = [start for start, _ in reported]
        reach = list(accumulate((end for _, end in reported), max))

        def inside_reported(att: Attribution) -> bool:
            index = bisect_right(reported_starts, att.start) - 1
            return index >= 0 and att.end <= reach[index]

        self.attributions = [
            a for a in self.attributions if a.how != "pending" and (a.kind == "indirect" or not inside_reported(a))
        ]
        for att in self.attributions:  # once every how is final
            att.confidence = confidence(att, self.scope)
        entities = {a.speaker: art.entities.by_key[a.speaker] for a in self.attributions if a.speaker is not None}
        return Extraction(art.text, self.attributions, entities)

    def _speaker(self, source: CueSource, how: str) -> tuple[Entity | None, str]:
        art = self.art
        if source.how == "pronoun":
            entity = art.resolve_pronoun(source.tokens[0], source.start)
            return entity, "pronoun" if entity else "unresolved"
        if source.how in ("nominal", "clause"):
            described = next((m.entity for m in art.mentions_between(source.start, source.start + 1) if m.end == source.end), None)
            if described is not None:
                return described, source.how  # ``The Austrian-born filmmaker`` named just before: that person
            entity = art.entities.resolve([source.tokens[0]])
            if entity.kind == "person" and source.tokens[0].rstrip().endswith("s"):
                entity.kind = "group"
            return entity, source.how
        entity = art.entities.resolve(source.tokens)
        return entity, how if how in ("pull-quote", "according") else "colon" if source.how == "colon" else "cue"

    @staticmethod
    def _key(entity: Entity | None) -> str | None:
        return entity.key if entity is not None else None

    def _add(self, candidate: Candidate, entity: Entity | None, how: str) -> None:
        source = candidate.source
        if entity is not None:
            self.art.add_event(source.end if source else candidate.start, entity)
        if candidate.kind == "direct":
            self.direct_reach = max(self.direct_reach, candidate.end)
        self.attributions.append(
            Attribution(
                candidate.start, candidate.end, candidate.kind, self._key(entity),
                0.0, how, (source.start, source.end) if source else None, candidate.cue, candidate.form,
            )
        )

    def _inherit(self, region: QuoteRegion, index: int) -> None:
        """An uncued quotation: the speaker of its paragraph's other quotes, of the quotation it
        continues, or of its paragraph's subject."""
        art = self.art
        att = self.attributions[index]
        here = self.by_paragraph.get(region.paragraph, [])

        def known(a: Attribution) -> bool:
            return a.how not in ("pending", "unresolved") and bool(a.speaker)

        chosen = next((a for a in reversed(here) if a.start < region.start and known(a)), None)
        if chosen is None and region.continued:
            previous = self.by_paragraph.get(region.paragraph - 1, [])
            chosen = next((a for a in reversed(previous) if a.speaker and a.how != "pending"), None)
        if chosen is None:
            chosen = next((a for a in here if a.start > region.start and a.kind == "direct" and known(a)), None)
        if chosen is not None:
            att.speaker, att.how, att.mention = chosen.speaker, "continuation", chosen.mention
            return
        subject = self._paragraph_subject(art.paragraphs[region.paragraph][0], region.open)
        if subject is not None:
            att.speaker, att.how, att.mention = self._key(subject[0]), "context", subject[1]
            art.add_event(region.start, subject[0])

    def _paragraph_subject(self, pstart: int, offset: int) -> tuple[Entity, tuple[int, int]] | None:
        """The person a paragraph is about before ``offset``: its last sentence-initial name or pronoun."""
        art = self.art
        first, last = bisect_left(art.sentence_starts, pstart), bisect_left(art.sentence_starts, offset)
        for sstart, send in reversed(art.sentences[first:last]):
            toks = words(art.masked, sstart, min(send, offset))
            if not toks:
                continue
            if toks[0].group().lower() in ("he", "she"):
                entity = art.resolve_pronoun(toks[0].group(), sstart)
                if entity is not None:
                    return entity, (toks[0].start(), toks[0].end())
            for mention in art.mentions_between(sstart, min(send, offset)):
                if mention.salient and mention.entity.kind == "person":
                    return mention.entity, (mention.start, mention.end)
        return None


def extract_quotes(text: str, scope: str = "speech") -> Extraction:
    """Find every attributed quotation in an article.

    Returns an :class:`Extraction` whose attributions carry exact character offsets into
    ``text`` (0-based, end exclusive), the speaker's entity key, a confidence and how the speaker
    was found. ``scope`` is ``speech`` (quotations and reported speech: what a debate map
    needs) or ``attribution`` (also beliefs, findings and stances, ``rivals see an opening``:
    attribution in the broad sense PolNeAR annotates). Pure Python; milliseconds per article.

    Parameters
    ----------
    text : str
        The article's text, one paragraph per line (blank lines are skipped).
    scope : str, default "speech"
        ``speech`` or ``attribution`` (:data:`SCOPES`), as above.

    Returns
    -------
    Extraction
        The text, the attributions in document order (each with ``start``, ``end``, ``kind``
        ``direct`` or ``indirect``, ``speaker`` key or None when unresolved, ``confidence`` and
        ``how``) and the entities they name, by key.

    Raises
    ------
    ValueError
        When ``scope`` is not one of :data:`SCOPES`.

    See Also
    --------
    argmap.extraction.draft.draft_debate : The quotations as a draft debate.

    Notes
    -----
    Each attribution's confidence (:func:`confidence`) is the share of the attributions of its
    basis (kind, how the speaker was found, the form of reported speech; else of its kind and how)
    found right on PolNeAR's training documents, in ``scope`` (``calibration.json``, fitted by
    ``bench/calibrate_extract.py``; Newell, Margolin & Ruths 2018, "An attribution relations corpus
    for political news"), else a prior (:data:`PRIOR_CONFIDENCE`). A pronoun resolves to the
    most recent salient person of the same gender, the strongest baseline of O'Keefe et al. (2012),
    "A sequence labelling approach to quote attribution".

    Examples
    --------
    >>> extraction = extract_quotes("“We will win,” Ann Lee said. Lee argued that taxes must fall.")
    >>> [(extraction.entities[a.speaker].name, a.kind) for a in extraction.attributions]
    [('Ann Lee', 'direct'), ('Ann Lee', 'indirect')]
    """
    return _Extractor(text, scope).run()
