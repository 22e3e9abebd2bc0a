"""The store: ingest into named graphs, idempotent re-ingest, transactions, and the three places
a store can be (a directory, memory, a real SPARQL server started here)."""
from __future__ import annotations

import functools
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, FIXTURES, engine_refused
from rdflib import RDF, RDFS

from argmap import load
from argmap.cli import main
from argmap.errors import InputError
from argmap.graph.rdf import AM
from argmap.store import MANIFEST, OxigraphStore, RemoteStore, ResultTooLarge, StoreError, ingest, open_store

MINI = FIXTURES / "mini.yaml"
FLAGSHIP = EXAMPLES / "hollywood-ai.yaml"


def triples(graph) -> set:
    return set(graph)


@functools.cache
def _read(*paths: Path) -> frozenset:
    return frozenset(load(list(paths)))


def read(*paths: Path) -> frozenset:
    """The triples argmap's readers give for unchanging files (read once per test session)."""
    return _read(*paths)


def edited_copy(tmp_path: Path, name: str = "mini.yaml") -> Path:
    """mini.yaml with one claim's text changed (same document path, new content)."""
    copy = tmp_path / name
    copy.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    return copy


def test_ingest_puts_each_file_in_its_own_named_graph(tmp_path):
    with open_store(tmp_path / "kg") as store:
        report = ingest(store, [FLAGSHIP, MINI])
        documents = {d.graph: d.triples for d in store.documents()}
        assert report.added == [FLAGSHIP.resolve().as_uri(), MINI.resolve().as_uri()]
        # each graph holds exactly what the file's own reader gives
        assert documents == {FLAGSHIP.resolve().as_uri(): len(read(FLAGSHIP)), MINI.resolve().as_uri(): len(read(MINI))}
        assert triples(store.union_graph()) == read(FLAGSHIP, MINI)


def test_reingest_is_idempotent_and_replaces_a_changed_document(tmp_path):
    doc = edited_copy(tmp_path)
    with open_store(tmp_path / "kg") as store:
        ingest(store, [doc, FLAGSHIP])
        first = len(store)
        again = ingest(store, [doc, FLAGSHIP])
        assert len(store) == first and again.unchanged == [doc.resolve().as_uri(), FLAGSHIP.resolve().as_uri()]
        doc.write_text(doc.read_text(encoding="utf-8").replace("brings more people past the shops", "brings crowds"), encoding="utf-8")
        changed = ingest(store, [doc])
        assert changed.replaced == [doc.resolve().as_uri()]
        assert triples(store.union_graph()) == triples(load([doc, FLAGSHIP]))
        texts = {str(row[0]) for row in store.query("SELECT ?t WHERE { ?c am:text ?t }") if isinstance(row, tuple)}
        assert "A car-free street brings crowds." in texts
        assert "A car-free street brings more people past the shops." not in texts


def test_a_store_persists_across_openings_and_is_found_by_load(tmp_path):
    with open_store(tmp_path / "kg") as store:
        ingest(store, [MINI])
    assert (tmp_path / "kg" / MANIFEST).is_file()
    with open_store(tmp_path / "kg", read_only=True) as store:
        assert len(store) == len(read(MINI))
        with pytest.raises(StoreError, match="read-only"):
            ingest(store, [FLAGSHIP])
    # every command that takes debate files takes a store too
    assert triples(load(tmp_path / "kg")) == read(MINI)
    assert triples(load([tmp_path / "kg", FLAGSHIP])) == read(MINI, FLAGSHIP)


def _generation(path: Path) -> str:
    return (path / MANIFEST).read_text(encoding="utf-8")


@pytest.mark.parametrize("bad_name, bad_text", [
    ("broken.yaml", "argmap: 1\nid: broken\ntitle: x\nsources: []\nspeakers: []\nclaims: [\n"),
    # valid triples first, so Oxigraph's bulk loader has written some before it meets the error
    ("broken.nt", "<http://example.org/a> <http://example.org/p> \"1\" .\n" * 2000 + "<http://example.org/a> <p> \"unterminated .\n"),
])
def test_a_failure_mid_ingest_leaves_the_store_as_it_was(tmp_path, bad_name, bad_text):
    kg = tmp_path / "kg"
    doc = edited_copy(tmp_path)
    with open_store(kg) as store:
        ingest(store, [doc])
        before, manifest = triples(store.union_graph()), _generation(kg)
        bad = tmp_path / bad_name
        bad.write_text(bad_text, encoding="utf-8")
        doc.write_text(doc.read_text(encoding="utf-8").replace("Main Street", "High Street"), encoding="utf-8")
        with pytest.raises(InputError) as error:
            ingest(store, [FLAGSHIP, doc, bad])
        assert str(bad) in str(error.value)
        assert triples(store.union_graph()) == before and _generation(kg) == manifest
    with open_store(kg) as store:  # reopened: the same
        assert triples(store.union_graph()) == before
    assert sorted(p.name for p in kg.iterdir() if p.name.startswith("data-")) == ["data-000000", "data-000001"]


