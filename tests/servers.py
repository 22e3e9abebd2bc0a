"""Real SPARQL servers started on loopback for the remote-store tests and bench/bench_virtuoso.py:
a free port, waiting for a server to answer, and Virtuoso 7 (Debian `virtuoso-opensource`, which
`make test` installs through mk/virtuoso.mk) with its own ini and database in a folder."""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

VSP = Path("/var/lib/virtuoso-opensource-7/vsp")
VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = {dirs}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {vsp}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = {max_seconds}
"""


class ServerFailed(RuntimeError):
    """A server that is not installed, exited, or did not answer."""


def free_port() -> int:
    """A TCP port free on loopback now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], log: Path | None = None, seconds: float = 60) -> None:
    """Return once ``url`` answers; :class:`ServerFailed` (with the end of ``log``) if the server
    exits or does not answer within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if process.poll() is not None:
                detail = log.read_text(errors="replace")[-2000:] if log is not None and log.exists() else ""
                raise ServerFailed(f"the server exited: {detail}") from None
            time.sleep(0.2)
    raise ServerFailed(f"the server did not answer at {url}")


@dataclass
class Virtuoso:
    """A Virtuoso 7 running on loopback: its folder, SQL port (for isql-vt) and SPARQL endpoint."""

    folder: Path
    sql_port: int
    http_port: int

    @property
    def sparql_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def isql(self, script: str) -> str:
        """Run an SQL script through isql-vt as the new database's administrator; its output (errors raise)."""
        path = self.folder / "script.sql"
        path.write_text(script, encoding="utf-8")
        done = subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba", str(path)],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise ServerFailed(f"isql-vt failed: {done.stdout[-2000:]} {done.stderr[-2000:]}")
        return done.stdout

    def bulk_load(self, files: list[Path]) -> None:
        """Load each N-Triples file into the named graph argmap's ingest gives it (its file URI)."""
        adds = "".join(f"ld_add('{p.resolve()}', '{p.resolve().as_uri()}');\n" for p in files)
        self.isql(adds + "rdf_loader_run();\ncheckpoint;\n")
        failed = self.isql("SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;\n")
        if not any(line.strip() == "0" for line in failed.splitlines()):
            raise ServerFailed(f"Virtuoso's bulk load reported errors: {failed}")


def virtuoso_installed() -> bool:
    """Whether Debian's Virtuoso 7 (server, isql-vt and its web root) is on this machine."""
    return shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None and VSP.is_dir()


@contextmanager
def running_virtuoso(folder: Path, max_rows: int, readable: tuple[Path, ...] = (), buffers: int = 10_000,
                     max_seconds: int = 60) -> Iterator[Virtuoso]:
    """Virtuoso 7 on loopback (both ports on 127.0.0.1) with its ini and database in ``folder``,
    answers capped at ``max_rows`` rows, ``readable`` folders open to its bulk loader; stopped on exit."""
    binary = shutil.which("virtuoso-t")
    if binary is None or not virtuoso_installed():
        raise ServerFailed("Virtuoso is not installed (Debian virtuoso-opensource; `make test` installs it, mk/virtuoso.mk)")
    server = Virtuoso(folder, free_port(), free_port())
    ini = folder / "virtuoso.ini"
    dirs = ", ".join([".", str(folder), *(str(p.resolve()) for p in readable)])
    ini.write_text(VIRTUOSO_INI.format(dir=folder, dirs=dirs, sql_port=server.sql_port, http_port=server.http_port, vsp=VSP,
                                       buffers=buffers, dirty_buffers=buffers * 6 // 10, max_rows=max_rows, max_seconds=max_seconds))
    process = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=folder,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"{server.sparql_url}?query=ASK%7B%7D", process, folder / "virtuoso.log")
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
