"""News patterns of attribution (issue 16), each on a short sentence written for the test."""
from __future__ import annotations

import pytest

from argmap.extraction import extract_quotes


def speakers(text: str) -> list[tuple[str, str, str | None]]:
    """(name, kind, description) of the speaker of every attribution found in ``text``."""
    extraction = extract_quotes(text)
    found = []
    for att in extraction.attributions:
        entity = extraction.entities[att.speaker]
        found.append((entity.name, entity.kind, entity.description))
    return found


def direct_sources(text: str) -> list[tuple[str, str]]:
    """The speaker's name and how it was found, for each direct quotation of ``text``."""
    extraction = extract_quotes(text)
    return [(extraction.entities[a.speaker].name, a.how) for a in extraction.attributions if a.kind == "direct"]


def test_inverted_cue_with_an_appositive_role():
    assert speakers("“We are not giving up,” said Lena Park, a union organizer.") == [
        ("Lena Park", "person", "a union organizer")
    ]


def test_role_between_an_organisation_and_the_speaker():
    assert speakers("“The deal is done,” said White House press secretary Josh Earnest.") == [
        ("Josh Earnest", "person", "White House press secretary")
    ]


def test_place_and_role_before_the_speaker():
    assert speakers("“The lines were long,” said Seoul resident Margie Kim.") == [
        ("Margie Kim", "person", "Seoul resident")
    ]


def test_he_said_after_said_name():
    text = "Mayor Ann Cole spoke first. “Prices are up,” said Tom Hale. “We will cut costs,” he said."
    extraction = extract_quotes(text)
    assert [(extraction.entities[a.speaker].name, a.how) for a in extraction.attributions] == [
        ("Tom Hale", "cue"), ("Tom Hale", "pronoun")
    ]


def test_organisations_by_their_words_and_places():
    text = (
        "“Deficits will grow,” said the Congressional Budget Office. The Treasury said rates would rise. "
        "Whole Foods said prices would fall. South Korea said talks would resume."
    )
    assert [(name, kind) for name, kind, _ in speakers(text)] == [
        ("Congressional Budget Office", "organisation"), ("Treasury", "organisation"),
        ("Whole Foods", "organisation"), ("South Korea", "organisation"),
    ]


def test_no_speaker_from_a_noun_compound_or_a_sign():
    text = "A sign at the bakery read “New Bread Daily.” The yield on the Treasury note said little, traders said."
    assert [name for name, _, _ in speakers(text)] == ["traders"]


def test_bylines_and_author_bios_quote_nobody():
    text = (
        "By Jane Doe\n"
        "Jane Doe is a reporter for the Daily Planet who says rents are rising fast.\n"
        "“Rain is coming,” said Bob Ray."
    )
    assert [name for name, _, _ in speakers(text)] == ["Bob Ray"]


def test_middle_initial_keeps_its_period():
    text = "“Taxes will rise,” said C. Eugene Steuerle, a fellow at the Urban Institute."
    assert speakers(text) == [("C. Eugene Steuerle", "person", "a fellow at the Urban Institute")]


def test_family_name_first_kept_whole():
    text = "“We talked for hours,” Kim Jong Un said. “It was useful,” Kim said. “We agree,” said Moon Jae-in."
    assert [name for name, _, _ in speakers(text)] == ["Kim Jong Un", "Kim Jong Un", "Moon Jae-in"]


def test_cue_verb_right_before_a_quotation_without_punctuation():
    text = "Ann Lee spoke at the dock. In her speech, Lee said “the bridge will close in May.” A man yelled “Keep it open!”"
    extraction = extract_quotes(text)
    found = [(text[a.start : a.end], extraction.entities[a.speaker].name, a.kind) for a in extraction.attributions]
    assert ("the bridge will close in May.", "Ann Lee", "direct") in found
    assert ("Keep it open!", "A man", "direct") in found


