"""Store plans: the text a store whose index lookups are costly (Oxigraph on disk) runs for a named
query, derived from the query itself by rewrite rules that keep its rows and their order.

Oxigraph 0.5 joins a triple pattern to what precedes it by one index lookup per row; on disk each
lookup reads RocksDB (3-6 µs), which is seconds over 50,000 rows. A sub-select is joined instead by
hashing two whole scans. The rules (each one keeps the query's answer):

1. *Scans*: in a group, each triple pattern becomes its own sub-select projecting its variables,
   ``{ SELECT ?a ?b WHERE { ?a p ?b } }``, and a UNION of one-pattern branches becomes one
   sub-select projecting every variable of the union. A sub-select projecting all the variables
   of one pattern gives exactly the solutions of that pattern, so the join is unchanged.
   An OPTIONAL group of one pattern (with BINDs and FILTERs on its own variables) becomes one
   sub-select; a group that is one pattern alone (a UNION branch, a MINUS) is left as it is.
2. *Anti-joins*: ``FILTER NOT EXISTS { P }`` becomes ``MINUS { P }`` at the end of its group when P
   shares a variable with the group and every variable P shares with the rest of the query is
   bound by a pattern of that group in every solution: then both remove exactly the solutions
   that have a match of P (SPARQL 1.1 §8.3.3).
3. *Identity*: ``FILTER (?a != ?b)`` becomes ``FILTER (!sameTerm(?a, ?b))`` when both variables are
   subjects of patterns of the group: IRIs or blank nodes, for which the two tests agree.
4. *Long texts*: ``ORDER BY ?text`` or ``STR(?text)`` becomes ``ORDER BY CONCAT(?text, "\\u0000")``
   for a variable bound as the object of ``am:text`` (claim texts, simple literals): Oxigraph compares stored strings of more than
   15 bytes by reading them from disk at every comparison, the concatenation is a new string kept
   in memory, and appending the same smallest character to two strings never changes which comes
   first.

With bindings a named query runs as it is: the bound value is then its most selective pattern,
which index lookups reach in milliseconds, while scans would read the whole store. Timings:
``bench/RESULTS-store.md``; the rows of every plan are checked against the query on three engines
by ``tests/test_store_results.py``.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from argmap.errors import QueryError

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<literal>(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^(?:<[^<>"\s]*>|[A-Za-z][\w-]*:[\w-]*))?)
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$]\w+)
  | (?P<pname>[A-Za-z][\w-]*:(?:[\w-](?:[\w.-]*[\w-])?)?)
  | (?P<number>[+-]?(?:\d+\.\d*|\.?\d+)(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<op>!=|<=|>=|&&|\|\||\^\^|[{}()\[\].;,|/^*+=<>!?-])
""", re.VERBOSE)

#: The predicate whose objects are long texts (claim texts), ordered as in rule 4.
TEXT_PREDICATE = "am:text"


def tokens(text: str) -> list[str]:
    """The SPARQL tokens of ``text`` (comments and white space left out).

    >>> tokens('SELECT ?s WHERE { ?s am:text "a b" } # done')
    ['SELECT', '?s', 'WHERE', '{', '?s', 'am:text', '"a b"', '}']
    """
    found, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise PlanError(f"cannot read the query at {text[position:position + 20]!r}")
        if match.lastgroup not in ("space", "comment"):
            found.append(match.group())
        position = match.end()
    return found


def query_variables(text: str) -> list[str]:
    """The names of the variables a query mentions, in order of first mention (without ``?``).

    >>> query_variables("SELECT ?name (COUNT(*) AS ?n) WHERE { ?s rdfs:label ?name } GROUP BY ?name")
    ['name', 'n', 's']
    """
    names: dict[str, None] = {}
    for token in tokens(text):
        if token[0] in "?$" and len(token) > 1:
            names.setdefault(token[1:], None)
    return list(names)


class PlanError(QueryError):
    """A query the plan rules do not cover (the query then runs as it is)."""


def _is_var(token: str) -> bool:
    return token[0] in "?$" and len(token) > 1


def _upper(token: str) -> str:
    return token.upper() if token[0].isalpha() else token


