"""Analysis over networkx graphs projected from the RDF (never from a debate file).

:func:`argument_graph` (:mod:`~argmap.analysis.projection`) projects claims and their relations;
:mod:`~argmap.analysis.semantics` (Dung's semantics, DF-QuAD), :mod:`~argmap.analysis.centrality`
and :mod:`~argmap.analysis.camps` are small functions over it, each stating what it computes;
:func:`analyze` gathers them into a :class:`Report` and :func:`annotate` writes it back as triples.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote

import networkx as nx
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from argmap.analysis.camps import partition_camps, signed_speaker_network
from argmap.analysis.centrality import claim_betweenness, claim_controversy, claim_pagerank, claim_sides, pair_betweenness
from argmap.analysis.projection import (
    argument_graph,
    debates_of,
    labeller,
    merged_argument,
    node_label,
    ordered_subgraph,
    relations_into,
    speaker_identities,
    speakers_of,
    typed_edges,
)
from argmap.analysis.semantics import (
    ATTACK_TYPES,
    IN,
    OUT,
    SEMANTICS,
    UNDEC,
    attack_framework,
    claim_labels,
    count_extensions,
    dfquad_strength,
)
from argmap.analysis.triples import GraphTriples, Source, StoreTriples, Triples, triples_of
from argmap.graph.rdf import AM, RELATION_CLASSES, RELATION_TYPE_OF, STANCE_OF, debates_in

__all__ = [
    "RELATION_TYPE_OF", "STANCE_OF", "ClaimStats", "GraphTriples", "Report", "Source", "SpeakerStats", "StoreTriples", "Triples",
    "analyze", "annotate", "argument_graph", "triples_of",
    "claim_betweenness", "claim_controversy", "claim_pagerank", "claim_sides", "node_label", "pair_betweenness",
    "merged_argument", "ordered_subgraph", "relations_into", "speaker_identities", "speakers_of", "summary",
]


@dataclass
class ClaimStats:
    """What the analysis says of one claim.

    ``labels`` maps each semantics computed (grounded, preferred, stable) to IN, OUT or UNDEC;
    ``strength`` is the DF-QuAD score; ``betweenness`` and ``controversy`` say whether the debate
    turns on it (:func:`claim_betweenness`, :func:`claim_controversy`).
    """

    iri: str
    text: str
    speakers: list[str]
    supporters: list[str]
    attackers: list[str]
    pagerank: float
    labels: dict[str, str] = field(default_factory=dict)
    strength: float = 0.5
    betweenness: float = 0.0
    controversy: int = 0
    issue: str | None = None
    stance: str | None = None


@dataclass
class SpeakerStats:
    """What the analysis says of one speaker: claims, supports and attacks made and received
    (counted per relation), whom they attack and support most, the share of their claims that
    are IN under grounded semantics, and their camp (1, 2, ... or None when unaligned)."""

    iri: str
    name: str
    claims: int
    supports_made: int = 0
    supports_received: int = 0
    attacks_made: int = 0
    attacks_received: int = 0
    attacks_on: Counter = field(default_factory=Counter)
    supports_on: Counter = field(default_factory=Counter)
    claims_in: int = 0
    camp: int | None = None

    @property
    def in_share(self) -> float | None:
        """The share of the speaker's claims that are IN (grounded), or None without claims."""
        return self.claims_in / self.claims if self.claims else None


@dataclass
class Report:
    """The analysis of a debate: claims ranked by PageRank, speakers by claims asserted, camps.

    ``camps`` lists speaker names per camp (camp 1 first); ``frustration`` counts the signed
    speaker ties the camps violate out of ``ties``; ``balance`` = 1 - frustration / ties.
    ``extensions`` holds, per multi-extension semantics computed, how many extensions the whole
    framework has. ``identities`` maps each speaker IRI counted as another person's to that
    person's IRI (:func:`speaker_identities`).
    """

    claims: list[ClaimStats]
    speakers: list[SpeakerStats]
    semantics: tuple[str, ...] = ("grounded",)
    camps: list[list[str]] = field(default_factory=list)
    unaligned: list[str] = field(default_factory=list)
    frustration: int = 0
    ties: int = 0
    title: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    extensions: dict[str, int] = field(default_factory=dict)
    identities: dict[str, str] = field(default_factory=dict)

    @property
    def balance(self) -> float:
        return 1.0 - self.frustration / self.ties if self.ties else 1.0


