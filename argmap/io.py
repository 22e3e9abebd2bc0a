"""Writing outputs safely, and making cells safe for spreadsheets.

:func:`write_atomic` writes a file so that a reader never sees half of it and a failed or killed
write leaves the old file (and no stray temporary file) behind; it writes *through* a character
device, a pipe or ``-`` (standard output) instead of replacing it, follows symbolic links, keeps an
existing file's permissions and gives a new file those the umask allows.
:func:`spreadsheet_cell` neutralises CSV cells a spreadsheet would run as a formula.
"""
from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import re
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from argmap.errors import OutputError

#: The path that means standard output.
STDOUT = "-"
#: A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets
#: (OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
AT_FDCWD, AT_EMPTY_PATH = -100, 0x1000  # linkat(2) on Linux
#: Temporary files being written, removed at exit if a write is interrupted.
_PENDING: set[str] = set()


def spreadsheet_cell(value: object) -> object:
    """``value`` made safe for a CSV cell: text that a spreadsheet would evaluate as a formula gets a
    leading ``'`` (OWASP's rule); numbers, and text that is just a number, are left as they are.

    >>> spreadsheet_cell("=cmd|' /C calc'!A0"), spreadsheet_cell("@SUM(1)"), spreadsheet_cell("+1+1")
    ("'=cmd|' /C calc'!A0", "'@SUM(1)", "'+1+1")
    >>> spreadsheet_cell("-1"), spreadsheet_cell(-1), spreadsheet_cell("plain text")
    ('-1', -1, 'plain text')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def current_umask() -> int:
    """The process's umask (read from ``/proc`` where possible, so no other thread sees it change).

    A new file gets permission bits ``0666 & ~umask`` (open(2)); :func:`write_atomic` gives them.

    >>> previous = os.umask(0o027)
    >>> oct(current_umask()), oct(0o666 & ~current_umask())
    ('0o27', '0o640')
    >>> _ = os.umask(previous)
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write ``data`` (text is UTF-8 encoded) to ``path``; return the path written.

    - ``-`` writes to standard output;
    - a symbolic link is followed: the file it points to is replaced, the link stays;
    - a character device, pipe or socket (``/dev/null``, ``/dev/stdout``, a FIFO) is written
      through, never replaced;
    - a regular file is replaced atomically: the data goes to an unnamed file in the same folder
      (``O_TMPFILE``; else a hidden temporary file removed on any error, at exit or on SIGTERM),
      which is synced and then renamed over the target. The new file keeps the old one's
      permission bits; a new file gets ``0666`` less the umask.

    Raises :class:`~argmap.errors.OutputError` naming the path when it cannot be written.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_atomic(Path(tmp, "out.txt"), "hello\\n").read_text()
    'hello\\n'
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if str(path) == STDOUT:
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return Path(STDOUT)
    path = Path(path)
    target = Path(os.path.realpath(path))
    try:
        info = path.stat()  # follows links: /dev/stdout is a link to a pipe that has no path
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(path, "it is a folder")
    try:
        if info is not None and not stat.S_ISREG(info.st_mode):
            with open(path, "wb") as handle:
                handle.write(payload)
            return path
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~current_umask()
        _replace(target, payload, mode)
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from None
    return path


def _replace(target: Path, payload: bytes, mode: int) -> None:
    """Replace ``target`` by a file holding ``payload`` with permission bits ``mode``, atomically."""
    if not _replace_unnamed(target, payload, mode):
        with _pending(target) as name:
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                _fill(fd, handle, payload, mode)
            os.replace(name, target)
    _sync_folder(target.parent)


def _replace_unnamed(target: Path, payload: bytes, mode: int) -> bool:
    """Write through an unnamed ``O_TMPFILE`` file given a name only just before the rename, so a
    killed process leaves nothing behind; False where the system or file system cannot."""
    try:
        fd = os.open(target.parent, os.O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, 0o600)
    except (AttributeError, OSError):
        return False
    with os.fdopen(fd, "wb") as handle:
        _fill(fd, handle, payload, mode)
        with _pending(target) as name:
            if not _link_unnamed(fd, name):
                return False
            os.replace(name, target)
    return True


def _link_unnamed(fd: int, name: str) -> bool:
    """Give the unnamed file open as ``fd`` the name ``name``: through ``/proc/self/fd``, else by
    ``linkat(fd, "", AT_EMPTY_PATH)`` (allowed to root); False when neither works."""
    try:
        os.link(f"/proc/self/fd/{fd}", name, follow_symlinks=True)
        return True
    except OSError:
        pass
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.linkat(fd, b"", AT_FDCWD, os.fsencode(name), AT_EMPTY_PATH) == 0)
    except (OSError, AttributeError):
        return False


def _fill(fd: int, handle: object, payload: bytes, mode: int) -> None:
    handle.write(payload)  # type: ignore[attr-defined]
    handle.flush()  # type: ignore[attr-defined]
    os.fchmod(fd, mode)
    os.fsync(fd)


@contextlib.contextmanager
def _pending(target: Path) -> Iterator[str]:
    """A fresh hidden name beside ``target``, removed if the block does not rename it away (on an
    error, at interpreter exit, or on SIGTERM while the block runs in the main thread)."""
    name = os.path.join(target.parent, f".{target.name}.{os.getpid()}.{next(tempfile._get_candidate_names())}.tmp")  # type: ignore[attr-defined]
    _PENDING.add(name)
    previous = _catch_sigterm()
    try:
        yield name
    finally:
        _PENDING.discard(name)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _catch_sigterm() -> signal.Handlers | None:
    """Turn SIGTERM into SystemExit (so temporary files are removed) when nobody else handles it."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return None

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    return signal.SIG_DFL


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@atexit.register
def _remove_pending() -> None:
    for name in list(_PENDING):
        with contextlib.suppress(OSError):
            os.unlink(name)
