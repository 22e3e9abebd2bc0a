"""Errors argmap reports to users: each names the file, the line (where known) and the field."""
from __future__ import annotations

from pathlib import Path


class ArgmapError(Exception):
    """Base class of every error argmap reports to a user (the CLI exits non-zero on it)."""

    exit_code = 1


class InputError(ArgmapError):
    """Bad input: a file that cannot be read, parsed or validated.

    ``str(error)`` reads ``file:line: field: message`` so a person can go straight to the spot.
    """

    def __init__(self, path: str, message: str, line: int | None = None, field: str | None = None):
        self.path = str(path)
        self.line = line
        self.field = field
        self.message = message
        where = self.path if line is None else f"{self.path}:{line}"
        what = f"{field}: {message}" if field else message
        super().__init__(f"{where}: {what}")


class QueryError(ArgmapError):
    """A SPARQL query that does not parse or cannot run."""

    exit_code = 2


class OutputError(ArgmapError):
    """An output that cannot be written (a read-only folder, a full disk): names the path and why."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"cannot write {path}: {reason}")


class UsageError(ArgmapError):
    """A command asked for something it cannot tell how to do (which format, which file): exit 2,
    as click does for a usage error."""

    exit_code = 2


class StoreError(ArgmapError):
    """A store that cannot be opened, read or written (not a problem of one input file)."""
