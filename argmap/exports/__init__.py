"""Exports: everything argmap renders for people from the RDF graph.

The interactive map (:mod:`~argmap.exports.map`, with its :mod:`~argmap.exports.layout`,
:mod:`~argmap.exports.views` and template), the analysis report (:mod:`~argmap.exports.report`),
graph files for other tools (:mod:`~argmap.exports.graphml`, :mod:`~argmap.exports.gexf`,
:mod:`~argmap.exports.csv`, :mod:`~argmap.exports.dot`, over :mod:`~argmap.exports.tabular`) and the
vocabulary pages (:mod:`~argmap.exports.vocabulary`). Writers are found by name through the one
format registry, :mod:`argmap.graph.formats`; nothing here is imported until it is used.
"""
