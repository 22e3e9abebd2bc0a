"""The debate as a graph: the model, speaker names, the vocabulary's terms, debate ↔ RDF, SHACL
validation, and the registry of file formats (:mod:`argmap.graph.formats`)."""
