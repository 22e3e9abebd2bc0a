"""GraphML out: the tabular projection (speakers, issues, claims and the edges between them) with
typed attributes Gephi and yEd read: ``label``, ``kind``, ``stance``, colour as ``r``/``g``/``b``."""
from __future__ import annotations

import networkx as nx
from rdflib import Graph

from argmap.exports.tabular import project, to_networkx


def write_graphml(graph: Graph) -> str:
    """The graph as GraphML (http://graphml.graphdrawing.org/xmlns), one ``<key>`` per attribute.

    >>> import re
    >>> from argmap import load
    >>> graphml = write_graphml(load("tests/fixtures/mini.yaml"))
    >>> graphml.count("<node "), graphml.count("<edge ")
    (11, 15)
    >>> sorted(re.findall('for="node" attr.name="([a-z_]+)"', graphml))
    ['b', 'debate', 'g', 'kind', 'label', 'r', 'speakers', 'stance', 'tags', 'text']
    """
    return "\n".join(nx.generate_graphml(to_networkx(project(graph), colour="rgb"), named_key_ids=True, edge_id_from_attribute="id")) + "\n"