# --- a small syntax tree of group graph patterns --------------------------------------------------

@dataclass
class Triple:
    subject: str
    verb: list[str]
    object: str

    def variables(self) -> list[str]:
        return [t for t in (self.subject, *self.verb, self.object) if _is_var(t)]

    def emit(self) -> list[str]:
        return [self.subject, *self.verb, self.object, "."]


@dataclass
class Group:
    elements: list[Element] = field(default_factory=list)


@dataclass
class Union:
    branches: list[Group]


@dataclass
class Keyword:
    """OPTIONAL { G }, MINUS { G } or FILTER NOT EXISTS { G }."""

    keyword: str
    group: Group


@dataclass
class SubSelect:
    head: list[str]
    group: Group
    tail: list[str]


@dataclass
class Raw:
    """FILTER (...), BIND (...) or VALUES ...: kept as written (``tokens``)."""

    tokens: list[str]


Element = Triple | Group | Union | Keyword | SubSelect | Raw

_TERM_END = {".", ";", ",", "}", "{"}


class _Parser:
    def __init__(self, items: list[str]):
        self.items, self.at = items, 0

    def peek(self, offset: int = 0) -> str:
        index = self.at + offset
        return self.items[index] if index < len(self.items) else ""

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if not token or (expected is not None and _upper(token) != expected):
            raise PlanError(f"expected {expected or 'more'} at {token or 'the end'!r}")
        self.at += 1
        return token

    def balanced(self) -> list[str]:
        """An opening bracket and everything up to its closing one."""
        pairs = {"(": ")", "{": "}", "[": "]"}
        opening = self.peek()
        if opening not in pairs:
            raise PlanError(f"expected a bracket at {opening!r}")
        depth, out = 0, []
        while True:
            token = self.take()
            out.append(token)
            if token in pairs:
                depth += 1
            elif token in pairs.values():
                depth -= 1
                if depth == 0:
                    return out

    def group(self) -> Group:
        """A group graph pattern; the opening ``{`` has been taken."""
        if _upper(self.peek()) == "SELECT":
            return Group([self.subselect()])
        group = Group()
        while True:
            token, word = self.peek(), _upper(self.peek())
            if not token:
                raise PlanError("a group is not closed")
            if token == "}":
                self.take()
                return group
            if token == ".":
                self.take()
            elif token == "{":
                self.take()
                branches = [self.group()]
                while _upper(self.peek()) == "UNION":
                    self.take()
                    self.take("{")
                    branches.append(self.group())
                if len(branches) > 1:
                    group.elements.append(Union(branches))
                else:  # a sub-select is itself an element
                    group.elements.extend(branches[0].elements if _is_subselect(branches[0]) else branches)
            elif word in ("OPTIONAL", "MINUS"):
                self.take()
                self.take("{")
                group.elements.append(Keyword(word, self.group()))
            elif word == "FILTER" and _upper(self.peek(1)) == "NOT" and _upper(self.peek(2)) == "EXISTS":
                self.at += 3
                self.take("{")
                group.elements.append(Keyword("NOT EXISTS", self.group()))
            elif word == "FILTER":
                self.take()
                head = [self.take()] if self.peek() != "(" else []  # FILTER regex(...) and the like
                group.elements.append(Raw(["FILTER", *head, *self.balanced()]))
            elif word == "BIND":
                self.take()
                group.elements.append(Raw(["BIND", *self.balanced()]))
            elif word == "VALUES":
                self.take()
                names = [self.take()] if self.peek() != "(" else self.balanced()
                group.elements.append(Raw(["VALUES", *names, *self.balanced()]))
            elif word in ("GRAPH", "SERVICE", "EXISTS", "NOT") or token == "[":
                raise PlanError(f"{token} is not covered by the plan rules")
            else:
                group.elements.extend(self.triples())

    def subselect(self) -> SubSelect:
        """``SELECT ... WHERE { ... } modifiers }``; the ``{`` before SELECT has been taken, the
        closing ``}`` is taken here."""
        head = []
        while self.peek() != "{":
            token = self.take()
            if _upper(token) != "WHERE":
                head.append(token)
        self.take("{")
        inner = self.group()
        tail = []
        while self.peek() != "}":
            tail.extend(self.balanced() if self.peek() in "({" else [self.take()])
        self.take("}")
        return SubSelect(head, inner, tail)

    def term(self) -> str:
        token = self.take()
        if token in ("(", "["):
            raise PlanError(f"{'blank node' if token == '[' else 'collection'} syntax {token} is not covered by the plan rules")
        if token in _TERM_END:
            raise PlanError(f"a term was expected at {token!r}")
        return token

    def verb(self) -> list[str]:
        out = [self.term()]
        while self.peek() in ("|", "/"):
            out += [self.take(), self.term()]
        return out

    def triples(self) -> Iterator[Triple]:
        subject = self.term()
        while True:
            verb = self.verb()
            yield Triple(subject, verb, self.term())
            while self.peek() == ",":
                self.take()
                yield Triple(subject, verb, self.term())
            if self.peek() != ";":
                return
            while self.peek() == ";":
                self.take()
            if self.peek() in (".", "}"):
                return