def _speaker_stats(argument: nx.MultiDiGraph, names: Mapping[Hashable, str], grounded: Mapping[Hashable, str]) -> dict[Hashable, SpeakerStats]:
    speakers = {iri: SpeakerStats(iri=str(iri), name=name, claims=0) for iri, name in names.items()}
    for claim, asserted_by in argument.nodes(data="speakers"):
        for s in asserted_by:
            speakers[s].claims += 1
            speakers[s].claims_in += grounded.get(claim) == IN
    for u, v, rtype in typed_edges(argument):
        made = "attacks" if rtype in ATTACK_TYPES else "supports" if rtype == "supports" else None
        if made is None:
            continue
        for s in argument.nodes[u]["speakers"]:
            setattr(speakers[s], f"{made}_made", getattr(speakers[s], f"{made}_made") + 1)
            getattr(speakers[s], f"{made}_on").update(names.get(t, t) for t in argument.nodes[v]["speakers"] if t != s)
        for s in argument.nodes[v]["speakers"]:
            setattr(speakers[s], f"{made}_received", getattr(speakers[s], f"{made}_received") + 1)
    return speakers


def analyze(graph: Source, semantics: Iterable[str] = ("grounded",), betweenness_sample: int | None = None,
            merge_people: bool = True) -> Report:
    """Analyse a debate graph: acceptability, strength and centrality of claims; speakers; camps.

    Per claim: its label under each of ``semantics`` (:func:`argmap.analysis.semantics.claim_labels`),
    DF-QuAD strength, PageRank, betweenness (estimated from ``betweenness_sample`` source claims
    when given) and controversy. Per speaker: claims, supports and attacks made and received (an
    attack made by a speaker is an attack or undercut whose ``from`` claim that speaker asserts;
    one received targets a claim the speaker asserts; supports likewise), whom they attack and
    support most, the share of their claims IN under grounded semantics, and their camp
    (:mod:`argmap.analysis.camps`). When the graph holds several debates, the speakers that are one
    person are counted as one (:func:`speaker_identities`) unless ``merge_people`` is false.

    Parameters
    ----------
    graph : rdflib.Graph or argmap.store.Store or argmap.analysis.triples.Triples
        The debates: an rdflib graph, a store (read through SPARQL, not copied) or projections of either.
    semantics : iterable of str, default ("grounded",)
        The semantics to label claims under, each one of :data:`SEMANTICS` (grounded, preferred,
        stable); repeats are dropped. Grounded labels are always computed for the speakers' IN share.
    betweenness_sample : int or None, optional
        Estimate the betweenness of a connected part with more claims than this from this many
        seeded random source claims (:func:`claim_betweenness`); exact when None.
    merge_people : bool, default True
        Count the speakers that are one person, across debates, as one.

    Returns
    -------
    Report
        Claims ranked by PageRank, speakers ranked by claims asserted, the camps and the debates' counts.

    Raises
    ------
    ValueError
        When ``semantics`` names an unknown semantics.

    See Also
    --------
    annotate : Write the analysis into the graph, for SPARQL.
    argmap.analysis.semantics.claim_labels : The labels of claims under one semantics.

    Notes
    -----
    Labels follow Dung (1995), "On the acceptability of arguments and its fundamental role in
    nonmonotonic reasoning, logic programming and n-person games", with Caminada's (2006)
    labellings (:mod:`argmap.analysis.semantics`); strength is DF-QuAD (Rago, Toni, Aurisicchio &
    Baroni 2016, :func:`dfquad_strength`); PageRank is Page, Brin, Motwani & Winograd (1999) and
    betweenness Freeman (1977), computed as Brandes (2001) does (:mod:`argmap.analysis.centrality`);
    camps are the partition of least frustration (structural balance, Doreian & Mrvar 1996) that
    their relocation heuristic finds (:mod:`argmap.analysis.camps`).

    Examples
    --------
    The small town debate of ``tests/fixtures/mini.yaml``: the council's claim is unattacked, so it
    stands under grounded semantics, and it defeats Ben's claim about deliveries.

    >>> from argmap.graph.formats import read_files
    >>> from pathlib import Path
    >>> report = analyze(read_files([Path("tests/fixtures/mini.yaml")]))
    >>> labels = {c.iri.rsplit("/", 1)[-1]: c.labels["grounded"] for c in report.claims}
    >>> labels["council-loading"], labels["ben-deliveries"]
    ('IN', 'OUT')
    """
    semantics = tuple(dict.fromkeys(semantics))
    unknown = [s for s in semantics if s not in SEMANTICS]
    if unknown:
        raise ValueError(f"unknown semantics {', '.join(unknown)} (known: {', '.join(SEMANTICS)})")
    source = triples_of(graph)
    argument, identity = merged_argument(source, merge_people)
    af = attack_framework(argument)
    labels = {s: claim_labels(af, s) for s in dict.fromkeys(("grounded", *semantics))}
    rank = claim_pagerank(argument)
    strength = dfquad_strength(argument)
    between = claim_betweenness(argument, k=betweenness_sample)
    controversy = claim_controversy(argument)
    speaker_iris = {identity.get(str(s), str(s)) for s in source.instances(AM.Speaker)}
    speaker_iris.update(s for _, who in argument.nodes(data="speakers") for s in who)
    label = labeller(source)
    names: dict[Hashable, str] = {s: label(URIRef(s)) for s in speaker_iris}
    claims = [
        ClaimStats(
            iri=c,
            text=data["text"],
            speakers=[names[s] for s in data["speakers"]],
            supporters=relations_into(argument, c, frozenset({"supports"})),
            attackers=relations_into(argument, c, ATTACK_TYPES),
            pagerank=rank.get(c, 0.0),
            labels={s: labels[s][c] for s in semantics},
            strength=strength[c],
            betweenness=between.get(c, 0.0),
            controversy=controversy[c],
            issue=data["issue"],
            stance=data["stance"],
        )
        for c, data in argument.nodes(data=True)
    ]
    claims.sort(key=lambda c: (-c.pagerank, c.iri))
    speakers = _speaker_stats(argument, names, labels["grounded"])
    camps = partition_camps(signed_speaker_network(argument))
    for iri, n in camps.camp_of().items():
        speakers[iri].camp = n
    ranked = sorted(speakers.values(), key=lambda s: (-s.claims, -(s.attacks_made + s.attacks_received), s.name, s.iri))
    debates = debates_of(source)
    return Report(
        claims=claims,
        speakers=ranked,
        semantics=semantics,
        camps=[sorted(names[s] for s in camp) for camp in camps.camps],
        unaligned=sorted(names[s] for s in camps.unaligned),
        frustration=camps.frustration,
        ties=camps.ties,
        title="; ".join(label(d) for d in debates) if len(debates) <= 3 else f"{len(debates)} debates merged",
        counts=summary(source),
        extensions={s: count_extensions(af, s) for s in semantics if s != "grounded"},
        identities=identity,
    )


