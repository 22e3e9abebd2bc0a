"""`argmap analyze`: what the argument graph says about claims and speakers."""
from __future__ import annotations

from pathlib import Path

import click

from argmap.cli import _counts, _emit, _paths, input_format, inputs, main
from argmap.graph import analysis
from argmap.graph.readers import load


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
