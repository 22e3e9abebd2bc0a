"""Which quotations are speech, and what cues them: cue verbs, their sources, reported clauses.

A quotation in quotation marks is speech when a cue stands after it (``“…,” he says``), before it
(``he adds, “…”``), or a pull-quote line names its speaker; titles and scare quotes are not
speech. Reported speech is a sentence whose reporting verb has a name, pronoun or speaker-noun
subject, or that says ``according to X``. Each finding is a :class:`Candidate` with its
:class:`CueSource`, not yet linked to an entity (see :mod:`argmap.extraction.attribution`).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from argmap.extraction.cues import (
    AFTER_ONLY_FORMS,
    CUE_FORMS,
    DASHES,
    DETERMINERS,
    FRAMING_ACCORDING,
    INDIRECT_VERBS,
    LEADING_ACCORDING,
    MIDDLE_ACCORDING,
    NAMING_VERBS,
    NP_BREAKERS,
    NP_OPENERS,
    PHRASAL_CUES,
    PREPOSITIONS,
    PRONOUNS,
    REPORTED_FORMS,
    SPEAKER_NOUNS,
    SUBORDINATORS,
    TRAILING_ACCORDING,
    cue_verbs,
    is_adverb_between,
)
from argmap.extraction.names import SENTENCE_ADVERBS, STOP_CAPITALS, Article, NameRun, is_capitalised, is_role, kind_of, name_runs
from argmap.extraction.text import MASK, QUOTE_CHARS, QuoteRegion, last_words, trim_span, words


@dataclass
class CueSource:
    """The source of a cue: a name, a pronoun or a common noun phrase, with its span."""

    start: int
    end: int
    tokens: list[str]
    how: str  # cue (a name), pronoun, nominal, clause (the words of the clause before the cue)
    description: str | None = None


PARTY_TAG = re.compile(r" \([^()" + MASK + r"]{1,20}\) $")
"""A parenthetical tag between a name and its verb: ``(R-Fla.)``, ``(D)``."""


def _subject_before(art: Article, verb_start: int, limit: int) -> CueSource | None:
    """The subject that ends right before a cue verb (``Adam Curtis warned``, ``she says``)."""
    tag = PARTY_TAG.search(art.masked, max(limit, verb_start - 24), verb_start)
    if tag:
        verb_start = tag.start() + 1  # ``Sen. Marco Rubio (R-Fla.) said``
    toks = last_words(art.masked, limit, verb_start, 8)
    pos = verb_start
    while toks and is_adverb_between(toks[-1].group()) and art.masked[toks[-1].end() : pos] == " ":
        pos = toks[-1].start()
        toks.pop()
    if not toks:
        return None
    last = toks[-1]
    gap = art.masked[last.end() : pos]
    if gap.strip() == ",":
        return _appositive_subject(art, limit, last.end())
    if gap.strip():
        return None
    if last.group().lower() in PRONOUNS:
        return CueSource(last.start(), last.end(), [last.group()], "pronoun")
    if last.group().lower() in ("who", "which"):
        return _relative_subject(art, limit, last)
    runs = [r for r in name_runs(art.masked, max(limit, pos - 300), pos) if r.end == last.end() and not r.possessive]
    ahead = last_words(art.masked, limit, runs[-1].start, 1) if runs else []
    if ahead and CLAUSE_BREAKS.search(art.masked, ahead[-1].end(), runs[-1].start):
        ahead = []  # ``Taking it in, Trump said``: the word before the clause break is no determiner of the name
    the = bool(ahead) and ahead[-1].group().lower() == "the" and kind_of(runs[-1].tokens) == "organisation"
    after_cue = len(ahead) == 1 and ahead[0].group().lower() == "that" and _follows_cue(art, limit, ahead[0].start())
    if runs and ahead and ahead[-1].group().lower() == "of":
        return _name_of_place(art, limit, ahead[-1], runs[-1])
    if runs and ahead and ahead[-1].group().lower() in PREPOSITIONS | DETERMINERS and not the and not after_cue:
        return _role_of_someone(art, limit, pos)
    verb = words(art.masked, verb_start, min(len(art.masked), verb_start + 40))[:1]
    if runs and not _singular_before_bare_verb(runs[-1], art.masked[pos:verb_start] + (verb[0].group() if verb else "")):
        run = runs[-1]
        return CueSource(run.start, run.end, run.tokens, "cue")
    if runs:
        return None
    return _nominal(art, limit, pos) or _determined_subject(art, limit, pos)


def _role_of_someone(art: Article, limit: int, end: int) -> CueSource | None:
    """A role and its complement naming someone before a cue (``A reporter for Agence
    France-Presse called``), or the name it is in apposition to (``Ann Lee, a spokeswoman for
    Bob Ray told``: Ann Lee)."""
    role = _nominal(art, limit, end)
    if role is None or not art.masked[limit : role.start].endswith(", "):
        return role
    owners = [r for r in name_runs(art.masked, max(limit, role.start - 200), role.start - 2) if r.end == role.start - 2]
    if not owners or owners[-1].possessive:
        return role
    owner = owners[-1]
    return CueSource(owner.start, owner.end, owner.tokens, "cue", art.text[role.start : role.end])


def _name_of_place(art: Article, limit: int, of: re.Match, place: NameRun) -> CueSource | None:
    """``Ann Lee of Florida said``, ``the Bank of England said``: the name before ``of`` is the
    subject (a person of a place), or the whole name with it (an organisation); not after a
    preposition or a lower-case noun (``the governor of Texas``, ``in the state of Ohio``)."""
    owners = [r for r in name_runs(art.masked, max(limit, of.start() - 200), of.start() - 1) if r.end == of.start() - 1]
    if not owners or owners[-1].possessive or place.possessive:
        return None
    owner = owners[-1]
    ahead = last_words(art.masked, limit, owner.title_start, 1)
    if ahead and CLAUSE_BREAKS.search(art.masked, ahead[-1].end(), owner.title_start):
        ahead = []
    opener = ahead[-1].group().lower() if ahead else ""
    if opener in PREPOSITIONS or opener in DETERMINERS and opener != "the":
        return None
    if kind_of(owner.tokens) == "person" and opener != "the":
        return CueSource(owner.start, owner.end, owner.tokens, "cue")
    if opener == "the" or kind_of(owner.tokens) == "organisation":
        return CueSource(owner.start, place.end, owner.tokens + ["of"] + place.tokens, "cue")
    return None


def _follows_cue(art: Article, limit: int, offset: int) -> bool:
    """Whether the word before ``offset`` is a reporting verb (``said that Bob Ray argued``)."""
    previous = last_words(art.masked, limit, offset, 1)
    return bool(previous) and previous[0].group().lower() in REPORTED_FORMS


def _relative_subject(art: Article, limit: int, relative: re.Match) -> CueSource | None:
    """``Ann Lee, who said …``: the relative pronoun is the mention, the name before it the speaker."""
    before = art.masked[limit : relative.start()].rstrip()
    if not before.endswith(","):
        return None
    comma = limit + len(before) - 1
    runs = [r for r in name_runs(art.masked, max(limit, comma - 200), comma) if r.end == comma and not r.possessive]
    if runs:
        return CueSource(relative.start(), relative.end(), runs[-1].tokens, "cue")
    noun = _nominal(art, limit, comma) or _determined_subject(art, limit, comma)
    if noun is None:
        return None
    return CueSource(relative.start(), relative.end(), noun.tokens, "nominal")


DETERMINED_SUBJECT = re.compile(
    r"(?:^|(?<=[\s,]))((?:the|a|an|one|another|each|every|some|many|most|several|other|both|all|few|two|three|four|five|his|her|their|its|our|\d[\d,.]*)"
    r"(?:\s+[\w’'\-]+){0,5}?\s+[a-z][\w\-]*|half|most|many|others|some)$",
    re.IGNORECASE,
)
"""A noun phrase with a determiner or a number, ending where a cue verb starts (``The department``)."""


CLAUSE_OPENERS = frozenset("but and so yet while when as after before because since until if though although".split())
"""Words after which a noun phrase opens a clause (``when a young boy shouted``)."""


def _determined_subject(art: Article, limit: int, end: int) -> CueSource | None:
    """A determined noun phrase that opens a clause and ends right before a cue verb (``The
    department said``, ``Some advocates for stem cell research said``, ``46 percent said``)."""
    window = max(limit, end - 120)
    segment = art.masked[window:end].rstrip()
    match = DETERMINED_SUBJECT.search(segment)
    if match is None or MASK in match.group(1):
        return None
    start = window + match.start(1)
    before = art.masked[limit:start].rstrip()
    lead = last_words(art.masked, limit, start, 1)
    if before and before[-1] not in ",;:" + DASHES and not (lead and lead[0].group().lower() in CLAUSE_OPENERS):
        return None
    if any(w.lower() in NP_BREAKERS - PREPOSITIONS for w in match.group(1).split()[1:]):
        return None
    stop = window + len(segment)
    return CueSource(start, stop, [art.text[start:stop]], "nominal")


def _opening_subject(art: Article, sstart: int, end: int, noun_phrase: bool = False) -> CueSource | None:
    """The subject that opens a sentence (``Trump``, ``he``, ``The campaign``), for a cue that
    shares it (``…, saying …``, ``… and said …``)."""
    toks = words(art.masked, sstart, min(end, sstart + 200))
    if toks and toks[0].group().lower() in ("but", "and", "so", "yet", "still", "instead"):
        toks = toks[1:]
    if toks and (toks[0].group().endswith("ing") or toks[0].group().lower() in PREPOSITIONS | SUBORDINATORS | SENTENCE_ADVERBS
                 or _participle_opener(toks)):
        comma = art.masked.find(", ", toks[0].end(), min(end, sstart + 200))
        toks = [t for t in toks if t.start() > comma] if comma != -1 else []  # ``Speaking to reporters, Trump …``, ``Eight years ago, he …``
    if not toks:
        return None
    first = toks[0]
    pronoun = re.split(r"[’']", first.group())[0]  # ``He’s comparing … and says …``: a contracted pronoun
    if pronoun.lower() in PRONOUNS:
        return CueSource(first.start(), first.start() + len(pronoun), [pronoun], "pronoun")
    runs = name_runs(art.masked, first.start(), min(end, first.start() + 120))
    if runs and runs[0].title_start == first.start() and not runs[0].possessive and runs[0].end < end:
        return CueSource(runs[0].start, runs[0].end, runs[0].tokens, "cue")
    return _opening_noun_phrase(art, toks, end) if noun_phrase else None


PARTICIPLE_COMPLEMENTS = PREPOSITIONS | frozenset("whether if what how why when who".split())
"""Words that follow a past participle opening a sentence (``Asked whether``, ``Pressed on``)."""


def _participle_opener(toks: list[re.Match]) -> bool:
    """Whether a sentence opens with a past participle and its complement (``Asked on Monday,
    Lee …``, ``Informed of the result, she …``), not with a name ending in *-ed* (``Ahmed said``)."""
    return len(toks) > 1 and toks[0].group().endswith("ed") and toks[1].group() in PARTICIPLE_COMPLEMENTS


POSSESSIVE_NAME = re.compile(r"[A-Z][a-z]+[’']s")
"""A capitalised word with the possessive ending (``Lee’s``): a determiner opening a noun phrase."""
OPENING_DETERMINERS = NP_OPENERS | frozenset("most many some both all".split())
AUXILIARIES = frozenset("has have had is are was were will would can could did does do may might must should".split())


def _opening_noun_phrase(art: Article, toks: list[re.Match], end: int) -> CueSource | None:
    """A determined noun phrase that opens a sentence, up to its verb (``The Russians have
    used …``, ``Most voters in the state said …``, ``Lee’s campaign shrugged …``)."""
    if not toks or toks[0].group().lower() not in OPENING_DETERMINERS and not POSSESSIVE_NAME.fullmatch(toks[0].group()):
        return None
    phrase: list[re.Match] = []
    for tok in toks[:8]:
        low = tok.group().lower()
        broken = bool(phrase) and CLAUSE_BREAKS.search(art.masked, phrase[-1].end(), tok.start()) is not None
        if low in AUXILIARIES or low in REPORTED_FORMS or tok.end() > end or broken:
            break
        if len(phrase) >= 2 and tok.group().islower() and low.endswith("ed"):
            break  # a past form after the noun (``Both parents stiffened their …``)
        phrase.append(tok)
    else:
        return None  # no verb within eight words
    if len(phrase) < 2:
        return None
    start, stop = phrase[0].start(), phrase[-1].end()
    return CueSource(start, stop, [art.text[start:stop]], "nominal")


def _singular_before_bare_verb(run: NameRun, verb: str) -> bool:
    """A singular name before a verb's bare form (``Treasury note``, ``Apple report``) is a
    noun compound, not a subject and its cue."""
    word = verb.strip().lower()
    return word in REPORTED_FORMS and REPORTED_FORMS[word] == word and not run.tokens[-1].endswith("s") and word not in ("put", "read")


def _nominal(art: Article, limit: int, end: int) -> CueSource | None:
    """A common-noun source ending at ``end``: ``a spokesman for the campaign``, ``officials``."""
    segment = art.masked[limit:end].rstrip()
    match = re.search(
        r"(?:^|(?<=[\s,]))((?:(?:a|an|the|one|two|three|several|some|many|other|his|her|their|its)\s+)?"
        r"(?:[\w’'\-]+\s+){0,3}?([a-z][\w\-]*)(?:\s+(?:for|of|at|with|to)\s+(?:the\s+)?[\w’'\-]+(?:\s+[A-Z][\w’'\-]*){0,3})?)$",
        segment,
    )
    if not match or (match.group(2).lower() not in SPEAKER_NOUNS and not is_role(match.group(2))):
        return None
    if MASK in match.group(1) or not _plain_noun_phrase(match.group(1), segment[: match.start(1)]):
        return None
    start = limit + match.start(1)
    phrase = art.text[start : limit + len(segment)]
    return CueSource(start, limit + len(segment), [phrase], "nominal")



def _plain_noun_phrase(phrase: str, before: str) -> bool:
    """Whether words before a speaker noun form a noun phrase (``a Democratic pollster``) that
    starts a clause, rather than the tail of something else (``to the drafting committee``)."""
    head_words = phrase.split(" (")[0].split()
    pre = head_words[:-1]
    cut = next((i for i, w in enumerate(pre) if w.lower() in ("for", "of", "at", "with", "to")), len(pre))
    pre = pre[:cut]
    if any(w.lower() in NP_BREAKERS for w in pre):
        return False
    return bool(pre and pre[0].lower() in NP_OPENERS) or not before.strip() or before.rstrip()[-1] in ",;:" + DASHES + MASK


def _appositive_subject(art: Article, limit: int, comma: int) -> CueSource | None:
    """``Verena Puhm, a director, …, says``: the name that opens the clause is the subject (or,
    after a role, the name in apposition to it: :func:`_name_after_role`)."""
    runs = name_runs(art.masked, limit, comma)
    if not runs:
        return None
    run = runs[0]
    if run.possessive or art.masked[run.end : run.end + 2] != ", " and not _suffix_then_comma(art, run):
        return _name_after_role(art, runs, comma, limit)
    lead = art.masked[limit : run.start]
    lead_words = words(lead)
    if any(not is_capitalised(w.group()) and not is_role(w.group()) for w in lead_words[-3:]) and lead.strip(" ,"):
        if not re.search(r"[,:]\s*$", lead) and lead.strip() and not _determined_role(lead.strip()):
            return None
    return CueSource(run.start, run.end, run.tokens, "cue")


def _determined_role(lead: str) -> bool:
    """Whether the words before a name are a determiner and up to three lower-case words ending
    in a role (``the economist Ann Lee, …, said``, ``a longtime aide Bob Ray, …, said``).

    >>> _determined_role("the economist"), _determined_role("the idea of")
    (True, False)
    """
    found = lead.split()
    return 1 < len(found) <= 4 and found[0] in ("the", "a", "an") and all(w.islower() for w in found) and is_role(found[-1])


def _suffix_then_comma(art: Article, run: NameRun) -> bool:
    """Whether a name ends in ``Jr.`` or ``Sr.`` followed by a comma (``Bob Ray Jr., the director …``)."""
    return run.tokens[-1] in ("Jr", "Sr") and art.masked.startswith("., ", run.end)


def _name_after_role(art: Article, runs: list[NameRun], comma: int, limit: int) -> CueSource | None:
    """``Duncan Hunter’s chief of staff, Joe Kasper, told``, ``A Twitter spokesman, Chris Abboud,
    said``: after a role, the name in apposition right before the cue is the subject (the role
    describes them)."""
    first, last = runs[0], runs[-1]
    if len(runs) < 2 or last.end != comma or last.possessive or art.masked[last.title_start - 2 : last.title_start] != ", ":
        return None
    lead = art.masked[limit : first.title_start]
    opening = lead.split()
    if not first.possessive and opening and (opening[0].lower() not in NP_OPENERS or not all(w.islower() for w in opening[1:])):
        return None  # a determiner and modifiers before the organisation: ``the presumptive GOP nominee``
    role = art.masked[first.end : last.title_start - 2].split()
    if not role or not all(w.islower() for w in role) or not (is_role(role[-1]) or role[-1].lower() in SPEAKER_NOUNS):
        return None
    described = first.title_start if first.possessive else limit + len(lead) - len(lead.lstrip())
    return CueSource(last.start, last.end, last.tokens, "cue", art.text[described : last.title_start - 2])


def _subject_after(art: Article, verb_end: int, limit: int) -> CueSource | None:
    """An inverted subject: ``said Sen. Ted Cruz``, ``says Mack``, ``said a spokesman``, ``said
    a 2008 campaign veteran.`` (a determined noun phrase that closes its clause)."""
    segment = art.masked[verb_end:limit]
    if not segment.startswith(" ") or _telling(art, verb_end):
        return None  # ``told POLITICO``: whom a cue tells is no speaker
    runs = name_runs(art.masked, verb_end + 1, min(limit, verb_end + 300))
    lead = art.masked[verb_end + 1 : runs[0].title_start].strip() if runs else None
    if runs and (lead in ("", "the") or _modifiers(lead)) and not runs[0].possessive:
        return _role_before_name(art, runs) or _with_appositive(art, runs[0], limit)
    if runs and lead == "" and runs[0].possessive:
        owned = _owner_then_name(art, runs, limit)
        if owned is not None:
            return owned
    named = _named_in_apposition(art, verb_end, limit, runs)
    if named is not None:
        return named
    if re.match(r" (?:another|others)\b", segment):
        word = segment.split()[0]
        return CueSource(verb_end + 1, verb_end + 1 + len(word), [art.text[verb_end + 1 : verb_end + 1 + len(word)]], "nominal")
    return _determined_after(art, verb_end, limit)


INVERTED_PHRASE = re.compile(r" (?:a|an|the|one|another|his|her|their|several|some|many|two|three|four|five)(?:\s+[\w’'\-]+){1,4}")
HEAD_COMPLEMENT = re.compile(r"\s+(?:for|of|at|with|to|in|from|on)\s+(?:the\s+|a\s+|an\s+)?[\w’'\-]+(?:\s+[A-Z][\w’'\-]*){0,3}")


PERSON_NOUNS = frozenset(
    "person people man woman men women resident residents friend friends member members "
    "husband wife son daughter father mother brother sister".split()
)
"""Nouns of people that head an inverted source (``said a person familiar with the talks``)."""


def _determined_after(art: Article, verb_end: int, limit: int) -> CueSource | None:
    """A determined noun phrase right after a cue: up to its last speaker noun or role, with
    what it is of (``said one longtime adviser to Bill Clinton``, ``says a source involved in
    …``), or the whole phrase when it closes the clause (``said a 2008 campaign veteran.``)."""
    match = INVERTED_PHRASE.match(art.masked, verb_end, limit)
    if match is None:
        return None
    heads = [w for w in words(art.masked, match.start(), match.end())[1:] if w.group() in SPEAKER_NOUNS | PERSON_NOUNS or is_role(w.group())]
    if re.match(r"\s*(?:[,.;:]|$)", art.masked[match.end() : limit]):
        end = match.end()
    elif heads:
        end = heads[-1].end()
        complement = HEAD_COMPLEMENT.match(art.masked, end, limit)
        end = complement.end() if complement else end
    else:
        return None
    return CueSource(verb_end + 1, end, [art.text[verb_end + 1 : end]], "nominal")


def _telling(art: Article, verb_end: int) -> bool:
    """Whether the word ending at ``verb_end`` is a verb whose object is whom it tells (``told``,
    ``informs``; not ``asked`` or ``warned``, which news writing inverts: ``“…?” asked Lee``)."""
    verb = last_words(art.masked, max(0, verb_end - 20), verb_end, 1)
    return bool(verb) and REPORTED_FORMS.get(verb[0].group().lower()) in ("tell", "inform", "remind", "assure")


def _modifiers(lead: str | None) -> bool:
    """Whether the words between a cue and a name are a few lower-case modifiers (``said former
    adviser David Axelrod``, ``said former secretary of state Hillary Clinton``), or a possessive
    pronoun and a role (``added his campaign manager Jeff Weaver``)."""
    found = (lead or "").split()
    if len(found) > 1 and found[0] in ("his", "her", "their") and is_role(found[-1]):
        found = found[1:]  # ``added his campaign manager Jeff Weaver``
    inner = NP_BREAKERS - {"of"} | DETERMINERS
    return 0 < len(found) <= 5 and found[0] not in PREPOSITIONS and all(w.islower() and w not in inner for w in found)


def _named_in_apposition(art: Article, verb_end: int, limit: int, runs: list[NameRun]) -> CueSource | None:
    """``said Rubio’s deputy campaign manager, Rich Beeson, …``, ``said the group’s director, Ann
    Lee``: a role phrase, then the speaker's name in apposition (the phrase describes them)."""
    comma = art.masked.find(", ", verb_end, min(limit, verb_end + 100))
    if comma == -1:
        return None
    phrase = art.masked[verb_end + 1 : comma].split()
    if not phrase or not is_role(phrase[-1]):
        return None
    if not (all(w.islower() for w in phrase) or _possessive_then_roles(phrase)):
        return None
    named = next((r for r in runs if r.title_start == comma + 2 and not r.possessive), None)
    if named is None:
        return None
    return CueSource(named.start, named.end, named.tokens, "cue", art.text[verb_end + 1 : comma])


