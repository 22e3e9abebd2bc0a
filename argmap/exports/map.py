"""The interactive map: a view of the debate built as a pyvis network, rendered into argmap's own page.

pyvis builds the nodes and edges; our single-file template inlines vis-network (from pyvis's own
package files), so the page makes no network request at all, and adds a legend, a search box,
filters and a side panel. Every string from a debate travels as JSON data (``<``, ``>``, ``&``
escaped) and the page shows it with ``textContent`` or as canvas text, never parsed as HTML.
Positions are computed ahead (:mod:`argmap.exports.layout`) and the page draws with physics off,
so a map opens laid out at any size and looks the same every time.
"""
from __future__ import annotations

import datetime as _dt
import html as _html
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import cast

import networkx as nx
from pyvis.network import Network
from rdflib import RDF, RDFS, Graph, URIRef

from argmap.analysis import Report, analyze, annotate, speaker_identities, summary
from argmap.analysis.triples import Source, triples_of
from argmap.errors import ArgmapError
from argmap.exports import views
from argmap.exports.layout import ClaimSlot, SpeakerSlot, debate_layout, grouped_layout, positions, rows_above
from argmap.exports.views import VIEWS, Reader, reader_of, view, view_counts, who_answers_whom
from argmap.extraction.stance import LABELLED_METHODS, SPEAKER_LABEL_CONFIDENCE, SPEAKER_LABEL_METHOD
from argmap.graph.formats.yaml import FIELDS, NESTED, REQUIRED_LISTS, debate_document
from argmap.graph.model import RELATION_TYPES, STANCES
from argmap.graph.rdf import AM, debates_in, item_iri, rdf_to_debate
from argmap.io import write_atomic

# Okabe & Ito (2008), "Color Universal Design": hues that stay apart for every common colour-vision
# deficiency. Claims: blue tint = pro, vermillion tint = con; relations: bluish green = supports,
# vermillion dashed = attacks. Every colour is paired with a shape or a dash style as well.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Camps take the Okabe-Ito colours that no colour-vision deficiency confuses with the pro (blue) or
# con (orange) fill of a claim (yellow fails for tritanopes); speakers are also dots, never boxes.
# Bluish green comes last, as it is also the colour of supports and agreement. A fourth camp takes
# the first colour again: the legend names every camp.
CAMP_COLOURS = ["#CC79A7", "#000000", "#009E73"]
SPEAKER_SHAPES = {"person": "dot", "organisation": "diamond", "group": "triangle"}
SPEAKER_COLOUR = "#555555"
SPEAKER_FONT = 34
CLAIM_FONT, CENTRAL_CLAIM_FONT, CENTRAL_CLAIMS = 13, 34, 5
"""Claim text size: CENTRAL_CLAIM_FONT (as large as speaker names) for the CENTRAL_CLAIMS claims of
highest PageRank, so that they can be read with the whole map in view; the others from CLAIM_FONT up."""
CLAIM_WRAP_PX = 190
"""Claim labels are wrapped to about this many pixels of text."""
UNALIGNED_COLOUR = "#999999"
CLAIM_FILLS = {"pro": "#CFE2F3", "con": "#F9D3BF", "neutral": "#E6E6E6"}
CLAIM_BORDER = "#4D4D4D"
EDGE_STYLES = {
    "asserts": {"color": "#9DB4C7", "dashes": False, "width": 1},
    "supports": {"color": "#009E73", "dashes": False, "width": 2.5},
    "attacks": {"color": "#D55E00", "dashes": [10, 6], "width": 2.5},
    "undercuts": {"color": "#E69F00", "dashes": [3, 5], "width": 2.5},
    "rephrases": {"color": "#666666", "dashes": [14, 4, 3, 4], "width": 1.5},
    "agrees": {"color": "#009E73", "dashes": False, "width": 2},
    "disagrees": {"color": "#D55E00", "dashes": [10, 6], "width": 2},
    "mixed": {"color": "#666666", "dashes": [3, 5], "width": 2},
}
RELATION_LABELS = {
    "asserts": "asserts (speaker → claim)", "supports": "supports", "attacks": "attacks (rebuts)",
    "undercuts": "undercuts", "rephrases": "rephrases", "agrees": "mostly agree", "disagrees": "mostly disagree",
    "mixed": "agree and disagree equally",
}
STATUS_BORDERS = {"IN": False, "OUT": [8, 5], "UNDEC": [2, 4]}
STATUS_LABELS = {"IN": "stands (IN)", "OUT": "falls (OUT)", "UNDEC": "undecided"}
STATUS_EXPLAINED = {
    "IN": "stands: every attack on it is answered by a claim that stands",
    "OUT": "falls: an attack on it is left unanswered",
    "UNDEC": "undecided: the attacks around it go in a circle",
}
"""Acceptability under grounded semantics (Dung 1995), in plain words."""
MEASURES_EXPLAINED = {
    "strength": "strength (0 to 1): how well the claim holds up once its supports and attacks are weighed",
    "pagerank": "centrality (bigger text): how much of the debate leans on this claim, through supports and attacks (PageRank)",
}

def faded(colour: str, share: float = 0.55) -> str:
    """``colour`` (``#RRGGBB``) mixed with ``share`` of white: how the map draws what is only suggested.

    >>> faded("#009E73"), faded("#000000", 0.5)
    ('#8CD3C0', '#808080')
    """
    channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * share):02X}" for c in channels)


SUGGESTED_FILLS = {stance: faded(fill, 0.6) for stance, fill in CLAIM_FILLS.items()}
SUGGESTED_BORDER = "#9A9A9A"
"""A claim whose stance (and wording) ``argmap draft`` suggested and nobody has reviewed: a paler fill, a grey border."""
SUGGESTED_EDGE_STYLES = {relation: {"color": faded(str(style["color"])), "dashes": style["dashes"], "width": 1.5}
                         for relation, style in EDGE_STYLES.items() if relation in ("supports", "attacks", "undercuts", "rephrases")}
"""A suggested relation: its type's colour faded and its dashes, thinner."""
TEMPLATE = files("argmap.exports").joinpath("templates/map.html")
CURATE_TEMPLATE = files("argmap.exports").joinpath("templates/curate.html")
VIS_JS = files("pyvis").joinpath("templates/lib/vis-9.1.2/vis-network.min.js")


