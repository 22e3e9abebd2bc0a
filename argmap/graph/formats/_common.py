"""What the format readers share: reading a file's text or JSON with errors that name the file,
and turning foreign identifiers into argmap local ids (``[A-Za-z][A-Za-z0-9_.-]*``)."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from argmap.errors import InputError

_NOT_ID = re.compile(r"[^A-Za-z0-9_.-]+")


def read_text(path: Path) -> str:
    """The text of ``path`` decoded as UTF-8 (a leading byte-order mark dropped), or an InputError.

    Raises
    ------
    InputError
        When the file cannot be read, or is not UTF-8 (naming the line of the first bad byte).

    Examples
    --------
    >>> "argmap: 1" in read_text(Path("tests/fixtures/mini.yaml")).splitlines()
    True
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read file: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(str(path), f"not UTF-8 text (byte {exc.start}: {data[exc.start:exc.start + 1]!r})", line=line) from None
    return text.removeprefix("\ufeff")


def read_json(path: Path) -> Any:
    """The JSON document in ``path``, or an InputError naming the line of the first syntax error.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     broken = Path(tmp) / "broken.json"
    ...     _ = broken.write_text('{"nodes": [', encoding="utf-8")
    ...     read_json(broken)
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: ...broken.json:1: truncated JSON (the file ends too early): Expecting value (column 12)
    """
    text = read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        ended = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
        problem = "truncated JSON (the file ends too early)" if ended else "not valid JSON"
        raise InputError(str(path), f"{problem}: {exc.msg} (column {exc.colno})", line=exc.lineno) from None


def local_id(text: str, prefix: str = "x") -> str:
    """``text`` as an argmap local id: runs of other characters become ``_``, and ``prefix`` is put
    in front when the result would not start with a letter.

    Examples
    --------
    >>> local_id("6064 original"), local_id("Main St. (north)")
    ('x6064_original', 'Main_St._north')
    """
    cleaned = _NOT_ID.sub("_", text.strip()).strip("_")
    if not cleaned or not cleaned[0].isascii() or not cleaned[0].isalpha():
        cleaned = prefix + cleaned
    return cleaned


def debate_id_for(path: Path) -> str:
    """The debate id of an imported file: its stem, sanitised to a local id.

    Examples
    --------
    >>> debate_id_for(Path("maps/nodeset 17921.json"))
    'nodeset_17921'
    """
    return local_id(Path(path).stem, prefix="d")