def _possessive_then_roles(phrase: list[str]) -> bool:
    """``Rubio’s deputy campaign manager``: capitalised words ending in a possessive, then lower-case words."""
    owner = next((i for i, w in enumerate(phrase) if w.endswith(("’s", "'s"))), None)
    if owner is None or owner > 3:
        return False
    return all(w[:1].isupper() for w in phrase[: owner + 1]) and all(w.islower() for w in phrase[owner + 1 :])


def _owner_then_name(art: Article, runs: list[NameRun], limit: int) -> CueSource | None:
    """``said Florida’s Rick Wilson``, ``said Clinton’s campaign manager Robby Mook``: a
    possessive name, then a person's full name or up to four lower-case words ending in a role
    and the speaker's name (the words before it describe them)."""
    if len(runs) < 2 or runs[1].possessive:
        return None
    between = art.masked[runs[0].end : runs[1].title_start]
    if between == " " and (len(runs[1].tokens) < 2 or kind_of(runs[1].tokens) != "person"):
        return None  # ``said Trump’s Twitter account``
    role_words = between.split()
    if between != " " and (len(role_words) > 4 or not re.fullmatch(r" [a-z][\w\- ]*[a-z] ", between) or not is_role(role_words[-1])):
        return None
    description = art.text[runs[0].title_start : runs[1].title_start].strip()
    return _with_appositive(art, runs[1], limit) if between == " " else CueSource(runs[1].start, runs[1].end, runs[1].tokens, "cue", description)


