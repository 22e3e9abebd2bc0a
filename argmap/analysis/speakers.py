"""Speakers across documents: one person, however many files and spellings.

Every reader makes speakers per document (``<debate>/speaker/<id>``). :func:`merge_speakers` finds
the ones that are the same person and links them with ``owl:sameAs`` (the per-document speakers and
their claims stay as they are), reporting why each merge was made:

- ``name``: the same name after :func:`normalise_name` (case, accents, punctuation);
- ``alias``: one speaker's name is an ``am:alias`` of the other (from a debate file);
- ``surname``: a one-word name is the last word of exactly one longer name in the same or another
  document ("Cameron" -> "James Cameron"); with two candidates it is reported as ambiguous instead.

Generic names ("Unknown", "Audience Member", QT30's "Andrea Unknown" and "AudienceMember 2021...")
and groups never merge across documents. A small
YAML file overrides the rules: ``same`` lists names (or speaker ids ``debate/speaker/id``) that are
one person, ``different`` names that must never be merged by the rules::

    same:
      - [James Cameron, Jim Cameron]
    different:
      - Audience Member

:func:`link_identical_claims` links claims of different documents whose texts are the same after
normalisation with ``skos:exactMatch``; claims are never merged.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from argmap.analysis.triples import Source, column, triples_of
from argmap.errors import InputError
from argmap.graph.names import normalise_name
from argmap.graph.rdf import AM, ID_BASE

#: Names that say who spoke only within one document: never merged across documents.
GENERIC_NAMES = frozenset({"unknown", "audience member", "audience", "anon", "anonymous", "speaker", "voice", "caller", "member of the public"})


@dataclass(frozen=True)
class SpeakerRef:
    """One per-document speaker: its IRI, name, aliases, debate and whether it is a group."""

    iri: URIRef
    name: str
    aliases: tuple[str, ...]
    debate: URIRef | None
    group: bool

    @property
    def key(self) -> str:
        return normalise_name(self.name)

    @property
    def short(self) -> str:
        return str(self.iri)[len(ID_BASE):] if str(self.iri).startswith(ID_BASE) else str(self.iri)

    @property
    def generic(self) -> bool:
        words = self.key.split()
        return self.group or self.key in GENERIC_NAMES or "unknown" in words or (bool(words) and words[0].startswith("audiencemember"))


@dataclass(frozen=True)
class Merge:
    """Two speakers found to be one person, and the rule that says so."""

    a: SpeakerRef
    b: SpeakerRef
    reason: str


@dataclass
class Person:
    """A set of per-document speakers that are one person."""

    name: str
    speakers: list[SpeakerRef]
    names: list[str]
    debates: list[str]
    claims: int = 0


@dataclass
class MergeReport:
    """The people found, each merge with its reason, and what was left ambiguous."""

    people: list[Person] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    ambiguous: list[tuple[SpeakerRef, list[str]]] = field(default_factory=list)

    def text(self) -> str:
        """The report as lines a person can read: one per merge and per ambiguity."""
        lines = [f"{len(self.people)} people from {sum(len(p.speakers) for p in self.people)} speakers; {len(self.merges)} merges"]
        lines += [f"merged {m.a.short} ({m.a.name}) = {m.b.short} ({m.b.name}): {m.reason}" for m in self.merges]
        lines += [f"not merged {s.short} ({s.name}): ambiguous between {', '.join(c)}" for s, c in self.ambiguous]
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Overrides:
    """Hand-made decisions: groups of names or ids that are one person, names never merged."""

    same: tuple[frozenset[str], ...] = ()
    different: frozenset[str] = frozenset()


def read_overrides(path: Path | str) -> Overrides:
    """Read a speaker overrides file (``same``: lists of names or ids; ``different``: names).

    Names under ``different`` are kept folded by :func:`normalise_name`; a malformed file raises
    :class:`~argmap.errors.InputError` naming the file and the field.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp, "people.yaml")
    ...     _ = path.write_text("{same: [[Jim Cameron, James Cameron]], different: [Audience Member]}")
    ...     overrides = read_overrides(path)
    >>> [sorted(group) for group in overrides.same], sorted(overrides.different)
    ([['James Cameron', 'Jim Cameron']], ['audience member'])
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(str(path), f"cannot read speaker overrides: {' '.join(str(exc).split())}") from None
    if not isinstance(data, dict) or set(data) - {"same", "different"}:
        raise InputError(str(path), "expected a mapping with only 'same' and 'different'")
    same = data.get("same") or []
    different = data.get("different") or []
    if not isinstance(same, list) or not all(isinstance(g, list) and len(g) >= 2 and all(isinstance(n, str) for n in g) for g in same):
        raise InputError(str(path), "expected lists of two or more names or speaker ids", field="same")
    if not isinstance(different, list) or not all(isinstance(n, str) for n in different):
        raise InputError(str(path), "expected a list of names", field="different")
    return Overrides(tuple(frozenset(g) for g in same), frozenset(normalise_name(n) for n in different))


