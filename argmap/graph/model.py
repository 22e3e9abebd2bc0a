"""The in-memory model of a debate: what a reader produces before it becomes RDF.

These dataclasses are a convenience for readers and writers; the RDF graph built from them
(:func:`argmap.graph.rdf.debate_to_rdf`) is the single source of truth for analysis and export.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

SPEAKER_KINDS = ("person", "organisation", "group")
STANCES = ("pro", "con")
RELATION_TYPES = ("supports", "attacks", "undercuts", "rephrases")


@dataclass
class Source:
    """A document quotes come from (an article, a transcript, a debate page)."""

    id: str
    title: str
    url: str | None = None
    publisher: str | None = None
    author: str | None = None
    date: _dt.date | None = None
    path: str | None = None


@dataclass
class Speaker:
    """A person, organisation or unnamed group who asserts claims."""

    id: str
    name: str
    kind: str = "person"
    description: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass
class Issue:
    """A question debated; ``parent`` makes it a sub-issue."""

    id: str
    title: str
    parent: str | None = None


@dataclass
class Locution:
    """One utterance of a claim: who said it, in which words, where."""

    speaker: str
    source: str
    quote: str
    start: int | None = None
    end: int | None = None
    confidence: float | None = None


@dataclass
class Suggestion:
    """What a machine proposed and nobody has reviewed yet: how sure it was, how it came to it and why.

    A claim's suggestion covers its wording, issue and stance; a relation's covers the relation.
    Reviewing an item (accepting or correcting it) removes its suggestion.
    """

    confidence: float
    method: str
    evidence: str | None = None
    model: str | None = None
    version: str | None = None
    flags: list[str] = field(default_factory=list)


@dataclass
class Claim:
    """A proposition asserted through one or more locutions, optionally taking a side on an issue."""

    id: str
    text: str
    locutions: list[Locution] = field(default_factory=list)
    issue: str | None = None
    stance: str | None = None
    suggested: Suggestion | None = None


@dataclass
class Relation:
    """A support, attack (rebuttal), undercut or rephrase from one claim to another."""

    source: str
    target: str
    type: str
    by: str | None = None
    note: str | None = None
    suggested: Suggestion | None = None

    @property
    def id(self) -> str:
        """A deterministic identifier made from the relation's ends and type."""
        return f"{self.source}.{self.type}.{self.target}"


@dataclass
class Debate:
    """A whole debate: its sources, speakers, issues, claims and relations."""

    id: str
    title: str
    description: str | None = None
    sources: list[Source] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
