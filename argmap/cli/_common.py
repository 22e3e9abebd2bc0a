"""What the ``argmap`` commands share: argument and option declarations, and writing results."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from rdflib import Graph

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