def test_title_case_quotation_closed_by_a_comma_before_its_cue_is_speech():
    text = "“Rome Is Burning,” Mayor Ada Rossi said."
    extraction = extract_quotes(text)
    assert [(text[a.start : a.end], extraction.entities[a.speaker].name) for a in extraction.attributions] == [
        ("Rome Is Burning", "Ada Rossi")
    ]
    assert extract_quotes("She starred in “Rome Is Burning” last year.").attributions == []


def test_a_sentence_ends_before_a_doubled_single_quote():
    text = "Aid was cut last week, officials said. ''We will not leave,'' Ms. Vega said."
    extraction = extract_quotes(text)
    assert [(a.kind, text[a.start : a.end], extraction.entities[a.speaker].name) for a in extraction.attributions] == [
        ("indirect", "Aid was cut last week", "officials"), ("direct", "We will not leave", "Vega")
    ]


def test_a_dateline_or_a_sentence_adverb_is_no_speaker():
    text = "DENVER, Colo. (AP) — Ann Ross, the city's planner, rallied residents, saying: “We will build it.”"
    assert all(name != "DENVER" for name, _, _ in speakers(text))
    extraction = extract_quotes("Recently, supporting the plan became popular among voters.", "attribution")
    assert all(extraction.entities[a.speaker].name != "Recently" for a in extraction.attributions if a.speaker)


def test_inverted_cue_with_a_determined_noun_phrase():
    text = "“She didn’t like that,” said a 2008 campaign veteran."
    assert [name for name, _, _ in speakers(text)] == ["a 2008 campaign veteran"]


def test_inverted_cue_with_modifiers_or_a_role_in_apposition():
    assert [name for name, _, _ in speakers("“We will win,” said former city adviser Dana Holt.")] == ["Dana Holt"]
    text = "“We will win,” said Mayor Lee’s press secretary, Dana Holt, who ran the race."
    assert speakers(text) == [("Dana Holt", "person", "Mayor Lee’s press secretary")]
    text = "“We will win,” said the mayor’s deputy campaign manager, Dana Holt."
    assert [name for name, _, _ in speakers(text)] == ["Dana Holt"]


def test_a_name_in_apposition_after_an_owners_role_and_whom_a_cue_tells():
    text = "Senator Ray Hunt’s chief of staff, Joe Kent, told the Herald: “The votes are there.”"
    assert speakers(text) == [("Joe Kent", "person", "Senator Ray Hunt’s chief of staff")]
    assert [name for name, _, _ in speakers("“Is it over?” asked Ann Lee.")] == ["Ann Lee"]


def test_a_quotation_after_a_shared_subject_a_clause_opener_or_a_colon():
    assert [name for name, _, _ in speakers("Ann Lee backed the plan and said, “It will pass in May.”")] == ["Ann Lee"]
    text = "Then, when a young boy shouted, “Run, they are coming!” everyone ran."
    assert [name for name, _, _ in speakers(text)] == ["a young boy"]
    text = "But Fiorina was far less bubbly: “The market will hate this deal.”"
    extraction = extract_quotes(text)
    assert [(extraction.entities[a.speaker].name, a.how) for a in extraction.attributions] == [("Fiorina", "colon")]


@pytest.mark.parametrize(("text", "speaker"), [
    ("“Out!” the crowd yelled.", "the crowd"),
    ("“Costs add to the urgency,” the report stated.", "the report"),
    ("“We realized it was all lies,” said one owner of a shop that sells shoes.", "one owner of a shop"),
    ("“He is, and always has been, a leader,” said the 46-year-old.", "the 46-year-old"),
    ("“The first line of defense is the community,” said former secretary of state Ann Lee.", "Ann Lee"),
    ("“Will the mayor resign?” the presumptive GOP nominee, Dan Ortiz, tweeted Sunday.", "Dan Ortiz"),
    ("“This is eerily similar to 2000,” said one longtime adviser to Ann Lee.", "one longtime adviser to Ann Lee"),
    ("“It’s a way to take part,” says a source involved in the group’s creation.", "a source"),
    ("“We’re like ‘Ebony and Ivory,’” Mr. Bell explained with a smile.", "Bell"),
])
def test_news_cues_of_direct_quotations(text: str, speaker: str):
    assert [name for name, _, _ in speakers(text)] == [speaker]