def _wrap(text: str, width: int = 20, max_lines: int = 2) -> str:
    """``text`` broken into at most ``max_lines`` lines of about ``width`` characters (… when cut)."""
    words = [w[i:i + width] for w in text.split() for i in range(0, len(w), width)]
    lines, line = [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return "\n".join(lines)


def claim_font(weight: float, central: bool = False) -> int:
    """The text size of a claim whose PageRank is ``weight`` times the view's highest: CENTRAL_CLAIM_FONT
    for one of the ``central`` claims, else CLAIM_FONT and up to half as large again, with the square of the weight.

    >>> claim_font(1.0, central=True), claim_font(0.9), claim_font(0.5), claim_font(0.1)
    (34, 18, 15, 13)
    """
    return CENTRAL_CLAIM_FONT if central else CLAIM_FONT + round(CLAIM_FONT / 2 * weight ** 2)


def node_groups() -> dict[str, dict]:
    """vis-network group styles, one per kind of node, shared by every view: a speaker's shape by
    their kind (:data:`SPEAKER_SHAPES`), a claim's fill by stance (:data:`CLAIM_FILLS`), paler when suggested.

    >>> groups = node_groups()
    >>> sorted(groups)[:4], groups["speaker-group"]["shape"], groups["claim-con"]["color"]["background"]
    (['claim-con', 'claim-con-suggested', 'claim-neutral', 'claim-neutral-suggested'], 'triangle', '#F9D3BF')
    """
    font = {"face": "system-ui, sans-serif", "strokeWidth": 4, "strokeColor": "#ffffff"}
    groups = {
        f"speaker-{kind}": {"shape": shape, "color": {"background": SPEAKER_COLOUR, "border": "#1d1d1d"},
                            "borderWidth": 1.5, "size": 20, "font": {**font, "size": SPEAKER_FONT}}
        for kind, shape in SPEAKER_SHAPES.items()
    }
    for stance, fill in CLAIM_FILLS.items():
        for group, background, border in ((f"claim-{stance}", fill, CLAIM_BORDER),
                                           (f"claim-{stance}-suggested", SUGGESTED_FILLS[stance], SUGGESTED_BORDER)):
            groups[group] = {
                "shape": "box", "margin": 8, "borderWidth": 1.5,
                "color": {"background": background, "border": border, "highlight": {"background": background, "border": "#000000"}},
                "font": {"face": "system-ui, sans-serif", "size": CLAIM_FONT, "color": "#1d1d1d"},
            }
    return groups


NODE_GROUPS = node_groups()
DEBATE_GROUP = {"shape": "box", "margin": 8, "borderWidth": 1.5, "color": {"background": "#F2F2F2", "border": "#8C8C8C"},
                "font": {"face": "system-ui, sans-serif", "size": 14, "color": "#1d1d1d"}}
"""A debate of the corpus overview, drawn as a box over the place its claims take when it is opened."""


def camp_colours(view_graph: nx.Graph) -> dict[str, str]:
    """One colour of :data:`CAMP_COLOURS` per speaker camp (``am:inCamp``), camps in sorted order (none without camps).

    >>> from argmap import load
    >>> from argmap.analysis import annotate
    >>> shown = view(annotate(load("tests/fixtures/mini.yaml")))
    >>> camp_colours(shown), camp_colours(view(load("tests/fixtures/mini.yaml")))
    ({'Camp 1': '#CC79A7', 'Camp 2': '#000000'}, {})
    """
    camps = sorted({d["camp"] for _, d in view_graph.nodes(data=True) if d.get("camp") is not None})
    return {camp: CAMP_COLOURS[i % len(CAMP_COLOURS)] for i, camp in enumerate(camps)}


def speaker_leanings(view_graph: nx.Graph) -> dict[str, tuple[int, int]]:
    """Per speaker of the view, how many of the claims they assert in it are pro and how many con.

    >>> from argmap import load
    >>> leanings = speaker_leanings(view(load("tests/fixtures/mini.yaml")))
    >>> {speaker.rsplit("/", 1)[1]: pro_con for speaker, pro_con in leanings.items()}
    {'ana': (2, 0), 'ben': (0, 2), 'council': (1, 0), 'residents': (1, 0)}
    """
    lean: dict[str, list[int]] = {n: [0, 0] for n, d in view_graph.nodes(data=True) if d["kind"] == "speaker"}
    for _, d in view_graph.nodes(data=True):
        if d["kind"] == "claim" and d["stance"] in ("pro", "con"):
            for s in d["speakers"]:
                lean.setdefault(s, [0, 0])[0 if d["stance"] == "pro" else 1] += 1
    return {s: (p, c) for s, (p, c) in lean.items()}


def lean_words(pro: int, con: int) -> str:
    """What a camp or speaker holds, in words, from how many of their claims are pro and con.

    >>> lean_words(9, 2), lean_words(1, 5), lean_words(3, 3), lean_words(0, 0)
    ('mostly for', 'mostly against', 'split', 'no stance')
    """
    if pro + con == 0:
        return "no stance"
    share = pro / (pro + con)
    return "mostly for" if share >= 0.6 else "mostly against" if share <= 0.4 else "split"


def named_camps(view_graph: nx.Graph, leanings: dict[str, tuple[int, int]] | None = None) -> list[dict]:
    """The camps of the view's speakers, each named by what it holds and who is in it.

    A camp is "mostly for" when at least 60 % of the stance-bearing claims its members assert in
    the view are pro, "mostly against" at most 40 %, else "split". Members are listed by claims
    asserted (most first). Each camp: ``camp`` (its id), ``colour``, ``lean``, ``pro``, ``con``,
    ``members`` (IRIs), ``label`` (e.g. "mostly for: Eliot Mack, James Cameron, +2 more").
    ``leanings`` (per speaker, pro and con claims) default to :func:`speaker_leanings` of the view.

    >>> from argmap import load
    >>> from argmap.analysis import annotate
    >>> shown = view(annotate(load("tests/fixtures/mini.yaml")))
    >>> [(camp["camp"], camp["colour"], camp["pro"], camp["con"], camp["label"]) for camp in named_camps(shown)]
    [('Camp 1', '#CC79A7', 4, 0, 'mostly for: Ana Ruiz, Some residents, Town Council'), ('Camp 2', '#000000', 0, 2, 'mostly against: Ben Okafor')]
    """
    colours = camp_colours(view_graph)
    leanings = speaker_leanings(view_graph) if leanings is None else leanings
    result = []
    for camp, colour in colours.items():
        members = [n for n, d in view_graph.nodes(data=True) if d["kind"] == "speaker" and d.get("camp") == camp]
        members.sort(key=lambda s: (-sum(leanings.get(s, (0, 0))), view_graph.nodes[s]["name"], s))
        pro, con = sum(leanings.get(s, (0, 0))[0] for s in members), sum(leanings.get(s, (0, 0))[1] for s in members)
        lean = lean_words(pro, con) if pro + con else str(camp)
        names = [view_graph.nodes[s]["name"] for s in members]
        shown = ", ".join(names[:3]) + (f", +{len(names) - 3} more" if len(names) > 3 else "")
        result.append({"camp": camp, "colour": colour, "lean": lean, "pro": pro, "con": con, "members": members,
                       "label": f"{lean}: {shown}"})
    return result


def legend(view_graph: nx.Graph, camps: list[dict] | None = None, max_camps: int | None = None) -> list[dict]:
    """The legend of a view: an entry for each kind of node, status, camp and relation it shows.

    One entry per kind of node, status, camp (``camps``: :func:`named_camps` of the view by
    default; with ``max_camps``, only that many of the largest and a line saying how many more)
    and relation the view shows, the lines on what ``argmap draft`` suggested
    (:func:`suggestion_legend`), and one line on each measure claims carry.

    Parameters
    ----------
    view_graph : networkx.Graph
        A view (:func:`argmap.exports.views.view`).
    camps : list of dict or None, optional
        The view's camps as :func:`named_camps` gives them; by default computed from the view.
    max_camps : int or None, optional
        Name only this many of the camps with most members; all when None.

    Returns
    -------
    list of dict
        The entries in the order the page shows them, each with ``type`` (``node``, ``edge`` or
        ``text``) and ``label``; a node entry has ``shape`` and ``color`` (and ``dashes`` and
        ``note`` for a status), an edge entry its ``color``, ``dashes`` and ``width``.

    See Also
    --------
    page_data : The page's data, which carries the legend.

    Examples
    --------
    >>> from argmap import load
    >>> from argmap.analysis import annotate
    >>> from argmap.exports.views import view
    >>> trade = view(annotate(load("tests/fixtures/mini.yaml")), issue="trade")
    >>> [item["label"] for item in legend(trade) if item["type"] == "node"]
    ['speaker: person', 'speaker: organisation', 'mostly for: Ana Ruiz, Town Council', 'mostly against: Ben Okafor', 'claim: pro', 'claim: con', 'stands (IN)', 'falls (OUT)']
    >>> [item["label"] for item in legend(trade) if item["type"] == "edge"]
    ['asserts (speaker → claim)', 'attacks (rebuts)']
    """
    data = [d for _, d in view_graph.nodes(data=True)]
    camps = named_camps(view_graph) if camps is None else camps
    items: list[dict] = []
    for kind, shape in SPEAKER_SHAPES.items():
        if any(d["kind"] == "speaker" and d["speakerKind"] == kind for d in data):
            items.append({"type": "node", "shape": shape, "color": "#555555" if camps else SPEAKER_COLOUR, "label": f"speaker: {kind}"})
    shown = camps if max_camps is None else sorted(camps, key=lambda c: -len(c["members"]))[:max_camps]
    for camp in shown:
        items.append({"type": "node", "shape": "dot", "color": camp["colour"], "label": camp["label"]})
    if len(shown) < len(camps):
        items.append({"type": "text", "label": f"{len(camps) - len(shown)} more camps: a person's camp is in their panel"})
    if camps and any(d["kind"] == "speaker" and d.get("camp") is None for d in data):
        items.append({"type": "node", "shape": "dot", "color": UNALIGNED_COLOUR, "label": "speaker in no camp"})
    for stance, fill in CLAIM_FILLS.items():
        if any(d["kind"] == "claim" and (d["stance"] or "neutral") == stance for d in data):
            label = {"pro": "claim: pro", "con": "claim: con", "neutral": "claim: no stance"}[stance]
            items.append({"type": "node", "shape": "box", "color": fill, "label": label})
    for status, dashes in STATUS_BORDERS.items():
        if any(d.get("status") == status for d in data):
            items.append({"type": "node", "shape": "box", "color": "#ffffff", "dashes": dashes, "label": STATUS_LABELS[status],
                          "note": STATUS_EXPLAINED[status]})
    present = {d["relation"] for *_, d in view_graph.edges(data=True)}
    for relation, style in EDGE_STYLES.items():
        if relation in present:
            items.append({"type": "edge", **style, "label": RELATION_LABELS[relation]})
    items += suggestion_legend(view_graph)
    for measure, words in MEASURES_EXPLAINED.items():
        if any(d.get(measure) is not None for d in data if d["kind"] == "claim"):
            items.append({"type": "text", "label": words})
    return items



def suggestion_legend(view_graph: nx.Graph) -> list[dict]:
    """The legend's lines on what ``argmap draft`` suggested and nobody has reviewed, when the view shows any.

    >>> from argmap import load
    >>> [item["label"] for item in suggestion_legend(view(load("tests/fixtures/drafted.yaml")))]
    ['suggested claim: pale until reviewed', 'suggested relation: faded and thin until reviewed']
    >>> suggestion_legend(view(load("tests/fixtures/mini.yaml")))
    []
    """
    items: list[dict] = []
    if any(d["kind"] == "claim" and d.get("suggested") for _, d in view_graph.nodes(data=True)):
        items.append({"type": "node", "shape": "box", "color": SUGGESTED_FILLS["pro"], "label": "suggested claim: pale until reviewed",
                      "note": "argmap draft proposed its wording and stance; the panel gives its confidence and why"})
    if any(d.get("suggested") for *_, d in view_graph.edges(data=True)):
        items.append({"type": "edge", **SUGGESTED_EDGE_STYLES["supports"], "label": "suggested relation: faded and thin until reviewed"})
    return items


PAGE_OMITS = frozenset({"speakers", "issueTitle", "debate"})
"""View attributes the page does without: it reads speakers from the quotes and issue titles from the issue filter."""


def _page_details(node: str, data: dict) -> dict:
    """What a node carries into the page: its IRI and view attributes, numbers to 4 significant digits,
    each quote's speaker by IRI only (names are in the speaker filter's list)."""
    details: dict = {"iri": node}
    for key, value in data.items():
        if value is None or key in PAGE_OMITS:
            continue
        if isinstance(value, float):
            value = float(f"{value:.4g}")
        if key == "quotes":
            value = [{k: v for k, v in q.items() if v is not None and k != "speakerName"} for q in value]
        details[key] = value
    return details


class _NodeIds(list):
    """pyvis keeps node ids in a list and checks membership for every edge; this list answers in O(1)."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set = set()

    def append(self, item) -> None:
        super().append(item)
        self._members.add(item)

    def __contains__(self, item) -> bool:
        return item in self._members


def build_network(view_graph: nx.Graph) -> Network:
    """The pyvis network of a view (see :mod:`argmap.exports.views`).

    Nodes get short ids (``n0``, ``n1``… in the view's order) and carry the view's attributes
    under ``am`` (with ``am.iri``). Speakers are dots, diamonds or triangles by kind, coloured by
    camp when the analysis found camps (grey: in no camp); claims are boxes filled by stance, their text larger the
    higher their PageRank and their border dashed when the analysis defeated them (OUT) or left
    them undecided. Edges carry ``relation``; the page styles them from :data:`EDGE_STYLES`.

    Parameters
    ----------
    view_graph : networkx.Graph
        A view (:func:`argmap.exports.views.view`); annotate the graph first
        (:func:`argmap.analysis.annotate`) for statuses, PageRank sizes and camps.

    Returns
    -------
    pyvis.network.Network
        The network: ``nodes`` with ids ``n0``, ``n1``…, labels, groups (:func:`node_groups`) and
        the view's attributes under ``am``; ``edges`` with ids ``e0``, ``e1``… in the order of
        :func:`view_edges`. Positions are not set (:func:`page_data` sets them).

    See Also
    --------
    page_data : The network with positions and everything else the page needs.

    Examples
    --------
    >>> from argmap import load
    >>> from argmap.analysis import annotate
    >>> from argmap.exports.views import view
    >>> trade = view(annotate(load("tests/fixtures/mini.yaml")), issue="trade")
    >>> net = build_network(trade)
    >>> [(node["id"], node["group"]) for node in net.nodes]
    [('n0', 'claim-pro'), ('n1', 'claim-con'), ('n2', 'claim-pro'), ('n3', 'speaker-person'), ('n4', 'speaker-person'), ('n5', 'speaker-organisation')]
    >>> [(edge["from"], edge["relation"], edge["to"]) for edge in net.edges][:3]
    [('n1', 'attacks', 'n0'), ('n2', 'attacks', 'n1'), ('n3', 'asserts', 'n0')]
    """
    net = Network(directed=True, height="100%", width="100%")
    net.node_ids = _NodeIds()
    ids = {node: f"n{i}" for i, node in enumerate(view_graph.nodes)}
    colours = camp_colours(view_graph)
    ranks = sorted(((-d["pagerank"], i, n) for i, (n, d) in enumerate(view_graph.nodes(data=True)) if d["kind"] == "claim"))
    top_rank = -ranks[0][0] if ranks and ranks[0][0] else 1.0
    central = {n for *_, n in ranks[:CENTRAL_CLAIMS]}
    most_claims = max((d.get("claims", 0) for _, d in view_graph.nodes(data=True)), default=0) or 1
    for node, data in view_graph.nodes(data=True):
        options: dict = {"am": _page_details(node, data)}
        if data["kind"] == "speaker":
            group = f"speaker-{data['speakerKind']}"
            label = _wrap(data["name"], 18, 2)
            if "claims" in data:
                options["size"] = 12 + round(18 * data["claims"] / most_claims)
        else:
            group = f"claim-{data['stance'] or 'neutral'}" + ("-suggested" if data.get("suggested") else "")
            size = claim_font(data["pagerank"] / top_rank, node in central)
            label = _wrap(data["text"], max(12, round(CLAIM_WRAP_PX / (0.6 * size))),
                          2 if size < 18 else 3 if size < 26 else 4)
            options["font"] = {"size": size}
            if data.get("status") in STATUS_BORDERS:
                options["shapeProperties"] = {"borderDashes": STATUS_BORDERS[data["status"]]}
                options["borderWidth"] = 2
        net.add_node(ids[node], label=label, shape=NODE_GROUPS[group]["shape"], group=group, **options)
        if data["kind"] == "speaker" and colours:
            # pyvis drops ``color`` when a node has a group, so the camp colour is set afterwards.
            net.node_map[ids[node]]["color"] = {"background": colours.get(str(data.get("camp")), UNALIGNED_COLOUR), "border": "#1d1d1d"}
    for n, (u, v, _key, data) in enumerate(view_edges(view_graph)):
        options = {"id": f"e{n}", "relation": data["relation"]}
        details = {k: v for k, v in data.items() if v is not None and k != "relation"}
        if details:
            options["am"] = details
        if "weight" in data:
            options["width"] = 1 + min(abs(data["weight"]), 8) * 1.25
            options["arrows"] = ""
        net.add_edge(ids[u], ids[v], **options)
    return net


def view_edges(view_graph: nx.Graph) -> Iterator[tuple[str, str, str | None, dict]]:
    """The edges of a view as (from, to, key, data), in the order the page numbers them (``e0``, ``e1``…); the
    key of a relation between claims is its IRI (the speakers view's edges have none).

    >>> from argmap import load
    >>> graph = load("tests/fixtures/mini.yaml")
    >>> [key.rsplit("/", 1)[1] for *_, key, _ in view_edges(view(graph, "claims"))][:2]
    ['ben-deliveries.attacks.ana-footfall', 'council-loading.attacks.ben-deliveries']
    >>> [(u.rsplit("/", 1)[1], v.rsplit("/", 1)[1], key, data["relation"]) for u, v, key, data in view_edges(view(graph, "speakers"))][:1]
    [('ana', 'ben', None, 'disagrees')]
    """
    if view_graph.is_multigraph():
        yield from cast(nx.MultiGraph, view_graph).edges(keys=True, data=True)
    else:
        yield from ((u, v, None, d) for u, v, d in view_graph.edges(data=True))


def _json_for_script(value: object) -> str:
    """JSON that is safe inside an HTML ``<script>`` element (no ``</script>``, no comments, no entities)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_iso)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _iso(value: object) -> str:
    """A date (a source's) as JSON: its ISO text, as a debate file writes it."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON data")


CURATE_KEYS = {"next": "n", "accept": "a", "reject": "r", "flip": "f", "pro": "p", "con": "c", "no-stance": "0",
               "edit": "e", "merge": "m", "reverse": "v", "undo": "z", "download": "d",
               "supports": "s", "attacks": "t", "undercuts": "u", "rephrases": "w"}
"""The curation mode's keys (docs/map.md): walk, review and correct the suggestions, draw relations of each type."""


def wants_curation(reader: Reader, view_graph: nx.Graph, curate: bool | None) -> bool:
    """Whether the page gets the curation mode: ``curate`` when given (True needs one debate in an rdflib
    graph, drawn with its claims), else when the map is of one debate that holds unreviewed suggestions.

    >>> from argmap import load
    >>> mini, drafted = load("tests/fixtures/mini.yaml"), load("tests/fixtures/drafted.yaml")
    >>> wants_curation(mini, view(mini), None), wants_curation(drafted, view(drafted), None), wants_curation(mini, view(mini), True)
    (False, True, True)
    >>> wants_curation(drafted, view(drafted, "speakers"), True)
    Traceback (most recent call last):
    argmap.errors.ArgmapError: the curation mode edits one debate read from a file, drawn with its claims (not a store, a corpus or the speakers view)
    """
    if curate is False:
        return False
    possible = isinstance(reader, Graph) and view_graph.graph.get("name") != "speakers" and len(debates_in(reader)) == 1
    if curate and not possible:
        raise ArgmapError("the curation mode edits one debate read from a file, drawn with its claims "
                          "(not a store, a corpus or the speakers view)")
    return possible and (curate or next(cast(Graph, reader).triples((None, AM.suggestionConfidence, None)), None) is not None)


def curation(graph: Graph, view_graph: nx.Graph, nodes: list[dict]) -> dict:
    """What the curation mode needs to rebuild the debate file: the debate as the file holds it
    (:func:`argmap.graph.formats.yaml.debate_document`), the file's field order, the node of each claim
    and speaker, the edge of each relation (in the document's order), the keys, and the suggestion
    methods that come from labels (the rest are guesses, listed for the curator as
    :func:`argmap.extraction.drafting.guessed_sides` lists them).

    >>> from argmap import load
    >>> from argmap.exports.views import view
    >>> graph = load(["tests/fixtures/drafted.yaml"])
    >>> shown = view(graph)
    >>> data = curation(graph, shown, build_network(shown).nodes)
    >>> data["document"]["id"], len(data["claimNodes"]), None in data["relationEdges"]
    ('draft-article', 11, False)
    """
    debate = rdf_to_debate(graph, debates_in(graph)[0])
    node_of = {n["am"]["iri"]: n["id"] for n in nodes}
    claim_nodes, speaker_nodes = {}, {}
    for claim in debate.claims:
        iri = str(item_iri(debate.id, "claim", claim.id))
        if iri in node_of:
            claim_nodes[claim.id] = node_of[iri]
            for locution, quote in zip(claim.locutions, view_graph.nodes[iri]["quotes"]):
                if quote["speaker"] in node_of:
                    speaker_nodes[locution.speaker] = node_of[quote["speaker"]]
    edge_of = {key: f"e{n}" for n, (_, _, key, _) in enumerate(view_edges(view_graph)) if key is not None}
    return {
        "document": debate_document(debate), "fields": FIELDS, "nested": NESTED, "requiredLists": REQUIRED_LISTS,
        "stances": STANCES, "relationTypes": RELATION_TYPES, "keys": CURATE_KEYS, "fileName": f"{debate.id}.yaml",
        "claimNodes": claim_nodes, "speakerNodes": speaker_nodes,
        "speakerLabel": {"method": SPEAKER_LABEL_METHOD, "confidence": SPEAKER_LABEL_CONFIDENCE},
        "labelledMethods": sorted(LABELLED_METHODS),
        "relationEdges": [edge_of.get(str(item_iri(debate.id, "relation", r.id))) for r in debate.relations],
    }


def curation_part(data: dict) -> str:
    r"""The curation mode's part of the page (templates/curate.html) with its data, as JSON safe
    inside a ``<script>`` element.

    >>> part = curation_part({"note": "</script>"})
    >>> "{{CURATE_DATA}}" in part, '{"note":"\\u003c/script\\u003e"}' in part
    (False, True)
    """
    return CURATE_TEMPLATE.read_text(encoding="utf-8").replace("{{CURATE_DATA}}", _json_for_script(data))


def network_options() -> dict:
    """vis-network options: positions come from :func:`argmap.exports.layout.positions`, so physics is off.

    >>> options = network_options()
    >>> options["physics"], options["edges"]["smooth"], sorted(options["groups"]) == sorted(NODE_GROUPS)
    ({'enabled': False}, False, True)
    """
    return {
        "groups": NODE_GROUPS,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "keyboard": {"enabled": True, "bindToWindow": False},
                        "hideEdgesOnDrag": True, "hideEdgesOnZoom": True, "multiselect": False},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}}, "selectionWidth": 1.5},
        "nodes": {"scaling": {"label": {"drawThreshold": 3}}},
    }


