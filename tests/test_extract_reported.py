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


@pytest.mark.parametrize(("text", "expected"), [
    # content ending in a noun or a passive that looks like a cue verb (``call``, ``named``, ``answers``)
    ("Rosa Diaz said that the mayor had treated her family badly during a phone call.",
     ("the mayor had treated her family badly during a phone call", "Rosa Diaz", "said")),
    ("Tom Hale said the board would be fair once more members are named.",
     ("the board would be fair once more members are named", "Tom Hale", "said")),
    ("Vera Lind said her family asked for privacy as they sought answers.",
     ("her family asked for privacy as they sought answers", "Vera Lind", "said")),
    # an adverb between the subject and its cue
    ("Local officials privately warned that the bridge was unsafe.", ("the bridge was unsafe", "Local officials", "warned")),
    ("The mayor has long argued that buses are cheaper.", ("buses are cheaper", "The mayor", "argued")),
    # a subject no finer rule knows: the words of the clause before the cue
    ("In the spring poll, about three in 10 said they prefer a new mayor.",
     ("they prefer a new mayor", "three in 10", "said")),
    # a partly quoted clause: the quoted words count
    ("Sen. Ada Ruiz (D-Ore.) said the bill is “dead on arrival.”", ("the bill is “dead on arrival.”", "Ada Ruiz", "said")),
    # a short adverbial before ``that``
    ("Mayor Tim Cole said on Monday that the bridge would reopen.", ("the bridge would reopen", "Tim Cole", "said")),
    # a determined subject that opens the sentence, shared by a participle
    ("The Russians have used the fighters to justify airstrikes, saying the city is a front in the war.",
     ("the city is a front in the war", "Russians", "saying")),
    ("One in four voters in a city poll taken late last year said the tax should go.",
     ("the tax should go", "One in four voters in a city poll taken late last year", "said")),
])
def test_reported_speech_news_patterns(text: str, expected: tuple[str, str, str]):
    assert reported(text) == [expected]


def test_a_cue_verb_that_reads_as_a_noun_is_no_cue():
    assert reported("Turnout in his home state of Iowa was low this year.", "attribution") == []
    cues = [cue for _, _, cue in reported("Ann Bell won the support of the county for the levy.", "attribution")]
    assert "support" not in cues
    cues = [cue for _, _, cue in reported("The mayor's office took phone calls from residents all week.", "attribution")]
    assert "calls" not in cues
    assert reported("Critics claim the new stadium will cost far too much.") == [
        ("the new stadium will cost far too much", "Critics", "claim")
    ]


def test_stance_verbs_in_the_attribution_scope():
    assert reported("Lena Ruiz applauded the decision to reopen the park.", "attribution") == [
        ("the decision to reopen the park", "Lena Ruiz", "applauded")
    ]


def test_the_content_of_a_cue_that_closes_its_sentence_stays_a_cue():
    assert reported("Prices will rise again, traders said.") == [("Prices will rise again", "traders", "said")]


def test_a_reported_clause_ends_where_a_coordinated_attribution_starts():
    text = "Ana Cruz accused the mayor of wasting money, telling reporters the budget was a mess."
    assert reported(text, "attribution") == [
        ("the mayor of wasting money", "Ana Cruz", "accused"),
        ("the budget was a mess", "Ana Cruz", "telling"),
    ]


def test_reported_content_ends_before_a_quotation_with_its_own_cue():
    text = 'Lena Park said she welcomed the ruling and added, "We will not appeal it."'
    assert reported(text) == [("she welcomed the ruling", "Lena Park", "said")]


def test_the_name_in_apposition_to_a_role():
    text = "A Hilton spokesman, Carl Ames, said the pool would stay closed."
    assert reported(text) == [("the pool would stay closed", "Carl Ames", "said")]


def test_a_nested_attribution_keeps_its_own_speaker():
    text = "Ann Lee said that Bob Ray argued taxes must rise."
    assert reported(text) == [("Bob Ray argued taxes must rise", "Ann Lee", "said"), ("taxes must rise", "Bob Ray", "argued")]
    text = "Ann Lee said that most voters agree the tax must rise."
    assert ("the tax must rise", "most voters", "agree") in reported(text, "attribution")


def test_no_clause_subject_for_a_verb_that_is_mostly_an_adjective_or_noun_here():
    cues = [cue for _, _, cue in reported("In the end the senator won most pledged delegates in the state.", "attribution")]
    assert "pledged" not in cues


def test_a_headline_name_and_colon():
    text = "Ana Cruz: The Budget Will Pass by June\n\nThe council met on Monday."
    assert reported(text) == [("The Budget Will Pass by June", "Ana Cruz", ":")]
    assert reported("Update: The Budget Will Pass by June\n\nThe council met.") == []