def test_a_participle_after_a_quotation_does_not_invert_its_subject():
    text = "“Nothing you can do, folks,” Ann Lee told a rally, saying Bob Ray would “abolish the tax.”"
    extraction = extract_quotes(text)
    assert [(a.kind, extraction.entities[a.speaker].name) for a in extraction.attributions] == [
        ("direct", "Ann Lee"), ("indirect", "Ann Lee")
    ]


def test_a_number_opening_a_sentence_is_no_speaker():
    text = "Eight years ago, Ann Lee backed the plan and said, “It will pass in May.”"
    assert [name for name, _, _ in speakers(text)] == ["Ann Lee"]


def test_a_name_right_before_a_colon_introduces_the_quotation():
    text = "Pollsters concur - Carl Bialik: “Keep on contacting voters as late as possible.”"
    assert [name for name, _, _ in speakers(text)] == ["Carl Bialik"]


@pytest.mark.parametrize("text", [
    "Ann Lee posted a photo online, writing “Look at this lovely view.”",
    "Ann Lee closed her speech by saying “We will be back next year.”",
])
def test_a_participle_right_before_a_quotation_shares_the_sentence_subject(text: str):
    extraction = extract_quotes(text)
    assert [(a.kind, extraction.entities[a.speaker].name) for a in extraction.attributions] == [("direct", "Ann Lee")]


@pytest.mark.parametrize("text, quoted, speaker", [
    ("Ann Lee urged voters to “stand up and be counted,” and left.", "stand up and be counted", "Ann Lee"),
    ("Bob Ray thanked her for “stepping up when it mattered.”", "stepping up when it mattered.", "Bob Ray"),
    ("Ann Lee said that “we need more time” to decide.", "we need more time", "Ann Lee"),
])
def test_a_quotation_inside_the_clause_of_a_reporting_verb_is_its_subject_s(text: str, quoted: str, speaker: str):
    extraction = extract_quotes(text)
    direct = [a for a in extraction.attributions if a.kind == "direct"]
    assert [(text[a.start : a.end], extraction.entities[a.speaker].name) for a in direct] == [(quoted, speaker)]


@pytest.mark.parametrize("text", [
    "Hours later, Ann Lee thanked the crowd, telling them, “You made this happen.”",
    "Back in May, Ann Lee thanked the crowd, telling them, “You made this happen.”",
    "Immediately after the vote, Ann Lee issued a statement, “You made this happen.”",
])
def test_an_adverb_or_span_of_time_opening_a_sentence_is_no_speaker(text: str):
    assert [name for name, _, _ in speakers(text)] == ["Ann Lee"]


@pytest.mark.parametrize("text, quoted", [
    ("“If we lose Iowa, we lose the state, said Jim Ruiz, a congressman.", "If we lose Iowa, we lose the state"),
    ("“It is unusual,“ said Jim Ruiz, a lawyer.", "It is unusual"),
])
def test_a_closing_mark_left_out_or_typed_the_wrong_way_before_a_cue(text: str, quoted: str):
    extraction = extract_quotes(text)
    assert [(text[a.start : a.end], extraction.entities[a.speaker].name) for a in extraction.attributions] == [(quoted, "Jim Ruiz")]


@pytest.mark.parametrize("text", [
    "“We will cut the tax,” Ann Lee went on.",
    "“You have no plan at all,” Ann Lee shot back.",
    "“The stock has not done well,” Ann Lee pointed out.",
])
def test_verbs_with_a_particle_cue_a_quotation(text: str):
    assert [name for name, _, _ in speakers(text)] == ["Ann Lee"]


def test_a_verb_without_its_particle_cues_nothing():
    assert speakers("“We will cut the tax,” Ann Lee went home.") == []


