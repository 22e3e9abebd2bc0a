"""The narration prior of `argmap draft --narration` (issue 15): how the article introduces a speaker
("X warned", "X welcomes") guesses the side of a speaker nobody labelled, oriented by the labelled
speakers. Short articles written for these tests."""
from __future__ import annotations

from click.testing import CliRunner

from argmap.cli import main
from argmap.extraction.drafting import DraftOptions, draft_map
from argmap.extraction.narration import claim_narration, claim_transitions, orientation, score_text
from argmap.graph.formats.yaml import debate_to_yaml
from argmap.graph.rdf import debate_to_rdf

ISSUE = "Are bakery robots good for the town?"
#: Diaz, whom nobody labels, is introduced with an alarm verb but words her quote like Ray's.
BAKERY = """Robots are coming to the town's bakeries.

Ann Lee, who runs a bakery on Mill Street, is worried. “Machines will put bakers out of work,” she said.

Bob Ray welcomes the change. “Robots knead the dough while bakers invent new breads,” he said.

Cara Diaz warned against the plan. “Robots invent nothing new, bakers invent the breads,” Diaz said.
"""
#: The same speakers and words, every quote introduced by a neutral verb.
NEUTRAL = """Robots are coming to the town's bakeries.

Ann Lee runs a bakery on Mill Street. “Machines will put bakers out of work,” she said.

Bob Ray spoke next. “Robots knead the dough while bakers invent new breads,” he said.

Cara Diaz spoke last. “Robots invent nothing new, bakers invent the breads,” Diaz said.
"""

#: Moss and Wu, whom nobody labels, word their quotes like Lee's but are narrated into Ray's camp:
#: Moss by a contrast after Lee, Wu by agreement after Ray.
TURNS = """Robots are coming to the town's bakeries.

“Machines will put bakers out of work,” Ann Lee said.

But Eve Moss sees it differently. “Machines will put bakers out of night work,” Moss said.

“Robots knead the dough while bakers invent new breads,” Bob Ray said.

Dan Wu agrees. “Machines will put bakers out of dull work,” Wu said.
"""


def _side(text: str, pro: list[str], con: list[str], narration: str = "attitude", speaker: str = "diaz") -> tuple[str, str, str]:
    debate = draft_map(text, "Bakeries", DraftOptions(issues=[ISSUE], pro=pro, con=con, narration=narration))
    claim = next(c for c in debate.claims if c.locutions[0].speaker == speaker)
    assert claim.stance is not None and claim.suggested is not None
    return claim.stance, claim.suggested.method, claim.suggested.evidence


def test_an_alarmed_speaker_takes_the_side_of_the_labelled_alarmed_speaker():
    assert _side(BAKERY, pro=["Bob Ray"], con=["Ann Lee"], narration="none")[0] == "pro"  # her words resemble Ray's
    stance, method, evidence = _side(BAKERY, pro=["Bob Ray"], con=["Ann Lee"])
    assert (stance, method) == ("con", "narration+similarity")
    assert evidence.startswith('narration: "warned" (alarm; the labelled speakers tie alarm to con)')


def test_the_orientation_flips_when_the_labels_flip():
    assert _side(BAKERY, pro=["Ann Lee"], con=["Bob Ray"])[:2] == ("pro", "narration+similarity")
    assert _side(BAKERY, pro=["Bob Ray"], con=["Ann Lee"])[:2] == ("con", "narration+similarity")


def test_no_signal_when_the_labels_disagree_about_the_narration():
    # both labelled speakers are introduced with alarm, one pro and one con: alarm means nothing here
    text = BAKERY.replace("Bob Ray welcomes the change.", "Bob Ray fears the town will fall behind.")
    assert claim_narration(draft_map(text, "Bakeries"), text)["q002-ray"].cues == ("fears",)
    assert _side(text, pro=["Bob Ray"], con=["Ann Lee"]) == _side(text, pro=["Bob Ray"], con=["Ann Lee"], narration="none")
    assert _side(text, pro=["Bob Ray"], con=["Ann Lee"])[1] == "similarity"


def test_neutral_narration_changes_nothing():
    assert all(not n.score for n in claim_narration(draft_map(NEUTRAL, "Bakeries"), NEUTRAL).values())
    assert not claim_transitions(draft_map(NEUTRAL, "Bakeries"), NEUTRAL)
    with_narration = draft_map(NEUTRAL, "Bakeries", DraftOptions(issues=[ISSUE], pro=["Bob Ray"], con=["Ann Lee"], narration="both"))
    without = draft_map(NEUTRAL, "Bakeries", DraftOptions(issues=[ISSUE], pro=["Bob Ray"], con=["Ann Lee"], narration="none"))
    assert with_narration.claims == without.claims and with_narration.relations == without.relations


def test_narration_is_the_journalists_words_not_the_quotes():
    # an alarm word inside a quotation is the speaker's, not the narration's; a negation flips a cue
    text = "“I warned them, I fear nothing,” Ann Lee said. Bob Ray is not worried. “It works,” he said."
    found = claim_narration(draft_map(text, "Quotes"), text)
    assert found["q001-lee"].cues == () and found["q002-ray"].score == 1
    assert score_text("critics say so, but supporters disagree").score == 0
    assert orientation({"lee": 0, "ray": 0}, {"lee": "pro", "ray": "con"}) == 0


def test_the_cue_reaches_the_file_the_rdf_and_the_command(tmp_path):
    debate = draft_map(BAKERY, "Bakeries", DraftOptions(issues=[ISSUE], pro=["Bob Ray"], con=["Ann Lee"], narration="attitude"))
    assert 'evidence: \'narration: "warned" (alarm' in debate_to_yaml(debate)
    assert 'narration: \\"warned\\"' in debate_to_rdf(debate).serialize(format="turtle")
    article = tmp_path / "bakery.txt"
    article.write_text(BAKERY, encoding="utf-8")
    out = tmp_path / "draft.yaml"
    result = CliRunner().invoke(main, ["draft", str(article), "--issue", ISSUE, "--pro", "Bob Ray", "--con", "Ann Lee", "--narration", "attitude", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "narration+similarity" in out.read_text(encoding="utf-8")
    plain = tmp_path / "plain.yaml"
    assert CliRunner().invoke(main, ["draft", str(article), "--issue", ISSUE, "--pro", "Bob Ray", "--con", "Ann Lee", "-o", str(plain)]).exit_code == 0
    assert "narration" not in plain.read_text(encoding="utf-8")


def test_connectives_put_a_speaker_on_the_other_or_the_same_side():
    for speaker in ("moss", "wu"):
        assert _side(TURNS, pro=["Bob Ray"], con=["Ann Lee"], narration="none", speaker=speaker)[0] == "con"  # words like Lee's
    moss = _side(TURNS, pro=["Bob Ray"], con=["Ann Lee"], narration="connectives", speaker="moss")
    assert moss[:2] == ("pro", "narration+similarity") and moss[2].startswith('connective: "But" after Ann Lee (other side)')
    wu = _side(TURNS, pro=["Bob Ray"], con=["Ann Lee"], narration="connectives", speaker="wu")
    assert wu[:2] == ("pro", "narration+similarity") and wu[2].startswith('connective: "agrees" after Bob Ray (same side)')
    # the sides follow the labels: flipped labels, flipped guesses
    assert _side(TURNS, pro=["Ann Lee"], con=["Bob Ray"], narration="connectives", speaker="wu")[0] == "con"
    assert _side(TURNS, pro=["Ann Lee"], con=["Bob Ray"], narration="connectives", speaker="moss")[0] == "con"
