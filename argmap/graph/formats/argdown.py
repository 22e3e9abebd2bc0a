"""Argdown in (https://argdown.org, the syntax of ``@argdown/core`` 1.x).

What is read, and what it becomes:

- statements ``[Title]: text`` (a title makes an equivalence class: every ``[Title]`` is the same
  claim, local id ``s.<title>``; untitled statements are ``s<n>``) and arguments ``<Title>: text``
  (``am:Argument`` claims ``a.<title>``), their titles kept as ``rdfs:label``;
- relations by indentation: ``+``/``<+`` support, ``-``/``<-`` attack, ``_``/``<_`` undercut the
  element above; ``+>``, ``->``, ``_>`` go from it to the child; ``><`` is a contradiction
  (``am:Attack`` + ``am:Contradiction``). Strict-mode names (entails, contrary) are the same relations.
  A relation from an argument with a premise-conclusion structure to a statement runs from its
  main conclusion, as in the reference implementation;
- premise-conclusion structures ``(1) ... ---- (n) ...``: each conclusion is supported by the
  statements of its inference step (linked, ``am:jointWith``), premises are ``am:premiseOf`` and the
  main conclusion ``am:conclusionOf`` the argument;
- ``#tags`` and ``#(long tags)`` -> ``am:tag``; ``# headings`` -> ``am:section``; ``{key: value}``
  data (YAML); a ``speaker`` or ``proponent`` data field, or a tag naming one of the front matter's
  ``speakers:``, marks who argues: a locution of that speaker quoting the text;
- front matter ``=== ... ===``, comments (``<!-- -->``, ``/* */``, ``//``), ``@include(file)``,
  Markdown emphasis and links in texts (reduced to their words).

Files the reference rejects are rejected with an InputError naming the line: a relation with no
element to attach to or no content, a list at the top level, an inference not followed by a
numbered conclusion, data that is not YAML, and text after an argument reference's ``(n)``.

Writing is the inverse:

Argdown out: a document the Argdown tools (and :mod:`argmap.graph.formats.argdown`) read back
to the same map.

Each claim is defined once as ``[Title]: text`` (an ``am:Argument`` as ``<Title>: text``), titled by
its ``rdfs:label`` or else its local id, with its tags and ``{speaker: ...}`` data, under a heading
per ``am:section`` (and per debate when there are several). An argument with premises and a
conclusion gets its premise-conclusion structure; every other relation is written under the claim
it points at: ``+`` support, ``-`` attack, ``_`` undercut, and ``><`` under the first claim of a
contradiction. Characters Argdown would read as syntax inside a text are escaped with ``\\``.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal
from rdflib.term import Node

from argmap.errors import InputError
from argmap.graph.formats._common import EMBEDDED_YAML_LIMIT, debate_id_for, inside, load_yaml, local_id, read_text
from argmap.graph.model import Claim, Debate, Locution, Relation, Source, Speaker
from argmap.graph.names import speaker_id
from argmap.graph.rdf import AM, RELATION_TYPE_OF, debate_to_rdf, debates_in, item_iri

RELATION_MARKS = {
    "<+": ("supports", True), "+": ("supports", True), "<-": ("attacks", True), "-": ("attacks", True),
    "<_": ("undercuts", True), "_": ("undercuts", True), "+>": ("supports", False), "->": ("attacks", False),
    "_>": ("undercuts", False), "><": ("contradicts", False),
}
_RELATION = re.compile(r"^(<\+|<-|<_|\+>|->|_>|><|\+|-|_)(?:\s+(.*))?$")
_PCS = re.compile(r"^\((\d+)\)\s*(.*)$")
_INFERENCE = re.compile(r"^(?:-{4,}|--(?!-)(.*?)-{2,})\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_LIST = re.compile(r"^(?:\*|\d+\.)\s+(.*)$")
_DEFINITION = re.compile(r"^([\[<])([^\]>]+)[\]>](:?)\s*(.*)$", re.DOTALL)
_DATA = re.compile(r"\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}\s*$")
_TAG = re.compile(r"(?:^|\s)#(?:\(([^)]{1,200})\)|([\w-]+))")
_INCLUDE = re.compile(r"^@include\(([^)]+)\)\s*$")
# An unclosed comment runs to the end of the text (so a file of unclosed "<!--" is read in linear time).
_COMMENTS = re.compile(r"<!--.*?(?:-->|\Z)|/\*.*?(?:\*/|\Z)|(?:(?<=\s)|^)//[^\n]*", re.DOTALL | re.MULTILINE)
_LINK = re.compile(r"\[([^\][]*)\]\([^)(]*\)")
_EMPHASIS_MARKS = ("**", "__", "*", "_")
#: How deeply ``@include``s may nest.
INCLUDE_DEPTH_LIMIT = 64
_ESCAPE = re.compile(r"\\(.)")


@dataclass
class Element:
    """A statement or argument occurrence: kind, title (None if untitled), text, data, tags, line."""

    kind: str
    title: str | None
    text: str
    line: int
    data: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    section: str | None = None
    reference: bool = False


@dataclass
class ArgdownMap:
    """What a file says: elements by key (``s:<title>``/``a:<title>``/``u:<n>``) in file order,
    relations as (from key, type, to key), PCS as (argument key, [steps of (premises, conclusion)])."""

    title: str | None = None
    speakers: list[str] = field(default_factory=list)
    elements: dict[str, list[Element]] = field(default_factory=dict)
    relations: list[tuple[str, str, str]] = field(default_factory=list)
    pcs: dict[str, list[tuple[list[str], str]]] = field(default_factory=dict)


def plain_text(text: str) -> str:
    """Argdown inline text as plain words: links to their text, emphasis marks and escapes dropped.

    Examples
    --------
    >>> plain_text("**Cars** out, see [the plan](https://example.org) \\\\#1")
    'Cars out, see the plan #1'
    """
    text = re.sub(r"(?<!\\)(\*{3,}|_{3,})", "", _LINK.sub(r"\1", text))
    for _ in range(3):
        text = _drop_emphasis(text)
    return " ".join(_ESCAPE.sub(r"\1", text).split())


def _drop_emphasis(text: str) -> str:
    """``text`` with each Markdown emphasis ``*x*``, ``**x**``, ``_x_``, ``__x__`` replaced by its
    content: the leftmost opener (not after ``\\``, before a non-space) pairs with the first closer of
    the same mark on its line (after a character that is neither space nor ``\\``). Closers are
    looked up by bisection, so the time is O(n log n) even for ``_a _a _a ...``."""
    closers = {mark: _closers(text, mark) for mark in _EMPHASIS_MARKS}
    line_ends = [i for i, c in enumerate(text) if c == "\n"]
    out, i, n = [], 0, len(text)
    while i < n:
        start = i
        if text[i] in "*_" and (i == 0 or text[i - 1] != "\\"):
            for mark in _EMPHASIS_MARKS:
                inner = i + len(mark)
                if not text.startswith(mark, i) or inner >= n or text[inner].isspace():
                    continue
                candidates = closers[mark]
                k = bisect_left(candidates, inner + 1)
                end_of_line = line_ends[bisect_left(line_ends, inner)] if line_ends and line_ends[-1] >= inner else n
                if k < len(candidates) and candidates[k] <= end_of_line:
                    out.append(text[inner:candidates[k]])
                    i = candidates[k] + len(mark)
                    break
        if i == start:
            out.append(text[i])
            i += 1
    return "".join(out)


def _closers(text: str, mark: str) -> list[int]:
    """Where ``mark`` can close an emphasis: after a character that is not space or ``\\``."""
    found, i = [], text.find(mark, 1)
    while i != -1:
        if not text[i - 1].isspace() and text[i - 1] != "\\":
            found.append(i)
        i = text.find(mark, i + 1)
    return found


def _expand(path: Path, seen: set[Path] | None = None, root: Path | None = None, depth: int = 0) -> list[tuple[str, str, int]]:
    """The lines of ``path`` with ``@include`` resolved (each file once, so cycles end), each with
    its file and line number. Included files must lie inside ``root`` (by default the folder of
    the first file), and includes nest at most :data:`INCLUDE_DEPTH_LIMIT` deep."""
    seen = seen if seen is not None else set()
    seen.add(path.resolve())
    root = root if root is not None else path.parent
    text = read_text(path).replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for n, line in enumerate(text.split("\n"), start=1):
        include = _INCLUDE.match(line.strip())
        if include:
            target = inside(root, str(path.parent / include.group(1).strip()), str(path), field="@include", line=n)
            if not target.is_file():
                raise InputError(str(path), f"@include file {include.group(1)!r} not found", line=n)
            if depth >= INCLUDE_DEPTH_LIMIT:
                raise InputError(str(path), f"@include chains nest more than {INCLUDE_DEPTH_LIMIT} files deep", line=n)
            if target not in seen:
                out += _expand(target, seen, root, depth + 1)
        else:
            out.append((str(path), line, n))
    return out


def _blank_comments(text: str) -> str:
    return _COMMENTS.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


class _Parser:
    def __init__(self, path: str):
        self.path = path
        self.map = ArgdownMap()
        self.untitled = 0
        self.section: str | None = None
        self.remove_tags = False

    def fail(self, message: str, line: int, file: str | None = None) -> InputError:
        return InputError(file or self.path, message, line=line)

    def element(self, content: str, line: int, file: str, default: str = "statement") -> str:
        """Register the element written as ``content`` and return its key."""
        data: dict[str, Any] = {}
        match = _DATA.search(content)
        if match:
            data, content = _data(match.group(0), self, line, file), content[: match.start()]
        definition = _DEFINITION.match(content.strip())
        if definition and definition.group(1) == "[" and not definition.group(3) and definition.group(4).startswith("("):
            definition = None
        if definition and (definition.group(3) or not definition.group(4).startswith("(")):
            kind = "argument" if definition.group(1) == "<" else "statement"
            title, text = definition.group(2).strip(), definition.group(4) if definition.group(3) else ""
            reference = not definition.group(3)
            if reference:
                text = definition.group(4)
        elif definition and definition.group(4).startswith("("):
            raise self.fail(f"unexpected '(' after {definition.group(1)}{definition.group(2)}{'>' if definition.group(1) == '<' else ']'}", line, file)
        else:
            kind, title, text, reference = default, None, content, False
        tags = [a or b for a, b in _TAG.findall(content)]
        if title is None:
            self.untitled += 1
            key = f"u:{self.untitled}"
        else:
            key = f"{kind[0]}:{title}"
        if self.remove_tags:
            text = _TAG.sub("", text)
        element = Element(kind, title, plain_text(text), line, data, tags, self.section, reference)
        self.map.elements.setdefault(key, []).append(element)
        return key

    def relate(self, parent: str, mark: str, child: str) -> None:
        rtype, incoming = RELATION_MARKS[mark]
        self.map.relations.append((child, rtype, parent) if incoming else (parent, rtype, child))


def _data(text: str, p: _Parser, line: int, file: str) -> dict[str, Any]:
    """A ``{key: value}`` data block, read as YAML (flow style)."""
    try:
        parsed = load_yaml(text, file, node_limit=EMBEDDED_YAML_LIMIT)
    except InputError as exc:
        raise p.fail(f"data is not YAML: {exc.message}", line, file) from None
    if not isinstance(parsed, dict):
        raise p.fail("data should be a {key: value} mapping", line, file)
    return parsed


def _logical_lines(lines: list[tuple[str, str, int]]) -> list[tuple[int, str, str, int]]:
    """Join hard-wrapped text: (indent, stripped content, file, line); blank lines kept as ''."""
    out: list[tuple[int, str, str, int]] = []
    open_inference = False
    for file, raw, n in lines:
        stripped = raw.strip()
        if open_inference:
            prev = out[-1]
            out[-1] = (prev[0], f"{prev[1]} {stripped}", prev[2], prev[3])
            open_inference = not stripped.endswith("--")
            continue
        if stripped.startswith("--") and not _INFERENCE.match(stripped) and not stripped.startswith("-->"):
            out.append((0, stripped, file, n))
            open_inference = True
            continue
        indent = len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip())
        starts_new = not stripped or _RELATION.match(stripped) or _PCS.match(stripped) or _INFERENCE.match(stripped) \
            or _HEADING.match(stripped) or _LIST.match(stripped) or re.match(r"^(?:\[[^\]]+\](?!\()|<[^>]+>)", stripped)
        if out and out[-1][1] and not starts_new and not _INFERENCE.match(out[-1][1]):
            prev = out[-1]
            out[-1] = (prev[0], f"{prev[1]} {stripped}", prev[2], prev[3])
        else:
            out.append((indent, stripped, file, n))
    return out


def _front_matter(p: _Parser, lines: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    """Read the ``=== ... ===`` front matter (YAML: title, speakers, model options) and blank it out."""
    start = next(i for i, (_, line, _) in enumerate(lines) if line.strip())
    end = next((i for i in range(start + 1, len(lines)) if lines[i][1].strip() == "==="), None)
    if end is None:
        raise p.fail("front matter opened with === is never closed", lines[start][2])
    try:
        front = load_yaml("\n".join(line for _, line, _ in lines[start + 1:end]), lines[start][0], lines[start][2], EMBEDDED_YAML_LIMIT) or {}
    except InputError as exc:
        raise p.fail(f"front matter is not YAML: {exc.message}", exc.line or lines[start][2], lines[start][0]) from None
    if isinstance(front, dict):
        p.map.title = str(front["title"]) if front.get("title") else None
        p.map.speakers = [str(s) for s in front.get("speakers") or []] if isinstance(front.get("speakers"), list) else []
        model = front.get("model")
        p.remove_tags = bool(model.get("removeTagsFromText")) if isinstance(model, dict) else False
    if end + 1 >= len(lines) or lines[end + 1][1].strip():
        where = lines[min(end + 1, len(lines) - 1)]
        raise p.fail("the front matter's closing === must be followed by an empty line", where[2], where[0])
    return [(f, "", n) for f, _, n in lines[: end + 1]] + lines[end + 1:]


def parse_argdown(path: Path | str, include_root: Path | None = None) -> ArgdownMap:
    """Parse an Argdown file (with its ``@include``s) into an :class:`ArgdownMap`.

    Parameters
    ----------
    path : Path or str
        An Argdown file (Argdown syntax as documented at https://argdown.org/syntax/).
    include_root : Path, optional
        The folder included files must lie in (default: the file's own folder); an ``@include`` of
        a file outside it is an :class:`InputError`, so an untrusted file cannot copy
        ``/etc/passwd`` into a map. Includes nest at most :data:`INCLUDE_DEPTH_LIMIT` deep.

    Returns
    -------
    ArgdownMap
        The statements and arguments by key, the relations between them and the
        premise-conclusion structures, in file order.

    Raises
    ------
    InputError
        Naming file and line for syntax argmap cannot read (a relation with nothing to attach to,
        an unclosed front matter, an inference with no conclusion...).

    Examples
    --------
    >>> m = parse_argdown("tests/fixtures/formats/town.argdown")
    >>> m.title, m.relations[0]
    ('Should Main Street go car-free?', ('s:Deliveries', 'attacks', 's:Car-free'))
    >>> [element.text for element in m.elements["s:Car-free"]][0]
    'Main Street should go car-free. #core'
    """
    path = Path(path)
    p = _Parser(str(path))
    lines = _expand(path, root=include_root)
    if next((line.strip() for _, line, _ in lines if line.strip()), "") == "===":
        lines = _front_matter(p, lines)
    cleaned = _blank_comments("\n".join(line for _, line, _ in lines)).split("\n")
    lines = [(f, c, n) for (f, raw, n), c in zip(lines, cleaned) if c.strip() or not raw.strip()]
    reader = _LineReader(p)
    for indent, content, file, n in _logical_lines(lines):
        reader.read(indent, content, file, n)
    reader.finish(lines[-1][2] if lines else 1)
    _relations_from_conclusions(p.map)
    return p.map


class _LineReader:
    """Reads logical lines one by one: the open tree of relations (``stack`` of (indent, key), its
    parent last), the open premise-conclusion structure and the argument it belongs to."""

    def __init__(self, p: _Parser):
        self.p = p
        self.stack: list[tuple[int, str]] = []
        self.pcs: list[tuple[str, str]] | None = None
        self.pcs_owner: str | None = None
        self.pending_argument: str | None = None
        self.expect_conclusion = False
        self.lists: set[str] = set()

    def read(self, indent: int, content: str, file: str, n: int) -> None:
        """Take one logical line into the map."""
        if not content:
            self._blank()
            return
        if self.expect_conclusion and not _PCS.match(content) and not _INFERENCE.match(content):
            raise self.p.fail("an inference line must be followed by a numbered conclusion '(n) ...'", n, file)
        if heading := _HEADING.match(content):
            self.p.section = plain_text(_DATA.sub("", heading.group(2)))
            self.stack, self.pending_argument = [], None
        elif relation := _RELATION.match(content):
            self._relation(relation, indent, file, n)
        elif number := _PCS.match(content):
            self._numbered(number, indent, file, n)
        elif (inference := _INFERENCE.match(content)) and self.pcs is not None:
            self._inference(inference, self.pcs, file, n)
        else:
            self._statement(content, indent, file, n)

    def finish(self, last_line: int) -> None:
        """Close what the end of the file leaves open."""
        if self.expect_conclusion:
            raise self.p.fail("the file ends after an inference line: a numbered conclusion '(n) ...' is missing", last_line)
        if self.pcs is not None:
            _close_pcs(self.p, self.pcs, self.pcs_owner)

    def _blank(self) -> None:
        self.stack = []
        if self.pcs is not None:
            _close_pcs(self.p, self.pcs, self.pcs_owner)
            self.pcs, self.pcs_owner = None, None

    def _relation(self, relation: re.Match[str], indent: int, file: str, n: int) -> None:
        if not relation.group(2):
            raise self.p.fail(f"relation '{relation.group(1)}' has no statement or argument after it", n, file)
        self.stack, indent = _place(self.stack, indent)
        if not self.stack:
            raise self.p.fail(f"relation '{relation.group(1)}' has no statement or argument above it to attach to", n, file)
        key = self.p.element(relation.group(2), n, file)
        self.p.relate(self.stack[-1][1], relation.group(1), key)
        self.stack.append((indent, key))

    def _numbered(self, number: re.Match[str], indent: int, file: str, n: int) -> None:
        if self.pcs is None:
            self.pcs, self.pcs_owner = [], self.pending_argument
        key = self.p.element(number.group(2), n, file)
        self.pcs.append(("statement", key))
        self.expect_conclusion = False
        self.stack = [(indent, key)]

    def _inference(self, inference: re.Match[str], pcs: list[tuple[str, str]], file: str, n: int) -> None:
        rule = inference.group(1) or ""
        if "{" in rule:
            _data(rule[rule.index("{"): rule.rindex("}") + 1], self.p, n, file)
        pcs.append(("inference", ""))
        self.expect_conclusion = True

    def _statement(self, content: str, indent: int, file: str, n: int) -> None:
        listed = _LIST.match(content)
        if listed:
            if self.stack and indent > self.stack[-1][0] and self.stack[-1][1] in self.lists:
                raise self.p.fail("a list item nested in a list item (only relations can be nested)", n, file)
            content = listed.group(1)
        if self.stack and indent > self.stack[-1][0] and not listed:
            raise self.p.fail("indented text that is neither a relation nor a list item", n, file)
        if indent == 0 and self.stack and not listed:
            raise self.p.fail("a new statement or argument must follow an empty line", n, file)
        key = self.p.element(content, n, file)
        if listed:
            self.lists.add(key)
        self.stack, indent = _place(self.stack, indent)
        self.stack.append((indent, key))
        if indent == 0:
            self.pending_argument = key if key.startswith("a:") else None


def _place(stack: list[tuple[int, str]], indent: int) -> tuple[list[tuple[int, str]], int]:
    """The elements above a line at ``indent`` (its parent last) and the level it takes.

    Deeper than the last line: a child of it. Otherwise the line closes every deeper level and
    takes the level it lands on; landing between two levels counts as the shallower one (as the
    reference lexer does: a dedent from 6 to 4 spaces under a level-2 element is level 2)."""
    if stack and indent > stack[-1][0]:
        return list(stack), indent
    kept = [(level, key) for level, key in stack if level <= indent]
    if kept:
        indent = kept[-1][0]
        kept = kept[:-1]
    return kept, indent


def _close_pcs(p: _Parser, pcs: list[tuple[str, str]], owner: str | None) -> None:
    """Record a finished premise-conclusion structure (an untitled argument when no <Title> precedes it)."""
    if owner is None:
        p.untitled += 1
        owner = f"u:{p.untitled}"
        line = p.map.elements[pcs[0][1]][-1].line
        p.map.elements[owner] = [Element("argument", None, "", line)]
    steps: list[tuple[list[str], str]] = []
    since: list[str] = []
    for i, (kind, key) in enumerate(pcs):
        if kind == "statement" and i > 0 and pcs[i - 1][0] == "inference":
            steps.append((since, key))
            since = [key]
        elif kind == "statement":
            since.append(key)
    p.map.pcs[owner] = steps


def _relations_from_conclusions(m: ArgdownMap) -> None:
    """A relation from an argument with a premise-conclusion structure runs from its
    main conclusion; one that thereby goes from a statement to itself (the argument's own
    conclusion) is implied by the structure and dropped."""
    conclusions = {arg: steps[-1][1] for arg, steps in m.pcs.items() if steps}
    relations = [(conclusions.get(a, a), t, b) for a, t, b in m.relations]
    m.relations = [(a, t, b) for a, t, b in relations if a != b]


def _canonical(elements: list[Element]) -> Element:
    """The member that gives an equivalence class its text: the first with text (else the first)."""
    return next((e for e in elements if e.text), elements[0])


def map_to_debate(m: ArgdownMap, debate_id: str, title: str) -> tuple[Debate, dict[str, Element]]:
    """The argmap debate of a parsed Argdown map, and the element each claim comes from.

    Statements become claims ``s.<title>``, arguments ``a.<title>``, untitled ones ``s<n>``;
    speakers come from ``{speaker: ...}``/``{proponent: ...}`` data and declared speaker tags;
    a contradiction becomes an attack noted ``contradiction``, and each premise of a
    premise-conclusion structure supports its conclusion.

    Examples
    --------
    >>> debate, origin = map_to_debate(parse_argdown("tests/fixtures/formats/town.argdown"), "town", "Town")
    >>> debate.title, [c.id for c in debate.claims][:3], origin["a.Footfall"].kind
    ('Should Main Street go car-free?', ['s.Car-free', 'a.Footfall', 's.Deliveries'], 'argument')
    """
    debate = Debate(id=debate_id, title=m.title or title)
    debate.sources.append(Source(id="document", title=title))
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for key, elements in m.elements.items():
        first = elements[0]
        base = f"s{key[2:]}" if key.startswith("u:") else f"{key[0]}.{local_id(first.title or '', prefix='x')}"
        cid, k = base, 1
        while cid in taken:
            k += 1
            cid = f"{base}-{k}"
        taken.add(cid)
        ids[key] = cid
    speakers: dict[str, Speaker] = {}
    origin: dict[str, Element] = {}
    for key, elements in m.elements.items():
        canonical = _canonical(elements)
        claim = Claim(id=ids[key], text=canonical.text or (canonical.title or ""))
        for name in _speakers_of(elements, m.speakers):
            sid = speaker_id(name)
            speakers.setdefault(sid, Speaker(id=sid, name=name))
            claim.locutions.append(Locution(speaker=sid, source="document", quote=claim.text))
        debate.claims.append(claim)
        origin[claim.id] = canonical
    debate.speakers = list(speakers.values())
    seen = set()
    for a, rtype, b in m.relations:
        relation = Relation(source=ids[a], target=ids[b], type="attacks" if rtype == "contradicts" else rtype,
                            note="contradiction" if rtype == "contradicts" else None)
        if relation.id not in seen:
            seen.add(relation.id)
            debate.relations.append(relation)
    for steps in m.pcs.values():
        for premises, conclusion in steps:
            for premise in premises:
                relation = Relation(source=ids[premise], target=ids[conclusion], type="supports", note="premise-conclusion structure")
                if relation.id not in seen:
                    seen.add(relation.id)
                    debate.relations.append(relation)
    return debate, origin


def _speakers_of(elements: list[Element], declared: list[str]) -> list[str]:
    names: list[str] = []
    for e in elements:
        for field_name in ("speaker", "proponent"):
            value = e.data.get(field_name)
            names += [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []
        names += [t for t in e.tags if t in declared]
    return list(dict.fromkeys(names))


def read_argdown(path: Path | str, include_root: Path | None = None) -> Graph:
    """Read an Argdown file into RDF; see the module doc (``include_root`` as :func:`parse_argdown`).

    Examples
    --------
    >>> graph = read_argdown("tests/fixtures/formats/town.argdown")
    >>> len(graph), len(set(graph.subjects(RDF.type, AM.Argument)))
    (179, 1)
    """
    path = Path(path)
    m = parse_argdown(path, include_root)
    debate, origin = map_to_debate(m, debate_id_for(path), path.stem)
    graph = debate_to_rdf(debate)
    d = debate.id
    ids = {c.id for c in debate.claims}
    key_of_element = {id(element): key for key, elements in m.elements.items() for element in elements}
    for cid, element in origin.items():
        node = item_iri(d, "claim", cid)
        if element.title:
            graph.add((node, RDFS.label, Literal(element.title)))
        if element.kind == "argument":
            graph.add((node, RDF.type, AM.Argument))
        for tag in dict.fromkeys(t for e in m.elements[key_of_element[id(element)]] for t in e.tags):
            graph.add((node, AM.tag, Literal(tag)))
        if element.section:
            graph.add((node, AM.section, Literal(element.section)))
    key_ids = {key_of_element[id(origin[cid])]: cid for cid in ids}
    by_target: dict[tuple[str, str], list] = defaultdict(list)
    for argument, steps in m.pcs.items():
        arg = item_iri(d, "claim", key_ids[argument])
        for premise in {k for premises, _ in steps for k in premises} - {c for _, c in steps}:
            graph.add((item_iri(d, "claim", key_ids[premise]), AM.premiseOf, arg))
        graph.add((item_iri(d, "claim", key_ids[steps[-1][1]]), AM.conclusionOf, arg))
        for premises, conclusion in steps:
            by_target[(argument, conclusion)] = [f"{key_ids[p]}.supports.{key_ids[conclusion]}" for p in premises]
    for rels in by_target.values():
        for a in rels:
            for b in rels:
                if a != b:
                    graph.add((item_iri(d, "relation", a), AM.jointWith, item_iri(d, "relation", b)))
    for relation in debate.relations:
        if relation.note == "contradiction":
            graph.add((item_iri(d, "relation", relation.id), RDF.type, AM.Contradiction))
    return graph




MARKS = {"supports": "+", "attacks": "-", "undercuts": "_"}
_SYNTAX = re.compile(r"([\\\[\]<>#{}*_/@`~])")
_TAG_IN_TEXT = re.compile(r"(?:^|\s)#(?:\(([^)]+)\)|([\w-]+))")


def escape(text: str) -> str:
    """``text`` on one line with Argdown's syntax characters escaped, tags left as tags.

    Examples
    --------
    >>> print(escape("Cars <out>  #core [x]"))
    Cars \\<out\\> #core \\[x\\]
    """
    flat = " ".join(text.split())
    tags = [(m.start(), m.end()) for m in _TAG_IN_TEXT.finditer(flat)]
    out, last = [], 0
    for start, end in tags:
        out.append(_SYNTAX.sub(r"\\\1", flat[last:start]))
        out.append(flat[start:end])
        last = end
    out.append(_SYNTAX.sub(r"\\\1", flat[last:]))
    return "".join(out)


def _title(graph: Graph, claim: Node, taken: dict[str, Node]) -> str:
    base = str(graph.value(claim, RDFS.label) or graph.value(claim, AM.localId) or claim)
    base = re.sub(r"[\[\]<>\n]", " ", base).strip() or "claim"
    title, n = base, 1
    while title in taken and taken[title] != claim:
        n += 1
        title = f"{base} {n}"
    taken[title] = claim
    return title


_NOT_YAML = re.compile("[\x00-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _quoted(value: str) -> str:
    """``value`` as a YAML double-quoted string (characters YAML may not hold raw escaped)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _NOT_YAML.sub(lambda m: f"\\u{ord(m.group(0)):04x}", escaped) + '"'


def write_argdown(graph: Graph) -> str:
    """The graph as an Argdown document; see the module doc.

    Examples
    --------
    >>> text = write_argdown(read_argdown("tests/fixtures/formats/town.argdown"))
    >>> text.splitlines()[:2], "[Car-free]: Main Street should go car-free. #core" in text
    (['===', 'title: "Should Main Street go car-free?"'], True)
    """
    debates = debates_in(graph)
    lines: list[str] = []
    title_of = _titles(graph)
    if len(debates) == 1:
        lines += ["===", f"title: {_quoted(str(graph.value(debates[0], RDFS.label) or ''))}", "===", ""]
    for debate in debates:
        if len(debates) > 1:
            lines += [f"# {escape(str(graph.value(debate, RDFS.label) or debate))}", ""]
        lines += _debate_lines(graph, debate, title_of, heading="##" if len(debates) > 1 else "#")
    return "\n".join(lines).rstrip() + "\n"


def _titles(graph: Graph) -> dict[Node, str]:
    taken: dict[str, Node] = {}
    claims = sorted(set(graph.subjects(RDF.type, AM.Claim)), key=lambda c: (str(graph.value(c, AM.inDebate)), _order(graph, c), str(c)))
    return {c: _title(graph, c, taken) for c in claims}


def _order(graph: Graph, node: Node) -> int:
    value = graph.value(node, AM.order)
    return int(str(value)) if value is not None else 0


def _ref(graph: Graph, claim: Node, title_of: dict[Node, str]) -> str:
    title = title_of[claim]
    return f"<{title}>" if (claim, RDF.type, AM.Argument) in graph else f"[{title}]"


def _definition(graph: Graph, claim: Node, title_of: dict[Node, str]) -> str:
    text = str(graph.value(claim, AM.text) or "")
    present = {a or b for a, b in _TAG_IN_TEXT.findall(text)}
    tags = [t for t in sorted(str(t) for t in graph.objects(claim, AM.tag)) if t not in present]
    speakers = sorted({str(graph.value(s, RDFS.label) or s) for loc in graph.objects(claim, AM.hasLocution) for s in graph.objects(loc, AM.speaker)})
    parts = [f"{_ref(graph, claim, title_of)}: {escape(text)}".rstrip()]
    parts += [f"#({t})" if re.search(r"[^\w-]", t) else f"#{t}" for t in tags]
    if speakers:
        parts.append("{speaker: " + (_quoted(speakers[0]) if len(speakers) == 1 else "[" + ", ".join(_quoted(s) for s in speakers) + "]") + "}")
    return " ".join(parts)


def _debate_lines(graph: Graph, debate: Node, title_of: dict[Node, str], heading: str) -> list[str]:
    claims = sorted((c for c in title_of if graph.value(c, AM.inDebate) == debate), key=lambda c: (_order(graph, c), str(c)))
    implied: set[tuple[Node, Node]] = set()
    structures: list[list[str]] = []
    for argument in claims:
        if (argument, RDF.type, AM.Argument) not in graph:
            continue
        premises = sorted(graph.subjects(AM.premiseOf, argument), key=lambda c: (_order(graph, c), str(c)))
        conclusion = graph.value(predicate=AM.conclusionOf, object=argument)
        if premises and conclusion is not None:
            implied |= {(p, conclusion) for p in premises}
            numbered = [f"({n}) {_ref(graph, p, title_of)}" for n, p in enumerate(premises, start=1)]
            structures.append([_ref(graph, argument, title_of), "", *numbered, "----", f"({len(premises) + 1}) {_ref(graph, conclusion, title_of)}", ""])
    lines: list[str] = []
    section = None
    for claim in claims:
        here = graph.value(claim, AM.section)
        if here is not None and str(here) != section:
            section = str(here)
            lines += [f"{heading} {escape(section)}", ""]
        lines += [_definition(graph, claim, title_of), ""]
    if structures or claims:
        lines += [f"{heading} Relations", ""] if section is not None else []
    for block in structures:
        lines += block
    children: dict[Node, list[str]] = defaultdict(list)
    for relation in sorted(graph.subjects(AM.inDebate, debate), key=lambda r: (_order(graph, r), str(r))):
        kinds = set(graph.objects(relation, RDF.type))
        rtype = next((RELATION_TYPE_OF[k] for k in kinds if k in RELATION_TYPE_OF), None)
        source, target = graph.value(relation, AM["from"]), graph.value(relation, AM.to)
        if rtype is None or source is None or target is None or source not in title_of or target not in title_of:
            continue
        if AM.Contradiction in kinds:
            children[source].append(f"  >< {_ref(graph, target, title_of)}")
        elif not (rtype == "supports" and (source, target) in implied):
            children[target].append(f"  {MARKS.get(rtype, '+') if rtype != 'rephrases' else '+'} {_ref(graph, source, title_of)}")
    for claim in claims:
        if children.get(claim):
            lines += [_ref(graph, claim, title_of), *children[claim], ""]
    return lines


