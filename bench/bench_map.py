"""Benchmark: argmap's map against pyvis's default physics on the same generated debate.

    .venv/bin/python bench/bench_map.py [--nodes 10000 1000] [--pyvis-limit 180] [--out bench/RESULTS-map.md]

For each size, a debate is generated (seeded): speakers, claims asserted by one or two of them,
each claim answering an earlier one (supports, attacks, undercuts, rephrases) plus cross-links,
so the who-argues-what view has the requested number of nodes. Measured:

- argmap: building the RDF graph, the analysis (``annotate``, as `argmap map` runs it unless
  ``--no-analysis``; in a subprocess bounded by ``--analysis-limit``), rendering the page without
  it (view, layout, JSON), file size per node; in headless Chromium (Debian chromium), the
  time from navigation to the first full drawing (``data-ready``), and then a zoom redraw, a
  click-select with neighbourhood highlight and a filter, to show the page is interactive.
- pyvis: the same nodes and edges added to a pyvis ``Network`` with its defaults (physics on),
  written with ``cdn_resources="in_line"``; in the same browser, with every request beyond the file
  refused (its template links Bootstrap from a CDN), the time until vis-network reports the
  stabilisation done, bounded by ``--pyvis-limit`` seconds; when unfinished, the fraction of
  stabilisation iterations done by then.
"""
from __future__ import annotations

import argparse
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from argmap.exports.map import render_html  # noqa: E402
from argmap.graph.model import Claim, Debate, Locution, Relation, Source, Speaker  # noqa: E402
from argmap.graph.rdf import debate_to_rdf  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
WORDS = ("film crew studio budget artist tool model image job union strike copyright data story camera "
         "editor effects light sound actor script screen frame shot cost time craft taste voice market").split()


def generated_debate(nodes: int, seed: int = 1) -> Debate:
    """A debate whose who-argues-what view has ``nodes`` nodes (1 speaker per 40 claims)."""
    rng = random.Random(seed)
    n_speakers = max(2, nodes // 41)
    n_claims = nodes - n_speakers
    debate = Debate(id="bench", title=f"Generated debate ({nodes} nodes)", sources=[Source(id="src", title="Generated transcript")])
    debate.speakers = [Speaker(id=f"s{i}", name=f"Speaker {i}") for i in range(n_speakers)]
    types = ["supports"] * 60 + ["attacks"] * 30 + ["undercuts"] * 7 + ["rephrases"] * 3
    for i in range(n_claims):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 18))).capitalize() + f" (claim {i})."
        who = rng.sample(range(n_speakers), 2 if rng.random() < 0.1 else 1)
        debate.claims.append(Claim(id=f"c{i}", text=text, stance=rng.choice(["pro", "con", None]),
                                   locutions=[Locution(speaker=f"s{s}", source="src", quote=text[:60]) for s in who]))
    seen = set()
    for i in range(1, n_claims):
        targets = [rng.randrange(max(0, i - 50), i)] + ([rng.randrange(i)] if rng.random() < 0.15 else [])
        for j in targets:
            kind = rng.choice(types)
            if (i, j, kind) not in seen:
                seen.add((i, j, kind))
                debate.relations.append(Relation(source=f"c{i}", target=f"c{j}", type=kind))
    return debate


def analysis_time(nodes: int, limit: float) -> float | None:
    """Seconds ``annotate`` takes on the generated debate, in a subprocess stopped after ``limit`` s (None)."""
    code = (f"import sys, time; sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {str(ROOT / 'bench')!r});"
            "from bench_map import generated_debate; from argmap.graph.rdf import debate_to_rdf;"
            "from argmap.analysis import annotate;"
            f"g = debate_to_rdf(generated_debate({nodes})); t = time.perf_counter(); annotate(g);"
            "print(time.perf_counter() - t)")
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=limit, check=True)
    except subprocess.TimeoutExpired:
        return None
    return float(done.stdout.strip().splitlines()[-1])


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def argmap_in_browser(browser, path: Path) -> dict:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    start = time.perf_counter()
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=120_000)
    ready = time.perf_counter() - start
    redraw = page.evaluate("""() => new Promise(done => {
        const t0 = performance.now();
        argmap.network.once('afterDrawing', () => done(performance.now() - t0));
        argmap.network.moveTo({scale: argmap.network.getScale() * 3});
    })""")
    select = page.evaluate("""() => { const t0 = performance.now(); argmap.choose(argmap.data.nodes[0].id);
        return new Promise(done => requestAnimationFrame(() => done(performance.now() - t0))); }""")
    filter_ms = page.evaluate("""() => { const t0 = performance.now(); const box = document.querySelector('#filter-stance input[value=con]');
        box.click(); return new Promise(done => requestAnimationFrame(() => done(performance.now() - t0))); }""")
    page.close()
    return {"ready_s": ready, "redraw_ms": redraw, "select_ms": select, "filter_ms": filter_ms, "requests": len(requests)}


