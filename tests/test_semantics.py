"""Dung semantics and DF-QuAD: textbook frameworks with known answers, and a cross-check against
python-argumentation (py_arg) on hundreds of random frameworks."""
from __future__ import annotations

import random

import networkx as nx
import pytest

from argmap.analysis.semantics import (
    IN,
    OUT,
    UNDEC,
    TooManyExtensions,
    attack_framework,
    claim_labels,
    count_extensions,
    dfquad_strength,
    extension_labelling,
    grounded_extension,
    grounded_labelling,
    preferred_extensions,
    stable_extensions,
)


def framework(attacks: str, arguments: str = "") -> nx.DiGraph:
    """A framework from 'ab bc' (a attacks b, b attacks c) plus any unattacking arguments."""
    af = nx.DiGraph()
    af.add_nodes_from(arguments)
    af.add_edges_from((pair[0], pair[1]) for pair in attacks.split())
    return af


def sets(*members: str) -> set[frozenset]:
    return {frozenset(m) for m in members}


# Each case: attacks, grounded, preferred, stable, derived by hand from Dung's definitions.
TEXTBOOK = {
    # Reinstatement, the basic example of Dung 1995: a chain a -> b -> c. a is unattacked, so IN; it defeats b, which
    # reinstates c. One complete extension, so it is grounded, preferred and stable.
    "chain (reinstatement)": ("ab bc", "ac", ["ac"], ["ac"]),
    # The Nixon diamond (discussed in Dung 1995) as mutual attack: a <-> b. Nothing is unattacked, grounded is
    # empty; {a} and {b} each defend themselves and attack the other: two preferred, both stable.
    "mutual attack (Nixon diamond)": ("ab ba", "", ["a", "b"], ["a", "b"]),
    # Odd cycle a -> b -> c -> a: no non-empty admissible set (each singleton is attacked by an
    # argument it cannot attack back), so preferred = {{}}; the empty set attacks nothing, so no
    # stable extension (Dung 1995, the motivation for preferred over stable).
    "odd cycle": ("ab bc ca", "", [""], []),
    # Self-attacking a: never in a conflict-free set; grounded and preferred empty, no stable.
    "self-attack": ("aa", "", [""], []),
    # Floating reinstatement (Caminada 2006; Baroni & Giacomin 2007): a <-> b, both attack c,
    # c attacks d. Grounded leaves everything UNDEC; each preferred extension contains one of a, b,
    # defeats c and so contains d: {a, d} and {b, d}, both stable.
    "floating reinstatement": ("ab ba ac bc cd", "", ["ad", "bd"], ["ad", "bd"]),
    # Where stable differs from preferred (Baroni, Caminada & Giacomin 2011, "An introduction to
    # argumentation semantics", the standard shape): a <-> b, b -> c, c -> c. {a} defends a but
    # leaves c unattacked by it; {b} attacks a and c. Preferred {a}, {b}; only {b} is stable.
    "odd loop on one side": ("ab ba bc cc", "", ["a", "b"], ["b"]),
    # An unattacked argument alongside an odd cycle it breaks: d -> a, a -> b -> c -> a.
    # d IN, a OUT, b reinstated IN, c OUT: a single complete extension {d, b}.
    "cycle broken from outside": ("da ab bc ca", "db", ["db"], ["db"]),
    # An even cycle a -> b -> c -> d -> a: grounded empty; {a, c} and {b, d} preferred and stable.
    "even cycle": ("ab bc cd da", "", ["ac", "bd"], ["ac", "bd"]),
}


@pytest.mark.parametrize("name", sorted(TEXTBOOK))
def test_textbook_frameworks_have_their_known_extensions(name: str) -> None:
    attacks, grounded, preferred, stable = TEXTBOOK[name]
    af = framework(attacks)
    assert grounded_extension(af) == frozenset(grounded)
    assert set(preferred_extensions(af)) == sets(*preferred)
    assert set(stable_extensions(af)) == sets(*stable)


