"""The three views of a debate the map draws, projected from the RDF graph as networkx graphs.

- **who-argues-what**: speakers and claims; an ``asserts`` edge from each speaker to each claim
  they assert, and the relations (supports, attacks, undercuts, rephrases) between claims.
- **claims**: the argument graph alone (claims and the relations between them).
- **speakers**: the signed network between speakers (one edge per pair of speakers who interact;
  positive where they agree, negative where they attack each other), as the camps are found in.

Every view can be restricted to a part of the debate with :func:`select_claims` (an issue, a
speaker). Analysis results written back into the graph (``am:groundedStatus``, ``am:strength``,
``am:pagerank``, ``am:inCamp``) are carried on the nodes when present.

The views read an rdflib graph or, through :class:`Projections`, a store asked by SPARQL for the
few properties they show (:mod:`argmap.analysis.triples`), so a corpus is never copied into
rdflib. Speakers that are one person (:func:`argmap.analysis.speaker_identities`) are one node
unless ``merge_people`` is false.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import networkx as nx
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from argmap.analysis import claim_pagerank, merged_argument, ordered_subgraph
from argmap.analysis.camps import signed_speaker_network
from argmap.analysis.triples import Source, Triples, triples_of
from argmap.errors import ArgmapError
from argmap.graph.rdf import AM, SPEAKER_CLASSES

VIEWS = ("who-argues-what", "speakers", "claims")
SPEAKER_KIND: dict[Node, str] = {cls: kind for kind, cls in SPEAKER_CLASSES.items()}


class Projections:
    """The rdflib-graph reading methods the views use (``value``, ``objects``, ``subjects``, the
    transitive walks), answered from :class:`argmap.analysis.triples.Triples` projections: each
    predicate is read once, as one SPARQL projection of a store. It is itself a ``Triples``, so the
    analysis projections (:func:`argmap.analysis.argument_graph`) share what it has read.

    >>> from argmap.analysis.triples import GraphTriples
    >>> from argmap import load
    >>> reader = Projections(GraphTriples(load(["tests/fixtures/mini.yaml"])))
    >>> len(list(reader.subjects(RDF.type, AM.Speaker)))
    4
    """

    def __init__(self, triples: Triples):
        self.triples = triples
        self.derived: dict = getattr(triples, "derived", {})  # shared with the analysis: argmap.analysis.triples.kept
        self._forward: dict[URIRef, dict[Node, list[Node]]] = {}
        self._backward: dict[URIRef, dict[Node, list[Node]]] = {}

    def pairs(self, predicate: URIRef) -> Iterable[tuple[Node, Node]]:
        return self.triples.pairs(predicate)

    def instances(self, cls: URIRef) -> Iterable[Node]:
        return self.triples.instances(cls)

    def _column(self, predicate: URIRef, forward: bool = True) -> dict[Node, list[Node]]:
        columns = self._forward if forward else self._backward
        if predicate not in columns:
            column: dict[Node, list[Node]] = {}
            for s, o in self.triples.pairs(predicate):
                column.setdefault(s if forward else o, []).append(o if forward else s)
            columns[predicate] = column
        return columns[predicate]

    def value(self, subject: Node, predicate: URIRef) -> Node | None:
        found = self._column(predicate).get(subject)
        return found[0] if found else None

    def objects(self, subject: Node, predicate: URIRef) -> Iterator[Node]:
        return iter(self._column(predicate).get(subject, ()))

    def subjects(self, predicate: URIRef, obj: Node) -> Iterator[Node]:
        if predicate == RDF.type:
            return iter(self.triples.instances(obj))  # type: ignore[arg-type]
        return iter(self._column(predicate, forward=False).get(obj, ()))

    def _walk(self, start: Node, predicate: URIRef, forward: bool) -> Iterator[Node]:
        seen, todo = {start}, [start]
        while todo:
            node = todo.pop()
            yield node
            for nxt in self._column(predicate, forward).get(node, ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)

    def transitive_subjects(self, predicate: URIRef, obj: Node) -> Iterator[Node]:
        return self._walk(obj, predicate, forward=False)

    def transitive_objects(self, subject: Node, predicate: URIRef) -> Iterator[Node]:
        return self._walk(subject, predicate, forward=True)


Reader = Graph | Projections


def reader_of(source: Source) -> Reader:
    """What the views read ``source`` through: an rdflib graph itself, anything else (a store,
    projections) as :class:`Projections` (``source`` itself when it already is one).

    >>> from argmap import load
    >>> from argmap.analysis.triples import GraphTriples
    >>> graph = load("tests/fixtures/mini.yaml")
    >>> reader_of(graph) is graph, type(reader_of(GraphTriples(graph))).__name__
    (True, 'Projections')
    """
    if isinstance(source, (Graph, Projections)):
        return source
    return Projections(triples_of(source))


def _term_name(value: object) -> str:
    """The readable name of an RDF term: a literal's text, an IRI's last segment."""
    text = str(value)
    if isinstance(value, Literal):
        return text
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def labelled(graph: Reader, node: Node) -> str:
    """The name of ``node``: its rdfs:label, else its local id, else the last segment of its IRI.

    >>> from argmap import load
    >>> from argmap.graph.rdf import item_iri
    >>> graph = load("tests/fixtures/mini.yaml")
    >>> labelled(graph, item_iri("mini", "speaker", "ana")), labelled(graph, item_iri("mini", "claim", "ana-footfall"))
    ('Ana Ruiz', 'ana-footfall')
    """
    value = graph.value(node, RDFS.label) or graph.value(node, AM.localId)
    return str(value) if value is not None else _term_name(node)


def _number(graph: Reader, node: Node, predicate: URIRef) -> float | None:
    value = graph.value(node, predicate)
    try:
        return None if value is None else float(str(value))
    except ValueError:
        return None


def suggestion(graph: Reader, item: Node) -> dict | None:
    """What the map shows of an unreviewed suggestion (``argmap draft``) ``item`` carries: its
    ``confidence``, ``method`` and ``evidence`` (see :func:`argmap.graph.rdf.suggestion_triples`), or None.

    >>> from argmap import load
    >>> from argmap.graph.rdf import item_iri
    >>> suggestion(load(["tests/fixtures/drafted.yaml"]), item_iri("draft-article", "claim", "q001-ruiz"))
    {'confidence': 0.9, 'method': 'speaker-label', 'evidence': 'Ana Ruiz was labelled pro'}
    """
    confidence = _number(graph, item, AM.suggestionConfidence)
    activity = graph.value(item, PROV.wasGeneratedBy) if confidence is not None else None
    if activity is None:
        return None
    method, evidence = graph.value(activity, AM.method), graph.value(item, AM.evidence)
    return {"confidence": confidence, "method": str(method) if method is not None else None,
            "evidence": str(evidence) if evidence is not None else None}


def _order(graph: Reader, node: Node) -> tuple[str, int, str]:
    order = graph.value(node, AM.order)
    return (str(graph.value(node, AM.inDebate) or ""), int(str(order)) if order is not None else 0, str(node))


def find_issues(graph: Reader, name: str) -> list[Node]:
    """The issues whose local id, title or IRI is ``name`` (case-insensitive), with all their sub-issues.

    Raises :class:`ArgmapError` naming the known issues when none matches.

    >>> from argmap import load
    >>> graph = load("tests/fixtures/mini.yaml")
    >>> [str(i).rsplit("/", 1)[1] for i in find_issues(graph, "Car-Free")]
    ['car-free', 'trade']
    >>> find_issues(graph, "parking")
    Traceback (most recent call last):
    argmap.errors.ArgmapError: unknown issue 'parking' (known issues: car-free, trade)
    """
    wanted = name.casefold()
    issues = sorted(graph.subjects(RDF.type, AM.Issue), key=str)
    found = [i for i in issues if wanted in {str(i).casefold(), labelled(graph, i).casefold(),
                                             str(graph.value(i, AM.localId) or "").casefold()}]
    if not found:
        known = ", ".join(sorted({str(graph.value(i, AM.localId) or i) for i in issues})) or "none"
        raise ArgmapError(f"unknown issue '{name}' (known issues: {known})")
    result, todo = set(found), list(found)
    while todo:
        for sub in graph.subjects(AM.subIssueOf, todo.pop()):
            if sub not in result:
                result.add(sub)
                todo.append(sub)
    return sorted(result, key=str)


def find_speakers(graph: Reader, name: str) -> list[Node]:
    """The speakers whose name, alias, local id or IRI is ``name`` (case-insensitive).

    Raises :class:`ArgmapError` naming the known speakers when none matches.

    >>> from argmap import load
    >>> [str(s) for s in find_speakers(load("tests/fixtures/mini.yaml"), "okafor")]
    ['https://w3id.org/argmap/id/mini/speaker/ben']
    """
    wanted = name.casefold()
    speakers = sorted(graph.subjects(RDF.type, AM.Speaker), key=str)

    def names(speaker: Node) -> set[str]:
        values = [speaker, graph.value(speaker, RDFS.label), graph.value(speaker, AM.localId), *graph.objects(speaker, AM.alias)]
        return {str(v).casefold() for v in values if v is not None}

    found = [s for s in speakers if wanted in names(s)]
    if not found:
        known = ", ".join(sorted({labelled(graph, s) for s in speakers})) or "none"
        raise ArgmapError(f"unknown speaker '{name}' (known speakers: {known})")
    return found


def select_claims(graph: Source, issue: str | None = None, speaker: str | None = None,
                  merge_people: bool = True) -> set[str] | None:
    """The claims a restricted map shows, or None for the whole debate.

    ``issue``: the claims on that issue or any of its sub-issues. ``speaker``: the claims that
    speaker asserts, together with the claims one relation away from them in either direction
    (what supports or attacks them, and what they support or attack), so the speaker's arguments
    are shown with what they answer and what answers them. Both given: claims meeting both.

    Ana asserts two claims; one relation away from them are Ben's two:

    >>> from argmap import load
    >>> graph = load("tests/fixtures/mini.yaml")
    >>> sorted(c.rsplit("/", 1)[1] for c in select_claims(graph, speaker="ana"))
    ['ana-footfall', 'ben-deliveries', 'ben-noise-moves', 'residents-quiet']
    >>> sorted(c.rsplit("/", 1)[1] for c in select_claims(graph, issue="trade", speaker="ana"))
    ['ana-footfall', 'ben-deliveries']
    """
    if issue is None and speaker is None:
        return None
    reader = reader_of(graph)
    argument, identity = merged_argument(reader, merge_people)
    selected = set(argument.nodes)
    if issue is not None:
        issues = {str(i) for i in find_issues(reader, issue)}
        selected &= {c for c, data in argument.nodes(data=True) if data["issue"] in issues}
    if speaker is not None:
        speakers = {identity.get(str(s), str(s)) for s in find_speakers(reader, speaker)}
        own = {c for c, data in argument.nodes(data=True) if speakers & set(data["speakers"])}
        around = {n for c in own for n in (*argument.predecessors(c), *argument.successors(c))}
        selected &= own | around
    return selected


def _claim_attributes(graph: Reader, claim: URIRef, data: dict, pagerank: float, identity: dict[str, str]) -> dict:
    """What the map shows of a claim: text, stance, issue, quotes (each speaker as the IRI that stands
    for their person in ``identity``), and analysis results when present."""
    issue = data["issue"]
    quotes = []
    for loc in sorted(graph.objects(claim, AM.hasLocution), key=lambda n: _order(graph, n)):
        speaker, source = graph.value(loc, AM.speaker), graph.value(loc, AM.source)
        if speaker is not None and str(speaker) in identity:
            speaker = URIRef(identity[str(speaker)])
        url = graph.value(source, AM.url) if source is not None else None
        quotes.append({
            "quote": str(graph.value(loc, AM.quote) or ""),
            "speaker": str(speaker) if speaker is not None else None,
            "speakerName": labelled(graph, speaker) if speaker is not None else None,
            "source": labelled(graph, source) if source is not None else None,
            "url": str(url) if url is not None else None,
        })
    status = graph.value(claim, AM.groundedStatus)
    stored_rank = _number(graph, claim, AM.pagerank)
    return {
        "kind": "claim", "text": data["text"], "stance": data["stance"], "issue": issue,
        "issueTitle": labelled(graph, URIRef(issue)) if issue else None, "speakers": data["speakers"],
        "quotes": quotes, "status": _term_name(status) if status is not None else None,
        "strength": _number(graph, claim, AM.strength),
        "pagerank": stored_rank if stored_rank is not None else pagerank,
        "debate": data["debate"], "suggested": suggestion(graph, claim),
    }


def _speaker_attributes(graph: Reader, speaker: URIRef) -> dict:
    """What the map shows of a speaker: name, kind, description, aliases and camp when present."""
    kind = next((SPEAKER_KIND[t] for t in graph.objects(speaker, RDF.type) if t in SPEAKER_KIND), "person")
    description, camp = graph.value(speaker, AM.description), graph.value(speaker, AM.inCamp)
    return {
        "kind": "speaker", "name": labelled(graph, speaker), "speakerKind": kind,
        "description": str(description) if description is not None else None,
        "aliases": sorted(str(a) for a in graph.objects(speaker, AM.alias)),
        "camp": (labelled(graph, camp) if isinstance(camp, URIRef) else str(camp)) if camp is not None else None,
    }


def claims_view(graph: Source, claims: Iterable[str] | None = None, merge_people: bool = True) -> nx.MultiDiGraph:
    """The argument graph: claims (restricted to ``claims`` when given) and the relations among them.

    Nodes carry ``kind="claim"`` and what :func:`_claim_attributes` gives; edges are keyed by
    the relation IRI and carry ``relation`` (its type), ``by`` and ``byName`` (who drew it), ``note``.
    Speakers are people merged as :func:`merged_argument` says.

    >>> from argmap import load
    >>> claims = claims_view(load("tests/fixtures/mini.yaml"))
    >>> [(u.rsplit("/", 1)[1], d["relation"], v.rsplit("/", 1)[1], d["byName"]) for u, v, d in claims.edges(data=True)][:2]
    [('ben-deliveries', 'attacks', 'ana-footfall', 'Ben Okafor'), ('council-loading', 'attacks', 'ben-deliveries', 'Town Council')]
    """
    reader = reader_of(graph)
    argument, identity = merged_argument(reader, merge_people)
    keep = set(argument.nodes) if claims is None else set(claims) & set(argument.nodes)
    rank = claim_pagerank(argument)
    view: nx.MultiDiGraph[str] = nx.MultiDiGraph(name="claims")
    for claim in sorted(keep, key=lambda c: _order(reader, URIRef(c))):
        view.add_node(claim, **_claim_attributes(reader, URIRef(claim), argument.nodes[claim], rank.get(claim, 0.0), identity))
    for u, v, key, data in sorted(argument.edges(keys=True, data=True), key=lambda e: e[2]):
        if u in keep and v in keep:
            note = reader.value(URIRef(key), AM.note)
            view.add_edge(u, v, key=key, relation=data["type"], by=data["by"],
                          byName=labelled(reader, URIRef(data["by"])) if data["by"] else None,
                          note=str(note) if note is not None else None, suggested=suggestion(reader, URIRef(key)))
    return view


def who_argues_what(graph: Source, claims: Iterable[str] | None = None, merge_people: bool = True) -> nx.MultiDiGraph:
    """Speakers and claims: :func:`claims_view` plus each speaker who asserts a shown claim.

    Every assertion is an edge from the speaker to the claim, keyed ``"<speaker> asserts <claim>"``,
    with ``relation="asserts"``.

    >>> from argmap import load
    >>> shown = who_argues_what(load("tests/fixtures/mini.yaml"))
    >>> sorted(d["name"] for _, d in shown.nodes(data=True) if d["kind"] == "speaker")
    ['Ana Ruiz', 'Ben Okafor', 'Some residents', 'Town Council']
    >>> sum(1 for *_, d in shown.edges(data=True) if d["relation"] == "asserts"), shown.number_of_edges()
    (6, 10)
    """
    reader = reader_of(graph)
    view = claims_view(reader, claims, merge_people)
    view.graph["name"] = "who-argues-what"
    speakers = sorted({s for _, data in view.nodes(data=True) for s in data["speakers"]}, key=lambda s: _order(reader, URIRef(s)))
    for speaker in speakers:
        view.add_node(speaker, **_speaker_attributes(reader, URIRef(speaker)))
    for claim, data in list(view.nodes(data=True)):
        for speaker in data.get("speakers", ()) if data["kind"] == "claim" else ():
            view.add_edge(speaker, claim, key=f"{speaker} asserts {claim}", relation="asserts")
    return view


def speakers_view(graph: Source, claims: Iterable[str] | None = None, merge_people: bool = True) -> nx.Graph:
    """The speakers view: the signed speaker network over the (selected) claims, with speaker attributes.

    The network is :func:`argmap.analysis.camps.signed_speaker_network` (the one the camps are found
    in): ``positive`` counts co-assertions, supports and rephrases between two speakers' claims and
    issues on which they lean the same way, ``negative`` attacks, undercuts and opposite leanings,
    ``weight = positive - negative``. Edges also carry ``relation``: ``agrees`` (weight > 0),
    ``disagrees`` (weight < 0) or ``mixed`` (0); nodes carry ``claims``, how many claims each
    speaker asserts.

    >>> from argmap import load
    >>> network = speakers_view(load("tests/fixtures/mini.yaml"))
    >>> sorted((a.rsplit("/", 1)[1], b.rsplit("/", 1)[1], d["relation"], d["weight"]) for a, b, d in network.edges(data=True))[:3]
    [('ana', 'ben', 'disagrees', -4), ('ana', 'council', 'agrees', 1), ('ana', 'residents', 'agrees', 3)]
    >>> [(n.rsplit("/", 1)[1], d["claims"]) for n, d in network.nodes(data=True)]
    [('ana', 2), ('ben', 2), ('council', 1), ('residents', 1)]
    """
    reader = reader_of(graph)
    argument, _ = merged_argument(reader, merge_people)
    if claims is not None:
        wanted = set(claims)
        argument = ordered_subgraph(argument, (c for c in argument.nodes if c in wanted))
    signed = signed_speaker_network(argument)
    view: nx.Graph[str] = nx.Graph(name="speakers")
    asserted: dict[str, int] = {}
    for _, data in argument.nodes(data=True):
        for s in data["speakers"]:
            asserted[s] = asserted.get(s, 0) + 1
    for speaker in sorted(signed.nodes, key=lambda s: _order(reader, URIRef(s))):
        view.add_node(speaker, **_speaker_attributes(reader, URIRef(speaker)), claims=asserted.get(speaker, 0))
    for a, b, data in signed.edges(data=True):
        relation = "agrees" if data["weight"] > 0 else "disagrees" if data["weight"] < 0 else "mixed"
        view.add_edge(a, b, relation=relation, **data)
    return view


def view(graph: Source, name: str = "who-argues-what", issue: str | None = None, speaker: str | None = None,
         merge_people: bool = True) -> nx.Graph:
    """The view ``name`` (one of :data:`VIEWS`) of ``graph`` (an rdflib graph, a store or
    :class:`Projections`), restricted by :func:`select_claims`; with ``merge_people``, one node per person.

    >>> from argmap import load
    >>> graph = load("tests/fixtures/mini.yaml")
    >>> shown = view(graph, "claims", issue="trade")
    >>> shown.graph["name"], sorted(c.rsplit("/", 1)[1] for c in shown)
    ('claims', ['ana-footfall', 'ben-deliveries', 'council-loading'])
    >>> view(graph, "timeline")
    Traceback (most recent call last):
    argmap.errors.ArgmapError: unknown view 'timeline' (known: who-argues-what, speakers, claims)
    """
    builders = {"who-argues-what": who_argues_what, "speakers": speakers_view, "claims": claims_view}
    if name not in builders:
        raise ArgmapError(f"unknown view '{name}' (known: {', '.join(VIEWS)})")
    reader = reader_of(graph)
    return builders[name](reader, select_claims(reader, issue, speaker, merge_people), merge_people)


ANSWERS = {"attacks": "attacks", "undercuts": "attacks", "supports": "supports"}
"""How a relation between two speakers' claims counts in :func:`who_answers_whom` (an undercut is an attack)."""


