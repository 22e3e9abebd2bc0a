"""Analysis over networkx graphs projected from the RDF (never from a debate file).

``argument_graph`` projects claims and their relations; the measures below are small functions
over it, each stating what it computes.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote

import networkx as nx
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef

from argmap.graph.camps import partition_camps, signed_speaker_network
from argmap.graph.rdf import AM, RELATION_CLASSES, STANCE_TERMS, debates_in
from argmap.graph.report import render_text
from argmap.graph.semantics import (
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

RELATION_TYPE_OF = {cls: name for name, cls in RELATION_CLASSES.items()}
STANCE_OF = {term: name for name, term in STANCE_TERMS.items()}


def _label(graph: Graph, node: URIRef) -> str:
    value = graph.value(node, RDFS.label) or graph.value(node, AM.text) or graph.value(node, AM.localId)
    return str(value) if value is not None else str(node)


def speakers_of(graph: Graph, claim: URIRef) -> list[URIRef]:
    """The speakers who assert ``claim`` through one of its locutions, sorted by IRI."""
    return sorted({s for loc in graph.objects(claim, AM.hasLocution) for s in graph.objects(loc, AM.speaker)})


def argument_graph(graph: Graph) -> nx.MultiDiGraph:
    """Project the argument graph: one node per claim, one edge per relation node.

    Nodes are claim IRIs (strings) with ``text``, ``issue``, ``stance``, ``speakers`` (IRIs) and
    ``debate``; edges run from the relation's ``am:from`` claim to its ``am:to`` claim, keyed by
    the relation IRI, with ``type`` (supports, attacks, undercuts, rephrases) and ``by``. A
    relation missing an end, or with an end that is not a claim, is left out. Each property is
    read in one pass over the graph, so the projection stays linear in the number of triples.
    """

    def column(predicate: URIRef) -> dict:
        return {s: o for s, o in graph.subject_objects(predicate)}

    text, issue, stance, debate = column(AM.text), column(AM.onIssue), column(AM.stance), column(AM.inDebate)
    speaker_of_locution = column(AM.speaker)
    speakers: dict = {}
    for claim, locution in graph.subject_objects(AM.hasLocution):
        if locution in speaker_of_locution:
            speakers.setdefault(claim, set()).add(speaker_of_locution[locution])
    g = nx.MultiDiGraph()
    for claim in sorted(graph.subjects(RDF.type, AM.Claim)):
        g.add_node(
            str(claim),
            text=str(text.get(claim, "")),
            issue=str(issue[claim]) if claim in issue else None,
            stance=STANCE_OF.get(stance.get(claim)),
            speakers=[str(s) for s in sorted(speakers.get(claim, ()))],
            debate=str(debate.get(claim)),
        )
    kind: dict = {}
    for name, cls in RELATION_CLASSES.items():
        for relation in graph.subjects(RDF.type, cls):
            kind.setdefault(relation, name)
    source, target, by = column(AM["from"]), column(AM.to), column(AM.drawnBy)
    for relation in sorted(kind):
        u, v = str(source.get(relation)), str(target.get(relation))
        if u in g and v in g:
            drawn = by.get(relation)
            g.add_edge(u, v, key=str(relation), type=kind[relation], by=str(drawn) if drawn is not None else None)
    return g


def claim_pagerank(argument: nx.MultiDiGraph, alpha: float = 0.85) -> dict[str, float]:
    """PageRank of each claim on the argument graph, relations pointing at the claims they target.

    A claim ranks high when many (highly ranked) claims support, attack or rephrase it: it is
    what the debate argues about. Parallel relations between two claims count once each.
    See Page, Brin, Motwani & Winograd (1999), "The PageRank citation ranking".
    """
    if argument.number_of_nodes() == 0:
        return {}
    simple = nx.DiGraph()
    simple.add_nodes_from(argument.nodes)
    for u, v in argument.edges():
        simple.add_edge(u, v, weight=simple.get_edge_data(u, v, {"weight": 0})["weight"] + 1)
    return nx.pagerank(simple, alpha=alpha, weight="weight")


def relations_into(argument: nx.MultiDiGraph, claim: str, types: frozenset[str]) -> list[str]:
    """The claims that relate to ``claim`` by one of ``types`` (e.g. its attackers), sorted."""
    return sorted({u for u, _, data in argument.in_edges(claim, data=True) if data["type"] in types})


NETWORKX_PART_LIMIT = 300
"""Connected parts of at most this many claims get their exact betweenness from networkx, larger
ones from igraph (:func:`pair_betweenness`): the same values, ~100 times faster."""


def pair_betweenness(simple: nx.Graph) -> dict:
    """Unnormalised betweenness of each node of an undirected simple graph, computed by igraph.

    For node v, the sum over unordered pairs {s, t} of other nodes of sigma_st(v) / sigma_st,
    sigma_st being the number of shortest s-t paths and sigma_st(v) those through v (Freeman
    1977), by Brandes' algorithm (2001) in igraph's C core: the value of
    ``networkx.betweenness_centrality(simple, normalized=False)``, up to the order in which
    floating-point terms are summed (a relative difference below 1e-12).
    """
    import igraph

    nodes = list(simple)
    index = {node: i for i, node in enumerate(nodes)}
    g = igraph.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in simple.edges()], directed=False)
    return dict(zip(nodes, g.betweenness(directed=False)))


def claim_betweenness(argument: nx.MultiDiGraph, k: int | None = None, seed: int = 0) -> dict[str, float]:
    """Betweenness centrality of each claim in the argument graph, direction and type ignored.

    The share of shortest paths between two other claims that pass through a claim (Freeman
    1977; Brandes 2001, "A faster algorithm for betweenness centrality"), normalised by
    (n - 1)(n - 2) / 2 for the whole graph of n claims: the claims that hold the rest of the
    argument together, the ones the debate turns on. No path leaves a connected part, so each part
    is computed on its own (the same values as on the whole graph, without the cost of visiting
    every claim from every source). The values are exact: a part of up to
    :data:`NETWORKX_PART_LIMIT` claims is computed by networkx, a larger one by igraph
    (:func:`pair_betweenness`; networkx's pure-Python Brandes takes 6 minutes on a part of 10,000
    claims, igraph 4 s). With ``k``, a part of more than ``k`` claims is instead
    estimated from ``k`` seeded random source claims (Brandes & Pich 2007) by networkx.
    """
    simple = nx.Graph()
    simple.add_nodes_from(argument.nodes)
    simple.add_edges_from((u, v) for u, v in argument.edges() if u != v)
    n = simple.number_of_nodes()
    scores = dict.fromkeys(simple, 0.0)
    if n < 3:
        return scores
    scale = 2.0 / ((n - 1) * (n - 2))
    for part in nx.connected_components(simple):
        if len(part) < 3:
            continue
        sub = simple.subgraph(part).copy()
        if k is not None and k < len(part):
            pairs = nx.betweenness_centrality(sub, k=k, seed=seed, normalized=False)
        elif len(part) > NETWORKX_PART_LIMIT:
            pairs = pair_betweenness(sub)
        else:
            pairs = nx.betweenness_centrality(sub, normalized=False)
        scores.update((c, v * scale) for c, v in pairs.items())
    return scores


def claim_sides(argument: nx.MultiDiGraph, claim: str) -> tuple[set[str], set[str]]:
    """The speakers for and against ``claim``: who asserts it or a claim supporting it, and who
    asserts a claim attacking or undercutting it."""
    pro = set(argument.nodes[claim]["speakers"])
    con: set[str] = set()
    for u, _, rtype in argument.in_edges(claim, data="type"):
        side = pro if rtype == "supports" else con if rtype in ATTACK_TYPES else None
        if side is not None:
            side.update(argument.nodes[u]["speakers"])
    return pro, con


def claim_controversy(argument: nx.MultiDiGraph) -> dict[str, int]:
    """How contested each claim is: the number of pairs of different speakers on opposite sides.

    With F the speakers for the claim and A those against it (:func:`claim_sides`), the score is
    the number of pairs (f, a), f in F, a in A, f != a: 0 when nobody attacks it or nobody
    defends it, growing with the number of speakers on each side and largest when they are even.
    """
    scores = {}
    for claim in argument.nodes:
        pro, con = claim_sides(argument, claim)
        scores[claim] = len(pro) * len(con) - len(pro & con)
    return scores


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
    framework has.
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

    @property
    def balance(self) -> float:
        return 1.0 - self.frustration / self.ties if self.ties else 1.0


def speaker_identities(graph: Graph) -> dict[str, str]:
    """Speakers that are one person: each speaker IRI linked by ``owl:sameAs`` (as
    :mod:`argmap.graph.speakers` links them across documents) -> the smallest IRI of its linked
    group, which stands for all of them in the speaker statistics and the camps."""
    links = nx.Graph()
    speakers = set(graph.subjects(RDF.type, AM.Speaker))
    links.add_edges_from((str(a), str(b)) for a, b in graph.subject_objects(OWL.sameAs) if a in speakers or b in speakers)
    return {iri: min(group) for group in nx.connected_components(links) for iri in group}


def _speaker_stats(argument: nx.MultiDiGraph, names: dict[str, str], grounded: dict[str, str]) -> dict[str, SpeakerStats]:
    speakers = {iri: SpeakerStats(iri=iri, name=name, claims=0) for iri, name in names.items()}
    for claim, asserted_by in argument.nodes(data="speakers"):
        for s in asserted_by:
            speakers[s].claims += 1
            speakers[s].claims_in += grounded.get(claim) == IN
    for u, v, rtype in argument.edges(data="type"):
        made = "attacks" if rtype in ATTACK_TYPES else "supports" if rtype == "supports" else None
        if made is None:
            continue
        for s in argument.nodes[u]["speakers"]:
            setattr(speakers[s], f"{made}_made", getattr(speakers[s], f"{made}_made") + 1)
            getattr(speakers[s], f"{made}_on").update(names.get(t, t) for t in argument.nodes[v]["speakers"] if t != s)
        for s in argument.nodes[v]["speakers"]:
            setattr(speakers[s], f"{made}_received", getattr(speakers[s], f"{made}_received") + 1)
    return speakers


def analyze(graph: Graph, semantics: Iterable[str] = ("grounded",), betweenness_sample: int | None = None) -> Report:
    """Analyse a debate graph: acceptability, strength and centrality of claims; speakers; camps.

    Per claim: its label under each of ``semantics`` (:func:`argmap.graph.semantics.claim_labels`),
    DF-QuAD strength, PageRank, betweenness (estimated from ``betweenness_sample`` source claims
    when given) and controversy. Per speaker: claims, supports and attacks made and received (an
    attack made by a speaker is an attack or undercut whose ``from`` claim that speaker asserts;
    one received targets a claim the speaker asserts; supports likewise), whom they attack and
    support most, the share of their claims IN under grounded semantics, and their camp
    (:mod:`argmap.graph.camps`).
    """
    semantics = tuple(dict.fromkeys(semantics))
    unknown = [s for s in semantics if s not in SEMANTICS]
    if unknown:
        raise ValueError(f"unknown semantics {', '.join(unknown)} (known: {', '.join(SEMANTICS)})")
    argument = argument_graph(graph)
    identity = speaker_identities(graph)
    for _, data in argument.nodes(data=True):
        data["speakers"] = sorted({identity.get(s, s) for s in data["speakers"]})
    af = attack_framework(argument)
    labels = {s: claim_labels(af, s) for s in dict.fromkeys(("grounded", *semantics))}
    rank = claim_pagerank(argument)
    strength = dfquad_strength(argument)
    between = claim_betweenness(argument, k=betweenness_sample)
    controversy = claim_controversy(argument)
    speaker_iris = {identity.get(str(s), str(s)) for s in graph.subjects(RDF.type, AM.Speaker)}
    speaker_iris.update(s for _, who in argument.nodes(data="speakers") for s in who)
    names = {s: _label(graph, URIRef(s)) for s in speaker_iris}
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
    ranked = sorted(speakers.values(), key=lambda s: (-s.claims, -(s.attacks_made + s.attacks_received), s.name))
    debates = debates_in(graph)
    return Report(
        claims=claims,
        speakers=ranked,
        semantics=semantics,
        camps=[sorted(names[s] for s in camp) for camp in camps.camps],
        unaligned=sorted(names[s] for s in camps.unaligned),
        frustration=camps.frustration,
        ties=camps.ties,
        title="; ".join(_label(graph, d) for d in debates) if len(debates) <= 3 else f"{len(debates)} debates merged",
        counts=summary(graph),
        extensions={s: count_extensions(af, s) for s in semantics if s != "grounded"},
    )


CAMP_BASE = "https://w3id.org/argmap/id/"
STATUS_TERMS = {"grounded": AM.groundedStatus, "preferred": AM.preferredStatus, "stable": AM.stableStatus}
STATUS_LITERALS = {label: Literal(label) for label in (IN, OUT, UNDEC)}
CLAIM_SCORE_TERMS = (AM.strength, AM.pagerank, AM.betweenness, AM.controversy)
SCORE_TERMS = (*CLAIM_SCORE_TERMS, AM.inShare, AM.inCamp)


@lru_cache(maxsize=1 << 16)
def decimal_literal(value: float) -> Literal:
    """``value`` as an xsd:decimal literal, every digit of its shortest repr, no exponent (cached:
    most scores repeat, such as 0 and 0.5)."""
    return Literal(format(Decimal(repr(float(value))), "f"), datatype=XSD.decimal)


def camp_scope(graph: Graph) -> str:
    """The id under which camps are minted: the debate's own id, or ``merged`` for several debates."""
    debates = debates_in(graph)
    local = graph.value(debates[0], AM.localId) if len(debates) == 1 else None
    return quote(str(local), safe="") if local is not None else "merged"