def test_floating_reinstatement_labels_d_in_only_under_preferred() -> None:
    af = framework("ab ba ac bc cd")
    assert claim_labels(af, "grounded") == {"a": UNDEC, "b": UNDEC, "c": UNDEC, "d": UNDEC}
    # In both preferred labellings c is OUT and d IN; a and b swap, so they stay UNDEC sceptically.
    assert claim_labels(af, "preferred") == {"a": UNDEC, "b": UNDEC, "c": OUT, "d": IN}
    assert claim_labels(af, "stable") == {"a": UNDEC, "b": UNDEC, "c": OUT, "d": IN}


def test_caminada_labelling_of_the_chain() -> None:
    # Caminada 2006: a labelling is complete when IN args have all attackers OUT and OUT args
    # have an IN attacker. In a -> b -> c: a IN, b OUT, c IN; and with e -> e alone, e is UNDEC.
    af = framework("ab bc ee")
    assert grounded_labelling(af) == {"a": IN, "b": OUT, "c": IN, "e": UNDEC}
    assert extension_labelling(af, {"a", "c"}) == grounded_labelling(af)


def test_a_part_without_stable_extension_leaves_only_its_own_claims_undec() -> None:
    # Two separate parts: an odd cycle (no stable extension) and a mutual attack x <-> y plus y -> z.
    af = framework("ab bc ca xy yx yz")
    assert stable_extensions(af) == []  # Dung's global notion: none
    labels = claim_labels(af, "stable")
    assert {labels[a] for a in "abc"} == {UNDEC}
    # {x, z} and {y} are the stable extensions of the second part: x, y, z disagree, so UNDEC.
    assert set(stable_extensions(framework("xy yx yz"))) == sets("xz", "y")
    assert [labels[a] for a in "xyz"] == [UNDEC, UNDEC, UNDEC]


def test_too_many_extensions_is_refused() -> None:
    af = framework(" ".join(f"{a}{b} {b}{a}" for a, b in ["ab", "cd", "ef", "gh", "ij"]))
    assert len(preferred_extensions(af)) == 32
    with pytest.raises(TooManyExtensions):
        preferred_extensions(af, limit=10)
    # Labels are computed per part, so they do not need the 32 products.
    assert set(claim_labels(af, "preferred", limit=10).values()) == {UNDEC}


def test_undercuts_count_as_attacks_and_supports_do_not() -> None:
    argument = nx.MultiDiGraph()
    argument.add_edge("u", "c", type="undercuts")
    argument.add_edge("s", "c", type="supports")
    argument.add_edge("r", "s", type="rephrases")
    argument.add_edge("a", "s", type="attacks")
    af = attack_framework(argument)
    assert sorted(af.edges) == [("a", "s"), ("u", "c")]
    assert claim_labels(af) == {"u": IN, "c": OUT, "s": OUT, "r": IN, "a": IN}


# --------------------------------------------------------------------------- DF-QuAD


