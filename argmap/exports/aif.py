"""AIF JSON out: an AIFdb/OVA nodeset with Inference Anchoring Theory structure.

The inverse of :mod:`argmap.graph.formats.aif`: claims become I-nodes, locutions L-nodes
(``Speaker : words``) joined to their claims through YA-nodes (Asserting, or the locution's
``am:illocution``), transitions TA-nodes, relations RA (support), CA (attack; an undercut is a CA of scheme
"Undercutting", as AIF has no claim-to-claim undercut) and MA (rephrase) nodes, one per group of ``am:jointWith`` relations,
anchored by a YA (Arguing, Disagreeing, Restating) in their ``am:anchoredIn`` transition or, for a
relation only ``am:drawnBy`` someone, in a locution of theirs. Items imported from AIF keep their
nodeIDs (``i.713484`` -> ``713484``), so a nodeset read and written again is the same graph.
Participants are listed, and each locution names its participant's ``personID``.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator

from rdflib import RDF, RDFS, Graph, URIRef

from argmap.exports import Writer, register
from argmap.graph.formats.aif import ANCHOR_SCHEME, DEFAULT_SCHEME, SCHEME_IDS, SCHEME_OF_RELATION, UNDERCUT_SCHEME, UNKNOWN_SPEAKER
from argmap.graph.rdf import AM, RELATION_CLASSES, debates_in

RELATION_OF_CLASS = {cls: name for name, cls in RELATION_CLASSES.items()}


class _Nodeset:
    """Nodes, edges, locutions and participants of the nodeset being written, with fresh ids."""

    def __init__(self, taken: set[str]):
        self.nodes: list[dict] = []
        self.edges: list[dict] = []
        self.taken = set(taken)
        self.counter = 0

    def fresh(self) -> str:
        self.counter += 1
        while str(self.counter) in self.taken:
            self.counter += 1
        self.taken.add(str(self.counter))
        return str(self.counter)

    def node(self, node_id: str | None, node_type: str, text: str, scheme: str | None = None) -> str:
        node_id = node_id or self.fresh()
        node = {"nodeID": node_id, "text": text, "type": node_type, "timestamp": ""}
        if scheme is not None:
            name, scheme_id = SCHEME_IDS.get(scheme, (scheme, None))
            node["scheme"] = name
            if scheme_id is not None:
                node["schemeID"] = scheme_id
        self.nodes.append(node)
        return node_id

    def edge(self, a: str, z: str) -> None:
        self.edges.append({"edgeID": f"e{len(self.edges) + 1}", "fromID": a, "toID": z, "formEdgeID": None})


def _kept_id(graph: Graph, item: URIRef, prefix: str, keep: bool) -> str | None:
    """The AIF nodeID an item imported from AIF had (its local id ``<prefix>.<nodeID>``), if ``keep``."""
    local = str(graph.value(item, AM.localId) or "")
    return local[len(prefix) + 1:] if keep and local.startswith(prefix + ".") and "." not in local[len(prefix) + 1:] else None


def _ordered(graph: Graph, items: set[URIRef]) -> list[URIRef]:
    def key(node: URIRef) -> tuple[int, str]:
        order = graph.value(node, AM.order)
        return (int(order) if order is not None else 0, str(node))
    return sorted(items, key=key)


def _joint_groups(graph: Graph, relations: list[URIRef]) -> list[list[URIRef]]:
    """Relations grouped by ``am:jointWith`` (connected groups), in the order of their first member."""
    group_of: dict[URIRef, int] = {}
    groups: list[list[URIRef]] = []
    for r in relations:
        if r in group_of:
            continue
        group, stack = [], [r]
        while stack:
            x = stack.pop()
            if x in group_of:
                continue
            group_of[x] = len(groups)
            group.append(x)
            stack.extend(graph.objects(x, AM.jointWith))
        members = set(group)
        groups.append([x for x in relations if x in members])
    return groups


def _relation_ids(graph: Graph, group: list[URIRef], keep: bool) -> str | None:
    """The nodeID of the S-node of a group of relations imported from one AIF S-node."""
    ids = {str(graph.value(r, AM.localId)).split(".")[1] for r in group if str(graph.value(r, AM.localId)).count(".") in (1, 2)}
    prefixes = {str(graph.value(r, AM.localId)).split(".")[0] for r in group}
    return ids.pop() if keep and len(ids) == 1 and len(prefixes) == 1 and prefixes <= {"ra", "ca", "ma"} else None


def _speaker_name(graph: Graph, speaker: URIRef | None) -> str:
    label = graph.value(speaker, RDFS.label) if speaker is not None else None
    return str(label) if label is not None else UNKNOWN_SPEAKER


ITEM_CLASSES = (AM.Claim, AM.Locution, AM.Transition, AM.Relation)


def items_by_debate(graph: Graph) -> dict[tuple[URIRef, URIRef], set[URIRef]]:
    """The claims, locutions, transitions and relations of each debate, keyed by (debate, class)."""
    debate_of = dict(graph.subject_objects(AM.inDebate))
    out: dict[tuple[URIRef, URIRef], set[URIRef]] = defaultdict(set)
    for cls in ITEM_CLASSES:
        for item in graph.subjects(RDF.type, cls):
            if item in debate_of:
                out[(debate_of[item], cls)].add(item)
    return out


def write_debate(graph: Graph, items: dict[tuple[URIRef, URIRef], set[URIRef]], debate: URIRef, out: _Nodeset, keep_ids: bool,
                 people: dict[str, str]) -> list[dict]:
    """Add one debate's nodes and edges to ``out``; return its locutions list entries."""
    node_of: dict[URIRef, str] = {}
    claims = _ordered(graph, items[(debate, AM.Claim)])
    position = {c: n for n, c in enumerate(claims)}
    for claim in claims:
        node_of[claim] = out.node(_kept_id(graph, claim, "i", keep_ids), "I", str(graph.value(claim, AM.text) or ""))
    locutions_list = []
    for loc in _ordered(graph, items[(debate, AM.Locution)]):
        name = _speaker_name(graph, graph.value(loc, AM.speaker))
        node_of[loc] = out.node(_kept_id(graph, loc, "l", keep_ids), "L", f"{name} : {graph.value(loc, AM.quote) or ''}")
        person = people.setdefault(name, str(len(people) + 1))
        locutions_list.append({"nodeID": node_of[loc], "personID": person, "timestamp": "", "start": None, "end": None, "source": None})
    for claim in claims:
        for loc in sorted(graph.objects(claim, AM.hasLocution), key=lambda x: node_of.get(x, "")):
            if loc not in node_of:
                continue
            forces = sorted(str(f) for f in graph.objects(loc, AM.illocution)) or [DEFAULT_SCHEME["YA"]]
            claims_of_loc = sorted(graph.subjects(AM.hasLocution, loc), key=lambda c: position.get(c, 0))
            force = forces[min(claims_of_loc.index(claim), len(forces) - 1)] if claim in claims_of_loc else forces[0]
            ya = out.node(None, "YA", force, force)
            out.edge(node_of[loc], ya)
            out.edge(ya, node_of[claim])
    for transition in _ordered(graph, items[(debate, AM.Transition)]):
        scheme = str(graph.value(transition, AM.scheme) or DEFAULT_SCHEME["TA"])
        node_of[transition] = ta = out.node(_kept_id(graph, transition, "ta", keep_ids), "TA", scheme, scheme)
        for loc in sorted(graph.objects(transition, AM.fromLocution), key=lambda x: node_of.get(x, "")):
            out.edge(node_of[loc], ta)
        for loc in sorted(graph.objects(transition, AM.toLocution), key=lambda x: node_of.get(x, "")):
            out.edge(ta, node_of[loc])
    relations = _ordered(graph, items[(debate, AM.Relation)])
    for group in _joint_groups(graph, relations):
        _write_scheme_node(graph, group, out, node_of, keep_ids)
    return locutions_list


