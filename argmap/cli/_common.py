"""What the ``argmap`` commands share: argument and option declarations, and writing results."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from rdflib import Graph

from argmap.errors import InputError
from argmap.graph.formats import readable_names
from argmap.io import STDOUT, write_atomic


def _paths(values: tuple[str, ...]) -> list[Path]:
    return [Path(v) for v in values]


def _emit(text: str | bytes, output: Path | None, what: str) -> None:
    if output is None or str(output) == STDOUT:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            click.echo(text, nl=not text.endswith("\n"))
        return
    write_atomic(output, text)
    click.echo(f"wrote {output} ({what})", err=True)


def _counts(graph: Graph) -> str:
    from argmap.analysis import summary

    counts = summary(graph)
    return ", ".join(f"{n} {k}" for k, n in counts.items() if n or k in ("speakers", "claims"))


inputs = click.argument("inputs", nargs=-1, required=True, type=click.Path())
input_format = click.option("--from", "from_format", type=click.Choice(readable_names()), help="Input format (default: by file extension).")
#: Where debates are read from, the same in every command: files or store directories as arguments,
#: and ``--store DIR|URL`` for a store (a directory made by ``argmap ingest``, or a SPARQL dataset URL).
sources = click.argument("inputs", nargs=-1, type=click.Path(), metavar="[INPUTS|STORE]...")
store_option = click.option("--store", "store", metavar="DIR|URL", help="Read a store: a directory made by `argmap ingest`, or a SPARQL server's dataset URL.")


def source_locations(inputs: tuple[str, ...], store: str | None) -> list[str]:
    """The input files and stores, then ``--store``: at least one must be given."""
    locations = [*inputs, *([store] if store else [])]
    if not locations:
        raise InputError("argmap", "give input files, a store directory, or --store DIR|URL")
    return locations


def read_sources(inputs: tuple[str, ...], store: str | None, from_format: str | None = None) -> Graph:
    """The graph of the input files and stores, and of ``--store``."""
    from argmap.store import load

    return load(source_locations(inputs, store), from_format)

people_option = click.option("--keep-speakers-apart", "keep_apart", is_flag=True,
                             help="Count each document's speakers separately (default: one person, one speaker, by the rules of `argmap speakers`).")