def _issues(graph: Reader, view_graph: nx.Graph) -> list[dict]:
    """The issues the view's claims are on, each with the issues it covers (itself and its sub-issues)."""
    shown = {d["issue"] for _, d in view_graph.nodes(data=True) if d.get("issue")}
    issues = sorted(graph.subjects(RDF.type, AM.Issue), key=lambda i: (str(graph.value(i, AM.inDebate)), int(str(graph.value(i, AM.order) or 0)), str(i)))
    result = []
    for issue in issues:
        covered = {str(issue)} | {str(s) for s in graph.transitive_subjects(AM.subIssueOf, issue)}
        if covered & shown:
            depth = sum(1 for _ in graph.transitive_objects(issue, AM.subIssueOf)) - 1
            result.append({"iri": str(issue), "title": str(graph.value(issue, RDFS.label) or issue), "depth": depth,
                           "covers": sorted(covered)})
    return result


def label_box(node: dict) -> tuple[float, float]:
    r"""The width and height in pixels a node of the pyvis network takes on the canvas, label included.

    Estimated from the label (an average glyph is at most about 0.6 em wide in the sans-serif fonts
    browsers use) and the group's font size and margin; speakers are a symbol with the label below, counted on both sides so the box stays centred.

    >>> label_box({"group": "claim-pro", "label": "Loading bays\nbefore 10am"})
    (113.6, 52.5)
    >>> label_box({"group": "speaker-person", "label": "Ana Ruiz"})
    (163.2, 133.0)
    """
    group = NODE_GROUPS[node["group"]]
    font = node.get("font", {}).get("size", group["font"]["size"])
    lines = str(node["label"]).split("\n")
    text_w, text_h = max(len(line) for line in lines) * font * 0.6, len(lines) * font * 1.25
    if group["shape"] == "box":
        return (text_w + 2 * group["margin"] + 4, text_h + 2 * group["margin"] + 4)
    radius = node.get("size", group["size"])
    return (max(2 * radius, text_w), 2 * (radius + text_h + 4))