def _role_before_name(art: Article, runs: list[NameRun]) -> CueSource | None:
    """``said White House press secretary Josh Earnest``, ``said Seoul resident Margie Kim``: a
    name, role words, then the speaker's name; the words before the speaker describe them."""
    if len(runs) < 2:
        return None
    between = art.masked[runs[0].end : runs[1].title_start]
    role_words = between.split()
    if not role_words or len(role_words) > 4 or not re.fullmatch(r" [a-z][\w\- ]*[a-z] ", between) or not is_role(role_words[-1]):
        return None
    description = art.text[runs[0].title_start : runs[1].title_start].strip()
    return CueSource(runs[1].start, runs[1].end, runs[1].tokens, "cue", description)


def _with_appositive(art: Article, run: NameRun, limit: int) -> CueSource:
    """A name after its cue, with the appositive that follows it as a description (``said Lena
    Park, a union organizer``)."""
    appositive = re.match(r", ((?:a|an|the)\s[^,;:]{1,120}?|[a-z][\w\-]*(?:\s[^,;:]{0,120}?)?)\s*(?:[,;:]|[.!?]?$)", art.masked[run.end : limit])
    description = None
    if appositive and MASK not in appositive.group(1):
        words_of = appositive.group(1).split()
        if words_of[0] in ("a", "an", "the") or is_role(words_of[0]) or is_role(words_of[-1]):
            description = art.text[run.end + 2 : run.end + 2 + len(appositive.group(1))].rstrip(" .")
    return CueSource(run.start, run.end, run.tokens, "cue", description)