def _is_subselect(group: Group) -> bool:
    return len(group.elements) == 1 and isinstance(group.elements[0], SubSelect)


# --- variables -----------------------------------------------------------------------------------

def _all_variables(element: Element) -> list[str]:
    """Every variable mentioned in ``element``, inner sub-selects included."""
    if isinstance(element, Triple):
        return element.variables()
    if isinstance(element, Raw):
        return [t for t in element.tokens if _is_var(t)]
    if isinstance(element, Group):
        return [v for e in element.elements for v in _all_variables(e)]
    if isinstance(element, Union):
        return [v for b in element.branches for v in _all_variables(b)]
    if isinstance(element, Keyword):
        return _all_variables(element.group)
    return [t for t in element.head + element.tail if _is_var(t)] + _all_variables(element.group)


def _projected(select: SubSelect) -> list[str]:
    """The variables a sub-select projects: plain ones and ``AS ?v`` ones (``*`` not covered)."""
    if "*" in select.head:
        raise PlanError("SELECT * in a sub-select is not covered by the plan rules")
    out, depth = [], 0
    for i, token in enumerate(select.head):
        depth += token == "("
        depth -= token == ")"
        if _is_var(token) and (depth == 0 or _upper(select.head[i - 1]) == "AS"):
            out.append(token)
    return out


def _in_scope(element: Element) -> list[str]:
    """The variables ``element`` can bind (SPARQL 1.1 §18.2.1), in order, once each."""
    if isinstance(element, Triple):
        found = element.variables()
    elif isinstance(element, SubSelect):
        found = _projected(element)
    elif isinstance(element, Raw):
        found = [element.tokens[-2]] if element.tokens[0] == "BIND" else [t for t in element.tokens if _is_var(t)] \
            if element.tokens[0] == "VALUES" else []
    elif isinstance(element, Group):
        found = [v for e in element.elements for v in _in_scope(e)]
    elif isinstance(element, Union):
        found = [v for b in element.branches for v in _in_scope(b)]
    else:
        found = _in_scope(element.group) if element.keyword == "OPTIONAL" else []
    return list(dict.fromkeys(found))


def _certain(group: Group) -> set[str]:
    """Variables bound in every solution of ``group`` by its patterns (triples, sub-selects)."""
    return {v for e in group.elements if isinstance(e, (Triple, SubSelect)) for v in _in_scope(e)}


# --- the rules -------------------------------------------------------------------------------------

def _scan(pattern: list[str], variables: list[str]) -> list[str]:
    return ["{", "SELECT", *variables, "WHERE", "{", *pattern, "}", "}"]