@pytest.mark.parametrize("text, speaker", [
    ("The mayor's office thanked voters on Monday, saying, “We could not have done it without you.”", "The mayor's office"),
    ("Lee’s campaign thanked voters on Monday, saying, “We could not have done it without you.”", "Lee’s campaign"),
])
def test_a_participle_before_a_quotation_shares_an_opening_noun_phrase(text: str, speaker: str):
    extraction = extract_quotes(text)
    assert [(a.kind, extraction.entities[a.speaker].name) for a in extraction.attributions] == [("direct", speaker)]


@pytest.mark.parametrize("text", [
    "In his new book, “Doomed to Succeed,” and in an interview, Ann Lee said the talks failed.",
    "Speaking Sunday on ABC’s “This Week,” Ann Lee admitted the plan had failed.",
])
def test_a_title_after_a_preposition_a_possessive_or_a_work_is_no_quotation(text: str):
    extraction = extract_quotes(text)
    assert [a for a in extraction.attributions if a.kind == "direct"] == []


def test_a_name_after_a_clause_break_is_the_subject_of_its_cue():
    text = "Taking it in, Ann Lee said, “It is so nice to hear you cheer.”"
    assert [name for name, _, _ in speakers(text)] == ["Ann Lee"]


@pytest.mark.parametrize("text, speaker", [
    ("“He is no racist, folks,” Ann Lee assured the crowd.", "Ann Lee"),
    ("“Guns should stay at home,” opined the Plain Dealer.", "Plain Dealer"),
    ("“The race is over,” Ann Lee could only say.", "Ann Lee"),
])
def test_more_verbs_and_modals_cue_a_quotation(text: str, speaker: str):
    assert [name for name, _, _ in speakers(text)] == [speaker]


@pytest.mark.parametrize("text", [
    "Bob Ray spoke first. As Ann Lee, the mayor of the town, put it: “This plan will not pass.”",
    "Bob Ray spoke first. “I am a moderate who gets things done,” Ann Lee cracked.",
])
def test_put_it_and_cracked_cue_a_quotation_after_another_speaker(text: str):
    assert direct_sources(text) == [("Ann Lee", "cue")]


def test_a_capitalised_past_form_is_still_a_cue():
    assert [name for name, _, _ in speakers("“We will not back down!” Ann Lee, the head of a large group, Tweeted on Friday.")] == ["Ann Lee"]


def test_a_quotation_ending_its_sentence_takes_the_cue_before_it_not_the_next_sentence_s():
    text = "Bob Ray spoke first. Ann Lee laughed and said, “We will see.” The mayor then recalled the vote."
    assert direct_sources(text) == [("Ann Lee", "cue")]


@pytest.mark.parametrize("text, speaker", [
    ("Bob Ray spoke first. One man wrote, “She will lose the vote.”", "One man"),
    ("Bob Ray spoke first. Later, one reader wrote, “We want a new mayor.”", "one reader"),
])
def test_a_noun_phrase_opened_by_one_is_a_source(text: str, speaker: str):
    extraction = extract_quotes(text)
    assert [extraction.entities[a.speaker].name for a in extraction.attributions if a.kind == "direct"] == [speaker]


@pytest.mark.parametrize("text", [
    "Asked on Monday whether Bob Ray would run, Ann Lee shook her head and said, “No.”",
    "Pressed about the vote, Ann Lee smiled and said, “We will see.”",
])
def test_a_past_participle_opening_the_sentence_is_no_subject(text: str):
    assert direct_sources(text) == [("Ann Lee", "cue")]


def test_a_participle_after_a_reporting_clause_shares_its_subject():
    text = "The vote was close. Bob Ray will win the seat, Ann Lee said, adding, “He is a fine man.”"
    assert direct_sources(text) == [("Ann Lee", "cue")]


@pytest.mark.parametrize("text, speaker", [
    ("Ann Lee spoke first. Bob Ray started the fight when he brought up the vote and later said, “It is not just us.”", "Bob Ray"),
    ("Bob Ray spoke first. Ann Lee tries to turn it around, alternately shouting “Get out” and “Be nice.”", "Ann Lee"),
])
def test_an_adverb_before_a_coordinated_verb_or_participle_keeps_the_shared_subject(text: str, speaker: str):
    assert set(direct_sources(text)) == {(speaker, "cue")}


