"""Which claims stand: Dung's abstract argumentation and a support-aware gradual strength.

An argumentation framework (Dung 1995) is a directed graph whose nodes are arguments and whose
edges ``a -> b`` say "a attacks b". Here the arguments are claims and the attacks are the
debate's ``attacks`` and ``undercuts`` relations (:func:`attack_framework`).

*Undercuts.* An undercut of claim C denies that C's reasons warrant it. Claims here are
arguments (a claim together with whatever backs it), so an undercut of C attacks the argument
for C: it counts as an attack on C, as in ASPIC+ where an undercutter defeats the argument whose
inference it targets whatever the preferences (Modgil & Prakken 2013, "A general account of
argumentation with preferences", Def. 3.10). Supports and rephrases are not attacks; Dung's
semantics ignore them and the gradual strength (:func:`dfquad_strength`) counts supports.

Semantics (Dung 1995, "On the acceptability of arguments and its fundamental role in
nonmonotonic reasoning, logic programming and n-person games", AIJ 77):

* a set S is *conflict-free* when no member attacks a member; it *defends* a when every attacker
  of a is attacked by a member; it is *admissible* when conflict-free and defending its members;
* *grounded* extension: the least fixed point of "the arguments S defends" (unique);
* *preferred* extensions: the maximal admissible sets (at least one, maybe the empty set);
* *stable* extensions: conflict-free sets attacking every argument outside them (maybe none).

Labellings (Caminada 2006, "On the issue of reinstatement in argumentation", JELIA): the labelling
of an extension E marks E ``IN``, what E attacks ``OUT`` and the rest ``UNDEC``. Under a semantics
with several extensions a claim's label is *sceptical*: the label it has in every extension's
labelling if they agree, else ``UNDEC`` (Wu & Caminada 2010 call these the justification
statuses {IN}, {OUT} and the rest). :func:`claim_labels` computes it per weakly connected part of
the framework, so a part with no stable extension leaves its own claims ``UNDEC`` under
``stable`` and does not blank the rest; :func:`stable_extensions` itself is Dung's global notion.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Mapping

import networkx as nx

from argmap.analysis.projection import typed_edges

IN, OUT, UNDEC = "IN", "OUT", "UNDEC"
SEMANTICS = ("grounded", "preferred", "stable")
ATTACK_TYPES = frozenset({"attacks", "undercuts"})
SUPPORT_TYPES = frozenset({"supports"})

Labelling = dict[Hashable, str]


class TooManyExtensions(ValueError):
    """Raised when a part of the framework has more preferred extensions than the limit allows."""


def attack_framework(argument: nx.MultiDiGraph, attack_types: Iterable[str] = ATTACK_TYPES) -> nx.DiGraph:
    """Dung's framework of an argument graph: every claim, and ``a -> b`` when a attacks or undercuts b.

    ``argument`` is :func:`argmap.analysis.argument_graph` (edges carry ``type``); parallel
    attacks collapse into one edge. This is the argumentation framework (A, R) of Dung (1995),
    with A the claims and R the attacks and undercuts (see the module doc).

    >>> from pathlib import Path
    >>> from argmap.analysis import argument_graph
    >>> from argmap.graph.formats import read_files
    >>> af = attack_framework(argument_graph(read_files([Path("tests/fixtures/mini.yaml")])))
    >>> sorted((u.rsplit("/", 1)[1], v.rsplit("/", 1)[1]) for u, v in af.edges)
    [('ben-deliveries', 'ana-footfall'), ('ben-noise-moves', 'residents-quiet'), ('council-loading', 'ben-deliveries')]
    """
    types = frozenset(attack_types)
    af: nx.DiGraph[str] = nx.DiGraph()
    af.add_nodes_from(argument.nodes)
    af.add_edges_from((u, v) for u, v, t in typed_edges(argument) if t in types)
    return af


def grounded_labelling(af: nx.DiGraph) -> Labelling:
    """The grounded labelling: IN the grounded extension, OUT what it attacks, UNDEC the rest.

    Computed in linear time by propagation: an argument whose attackers are all OUT is IN; an
    argument with an IN attacker is OUT; what is left when nothing more follows is UNDEC
    (Modgil & Caminada 2009, "Proof theories and algorithms for abstract argumentation
    frameworks", Alg. 6.1; equal to the least fixed point of Dung's characteristic function).

    In the chain a -> b -> c, a is unattacked, so b is OUT and c, defended by a, is IN; two
    arguments attacking each other are both UNDEC:

    >>> grounded_labelling(nx.DiGraph([("a", "b"), ("b", "c")]))
    {'a': 'IN', 'b': 'OUT', 'c': 'IN'}
    >>> grounded_labelling(nx.DiGraph([("a", "b"), ("b", "a")]))
    {'a': 'UNDEC', 'b': 'UNDEC'}
    """
    label: Labelling = {}
    live_attackers = {a: af.in_degree(a) for a in af}
    queue = deque(a for a, n in live_attackers.items() if n == 0)
    while queue:
        a = queue.popleft()
        if a in label:
            continue
        label[a] = IN
        for b in af.successors(a):
            if b in label:
                continue
            label[b] = OUT
            for c in af.successors(b):
                if c not in label:
                    live_attackers[c] -= 1
                    if live_attackers[c] == 0:
                        queue.append(c)
    return {a: label.get(a, UNDEC) for a in af}


def grounded_extension(af: nx.DiGraph) -> frozenset:
    """Dung's grounded extension: the least complete extension (see :func:`grounded_labelling`).

    Dung (1995), Def. 20: the least fixed point of the characteristic function F(S) = the
    arguments S defends.

    >>> sorted(grounded_extension(nx.DiGraph([("a", "b"), ("b", "c")])))
    ['a', 'c']
    >>> sorted(grounded_extension(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")])))
    []
    """
    return frozenset(a for a, lab in grounded_labelling(af).items() if lab == IN)


def _maximal_admissible(af: nx.DiGraph, nodes: list, limit: int) -> list[frozenset]:
    """The maximal admissible subsets of ``nodes`` in ``af`` restricted to ``nodes``.

    A backtracking search over labellings (Modgil & Caminada 2009, Alg. 5.1; Nofal, Atkinson &
    Dunne 2014, "Algorithms for decision problems in argument systems under preferred semantics",
    AIJ 207, Alg. 1): pick an unlabelled argument and try it IN (what it attacks becomes OUT, its
    attackers MUST_OUT) or UNDEC. A branch dies when a MUST_OUT argument has no unlabelled
    attacker left to defeat it, or when all it could still reach lies inside an extension already
    found. A leaf without MUST_OUT arguments is admissible; only the maximal ones are kept.
    """
    member = set(nodes)
    attackers = {a: sorted((b for b in af.predecessors(a) if b in member), key=str) for a in nodes}
    attacked = {a: sorted((b for b in af.successors(a) if b in member), key=str) for a in nodes}
    order = sorted(nodes, key=str)
    found: list[frozenset] = []
    start = {a: (UNDEC if a in attacked[a] else "BLANK") for a in nodes}

    def dead(label: Labelling) -> bool:
        for a, lab in label.items():
            if lab == "MUST_OUT" and not any(label[b] == "BLANK" for b in attackers[a]):
                return True
        reachable = {a for a, lab in label.items() if lab in (IN, "BLANK")}
        return any(reachable <= ext for ext in found)

    def search(label: Labelling) -> None:
        if dead(label):
            return
        blank = [a for a in order if label[a] == "BLANK"]
        if not blank:
            extension = frozenset(a for a, lab in label.items() if lab == IN)
            found[:] = [ext for ext in found if not ext < extension] + [extension]
            if len(found) > limit:
                raise TooManyExtensions(f"more than {limit} preferred extensions in a part of {len(nodes)} arguments")
            return
        pending = [a for a in order if label[a] == "MUST_OUT"]
        chosen = next((b for a in pending for b in attackers[a] if label[b] == "BLANK"), blank[0])
        as_in = dict(label)
        as_in[chosen] = IN
        for b in attacked[chosen]:
            as_in[b] = OUT
        for b in attackers[chosen]:
            if as_in[b] != OUT:
                as_in[b] = "MUST_OUT"
        search(as_in)
        as_undec = dict(label)
        as_undec[chosen] = UNDEC
        search(as_undec)

    search(start)
    return sorted(found, key=lambda ext: sorted(map(str, ext)))


def _residual_parts(af: nx.DiGraph) -> tuple[frozenset, list[list]]:
    """The grounded extension and the weakly connected parts of what grounded leaves UNDEC.

    Every complete extension contains the grounded one and avoids what it attacks, so the
    preferred (and stable) extensions of ``af`` are the grounded extension joined with one
    preferred (stable) extension of each residual part, chosen independently.
    """
    grounded = grounded_labelling(af)
    residual = af.subgraph(a for a, lab in grounded.items() if lab == UNDEC)
    parts = [sorted(c, key=str) for c in nx.weakly_connected_components(residual)]
    return frozenset(a for a, lab in grounded.items() if lab == IN), sorted(parts, key=lambda p: str(p[0]))


def _attacks_all_others(af: nx.DiGraph, nodes: list, extension: frozenset) -> bool:
    return all(any(b in extension for b in af.predecessors(a)) for a in nodes if a not in extension)


def _part_extensions(af: nx.DiGraph, part: list, semantics: str, limit: int) -> list[frozenset]:
    preferred = _maximal_admissible(af, part, limit)
    if semantics == "preferred":
        return preferred
    return [ext for ext in preferred if _attacks_all_others(af, part, ext)]


def _product(grounded: frozenset, per_part: list[list[frozenset]], limit: int) -> list[frozenset]:
    extensions = [grounded]
    for choices in per_part:
        extensions = [ext | choice for ext in extensions for choice in choices]
        if len(extensions) > limit:
            raise TooManyExtensions(f"more than {limit} extensions in the whole framework; use claim_labels")
    return extensions


def preferred_extensions(af: nx.DiGraph, limit: int = 10_000) -> list[frozenset]:
    """Dung's preferred extensions: the maximal admissible sets (there is always at least one).

    Dung (1995), Def. 7. Raises :class:`TooManyExtensions` past ``limit`` (their number can grow
    exponentially). Two arguments attacking each other have two preferred extensions; an odd
    cycle has only the empty one:

    >>> sorted(sorted(e) for e in preferred_extensions(nx.DiGraph([("a", "b"), ("b", "a")])))
    [['a'], ['b']]
    >>> preferred_extensions(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")]))
    [frozenset()]
    """
    grounded, parts = _residual_parts(af)
    return _product(grounded, [_part_extensions(af, p, "preferred", limit) for p in parts], limit)


def stable_extensions(af: nx.DiGraph, limit: int = 10_000) -> list[frozenset]:
    """Dung's stable extensions: conflict-free sets attacking every argument outside (maybe none).

    Dung (1995), Def. 13. Every stable extension is preferred (Dung 1995, Lemma 15), so these are
    the preferred extensions that attack everything they leave out. An odd cycle has none:

    >>> sorted(sorted(e) for e in stable_extensions(nx.DiGraph([("a", "b"), ("b", "a")])))
    [['a'], ['b']]
    >>> stable_extensions(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")]))
    []
    """
    grounded, parts = _residual_parts(af)
    return _product(grounded, [_part_extensions(af, p, "stable", limit) for p in parts], limit)


def count_extensions(af: nx.DiGraph, semantics: str, limit: int = 10_000) -> int:
    """How many preferred or stable extensions ``af`` has, without listing them: the product of
    the counts of its residual parts (see :func:`preferred_extensions`); ``limit`` bounds each part.

    Two independent mutual attacks give 2 x 2 preferred extensions:

    >>> count_extensions(nx.DiGraph([("a", "b"), ("b", "a"), ("c", "d"), ("d", "c")]), "preferred")
    4
    >>> count_extensions(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")]), "stable")
    0
    """
    if semantics == "grounded":
        return 1
    _, parts = _residual_parts(af)
    count = 1
    for part in parts:
        count *= len(_part_extensions(af, part, semantics, limit))
    return count


def extension_labelling(af: nx.DiGraph, extension: Iterable) -> Labelling:
    """Caminada's labelling of an extension: IN its members, OUT what they attack, UNDEC the rest.

    Caminada (2006), "On the issue of reinstatement in argumentation", JELIA: ext2lab.

    >>> extension_labelling(nx.DiGraph([("a", "b"), ("b", "c"), ("d", "d")]), {"a", "c"})
    {'a': 'IN', 'b': 'OUT', 'c': 'IN', 'd': 'UNDEC'}
    """
    members = frozenset(extension)
    attacked = {b for a in members for b in af.successors(a)}
    return {a: IN if a in members else OUT if a in attacked else UNDEC for a in af}


def sceptical_label(labels: Iterable[str]) -> str:
    """The label shared by every labelling, or UNDEC when they disagree (or there are none).

    The sceptical justification status of Wu & Caminada (2010), "A labelling-based justification
    status of arguments", Studies in Logic 3(4): {IN} -> IN, {OUT} -> OUT, anything else UNDEC.

    >>> sceptical_label(["OUT", "OUT"]), sceptical_label(["IN", "OUT"]), sceptical_label([])
    ('OUT', 'UNDEC', 'UNDEC')
    """
    seen = set(labels)
    return seen.pop() if len(seen) == 1 else UNDEC


def claim_labels(af: nx.DiGraph, semantics: str = "grounded", limit: int = 10_000) -> Labelling:
    """Each argument's sceptical label (IN, OUT or UNDEC) under ``semantics``.

    ``grounded`` is the grounded labelling. For ``preferred`` and ``stable`` the framework is cut
    into the grounded part (labelled as grounded labels it: those labels hold in every complete
    labelling) and the weakly connected parts of the rest; in each part an argument is IN (OUT)
    when it is IN (OUT) in the labelling of every preferred (stable) extension of that part, and
    UNDEC otherwise, including in a part that has no stable extension.

    a and b attack each other and both attack c, which attacks d. Grounded semantics decides
    nothing; in both preferred extensions, {a, d} and {b, d}, c is OUT and d IN:

    >>> af = nx.DiGraph([("a", "b"), ("b", "a"), ("a", "c"), ("b", "c"), ("c", "d")])
    >>> claim_labels(af)
    {'a': 'UNDEC', 'b': 'UNDEC', 'c': 'UNDEC', 'd': 'UNDEC'}
    >>> claim_labels(af, "preferred")
    {'a': 'UNDEC', 'b': 'UNDEC', 'c': 'OUT', 'd': 'IN'}
    """
    if semantics not in SEMANTICS:
        raise ValueError(f"unknown semantics '{semantics}' (known: {', '.join(SEMANTICS)})")
    labels = grounded_labelling(af)
    if semantics == "grounded":
        return labels
    _, parts = _residual_parts(af)
    for part in parts:
        sub = af.subgraph(part)
        labellings = [extension_labelling(sub, ext) for ext in _part_extensions(af, part, semantics, limit)]
        for a in part:
            labels[a] = sceptical_label(lab[a] for lab in labellings)
    return labels


def dfquad_strength(
    argument: nx.MultiDiGraph,
    base: Mapping[Hashable, float] | float = 0.5,
    attack_types: Iterable[str] = ATTACK_TYPES,
    support_types: Iterable[str] = SUPPORT_TYPES,
    tolerance: float = 1e-9,
    max_rounds: int = 1000,
) -> dict[Hashable, float]:
    """DF-QuAD strength of every claim, in [0, 1]: supports raise it, attacks and undercuts lower it.

    Rago, Toni, Aurisicchio & Baroni (2016), "Discontinuity-free decision support with
    quantitative argumentation debates", KR 2016. Each claim has a base score v0 (``base``,
    default 0.5). The strengths of its attackers aggregate to va = 1 - prod(1 - s) (0 when there
    are none), of its supporters to vs likewise, and its strength is

        v0 - v0 * (va - vs)          if va >= vs
        v0 + (1 - v0) * (vs - va)    if vs > va.

    DF-QuAD is defined on acyclic graphs, where the values follow in topological order. On
    cycles the same equations are iterated from the base scores (synchronous updates) until no
    value moves by more than ``tolerance`` or ``max_rounds`` pass; on a directed acyclic graph
    this reaches the exact values after (longest path + 1) rounds. A relation counts once per
    (from, to, type). Rephrases are ignored.

    In ``tests/fixtures/mini.yaml`` Ben's deliveries claim (0.5) is attacked by the council's
    unattacked claim (0.5): 0.5 - 0.5 * 0.5 = 0.25. Ana's footfall claim is attacked by Ben's
    (0.25) and supported by the residents' claim, itself undercut down to 0.25: the two cancel out.

    >>> from pathlib import Path
    >>> from argmap.analysis import argument_graph
    >>> from argmap.graph.formats import read_files
    >>> strength = dfquad_strength(argument_graph(read_files([Path("tests/fixtures/mini.yaml")])))
    >>> {claim.rsplit("/", 1)[1]: round(s, 3) for claim, s in sorted(strength.items())}
    {'ana-footfall': 0.5, 'ben-deliveries': 0.25, 'ben-noise-moves': 0.5, 'council-loading': 0.5, 'residents-quiet': 0.25}
    """
    attack_types, support_types = frozenset(attack_types), frozenset(support_types)
    attackers: dict[Hashable, set] = {c: set() for c in argument}
    supporters: dict[Hashable, set] = {c: set() for c in argument}
    for u, v, t in typed_edges(argument):
        if t in attack_types:
            attackers[v].add(u)
        elif t in support_types:
            supporters[v].add(u)
    v0 = {c: float(base[c] if isinstance(base, Mapping) else base) for c in argument}
    strength = dict(v0)
    related = [c for c in argument if attackers[c] or supporters[c]]
    for _ in range(max_rounds):
        new = {c: _dfquad_combine(v0[c], _aggregate(strength, attackers[c]), _aggregate(strength, supporters[c])) for c in related}
        moved = max((abs(new[c] - strength[c]) for c in related), default=0.0)
        strength.update(new)
        if moved <= tolerance:
            break
    return strength


def _aggregate(strength: Mapping[Hashable, float], parents: Iterable[Hashable]) -> float:
    remaining = 1.0
    for p in parents:
        remaining *= 1.0 - strength[p]
    return 1.0 - remaining


def _dfquad_combine(v0: float, va: float, vs: float) -> float:
    return v0 - v0 * (va - vs) if va >= vs else v0 + (1.0 - v0) * (vs - va)
