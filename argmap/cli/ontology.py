"""`argmap ontology`: the vocabulary as Turtle or JSON-LD, or as a page listing every term."""
from __future__ import annotations

from pathlib import Path

import click

from argmap.cli._common import _emit
from argmap.exports import vocabulary


@click.command()
@click.option("--format", "fmt", type=click.Choice(vocabulary.FORMATS), help="turtle, jsonld, html or md (default: from the -o extension, else turtle).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
def ontology(fmt: str | None, output: Path | None) -> None:
    """Write the argmap vocabulary: the ontology itself, or a page listing every term.

    The page gives each class and property its label, comment, domain, range and its alignments
    to AIF, schema.org, PROV-O, FOAF, SKOS and Dublin Core.

    \b
    argmap ontology --format html -o docs/ontology.html
    argmap ontology -o docs/ontology.md
    argmap ontology --format jsonld
    """
    fmt = fmt or vocabulary.format_for(output)
    _emit(vocabulary.render(fmt), output, f"argmap vocabulary, {fmt}")
