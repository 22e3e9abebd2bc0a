"""Benchmark: the map of a whole corpus in one store (issue 14), from the terminal to the browser,
side by side with the previous page (git main) and with pyvis's defaults, in the same run.

    .venv/bin/python bench/bench_corpus.py STORE            # a store made by `argmap ingest`
    .venv/bin/python bench/bench_corpus.py --sample 200     # every n-th QT30 file, ingested first

Options: ``--baseline REF`` (a git ref or a checkout's path; default ``main``, ``--baseline ''`` for
none), ``--no-pyvis``, ``--pyvis-limit S`` (seconds the pyvis page gets to draw), ``--skip-map``
(measure the pages an earlier run wrote at ``--html``), ``--cpu-slowdown N`` (Chromium's CPU throttling, to see the
page as on a loaded machine), ``--html OUT.html`` (where the pages and screenshots go).

Every figure is printed with the machine's load average (1, 5, 15 minutes) when it was taken (the
machine is shared). Measured:

- ``argmap map STORE -o OUT.html`` in a subprocess under GNU time: wall time, CPU time (user +
  system) and peak resident memory, and what it printed; the same with the baseline checkout.
- In headless Chromium (Debian chromium, Playwright, 1400 x 900): time from navigation to the first
  full drawing (``body[data-ready]``) and what that first screen draws (labels at least how many px);
  frames per second while panning and while zooming (vis-network ``afterDrawing`` events counted during
  a 1.5 s animated ``moveTo``), on the overview and again with 20 debates opened; a click on a claim
  until the side panel shows it (real mouse click, measured in the page from the ``mousedown``);
  search for the text of claims drawn at random from the whole corpus + opening the first result
  (its debate opened, the claim selected, the panel filled, the next frame drawn), each measured in
  the page, with its parts (typing to results, opening and selecting, the next frame).
- pyvis's defaults: the same view (nodes, labels, edges) as a plain ``pyvis.network.Network``
  (``directed=True``, default options: physics on, barnes-Hut, stabilisation before the first drawing)
  built by ``add_node``/``add_edge`` and written by ``write_html`` (vis-network inlined, as there is no
  network here); time to build, then in Chromium time to the first drawing (bounded by
  ``--pyvis-limit``), frames per second, and a click until the node is drawn selected (pyvis has no panel).
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
QT30 = ROOT.parent / "shared" / "data" / "aif-qt30" / "knowcomp" / "data"


def load() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def say(what: str, value: object) -> None:
    """One figure, with the load average when it was taken."""
    print(f"{what}: {value}   [{load()}]", flush=True)


def sample_store(corpus: Path, n: int) -> str:
    """Every n-th QT30 map (``n`` of them) ingested into a fresh store under /tmp (as the test does)."""
    sys.path.insert(0, str(ROOT))
    from argmap.store import ingest, open_store

    files = sorted(corpus.glob("*/*/*.json"))
    files = files[:: max(1, len(files) // n)][:n]
    path = Path(tempfile.gettempdir()) / f"bench-corpus-sample-{n}"
    shutil.rmtree(path, ignore_errors=True)
    with open_store(path) as store:
        ingest(store, files)
    return str(path)


def checkout(ref: str) -> str:
    """A directory holding argmap at ``ref``: the path itself, or ``git archive`` of the ref under /tmp."""
    if Path(ref).is_dir():
        return ref
    sha = subprocess.run(["git", "rev-parse", "--short", ref], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    folder = Path(tempfile.gettempdir()) / f"argmap-{sha}"
    if not (folder / "argmap").is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", "--format=tar", sha], cwd=ROOT, capture_output=True, check=True).stdout
        with tempfile.TemporaryFile() as tar:
            tar.write(archive)
            tar.seek(0)
            tarfile.open(fileobj=tar).extractall(folder)
    return str(folder)


def run_map(store: str, html: Path, code: str, limit: float | None = None) -> dict:
    """``argmap map STORE -o html`` with the argmap of ``code`` (run from there, so that ``-m argmap``
    finds it first), under GNU time: wall and CPU time (user + system) and peak resident memory."""
    env = {**os.environ, "PYTHONPATH": code}
    command = ["/usr/bin/time", "-f", "TIME %e %U %S %M", sys.executable, "-m", "argmap", "map", store, "-o", str(html)]
    try:
        done = subprocess.run(command, env=env, cwd=code, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return {"finished": False, "text": f"not finished after {limit:.0f} s"}
    lines = done.stderr.strip().splitlines()
    wall, user, system, rss = lines[-1].split()[1:]
    text = f"{float(wall):.1f} s wall, {float(user) + float(system):.1f} s CPU, {int(rss) / 1024:.0f} MB peak"
    if done.returncode == 0:
        text += f"; {html.stat().st_size / 1e6:.1f} MB of HTML"
    return {"finished": done.returncode == 0, "text": text, "output": "\n".join(lines[:-1])}


def pyvis_page(store: str, html: Path) -> str:
    """The who-argues-what view of the store as a plain pyvis Network with its default options."""
    sys.path.insert(0, str(ROOT))
    from pyvis.network import Network

    from argmap.exports.views import view
    from argmap.store import open_store

    with open_store(store, read_only=True) as source:
        graph = view(source)
    start = time.perf_counter()
    net = Network(height="900px", directed=True, cdn_resources="in_line")
    for node, data in graph.nodes(data=True):
        text = data.get("text") or data.get("name") or str(node)
        net.add_node(str(node), label=text[:40], title=text)
    for u, v, data in graph.edges(data=True):
        net.add_edge(str(u), str(v), title=data.get("relation", ""))
    net.write_html(str(html))
    return (f"{graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges built and written in "
            f"{time.perf_counter() - start:.1f} s; {html.stat().st_size / 1e6:.1f} MB of HTML")


FPS = """async (move) => {
  const net = window.argmap ? window.argmap.network : window.network; let frames = 0;
  const count = () => { frames += 1; };
  net.on("afterDrawing", count);
  const start = performance.now();
  const p = net.getViewPosition(), s = net.getScale();
  net.moveTo({ position: { x: p.x + move.dx / s, y: p.y + move.dy / s }, scale: s * move.zoom,
               animation: { duration: 1500, easingFunction: "linear" } });
  await new Promise(r => setTimeout(r, 1600));
  net.off("afterDrawing", count);
  return Math.round(frames / ((performance.now() - start) / 1000));
}"""

SEARCH = """async (text) => {
  const box = document.getElementById("search"), net = window.argmap.network;
  const t0 = performance.now();
  box.value = text; box.dispatchEvent(new Event("input"));
  const first = document.querySelector("#search-results button");
  if (!first) { return null; }
  const t1 = performance.now(), id = first.getAttribute("data-node");
  first.click();
  const t2 = performance.now();
  await new Promise(r => net.once("afterDrawing", r));
  const t3 = performance.now();
  const ok = !document.getElementById("panel").hidden && net.getSelectedNodes()[0] === id;
  return ok ? { total: t3 - t0, results: t1 - t0, open: t2 - t1, frame: t3 - t2 } : null;
}"""


def spread(values: list[float]) -> str:
    values = sorted(values)
    return f"median {values[len(values) // 2]:.0f} ms, max {values[-1]:.0f} ms" if values else "none"


def new_page(browser, slowdown: float):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("http*://**", lambda route: route.abort())  # nothing from the network (pyvis's page asks for CDN styles)
    if slowdown > 1:
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    return page


def browse_argmap(browser, html: Path, name: str, slowdown: float = 1, seed: int = 3) -> None:
    """What an argmap page does in headless Chromium (see the module's docstring)."""
    page = new_page(browser, slowdown)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(html.as_uri())
    page.wait_for_selector("body[data-ready]", timeout=600_000)
    say(f"{name} ready (first screen drawn)", f"{page.evaluate('window.argmap.readyAt') / 1000:.2f} s")
    say(f"{name} first screen", page.evaluate("""() => { const a = window.argmap, o = a.data.overview, l = a.labels ? a.labels() : [];
        return { drawn_nodes: a.nodes.length, drawn_edges: a.edges.length, all_nodes: a.data.nodes.length,
                 debates: o ? o.debates.length : 0, labels: l.length, smallest_label_px: l.length ? Math.min(...l.map(x => x.px)) : null,
                 title: document.querySelector("h1").textContent.slice(0, 60) }; }"""))
    page.screenshot(path=str(html.with_suffix(".overview.png")))
    say(f"{name} fps overview, pan / zoom", f"{page.evaluate(FPS, {'dx': 600, 'dy': 0, 'zoom': 1})} / {page.evaluate(FPS, {'dx': 0, 'dy': 0, 'zoom': 3})}")
    if not page.evaluate("() => !!window.argmap.data.overview"):  # a page without the corpus overview
        say(f"{name} errors", errors)
        page.close()
        return
    page.evaluate("""() => { const a = window.argmap; a.data.overview.debates.slice(0, 20).forEach(d => a.open(d.id));
                             a.network.fit({ nodes: a.data.overview.debates[0].members }); }""")
    page.wait_for_timeout(500)
    say(f"{name} fps 20 debates open, pan / zoom",
        f"{page.evaluate(FPS, {'dx': 400, 'dy': 0, 'zoom': 1})} / {page.evaluate(FPS, {'dx': 0, 'dy': 0, 'zoom': 0.4})}")
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
    say(f"{name} click -> panel", f"{page.evaluate('window.__panel - window.__down'):.0f} ms")
    texts = page.evaluate("() => window.argmap.data.nodes.filter(n => n.am.kind === 'claim').map(n => n.am.text)")
    rng = random.Random(seed)
    found = [t for t in (page.evaluate(SEARCH, text[:60]) for text in rng.sample([t for t in texts if len(t) > 25], 10)) if t]
    say(f"{name} search + open a claim ({len(found)} of 10 opened)",
        f"{spread([t['total'] for t in found])}; typing to results {spread([t['results'] for t in found])}, "
        f"opening {spread([t['open'] for t in found])}, next frame {spread([t['frame'] for t in found])}")
    page.screenshot(path=str(html.with_suffix(".search.png")))
    say(f"{name} errors", errors)
    page.close()


def browse_pyvis(browser, html: Path, limit: float, slowdown: float = 1) -> None:
    """What pyvis's default page does: time to its first drawing (after stabilisation), fps, a click."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = new_page(browser, slowdown)
    page.add_init_script("""window.__t0 = performance.now(); document.addEventListener("DOMContentLoaded", () => {
        const wait = setInterval(() => { if (window.network) { clearInterval(wait);
          window.network.once("afterDrawing", () => { window.__drawn = performance.now(); }); } }, 5); });""")
    page.goto(html.as_uri(), wait_until="commit")
    try:
        page.wait_for_function("() => window.__drawn > 0", timeout=limit * 1000, polling=500)
    except PlaywrightTimeout:  # the page is busy stabilising: nothing more can be asked of it
        say("pyvis defaults first drawing", f"not drawn within {limit:.0f} s (vis-network still stabilising its physics)")
        page.context.close()
        return
    say("pyvis defaults first drawing (after stabilisation)", f"{page.evaluate('window.__drawn') / 1000:.2f} s")
    page.screenshot(path=str(html.with_suffix(".overview.png")))
    say("pyvis defaults fps, pan / zoom", f"{page.evaluate(FPS, {'dx': 600, 'dy': 0, 'zoom': 1})} / {page.evaluate(FPS, {'dx': 0, 'dy': 0, 'zoom': 3})}")
    point = page.evaluate("""() => { const n = window.network, ids = n.body.nodeIndices, r = document.getElementById("mynetwork").getBoundingClientRect();
        for (const id of ids) { const p = n.canvasToDOM(n.getPositions([id])[id]);
          if (p.x > 20 && p.y > 20 && p.x < r.width - 20 && p.y < r.height - 20 && n.getNodeAt(p) === id) { return { x: r.left + p.x, y: r.top + p.y }; } }
        return null; }""")
    if point:
        page.evaluate("""() => { window.__down = 0; window.__sel = 0; document.getElementById("mynetwork").addEventListener("mousedown", () => { window.__down = performance.now(); }, true);
            window.network.on("selectNode", () => window.network.once("afterDrawing", () => { window.__sel = performance.now(); })); }""")
        page.mouse.click(point["x"], point["y"])
        page.wait_for_function("() => window.__sel > 0", timeout=30_000)
        say("pyvis defaults click -> node drawn selected (no panel)", f"{page.evaluate('window.__sel - window.__down'):.0f} ms")
    page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", nargs="?", help="a store made by `argmap ingest` (or use --sample)")
    parser.add_argument("--sample", type=int, help="ingest every n-th QT30 file, this many, into a fresh store and measure that")
    parser.add_argument("--corpus", type=Path, default=QT30, help="QT30's data folder (for --sample)")
    parser.add_argument("--html", type=Path, default=Path(tempfile.gettempdir()) / "bench-corpus.html")
    parser.add_argument("--skip-map", action="store_true", help="measure the existing --html pages (this branch's and the baseline's)")
    parser.add_argument("--baseline", default="main", help="git ref or checkout path of the previous argmap ('' for none)")
    parser.add_argument("--baseline-limit", type=float, default=900.0)
    parser.add_argument("--no-pyvis", action="store_true")
    parser.add_argument("--pyvis-limit", type=float, default=180.0, help="seconds the pyvis page gets to draw")
    parser.add_argument("--cpu-slowdown", type=float, default=1.0, help="Chromium CPU throttling rate (1 = none)")
    args = parser.parse_args()
    if not args.store and not args.sample:
        parser.error("give a STORE or --sample N")
    print(f"machine: {os.cpu_count()} cores; started {time.strftime('%Y-%m-%d %H:%M:%S')}", flush=True)
    store = sample_store(args.corpus, args.sample) if args.sample else args.store
    if args.sample:
        say(f"sample store ({args.sample} QT30 files)", store)
    pages = {"this branch": args.html}
    if not args.skip_map:
        made = run_map(store, args.html, str(ROOT))
        say("this branch: argmap map", made["text"])
        print(made.get("output", ""), flush=True)
    if args.baseline:
        code = checkout(args.baseline)
        pages[f"baseline {args.baseline}"] = args.html.with_suffix(".baseline.html")
        if not (args.skip_map and pages[f"baseline {args.baseline}"].exists()):
            base = run_map(store, pages[f"baseline {args.baseline}"], code, args.baseline_limit)
            say(f"baseline {args.baseline} ({code}): argmap map", base["text"])
            if not base["finished"]:
                del pages[f"baseline {args.baseline}"]
    if not args.no_pyvis:
        pages["pyvis"] = args.html.with_suffix(".pyvis.html")
        if not (args.skip_map and pages["pyvis"].exists()):
            say("pyvis defaults page", pyvis_page(store, pages["pyvis"]))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, html in pages.items():
            if name == "pyvis":
                browse_pyvis(browser, html, args.pyvis_limit, args.cpu_slowdown)
            else:
                browse_argmap(browser, html, name, args.cpu_slowdown)
        browser.close()
    print(f"done {time.strftime('%H:%M:%S')}   [{load()}]")


if __name__ == "__main__":
    main()
