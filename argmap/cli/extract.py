"""`argmap extract` (an article to a draft debate file) and `argmap eval-quotes` (score it)."""
from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

import click

from argmap.cli._common import _emit
from argmap.extraction import draft_debate
from argmap.extraction import evaluation as quote_eval
from argmap.extraction.attribution import SCOPES
from argmap.extraction.draft import draft_warnings, same_as_utf8
from argmap.graph.formats.yaml import debate_to_yaml

SCOPE_HELP = "speech: quotations and reported speech; attribution: also beliefs, findings and stances (PolNeAR's sense)."


def _date(value: str | None) -> _dt.date | None:
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected an ISO date (YYYY-MM-DD), got {value!r}") from None


@click.command()
@click.argument("article", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Draft debate file to write (default: stdout).")
@click.option("--title", help="The article's title (default: the file name).")
@click.option("--url", help="Where the article was published.")
@click.option("--date", help="Publication date, YYYY-MM-DD.")
@click.option("--publisher", help="Who published it.")
@click.option("--author", help="Who wrote it.")
@click.option("--id", "debate_id", help="Debate id (default: from the title).")
@click.option("--scope", type=click.Choice(SCOPES), default="speech", show_default=True, help=SCOPE_HELP)
@click.option("--encoding", default="utf-8", show_default=True, help="The article file's text encoding (e.g. cp1252, latin-1).")
def extract(article: Path, output: Path | None, title: str | None, url: str | None, date: str | None,
            publisher: str | None, author: str | None, debate_id: str | None, scope: str, encoding: str) -> None:
    """Draft a debate file from a news article: who said what.

    Every quotation (direct, pull-quote or reported speech) becomes a claim whose locution cites
    the speaker, the exact character offsets and the confidence of the attribution. Curate the
    draft, then map it.

    \b
    argmap extract article.txt --title "AI in Hollywood" --url https://... --date 2025-07-01 -o draft.yaml
    argmap map draft.yaml -o draft.html
    """
    text = quote_eval.read_text(article, encoding)
    where = (output.parent if output else Path.cwd()).resolve()
    debate = draft_debate(
        text, title or article.stem, debate_id=debate_id, url=url, date=_date(date), publisher=publisher,
        author=author, path=os.path.relpath(article.resolve(), where) if same_as_utf8(text, encoding) else None, scope=scope,
    )
    for warning in draft_warnings(text, debate, encoding):
        click.echo(f"argmap: warning: {article}: {warning}", err=True)
    _emit(debate_to_yaml(debate), output, f"{len(debate.speakers)} speakers, {len(debate.claims)} quotations")


@click.command("eval-quotes")
@click.option("--gold", "gold", required=True, type=click.Path(exists=True, path_type=Path),
              help="Gold: a brat .ann file, a JSON list of {start, end, speaker}, or a folder of them with their .txt articles (PolNeAR's layout works).")
@click.option("--pred", "pred", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A draft debate file (its locutions are scored) or an article .txt (extracted, then scored). Default: extract the gold's own article.")
@click.option("--text", "text_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The article text, when it is not beside the gold file nor the debate's source path.")
@click.option("--limit", type=int, help="Score only the first N articles of a gold folder.")
@click.option("--scope", type=click.Choice(SCOPES), default="speech", show_default=True, help=SCOPE_HELP)
@click.option("--format", "fmt", type=click.Choice(quote_eval.REPORT_FORMATS), default="text", show_default=True, help="Scores as a table or as JSON.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
def eval_quotes(gold: Path, pred: Path | None, text_path: Path | None, limit: int | None, scope: str, fmt: str,
                output: Path | None) -> None:
    """Score extracted quotations against gold: spans (exact, overlap) and speakers.

    \b
    argmap eval-quotes --gold tests/fixtures/hollywood-ai.quotes.gold.json --pred draft.yaml
    argmap eval-quotes --gold ../shared/data/polnear/data/dev
    argmap eval-quotes --gold article.ann --pred article.txt
    """
    report = quote_eval.evaluate_files(gold, pred, text_path, limit, scope)
    _emit(quote_eval.render_report(report, fmt, f"quotations: {gold}"), output, f"{report.documents} documents scored")

