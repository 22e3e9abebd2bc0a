"""Who the article names: person and organisation names, their mentions, roles and genders.

Names are maximal runs of capitalised words (:func:`name_runs`); mentions of one person (``Adam
Curtis``, ``Curtis``) merge into one :class:`Entity` with aliases; a role before the name or an
appositive after it becomes a description; gender comes from the pronouns that follow each
mention. :class:`Article` holds one article's text, quotation regions, sentences and mentions.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from argmap.extraction.cues import (
    ADVERBS_BETWEEN,
    CUE_FORMS,
    DETERMINERS,
    GENDERED,
    NAMING_VERBS,
    PREPOSITIONS,
    PRONOUNS,
    SUBORDINATORS,
)
from argmap.extraction.text import (
    LONGEST_SENTENCE,
    MASK,
    boilerplate_paragraphs,
    find_quote_regions,
    last_words,
    mask_quotes,
    paragraphs,
    sentences,
    words,
)

ROLE_SUFFIX = re.compile(
    r"(?:[a-z]{2}(?:er|or|ist|ian|man|woman|men|women|ee)|president|agent|student|resident|correspondent|"
    r"consultant|assistant|candidate|advocate|delegate|executive|representative|detective|grip|CEO|"
    r"head|chief|star|host|aide|official|expert|critic|chair|analyst|nominee|adviser|advisor|staff|"
    r"spokesperson|secretary|attorney|pundit|activist)s?$",
    re.IGNORECASE,
)
NOT_ROLES = frozenset("never other after over her per whether together rather however either neither later earlier former latter sooner ever".split())
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
    "government police army navy white treasury pentagon kremlin parliament assembly cabinet "
    "embassy federation alliance coalition museum library hospital clinic church academy reserve "
    "foods markets stores airlines airways motors holdings partners systems energy pharmaceuticals "
    "capital securities insurance bancorp plc gmbh nato opec".split()
)
"""Words that make a name an organisation's (``Congressional Budget Office``, ``Whole Foods``)."""
PLACES = frozenset(
    "america britain canada china cuba egypt england france germany greece india iran iraq ireland "
    "israel italy japan korea mexico pakistan palestine poland russia scotland spain syria taiwan "
    "turkey ukraine venezuela vietnam afghanistan australia brazil europe africa asia california "
    "texas florida washington beijing moscow tehran tokyo london paris berlin seoul kyiv "
    "states kingdom republic city county province".split()
)
"""Countries, regions and cities that speak through their governments (``South Korea said``)."""


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



def is_role(token: str) -> bool:
    """Whether a word names a role (``filmmaker``, ``director``, ``spokeswoman``): it ends like one
    (:data:`ROLE_SUFFIX`) and is not one of the look-alikes in :data:`NOT_ROLES`.

    >>> is_role("spokeswoman"), is_role("analysts"), is_role("never"), is_role("Lee")
    (True, True, False, False)
    """
    return bool(ROLE_SUFFIX.search(token)) and token.lower() not in NOT_ROLES


def is_capitalised(token: str) -> bool:
    """Whether a word starts with a capital letter.

    >>> is_capitalised("Lee"), is_capitalised("lee"), is_capitalised("")
    (True, False, False)
    """
    return token[:1].isupper()


def fold(name: str) -> str:
    """A name with its accents dropped (Unicode NFKD, combining marks removed) and case folded:
    the key under which two spellings of one name meet.

    >>> fold("José Núñez")
    'jose nunez'
    """
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


def strip_possessive(token: str) -> str:
    """A word without a trailing possessive ``'s``/``’s`` (or the bare apostrophe of ``Jones'``).

    >>> strip_possessive("Lee’s"), strip_possessive("Jones'"), strip_possessive("Lee")
    ('Lee', 'Jones', 'Lee')
    """
    return re.sub(r"[’']s?$", "", token)


@dataclass
class NameRun:
    start: int
    end: int
    tokens: list[str]
    titles: list[str]
    possessive: bool
    title_start: int


SENTENCE_ADVERBS = frozenset(
    "last first too again already soon almost ultimately recently currently initially previously "
    "eventually apparently notably unfortunately fortunately clearly obviously certainly typically "
    "usually privately publicly three four five six seven eight nine ten eleven twelve twenty "
    "thirty forty fifty hundred back meanwhile moments minutes hours days weeks months years decades".split()
)
"""Capitalised adverbs, numbers and spans of time that open a sentence (``Recently, …``, ``Eight
years ago …``, ``Hours later, …``, ``Back in 1999, …``): never a name."""
NOT_NAME_OPENERS = STOP_CAPITALS | SENTENCE_ADVERBS
ADVERB_ENDINGS = ("ately", "edly", "ently", "antly", "ously", "ively", "ingly", "fully", "ably", "ibly")
"""Endings of adverbs (``Immediately``, ``Reportedly``) that no name opening a run has."""


