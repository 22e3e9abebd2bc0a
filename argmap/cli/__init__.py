"""The ``argmap`` command line: thin click shells over the library (``argmap.graph``, ``argmap.exports``).

Every command that writes a file writes it atomically, says on stderr what it wrote, and exits
non-zero with a message naming the file, line and field when the input is bad.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from argmap import __version__
from argmap.errors import ArgmapError
from argmap.graph import analysis
from argmap.graph.readers import formats as readers
from argmap.io import write_atomic


class ArgmapGroup(click.Group):
    """A click group that turns argmap's errors into a one-line message and their exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ArgmapError as exc:
            click.echo(f"argmap: error: {exc}", err=True)
            ctx.exit(exc.exit_code)


def _paths(values: tuple[str, ...]) -> list[Path]:
    return [Path(v) for v in values]


def _emit(text: str | bytes, output: Path | None, what: str) -> None:
    if output is None:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            click.echo(text, nl=not text.endswith("\n"))
        return
    write_atomic(output, text)
    click.echo(f"wrote {output} ({what})", err=True)


def _counts(graph) -> str:
    counts = analysis.summary(graph)
    return ", ".join(f"{n} {k}" for k, n in counts.items() if n or k in ("speakers", "claims"))


inputs = click.argument("inputs", nargs=-1, required=True, type=click.Path())
input_format = click.option("--from", "from_format", type=click.Choice(sorted(readers)), help="Input format (default: by file extension).")


@click.group(cls=ArgmapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="argmap")
def main() -> None:
    """argmap: debates as an argument-mapping knowledge graph.

    Claims, counterclaims and speakers become RDF triples; analyse them, ask them SPARQL
    questions, and explore them as an interactive map. Start with `argmap map DEBATE.yaml -o map.html`.
    """


def _discover_commands() -> None:
    """Import every module of this package; each adds its commands to :data:`main`."""
    import importlib
    import pkgutil

    for module in sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")):
        importlib.import_module(f"{__name__}.{module}")


_discover_commands()
