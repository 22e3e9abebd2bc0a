"""Speaker names compared loosely, and the local ids argmap gives speakers by name.

>>> normalise_name("  José  O'Neill ")
'jose o neill'
>>> speaker_id("Fiona Bruce")
'fiona-bruce'
"""
from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")

def normalise_name(name: str) -> str:
    """``name`` compared loosely: Unicode-compatibility folded, accents dropped, case-folded,
    punctuation and runs of spaces made single spaces.

    Examples
    --------
    >>> normalise_name("  José  O'Neill ")
    'jose o neill'
    """
    folded = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    return _NON_WORD.sub(" ", plain).strip()


def speaker_id(name: str) -> str:
    """The local id of a speaker called ``name``: its normalised words joined by ``-``
    ``s-`` in front when it would not start with a letter, ``unknown`` when it has no words.

    Examples
    --------
    >>> speaker_id("Fiona Bruce"), speaker_id("2 Unlimited"), speaker_id("?!")
    ('fiona-bruce', 's-2-unlimited', 'unknown')
    """
    slug = normalise_name(name).replace(" ", "-")
    if not slug:
        return "unknown"
    return slug if slug[0].isalpha() else f"s-{slug}"