CAMP_BASE = "https://w3id.org/argmap/id/"
STATUS_TERMS = {"grounded": AM.groundedStatus, "preferred": AM.preferredStatus, "stable": AM.stableStatus}
STATUS_LITERALS = {label: Literal(label) for label in (IN, OUT, UNDEC)}
CLAIM_SCORE_TERMS = (AM.strength, AM.pagerank, AM.betweenness, AM.controversy)
SCORE_TERMS = (*CLAIM_SCORE_TERMS, AM.inShare, AM.inCamp)


@lru_cache(maxsize=1 << 16)
def decimal_literal(value: float) -> Literal:
    """``value`` as an xsd:decimal literal, every digit of its shortest repr, no exponent (cached:
    most scores repeat, such as 0 and 0.5).

    xsd:decimal has no exponent notation (XML Schema 1.1 Part 2, 3.3.3), hence the fixed-point form:

    >>> str(decimal_literal(1e-07)), str(decimal_literal(0.25)), decimal_literal(2).datatype == XSD.decimal
    ('0.0000001', '0.25', True)
    """
    return Literal(format(Decimal(repr(float(value))), "f"), datatype=XSD.decimal)


def camp_scope(graph: Graph) -> str:
    """The id under which camps are minted: the debate's own id, or ``merged`` for several debates.

    >>> from pathlib import Path
    >>> from argmap.graph.formats import read_files
    >>> camp_scope(read_files([Path("tests/fixtures/mini.yaml")]))
    'mini'
    >>> camp_scope(read_files([Path("tests/fixtures/formats/panel-a.yaml"), Path("tests/fixtures/formats/panel-b.yaml")]))
    'merged'
    """
    debates = debates_in(graph)
    local = graph.value(debates[0], AM.localId) if len(debates) == 1 else None
    return quote(str(local), safe="") if local is not None else "merged"


