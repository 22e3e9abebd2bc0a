"""Queries in a bounded pool of worker processes, each stopped when its query runs out of time.

Oxigraph cannot interrupt a query from Python (pyoxigraph 0.5 has no cancellation), and a thread
cannot be killed; a process can. Each worker process opens the store read-only by its location,
answers one job at a time, and is killed (SIGKILL, its CPU freed at once) when its query passes
the deadline; a fresh worker takes its place. At most ``size`` workers exist; one more is kept
started and idle (``spare``) so that a cheap query finds a worker at once while slow ones run,
and a query still running after :data:`SLOW_AFTER` seconds is moved to a low CPU priority, so
that cheap queries are not slowed by it either.
Workers come from a ``forkserver`` that has imported the query modules, so one starts in tens of
milliseconds, without the parent's threads and open store.
"""
from __future__ import annotations

import collections
import concurrent.futures
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing import forkserver
from multiprocessing.connection import Connection

from argmap import sparql
from argmap.errors import ArgmapError, QueryError
from argmap.store import OxigraphStore, ResultTooLarge, SelectResult, Store, open_store

#: Modules the forkserver imports once, so that workers forked from it start quickly.
PRELOAD = ["argmap.server.workers", "argmap.sparql", "argmap.store", "rdflib", "pyoxigraph"]
#: Seconds a new worker may take to open the store before it counts as failed.
START_TIMEOUT = 60.0
#: Seconds a job may wait for a free worker at least (a new worker takes a moment to start).
MIN_WAIT = 10.0
#: Seconds after which a running query counts as slow: its worker yields the CPU to every other
#: process (niceness :data:`SLOW_NICENESS`), so cheap queries keep answering, and is replaced
#: by a fresh worker once it is done (a process cannot take its priority back).
SLOW_AFTER = 0.5
SLOW_NICENESS = 10


@dataclass(frozen=True)
class Job:
    """A query to answer, and the result formats to answer it in: ``table_format`` for SELECT and
    ASK (``json``, ``xml``, ``csv``, ``tsv``), ``graph_format`` for CONSTRUCT and DESCRIBE."""

    text: str
    table_format: str = "json"
    graph_format: str = "turtle"
    max_rows: int | None = None
    allow_service: bool = False
    bindings: Mapping[str, object] | None = None


#: Jobs a worker runs before it takes any (loading what the first real query would load).
WARM_UP = (Job("SELECT * WHERE { ?s ?p ?o } LIMIT 1"), Job("ASK {}", "xml"), Job("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"))


@dataclass(frozen=True)
class Answer:
    """A worker's reply: ``kind`` is ``ok`` (``body`` in ``fmt``, ``graph`` telling which kind of
    format), ``query`` (the query is wrong), ``too-large`` or ``error`` (``message`` says why)."""

    kind: str
    fmt: str = ""
    graph: bool = False
    body: bytes = b""
    message: str = ""


class TimedOut(ArgmapError):
    """A job that did not finish (or did not get a worker) before its deadline."""


class Busy(ArgmapError):
    """A job refused at once because too many are already waiting for a worker."""


