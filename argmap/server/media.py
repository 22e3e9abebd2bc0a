"""Media types of the endpoint's answers and content negotiation (RFC 9110 §12.5.1).

One table for the SPARQL result formats of SELECT and ASK (:data:`RESULT_MEDIA_TYPES`); the media
types of graphs (CONSTRUCT, DESCRIBE, the service description) come from the format registry
:mod:`argmap.graph.formats`, for each graph format that :func:`argmap.sparql.format_result` writes.
"""
from __future__ import annotations

from functools import cache

from argmap import sparql
from argmap.graph.formats import formats

#: SPARQL 1.1 result formats of SELECT and ASK: result format -> media types, the preferred first.
RESULT_MEDIA_TYPES: dict[str, tuple[str, ...]] = {
    "json": ("application/sparql-results+json", "application/json"),
    "xml": ("application/sparql-results+xml", "application/xml", "text/xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
}
#: Every media type of :data:`RESULT_MEDIA_TYPES` -> its result format.
RESULT_TYPES: dict[str, str] = {media: name for name, types in RESULT_MEDIA_TYPES.items() for media in types}

#: The W3C identifiers (https://www.w3.org/ns/formats/) of the result formats and of the graph
#: formats, named in the service description.
RESULT_FORMAT_IDS: dict[str, str] = {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV", "tsv": "SPARQL_Results_TSV"}
GRAPH_FORMAT_IDS: dict[str, str] = {"turtle": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD", "xml": "RDF_XML"}


@cache
def graph_media_types() -> dict[str, tuple[str, ...]]:
    """Graph result format -> its media types from the format registry, for the formats
    :func:`argmap.sparql.format_result` writes for CONSTRUCT and DESCRIBE.

    >>> graph_media_types()["turtle"]
    ('text/turtle',)
    """
    registry = formats()
    return {name: registry[name].media_types for name in sparql.GRAPH_FORMATS if name in registry}


@cache
def graph_types() -> dict[str, str]:
    """Every media type of :func:`graph_media_types` -> its graph format (what ``Accept`` of a
    CONSTRUCT or DESCRIBE is negotiated against).

    >>> graph_types()["application/ld+json"], graph_types()["application/n-triples"]
    ('jsonld', 'nt')
    >>> negotiate("application/n-triples;q=0.9, text/turtle", graph_types(), "turtle")
    'turtle'
    """
    return {media: name for name, types in graph_media_types().items() for media in types}


def media_type(fmt: str, graph: bool) -> str:
    """The preferred media type of result format ``fmt`` (a graph format when ``graph``).

    >>> media_type("xml", graph=False), media_type("xml", graph=True)
    ('application/sparql-results+xml', 'application/rdf+xml')
    """
    return (graph_media_types() if graph else RESULT_MEDIA_TYPES)[fmt][0]


def negotiate(accept: str | None, offered: dict[str, str], default: str) -> str:
    """Choose the format of an answer from an ``Accept`` header (RFC 9110 §12.5.1).

    The header's media types are taken by the highest ``q`` first, then in the header's order
    (``q=0`` and unreadable ``q`` values rule a type out); the first one offered gives its format.
    A wildcard (``*/*``, ``application/*``, ``text/*``) reached before any offered type, or no
    match at all, gives ``default``; parameters other than ``q`` are ignored.

    Parameters
    ----------
    accept : str or None
        The ``Accept`` header's value; None or ``''`` when the request has none.
    offered : dict of str to str
        The media types on offer, each with its format (e.g. :data:`RESULT_TYPES`, :func:`graph_types`).
    default : str
        The format given when the header asks for no offered media type.

    Returns
    -------
    str
        A format of ``offered``, or ``default``.

    See Also
    --------
    media_type : The preferred media type of a format.

    Examples
    --------
    >>> negotiate(None, RESULT_TYPES, "json")
    'json'
    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES, "json")
    'xml'
    """
    choices = []
    for position, part in enumerate((accept or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0 and media:
            choices.append((-q, position, media))
    for _, _, media in sorted(choices):
        if media in offered:
            return offered[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    return default
