"""The argmap vocabulary as data: its terms, their labels, domains, ranges and alignments, and pages about them.

:func:`terms` reads ``argmap/ontology/argmap.ttl`` (or any graph in the same style) into
:class:`Term` records; :func:`render` turns them into a human vocabulary page (HTML or Markdown)
or returns the ontology itself (Turtle, JSON-LD). The alignments are the axioms that tie an argmap
term to a term of another vocabulary (AIF, schema.org, PROV-O, FOAF, SKOS, Dublin Core).
"""
from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from argmap.errors import UsageError
from argmap.graph.rdf import AM
from argmap.ontology import curie, ontology_graph, resource

ONTOLOGY_IRI = URIRef(str(AM).rstrip("#"))
FORMATS = ("turtle", "jsonld", "html", "md")
#: File extensions of the vocabulary formats (the first one is written by default).
EXTENSIONS = {".ttl": "turtle", ".jsonld": "jsonld", ".json": "jsonld", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}

#: The axioms that count as alignments, and how a page names them.
ALIGNMENT_AXIOMS: dict[URIRef, str] = {
    RDFS.subClassOf: "subclass of",
    RDFS.subPropertyOf: "subproperty of",
    OWL.equivalentClass: "equivalent class",
    OWL.equivalentProperty: "equivalent property",
    OWL.inverseOf: "inverse of",
    SKOS.exactMatch: "exact match",
    SKOS.closeMatch: "close match",
}

#: The kinds of term, in the order a page lists them, and the rdf:type that makes each.
KINDS: tuple[tuple[str, tuple[URIRef, ...]], ...] = (
    ("Classes", (OWL.Class, RDFS.Class)),
    ("Object properties", (OWL.ObjectProperty,)),
    ("Datatype properties", (OWL.DatatypeProperty,)),
    ("Annotation properties", (OWL.AnnotationProperty, RDF.Property)),
)
INDIVIDUALS = "Individuals"


@dataclass(frozen=True)
class Alignment:
    """One axiom relating an argmap term to another term: ``relation`` is e.g. ``"subclass of"``."""

    relation: str
    target: str


@dataclass(frozen=True)
class Term:
    """One term of the vocabulary, with what a reader needs to use it."""

    iri: str
    name: str
    kind: str
    label: str
    comment: str
    domain: tuple[str, ...] = ()
    range: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()
    alignments: tuple[Alignment, ...] = ()
    types: tuple[str, ...] = ()
    characteristics: tuple[str, ...] = field(default=())


def _text(graph: Graph, node: URIRef, predicate: URIRef) -> str:
    values = [v for v in graph.objects(node, predicate) if isinstance(v, Literal)]
    english = [v for v in values if v.language in (None, "en")]
    return str((english or values)[0]) if values else ""


def _kind(graph: Graph, node: URIRef) -> str | None:
    types = set(graph.objects(node, RDF.type))
    for kind, markers in KINDS:
        if types & set(markers):
            return kind
    if any(str(t).startswith(str(AM)) for t in types):
        return INDIVIDUALS
    return None


def _names(graph: Graph, nodes) -> tuple[str, ...]:
    return tuple(sorted(curie(graph, n) for n in nodes if isinstance(n, URIRef)))


def terms(graph: Graph | None = None) -> list[Term]:
    """Every term the ontology defines in the ``am:`` namespace, grouped by kind and sorted by name.

    An alignment is an axiom from :data:`ALIGNMENT_AXIOMS` whose object lies outside ``am:``; the
    same axioms pointing inside ``am:`` are the term's ``parents``.

    >>> speaker = next(t for t in terms() if t.name == "am:speaker")
    >>> speaker.kind, speaker.domain, speaker.range, speaker.characteristics
    ('Object properties', ('am:Locution',), ('am:Speaker',), ('functional',))
    >>> [f"{a.relation} {a.target}" for a in speaker.alignments]
    ['subproperty of prov:wasAttributedTo', 'subproperty of schema:spokenByCharacter']
    """
    graph = graph if graph is not None else ontology_graph()
    found = []
    for node in set(graph.subjects(RDF.type, None)):
        if not isinstance(node, URIRef) or not str(node).startswith(str(AM)) or node == ONTOLOGY_IRI:
            continue
        kind = _kind(graph, node)
        if kind is None:
            continue
        alignments, parents = [], []
        for axiom, relation in ALIGNMENT_AXIOMS.items():
            for target in graph.objects(node, axiom):
                if not isinstance(target, URIRef):
                    continue
                if str(target).startswith(str(AM)):
                    parents.append(target)
                else:
                    alignments.append(Alignment(relation, curie(graph, target)))
        types = set(graph.objects(node, RDF.type))
        found.append(
            Term(
                iri=str(node), name=curie(graph, node), kind=kind,
                label=_text(graph, node, RDFS.label), comment=_text(graph, node, RDFS.comment),
                domain=_names(graph, graph.objects(node, RDFS.domain)), range=_names(graph, graph.objects(node, RDFS.range)),
                parents=_names(graph, parents), alignments=tuple(sorted(alignments, key=lambda a: (a.relation, a.target))),
                types=_names(graph, (t for t in types if str(t).startswith(str(AM)))),
                characteristics=("functional",) if OWL.FunctionalProperty in types else (),
            )
        )
    order = {kind: i for i, kind in enumerate([k for k, _ in KINDS] + [INDIVIDUALS])}
    return sorted(found, key=lambda t: (order[t.kind], t.name.lower()))


