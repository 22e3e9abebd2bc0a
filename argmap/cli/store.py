"""`argmap ingest` and `argmap serve`: a store that accumulates debates, and its SPARQL endpoint."""
from __future__ import annotations

import secrets
import sys

import click
from rdflib import Graph

from argmap import store as stores
from argmap.cli._common import input_format
from argmap.exports.map import render_map
from argmap.exports.views import VIEWS
from argmap.server import MapView, ServerSettings
from argmap.server import serve as serve_store
from argmap.sparql import prepare_answers

#: Inputs smaller than this load too fast to be worth a progress bar.
PROGRESS_MIN_BYTES = 1 << 20


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--store", "location", required=True, metavar="DIR|URL", help="Store directory (created if new) or SPARQL server dataset URL.")
@input_format
@click.option("--graph", metavar="IRI", help="Named graph for the input (one file only; default: the file's URI).")
@click.option("--token", envvar="ARGMAP_TOKEN", help="Bearer token for a server's update endpoint (or $ARGMAP_TOKEN).")
@click.option("--prepare/--no-prepare", default=True, show_default=True,
              help="Answer the named queries once after the ingest, so that a store directory has them ready for every later query.")
def ingest(inputs: tuple[str, ...], location: str, from_format: str | None, graph: str | None, token: str | None, prepare: bool) -> None:
    """Add debate files to a store, each in its own named graph.

    Re-ingesting a file replaces its graph; the whole command is one transaction (on any error
    the store is left as it was). A store directory then answers the named queries once and keeps
    their answers until its content changes.

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
        answered = prepare_answers(store) if prepare else {}
    if answered:
        click.echo(f"{location}: {len(answered)} named queries answered in {sum(answered.values()):.1f} s, kept for later queries", err=True)


def store_map_page(graph: Graph, view: MapView) -> str:
    """The page ``argmap serve`` shows at ``/map``: the map of a whole store in ``view``, after the
    analysis (acceptability, PageRank sizes, camps) unless ``view.analysis`` is off; for one
    ``view.debate``, its map in the curation mode, saving to ``view.save_to`` when the server allows it."""
    one = view.debate is not None
    return render_map(graph, None if one else "argmap store", view.view, view.issue, view.speaker, analysis=view.analysis,
                      curate=True if one else None, save_to=view.save_to).html


@click.command()
@click.option("--store", "location", required=True, metavar="DIR|URL", help="The store to serve.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback only unless told otherwise).")
@click.option("--port", default=7878, show_default=True, type=int)
@click.option("--allow-update", is_flag=True, help="Accept SPARQL updates, from clients that send 'Authorization: Bearer <token>'.")
@click.option("--token", envvar="ARGMAP_TOKEN", help="Update token (default with --allow-update: a random one, printed).")
@click.option("--timeout", default=30.0, show_default=True, type=float, help="Seconds a query may run; then it is stopped and the client gets 503.")
@click.option("--max-rows", default=100_000, show_default=True, type=int, help="Largest result returned, in rows or triples (more: 413 asking for a LIMIT).")
@click.option("--workers", default=8, show_default=True, type=int, help="Most queries answered at once (one worker process each).")
@click.option("--allow-service", is_flag=True, help="Let SERVICE and LOAD fetch the URLs they name (refused by default).")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME", help="Another host name clients may use for this server (repeatable; DNS-rebinding guard).")
@click.option("--cors", "cors_origins", multiple=True, metavar="ORIGIN", help="Let pages of ORIGIN (or '*') read answers (repeatable; off by default).")
@click.option("--max-body", default=10 << 20, show_default=True, type=int, help="Largest request body in bytes.")
@click.option("-v", "--verbose", is_flag=True, help="Log every request.")
def serve(location: str, host: str, port: int, allow_update: bool, token: str | None, timeout: float, max_rows: int, workers: int,
          allow_service: bool, allowed_hosts: tuple[str, ...], cors_origins: tuple[str, ...], max_body: int, verbose: bool) -> None:
    """Serve a store as a SPARQL 1.1 endpoint, with its map and a query page.

    \b
    argmap serve --store ./kg --port 7878       # then open http://127.0.0.1:7878/
    argmap serve --store ./kg --allow-update    # /map?debate=ID: curate one debate, Save to store
    """
    if allow_update and not token:
        token = secrets.token_urlsafe(24)
        click.echo(f"update token: {token}", err=True)
    settings = ServerSettings(timeout=timeout, max_rows=max_rows, workers=workers, update_token=token if allow_update else None,
                              map_page=store_map_page, map_views=VIEWS, allowed_hosts=allowed_hosts, cors_origins=cors_origins,
                              allow_service=allow_service, max_body=max_body)
    store = stores.open_store(location, read_only=not allow_update)
    server = serve_store(store, host, port, settings, verbose)
    click.echo(f"serving {location} at {server.url} (SPARQL: {server.url}sparql, map: {server.url}map); "
               f"{'updates with the token' if allow_update else 'read-only'}; Ctrl-C stops", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        store.close()
