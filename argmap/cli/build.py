"""`argmap build` and `argmap convert`: any readable input to any output format."""
from __future__ import annotations

from pathlib import Path

import click

from argmap.cli._common import _counts, _emit, input_format, read_sources, sources, store_option
from argmap.graph.formats import writable_names, writer_for
from argmap.io import STDOUT


@click.command()
@sources
@store_option
@input_format
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
@click.option("--format", "fmt", type=click.Choice(writable_names()), help="Output format (default: from the -o extension, else turtle).")
def build(inputs: tuple[str, ...], store: str | None, from_format: str | None, output: Path | None, fmt: str | None) -> None:
    """Build the RDF knowledge graph of one or more debate files.

    \b
    argmap build examples/hollywood-ai.yaml -o exports/hollywood-ai.ttl
    argmap build debate.yaml --format jsonld
    """
    graph = read_sources(inputs, store, from_format)
    writer = writer_for(fmt) if fmt else writer_for(path=str(output)) if output and str(output) != STDOUT else writer_for("turtle")
    _emit(writer.write(graph), output, f"{writer.name}, {len(graph)} triples: {_counts(graph)}")



@click.command()
@sources
@store_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write; its extension picks the format.")
@input_format
@click.option("--format", "--to", "to_format", type=click.Choice(writable_names()), help="Output format (default: from the -o extension).")
def convert(inputs: tuple[str, ...], store: str | None, output: Path, from_format: str | None, to_format: str | None) -> None:
    """Convert a debate from any readable format to any writable one.

    \b
    argmap convert debate.yaml -o debate.ttl
    argmap convert debate.ttl -o again.yaml
    """
    graph = read_sources(inputs, store, from_format)
    writer = writer_for(to_format) if to_format else writer_for(path=str(output))
    _emit(writer.write(graph), output, f"{writer.name}, {len(graph)} triples")