def metadata(graph: Graph | None = None) -> dict[str, str]:
    """The ontology's own description: IRI, label, comment, version, license, preferred prefix.

    >>> about = metadata()
    >>> about["iri"], about["label"], about["prefix"], about["license"]
    ('https://w3id.org/argmap/ns', 'argmap vocabulary', 'am', 'https://opensource.org/licenses/MIT')
    """
    graph = graph if graph is not None else ontology_graph()
    node = ONTOLOGY_IRI
    license_ = graph.value(node, URIRef("http://purl.org/dc/terms/license"))
    return {
        "iri": str(node), "namespace": str(AM), "label": _text(graph, node, RDFS.label),
        "comment": _text(graph, node, RDFS.comment), "version": str(graph.value(node, OWL.versionInfo) or ""),
        "versionIRI": str(graph.value(node, OWL.versionIRI) or ""), "license": str(license_ or ""), "prefix": "am",
    }


def _prefixes(graph: Graph, used: set[str]) -> list[tuple[str, str]]:
    return sorted((p, str(ns)) for p, ns in graph.namespaces() if p in used)


def _used_prefixes(items: list[Term]) -> set[str]:
    names = [t.name for t in items]
    for t in items:
        names += [*t.domain, *t.range, *t.parents, *t.types, *(a.target for a in t.alignments)]
    return {n.split(":", 1)[0] for n in names if ":" in n and not n.startswith("http")}


def vocabulary_markdown(graph: Graph | None = None) -> str:
    """A Markdown page listing every term with its label, comment, domain, range and alignments.

    >>> page = vocabulary_markdown()
    >>> page.splitlines()[0], [line for line in page.splitlines() if line.startswith("### ")][:2]
    ('# argmap vocabulary', ['### am:Argument', '### am:Attack'])
    >>> sum(line.startswith("### ") for line in page.splitlines()) == len(terms())
    True
    """
    graph = graph if graph is not None else ontology_graph()
    meta, items = metadata(graph), terms(graph)
    lines = [
        f"# {meta['label']}", "",
        "<!-- generated by `argmap ontology --format md -o docs/ontology.md`; edit argmap/ontology/argmap.ttl instead -->", "",
        meta["comment"], "",
        f"- Namespace: `{meta['namespace']}` (prefix `{meta['prefix']}:`)",
        f"- Ontology IRI: `{meta['iri']}`; version {meta['version']} (`{meta['versionIRI']}`)",
        f"- License: {meta['license']}", "",
        "## Prefixes", "", "| prefix | namespace |", "|---|---|",
        *(f"| `{p}:` | `{ns}` |" for p, ns in _prefixes(graph, _used_prefixes(items))), "",
        "## Alignments at a glance", "", "| term | alignments |", "|---|---|",
        *(f"| [`{t.name}`](#{_anchor(t)}) | {_alignment_text(t)} |" for t in items if t.alignments), "",
    ]
    for kind in [k for k, _ in KINDS] + [INDIVIDUALS]:
        group = [t for t in items if t.kind == kind]
        if not group:
            continue
        lines += [f"## {kind}", ""]
        for t in group:
            lines += [f"### {t.name}", "", f"<a id=\"{_anchor(t)}\"></a>**{t.label}** — {t.comment}", ""]
            lines += [f"- {name}: {value}" for name, value in _rows(t, lambda n: f"`{n}`", str)]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _anchor(term: Term) -> str:
    return term.name.split(":", 1)[-1]


def _alignment_text(term: Term, ref: Callable[[str], str] = lambda n: f"`{n}`", text: Callable[[str], str] = str) -> str:
    return "; ".join(f"{text(a.relation)} {ref(a.target)}" for a in term.alignments)


def _rows(term: Term, ref: Callable[[str], str], text: Callable[[str], str]) -> list[tuple[str, str]]:
    """A term's facts as (name, formatted value) rows; ``ref`` formats a term name, ``text`` plain text."""
    rows = [("IRI", f"<code>{text(term.iri)}</code>" if text is not str else f"`{term.iri}`")]
    for name, values in (("type", term.types), ("domain", term.domain), ("range", term.range), ("within argmap", term.parents)):
        if values:
            rows.append((name, ", ".join(ref(v) for v in values)))
    if term.characteristics:
        rows.append(("characteristics", text(", ".join(term.characteristics))))
    rows.append(("alignments", _alignment_text(term, ref, text) or "none"))
    return rows