def annotate(graph: Graph, semantics: Iterable[str] = ("grounded",), report: Report | None = None) -> Graph:
    """Write the analysis into ``graph`` (in place) and return it, so SPARQL can ask for it.

    Per claim: ``am:groundedStatus`` / ``am:preferredStatus`` / ``am:stableStatus`` ("IN", "OUT" or
    "UNDEC", for each of ``semantics``), and ``am:strength``, ``am:pagerank``, ``am:betweenness``,
    ``am:controversy`` (xsd:decimal). Per speaker: ``am:inShare`` (xsd:decimal, with claims) and
    ``am:inCamp`` -> an ``am:Camp`` (every speaker ``owl:sameAs`` another gets the same; IRI ``https://w3id.org/argmap/id/<debate or merged>/camp/<n>``,
    labelled "Camp <n>"), camps gathered by an ``am:CampPartition`` (``.../camps``) with
    ``am:hasCamp``, ``am:frustration`` and ``am:balanceIndex``. Values from an earlier call are
    replaced. ``report`` reuses an :func:`analyze` result made with the same ``semantics``.
    """
    semantics = tuple(dict.fromkeys(semantics))
    report = report if report is not None else analyze(graph, semantics)
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
    for iri, canonical in speaker_identities(graph).items():
        aliases.setdefault(canonical, []).append(iri)
    for s in report.speakers:
        for node in map(URIRef, aliases.get(s.iri, [s.iri])):
            if s.camp is not None:
                triples.append((node, AM.inCamp, URIRef(f"{base}/camp/{s.camp}")))
            if s.in_share is not None:
                triples.append((node, AM.inShare, decimal_literal(s.in_share)))
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


def summary(graph: Graph) -> dict[str, int]:
    """Counts of the debate's parts: speakers, claims, locutions, supports, attacks, undercuts, rephrases."""
    counts = {
        "speakers": len(set(graph.subjects(RDF.type, AM.Speaker))),
        "claims": len(set(graph.subjects(RDF.type, AM.Claim))),
        "locutions": len(set(graph.subjects(RDF.type, AM.Locution))),
    }
    for name, cls in RELATION_CLASSES.items():
        counts[name] = len(set(graph.subjects(RDF.type, cls)))
    return counts


def report_text(report: Report, top: int = 10) -> str:
    """The report as aligned plain text (:func:`argmap.graph.report.render_text`)."""
    return render_text(report, top)