def _cue_after(art: Article, region: QuoteRegion) -> tuple[CueSource, tuple[int, int]] | None:
    """A cue right after a quotation: ``“…,” he says``, ``“…,” said Trump``."""
    sstart, send = art.sentence_at(region.outer_end)
    if send <= region.outer_end:
        following = art.sentence_from(region.outer_end)
        if following and art.masked[region.outer_end : following[0]].strip(" ") == "":
            send = following[1]
    limit = send
    nxt = art.masked.find(MASK, region.outer_end)
    if nxt != -1:
        limit = min(limit, nxt)
    head = art.masked[region.outer_end : limit]
    lead = len(head) - len(head.lstrip(" ,—–-"))
    start = region.outer_end + lead
    if region.close is None or lead == 0 and head[:1] not in ("", " "):
        return None
    verbs = [v for v in cue_verbs(art.masked, start, min(limit, start + 160)) if not _after_determiner(art, start, v)]
    for verb in verbs[:1]:
        if len(words(art.masked, start, verb.start())) > 14:
            return None
        if art.masked.startswith(" " + MASK, verb.end()):
            return None  # the cue of the next quotation (``A man yelled “…”``)
        if _opens_its_own_report(art, region, verb, limit):
            return None
        if verb.start() == start:
            source = _subject_after(art, verb.end(), limit)
        else:
            source = _subject_before(art, verb.start(), start) or _determined_phrase(art, start, verb.start())
        if source is not None:
            return source, (verb.start(), verb.end())
    return None


CLAUSE_OPENERS_AFTER_CUE = frozenset("that he she they it we i the a an his her their this these".split())
"""Words that open what a verb of saying reports (``He said the FBI …``, ``She added that …``)."""


def _opens_its_own_report(art: Article, region: QuoteRegion, verb: re.Match, limit: int) -> bool:
    """Whether a cue after a quotation that ends in a sentence mark opens the next sentence's
    own report (``“… in Nice.” He said he had called …``, ``“….” She added that …``), not the
    quotation's tag (``“…?” Lee said of the plan``): its subject is capitalised and the verb,
    one of saying and not of telling, is followed by a clause."""
    if region.close is None or art.text[region.start : region.close].rstrip().rstrip("’'")[-1:] not in (".", "?", "!"):
        return False
    subject = words(art.masked, region.outer_end, verb.start())[:1]
    following = words(art.masked, verb.end(), min(limit, verb.end() + 40))[:1]
    return (bool(subject) and is_capitalised(subject[0].group()) and REPORTED_FORMS.get(verb.group().lower()) not in TELLING_VERBS
            and bool(following) and art.masked[verb.end() : following[0].start()] == " "
            and (following[0].group().lower() in CLAUSE_OPENERS_AFTER_CUE or is_capitalised(following[0].group()) and following[0].group().lower() not in STOP_CAPITALS))


def _after_determiner(art: Article, start: int, verb: re.Match) -> bool:
    """Whether a cue verb's form follows a determiner, so is a noun (``the report stated``)."""
    previous = last_words(art.masked, start, verb.start(), 1)
    return bool(previous) and previous[0].group().lower() in DETERMINERS


def _determined_phrase(art: Article, start: int, end: int) -> CueSource | None:
    """Right after a quotation, a determined noun phrase of up to nine words before the verb is
    its source (``“…,” the editorial said``, ``“…,” another supporter wrote``), adjectives
    between commas and two nouns joined by ``and`` included (``the bespectacled, 71-year-old
    diplomat``, ``the Ohio senator and presidential candidate``)."""
    phrase = art.masked[start:end].strip()
    match = re.fullmatch(r"(?:the|a|an|another|one|his|her|their|its)(?:,? [\w’'\-]+){1,8}", phrase)
    inner = [w.strip(",").lower() for w in phrase.split()[1:]]
    if not match or any(w in NP_BREAKERS - {"and"} for w in inner) or inner.count("and") > 1 or inner[-1] == "and":
        return None
    return CueSource(start, start + len(phrase), [art.text[start : start + len(phrase)]], "nominal")


def _cue_before(art: Article, region: QuoteRegion) -> tuple[CueSource, tuple[int, int]] | None:
    """A cue right before a quotation: ``he adds with a dry laugh, “…”``, ``Lightcraft’s pitch: “…”``,
    ``… and said, “…”`` (the sentence's subject), ``Fiorina was blunt: “…”`` (a colon after a
    sentence without cue verb: its opening subject, how ``colon``)."""
    sstart, _ = art.sentence_at(region.open)
    prev = art.masked.rfind(MASK, sstart, region.open)
    start = prev + 1 if prev != -1 else sstart
    end = region.open
    if region.paragraph > 0 and art.paragraphs[region.paragraph][0] == region.open:
        pstart, pend = art.paragraphs[region.paragraph - 1]
        if art.text[pend - 1] == ":":
            start, end = max(art.sentence_at(pend - 1)[0], pstart), pend
    frame = art.masked[start:end]
    if not frame.strip():
        return None
    if not re.search(r"[,:]\s*$", frame):
        return _bare_cue_before(art, start, end)
    owner = re.search(r"((?:[A-Z][\w’'\-]*\s+){0,3}[A-Z][\w\-]*)[’']s\s+(?:[a-z]+\s+)?(?:pitch|statement|slogan|motto|message|words|response|reply|answer|tweet|post|promise|verdict|view|take)\s*:\s*$", frame)
    if owner:
        tokens = owner.group(1).split()
        return CueSource(start + owner.start(1), start + owner.end(1), tokens, "cue"), (start + owner.end(1), end)
    according = FRAMING_ACCORDING.search(frame)
    if according:
        tokens = according.group(1).split()
        return CueSource(start + according.start(1), start + according.start(1) + len(according.group(1).rstrip()), tokens, "cue"), (start + according.start(), start + according.start(1))
    verbs = [v for v in cue_verbs(art.masked, start, end) if v.group().lower() not in AFTER_ONLY_FORMS]
    for index in range(len(verbs) - 1, -1, -1):
        verb = verbs[index]
        if len(words(art.masked, verb.end(), end)) > (16 if frame.rstrip().endswith(":") else 10):
            return None
        source = _subject_before(art, verb.start(), start) or _subject_after(art, verb.end(), end)
        if source is None and _shares_subject(art, start, verb):
            source = _reporting_clause_subject(art, start, verbs[index - 1], verb) if index else None
            source = source or _with_subject(art, sstart, verb) or _opening_subject(art, sstart, verb.start(), noun_phrase=True)
            source = source or _subordinate_subject(art, sstart, verb)
        if source is not None:
            return source, (verb.start(), verb.end())
    if frame.rstrip().endswith(":") and not cue_verbs(art.masked, start, end):  # ``Fiorina was far less bubbly: “…”``
        source = _name_before_colon(art, start, start + len(frame.rstrip()) - 1) or _opening_subject(art, start, end)
        if source is not None:
            colon = start + len(frame.rstrip()) - 1
            return CueSource(source.start, source.end, source.tokens, source.how if source.how == "pronoun" else "colon"), (colon, colon + 1)
    return None


def _name_before_colon(art: Article, start: int, colon: int) -> CueSource | None:
    """A name right before a colon (``Pollsters agree - Carl Bialik: “…”``)."""
    runs = name_runs(art.masked, max(start, colon - 80), colon)
    if runs and runs[-1].end == colon and not runs[-1].possessive:
        return CueSource(runs[-1].start, runs[-1].end, runs[-1].tokens, "cue")
    return None


def _reporting_clause_subject(art: Article, start: int, earlier: re.Match, verb: re.Match) -> CueSource | None:
    """The subject of a cue verb right before a participle (``…, Lee said, adding, “…”``): the
    participle shares it rather than the sentence's opening subject."""
    if not verb.group().endswith("ing") or art.masked[earlier.end() : verb.start()].strip() != ",":
        return None
    return _subject_before(art, earlier.start(), start)


def _shares_subject(art: Article, start: int, verb: re.Match) -> bool:
    """A participle or a verb after ``and`` (``…, adding, “…”``, ``… and said, “…”``): its
    subject is the sentence's."""
    before = _without_adverbs(art.masked[start : verb.start()].rstrip())
    return verb.group().endswith("ing") or before.endswith((" and", ","))


def _without_adverbs(before: str) -> str:
    """The text before a verb without the adverbs that end it (``… and later``, ``…, alternately``
    become ``… and``, ``…,``): at most three words are looked at."""
    for _ in range(3):
        head, _space, last = before.rpartition(" ")
        if not head or not (last in ("later", "then", "finally", "also") or last.endswith("ly") and is_adverb_between(last)):
            break
        before = head.rstrip()
    return before


def _bare_cue_before(art: Article, start: int, end: int) -> tuple[CueSource, tuple[int, int]] | None:
    """A cue verb with its subject right before a quotation, without punctuation (``Elliott said
    “there is …”``, ``a man yelled “Stay there!”``), or a participle after a comma or ``by`` that
    shares the sentence's subject (``Fox posted a photo, writing “…”``, ``He began by saying “…”``)."""
    last = last_words(art.masked, start, end, 1)
    if not last or last[0].group() not in CUE_FORMS or art.masked[last[0].end() : end].strip():
        return None
    if last[0].group() in AFTER_ONLY_FORMS:
        return None
    source = _subject_before(art, last[0].start(), start)
    if source is None and _participle_after_comma(art, start, last[0]):
        source = _opening_subject(art, art.sentence_at(end)[0], last[0].start()) or _subordinate_subject(art, art.sentence_at(end)[0], last[0])
    source = source or _with_subject(art, art.sentence_at(end)[0], last[0])
    return (source, (last[0].start(), last[0].end())) if source is not None else None