def vocabulary_html(graph: Graph | None = None) -> str:
    """A self-contained HTML page listing every term with its label, comment, domain, range and alignments.

    A term named by another links to its own section; a term of another vocabulary links to its IRI.

    >>> page = vocabulary_html()
    >>> page.count('<section class="term"') == len(terms()), '<a href="#Locution"><code>am:Locution</code></a>' in page
    (True, True)
    >>> '<a href="http://www.w3.org/ns/prov#wasAttributedTo">' in page
    True
    """
    graph = graph if graph is not None else ontology_graph()
    meta, items = metadata(graph), terms(graph)
    known = {t.name for t in items}
    prefixes = dict(_prefixes(graph, _used_prefixes(items)))
    e = html.escape

    def ref(name: str) -> str:
        if name in known:
            return f'<a href="#{e(name.split(":", 1)[1])}"><code>{e(name)}</code></a>'
        prefix, _, local = name.partition(":")
        target = prefixes[prefix] + local if prefix in prefixes else name
        return f'<a href="{e(target)}"><code>{e(name)}</code></a>'

    toc, sections = [], []
    for kind in [k for k, _ in KINDS] + [INDIVIDUALS]:
        group = [t for t in items if t.kind == kind]
        if not group:
            continue
        toc.append(f"<li>{e(kind)}: " + ", ".join(ref(t.name) for t in group) + "</li>")
        cards = []
        for t in group:
            table = "".join(f"<tr><th>{e(k)}</th><td>{v}</td></tr>" for k, v in _rows(t, ref, e))
            cards.append(
                f'<section class="term" id="{e(_anchor(t))}"><h3><code>{e(t.name)}</code> — {e(t.label)}</h3>'
                f"<p>{e(t.comment)}</p><table>{table}</table></section>"
            )
        sections.append(f"<h2>{e(kind)}</h2>" + "".join(cards))
    prefix_rows = "".join(f"<tr><td><code>{e(p)}:</code></td><td><code>{e(ns)}</code></td></tr>" for p, ns in prefixes.items())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(meta['label'])}</title>
<meta name="generator" content="argmap ontology --format html">
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }}
code {{ font-size: 0.9em; }} a {{ color: #0b5394; }}
.term {{ border-top: 1px solid #ddd; padding: 0.5rem 0; }}
table {{ border-collapse: collapse; }} th {{ text-align: left; padding-right: 1rem; vertical-align: top; color: #555; font-weight: normal; width: 8rem; }}
</style></head><body>
<h1>{e(meta['label'])}</h1>
<p>{e(meta['comment'])}</p>
<p>Namespace <code>{e(meta['namespace'])}</code> (prefix <code>am:</code>); ontology IRI <code>{e(meta['iri'])}</code>,
version {e(meta['version'])} (<code>{e(meta['versionIRI'])}</code>); license <a href="{e(meta['license'])}">{e(meta['license'])}</a>.</p>
<h2>Contents</h2><ul>{''.join(toc)}</ul>
<h2>Prefixes</h2><table>{prefix_rows}</table>
{''.join(sections)}
</body></html>
"""


def vocabulary_jsonld(graph: Graph | None = None) -> str:
    """The ontology as JSON-LD, compacted with its own prefixes.

    >>> import json
    >>> document = json.loads(vocabulary_jsonld())
    >>> sorted(document), document["@context"]["am"]
    (['@context', '@graph'], 'https://w3id.org/argmap/ns#')
    """
    graph = graph if graph is not None else ontology_graph()
    context = {p: str(ns) for p, ns in graph.namespaces() if p}
    return graph.serialize(format="json-ld", context=context, auto_compact=True)


def format_for(path: Path | None) -> str:
    """The vocabulary format a file name asks for (``turtle`` without one).

    >>> format_for(Path("docs/ontology.html")), format_for(None)
    ('html', 'turtle')
    """
    if path is None:
        return "turtle"
    if path.suffix.lower() not in EXTENSIONS:
        raise UsageError(f"cannot tell the vocabulary format from '{path}'; name it with --format ({', '.join(FORMATS)})")
    return EXTENSIONS[path.suffix.lower()]


def render(fmt: str, graph: Graph | None = None) -> str:
    """The vocabulary in ``fmt``: ``turtle`` (the shipped file as written), ``jsonld``, ``html`` or ``md``.

    >>> render("turtle").splitlines()[0], render("md") == vocabulary_markdown()
    ('@prefix am:   <https://w3id.org/argmap/ns#> .', True)
    >>> render("rdfxml")
    Traceback (most recent call last):
    ValueError: unknown vocabulary format 'rdfxml' (known: turtle, jsonld, html, md)
    """
    if fmt == "turtle":
        return resource("argmap.ttl") if graph is None else graph.serialize(format="turtle")
    renderers = {"jsonld": vocabulary_jsonld, "html": vocabulary_html, "md": vocabulary_markdown}
    if fmt not in renderers:
        raise ValueError(f"unknown vocabulary format '{fmt}' (known: {', '.join(FORMATS)})")
    return renderers[fmt](graph)
