"""Drafting an argument map (issue 15) on a small hand-written article: claims, issues, stances,
suggested relations, suggestions as data (YAML, RDF, SPARQL), the command and its warnings."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from argmap import load, sparql
from argmap.analysis.review import review_notes, review_states
from argmap.cli import main
from argmap.errors import ArgmapError
from argmap.extraction.alignment import align_claims, score_draft
from argmap.extraction.claims import claim_flags, cut_cues
from argmap.extraction.drafting import DraftOptions, article_questions, draft_map
from argmap.graph.formats.yaml import debate_to_yaml, read_debate_yaml
from argmap.graph.model import Suggestion
from argmap.graph.rdf import debate_to_rdf, rdf_to_debate
from argmap.store import ingest, open_store
from tests.conftest import FIXTURES

ARTICLE = FIXTURES / "draft-article.txt"
TEXT = ARTICLE.read_text(encoding="utf-8")
LABELS = DraftOptions(pro=["Ana Ruiz"], con=["Okafor"])


@pytest.fixture(scope="module")
def drafted():
    return draft_map(TEXT, "Main Street", LABELS)


def _by_speaker(debate, speaker):
    return [c for c in debate.claims if c.locutions[0].speaker == speaker]


def test_a_sentence_split_around_its_cue_is_one_claim_with_both_locutions(drafted):
    first = _by_speaker(drafted, "ruiz")[0]
    assert first.text == "A car-free street brings more people past the shops and people who walk stop for a coffee."
    assert [TEXT[loc.start : loc.end] for loc in first.locutions] == [loc.quote for loc in first.locutions]
    assert len(first.locutions) == 2
    # a quote split at a full stop stays two claims
    assert [c.text for c in _by_speaker(drafted, "ruiz")[1:]] == ["Families would finally let their children walk to school.",
                                                                  "The street would be safer for everyone."]


def test_cue_fragments_are_cut_and_pull_quotes_kept_once(drafted):
    reported = next(c for c in drafted.claims if "villages" in c.text and c.locutions[0].speaker == "okafor")
    assert reported.text == "The shops would lose the customers who drive in from the villages."
    assert "Okafor says" in reported.locutions[0].quote  # the locution stays verbatim
    mendes = _by_speaker(drafted, "mendes")
    pull = next(c for c in mendes if len(c.locutions) == 2)
    assert pull.text == "Without parking, the villages will shop elsewhere."
    assert len(mendes) == 2


def test_trivial_and_pronoun_quotes_are_flagged(drafted):
    flagged = {c.text: c.suggested.flags for c in drafted.claims if c.suggested and c.suggested.flags}
    assert flagged == {"I was surprised.": ["trivial"]}
    assert claim_flags("It would ruin the small shops on the street.") == ["pronoun"]
    assert cut_cues("AI, Rus argues, can take on dull tasks") == "AI can take on dull tasks."


def test_issues_come_from_the_article_or_the_user(drafted):
    assert [i.title for i in drafted.issues] == ["Should Main Street go car-free?"]
    assert {c.issue for c in drafted.claims} == {"issue-1"}
    assert article_questions("“Why me?” she asked.") == []
    given = draft_map(TEXT, "Main Street", DraftOptions(issues=["Is a car-free Main Street good for the town?", "Will shops lose customers?"]))
    assert [(i.id, i.parent) for i in given.issues] == [("issue-1", None), ("issue-2", "issue-1")]
    shops = next(c for c in given.claims if c.text.startswith("Shops on a car-free street"))
    assert shops.issue == "issue-2"


def test_stances_spread_from_two_labels(drafted):
    stances = {c.locutions[0].speaker: {c.stance for c in _by_speaker(drafted, c.locutions[0].speaker)} for c in drafted.claims}
    assert stances == {"ruiz": {"pro"}, "okafor": {"con"}, "mendes": {"con"}, "holt": {"pro"}}
    methods = {c.locutions[0].speaker: c.suggested.method for c in drafted.claims}
    assert methods == {"ruiz": "speaker-label", "okafor": "speaker-label", "mendes": "similarity", "holt": "similarity"}
    for claim in drafted.claims:
        assert 0 < claim.suggested.confidence <= 0.9 and claim.suggested.evidence
        assert claim.suggested.confidence <= 0.8 or claim.suggested.method == "speaker-label"


def test_claim_labels_and_unknown_names():
    first = draft_map(TEXT, "Main Street", DraftOptions(pro=["q001-ruiz"], con=["q009-mendes"]))
    claim = {c.id: c for c in first.claims}
    assert claim["q001-ruiz"].suggested.method == "label" and claim["q003-ruiz"].suggested.method == "speaker-consistency"
    assert claim["q003-ruiz"].stance == "pro" and claim["q010-mendes"].stance == "con"
    with pytest.raises(ArgmapError, match="Nobody"):
        draft_map(TEXT, "Main Street", DraftOptions(pro=["Nobody"]))
    with pytest.raises(ArgmapError, match="both pro and con"):
        draft_map(TEXT, "Main Street", DraftOptions(pro=["Ruiz"], con=["Ana Ruiz"]))


def test_without_labels_nothing_is_suggested_but_the_claims():
    bare = draft_map(TEXT, "Main Street")
    assert bare.relations == [] and {c.stance for c in bare.claims} == {None}
    assert {c.suggested.method for c in bare.claims} == {"none"}


def test_relations_follow_similarity_and_stance(drafted):
    ids = {c.id for c in drafted.claims}
    stance = {c.id: c.stance for c in drafted.claims}
    assert drafted.relations
    for relation in drafted.relations:
        assert relation.source in ids and relation.target in ids and relation.source != relation.target
        assert relation.type == ("supports" if stance[relation.source] == stance[relation.target] else "attacks")
        assert 0 < relation.suggested.confidence <= 1 and "relatedness" in relation.suggested.evidence
    pairs = [frozenset((r.source, r.target)) for r in drafted.relations]
    assert len(pairs) == len(set(pairs))
    # the top suggestion: the claims sharing most words (Mendes' pull-quote and her own claim)
    best = drafted.relations[0]
    assert {best.source, best.target} <= {c.id for c in _by_speaker(drafted, "mendes")} | {c.id for c in _by_speaker(drafted, "okafor")}
    # each claim proposes at most top_k
    few = draft_map(TEXT, "Main Street", DraftOptions(pro=["Ruiz"], con=["Okafor"], top_k=1))
    assert len(few.relations) <= len(few.claims)


def test_suggestions_round_trip_through_yaml_and_rdf(drafted, tmp_path):
    path = tmp_path / "draft.yaml"
    path.write_text(debate_to_yaml(drafted), encoding="utf-8")
    again, _ = read_debate_yaml(path)
    assert again.claims == drafted.claims and again.relations == drafted.relations
    assert rdf_to_debate(debate_to_rdf(drafted)) == again
    graph = load([path])
    columns, rows = sparql.result_rows(sparql.run_query(graph, "unreviewed-suggestions"))
    assert len(rows) == len(drafted.claims) + len(drafted.relations)
    confidence = columns.index("confidence")
    assert [float(r[confidence]) for r in rows] == sorted(float(r[confidence]) for r in rows)


def test_unreviewed_suggestions_same_rows_on_rdflib_and_the_store(drafted, tmp_path):
    path = tmp_path / "draft.yaml"
    path.write_text(debate_to_yaml(drafted), encoding="utf-8")
    with open_store(None) as store:
        ingest(store, [path])
        on_store = sparql.result_rows(sparql.run_query(store, "unreviewed-suggestions"))
    on_rdflib = sparql.result_rows(sparql.run_query(load([path]), "unreviewed-suggestions"))
    confidence = on_rdflib[0].index("confidence")  # Oxigraph writes decimals canonically (0.08 for 0.080)

    def rows(result):
        return [[float(cell) if n == confidence else cell for n, cell in enumerate(row)] for row in result[1]]
    assert on_store[0] == on_rdflib[0] and rows(on_store) == rows(on_rdflib)
    assert len(on_rdflib[1]) == len(drafted.claims) + len(drafted.relations)


def test_a_reviewed_item_is_no_longer_a_suggestion(drafted, tmp_path):
    document = yaml.safe_load(debate_to_yaml(drafted))
    document["relations"][0].pop("suggested")
    path = tmp_path / "reviewed.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    [state] = review_states(load([path]))
    assert (state.relations, state.suggested_relations) == (len(drafted.relations), len(drafted.relations) - 1)


def test_bad_suggested_field_names_file_and_line(tmp_path):
    document = yaml.safe_load(debate_to_yaml(draft_map(TEXT, "Main Street", LABELS)))
    document["relations"][0]["suggested"]["confidence"] = 1.5
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ArgmapError, match=r"bad.yaml:\d+: .*confidence lies between 0 and 1"):
        read_debate_yaml(path)


def test_suggestion_model_defaults():
    assert Suggestion(0.5, "similarity").flags == []


def test_draft_command_writes_a_valid_debate_and_validate_and_analyze_warn(tmp_path):
    runner = CliRunner()
    out = tmp_path / "draft.yaml"
    result = runner.invoke(main, ["draft", str(ARTICLE), "--pro", "Ana Ruiz", "--con", "Okafor", "--issue", "Should Main Street go car-free?", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "relations suggested" in result.output
    debate, _ = read_debate_yaml(out)
    assert debate.relations and all(r.suggested for r in debate.relations)
    validated = runner.invoke(main, ["validate", str(out)])
    assert validated.exit_code == 0 and "unreviewed suggestions" in validated.output
    analyzed = runner.invoke(main, ["analyze", str(out)])
    assert analyzed.exit_code == 0 and "unreviewed suggestions" in analyzed.output
    bare = tmp_path / "bare.yaml"
    assert runner.invoke(main, ["extract", str(ARTICLE), "-o", str(bare)]).exit_code == 0
    warned = runner.invoke(main, ["validate", str(bare)])
    assert warned.exit_code == 0 and "claims but no relations" in warned.output
    unknown = runner.invoke(main, ["draft", str(ARTICLE), "--pro", "Nobody"])
    assert unknown.exit_code != 0 and "Nobody" in unknown.output


def test_draft_command_names_the_speakers_whose_side_it_guessed_least_sure_first(tmp_path):
    """After one pro and one con label, every other speaker with claims is named once with the side
    the file gives their claims, in rising confidence; with no label, the draft says it has no stances."""
    runner = CliRunner()
    out = tmp_path / "draft.yaml"
    result = runner.invoke(main, ["draft", str(ARTICLE), "--pro", "Ana Ruiz", "--con", "Okafor", "-o", str(out)])
    assert result.exit_code == 0, result.output
    debate, _ = read_debate_yaml(out)
    names = {s.id: s.name for s in debate.speakers}
    unlabelled = {names[c.locutions[0].speaker] for c in debate.claims} - {"Ana Ruiz", "Ben Okafor"}
    note = next(line for line in result.output.splitlines() if "sides guessed" in line)
    listed = re.findall(r"(?:: |, )([^,:(]+?) (pro|con) \((\d\.\d\d), (\d+) claims?\)", note)
    assert unlabelled and {name for name, *_ in listed} == unlabelled and len(listed) == len(unlabelled)
    for name, stance, confidence, count in listed:
        theirs = [c for c in debate.claims if names[c.locutions[0].speaker] == name]
        assert len(theirs) == int(count) and {c.stance for c in theirs} == {stance}
        assert float(confidence) == min(c.suggested.confidence for c in theirs if c.suggested)
    assert [float(c) for _, _, c, _ in listed] == sorted(float(c) for _, _, c, _ in listed)
    bare = runner.invoke(main, ["draft", str(ARTICLE), "-o", str(tmp_path / "bare.yaml")])
    assert bare.exit_code == 0 and "0 stances" in bare.output and "no stances and no relations: label a few" in bare.output


def test_curated_maps_have_nothing_to_review(mini, flagship):
    assert review_notes(load([mini, flagship])) == []


def test_alignment_scores_a_map_against_itself(flagship):
    curated, _ = read_debate_yaml(flagship)
    score = score_draft(curated, curated)
    assert score.stance_accuracy == 1.0 and score.relation_recall == 1.0 and score.polarity_accuracy == 1.0
    assert len(align_claims(curated, curated)) == len(curated.claims)


def test_a_corpus_gets_one_note_per_kind_not_one_per_debate(tmp_path: Path) -> None:
    from argmap.analysis.review import NOTES_PER_KIND

    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    paths = []
    for n in range(NOTES_PER_KIND + 2):
        path = tmp_path / f"bare{n}.yaml"
        bare = text.replace("id: mini\n", f"id: bare{n}\n")
        path.write_text(bare[: bare.index("\nrelations:")] + "\n", encoding="utf-8")
        paths.append(path)
    notes = review_notes(load(paths))
    assert len(notes) == 1 and notes[0].startswith(f"{NOTES_PER_KIND + 2} debates have claims but no relations")
    assert len(review_notes(load(paths[:NOTES_PER_KIND]))) == NOTES_PER_KIND