def is_opening_adverb(token: str) -> bool:
    """Whether a capitalised word is an adverb or a word of time, never a name's first word.

    >>> is_opening_adverb("Immediately"), is_opening_adverb("Hours"), is_opening_adverb("Kelly")
    (True, True, False)
    """
    low = token.lower()
    return low in NOT_NAME_OPENERS or (len(low) > 6 and low.endswith(ADVERB_ENDINGS))


def name_runs(masked: str, start: int, end: int) -> list[NameRun]:
    """Maximal runs of capitalised words (with name particles) between two offsets.

    Sentence-initial function words ("The", "When") are dropped from a run's front; leading
    titles ("Sen.", "Director") are kept apart in ``titles``.

    >>> text = "When Sen. Ann Lee met Park’s aides, the Senate Budget Committee said no."
    >>> [(run.tokens, run.titles, run.possessive) for run in name_runs(text, 0, len(text))]
    [(['Ann', 'Lee'], ['Sen'], False), (['Park'], [], True), (['Senate', 'Budget', 'Committee'], [], False)]
    """
    runs: list[NameRun] = []
    toks = words(masked, start, end)
    i = 0
    while i < len(toks):
        tok = toks[i]
        if not is_capitalised(tok.group()):
            i += 1
            continue
        j = i + 1
        while j < len(toks):
            gap = masked[toks[j - 1].end() : toks[j].start()]
            if gap not in (" ", ". ") or (gap == ". " and len(toks[j - 1].group()) > 1 and toks[j - 1].group().lower() not in TITLES):
                break
            if re.search(r"[’']s$", toks[j - 1].group()):
                break
            if is_capitalised(toks[j].group()) or (toks[j].group().lower() in NAME_CONNECTORS and j + 1 < len(toks) and is_capitalised(toks[j + 1].group())):
                j += 1
                continue
            break
        run = toks[i:j]
        while run and is_opening_adverb(run[0].group()):
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
            tokens = [_with_initial_period(masked, t) for t in run[:-1]] + [strip_possessive(last) if possessive else last]
            if tokens[-1]:
                runs.append(NameRun(run[0].start(), run[-1].end(), tokens, titles, possessive, title_start))
        i = j
    return runs


def _with_initial_period(masked: str, token: re.Match) -> str:
    """A name word, with its full stop if it is an initial (``C.`` of ``C. Eugene Steuerle``)."""
    word = token.group()
    return word + "." if len(word) == 1 and word.isupper() and masked[token.end() : token.end() + 1] == "." else word


def kind_of(tokens: list[str]) -> str:
    """``organisation`` for a name with an organisation word or a place (:data:`ORG_WORDS`,
    :data:`PLACES`) or in capitals (``NASA``), else ``person``.

    >>> kind_of(["Whole", "Foods"]), kind_of(["South", "Korea"]), kind_of(["Ann", "Lee"])
    ('organisation', 'organisation', 'person')
    """
    lowered = [t.lower().rstrip(".") for t in tokens]
    if any(t in ORG_WORDS for t in lowered) or lowered[-1] in PLACES:
        return "organisation"
    if len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) > 1:
        return "organisation"
    return "person"