SUBORDINATE_OPENERS = frozenset("when where as while after because since before until".split())


def _subordinate_subject(art: Article, sstart: int, verb: re.Match) -> CueSource | None:
    """The subject of the subordinate clause right before a participle and its comma, when the
    sentence's own subject is not found (``…, when protesters interrupted her speech, shouting
    “…”``): up to six words after the subordinator, before its verb."""
    comma = art.masked.rfind(",", max(sstart, verb.start() - 40), verb.start())
    if comma == -1 or art.masked[comma + 1 : verb.start()].strip():
        return None
    toks = last_words(art.masked, sstart, comma, 16)
    breaks = [m.end() for m in CLAUSE_BREAKS.finditer(art.masked, toks[0].start() if toks else comma, comma)]
    toks = [t for t in toks if not breaks or t.start() >= breaks[-1]]
    opener = next((i for i in range(len(toks) - 1, -1, -1) if toks[i].group().lower() in SUBORDINATE_OPENERS), None)
    if opener is None:
        return None
    subject: list[re.Match] = []
    for tok in toks[opener + 1 : opener + 8]:
        low = tok.group().lower()
        if low in AUXILIARIES or low in REPORTED_FORMS or subject and tok.group().islower() and low.endswith("ed"):
            break
        subject.append(tok)
    else:
        return None
    if not subject or len(subject) > 6:
        return None
    first = subject[0].group()
    if len(subject) == 1 and first.lower() in PRONOUNS:
        return CueSource(subject[0].start(), subject[0].end(), [first], "pronoun")
    start, stop = subject[0].start(), subject[-1].end()
    runs = name_runs(art.masked, start, stop)
    if runs and runs[0].title_start == start and runs[0].end == stop and not runs[0].possessive:
        return CueSource(runs[0].start, runs[0].end, runs[0].tokens, "cue")
    return CueSource(start, stop, [art.text[start:stop]], "nominal")


WITH_REACH = 200
"""How many characters before a participle are searched for the ``with`` of :func:`_with_subject`."""


def _with_subject(art: Article, sstart: int, verb: re.Match) -> CueSource | None:
    """The noun phrase of an absolute ``with`` phrase, subject of its participle (``…, with
    many marchers chanting “…”``) or of one coordinated with it (``with Lee tweeting that … and
    asking, “…”``): up to six words after ``with``, none of them a preposition or conjunction but ``of`` and ``and``."""
    if not verb.group().endswith("ing"):
        return None
    at = art.masked.rfind(" with ", max(sstart, verb.start() - WITH_REACH), verb.start())
    if at == -1 or art.masked[at - 1 : at] not in (",", ""):
        return None
    toks = words(art.masked, at + 6, verb.end())
    participle = next((i for i, t in enumerate(toks) if t.group().endswith("ing") and t.group().islower()), None)
    if participle is None or not 0 < participle <= 6 or any(t.group().lower() in NP_BREAKERS - {"of", "and"} for t in toks[:participle]):
        return None
    if toks[participle].start() != verb.start() and not art.masked[: verb.start()].rstrip(" ,").endswith(" and"):
        return None
    phrase = toks[:participle]
    runs = name_runs(art.masked, phrase[0].start(), phrase[-1].end())
    if runs and runs[0].title_start == phrase[0].start() and runs[0].end == phrase[-1].end():
        return CueSource(runs[0].start, runs[0].end, runs[0].tokens, "cue")
    return CueSource(phrase[0].start(), phrase[-1].end(), [art.text[phrase[0].start() : phrase[-1].end()]], "nominal")


def _participle_after_comma(art: Article, start: int, verb: re.Match) -> bool:
    """Whether a cue verb is a participle after a comma or ``by`` (``…, saying``, ``by saying``)."""
    before = _without_adverbs(art.masked[start : verb.start()].rstrip())
    return verb.group().endswith("ing") and (before.endswith(",") or before.lower().endswith(" by"))


def _pull_quote_source(art: Article, region: QuoteRegion) -> CueSource | None:
    """``— Mike Marino, makeup artist on “A Different Man”`` on the line after a quotation paragraph."""
    index = region.paragraph
    pstart, pend = art.paragraphs[index]
    if (pstart, pend) != (region.open, region.outer_end) or index + 1 >= len(art.paragraphs):
        return None
    nstart, nend = art.paragraphs[index + 1]
    line = art.text[nstart:nend]
    match = re.match(r"\s*(?:[—–]|--?)\s*", line)
    if not match:
        return None
    runs = name_runs(art.masked, nstart + match.end(), nend)
    if not runs or runs[0].start != nstart + match.end():
        return None
    run = runs[0]
    rest = art.text[run.end : nend]
    description = rest.lstrip(", ").strip() if rest.startswith(",") else None
    return CueSource(run.start, run.end, run.tokens, "pull-quote", description or None)


_TITLE_SMALL = frozenset("a an the and or of in on at to for with from by as but nor vs. vs is".split())


def is_title(text: str) -> bool:
    """Whether quoted words read as a title (“Spider-Man: No Way Home”, “Coming 2 America”): at
    most 12 words, no sentence break inside, the first capitalised and at least three quarters of
    the words other than small ones (``of``, ``the``, …) capitalised or numbers.

    >>> is_title("Coming 2 America"), is_title("The Tram Years"), is_title("We will fight on")
    (True, True, False)
    """
    toks = [t for t in re.findall(r"[^\W_][\w’'\-.]*", text)]
    if not toks or not toks[0][:1].isupper() and not toks[0][:1].isdigit():
        return False
    content = [t for t in toks if t.lower() not in _TITLE_SMALL]
    if not content:
        return False
    capital = sum(1 for t in content if t[:1].isupper() or t[:1].isdigit())
    stripped = text.rstrip(" ,.")
    if re.search(r"[.;]\s", stripped) or len(toks) > 12:
        return False
    return capital / len(content) >= 0.75 and (len(content) > 1 or len(toks) <= 3)


def _embedded(art: Article, region: QuoteRegion) -> bool:
    """A quotation that continues a sentence in mid-flow (``lies in a “…”``): a fragment, not speech."""
    sstart, _ = art.sentence_at(region.open)
    before = art.masked[sstart : region.open].rstrip()
    if not before or before[-1] in ",:;" + DASHES + MASK:
        return False
    return True


EMBEDDING_REACH = 8
"""How many words may stand between a reporting verb and a quotation inside its clause."""


def _embedding_cue(art: Article, region: QuoteRegion) -> tuple[CueSource, tuple[int, int]] | None:
    """A quotation inside the clause of a reporting verb a few words before it (``Lee thanked him
    for “stepping up,”``, ``Fox admitted “some mistakes”``, ``Ray said that “we need time”``):
    the verb's subject, or the sentence's for a participle or a verb after ``and``. Not after a
    verb of naming nor with ``as`` after the verb (``critics called it “prompt and pray”``,
    ``dismiss it as little more than “…”``: a name, not speech)."""
    sstart, _ = art.sentence_at(region.open)
    prev = art.masked.rfind(MASK, sstart, region.open)
    start = prev + 1 if prev != -1 else sstart
    lead = last_words(art.masked, start, region.open, EMBEDDING_REACH + 1)
    if not lead or CLAUSE_BREAKS.search(art.masked, lead[0].end(), region.open):
        return None
    verbs = [t for t in lead if t.group() in REPORTED_FORMS and not _after_determiner(art, start, t)]
    if not verbs or any(t.group().lower() == "as" for t in lead if t.start() > verbs[-1].start()):
        return None
    verb = verbs[-1]
    source = _subject_before(art, verb.start(), start)
    if source is None and _shares_subject(art, start, verb):
        source = _with_subject(art, sstart, verb) or _opening_subject(art, sstart, verb.start())
    if source is not None and verb.group() in NAMING_VERBS and not _names_someone_s_words(art, source):
        return None
    return (source, (verb.start(), verb.end())) if source is not None else None


def _names_someone_s_words(art: Article, source: CueSource) -> bool:
    """Whether a verb of naming before a quotation quotes its subject (``Trump called the system
    “rigged”``, ``she called him “a real smart guy”``): its subject is a name or a pronoun, not a
    bare plural or ``what`` … (``critics called it “prompt and pray”``, ``what he calls “riffs”``:
    a term, not speech), or a noun phrase naming one person (:func:`_a_person`)."""
    if source.how == "nominal":
        return _a_person(art.text[source.start : source.end])
    if source.how not in ("cue", "pronoun") or art.text[source.start : source.end].lower() in SPEAKER_NOUNS:
        return False
    before = last_words(art.masked, art.sentence_at(source.start)[0], source.start, 1)
    return not before or before[0].group().lower() != "what"


