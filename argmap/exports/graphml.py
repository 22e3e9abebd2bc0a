"""GraphML out: the tabular projection (speakers, issues, claims and the edges between them) with
typed attributes Gephi and yEd read: ``label``, ``kind``, ``stance``, colour as ``r``/``g``/``b``."""
from __future__ import annotations

import networkx as nx
from rdflib import Graph

from argmap.exports.tabular import project, to_networkx


def write_graphml(graph: Graph) -> str:
    """The graph as GraphML (http://graphml.graphdrawing.org/xmlns), one ``<key>`` per attribute and
    kind of element, each with its own id (``d0``, ``d1``…: the schema's ``key_id_key`` wants them
    unique, and nodes and edges share attribute names such as ``label``).

    >>> import re
    >>> from argmap import load
    >>> graphml = write_graphml(load("tests/fixtures/mini.yaml"))
    >>> graphml.count("<node "), graphml.count("<edge ")
    (11, 15)
    >>> sorted(re.findall('for="node" attr.name="([a-z_]+)"', graphml))
    ['b', 'debate', 'g', 'kind', 'label', 'r', 'speakers', 'stance', 'tags', 'text']
    >>> ids = re.findall('<key id="([^"]+)"', graphml)
    >>> len(ids) == len(set(ids))
    True
    """
    return "\n".join(nx.generate_graphml(to_networkx(project(graph), colour="rgb"), edge_id_from_attribute="id")) + "\n"


