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
from argmap.exports import formats as writers
from argmap.exports import map as render_map
from argmap.exports import writer_for
from argmap.graph import analysis, sparql
from argmap.graph.readers import formats as readers
from argmap.graph.readers import load
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


inputs = click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False))
input_format = click.option("--from", "from_format", type=click.Choice(sorted(readers)), help="Input format (default: by file extension).")


@click.group(cls=ArgmapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="argmap")
def main() -> None:
    """argmap: debates as an argument-mapping knowledge graph.

    Claims, counterclaims and speakers become RDF triples; analyse them, ask them SPARQL
    questions, and explore them as an interactive map. Start with `argmap map DEBATE.yaml -o map.html`.
    """


@main.command()
@inputs
@input_format
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
@click.option("--format", "fmt", type=click.Choice(sorted(writers)), help="Output format (default: from the -o extension, else turtle).")
def build(inputs: tuple[str, ...], from_format: str | None, output: Path | None, fmt: str | None) -> None:
    """Build the RDF knowledge graph of one or more debate files.

    \b
    argmap build examples/hollywood-ai.yaml -o exports/hollywood-ai.ttl
    argmap build debate.yaml --format jsonld
    """
    graph = load(_paths(inputs), from_format)
    writer = writer_for(fmt) if fmt else writer_for(path=str(output)) if output else writer_for("turtle")
    _emit(writer.write(graph), output, f"{writer.name}, {len(graph)} triples: {_counts(graph)}")


@main.command("map")
@inputs
@input_format
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="HTML file to write.")
@click.option("--title", help="Page title (default: the debate titles).")
def map_command(inputs: tuple[str, ...], from_format: str | None, output: Path, title: str | None) -> None:
    """Write the interactive map (one self-contained HTML file that opens offline).

    \b
    argmap map examples/hollywood-ai.yaml -o exports/hollywood-ai.html
    """
    graph = load(_paths(inputs), from_format)
    render_map(graph, title).save(output)
    click.echo(f"wrote {output} (open it in a browser): {_counts(graph)}", err=True)


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(dir_okay=False))
@click.argument("query")
@input_format
@click.option("--format", "fmt", type=click.Choice(sparql.RESULT_FORMATS), default="table", show_default=True, help="Result format.")
@click.option("--bind", "binds", multiple=True, metavar="NAME=VALUE", help="Bind a query variable (repeatable).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
def query(inputs: tuple[str, ...], query: str, from_format: str | None, fmt: str, binds: tuple[str, ...], output: Path | None) -> None:
    """Run a named query or a SPARQL query over debate files.

    QUERY is the name of a shipped query (see `argmap queries`) or SPARQL text; the prefixes
    am:, rdf:, rdfs: and xsd: are pre-bound.

    \b
    argmap query examples/hollywood-ai.yaml who-attacks-whom
    argmap query examples/hollywood-ai.yaml 'SELECT ?s WHERE { ?s a am:Speaker }' --format csv
    """
    if not inputs:
        raise click.UsageError("give at least one debate file before the query")
    bindings = {}
    for bind in binds:
        name, sep, value = bind.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"'{bind}' is not NAME=VALUE", param_hint="--bind")
        bindings[name.lstrip("?")] = value
    result = sparql.run_query(load(_paths(inputs), from_format), query, bindings)
    _emit(sparql.format_result(result, fmt), output, fmt)


@main.command()
def queries() -> None:
    """List the named queries shipped with argmap."""
    for q in sparql.named_queries().values():
        click.echo(f"{q.name:<24} {q.description}")


@main.command()
@inputs
@input_format
@click.option("--top", default=10, show_default=True, help="How many claims to list.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
def analyze(inputs: tuple[str, ...], from_format: str | None, top: int, output: Path | None) -> None:
    """Rank speakers (claims, supports and attacks made and received) and claims (PageRank).

    \b
    argmap analyze examples/hollywood-ai.yaml
    """
    graph = load(_paths(inputs), from_format)
    _emit(analysis.report_text(analysis.analyze(graph), top=top), output, "analysis report")


if __name__ == "__main__":
    main()