class Entities:
    """Name mentions merged into entities: a surname or short form maps to one full name."""

    def __init__(self) -> None:
        self.by_key: dict[str, Entity] = {}
        self.order: dict[int, int] = {}
        self.by_suffix: dict[tuple[str, ...], list[Entity]] = {}
        self.by_prefix: dict[tuple[str, ...], list[Entity]] = {}
        self.by_single: dict[str, list[Entity]] = {}

    def resolve(self, tokens: list[str]) -> Entity:
        """The entity a name refers to: the first known entity (in order of creation) one of
        whose names ends with this one (or, for an organisation, starts with it), or a
        one-word person name that this one ends with; failing those, a person whose name starts
        with this one word (names written family name first: ``Kim`` for ``Kim Jong Un``);
        otherwise a new entity."""
        full = " ".join(tokens)
        folded = fold(full)
        if folded in self.by_key:
            return self.by_key[folded]
        ftoks = tuple(folded.split())
        candidates = [
            *self.by_suffix.get(ftoks, []),
            *(e for e in self.by_prefix.get(ftoks, []) if e.kind != "person"),
            *(e for e in (self.by_single.get(ftoks[-1], []) if ftoks else []) if len(ftoks) > 1 and e.kind == "person"),
        ] or [e for e in self.by_prefix.get(ftoks, []) if len(ftoks) == 1]  # family name first: Kim (Jong Un)
        if candidates:
            entity = min(candidates, key=lambda e: self.order[id(e)])
            if len(tokens) > len(entity.name.split()):
                entity.aliases.add(entity.name)
                entity.name = full
            elif full != entity.name:
                entity.aliases.add(full)
            self._index(entity, full)
            self.by_key[folded] = entity
            return entity
        entity = Entity(key=folded, name=full, kind=kind_of(tokens))
        self.order[id(entity)] = len(self.order)
        self._index(entity, full)
        self.by_key[folded] = entity
        return entity

    def _index(self, entity: Entity, name: str) -> None:
        """Index a name of an entity by its proper suffixes and prefixes (and itself, if one word)."""
        toks = tuple(fold(name).split())
        for size in range(1, len(toks)):
            for table, part in ((self.by_suffix, toks[-size:]), (self.by_prefix, toks[:size])):
                bucket = table.setdefault(part, [])
                if entity not in bucket:
                    bucket.append(entity)
        if len(toks) == 1 and entity not in self.by_single.setdefault(toks[0], []):
            self.by_single[toks[0]].append(entity)

    def all(self) -> list[Entity]:
        unique: dict[int, Entity] = {}
        for entity in self.by_key.values():
            unique[id(entity)] = entity
        return list(unique.values())


@dataclass
class Mention:
    start: int
    end: int
    entity: Entity
    salient: bool



