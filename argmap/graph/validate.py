"""Validate an argmap graph against its SHACL shapes and report violations a person can act on.

:func:`validate` runs pyshacl with ``argmap/ontology/shapes.ttl`` (SHACL Core plus a few SHACL-SPARQL
constraints, W3C Recommendation "Shapes Constraint Language", 2017) and returns a
:class:`ValidationReport` whose :class:`Violation` records name the node at fault by its kind, id and
text (``claim 'ben-deliveries' ("Deliveries would take…")``) and the rule it breaks in words, not
only by IRI. :func:`format_report` renders a report as text or JSON.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import lru_cache

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from argmap.errors import ArgmapError
from argmap.graph.rdf import AM, PREFIXES, RELATION_CLASSES
from argmap.ontology import curie, ontology_graph, resource

REPORT_FORMATS = ("text", "json")

#: The argmap classes that say what kind of thing a node is, most telling first.
KIND_CLASSES: tuple[URIRef, ...] = (
    AM.Debate, AM.Source, AM.Speaker, AM.Issue, AM.Claim, AM.Locution,
    *RELATION_CLASSES.values(), AM.Relation, AM.Stance,
)
#: Properties whose value names a node for a reader, in order of preference.
NAME_PROPERTIES: tuple[URIRef, ...] = (RDFS.label, AM.text, AM.quote)
SHAPES_NAMESPACE = "https://w3id.org/argmap/shapes#"

#: What breaking each SHACL Core constraint component means, in words (SPARQL rules say it in their message).
BROKEN: dict[str, str] = {
    "MinCount": "a value is missing", "MaxCount": "too many values", "Class": "a value is not of the required class",
    "Datatype": "a value has the wrong datatype", "In": "a value is not one of those allowed",
    "Pattern": "a text is empty, padded with spaces or not in the required form", "MinLength": "a text is too short",
    "LessThan": "a value is not less than the other one", "Disjoint": "a value is the same as the other one",
    "MinInclusive": "a value is too small", "MaxInclusive": "a value is too large",
    "Xone": "it is none or several of the alternatives", "Or": "it is none of the alternatives",
    "Node": "a value does not have the required shape",
}


@dataclass(frozen=True)
class Violation:
    """One broken rule: the node at fault (``focus``), what it is (``focus_label``), and the rule."""

    focus: str
    focus_label: str
    message: str
    shape: str
    constraint: str
    severity: str = "Violation"
    path: str | None = None
    path_label: str | None = None
    value: str | None = None
    value_label: str | None = None

    def __str__(self) -> str:
        where = f"{self.path_label} ({self.path})" if self.path else None
        broken = BROKEN.get(self.constraint)
        parts = [self.focus_label, where, self.message + (f" ({broken})" if broken else "")]
        line = ": ".join(p for p in parts if p)
        if self.value_label is not None:
            line += f" [value: {self.value_label}]"
        return line if self.severity == "Violation" else f"{self.severity.lower()}: {line}"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating one graph: ``conforms`` when there is no violation at all."""

    triples: int
    violations: tuple[Violation, ...]

    @property
    def conforms(self) -> bool:
        return not self.violations


@lru_cache(maxsize=1)
def _shipped_shapes() -> Graph:
    return Graph().parse(data=resource("shapes.ttl"), format="turtle")


def shapes_graph() -> Graph:
    """The argmap SHACL shapes (``argmap/ontology/shapes.ttl``) as a new rdflib graph.

    Examples
    --------
    >>> from rdflib.namespace import SH
    >>> (None, RDF.type, SH.NodeShape) in shapes_graph()
    True
    """
    graph = Graph()
    graph += _shipped_shapes()
    return graph


@lru_cache(maxsize=128)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


class _PreparedQueryGraph(Graph):
    """A view of a graph that parses each distinct SPARQL text once.

    pyshacl runs a SHACL-SPARQL constraint once per focus node with the same text and different
    bindings; rdflib would parse the text every time, which costs more than running it.
    """

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


