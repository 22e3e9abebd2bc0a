"""Text structure for quote extraction: quotation regions, paragraphs, sentences, words.

Pure Python and regular expressions. Everything works on character offsets into the original
text (0-based, end exclusive), so what is found can be cited exactly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_DOUBLE = "“"
CLOSE_DOUBLE = "”"
STRAIGHT_DOUBLE = '"'
QUOTE_CHARS = "“”‘’\"'«»„‟‚‛"
MASK = "\x01"
"""Stands in for every character of a quotation in the masked text (see :func:`mask_quotes`)."""

ABBREVIATIONS = frozenset(
    "mr mrs ms dr sr jr st mt sen rep gov lt gen col sgt capt cmdr adm prof rev pres gop "
    "jan feb mar apr jun jul aug sep sept oct nov dec inc corp co ltd no vs etc u.s u.k u.n "
    "d.c l.a n.y a.m p.m dept est fig approx ave blvd".split()
)
LONGEST_ABBREVIATION = max(map(len, ABBREVIATIONS))


@dataclass(frozen=True)
class QuoteRegion:
    """A quotation: ``open``/``close`` are the offsets of its marks, ``start``/``end`` its words.

    ``close`` is None when the quotation runs to the end of its paragraph without a closing mark
    (the newspaper convention for a quotation continued in the next paragraph); ``continued``
    is True when this region carries on the previous paragraph's open quotation.
    """

    open: int
    close: int | None
    start: int
    end: int
    paragraph: int
    continued: bool = False
    close_width: int = 1

    @property
    def outer_end(self) -> int:
        """The offset just after the closing mark (or the words, when there is none)."""
        return self.close + self.close_width if self.close is not None else self.end


def paragraphs(text: str) -> list[tuple[int, int]]:
    r"""The (start, end) of every non-blank line, surrounding whitespace left out: newspaper
    paragraphs are one line each.

    >>> paragraphs("Rents rose.\n\n  Tenants marched. \n")
    [(0, 11), (15, 31)]
    """
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            start = match.start() + len(match.group()) - len(match.group().lstrip())
            spans.append((start, match.start() + len(match.group().rstrip())))
    return spans


def _opens_straight(text: str, i: int, start: int, first: int | None = None) -> bool:
    """Whether the straight quote at ``i`` (a mark from ``first`` to ``i``) opens a quotation,
    by what stands on either side."""
    first = i if first is None else first
    before = text[first - 1] if first > start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/:;,“‘") and not after.isspace()


def find_quote_regions(text: str) -> list[QuoteRegion]:
    r"""Every top-level double quotation (curly “…”, straight "…" or doubled ''…''), paragraph by paragraph.

    Single quotes inside a double quotation are quotes within the quote and stay part of it (of
    three straight quotes closing a doubled ``''…''`` quotation, the first closes the inner
    one); an apostrophe never ends anything. A quotation left open at the end of a paragraph whose next
    paragraph opens a quotation is the newspaper's multi-paragraph quote: the next region is
    marked ``continued``.

    >>> text = '“It is unfair,” said Ann Lee.\n“We will march.\n“Every week,” she said.'
    >>> [(text[r.start:r.end], r.paragraph, r.continued) for r in find_quote_regions(text)]
    [('It is unfair', 0, False), ('We will march.', 1, False), ('Every week', 2, True)]
    """
    regions: list[QuoteRegion] = []
    carried = False
    for index, (pstart, pend) in enumerate(paragraphs(text)):
        depth, open_at, open_width, continued_here = 0, None, 1, False
        i = pstart
        while i < pend:
            ch = text[i]
            width = 2 if text.startswith("''", i) else 1
            straight = ch == STRAIGHT_DOUBLE or width == 2
            if ch == OPEN_DOUBLE and depth == 1 and open_at is not None and _closes_like_a_close(text, i, pend):
                regions.append(_region(text, open_at, i, index, continued_here, open_width=open_width))
                depth, continued_here = 0, False
            elif ch == OPEN_DOUBLE or (straight and depth == 0 and _opens_straight(text, i + width - 1, pstart, i)):
                if depth == 0:
                    open_at, open_width = i, width
                    continued_here = carried and i == pstart
                depth += 1
            elif (ch == CLOSE_DOUBLE or straight) and depth > 0:
                if width == 2 and depth == 1 and text.startswith("'''", i):
                    i += 1  # ``''… 'old-school,''' said``: an inner quotation's mark, then the closing ''
                depth -= 1
                if depth == 0 and open_at is not None:
                    regions.append(_region(text, open_at, i, index, continued_here, open_width=open_width, close_width=width))
                    continued_here = False
            i += width
        carried = False
        if depth > 0 and open_at is not None:
            missing = MISSING_CLOSE.search(text, open_at + open_width, pend)
            if missing is not None:  # ``“We lost, said Ann Lee.``: the closing mark left out before the cue
                regions.append(_region(text, open_at, missing.start(), index, continued_here, open_width=open_width))
            else:
                regions.append(_region(text, open_at, None, index, continued_here, pend, open_width))
                carried = True
    return regions


MISSING_CLOSE = re.compile(r",(?= (?:(?:he|she|they) )?(?:said|says|added|adds|told|went on)\b)")
"""A comma before a cue of saying (``, said``, ``, he added``) inside a quotation that is never
closed: where a closing mark was left out."""


def _closes_like_a_close(text: str, i: int, pend: int) -> bool:
    """Whether an opening mark at ``i`` inside a quotation is its closing mark typed the wrong way
    (``“It is unusual,“ said Lee``): after a comma or sentence mark and before a space or the end."""
    return text[i - 1] in ",.?!" and (i + 1 >= pend or text[i + 1] == " ")


def _region(text: str, open_at: int, close: int | None, paragraph: int, continued: bool, pend: int = 0,
            open_width: int = 1, close_width: int = 1) -> QuoteRegion:
    start, end = open_at + open_width, close if close is not None else pend
    start, end = trim_span(text, start, end)
    return QuoteRegion(open_at, close, start, max(start, end), paragraph, continued, close_width)


BOILERPLATE = re.compile(
    r"(?:By|BY)\s+[A-Z][^\n]{0,80}$"
    r"|[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*){0,3}\s+(?:is|was)\s+(?:a|an|the)\s[^\n]{0,120}?"
    r"\b(?:reporter|writer|correspondent|editor|columnist|contributor|author|journalist|producer)\b[^\n]{0,200}$"
    r"|[^\n]{0,200}\b(?:contributed (?:reporting|to this report)|Follow (?:him|her|them) on|Contact (?:him|her|them) at)\b[^\n]{0,200}$"
)
"""A byline (``By Jane Doe``), an author's bio (``Jane Doe is a reporter for …``) or a credit line."""