def _emit(element: Element, rewrite: bool, uses: dict[str, int]) -> list[str]:
    """The tokens of ``element``; with ``rewrite``, its plan."""
    if isinstance(element, Triple):
        return element.emit()
    if isinstance(element, Raw):
        return element.tokens
    if isinstance(element, Group):
        return ["{", *_emit_group(element, rewrite, uses), "}"]
    if isinstance(element, Union):
        out = _emit(element.branches[0], rewrite, uses)
        for branch in element.branches[1:]:
            out += ["UNION", *_emit(branch, rewrite, uses)]
        return out
    if isinstance(element, Keyword):
        words = ["FILTER", "NOT", "EXISTS"] if element.keyword == "NOT EXISTS" else [element.keyword]
        inner = element.group
        if rewrite and element.keyword == "OPTIONAL" and _one_pattern(inner):
            return ["OPTIONAL", *_scan(_emit_group(inner, False, uses), _in_scope(inner))]  # rule 1
        return [*words, "{", *_emit_group(inner, rewrite and element.keyword == "OPTIONAL", uses), "}"]
    return ["{", *element.head, "WHERE", "{", *_emit_group(element.group, rewrite, uses), "}", *element.tail, "}"]


def _one_pattern(group: Group) -> bool:
    """True for a group of one triple pattern with BINDs and FILTERs on its own variables only:
    as a sub-select projecting its variables it gives the same solutions, FILTERs included."""
    patterns = [e for e in group.elements if not isinstance(e, Raw)]
    if len(patterns) != 1 or not isinstance(patterns[0], Triple):
        return False
    own = set(_in_scope(group))
    return all(e.tokens[0] in ("BIND", "FILTER") and set(_all_variables(e)) <= own for e in group.elements if isinstance(e, Raw))


def _emit_group(group: Group, rewrite: bool, uses: dict[str, int]) -> list[str]:
    if not rewrite:
        return [t for e in group.elements for t in _emit(e, False, uses)]
    patterns = [e for e in group.elements if not isinstance(e, Raw)]
    alone = len(patterns) == 1 and isinstance(patterns[0], Triple)
    certain = _certain(group)
    subjects = {e.subject for e in group.elements if isinstance(e, Triple) and _is_var(e.subject)}
    out: list[str] = []
    last: list[str] = []
    for element in group.elements:
        if isinstance(element, Triple) and not alone and element.variables():
            out += _scan(element.emit(), element.variables())  # rule 1
        elif isinstance(element, Union) and all(len(b.elements) <= 2 and sum(isinstance(e, Triple) for e in b.elements) <= 1
                                                for b in element.branches):
            out += _scan(_emit(element, False, uses), _in_scope(element))  # rule 1, a union of single patterns
        elif isinstance(element, Keyword) and element.keyword == "NOT EXISTS" and _minus_is_same(element.group, certain, uses):
            last += ["MINUS", "{", *_emit_group(element.group, False, uses), "}"]  # rule 2
        elif isinstance(element, Raw) and element.tokens[0] == "FILTER":
            out += _same_term(element.tokens, subjects)  # rule 3
        else:
            out += _emit(element, True, uses)
    return out + last


def _minus_is_same(inner: Group, certain: set[str], uses: dict[str, int]) -> bool:
    own = _all_variables(inner)
    counted = {v: own.count(v) for v in own}
    shared = {v for v in own if uses.get(v, 0) > counted[v]}  # mentioned outside the NOT EXISTS too
    return bool(shared) and shared <= certain


def _same_term(filter_tokens: list[str], subjects: set[str]) -> list[str]:
    match = filter_tokens[1:] if len(filter_tokens) == 6 else []
    if match and match[0] == "(" and match[2] == "!=" and match[4] == ")" and {match[1], match[3]} <= subjects:
        return ["FILTER", "(", "!", "sameTerm", "(", match[1], ",", match[3], ")", ")"]
    return filter_tokens


def _order_by(tail: list[str], texts: set[str]) -> list[str]:
    """Rule 4 on the solution modifiers of the query."""
    out: list[str] = []
    ordering = False
    tail = _str_of_texts(tail, texts)
    for i, token in enumerate(tail):
        word = _upper(token)
        if word in ("LIMIT", "OFFSET", "GROUP", "HAVING", "VALUES"):
            ordering = False
        elif word == "ORDER":
            ordering = True
        alone = (i == 0 or tail[i - 1] in ("BY", ")") or _is_var(tail[i - 1]) or tail[i - 1] == "(" and _upper(tail[i - 2]) in ("ASC", "DESC")) \
            and (i + 1 == len(tail) or tail[i + 1] != "(" and tail[i + 1] not in ("+", "-", "*", "/"))
        if ordering and token in texts and alone:
            out += ["CONCAT", "(", token, ",", '"\\u0000"', ")"]
        else:
            out.append(token)
    return out


