"""Speech verbs and the function words around them: what marks a cue of reported speech.

A *cue* is the reporting verb that ties a quotation to its source (Pareti, *Attribution: a
computational approach*, 2015). :data:`CUE_FORMS` maps every inflection of the reporting verbs
to its base form; the word classes (prepositions, determiners, subordinators, pronouns) let
the other stages tell a subject from the tail of a phrase.
"""
from __future__ import annotations

import re

from argmap.extraction.text import words

_IRREGULAR = {
    "say": ("says", "said", "saying"), "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "writing", "written"), "think": ("thinks", "thought", "thinking"),
    "put": ("puts", "putting"), "read": ("reads", "reading"), "feel": ("feels", "felt"), "find": ("finds", "found", "finding"),
    "show": ("shows", "showed", "shown", "showing"), "see": ("sees", "saw", "seen", "seeing"),
    "know": ("knows", "knew", "known", "knowing"), "seek": ("seeks", "sought", "seeking"),
    "echo": ("echoes", "echoed", "echoing"), "speak": ("speaks", "spoke", "spoken", "speaking"),
}
INDIRECT_VERBS = frozenset(
    "say tell add argue claim contend insist maintain explain note warn write tweet state declare "
    "suggest acknowledge concede admit believe think predict report announce assert confirm deny "
    "allege observe recall emphasize emphasise stress agree complain charge counter reiterate "
    "caution testify promise vow boast".split()
)
DIRECT_ONLY_VERBS = frozenset(
    "ask continue remember respond reply answer wonder shout yell chant exclaim quip joke "
    "muse describe recount comment remark conclude proclaim retort mock post begin urge lament "
    "scoff question echo bark beam demand snap plead tease gush sigh cry marvel assure opine boom jeer "
    "gloat demur interject retaliate crack read react scream riff whisper".split()
)
REPORTED_ONLY_VERBS = frozenset(
    "call criticize criticise accuse endorse decline seem appear urge defend reject cite dismiss "
    "denounce blast blame condemn reveal propose praise express mention indicate post "
    "support oppose refuse pledge hope fear worry want find show see know seek order "
    "challenge deem point refer assure threaten demand expect talk speak vote issue name discuss "
    "consider decide push learn identify list doubt offer feel highlight advocate press decry "
    "chide nominate sign estimate attack refer focus encourage applaud tout slam thank "
    "remind recognize recognise request laud forecast quote retweet repeat hail "
    "welcome recommend unveil outline lambast calculate determine insist acknowledge "
    "admit favor favour".split()
)
"""Verbs that report what someone said, thought or found (PolNeAR's broad sense of attribution,
Newell et al. 2018) but rarely introduce a quotation."""
REPORTING_VERBS = INDIRECT_VERBS | (DIRECT_ONLY_VERBS - frozenset("begin comment shout continue read react scream riff whisper".split())) | REPORTED_ONLY_VERBS
"""Every verb that can be the cue of reported speech."""
NAMING_VERBS = frozenset("call calls called calling dub dubs dubbed term termed label labelled labeled nickname nicknamed".split())


DOUBLED_FINAL = frozenset("admit quip refer snap slam".split())
"""Verbs that double their final consonant before ``-ed`` and ``-ing`` (``admitted``, ``referring``)."""


def _forms(base: str) -> tuple[str, ...]:
    if base in _IRREGULAR:
        return (base,) + _IRREGULAR[base]
    stem = base[:-1] if base.endswith("e") else base
    if base.endswith("y") and base[-2] not in "aeiou":
        third, past = base[:-1] + "ies", base[:-1] + "ied"
    else:
        third = base + ("es" if base.endswith(("s", "sh", "ch", "x")) else "s")
        past = base + "d" if base.endswith("e") else base + "ed"
    if base in DOUBLED_FINAL:
        return (base, third, base + base[-1] + "ed", base + base[-1] + "ing")  # ``referred``, ``snapping``
    if base == "tweet":
        past = "tweeted"
    return (base, third, past, stem + "ing")


def _form_table(bases: frozenset[str]) -> dict[str, str]:
    return {form: base for base in bases for form in _forms(base)}


AFTER_ONLY_FORMS = frozenset(_forms("read"))
"""Verb forms that cue only a quotation before them (``“Vote for Lee,” the sign read``); after them
a quotation is what was read (``A sign read “New Bread Daily.”``)."""
CUE_FORMS = _form_table(INDIRECT_VERBS | DIRECT_ONLY_VERBS)
"""Every inflected verb that cues a quotation, mapped to its base form."""
REPORTED_FORMS = _form_table(REPORTING_VERBS)
"""Every inflected verb that cues reported speech, mapped to its base form."""

PRONOUNS = {"he": "m", "she": "f", "they": "p", "it": None, "i": None, "we": None}
GENDERED = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}
ADVERBS_BETWEEN = frozenset(
    "also later then once previously again now still has had have would will did does was is had "
    "recently repeatedly often never always just later quickly simply even already once finally "
    "first added could can may might must should only".split()
)
LY_NOUNS = frozenset("family ally rally assembly supply anomaly monopoly daily weekly monthly quarterly belly bully lily fly".split())


