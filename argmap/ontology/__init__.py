"""The argmap vocabulary (Turtle/OWL), SHACL shapes and named SPARQL queries, as package data."""
from importlib.resources import files

def resource(name: str) -> str:
    """The text of an ontology resource (e.g. ``argmap.ttl`` or ``queries/who-attacks-whom.rq``)."""
    return files(__name__).joinpath(name).read_text(encoding="utf-8")