def boilerplate_paragraphs(text: str) -> set[int]:
    r"""The indices of the paragraphs that are bylines, author bios or credit lines (see
    :data:`BOILERPLATE`): nobody is quoted there.

    >>> boilerplate_paragraphs("By Jane Doe\nRents rose, officials said.\nJane Doe is a reporter for the Planet.")
    {0, 2}
    """
    return {i for i, (start, end) in enumerate(paragraphs(text)) if BOILERPLATE.match(text, start, end)}


def trim_span(text: str, start: int, end: int, strip: str = " \t\n,;:") -> tuple[int, int]:
    """Shrink ``start``/``end`` past whitespace and the given edge punctuation.

    >>> text = "said: we disagree, "
    >>> start, end = trim_span(text, 4, len(text))
    >>> start, end, text[start:end]
    (6, 17, 'we disagree')
    """
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end


def mask_quotes(text: str, regions: list[QuoteRegion]) -> str:
    """The text with every quotation (marks included) replaced by :data:`MASK` characters.

    Offsets are unchanged, so patterns looking for cues and names never match inside a quote. A
    comma inside the closing mark (``“…,” he says``) is kept in place of the mark, since it
    punctuates the sentence around the quotation.

    >>> text = '“It is unfair,” said Ann Lee.'
    >>> mask_quotes(text, find_quote_regions(text)).replace(MASK, "#")
    '##############, said Ann Lee.'
    """
    chars = list(text)
    for region in regions:
        for i in range(region.open, region.outer_end):
            if chars[i] != "\n":
                chars[i] = MASK
        if region.close is not None and "," in (text[region.close - 1], text[region.close]):
            chars[region.close] = ","
    return "".join(chars)


WORD = re.compile(r"[^\W_](?:[\w’'\-.]*[^\W_])?", re.UNICODE)


DATELINE = re.compile(
    r"[A-Z][A-Z.’'\-]+(?: [A-Z][A-Z.’'\-]+){0,3}(?:, [A-Z][\w.]*(?: [\w.]+){0,3})?(?: \([A-Z][\w ]{0,20}\))? ?(?:—|–|--?) ?"
)
"""A news dateline opening a paragraph (``WASHINGTON, Dec. 8 (UPI) —``, ``DES MOINES, Iowa —``):
no part of a sentence, so never a speaker."""