DEBATE_LIMIT = 1500
"""Up to this many nodes, one debate's map is drawn in the debate layout by default; above, the force layout."""
CORPUS_DEBATES = 20
"""A map of claims from more debates than this (or from several debates and more than DEBATE_LIMIT
nodes) opens on the corpus overview: one box per debate, the most active people, details on demand."""
CORPUS_SPEAKERS = 24
"""How many of the people who speak in several debates the corpus overview shows from the start."""
CORPUS_CAMPS = 4
"""The legend of a corpus map names this many of its largest camps (a corpus has dozens)."""
CORPUS_LABEL_PX = 8
"""In a corpus map, labels smaller than this on screen are not drawn (a one-debate map: 3 px)."""
OVERVIEW_WIDTH, OVERVIEW_FONT = 1100, 12
"""The corpus overview's people are drawn large enough, and spaced far enough apart, that names
OVERVIEW_FONT px high fit side by side when the whole corpus fits OVERVIEW_WIDTH px (the map's part of
a laptop screen); the page draws the names at least 13 px high whatever the zoom, where they fit."""
LAYOUTS = ("auto", "debate", "force", "corpus")
DEBATE_ASPECTS = (1.8, 1.3, 0.6)
"""The debate layout is shaped for maps of these widths / heights: a 1280 x 720 laptop screen less the
page header, a 1400 x 900 screen less the header and the controls, and a phone held upright; the page
takes the one that shows the whole map larger on its screen."""


