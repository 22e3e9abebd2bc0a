"""Driving the map's curation mode in a real browser as a reader does (keys, clicks on the map, typed
wording), counting every action; used by tests/test_curate_browser.py and bench/bench_curate.py."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argmap import load
from argmap.exports.map import CURATE_KEYS
from argmap.extraction.alignment import CurationPlan
from argmap.graph.formats.yaml import debate_to_yaml, read_debate_yaml
from argmap.graph.model import Debate
from argmap.graph.rdf import debate_to_rdf, sorted_ntriples
from argmap.graph.validate import validate


@dataclass
class Curator:
    """Performs curation actions on an open map page and counts them: keys by action, clicks, typed texts."""

    page: Any
    keys: Counter = field(default_factory=Counter)
    clicks: int = 0
    edits: int = 0

    def press(self, action: str) -> None:
        self.page.keyboard.press(CURATE_KEYS[action])
        self.keys[action] += 1

    def click_claim(self, claim_id: str) -> None:
        """A mouse click on the claim's box, once it is brought into the free part of the map (not counted: panning)."""
        self._click("id => { argmap.curate.reveal(id); return argmap.curate.node(id); }", claim_id)

    def click_speaker(self, speaker_id: str) -> None:
        """A mouse click on the speaker's symbol, once it is in the middle of the map (not counted: panning)."""
        self._click("""id => { const node = argmap.curate.speakerNode(id);
            argmap.network.moveTo({ position: argmap.network.getPositions([node])[node], animation: false }); return node; }""", speaker_id)

    def _click(self, bring: str, item: str) -> None:
        x, y = self.page.evaluate(f"""id => {{
            const node = ({bring})(id), p = argmap.network.canvasToDOM(argmap.network.getPositions([node])[node]);
            const box = document.getElementById('network').getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }}""", item)
        self.page.mouse.click(x, y)
        self.clicks += 1
        # as a reader sees the claim picked before pressing the next key: a key pressed within
        # milliseconds of the click could otherwise reach the page before the click is handled
        # (input is handled before the next frame's callbacks)
        self.page.evaluate("() => new Promise(done => requestAnimationFrame(() => done(true)))")

    def edit(self, text: str) -> None:
        """E, the new wording typed into the box, Enter."""
        self.press("edit")
        self.page.fill("#curate-text", text)
        self.edits += 1
        self.page.keyboard.press("Enter")
        self.keys["enter"] += 1

    def current(self) -> dict | None:
        return self.page.evaluate("argmap.curate.current()")

    def download(self, folder: Path) -> Path:
        with self.page.expect_download() as info:
            self.press("download")
        target = folder / info.value.suggested_filename
        info.value.save_as(target)
        return target

    def counts(self) -> dict[str, int]:
        """Actions by kind: every key, every click, every typed text, and their total."""
        total_keys = sum(self.keys.values())
        return {"keys": total_keys, "clicks": self.clicks, "edits": self.edits, "total": total_keys + self.clicks + self.edits}


def run_plan(curator: Curator, plan: CurationPlan, limit: int = 5000) -> None:
    """Carries out ``plan`` through the page: merges (click, M, click), then the walk over every
    suggestion (N, then at each claim its wording and verdict, at each relation its keys), then the
    relations to draw (click, type key, click)."""
    for kept, merged in plan.merges:
        curator.click_claim(kept)
        curator.press("merge")
        curator.click_claim(merged)
    curator.press("next")
    for _ in range(limit):
        item = curator.current()
        if item is None:
            break
        if item["kind"] == "claim":
            if item["id"] in plan.wording:
                curator.edit(plan.wording[item["id"]])
            curator.press(plan.claims[item["id"]])
        else:
            for step in plan.relations[(item["from"], item["type"], item["to"])]:
                curator.press(step)
    else:
        raise AssertionError(f"the walk did not end after {limit} items")
    for source, kind, target in plan.draws:
        curator.click_claim(source)
        curator.press(kind)
        curator.click_claim(target)


def round_trips(path: Path) -> bool:
    """Whether a debate file loads, saves and loads again to the same graph."""
    first, _ = read_debate_yaml(path)
    again = path.with_suffix(".again.yaml")
    again.write_text(debate_to_yaml(first), encoding="utf-8")
    second, _ = read_debate_yaml(again)
    return sorted_ntriples(debate_to_rdf(first)) == sorted_ntriples(debate_to_rdf(second))


def check_curated(path: Path, plan: CurationPlan) -> Debate:
    """The downloaded file, after checking that it validates, round-trips and matches the plan's target."""
    assert validate(load([path])).conforms
    assert round_trips(path)
    debate, _ = read_debate_yaml(path)
    assert {c.id: c.stance for c in debate.claims} == plan.stances
    assert {c.id: c.text for c in debate.claims} == plan.texts
    got = {(r.source, r.type, r.target) for r in debate.relations}
    assert got == plan.expected, (sorted(got - plan.expected), sorted(plan.expected - got))
    assert not [c.id for c in debate.claims if c.suggested] and not [r.id for r in debate.relations if r.suggested]
    return debate
