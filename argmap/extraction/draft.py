"""The draft debate: an article's attributed quotations as speakers and claims to curate."""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections import Counter

from argmap.extraction.attribution import Attribution, Extraction, extract_quotes
from argmap.extraction.names import Entity
from argmap.graph.model import Claim, Debate, Locution, Source, Speaker


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug if slug and slug[0].isalpha() else f"x-{slug}" if slug else "x"


def _speaker_ids(entities: list[Entity]) -> dict[str, str]:
    """One id per speaker: the surname (or the whole name when surnames collide)."""
    short = {e.key: _slug(e.name.split()[-1] if e.kind == "person" else e.name) for e in entities}
    counts = Counter(short.values())
    ids: dict[str, str] = {}
    for entity in entities:
        ident = short[entity.key] if counts[short[entity.key]] == 1 else _slug(entity.name)
        while ident in ids.values():
            ident += "-x"
        ids[entity.key] = ident
    return ids


UNATTRIBUTED = Entity(key="unattributed", name="Unattributed", kind="group", descriptions=["Quotations whose speaker the extractor could not resolve: curate them"])


def extraction_to_debate(extraction: Extraction, debate_id: str, title: str, source: Source) -> Debate:
    """A draft debate: one speaker per quoted entity, one claim per quotation, no relations.

    Each claim's text is the quotation itself; its locution cites the offsets into the source
    text and carries the attribution's confidence, for a person to curate.

    >>> text = "Rents rose sharply, Bo Park said."
    >>> debate = extraction_to_debate(extract_quotes(text), "rents", "Rents", Source(id="article", title="Rents"))
    >>> [(c.id, c.text, c.locutions[0].start, c.locutions[0].end) for c in debate.claims], [s.name for s in debate.speakers]
    ([('q001-park', 'Rents rose sharply', 0, 18)], ['Bo Park'])
    """
    text = extraction.text
    attributions = [a for a in extraction.attributions if text[a.start : a.end].strip()]
    entities = extraction.speakers()
    if any(a.speaker is None for a in attributions):
        entities.append(UNATTRIBUTED)
    ids = _speaker_ids(entities)
    speakers = [
        Speaker(
            id=ids[e.key],
            name=e.name,
            kind=e.kind,
            description=e.description,
            aliases=sorted(a for a in e.aliases if a != e.name),
        )
        for e in entities
    ]
    claims = []
    for number, att in enumerate(sorted(attributions, key=lambda a: a.start), start=1):
        speaker_id = ids[att.speaker if att.speaker is not None else UNATTRIBUTED.key]
        quote = text[att.start : att.end]
        claims.append(
            Claim(
                id=f"q{number:03d}-{speaker_id}",
                text=" ".join(quote.split()),
                locutions=[Locution(speaker_id, source.id, quote, att.start, att.end, att.confidence)],
            )
        )
    return Debate(id=debate_id, title=title, description=_description(attributions), sources=[source], speakers=speakers, claims=claims)


def same_as_utf8(text: str, encoding: str) -> bool:
    """Whether a file holding ``text`` in ``encoding`` has the same bytes as in UTF-8 (then debate
    readers, which read a source's ``path`` as UTF-8, see the same text and offsets).

    >>> same_as_utf8("plain words", "cp1252"), same_as_utf8("café", "cp1252")
    (True, False)
    """
    return text.encode(encoding, "replace") == text.encode("utf-8")


def draft_warnings(text: str, debate: Debate, encoding: str = "utf-8") -> list[str]:
    """What a person should know about a draft before curating it: an empty article, one in which
    nothing was found to quote, or one that is not UTF-8 (so the draft cannot cite its path).

    >>> draft_warnings("", draft_debate("", "Empty"))
    ['the article is empty: the draft has no speakers and no claims']
    """
    warnings = []
    if not text.strip():
        warnings.append("the article is empty: the draft has no speakers and no claims")
    elif not debate.claims:
        warnings.append("no quotations or reported speech found in the article: the draft has no speakers "
                        "and no claims (is it news with quotes? try --scope attribution, or add claims by hand)")
    if not same_as_utf8(text, encoding):
        warnings.append(f"the article is {encoding}, not UTF-8: the draft's source has no path, since debate files "
                        f"cite UTF-8 texts (convert it, e.g. iconv -f {encoding} -t utf-8, to have quotes checked)")
    return warnings


def _description(attributions: list[Attribution]) -> str:
    direct = sum(1 for a in attributions if a.kind == "direct")
    return (
        f"Draft made by `argmap extract`: {direct} direct and {len(attributions) - direct} indirect "
        "quotations, each with the confidence of its attribution. Curate before use: rewrite claim "
        "texts as propositions, merge claims, add issues and relations."
    )


def draft_debate(
    text: str,
    title: str,
    debate_id: str | None = None,
    source_id: str = "article",
    url: str | None = None,
    date: _dt.date | None = None,
    publisher: str | None = None,
    author: str | None = None,
    path: str | None = None,
    scope: str = "speech",
) -> Debate:
    """Extract an article's quotations and return them as a draft :class:`Debate`.

    The quotations are those in ``scope`` (see :func:`extract_quotes`): one speaker per quoted
    entity, one claim per quotation, no relations (:func:`extraction_to_debate`); each locution
    cites its offsets into ``text`` and carries the attribution's confidence, for a person to curate.

    Parameters
    ----------
    text : str
        The article's text.
    title : str
        The title of the debate and of its source.
    debate_id : str or None, optional
        The debate's id; by default a slug of ``title`` (at most 60 characters), or ``draft``.
    source_id : str, default "article"
        The id of the article as the debate's source.
    url : str or None, optional
        The article's URL.
    date : datetime.date or None, optional
        The article's date.
    publisher : str or None, optional
        The article's publisher.
    author : str or None, optional
        The article's author.
    path : str or None, optional
        A local copy of the article's text (relative to the debate file), against which the quotes'
        offsets are checked when the debate is read.
    scope : str, default "speech"
        ``speech`` (quotations and reported speech) or ``attribution`` (also beliefs, findings and
        stances), as :func:`extract_quotes` takes.

    Returns
    -------
    Debate
        The draft debate, with the article as its one source.

    See Also
    --------
    argmap.extraction.drafting.draft_map : A draft with issues, stances and suggested relations.

    Examples
    --------
    >>> debate = draft_debate("“Trams are the future,” Jane Okafor said.", "Trams")
    >>> [(s.name, c.text) for s in debate.speakers for c in debate.claims]
    [('Jane Okafor', 'Trams are the future')]
    """
    source = Source(id=source_id, title=title, url=url, publisher=publisher, author=author, date=date, path=path)
    return extraction_to_debate(extract_quotes(text, scope), debate_id or _slug(title)[:60].strip("-") or "draft", title, source)