def choose_layout(view_graph: nx.Graph, layout: str = "auto") -> str:
    """``debate``, ``force`` or ``corpus``: ``auto`` takes the debate layout for the claims of one debate
    (views who-argues-what and claims) up to :data:`DEBATE_LIMIT` nodes, the corpus overview for claims
    of more than :data:`CORPUS_DEBATES` debates (or of several and more than DEBATE_LIMIT nodes), else
    the force layout. The speakers view is always drawn in the force layout.

    >>> from argmap import load
    >>> graph = load("tests/fixtures/mini.yaml")
    >>> choose_layout(view(graph)), choose_layout(view(graph, "speakers"), "debate"), choose_layout(view(graph), "force")
    ('debate', 'force', 'force')
    >>> choose_layout(view(graph), "circle")
    Traceback (most recent call last):
    argmap.errors.ArgmapError: unknown layout 'circle' (known: auto, debate, force, corpus)
    """
    if layout not in LAYOUTS:
        raise ArgmapError(f"unknown layout '{layout}' (known: {', '.join(LAYOUTS)})")
    if view_graph.graph.get("name") == "speakers":
        return "force"
    if layout != "auto":
        return layout
    debates = {d.get("debate") for _, d in view_graph.nodes(data=True) if d["kind"] == "claim"}
    if len(debates) > CORPUS_DEBATES or (len(debates) > 1 and view_graph.number_of_nodes() > DEBATE_LIMIT):
        return "corpus"
    return "debate" if len(debates) == 1 and view_graph.number_of_nodes() <= DEBATE_LIMIT else "force"


def debate_slots(view_graph: nx.Graph, issues: list[dict]) -> tuple[dict, list, dict, dict]:
    """The arguments of :func:`argmap.exports.layout.debate_layout` for a view: claims by issue, stance
    and PageRank; speakers on the side their camp (or, in no camp, they themselves) leans to, grouped by
    camp, a split camp on the side with fewer speakers so far.

    >>> from argmap import load
    >>> from argmap.analysis import annotate
    >>> shown = view(annotate(load("tests/fixtures/mini.yaml")))
    >>> claims, bands, speakers, groups = debate_slots(shown, [])
    >>> claims[next(iter(claims))].side, bands, groups
    ('pro', [('', 'claims on no issue')], {'000': 'mostly for (3)', '001': 'mostly against (1)'})
    >>> sorted((s.rsplit("/", 1)[1], slot.side, slot.group) for s, slot in speakers.items())
    [('ana', 'pro', '000'), ('ben', 'con', '001'), ('council', 'pro', '000'), ('residents', 'pro', '000')]
    """
    claims = {n: ClaimSlot(d["issue"] or "", d["stance"] or "neutral", d["pagerank"])
              for n, d in view_graph.nodes(data=True) if d["kind"] == "claim"}
    bands = [(i["iri"], i["title"]) for i in issues] + [("", "claims on no issue")]
    leanings = speaker_leanings(view_graph)
    speakers: dict[str, SpeakerSlot] = {}
    groups: dict[str, str] = {}
    count = {"pro": 0, "con": 0}

    def side_of(pro: int, con: int) -> str:
        lean = lean_words(pro, con)
        return "pro" if lean == "mostly for" else "con" if lean == "mostly against" else min(count, key=lambda k: (count[k], k))

    def place(members: list[str], side: str, group: str) -> None:
        for s in members:
            pro, con = leanings.get(s, (0, 0))
            speakers[s] = SpeakerSlot(side, group, pro + con, float(view_graph.nodes[s].get("size", 20)))
        count[side] += len(members)

    for i, camp in enumerate(named_camps(view_graph)):
        group = f"{i:03d}"
        groups[group] = f"{camp['lean']} ({len(camp['members'])})"
        place(camp["members"], side_of(camp["pro"], camp["con"]), group)
    alone = [n for n, d in view_graph.nodes(data=True) if d["kind"] == "speaker" and n not in speakers]
    for s in sorted(alone, key=lambda s: (view_graph.nodes[s]["name"], s)):
        side = side_of(*leanings.get(s, (0, 0)))
        groups["~"] = "in no camp" if groups else "speakers"
        place([s], side, "~")
    return claims, bands, speakers, groups


def _heading_boxes(headings: list[dict]) -> list[tuple[float, float, float, float]]:
    """The boxes (centre x, centre y, width, height) the debate layout's headings take."""
    return [(h["x"], h["y"], len(h["text"]) * h["size"] * 0.6, h["size"] * 1.3) for h in headings]


def _extent(boxes: list[tuple[float, float, float, float]]) -> list[float]:
    """The bounding box [left, top, right, bottom] of boxes given as (centre x, centre y, width, height)."""
    if not boxes:
        return [0.0, 0.0, 0.0, 0.0]
    return [round(v, 1) for v in (min(x - w / 2 for x, _, w, _ in boxes), min(y - h / 2 for _, y, _, h in boxes),
                                  max(x + w / 2 for x, _, w, _ in boxes), max(y + h / 2 for _, y, _, h in boxes))]


def debate_groups(view_graph: nx.Graph) -> dict[str, str]:
    """The debate each node of a view belongs to: a claim's own, a speaker's when all their claims
    in the view are of one debate (people who speak in several debates belong to none).

    Ana Ruiz and Ben Okafor speak in both fixtures, so they belong to neither debate:

    >>> from argmap import load
    >>> both = view(load(["tests/fixtures/mini.yaml", "tests/fixtures/drafted.yaml"]))
    >>> groups = debate_groups(both)
    >>> sorted(both.nodes[n]["name"] for n, d in both.nodes(data=True) if d["kind"] == "speaker" and n not in groups)
    ['Ana Ruiz', 'Ben Okafor']
    """
    groups = {n: str(d["debate"]) for n, d in view_graph.nodes(data=True) if d["kind"] == "claim"}
    spoken: dict[str, set[str]] = {}
    for n, d in view_graph.nodes(data=True):
        for s in d.get("speakers", ()) if d["kind"] == "claim" else ():
            spoken.setdefault(s, set()).add(groups[n])
    groups.update((s, next(iter(debates))) for s, debates in spoken.items() if len(debates) == 1 and s in view_graph)
    return groups


def corpus_title(titles: list[str]) -> str:
    """A title for many documents: their titles joined up to three, else how many and a few of them.

    >>> corpus_title(["b", "a"]), corpus_title([f"nodeset{i}" for i in range(1478)])
    ('b + a', '1,478 debates: nodeset0, nodeset1 … nodeset999')
    """
    if len(titles) <= 3:
        return " + ".join(titles)
    titles = sorted(titles)
    return f"{len(titles):,} debates: {titles[0]}, {titles[1]} … {titles[-1]}"


def corpus_overview(view_graph: nx.Graph, ids: dict[str, str], groups: dict[str, str],
                    boxes: dict[str, tuple[float, float, float, float]], title_of: Callable[[str], str]) -> dict:
    """What the corpus overview shows first: per debate its box, title, how many claims and
    speakers, its node ids (``members``); and the :data:`CORPUS_SPEAKERS` people who speak in
    several debates with most claims (``speakers``: id, claims, debates).

    ``ids`` are the page's node ids by IRI, ``groups`` :func:`debate_groups`, ``boxes`` each debate's
    tile (left, top, right, bottom) and ``title_of`` a debate's title from its IRI.

    >>> from argmap import load
    >>> from argmap.exports.layout import grouped_layout
    >>> both = view(load(["tests/fixtures/mini.yaml", "tests/fixtures/drafted.yaml"]))
    >>> groups = debate_groups(both)
    >>> _, tiles = grouped_layout(both, groups, {n: (40.0, 40.0) for n in both})
    >>> overview = corpus_overview(both, {n: n for n in both}, groups, tiles, lambda d: d.rsplit("/", 1)[1])
    >>> [(d["title"], d["claims"], d["speakers"]) for d in overview["debates"]]
    [('draft-article', 11, 4), ('mini', 5, 4)]
    >>> [(both.nodes[s["id"]]["name"], s["claims"], s["debates"]) for s in overview["speakers"]]
    [('Ben Okafor', 6, 2), ('Ana Ruiz', 5, 2)]
    """
    members: dict[str, list[str]] = {}
    for n in view_graph.nodes:
        if n in groups:
            members.setdefault(groups[n], []).append(ids[n])
    claims: dict[str, int] = {}
    spoken: dict[str, set[str]] = {}
    for n, d in view_graph.nodes(data=True):
        if d["kind"] == "claim":
            claims[groups[n]] = claims.get(groups[n], 0) + 1
            for s in d["speakers"]:
                spoken.setdefault(s, set()).add(groups[n])
    said: dict[str, int] = {}
    for _, d in view_graph.nodes(data=True):
        for s in d.get("speakers", ()) if d["kind"] == "claim" else ():
            said[s] = said.get(s, 0) + 1
    voices: dict[str, int] = {}
    for s, spoken_in in spoken.items():
        for debate in spoken_in:
            voices[debate] = voices.get(debate, 0) + 1
    debates = [{"id": f"d{i}", "title": title_of(debate), "claims": claims.get(debate, 0), "speakers": voices.get(debate, 0),
                "box": [round(v, 1) for v in boxes[debate]], "members": members[debate]}
               for i, debate in enumerate(sorted(boxes, key=lambda d: (-claims.get(d, 0), d)))]
    shared = sorted((s for s in spoken if s not in groups and s in view_graph), key=lambda s: (-said[s], view_graph.nodes[s]["name"], s))
    speakers = [{"id": ids[s], "claims": said[s], "debates": len(spoken[s])} for s in shared]
    return {"debates": debates, "speakers": speakers, "first": CORPUS_SPEAKERS, "people": len(spoken)}