def pyvis_in_browser(browser, debate: Debate, folder: Path, limit: float) -> dict:
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    for s in debate.speakers:
        net.add_node(s.id, label=s.name)
    for c in debate.claims:
        net.add_node(c.id, label=c.text[:40], shape="box")
        for loc in c.locutions:
            net.add_edge(loc.speaker, c.id)
    for r in debate.relations:
        net.add_edge(r.source, r.target)
    path = folder / f"pyvis-{len(net.nodes)}.html"
    path.write_text(net.generate_html(), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    refused = []
    page.route(lambda url: not url.startswith("file:"), lambda route: (refused.append(route.request.url), route.abort()))
    page.add_init_script("""Object.defineProperty(window, 'network', {configurable: true,
        get() { return this.__net; },
        set(v) { this.__net = v; window.__progress = 0;
                 v.on('stabilizationProgress', p => { window.__progress = p.iterations / p.total; });
                 v.once('stabilizationIterationsDone', () => { window.__progress = 1; window.__done = performance.now(); }); }});""")
    start = time.perf_counter()
    page.goto(path.resolve().as_uri(), wait_until="commit", timeout=120_000)
    done, progress = None, 0.0
    while time.perf_counter() - start < limit:
        try:
            progress = page.evaluate("window.__progress || 0", )
            if page.evaluate("window.__done !== undefined"):
                done = time.perf_counter() - start
                break
        except Exception:  # the page is busy stabilising; ask again
            pass
        time.sleep(1.0)
    page.close()
    return {"done_s": done, "progress": progress, "size": path.stat().st_size, "refused": len(refused), "nodes": len(net.nodes)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, nargs="+", default=[10_000, 1_000])
    parser.add_argument("--pyvis-limit", type=float, default=180.0, help="seconds to wait for pyvis's physics")
    parser.add_argument("--analysis-limit", type=float, default=120.0, help="seconds to wait for annotate()")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS-map.md")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="argmap-bench-map-"))
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for nodes in args.nodes:
            debate = generated_debate(nodes)
            graph, t_rdf = timed(lambda: debate_to_rdf(debate))
            t_analysis = analysis_time(nodes, args.analysis_limit)
            page, t_render = timed(lambda: render_html(graph))
            path = folder / f"argmap-{nodes}.html"
            path.write_text(page, encoding="utf-8")
            edges = len(debate.relations) + sum(len(c.locutions) for c in debate.claims)
            ours = argmap_in_browser(browser, path)
            theirs = pyvis_in_browser(browser, debate, folder, args.pyvis_limit)
            row = {"nodes": nodes, "edges": edges, "rdf_s": t_rdf, "analysis_s": t_analysis, "render_s": t_render,
                   "size": len(page.encode("utf-8")), **ours, "pyvis": theirs}
            rows.append(row)
            print(row, flush=True)
        browser.close()
    write_results(rows, args)


def write_results(rows: list[dict], args) -> None:
    vis_bytes = (Path(__import__("pyvis").__file__).parent / "templates/lib/vis-9.1.2/vis-network.min.js").stat().st_size
    lines = [
        "# Map benchmark: argmap's page vs pyvis's default physics", "",
        f"Command: `.venv/bin/python bench/bench_map.py --nodes {' '.join(map(str, args.nodes))} --pyvis-limit {args.pyvis_limit:g}"
        f" --analysis-limit {args.analysis_limit:g}`",
        f"Machine: {platform.machine()}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}, "
        "Debian chromium headless (Playwright), 1400 x 900 viewport.", "",
        "Generated debate (seeded): 1 speaker per 40 claims, 10 % of claims asserted by two speakers, each claim "
        "answering one of the 50 claims before it, 15 % with a second, random target. Nodes and edges are those "
        "of the who-argues-what view.", "",
        "| nodes | edges | RDF build | analysis (annotate) | render page | HTML size | bytes / node (beyond vis-network) "
        "| argmap ready in Chromium | zoom redraw | click + highlight | filter | requests | pyvis physics (default) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        theirs = r["pyvis"]
        analysis = f"{r['analysis_s']:.1f} s" if r["analysis_s"] is not None else f"> {args.analysis_limit:g} s (stopped)"
        if theirs["done_s"] is not None:
            pyvis = f"stabilised in {theirs['done_s']:.0f} s"
        else:
            pyvis = f"not stabilised after {args.pyvis_limit:g} s: {theirs['progress']:.0%} of iterations done"
        pyvis += f"; {theirs['refused']} CDN requests refused"
        lines.append(
            f"| {r['nodes']:,} | {r['edges']:,} | {r['rdf_s']:.1f} s | {analysis} | {r['render_s']:.1f} s "
            f"| {r['size'] / 1e6:.1f} MB | {(r['size'] - vis_bytes) / r['nodes']:.0f} B | {r['ready_s']:.2f} s "
            f"| {r['redraw_ms']:.0f} ms | {r['select_ms']:.0f} ms | {r['filter_ms']:.0f} ms | {r['requests']} (the file) | {pyvis} |")
    lines += ["", "argmap's page is ready when its first full drawing is done (`body[data-ready]`): positions are "
              "computed ahead in Python (igraph Fruchterman-Reingold, seeded, then overlap removal) and physics is off. "
              "pyvis's page starts vis-network's default physics (Barnes-Hut, 1,000 stabilisation iterations) in the browser.", ""]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