def _a_person(phrase: str) -> bool:
    """Whether a noun phrase opened by ``a``, ``an``, ``the`` or ``one`` is headed by a singular
    role or noun of a person (``A reporter for Agence France-Presse``, ``the mayor``), not a group
    (``Some residents``, ``Critics``).

    >>> _a_person("A reporter for Agence France-Presse"), _a_person("Some residents")
    (True, False)
    """
    found = phrase.split()
    if len(found) < 2 or found[0].lower() not in ("a", "an", "the", "one"):
        return False
    head = next((w for w in found[1:5] if w.lower() in PREPOSITIONS), None)
    noun = found[found.index(head) - 1] if head else found[-1]
    return noun.islower() and not noun.endswith("s") and (is_role(noun) or noun in SPEAKER_NOUNS | PERSON_NOUNS)


WORK_NOUNS = frozenset(
    "book books autobiography memoir novel show program programme series film movie documentary album song "
    "podcast column newspaper magazine titled entitled".split()
)
"""Nouns (and participles) that a title follows (``his book “An American Son,”``)."""


def _names_a_work(art: Article, region: QuoteRegion) -> bool:
    """Whether a title-like quotation follows a preposition, a possessive or a noun of
    :data:`WORK_NOUNS` (``on ABC’s “This Week,”``, ``In his book, “A Time for Truth,”``): a title,
    even when it closes like speech."""
    previous = last_words(art.masked, max(0, region.open - 60), region.open, 1)
    if not previous or art.masked[previous[0].end() : region.open].strip(" ,"):
        return False
    word = previous[0].group()
    return word.lower() in PREPOSITIONS | WORK_NOUNS or word.endswith(("’s", "'s"))


def _ends_like_a_sentence(art: Article, region: QuoteRegion) -> bool:
    """Whether a quotation's words end in a full stop inside its closing mark (``said, “We’ll
    see.” The star then recalled …``): a cue before it is its own, not the next sentence's."""
    return region.close is not None and art.text[region.start : region.close].rstrip().rstrip("’'")[-1:] == "."


@dataclass
class Candidate:
    """A quotation or reported clause before its speaker is resolved (``source`` None: uncued)."""

    start: int
    end: int
    kind: str
    source: CueSource | None
    cue: tuple[int, int] | None
    how: str = "cue"
    region: QuoteRegion | None = None
    form: str = ""
    """For reported speech, where the content stands and what verb cues it (``follows say``,
    ``precedes report``, ``around say``, ``according``): the basis of its calibrated confidence."""


def _closes_like_speech(art: Article, region: QuoteRegion) -> bool:
    """Whether a quotation's words end in a comma or a sentence mark inside its closing mark
    (``“Nusra is Al Qaeda,” he said``, ``“Out!” the crowd yelled``)."""
    return region.close is not None and art.text[region.start : region.close].rstrip().rstrip("’'")[-1:] in (",", ".", "!", "?")


def direct_candidate(art: Article, region: QuoteRegion) -> Candidate | None:
    """A quotation that is speech (not a title, scare quote or fragment), with its cue if any.

    >>> art = Article("“We will fight on,” said Ann Lee. She saw “The Tram Years” twice.")
    >>> found = [direct_candidate(art, region) for region in art.regions]
    >>> [(art.text[c.start:c.end], c.source.tokens if c.source else None) if c else None for c in found]
    [('We will fight on', ['Ann', 'Lee']), None]
    """
    content = art.text[region.start : region.end]
    if not content.strip():
        return None
    title = is_title(content)
    if title and (not _closes_like_speech(art, region) or _names_a_work(art, region)):
        return None
    pull = None if title else _pull_quote_source(art, region)
    if pull is not None:
        return Candidate(region.start, region.end, "direct", pull, None, "pull-quote", region)
    cue = _cue_before(art, region) if _ends_like_a_sentence(art, region) else None
    cue = cue or _cue_after(art, region) or _cue_before(art, region)
    if cue is None and not title:
        cue = _embedding_cue(art, region)
    if title and cue is None:
        return None  # a title, unless it closes like speech before or after its cue (``“Out!” the crowd yelled``)
    if cue is not None:
        if len(words(content)) < 2 and _embedded(art, region):
            return None
        return Candidate(region.start, region.end, "direct", cue[0], cue[1], "cue", region)
    sentence_like = content[:1].isupper() and content.rstrip(QUOTE_CHARS)[-1:] in ".?!"
    if _embedded(art, region) or (len(words(content)) < 4 and not sentence_like):
        return None
    return Candidate(region.start, region.end, "direct", None, None, "pending", region)


def _headline_colon(art: Article, sstart: int, send: int) -> Candidate | None:
    """A paragraph that opens with a name and a colon, as headlines do (``Gillibrand: ‘I Think
    She Will.’``, ``Mark Cuban: A businessman can run this country``): the name says the rest."""
    index = art.paragraph_at(sstart)
    if index < 0 or art.paragraphs[index][0] != sstart:
        return None
    runs = name_runs(art.masked, sstart, min(send, sstart + 80))[:1]
    if not runs or runs[0].title_start != sstart or runs[0].possessive or len(runs[0].tokens) > 4:
        return None
    run = runs[0]
    if not art.masked.startswith(": ", run.end):
        return None
    start, end = trim_span(art.text, run.end + 2, send, " \t")
    if MASK in art.masked[start:end] or len(words(art.text, start, end)) < 2:
        return None
    return Candidate(start, end, "indirect", CueSource(run.start, run.end, run.tokens, "cue"), (run.end, run.end + 1), "cue", form="headline")


def _according_to(art: Article, sstart: int, send: int) -> Candidate | None:
    """``According to X, …`` and ``…, according to X.``: X is the source of the rest."""
    text = art.masked[sstart:send]
    leading = LEADING_ACCORDING.match(text)
    trailing = None if leading else TRAILING_ACCORDING.search(text)
    middle = None if leading or trailing else MIDDLE_ACCORDING.search(text)
    match = leading or trailing or middle
    if match is None or MASK in match.group(1):
        return None
    phrase_start = sstart + match.start(1)
    phrase = match.group(1).rstrip(" .,")
    names = [r for r in name_runs(art.masked, phrase_start, phrase_start + len(phrase)) if not r.possessive]
    if names and names[0].title_start == phrase_start:
        source = CueSource(names[0].start, names[0].end, names[0].tokens, "cue")
    else:
        source = CueSource(phrase_start, phrase_start + len(phrase), [art.text[phrase_start : phrase_start + len(phrase)]], "nominal")
    start, end = (sstart + match.end(), send) if leading else (sstart, send) if middle else (sstart, sstart + match.start())
    start, end = trim_span(art.text, start, end, " \t,.;:")
    if len(words(art.text, start, end)) < 3:
        return None
    cue_start = sstart + match.start() + match.group().lower().index("according to")
    return Candidate(start, end, "indirect", source, (cue_start, cue_start + len("according to")), "according", form="according")


TELLING_VERBS = frozenset("tell ask urge warn assure remind inform".split())
TELL_OBJECT = re.compile(r"\s+(?:reporters|me|us|him|her|them|the\s+[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3}|[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3})(?=[\s,.;!?]|$)")
"""The person told (``told reporters``, ``told The New York Times``)."""
THAT = re.compile(r"[\s,]*(?:that\b)?\s*")
ADVERBIAL_THAT = re.compile(r",?\s+(?:on|in|at|during|last|this|late|early|earlier)\s+(?:[\w’'\-]+\s+){0,3}?that\s+")
"""A short adverbial before ``that`` (``said on Saturday that``, ``told reporters last week that``)."""
CLOSING_ADVERBIAL = re.compile(
    r"\s*(?:(?:on|in|at|during|last|this)\s+(?:a\s+|an\s+|the\s+|his\s+|her\s+|their\s+)?[\w’'\-]+(?:\s+[\w’'\-]+){0,2}|[\w’'\-]+ly"
    r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tonight)(?:\s+(?:morning|afternoon|evening|night))?)?\s*[.!?]?\s*$"
)
"""What may follow a cue that closes its sentence (``…, he said in an interview.``, ``…, the
airline said Thursday.``)."""