def is_adverb_between(word: str) -> bool:
    """Whether a word may stand between a subject and its cue verb: an auxiliary or an adverb
    (:data:`ADVERBS_BETWEEN`, ``long``, ``not``, or a lower-case ``-ly`` word that is no noun).

    >>> is_adverb_between("quickly"), is_adverb_between("family"), is_adverb_between("has")
    (True, False, True)
    """
    low = word.lower()
    return low in ADVERBS_BETWEEN or low in ("long", "not", "never") or (
        word.islower() and len(word) > 4 and word.endswith("ly") and word not in LY_NOUNS
    )


SPEAKER_NOUNS = frozenset(
    "spokesman spokeswoman spokesperson official officials aide aides adviser advisers advisor "
    "advisors campaign statement source sources spokesmen spokeswomen critic critics expert experts "
    "analyst analysts supporter supporters voter voters democrats republicans lawmakers senator "
    "representative governor president director manager strategist chairman chairwoman leader "
    "leaders group committee release report memo letter lawsuit suit ad website".split()
)
PREPOSITIONS = frozenset(
    "of with like than by for from about including as to at on in into between among against "
    "behind toward towards under over after before through via per without within upon onto "
    "alongside beside besides near".split()
)
SUBORDINATORS = frozenset("when while because although though after before if since until once as and but so then".split())
DETERMINERS = frozenset("a an the this that these those his her their its our my your some several many".split())
DASHES = "—–"
NP_BREAKERS = PREPOSITIONS | SUBORDINATORS | frozenset("that which where who whom whose remember said says told".split())
NP_OPENERS = frozenset("a an the one two three several some many other another his her their its our".split())


def cue_verbs(masked: str, start: int, end: int, allowed: frozenset[str] | None = None,
              forms: dict[str, str] | None = None) -> list[re.Match]:
    """Reporting verbs between two offsets (capitalised only as the first word, ``Stated Stone:``,
    in a past form, ``Lee Tweeted``, or as a verb of saying in a headline, ``Lee Says Taxes Will Fall``).

    >>> [m.group() for m in cue_verbs("Ann said she told him.", 0, 22)]
    ['said', 'told']
    """
    table = CUE_FORMS if forms is None else forms
    found = []
    toks = words(masked, start, end)
    for index, tok in enumerate(toks):
        form = tok.group()
        if tok.start() == start or form.endswith("ed") or _headline_verb(toks, index):
            form = form.lower()  # ``Stated Stone:``, ``Trump Tweeted``: a past form capitalised is still the verb
        if form in table and (allowed is None or table[form] in allowed):
            found.append(tok)
        elif forms is None and allowed is None and form in PHRASAL_CUES and index + 1 < len(toks) and (
            toks[index + 1].group() == PHRASAL_CUES[form] and masked[tok.end() : toks[index + 1].start()] == " "
        ):
            found.append(tok)
    return found


HEADLINE_FORMS = frozenset("Says Said Tells Told Warns Claims Insists Admits Argues".split())
"""Capitalised verbs of saying that follow a capitalised name in a headline (``Lee Says Taxes Will Fall``)."""


def _headline_verb(toks: list[re.Match], index: int) -> bool:
    """Whether a capitalised word is a headline's verb of saying after a capitalised word (``Ann Lee Says …``)."""
    return index > 0 and toks[index].group() in HEADLINE_FORMS and toks[index - 1].group()[:1].isupper()


PHRASAL_CUES = {
    form: particle
    for verbs, particle in (("go goes went", "on"), ("shoot shoots shot fire fires fired hit hits", "back"),
                            ("point points pointed", "out"), ("chime chimes chimed cut cuts", "in"), ("put puts", "it"))
    for form in verbs.split()
}
"""Verbs that cue a quotation with their particle or object (``“…,” he went on``, ``Ann shot back``,
``as Lee put it: “…”``): verb -> the word after it."""


# Patterns of ``according to X``. Every repetition is separated by required whitespace, so a
# word can be matched in one way only and no input makes the engine backtrack more than linearly.
CAPITALISED_WORDS = r"[A-Z][\w’'\-.]*(?:\s+[A-Z][\w’'\-.]*){0,3}"
"""One to four capitalised words (``Sen. Ted Cruz``), as a regular expression."""
LEADING_ACCORDING = re.compile(r"\s*(?:(?:But|And|Yet|So)\s+)?[Aa]ccording to ([^,;:]{1,150}),\s*")
"""``According to X, …`` opening a sentence, perhaps after a conjunction (``But according to X, …``;
X: up to 150 characters without a comma)."""
MIDDLE_ACCORDING = re.compile(r",\s+according to ([^,;:]{1,150}),\s*")
"""``…, according to X, …`` inside a sentence."""
FRAMING_ACCORDING = re.compile(rf"(?:^|\s)[Aa]ccording to ({CAPITALISED_WORDS}\s*),\s*$")
"""``According to X,`` right before a quotation."""
TRAILING_ACCORDING = re.compile(
    r",?\s+according to ((?:the\s+|a\s+|an\s+)?[\w’'\-./&]+(?:\s+[\w’'\-./&]+){0,11})(?:\s*,\s+(?:who|which|whose)\s[^,;]*)?\s*\.?\s*$"
)
"""``…, according to X.`` closing a sentence (X: up to twelve words, perhaps with a relative clause)."""
