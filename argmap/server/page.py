"""The query page: a SPARQL editor with highlighting and completion, the named queries as tabs with
fields for their bindings, a sortable paginated results table, downloads, inline errors and links
that carry the query. The page is one HTML shell (here), its script and style (``static/``,
package data, no CDN), and a JSON block of what it needs from argmap (queries, prefixes, terms).
"""
from __future__ import annotations

import html
import json
import re
from functools import cache
from importlib.resources import files

from rdflib import OWL, RDF, RDFS, URIRef

from argmap import sparql
from argmap.graph.rdf import PREFIXES
from argmap.ontology import curie, ontology_graph

STATIC = files("argmap.server").joinpath("static")
#: The media type of each file the page loads, by extension.
STATIC_TYPES = {".js": "text/javascript", ".css": "text/css"}
_BINDABLE = re.compile(r"\bbind \?(\w+)")


def bindable_variables(description: str) -> list[str]:
    """The variables a named query's description invites to bind ("bind ?name to ...").

    >>> bindable_variables("Every claim ...; bind ?name to one speaker's name to filter.")
    ['name']
    """
    return _BINDABLE.findall(description)


@cache
def vocabulary_terms() -> list[dict[str, str]]:
    """The classes and properties of the argmap vocabulary (and RDF/RDFS terms the queries use),
    as ``{"term": "am:Claim", "kind": "class", "label": ..., "comment": ...}`` for completion.

    >>> next(t["kind"] for t in vocabulary_terms() if t["term"] == "am:Claim")
    'class'
    """
    graph = ontology_graph()
    kinds = {OWL.Class: "class", RDFS.Class: "class", OWL.ObjectProperty: "property", OWL.DatatypeProperty: "property",
             RDF.Property: "property", OWL.AnnotationProperty: "property"}
    terms = {}
    for kind, name in kinds.items():
        for subject in graph.subjects(RDF.type, kind):
            if isinstance(subject, URIRef):
                text = curie(graph, subject)
                terms[text] = {"term": text, "kind": name, "label": str(graph.value(subject, RDFS.label) or ""),
                               "comment": " ".join(str(graph.value(subject, RDFS.comment) or "").split())}
    for term in ("rdf:type", "rdfs:label", "rdfs:comment", "rdfs:subClassOf", "xsd:integer", "xsd:string", "xsd:decimal", "xsd:date"):
        terms.setdefault(term, {"term": term, "kind": "property" if term[:4] != "xsd:" else "datatype", "label": "", "comment": ""})
    return sorted(terms.values(), key=lambda t: t["term"])


#: The variable by which the named queries give a debate's id (``debates``, ``unreviewed-suggestions``):
#: when the server draws maps, the page links each such cell to that debate's map (``/map?debate=ID``,
#: in the curation mode).
DEBATE_VARIABLE = "debate"


def page_config(map_views: tuple[str, ...] = (), updates: bool = False) -> dict:
    """What the page's script needs besides the named queries: the pre-bound prefixes, the
    vocabulary terms, the map views, whether updates are accepted, and the variable whose
    values link to a debate's map (none without maps).

    >>> page_config(("who-argues-what",))["debateVariable"], page_config()["debateVariable"]
    ('debate', None)
    """
    return {
        "prefixes": {name: str(namespace) for name, namespace in PREFIXES.items()},
        "terms": vocabulary_terms(),
        "mapViews": list(map_views),
        "updates": updates,
        "endpoint": "/sparql",
        "debateVariable": DEBATE_VARIABLE if map_views else None,
    }


