"""`argmap query` and `argmap queries`: SPARQL over debate files or a store."""
from __future__ import annotations

from pathlib import Path

import click
from rdflib import Graph

from argmap import sparql
from argmap.cli._common import _emit, _paths, input_format
from argmap.sparql.timeout import formatted_query
from argmap.store import load


def _list_queries() -> None:
    for q in sparql.named_queries().values():
        click.echo(f"{q.name:<28} {q.description}")


@click.command()
@click.argument("args", nargs=-1, metavar="[INPUTS]... [QUERY]")
@click.option("--store", "location", metavar="DIR|URL", help="Query a store (made by `argmap ingest`, or a SPARQL server URL) instead of files.")
@click.option("-f", "--file", "query_file", type=click.Path(dir_okay=False, path_type=Path), help="Read the SPARQL query from this file.")
@click.option("--list", "list_only", is_flag=True, help="List the named queries and exit.")
@input_format
@click.option("--format", "fmt", type=click.Choice(sparql.RESULT_FORMATS), default="table", show_default=True,
              help="Result format (turtle, nt, jsonld for CONSTRUCT/DESCRIBE; xml and json work for both).")
@click.option("--bind", "binds", multiple=True, metavar="NAME=VALUE", help="Bind a query variable (repeatable); <iri> or am:Name for IRIs.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
@click.option("--allow-service", is_flag=True, help="Let SERVICE (and FROM on files) fetch the URLs they name; refused by default.")
@click.option("--timeout", type=float, metavar="SECONDS", help="Stop the query after this long (exit 2); default: no limit.")
def query(args: tuple[str, ...], location: str | None, query_file: Path | None, list_only: bool, from_format: str | None,
          fmt: str, binds: tuple[str, ...], output: Path | None, allow_service: bool, timeout: float | None) -> None:
    """Run a named query or a SPARQL query over debate files or a store.

    QUERY is the name of a shipped query (see `argmap query --list`) or SPARQL text; with -f the
    query comes from a file. The prefixes am:, rdf:, rdfs: and xsd: are pre-bound. A query that
    does not parse exits with status 2 and the parser's line and column.

    \b
    argmap query examples/hollywood-ai.yaml who-attacks-whom
    argmap query --store ./kg claims-by-speaker --bind name='James Cameron' --format json
    argmap query --store ./kg -f my-query.rq --format csv
    """
    if list_only:
        _list_queries()
        return
    if query_file is not None:
        inputs, text, where = args, sparql.read_query_file(query_file), str(query_file)
    elif args:
        inputs, text, where = args[:-1], args[-1], None
    else:
        raise click.UsageError("give a query (a name or SPARQL text) or -f FILE")
    bindings = sparql.parse_bindings(binds)
    if location is not None:
        if inputs:
            raise click.UsageError("give debate files or --store, not both")
        source: Graph | str = location
    else:
        if not inputs:
            raise click.UsageError("give at least one debate file (or --store) before the query")
        source = load(_paths(inputs), from_format)
    _emit(formatted_query(source, text, fmt, bindings, where, allow_service, timeout), output, fmt)


@click.command()
def queries() -> None:
    """List the named queries shipped with argmap (the same as `argmap query --list`)."""
    _list_queries()
