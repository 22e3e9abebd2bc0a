"""Debates as RDF: build triples from a :class:`Debate`, and read a debate back from triples.

IRIs are deterministic, made from the debate id and each item's local id, so building the same
input twice gives the same triples (and byte-identical sorted N-Triples).
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from decimal import Decimal
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, PROV, SKOS

from argmap.graph.model import Claim, Debate, Issue, Locution, Relation, Source, Speaker, Suggestion

AM = Namespace("https://w3id.org/argmap/ns#")
ID_BASE = "https://w3id.org/argmap/id/"

PREFIXES: dict[str, Namespace] = {
    "am": AM, "rdf": Namespace(str(RDF)), "rdfs": Namespace(str(RDFS)), "xsd": Namespace(str(XSD)),
    "skos": Namespace(str(SKOS)), "foaf": Namespace(str(FOAF)),
}

SPEAKER_CLASSES = {"person": AM.Person, "organisation": AM.Organisation, "group": AM.Group}
RELATION_CLASSES = {"supports": AM.Support, "attacks": AM.Attack, "undercuts": AM.Undercut, "rephrases": AM.Rephrase}
RELATION_SHORTCUTS = {"supports": AM.supports, "attacks": AM.attacks, "undercuts": AM.undercuts, "rephrases": AM.rephrases}
STANCE_TERMS = {"pro": AM.Pro, "con": AM.Con}


def debate_iri(debate_id: str) -> URIRef:
    """The IRI of a debate."""
    return URIRef(ID_BASE + quote(debate_id, safe=""))


def item_iri(debate_id: str, kind: str, local_id: str) -> URIRef:
    """The IRI of an item (``kind`` is source, speaker, issue, claim, locution or relation) in a debate."""
    return URIRef(f"{ID_BASE}{quote(debate_id, safe='')}/{kind}/{quote(local_id, safe='')}")


def new_graph() -> Graph:
    """An empty rdflib graph with argmap's prefixes bound."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def debate_to_rdf(debate: Debate, graph: Graph | None = None) -> Graph:  # noqa: C901 (to split)
    """Add the triples of ``debate`` to ``graph`` (a new graph if None) and return it."""
    g = graph if graph is not None else new_graph()
    d = debate.id
    node = debate_iri(d)
    triples: list[tuple] = [(node, RDF.type, AM.Debate), (node, AM.localId, Literal(d)), (node, RDFS.label, Literal(debate.title))]
    if debate.description:
        triples.append((node, AM.description, Literal(debate.description)))

    def item(kind: str, local_id: str, order: int, *types: URIRef) -> URIRef:
        iri = item_iri(d, kind, local_id)
        triples.extend((iri, RDF.type, t) for t in types)
        triples.extend([(iri, AM.inDebate, node), (iri, AM.localId, Literal(local_id)), (iri, AM.order, Literal(order))])
        return iri

    def optional(subject: URIRef, predicate: URIRef, value: object, datatype: URIRef | None = None) -> None:
        if value is not None:
            triples.append((subject, predicate, Literal(value, datatype=datatype)))

    for n, s in enumerate(debate.sources):
        iri = item("source", s.id, n, AM.Source)
        triples.append((iri, RDFS.label, Literal(s.title)))
        optional(iri, AM.url, s.url, XSD.anyURI)
        optional(iri, AM.publisher, s.publisher)
        optional(iri, AM.author, s.author)
        optional(iri, AM.date, s.date.isoformat() if s.date else None, XSD.date)
        optional(iri, AM.localPath, s.path)
    for n, sp in enumerate(debate.speakers):
        iri = item("speaker", sp.id, n, AM.Speaker, SPEAKER_CLASSES[sp.kind])
        triples.append((iri, RDFS.label, Literal(sp.name)))
        triples.append((iri, FOAF.name, Literal(sp.name)))
        optional(iri, AM.description, sp.description)
        triples.extend((iri, AM.alias, Literal(a)) for a in sp.aliases)
    for n, issue in enumerate(debate.issues):
        iri = item("issue", issue.id, n, AM.Issue)
        triples.append((iri, RDFS.label, Literal(issue.title)))
        triples.append((iri, SKOS.inScheme, node))
        if issue.parent:
            triples.append((iri, AM.subIssueOf, item_iri(d, "issue", issue.parent)))
    for n, claim in enumerate(debate.claims):
        iri = item("claim", claim.id, n, AM.Claim)
        triples.append((iri, AM.text, Literal(claim.text)))
        if claim.issue:
            triples.append((iri, AM.onIssue, item_iri(d, "issue", claim.issue)))
        if claim.stance:
            triples.append((iri, AM.stance, STANCE_TERMS[claim.stance]))
        triples += suggestion_triples(d, iri, claim.suggested)
        for k, loc in enumerate(claim.locutions, start=1):
            loc_iri = item("locution", f"{claim.id}.{k}", k, AM.Locution)
            speaker = item_iri(d, "speaker", loc.speaker)
            triples += [
                (iri, AM.hasLocution, loc_iri),
                (loc_iri, AM.speaker, speaker),
                (loc_iri, AM.source, item_iri(d, "source", loc.source)),
                (loc_iri, AM.quote, Literal(loc.quote)),
                (speaker, AM.asserts, iri),
            ]
            optional(loc_iri, AM.startOffset, loc.start, XSD.nonNegativeInteger)
            optional(loc_iri, AM.endOffset, loc.end, XSD.nonNegativeInteger)
            optional(loc_iri, AM.confidence, None if loc.confidence is None else decimal_lexical(loc.confidence), XSD.decimal)
    for n, rel in enumerate(debate.relations):
        iri = item("relation", rel.id, n, AM.Relation, RELATION_CLASSES[rel.type])
        source, target = item_iri(d, "claim", rel.source), item_iri(d, "claim", rel.target)
        triples += [(iri, AM["from"], source), (iri, AM.to, target), (source, RELATION_SHORTCUTS[rel.type], target)]
        if rel.by:
            triples.append((iri, AM.drawnBy, item_iri(d, "speaker", rel.by)))
        optional(iri, AM.note, rel.note)
        triples += suggestion_triples(d, iri, rel.suggested)
    for triple in triples:
        g.add(triple)
    return g