def enlarge_people(net: Network, people: list[str], placed: dict[str, tuple[float, float]], sizes: dict[str, tuple[float, float]],
                   tiles: dict[str, tuple[float, float, float, float]]) -> dict[str, tuple[float, float]]:
    """Draws the overview's ``people`` (node ids of ``net``) large enough to be read with the whole
    corpus in view (:data:`OVERVIEW_FONT`), in rows above everything else (``placed``, boxes of
    ``sizes``, debate tiles ``tiles``); returns their new positions by IRI.

    People grow by the corpus's width over :data:`OVERVIEW_WIDTH` times :data:`OVERVIEW_FONT` over
    :data:`SPEAKER_FONT`; a corpus narrow enough to be read without it is left as it is.

    >>> from argmap import load
    >>> net = build_network(view(load("tests/fixtures/mini.yaml")))
    >>> sizes = {node["am"]["iri"]: label_box(node) for node in net.nodes}
    >>> placed = {iri: (0.0, 0.0) for iri in sizes}
    >>> moved = enlarge_people(net, ["n5"], placed, sizes, {"mini": (0.0, 0.0, 6800.0, 1000.0)})
    >>> net.node_map["n5"]["label"], net.node_map["n5"]["font"], [iri.rsplit("/", 1)[1] for iri in moved]
    ('Ana Ruiz', {'size': 74}, ['ana'])
    >>> enlarge_people(net, ["n6"], placed, sizes, {"mini": (0.0, 0.0, 800.0, 600.0)})
    {}
    """
    width = max((b[2] for b in tiles.values()), default=0.0)
    grow = width / OVERVIEW_WIDTH * OVERVIEW_FONT / SPEAKER_FONT
    if grow <= 1 or not people:
        return {}
    iris = []
    for node_id in people:
        node = net.node_map[node_id]
        node["font"], node["size"] = {"size": round(SPEAKER_FONT * grow)}, round(NODE_GROUPS[node["group"]]["size"] * grow)
        iris.append(node["am"]["iri"])
    big = {iri: label_box(net.node_map[node_id]) for iri, node_id in zip(iris, people)}
    top = min(y - sizes[n][1] / 2 for n, (_, y) in placed.items() if n not in big)
    return rows_above(iris, big, width, top - 4 * OVERVIEW_FONT * grow)


def page_data(graph: Source, view_graph: nx.Graph, layout: str = "auto", total: dict[str, int] | None = None) -> dict:
    """Everything the page needs, as JSON-ready data.

    The network with positions, styles, legend, filter choices, the question, camps, who answers
    whom and what the view shows. ``layout``: see :func:`choose_layout`. In the debate layout, the force layout's positions come
    along (``forcePositions``) so that the page can switch between the two, and the layout shaped for
    each of :data:`DEBATE_ASPECTS` after the first (``debateVariants``) so that the page can take the
    one that suits its screen. In the corpus overview, the overview comes along (``overview``,
    :func:`corpus_overview`).

    Parameters
    ----------
    graph : rdflib.Graph or argmap.store.Store or argmap.analysis.triples.Triples
        The debates the view was built from (read for issues, titles and counts).
    view_graph : networkx.Graph
        A view of ``graph`` (:func:`argmap.exports.views.view`).
    layout : str, default "auto"
        One of :data:`LAYOUTS` (see :func:`choose_layout`).
    total : dict of str to int or None, optional
        What the whole graph holds (as :func:`argmap.analysis.summary` counts it); by default
        :func:`argmap.analysis.summary` of ``graph``.

    Returns
    -------
    dict
        The page's data: ``view``, ``layout`` (the one chosen), ``nodes`` and ``edges`` (with
        positions ``x``, ``y``), ``extent``, ``headings``, ``question``, ``camps``, ``answers``,
        ``shown`` and ``total`` counts, ``options``, the styles and labels, ``legend`` and
        ``filters``; ``forcePositions``, ``forceExtent`` and ``debateVariants`` in the debate
        layout, ``overview`` in the corpus overview.

    Raises
    ------
    ArgmapError
        When ``layout`` is unknown (:func:`choose_layout`), or ``graph`` is a store that cannot
        be read (:class:`~argmap.errors.StoreError`, :class:`~argmap.errors.QueryError`).

    See Also
    --------
    render_view : The page made from these data.

    Examples
    --------
    >>> from argmap import load
    >>> from argmap.analysis import annotate
    >>> graph = annotate(load("tests/fixtures/mini.yaml"))
    >>> data = page_data(graph, view(graph, issue="trade"))
    >>> data["layout"], data["question"], data["shown"]["claims"], data["total"]["claims"]
    ('debate', 'Should Main Street go car-free?', 3, 5)
    >>> sorted(data["forcePositions"]) == sorted(node["id"] for node in data["nodes"])
    True
    """
    reader = reader_of(graph)
    net = build_network(view_graph)
    ids = {node["am"]["iri"]: node["id"] for node in net.nodes}
    sizes = {iri: label_box(net.node_map[ids[iri]]) for iri in ids}
    issues = _issues(reader, view_graph)
    chosen = choose_layout(view_graph, layout)
    headings: list[dict] = []
    variants = []
    overview = None
    if chosen == "corpus":
        groups = debate_groups(view_graph)
        said: dict[str, float] = {}
        for _, d in view_graph.nodes(data=True):
            for s in d.get("speakers", ()) if d["kind"] == "claim" else ():
                said[s] = said.get(s, 0) + 1
        force, tiles = grouped_layout(view_graph, groups, sizes, rank=said)
        overview = corpus_overview(view_graph, ids, groups, tiles, lambda d: views.labelled(reader, URIRef(d)))
        force.update(enlarge_people(net, [s["id"] for s in overview["speakers"][:CORPUS_SPEAKERS]], force, sizes, tiles))
    else:
        force = positions(view_graph, sizes)
    if chosen == "debate":
        slots = debate_slots(view_graph, issues)
        for aspect in DEBATE_ASPECTS:
            variant = debate_layout(*slots, sizes, aspect=aspect)
            if variant not in variants:
                variants.append(variant)
        placed, headings = variants[0]
    else:
        placed = force
    for node in net.nodes:
        node["x"], node["y"] = placed[node["am"]["iri"]]
    boxes = [(node["x"], node["y"], *label_box(node)) for node in net.nodes]
    boxes += _heading_boxes(headings)
    claims = [d for _, d in view_graph.nodes(data=True) if d["kind"] == "claim"]
    speakers = {n: d["name"] for n, d in view_graph.nodes(data=True) if d["kind"] == "speaker"}
    speakers.update((q["speaker"], q["speakerName"]) for d in claims for q in d["quotes"] if q["speaker"])
    statuses = sorted({d["status"] for d in claims if d.get("status")})
    # The speakers view has no claims: what its camps hold is read from the debate's claims.
    leanings = speaker_leanings(views.claims_view(reader)) if view_graph.graph.get("name") == "speakers" else None
    camps = named_camps(view_graph, leanings)
    speaker_list = [{"iri": iri, "name": name} for iri, name in sorted(speakers.items(), key=lambda kv: (kv[1], kv[0]))]
    index = {s["iri"]: i for i, s in enumerate(speaker_list)}
    data = {
        "view": view_graph.graph.get("name", "who-argues-what"), "layout": chosen,
        "nodes": net.nodes, "edges": net.edges, "extent": _extent(boxes), "headings": headings,
        "question": " / ".join(i["title"] for i in issues if i["depth"] == 0),
        "camps": [{k: v for k, v in c.items() if k not in ("pro", "con")} for c in camps],
        # [from, to, attacks, supports], speakers by their place in filters.speakers (compact at 10,000 nodes)
        "answers": [[index[r["from"]], index[r["to"]], r["attacks"], r["supports"]] for r in who_answers_whom(view_graph)
                    if r["from"] in index and r["to"] in index],
        "shown": view_counts(view_graph), "total": summary(reader) if total is None else total,
        "options": network_options(),
        "edgeStyles": EDGE_STYLES, "suggestedEdgeStyles": SUGGESTED_EDGE_STYLES, "relationLabels": RELATION_LABELS, "statusLabels": STATUS_LABELS,
        "statusExplained": STATUS_EXPLAINED, "measuresExplained": MEASURES_EXPLAINED,
        "legend": legend(view_graph, camps, CORPUS_CAMPS if chosen == "corpus" else None),
        "filters": {
            "speakers": speaker_list,
            "issues": issues,
            "stances": [s for s in ("pro", "con", "neutral") if any((d["stance"] or "neutral") == s for d in claims)],
            "relations": [r for r in EDGE_STYLES if any(d["relation"] == r for *_, d in view_graph.edges(data=True))],
            "statuses": statuses,
        },
    }
    if len(variants) > 1:
        data["debateVariants"] = [{"positions": {ids[iri]: list(xy) for iri, xy in other.items()}, "headings": heads,
                                   "extent": _extent([(*other[n["am"]["iri"]], *label_box(n)) for n in net.nodes] + _heading_boxes(heads))}
                                  for other, heads in variants[1:]]
    if overview is not None:
        data["overview"] = overview
        data["options"]["nodes"]["scaling"]["label"]["drawThreshold"] = CORPUS_LABEL_PX
        data["options"]["groups"] = {**NODE_GROUPS, "debate": DEBATE_GROUP}
    if chosen == "debate":
        data["forcePositions"] = {ids[iri]: list(xy) for iri, xy in force.items()}
        data["forceExtent"] = _extent([(*force[n["am"]["iri"]], *label_box(n)) for n in net.nodes])
    return data


