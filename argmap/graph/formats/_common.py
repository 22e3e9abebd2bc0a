"""What the format readers share: reading a file's text or JSON with errors that name the file,
turning foreign identifiers into argmap local ids (``[A-Za-z][A-Za-z0-9_.-]*``), and the guards
against hostile input (YAML alias and XML entity bombs, files outside the input's folder, text no
export can hold)."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph

from argmap.errors import InputError

_NOT_ID = re.compile(r"[^A-Za-z0-9_.-]+")


def read_text(path: Path) -> str:
    """The text of ``path`` decoded as UTF-8 (a leading byte-order mark dropped), or an InputError.

    Raises
    ------
    InputError
        When the file cannot be read, or is not UTF-8 (naming the line of the first bad byte).

    Examples
    --------
    >>> "argmap: 1" in read_text(Path("tests/fixtures/mini.yaml")).splitlines()
    True
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read file: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(str(path), f"not UTF-8 text (byte {exc.start}: {data[exc.start:exc.start + 1]!r})", line=line) from None
    return text.removeprefix("\ufeff")


def read_json(path: Path) -> Any:
    """The JSON document in ``path``, or an InputError naming the line of the first syntax error.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     broken = Path(tmp) / "broken.json"
    ...     _ = broken.write_text('{"nodes": [', encoding="utf-8")
    ...     read_json(broken)
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: ...broken.json:1: truncated JSON (the file ends too early): Expecting value (column 12)
    """
    return _parse_json(read_text(path), path)


