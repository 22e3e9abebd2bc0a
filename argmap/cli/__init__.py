"""The ``argmap`` command line: thin click shells over the library (:mod:`argmap`).

Every command that writes a file writes it atomically, says on stderr what it wrote, and exits
non-zero with a message naming the file, line and field when the input is bad. A command's module
is imported only when that command runs (``argmap --help`` imports none of them).
"""
from __future__ import annotations

import importlib
from typing import Any

import click

from argmap import __version__
from argmap.errors import ArgmapError

#: Every command: its name -> (module, function, the first paragraph of its help). The help text is
#: the command's own docstring; a test checks that this copy is current.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "analyze": ("analyze", "analyze", "Report which claims stand (Dung semantics), their strength, the speakers and their camps, and the claims the debate turns on."),
    "build": ("build", "build", "Build the RDF knowledge graph of one or more debate files."),
    "convert": ("build", "convert", "Convert a debate from any readable format to any writable one."),
    "draft": ("draft", "draft", "Draft an argument map from a news article: claims, issues, stances and suggested relations."),
    "eval-quotes": ("extract", "eval_quotes", "Score extracted quotations against gold: spans (exact, overlap) and speakers."),
    "export": ("formats", "export", "Export debates to another tool's format: aif, argdown, graphml, gexf, jsonld, csv (a zip), dot, ..."),
    "extract": ("extract", "extract", "Draft a debate file from a news article: who said what."),
    "ingest": ("store", "ingest", "Add debate files to a store, each in its own named graph."),
    "map": ("map", "map_command", "Write the interactive map (one self-contained HTML file that opens offline)."),
    "ontology": ("ontology", "ontology", "Write the argmap vocabulary: the ontology itself, or a page listing every term."),
    "queries": ("query", "queries", "List the named queries shipped with argmap (the same as `argmap query --list`)."),
    "query": ("query", "query", "Run a named query or a SPARQL query over debate files or a store."),
    "serve": ("store", "serve", "Serve a store as a SPARQL 1.1 endpoint, with its map and a query page."),
    "speakers": ("formats", "speakers", "The speakers of many documents as one set of people, with each merge and why."),
    "validate": ("validate", "validate", "Check debate files against the argmap SHACL shapes; exit 1 when a rule is broken."),
}


class ArgmapGroup(click.Group):
    """A click group that loads each command on first use and turns argmap's errors into a one-line
    message and their exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute, _ = COMMANDS[cmd_name]
        command = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands from :data:`COMMANDS`, without importing them."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, click.Command(name, help=COMMANDS[name][2]).get_short_help_str(limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ArgmapError as exc:
            click.echo(f"argmap: error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=ArgmapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="argmap")
def main() -> None:
    """argmap: debates as an argument-mapping knowledge graph.

    Claims, counterclaims and speakers become RDF triples; analyse them, ask them SPARQL
    questions, and explore them as an interactive map. Start with `argmap map DEBATE.yaml -o map.html`.
    """