@pytest.mark.parametrize("text", [
    "The vote was close. Ann Lee called the new tax plan “a gift to the rich” on Monday.",
    "The vote was close. Ann Lee called him “a liar” in May.",
    "The vote was close. Ann Lee blasted Bob Ray, the mayor of the town since May of last year, for his “reckless and costly plan” on Monday.",
])
def test_a_verb_of_stance_or_naming_that_quotes_words_reports_speech(text: str):
    assert [name for name, _, _ in speakers(text)] == ["Ann Lee"]


@pytest.mark.parametrize("text", [
    "The vote was close. Ann Lee called the new tax plan a gift to the rich.",
    "The vote was close. Ann Lee saw “The Long Night” twice.",
    "The vote was close. Bob Ray made what he calls “slow films for tired people” in May.",
    "The vote was close. Some voters call the new tax plan “a gift to the rich” and leave it there.",
])
def test_a_verb_of_stance_without_quoted_speech_or_naming_a_term_is_no_speech(text: str):
    assert speakers(text) == []


@pytest.mark.parametrize("text, speaker", [
    ("The vote was close. “We will win,” Ann Lee of Ohio said on Monday.", "Ann Lee"),
    ("The vote was close. “Rates will stay low,” the Bank of Canada said.", "Bank of Canada"),
])
def test_a_name_of_a_place_before_its_cue_is_the_source(text: str, speaker: str):
    assert [name for name, _, _ in speakers(text)] == [speaker]


def test_the_noun_of_a_place_before_its_cue_is_no_name():
    assert speakers("The vote was close. “We will win,” the governor of Ohio said.") == []


@pytest.mark.parametrize("text, speaker", [
    ("The vote was close. “We will win,” said Ohio’s Ann Lee, a consultant.", "Ann Lee"),
    ("The vote was close. “We will win,” said Ray’s campaign manager Ann Lee.", "Ann Lee"),
])
def test_an_inverted_source_after_an_owner_s_name(text: str, speaker: str):
    assert direct_sources(text) == [(speaker, "cue")]


def test_an_owner_s_thing_after_a_cue_is_no_speaker():
    assert direct_sources("The vote was close. “We will win,” said Ann Lee’s Twitter account.") == []


@pytest.mark.parametrize("text, speaker", [
    ("The vote was close. “We will win,” said a person familiar with the talks.", "a person"),
    ("The vote was close. “We will win,” said one man with ties to the mayor, who spoke to us.", "one man with ties"),
])
def test_an_inverted_noun_phrase_headed_by_a_person(text: str, speaker: str):
    assert direct_sources(text) == [(speaker, "nominal")]


@pytest.mark.parametrize("text, speaker", [
    ("The vote was close. “Vote for Lee,” the sign on her door read.", "the sign on her door"),
    ("The vote was close. “We will win,” reacted Ann Lee.", "Ann Lee"),
    ("The vote was close. “Get out!” the crowd screamed back.", "the crowd"),
    ("The vote was close. “Not now,” Ann Lee whispered.", "Ann Lee"),
])
def test_more_verbs_cue_a_quotation_after_it(text: str, speaker: str):
    assert [name for name, _, _ in speakers(text)] == [speaker]


def test_read_without_a_quotation_reports_nothing():
    assert speakers("The vote was close. Ann Lee read the new report on the train.") == []


@pytest.mark.parametrize("text, speaker", [
    ("The vote was close. “We will win,” the Ohio senator and presidential candidate said.", "the Ohio senator and presidential candidate"),
    ("The vote was close. “We will win,” the soft-spoken, 71-year-old diplomat said on Monday.", "the soft-spoken, 71-year-old diplomat"),
    ("The vote was close. “We will win,” said her husband.", "her husband"),
])
def test_a_longer_or_owned_noun_phrase_is_the_source_of_a_cue_after_a_quotation(text: str, speaker: str):
    assert direct_sources(text) == [(speaker, "nominal")]