def answer(store: Store, job: Job) -> Answer:
    """Run ``job`` on ``store`` and format its result; errors become the :class:`Answer`'s message.
    TSV answers to SELECT are SPARQL 1.1 Query Results TSV (terms in Turtle syntax); an ASK
    asked for in CSV or TSV is answered in JSON (the boolean formats of SPARQL 1.1 Results).

    >>> from argmap.store import ingest, open_store
    >>> with open_store(None) as store:
    ...     _ = ingest(store, ["tests/fixtures/mini.yaml"])
    ...     counted = answer(store, Job("SELECT (COUNT(?claim) AS ?claims) WHERE { ?claim a am:Claim }", "csv"))
    ...     asked = answer(store, Job("ASK { ?s a am:Speaker }", "csv"))
    ...     wrong = answer(store, Job("SELECT ?claim WHERE { ?claim a am:Claim"))
    >>> counted.kind, counted.fmt, counted.body.decode("utf-8").split()
    ('ok', 'csv', ['claims', '5'])
    >>> asked.fmt, asked.body
    ('json', b'{"head": {}, "boolean": true}')
    >>> wrong.kind, wrong.message.split(": expected")[0]
    ('query', 'query:1:40: the query does not parse')
    """
    try:
        result = sparql.run_query(store, job.text, dict(job.bindings) if job.bindings else None, max_rows=job.max_rows, allow_service=job.allow_service)
        graph = result.type in ("CONSTRUCT", "DESCRIBE")
        fmt = job.graph_format if graph else job.table_format
        if result.type == "ASK" and fmt not in ("json", "xml"):
            fmt = "json"
        if fmt == "tsv" and isinstance(result, SelectResult):  # the Protocol's TSV: SPARQL 1.1 TSV results, terms in Turtle syntax
            return Answer("ok", fmt, graph, result.serialize("tsv"))
        return Answer("ok", fmt, graph, sparql.format_result(result, fmt).encode("utf-8"))
    except ResultTooLarge as exc:
        return Answer("too-large", message=str(exc))
    except QueryError as exc:
        return Answer("query", message=str(exc))
    except ArgmapError as exc:
        return Answer("error", message=str(exc))
    except Exception as exc:  # an engine failure must not end the worker without a word
        return Answer("error", message=f"the query failed: {type(exc).__name__}: {exc}")


