"""Debates as RDF: build triples from a :class:`Debate`, and read a debate back from triples.

IRIs are deterministic, made from the debate id and each item's local id, so building the same
input twice gives the same triples (and byte-identical sorted N-Triples).
"""
from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, PROV, SKOS
from rdflib.term import Node

from argmap.graph.model import Claim, Debate, Issue, Locution, Relation, Source, Speaker, Suggestion
from argmap.graph.terms import AM, INSTANCES, LABELS, SUBCLASSES

ID_BASE = "https://w3id.org/argmap/id/"

PREFIXES: dict[str, Namespace] = {
    "am": Namespace(str(AM)), "rdf": Namespace(str(RDF)), "rdfs": Namespace(str(RDFS)), "xsd": Namespace(str(XSD)),
    "skos": Namespace(str(SKOS)), "foaf": Namespace(str(FOAF)),
}

#: A speaker's ``kind`` in a debate file -> its class: the subclasses of am:Speaker, by label.
SPEAKER_CLASSES: dict[str, URIRef] = {LABELS[cls].lower(): cls for cls in SUBCLASSES[AM.Speaker]}
#: A relation's ``type`` in a debate file -> its class (one of am:Relation's subclasses).
RELATION_CLASSES: dict[str, URIRef] = {"supports": AM.Support, "attacks": AM.Attack, "undercuts": AM.Undercut, "rephrases": AM.Rephrase}
#: A relation's ``type`` -> the claim-to-claim shortcut property of the same name (``am:supports``...).
RELATION_SHORTCUTS: dict[str, URIRef] = {name: AM[name] for name in RELATION_CLASSES}
#: A claim's ``stance`` in a debate file -> its am:Stance individual, by label.
STANCE_TERMS: dict[str, URIRef] = {LABELS[term]: term for term in INSTANCES[AM.Stance]}
#: The same tables read the other way: class or individual -> the debate file's word for it.
SPEAKER_KIND_OF: dict[Node, str] = {cls: kind for kind, cls in SPEAKER_CLASSES.items()}
RELATION_TYPE_OF: dict[Node, str] = {cls: name for name, cls in RELATION_CLASSES.items()}
STANCE_OF: dict[Node, str] = {term: name for name, term in STANCE_TERMS.items()}


def debate_iri(debate_id: str) -> URIRef:
    """The IRI of a debate: :data:`ID_BASE` and the debate id, percent-encoded.

    Examples
    --------
    >>> str(debate_iri("mini"))
    'https://w3id.org/argmap/id/mini'
    """
    return URIRef(ID_BASE + quote(debate_id, safe=""))


def item_iri(debate_id: str, kind: str, local_id: str) -> URIRef:
    """The IRI of an item of a debate.

    Parameters
    ----------
    debate_id : str
        The debate's id.
    kind : str
        source, speaker, issue, claim, locution or relation (imported maps add transition).
    local_id : str
        The item's id in its debate file, percent-encoded in the IRI.

    Examples
    --------
    >>> str(item_iri("mini", "claim", "ana footfall"))
    'https://w3id.org/argmap/id/mini/claim/ana%20footfall'
    """
    return URIRef(f"{ID_BASE}{quote(debate_id, safe='')}/{kind}/{quote(local_id, safe='')}")