def annotate(graph: Graph, semantics: Iterable[str] = ("grounded",), report: Report | None = None,
             merge_people: bool = True) -> Graph:
    """Write the analysis into ``graph`` (in place) and return it, so SPARQL can ask for it.

    Per claim: ``am:groundedStatus`` / ``am:preferredStatus`` / ``am:stableStatus`` ("IN", "OUT" or
    "UNDEC", for each of ``semantics``), and ``am:strength``, ``am:pagerank``, ``am:betweenness``,
    ``am:controversy`` (xsd:decimal). Per speaker: ``am:inShare`` (xsd:decimal, with claims) and
    ``am:inCamp`` -> an ``am:Camp`` (every speaker ``owl:sameAs`` another gets the same; IRI ``https://w3id.org/argmap/id/<debate or merged>/camp/<n>``,
    labelled "Camp <n>"), camps gathered by an ``am:CampPartition`` (``.../camps``) with
    ``am:hasCamp``, ``am:frustration`` and ``am:balanceIndex``. Values from an earlier call are
    replaced. ``report`` reuses an :func:`analyze` result made with the same ``semantics`` and
    ``merge_people``.

    Parameters
    ----------
    graph : rdflib.Graph
        The debates; changed in place.
    semantics : iterable of str, default ("grounded",)
        The semantics whose status is written, each one of :data:`SEMANTICS`.
    report : Report or None, optional
        An :func:`analyze` result of ``graph`` made with the same ``semantics`` and
        ``merge_people``, to reuse; by default ``graph`` is analysed.
    merge_people : bool, default True
        Count the speakers that are one person, across debates, as one.

    Returns
    -------
    rdflib.Graph
        ``graph`` itself, with the analysis in it.

    Raises
    ------
    ValueError
        When ``semantics`` names an unknown semantics and no ``report`` is given (raised by :func:`analyze`).

    See Also
    --------
    analyze : The analysis as Python objects.
    argmap.query : Ask the annotated graph with SPARQL.

    Examples
    --------
    >>> from argmap.graph.formats import read_files
    >>> from argmap.graph.rdf import AM
    >>> from pathlib import Path
    >>> from rdflib import URIRef
    >>> graph = annotate(read_files([Path("tests/fixtures/mini.yaml")]))
    >>> str(graph.value(URIRef("https://w3id.org/argmap/id/mini/claim/ben-deliveries"), AM.groundedStatus))
    'OUT'
    """
    semantics = tuple(dict.fromkeys(semantics))
    report = report if report is not None else analyze(graph, semantics, merge_people=merge_people)
    for predicate in (*STATUS_TERMS.values(), *SCORE_TERMS):
        graph.remove((None, predicate, None))
    for cls in (AM.Camp, AM.CampPartition):
        for node in list(graph.subjects(RDF.type, cls)):
            graph.remove((node, None, None))
    triples: list[tuple] = []
    for c in report.claims:
        node = URIRef(c.iri)
        triples += [(node, STATUS_TERMS[s], STATUS_LITERALS[c.labels[s]]) for s in semantics]
        scores = (c.strength, c.pagerank, c.betweenness, c.controversy)
        triples += [(node, term, decimal_literal(value)) for term, value in zip(CLAIM_SCORE_TERMS, scores)]
    base = f"{CAMP_BASE}{camp_scope(graph)}"
    partition = URIRef(f"{base}/camps")
    triples += [
        (partition, RDF.type, AM.CampPartition),
        (partition, RDFS.label, Literal(f"Camps of {report.title}" if report.title else "Camps")),
        (partition, AM.frustration, decimal_literal(report.frustration)),
        (partition, AM.balanceIndex, decimal_literal(report.balance)),
    ]
    triples += [(partition, AM.inDebate, d) for d in debates_in(graph)]
    for n in range(1, len(report.camps) + 1):
        camp = URIRef(f"{base}/camp/{n}")
        triples += [(camp, RDF.type, AM.Camp), (camp, RDFS.label, Literal(f"Camp {n}")), (partition, AM.hasCamp, camp)]
    aliases: dict[str, list[str]] = {}
    for iri, canonical in report.identities.items():
        aliases.setdefault(canonical, []).append(iri)
    for s in report.speakers:
        for node in map(URIRef, aliases.get(s.iri, [s.iri])):
            if s.camp is not None:
                triples.append((node, AM.inCamp, URIRef(f"{base}/camp/{s.camp}")))
            if s.in_share is not None:
                triples.append((node, AM.inShare, decimal_literal(s.in_share)))
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


