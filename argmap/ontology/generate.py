"""Generate the vocabulary's derived files from its one source, ``argmap/ontology/argmap.ttl``.

Two files are written (from argmap.ttl and, for one fact, shapes.ttl) and committed;
``tests/test_ontology.py`` fails when regenerating them would change their text:

- ``argmap/ontology/context.jsonld``: the JSON-LD 1.1 context that gives every argmap term a plain
  JSON key (W3C Recommendation "JSON-LD 1.1", 2020, section 4.1 "Advanced Context Usage"). Which
  properties hold one value and which a set is data shape, not vocabulary: it is read from the
  ``sh:maxCount 1`` constraints of ``shapes.ttl``, where it already lives (an ``owl:FunctionalProperty``
  would say more: speakers linked by ``owl:sameAs`` across debates would make the debates one).
- ``argmap/graph/terms.py``: every class, property and individual of argmap.ttl as a constant of an
  rdflib :class:`~rdflib.namespace.DefinedNamespace` (the form of rdflib's own generated namespaces,
  e.g. ``rdflib.namespace.SKOS``), with its label and comment as the constant's doc comment, plus
  the subclass links, individuals and labels the code derives its tables from.

Run ``python -m argmap.ontology.generate`` after editing argmap.ttl.

>>> terms = vocabulary_terms(ontology_graph(), resource("argmap.ttl"), shapes())
>>> [t.name for t in terms[:3]], terms[0].kind
(['Debate', 'Source', 'Speaker'], 'class')
>>> context_entry(next(t for t in terms if t.name == "hasLocution"))
{'@id': 'am:hasLocution', '@type': '@id', '@container': '@set'}
"""
from __future__ import annotations

import argparse
import json
import keyword
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, VANN

from argmap.ontology import ontology_graph, resource

#: Where the generated files go, relative to the repository root.
CONTEXT_PATH = Path("argmap/ontology/context.jsonld")
TERMS_PATH = Path("argmap/graph/terms.py")
COMMAND = "python -m argmap.ontology.generate"

#: The prefixes the context declares after ``am``, in this order (their IRIs come from argmap.ttl).
CONTEXT_PREFIXES = ("rdfs", "xsd", "skos", "foaf", "owl")
#: Terms of other vocabularies that argmap data uses, given plain keys too:
#: (key, CURIE, its values are IRIs, it has several values, the part of the context it goes in).
OTHER_TERMS: tuple[tuple[str, str, bool, bool, int], ...] = (
    ("label", "rdfs:label", False, False, 0),
    ("name", "foaf:name", False, False, 0),
    ("inScheme", "skos:inScheme", True, False, 0),
    ("sameAs", "owl:sameAs", True, True, 1),
)
#: argmap.ttl's section banner that opens the second part of the vocabulary (analysis results, dialogue,
#: imported maps); the context lists each part's classes, then other vocabularies' terms, then properties.
SECOND_PART_BANNER = "analysis results"