def read_json_bytes(data: bytes, path: str) -> Any:
    """The JSON document ``data`` read from ``path``; errors as :func:`read_json`.

    Examples
    --------
    >>> read_json_bytes(b'\\xef\\xbb\\xbf{"nodes": [1, 2]}', "map.json")
    {'nodes': [1, 2]}
    >>> read_json_bytes(b'{"nodes":\\n \\xff}', "map.json")
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: map.json:2: not UTF-8 text (byte 11)
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (byte {exc.start})", line=data[: exc.start].count(b"\n") + 1) from None
    return _parse_json(text.removeprefix("\ufeff"), path)


def _parse_json(text: str, path: str | Path) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError(str(path), "JSON nested too deeply") from None
    except json.JSONDecodeError as exc:
        ended = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
        problem = "truncated JSON (the file ends too early)" if ended else "not valid JSON"
        raise InputError(str(path), f"{problem}: {exc.msg} (column {exc.colno})", line=exc.lineno) from None


def local_id(text: str, prefix: str = "x") -> str:
    """``text`` as an argmap local id: runs of other characters become ``_``, and ``prefix`` is put
    in front when the result would not start with a letter.

    Examples
    --------
    >>> local_id("6064 original"), local_id("Main St. (north)")
    ('x6064_original', 'Main_St._north')
    """
    cleaned = _NOT_ID.sub("_", text.strip()).strip("_")
    if not cleaned or not cleaned[0].isascii() or not cleaned[0].isalpha():
        cleaned = prefix + cleaned
    return cleaned


def debate_id_for(path: Path) -> str:
    """The debate id of an imported file: its stem, sanitised to a local id.

    Examples
    --------
    >>> debate_id_for(Path("maps/nodeset 17921.json"))
    'nodeset_17921'
    """
    return local_id(Path(path).stem, prefix="d")


# ------------------------------------------------------------------ hostile input: limits and checks

#: Characters a graph may not hold: C0 controls but tab and line ends, U+FFFE/U+FFFF and lone
#: surrogates. XML 1.0 (so RDF/XML, GraphML, GEXF) cannot carry them, nor can UTF-8 (surrogates).
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: YAML: at most this many nodes once aliases are expanded (a debate of 100,000 claims has ~2M).
YAML_NODE_LIMIT = 5_000_000
#: The same for the YAML inside other formats (Argdown front matter and data): a few settings.
EMBEDDED_YAML_LIMIT = 10_000
#: XML: entity references may expand a document to at most this many characters more.
XML_EXPANSION_LIMIT = 10_000_000
#: How deeply YAML collections may nest (a debate file needs 5 levels).
YAML_DEPTH_LIMIT = 100
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def unwritable_character(text: str) -> str | None:
    """A description of the first character of ``text`` that no argmap export can hold, if any.

    >>> unwritable_character("tab\\tand newline\\n are fine"), unwritable_character("esc \\x1b here")
    (None, 'the control character U+001B at character 4')
    """
    found = UNWRITABLE.search(text)
    if found is None:
        return None
    code = ord(found.group(0))
    kind = "a lone surrogate" if 0xD800 <= code <= 0xDFFF else "the non-character" if code > 0xFFFD else "the control character"
    return f"{kind} U+{code:04X} at character {found.start()}"


def check_graph_text(graph: Graph, path: str) -> Graph:
    """``graph`` unchanged if every IRI and literal is text every export can hold; else an
    :class:`InputError` naming the item and property (XML cannot hold NUL or ESC, UTF-8 no lone
    surrogate), so no such character gets into a graph and breaks an export later.

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> graph = Graph()
    >>> _ = graph.add((URIRef("https://w3id.org/argmap/id/d/claim/c1"), URIRef("https://w3id.org/argmap#text"), Literal("bell \\x07")))
    >>> check_graph_text(graph, "d.ttl")
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: d.ttl: c1 text: the control character U+0007 at character 5: argmap's exports cannot hold it; remove it from the input
    """
    terms = set(graph.all_nodes()) | set(graph.predicates(unique=True))
    if UNWRITABLE.search("\n".join(map(str, terms))) is None:  # one pass over every distinct term
        return graph
    for triple in graph:
        for position, term in zip(("subject", "property", "value"), triple):
            problem = unwritable_character(str(term))
            if problem is not None:
                subject, predicate = triple[0], triple[1]
                where = f"{_short_iri(subject)} {_short_iri(predicate)}" if position == "value" else position
                raise InputError(path, f"{problem}: argmap's exports cannot hold it; remove it from the input", field=where)
    return graph


def _short_iri(term: object) -> str:
    text = str(term).encode("utf-8", "backslashreplace").decode("utf-8")
    return text.rsplit("#", 1)[-1] if "#" in text else text.rsplit("/", 2)[-1] if text.count("/") > 3 else text


def _yaml_problem(exc: yaml.YAMLError) -> tuple[str, int | None]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return getattr(exc, "problem", None) or " ".join(str(exc).split())[:160], (mark.line + 1 if mark else None)


def compose_yaml(text: str, path: str, line_offset: int = 0, node_limit: int = YAML_NODE_LIMIT) -> yaml.Node | None:
    """The YAML node tree of ``text`` (libyaml's parser when installed), refusing alias expansion
    bombs ("billion laughs") and deep nesting with an :class:`InputError` naming the line.

    Examples
    --------
    >>> compose_yaml("a: &x [1, 2]\\nb: *x\\n", "a.yaml").tag
    'tag:yaml.org,2002:map'
    >>> compose_yaml("a: &x [1]\\nb: [*x, *x, *x, *x]\\n", "a.yaml", node_limit=5)
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: a.yaml:2: YAML aliases expand to more than 5 values (an expansion bomb?)
    """
    try:
        node = yaml.compose(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        problem, line = _yaml_problem(exc)
        raise InputError(path, f"YAML syntax error: {problem}", line=line + line_offset if line else None) from None
    except RecursionError:
        raise InputError(path, "YAML nested too deeply") from None
    if node is not None:
        _check_expansion(node, path, line_offset, node_limit)
    return node


def _check_expansion(root: yaml.Node, path: str, line_offset: int, node_limit: int) -> None:
    """Count the nodes of ``root`` with every alias expanded (each shared node's size once, so in
    linear time) and the depth; refuse a tree beyond :data:`YAML_NODE_LIMIT` or :data:`YAML_DEPTH_LIMIT`."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if not done and id(node) in size:
            continue
        children = [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) else \
            list(node.value) if isinstance(node, yaml.SequenceNode) else []
        if not done:
            size[id(node)] = -1 if children else 1
            depth[id(node)] = 1
            if children:
                stack.append((node, True))
                stack.extend((c, False) for c in children if id(c) not in size)
            continue
        if any(size.get(id(c)) == -1 for c in children):
            raise InputError(path, "YAML alias refers to a collection that contains it", line=node.start_mark.line + 1 + line_offset)
        size[id(node)] = 1 + sum(size[id(c)] for c in children)
        depth[id(node)] = 1 + max(depth[id(c)] for c in children)
        if size[id(node)] > node_limit:
            raise InputError(path, f"YAML aliases expand to more than {node_limit:,} values (an expansion bomb?)",
                             line=node.start_mark.line + 1 + line_offset)
        if depth[id(node)] > YAML_DEPTH_LIMIT:
            raise InputError(path, f"YAML nested more than {YAML_DEPTH_LIMIT} levels deep", line=node.start_mark.line + 1 + line_offset)


def load_yaml(text: str, path: str, line_offset: int = 0, node_limit: int = YAML_NODE_LIMIT) -> Any:
    """The Python value of the YAML ``text`` (safe types only), checked as :func:`compose_yaml`
    does; a value that cannot be built (``!!int x``, a date ``2025-02-30``, a 5,000-digit number)
    is an :class:`InputError` naming the line.

    Examples
    --------
    >>> load_yaml("claims:\\n  - {id: c1, text: Hi}\\n", "a.yaml")
    {'claims': [{'id': 'c1', 'text': 'Hi'}]}
    >>> load_yaml("title: x\\nrun: !!python/name:os.system x\\n", "a.yaml")
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: a.yaml:2: bad YAML value: could not determine a constructor for the tag 'tag:yaml.org,2002:python/name:os.system'
    >>> load_yaml("title: x\\ndate: 2025-02-30\\n", "a.yaml")
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: a.yaml:2: bad YAML value: day is out of range for month
    """
    node = compose_yaml(text, path, line_offset, node_limit)
    return None if node is None else construct_yaml(node, path, line_offset)


class _MarkingConstructor(yaml.constructor.SafeConstructor):
    """PyYAML's safe constructor, remembering the node it is building: a value that cannot be built
    (a date such as 2025-02-30, an over-long number) raises without a position of its own."""

    building: yaml.Node | None = None

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        self.building = node
        return super().construct_object(node, deep)


def construct_yaml(node: yaml.Node, path: str, line_offset: int = 0) -> Any:
    """The Python value of a composed YAML node; errors as :func:`load_yaml`.

    Examples
    --------
    >>> construct_yaml(compose_yaml("a: &x [1, 2]\\nb: *x\\n", "a.yaml"), "a.yaml")
    {'a': [1, 2], 'b': [1, 2]}
    """
    constructor = _MarkingConstructor()
    try:
        return constructor.construct_document(node)
    except (yaml.YAMLError, ValueError, OverflowError, TypeError, AttributeError) as exc:
        mark = getattr(exc, "problem_mark", None) or (constructor.building or node).start_mark
        problem = getattr(exc, "problem", None) or " ".join(str(exc).split())[:160]
        raise InputError(path, f"bad YAML value: {problem}", line=mark.line + 1 + line_offset) from None
    except RecursionError:
        raise InputError(path, "YAML nested too deeply", line=node.start_mark.line + 1 + line_offset) from None


def check_xml_entities(data: bytes, path: str) -> bytes:
    """Refuse an XML document whose entity declarations are external (``SYSTEM``/``PUBLIC``: a
    file or URL would be read) or would expand it by more than :data:`XML_EXPANSION_LIMIT`
    characters (the "billion laughs" and quadratic blow-up attacks). Plain abbreviations such as
    OWL files' ``<!ENTITY owl "http://www.w3.org/2002/07/owl#">`` stay allowed. Returns ``data``.

    Examples
    --------
    Eight levels of ten references to "lol" would expand to 3 x 10^8 characters:

    >>> laughs = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 9))
    >>> check_xml_entities(f"<!DOCTYPE r [{laughs}]><r>&l8;</r>".encode(), "laughs.xml")
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: laughs.xml: XML entities would expand the document by more than 10,000,000 characters (an entity bomb?)
    >>> check_xml_entities(b'<!DOCTYPE r [<!ENTITY owl "http://www.w3.org/2002/07/owl#">]><r>&owl;</r>', "owl.xml")[-10:]
    b'>&owl;</r>'
    """
    head = data[: data.find(b"]>") + 2] if b"<!ENTITY" in data else b""
    if not head:
        return data
    values: dict[bytes, bytes] = {}
    for name, body in _ENTITY.findall(head):
        value = re.match(rb"""\s*(["'])(.*)\1\s*$""", body, re.DOTALL)
        if value is None:
            raise InputError(path, f"the XML entity '{name.decode(errors='replace')}' is external (SYSTEM or PUBLIC); argmap does not read external entities")
        values.setdefault(name, value.group(2))
    sizes: dict[bytes, int] = {}

    def size(name: bytes, seen: tuple[bytes, ...] = ()) -> int:
        if name in seen:
            raise InputError(path, f"the XML entity '{name.decode(errors='replace')}' refers to itself")
        if name not in sizes:
            text = values.get(name, b"")
            sizes[name] = min(len(text) + sum(size(ref, (*seen, name)) * n for ref, n in _references(text).items() if ref in values),
                              XML_EXPANSION_LIMIT + 1)
        return sizes[name]

    expansion = sum(size(ref) * count for ref, count in _references(data).items() if ref in values)
    if expansion > XML_EXPANSION_LIMIT:
        raise InputError(path, f"XML entities would expand the document by more than {XML_EXPANSION_LIMIT:,} characters (an entity bomb?)")
    return data


_ENTITY = re.compile(rb"<!ENTITY\s+(?!%)([^\s>]+)\s+((?:\"[^\"]*\"|'[^']*'|[^>\"'])*)>")


def _references(text: bytes) -> Counter:
    return Counter(re.findall(rb"&([A-Za-z_:][\w.:-]*);", text))


def inside(folder: Path, relative: str, path: str, field: str | None = None, line: int | None = None) -> Path:
    """The file ``relative`` names, resolved against ``folder``; an :class:`InputError` when it lies
    outside ``folder`` (``/etc/passwd``, ``../../secret``, a symbolic link out), so untrusted input
    cannot make argmap read, or echo, other files.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     print(inside(Path(tmp), "maps/a.json", "index.yaml").relative_to(Path(tmp).resolve()))
    ...     try:
    ...         inside(Path(tmp), "../secret", "index.yaml", field="file")
    ...     except InputError as exc:
    ...         print(str(exc).split(" (")[0])
    maps/a.json
    index.yaml: file: '../secret' is outside the input's folder
    """
    base = folder.resolve()
    target = (base / relative).resolve()
    if not target.is_relative_to(base):
        raise InputError(path, f"{relative!r} is outside the input's folder ({base}); argmap reads no file there", line=line, field=field)
    return target
