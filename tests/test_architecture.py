"""The package's layout promises: one registry of formats, a CLI that loads commands on demand, a
public facade, and nothing installed under names other than ``argmap``."""
from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from setuptools import find_packages

import argmap
from argmap.cli import COMMANDS, main
from argmap.graph.formats import BUILT_IN, format_for_media_type, format_for_path, formats, readable_names, writable_names

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("rdflib", "networkx", "pyvis", "IPython", "pyoxigraph", "yaml")


def _python(code: str) -> str:
    """What a fresh interpreter prints running ``code`` in the repository root."""
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def _first_paragraph(command: click.Command) -> str:
    return " ".join(inspect.cleandoc(command.help or "").split("\n\n")[0].split())


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_command_table_holds_each_commands_current_summary(name: str) -> None:
    """`argmap --help` lists commands from COMMANDS without importing them: the copy must be current."""
    command = main.get_command(click.Context(main), name)
    assert command is not None and command.name == name
    assert COMMANDS[name][2] == _first_paragraph(command)


def test_help_lists_every_command_without_loading_any_heavy_library() -> None:
    probe = (
        "import sys, json; from click.testing import CliRunner; from argmap.cli import main; "
        "out = CliRunner().invoke(main, ['--help']).output; "
        "print(json.dumps({'out': out, 'modules': sorted(m for m in sys.modules)}))"
    )
    result = json.loads(_python(probe))
    assert all(f"  {name} " in result["out"] for name in COMMANDS)
    loaded = {m.split(".")[0] for m in result["modules"]}
    assert not loaded & set(HEAVY), f"argmap --help imported {sorted(loaded & set(HEAVY))}"
    assert not any(m.startswith("argmap.cli.") and m != "argmap.cli._common" for m in result["modules"])


def test_an_unknown_command_is_refused() -> None:
    result = CliRunner().invoke(main, ["mapp"])
    assert result.exit_code == 2 and "No such command" in result.output


@pytest.mark.parametrize("name", argmap._HOMES)
def test_every_public_name_resolves_to_a_documented_function(name: str) -> None:
    function = getattr(argmap, name)
    assert callable(function) and function.__doc__
    assert name in argmap.__all__ and name in dir(argmap)


def test_the_readme_names_the_public_functions_of_argmap_all() -> None:
    """The README's list of public names is a copy of ``argmap.__all__``: it must be current."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    sentence = readme[readme.index("The public names are"):readme.index("(`argmap.__all__`)")]
    assert re.findall(r"`(\w+)`", sentence) == [name for name in argmap.__all__ if name != "__version__"]
    assert argmap.__doc__ and all(re.search(rf"^    {name} ", argmap.__doc__, re.MULTILINE) for name in argmap._HOMES)


def test_the_public_facade_is_cheap_to_import() -> None:
    probe = "import sys, argmap; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    assert not set(_python(probe).split()) & set(HEAVY)


def test_only_argmap_packages_are_installed() -> None:
    """Never top-level modules named graph or cli: setuptools finds argmap's packages only."""
    found = find_packages(where=str(ROOT), include=["argmap*"])
    assert "argmap" in found and all(p == "argmap" or p.startswith("argmap.") for p in found)


@pytest.mark.parametrize("fmt", BUILT_IN, ids=lambda f: f.name)
def test_every_registered_format_points_at_a_real_reader_and_writer(fmt) -> None:
    module = import_module(fmt.module)
    for attribute in (fmt.reader, fmt.writer):
        if attribute is not None:
            assert callable(getattr(module, attribute)), f"{fmt.module}.{attribute}"
    assert fmt.readable or fmt.writable
    assert fmt.extension.startswith(".") and "/" in fmt.media_type


def test_formats_are_found_by_name_extension_and_media_type() -> None:
    assert readable_names() == sorted(n for n, f in formats().items() if f.reader)
    assert "kialo" in readable_names() and "kialo" not in writable_names()
    assert format_for_path("x.argdown").name == "argdown"
    assert format_for_path("x.gexf", reading=False).name == "gexf"
    assert format_for_media_type("application/ld+json").name == "jsonld"
    assert format_for_media_type("text/x-unknown") is None
    names = [f.name for f in BUILT_IN]
    assert len(names) == len(set(names))


def test_a_format_module_is_imported_only_when_used() -> None:
    probe = (
        "import sys; from pathlib import Path; from argmap.graph.formats import format_named; "
        "fmt = format_named('argdown'); before = 'argmap.graph.formats.argdown' in sys.modules; "
        "graph = fmt.read(Path('tests/fixtures/formats/town.argdown')); "
        "print(before, 'argmap.graph.formats.argdown' in sys.modules, len(graph) > 0)"
    )
    assert _python(probe).split() == ["False", "True", "True"]
