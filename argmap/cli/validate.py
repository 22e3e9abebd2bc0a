"""`argmap validate`: debate graphs checked against the argmap SHACL shapes."""
from __future__ import annotations

from pathlib import Path

import click

from argmap.analysis.review import review_notes
from argmap.cli._common import _emit, input_format, read_sources, sources, store_option
from argmap.graph.validate import REPORT_FORMATS, format_report
from argmap.graph.validate import validate as validate_graph


@click.command()
@sources
@store_option
@input_format
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text", show_default=True, help="Report for people (text) or programs (json).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write the report to (default: stdout).")
@click.pass_context
def validate(ctx: click.Context, inputs: tuple[str, ...], store: str | None, from_format: str | None, fmt: str, output: Path | None) -> None:
    """Check debate files against the argmap SHACL shapes; exit 1 when a rule is broken.

    Each violation names the item at fault (its kind, id and text) and the rule it breaks.
    Several files are checked together, as one graph. A debate with claims but no relations, or
    with unreviewed suggestions (from `argmap draft`), gets a warning on stderr (not an error).

    \b
    argmap validate examples/hollywood-ai.yaml
    argmap validate debate.ttl --format json
    """
    graph = read_sources(inputs, store, from_format)
    report = validate_graph(graph)
    for note in review_notes(graph):
        click.echo(f"argmap: warning: {note}", err=True)
    _emit(format_report(report, fmt, ", ".join([*inputs, *([store] if store else [])])), output, "validation report")
    ctx.exit(0 if report.conforms else 1)