def who_answers_whom(view_graph: nx.Graph) -> list[dict]:
    """Pairs of speakers where a claim of the first attacks (or undercuts) or supports a claim of the
    second, counted once per relation, as the named query ``who-attacks-whom`` counts attacks.

    Speakers of a claim are those who assert it (its ``speakers``); a speaker answering their own
    claim is not counted. Rows ``{"from", "to", "attacks", "supports"}`` (speaker IRIs), most attacks first.

    >>> from argmap import load
    >>> g = view(load(["tests/fixtures/mini.yaml"]), "claims")
    >>> [(r["from"].rsplit("/", 1)[1], r["to"].rsplit("/", 1)[1], r["attacks"]) for r in who_answers_whom(g)][:2]
    [('ben', 'ana', 2), ('ben', 'residents', 1)]
    """
    counts: dict[tuple[str, str], dict[str, int]] = {}
    if not view_graph.is_multigraph():
        return []
    for u, v, data in view_graph.edges(data=True):
        kind = ANSWERS.get(data["relation"])
        if kind is None:
            continue
        for a in view_graph.nodes[u].get("speakers", ()):
            for b in view_graph.nodes[v].get("speakers", ()):
                if a != b:
                    row = counts.setdefault((a, b), {"attacks": 0, "supports": 0})
                    row[kind] += 1
    rows = [{"from": a, "to": b, **n} for (a, b), n in counts.items()]
    return sorted(rows, key=lambda r: (-r["attacks"], -r["supports"], r["from"], r["to"]))


def view_counts(view_graph: nx.Graph) -> dict[str, int]:
    """What a view shows: speakers, claims, and its edges by relation (``asserts`` left out).

    >>> from argmap import load
    >>> view_counts(view(load(["tests/fixtures/mini.yaml"]), issue="trade"))
    {'speakers': 3, 'claims': 3, 'supports': 0, 'attacks': 2, 'undercuts': 0, 'rephrases': 0}
    """
    kinds = [d["kind"] for _, d in view_graph.nodes(data=True)]
    counts = {"speakers": kinds.count("speaker"), "claims": kinds.count("claim")}
    relations = [d["relation"] for *_, d in view_graph.edges(data=True)]
    for relation in ("supports", "attacks", "undercuts", "rephrases", "agrees", "disagrees", "mixed"):
        if relation in relations or relation in ("supports", "attacks", "undercuts", "rephrases") and counts["claims"]:
            counts[relation] = relations.count(relation)
    return counts