def _work(connection: Connection, location: str) -> None:
    """A worker process: open the store, say so, then answer jobs until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which stops its workers
    try:
        store = open_store(location, read_only=True)
    except ArgmapError as exc:
        connection.send(Answer("error", message=str(exc)))
        return
    for warm_up in WARM_UP:  # the first query of a process loads rdflib's result plugins: not the client's
        answer(store, warm_up)
    connection.send(Answer("ok"))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if isinstance(store, OxigraphStore):
            store.refresh()  # reopen the store if a newer generation was committed since the last job
        connection.send(answer(store, job))


def _start_forkserver() -> None:
    """Start the forkserver with Ctrl-C ignored (it and the workers inherit that): Ctrl-C in the
    terminal reaches the whole process group, and the server, not its helpers, handles it."""
    if threading.current_thread() is not threading.main_thread():
        forkserver.ensure_running()
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)


def _update_in_process(connection: Connection, location: str, text: str) -> None:
    """An update process: apply ``text`` to the store at ``location`` and reply ``None`` or
    ``(is_query_error, message)``; after a change, answer the named queries at a low CPU
    priority while the generation it made is the current one (see :func:`apply_update`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with open_store(location) as store:
            store.update(text)
            connection.send(None)
            connection.close()
            os.nice(SLOW_NICENESS)
            _prepare_while_current(store)
    except ArgmapError as exc:
        connection.send((isinstance(exc, QueryError), str(exc)))
    except Exception as exc:  # the engine's own failure: a message for the client
        connection.send((False, f"the update failed: {type(exc).__name__}: {exc}"))


def _prepare_while_current(store: Store) -> None:
    """Answer each named query on ``store`` (so that a store that keeps answers saves them), and
    stop once another process has committed a newer generation: its own update prepares that."""
    for name in sparql.named_queries():
        if isinstance(store, OxigraphStore) and store.refresh():
            return
        sparql.run_query(store, name)


def apply_update(location: str, text: str, timeout: float) -> None:
    """Apply the SPARQL update ``text`` to the store on disk at ``location`` in a process of its
    own, killed when it runs longer than ``timeout`` seconds (:class:`TimedOut`). Nothing is
    changed then: the store commits a generation only once the update is done, and the killed
    process's lock goes with it. A wrong update raises :class:`QueryError`.

    Once it has replied, the process answers the named queries on the new generation in the
    background, at a low CPU priority and outside the query workers (as ``argmap ingest`` does),
    so that their answers are saved before clients ask; it stops early when a newer update lands.

    >>> import tempfile
    >>> from argmap.store import ingest, open_store
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     with open_store(folder + "/kg") as store:
    ...         _ = ingest(store, ["tests/fixtures/mini.yaml"])
    ...     apply_update(folder + "/kg", 'INSERT DATA { GRAPH <https://example.org/notes> { <https://example.org/ana> rdfs:comment "cafe owner" } }', 30)
    ...     try:
    ...         apply_update(folder + "/kg", "INSERT DATA { oops", 30)
    ...     except QueryError as exc:
    ...         print(str(exc).split(": expected")[0])
    ...     with open_store(folder + "/kg", read_only=True) as store:
    ...         sparql.result_rows(sparql.run_query(store, "SELECT ?note WHERE { ?s rdfs:comment ?note }"))
    update:1:19: the query does not parse
    (['note'], [['cafe owner']])
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    _start_forkserver()
    parent, child = context.Pipe()
    process = context.Process(target=_update_in_process, args=(child, location, text), daemon=True, name="argmap-update")
    process.start()
    child.close()
    try:
        if not parent.poll(timeout):
            process.kill()
            raise TimedOut(f"the update ran longer than {timeout:g} s and was stopped; nothing was changed")
        reply = parent.recv()
    except EOFError:
        raise ArgmapError("the update process ended unexpectedly; nothing was changed") from None
    finally:
        parent.close()
        threading.Thread(target=process.join, daemon=True, name="argmap-update-reaper").start()
    if reply is not None:
        is_query_error, message = reply
        raise (QueryError if is_query_error else ArgmapError)(message)


class _Worker:
    def __init__(self, context, location: str):
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_work, args=(child, location), daemon=True, name="argmap-query")
        self.process.start()
        child.close()
        self.lowered = False

    def lower_priority(self) -> None:
        """Let every other process go first (nice +10): this worker's query is a slow one."""
        if self.process.pid is not None:
            try:
                os.setpriority(os.PRIO_PROCESS, self.process.pid, SLOW_NICENESS)
                self.lowered = True
            except OSError:
                pass

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


class WorkerPool:
    """At most ``size`` worker processes answering :class:`Job` s on the store at ``location``.

    :meth:`run` waits at most ``timeout`` seconds in all (for a worker, then for the answer);
    at most ``max_waiting`` jobs wait for a worker at once, more get :class:`Busy` at once.
    """

    def __init__(self, location: str, size: int = 8, spare: int = 1, max_waiting: int = 64):
        self.location = location
        self.size = max(1, size)
        self.spare = spare
        self.max_waiting = max_waiting
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(PRELOAD)
        _start_forkserver()
        self._condition = threading.Condition()
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._busy = 0
        self._starting = 0
        self._waiting = 0
        self._failure: str | None = None
        self._closed = False
        self.killed = 0
        #: Process ids of the workers killed lately (the most recent last).
        self.killed_pids: collections.deque[int] = collections.deque(maxlen=64)
        with self._condition:
            self._top_up()
            self._condition.wait_for(lambda: self._idle or not self._starting, START_TIMEOUT)
            if not self._idle:
                failure = self._failure or f"no query worker could open {location}"
        if not self._idle:
            self.close()
            raise ArgmapError(failure)

    # workers -----------------------------------------------------------------------------------
    def _top_up(self) -> None:
        """Start workers (in the background) until ``spare`` are idle or starting besides one per
        waiting job, within ``size``. Called with the condition held, when a job waits and when
        one is done."""
        wanted = self.spare + self._waiting - len(self._idle) - self._starting
        room = self.size - len(self._idle) - self._starting - self._busy
        for _ in range(max(0, min(wanted, room))):
            self._starting += 1
            threading.Thread(target=self._start_one, daemon=True, name="argmap-worker-start").start()

    def _start_one(self) -> None:
        worker, failure = None, None
        try:
            worker = _Worker(self._context, self.location)
            if not worker.connection.poll(START_TIMEOUT):
                failure = f"a query worker did not open {self.location} within {START_TIMEOUT:g} s"
            else:
                hello = worker.connection.recv()
                failure = None if hello.kind == "ok" else hello.message
        except Exception as exc:  # whatever stops a worker from starting is reported to the waiting queries
            failure = f"a query worker could not start: {type(exc).__name__}: {exc}"
        with self._condition:
            self._starting -= 1
            if failure is None and worker is not None and not self._closed:
                self._idle.append(worker)
                self._all.add(worker)
                self._failure = None
            else:
                self._failure = failure or self._failure
                if worker is not None:
                    worker.kill()
            self._condition.notify_all()

    def _acquire(self, deadline: float) -> _Worker:
        with self._condition:
            if self._waiting >= self.max_waiting:
                raise Busy(f"{self._waiting} queries are already waiting for a worker: try again later")
            self._waiting += 1
            try:
                while not self._idle:
                    if self._closed:
                        raise Busy("the endpoint is shutting down")
                    if self._failure is not None and not self._starting and not self._busy:
                        raise ArgmapError(self._failure)
                    self._top_up()
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise TimedOut("the query waited longer than it may run for a free worker: the endpoint is busy, try again later")
                    self._condition.wait(remaining)
                worker = self._idle.pop()
                self._busy += 1
            finally:
                self._waiting -= 1
            return worker  # no worker is started here: a start would compete for the CPU with this job

    def _release(self, worker: _Worker, healthy: bool) -> None:
        with self._condition:
            self._busy -= 1
            keep = healthy and not self._closed and not worker.lowered
            if keep:
                self._idle.append(worker)
            else:
                self._all.discard(worker)
                self.killed += not healthy
                if not healthy and worker.process.pid is not None:
                    self.killed_pids.append(worker.process.pid)
            self._condition.notify_all()
        if not keep:
            worker.kill()
        with self._condition:
            self._top_up()

    # the interface -----------------------------------------------------------------------------
    def run(self, job: Job, timeout: float) -> Answer:
        """The answer to ``job``; :class:`TimedOut` (its worker killed) when it runs longer than
        ``timeout``, or when no worker is free within ``max(timeout, MIN_WAIT)`` seconds."""
        worker = self._acquire(time.monotonic() + max(timeout, MIN_WAIT))
        deadline = time.monotonic() + timeout
        healthy = False
        try:
            worker.connection.send(job)
            if not worker.connection.poll(min(SLOW_AFTER, timeout)):
                worker.lower_priority()
                if not worker.connection.poll(max(0.0, deadline - time.monotonic())):
                    raise TimedOut(f"the query ran longer than {timeout:g} s and was stopped")
            reply = worker.connection.recv()
            healthy = True
            return reply
        except (EOFError, OSError) as exc:
            raise ArgmapError(f"the query worker ended unexpectedly ({exc or 'no reply'}); the query was not answered") from None
        finally:
            self._release(worker, healthy)

    def stats(self) -> dict[str, int]:
        """How many workers are idle, busy and starting, and how many were killed so far."""
        with self._condition:
            return {"idle": len(self._idle), "busy": self._busy, "starting": self._starting, "killed": self.killed}

    def warm(self, count: int, timeout: float = START_TIMEOUT) -> int:
        """Start workers until ``count`` are idle (within ``size``) or ``timeout`` passes; how many are idle."""
        with self._condition:
            for _ in range(max(0, min(count, self.size - self._busy) - len(self._idle) - self._starting)):
                self._starting += 1
                threading.Thread(target=self._start_one, daemon=True, name="argmap-worker-start").start()
            self._condition.wait_for(lambda: len(self._idle) >= min(count, self.size - self._busy) or not self._starting, timeout)
            return len(self._idle)

    def pids(self) -> list[int]:
        """The process ids of the live workers."""
        with self._condition:
            return [w.process.pid for w in self._all if w.process.pid is not None]

    def close(self) -> None:
        """Stop every worker (running queries are killed)."""
        with self._condition:
            self._closed = True
            workers, self._idle, self._all = list(self._all), [], set()
            self._condition.notify_all()
        for worker in workers:
            worker.kill()


class InlineRunner:
    """Jobs answered by threads of this process, for a store that worker processes cannot open
    (one in memory): a query past its deadline gets :class:`TimedOut` but runs on to its end."""

    def __init__(self, store, size: int = 8):
        self.store = store
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, size), thread_name_prefix="argmap-query")

    def run(self, job: Job, timeout: float) -> Answer:
        """The answer to ``job``, or :class:`TimedOut` after ``timeout`` seconds."""
        future = self.pool.submit(answer, self.store, job)
        try:
            return future.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            raise TimedOut(f"the query ran longer than {timeout:g} s (it cannot be stopped in memory and runs on)") from None

    def stats(self) -> dict[str, int]:
        """Nothing to count: no worker processes."""
        return {}

    def pids(self) -> list[int]:
        """No worker processes."""
        return []

    def close(self) -> None:
        """Stop taking jobs."""
        self.pool.shutdown(wait=False, cancel_futures=True)
