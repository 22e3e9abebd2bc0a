"""Make the map screenshots in docs/img/ from the flagship debate (headless Debian chromium).

    .venv/bin/python docs/img/map_screenshots.py

Writes, from the flagship as `argmap map` draws it (analysis on):

- map-who-argues-what.png: the first screen on a 1280 x 720 laptop (debate layout);
- map-side-panel.png: a defeated claim clicked at 1400 x 900 (who said what answers it, why it falls);
- map-speaker-panel.png: a speaker clicked (whom they attack and support, who answers them);
- map-who-answers-whom.png: the who-answers-whom table;
- map-zoomed.png: zoomed in, claims show their whole text;
- map-phone.png: a 390 x 844 phone with a claim open in the bottom sheet;
- map-speakers.png, map-claims.png: the speakers view and the claims view as they open (1400 x 900).
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

CHOOSE = "iri => argmap.choose(argmap.nodes.get({filter: n => n.am.iri.endsWith(iri)})[0].id)"


def settle(page) -> None:
    """Wait until the view stops moving and the page's follow-up drawing is done."""
    last = None
    for _ in range(60):
        page.wait_for_timeout(150)
        now = page.evaluate("[argmap.network.getScale(), argmap.network.getViewPosition()]")
        if now == last:
            break
        last = now
    page.wait_for_timeout(300)


def main() -> None:
    from playwright.sync_api import sync_playwright

    graph = annotate(load([ROOT / "examples" / "hollywood-ai.yaml"]))
    folder = Path(tempfile.mkdtemp(prefix="argmap-shots-"))
    pages = {}
    for view in ("who-argues-what", "speakers", "claims"):
        pages[view] = folder / f"{view}.html"
        pages[view].write_text(render_html(graph, view_name=view), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])

        def open_page(view: str, width: int, height: int, hash_: str = ""):
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(pages[view].as_uri() + hash_)
            page.wait_for_selector("body[data-ready=true]")
            settle(page)
            return page

        page = open_page("who-argues-what", 1280, 720)
        page.screenshot(path=str(HERE / "map-who-argues-what.png"))
        page.close()

        page = open_page("who-argues-what", 1400, 900)
        page.evaluate(CHOOSE, "/claim/cameron-frees-artists")
        settle(page)
        page.screenshot(path=str(HERE / "map-side-panel.png"))
        page.evaluate(CHOOSE, "/speaker/cameron")
        settle(page)
        page.screenshot(path=str(HERE / "map-speaker-panel.png"))
        page.click("#answers-button")
        page.click("#fit")
        settle(page)
        page.screenshot(path=str(HERE / "map-who-answers-whom.png"))
        page.click("#panel-close")
        settle(page)
        page.evaluate(CHOOSE, "/claim/rus-routine-work")
        settle(page)
        page.click("#panel-close")
        page.evaluate("""() => { const id = argmap.nodes.get({filter: n => n.am.iri.endsWith('/claim/rus-routine-work')})[0].id;
            argmap.network.moveTo({position: argmap.network.getPositions([id])[id], scale: 2.4}); argmap.detail(); }""")
        settle(page)
        page.screenshot(path=str(HERE / "map-zoomed.png"))
        page.close()

        page = open_page("who-argues-what", 390, 844, "#hollywood-ai/claim/cameron-frees-artists")
        settle(page)
        page.screenshot(path=str(HERE / "map-phone.png"))
        page.close()

        for view in ("speakers", "claims"):
            page = open_page(view, 1400, 900)
            page.screenshot(path=str(HERE / f"map-{view}.png"))
            page.close()
        browser.close()
    print(f"wrote {', '.join(sorted(p.name for p in HERE.glob('map-*.png')))} in {HERE}")


if __name__ == "__main__":
    main()
