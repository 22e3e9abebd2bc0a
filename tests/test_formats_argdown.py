"""Argdown in: a hand-made map with every construct, the reference implementation's own rejections,
and every shared Argdown file compared with the JSON export of @argdown/cli 1.7.5."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal

from argmap import load
from argmap.errors import InputError
from argmap.graph.formats import formats
from argmap.graph.formats.argdown import ArgdownMap, parse_argdown, read_argdown
from argmap.graph.rdf import AM, item_iri, rdf_to_debate

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
TOWN = FIXTURES / "town.argdown"
ROOT = Path(__file__).resolve().parents[1]
ARGDOWN_CLI = ROOT / ".cache" / "argdown" / "node_modules" / ".bin" / "argdown"


def test_hand_made_map_reads_every_construct() -> None:
    graph = read_argdown(TOWN)
    debate = rdf_to_debate(graph)
    claim = {c.id: c for c in debate.claims}
    assert debate.title == "Should Main Street go car-free?"
    assert claim["s.Car-free"].text == "Main Street should go car-free. #core"
    relations = {(r.source, r.type, r.target) for r in debate.relations}
    assert ("s.Deliveries", "attacks", "s.Car-free") in relations
    assert ("s.Loading_bays", "attacks", "s.Deliveries") in relations
    assert ("s.Side_streets", "undercuts", "a.Footfall") in relations, "an undercut attacks the argument's inference"
    assert ("s.Quiet", "supports", "s.Car-free") in relations, "+> runs from the parent to the child"
    contradiction = item_iri("town", "relation", "s.Car-free.attacks.s.Keep_cars")
    assert (contradiction, RDF.type, AM.Contradiction) in graph
    # <Footfall> supports [Car-free], its own conclusion: implied by the PCS, not a relation of its own
    assert not any(r.source == "a.Footfall" for r in debate.relations)
    # PCS: both premises support the conclusion, jointly
    assert {("s.Walkers", "s.Car-free"), ("s1", "s.Car-free")} <= {(r.source, r.target) for r in debate.relations if r.note == "premise-conclusion structure"}
    footfall = item_iri("town", "claim", "a.Footfall")
    assert (footfall, RDF.type, AM.Argument) in graph and (footfall, RDF.type, AM.Claim) in graph
    assert (item_iri("town", "claim", "s.Walkers"), AM.premiseOf, footfall) in graph
    assert (item_iri("town", "claim", "s.Car-free"), AM.conclusionOf, footfall) in graph
    joint = item_iri("town", "relation", "s.Walkers.supports.s.Car-free")
    assert (joint, AM.jointWith, item_iri("town", "relation", "s1.supports.s.Car-free")) in graph
    # titles, tags, sections
    assert graph.value(item_iri("town", "claim", "s.Car-free"), RDFS.label) == Literal("Car-free")
    assert (item_iri("town", "claim", "s.Car-free"), AM.tag, Literal("core")) in graph
    assert graph.value(item_iri("town", "claim", "s.Quiet"), AM.section) == Literal("Noise")
    assert graph.value(item_iri("town", "claim", "s.Deliveries"), AM.section) == Literal("Trade")
    # who argues: a speaker data field, a proponent field, a tag naming a declared speaker
    said = {c.id: sorted(loc.speaker for loc in c.locutions) for c in debate.claims if c.locutions}
    assert said == {"a.Footfall": ["ana-ruiz"], "s.Deliveries": ["ben-okafor"], "s.Loading_bays": ["ana-ruiz"]}


REJECTED = {
    "relation-without-parent": ("a\n\n    + b\n", "no statement or argument above it"),
    "empty-relation": ("a\n  +\n", "has no statement or argument after it"),
    "nested-list": ("* one\n  * two\n", "list item nested in a list item"),
    "inference-without-conclusion": ("(1) a\n----\nnot numbered\n", "numbered conclusion"),
    "bad-data": ("(1) a\n-- rule {uses: [1]; x} --\n(2) b\n", "data is not YAML"),
    "argument-number": ("<A>(1): text\n", "unexpected '('"),
    "no-empty-line": ("[A]: one\n[B]: two\n", "must follow an empty line"),
    "front-matter": ("===\ntitle: x\n===\n[A]: one\n", "followed by an empty line"),
}


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_what_the_reference_rejects_is_rejected_with_a_line(tmp_path: Path, case: str) -> None:
    text, problem = REJECTED[case]
    path = tmp_path / f"{case}.argdown"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_argdown(path)
    assert problem in str(error.value) and f"{path}:" in str(error.value)


def test_include_reads_each_file_once(tmp_path: Path) -> None:
    (tmp_path / "a.argdown").write_text("[A]: from a\n\n@include(b.argdown)\n", encoding="utf-8")
    (tmp_path / "b.argdown").write_text("[B]: from b\n\n@include(a.argdown)\n", encoding="utf-8")
    assert {c.text for c in rdf_to_debate(read_argdown(tmp_path / "a.argdown")).claims} == {"from a", "from b"}


# ---------------------------------------------------------------- the reference implementation

NORMAL = {"entails": "supports", "support": "supports", "contrary": "attacks", "attack": "attacks",
          "undercut": "undercuts", "contradictory": "contradicts"}
#: Files where we knowingly differ from @argdown/cli 1.7.5, and why.
KNOWN_DIFFERENCES = {
    # the reference replaces ArgVu's ligature shortcodes (.A. -> ∀, .E. -> ∃) in texts; we keep them
    "packages/argdown-core/test/semmelweis_betz.argdown": "ligature shortcodes",
}
REFERENCE_REJECTS = {
    "packages/ArgVu/demo.argdown", "packages/argdown-core/test/lexer-argument.argdown",
    "packages/argdown-core/test/lexer-statements-by-number.argdown", "packages/argdown-core/test/lexer-relation-after-emptyline.argdown",
    "packages/argdown-core/test/lexer-definitions-references.argdown", "packages/argdown-core/test/lexer-relations.argdown",
    "packages/argdown-core/test/lexer-lists.argdown",
}


def _text(members: list[dict]) -> str:
    return " ".join(next((m.get("text") for m in members if m.get("text")), "").split())


def reference_view(export: dict) -> tuple[set, set, set]:
    """Statements (name, text), arguments and relations of an ``argdown json`` export, untitled
    elements named by their text (the reference numbers them "Untitled n" in its own order)."""
    names = {("statement", k): ("s", k if not k.startswith("Untitled") else _text(v["members"])) for k, v in export["statements"].items()}
    names |= {("argument", k): ("a", k if not k.startswith("Untitled") else _text(v["members"])) for k, v in export["arguments"].items()}
    statements = {(names[("statement", k)], _text(v["members"])) for k, v in export["statements"].items()}
    arguments = {names[("argument", k)] for k in export["arguments"]}
    kind = {"equivalence-class": "statement", "argument": "argument", "inference": "argument"}
    relations = {(names[(kind[r["fromType"]], r["from"])], NORMAL[r["relationType"]], names[(kind[r["toType"]], r["to"])]) for r in export["relations"]}
    return statements, arguments, relations


def our_view(m: ArgdownMap) -> tuple[set, set, set]:
    """The same view of our parse."""
    names, statements, arguments = {}, set(), set()
    for key, elements in m.elements.items():
        element = next((e for e in elements if e.text), elements[0])
        kind = "a" if element.kind == "argument" else "s"
        names[key] = (kind, element.title if element.title else " ".join(element.text.split()))
        if kind == "s":
            statements.add((names[key], " ".join(element.text.split())))
        else:
            arguments.add(names[key])
    return statements, arguments, {(names[a], t, names[b]) for a, t, b in m.relations}


def test_every_shared_file_matches_the_reference_export(shared: Path) -> None:
    base, reference = shared / "data" / "argdown" / "christianvoigt_argdown", shared / "data" / "argdown" / "reference-json-argdown-cli-1.7.5"
    compared, rejected = 0, set()
    for path in sorted(base.rglob("*.argdown")):
        name = path.relative_to(base).as_posix()
        if path.name.startswith("_partial"):
            parse_argdown(path)
            continue
        if name in REFERENCE_REJECTS:
            with pytest.raises(InputError):
                parse_argdown(path)
            rejected.add(name)
            continue
        expected = reference_view(json.loads((reference / name).with_suffix(".json").read_text(encoding="utf-8")))
        if name in KNOWN_DIFFERENCES:
            assert our_view(parse_argdown(path))[2] == expected[2], name
            continue
        assert our_view(parse_argdown(path)) == expected, name
        compared += 1
    assert rejected == REFERENCE_REJECTS and compared == 34


def run_reference(files: list[Path], out: Path) -> None:
    """Export ``files`` with the reference CLI into ``out`` (one JSON each; none for a rejected file)."""
    if not ARGDOWN_CLI.exists():
        pytest.skip("@argdown/cli is not installed (make test runs mk/argdown.mk: npm install --prefix .cache/argdown @argdown/cli@1.7.5)")
    for folder in sorted({f.parent for f in files}):
        names = [f.name for f in files if f.parent == folder]
        pattern = names[0] if len(names) == 1 else "{" + ",".join(names) + "}"
        subprocess.run([str(ARGDOWN_CLI), "json", pattern, str(out)], cwd=folder, capture_output=True, text=True, timeout=300,
                       env={**os.environ, "NO_COLOR": "1"})


#: Documentation snippets where we knowingly differ: the reference applies options we do not implement.
SNIPPET_DIFFERENCES = {
    "docs__changes__2021__02.argdown": "model.explodeArguments (one argument per inference step)",
    "docs__guide__creating-oldschool-argument-maps-and-inference-trees__01.argdown": "model.explodeArguments",
    "docs__guide__creating-statement-and-argument-nodes__15.argdown": "model.explodeArguments",
    "docs__guide__creating-statement-and-argument-nodes__16.argdown": "model.explodeArguments",
    "docs__guide__using-logical-symbols-and-emojis__01.argdown": "emoji shortcodes (:love: -> 😍)",
    "docs__guide__adding-images__01.argdown": "the reference rejects a file that ends right after its front matter",
}


def test_documentation_snippets_match_the_reference_cli(shared: Path, tmp_path: Path) -> None:
    files = sorted((shared / "data" / "argdown" / "docs_snippets_derived").glob("*.argdown"))
    run_reference(files, tmp_path)
    agree = 0
    for path in files:
        if path.name in SNIPPET_DIFFERENCES:
            continue
        export = tmp_path / path.with_suffix(".json").name
        if not export.exists():
            with pytest.raises(InputError):
                parse_argdown(path)
        else:
            assert our_view(parse_argdown(path)) == reference_view(json.loads(export.read_text(encoding="utf-8"))), path.name
        agree += 1
    assert agree == len(files) - len(SNIPPET_DIFFERENCES)


# ---------------------------------------------------------------- writing Argdown

FLAGSHIP = ROOT / "examples" / "hollywood-ai.yaml"
SOURCES = {"town_argdown": TOWN, "mini": FIXTURES.parent / "mini.yaml", "flagship": FLAGSHIP, "town_aif": FIXTURES / "town.json"}


def map_by_text(graph) -> dict[str, set]:
    """A map as a reader sees it, whatever the ids: claim texts with their speakers, and relations
    between texts (a rephrase is written as a support: Argdown has no rephrase)."""
    debate = rdf_to_debate(graph)
    text = {c.id: " ".join(c.text.split()) for c in debate.claims}
    names = {s.id: s.name for s in debate.speakers}
    return {
        "claims": {(text[c.id], tuple(sorted({names[loc.speaker] for loc in c.locutions}))) for c in debate.claims},
        "relations": {(text[r.source], "supports" if r.type == "rephrases" else r.type, text[r.target]) for r in debate.relations},
    }


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_argdown_export_reads_back_to_the_same_map(name: str, tmp_path: Path) -> None:
    graph = load(SOURCES[name])
    path = tmp_path / f"{name}.argdown"
    path.write_text(formats()["argdown"].write(graph), encoding="utf-8")
    again = read_argdown(path)
    assert map_by_text(again) == map_by_text(graph)
    if name == "town_argdown":
        tags = lambda g: {(str(g.value(c, AM.text)), str(t)) for c, t in g.subject_objects(AM.tag)}
        sections = lambda g: {(str(g.value(c, AM.text)), str(t)) for c, t in g.subject_objects(AM.section)}
        assert tags(again) == tags(graph) and sections(again) == sections(graph)
        assert len(set(again.subjects(RDF.type, AM.Contradiction))) == 1 and len(set(again.subjects(RDF.type, AM.Argument))) == 1


def test_escaped_syntax_survives_the_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "tricky.yaml"
    path.write_text((FIXTURES.parent / "mini.yaml").read_text(encoding="utf-8").replace(
        "A car-free street brings more people past the shops.", '"Shops [sic] <b> {x: 1} *do* // better_off @home"'), encoding="utf-8")
    graph = load(path)
    out = tmp_path / "tricky.argdown"
    out.write_text(formats()["argdown"].write(graph), encoding="utf-8")
    assert map_by_text(read_argdown(out)) == map_by_text(graph)


def test_the_reference_cli_reads_our_export_as_we_do(tmp_path: Path) -> None:
    exported = []
    for name, source in sorted(SOURCES.items()):
        path = tmp_path / f"{name}.argdown"
        path.write_text(formats()["argdown"].write(load(source)), encoding="utf-8")
        exported.append(path)
    shutil.copy(TOWN, tmp_path / "original.argdown")
    run_reference([*exported, tmp_path / "original.argdown"], tmp_path / "json")
    for path in [*exported, tmp_path / "original.argdown"]:
        export = tmp_path / "json" / path.with_suffix(".json").name
        assert export.exists(), f"the reference rejected {path.name}"
        assert reference_view(json.loads(export.read_text(encoding="utf-8"))) == our_view(parse_argdown(path)), path.name