# --- drafting suggestions (issue 15) -------------------------------------------------------------


def activity_iri(debate_id: str, suggestion: Suggestion) -> URIRef:
    """The IRI of the drafting activity (one per method, model and version) that made a suggestion."""
    return item_iri(debate_id, "activity", "/".join((suggestion.method, suggestion.model or "-", suggestion.version or "-")))


def suggestion_triples(debate_id: str, item: URIRef, suggestion: Suggestion | None) -> list[tuple]:
    """The triples saying that ``item`` (a claim or relation) is an unreviewed suggestion.

    The item carries its ``am:suggestionConfidence``, ``am:evidence`` and ``am:flag`` values and is
    ``prov:wasGeneratedBy`` an ``am:Drafting`` activity that names its method, model and version.
    """
    if suggestion is None:
        return []
    activity = activity_iri(debate_id, suggestion)
    triples: list[tuple] = [
        (item, PROV.wasGeneratedBy, activity),
        (item, AM.suggestionConfidence, Literal(decimal_lexical(suggestion.confidence), datatype=XSD.decimal)),
        (activity, RDF.type, AM.Drafting), (activity, RDF.type, PROV.Activity), (activity, AM.method, Literal(suggestion.method)),
    ]
    triples += [(item, AM.flag, Literal(flag)) for flag in suggestion.flags]
    for predicate, value in ((AM.evidence, suggestion.evidence), (AM.model, suggestion.model), (AM.softwareVersion, suggestion.version)):
        if value is not None:
            triples.append((activity if predicate != AM.evidence else item, predicate, Literal(value)))
    return triples


def read_suggestion(graph: Graph, item: URIRef) -> Suggestion | None:
    """The unreviewed suggestion ``item`` carries (inverse of :func:`suggestion_triples`), or None."""
    activity, confidence = graph.value(item, PROV.wasGeneratedBy), graph.value(item, AM.suggestionConfidence)
    if activity is None or confidence is None or (activity, RDF.type, AM.Drafting) not in graph:
        return None
    return Suggestion(
        confidence=float(str(confidence)), method=str(graph.value(activity, AM.method)), evidence=_str(graph.value(item, AM.evidence)),
        model=_str(graph.value(activity, AM.model)), version=_str(graph.value(activity, AM.softwareVersion)),
        flags=sorted(str(f) for f in graph.objects(item, AM.flag)),
    )


def decimal_lexical(value: float) -> str:
    """The xsd:decimal lexical form of ``value``: three decimals when that is exact, else every digit.

    ``float(decimal_lexical(x)) == x`` for every finite ``x``, so a confidence survives a round trip.
    """
    fixed = f"{value:.3f}"
    return fixed if float(fixed) == value else format(Decimal(repr(value)), "f")


def debates_in(graph: Graph) -> list[URIRef]:
    """The IRIs of the debates a graph holds, sorted."""
    return sorted(s for s in graph.subjects(RDF.type, AM.Debate) if isinstance(s, URIRef))


def _local(graph: Graph, node: URIRef) -> str:
    value = graph.value(node, AM.localId)
    if value is None:
        raise ValueError(f"{node} has no am:localId")
    return str(value)


