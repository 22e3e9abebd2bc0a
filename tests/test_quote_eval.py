"""Scoring quotations against gold (brat standoff and JSON), on hand-made fixtures."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from argmap.cli import main
from argmap.extraction.evaluation import (
    GoldQuote,
    PredictedQuote,
    best_match,
    read_brat,
    same_speaker,
    score_document,
    span_kind,
    text_for_annotation,
    trimmed,
)
from tests.conftest import FIXTURES

QUOTES = FIXTURES / "quotes"
TEXT = "Ann said, “It works,” and Bob said it does not. “Really?” he asked."


def test_read_brat_events_with_discontinuous_content_and_pronoun_source():
    gold = read_brat(QUOTES / "tram-debate.ann")
    assert len(gold) == 11
    plan = [g for g in gold if len(g.pieces) == 2]
    assert len(plan) == 1 and plan[0].pieces == ((505, 514), (529, 561)) and plan[0].speaker == "Reyes"
    text = (QUOTES / "tram-debate.txt").read_text(encoding="utf-8")
    pronoun = [g for g in gold if g.speaker == "he"]
    assert [text[s:e] for s, e in pronoun[0].source_spans] == ["he"]
    assert sum(1 for g in gold if g.speaker is None) == 4


def test_brat_text_continuing_on_the_next_line_is_skipped(tmp_path: Path):
    ann = tmp_path / "a.ann"
    ann.write_text("T1\tContent 0 3;5 9\tab\n\ncd\nT2\tSource 10 13\tAnn\nE1\tAttribution:T1 Content:T1 Source:T2\n", encoding="utf-8")
    [g] = read_brat(ann)
    assert g.pieces == ((0, 3), (5, 9)) and g.speaker == "Ann"


def test_malformed_gold_names_file_line_and_field(tmp_path: Path):
    ann = tmp_path / "bad.ann"
    ann.write_text("T1\tContent zero 3\tab\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["eval-quotes", "--gold", str(ann), "--pred", str(QUOTES / "tram-debate.txt")])
    assert result.exit_code == 1 and "bad.ann:1:" in result.output
    js = tmp_path / "bad.json"
    js.write_text(json.dumps([{"start": 5, "end": 2, "speaker": "X"}]), encoding="utf-8")
    result = runner.invoke(main, ["eval-quotes", "--gold", str(js), "--pred", str(QUOTES / "tram-debate.txt")])
    assert result.exit_code == 1 and "bad.json: [0]: end (2) must be greater" in result.output
    beyond = tmp_path / "beyond.json"
    beyond.write_text(json.dumps([{"start": 5, "end": 99999, "speaker": "X"}]), encoding="utf-8")
    result = runner.invoke(main, ["eval-quotes", "--gold", str(beyond), "--pred", str(QUOTES / "tram-debate.txt")])
    assert result.exit_code == 1 and "beyond the article" in result.output


def test_trimmed_and_kind():
    start = TEXT.index("“It")
    assert TEXT[slice(*trimmed(TEXT, start, start + 11))] == "It works"
    assert span_kind(TEXT, start, start + 11) == "direct"
    assert span_kind(TEXT, start + 1, start + 9) == "direct"
    assert span_kind(TEXT, TEXT.index("it does"), TEXT.index(" not.") + 4) == "indirect"


def test_same_speaker_by_name_words_or_mention():
    gold = GoldQuote(((0, 5),), "Sen. Ted Cruz")
    assert same_speaker(gold, PredictedQuote(0, 5, "Ted Cruz"))
    assert same_speaker(GoldQuote(((0, 5),), "Cruz"), PredictedQuote(0, 5, "Ted Cruz"))
    assert not same_speaker(GoldQuote(((0, 5),), "Eric Trump"), PredictedQuote(0, 5, "Donald Trump"))
    assert same_speaker(GoldQuote(((0, 5),), "Lightcraft"), PredictedQuote(0, 5, "Lightcraft Technology"))
    pronoun = GoldQuote(((0, 5),), "he", ((50, 52),))
    assert same_speaker(pronoun, PredictedQuote(0, 5, "Bob Smith", mention=(50, 52)))
    assert not same_speaker(pronoun, PredictedQuote(0, 5, "Bob Smith", mention=(10, 13)))
    assert not same_speaker(pronoun, PredictedQuote(0, 5, "Bob Smith"))


def test_score_document_counts_by_hand():
    works = TEXT.index("It works")
    really = TEXT.index("Really")
    bob = TEXT.index("it does")
    gold = [
        GoldQuote(((works - 1, works + 10),), "Ann"),          # “It works,” with its marks
        GoldQuote(((bob, bob + len("it does not")),), "Bob"),    # indirect
        GoldQuote(((really, really + 7),), "Bob"),              # Really?
    ]
    predicted = [
        PredictedQuote(works, works + 8, "Ann Lee"),            # exact after trimming, right speaker
        PredictedQuote(really, really + 6, "Ann Lee"),          # exact, wrong speaker
        PredictedQuote(0, 3, "Ann"),                            # spurious
    ]
    report = score_document(TEXT, gold, predicted)
    everything = report.counts["all"]
    assert (everything.gold, everything.predicted) == (3, 3)
    assert (everything.predicted_exact, everything.gold_exact) == (2, 2)
    assert (everything.speaker_scored, everything.speaker_right) == (2, 1)
    scores = everything.scores()
    assert scores["overlap_p"] == 2 / 3 and scores["overlap_r"] == 2 / 3
    assert scores["attributed_p"] == 1 / 3 and scores["attributed_r"] == 1 / 3
    assert report.counts["direct"].gold == 2 and report.counts["indirect"].gold == 1
    assert report.counts["indirect"].gold_overlap == 0


def test_a_prediction_goes_to_the_inner_of_two_nested_gold_attributions():
    text = "Ann Lee said that Bob Ray argued taxes must rise."
    outer, inner = text.index("Bob Ray"), text.index("taxes")
    end = len(text) - 1
    gold = [GoldQuote(((outer, end),), "Ann Lee"), GoldQuote(((inner, end),), "Bob Ray")]
    predicted = [PredictedQuote(outer, end, "Ann Lee"), PredictedQuote(inner, end, "Bob Ray")]
    scores = score_document(text, gold, predicted).counts["all"].scores()
    assert scores["attributed_p"] == 1.0 and scores["attributed_r"] == 1.0
    assert best_match((inner, end), [[(outer, end)], [(inner, end)]]) == 1


def test_text_for_polnear_layout(tmp_path: Path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "nyt_x.txt").write_text("x", encoding="utf-8")
    ann = tmp_path / "attributions" / "nyt_x_4e07.ann"
    ann.write_text("", encoding="utf-8")
    assert text_for_annotation(ann) == tmp_path / "text" / "nyt_x.txt"


def test_cli_eval_quotes_on_json_brat_folder_and_draft(tmp_path: Path):
    runner = CliRunner()
    article = QUOTES / "tram-debate.txt"
    by_json = runner.invoke(main, ["eval-quotes", "--gold", str(QUOTES / "tram-debate.quotes.json"), "--pred", str(article), "--format", "json"])
    assert by_json.exit_code == 0, by_json.output
    scores = json.loads(by_json.output)
    assert scores["direct"]["gold"] == 8 and scores["all"]["gold"] == 11
    assert scores["all"]["overlap_r"] == 1.0 and scores["all"]["speaker_acc"] == 1.0
    by_brat = runner.invoke(main, ["eval-quotes", "--gold", str(QUOTES / "tram-debate.ann")])
    assert by_brat.exit_code == 0 and "direct" in by_brat.output
    folder = runner.invoke(main, ["eval-quotes", "--gold", str(QUOTES), "--format", "json"])
    assert folder.exit_code == 0, folder.output
    assert json.loads(folder.output)["documents"] == 1
    draft = tmp_path / "draft.yaml"
    assert runner.invoke(main, ["extract", str(article), "--title", "Tram", "-o", str(draft)]).exit_code == 0
    by_draft = runner.invoke(main, ["eval-quotes", "--gold", str(QUOTES / "tram-debate.quotes.json"), "--pred", str(draft), "--format", "json"])
    assert by_draft.exit_code == 0, by_draft.output
    assert json.loads(by_draft.output)["all"] == scores["all"]