def test_native_rdf_files_load_the_same_triples_as_their_reader(tmp_path):
    for fmt, suffix in (("nt", ".nt"), ("turtle", ".ttl"), ("xml", ".rdf")):
        path = tmp_path / f"mini{suffix}"
        path.write_text(load(MINI).serialize(format=fmt), encoding="utf-8")
        with open_store(tmp_path / f"kg-{fmt}") as store:
            ingest(store, [path])
            assert triples(store.union_graph()) == triples(load(path)), fmt


def test_memory_store_and_a_non_store_directory(tmp_path):
    with open_store(None) as store:
        ingest(store, [MINI, FLAGSHIP])
        assert len(store) == len(read(MINI)) + len(read(FLAGSHIP))
        with pytest.raises(InputError):
            ingest(store, [MINI, tmp_path / "missing.yaml"])
        assert len(store) == len(read(MINI)) + len(read(FLAGSHIP))
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("x")
    with pytest.raises(StoreError, match="not an argmap store"):
        open_store(tmp_path / "notes")
    with pytest.raises(InputError, match="not an argmap store"):
        load(tmp_path / "notes")


def test_two_writers_do_not_interleave(tmp_path):
    store = OxigraphStore(tmp_path / "kg")
    with store._lock():
        with pytest.raises(StoreError, match="another process is writing"):
            ingest(OxigraphStore(tmp_path / "kg"), [MINI])


def test_cli_ingest_then_query_the_store(tmp_path):
    runner = CliRunner()
    kg = str(tmp_path / "kg")
    first = runner.invoke(main, ["ingest", str(FLAGSHIP), str(MINI), "--store", kg])
    assert first.exit_code == 0, first.output
    assert "2 added" in first.output
    again = runner.invoke(main, ["ingest", str(FLAGSHIP), str(MINI), "--store", kg])
    assert "2 unchanged" in again.output
    from_store = runner.invoke(main, ["query", "--store", kg, "who-attacks-whom", "--format", "csv"])
    from_files = runner.invoke(main, ["query", str(FLAGSHIP), str(MINI), "who-attacks-whom", "--format", "csv"])
    assert from_store.exit_code == 0 and sorted(from_store.output.splitlines()) == sorted(from_files.output.splitlines())
    query_file = tmp_path / "q.rq"
    # lines 1-3 are valid SPARQL, line 4 is not: the parser names a place on line 4 or after
    query_file.write_text("SELECT ?name WHERE {\n  ?s a am:Speaker ;\n     rdfs:label ?name .\n  FILTER(?name = = 3)\n}\n")
    for target in (["--store", kg], [str(MINI)]):
        bad = runner.invoke(main, ["query", *target, "-f", str(query_file)])
        place = re.search(re.escape(str(query_file)) + r":(\d+):(\d+): the query does not parse: \w", bad.output)
        assert bad.exit_code == 2 and place and int(place.group(1)) >= 4, bad.output
    query_file.write_text("SELECT ?name WHERE { ?s a am:Organisation ; rdfs:label ?name } ORDER BY ?name\n")
    good = runner.invoke(main, ["query", "--store", kg, "-f", str(query_file), "--format", "tsv"])
    organisations = {str(g.value(s, RDFS.label)) for g in (load(FLAGSHIP), load(MINI)) for s in g.subjects(RDF.type, AM.Organisation)}
    assert good.exit_code == 0 and good.output.splitlines() == ["name", *sorted(organisations)]


