"""Read and write the argmap debate file (YAML), with errors that name file, line and field.

The format is documented in ``docs/debate-format.md``.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph

from argmap.errors import ArgmapError, InputError
from argmap.graph.formats._common import compose_yaml
from argmap.graph.model import (
    RELATION_TYPES,
    SPEAKER_KINDS,
    STANCES,
    Claim,
    Debate,
    Issue,
    Locution,
    Relation,
    Source,
    Speaker,
    Suggestion,
)
from argmap.graph.rdf import ID_BASE, debate_to_rdf, debates_in, rdf_to_debate

ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")
FORMAT_VERSION = 1
FIELDS: dict[str, tuple[str, ...]] = {
    "debate": ("argmap", "id", "title", "description", "sources", "speakers", "issues", "claims", "relations"),
    "source": ("id", "title", "url", "publisher", "author", "date", "path"),
    "speaker": ("id", "name", "kind", "description", "aliases"),
    "issue": ("id", "title", "parent"),
    "claim": ("id", "text", "issue", "stance", "locutions", "suggested"),
    "locution": ("speaker", "quote", "source", "start", "end", "confidence"),
    "relation": ("from", "to", "type", "by", "note", "suggested"),
    "suggested": ("confidence", "method", "evidence", "model", "version", "flags"),
}
"""The fields of each kind of mapping in a debate file, in the order they are written (``docs/debate-format.md``)."""
NESTED: dict[str, str] = {"sources": "source", "speakers": "speaker", "issues": "issue", "claims": "claim",
                          "locutions": "locution", "relations": "relation", "suggested": "suggested"}
"""The kind of mapping each field holds (a list of them, or one for ``suggested``); other lists hold plain values."""
REQUIRED_LISTS = ("sources", "speakers", "claims")
"""The lists a debate file always has, even when empty."""


class _Located:
    """A YAML node tree walked with the path of the current field, for precise error messages."""

    def __init__(self, file: str, node: yaml.Node, path: str, lines: dict[str, int],
                 constructor: yaml.constructor.SafeConstructor | None = None):
        self.file, self.node, self.path, self.lines = file, node, path, lines
        self.constructor = constructor or yaml.constructor.SafeConstructor()
        lines.setdefault(path, node.start_mark.line + 1)

    @property
    def line(self) -> int:
        return self.node.start_mark.line + 1

    def fail(self, message: str) -> InputError:
        return InputError(self.file, message, line=self.line, field=self.path or "(top level)")

    def _child(self, node: yaml.Node, key: str | int) -> _Located:
        if isinstance(key, int):
            path = f"{self.path}[{key}]"
        else:
            path = f"{self.path}.{key}" if self.path else key
        return _Located(self.file, node, path, self.lines, self.constructor)

    def mapping(self, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> dict[str, _Located]:
        if not isinstance(self.node, yaml.MappingNode):
            raise self.fail("expected a mapping (key: value pairs)")
        out: dict[str, _Located] = {}
        for key_node, value_node in self.node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(self.file, "a key must be a plain name, not a list or mapping", key_node.start_mark.line + 1, self.path or "(top level)")
            key = key_node.value
            if key in out:
                raise InputError(self.file, f"duplicate key '{key}'", key_node.start_mark.line + 1, self.path)
            if key not in allowed:
                where = self._child(value_node, key)
                raise where.fail(f"unknown field (allowed: {', '.join(allowed)})")
            out[key] = self._child(value_node, key)
        for key in required:
            if key not in out:
                raise self.fail(f"missing required field '{key}'")
        return out

    def sequence(self) -> list[_Located]:
        if not isinstance(self.node, yaml.SequenceNode):
            raise self.fail("expected a list")
        return [self._child(item, i) for i, item in enumerate(self.node.value)]

    def scalar(self) -> Any:
        if not isinstance(self.node, yaml.ScalarNode):
            raise self.fail("expected a single value")
        try:
            return _construct(self.node, self.constructor)
        except (yaml.YAMLError, ValueError, OverflowError, TypeError, AttributeError) as exc:
            tag = self.node.tag.rsplit(":", 1)[-1]
            problem = getattr(exc, "problem", None) or (f"not a valid {tag}" if isinstance(exc, (AttributeError, TypeError))
                                                        else " ".join(str(exc).split())[:120])
            raise self.fail(f"bad {tag} {self.node.value[:40]!r}: {problem}") from None

    def text(self) -> str:
        value = self.scalar()
        if value is None or isinstance(value, (bool, dict, list)):
            raise self.fail("expected text")
        value = str(value).strip()
        if not value:
            raise self.fail("must not be empty")
        return value

    def identifier(self) -> str:
        value = self.text()
        if not ID_PATTERN.match(value):
            raise self.fail(f"'{value}' is not a valid id (letters, digits, _ . - ; starting with a letter)")
        return value

    def integer(self) -> int:
        value = self.scalar()
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.fail(f"expected a whole number ≥ 0, got {value!r}")
        return value

    def number(self) -> float:
        value = self.scalar()
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            raise self.fail(f"expected a number, got {value!r}")
        return float(value)

    def fraction(self) -> float:
        value = self.number()
        if not 0 <= value <= 1:
            raise self.fail(f"expected a number from 0 to 1, got {value!r}")
        return value

    def date(self) -> _dt.date:
        value = self.scalar()
        if isinstance(value, _dt.datetime):
            return value.date()
        if isinstance(value, _dt.date):
            return value
        try:
            return _dt.date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(f"expected an ISO date (YYYY-MM-DD), got {value!r}") from None

    def choice(self, options: tuple[str, ...]) -> str:
        value = self.text()
        if value not in options:
            raise self.fail(f"'{value}' is not one of: {', '.join(options)}")
        return value


def _construct(node: yaml.ScalarNode, constructor: yaml.constructor.SafeConstructor | None = None) -> Any:
    return (constructor or yaml.constructor.SafeConstructor()).construct_object(node, deep=True)


def read_debate_yaml(path: str | Path, source_root: Path | None = None) -> tuple[Debate, dict[str, int]]:
    """Parse a debate file; return the debate and the line of every field path.

    Parameters
    ----------
    path : str or Path
        A debate file (``docs/debate-format.md``).
    source_root : Path, optional
        Quote offsets are checked against each source's local text (its ``path``) when that file
        lies inside ``source_root`` (default: the debate file's folder); a path outside it is not
        read, so an untrusted debate file cannot make argmap read, or quote in an error, other files.

    Returns
    -------
    tuple of (Debate, dict)
        The debate, and the 1-based line of every field path (``claims[3].locutions[0].speaker``).

    Raises
    ------
    InputError
        Naming file, line and field on any problem (syntax, unknown or missing field, bad value,
        dangling reference, duplicate id).

    Examples
    --------
    >>> debate, lines = read_debate_yaml("tests/fixtures/mini.yaml")
    >>> debate.id, len(debate.claims), lines["claims[0].text"] > lines["claims"]
    ('mini', 5, True)
    """
    path = Path(path)
    file = str(path)
    lines: dict[str, int] = {}
    top = _Located(file, _compose(path), "", lines).mapping(
        FIELDS["debate"],
        required=("argmap", "id", "title", "sources", "speakers", "claims"),
    )
    version = top["argmap"].scalar()
    if isinstance(version, bool) or version != FORMAT_VERSION:
        raise top["argmap"].fail(f"unsupported format version {version!r} (this argmap reads {FORMAT_VERSION})")
    debate = Debate(
        id=top["id"].identifier(),
        title=top["title"].text(),
        description=_opt(top, "description", "text"),
    )
    debate.sources = [_read_source(item) for item in top["sources"].sequence()]
    debate.speakers = [_read_speaker(item) for item in top["speakers"].sequence()]
    debate.issues = [_read_issue(item) for item in (top["issues"].sequence() if "issues" in top else [])]
    debate.claims = [_read_claim(item) for item in top["claims"].sequence()]
    debate.relations = [_read_relation(item) for item in (top["relations"].sequence() if "relations" in top else [])]
    check_debate(debate, file, lines, base_dir=path.parent, source_root=source_root)
    return debate, lines


def _compose(path: Path) -> yaml.Node:
    """The YAML node tree of a file, or an :class:`InputError` saying why there is none."""
    file = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(file, f"cannot read file: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(file, f"not UTF-8 text (byte {exc.start})") from None
    node = compose_yaml(text, file)
    if node is None:
        raise InputError(file, "empty file: expected a debate (see docs/debate-format.md)")
    return node


def _read_source(item: _Located) -> Source:
    f = item.mapping(FIELDS["source"], ("id", "title"))
    return Source(
        id=f["id"].identifier(),
        title=f["title"].text(),
        url=_opt(f, "url", "text"),
        publisher=_opt(f, "publisher", "text"),
        author=_opt(f, "author", "text"),
        date=_opt(f, "date", "date"),
        path=_opt(f, "path", "text"),
    )


def _read_speaker(item: _Located) -> Speaker:
    f = item.mapping(FIELDS["speaker"], ("id", "name"))
    aliases = [a.text() for a in f["aliases"].sequence()] if "aliases" in f else []
    return Speaker(
        id=f["id"].identifier(),
        name=f["name"].text(),
        kind=_opt(f, "kind", "choice", SPEAKER_KINDS) or "person",
        description=_opt(f, "description", "text"),
        aliases=aliases,
    )


def _read_issue(item: _Located) -> Issue:
    f = item.mapping(FIELDS["issue"], ("id", "title"))
    return Issue(id=f["id"].identifier(), title=f["title"].text(), parent=_opt(f, "parent", "identifier"))


def _read_claim(item: _Located) -> Claim:
    f = item.mapping(FIELDS["claim"], ("id", "text", "locutions"))
    claim = Claim(
        id=f["id"].identifier(),
        text=f["text"].text(),
        issue=_opt(f, "issue", "identifier"),
        stance=_opt(f, "stance", "choice", STANCES),
        suggested=_suggestion(f),
    )
    if claim.stance and not claim.issue:
        raise f["stance"].fail("a stance needs an 'issue' to take a side on")
    claim.locutions = [_read_locution(loc) for loc in f["locutions"].sequence()]
    if not claim.locutions:
        raise f["locutions"].fail("a claim needs at least one locution (who asserts it)")
    return claim


def _read_locution(loc: _Located) -> Locution:
    g = loc.mapping(FIELDS["locution"], ("speaker", "quote", "source"))
    start, end = _opt(g, "start", "integer"), _opt(g, "end", "integer")
    if (start is None) != (end is None):
        raise loc.fail("give both 'start' and 'end' offsets, or neither")
    if start is not None and end <= start:
        raise g["end"].fail(f"end ({end}) must be greater than start ({start})")
    return Locution(
        speaker=g["speaker"].identifier(),
        source=g["source"].identifier(),
        quote=g["quote"].text(),
        start=start,
        end=end,
        confidence=_opt(g, "confidence", "fraction"),
    )


def _read_relation(item: _Located) -> Relation:
    f = item.mapping(FIELDS["relation"], ("from", "to", "type"))
    return Relation(
        source=f["from"].identifier(),
        target=f["to"].identifier(),
        type=f["type"].choice(RELATION_TYPES),
        by=_opt(f, "by", "identifier"),
        note=_opt(f, "note", "text"),
        suggested=_suggestion(f),
    )


# --- drafting suggestions (issue 15): the optional `suggested` field of claims and relations ---------


def _suggestion(fields: Mapping[str, _Located]) -> Suggestion | None:
    """The optional ``suggested: {confidence, method, evidence, model, version, flags}`` of an item."""
    if "suggested" not in fields:
        return None
    f = fields["suggested"].mapping(FIELDS["suggested"], ("confidence", "method"))
    confidence = f["confidence"].number()
    if not 0 <= confidence <= 1:
        raise f["confidence"].fail(f"a confidence lies between 0 and 1, got {confidence}")
    flags = [flag.text() for flag in f["flags"].sequence()] if "flags" in f else []
    return Suggestion(confidence=confidence, method=f["method"].text(), evidence=_opt(f, "evidence", "text"),
                      model=_opt(f, "model", "text"), version=_opt(f, "version", "text"), flags=flags)


def _suggestion_fields(suggestion: Suggestion | None) -> dict[str, Any] | None:
    """The ``suggested`` mapping written for an item (None when a person has reviewed it)."""
    if suggestion is None:
        return None
    return _written("suggested", {"confidence": suggestion.confidence, "method": suggestion.method, "evidence": suggestion.evidence,
                                  "model": suggestion.model, "version": suggestion.version, "flags": list(suggestion.flags)})


def _opt(fields: Mapping[str, _Located], key: str, kind: str, *args: Any) -> Any:
    """The value of an optional field read with ``kind``, or None when absent or null."""
    if key not in fields:
        return None
    located = fields[key]
    if isinstance(located.node, yaml.ScalarNode) and located.node.tag == "tag:yaml.org,2002:null":
        return None
    return getattr(located, kind)(*args)


def check_debate(debate: Debate, file: str, lines: Mapping[str, int] | None = None, base_dir: Path | None = None,
                 source_root: Path | None = None) -> None:
    """Check a debate's references and uniqueness rules; raise :class:`InputError` on the first break.

    Parameters
    ----------
    debate : Debate
        The debate to check.
    file : str
        The file name the errors name.
    lines : Mapping, optional
        Field paths (``claims[3].locutions[0].speaker``) to line numbers, when the reader knows them.
    base_dir : Path, optional
        Where a source's ``path`` is resolved from, to check that quote offsets read the quote.
    source_root : Path, optional
        A source's file is read only when it lies inside this folder (default: ``base_dir``).

    Examples
    --------
    >>> debate, _ = read_debate_yaml("tests/fixtures/mini.yaml")
    >>> debate.claims[0].locutions[0].speaker = "nobody"
    >>> check_debate(debate, "mini.yaml")
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: mini.yaml: claims[0].locutions[0].speaker: unknown speaker 'nobody' (known: ana, ben, council, residents)
    """
    known_lines = lines or {}

    def fail(field: str, message: str) -> InputError:
        return InputError(file, message, line=known_lines.get(field), field=field)

    sources = _unique("sources", [s.id for s in debate.sources], fail)
    speakers = _unique("speakers", [s.id for s in debate.speakers], fail)
    issues = _unique("issues", [i.id for i in debate.issues], fail)
    claims = _unique("claims", [c.id for c in debate.claims], fail)
    if not sources:
        raise fail("sources", "a debate needs at least one source")
    for i, issue in enumerate(debate.issues):
        if issue.parent is not None and issue.parent not in issues:
            raise fail(f"issues[{i}].parent", f"unknown issue '{issue.parent}' (known: {_known(issues)})")
    _check_issue_cycles(debate, fail)
    texts = _source_texts(debate, base_dir, source_root or base_dir, fail)
    for i, claim in enumerate(debate.claims):
        if claim.issue is not None and claim.issue not in issues:
            raise fail(f"claims[{i}].issue", f"unknown issue '{claim.issue}' (known: {_known(issues)})")
        for j, loc in enumerate(claim.locutions):
            _check_locution(loc, f"claims[{i}].locutions[{j}]", speakers, sources, texts, fail)
    _check_relations(debate.relations, claims, speakers, fail)


_Fail = Callable[[str, str], InputError]


def _unique(kind: str, ids: list[str], fail: _Fail) -> set[str]:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            raise fail(f"{kind}[{i}].id", f"duplicate {kind[:-1]} id '{ident}'")
        seen.add(ident)
    return seen


def _known(ids: set[str]) -> str:
    listed = sorted(ids)
    return ", ".join(listed[:8]) + (", ..." if len(listed) > 8 else "")


def _check_locution(loc: Locution, here: str, speakers: set[str], sources: set[str], texts: dict[str, str], fail: _Fail) -> None:
    if loc.speaker not in speakers:
        raise fail(f"{here}.speaker", f"unknown speaker '{loc.speaker}' (known: {_known(speakers)})")
    if loc.source not in sources:
        raise fail(f"{here}.source", f"unknown source '{loc.source}' (known: {_known(sources)})")
    text = texts.get(loc.source)
    if text is not None and loc.start is not None:
        found = text[loc.start : loc.end]
        if found != loc.quote:
            raise fail(
                f"{here}.start",
                f"offsets {loc.start}-{loc.end} of the source text read {found[:60]!r}, not the quote {loc.quote[:60]!r}",
            )


def _check_relations(relations: list[Relation], claims: set[str], speakers: set[str], fail: _Fail) -> None:
    seen: set[tuple[str, str, str]] = set()
    relation_ids: dict[str, int] = {}
    for i, rel in enumerate(relations):
        here = f"relations[{i}]"
        for end, field in ((rel.source, "from"), (rel.target, "to")):
            if end not in claims:
                raise fail(f"{here}.{field}", f"relation to a missing claim '{end}' (known: {_known(claims)})")
        if rel.source == rel.target:
            raise fail(f"{here}.to", f"a claim cannot {rel.type[:-1]} itself ('{rel.source}')")
        if rel.by is not None and rel.by not in speakers:
            raise fail(f"{here}.by", f"unknown speaker '{rel.by}' (known: {_known(speakers)})")
        key = (rel.source, rel.type, rel.target)
        if key in seen:
            raise fail(here, f"duplicate relation {rel.source} {rel.type} {rel.target}")
        seen.add(key)
        if rel.id in relation_ids:
            raise fail(
                here,
                f"relation id '{rel.id}' is also the id of relations[{relation_ids[rel.id]}]: "
                "rename a claim so its id does not contain '.supports.', '.attacks.', '.undercuts.' or '.rephrases.'",
            )
        relation_ids[rel.id] = i


def _check_issue_cycles(debate: Debate, fail: _Fail) -> None:
    parent = {i.id: i.parent for i in debate.issues}
    for index, issue in enumerate(debate.issues):
        seen, current = {issue.id}, issue.parent
        while current is not None:
            if current in seen:
                raise fail(f"issues[{index}].parent", f"issue '{issue.id}' is its own ancestor")
            seen.add(current)
            current = parent.get(current)


def _source_texts(debate: Debate, base_dir: Path | None, root: Path | None, fail: Any) -> dict[str, str]:
    """The local text of each source whose ``path`` resolves to a readable file inside ``root``
    (others are not read: an untrusted debate file must not make argmap read other files)."""
    texts: dict[str, str] = {}
    for n, source in enumerate(debate.sources):
        if source.path and base_dir is not None and root is not None:
            candidate = (base_dir / source.path).resolve()
            if candidate.is_relative_to(root.resolve()) and candidate.is_file():
                try:
                    texts[source.id] = candidate.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as exc:
                    raise fail(f"sources[{n}].path", f"cannot read {source.path!r} as UTF-8 text ({exc.__class__.__name__})") from None
    return texts


def _written(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """The mapping of ``kind`` a debate file holds: its fields in :data:`FIELDS` order, empty optional ones left out."""
    return {k: values[k] for k in FIELDS[kind] if values[k] not in (None, [], "") or k in REQUIRED_LISTS}


def debate_document(debate: Debate) -> dict[str, Any]:
    """The debate file's content as plain data (mappings, lists, text, numbers, dates), before it is
    written as YAML: what :func:`debate_to_yaml` dumps and the map's curation mode edits.

    Examples
    --------
    >>> debate, _ = read_debate_yaml("tests/fixtures/mini.yaml")
    >>> document = debate_document(debate)
    >>> list(document)[:3], list(document["claims"][0])[:2]
    (['argmap', 'id', 'title'], ['id', 'text'])
    """
    return _written("debate", {
        "argmap": FORMAT_VERSION, "id": debate.id, "title": debate.title, "description": debate.description,
        "sources": [_written("source", {"id": s.id, "title": s.title, "url": s.url, "publisher": s.publisher, "author": s.author,
                                        "date": s.date, "path": s.path})
                    for s in debate.sources],
        "speakers": [_written("speaker", {"id": s.id, "name": s.name, "kind": s.kind, "description": s.description,
                                          "aliases": list(s.aliases)})
                     for s in debate.speakers],
        "issues": [_written("issue", {"id": i.id, "title": i.title, "parent": i.parent}) for i in debate.issues],
        "claims": [
            _written("claim", {
                "id": c.id, "text": c.text, "issue": c.issue, "stance": c.stance,
                "locutions": [_written("locution", {"speaker": l.speaker, "quote": l.quote, "source": l.source, "start": l.start,
                                                    "end": l.end, "confidence": l.confidence})
                              for l in c.locutions],
                "suggested": _suggestion_fields(c.suggested),
            })
            for c in debate.claims
        ],
        "relations": [_written("relation", {"from": r.source, "to": r.target, "type": r.type, "by": r.by, "note": r.note,
                                            "suggested": _suggestion_fields(r.suggested)})
                      for r in debate.relations],
    })


def debate_to_yaml(debate: Debate) -> str:
    """Serialise a debate to the YAML debate-file format (inverse of :func:`read_debate_yaml`).

    Empty optional fields are left out; the lists a debate file requires are always written.

    Examples
    --------
    >>> debate, _ = read_debate_yaml("tests/fixtures/mini.yaml")
    >>> print(debate_to_yaml(debate).splitlines()[:2])
    ['argmap: 1', 'id: mini']
    """
    return yaml.safe_dump(debate_document(debate), sort_keys=False, allow_unicode=True, width=100)


def read(path: Path) -> Graph:
    """Read an argmap debate file (YAML) into RDF (:func:`read_debate_yaml`, then ``debate_to_rdf``).

    Examples
    --------
    >>> len(read(Path("tests/fixtures/mini.yaml"))) > 0
    True
    """
    debate, _ = read_debate_yaml(path)
    return debate_to_rdf(debate)


def write(graph: Graph) -> str:
    """The graph's one debate as a debate file; an :class:`ArgmapError` says why when it cannot be one.

    Examples
    --------
    >>> text = write(read(Path("tests/fixtures/mini.yaml")))
    >>> text == debate_to_yaml(read_debate_yaml("tests/fixtures/mini.yaml")[0])
    True
    """
    debates = debates_in(graph)
    if len(debates) != 1:
        ids = ", ".join(str(d).removeprefix(ID_BASE) for d in debates) or "none"
        raise ArgmapError(f"a debate file holds one debate; this graph holds {len(debates)} ({ids}): convert them one by one or choose an RDF format")
    try:
        return debate_to_yaml(rdf_to_debate(graph))
    except (ValueError, TypeError, AttributeError) as exc:
        raise ArgmapError(f"cannot write this graph as a debate file ({exc}); `argmap validate` shows what it lacks") from None
