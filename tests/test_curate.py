"""The curation mode's Python side (issue 15, item 6): when a page gets it, what it carries, the documented keys."""
from __future__ import annotations

import json
import re

import pytest
from conftest import FIXTURES, ROOT

from argmap import load
from argmap.errors import ArgmapError
from argmap.exports.map import CURATE_KEYS, render_map
from argmap.graph.formats.yaml import FIELDS, debate_document, read_debate_yaml

DRAFTED = FIXTURES / "drafted.yaml"


def page_part(html: str, element: str) -> dict | None:
    found = re.search(rf'<script type="application/json" id="{element}">(.*?)</script>', html, re.S)
    return json.loads(found.group(1)) if found else None


def test_a_draft_opens_in_the_curation_mode_with_its_own_debate_file() -> None:
    html = render_map(load([DRAFTED])).html
    curate, data = page_part(html, "argmap-curate"), page_part(html, "argmap-data")
    debate, _ = read_debate_yaml(DRAFTED)
    assert curate is not None and data is not None
    assert curate["document"] == json.loads(json.dumps(debate_document(debate), default=str))
    assert curate["fields"] == {kind: list(fields) for kind, fields in FIELDS.items()} and curate["keys"] == CURATE_KEYS
    edges = {e["id"]: e for e in data["edges"]}
    for relation, edge in zip(debate.relations, curate["relationEdges"]):
        assert edges[edge]["relation"] == relation.type
        assert edges[edge]["am"]["suggested"]["confidence"] == relation.suggested.confidence
    nodes = {n["id"]: n for n in data["nodes"]}
    for claim in debate.claims:
        node = nodes[curate["claimNodes"][claim.id]]
        assert node["am"]["text"] == claim.text
        assert node["group"] == f"claim-{claim.stance or 'neutral'}" + ("-suggested" if claim.suggested else "")
        assert (node["am"].get("suggested") or {}).get("method") == (claim.suggested.method if claim.suggested else None)


def test_when_a_page_gets_the_curation_mode(mini, store_dir) -> None:
    from argmap.store import open_store

    assert page_part(render_map(load([mini])).html, "argmap-curate") is None  # no suggestions: off unless asked
    assert page_part(render_map(load([mini]), curate=True).html, "argmap-curate")["document"]["id"] == "mini"
    assert page_part(render_map(load([DRAFTED]), curate=False).html, "argmap-curate") is None
    with pytest.raises(ArgmapError, match="one debate"):
        render_map(load([DRAFTED]), view="speakers", curate=True)
    with pytest.raises(ArgmapError, match="one debate"):
        render_map(load([DRAFTED, mini]), curate=True)
    with open_store(store_dir) as store, pytest.raises(ArgmapError, match="not a store"):
        render_map(store, curate=True)


def test_the_documented_keys_are_the_pages() -> None:
    """docs/draft.md's table of keys says what argmap.exports.map.CURATE_KEYS gives the page."""
    text = (ROOT / "docs" / "draft.md").read_text(encoding="utf-8")
    documented = {action: key.lower() for key, action in re.findall(r"^\| `(.)` \| ([a-z-]+) \|", text, re.M)}
    assert documented == CURATE_KEYS