def new_graph() -> Graph:
    """An empty rdflib graph with argmap's prefixes (:data:`PREFIXES`) bound.

    Examples
    --------
    >>> dict(new_graph().namespaces())["am"] == URIRef(str(AM))
    True
    """
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def debate_to_rdf(debate: Debate, graph: Graph | None = None) -> Graph:
    """Add the triples of ``debate`` to ``graph`` and return it.

    Parameters
    ----------
    debate : Debate
        The debate, as :func:`argmap.graph.formats.yaml.read_debate_yaml` reads it.
    graph : rdflib.Graph, optional
        The graph to add to; a new one with argmap's prefixes (:func:`new_graph`) if None.

    Returns
    -------
    rdflib.Graph
        ``graph``: the debate, each source, speaker, issue, claim, locution and relation as a node
        typed with its argmap class, with the debate-file order kept in ``am:order``, and each
        relation also as its shortcut triple (``claim am:attacks claim``).

    Examples
    --------
    >>> from argmap.graph.formats.yaml import read_debate_yaml
    >>> debate, _ = read_debate_yaml("tests/fixtures/mini.yaml")
    >>> graph = debate_to_rdf(debate)
    >>> (item_iri("mini", "claim", "ben-deliveries"), AM.attacks, item_iri("mini", "claim", "ana-footfall")) in graph
    True
    """
    triples = _DebateTriples(debate.id)
    triples.add((triples.node, RDF.type, AM.Debate), (triples.node, AM.localId, Literal(debate.id)), (triples.node, RDFS.label, Literal(debate.title)))
    triples.optional(triples.node, AM.description, debate.description)
    for n, source in enumerate(debate.sources):
        _add_source(triples, source, n)
    for n, speaker in enumerate(debate.speakers):
        _add_speaker(triples, speaker, n)
    for n, issue in enumerate(debate.issues):
        _add_issue(triples, issue, n)
    for n, claim in enumerate(debate.claims):
        _add_claim(triples, claim, n)
    for n, relation in enumerate(debate.relations):
        _add_relation(triples, relation, n)
    g = graph if graph is not None else new_graph()
    for triple in triples.triples:
        g.add(triple)
    return g


class _DebateTriples:
    """The triples of one debate, collected in the order :func:`debate_to_rdf` makes them."""

    def __init__(self, debate_id: str):
        self.debate_id = debate_id
        self.node = debate_iri(debate_id)
        self.triples: list[tuple[URIRef, URIRef, Node]] = []

    def add(self, *triples: tuple[URIRef, URIRef, Node]) -> None:
        self.triples.extend(triples)

    def iri(self, kind: str, local_id: str) -> URIRef:
        return item_iri(self.debate_id, kind, local_id)

    def item(self, kind: str, local_id: str, order: int, *types: URIRef) -> URIRef:
        """A new item of the debate: its types, its debate, its local id and its position."""
        iri = self.iri(kind, local_id)
        self.add(*((iri, RDF.type, t) for t in types))
        self.add((iri, AM.inDebate, self.node), (iri, AM.localId, Literal(local_id)), (iri, AM.order, Literal(order)))
        return iri

    def optional(self, subject: URIRef, predicate: URIRef, value: object, datatype: URIRef | None = None) -> None:
        """A literal triple when ``value`` is not None."""
        if value is not None:
            self.add((subject, predicate, Literal(value, datatype=datatype)))


def _add_source(t: _DebateTriples, source: Source, n: int) -> None:
    iri = t.item("source", source.id, n, AM.Source)
    t.add((iri, RDFS.label, Literal(source.title)))
    t.optional(iri, AM.url, source.url, XSD.anyURI)
    t.optional(iri, AM.publisher, source.publisher)
    t.optional(iri, AM.author, source.author)
    t.optional(iri, AM.date, source.date.isoformat() if source.date else None, XSD.date)
    t.optional(iri, AM.localPath, source.path)


def _add_speaker(t: _DebateTriples, speaker: Speaker, n: int) -> None:
    iri = t.item("speaker", speaker.id, n, AM.Speaker, SPEAKER_CLASSES[speaker.kind])
    t.add((iri, RDFS.label, Literal(speaker.name)), (iri, FOAF.name, Literal(speaker.name)))
    t.optional(iri, AM.description, speaker.description)
    t.add(*((iri, AM.alias, Literal(a)) for a in speaker.aliases))


