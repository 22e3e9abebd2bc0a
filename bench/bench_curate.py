"""Benchmark: curating the flagship draft in the map page (issue 15, item 6) — how many actions, how long.

    .venv/bin/python bench/bench_curate.py             # one run in headless Chromium (~40 s)
    .venv/bin/python bench/bench_curate.py --runs 3

``draft_map`` drafts ``../shared/corpus/hollywood-ai/article.txt`` with the 5-label protocol of
bench/bench_draft.py; ``argmap.extraction.alignment.curation_plan`` derives from the draft and the
curated ``examples/hollywood-ai.yaml`` what a reader does in the page's curation mode (claims aligned
by their quotes' offsets); tests/curating.py performs it in Debian Chromium through the page's own
keys and clicks, downloads the debate file and checks that it validates, round-trips and matches.
Prints Markdown tables.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from curating import Curator, check_curated, run_plan  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from argmap import load  # noqa: E402
from argmap.exports.map import render_map  # noqa: E402
from argmap.extraction.alignment import curation_plan  # noqa: E402
from argmap.extraction.drafting import DraftOptions, draft_map  # noqa: E402
from argmap.graph.formats.yaml import debate_to_yaml, read_debate_yaml  # noqa: E402

ARTICLE = ROOT.parent / "shared" / "corpus" / "hollywood-ai" / "article.txt"
CURATED = ROOT / "examples" / "hollywood-ai.yaml"
PROTOCOL = DraftOptions(issues=["Is AI good for film making and the people who make films?"],
                        pro=["Rick Carter", "Hal Watmough", "Verena Puhm"], con=["Sam Tung", "Diego Mariscal"])
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


def one_run(page_path: Path, plan, folder: Path) -> tuple[Curator, dict[str, int], float, float]:
    """Opens the page, performs the plan, downloads and checks the file: the curator, the actions counted
    before the download, seconds to open, seconds to curate and download."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
        started = time.perf_counter()
        page.goto(page_path.resolve().as_uri())
        page.wait_for_selector("body[data-ready=true]", timeout=60_000)
        opened = time.perf_counter() - started
        curator = Curator(page)
        started = time.perf_counter()
        run_plan(curator, plan)
        counts = curator.counts()
        check_curated(curator.download(folder), plan)
        curated_in = time.perf_counter() - started
        browser.close()
    assert counts == plan.predicted()
    return curator, counts, opened, curated_in


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    if not ARTICLE.is_file():
        raise SystemExit("../shared is absent: this benchmark needs the flagship article")
    draft = draft_map(ARTICLE.read_text(encoding="utf-8"), "AI in Hollywood", PROTOCOL, path=str(ARTICLE))
    curated, _ = read_debate_yaml(CURATED)
    plan = curation_plan(draft, curated)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "draft.yaml").write_text(debate_to_yaml(draft), encoding="utf-8")
        started = time.perf_counter()
        shown = render_map(load([folder / "draft.yaml"]))
        rendered = time.perf_counter() - started
        shown.save(folder / "draft.html")
        runs = [one_run(folder / "draft.html", plan, folder) for _ in range(args.runs)]
    curator, counts = runs[0][0], runs[0][1]
    keys = curator.keys
    verdicts = Counter(plan.claims.values())
    steps = Counter(" then ".join(s) for s in plan.relations.values())
    reachable_relations = len(curated.relations) - len(plan.unreachable_relations)
    print("### What the draft reaches\n")
    print("| | curated map | reachable from the draft | not reachable |\n|---|---|---|---|")
    print(f"| claims | {len(curated.claims)} | {len(curated.claims) - len(plan.unreachable_claims)} | {len(plan.unreachable_claims)} |")
    print(f"| relations | {len(curated.relations)} | {reachable_relations} | {len(plan.unreachable_relations)} |")
    print(f"\nDraft: {len(draft.claims)} claims, {len(draft.relations)} suggested relations; page rendered in {rendered:.1f} s, "
          f"{len(shown.html) // 1024} KB.\n")
    print("### Actions\n")
    print("| what | how | count |\n|---|---|---|")
    print(f"| start the walk | N | {keys['next']} |")
    for verdict, n in sorted(verdicts.items(), key=lambda kv: -kv[1]):
        print(f"| claim: {verdict} | one key | {n} |")
    print(f"| claim: curated wording | E, type, Enter | {len(plan.wording)} |")
    for step, n in sorted(steps.items(), key=lambda kv: -kv[1]):
        print(f"| suggested relation: {step} | {'two keys' if ' then ' in step else 'one key'} | {n} |")
    print(f"| relation drawn | click, type key, click | {len(plan.draws)} |")
    print(f"| claims merged | click, M, click | {len(plan.merges)} |")
    print(f"\n**{counts['total']} actions**: {counts['keys']} keys, {counts['clicks']} clicks, {counts['edits']} typed texts "
          f"({counts['total'] - 3 * len(plan.wording)} keeping the draft's wording); then D downloads the file.\n")
    print("### Time in the browser (automated, not a person)\n")
    print("| run | open the page | curate and download | per action |\n|---|---|---|---|")
    for i, (_, _, opened, seconds) in enumerate(runs, start=1):
        print(f"| {i} | {opened:.1f} s | {seconds:.1f} s | {1000 * seconds / counts['total']:.0f} ms |")


if __name__ == "__main__":
    main()