def argument_of(*edges: tuple[str, str, str]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for u, v, t in edges:
        g.add_edge(u, v, type=t)
    return g


def test_dfquad_single_support_and_single_attack() -> None:
    # Rago et al. 2016: a leaf keeps its base score 0.5. One supporter of strength 0.5:
    # vs = 0.5 > va = 0, so 0.5 + (1 - 0.5) * 0.5 = 0.75. One attacker: 0.5 - 0.5 * 0.5 = 0.25.
    s = dfquad_strength(argument_of(("b", "a", "supports"), ("d", "c", "attacks")))
    assert s == pytest.approx({"a": 0.75, "b": 0.5, "c": 0.25, "d": 0.5})


def test_dfquad_aggregates_and_balances() -> None:
    # Two supporters of 0.5 aggregate to 1 - 0.5 * 0.5 = 0.75; against one attacker of 0.5 the
    # difference 0.25 raises a: 0.5 + 0.5 * 0.25 = 0.625. Equal support and attack cancel: 0.5.
    s = dfquad_strength(argument_of(("b", "a", "supports"), ("c", "a", "supports"), ("d", "a", "attacks")))
    assert s["a"] == pytest.approx(0.625)
    even = dfquad_strength(argument_of(("b", "a", "supports"), ("d", "a", "undercuts")))
    assert even["a"] == pytest.approx(0.5)


def test_dfquad_chain_propagates_and_base_scores_count() -> None:
    # c attacks b, b supports a. b = 0.25; a = 0.5 + 0.5 * 0.25 = 0.625. With base 0.8 for a:
    # 0.8 + 0.2 * 0.25 = 0.85.
    g = argument_of(("c", "b", "attacks"), ("b", "a", "supports"))
    assert dfquad_strength(g)["a"] == pytest.approx(0.625)
    assert dfquad_strength(g, base={"a": 0.8, "b": 0.5, "c": 0.5})["a"] == pytest.approx(0.85)


def test_dfquad_mutual_attack_settles_symmetrically() -> None:
    # a <-> b with equal base scores: the fixed point x = 0.5 - 0.5 x gives x = 1/3 for both.
    s = dfquad_strength(argument_of(("a", "b", "attacks"), ("b", "a", "attacks")))
    assert s["a"] == pytest.approx(1 / 3, abs=1e-6) and s["b"] == pytest.approx(1 / 3, abs=1e-6)


# --------------------------------------------------------------------------- py_arg cross-check


def random_frameworks(count: int, seed: int = 20250601):
    rng = random.Random(seed)
    for _ in range(count):
        n = rng.randint(1, 9)
        p = rng.choice([0.1, 0.2, 0.3, 0.45])
        af = nx.DiGraph()
        af.add_nodes_from(f"a{i}" for i in range(n))
        for a in list(af):
            for b in list(af):
                if rng.random() < p and (a != b or rng.random() < 0.25):
                    af.add_edge(a, b)
        yield af


def test_agrees_with_py_arg_on_400_random_frameworks() -> None:
    aaf = pytest.importorskip("py_arg.abstract_argumentation_classes.abstract_argumentation_framework", reason="python-argumentation (test extra) is not installed")
    from py_arg.abstract_argumentation_classes.argument import Argument
    from py_arg.abstract_argumentation_classes.defeat import Defeat
    from py_arg.algorithms.semantics.get_grounded_extension import get_grounded_extension
    from py_arg.algorithms.semantics.get_preferred_extensions import get_preferred_extensions
    from py_arg.algorithms.semantics.get_stable_extensions import get_stable_extensions

    def names(extensions) -> set[frozenset]:
        return {frozenset(a.name for a in ext) for ext in extensions}

    checked = {"with stable": 0, "without stable": 0, "several preferred": 0}
    for af in random_frameworks(400):
        args = {a: Argument(a) for a in af}
        theirs = aaf.AbstractArgumentationFramework("random", list(args.values()), [Defeat(args[u], args[v]) for u, v in af.edges])
        assert grounded_extension(af) == frozenset(a.name for a in get_grounded_extension(theirs)), sorted(af.edges)
        assert set(preferred_extensions(af)) == names(get_preferred_extensions(theirs)), sorted(af.edges)
        assert set(stable_extensions(af)) == names(get_stable_extensions(theirs)), sorted(af.edges)
        checked["with stable" if stable_extensions(af) else "without stable"] += 1
        checked["several preferred"] += len(preferred_extensions(af)) > 1
    # The sample exercises every case: frameworks with and without stable extensions, and with
    # several preferred extensions.
    assert min(checked.values()) >= 30, checked


def test_extensions_are_counted_without_listing_them() -> None:
    # 40 separate mutual attacks: 2**40 preferred and stable extensions, far too many to list.
    af = framework(" ".join(f"{chr(0x100 + 2 * i)}{chr(0x101 + 2 * i)} {chr(0x101 + 2 * i)}{chr(0x100 + 2 * i)}" for i in range(40)))
    assert count_extensions(af, "preferred") == count_extensions(af, "stable") == 2**40
    assert count_extensions(framework("ab bc ca"), "stable") == 0 and count_extensions(framework("ab bc ca"), "preferred") == 1
    small = framework("ab ba cd dc ef")
    assert count_extensions(small, "preferred") == len(preferred_extensions(small)) == 4