def _add_issue(t: _DebateTriples, issue: Issue, n: int) -> None:
    iri = t.item("issue", issue.id, n, AM.Issue)
    t.add((iri, RDFS.label, Literal(issue.title)), (iri, SKOS.inScheme, t.node))
    if issue.parent:
        t.add((iri, AM.subIssueOf, t.iri("issue", issue.parent)))


def _add_claim(t: _DebateTriples, claim: Claim, n: int) -> None:
    iri = t.item("claim", claim.id, n, AM.Claim)
    t.add((iri, AM.text, Literal(claim.text)))
    if claim.issue:
        t.add((iri, AM.onIssue, t.iri("issue", claim.issue)))
    if claim.stance:
        t.add((iri, AM.stance, STANCE_TERMS[claim.stance]))
    t.add(*suggestion_triples(t.debate_id, iri, claim.suggested))
    for k, locution in enumerate(claim.locutions, start=1):
        _add_locution(t, iri, f"{claim.id}.{k}", k, locution)


def _add_locution(t: _DebateTriples, claim: URIRef, local_id: str, k: int, locution: Locution) -> None:
    iri = t.item("locution", local_id, k, AM.Locution)
    speaker = t.iri("speaker", locution.speaker)
    t.add((claim, AM.hasLocution, iri), (iri, AM.speaker, speaker), (iri, AM.source, t.iri("source", locution.source)),
          (iri, AM.quote, Literal(locution.quote)), (speaker, AM.asserts, claim))
    t.optional(iri, AM.startOffset, locution.start, XSD.nonNegativeInteger)
    t.optional(iri, AM.endOffset, locution.end, XSD.nonNegativeInteger)
    t.optional(iri, AM.confidence, None if locution.confidence is None else decimal_lexical(locution.confidence), XSD.decimal)


def _add_relation(t: _DebateTriples, relation: Relation, n: int) -> None:
    iri = t.item("relation", relation.id, n, AM.Relation, RELATION_CLASSES[relation.type])
    source, target = t.iri("claim", relation.source), t.iri("claim", relation.target)
    t.add((iri, AM["from"], source), (iri, AM.to, target), (source, RELATION_SHORTCUTS[relation.type], target))
    if relation.by:
        t.add((iri, AM.drawnBy, t.iri("speaker", relation.by)))
    t.optional(iri, AM.note, relation.note)
    t.add(*suggestion_triples(t.debate_id, iri, relation.suggested))


# --- drafting suggestions (issue 15) -------------------------------------------------------------


def activity_iri(debate_id: str, suggestion: Suggestion) -> URIRef:
    """The IRI of the drafting activity (one per method, model and version) that made a suggestion.

    Examples
    --------
    >>> from argmap.graph.model import Suggestion
    >>> str(activity_iri("mini", Suggestion(confidence=0.8, method="similarity")))
    'https://w3id.org/argmap/id/mini/activity/similarity%2F-%2F-'
    >>> str(activity_iri("mini", Suggestion(confidence=0.6, method="llm", model="qwen2.5", version="1")))
    'https://w3id.org/argmap/id/mini/activity/llm%2Fqwen2.5%2F1'
    """
    return item_iri(debate_id, "activity", "/".join((suggestion.method, suggestion.model or "-", suggestion.version or "-")))