def _sorted_items(graph: Graph, debate: URIRef, cls: URIRef) -> list[URIRef]:
    items = set(graph.subjects(RDF.type, cls)) & set(graph.subjects(AM.inDebate, debate))
    return sorted(items, key=lambda n: _order_key(graph, n))


def _order_key(graph: Graph, node: URIRef) -> tuple[int, str]:
    order = graph.value(node, AM.order)
    return (int(order) if order is not None else 0, _local(graph, node))


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def rdf_to_debate(graph: Graph, debate: URIRef | None = None) -> Debate:
    """Read one debate back out of ``graph`` (the only one if ``debate`` is None).

    The inverse of :func:`debate_to_rdf`: items come back in the order of their ``am:order``.
    """
    if debate is None:
        found = debates_in(graph)
        if len(found) != 1:
            raise ValueError(f"the graph holds {len(found)} debates; name one")
        debate = found[0]
    g = graph
    result = Debate(id=_local(g, debate), title=str(g.value(debate, RDFS.label)), description=_str(g.value(debate, AM.description)))
    kinds = {v: k for k, v in SPEAKER_CLASSES.items()}
    for s in _sorted_items(g, debate, AM.Source):
        date = g.value(s, AM.date)
        result.sources.append(
            Source(
                id=_local(g, s), title=str(g.value(s, RDFS.label)), url=_str(g.value(s, AM.url)),
                publisher=_str(g.value(s, AM.publisher)), author=_str(g.value(s, AM.author)),
                date=_dt.date.fromisoformat(str(date)) if date is not None else None, path=_str(g.value(s, AM.localPath)),
            )
        )
    for sp in _sorted_items(g, debate, AM.Speaker):
        kind = next((kinds[t] for t in g.objects(sp, RDF.type) if t in kinds), "person")
        result.speakers.append(
            Speaker(id=_local(g, sp), name=str(g.value(sp, RDFS.label)), kind=kind,
                    description=_str(g.value(sp, AM.description)), aliases=sorted(str(a) for a in g.objects(sp, AM.alias)))
        )
    for issue in _sorted_items(g, debate, AM.Issue):
        parent = g.value(issue, AM.subIssueOf)
        result.issues.append(Issue(id=_local(g, issue), title=str(g.value(issue, RDFS.label)),
                                   parent=_local(g, parent) if parent is not None else None))
    stances = {v: k for k, v in STANCE_TERMS.items()}
    for c in _sorted_items(g, debate, AM.Claim):
        issue = g.value(c, AM.onIssue)
        claim = Claim(id=_local(g, c), text=str(g.value(c, AM.text)), issue=_local(g, issue) if issue is not None else None,
                      stance=stances.get(g.value(c, AM.stance)), suggested=read_suggestion(g, c))
        locutions = sorted(g.objects(c, AM.hasLocution), key=lambda n: _locution_number(g, n))
        claim.locutions = [_read_locution(g, loc) for loc in locutions]
        result.claims.append(claim)
    types = {v: k for k, v in RELATION_CLASSES.items()}
    for r in _sorted_items(g, debate, AM.Relation):
        rtype = next(types[t] for t in g.objects(r, RDF.type) if t in types)
        by = g.value(r, AM.drawnBy)
        result.relations.append(
            Relation(source=_local(g, g.value(r, AM["from"])), target=_local(g, g.value(r, AM.to)), type=rtype,
                     by=_local(g, by) if by is not None else None, note=_str(g.value(r, AM.note)),
                     suggested=read_suggestion(g, r))
        )
    return result


def _locution_number(graph: Graph, node: URIRef) -> int:
    return int(_local(graph, node).rsplit(".", 1)[1])


def _read_locution(g: Graph, loc: URIRef) -> Locution:
    start, end, confidence = g.value(loc, AM.startOffset), g.value(loc, AM.endOffset), g.value(loc, AM.confidence)
    return Locution(
        speaker=_local(g, g.value(loc, AM.speaker)), source=_local(g, g.value(loc, AM.source)), quote=str(g.value(loc, AM.quote)),
        start=int(start) if start is not None else None, end=int(end) if end is not None else None,
        confidence=float(confidence) if confidence is not None else None,
    )


def sorted_ntriples(graph: Graph) -> str:
    """The graph as N-Triples, lines sorted: byte-identical for equal graphs without blank nodes."""
    lines = graph.serialize(format="nt").splitlines()
    return "\n".join(sorted(line for line in lines if line.strip())) + "\n"


def triples_of(graphs: Iterable[Graph]) -> Graph:
    """One graph holding the union of ``graphs``, with argmap's prefixes bound."""
    out = new_graph()
    for g in graphs:
        for t in g:
            out.add(t)
    return out