def speakers_in(graph: Source) -> list[SpeakerRef]:
    """Every speaker of the graph (or store), sorted by IRI.

    >>> from argmap.graph.formats import read_files
    >>> speakers = speakers_in(read_files([Path("tests/fixtures/mini.yaml")]))
    >>> [(s.short, s.name, s.aliases, s.group) for s in speakers][:2]
    [('mini/speaker/ana', 'Ana Ruiz', ('Ruiz',), False), ('mini/speaker/ben', 'Ben Okafor', ('Okafor',), False)]
    >>> [s.short for s in speakers if s.group]
    ['mini/speaker/residents']
    """
    triples = triples_of(graph)
    label, debate_of = column(triples, RDFS.label), column(triples, AM.inDebate)
    aliases: dict[Node, list[str]] = defaultdict(list)
    for speaker, alias in triples.pairs(AM.alias):
        aliases[speaker].append(str(alias))
    groups = set(triples.instances(AM.Group))
    refs = []
    for s in sorted({s for s in triples.instances(AM.Speaker) if isinstance(s, URIRef)}):
        debate = debate_of.get(s)
        refs.append(SpeakerRef(s, str(label.get(s) or s), tuple(sorted(aliases[s])), debate if isinstance(debate, URIRef) else None, s in groups))
    return refs


class _UnionFind:
    def __init__(self, items: list[URIRef]):
        self.parent = {i: i for i in items}

    def find(self, x: URIRef) -> URIRef:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: URIRef, b: URIRef) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


class _Merger:
    """The merges of :func:`find_people`, rule by rule, into one union-find of speakers."""

    def __init__(self, speakers: list[SpeakerRef], overrides: Overrides):
        self.speakers, self.overrides = speakers, overrides
        self.uf = _UnionFind([s.iri for s in speakers])
        self.report = MergeReport()
        self.by_key: dict[str, list[SpeakerRef]] = defaultdict(list)
        for s in speakers:
            self.by_key[s.key].append(s)

    def may_merge(self, a: SpeakerRef, b: SpeakerRef) -> bool:
        if a.key in self.overrides.different or b.key in self.overrides.different:
            return False
        return a.debate == b.debate or not (a.generic or b.generic)

    def merge(self, a: SpeakerRef, b: SpeakerRef, reason: str) -> None:
        if self.uf.union(a.iri, b.iri):
            self.report.merges.append(Merge(a, b, reason))

    def by_overrides(self) -> None:
        for group in self.overrides.same:
            members = [s for s in self.speakers if s.short in group or s.name in group or s.key in {normalise_name(n) for n in group}]
            for other in members[1:]:
                self.merge(members[0], other, "overrides file")

    def by_name(self) -> None:
        for _, same in sorted(self.by_key.items()):
            for other in same[1:]:
                if self.may_merge(same[0], other):
                    self.merge(same[0], other, "name")

    def by_alias(self) -> None:
        for s in self.speakers:
            for alias in s.aliases:
                for other in self.by_key.get(normalise_name(alias), []):
                    if other.iri != s.iri and self.may_merge(s, other):
                        self.merge(s, other, f"alias '{alias}'")

    def by_surname(self) -> None:
        surnames: dict[str, set[str]] = defaultdict(set)
        for key in self.by_key:
            words = key.split()
            if len(words) > 1:
                surnames[words[-1]].add(key)
        for key, same in sorted(self.by_key.items()):
            if " " in key or key not in surnames or any(s.generic for s in same):
                continue
            candidates = sorted(surnames[key])
            for s in same:
                if len(candidates) > 1:
                    self.report.ambiguous.append((s, [self.by_key[c][0].name for c in candidates]))
                    continue
                target = next((t for t in self.by_key[candidates[0]] if self.may_merge(s, t)), None)
                if target is not None:
                    self.merge(s, target, f"surname of '{target.name}'")

    def people(self) -> list[Person]:
        clusters: dict[URIRef, list[SpeakerRef]] = defaultdict(list)
        for s in self.speakers:
            clusters[self.uf.find(s.iri)].append(s)
        people = []
        for members in clusters.values():
            names = sorted({m.name for m in members}, key=lambda n: (-len(n.split()), n.isupper(), -sum(m.name == n for m in members), " ".join(n.split()) != n, n))
            debates = sorted({str(m.debate)[len(ID_BASE):] for m in members if m.debate is not None})
            people.append(Person(names[0], members, names, debates))
        return sorted(people, key=lambda p: (-len(p.speakers), normalise_name(p.name)))


