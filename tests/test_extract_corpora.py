"""Quotation extraction on real text: the flagship article (against a hand-annotated gold) and a
sample of PolNeAR train. Skipped when ../shared is absent."""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.cli import main
from argmap.extraction import extract_quotes
from argmap.extraction.evaluation import (
    evaluate_extractor,
    extracted_predictions,
    gold_documents,
    read_gold_json,
    score_document,
)
from argmap.graph.formats.yaml import read_debate_yaml
from tests.conftest import FIXTURES

GOLD = FIXTURES / "hollywood-ai.quotes.gold.json"
QUOTED_PEOPLE = {
    "Eliot Mack", "Adam Curtis", "Diego Mariscal", "Mike Marino", "Daniela Rus", "James Cameron",
    "Rick Carter", "Sam Tung", "Verena Puhm", "Ángel Manuel Soto", "Hal Watmough",
}


def test_gold_is_offsets_and_names_only():
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    assert all(set(item) == {"start", "end", "speaker"} for item in gold)
    assert QUOTED_PEOPLE <= {item["speaker"] for item in gold}


def test_flagship_every_quoted_person_with_their_quotes(article: str):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    extraction = extract_quotes(article)
    found = [(a.start, a.end, extraction.entities[a.speaker].name if a.speaker else None) for a in extraction.attributions]
    per_person: dict[str, list[bool]] = defaultdict(list)
    for g in gold:
        hits = [name for s, e, name in found if s < g["end"] and g["start"] < e]
        right = len(hits) == 1 and hits[0] is not None and g["speaker"].split()[-1] in hits[0]
        per_person[g["speaker"]].append(right)
    for person in QUOTED_PEOPLE:
        assert all(per_person[person]), f"{person}: {per_person[person].count(False)} quotes missed or misattributed"
    names = {e.name for e in extraction.speakers()}
    assert QUOTED_PEOPLE <= names


def test_flagship_precision_recall(article: str):
    report = score_document(article, read_gold_json(GOLD), extracted_predictions(article))
    direct = report.counts["direct"].scores()
    everything = report.counts["all"].scores()
    assert direct["exact_p"] >= 0.95 and direct["exact_r"] >= 0.95
    assert everything["overlap_p"] >= 0.95 and everything["overlap_r"] >= 0.95
    assert everything["speaker_acc"] >= 0.95 and everything["attributed_f1"] >= 0.95


def test_flagship_speakers_and_titles(article: str):
    extraction = extract_quotes(article)
    by_name = {e.name: e for e in extraction.speakers()}
    assert by_name["Adam Curtis"].description == "documentary filmmaker"
    assert by_name["Rick Carter"].description == "the two-time Oscar-winning production designer"
    assert "Mariscal" in by_name["Diego Mariscal"].aliases
    assert all(by_name[p].kind == "person" for p in QUOTED_PEOPLE)
    quoted = [article[a.start : a.end] for a in extraction.attributions]
    for not_speech in ("The Terminator", "prompt and pray", "womb", "Avatar: Fire and Ash", "riffs of consciousness"):
        assert not any(q.strip("“”,. ") == not_speech for q in quoted)


def test_flagship_draft_loads_and_maps(article: str, tmp_path: Path, shared: Path):
    runner = CliRunner()
    draft = tmp_path / "draft.yaml"
    source = shared / "corpus" / "hollywood-ai" / "article.txt"
    result = runner.invoke(main, ["extract", str(source), "--title", "AI in Hollywood", "--date", "2025-07-01", "-o", str(draft)])
    assert result.exit_code == 0, result.output
    debate, _ = read_debate_yaml(draft)
    assert QUOTED_PEOPLE <= {s.name for s in debate.speakers}
    assert runner.invoke(main, ["map", str(draft), "-o", str(tmp_path / "m.html")]).exit_code == 0
    scored = runner.invoke(main, ["eval-quotes", "--gold", str(GOLD), "--pred", str(draft), "--format", "json"])
    assert scored.exit_code == 0 and json.loads(scored.output)["all"]["attributed_f1"] >= 0.95


def test_polnear_train_sample(shared: Path):
    """Thirty train articles (develop on train; dev is for reporting in bench/)."""
    folder = shared / "data" / "polnear" / "data" / "train"
    if not folder.is_dir():
        pytest.skip("PolNeAR train is absent")
    report = evaluate_extractor(gold_documents(folder)[:30], extracted_predictions)
    direct = report.counts["direct"].scores()
    assert report.documents == 30 and report.counts["direct"].gold > 50
    assert direct["overlap_p"] >= 0.9 and direct["overlap_r"] >= 0.6
    assert direct["speaker_acc"] >= 0.85