def sentences(text: str, masked: str, regions: list[QuoteRegion]) -> list[tuple[int, int]]:
    """Sentence spans (start, end) over the text, never splitting inside a quotation.

    A boundary is a ``.``, ``?`` or ``!`` (or a quotation whose words end in one) followed by
    space and a capital letter, digit or quotation (any opening mark, ``''`` too), unless the word before the full stop is
    a common abbreviation or a single initial. Paragraph breaks are always boundaries; a dateline
    (:data:`DATELINE`) opening a paragraph belongs to no sentence. A
    "sentence" longer than :data:`LONGEST_SENTENCE` characters (no news sentence is: PolNeAR's
    longest has 1,516) is cut at spaces into pieces of at most that length, so that the work done
    per sentence stays bounded on any input.

    >>> text = 'Mr. Park disagreed. “It is unfair.” Rents rose.'
    >>> regions = find_quote_regions(text)
    >>> [text[a:b] for a, b in sentences(text, mask_quotes(text, regions), regions)]
    ['Mr. Park disagreed.', '“It is unfair.”', 'Rents rose.']
    """
    ends_sentence = {r.outer_end for r in regions if r.end > r.start and text[r.end - 1] in ".?!"}
    spans: list[tuple[int, int]] = []
    for pstart, pend in paragraphs(text):
        dateline = DATELINE.match(masked, pstart, pend)
        start = dateline.end() if dateline else pstart
        i = start
        while i < pend:
            ch = masked[i]
            boundary = None
            if ch in ".?!" and not _is_abbreviation(masked, i, pstart):
                j = i + 1
                while j < pend and masked[j] in "”’\"')]" + MASK:
                    j += 1
                boundary = j
            elif i in ends_sentence:
                boundary = i
            if boundary is not None:
                k = boundary
                while k < pend and masked[k] == " ":
                    k += 1
                if k > boundary and k < pend and (text[k].isupper() or text[k].isdigit() or text[k] in "“\"‘—" or masked[k] == MASK):
                    spans.append((start, boundary))
                    start = k
                    i = k
                    continue
            i += 1
        if start < pend:
            spans.append((start, pend))
    return [piece for span in spans for piece in _bounded(masked, *span)]


LONGEST_SENTENCE = 2000
"""The longest sentence the extractor analyses whole (characters)."""


def _bounded(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut at spaces (or, in a run without one, anywhere) into pieces of at most
    :data:`LONGEST_SENTENCE` characters."""
    pieces = []
    while end - start > LONGEST_SENTENCE:
        cut = masked.rfind(" ", start + 1, start + LONGEST_SENTENCE)
        if cut == -1:
            pieces.append((start, start + LONGEST_SENTENCE))
            start += LONGEST_SENTENCE
        else:
            pieces.append((start, cut))
            start = cut + 1
    return [*pieces, (start, end)]


def _is_abbreviation(masked: str, i: int, pstart: int) -> bool:
    if masked[i] != ".":
        return False
    j = i
    while j > max(pstart, i - LONGEST_ABBREVIATION - 1) and (masked[j - 1].isalnum() or masked[j - 1] == "."):
        j -= 1
    word = masked[j:i].lower()
    return word in ABBREVIATIONS or (len(word) == 1 and masked[j].isupper())


def words(text: str, start: int = 0, end: int | None = None) -> list[re.Match]:
    """Word tokens between two offsets (letters and digits, with inner apostrophes and hyphens).

    >>> [m.group() for m in words("It's a well-known rule, 2 said.", 0, 24)]
    ["It's", 'a', 'well-known', 'rule']
    """
    return list(WORD.finditer(text, start, len(text) if end is None else end))


def last_words(text: str, start: int, end: int, count: int) -> list[re.Match]:
    """The last ``count`` of :func:`words` between two offsets, found in time that grows with the
    length of those words only (a window ending at ``end`` doubles until it holds them whole).

    >>> [m.group() for m in last_words("one two three four", 0, 18, 2)]
    ['three', 'four']
    """
    width = 16 * count
    while True:
        window = max(start, end - width)
        found = words(text, window, end)
        if window > start:
            found = found[1:]  # the first may be the tail of a longer word
        if len(found) >= count or window == start:
            return found[-count:] if count else []
        width *= 2
