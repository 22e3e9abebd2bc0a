"""`argmap map`: the interactive map."""
from __future__ import annotations

from pathlib import Path

import click

from argmap.cli import _counts, _emit, _paths, input_format, inputs, main
from argmap.exports import map as render_map
from argmap.graph.readers import load


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

