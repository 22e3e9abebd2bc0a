"""Benchmark: the map of a whole corpus in one store (issue 14), from the terminal to the browser.

    .venv/bin/python bench/bench_corpus.py STORE [--html OUT.html] [--skip-map] [--baseline PYTHONPATH]

Measured, with the load average of the machine before and after (it is shared):

- ``argmap map STORE -o OUT.html`` in a subprocess under GNU time: wall time, CPU time (user +
  system) and peak resident memory, and what it printed.
- In headless Chromium (Debian chromium, Playwright, 1400 x 900): time from navigation to the first
  full drawing (``body[data-ready]``) and what that first screen draws; frames per second while
  panning and while zooming (vis-network ``afterDrawing`` events counted during a 1.5 s animated
  ``moveTo``), on the overview and again with 20 debates opened; a click on a claim until the side
  panel shows it (real mouse click, measured in the page from the ``mousedown``); search for the
  text of claims drawn at random from the whole corpus + opening the first result (its debate
  opened, the claim selected, the panel filled, the next frame drawn), each measured in the page.
- ``--baseline PYTHONPATH``: also ``argmap map`` with another checkout of argmap (e.g. main before
  this change), bounded by ``--baseline-limit`` seconds.
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def load() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def run_map(store: str, html: Path, checkout: str, limit: float | None = None) -> dict:
    """``argmap map STORE -o html`` with the argmap of ``checkout`` (run from there, so that ``-m argmap``
    finds it first), under GNU time: wall and CPU time (user + system) and peak resident memory."""
    env = {**os.environ, "PYTHONPATH": checkout}
    command = ["/usr/bin/time", "-f", "TIME %e %U %S %M", sys.executable, "-m", "argmap", "map", store, "-o", str(html)]
    try:
        done = subprocess.run(command, env=env, cwd=checkout, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return {"wall": limit, "cpu": None, "rss_mb": None, "output": f"not finished after {limit:.0f} s", "finished": False}
    lines = done.stderr.strip().splitlines()
    wall, user, system, rss = lines[-1].split()[1:]
    return {"wall": float(wall), "cpu": float(user) + float(system), "rss_mb": int(rss) / 1024,
            "output": "\n".join(lines[:-1]), "finished": done.returncode == 0}


FPS = """async (move) => {
  const net = window.argmap.network; let frames = 0;
  const count = () => { frames += 1; };
  net.on("afterDrawing", count);
  const start = performance.now();
  const p = net.getViewPosition(), s = net.getScale();
  net.moveTo({ position: { x: p.x + move.dx / s, y: p.y + move.dy / s }, scale: s * move.zoom,
               animation: { duration: 1500, easingFunction: "linear" } });
  await new Promise(r => setTimeout(r, 1600));
  net.off("afterDrawing", count);
  return frames / ((performance.now() - start) / 1000);
}"""

SEARCH = """async (text) => {
  const box = document.getElementById("search");
  const t0 = performance.now();
  box.value = text; box.dispatchEvent(new Event("input"));
  const first = document.querySelector("#search-results button");
  if (!first) { return null; }
  const id = first.getAttribute("data-node");
  first.click();
  await new Promise(r => window.argmap.network.once("afterDrawing", r));
  const ok = !document.getElementById("panel").hidden && window.argmap.network.getSelectedNodes()[0] === id;
  return ok ? performance.now() - t0 : null;
}"""


def browse(html: Path, seed: int = 3) -> dict:
    """What the page does in headless Chromium (see the module's docstring)."""
    from playwright.sync_api import sync_playwright

    result: dict = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(html.as_uri())
        page.wait_for_selector("body[data-ready]", timeout=600_000)
        result["ready_s"] = page.evaluate("window.argmap.readyAt") / 1000
        result["first_screen"] = page.evaluate("""() => { const a = window.argmap, o = a.data.overview;
            return { drawn_nodes: a.nodes.length, drawn_edges: a.edges.length, all_nodes: a.data.nodes.length,
                     debates: o ? o.debates.length : 0, people: o ? o.people : null,
                     title_chars: document.querySelector("h1").textContent.length, title: document.querySelector("h1").textContent.slice(0, 80) }; }""")
        page.screenshot(path=str(html.with_suffix(".overview.png")))
        result["fps_overview"] = {"pan": page.evaluate(FPS, {"dx": 600, "dy": 0, "zoom": 1}),
                                  "zoom": page.evaluate(FPS, {"dx": 0, "dy": 0, "zoom": 3})}
        if not page.evaluate("() => !!window.argmap.data.overview"):  # a page without the corpus overview (the baseline)
            result["errors"] = errors
            browser.close()
            return result
        page.evaluate("""() => { const a = window.argmap; a.data.overview.debates.slice(0, 20).forEach(d => a.open(d.id));
                                 a.network.fit({ nodes: a.data.overview.debates[0].members }); }""")
        page.wait_for_timeout(500)
        result["fps_opened"] = {"pan": page.evaluate(FPS, {"dx": 400, "dy": 0, "zoom": 1}),
                                "zoom": page.evaluate(FPS, {"dx": 0, "dy": 0, "zoom": 0.4})}
        page.evaluate("() => window.argmap.network.fit({ nodes: window.argmap.data.overview.debates[0].members })")
        page.wait_for_timeout(500)
        # A claim in view, left of the side panel, that is the node under its own centre.
        target = page.evaluate("""() => { const a = window.argmap, r = document.getElementById("network").getBoundingClientRect();
            const right = document.getElementById("panel").hidden ? r.right : document.getElementById("panel").getBoundingClientRect().left;
            for (const id of a.data.overview.debates[0].members) {
              if (a.nodes.get(id).am.kind !== "claim") { continue; }
              const p = a.network.canvasToDOM(a.network.getPositions([id])[id]);
              if (r.left + p.x > r.left + 20 && r.left + p.x < right - 20 && p.y > 20 && p.y < r.height - 20 && a.network.getNodeAt(p) === id) {
                return { id: id, x: r.left + p.x, y: r.top + p.y };
              }
            }
            return null; }""")
        page.evaluate("""() => { window.__down = 0; document.getElementById("network").addEventListener("mousedown", () => { window.__down = performance.now(); }, true);
            new MutationObserver(() => { if (window.__down && !window.__panel) { window.__panel = performance.now(); } })
              .observe(document.getElementById("panel-body"), { childList: true }); window.__panel = 0; }""")
        page.mouse.click(target["x"], target["y"])
        page.wait_for_function("() => window.__panel > 0", timeout=10_000)
        result["click_panel_ms"] = page.evaluate("window.__panel - window.__down")
        texts = page.evaluate("() => window.argmap.data.nodes.filter(n => n.am.kind === 'claim').map(n => n.am.text)")
        rng = random.Random(seed)
        searches = [page.evaluate(SEARCH, text[:60]) for text in rng.sample([t for t in texts if len(t) > 25], 10)]
        found = [t for t in searches if t is not None]
        result["search_open_ms"] = {"n": len(searches), "opened": len(found), "median": sorted(found)[len(found) // 2] if found else None,
                                    "max": max(found) if found else None}
        page.screenshot(path=str(html.with_suffix(".search.png")))
        result["errors"] = errors
        browser.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--html", type=Path, default=Path("/tmp/bench-corpus.html"))
    parser.add_argument("--skip-map", action="store_true", help="measure an existing page only")
    parser.add_argument("--baseline", help="PYTHONPATH of another argmap checkout to time `argmap map` with too")
    parser.add_argument("--baseline-limit", type=float, default=600.0)
    args = parser.parse_args()
    print(f"load average before: {load()}", flush=True)
    if not args.skip_map:
        made = run_map(args.store, args.html, str(ROOT))
        print(f"argmap map: {made['wall']:.1f} s wall, {made['cpu']:.1f} s CPU, {made['rss_mb']:.0f} MB peak; "
              f"{args.html.stat().st_size / 1e6:.1f} MB of HTML\n{made['output']}", flush=True)
        print(f"load average: {load()}", flush=True)
    if args.baseline:
        base = run_map(args.store, args.html.with_suffix(".baseline.html"), args.baseline, args.baseline_limit)
        if base["finished"]:
            print(f"baseline argmap map: {base['wall']:.1f} s wall, {base['cpu']:.1f} s CPU, {base['rss_mb']:.0f} MB peak", flush=True)
        else:
            print(f"baseline argmap map: {base['output']}", flush=True)
        print(f"load average: {load()}", flush=True)
    seen = browse(args.html)
    for key, value in seen.items():
        print(f"{key}: {value}")
    if args.baseline and base["finished"]:
        print(f"load average: {load()}", flush=True)
        for key, value in browse(args.html.with_suffix(".baseline.html")).items():
            print(f"baseline {key}: {value}")
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