def test_an_owner_and_a_role_before_an_inverted_name():
    assert direct_sources("The vote was close. “We will win,” added his campaign manager Ann Lee.") == [("Ann Lee", "cue")]


@pytest.mark.parametrize("text", [
    "After Bob Ray criticized the plan during a debate, Ann Lee shot back, “I could have stayed home.”",
    "When the deal was signed, Ann Lee fired back forcefully: “If they sue us, they will lose.”",
])
def test_reported_content_stops_before_a_quotation_with_its_own_cue(text: str):
    assert direct_sources(text) == [("Ann Lee", "cue")]


@pytest.mark.parametrize("text, speaker", [
    ("The vote was close. Ann Lee called Bob Ray “Little Bobby” several times.", "Ann Lee"),
    ("The vote was close. A reporter on the scene called it “absolute chaos” on the air.", "A reporter on the scene"),
])
def test_a_person_s_quoted_name_for_someone_or_something_is_speech(text: str, speaker: str):
    assert [name for name, _, _ in speakers(text)] == [speaker]


@pytest.mark.parametrize("text", [
    "The vote was close. ''It was 'a disaster,''' Ann Lee recalled.",
    "The vote was close. ''We won 'fair and square.''' said Ann Lee.",
])
def test_three_straight_quotes_close_an_inner_and_a_doubled_quotation(text: str):
    assert direct_sources(text) == [("Ann Lee", "cue")]


@pytest.mark.parametrize("text, speaker", [
    ("The vote was close. “We will win,” the economist Ann Lee, a former adviser to the mayor, wrote on her blog.", "Ann Lee"),
    ("The vote was close. “We will win,” Ann Lee Jr., the director of the agency, said at a news conference.", "Ann Lee Jr"),
])
def test_a_role_or_a_suffix_before_an_appositive_keeps_the_name_as_the_source(text: str, speaker: str):
    assert direct_sources(text) == [(speaker, "cue")]


@pytest.mark.parametrize("text, speaker, how", [
    ("The vote was close. A reporter for Agence France-Presse called it “absolute chaos.”", "A reporter for Agence France-Presse", "nominal"),
    ("The vote was close. “We will win,” Ann Lee, a spokeswoman for Bob Ray told the Post.", "Ann Lee", "cue"),
])
def test_a_role_whose_complement_is_a_name_is_the_source(text: str, speaker: str, how: str):
    assert direct_sources(text) == [(speaker, how)]


@pytest.mark.parametrize("report", ["he had called the police", "Lee had called the police"])
def test_a_cue_opening_the_next_sentence_s_own_report_is_no_tag_of_the_quotation(report: str):
    text = f"Ann Lee released a statement condemning “an attack on our city.” Bob Ray said {report}."
    assert direct_sources(text) == [("Ann Lee", "cue")]
    assert direct_sources("“Will we win?” Ann Lee said of the vote.") == [("Ann Lee", "cue")]


@pytest.mark.parametrize("text, speaker, how", [
    ("The parade was loud, with many marchers and spectators chanting “We are one city.”", "many marchers and spectators", "nominal"),
    ("Lee and her backers went after Ray, with one of her ads asking, “Is Bob Ray fit to serve?”", "one of her ads", "nominal"),
    ("Critics were quick to react, with Ann Lee tweeting that it was a “disaster” and asking, “How can he stay?”", "Ann Lee", "cue"),
])
def test_the_noun_phrase_of_an_absolute_with_is_the_subject_of_its_participle(text: str, speaker: str, how: str):
    assert direct_sources(text)[-1:] == [(speaker, how)]


@pytest.mark.parametrize("text, speaker", [
    ("The moment came during a speech at the college, when angry protesters interrupted her, shouting “she wins, we lose!”", "angry protesters"),
    ("Ann Lee spoke late, after the crowd cheered her name, chanting “four more years.”", "Ann Lee"),
])
def test_a_participle_without_the_sentence_s_subject_shares_the_subordinate_clause_s(text: str, speaker: str):
    assert [name for name, _ in direct_sources(text)] == [speaker]