def stats_line(shown: dict[str, int], total: dict[str, int] | None = None) -> str:
    """What a map shows, in words; with ``total`` (a restricted map), out of how many.

    >>> stats_line({"speakers": 2, "claims": 3, "attacks": 1}, {"speakers": 5, "claims": 9, "attacks": 4})
    'showing 2 of 5 speakers, 3 of 9 claims, 1 of 4 attacks'
    >>> stats_line({"speakers": 2, "claims": 3, "attacks": 0})
    '2 speakers, 3 claims'
    """
    parts = [f"{n} of {total.get(k, n)} {k}" if total is not None else f"{n} {k}"
             for k, n in shown.items() if n or k in ("speakers", "claims")]
    return ("showing " if total is not None else "") + ", ".join(parts)


def render_view(graph: Source, view_graph: nx.Graph, title: str | None = None, restricted: bool = False,
                layout: str = "auto", total: dict[str, int] | None = None, curate: bool | None = None,
                save_to: str | None = None) -> str:
    """The complete, self-contained HTML page of one view (byte-identical for the same input).

    The header counts the whole debate, or, when ``restricted``, what the view shows out of it.
    The title defaults to the debates' titles (:func:`corpus_title`); ``total`` (what the whole
    graph holds) to its :func:`argmap.analysis.summary`. ``curate``: see :func:`wants_curation`;
    ``save_to``: where the curation mode saves the debate file (``argmap serve``'s ``PUT /debates/ID``,
    relative to the page), besides downloading it.

    The page is one file: vis-network is inlined, every string from the debates travels as JSON
    data, and it makes no network request (except, in the curation mode with ``save_to``, to the
    server that served it).

    Parameters
    ----------
    graph : rdflib.Graph or argmap.store.Store or argmap.analysis.triples.Triples
        The debates the view was built from.
    view_graph : networkx.Graph
        A view of ``graph`` (:func:`argmap.exports.views.view`).
    title : str or None, optional
        The page's title; by default the debates' titles (:func:`corpus_title`), or ``argmap``.
    restricted : bool, default False
        The view shows part of the debates (an issue or a speaker): the header says what it shows
        out of the whole.
    layout : str, default "auto"
        One of :data:`LAYOUTS` (see :func:`choose_layout`).
    total : dict of str to int or None, optional
        What the whole graph holds; by default :func:`argmap.analysis.summary` of ``graph``.
    curate : bool or None, optional
        The curation mode: on, off, or by default on for one debate holding suggestions
        (:func:`wants_curation`).
    save_to : str or None, optional
        Where the curation mode saves the debate file, relative to the page; None: it only
        downloads it.

    Returns
    -------
    str
        The HTML page.

    Raises
    ------
    ArgmapError
        When ``layout`` is unknown, ``curate`` is True for what the curation mode cannot edit
        (:func:`wants_curation`), or ``graph`` is a store that cannot be read
        (:class:`~argmap.errors.StoreError`, :class:`~argmap.errors.QueryError`).

    See Also
    --------
    render_map : The map of a graph, with its view built and analysed.
    page_data : The data the page carries.

    Examples
    --------
    >>> from argmap import load
    >>> from argmap.analysis import annotate
    >>> graph = annotate(load("tests/fixtures/mini.yaml"))
    >>> page = render_view(graph, view(graph, issue="trade"), restricted=True)
    >>> re.search("<title>(.*)</title>", page).group(1)
    'Should Main Street go car-free? · argmap'
    >>> re.search('id="stats">(.*)</span>', page).group(1)
    'showing 3 of 4 speakers, 3 of 5 claims, 2 of 2 attacks'
    >>> page == render_view(graph, view(graph, issue="trade"), restricted=True)
    True
    """
    reader = reader_of(graph)
    curating = wants_curation(reader, view_graph, curate)
    if title is None:
        debates = sorted(reader.subjects(RDF.type, AM.Debate), key=str)
        title = corpus_title([str(reader.value(d, RDFS.label) or d) for d in debates]) or "argmap"
    data = page_data(reader, view_graph, layout, total)
    counts = data["total"]
    stats = stats_line(data["shown"], counts) if restricted else stats_line(counts)
    values = {
        "TITLE": _html.escape(title),
        "STATS": _html.escape(stats),
        "VIEW": _html.escape(data["view"]),
        "DATA": _json_for_script(data),
        "VIS_JS": VIS_JS.read_text(encoding="utf-8").replace("</script", "<\\/script"),
        "CURATE": curation_part({**curation(cast(Graph, reader), view_graph, data["nodes"]), "saveTo": save_to}) if curating else "",
        # The page reaches no server, except the one that served it when it saves there.
        "CONNECT": "; connect-src 'self'" if save_to and curating else "",
    }
    # One pass over the template only: text from a debate is never scanned for placeholders.
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m.group(1)], TEMPLATE.read_text(encoding="utf-8"))


def render_html(graph: Graph, title: str | None = None, view_name: str = "who-argues-what",
                issue: str | None = None, speaker: str | None = None, layout: str = "auto", curate: bool | None = None) -> str:
    """The map page of ``graph`` in one view, optionally restricted to an issue and/or a speaker.

    The view ``view_name`` (one of :data:`VIEWS`), restricted by
    :func:`argmap.exports.views.select_claims`; ``curate``: see :func:`wants_curation`.
    The graph is drawn as it is: annotate it first (:func:`argmap.analysis.annotate`) for the
    statuses and centrality the page shows.

    Parameters
    ----------
    graph : rdflib.Graph
        The debates.
    title : str or None, optional
        The page's title; by default the debates' titles (:func:`corpus_title`).
    view_name : str, default "who-argues-what"
        One of :data:`VIEWS`.
    issue : str or None, optional
        An issue's local id, title or IRI: restrict the map to the claims on this issue or any of
        its sub-issues.
    speaker : str or None, optional
        A speaker's name, alias, local id or IRI: restrict the map to the claims this speaker
        asserts and those one relation away from them.
    layout : str, default "auto"
        One of :data:`LAYOUTS` (see :func:`choose_layout`).
    curate : bool or None, optional
        The curation mode: on, off, or by default on for one debate holding suggestions.

    Returns
    -------
    str
        The HTML page (:func:`render_view`).

    Raises
    ------
    ArgmapError
        When ``view_name`` or ``layout`` is unknown, ``issue`` or ``speaker`` matches none, or
        ``curate`` is True for what the curation mode cannot edit (:func:`wants_curation`).

    See Also
    --------
    render_map : The same page, with the analysis run when the graph has none.

    Examples
    --------
    >>> from argmap import load
    >>> from argmap.analysis import annotate
    >>> page = render_html(annotate(load("tests/fixtures/mini.yaml")), view_name="speakers")
    >>> re.search('id="stats">(.*)</span>', page).group(1)
    '4 speakers, 5 claims, 6 locutions, 1 supports, 2 attacks, 1 undercuts'
    """
    restricted = issue is not None or speaker is not None
    return render_view(graph, view(graph, view_name, issue=issue, speaker=speaker), title, restricted, layout, curate=curate)