def summary(graph: Source) -> dict[str, int]:
    """Counts of the debate's parts: speakers, claims, locutions, supports, attacks, undercuts, rephrases.

    Each count is of the distinct instances of the part's class (``am:Speaker``, ``am:Claim``,
    ``am:Locution`` and the relation classes), over every debate of ``graph``: speakers that are
    one person are counted apart (``argmap map`` counts people with
    :func:`argmap.exports.map.totals`).

    Parameters
    ----------
    graph : rdflib.Graph or argmap.store.Store or argmap.analysis.triples.Triples
        The debates: an rdflib graph, a store (read through SPARQL, not copied) or projections of either.

    Returns
    -------
    dict of str to int
        The count of each part, in the order above.

    Raises
    ------
    ArgmapError
        When ``graph`` is a store that cannot be read: :class:`~argmap.errors.StoreError` (e.g. a
        remote SPARQL server out of reach) or :class:`~argmap.errors.QueryError` (it rejects a query).

    See Also
    --------
    analyze : The analysis, whose report carries these counts.

    Examples
    --------
    >>> from argmap.graph.formats import read_files
    >>> from pathlib import Path
    >>> summary(read_files([Path("tests/fixtures/mini.yaml")]))
    {'speakers': 4, 'claims': 5, 'locutions': 6, 'supports': 1, 'attacks': 2, 'undercuts': 1, 'rephrases': 0}
    """
    triples = triples_of(graph)
    counts = {name: len(set(triples.instances(cls))) for name, cls in (("speakers", AM.Speaker), ("claims", AM.Claim), ("locutions", AM.Locution))}
    for name, cls in RELATION_CLASSES.items():
        counts[name] = len(set(triples.instances(cls)))
    return counts