def suggestion_triples(debate_id: str, item: URIRef, suggestion: Suggestion | None) -> list[tuple]:
    """The triples saying that ``item`` (a claim or relation) is an unreviewed suggestion.

    The item carries its ``am:suggestionConfidence``, ``am:evidence`` and ``am:flag`` values and is
    ``prov:wasGeneratedBy`` an ``am:Drafting`` activity that names its method, model and version.

    Examples
    --------
    >>> from argmap.graph.model import Suggestion
    >>> suggestion = Suggestion(confidence=0.8, method="similarity", evidence="shares 4 content words", flags=["weak"])
    >>> triples = suggestion_triples("mini", item_iri("mini", "relation", "r1"), suggestion)
    >>> sorted(str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for _, p, _ in triples)
    ['evidence', 'flag', 'method', 'suggestionConfidence', 'type', 'type', 'wasGeneratedBy']
    >>> suggestion_triples("mini", item_iri("mini", "relation", "r1"), None)
    []
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


def read_suggestion(graph: Graph, item: Node) -> Suggestion | None:
    """The unreviewed suggestion ``item`` carries (inverse of :func:`suggestion_triples`), or None.

    Examples
    --------
    >>> from argmap.graph.model import Suggestion
    >>> suggestion = Suggestion(confidence=0.8, method="similarity", evidence="shares 4 content words", flags=["weak"])
    >>> item = item_iri("mini", "relation", "r1")
    >>> graph = Graph()
    >>> _ = graph.addN((s, p, o, graph) for s, p, o in suggestion_triples("mini", item, suggestion))
    >>> read_suggestion(graph, item) == suggestion, read_suggestion(graph, item_iri("mini", "relation", "r2"))
    (True, None)
    """
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

    Examples
    --------
    >>> decimal_lexical(0.9), decimal_lexical(0.12345)
    ('0.900', '0.12345')
    """
    fixed = f"{value:.3f}"
    return fixed if float(fixed) == value else format(Decimal(repr(value)), "f")


def debates_in(graph: Graph) -> list[URIRef]:
    """The IRIs of the debates (``am:Debate``) a graph holds, sorted.

    Examples
    --------
    >>> from argmap import load
    >>> [str(d) for d in debates_in(load("tests/fixtures/mini.yaml"))]
    ['https://w3id.org/argmap/id/mini']
    """
    return sorted(s for s in graph.subjects(RDF.type, AM.Debate) if isinstance(s, URIRef))


def _local(graph: Graph, node: Node | None) -> str:
    value = graph.value(node, AM.localId) if node is not None else None
    if value is None:
        raise ValueError(f"{node} has no am:localId")
    return str(value)


def _sorted_items(graph: Graph, debate: URIRef, cls: URIRef) -> list[Node]:
    items = set(graph.subjects(RDF.type, cls)) & set(graph.subjects(AM.inDebate, debate))
    return sorted(items, key=lambda n: _order_key(graph, n))


def _order_key(graph: Graph, node: Node) -> tuple[int, str]:
    order = graph.value(node, AM.order)
    return (int(str(order)) if order is not None else 0, _local(graph, node))


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def rdf_to_debate(graph: Graph, debate: URIRef | None = None) -> Debate:
    """Read one debate back out of ``graph`` (the only one if ``debate`` is None).

    The inverse of :func:`debate_to_rdf`: items come back in the order of their ``am:order``.

    Raises
    ------
    ValueError
        When ``debate`` is None and the graph holds no debate or several, or an item has no ``am:localId``.

    Examples
    --------
    >>> from argmap.graph.formats.yaml import read_debate_yaml
    >>> debate, _ = read_debate_yaml("tests/fixtures/mini.yaml")
    >>> rdf_to_debate(debate_to_rdf(debate)) == debate
    True
    """
    if debate is None:
        found = debates_in(graph)
        if len(found) != 1:
            raise ValueError(f"the graph holds {len(found)} debates; name one")
        debate = found[0]
    g = graph
    result = Debate(id=_local(g, debate), title=str(g.value(debate, RDFS.label)), description=_str(g.value(debate, AM.description)))
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
        kind = next((SPEAKER_KIND_OF[t] for t in g.objects(sp, RDF.type) if t in SPEAKER_KIND_OF), "person")
        result.speakers.append(
            Speaker(id=_local(g, sp), name=str(g.value(sp, RDFS.label)), kind=kind,
                    description=_str(g.value(sp, AM.description)), aliases=sorted(str(a) for a in g.objects(sp, AM.alias)))
        )
    for issue in _sorted_items(g, debate, AM.Issue):
        parent = g.value(issue, AM.subIssueOf)
        result.issues.append(Issue(id=_local(g, issue), title=str(g.value(issue, RDFS.label)),
                                   parent=_local(g, parent) if parent is not None else None))
    for c in _sorted_items(g, debate, AM.Claim):
        on_issue = g.value(c, AM.onIssue)
        claim = Claim(id=_local(g, c), text=str(g.value(c, AM.text)), issue=_local(g, on_issue) if on_issue is not None else None,
                      stance=_stance(g, c), suggested=read_suggestion(g, c))
        locutions = sorted(g.objects(c, AM.hasLocution), key=lambda n: _locution_number(g, n))
        claim.locutions = [_read_locution(g, loc) for loc in locutions]
        result.claims.append(claim)
    for r in _sorted_items(g, debate, AM.Relation):
        rtype = next(RELATION_TYPE_OF[t] for t in g.objects(r, RDF.type) if t in RELATION_TYPE_OF)
        by = g.value(r, AM.drawnBy)
        result.relations.append(
            Relation(source=_local(g, g.value(r, AM["from"])), target=_local(g, g.value(r, AM.to)), type=rtype,
                     by=_local(g, by) if by is not None else None, note=_str(g.value(r, AM.note)),
                     suggested=read_suggestion(g, r))
        )
    return result