_KEYWORDS = frozenset(keyword.kwlist)
_DEFINITION = re.compile(r"^am:(\w+)\s+a\s", re.MULTILINE)
_BANNER = re.compile(r"^# -+ (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Term:
    """One term of the vocabulary as the generators need it.

    ``kind`` is ``class``, ``individual`` or ``property``; ``part`` is 0 for the debate-file
    vocabulary and 1 for the terms after :data:`SECOND_PART_BANNER`.
    """

    name: str
    iri: URIRef
    kind: str
    label: str
    comment: str
    part: int
    object_valued: bool = False
    enumerated_range: bool = False
    datatype: URIRef | None = None
    single_valued: bool = False


def namespace(graph: Graph) -> str:
    """The argmap namespace: the ontology's ``vann:preferredNamespaceUri``.

    >>> namespace(ontology_graph())
    'https://w3id.org/argmap/ns#'
    """
    ontology = graph.value(predicate=RDF.type, object=OWL.Ontology)
    return str(graph.value(ontology, VANN.preferredNamespaceUri))


def shapes() -> Graph:
    """The SHACL shapes (``shapes.ttl``) as an rdflib graph.

    >>> claim = URIRef(namespace(ontology_graph()) + "Claim")
    >>> sorted(str(shape).rsplit("#", 1)[1] for shape in shapes().subjects(SH.targetClass, claim))
    ['Claim', 'ClaimImported', 'ClaimScores', 'Item']
    """
    return Graph().parse(data=resource("shapes.ttl"), format="turtle")


def single_valued(shapes_graph: Graph) -> set[URIRef]:
    """The properties some shape of ``shapes_graph`` allows at most once (``sh:maxCount 1``).

    >>> URIRef(namespace(ontology_graph()) + "text") in single_valued(shapes())
    True
    """
    bounded = (shape for shape in shapes_graph.subjects(SH.maxCount, None) if shapes_graph.value(shape, SH.maxCount) == Literal(1))
    return {path for shape in bounded if isinstance(path := shapes_graph.value(shape, SH.path), URIRef)}


def vocabulary_terms(graph: Graph, text: str, shapes_graph: Graph) -> list[Term]:
    """Every term argmap.ttl defines, in the order the file defines them.

    ``graph`` is argmap.ttl parsed, ``text`` its Turtle text (an RDF graph keeps no order, the
    file does; the order is the curator's and the context keeps it), ``shapes_graph`` the shapes.

    >>> terms = vocabulary_terms(ontology_graph(), resource("argmap.ttl"), shapes())
    >>> stance = next(t for t in terms if t.name == "stance")
    >>> stance.kind, stance.object_valued, stance.enumerated_range, stance.single_valued
    ('property', True, True, True)
    """
    banners = [(m.start(), m.group(1).strip()) for m in _BANNER.finditer(text)]
    second = next(start for start, title in banners if title == SECOND_PART_BANNER)
    ns, once = namespace(graph), single_valued(shapes_graph)
    return [_term(graph, URIRef(ns + m.group(1)), m.group(1), int(m.start() > second), once) for m in _DEFINITION.finditer(text)]


def _term(graph: Graph, iri: URIRef, name: str, part: int, once: set[URIRef]) -> Term:
    types = set(graph.objects(iri, RDF.type))
    label, comment = graph.value(iri, RDFS.label), graph.value(iri, RDFS.comment)
    if label is None or comment is None:
        raise ValueError(f"am:{name} needs an rdfs:label and an rdfs:comment")
    base = Term(name, iri, "class" if OWL.Class in types else "property", str(label), " ".join(str(comment).split()), part)
    if OWL.ObjectProperty in types or OWL.DatatypeProperty in types:
        value_range = graph.value(iri, RDFS.range)
        enumerated = isinstance(value_range, URIRef) and graph.value(value_range, OWL.oneOf) is not None
        datatype = value_range if OWL.DatatypeProperty in types and isinstance(value_range, URIRef) else None
        return replace(base, object_valued=OWL.ObjectProperty in types, enumerated_range=enumerated, datatype=datatype, single_valued=iri in once)
    return base if OWL.Class in types else replace(base, kind="individual")


def context_entry(term: Term) -> str | dict[str, str]:
    """The context's definition of one term: its CURIE, with a type and container where it needs them.

    Object properties take IRIs (``@id``; ``@vocab`` when the range is an ``owl:oneOf`` enumeration,
    so ``"stance": "Pro"``); datatype properties other than strings type their literals; properties
    the shapes do not bound to one value are sets, so a node's values are always a JSON array.

    >>> terms = {t.name: t for t in vocabulary_terms(ontology_graph(), resource("argmap.ttl"), shapes())}
    >>> context_entry(terms["Claim"]), context_entry(terms["text"]), context_entry(terms["stance"]), context_entry(terms["date"])
    ('am:Claim', 'am:text', {'@id': 'am:stance', '@type': '@vocab'}, {'@id': 'am:date', '@type': 'xsd:date'})
    """
    curie = f"am:{term.name}"
    if term.kind != "property":
        return curie
    entry = {"@id": curie}
    if term.object_valued:
        entry["@type"] = "@vocab" if term.enumerated_range else "@id"
    elif term.datatype is not None and term.datatype != XSD.string:
        entry["@type"] = "xsd:" + term.datatype.removeprefix(str(XSD))
    if not term.single_valued:
        entry["@container"] = "@set"
    return entry if len(entry) > 1 else curie


def _other_entry(curie: str, iri_valued: bool, several: bool) -> str | dict[str, str]:
    entry = {"@id": curie} | ({"@type": "@id"} if iri_valued else {}) | ({"@container": "@set"} if several else {})
    return entry if len(entry) > 1 else curie


def render_context(graph: Graph, terms: Iterable[Term]) -> str:
    """The text of ``context.jsonld``: prefixes, then per part its classes and individuals, other
    vocabularies' terms and properties.

    >>> graph = ontology_graph()
    >>> context = json.loads(render_context(graph, vocabulary_terms(graph, resource("argmap.ttl"), shapes())))["@context"]
    >>> list(context)[:4], context["sameAs"]
    (['@version', 'am', 'rdfs', 'xsd'], {'@id': 'owl:sameAs', '@type': '@id', '@container': '@set'})
    """
    terms = list(terms)
    namespaces = {prefix: str(iri) for prefix, iri in graph.namespaces()}
    context: dict[str, object] = {"@version": 1.1, "am": namespace(graph)}
    context |= {prefix: namespaces[prefix] for prefix in CONTEXT_PREFIXES}
    context |= {"id": "@id", "type": "@type"}
    for part in (0, 1):
        context |= {t.name: context_entry(t) for t in terms if t.part == part and t.kind != "property"}
        context |= {key: _other_entry(curie, iri, several) for key, curie, iri, several, p in OTHER_TERMS if p == part}
        context |= {t.name: context_entry(t) for t in terms if t.part == part and t.kind == "property"}
    return json.dumps({"@context": context}, indent=2, ensure_ascii=False) + "\n"


def _doc_comment(term: Term, indent: str) -> str:
    return f"{indent}#: {term.label}: {term.comment}\n"


def render_terms_module(graph: Graph, terms: Iterable[Term]) -> str:
    """The text of ``argmap/graph/terms.py``: the :class:`AM` namespace class, then the
    ``SUBCLASSES``, ``INSTANCES`` and ``LABELS`` tables.

    >>> graph = ontology_graph()
    >>> text = render_terms_module(graph, vocabulary_terms(graph, resource("argmap.ttl"), shapes()))
    >>> [line for line in text.splitlines() if line.startswith(("class ", "SUBCLASSES"))]
    ['class AM(DefinedNamespace):', 'SUBCLASSES: Final[dict[URIRef, tuple[URIRef, ...]]] = {']
    """
    terms = list(terms)
    ontology = graph.value(predicate=RDF.type, object=OWL.Ontology)
    title, description = graph.value(ontology, RDFS.label), " ".join(str(graph.value(ontology, RDFS.comment)).split())
    names = {t.iri: t.name for t in terms}
    keywords = sorted(t.name for t in terms if not t.name.isidentifier() or t.name in _KEYWORDS)
    out = [_module_docstring(graph, terms)]
    out.append("from __future__ import annotations\n\nfrom typing import Final\n\n"
               "from rdflib.namespace import DefinedNamespace, Namespace\nfrom rdflib.term import URIRef\n\n\n")
    out.append(f'class AM(DefinedNamespace):\n    """{title}.\n\n    {description}\n\n'
               f'    A term whose name is a Python keyword is spelt ``AM["from"]``.\n    """\n\n')
    out.append(f'    _NS = Namespace("{namespace(graph)}")\n    _fail = True\n    _extras = {json.dumps(keywords)}\n')
    for kind, heading in (("class", "owl:Class"), ("individual", "individuals"), ("property", "properties")):
        out.append(f"\n    # {heading}\n")
        for term in (t for t in terms if t.kind == kind):
            if term.name in keywords:
                out.append(f"    # {term.label}: {term.comment} Spelt {_ref(term.iri, names)} (a Python keyword).\n")
            else:
                out.append(_doc_comment(term, "    ") + f"    {term.name}: URIRef\n")
    out.append("\n\n" + _table("SUBCLASSES", "dict[URIRef, tuple[URIRef, ...]]",
                               "Each argmap class's direct argmap subclasses (``rdfs:subClassOf``), in argmap.ttl's order.",
                               _subclasses(graph, terms), names))
    out.append("\n" + _table("INSTANCES", "dict[URIRef, tuple[URIRef, ...]]",
                             "The individuals argmap.ttl defines, by class (``rdf:type``), in argmap.ttl's order.",
                             _instances(graph, terms), names))
    labels = "".join(f"    {_ref(t.iri, names)}: {json.dumps(t.label, ensure_ascii=False)},\n" for t in terms)
    out.append(f"\n#: Every term's ``rdfs:label``.\nLABELS: Final[dict[URIRef, str]] = {{\n{labels}}}\n")
    return "".join(out)


def _module_docstring(graph: Graph, terms: list[Term]) -> str:
    return (
        '"""The argmap vocabulary as Python constants: every class, property and individual of argmap.ttl.\n\n'
        f"Generated by ``{COMMAND}`` from ``argmap/ontology/argmap.ttl``: do not edit;\n"
        "``tests/test_ontology.py`` fails when this file is not current.\n\n"
        ">>> str(AM.Claim)\n"
        f"'{namespace(graph)}Claim'\n"
        ">>> [LABELS[c] for c in SUBCLASSES[AM.Speaker]]\n"
        f"{[str(graph.value(c, RDFS.label)) for c in _subclasses(graph, terms)[URIRef(namespace(graph) + 'Speaker')]]!r}\n"
        '"""\n'
    )


def _ref(iri: URIRef, names: dict[URIRef, str]) -> str:
    name = names[iri]
    return f"AM.{name}" if name.isidentifier() and name not in _KEYWORDS else f"AM[{json.dumps(name)}]"


def _subclasses(graph: Graph, terms: list[Term]) -> dict[URIRef, tuple[URIRef, ...]]:
    classes = [t.iri for t in terms if t.kind == "class"]
    found = {c: tuple(s for s in classes if (s, RDFS.subClassOf, c) in graph) for c in classes}
    return {c: subs for c, subs in found.items() if subs}


def _instances(graph: Graph, terms: list[Term]) -> dict[URIRef, tuple[URIRef, ...]]:
    individuals = [t.iri for t in terms if t.kind == "individual"]
    found: dict[URIRef, tuple[URIRef, ...]] = {}
    for cls in (t.iri for t in terms if t.kind == "class"):
        members = tuple(i for i in individuals if (i, RDF.type, cls) in graph)
        enumerated = graph.value(cls, OWL.oneOf)
        if enumerated is not None and set(Collection(graph, enumerated)) != set(members):
            raise ValueError(f"{cls}: owl:oneOf and the individuals typed with it differ")
        if members:
            found[cls] = members
    return found


def _table(name: str, annotation: str, doc: str, table: dict[URIRef, tuple[URIRef, ...]], names: dict[URIRef, str]) -> str:
    rows = "".join(f"    {_ref(k, names)}: ({', '.join(_ref(v, names) for v in values)}{',' if len(values) == 1 else ''}),\n"
                   for k, values in table.items())
    return f"#: {doc}\n{name}: Final[{annotation}] = {{\n{rows}}}\n"


def generated_files() -> dict[Path, str]:
    """The text each generated file should have, by its path relative to the repository root.

    >>> generated = generated_files()
    >>> sorted(map(str, generated)), generated[CONTEXT_PATH] == resource("context.jsonld")
    (['argmap/graph/terms.py', 'argmap/ontology/context.jsonld'], True)
    """
    graph, text = ontology_graph(), resource("argmap.ttl")
    terms = vocabulary_terms(graph, text, shapes())
    return {CONTEXT_PATH: render_context(graph, terms), TERMS_PATH: render_terms_module(graph, terms)}


def main(root: Path = Path(__file__).resolve().parents[2], check: bool = False) -> int:
    """Write the generated files under ``root`` (by default the checkout this package is imported from); say which changed.

    Each file is written to a temporary file then moved into place, so a reader never sees half of it.
    With ``check`` nothing is written: the answer is 1 when a file is stale (as ``--check`` on the
    command line). Here into an empty folder, checked, written, then checked again:

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     for path in generated_files():
    ...         Path(tmp, path).parent.mkdir(parents=True, exist_ok=True)
    ...     main(Path(tmp), check=True), main(Path(tmp)), main(Path(tmp), check=True)
    argmap/ontology/context.jsonld: stale (python -m argmap.ontology.generate writes it)
    argmap/graph/terms.py: stale (python -m argmap.ontology.generate writes it)
    argmap/ontology/context.jsonld: written
    argmap/graph/terms.py: written
    argmap/ontology/context.jsonld: current
    argmap/graph/terms.py: current
    (1, 0, 0)
    """
    stale = 0
    for path, text in generated_files().items():
        target = root / path
        if target.exists() and target.read_text(encoding="utf-8") == text:
            print(f"{path}: current")
        elif check:
            print(f"{path}: stale (python -m argmap.ontology.generate writes it)")
            stale += 1
        else:
            temporary = target.with_suffix(target.suffix + ".tmp")
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(target)
            print(f"{path}: written")
    return 1 if stale else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m argmap.ontology.generate",
                                     description="Write the files generated from argmap.ttl (context.jsonld, graph/terms.py).")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a generated file is stale")
    sys.exit(main(check=parser.parse_args().check))
