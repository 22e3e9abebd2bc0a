"""Drafting on real material from ../shared (skipped without it): the flagship article against its
curated map, and relation polarity on QT30's gold test maps. Floors sit a little under the figures of
bench/RESULTS-draft.md so that a change that breaks the drafting fails here."""
from __future__ import annotations

from pathlib import Path

import pytest

from argmap import load
from argmap.extraction.alignment import score_draft
from argmap.extraction.drafting import DraftOptions, draft_map
from argmap.extraction.relations import speaker_polarity
from argmap.graph.formats.yaml import read_debate_yaml
from argmap.graph.rdf import rdf_to_debate
from tests.conftest import ROOT

QT30_TEST = ROOT.parent / "shared" / "data" / "aif-qt30" / "testmaps_mystreamer" / "code" / "data" / "qt-30" / "eval"
PROTOCOL = DraftOptions(issues=["Is AI good for film making and the people who make films?"], pro=["Rick Carter", "Hal Watmough", "Verena Puhm"], con=["Sam Tung", "Diego Mariscal"])


@pytest.fixture(scope="module")
def flagship_draft(request):
    article = ROOT.parent / "shared" / "corpus" / "hollywood-ai" / "article.txt"
    if not article.is_file():
        pytest.skip("../shared is absent: real-corpus tests need it (see shared/README.md)")
    return draft_map(article.read_text(encoding="utf-8"), "AI in Hollywood", PROTOCOL, path=str(article))


def test_flagship_from_the_article_and_five_labels(flagship_draft, flagship: Path):
    curated, _ = read_debate_yaml(flagship)
    score = score_draft(flagship_draft, curated)
    assert score.aligned_claims >= 55
    assert score.stance_accuracy >= 0.78
    assert score.relation_recall >= 0.45
    assert score.polarity_accuracy >= 0.9


def test_flagship_claims_are_cleaned_and_flagged(flagship_draft):
    texts = [c.text for c in flagship_draft.claims]
    assert "The goal is to put more power in the hands of the people making the work." in texts  # “The goal, Mack says, is ...”
    repeated = [c for c in flagship_draft.claims if c.text.startswith("If AI is so good it can replace a human")]
    assert len(repeated) == 1 and len(repeated[0].locutions) == 2  # Marino's quote and its pull-quote
    assert {"trivial"} <= {f for c in flagship_draft.claims for f in c.suggested.flags}
    assert sum("trivial" in c.suggested.flags for c in flagship_draft.claims) <= 12


def test_qt30_polarity_given_the_related_pairs(shared):
    if not QT30_TEST.is_dir():
        pytest.skip(f"{QT30_TEST} is absent")
    predicted, gold = [], []
    for path in sorted(QT30_TEST.glob("*.json")):
        debate = rdf_to_debate(load([path]))
        speakers = {c.id: {loc.speaker for loc in c.locutions} for c in debate.claims}
        for relation in (r for r in debate.relations if r.type in ("supports", "attacks")):
            shared = speakers[relation.source] & speakers[relation.target]
            source, target = (min(shared), min(shared)) if shared else (min(speakers[relation.source]), min(speakers[relation.target]))
            predicted.append(speaker_polarity(source, target))
            gold.append(relation.type)
    assert len(gold) == 78
    f1 = [2 * tp / (2 * tp + fp + fn) for kind in ("supports", "attacks")
          for tp, fp, fn in [(sum(p == g == kind for p, g in zip(predicted, gold)), sum(p == kind != g for p, g in zip(predicted, gold)),
                              sum(g == kind != p for p, g in zip(predicted, gold)))]]
    assert sum(f1) / 2 >= 0.8