def _write_scheme_node(graph: Graph, group: list[URIRef], out: _Nodeset, node_of: dict[URIRef, str], keep_ids: bool) -> None:
    first = group[0]
    rtype = next((RELATION_OF_CLASS[t] for t in graph.objects(first, RDF.type) if t in RELATION_OF_CLASS), "supports")
    node_type = SCHEME_OF_RELATION[rtype]
    scheme = UNDERCUT_SCHEME if rtype == "undercuts" else str(graph.value(first, AM.scheme) or DEFAULT_SCHEME[node_type])
    s = out.node(_relation_ids(graph, group, keep_ids), node_type, scheme, scheme)
    premises = list(dict.fromkeys(graph.value(r, AM["from"]) for r in group))
    conclusions = list(dict.fromkeys(graph.value(r, AM.to) for r in group))
    for premise in premises:
        out.edge(node_of[premise], s)
    for conclusion in conclusions:
        out.edge(s, node_of[conclusion])
    anchors = sorted(set(graph.objects(first, AM.anchoredIn)), key=lambda t: node_of.get(t, ""))
    sources = [node_of[t] for t in anchors if t in node_of]
    if not sources:
        sources = [node_of[loc] for loc in _locutions_by(graph, set(graph.objects(first, AM.drawnBy)), premises) if loc in node_of][:1]
    for source in sources:
        ya = out.node(None, "YA", ANCHOR_SCHEME[node_type], ANCHOR_SCHEME[node_type])
        out.edge(source, ya)
        out.edge(ya, s)


def _locutions_by(graph: Graph, speakers: set[URIRef], premises: list[URIRef]) -> Iterator[URIRef]:
    """Locutions of ``speakers``: those uttering one of ``premises`` first, then any other."""
    if not speakers:
        return
    for premise in premises:
        yield from sorted(loc for loc in graph.objects(premise, AM.hasLocution) if graph.value(loc, AM.speaker) in speakers)
    yield from sorted(loc for s in speakers for loc in graph.subjects(AM.speaker, s))


def write_aif(graph: Graph) -> str:
    """The graph as AIF JSON: ``nodes``, ``edges``, ``locutions`` and ``participants``.

    With one debate, items imported from AIF keep their nodeIDs; with several, all ids are fresh.
    """
    debates = debates_in(graph)
    keep_ids = len(debates) == 1
    taken = set()
    if keep_ids:
        taken = {str(v).split(".")[1] for v in graph.objects(None, AM.localId) if str(v).count(".") in (1, 2) and str(v).split(".")[0] in ("i", "l", "ta", "ra", "ca", "ma")}
    out = _Nodeset(taken)
    people: dict[str, str] = {}
    locutions = []
    items = items_by_debate(graph)
    for debate in debates:
        locutions += write_debate(graph, items, debate, out, keep_ids, people)
    participants = []
    for name, person in people.items():
        first, _, last = name.partition(" ")
        participants.append({"participantID": person, "firstname": first, "surname": last})
    document = {"nodes": out.nodes, "edges": out.edges, "locutions": locutions, "participants": participants}
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


register(Writer("aif", ".json", write_aif, "AIF JSON (AIFdb/OVA nodeset with IAT: I, L, YA, TA, RA, CA, MA nodes)"))