def _str_of_texts(tail: list[str], texts: set[str]) -> list[str]:
    """``STR(?text)`` as ``?text`` (same order: a text is a simple literal), for rule 4 to apply."""
    out: list[str] = []
    i = 0
    while i < len(tail):
        if _upper(tail[i]) == "STR" and tail[i + 1:i + 2] == ["("] and tail[i + 2:i + 3] and tail[i + 2] in texts and tail[i + 3:i + 4] == [")"]:
            out.append(tail[i + 2])
            i += 4
        else:
            out.append(tail[i])
            i += 1
    return out


def derive_plan(text: str) -> str:
    """The store plan of a SELECT query (see the module's rules); :class:`PlanError` if the query
    uses what the rules do not cover (GRAPH, SERVICE, blank node syntax, ``SELECT *`` inside).

    >>> print(derive_plan("SELECT ?n WHERE { ?s a am:Speaker ; rdfs:label ?n } ORDER BY ?n"))
    SELECT ?n WHERE { { SELECT ?s WHERE { ?s a am:Speaker . } } { SELECT ?s ?n WHERE { ?s rdfs:label ?n . } } } ORDER BY ?n
    """
    items = tokens(text)
    parser = _Parser(items)
    head = []
    while parser.peek() and parser.peek() != "{":
        token = parser.take()
        if _upper(token) != "WHERE":
            head.append(token)
    if not any(_upper(t) == "SELECT" for t in head):
        raise PlanError("only SELECT queries have store plans")
    parser.take("{")
    where = parser.group()
    tail = items[parser.at:]
    uses: dict[str, int] = {}
    for token in items:
        if _is_var(token):
            uses[token] = uses.get(token, 0) + 1
    texts = {t.object for t in _triples(where) if t.verb == [TEXT_PREDICATE] and _is_var(t.object)}
    body = _emit_group(where, True, uses)
    return _join([*head, "WHERE", "{", *body, "}", *_order_by(tail, texts)])


def _join(items: list[str]) -> str:
    """SPARQL text of tokens: one space between them, none between a function name and its ``(``
    (Oxigraph's parser wants ``CONCAT(`` together)."""
    out: list[str] = []
    for i, token in enumerate(items):
        if i and not (token == "(" and items[i - 1][0].isalpha() and _upper(items[i - 1]) not in _NOT_FUNCTIONS):
            out.append(" ")
        out.append(token)
    return "".join(out)


#: Words before a ``(`` that are not function names.
_NOT_FUNCTIONS = {"SELECT", "WHERE", "FILTER", "BIND", "VALUES", "BY", "AS", "DISTINCT", "REDUCED", "UNION", "OPTIONAL", "MINUS", "NOT", "IN", "HAVING", "ASC", "DESC", "A"}


def _triples(element: Element) -> Iterator[Triple]:
    if isinstance(element, Triple):
        yield element
    elif isinstance(element, Group):
        for e in element.elements:
            yield from _triples(e)
    elif isinstance(element, Union):
        for b in element.branches:
            yield from _triples(b)
    elif isinstance(element, (Keyword, SubSelect)):
        yield from _triples(element.group)


@functools.cache
def store_plan(text: str) -> str:
    """The text a store with costly lookups runs for the query ``text``: its derived plan, or
    ``text`` itself when the rules do not cover it (cached: a named query's plan is derived once).

    >>> print(store_plan("SELECT ?n WHERE { ?s a am:Speaker ; rdfs:label ?n } ORDER BY ?n"))
    SELECT ?n WHERE { { SELECT ?s WHERE { ?s a am:Speaker . } } { SELECT ?s ?n WHERE { ?s rdfs:label ?n . } } } ORDER BY ?n
    >>> print(store_plan("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }"))
    SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }
    """
    try:
        return derive_plan(text)
    except PlanError:
        return text
