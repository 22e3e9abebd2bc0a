"""`argmap map`: the interactive map."""
from __future__ import annotations

from pathlib import Path

import click

from argmap.cli._common import input_format, people_option, source_locations, sources, store_option
from argmap.exports.map import CORPUS_DEBATES, DEBATE_LIMIT, LAYOUTS, render_map
from argmap.exports.views import VIEWS
from argmap.store import open_source


@click.command("map")
@sources
@store_option
@input_format
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="HTML file to write.")
@click.option("--view", "view_name", type=click.Choice(VIEWS), default="who-argues-what", show_default=True,
              help="who-argues-what: speakers and claims; speakers: who agrees with whom; claims: the argument graph.")
@click.option("--issue", help="Only the claims on this issue (id or title) and its sub-issues.")
@click.option("--speaker", help="Only this speaker's claims (name, alias or id) and the claims one relation away.")
@click.option("--title", help="Page title (default: the debate titles, or how many debates for a corpus).")
@click.option("--layout", type=click.Choice(LAYOUTS), default="auto", show_default=True,
              help="debate: the question on top, pro on the left, con on the right, one band per issue; force: "
                   "a network drawing; corpus: an overview of the debates and the most active people, each debate "
                   f"opened on click; auto: debate for one debate's claims (up to {DEBATE_LIMIT:,} nodes), corpus for "
                   f"more than {CORPUS_DEBATES} debates, else force.")
@click.option("--analysis/--no-analysis", default=True, show_default=True,
              help="Run the analysis first: acceptability filter, claim size by PageRank, speakers coloured by camp.")
@click.option("--curate/--no-curate", default=None,
              help="The curation mode: review argmap draft's suggestions in the page and download the debate file "
                   "(default: on for one debate that holds suggestions).")
@people_option
def map_command(inputs: tuple[str, ...], store: str | None, from_format: str | None, output: Path, view_name: str,
                issue: str | None, speaker: str | None, title: str | None, layout: str, analysis: bool,
                curate: bool | None, keep_apart: bool) -> None:
    """Write the interactive map (one self-contained HTML file that opens offline).

    A store is read through SPARQL projections (never copied whole into memory).

    \b
    argmap map examples/hollywood-ai.yaml -o exports/hollywood-ai.html
    argmap map examples/hollywood-ai.yaml --view speakers -o speakers.html
    argmap map examples/hollywood-ai.yaml --issue copyright --speaker "James Cameron" -o cameron.html
    argmap map my.store -o corpus.html
    argmap map --store http://127.0.0.1:7878/sparql -o served.html
    argmap map draft.yaml -o draft.html           # curate an argmap draft in the page
    """
    with open_source(source_locations(inputs, store), from_format) as source:
        shown = render_map(source, title, view=view_name, issue=issue, speaker=speaker, layout=layout, analysis=analysis,
                           merge_people=not keep_apart, progress=lambda line: click.echo(f"map: {line}", err=True), curate=curate)
    shown.save(output)
    click.echo(f"wrote {output} (open it in a browser): {shown.stats}", err=True)
