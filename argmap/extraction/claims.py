"""Claims from quotations: the pieces of one quote joined, cue fragments cut, trivial quotes flagged.

The quote extractor (:func:`argmap.extraction.draft_debate`) gives one claim per quotation, its text
the speaker's words. A journalist often splits one sentence around its cue (“The goal,” Mack says,
“is ...”) or puts the cue inside reported speech (The goal, Mack says, is ...). This module turns
those quotations into claim texts a reviewer can keep, and flags the ones they will want to rewrite
or drop: quotes too short or vague to be a claim (``trivial``) and quotes whose subject is a pronoun
pointing outside the quote (``pronoun``).
"""
from __future__ import annotations

import re
from dataclasses import replace

from argmap.extraction.similarity import terms
from argmap.graph.model import Claim, Debate

#: Verbs that report speech; a cue is a name or pronoun followed by one of them.
REPORTING_VERBS = (
    "says|said|argues|argued|adds|added|recalls|recalled|believes|believed|explains|explained|notes|noted|continues|"
    "continued|admits|admitted|insists|insisted|told|tells|writes|wrote|remembers|remembered|warns|warned|thinks|"
    "thought|suggests|suggested|acknowledges|acknowledged|contends|contended|claims|claimed"
)
_SPEAKER = r"(?:he|she|they|we|I|(?:[A-Z][\w’'.-]+)(?:\s+[A-Z][\w’'.-]+){0,2})"
#: A cue inside a quotation's text: “, Mack says,” or “, he says” before the rest of the sentence.
INNER_CUE = re.compile(rf",\s+{_SPEAKER}\s+(?:{REPORTING_VERBS})(?:\s+that)?\s*(,|(?=\s+(?:he|she|they|it|I)\b))")
#: The gap between two pieces of one sentence: ,” he says, “ (the second piece continues the first).
SPLIT_SENTENCE_GAP = re.compile(rf"^[,\s]*[”\"]\s*{_SPEAKER}\s+(?:{REPORTING_VERBS})(?:\s+[^“\"\n]{{0,40}})?,\s*[“\"]\s*$")
#: Words whose reference lies outside the quote when they open it.
OPENING_PRONOUNS = frozenset({"it", "this", "that", "they", "these", "those", "he", "she", "them"})
#: A claim with fewer content words than this is flagged ``trivial``.
MIN_CONTENT_WORDS = 3


def cut_cues(text: str) -> str:
    """``text`` without the cue fragments a reporter put inside it, tidied into a sentence.

    >>> cut_cues("The goal, Mack says, is to put more power in the hands of the people making the work")
    'The goal is to put more power in the hands of the people making the work.'
    >>> cut_cues("Thanks to AI, he says he’s made more personal passion projects")
    'Thanks to AI, he’s made more personal passion projects.'
    """
    cut = INNER_CUE.sub(lambda m: "" if m.group(1) == "," else ",", text)
    cut = _balanced(" ".join(cut.split()).strip(" ,;:—–-"))
    if not cut:
        return cut
    cut = cut[0].upper() + cut[1:]
    return cut if cut[-1] in ".?!" else cut + "."


def _balanced(text: str) -> str:
    """``text`` without a quotation mark at either end that opens or closes nothing inside it."""
    if text.endswith("”") and text.count("“") < text.count("”"):
        text = text[:-1].rstrip()
    if text.startswith("“") and text.count("“") > text.count("”"):
        text = text[1:].lstrip()
    return text


def claim_flags(text: str) -> list[str]:
    """The reviewer's warnings for a claim text: ``pronoun`` and/or ``trivial`` (sorted).

    >>> claim_flags("It’s such a relief.")
    ['pronoun', 'trivial']
    >>> claim_flags("AI will free artists from mundane work.")
    []
    """
    flags = []
    words = re.findall(r"[\w’']+", text.lower())
    if words and re.split(r"['’]", words[0])[0] in OPENING_PRONOUNS:
        flags.append("pronoun")
    if len(terms(text)) < MIN_CONTENT_WORDS:
        flags.append("trivial")
    return flags


def _one_sentence(gap: str) -> bool:
    return SPLIT_SENTENCE_GAP.match(gap) is not None


def join_pieces(debate: Debate, text: str) -> Debate:
    """The draft with each quotation split around its cue (“..., ” he says, “...”) joined into one claim,
    and a quotation the article repeats in part or whole (a pull-quote) kept once, with both locutions.

    Two consecutive claims are joined when one speaker says both, nothing but a cue lies between
    them, and the cue ends with a comma (the second piece continues the sentence); the joined
    claim keeps both locutions. Claims split at a full stop stay apart: they are usually two claims.

    >>> from argmap.extraction import draft_debate
    >>> text = "“The tram,” Ann Lee said, “will cost us dearly.”"
    >>> [(c.text, len(c.locutions)) for c in join_pieces(draft_debate(text, "Tram"), text).claims]
    [('The tram will cost us dearly.', 2)]
    """
    claims: list[Claim] = []
    for claim in debate.claims:
        previous = claims[-1] if claims else None
        repeated = _repeats(claims, claim)
        if previous is not None and _continues(previous, claim, text):
            claims[-1] = replace(previous, text=f"{previous.text.rstrip(' ,')} {claim.text}", locutions=previous.locutions + claim.locutions)
        elif repeated is not None:
            claims[repeated] = replace(claims[repeated], locutions=claims[repeated].locutions + claim.locutions)
        else:
            claims.append(claim)
    return replace(debate, claims=claims)


def _repeats(claims: list[Claim], claim: Claim) -> int | None:
    """The index of an earlier claim of the same speaker whose words contain all of ``claim``'s (a pull-quote)."""
    words = _normal(claim.text)
    for n, earlier in enumerate(claims):
        if earlier.locutions[0].speaker == claim.locutions[0].speaker and f" {words} " in f" {_normal(earlier.text)} ":
            return n
    return None


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _continues(first: Claim, second: Claim, text: str) -> bool:
    a, b = first.locutions[-1], second.locutions[0]
    if a.speaker != b.speaker or a.end is None or b.start is None or a.source != b.source:
        return False
    return 0 < b.start - a.end <= 60 and _one_sentence(text[a.end : b.start])


def draft_claims(debate: Debate, text: str) -> Debate:
    """The draft's quotations as claims: pieces joined (:func:`join_pieces`), cues cut (:func:`cut_cues`).

    Each claim keeps its locutions (the verbatim quotes with their offsets); :func:`claim_flags`
    says which ones a reviewer should rewrite or drop.

    >>> from argmap.extraction import draft_debate
    >>> text = "“The tram, Ann Lee said, will cost us dearly,” she said. “It is late,” she said."
    >>> [c.text for c in draft_claims(draft_debate(text, "Tram"), text).claims]
    ['The tram will cost us dearly.', 'It is late.']
    """
    joined = join_pieces(debate, text)
    return replace(joined, claims=[replace(c, text=cut_cues(c.text) or c.text) for c in joined.claims])
