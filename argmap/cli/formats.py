"""`argmap export` (any writer, from files or a store) and `argmap speakers` (one set of speakers
across documents, with a merge report)."""
from __future__ import annotations

import json
from pathlib import Path

import click

from argmap.analysis.speakers import MergeReport, Overrides, merge_speakers, read_overrides
from argmap.cli._common import _emit, input_format, read_sources, sources, store_option
from argmap.graph.formats import writable_names, writer_for


@click.command()
@sources
@store_option
@input_format
@click.option("--format", "--to", "to_format", type=click.Choice(writable_names()), help="Output format (default: from the -o extension).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
def export(inputs: tuple[str, ...], store: str | None, from_format: str | None, to_format: str | None, output: Path | None) -> None:
    """Export debates to another tool's format: aif, argdown, graphml, gexf, jsonld, csv (a zip), dot, ...

    \b
    argmap export nodeset17919.json --to graphml -o map.graphml
    argmap export --store ./kg --to csv -o kg.zip
    """
    graph = read_sources(inputs, store, from_format)
    if to_format is None and output is None:
        raise click.UsageError("name the format with --to, or give -o FILE with a known extension")
    writer = writer_for(to_format) if to_format else writer_for(path=str(output))
    _emit(writer.write(graph), output, f"{writer.name}, from {len(graph)} triples")


def speakers_json(report: MergeReport) -> str:
    """The people of a merge report as JSON: name, other names, debates, speaker ids, claims."""
    people = [{"name": p.name, "names": p.names, "debates": p.debates, "speakers": [s.short for s in p.speakers], "claims": p.claims}
              for p in report.people]
    merges = [{"a": m.a.short, "b": m.b.short, "reason": m.reason} for m in report.merges]
    return json.dumps({"people": people, "merges": merges}, indent=2, ensure_ascii=False) + "\n"


def speakers_text(report: MergeReport) -> str:
    """The people of a merge report as a table, then the merges and ambiguities."""
    rows = [f"{'speaker':32} {'claims':>6} {'docs':>5}  other names"]
    rows += [f"{p.name[:32]:32} {p.claims:6d} {len(p.debates):5d}  {', '.join(p.names[1:])}" for p in report.people]
    return "\n".join(rows) + "\n\n" + report.text()


@click.command()
@sources
@store_option
@input_format
@click.option("--overrides", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="YAML file: 'same' lists of names/ids, 'different' names.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
def speakers(inputs: tuple[str, ...], store: str | None, from_format: str | None, overrides: Path | None, fmt: str, output: Path | None) -> None:
    """The speakers of many documents as one set of people, with each merge and why.

    \b
    argmap speakers --store ./kg
    argmap speakers a.json b.json --overrides people.yaml --format json
    """
    graph = read_sources(inputs, store, from_format)
    report = merge_speakers(graph, read_overrides(overrides) if overrides else Overrides())
    _emit(speakers_json(report) if fmt == "json" else speakers_text(report), output, f"{len(report.people)} people")