def reported_speech(art: Article, sstart: int, send: int, direct_cues: list[int], broad: bool = False) -> list[Candidate]:
    """Reported speech in one sentence: every reporting verb (:data:`REPORTING_VERBS`) whose subject
    is a name, a pronoun, a relative ``who`` or a speaker noun, with what it reports.

    The reported clause is what follows the cue (``Officials said that the plan…``, ``he told
    reporters the plan…``); the sentence before the subject when the cue closes the sentence
    (``The plan will fail, he said.``, ``…, said Ann Lee.``, ``…, she told reporters.``); or the whole sentence around a
    parenthetical cue (``The goal, Diaz says, is…``). ``According to X`` reports the rest of its
    sentence, and so does a name opening a paragraph with a colon (a headline: ``Cuban: Trump has
    gone crazy``). Cues of a quotation (``direct_cues``, sorted offsets) are left to the
    quotation, and reported content around its cue ends before the clause of such a cue
    (``When the deal was signed, Lee fired back: “…”``); a participle after such a cue shares
    the quotation's speaker (``“…,” said Lee, referring to …``).

    ``broad`` takes attribution in PolNeAR's sense (Newell et al. 2018): every verb of
    :data:`REPORTING_VERBS` (beliefs, findings, calls: ``rivals see an opening``), with the
    sentence's opening subject as the source of a cue that has none of its own. Otherwise verbs
    of saying (:data:`INDIRECT_VERBS`) count, and other verbs only when they quote words
    (:func:`_quotes_speech`); only participles and coordinated verbs (``…, saying …``, ``… and
    said …``) borrow a subject.

    >>> art = Article("Officials said that the tram will be late. The plan will fail, he said.")
    >>> [(art.text[c.start:c.end], c.source.tokens if c.source else None, c.form)
    ...  for start, end in art.sentences for c in reported_speech(art, start, end, [])]
    [('the tram will be late', ['Officials'], 'follows say'), ('The plan will fail', ['he'], 'precedes say')]
    """
    found: list[Candidate] = []
    framing = _according_to(art, sstart, send) or _headline_colon(art, sstart, send)
    if framing is not None:
        found.append(framing)
    quotation_cues = direct_cues[bisect_left(direct_cues, sstart) : bisect_left(direct_cues, send)]
    quotation_subject: tuple[int, CueSource] | None = None
    for verb in cue_verbs(art.masked, sstart, send, forms=REPORTED_FORMS):
        if verb.start() in quotation_cues:
            subject = _subject_before(art, verb.start(), sstart) or _subject_after(art, verb.end(), send)
            quotation_subject = (verb.start(), subject) if subject is not None else quotation_subject
            continue
        shared = found[-1].source if found else None
        if quotation_subject is not None and (not found or not found[-1].cue or found[-1].cue[0] < quotation_subject[0]):
            shared = quotation_subject[1]  # ``“…,” Lee said, referring to …``: the quotation's speaker
        candidate = _reported_clause(art, sstart, send, verb, shared, broad)
        if candidate is not None and not broad and not _quotes_speech(art, verb, candidate):
            continue
        if candidate is not None:
            candidate = _before_quotation_clause(art, candidate, quotation_cues)
        if candidate is not None and not (framing and framing.cue and framing.cue[0] <= verb.start() < framing.cue[1]):
            found.append(candidate)
    by_cue = sorted((c for c in found if c.cue is not None), key=lambda c: c.cue[0] if c.cue else 0)
    for index, candidate in enumerate(by_cue):
        if candidate.form.startswith("follows"):
            candidate.end = _end_before_next_clause(art, candidate, by_cue[index + 1 : index + 1 + NEXT_CLAUSES])
    return found


def _before_quotation_clause(art: Article, candidate: Candidate, quotation_cues: list[int]) -> Candidate | None:
    """Reported content around or before its cue (not after it) that runs over the cue of a
    quotation ends at the last clause break before that cue (``When the deal was signed, Lee
    fired back: “…”``: ``When the deal was signed``); without such a break, or with fewer than
    three words left, there is none."""
    inside = quotation_cues[bisect_right(quotation_cues, candidate.start) : bisect_left(quotation_cues, candidate.end)]
    if not inside or candidate.form.startswith("follows"):
        return candidate
    breaks = [m.start() for m in CLAUSE_BREAKS.finditer(art.masked, candidate.start, inside[0])]
    if not breaks:
        return None
    start, end = trim_span(art.text, candidate.start, breaks[-1], " \t,.;:")
    if len(words(art.text, start, end)) < 3:
        return None
    candidate.end = end
    return candidate


QUOTED_REACH = 8
"""How many quotations inside one reported clause are read for :func:`_quotes_speech` (a bound on the work)."""


def _quotes_speech(art: Article, verb: re.Match, candidate: Candidate) -> bool:
    """Whether a cue reports speech (the speech scope): a verb of saying does; another verb of
    attribution (``blasted``, ``condemned``, ``called``) does when what it reports quotes words
    that are no title (``called the plan “a gift to the rich”``; not ``saw “The Elephant Man”``),
    not after ``as`` (``dismiss it as “prompt and pray”``), and, for a verb of naming, when its
    subject is a name, a pronoun or a person (:func:`_names_someone_s_words`; not ``critics call
    it “…”``), whose quoted name for someone counts even in title case (``he called Rubio
    “Little Marco”``)."""
    if REPORTED_FORMS[verb.group().lower()] in INDIRECT_VERBS:
        return True
    first = bisect_left(art.region_opens, candidate.start)
    quoted = [r for r in art.regions[first : first + QUOTED_REACH] if r.end <= candidate.end]
    if not quoted or any(w.group().lower() == "as" for w in words(art.masked, verb.end(), quoted[0].open)):
        return False
    source = candidate.source
    naming = verb.group().lower() in NAMING_VERBS
    if naming and (source is None or not _names_someone_s_words(art, source)):
        return False
    return any(not is_title(art.text[r.start : r.end]) or (naming or _closes_like_speech(art, r)) and not _names_a_work(art, r) for r in quoted)


COORDINATED_CLAUSE = re.compile(r"(?:[,;" + DASHES + r"]|\s(?:and|but|while))\s*$")
"""What ends a reported clause before another attribution starts (``…, she said``, ``… and asserting``)."""
NEXT_CLAUSES = 8
"""How many later attributions of a sentence may end a reported clause (a bound on the work)."""


def _end_before_next_clause(art: Article, candidate: Candidate, following: list[Candidate]) -> int:
    """Where a reported clause ends: before the first of the ``following`` attributions of its
    sentence that starts a coordinated clause inside it (``accused Clinton of X, telling …``: the
    content is ``Clinton of X``), but not before a nested one (``said that Bob argued …`` reports
    all of it). Only the last few characters before each are read, so the work stays linear."""
    for other in following:
        if other.cue is None or not candidate.start < other.cue[0] < candidate.end:
            continue
        opening = other.source.start if other.source and candidate.start < other.source.start < other.cue[0] else other.cue[0]
        window = max(candidate.start, opening - 12)
        breaker = COORDINATED_CLAUSE.search(art.masked, window, opening)
        if breaker and words(art.masked, candidate.start, breaker.start()):
            return trim_span(art.text, candidate.start, breaker.start(), " \t,.;:")[1]
    return candidate.end


CLAUSE_BREAKS = re.compile(r"[,;:()" + DASHES + MASK + r"]")


NOT_A_SUBJECT_END = frozenset("to be been being him them me us should would could can will may might must do did does".split())
"""Words that end no subject (``what people want to hear``, ``the platform should``)."""


NO_CLAUSE_SUBJECT = frozenset("pledge focus find attack point state vote support issue speak".split())
"""Verbs whose bare subject-less uses are mostly not attributions (``pledged delegates``,
``focused on``, ``points``): no clause subject for them."""


def _takes_clause_subject(form: str) -> bool:
    """Whether a verb form without a subject of its own may take the words of its clause (not
    a verb of :data:`NO_CLAUSE_SUBJECT`: ``the Super Tuesday state``, ``pledged delegates``)."""
    return REPORTED_FORMS[form] not in NO_CLAUSE_SUBJECT


def _clause_subject(art: Article, sstart: int, verb_start: int) -> CueSource | None:
    """The words of the clause before a cue verb, from the last clause break (``About three in 10
    said``, ``Many Republicans clamoring for less … support``): the subject a finer rule missed."""
    toks = last_words(art.masked, sstart, verb_start, 14)
    while toks and is_adverb_between(toks[-1].group()):
        toks.pop()
    if not toks:
        return None
    breaks = [m.end() for m in CLAUSE_BREAKS.finditer(art.masked, toks[0].start(), toks[-1].end())]
    toks = [t for t in toks if not breaks or t.start() >= breaks[-1]]
    cut = max((i + 1 for i, t in enumerate(toks) if t.group().lower() in REPORTED_FORMS or t.group().lower() == "that"), default=0)
    toks = toks[cut:]  # after another cue: ``said that most voters agree``
    while toks and toks[0].group().lower() in SUBORDINATORS | PREPOSITIONS:
        toks.pop(0)
    if not toks or len(toks) > 12 or toks[-1].group().lower() in NP_BREAKERS | DETERMINERS | NOT_A_SUBJECT_END:
        return None
    if _abstract_head(toks):
        return None
    start, end = toks[0].start(), toks[-1].end()
    return CueSource(start, end, [art.text[start:end]], "clause")


