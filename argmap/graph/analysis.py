"""Analysis over networkx graphs projected from the RDF (never from a debate file).

``argument_graph`` projects claims and their relations; the measures below are small functions
over it, each stating what it computes.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx
from rdflib import RDF, RDFS, Graph, URIRef

from argmap.graph.rdf import AM, RELATION_CLASSES, STANCE_TERMS

RELATION_TYPE_OF = {cls: name for name, cls in RELATION_CLASSES.items()}
STANCE_OF = {term: name for name, term in STANCE_TERMS.items()}
ATTACK_TYPES = frozenset({"attacks", "undercuts"})


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
    the relation IRI, with ``type`` (supports, attacks, undercuts, rephrases) and ``by``.
    """
    g = nx.MultiDiGraph()
    for claim in sorted(graph.subjects(RDF.type, AM.Claim)):
        issue, stance = graph.value(claim, AM.onIssue), graph.value(claim, AM.stance)
        g.add_node(
            str(claim),
            text=str(graph.value(claim, AM.text)),
            issue=str(issue) if issue is not None else None,
            stance=STANCE_OF.get(stance),
            speakers=[str(s) for s in speakers_of(graph, claim)],
            debate=str(graph.value(claim, AM.inDebate)),
        )
    for relation in sorted(graph.subjects(RDF.type, AM.Relation)):
        rtype = next((RELATION_TYPE_OF[t] for t in graph.objects(relation, RDF.type) if t in RELATION_TYPE_OF), None)
        source, target = graph.value(relation, AM["from"]), graph.value(relation, AM.to)
        if rtype is None or source is None or target is None:
            continue
        by = graph.value(relation, AM.drawnBy)
        g.add_edge(str(source), str(target), key=str(relation), type=rtype, by=str(by) if by is not None else None)
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


@dataclass
class ClaimStats:
    """What the analysis says of one claim."""

    iri: str
    text: str
    speakers: list[str]
    supporters: list[str]
    attackers: list[str]
    pagerank: float


@dataclass
class SpeakerStats:
    """What the analysis says of one speaker."""

    iri: str
    name: str
    claims: int
    supports_made: int = 0
    supports_received: int = 0
    attacks_made: int = 0
    attacks_received: int = 0
    attacks_on: Counter = field(default_factory=Counter)


@dataclass
class Report:
    """The spine's analysis: claims ranked by PageRank, speakers ranked by claims asserted."""

    claims: list[ClaimStats]
    speakers: list[SpeakerStats]


def analyze(graph: Graph) -> Report:
    """Rank claims (supporters, attackers, PageRank) and speakers (claims, attacks made and received).

    An attack made by a speaker is an attack or undercut whose ``from`` claim that speaker
    asserts; an attack received targets a claim the speaker asserts. Supports likewise.
    """
    argument = argument_graph(graph)
    rank = claim_pagerank(argument)
    names = {str(s): _label(graph, s) for s in graph.subjects(RDF.type, AM.Speaker)}
    claims = [
        ClaimStats(
            iri=c,
            text=data["text"],
            speakers=[names.get(s, s) for s in data["speakers"]],
            supporters=relations_into(argument, c, frozenset({"supports"})),
            attackers=relations_into(argument, c, ATTACK_TYPES),
            pagerank=rank.get(c, 0.0),
        )
        for c, data in argument.nodes(data=True)
    ]
    claims.sort(key=lambda c: (-c.pagerank, c.iri))
    speakers = {
        iri: SpeakerStats(iri=iri, name=name, claims=sum(1 for _, d in argument.nodes(data=True) if iri in d["speakers"]))
        for iri, name in names.items()
    }
    for u, v, data in argument.edges(data=True):
        made = "attacks" if data["type"] in ATTACK_TYPES else "supports" if data["type"] == "supports" else None
        if made is None:
            continue
        for s in argument.nodes[u]["speakers"]:
            setattr(speakers[s], f"{made}_made", getattr(speakers[s], f"{made}_made") + 1)
            if made == "attacks":
                speakers[s].attacks_on.update(names.get(t, t) for t in argument.nodes[v]["speakers"] if t != s)
        for s in argument.nodes[v]["speakers"]:
            setattr(speakers[s], f"{made}_received", getattr(speakers[s], f"{made}_received") + 1)
    ranked = sorted(speakers.values(), key=lambda s: (-s.claims, -(s.attacks_made + s.attacks_received), s.name))
    return Report(claims=claims, speakers=ranked)


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
    """The report as aligned plain text: speakers ranked, then the ``top`` claims by PageRank."""
    lines = ["Speakers", "--------"]
    header = f"{'speaker':<28} {'claims':>6} {'supports':>9} {'attacks':>8} {'attacked':>9}  attacks most"
    lines.append(header)
    for s in report.speakers:
        most = ", ".join(f"{name} ({n})" for name, n in sorted(s.attacks_on.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
        lines.append(f"{s.name[:28]:<28} {s.claims:>6} {s.supports_made:>9} {s.attacks_made:>8} {s.attacks_received:>9}  {most}")
    lines += ["", f"Claims the debate turns on (top {min(top, len(report.claims))} by PageRank)", "-" * 48]
    lines.append(f"{'rank':>4} {'pagerank':>8} {'sup':>3} {'att':>3}  claim (asserted by)")
    for i, c in enumerate(report.claims[:top], start=1):
        text = c.text if len(c.text) <= 90 else c.text[:89] + "…"
        lines.append(f"{i:>4} {c.pagerank:>8.4f} {len(c.supporters):>3} {len(c.attackers):>3}  {text} ({', '.join(c.speakers)})")
    return "\n".join(lines) + "\n"