def test_according_to_a_long_source_with_a_slash():
    text = "Turnout rose to 61 percent, according to a Suffolk University/Boston Globe poll released on Sunday."
    assert reported(text) == [
        ("Turnout rose to 61 percent", "a Suffolk University/Boston Globe poll released on Sunday", "according to")
    ]


def test_a_clause_subject_is_no_abstract_thing_of_something():
    assert reported("To Ann Lee, the revolution of Jetset recalls the spirit of old films.") == []
    found = reported("As usual, the head of Jetset said the budget would be cut.")
    assert [(content, cue) for content, _, cue in found] == [("the budget would be cut", "said")]


def test_a_headline_s_capitalised_verb_of_saying_is_a_cue():
    extraction = extract_quotes("Ann Lee Says She Has Already Started Writing Her Speech.\n\nThe mayor spoke on Monday.")
    assert [(extraction.entities[a.speaker].name, a.kind) for a in extraction.attributions] == [("Ann Lee", "indirect")]


def test_an_s_form_before_a_name_is_a_verb():
    extraction = extract_quotes("The vote was close. A new poll shows Ann Lee with a lead of ten points.", "attribution")
    assert [extraction.text[a.start : a.end] for a in extraction.attributions] == ["Ann Lee with a lead of ten points"]


@pytest.mark.parametrize("text", [
    "The vote was close. Ann Lee continued her long walk to the town hall.",
    "The vote was close. The many voters who came out in the rain support a new tax on cars.",
])
def test_verbs_that_rarely_report_or_rarely_take_the_clause_as_subject(text: str):
    assert extract_quotes(text, "attribution").attributions == []


@pytest.mark.parametrize("text, speaker", [
    ("The vote was close. Her rise was a surprise to many, said several observers.", "several observers"),
    ("The vote was close. The pilot had logged many hours, the airline said Thursday.", "the airline"),
])
def test_a_cue_closing_its_sentence_after_a_day_or_before_a_counted_phrase(text: str, speaker: str):
    extraction = extract_quotes(text)
    assert [extraction.entities[a.speaker].name for a in extraction.attributions] == [speaker]


def test_a_participle_after_a_quotation_s_cue_shares_its_speaker():
    text = "The council met on Monday. “We will win,” said Ann Lee, referring to the vote on the new budget."
    assert reported(text, "attribution") == [("to the vote on the new budget", "Ann Lee", "referring")]


@pytest.mark.parametrize(("text", "cue"), [
    ("“Not now,” Ann Lee snapped.", "snapped"),
    ("Ann Lee slammed the plan, calling it a gift to the rich.", "slammed"),
])
def test_verbs_that_double_their_final_consonant_are_cues(text: str, cue: str):
    extraction = extract_quotes(text, "attribution")
    assert cue in [text[slice(*a.cue)] for a in extraction.attributions if a.cue]


def test_a_contracted_pronoun_opening_a_sentence_is_the_subject_a_coordinated_verb_shares():
    text = "Ann Lee spoke on Monday. She’s comparing the plan to a tax and says the mayor is wrong about it."
    assert reported(text) == [("the mayor is wrong about it", "Ann Lee", "says")]


def test_an_opening_noun_phrase_ends_before_a_past_form():
    text = "Both parents stiffened their criticism of the mayor and his staff, saying that he lacked the character to lead."
    assert reported(text) == [("he lacked the character to lead", "Both parents", "saying")]


def test_a_noun_phrase_describing_the_person_just_named_is_that_person():
    text = ("Ann Lee grew up in Ohio. The Ohio-born director studied film in Paris and then in Rome, "
            "writing plays for small theatres. “I loved it,” she remembers.")
    extraction = extract_quotes(text)
    assert [extraction.entities[a.speaker].name for a in extraction.attributions] == ["Ann Lee", "Ann Lee"]


@pytest.mark.parametrize(("text", "expected"), [
    ("The school will reopen next week, a spokesman told The Daily Planet.", ("The school will reopen next week", "a spokesman", "told")),
    ("Voters want evidence for the claims, Ann Lee told reporters.", ("Voters want evidence for the claims", "Ann Lee", "told")),
])
def test_a_closing_cue_may_name_whom_it_told(text: str, expected: tuple[str, str, str]):
    assert reported(text) == [expected]


def test_according_to_after_a_conjunction_opening_a_sentence():
    text = "But according to documents seen by the newspaper, the mayor knew about the deal."
    assert reported(text) == [("the mayor knew about the deal", "documents seen by the newspaper", "according to")]


def test_a_participle_in_a_list_of_activities_reports_nothing():
    assert reported("Ann Lee built a career producing, writing and developing films for networks.") == []