def _json_for_script(value: object) -> str:
    """JSON safe inside a ``<script>`` element (no ``</script``, no ``<!--``)."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def named_query_list() -> str:
    """The named queries as an HTML list (escaped): the page's tabs, read by the script with
    ``textContent``, and a readable list without script.

    >>> items = named_query_list().splitlines()
    >>> items[0].split("<span")[0]
    '<li data-name="attacks" data-bindings="attacker"><strong class="title">Attacks</strong> — '
    >>> "one speaker&#x27;s name" in items[0]
    True
    """
    items = []
    for q in sparql.named_queries().values():
        items.append(
            f'<li data-name="{html.escape(q.name, quote=True)}" data-bindings="{html.escape(" ".join(bindable_variables(q.description)), quote=True)}">'
            f'<strong class="title">{html.escape(q.title)}</strong> — <span class="description">{html.escape(q.description)}</span>'
            f'<pre class="text">{html.escape(q.text)}</pre></li>')
    return "\n".join(items)


def query_page(map_views: tuple[str, ...] = (), updates: bool = False) -> str:
    """Write the endpoint's query page, the HTML served at ``/``.

    The page is an HTML shell around its script and style (``static/``) and a JSON block of what
    the script needs (:func:`page_config`), with the named queries as a list (:func:`named_query_list`).
    Every text from argmap reaches it escaped (HTML text, or JSON data with ``<``, ``>`` and ``&``
    escaped) and the script shows it with ``textContent``, never as HTML.

    Parameters
    ----------
    map_views : tuple of str, optional
        The map views the server draws; each is linked (``/map?view=NAME``), and debate ids in the
        results link to their maps. Empty when the server draws no maps.
    updates : bool, default False
        Whether the server accepts SPARQL updates (the page then has an Update tab, which asks for
        the update token).

    Returns
    -------
    str
        The page's HTML.

    Examples
    --------
    >>> page = query_page(("speakers",))
    >>> 'data-name="who-attacks-whom"' in page and 'href="/map?view=speakers"' in page
    True
    """
    links = "".join(f' <a href="/map?view={html.escape(v, quote=True)}">{html.escape(v)}</a>' for v in map_views)
    maps = f"<span class=\"maps\">Map of the store:{links}</span>" if map_views else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>argmap SPARQL endpoint</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><link rel="stylesheet" href="/static/query.css"></head>
<body>
<header><h1>argmap SPARQL endpoint</h1>
<p>SPARQL 1.1 Protocol at <code>/sparql</code>; prefixes <code>am:</code>, <code>rdf:</code>, <code>rdfs:</code>,
<code>xsd:</code> are pre-bound. {maps}</p></header>
<nav id="tabs" role="tablist" aria-label="Queries"></nav>
<main>
<p id="description"></p>
<div id="bindings"></div>
<div id="editor"><pre id="highlight" aria-hidden="true"></pre><textarea id="query" spellcheck="false" autocomplete="off"
 aria-label="SPARQL query" autocapitalize="off"></textarea><ul id="completions" role="listbox" hidden></ul></div>
<div id="update-token" hidden><label>Update token <input id="token" type="password" autocomplete="off"></label></div>
<div class="actions"><button id="run" type="button">Run <kbd>Ctrl+Enter</kbd></button>
<a id="share" href="/">Link to this query</a>
<a id="download-csv" download="results.csv" href="/">Download CSV</a>
<a id="download-json" download="results.json" href="/">Download JSON</a>
<span id="status" role="status"></span></div>
<div id="error" role="alert" hidden></div>
<div id="results"></div>
</main>
<details id="named-queries"><summary>Named queries</summary><ul>
{named_query_list()}
</ul></details>
<script type="application/json" id="config">{_json_for_script(page_config(map_views, updates))}</script>
<script src="/static/query.js"></script>
</body></html>
"""


def static_file(name: str) -> tuple[str, bytes] | None:
    """The media type and bytes of a file of the page (``query.js``, ``query.css``), or None.

    >>> static_file("query.js")[0], static_file("../page.py")
    ('text/javascript', None)
    """
    kind = next((t for ext, t in STATIC_TYPES.items() if name.endswith(ext)), None)
    if kind is None or "/" in name or name.startswith("."):
        return None
    entry = STATIC.joinpath(name)
    return (kind, entry.read_bytes()) if entry.is_file() else None
