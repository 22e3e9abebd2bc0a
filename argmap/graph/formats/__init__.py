"""Reader plugins for other argument formats: each module here calls
:func:`argmap.graph.readers.register` once for its format, and is imported by the registry."""
