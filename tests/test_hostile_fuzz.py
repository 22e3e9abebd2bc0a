"""Property-based fuzzing of every reader and writer (issue 17): whatever the bytes, a reader
returns a graph or raises an :class:`~argmap.errors.ArgmapError` naming the file, within a
generous time budget per kilobyte; whatever the text in a debate, every writer writes it and the
RDF and debate formats read it back to the same graph.

The budgets catch super-linear readers (minutes on a few kilobytes), not slowness: they are many
times what a read takes. The speed of reading hostile input at scale is measured by
``bench/bench_hostile.py``.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from argmap.errors import ArgmapError, InputError
from argmap.graph.formats import format_named, read_files, readable_names, writable_names

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
#: Seconds a reader may take: a fixed allowance plus this many per kilobyte of input.
BUDGET_BASE, BUDGET_PER_KB = 5.0, 2.0
#: Formats whose reader gives back exactly the graph their writer was given.
LOSSLESS = ("nt", "turtle", "xml", "jsonld")
#: Examples per property: few in CI (the suite runs on 2 cores); ARGMAP_FUZZ_EXAMPLES=2000 to search harder.
EXAMPLES = int(os.environ.get("ARGMAP_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def budget(size: int) -> float:
    """The time a reader may take on ``size`` bytes."""
    return BUDGET_BASE + BUDGET_PER_KB * size / 1024


def seed(fmt: str) -> bytes:
    """The mini debate written in ``fmt`` (Kialo, which argmap does not write, as a small export)."""
    if fmt == "kialo":
        return (b"Discussion Title: Car-free street?\n\n1. Car-free street?\n1.1. Pro: More footfall.\n1.1.1. Con: Deliveries suffer.\n"
                b"1.2. Con: Fewer parking spaces.\n")
    text = format_named(fmt, reading=False).write(read_files([MINI]))
    return text.encode("utf-8") if isinstance(text, str) else text


SEEDS = {fmt: seed(fmt) for fmt in readable_names()}
NASTY = [b"\x00", b"\x1b", b"\xff", b"\xed\xa0\x80", "\ufffe".encode(), "\u2028".encode(), b"\r", b"\x0b", b"&", b"<", b"]]>", b"{",
         b"[", b"*", b"_", b"&a", b"*a", b"!!int", b"@include(/etc/passwd)", b"=cmd|' /C calc'!A0", b"<!ENTITY", b"\\", b"\"", b"'"]


@st.composite
def mutated(draw: st.DrawFn, fmt: str) -> bytes:
    """The seed of ``fmt`` with a few spans replaced by random or hostile bytes, or repeated."""
    data = bytearray(SEEDS[fmt])
    for _ in range(draw(st.integers(1, 6))):
        start = draw(st.integers(0, len(data)))
        end = min(len(data), start + draw(st.integers(0, 40)))
        piece = draw(st.one_of(st.binary(max_size=30), st.sampled_from(NASTY),
                               st.builds(lambda b, n: b * n, st.sampled_from(NASTY), st.integers(1, 400))))
        if draw(st.booleans()):
            piece = bytes(data[start:end]) * draw(st.integers(2, 50))
        data[start:end] = piece
    return bytes(data)


def read_within_budget(path: Path, fmt: str) -> Graph | None:
    """Read ``path`` as ``fmt``: a graph, or None when refused with an ArgmapError naming the file."""
    size = path.stat().st_size
    start = time.perf_counter()
    try:
        graph = read_files([path], fmt)
    except ArgmapError as exc:
        if isinstance(exc, InputError):
            assert str(path) in str(exc) or exc.path == fmt, str(exc)
        graph = None
    elapsed = time.perf_counter() - start
    assert elapsed < budget(size), f"{fmt}: {elapsed:.1f} s for {size} bytes"
    return graph


@pytest.mark.parametrize("fmt", readable_names())
def test_every_reader_refuses_or_reads_mutated_files(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"input{format_named(fmt).extension}"

    @FUZZ
    @given(data=mutated(fmt))
    def check(data: bytes) -> None:
        path.write_bytes(data)
        read_within_budget(path, fmt)

    check()


HOSTILE_TEXT = st.text(st.characters(codec=None, exclude_categories=()), min_size=1, max_size=60) | st.sampled_from(
    ["=1+1", "@SUM(1)", "<script>alert(1)</script>", "a\x1bb", "a\x00b", "x\u2028y", "x\x85y", "\ud800", "[A]: <B> #t {x: 1}",
     "_a " * 50, "-5", "a b", "&lt;", "]]>", "\\", "\"'"])


@st.composite
def debate_files(draw: st.DrawFn) -> str:
    """A debate file whose titles, names, texts and quotes are arbitrary (hostile) text."""
    texts = [draw(HOSTILE_TEXT) for _ in range(7)]
    document = {
        "argmap": 1, "id": "fuzz", "title": texts[0], "sources": [{"id": "s", "title": texts[1]}],
        "speakers": [{"id": "a", "name": texts[2]}, {"id": "b", "name": texts[3]}],
        "claims": [{"id": "c1", "text": texts[4], "locutions": [{"speaker": "a", "source": "s", "quote": texts[5]}]},
                   {"id": "c2", "text": texts[6], "locutions": [{"speaker": "b", "source": "s", "quote": texts[6]}]}],
        "relations": [{"from": "c2", "to": "c1", "type": draw(st.sampled_from(["supports", "attacks", "undercuts"]))}],
    }
    return yaml.safe_dump(document, allow_unicode=draw(st.booleans()))


@FUZZ
@given(text=debate_files())
def test_every_writer_writes_what_a_reader_accepted(text: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    source = folder / "fuzz.yaml"
    source.write_bytes(text.encode("utf-8", "surrogatepass"))
    graph = read_within_budget(source, "yaml")
    if graph is None:
        return
    for fmt in writable_names():
        written = format_named(fmt, reading=False).write(graph)
        if fmt not in readable_names():
            continue
        again = folder / f"again{format_named(fmt).extension}"
        again.write_bytes(written.encode("utf-8") if isinstance(written, str) else written)
        back = read_files([again], fmt)
        if fmt in LOSSLESS:
            assert isomorphic(back, graph), fmt
        else:
            assert len(back) > 0, fmt
