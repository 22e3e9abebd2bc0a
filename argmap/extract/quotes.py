"""Who said what in a news article: direct and indirect quotations attributed to speakers.

A rule-based extractor in pure Python (no model, nothing downloaded). It follows the
cue-based approach of quotation attribution in news (Pareti, *Attribution: a computational
approach*, 2015; Pouliquen, Steinberger & Best, *Automatic detection of quotations in
multilingual news*, 2007): a quotation is tied to a *cue* (a reporting verb such as ``says``,
``told``, ``recalls``) and the cue's subject is the *source*. Pronoun sources are resolved to
the most recent salient person of the same gender, which is the strongest baseline of O'Keefe
et al., *A Sequence Labelling Approach to Quote Attribution* (EMNLP 2012).

What it finds:

* direct quotations in curly or straight quotes, with the cue after (``“…,” he says``), before
  (``he adds with a dry laugh, “…”``, ``Cameron said: “…”``) or around them (``“…,” she says.
  “…”``); uncued quotations take the speaker of the paragraph's other quotations, of a
  quotation continued from the previous paragraph, or of the paragraph's subject;
* pull-quotes (a quotation paragraph followed by ``— Name, description``);
* indirect speech (``AI, Rus argues, can…``, ``he says he’s made…``) with lower confidence;
* speakers: full name, aliases, a description taken from the article, person or organisation.

Not speech: titles (“The Terminator”), scare quotes and words in quotes (“prompt and pray”,
“womb”), quoted fragments inside a sentence without a cue. :func:`extract_quotes` returns an
:class:`Extraction`; :func:`draft_debate` turns an article into a draft :class:`Debate`.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from argmap.extract.text import (
    MASK,
    QUOTE_CHARS,
    QuoteRegion,
    find_quote_regions,
    mask_quotes,
    paragraphs,
    sentences,
    trim_span,
    words,
)
from argmap.graph.model import Claim, Debate, Locution, Source, Speaker

# --- lexicons -------------------------------------------------------------------------------

_IRREGULAR = {
    "say": ("says", "said", "saying"), "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "writing", "written"), "think": ("thinks", "thought", "thinking"),
    "put": ("puts", "putting"), "feel": ("feels", "felt"),
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
    "scoff question echo".split()
)
NAMING_VERBS = frozenset("call calls called calling dub dubs dubbed term termed label labelled labeled nickname nicknamed".split())


def _forms(base: str) -> tuple[str, ...]:
    if base in _IRREGULAR:
        return (base,) + _IRREGULAR[base]
    stem = base[:-1] if base.endswith("e") else base
    if base.endswith("y") and base[-2] not in "aeiou":
        third, past = base[:-1] + "ies", base[:-1] + "ied"
    else:
        third = base + ("es" if base.endswith(("s", "sh", "ch", "x")) else "s")
        past = base + "d" if base.endswith("e") else base + "ed"
    if base in ("admit", "quip", "tweet"):
        past = base + ("ted" if base == "admit" else "ped" if base == "quip" else "ed")
    return (base, third, past, stem + "ing")


def _form_table(bases: frozenset[str]) -> dict[str, str]:
    return {form: base for base in bases for form in _forms(base)}


CUE_FORMS = _form_table(INDIRECT_VERBS | DIRECT_ONLY_VERBS)
"""Every inflected reporting verb mapped to its base form."""

PRONOUNS = {"he": "m", "she": "f", "they": "p", "it": None, "i": None, "we": None}
GENDERED = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}
ADVERBS_BETWEEN = frozenset(
    "also later then once previously again now still has had have would will did does was is had "
    "recently repeatedly often never always just later quickly simply even already once finally "
    "first added".split()
)
ROLE_SUFFIX = re.compile(
    r"(?:[a-z]{2}(?:er|or|ist|ian|man|woman|men|women|ee)|president|agent|student|resident|correspondent|"
    r"consultant|assistant|candidate|advocate|delegate|executive|representative|detective|grip|CEO|"
    r"head|chief|star|host|aide|official|expert|critic|chair|analyst|nominee|adviser|advisor|staff|"
    r"spokesperson|secretary|attorney|pundit|activist)s?$",
    re.IGNORECASE,
)
NOT_ROLES = frozenset("never other after over her per whether together rather however either neither later earlier former latter sooner ever".split())
SPEAKER_NOUNS = frozenset(
    "spokesman spokeswoman spokesperson official officials aide aides adviser advisers advisor "
    "advisors campaign statement source sources spokesmen spokeswomen critic critics expert experts "
    "analyst analysts supporter supporters voter voters democrats republicans lawmakers senator "
    "representative governor president director manager strategist chairman chairwoman leader "
    "leaders group committee release report memo letter lawsuit suit ad website".split()
)
TITLES = frozenset(
    "mr mrs ms dr sen senator rep representative gov governor president pres vice director "
    "secretary judge justice rev gen lt col sgt capt prof professor mayor chairman chairwoman "
    "former sir dame lord lady speaker ceo chief candidate nominee gop democrat republican "
    "presidential u.s".split()
)
FEMALE_TITLES = frozenset({"mrs", "ms", "dame", "lady"})
MALE_TITLES = frozenset({"mr", "sir", "lord"})
STOP_CAPITALS = frozenset(
    "the a an but and or when while if in on at for to as after before since then this that these "
    "those it he she they we i you his her their our my your its what who how why where some many "
    "few most others not no yes now today earlier later decades nearly over thanks working "
    "sometimes still meanwhile according there here one two with by from of like once even just "
    "so yet also both each every all any such can could would should will may might must do does "
    "did is was are were be been has have had despite instead though although because unlike "
    "among within without during until mostly perhaps maybe indeed asked said says told "
    "according moreover however furthermore instead indeed besides nonetheless nevertheless "
    "similarly likewise separately additionally finally next anyone everyone nobody someone somebody full text abstract update watch read video "
    "photo breaking exclusive monday tuesday wednesday thursday friday saturday sunday january "
    "february march april may june july august september october november december".split()
)
NAME_CONNECTORS = frozenset("de da del della di du van von der den la le bin al el ibn dos das mac st.".split())
ORG_WORDS = frozenset(
    "inc corp corporation company co ltd llc studios studio group technology technologies times "
    "post news network networks committee guild campaign party department association institute "
    "lab laboratory foundation council agency court congress senate house administration ministry "
    "bank university college school press media pictures entertainment films records union "
    "commission board office service services center centre fund bureau society club league "
    "organization organisation journal magazine review tribune herald gazette channel radio "
    "television tv cnn fbi cia nasa nbc cbs abc fox msnbc reuters ap afp gop dnc rnc pac "
    "government police army navy white".split()
)
PREPOSITIONS = frozenset(
    "of with like than by for from about including as to at on in into between among against "
    "behind toward towards under over after before through via per without within upon onto "
    "alongside beside besides near".split()
)
SUBORDINATORS = frozenset("when while because although though after before if since until once as and but so then".split())
DETERMINERS = frozenset("a an the this that these those his her their its our my your some several many".split())
DASHES = "—–"


# --- results --------------------------------------------------------------------------------


@dataclass
class Entity:
    """A person, organisation or group that the article names or quotes."""

    key: str
    name: str
    kind: str = "person"
    gender: str | None = None
    aliases: set[str] = field(default_factory=set)
    descriptions: list[str] = field(default_factory=list)

    @property
    def description(self) -> str | None:
        """The most informative description the article gives (the longest, up to 160 chars)."""
        fitting = [d for d in self.descriptions if len(d) <= 160]
        return max(fitting, key=len) if fitting else None


@dataclass
class Attribution:
    """A quotation (``start``/``end`` offsets of its words) attributed to a speaker.

    ``kind`` is ``direct`` (the speaker's words in quotation marks, pull-quotes included) or
    ``indirect`` (reported speech); ``how`` says how the speaker was found (``cue``,
    ``pronoun``, ``nominal``, ``pull-quote``, ``continuation``, ``context``, ``unresolved``);
    ``mention`` is the span of the name or pronoun that names the source in the text.
    """

    start: int
    end: int
    kind: str
    speaker: str | None
    confidence: float
    how: str
    mention: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None


@dataclass
class Extraction:
    """What :func:`extract_quotes` found: the attributions and the speakers they name."""

    text: str
    attributions: list[Attribution]
    entities: dict[str, Entity]

    def speakers(self) -> list[Entity]:
        """The entities that have at least one attribution, in order of first quotation."""
        seen: dict[str, Entity] = {}
        for att in self.attributions:
            if att.speaker is not None and att.speaker not in seen:
                seen[att.speaker] = self.entities[att.speaker]
        return list(seen.values())


CONFIDENCE = {
    ("direct", "cue"): 0.95, ("direct", "pull-quote"): 0.9, ("direct", "pronoun"): 0.85,
    ("direct", "nominal"): 0.85, ("direct", "continuation"): 0.8, ("direct", "context"): 0.6,
    ("indirect", "cue"): 0.6, ("indirect", "pronoun"): 0.5, ("indirect", "nominal"): 0.5,
    ("indirect", "according"): 0.5,
}
UNRESOLVED_CONFIDENCE = 0.2


# --- names and entities ---------------------------------------------------------------------


def _is_role(token: str) -> bool:
    """Whether a word names a role (``filmmaker``, ``director``, ``spokeswoman``)."""
    return bool(ROLE_SUFFIX.search(token)) and token.lower() not in NOT_ROLES


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper()


def _fold(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


def _strip_possessive(token: str) -> str:
    return re.sub(r"[’']s?$", "", token)


@dataclass
class _NameRun:
    start: int
    end: int
    tokens: list[str]
    titles: list[str]
    possessive: bool
    title_start: int


def name_runs(masked: str, start: int, end: int) -> list[_NameRun]:
    """Maximal runs of capitalised words (with name particles) between two offsets.

    Sentence-initial function words ("The", "When") are dropped from a run's front; leading
    titles ("Sen.", "Director") are kept apart in ``titles``.
    """
    runs: list[_NameRun] = []
    toks = words(masked, start, end)
    i = 0
    while i < len(toks):
        tok = toks[i]
        if not _is_capitalised(tok.group()):
            i += 1
            continue
        j = i + 1
        while j < len(toks):
            gap = masked[toks[j - 1].end() : toks[j].start()]
            if gap not in (" ", ". ") or (gap == ". " and len(toks[j - 1].group()) > 1 and toks[j - 1].group().lower() not in TITLES):
                break
            if re.search(r"[’']s$", toks[j - 1].group()):
                break
            if _is_capitalised(toks[j].group()) or (toks[j].group().lower() in NAME_CONNECTORS and j + 1 < len(toks) and _is_capitalised(toks[j + 1].group())):
                j += 1
                continue
            break
        run = toks[i:j]
        while run and run[0].group().lower() in STOP_CAPITALS:
            run = run[1:]
        titles = []
        title_start = run[0].start() if run else 0
        while len(run) > 1 and run[0].group().lower().rstrip(".") in TITLES:
            titles.append(run[0].group())
            run = run[1:]
        if len(run) > 1 and all(t.group().isupper() for t in run):
            run = []
        if run:
            last = run[-1].group()
            possessive = bool(re.search(r"[’']s?$", last)) and not last.endswith("s’") or last.endswith("s’")
            tokens = [t.group() for t in run[:-1]] + [_strip_possessive(last) if possessive else last]
            if tokens[-1]:
                runs.append(_NameRun(run[0].start(), run[-1].end(), tokens, titles, possessive, title_start))
        i = j
    return runs


def _kind_of(tokens: list[str]) -> str:
    lowered = [t.lower().rstrip(".") for t in tokens]
    if any(t in ORG_WORDS for t in lowered):
        return "organisation"
    if len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) > 1:
        return "organisation"
    return "person"


class _Entities:
    """Name mentions merged into entities: a surname or short form maps to one full name."""

    def __init__(self) -> None:
        self.by_key: dict[str, Entity] = {}
        self.gender_votes: dict[str, Counter] = {}

    def resolve(self, tokens: list[str], create: bool = True) -> Entity | None:
        full = " ".join(tokens)
        folded = _fold(full)
        if folded in self.by_key:
            return self.by_key[folded]
        candidates = []
        for entity in self.by_key.values():
            names = [_fold(n).split() for n in {entity.name} | entity.aliases]
            ftoks = folded.split()
            for name in names:
                if len(ftoks) < len(name) and (name[-len(ftoks):] == ftoks or (entity.kind != "person" and name[: len(ftoks)] == ftoks)):
                    candidates.append(entity)
                    break
                if len(ftoks) > len(name) and ftoks[-len(name):] == name and entity.kind == "person" and len(name) == 1:
                    candidates.append(entity)
                    break
        if candidates:
            entity = candidates[0]
            if len(tokens) > len(entity.name.split()):
                entity.aliases.add(entity.name)
                entity.name = full
            elif full != entity.name:
                entity.aliases.add(full)
            self.by_key[folded] = entity
            return entity
        if not create:
            return None
        entity = Entity(key=folded, name=full, kind=_kind_of(tokens))
        self.by_key[folded] = entity
        return entity

    def all(self) -> list[Entity]:
        unique: dict[int, Entity] = {}
        for entity in self.by_key.values():
            unique[id(entity)] = entity
        return list(unique.values())


@dataclass
class _Mention:
    start: int
    end: int
    entity: Entity
    salient: bool


# --- the extractor --------------------------------------------------------------------------


class _Article:
    """One article being analysed: text, quotation regions, sentences, named mentions."""

    def __init__(self, text: str):
        self.text = text
        self.regions = find_quote_regions(text)
        self.masked = mask_quotes(text, self.regions)
        self.paragraphs = paragraphs(text)
        self.sentences = sentences(text, self.masked, self.regions)
        self.entities = _Entities()
        self.mentions: list[_Mention] = []
        self.events: list[tuple[int, Entity]] = []
        self._find_mentions()
        self._infer_genders()

    # sentences and paragraphs
    def sentence_at(self, offset: int) -> tuple[int, int]:
        for start, end in self.sentences:
            if start <= offset < end or offset == end:
                return start, end
        return offset, offset

    def paragraph_at(self, offset: int) -> int:
        for index, (start, end) in enumerate(self.paragraphs):
            if start <= offset <= end:
                return index
        return -1

    # named mentions
    def _find_mentions(self) -> None:
        for sstart, send in self.sentences:
            for run in name_runs(self.masked, sstart, send):
                if run.start == sstart and len(run.tokens) == 1 and run.tokens[0].lower() in STOP_CAPITALS:
                    continue
                entity = self.entities.resolve(run.tokens)
                entity.gender = entity.gender or self._title_gender(run.titles)
                salient = not run.possessive and self._is_subject_position(run, sstart, send)
                self.mentions.append(_Mention(run.start, run.end, entity, salient))
                description = self._description(run, sstart, send, salient)
                if description:
                    entity.descriptions.append(description)
            self._anaphoric_description(sstart, send)

    @staticmethod
    def _title_gender(titles: list[str]) -> str | None:
        lowered = {t.lower().rstrip(".") for t in titles}
        return "f" if lowered & FEMALE_TITLES else "m" if lowered & MALE_TITLES else None

    def _is_subject_position(self, run: _NameRun, sstart: int, send: int) -> bool:
        """Whether a name stands where a clause's subject stands: after a clause boundary, a
        subordinator or a role (``documentary filmmaker Adam Curtis``), not after a preposition,
        a determiner or a verb; or right before a reporting verb."""
        nxt = words(self.masked, run.end, min(send, run.end + 40))
        if nxt and nxt[0].group() in CUE_FORMS and self.masked[run.end : nxt[0].start()] == " ":
            return True
        pos, skipped = run.start, []
        for tok in reversed(words(self.masked, sstart, run.start)):
            low = tok.group().lower()
            if self.masked[tok.end() : pos].strip(" ") or low in SUBORDINATORS - {"and", "but", "so", "then"}:
                break
            if low in PREPOSITIONS or low in DETERMINERS or low in NAMING_VERBS or low in CUE_FORMS:
                return False
            if (_is_capitalised(tok.group()) and tok.start() != sstart) or len(skipped) == 4:
                return False
            skipped.append(tok.group())
            pos = tok.start()
        return not skipped or _is_role(skipped[0])

    def _description(self, run: _NameRun, sstart: int, send: int, salient: bool) -> str | None:
        """A role before the name (``documentary filmmaker Adam Curtis``) or an appositive after
        a subject (``Daniela Rus, director of MIT’s …, believes``)."""
        if run.possessive:
            return None
        before = self._premodifier(run, sstart)
        if before or not salient:
            return before
        rest = self.masked[run.end : send]
        if not rest.startswith(", "):
            return None
        segments = rest[2:].split(", ")
        parts: list[str] = []
        offset = run.end + 2
        for index, segment in enumerate(segments):
            first = segment.strip().split(" ")[0].lower()
            if re.fullmatch(r"\d+", segment.strip()):
                offset += len(segment) + 2
                continue
            if index + 1 < len(segments) and (first in ("a", "an", "the", "one", "co-founder", "founder") or _is_role(first)):
                part = self.text[offset : offset + len(segment)].strip()
                parts.append(part + "”" if part.count("“") > part.count("”") else part)
                offset += len(segment) + 2
                if len(parts) < 2:
                    continue
            break
        return re.sub(r",(”)$", r"\1", ", ".join(parts).rstrip(".,")) or None

    def _premodifier(self, run: _NameRun, sstart: int) -> str | None:
        before = words(self.masked, sstart, run.start)
        chosen = []
        pos = run.start
        for tok in reversed(before):
            gap = self.masked[tok.end() : pos]
            if gap != " ":
                break
            low = tok.group().lower()
            if low in PREPOSITIONS or low in SUBORDINATORS or low in CUE_FORMS or low in ADVERBS_BETWEEN or low in DETERMINERS:
                break
            if _is_capitalised(tok.group()) and tok.start() != sstart:
                break
            chosen.insert(0, tok)
            pos = tok.start()
            if len(chosen) == 4:
                break
        if not chosen or not _is_role(chosen[-1].group()):
            return None
        start = chosen[0].start()
        title_at = self.masked.rfind(MASK + " ", sstart, start)
        if title_at != -1 and title_at + 2 == start:
            region = next((r for r in self.regions if r.outer_end == title_at + 1), None)
            if region is not None:
                start = region.open
        text = self.text[start : run.start].strip()
        return (text[0].lower() + text[1:]) if text and text[0].isupper() and text.split(" ")[0].lower() not in TITLES else text

    def _anaphoric_description(self, sstart: int, send: int) -> None:
        """``The two-time Oscar-winning production designer, who…`` names the person just introduced."""
        match = re.match(r"The ((?:[\w’'\-]+ ){0,5}[\w’'\-]+)(?=,| [a-z]+(?:ed|s)\b)", self.masked[sstart:send])
        if not match or not _is_role(match.group(1).split(" ")[-1]):
            return
        recent = [m for m in self.mentions if m.salient and m.end <= sstart and sstart - m.end < 400 and m.entity.kind == "person"]
        if recent:
            recent[-1].entity.descriptions.append("the " + self.text[sstart + 4 : sstart + match.end()])
            self.mentions.append(_Mention(sstart, sstart + match.end(), recent[-1].entity, True))

    def _infer_genders(self) -> None:
        """Each person's gender: the first he/she-type pronoun after each mention, by majority."""
        votes: dict[int, Counter] = {}
        people = sorted((m for m in self.mentions if m.entity.kind == "person"), key=lambda m: m.start)
        for index, mention in enumerate(people):
            limit = people[index + 1].start if index + 1 < len(people) else len(self.text)
            limit = min(limit, mention.end + 600)
            for tok in words(self.masked, mention.end, limit):
                gender = GENDERED.get(tok.group().lower())
                if gender:
                    votes.setdefault(id(mention.entity), Counter())[gender] += 1
                    break
        for entity in self.entities.all():
            if entity.gender is None and id(entity) in votes:
                entity.gender = votes[id(entity)].most_common(1)[0][0]
        self.mentions.sort(key=lambda m: m.start)

    # sources
    def resolve_pronoun(self, pronoun: str, offset: int) -> Entity | None:
        """The most recent salient person of the pronoun's gender (or of unknown gender, if a full name)."""
        gender = PRONOUNS.get(pronoun.lower())
        if gender not in ("m", "f"):
            return None
        candidates: list[tuple[int, Entity]] = [(m.end, m.entity) for m in self.mentions if m.salient and m.end <= offset]
        candidates += [(pos, e) for pos, e in self.events if pos <= offset]
        candidates.sort(key=lambda c: c[0])
        speakers = {id(e) for _, e in self.events}
        for pos, entity in reversed(candidates):
            if entity.kind != "person" or (len(entity.name.split()) < 2 and id(entity) not in speakers):
                continue
            if entity.gender == gender or (entity.gender is None and len(entity.name.split()) > 1):
                return entity
        return None


@dataclass
class _Source:
    """The source of a cue: a name, a pronoun or a common noun phrase, with its span."""

    start: int
    end: int
    tokens: list[str]
    how: str  # cue (a name), pronoun, nominal
    description: str | None = None


def _subject_before(art: _Article, verb_start: int, limit: int) -> _Source | None:
    """The subject that ends right before a cue verb (``Adam Curtis warned``, ``she says``)."""
    toks = words(art.masked, limit, verb_start)
    pos = verb_start
    while toks and toks[-1].group().lower() in ADVERBS_BETWEEN and art.masked[toks[-1].end() : pos] == " ":
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
        return _Source(last.start(), last.end(), [last.group()], "pronoun")
    runs = [r for r in name_runs(art.masked, limit, pos) if r.end == last.end() and not r.possessive]
    ahead = words(art.masked, limit, runs[-1].start) if runs else []
    if runs and ahead and ahead[-1].group().lower() in PREPOSITIONS | DETERMINERS:
        return None
    if runs:
        run = runs[-1]
        return _Source(run.start, run.end, run.tokens, "cue")
    return _nominal(art, limit, pos)


def _nominal(art: _Article, limit: int, end: int) -> _Source | None:
    """A common-noun source ending at ``end``: ``a spokesman for the campaign``, ``officials``."""
    segment = art.masked[limit:end].rstrip()
    match = re.search(
        r"(?:^|(?<=[\s,]))((?:(?:a|an|the|one|two|three|several|some|many|other|his|her|their|its)\s+)?"
        r"(?:[\w’'\-]+\s+){0,3}?([a-z][\w\-]*)(?:\s+(?:for|of|at|with|to)\s+(?:the\s+)?[\w’'\-]+(?:\s+[A-Z][\w’'\-]*){0,3})?)$",
        segment,
    )
    if not match or (match.group(2).lower() not in SPEAKER_NOUNS and not _is_role(match.group(2))):
        return None
    if MASK in match.group(1) or not _plain_noun_phrase(match.group(1), segment[: match.start(1)]):
        return None
    start = limit + match.start(1)
    phrase = art.text[start : limit + len(segment)]
    return _Source(start, limit + len(segment), [phrase], "nominal")


NP_BREAKERS = PREPOSITIONS | SUBORDINATORS | frozenset("that which where who whom whose remember said says told".split())
NP_OPENERS = frozenset("a an the one two three several some many other another his her their its our".split())


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


def _appositive_subject(art: _Article, limit: int, comma: int) -> _Source | None:
    """``Verena Puhm, a director, …, says``: the name that opens the clause is the subject."""
    runs = name_runs(art.masked, limit, comma)
    if not runs:
        return None
    run = runs[0]
    lead = art.masked[limit : run.start]
    lead_words = words(lead)
    if any(not _is_capitalised(w.group()) and not _is_role(w.group()) for w in lead_words[-3:]) and lead.strip(" ,"):
        if not re.search(r"[,:]\s*$", lead) and lead.strip():
            return None
    if run.possessive or art.masked[run.end : run.end + 2] != ", ":
        return None
    return _Source(run.start, run.end, run.tokens, "cue")


def _subject_after(art: _Article, verb_end: int, limit: int) -> _Source | None:
    """An inverted subject: ``said Sen. Ted Cruz``, ``says Mack``, ``said a spokesman``."""
    segment = art.masked[verb_end:limit]
    if not segment.startswith(" "):
        return None
    runs = name_runs(art.masked, verb_end + 1, limit)
    if runs and art.masked[verb_end + 1 : runs[0].title_start].strip() == "" and not runs[0].possessive:
        return _Source(runs[0].start, runs[0].end, runs[0].tokens, "cue")
    if re.match(r" (?:another|others)\b", segment):
        word = segment.split()[0]
        return _Source(verb_end + 1, verb_end + 1 + len(word), [art.text[verb_end + 1 : verb_end + 1 + len(word)]], "nominal")
    match = re.match(r" ((?:a|an|the)\s+(?:[\w’'\-]+\s+){0,2}([a-z][\w\-]*)(?:\s+(?:for|of|at|with)\s+(?:the\s+)?[\w’'\-]+(?:\s+[A-Z][\w’'\-]*){0,3})?)", segment)
    if match and match.group(2) in SPEAKER_NOUNS:
        return _Source(verb_end + 1, verb_end + 1 + len(match.group(1)), [art.text[verb_end + 1 : verb_end + 1 + len(match.group(1))]], "nominal")
    return None


def _cue_verbs(art: _Article, start: int, end: int, allowed: frozenset[str] | None = None) -> list[re.Match]:
    """Reporting verbs between two offsets (capitalised only as the first word: ``Stated Stone:``)."""
    found = []
    for tok in words(art.masked, start, end):
        form = tok.group() if tok.start() != start else tok.group().lower()
        if form in CUE_FORMS and (allowed is None or CUE_FORMS[form] in allowed):
            found.append(tok)
    return found


def _cue_after(art: _Article, region: QuoteRegion) -> tuple[_Source, tuple[int, int]] | None:
    """A cue right after a quotation: ``“…,” he says``, ``“…,” said Trump``."""
    sstart, send = art.sentence_at(region.outer_end)
    if send <= region.outer_end:
        following = next((s for s in art.sentences if s[0] >= region.outer_end), None)
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
    for verb in _cue_verbs(art, start, min(limit, start + 160))[:1]:
        if len(words(art.masked, start, verb.start())) > 14:
            return None
        if verb.start() == start:
            source = _subject_after(art, verb.end(), limit)
        else:
            source = _subject_before(art, verb.start(), start) or _determined_phrase(art, start, verb.start())
        if source is not None:
            return source, (verb.start(), verb.end())
    return None


def _determined_phrase(art: _Article, start: int, end: int) -> _Source | None:
    """Right after a quotation, any short determined noun phrase before the verb is its source
    (``“…,” the editorial said``, ``“…,” another supporter wrote``)."""
    phrase = art.masked[start:end].strip()
    match = re.fullmatch(r"(?:the|a|an|another|one|his|her|their|its)(?: [\w’'\-]+){1,5}", phrase)
    if not match or any(w.lower() in NP_BREAKERS for w in phrase.split()[1:]):
        return None
    return _Source(start, start + len(phrase), [art.text[start : start + len(phrase)]], "nominal")


def _cue_before(art: _Article, region: QuoteRegion) -> tuple[_Source, tuple[int, int]] | None:
    """A cue right before a quotation: ``he adds with a dry laugh, “…”``, ``Lightcraft’s pitch: “…”``."""
    sstart, _ = art.sentence_at(region.open)
    prev = art.masked.rfind(MASK, sstart, region.open)
    start = prev + 1 if prev != -1 else sstart
    end = region.open
    if region.paragraph > 0 and art.paragraphs[region.paragraph][0] == region.open:
        pstart, pend = art.paragraphs[region.paragraph - 1]
        if art.text[pend - 1] == ":":
            start, end = max(art.sentence_at(pend - 1)[0], pstart), pend
    frame = art.masked[start:end]
    if not re.search(r"[,:]\s*$", frame) or not frame.strip():
        return None
    owner = re.search(r"((?:[A-Z][\w’'\-]*\s+){0,3}[A-Z][\w\-]*)[’']s\s+(?:[a-z]+\s+)?(?:pitch|statement|slogan|motto|message|words|response|reply|answer|tweet|post|promise|verdict|view|take)\s*:\s*$", frame)
    if owner:
        tokens = owner.group(1).split()
        return _Source(start + owner.start(1), start + owner.end(1), tokens, "cue"), (start + owner.end(1), end)
    according = re.search(r"(?:^|\s)[Aa]ccording to ((?:[A-Z][\w’'\-.]*\s*){1,4}),\s*$", frame)
    if according:
        tokens = according.group(1).split()
        return _Source(start + according.start(1), start + according.start(1) + len(according.group(1).rstrip()), tokens, "cue"), (start + according.start(), start + according.start(1))
    for verb in reversed(_cue_verbs(art, start, end)):
        if len(words(art.masked, verb.end(), end)) > (16 if frame.rstrip().endswith(":") else 10):
            return None
        source = _subject_before(art, verb.start(), start) or _subject_after(art, verb.end(), end)
        if source is not None:
            return source, (verb.start(), verb.end())
    return None


def _pull_quote_source(art: _Article, region: QuoteRegion) -> _Source | None:
    """``— Mike Marino, makeup artist on “A Different Man”`` on the line after a quotation paragraph."""
    index = region.paragraph
    pstart, pend = art.paragraphs[index]
    if art.text[pstart:pend].strip() != art.text[region.open : region.outer_end].strip() or index + 1 >= len(art.paragraphs):
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
    return _Source(run.start, run.end, run.tokens, "pull-quote", description or None)


_TITLE_SMALL = frozenset("a an the and or of in on at to for with from by as but nor vs. vs is".split())


def is_title(text: str) -> bool:
    """Whether quoted words read as a title (“Spider-Man: No Way Home”, “Coming 2 America”)."""
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


def _embedded(art: _Article, region: QuoteRegion) -> bool:
    """A quotation that continues a sentence in mid-flow (``lies in a “…”``): a fragment, not speech."""
    sstart, _ = art.sentence_at(region.open)
    before = art.masked[sstart : region.open].rstrip()
    if not before or before[-1] in ",:;" + DASHES + MASK:
        return False
    return True


@dataclass
class _Candidate:
    """A quotation or reported clause before its speaker is resolved (``source`` None: uncued)."""

    start: int
    end: int
    kind: str
    source: _Source | None
    cue: tuple[int, int] | None
    how: str = "cue"
    region: QuoteRegion | None = None


def _direct_candidate(art: _Article, region: QuoteRegion) -> _Candidate | None:
    """A quotation that is speech (not a title, scare quote or fragment), with its cue if any."""
    content = art.text[region.start : region.end]
    if not content.strip() or is_title(content):
        return None
    pull = _pull_quote_source(art, region)
    if pull is not None:
        return _Candidate(region.start, region.end, "direct", pull, None, "pull-quote", region)
    cue = _cue_after(art, region) or _cue_before(art, region)
    if cue is not None:
        if len(words(content)) < 2 and _embedded(art, region):
            return None
        return _Candidate(region.start, region.end, "direct", cue[0], cue[1], "cue", region)
    sentence_like = content[:1].isupper() and content.rstrip(QUOTE_CHARS)[-1:] in ".?!"
    if _embedded(art, region) or (len(words(content)) < 4 and not sentence_like):
        return None
    return _Candidate(region.start, region.end, "direct", None, None, "pending", region)


def _according_to(art: _Article, sstart: int, send: int) -> _Candidate | None:
    """``According to X, …`` and ``…, according to X.``: X is the source of the rest."""
    text = art.masked[sstart:send]
    leading = re.match(r"\s*[Aa]ccording to ((?:[A-Z][\w’'\-.]*\s*){1,4}),\s*", text)
    trailing = re.search(r",?\s+according to ((?:the\s+|a\s+|an\s+)?(?:[\w’'\-.]+\s*){1,8}?)\s*\.?\s*$", text)
    match = leading or trailing
    if match is None or MASK in match.group(1):
        return None
    phrase_start = sstart + match.start(1)
    phrase = match.group(1).rstrip(" .,")
    names = [r for r in name_runs(art.masked, phrase_start, phrase_start + len(phrase)) if not r.possessive]
    if names and names[0].title_start == phrase_start:
        source = _Source(names[0].start, names[0].end, names[0].tokens, "cue")
    else:
        source = _Source(phrase_start, phrase_start + len(phrase), [art.text[phrase_start : phrase_start + len(phrase)]], "nominal")
    start, end = (sstart + match.end(), send) if leading else (sstart, sstart + match.start())
    start, end = trim_span(art.text, start, end, " \t,.;:")
    if len(words(art.text, start, end)) < 3:
        return None
    return _Candidate(start, end, "indirect", source, (sstart + match.start(), phrase_start), "according")


def _reported_speech(art: _Article, sstart: int, send: int, direct_cues: set[int]) -> _Candidate | None:
    """Reported speech in one sentence: a reporting verb whose subject is a name, a pronoun or a
    speaker noun. The reported clause follows a cue that opens the sentence (``But he says the
    technology…``); otherwise (``AI, Rus argues, can…``, ``…, he said.``) it is the sentence."""
    text = art.masked[sstart:send]
    if text.count(MASK) > 0.6 * len(text):
        return None
    according = _according_to(art, sstart, send)
    if according is not None:
        return according
    for verb in _cue_verbs(art, sstart, send, INDIRECT_VERBS):
        if verb.start() in direct_cues:
            return None
        source = _subject_before(art, verb.start(), sstart)
        if source is None:
            continue
        pre = art.masked[sstart : source.start]
        lead = words(art.masked, sstart, source.start)
        opens = not pre.strip() or (
            bool(lead) and lead[-1].group().lower() in ("but", "and", "so", "yet", "still")
            and (len(lead) == 1 or art.masked[: lead[-1].start()].rstrip().endswith(","))
        )
        if source.how == "cue" and not pre.strip() and art.masked[source.end : verb.start()].strip().startswith(","):
            opens = True
        rest = art.masked[verb.end() : send]
        if opens:
            told = re.match(r"\s+(?:(?:reporters|me|us|him|her|them|[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3})\s+)?(?:that\s+)?", rest)
            skip = told if CUE_FORMS[verb.group()] == "tell" and told else re.match(r"\s*(?:that\s+)?", rest)
            start, end = verb.end() + skip.end(), send
        else:
            parenthetical = rest[:1] == "," or rest.strip(" .") == ""
            if not (parenthetical or re.match(r"\s+(?:that\s+)?[a-z’']", rest)):
                continue
            if rest.strip(" .") == "" and not pre.rstrip().endswith(","):
                continue
            start, end = sstart, send
        start, end = trim_span(art.text, start, end, " \t,.;:")
        if art.masked[start:end].strip(MASK + " ,.") == "" or len(words(art.masked, start, end)) < 3:
            return None
        if text.rstrip().endswith("?") and CUE_FORMS[verb.group()] in ("think", "believe"):
            return None
        return _Candidate(start, end, "indirect", source, (verb.start(), verb.end()), source.how)
    return None


class _Extractor:
    """Attributes every candidate in document order, so that each resolved speaker becomes the
    antecedent the next pronoun can refer to."""

    def __init__(self, text: str):
        self.art = _Article(text)
        self.attributions: list[Attribution] = []
        self.keys = {id(e): k for k, e in reversed(list(self.art.entities.by_key.items()))}

    def run(self) -> Extraction:
        art = self.art
        direct = [c for c in (_direct_candidate(art, r) for r in art.regions) if c is not None]
        cues = {c.cue[0] for c in direct if c.cue is not None}
        indirect = [c for c in (_reported_speech(art, s, e, cues) for s, e in art.sentences) if c is not None]
        pending: list[tuple[QuoteRegion, int]] = []
        for candidate in sorted(direct + indirect, key=lambda c: c.start):
            if candidate.kind == "indirect" and any(
                a.kind == "direct" and a.start <= candidate.start and candidate.end <= a.end for a in self.attributions
            ):
                continue
            if candidate.source is None:
                self._add(candidate, None, "pending")
                pending.append((candidate.region, len(self.attributions) - 1))
                continue
            entity, how = self._speaker(candidate.source, candidate.how)
            if candidate.source.description and entity is not None:
                entity.descriptions.append(candidate.source.description)
            self._add(candidate, entity, how)
        for region, index in pending:
            self._inherit(region, index)
        reported = [a for a in self.attributions if a.kind == "indirect"]
        self.attributions = [
            a for a in self.attributions
            if a.how != "pending" and (a.kind == "indirect" or not any(i.start <= a.start and a.end <= i.end for i in reported))
        ]
        entities = {a.speaker: art.entities.by_key[a.speaker] for a in self.attributions if a.speaker is not None}
        return Extraction(art.text, self.attributions, entities)

    def _speaker(self, source: _Source, how: str) -> tuple[Entity | None, str]:
        art = self.art
        if source.how == "pronoun":
            entity = art.resolve_pronoun(source.tokens[0], source.start)
            return entity, "pronoun" if entity else "unresolved"
        if source.how == "nominal":
            entity = art.entities.resolve([source.tokens[0]])
            if entity.kind == "person" and source.tokens[0].split()[-1].endswith("s"):
                entity.kind = "group"
            return entity, "nominal"
        entity = art.entities.resolve(source.tokens)
        return entity, how if how in ("pull-quote", "according") else "cue"

    def _key(self, entity: Entity | None) -> str | None:
        if entity is None:
            return None
        if id(entity) not in self.keys:
            self.keys.update({id(e): k for k, e in reversed(list(self.art.entities.by_key.items()))})
        return self.keys[id(entity)]

    def _add(self, candidate: _Candidate, entity: Entity | None, how: str) -> None:
        source = candidate.source
        if entity is not None:
            self.art.events.append((source.end if source else candidate.start, entity))
        self.attributions.append(
            Attribution(
                candidate.start, candidate.end, candidate.kind, self._key(entity),
                CONFIDENCE.get((candidate.kind, how), UNRESOLVED_CONFIDENCE), how,
                (source.start, source.end) if source else None, candidate.cue,
            )
        )

    def _inherit(self, region: QuoteRegion, index: int) -> None:
        """An uncued quotation: the speaker of its paragraph's other quotes, of the quotation it
        continues, or of its paragraph's subject."""
        art = self.art
        att = self.attributions[index]
        same = [a for a in self.attributions if a.how not in ("pending", "unresolved") and a.speaker and art.paragraph_at(a.start) == region.paragraph]
        before = [a for a in same if a.start < region.start]
        after = [a for a in same if a.start > region.start and a.kind == "direct"]
        chosen = before[-1] if before else None
        if chosen is None and region.continued:
            previous = [a for a in self.attributions if a.speaker and a.how != "pending" and art.paragraph_at(a.start) == region.paragraph - 1]
            chosen = previous[-1] if previous else None
        if chosen is None and after:
            chosen = after[0]
        if chosen is not None:
            att.speaker, att.how, att.mention = chosen.speaker, "continuation", chosen.mention
            att.confidence = min(chosen.confidence, CONFIDENCE[("direct", "continuation")])
            return
        subject = self._paragraph_subject(art.paragraphs[region.paragraph][0], region.open)
        if subject is not None:
            att.speaker, att.how, att.mention = self._key(subject[0]), "context", subject[1]
            att.confidence = CONFIDENCE[("direct", "context")]
            art.events.append((region.start, subject[0]))

    def _paragraph_subject(self, pstart: int, offset: int) -> tuple[Entity, tuple[int, int]] | None:
        """The person a paragraph is about before ``offset``: its last sentence-initial name or pronoun."""
        art = self.art
        for sstart, send in reversed([s for s in art.sentences if pstart <= s[0] < offset]):
            toks = words(art.masked, sstart, min(send, offset))
            if not toks:
                continue
            if toks[0].group().lower() in ("he", "she"):
                entity = art.resolve_pronoun(toks[0].group(), sstart)
                if entity is not None:
                    return entity, (toks[0].start(), toks[0].end())
            for mention in art.mentions:
                if sstart <= mention.start < min(send, offset) and mention.salient and mention.entity.kind == "person":
                    return mention.entity, (mention.start, mention.end)
        return None


def extract_quotes(text: str) -> Extraction:
    """Find every attributed quotation in an article.

    Returns an :class:`Extraction` whose attributions carry exact character offsets into
    ``text`` (0-based, end exclusive), the speaker's entity key, a confidence and how the speaker
    was found. Pure Python; runs in milliseconds per article.
    """
    return _Extractor(text).run()


# --- the draft debate -----------------------------------------------------------------------


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug if slug and slug[0].isalpha() else f"x-{slug}" if slug else "x"


def _speaker_ids(entities: list[Entity]) -> dict[str, str]:
    """One id per speaker: the surname (or the whole name when surnames collide)."""
    short = {e.key: _slug(e.name.split()[-1] if e.kind == "person" else e.name) for e in entities}
    counts = Counter(short.values())
    ids = {}
    for entity in entities:
        ident = short[entity.key] if counts[short[entity.key]] == 1 else _slug(entity.name)
        while ident in ids.values():
            ident += "-x"
        ids[entity.key] = ident
    return ids


UNATTRIBUTED = Entity(key="unattributed", name="Unattributed", kind="group", descriptions=["Quotations whose speaker the extractor could not resolve: curate them"])


def extraction_to_debate(extraction: Extraction, debate_id: str, title: str, source: Source) -> Debate:
    """A draft debate: one speaker per quoted entity, one claim per quotation, no relations.

    Each claim's text is the quotation itself; its locution cites the offsets into the source
    text and carries the attribution's confidence, for a person to curate.
    """
    text = extraction.text
    attributions = [a for a in extraction.attributions if text[a.start : a.end].strip()]
    entities = extraction.speakers()
    if any(a.speaker is None for a in attributions):
        entities.append(UNATTRIBUTED)
    ids = _speaker_ids(entities)
    speakers = [
        Speaker(
            id=ids[e.key],
            name=e.name,
            kind=e.kind,
            description=e.description,
            aliases=sorted(a for a in e.aliases if a != e.name),
        )
        for e in entities
    ]
    claims = []
    for number, att in enumerate(sorted(attributions, key=lambda a: a.start), start=1):
        speaker_id = ids[att.speaker if att.speaker is not None else UNATTRIBUTED.key]
        quote = text[att.start : att.end]
        claims.append(
            Claim(
                id=f"q{number:03d}-{speaker_id}",
                text=" ".join(quote.split()),
                locutions=[Locution(speaker_id, source.id, quote, att.start, att.end, att.confidence)],
            )
        )
    return Debate(id=debate_id, title=title, description=_description(attributions), sources=[source], speakers=speakers, claims=claims)


def _description(attributions: list[Attribution]) -> str:
    direct = sum(1 for a in attributions if a.kind == "direct")
    return (
        f"Draft made by `argmap extract`: {direct} direct and {len(attributions) - direct} indirect "
        "quotations, each with the confidence of its attribution. Curate before use: rewrite claim "
        "texts as propositions, merge claims, add issues and relations."
    )


def draft_debate(
    text: str,
    title: str,
    debate_id: str | None = None,
    source_id: str = "article",
    url: str | None = None,
    date: _dt.date | None = None,
    publisher: str | None = None,
    author: str | None = None,
    path: str | None = None,
) -> Debate:
    """Extract an article's quotations and return them as a draft :class:`Debate`."""
    source = Source(id=source_id, title=title, url=url, publisher=publisher, author=author, date=date, path=path)
    return extraction_to_debate(extract_quotes(text), debate_id or _slug(title)[:60].strip("-") or "draft", title, source)
