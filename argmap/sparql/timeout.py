"""A query that stops at a timeout: run in a child process, killed when time is up.

Neither Oxigraph (pyoxigraph 0.5) nor rdflib can interrupt a running query, and a thread cannot be
stopped; a process can, and its CPU is freed at once. The endpoint keeps a pool of such processes
(:mod:`argmap.server.workers`); this is the one-shot form for ``argmap query --timeout``.
"""
from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection

from rdflib import Graph

from argmap.errors import ArgmapError, QueryError


class QueryTimeout(QueryError):
    """A query stopped because it ran longer than its timeout."""


def _formatted(source: Graph | str, query: str, fmt: str, bindings: dict | None, where: str | None, allow_service: bool) -> str:
    from argmap.sparql import format_result, run_query
    from argmap.store import OxigraphStore, open_store

    if isinstance(source, Graph):  # files: queried with Oxigraph in memory (the same rows as rdflib, far sooner)
        with OxigraphStore.of_graph(source) as memory:
            return format_result(run_query(memory, query, bindings, where, allow_service=allow_service), fmt)
    with open_store(source, read_only=True) as store:
        return format_result(run_query(store, query, bindings, where, allow_service=allow_service), fmt)


def _answer(connection: Connection, *arguments) -> None:
    """In the child: send ``(True, text)``, or ``(False, (exit code, message))`` for an error."""
    try:
        connection.send((True, _formatted(*arguments)))
    except ArgmapError as exc:
        connection.send((False, (exc.exit_code, str(exc))))
    except Exception as exc:  # an engine failure, reported as the query's
        connection.send((False, (QueryError.exit_code, f"the query failed: {type(exc).__name__}: {exc}")))


def formatted_query(source: Graph | str, query: str, fmt: str = "table", bindings: dict | None = None, where: str | None = None,
                    allow_service: bool = False, timeout: float | None = None) -> str:
    """The result of ``query`` on ``source`` (an rdflib graph, or a store location opened read-only)
    formatted as ``fmt`` (see :func:`argmap.sparql.format_result`); with ``timeout``, the query runs
    in a child process that is killed after ``timeout`` seconds (:class:`QueryTimeout`).

    >>> from argmap.store import load
    >>> formatted_query(load("tests/fixtures/mini.yaml"), "ASK { ?s a am:Speaker }", "json", timeout=60)
    '{"head": {}, "boolean": true}'
    """
    arguments = (source, query, fmt, bindings, where, allow_service)
    if timeout is None:
        return _formatted(*arguments)
    context = multiprocessing.get_context("fork")  # the child inherits the loaded graph, no copy
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_answer, args=(sender, *arguments), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped")
        ok, value = receiver.recv()
    except EOFError:
        raise QueryError("the query's process ended without an answer") from None
    finally:
        child.kill()
        child.join()
    if ok:
        return value
    code, message = value
    raise QueryError(message) if code == QueryError.exit_code else ArgmapError(message)
