"""`argmap query` and `argmap queries`: SPARQL over debates."""
from __future__ import annotations

from pathlib import Path

import click

from argmap.cli import _counts, _emit, _paths, input_format, inputs, main
from argmap.graph import sparql
from argmap.graph.readers import load


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

