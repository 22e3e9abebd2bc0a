"""`argmap ingest` and `argmap serve`: a store that accumulates debates, and its SPARQL endpoint."""
from __future__ import annotations

import sys

import click

from argmap.cli import input_format, main
from argmap.graph import store as stores

#: Inputs smaller than this load too fast to be worth a progress bar.
PROGRESS_MIN_BYTES = 1 << 20


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--store", "location", required=True, metavar="DIR|URL", help="Store directory (created if new) or SPARQL server dataset URL.")
@input_format
@click.option("--graph", metavar="IRI", help="Named graph for the input (one file only; default: the file's URI).")
@click.option("--token", envvar="ARGMAP_TOKEN", help="Bearer token for a server's update endpoint (or $ARGMAP_TOKEN).")
def ingest(inputs: tuple[str, ...], location: str, from_format: str | None, graph: str | None, token: str | None) -> None:
    """Add debate files to a store, each in its own named graph.

    Re-ingesting a file replaces its graph; the whole command is one transaction (on any error
    the store is left as it was).

    \b
    argmap ingest debates/*.yaml --store ./kg
    argmap ingest debate.yaml --store http://localhost:7878/
    """
    items = stores.resolve_inputs(list(inputs), from_format, graph)
    total = sum(item.size for item in items)
    with stores.open_store(location, token=token) as store:
        with click.progressbar(length=total, label="ingesting", file=sys.stderr, hidden=total < PROGRESS_MIN_BYTES) as bar:
            report = store.ingest(items, bar.update)
    click.echo(
        f"{location}: {len(report.added)} added, {len(report.replaced)} replaced, {len(report.unchanged)} unchanged; "
        f"{report.triples_after} triples (was {report.triples_before})", err=True)