def validate(graph: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Check ``graph`` against the argmap shapes (or ``shapes``) and describe every violation.

    The graph is validated as it stands: no inference, so a node is checked as the class it is
    explicitly typed with.

    Parameters
    ----------
    graph : rdflib.Graph
        The data to check.
    shapes : rdflib.Graph, optional
        Other SHACL shapes; argmap's (:func:`shapes_graph`) if None.

    Returns
    -------
    ValidationReport
        The number of triples checked and every violation, sorted by the node it is about, then
        path, message and value; ``conforms`` when there is none.

    Raises
    ------
    ArgmapError
        When pyshacl cannot run the shapes at all.

    See Also
    --------
    argmap.load : Read debate files and stores into one graph.

    Examples
    --------
    >>> from argmap import load
    >>> from argmap.graph.rdf import item_iri
    >>> graph = load("tests/fixtures/mini.yaml")
    >>> validate(graph).conforms
    True
    >>> graph.remove((item_iri("mini", "claim", "ana-footfall"), AM.text, None))  # doctest: +ELLIPSIS
    <Graph ...>
    >>> [v.focus_label for v in validate(graph).violations]
    ["claim 'ana-footfall'"]
    """
    import pyshacl  # imported here: it takes a moment and only `validate` needs it

    data = _PreparedQueryGraph(store=graph.store, identifier=graph.identifier)
    try:
        _, results, text = pyshacl.validate(data, shacl_graph=shapes if shapes is not None else shapes_graph(), inference="none")
    except Exception as exc:  # pyshacl reports malformed shapes and failed queries with many types
        raise ArgmapError(f"SHACL validation could not run: {exc}") from None
    if not isinstance(results, Graph):
        raise ArgmapError(f"SHACL validation could not run: {text.strip()}")
    describer = _Describer(graph)
    violations = [describer.violation(results, r) for r in results.subjects(RDF.type, SH.ValidationResult)]
    return ValidationReport(len(graph), tuple(sorted(violations, key=lambda v: (v.focus_label, v.path or "", v.message, v.value or ""))))


class _Describer:
    """Names nodes of one data graph for people, using the vocabulary's labels for properties."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.vocabulary = ontology_graph()
        for prefix, namespace in PREFIXES.items():
            self.vocabulary.bind(prefix, namespace)
        self.vocabulary.bind("amsh", SHAPES_NAMESPACE)

    def node(self, node: Node) -> str:
        """``claim 'ben-deliveries' ("Deliveries would take longer…")``, or the literal, or the IRI."""
        if isinstance(node, Literal):
            return _short(repr(str(node)) if node.datatype is None else f"{str(node)!r}^^{curie(self.vocabulary, node.datatype)}")
        g = self.graph
        types = set(g.objects(node, RDF.type))
        kind = next((str(c).rsplit("#", 1)[1].lower() for c in KIND_CLASSES if c in types), None)
        local = g.value(node, AM.localId)
        ident = f"'{local}'" if local is not None else (curie(self.vocabulary, node) if isinstance(node, URIRef) else "(blank node)")
        name = next((g.value(node, p) for p in NAME_PROPERTIES if g.value(node, p) is not None), None)
        if kind is None and local is None and name is None:
            return ident
        words = [kind or "node", ident]
        speaker = g.value(node, AM.speaker)
        if speaker is not None and g.value(speaker, RDFS.label) is not None:
            words.append(f"by {g.value(speaker, RDFS.label)}")
        if name is not None:
            words.append(f'("{_short(str(name))}")')
        return " ".join(words)

    def path(self, results: Graph, path: Node | None) -> tuple[str | None, str | None]:
        """The path as written (``am:hasLocution``, ``^am:hasLocution``) and in words (``has locution``)."""
        if path is None:
            return None, None
        inverse = results.value(path, SH.inversePath)
        if inverse is not None:
            name, words = self.path(results, inverse)
            return f"^{name}", f"inverse of {words}"
        if not isinstance(path, URIRef):
            return "(complex path)", "a complex path"
        label = self.vocabulary.value(path, RDFS.label)
        return curie(self.vocabulary, path), str(label) if label is not None else curie(self.vocabulary, path)

    def violation(self, results: Graph, result: Node) -> Violation:
        value_of = lambda p: results.value(result, p)
        focus, value, shape = value_of(SH.focusNode), value_of(SH.value), value_of(SH.sourceShape)
        messages = [str(m) for m in results.objects(result, SH.resultMessage)]
        english = [str(m) for m in results.objects(result, SH.resultMessage) if getattr(m, "language", None) in (None, "en")]
        path, path_label = self.path(results, value_of(SH.resultPath))
        component = value_of(SH.sourceConstraintComponent)
        return Violation(
            focus=str(focus), focus_label=self.node(focus) if focus is not None else "(no focus node)", message=(english or messages or ["(no message)"])[0],
            shape=curie(self.vocabulary, shape) if isinstance(shape, URIRef) else "(anonymous shape)",
            constraint=str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent"),
            severity=str(value_of(SH.resultSeverity)).rsplit("#", 1)[-1], path=path, path_label=path_label,
            value=None if value is None else str(value), value_label=None if value is None else self.node(value),
        )


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def format_report(report: ValidationReport, fmt: str = "text", name: str = "graph") -> str:
    """``report`` as text for people (one line per violation) or JSON for programs.

    Parameters
    ----------
    report : ValidationReport
        What :func:`validate` found.
    fmt : str
        ``text`` or ``json`` (:data:`REPORT_FORMATS`).
    name : str
        The input's name, the first word of the text.

    Examples
    --------
    >>> from argmap import load
    >>> print(format_report(validate(load("tests/fixtures/mini.yaml")), name="mini.yaml"), end="")
    mini.yaml: valid (182 triples, no violations)
    """
    if fmt == "json":
        return json.dumps(
            {"input": name, "triples": report.triples, "conforms": report.conforms,
             "violations": [asdict(v) for v in report.violations]},
            indent=2, ensure_ascii=False,
        ) + "\n"
    if fmt != "text":
        raise ValueError(f"unknown report format '{fmt}' (known: {', '.join(REPORT_FORMATS)})")
    if report.conforms:
        return f"{name}: valid ({report.triples} triples, no violations)\n"
    count = len(report.violations)
    lines = [f"{name}: {count} violation{'s' if count != 1 else ''} of the argmap shapes ({report.triples} triples)"]
    lines += [f"  {v}" for v in report.violations]
    return "\n".join(lines) + "\n"
