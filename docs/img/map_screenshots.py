"""Make the map screenshots in docs/img/ from the flagship debate (headless Debian chromium).

    .venv/bin/python docs/img/map_screenshots.py

Writes map-who-argues-what.png, map-speakers.png, map-claims.png (whole map, as it opens) and
map-side-panel.png (a claim clicked: neighbourhood highlighted, side panel open).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from argmap import load  # noqa: E402
from argmap.analysis import annotate  # noqa: E402
from argmap.exports.map import render_html  # noqa: E402


def main() -> None:
    from playwright.sync_api import sync_playwright

    graph = annotate(load([ROOT / "examples" / "hollywood-ai.yaml"]))
    folder = Path(tempfile.mkdtemp(prefix="argmap-shots-"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        for view in ("who-argues-what", "speakers", "claims"):
            path = folder / f"{view}.html"
            path.write_text(render_html(graph, view_name=view), encoding="utf-8")
            page.goto(path.as_uri())
            page.wait_for_selector("body[data-ready=true]")
            page.screenshot(path=str(HERE / f"map-{view}.png"))
            if view == "who-argues-what":
                page.evaluate("""() => { const n = argmap.nodes.get({filter: n => n.am.iri.endsWith('/claim/cameron-frees-artists')})[0];
                    argmap.choose(n.id); }""")
                page.wait_for_timeout(600)
                page.screenshot(path=str(HERE / "map-side-panel.png"))
        browser.close()
    print(f"wrote {', '.join(sorted(p.name for p in HERE.glob('map-*.png')))} in {HERE}")


if __name__ == "__main__":
    main()
