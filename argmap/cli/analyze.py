"""`argmap analyze`: which claims stand, who sides with whom, what the debate turns on."""
from __future__ import annotations

from pathlib import Path

import click

from argmap import analysis
from argmap.analysis.review import review_notes
from argmap.analysis.semantics import SEMANTICS
from argmap.cli._common import _emit, input_format, people_option, source_locations, sources, store_option
from argmap.exports.report import FORMATS, TABLES, render
from argmap.graph.formats import writer_for
from argmap.io import write_atomic
from argmap.store import open_source, source_graph


def _semantics(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    names = list(SEMANTICS) if names == ["all"] else names
    unknown = [n for n in names if n not in SEMANTICS]
    if unknown:
        raise click.BadParameter(f"unknown semantics {', '.join(unknown)} (choose from {', '.join(SEMANTICS)}, or all)")
    return tuple(dict.fromkeys(names)) or ("grounded",)


@click.command()
@sources
@store_option
@input_format
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Report format.")
@click.option("--semantics", multiple=True, callback=_semantics, metavar="NAME[,NAME]",
              help="grounded (default), preferred, stable, or all; repeat or comma-separate for several.")
@click.option("--top", default=10, show_default=True, help="How many claims to list in text and Markdown.")
@click.option("--table", type=click.Choice(TABLES), default="claims", show_default=True, help="Rows of the CSV report.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
@click.option("--rdf", "rdf_output", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the graph with every score added (format from the extension, e.g. .ttl).")
@people_option
def analyze(inputs: tuple[str, ...], store: str | None, from_format: str | None, fmt: str, semantics: tuple[str, ...], top: int,
            table: str, output: Path | None, rdf_output: Path | None, keep_apart: bool) -> None:
    """Report which claims stand (Dung semantics), their strength, the speakers and their camps,
    and the claims the debate turns on.

    A note on stderr says when a debate has no relations yet or rests on unreviewed suggestions.

    \b
    argmap analyze examples/hollywood-ai.yaml
    argmap analyze examples/hollywood-ai.yaml --format md -o report.md
    argmap analyze debate.yaml --format json --semantics grounded,preferred,stable
    argmap analyze debate.yaml --rdf annotated.ttl
    argmap analyze store/ --semantics grounded,preferred   # a store made by `argmap ingest`
    argmap analyze --store http://127.0.0.1:7878/sparql
    """
    writer = writer_for(path=str(rdf_output)) if rdf_output else None
    with open_source(source_locations(inputs, store), from_format) as source:
        report = analysis.analyze(source, semantics, merge_people=not keep_apart)
        for note in review_notes(source):
            click.echo(f"argmap: note: {note}", err=True)
        _emit(render(report, fmt, top=top, table=table), output, f"{fmt} analysis report")
        if rdf_output is not None and writer is not None:
            graph = analysis.annotate(source_graph(source), semantics, report=report, merge_people=not keep_apart)
            write_atomic(rdf_output, writer.write(graph))
            click.echo(f"wrote {rdf_output} ({writer.name}, {len(graph)} triples with the analysis)", err=True)
