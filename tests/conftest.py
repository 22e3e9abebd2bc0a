"""Shared test fixtures: paths to the project's fixtures and to ../shared, and a headless browser."""
from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
ARTICLE = SHARED / "corpus" / "hollywood-ai" / "article.txt"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture
def mini() -> Path:
    return FIXTURES / "mini.yaml"


@pytest.fixture
def flagship() -> Path:
    return EXAMPLES / "hollywood-ai.yaml"


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent: real-corpus tests need it (see shared/README.md)")
    return SHARED


@pytest.fixture
def article(shared: Path) -> str:
    if not ARTICLE.is_file():
        pytest.skip(f"{ARTICLE} is absent")
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (installed by `make test`)."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian chromium is not installed (make test installs it with apt-get where it can)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors, page errors, dialogs and every network request."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.errors, pg.requests, pg.dialogs = [], [], []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()


def open_map(page, path: Path) -> None:
    """Open a map file and wait until its layout has settled."""
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store on disk holding the flagship and the small town debate (one per test module: a
    module may change it)."""
    from argmap.store import ingest, open_store

    path = tmp_path_factory.mktemp("kg") / "kg"
    with open_store(path) as store:
        ingest(store, [EXAMPLES / "hollywood-ai.yaml", FIXTURES / "mini.yaml"])
    return path


class _RefusingEngine:
    """Stands in for a store's engine: asking it fails the test."""

    def query(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("the engine was asked")


@contextlib.contextmanager
def engine_refused(store) -> Iterator[None]:
    """Within, ``store`` (an OxigraphStore) answers only from its kept or saved answers: a query
    its engine would have to compute raises AssertionError."""
    engine, store._store = store._store, _RefusingEngine()
    try:
        yield
    finally:
        store._store = engine