def find_people(speakers: list[SpeakerRef], overrides: Overrides = Overrides()) -> MergeReport:
    """Group speakers that are one person by the rules of the module doc; see :class:`MergeReport`.

    The rules apply in order (overrides file, name, alias, surname), each merge recorded with its
    reason; a speaker merges only where :meth:`_Merger.may_merge` allows.

    The two panels of ``tests/fixtures/formats`` spell the same people otherwise:

    >>> from pathlib import Path
    >>> from argmap.graph.formats import read_files
    >>> panels = read_files([Path("tests/fixtures/formats/panel-a.yaml"), Path("tests/fixtures/formats/panel-b.yaml")])
    >>> report = find_people(speakers_in(panels))
    >>> print(report.text(), end="")
    7 people from 10 speakers; 3 merges
    merged panel-a/speaker/ana (Ana Ruiz) = panel-b/speaker/ana (ANA  RUÍZ): name
    merged panel-b/speaker/jim (Jim Smith) = panel-a/speaker/chris (Chris): alias 'Chris'
    merged panel-b/speaker/cameron (Cameron) = panel-a/speaker/cameron (James Cameron): surname of 'James Cameron'
    """
    merger = _Merger(speakers, overrides)
    merger.by_overrides()
    merger.by_name()
    merger.by_alias()
    merger.by_surname()
    merger.report.people = merger.people()
    return merger.report


def merge_speakers(graph: Graph, overrides: Overrides = Overrides()) -> MergeReport:
    """Find the people among the graph's speakers and add ``owl:sameAs`` from each speaker of a
    person to its first speaker (by IRI); return the report. Claims are left as they are.

    >>> from pathlib import Path
    >>> from argmap.graph.formats import read_files
    >>> panels = read_files([Path("tests/fixtures/formats/panel-a.yaml"), Path("tests/fixtures/formats/panel-b.yaml")])
    >>> report = merge_speakers(panels)
    >>> sorted((str(a).split("/id/")[1], str(b).split("/id/")[1]) for a, b in panels.subject_objects(OWL.sameAs))[:2]
    [('panel-b/speaker/ana', 'panel-a/speaker/ana'), ('panel-b/speaker/cameron', 'panel-a/speaker/cameron')]
    >>> [(p.name, p.claims) for p in report.people][:2]
    [('Ana Ruiz', 2), ('James Cameron', 2)]
    """
    report = find_people(speakers_in(graph), overrides)
    asserts: dict[object, set[object]] = defaultdict(set)
    for speaker, claim in graph.subject_objects(AM.asserts):
        asserts[speaker].add(claim)
    for person in report.people:
        first = min(s.iri for s in person.speakers)
        person.claims = len(set().union(*(asserts[s.iri] for s in person.speakers)))
        for s in person.speakers:
            if s.iri != first:
                graph.add((s.iri, OWL.sameAs, first))
    return report


def link_identical_claims(graph: Graph) -> int:
    """Link claims of different debates whose texts are equal after :func:`normalise_name`-style
    folding with ``skos:exactMatch`` (both ways); return the number of links. Nothing is merged.

    Both panels have the claims "New tools change film making." and "Crews will lose work.":

    >>> from pathlib import Path
    >>> from argmap.graph.formats import read_files
    >>> panels = read_files([Path("tests/fixtures/formats/panel-a.yaml"), Path("tests/fixtures/formats/panel-b.yaml")])
    >>> link_identical_claims(panels)
    4
    >>> sorted(str(b).split("/id/")[1] for b in panels.objects(URIRef("https://w3id.org/argmap/id/panel-a/claim/jobs"), SKOS.exactMatch))
    ['panel-b/claim/jobs']
    """
    by_text: dict[str, list[URIRef]] = defaultdict(list)
    for node, text in graph.subject_objects(AM.text):
        if isinstance(node, URIRef) and (node, RDF.type, AM.Claim) in graph:
            by_text[normalise_name(str(text))].append(node)
    links = 0
    for folded, claims in by_text.items():
        if not folded:
            continue
        for a in claims:
            for b in claims:
                if a != b and graph.value(a, AM.inDebate) != graph.value(b, AM.inDebate):
                    graph.add((a, SKOS.exactMatch, b))
                    links += 1
    return links