@dataclass
class Map:
    """A rendered map: ``save(path)`` writes it, it displays inline in Jupyter, and its text repr is one line."""

    html: str = field(repr=False)
    view: str = "who-argues-what"
    stats: str = ""

    def save(self, path: str | Path) -> Path:
        """Write the page atomically to ``path``."""
        return write_atomic(path, self.html)

    def __repr__(self) -> str:
        return f"<argmap map, {self.view} view: {self.stats}; {len(self.html) // 1024} KB of HTML, .save(path) writes it>"

    def _repr_html_(self) -> str:
        return (
            '<iframe style="width:100%;height:640px;border:1px solid #ddd" '
            f'sandbox="allow-scripts" srcdoc="{_html.escape(self.html, quote=True)}"></iframe>'
        )


def _is_annotated(graph: Graph) -> bool:
    return next(graph.triples((None, AM.pagerank, None)), None) is not None


def apply_report(view_graph: nx.Graph, report: Report) -> None:
    """Carry an analysis (:func:`argmap.analysis.analyze`) onto the nodes of a view, as
    :func:`argmap.analysis.annotate` would have written it into the graph: each claim's grounded
    status, strength and PageRank, each speaker's camp ("Camp <n>").

    >>> from argmap import load
    >>> from argmap.analysis import analyze
    >>> graph = load("tests/fixtures/mini.yaml")
    >>> shown = view(graph)
    >>> apply_report(shown, analyze(graph))
    >>> [(n.rsplit("/", 1)[1], d["status"]) for n, d in shown.nodes(data=True) if d["kind"] == "claim"][:2]
    [('ana-footfall', 'IN'), ('ben-deliveries', 'OUT')]
    >>> {n.rsplit("/", 1)[1]: d["camp"] for n, d in shown.nodes(data=True) if d["kind"] == "speaker"}
    {'ana': 'Camp 1', 'ben': 'Camp 2', 'council': 'Camp 1', 'residents': 'Camp 1'}
    """
    for claim in report.claims:
        if claim.iri in view_graph:
            view_graph.nodes[claim.iri].update(status=claim.labels.get("grounded"), strength=claim.strength, pagerank=claim.pagerank)
    for person in report.speakers:
        if person.iri in view_graph and person.camp is not None:
            view_graph.nodes[person.iri]["camp"] = f"Camp {person.camp}"


def totals(graph: Source, merge_people: bool = True) -> dict[str, int]:
    """What ``graph`` holds (:func:`argmap.analysis.summary`), speakers counted as people when merged
    (:func:`argmap.analysis.speaker_identities`).

    Ana Ruiz and Ben Okafor speak in both fixtures: eight speakers, six people.

    >>> from argmap import load
    >>> both = load(["tests/fixtures/mini.yaml", "tests/fixtures/drafted.yaml"])
    >>> totals(both)["speakers"], totals(both, merge_people=False)["speakers"], totals(both)["claims"]
    (6, 8, 16)
    """
    counts = summary(graph)
    identity = speaker_identities(graph, merge_people)
    if identity:
        speakers = {str(s) for s in triples_of(graph).instances(AM.Speaker)}
        counts["speakers"] = len({identity.get(s, s) for s in speakers})
    return counts


Progress = Callable[[str], None]


class _Steps:
    """Reports each step that took a second or more to ``progress`` (e.g. a line on stderr)."""

    def __init__(self, progress: Progress | None):
        self.progress, self.start = progress, time.perf_counter()

    def done(self, what: str) -> None:
        now = time.perf_counter()
        if self.progress is not None and now - self.start >= 1.0:
            self.progress(f"{what} ({now - self.start:.1f} s)")
        self.start = now


def render_map(graph: Source, title: str | None = None, view: str = "who-argues-what",
               issue: str | None = None, speaker: str | None = None, layout: str = "auto",
               analysis: bool = True, merge_people: bool = True, progress: Progress | None = None,
               curate: bool | None = None, save_to: str | None = None) -> Map:
    """The interactive map of ``graph``, for saving or for showing in a notebook.

    A store is read through SPARQL projections, never copied into rdflib. With ``analysis`` (as
    ``argmap map`` does), a graph not yet analysed is first annotated in place
    (:func:`argmap.analysis.annotate`: acceptability, strength, centrality, camps); a store is
    analysed (:func:`argmap.analysis.analyze`) and the results are carried on the map.

    Parameters
    ----------
    graph : rdflib.Graph or argmap.store.Store
        The debates: an rdflib graph or a store (:mod:`argmap.store`).
    title : str or None, optional
        The page's title; by default the debates' titles (:func:`corpus_title`).
    view : str, default "who-argues-what"
        One of :data:`VIEWS`.
    issue : str or None, optional
        An issue's local id, title or IRI: restrict the map to the claims on this issue or any of
        its sub-issues (:func:`~argmap.exports.views.select_claims`).
    speaker : str or None, optional
        A speaker's name, alias, local id or IRI: restrict the map to the claims this speaker
        asserts and those one relation away from them; with ``issue`` too, to claims meeting both.
    layout : str, default "auto"
        One of :data:`LAYOUTS` (see :func:`choose_layout`).
    analysis : bool, default True
        Analyse the debates first, as described above; without it the map shows what the graph holds.
    merge_people : bool, default True
        Draw the speakers that are one person as one node.
    progress : callable or None, optional
        Told, as a line of text, of every step that takes a second or more.
    curate : bool or None, optional
        The page's curation mode (accept, reject and correct ``argmap draft``'s suggestions,
        download the debate file); by default on for one debate that holds suggestions
        (:func:`wants_curation`).
    save_to : str or None, optional
        Where the curation mode saves the debate file, besides downloading it (see :func:`render_view`).

    Returns
    -------
    Map
        The page: ``save(path)`` writes it, it displays inline in Jupyter, and ``stats`` says what it shows.

    Raises
    ------
    ArgmapError
        When ``view`` or ``layout`` is unknown, ``issue`` or ``speaker`` matches none, or
        ``curate`` is True for what the curation mode cannot edit (:func:`wants_curation`).

    See Also
    --------
    argmap.analysis.annotate : The analysis the map shows.
    render_view : The page of a view already built.

    Examples
    --------
    >>> from argmap import load
    >>> shown = render_map(load(["tests/fixtures/mini.yaml"]), issue="trade")
    >>> shown.stats
    'showing 3 of 4 speakers, 3 of 5 claims, 2 of 2 attacks'
    """
    steps = _Steps(progress)
    reader = reader_of(graph)
    report = None
    if analysis and isinstance(reader, Graph):
        if not _is_annotated(reader):
            annotate(reader, merge_people=merge_people)
    elif analysis:
        report = analyze(reader, merge_people=merge_people)
    steps.done("read and analysed the debates" if analysis else "read the debates")
    view_graph = views.view(reader, view, issue=issue, speaker=speaker, merge_people=merge_people)
    if report is not None:
        apply_report(view_graph, report)
    steps.done(f"built the {view} view: {view_graph.number_of_nodes():,} nodes, {view_graph.number_of_edges():,} edges")
    restricted = issue is not None or speaker is not None
    total = totals(reader, merge_people)
    html = render_view(reader, view_graph, title, restricted, layout, total, curate, save_to)
    steps.done("laid out and wrote the page")
    stats = stats_line(view_counts(view_graph), total) if restricted else stats_line(total)
    return Map(html, view, stats)


def store_map_html(graph: Graph) -> str:
    """The map of a whole store's graph as stored (no analysis run), titled "argmap store".

    :func:`render_map` of ``graph`` in the who-argues-what view, with ``analysis`` off: what the
    graph holds of statuses, centrality and camps (from an earlier :func:`argmap.analysis.annotate`)
    is drawn, nothing is computed.

    Parameters
    ----------
    graph : rdflib.Graph
        The debates, e.g. a store's union graph.

    Returns
    -------
    str
        The HTML page.

    See Also
    --------
    render_map : The map with a view, restrictions and the analysis to choose.

    Examples
    --------
    >>> from argmap import load
    >>> graph = load("tests/fixtures/mini.yaml")
    >>> page = store_map_html(graph)
    >>> re.search("<title>(.*)</title>", page).group(1), len(graph)
    ('argmap store · argmap', 182)
    """
    return render_map(graph, "argmap store", analysis=False).html


__all__ = ["LAYOUTS", "VIEWS", "Map", "build_network", "legend", "page_data", "render_html", "render_map", "render_view", "store_map_html"]
