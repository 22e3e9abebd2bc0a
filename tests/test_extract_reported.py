"""Reported speech on short hand-made sentences: each with its content span, cue and source."""
from __future__ import annotations

import pytest

from argmap.extraction import extract_quotes


def reported(text: str, scope: str = "speech") -> list[tuple[str, str | None, str]]:
    """(content, speaker name, cue) of every indirect attribution found in ``text``."""
    extraction = extract_quotes(text, scope)
    return [
        (text[a.start : a.end], extraction.entities[a.speaker].name if a.speaker else None, text[slice(*a.cue)] if a.cue else "")
        for a in extraction.attributions
        if a.kind == "indirect"
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("Maria Lopez said that the bridge would close in May.", ("the bridge would close in May", "Maria Lopez", "said")),
    ("The mayor argues that buses are cheaper than trams.", ("buses are cheaper than trams", "The mayor", "argues")),
    ("Health officials warned that the heat wave could last a week.", ("the heat wave could last a week", "Health officials", "warned")),
    ("Governor Ray Kim told reporters the budget was balanced.", ("the budget was balanced", "Ray Kim", "told")),
    ("In a statement, the company said it would appeal the ruling.", ("it would appeal the ruling", "the company", "said")),
    ("The river will flood again, according to the weather service.", ("The river will flood again", "the weather service", "according to")),
    ("According to Dr. Ines Ruiz, the vaccine is safe for children.", ("the vaccine is safe for children", "Ines Ruiz", "According to")),
    ("The tax will rise next year, Paul Gray said on Monday.", ("The tax will rise next year", "Paul Gray", "said")),
    ("The plan will fail, said Nora Bell, a city councillor.", ("The plan will fail", "Nora Bell", "said")),
])
def test_reported_speech_content_source_and_cue(text: str, expected: tuple[str, str, str]):
    assert reported(text) == [expected]


def test_a_participle_shares_the_subject_of_its_sentence():
    text = "Ada Stone rejected the offer, saying the price was far too low."
    assert ("the price was far too low", "Ada Stone", "saying") in reported(text)


def test_a_relative_pronoun_names_the_person_before_it():
    text = "The vote was delayed by Sam Reed, who said the count was flawed."
    extraction = extract_quotes(text)
    [att] = [a for a in extraction.attributions if a.kind == "indirect"]
    assert extraction.entities[att.speaker].name == "Sam Reed" and text[slice(*att.mention)] == "who"
    assert text[att.start : att.end] == "the count was flawed"


def test_findings_and_beliefs_only_in_the_attribution_scope():
    text = "The survey found that most renters want rent control."
    assert reported(text) == []
    assert reported(text, "attribution") == [("most renters want rent control", "The survey", "found")]


def test_unknown_scope_is_refused():
    with pytest.raises(ValueError, match="scope"):
        extract_quotes("Ann said so.", "everything")