def _abstract_head(toks: list[re.Match]) -> bool:
    """``the revolution of Jetset``, ``the idea of …``: a determiner, a noun that is neither a
    speaker noun nor a role, then ``of``: a thing, not a speaker (``the head of the agency`` is)."""
    found = [t.group() for t in toks[:4]]
    if len(found) < 3 or found[0].lower() not in DETERMINERS or "of" not in found[1:4]:
        return False
    head = found[found.index("of", 1) - 1]
    return head.islower() and head not in SPEAKER_NOUNS and not is_role(head)


NOUN_BEFORE = DETERMINERS - {"some", "several", "many"} | PREPOSITIONS - {"to"} | frozenset("home public no any every each whose".split())
NOUN_LIKE_VERBS = frozenset(
    "state support vote call press issue worry note challenge report charge point name list order push "
    "talk show offer demand hope fear doubt question answer promise claim post tweet comment remark "
    "counter caution echo cry sign pledge sigh joke quip plea attack release estimate focus request quote "
    "repeat welcome outline forecast".split()
)
"""Reporting verbs whose bare and ``-s`` forms are as often nouns (``strong support``, ``phone calls``)."""
VERB_BEFORE = frozenset(
    "to will would can could should may might must do does did not never who that which also "
    "i you we they he she it".split()
)
"""Words after which a bare or ``-s`` form is a verb (``they support``, ``will vote``)."""


OBJECT_OPENERS = frozenset("that the a an he she they it his her their him them us we i you what how why whether".split())
"""Words that open a verb's object or clause: after them a bare or ``-s`` form is a verb."""


def _reads_as_noun(art: Article, sstart: int, verb: re.Match) -> bool:
    """Whether a verb's bare or ``-s`` form reads as a noun here: after a determiner or a
    preposition (``his home state of``, ``in order to``), or, for a verb that is as often a noun
    (:data:`NOUN_LIKE_VERBS`), after anything but a name, a pronoun, an auxiliary, an adverb or
    a plural before a bare form (``strong support``, ``phone calls``, ``Editor's note``; not
    ``critics claim``)."""
    form = verb.group().lower()
    base = REPORTED_FORMS[form]
    if form not in (base, base + "s", base + "es"):
        return False
    previous = last_words(art.masked, sstart, verb.start(), 1)
    if not previous:
        return False
    word = previous[0].group()
    if word.lower() in NOUN_BEFORE:
        return True
    if base not in NOUN_LIKE_VERBS or art.masked[previous[0].end() : verb.start()].strip():
        return False
    following = words(art.masked, verb.end(), min(len(art.masked), verb.end() + 30))[:1]
    if following and art.masked[verb.end() : following[0].start()] == " " and (
        following[0].group().lower() in OBJECT_OPENERS or form != base and following[0].group()[:1].isupper()
    ):
        return False  # ``the poll shows that``, ``polls show the race``, ``a poll shows Lee ahead``
    if word.endswith(("’s", "'s")):
        return True
    plural_subject = form == base and word.endswith("s")  # ``critics claim``, not ``phone calls``
    return word[:1].islower() and word.lower() not in VERB_BEFORE and not is_adverb_between(word) and not plural_subject


QUOTATION_CUE = re.compile(r"(?:,?\s+(?:and|but)\s+|,\s*)?([\w’'\-]+)(?:\s+(on|back|out|in|it))?\s*[,:]?\s*$")


def _before_cued_quotation(art: Article, start: int, end: int) -> int:
    """Where reported content that runs into a quotation ends: before the quotation and before
    a cue that introduces it (``said he welcomed it and added, “…”``: ``he welcomed it``; a verb
    with its particle too: ``criticized the plan, Lee shot back, “…”``)."""
    quote = art.masked.find(MASK, start, end)
    if quote == -1:
        return end
    cue = QUOTATION_CUE.search(art.masked, max(start, quote - 30), quote)
    verb = cue.group(1).lower() if cue else ""
    if cue and (verb in CUE_FORMS if cue.group(2) is None else PHRASAL_CUES.get(verb) == cue.group(2)):
        return cue.start()
    return end


PASSIVE_OR_NOUN = frozenset("a an the is are was were be been being".split())


def _ends_with_cue(tail: list[str]) -> bool:
    """Whether reported content ends with another verb of saying (``little, traders said``):
    a past form or one after a pronoun, not a noun (``during a phone call``, ``they sought
    answers``) nor a passive (``as members are named``).

    >>> _ends_with_cue(["little", "traders", "said"]), _ends_with_cue(["a", "phone", "call"])
    (True, False)
    >>> _ends_with_cue(["rise", "he", "says"]), _ends_with_cue(["they", "sought", "answers"])
    (True, False)
    """
    last, before = tail[-1], tail[-2]
    if last not in CUE_FORMS or before in PASSIVE_OR_NOUN:
        return False
    return before in PRONOUNS or last != CUE_FORMS[last] and not last.endswith("s")


LISTED_PARTICIPLE = re.compile(r"\s+(?:and|or)\s+[a-z]+ing\b")


def _in_a_list_of_participles(art: Article, sstart: int, send: int, verb: re.Match) -> bool:
    """Whether a participle is one of a list of activities (``a career producing, writing and
    developing content``): after another participle and a comma, and before ``and``/``or`` and a
    third; no report."""
    if not verb.group().endswith("ing"):
        return False
    previous = last_words(art.masked, sstart, verb.start(), 1)
    return (bool(previous) and previous[0].group().endswith("ing") and art.masked[previous[0].end() : verb.start()] == ", "
            and LISTED_PARTICIPLE.match(art.masked, verb.end(), send) is not None)


def _reported_clause(art: Article, sstart: int, send: int, verb: re.Match, shared: CueSource | None, broad: bool) -> Candidate | None:
    """The candidate of one reporting verb, if it has a subject and something to report.

    A participle or a verb after ``and`` (``…, saying …``, ``… and said …``) shares the subject
    of the sentence's previous cue (``shared``) or the sentence's opening subject; another verb
    whose subject no finer rule finds takes the words of its clause (:func:`_clause_subject`).
    A verb form that reads as a noun (:func:`_reads_as_noun`) is no cue."""
    base = REPORTED_FORMS[verb.group().lower()]
    if _reads_as_noun(art, sstart, verb) or _in_a_list_of_participles(art, sstart, send, verb):
        return None
    inverted = False
    source = _subject_before(art, verb.start(), sstart)
    before = art.masked[sstart : verb.start()].rstrip()
    if source is None and before.endswith(",") and not verb.group().endswith("ing"):
        source = _subject_after(art, verb.end(), send)  # not ``…, saying Clinton would …``
        inverted = source is not None
    shares = verb.group().endswith("ing") or before.endswith((" and", ","))
    if source is None and not shares and _takes_clause_subject(verb.group().lower()):
        source = _clause_subject(art, sstart, verb.start())
    if source is None and (broad or shares):
        source = shared or _opening_subject(art, sstart, verb.start(), noun_phrase=True)
    if source is None:
        return None
    rest_start = source.end if inverted else verb.end()
    told = TELL_OBJECT.match(art.masked, rest_start, send) if base in TELLING_VERBS and not inverted else None
    rest = art.masked[told.end() if told else rest_start : send]  # ``…, he told reporters.``
    if inverted or CLOSING_ADVERBIAL.match(rest):
        start, end, form = sstart, (verb.start() if inverted else source.start), "precedes"
    elif rest[:1] == ",":
        start, end, form = sstart, send, "around"
    else:
        form = "follows"
        skip = verb.end()
        if base in TELLING_VERBS:
            told = TELL_OBJECT.match(art.masked, skip, send)
            skip = told.end() if told else skip
        that = ADVERBIAL_THAT.match(art.masked, skip, min(send, skip + 60)) or THAT.match(art.masked, skip, send)
        start, end = (that.end() if that else skip), _before_cued_quotation(art, skip, send)
    start, end = trim_span(art.text, start, end, " \t,.;:")
    tail = last_words(art.masked, start, end, 3)
    if art.masked[start:end].strip(MASK + " ,.") == "" or len(words(art.text, start, min(end, start + 80))) < 3:
        return None  # nothing reported (quoted words count: ``said Trump is “unelectable now”``)
    if len(tail) >= 2 and _ends_with_cue([t.group().lower() for t in tail]):
        return None  # only another cue (``little, traders said``)
    if art.masked[sstart:send].rstrip().endswith("?") and base in ("think", "believe"):
        return None
    group = "say" if base in INDIRECT_VERBS else "report"
    if form == "precedes" and group == "report":
        return None  # ``…, rivals see.`` is rarely an attribution (12 % right on PolNeAR train)
    return Candidate(start, end, "indirect", source, (verb.start(), verb.end()), source.how, form=f"{form} {group}")