# --- a real SPARQL server: Oxigraph server, from PyPI's `oxigraph` package -------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@pytest.fixture
def oxigraph_server(tmp_path):
    """A real Oxigraph SPARQL server on a free loopback port with a temporary directory, always stopped."""
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the Oxigraph server is not installed (pip install oxigraph; make test does it)")
    port = _free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "oxigraph"), "--bind", f"127.0.0.1:{port}",
                                "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"oxigraph serve exited: {process.communicate()[1].decode()}")
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_ingest_into_a_real_sparql_server(oxigraph_server, tmp_path):
    runner = CliRunner()
    doc = edited_copy(tmp_path)
    result = runner.invoke(main, ["ingest", str(FLAGSHIP), str(doc), "--store", oxigraph_server])
    assert result.exit_code == 0, result.output
    store = open_store(oxigraph_server)
    assert isinstance(store, RemoteStore)
    count = len(store)
    assert count == len(read(FLAGSHIP)) + len(load(doc))
    assert {d.graph: d.triples for d in store.documents()} == {FLAGSHIP.resolve().as_uri(): len(read(FLAGSHIP)), doc.resolve().as_uri(): len(load(doc))}
    runner.invoke(main, ["ingest", str(FLAGSHIP), str(doc), "--store", oxigraph_server])
    assert len(store) == count  # replaced, not added twice
    assert triples(load(oxigraph_server)) == triples(load([FLAGSHIP, doc]))
    # a failure mid-ingest: nothing of the good files reaches the server
    doc.write_text(doc.read_text(encoding="utf-8").replace("Main Street", "High Street"), encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ;\n")
    with pytest.raises(InputError):
        ingest(store, [doc, bad])
    assert triples(store.union_graph()) == read(FLAGSHIP, MINI)
    on_server = runner.invoke(main, ["query", "--store", oxigraph_server, "who-attacks-whom", "--format", "csv"])
    on_files = runner.invoke(main, ["query", str(FLAGSHIP), str(MINI), "who-attacks-whom", "--format", "csv"])
    assert sorted(on_server.output.splitlines()) == sorted(on_files.output.splitlines())


def test_the_next_process_finds_the_answers_a_generation_saved(tmp_path):
    from argmap.sparql import prepare_answers, run_query

    with open_store(tmp_path / "kg") as store:
        ingest(store, [FLAGSHIP, MINI])
        computed = {name: run_query(store, name).texts() for name in ("debates", "attacks")}
    with open_store(tmp_path / "kg", read_only=True) as reader:
        with engine_refused(reader):
            assert {name: run_query(reader, name).texts() for name in computed} == computed
            with pytest.raises(ResultTooLarge):
                run_query(reader, "attacks", max_rows=len(computed["attacks"]) - 1)
        assert prepare_answers(reader, ["debates"]) == {"debates": pytest.approx(0, abs=1)}
    with open_store(None) as memory:
        assert prepare_answers(memory) == {}  # a store in memory keeps nothing


def test_saved_answers_go_with_their_generation(tmp_path):
    doc = edited_copy(tmp_path)
    query = "SELECT ?t WHERE { ?c am:text ?t } ORDER BY ?t"
    with open_store(tmp_path / "kg") as store:
        for change in ("brings crowds", "brings throngs", "brings everyone"):
            ingest(store, [doc])
            store.query(query)
            doc.write_text(MINI.read_text(encoding="utf-8").replace("brings more people", change), encoding="utf-8")
        ingest(store, [doc])
        generation = store.generation
    saved = sorted(p.name for p in (tmp_path / "kg" / "answers").iterdir())
    assert len(saved) <= 2 and generation not in saved  # the current and the one before at most; none yet for the newest
    with open_store(tmp_path / "kg", read_only=True) as reader:
        texts = {row[0].value for row in reader.query(query).rows}
    assert "A car-free street brings everyone past the shops." in texts and not any("throngs" in t for t in texts)


def test_ingest_answers_the_named_queries_unless_told_not_to(tmp_path):
    from argmap.sparql import named_queries

    runner = CliRunner()
    kept = runner.invoke(main, ["ingest", str(MINI), "--store", str(tmp_path / "kg")])
    assert kept.exit_code == 0, kept.output
    assert f"{len(named_queries())} named queries answered" in kept.output
    (generation,) = (tmp_path / "kg" / "answers").iterdir()
    assert len(list(generation.iterdir())) == len(named_queries())
    plain = runner.invoke(main, ["ingest", str(MINI), "--store", str(tmp_path / "other"), "--no-prepare"])
    assert plain.exit_code == 0 and "answered" not in plain.output
    assert not (tmp_path / "other" / "answers").exists()


def test_a_store_on_disk_keeps_select_answers_until_its_next_generation(tmp_path):
    doc = edited_copy(tmp_path)
    query = "SELECT ?t WHERE { ?c am:text ?t } ORDER BY ?t"
    with open_store(tmp_path / "kg") as store:
        ingest(store, [doc])
        first, again = store.query(query), store.query(query)
        assert again.document is first.document  # the kept answer, not a second run
        doc.write_text(doc.read_text(encoding="utf-8").replace("brings more people", "brings crowds"), encoding="utf-8")
        ingest(store, [doc])  # a new generation: answers are computed again, on the new data
        after = store.query(query)
        assert after.document is not first.document
        texts = {row[0].value for row in after.rows}
        assert "A car-free street brings crowds past the shops." in texts and not any("more people" in t for t in texts)
