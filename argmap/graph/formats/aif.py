"""AIF JSON in: AIFdb / OVA nodesets annotated with Inference Anchoring Theory (IAT).

The Argument Interchange Format (Chesñevar et al., "Towards an argument interchange format",
Knowledge Engineering Review 21(4), 2006) and IAT (Budzynska & Reed, "Whence inference?", 2011)
describe a dialogue as a graph of typed nodes. This reader maps them onto argmap's vocabulary:

- ``I`` (proposition) -> ``am:Claim`` ``i.<nodeID>``;
- ``L`` (locution, text ``Speaker : words``) -> ``am:Locution`` ``l.<nodeID>`` whose speaker is the
  name before ``:`` (an annotator's name in front, ``Chris: Fiona Bruce : ...``, is skipped; the
  ``personID`` of the ``locutions`` list is only a fallback, as QT30 reuses it for several people;
  spellings that differ only in case or punctuation are one speaker, labelled as most often spelt);
- ``L -> YA -> I`` (and ``TA -> YA -> I``): the claim ``am:hasLocution`` the locution and its speaker
  ``am:asserts`` it; the illocution (Agreeing, Pure Questioning, ...) is ``am:illocution`` unless it
  is plain Asserting;
- ``I -> RA -> I`` support, ``I -> CA -> I`` attack, ``I -> MA -> I`` rephrase: one ``am:Relation``
  ``ra.<nodeID>`` per premise (``ra.<nodeID>.2`` ...), linked premises tied by ``am:jointWith``; a CA
  of scheme "Undercutting" (how argmap writes an undercut) is an undercut;
- ``TA -> YA -> RA/CA/MA`` (Arguing, Disagreeing, Restating): the relation is ``am:anchoredIn`` the
  transition and ``am:drawnBy`` the speaker of the locution the transition leads to;
- ``L -> TA -> L`` -> ``am:Transition`` ``ta.<nodeID>`` with ``am:fromLocution``/``am:toLocution``
  and the shortcut ``later am:repliesTo earlier``.

Non-default scheme names are kept as ``am:scheme``. Edges that fit none of these patterns (L->L,
YA->L reported speech, I->YA, ...) are skipped and counted (:class:`AifReport`); a file that is not
AIF (bad JSON, wrong types, an edge to a node that does not exist) raises InputError.

Writing is the inverse:

AIF JSON out: an AIFdb/OVA nodeset with Inference Anchoring Theory structure.

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
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from argmap.errors import InputError
from argmap.graph.formats._common import debate_id_for, read_json
from argmap.graph.names import speaker_id
from argmap.graph.rdf import AM, RELATION_CLASSES, RELATION_SHORTCUTS, RELATION_TYPE_OF, debate_iri, debates_in, item_iri, new_graph

log = logging.getLogger(__name__)

NODE_TYPES = ("I", "L", "YA", "TA", "RA", "CA", "MA")
SCHEME_TYPES = ("RA", "CA", "MA")
RELATION_OF_SCHEME = {"RA": "supports", "CA": "attacks", "MA": "rephrases"}
SCHEME_OF_RELATION = {"supports": "RA", "attacks": "CA", "rephrases": "MA", "undercuts": "CA"}
DEFAULT_SCHEME = {"RA": "Default Inference", "CA": "Default Conflict", "MA": "Default Rephrase", "TA": "Default Transition", "YA": "Asserting"}
#: The CA scheme argmap writes for an undercut (AIF attacks an inference with I -> CA -> RA instead).
UNDERCUT_SCHEME = "Undercutting"
ANCHOR_SCHEME = {"RA": "Arguing", "CA": "Disagreeing", "MA": "Restating"}
# AIFdb's scheme names and ids for the schemes IAT corpora use (AIFdb scheme table).
SCHEME_IDS = {
    "Default Inference": ("Default Inference", "72"), "Default Conflict": ("Default Conflict", "71"),
    "Default Rephrase": ("Default Rephrase", "144"), "Default Transition": ("Default Transition", "82"),
    "Asserting": ("Asserting", "74"), "Assertive Questioning": ("AssertiveQuestioning", "73"),
    "Analysing": ("Analysing", "75"), "Agreeing": ("Agreeing", "77"), "Disagreeing": ("Disagreeing", "78"),
    "Challenging": ("Challenging", "79"), "Arguing": ("Arguing", "80"), "Rhetorical Questioning": ("RhetoricalQuestioning", "85"),
    "Popular Conceding": ("PopularConceding", "88"), "Pure Questioning": ("PureQuestioning", "91"),
    "Restating": ("Restating", "101"), "Default Illocuting": ("Default Illocuting", "168"),
}
_ESCAPED_ID = re.compile(r"[^A-Za-z0-9-]")
UNKNOWN_SPEAKER = "Unknown"
SOURCE_ID = "document"

# "Name : words", or "Annotator: Name : words" / "Annotator: Name: words" (QT30 annotators' copies).
_SEGMENT = re.compile(r"([^:\n]{1,80}?)(\s*):\s*")
_NAME = re.compile(r"[^\W\d_][\w.'’()-]*(?: [^\W_][\w.'’()-]*){0,5}")


def split_speaker(text: str) -> tuple[str | None, str]:
    """The speaker named at the start of an L-node's text and the words spoken.

    ``"Fiona Bruce : Is that a concern"`` -> ``("Fiona Bruce", "Is that a concern")``. A name looks
    like one (at most six words); before a colon with no space in front it must also be capitalised
    and of two words or more, so ``"Yes: we did"`` keeps its colon. When a one-word name (a QT30
    annotator) comes first, the name after it is the speaker: ``"kyle: Fiona Bruce : ..."``.

    Examples
    --------
    >>> split_speaker("kyle: Fiona Bruce : Is that a concern"), split_speaker("Yes: we did")
    (('Fiona Bruce', 'Is that a concern'), (None, 'Yes: we did'))
    """
    first = _SEGMENT.match(text)
    if first is None:
        return None, text.strip()
    second = _SEGMENT.match(text, first.end())
    name = first.group(1).strip()
    if second is not None and " " not in name and _NAME.fullmatch(name) and _is_name(second):
        words = text[second.end():].strip()
        if words:
            return second.group(1).strip(), words
    words = text[first.end():].strip()
    if _is_name(first) and words:
        return name, words
    return None, text.strip()


def _is_name(segment: re.Match) -> bool:
    name, spaced = segment.group(1).strip(), bool(segment.group(2))
    if not _NAME.fullmatch(name):
        return False
    return spaced or (" " in name and all(word[0].isupper() or word[0].isdigit() for word in name.split()))


@dataclass
class AifReport:
    """What reading one AIF file skipped: edges that fit no IAT pattern (by ``"L->L"`` etc.),
    nodes of types argmap does not map, scheme nodes without a premise or conclusion, and
    locutions whose speaker could not be told."""

    path: str
    noise_edges: Counter = field(default_factory=Counter)
    other_nodes: Counter = field(default_factory=Counter)
    incomplete_schemes: int = 0
    unknown_speakers: int = 0

    @property
    def warnings(self) -> int:
        return sum(self.noise_edges.values()) + sum(self.other_nodes.values()) + self.incomplete_schemes + self.unknown_speakers

    def summary(self) -> str:
        parts = []
        if self.noise_edges:
            parts.append(f"{sum(self.noise_edges.values())} edges fitting no IAT pattern skipped ("
                         + ", ".join(f"{k} {n}" for k, n in sorted(self.noise_edges.items())) + ")")
        if self.other_nodes:
            parts.append("nodes of unmapped types skipped (" + ", ".join(f"{k} {n}" for k, n in sorted(self.other_nodes.items())) + ")")
        if self.incomplete_schemes:
            parts.append(f"{self.incomplete_schemes} RA/CA/MA nodes without premise or conclusion")
        if self.unknown_speakers:
            parts.append(f"{self.unknown_speakers} locutions without a speaker name")
        return f"{self.path}: " + "; ".join(parts)


@dataclass
class Nodeset:
    """A checked AIF nodeset: nodes by id (in file order), edges as (from, to) pairs, personIDs."""

    nodes: dict[str, dict[str, Any]]
    edges: list[tuple[str, str]]
    person_of: dict[str, str]
    participants: dict[str, str]


def _id(value: Any, path: str, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
        raise InputError(path, f"expected a non-empty string or integer id, found {value!r}", field=where)
    return str(value)


def _list(data: dict, key: str, path: str, required: bool = True) -> list:
    value = data.get(key, None if required else [])
    if not isinstance(value, list):
        found = "nothing" if value is None else type(value).__name__
        raise InputError(path, f"expected a list, found {found}", field=key)
    return value


def parse_nodeset(data: Any, path: str) -> Nodeset:
    """Check the shape of an AIF JSON document (OVA's ``{"AIF": {...}}`` wrapper accepted).

    Parameters
    ----------
    data : Any
        The parsed JSON.
    path : str
        The file name errors name.

    Returns
    -------
    Nodeset
        Nodes by nodeID, edges as (fromID, toID), the personID of each locution and the name of
        each participant.

    Raises
    ------
    InputError
        Naming the field at fault (``nodes[3].type``, ``edges[0].toID``) when the document is not AIF.

    Examples
    --------
    >>> doc = {"nodes": [{"nodeID": 1, "type": "I", "text": "Cars out"}, {"nodeID": 2, "type": "L", "text": "Ana : Cars out"}],
    ...        "edges": [{"fromID": 2, "toID": 1}], "locutions": [{"nodeID": 2, "personID": 7}]}
    >>> nodeset = parse_nodeset(doc, "x.json")
    >>> sorted(nodeset.nodes), nodeset.edges, nodeset.person_of
    (['1', '2'], [('2', '1')], {'2': '7'})
    >>> parse_nodeset({"nodes": [{"nodeID": 1, "type": "I"}], "edges": []}, "x.json")
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: x.json: nodes[0].text: expected a string, found None
    """
    if isinstance(data, dict) and isinstance(data.get("AIF"), dict):
        data = data["AIF"]
    if not isinstance(data, dict):
        raise InputError(path, f"expected an AIF object with nodes and edges, found {type(data).__name__}")
    nodes = _nodes(data, path)
    return Nodeset(nodes, _edges(data, path, nodes), _persons_of_locutions(data, path), _participants(data, path))


def _nodes(data: dict, path: str) -> dict[str, dict[str, Any]]:
    nodes: dict[str, dict[str, Any]] = {}
    for n, node in enumerate(_list(data, "nodes", path)):
        where = f"nodes[{n}]"
        if not isinstance(node, dict):
            raise InputError(path, f"expected an object, found {type(node).__name__}", field=where)
        node_id = _id(node.get("nodeID"), path, f"{where}.nodeID")
        for key in ("type", "text"):
            if not isinstance(node.get(key), str):
                raise InputError(path, f"expected a string, found {node.get(key)!r}", field=f"{where}.{key}")
        if node_id in nodes:
            raise InputError(path, f"duplicate nodeID {node_id!r}", field=f"{where}.nodeID")
        nodes[node_id] = node
    return nodes


def _edges(data: dict, path: str, nodes: dict[str, dict[str, Any]]) -> list[tuple[str, str]]:
    edges = []
    for n, edge in enumerate(_list(data, "edges", path)):
        where = f"edges[{n}]"
        if not isinstance(edge, dict):
            raise InputError(path, f"expected an object, found {type(edge).__name__}", field=where)
        ends = (_id(edge.get("fromID"), path, f"{where}.fromID"), _id(edge.get("toID"), path, f"{where}.toID"))
        for key, end in zip(("fromID", "toID"), ends):
            if end not in nodes:
                raise InputError(path, f"edge {edge.get('edgeID', n)!r} points to node {end!r}, which is not in nodes", field=f"{where}.{key}")
        edges.append(ends)
    return edges


def _persons_of_locutions(data: dict, path: str) -> dict[str, str]:
    person_of = {}
    for loc in _list(data, "locutions", path, required=False):
        if isinstance(loc, dict) and loc.get("nodeID") is not None and loc.get("personID") is not None:
            person_of[str(loc["nodeID"])] = str(loc["personID"])
    return person_of


def _participants(data: dict, path: str) -> dict[str, str]:
    participants = {}
    for person in _list(data, "participants", path, required=False):
        if isinstance(person, dict) and person.get("participantID") is not None:
            name = " ".join(str(person.get(k) or "").strip() for k in ("firstname", "surname")).strip()
            if name:
                participants[str(person["participantID"])] = name
    return participants


def node_local_id(node_type: str, node_id: str) -> str:
    """The local id of an AIF node: its type, lower-cased, a dot and its nodeID (``i.713484``).

    Different nodeIDs give different local ids: a character other than a letter, digit or ``-``
    is written ``_<hex code>_`` (``"a b"`` -> ``a_20_b``, ``"a_b"`` -> ``a_5f_b``);
    :func:`aif_node_id` reads it back.

    Examples
    --------
    >>> node_local_id("I", "713484"), node_local_id("RA", "a b"), aif_node_id("a_20_b")
    ('i.713484', 'ra.a_20_b', 'a b')
    """
    return f"{node_type.lower()}.{_ESCAPED_ID.sub(lambda m: f'_{ord(m.group(0)):x}_', node_id)}"


def aif_node_id(local: str) -> str:
    """The nodeID a local id part made by :func:`node_local_id` stands for: each ``_<hex code>_``
    becomes its character again.

    Examples
    --------
    >>> aif_node_id("a_20_b"), aif_node_id("a_5f_b"), aif_node_id("713484")
    ('a b', 'a_b', '713484')
    """
    return re.sub(r"_([0-9a-f]+)_", lambda m: chr(int(m.group(1), 16)), local)


def _scheme(node: dict[str, Any]) -> str:
    text = node["text"].strip()
    return DEFAULT_SCHEME[node["type"]] if text in ("", node["type"]) else text


def _speakers_of_locutions(nodeset: Nodeset, report: AifReport) -> dict[str, tuple[str, str]]:
    """Each L-node's (speaker name, words): the name prefix, else the name the same personID has
    on other L-nodes of the file (or in ``participants``), else "Unknown"."""
    split = {nid: split_speaker(node["text"]) for nid, node in nodeset.nodes.items() if node["type"] == "L"}
    names_of_person: dict[str, Counter] = defaultdict(Counter)
    for nid, (name, _) in split.items():
        if name and nid in nodeset.person_of:
            names_of_person[nodeset.person_of[nid]][name] += 1
    out = {}
    for nid, (name, words) in split.items():
        if name is None:
            person = nodeset.person_of.get(nid, "")
            known = names_of_person.get(person)
            name = known.most_common(1)[0][0] if known else nodeset.participants.get(person)
            if name is None:
                report.unknown_speakers += 1
                name = UNKNOWN_SPEAKER
        out[nid] = (name, words)
    return out


_PATTERNS = {
    ("L", "TA"), ("TA", "L"), ("L", "YA"), ("TA", "YA"), ("YA", "I"),
    *(("YA", s) for s in SCHEME_TYPES), *(("I", s) for s in SCHEME_TYPES), *((s, "I") for s in SCHEME_TYPES),
}


class _Builder:
    """Collects the triples of one nodeset's debate."""

    def __init__(self, debate: str):
        self.debate = debate
        self.node = debate_iri(debate)
        self.triples: list[tuple] = []
        self.counts: Counter = Counter()

    def item(self, kind: str, local: str, *types: URIRef) -> URIRef:
        iri = item_iri(self.debate, kind, local)
        order = self.counts[kind] + (1 if kind == "locution" else 0)
        self.counts[kind] += 1
        self.triples += [(iri, RDF.type, t) for t in types]
        self.triples += [(iri, AM.inDebate, self.node), (iri, AM.localId, Literal(local)), (iri, AM.order, Literal(order))]
        return iri

    def iri(self, kind: str, local: str) -> URIRef:
        return item_iri(self.debate, kind, local)

    def add(self, *triples: tuple) -> None:
        self.triples.extend(triples)


def nodeset_to_rdf(nodeset: Nodeset, debate: str, title: str, report: AifReport, graph: Graph | None = None) -> Graph:
    """The triples of an AIF nodeset, added to ``graph`` (a new one if None); see the module doc.

    Parameters
    ----------
    nodeset : Nodeset
        The AIF document, as :func:`parse_nodeset` checked it.
    debate, title : str
        The id and title of the debate the nodeset becomes.
    report : AifReport
        Counts what is skipped as noise (edges of no AIF pattern, node types argmap does not map,
        schemes without a premise or conclusion, locutions without a speaker).
    graph : rdflib.Graph, optional
        The graph to add to; a new one if None.

    Examples
    --------
    >>> doc = {"nodes": [{"nodeID": 1, "type": "I", "text": "Cars out"}, {"nodeID": 2, "type": "I", "text": "Shops gain"},
    ...                  {"nodeID": 3, "type": "RA", "text": "Default Inference"}],
    ...        "edges": [{"fromID": 2, "toID": 3}, {"fromID": 3, "toID": 1}]}
    >>> graph = nodeset_to_rdf(parse_nodeset(doc, "x.json"), "x", "X", AifReport("x.json"))
    >>> (item_iri("x", "claim", "i.2"), AM.supports, item_iri("x", "claim", "i.1")) in graph
    True
    """
    b = _Builder(debate)
    b.add((b.node, RDF.type, AM.Debate), (b.node, AM.localId, Literal(debate)), (b.node, RDFS.label, Literal(title)))
    source = b.item("source", SOURCE_ID, AM.Source)
    b.add((source, RDFS.label, Literal(title)))
    triples = _NodesetTriples(b, nodeset, report)
    triples.add_speakers()
    triples.add_nodes(source)
    triples.add_uses(triples.add_relations())
    g = graph if graph is not None else new_graph()
    for triple in b.triples:
        g.add(triple)
    return g


class _NodesetTriples:
    """The triples of one nodeset, made from its nodes and the edges that follow an AIF pattern
    (``succ``/``pred``: each node's successors and predecessors along them)."""

    def __init__(self, b: _Builder, nodeset: Nodeset, report: AifReport):
        self.b, self.nodes = b, nodeset.nodes
        self.succ: dict[str, list[str]] = defaultdict(list)
        self.pred: dict[str, list[str]] = defaultdict(list)
        for a, z in nodeset.edges:
            pair = (self.nodes[a]["type"], self.nodes[z]["type"])
            if pair in _PATTERNS:
                self.succ[a].append(z)
                self.pred[z].append(a)
            else:
                report.noise_edges[f"{pair[0]}->{pair[1]}"] += 1
        for node in self.nodes.values():
            if node["type"] not in NODE_TYPES:
                report.other_nodes[node["type"]] += 1
        self.report = report
        self.speakers = _speakers_of_locutions(nodeset, report)

    def speaker_of(self, locution: str) -> URIRef:
        return self.b.iri("speaker", speaker_id(self.speakers[locution][0]))

    def iri_of(self, nid: str) -> URIRef:
        kind = {"I": "claim", "L": "locution", "TA": "transition"}[self.nodes[nid]["type"]]
        return self.b.iri(kind, node_local_id(self.nodes[nid]["type"], nid))

    def add_speakers(self) -> None:
        """One speaker per speaker id, most frequent first, labelled with its most frequent spelling."""
        spellings: dict[str, Counter] = defaultdict(Counter)
        for name, _ in self.speakers.values():
            spellings[speaker_id(name)][name] += 1
        for sid, names in sorted(spellings.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
            iri = self.b.item("speaker", sid, AM.Speaker, AM.Person)
            self.b.add((iri, RDFS.label, Literal(min(names, key=lambda n: (-names[n], n)))))

    def add_nodes(self, source: URIRef) -> None:
        """Claims (I-nodes), locutions (L-nodes) and transitions (TA-nodes)."""
        b, nodes = self.b, self.nodes
        for nid, node in nodes.items():
            kind = node["type"]
            if kind == "I":
                claim = b.item("claim", node_local_id(kind, nid), AM.Claim)
                b.add((claim, AM.text, Literal(node["text"])))
            elif kind == "L":
                loc = b.item("locution", node_local_id(kind, nid), AM.Locution)
                b.add((loc, AM.speaker, self.speaker_of(nid)), (loc, AM.source, source), (loc, AM.quote, Literal(self.speakers[nid][1])))
            elif kind == "TA":
                self._add_transition(nid, node)

    def _add_transition(self, nid: str, node: dict[str, Any]) -> None:
        b, nodes, iri_of = self.b, self.nodes, self.iri_of
        transition = b.item("transition", node_local_id("TA", nid), AM.Transition)
        _add_scheme(b, transition, node)
        earlier = [x for x in self.pred[nid] if nodes[x]["type"] == "L"]
        later = [x for x in self.succ[nid] if nodes[x]["type"] == "L"]
        b.add(*((transition, AM.fromLocution, iri_of(x)) for x in earlier), *((transition, AM.toLocution, iri_of(x)) for x in later))
        b.add(*((iri_of(y), AM.repliesTo, iri_of(x)) for x in earlier for y in later))

    def add_relations(self) -> dict[str, list[URIRef]]:
        """A relation per premise and conclusion of each scheme node; the relations made for each."""
        relations_of: dict[str, list[URIRef]] = {}
        for nid, node in self.nodes.items():
            if node["type"] not in SCHEME_TYPES:
                continue
            premises = [x for x in self.pred[nid] if self.nodes[x]["type"] == "I"]
            conclusions = [x for x in self.succ[nid] if self.nodes[x]["type"] == "I"]
            if not premises or not conclusions:
                self.report.incomplete_schemes += 1
                continue
            relations_of[nid] = self._add_scheme_relations(nid, node, premises, conclusions)
        return relations_of

    def _add_scheme_relations(self, nid: str, node: dict[str, Any], premises: list[str], conclusions: list[str]) -> list[URIRef]:
        b = self.b
        rtype = "undercuts" if _scheme(node) == UNDERCUT_SCHEME else RELATION_OF_SCHEME[node["type"]]
        base = node_local_id(node["type"], nid)
        made = []
        for k, (premise, conclusion) in enumerate(((p, c) for c in conclusions for p in premises), start=1):
            relation = b.item("relation", base if k == 1 else f"{base}.{k}", AM.Relation, RELATION_CLASSES[rtype])
            a, z = self.iri_of(premise), self.iri_of(conclusion)
            b.add((relation, AM["from"], a), (relation, AM.to, z), (a, RELATION_SHORTCUTS[rtype], z))
            if rtype != "undercuts":
                _add_scheme(b, relation, node)
            made.append(relation)
        for n in range(len(conclusions)):  # linked premises: the relations of one conclusion (am:jointWith's definition)
            linked = made[n * len(premises):(n + 1) * len(premises)]
            b.add(*((r, AM.jointWith, s) for r in linked for s in linked if r != s))
        return made

    def add_uses(self, relations_of: dict[str, list[URIRef]]) -> None:
        """What each YA node says: a locution asserts a claim (``am:hasLocution``, ``am:asserts``), or a
        transition anchors a relation (``am:anchoredIn``) drawn by the speaker of its later locution."""
        b, nodes, succ, iri_of = self.b, self.nodes, self.succ, self.iri_of
        for nid, node in nodes.items():
            if node["type"] != "YA":
                continue
            for target in succ[nid]:
                if nodes[target]["type"] == "I":
                    asserted = iri_of(target)
                    for said in (y for x in self.pred[nid] for y in locutions_behind_one(x, nodes, succ)):
                        b.add((asserted, AM.hasLocution, iri_of(said)), (self.speaker_of(said), AM.asserts, asserted))
                        _add_scheme(b, iri_of(said), node, AM.illocution)
                for relation in relations_of.get(target, ()):
                    for anchor in self.pred[nid]:
                        if nodes[anchor]["type"] == "TA":
                            b.add((relation, AM.anchoredIn, iri_of(anchor)))
                        b.add(*((relation, AM.drawnBy, self.speaker_of(loc)) for loc in locutions_behind_one(anchor, nodes, succ)))


def locutions_behind_one(source: str, nodes: dict[str, dict[str, Any]], succ: dict[str, list[str]]) -> list[str]:
    """The locution that performs an illocution coming from ``source``: itself if it is an L-node,
    the L-nodes a transition leads to if it is a TA-node.

    Examples
    --------
    >>> nodes = {"1": {"type": "L"}, "2": {"type": "TA"}, "3": {"type": "L"}}
    >>> locutions_behind_one("1", nodes, {}), locutions_behind_one("2", nodes, {"2": ["3"]})
    (['1'], ['3'])
    """
    if nodes[source]["type"] == "L":
        return [source]
    return [y for y in succ[source] if nodes[y]["type"] == "L"]


def _add_scheme(b: _Builder, subject: URIRef, node: dict[str, Any], predicate: URIRef = AM.scheme) -> None:
    scheme = _scheme(node)
    if scheme != DEFAULT_SCHEME[node["type"]]:
        b.add((subject, predicate, Literal(scheme)))


def read_aif(path: Path | str, debate: str | None = None) -> tuple[Graph, AifReport]:
    """Read an AIF JSON file into RDF; also return what was skipped as noise.

    Parameters
    ----------
    path : Path or str
        An AIF JSON file (AIFdb, OVA or QT30).
    debate : str, optional
        The debate id; the file's stem, made a local id, if None.

    Returns
    -------
    tuple of (rdflib.Graph, AifReport)
        The debate's triples, and what was skipped.

    Examples
    --------
    >>> graph, report = read_aif("tests/fixtures/formats/town.json")
    >>> len(graph), report.summary()
    (145, 'tests/fixtures/formats/town.json: 2 edges fitting no IAT pattern skipped (L->L 1, YA->L 1)')
    """
    path = Path(path)
    nodeset = parse_nodeset(read_json(path), str(path))
    report = AifReport(str(path))
    graph = nodeset_to_rdf(nodeset, debate or debate_id_for(path), path.stem, report)
    return graph, report


def read(path: Path) -> Graph:
    """The reader plugin: :func:`read_aif`, logging a one-line warning when noise was skipped.

    Examples
    --------
    >>> len(read(Path("tests/fixtures/formats/town.json")))
    145
    """
    graph, report = read_aif(path)
    if report.warnings:
        log.warning(report.summary())
    return graph


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


def _kept_id(graph: Graph, item: Node, prefix: str, keep: bool) -> str | None:
    """The AIF nodeID an item imported from AIF had (its local id ``<prefix>.<nodeID>``), if ``keep``."""
    local = str(graph.value(item, AM.localId) or "")
    rest = local[len(prefix) + 1:]
    return aif_node_id(rest) if keep and local.startswith(prefix + ".") and "." not in rest else None


def _ordered(graph: Graph, items: set[Node]) -> list[Node]:
    def key(node: Node) -> tuple[int, str]:
        order = graph.value(node, AM.order)
        return (int(str(order)) if order is not None else 0, str(node))
    return sorted(items, key=key)


def _joint_groups(graph: Graph, relations: list[Node]) -> list[list[Node]]:
    """Relations grouped by ``am:jointWith`` (connected groups), in the order of their first member."""
    group_of: dict[Node, int] = {}
    groups: list[list[Node]] = []
    for r in relations:
        if r in group_of:
            continue
        group: list[Node] = []
        stack = [r]
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


def _relation_ids(graph: Graph, group: list[Node], keep: bool) -> str | None:
    """The nodeID of the S-node of a group of relations imported from one AIF S-node."""
    ids = {aif_node_id(str(graph.value(r, AM.localId)).split(".")[1]) for r in group if str(graph.value(r, AM.localId)).count(".") in (1, 2)}
    prefixes = {str(graph.value(r, AM.localId)).split(".")[0] for r in group}
    return ids.pop() if keep and len(ids) == 1 and len(prefixes) == 1 and prefixes <= {"ra", "ca", "ma"} else None


def _speaker_name(graph: Graph, speaker: Node | None) -> str:
    label = graph.value(speaker, RDFS.label) if speaker is not None else None
    return str(label) if label is not None else UNKNOWN_SPEAKER


ITEM_CLASSES = (AM.Claim, AM.Locution, AM.Transition, AM.Relation)


def items_by_debate(graph: Graph) -> dict[tuple[Node, URIRef], set[Node]]:
    """The claims, locutions, transitions and relations of each debate, keyed by (debate, class).

    Examples
    --------
    >>> from argmap import load
    >>> items = items_by_debate(load("tests/fixtures/mini.yaml"))
    >>> len(items[(debates_in(load("tests/fixtures/mini.yaml"))[0], AM.Claim)])
    5
    """
    debate_of = dict(graph.subject_objects(AM.inDebate))
    out: dict[tuple[Node, URIRef], set[Node]] = defaultdict(set)
    for cls in ITEM_CLASSES:
        for item in graph.subjects(RDF.type, cls):
            if item in debate_of:
                out[(debate_of[item], cls)].add(item)
    return out


def write_debate(graph: Graph, items: dict[tuple[Node, URIRef], set[Node]], debate: URIRef, out: _Nodeset, keep_ids: bool,
                 people: dict[str, str]) -> list[dict]:
    """Add one debate's nodes and edges to ``out``; return its locutions list entries.

    ``items`` is :func:`items_by_debate` of the graph; ``keep_ids`` keeps the nodeIDs of items
    imported from AIF; ``people`` numbers the speakers by name across debates (it grows).

    Examples
    --------
    >>> from argmap import load
    >>> graph = load("tests/fixtures/mini.yaml")
    >>> out, people = _Nodeset(set()), {}
    >>> entries = write_debate(graph, items_by_debate(graph), debates_in(graph)[0], out, False, people)
    >>> len(entries) == len([n for n in out.nodes if n["type"] == "L"]), sorted(people)[:2]
    (True, ['Ana Ruiz', 'Ben Okafor'])
    """
    node_of: dict[Node | None, str] = {}
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


def _write_scheme_node(graph: Graph, group: list[Node], out: _Nodeset, node_of: dict[Node | None, str], keep_ids: bool) -> None:
    first = group[0]
    rtype = next((RELATION_TYPE_OF[t] for t in graph.objects(first, RDF.type) if t in RELATION_TYPE_OF), "supports")
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


def _locutions_by(graph: Graph, speakers: set[Node], premises: list[Node | None]) -> Iterator[Node]:
    """Locutions of ``speakers``: those uttering one of ``premises`` first, then any other (each in IRI order)."""
    if not speakers:
        return
    for premise in premises:
        yield from sorted((loc for loc in graph.objects(premise, AM.hasLocution) if graph.value(loc, AM.speaker) in speakers), key=str)
    yield from sorted((loc for s in speakers for loc in graph.subjects(AM.speaker, s)), key=str)


def write_aif(graph: Graph) -> str:
    """The graph as AIF JSON: ``nodes``, ``edges``, ``locutions`` and ``participants``.

    With one debate, items imported from AIF keep their nodeIDs; with several, all ids are fresh.

    Examples
    --------
    >>> import json
    >>> graph, _ = read_aif("tests/fixtures/formats/town.json")
    >>> document = json.loads(write_aif(graph))
    >>> sorted(document), [n["nodeID"] for n in document["nodes"] if n["type"] == "I"]
    (['edges', 'locutions', 'nodes', 'participants'], ['11', '12', '13', '14'])
    """
    debates = debates_in(graph)
    keep_ids = len(debates) == 1
    taken = set()
    if keep_ids:
        taken = {aif_node_id(str(v).split(".")[1]) for v in graph.objects(None, AM.localId) if str(v).count(".") in (1, 2) and str(v).split(".")[0] in ("i", "l", "ta", "ra", "ca", "ma")}
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


