"""One debate of a store as a document: find the named graph that holds it, read it, replace it.

``argmap serve`` draws one debate with the page's curation mode (``/map?debate=ID``) and saves
the curated debate file back (``PUT /debates/ID`` with the update token): the debate's document
graph is replaced by the file's triples in one SPARQL 1.1 Update, so a server store and an
embedded one are changed the same way, under the same limits as any other update.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from rdflib import Graph

from argmap.errors import ArgmapError, InputError
from argmap.graph.formats.yaml import read_debate_yaml
from argmap.graph.model import Debate
from argmap.graph.rdf import AM, debate_iri, debate_to_rdf
from argmap.store.base import Store, StoreError
from argmap.store.results import SelectResult


def debate_graph_name(store: Store, debate_id: str) -> str:
    """Find the named graph (document) of a store that holds one debate.

    The debate is the one whose IRI :func:`argmap.graph.rdf.debate_iri` makes of ``debate_id``; it
    must be typed ``am:Debate`` in exactly one named graph, so that the document can be replaced
    as one file.

    Parameters
    ----------
    store : Store
        The store to look in.
    debate_id : str
        The debate's id (its ``id:`` in the debate file).

    Returns
    -------
    str
        The IRI of the named graph that holds the debate.

    Raises
    ------
    ArgmapError
        Naming the debates the store holds when there is no such debate, and when it is spread over
        several documents (then it cannot be saved as one file).
    StoreError
        When the store does not answer the SELECT with solutions, or a remote store cannot be
        reached or answers with an error.

    See Also
    --------
    document_graph : The triples of that named graph.

    Examples
    --------
    >>> from argmap.store import ingest, open_store
    >>> with open_store(None) as store:
    ...     _ = ingest(store, ["tests/fixtures/mini.yaml"])
    ...     debate_graph_name(store, "mini").endswith("/tests/fixtures/mini.yaml")
    True
    """
    iri = debate_iri(debate_id)
    answer = store.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{iri}> a <{AM.Debate}> }} }} ORDER BY ?g")
    if not isinstance(answer, SelectResult):
        raise StoreError(f"{store.location}: a SELECT query did not give solutions")
    graphs = [row[0] for row in answer.texts()]
    if not graphs:
        known = store.query(f"SELECT DISTINCT ?id WHERE {{ ?d a <{AM.Debate}> ; <{AM.localId}> ?id }} ORDER BY ?id")
        names = ", ".join(row[0] for row in known.texts()) if isinstance(known, SelectResult) else ""
        raise ArgmapError(f"no debate '{debate_id}' in this store (debates: {names or 'none'})")
    if len(graphs) > 1:
        raise ArgmapError(f"debate '{debate_id}' is spread over {len(graphs)} documents ({', '.join(graphs)}): "
                          "curate it from its file")
    return graphs[0]


def document_graph(store: Store, graph_name: str) -> Graph:
    """Read the triples of one named graph of a store into an rdflib graph.

    One ``CONSTRUCT`` query over ``GRAPH <graph_name>`` gives them; a graph the store does not
    hold gives an empty graph.

    Parameters
    ----------
    store : Store
        The store to read.
    graph_name : str
        The IRI of the named graph (document), e.g. from :func:`debate_graph_name`.

    Returns
    -------
    rdflib.Graph
        The named graph's triples.

    Raises
    ------
    StoreError
        When the store's answer to the CONSTRUCT query is not a graph, or a remote store cannot be
        reached or answers with an error.

    See Also
    --------
    debate_graph_name : The named graph that holds a debate.

    Examples
    --------
    >>> from argmap.store import ingest, open_store
    >>> with open_store(None) as store:
    ...     _ = ingest(store, ["tests/fixtures/mini.yaml"])
    ...     graph = document_graph(store, debate_graph_name(store, "mini"))
    >>> from rdflib import RDFS
    >>> str(graph.value(debate_iri("mini"), RDFS.label))
    'Should Main Street go car-free?'
    >>> len(graph)
    182
    """
    answer = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_name}> {{ ?s ?p ?o }} }}")
    graph = getattr(answer, "graph", None)
    if not isinstance(graph, Graph):
        raise StoreError(f"{store.location}: a CONSTRUCT query did not give a graph")
    return graph


def debate_from_text(text: str, name: str) -> Debate:
    """Read a debate file's text as the file ``name`` would be read.

    The text is a YAML debate (``docs/debate-format.md``), read as a file named ``name``: errors
    name ``name`` and the line. Quotes are not checked against article files (none is read).

    Parameters
    ----------
    text : str
        The debate file's YAML text.
    name : str
        The file name errors give (only its last part names the file read).

    Returns
    -------
    Debate
        The debate the text describes.

    Raises
    ------
    InputError
        When the text is not a valid debate file, naming ``name``, the line and the field.

    See Also
    --------
    replace_document : The update that stores the debate in place of a document.

    Examples
    --------
    >>> debate_from_text(Path("tests/fixtures/mini.yaml").read_text(encoding="utf-8"), "mini.yaml").id
    'mini'
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(name).name
        path.write_text(text, encoding="utf-8")
        try:
            return read_debate_yaml(path, source_root=Path(folder) / "nothing")[0]
        except InputError as exc:
            raise InputError(name, exc.message, exc.line, exc.field) from None


def replace_document(graph_name: str, debate: Debate) -> str:
    """Write the SPARQL 1.1 Update that replaces a named graph's content by a debate's triples.

    The update is ``DROP SILENT GRAPH``, then ``INSERT DATA`` of the debate's triples
    (:func:`argmap.graph.rdf.debate_to_rdf`) in the named graph ``graph_name``: one request,
    applied entirely or not at all.

    Parameters
    ----------
    graph_name : str
        The IRI of the named graph to replace.
    debate : Debate
        The debate whose triples become the graph's whole content.

    Returns
    -------
    str
        The update's text, to give to :meth:`Store.update`.

    See Also
    --------
    debate_graph_name : The named graph that holds a debate.
    debate_from_text : A debate read from a file's text.

    Examples
    --------
    >>> text = replace_document("file:///kg/mini.yaml", debate_from_text(Path("tests/fixtures/mini.yaml").read_text(encoding="utf-8"), "mini.yaml"))
    >>> text.splitlines()[0], text.splitlines()[1]
    ('DROP SILENT GRAPH <file:///kg/mini.yaml> ;', 'INSERT DATA { GRAPH <file:///kg/mini.yaml> {')
    """
    triples = debate_to_rdf(debate).serialize(format="nt", encoding="utf-8").decode("utf-8")
    return f"DROP SILENT GRAPH <{graph_name}> ;\nINSERT DATA {{ GRAPH <{graph_name}> {{\n{triples}}} }}\n"


__all__ = ["debate_from_text", "debate_graph_name", "document_graph", "replace_document"]
