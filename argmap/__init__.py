"""argmap: debates as an argument-mapping knowledge graph."""
__version__ = "0.1.0"