class Article:
    """One article being analysed: text, quotation regions, sentences, named mentions."""

    def __init__(self, text: str):
        self.text = text
        self.regions = find_quote_regions(text)
        self.masked = mask_quotes(text, self.regions)
        self.region_opens = [region.open for region in self.regions]
        self.paragraphs = paragraphs(text)
        self.sentences = sentences(text, self.masked, self.regions)
        self.sentence_starts = [start for start, _ in self.sentences]
        self.paragraph_starts = [start for start, _ in self.paragraphs]
        self.boilerplate = boilerplate_paragraphs(text)
        self.entities = Entities()
        self.mentions: list[Mention] = []
        self.events: list[tuple[int, int, Entity]] = []
        self.speaker_ids: set[int] = set()
        self._find_mentions()
        self._infer_genders()

    # sentences and paragraphs
    def sentence_at(self, offset: int) -> tuple[int, int]:
        """The first sentence that holds ``offset`` or ends there (``(offset, offset)`` if none)."""
        index = bisect_right(self.sentence_starts, offset) - 1
        for start, end in self.sentences[max(index - 1, 0) : index + 1]:
            if start <= offset < end or offset == end:
                return start, end
        return offset, offset

    def sentence_from(self, offset: int) -> tuple[int, int] | None:
        """The first sentence that starts at or after ``offset``."""
        index = bisect_left(self.sentence_starts, offset)
        return self.sentences[index] if index < len(self.sentences) else None

    def paragraph_at(self, offset: int) -> int:
        """The index of the first paragraph that holds ``offset`` or ends there (-1 if none)."""
        index = bisect_right(self.paragraph_starts, offset) - 1
        for candidate in (index - 1, index):
            if candidate >= 0 and self.paragraphs[candidate][0] <= offset <= self.paragraphs[candidate][1]:
                return candidate
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
                self.mentions.append(Mention(run.start, run.end, entity, salient))
                description = self._description(run, sstart, send, salient)
                if description:
                    entity.descriptions.append(description)
            self._anaphoric_description(sstart, send)

    @staticmethod
    def _title_gender(titles: list[str]) -> str | None:
        lowered = {t.lower().rstrip(".") for t in titles}
        return "f" if lowered & FEMALE_TITLES else "m" if lowered & MALE_TITLES else None

    def _is_subject_position(self, run: NameRun, sstart: int, send: int) -> bool:
        """Whether a name stands where a clause's subject stands: after a clause boundary, a
        subordinator or a role (``documentary filmmaker Adam Curtis``), not after a preposition,
        a determiner or a verb; or right before a reporting verb."""
        nxt = words(self.masked, run.end, min(send, run.end + 40))
        if nxt and nxt[0].group() in CUE_FORMS and self.masked[run.end : nxt[0].start()] == " ":
            return True
        pos, skipped = run.start, list[str]()
        for tok in reversed(last_words(self.masked, sstart, run.start, 6)):
            low = tok.group().lower()
            if self.masked[tok.end() : pos].strip(" ") or low in SUBORDINATORS - {"and", "but", "so", "then"}:
                break
            if low in PREPOSITIONS or low in DETERMINERS or low in NAMING_VERBS or low in CUE_FORMS:
                return False
            if (is_capitalised(tok.group()) and tok.start() != sstart) or len(skipped) == 4:
                return False
            skipped.append(tok.group())
            pos = tok.start()
        return not skipped or is_role(skipped[0])

    def _description(self, run: NameRun, sstart: int, send: int, salient: bool) -> str | None:
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
            if index + 1 < len(segments) and (first in ("a", "an", "the", "one", "co-founder", "founder") or is_role(first)):
                part = self.text[offset : offset + len(segment)].strip()
                parts.append(part + "”" if part.count("“") > part.count("”") else part)
                offset += len(segment) + 2
                if len(parts) < 2:
                    continue
            break
        return re.sub(r",(”)$", r"\1", ", ".join(parts).rstrip(".,")) or None

    def _premodifier(self, run: NameRun, sstart: int) -> str | None:
        before = last_words(self.masked, sstart, run.start, 6)
        chosen: list[re.Match] = []
        pos = run.start
        for tok in reversed(before):
            gap = self.masked[tok.end() : pos]
            if gap != " ":
                break
            low = tok.group().lower()
            if low in PREPOSITIONS or low in SUBORDINATORS or low in CUE_FORMS or low in ADVERBS_BETWEEN or low in DETERMINERS:
                break
            if is_capitalised(tok.group()) and tok.start() != sstart:
                break
            chosen.insert(0, tok)
            pos = tok.start()
            if len(chosen) == 4:
                break
        if not chosen or not is_role(chosen[-1].group()):
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
        if not match or not is_role(match.group(1).split(" ")[-1]):
            return
        recent = None
        for mention in reversed(self.mentions):
            if mention.start + LONGEST_SENTENCE < sstart - 400:
                break  # this mention's sentence, and every earlier one, ends too far back
            if mention.salient and mention.end <= sstart and sstart - mention.end < 400 and mention.entity.kind == "person":
                recent = mention
                break
        if recent is not None:
            recent.entity.descriptions.append("the " + self.text[sstart + 4 : sstart + match.end()])
            self.mentions.append(Mention(sstart, sstart + match.end(), recent.entity, True))

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
        self.mention_starts = [m.start for m in self.mentions]
        salient = sorted(((m.end, index) for index, m in enumerate(self.mentions) if m.salient))
        self.salient_ends = [end for end, _ in salient]
        self.salient_entities = [self.mentions[index].entity for _, index in salient]

    # sources
    def resolve_pronoun(self, pronoun: str, offset: int) -> Entity | None:
        """The most recent salient person of the pronoun's gender (or of unknown gender, if a full name)."""
        gender = PRONOUNS.get(pronoun.lower())
        if gender not in ("m", "f"):
            return None
        for entity in self._antecedents(offset):
            if entity.kind != "person" or (len(entity.name.split()) < 2 and id(entity) not in self.speaker_ids):
                continue
            if entity.gender == gender or (entity.gender is None and len(entity.name.split()) > 1):
                return entity
        return None

    def _antecedents(self, offset: int) -> Iterator[Entity]:
        """Salient mentions and speakers ending at or before ``offset``, nearest first (a speaker
        before a mention ending at the same place)."""
        i = bisect_right(self.salient_ends, offset) - 1
        j = bisect_right(self.events, (offset, len(self.events) + 1)) - 1
        while i >= 0 or j >= 0:
            if j >= 0 and (i < 0 or self.events[j][0] >= self.salient_ends[i]):
                yield self.events[j][2]
                j -= 1
            else:
                yield self.salient_entities[i]
                i -= 1

    def add_event(self, offset: int, entity: Entity) -> None:
        """Record that ``entity`` spoke (was attributed a quotation) at ``offset``."""
        insort(self.events, (offset, len(self.events), entity), key=lambda e: (e[0], e[1]))
        self.speaker_ids.add(id(entity))

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        """The mentions that start between two offsets, in order."""
        return self.mentions[bisect_left(self.mention_starts, start) : bisect_left(self.mention_starts, end)]