def _stance(graph: Graph, claim: Node) -> str | None:
    stance = graph.value(claim, AM.stance)
    return STANCE_OF.get(stance) if stance is not None else None


def _locution_number(graph: Graph, node: Node) -> tuple[int, str]:
    """Where a locution comes among its claim's: ``<claim>.<n>`` by ``n``; other local ids (from
    AIF, ``l.<nodeID>``) after those, by id."""
    suffix = _local(graph, node).rsplit(".", 1)[-1]
    return (int(suffix), "") if suffix.isdigit() else (1 << 62, suffix)


def _read_locution(g: Graph, loc: Node) -> Locution:
    start, end, confidence = g.value(loc, AM.startOffset), g.value(loc, AM.endOffset), g.value(loc, AM.confidence)
    return Locution(
        speaker=_local(g, g.value(loc, AM.speaker)), source=_local(g, g.value(loc, AM.source)), quote=str(g.value(loc, AM.quote)),
        start=int(str(start)) if start is not None else None, end=int(str(end)) if end is not None else None,
        confidence=float(str(confidence)) if confidence is not None else None,
    )


def sorted_ntriples(graph: Graph) -> str:
    """The graph as N-Triples, lines sorted: byte-identical for equal graphs without blank nodes.

    Examples
    --------
    >>> graph = new_graph()
    >>> for name in ("b", "a"):
    ...     _ = graph.add((debate_iri(name), RDFS.label, Literal(name)))
    >>> print(sorted_ntriples(graph), end="")
    <https://w3id.org/argmap/id/a> <http://www.w3.org/2000/01/rdf-schema#label> "a" .
    <https://w3id.org/argmap/id/b> <http://www.w3.org/2000/01/rdf-schema#label> "b" .
    """
    lines = graph.serialize(format="nt").split("\n")  # not splitlines(): VT, FF, U+2028 are not line ends here
    return "\n".join(sorted(line for line in lines if line.strip())) + "\n"


def union_of(graphs: list[Graph]) -> Graph:
    """One graph holding the union of ``graphs``: the graph itself when there is one, else a new
    graph with argmap's prefixes bound.

    Examples
    --------
    >>> from pathlib import Path
    >>> from argmap.graph.formats import read_files
    >>> mini = read_files([Path("tests/fixtures/mini.yaml")])
    >>> union_of([mini]) is mini, len(union_of([mini, mini])) == len(mini)
    (True, True)
    """
    if len(graphs) == 1:
        return graphs[0]
    out = new_graph()
    for g in graphs:
        out += g
    return out
