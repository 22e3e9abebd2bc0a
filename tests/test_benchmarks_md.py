"""BENCHMARKS.md carries every benchmark's latest results file (bench/collect.py)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("collect", ROOT / "bench" / "collect.py")
collect = importlib.util.module_from_spec(spec)
spec.loader.exec_module(collect)


def test_headings_move_one_level_down_outside_code_blocks():
    text = "# Title\n\n## Part\n```\n# a shell comment\n```\nnot # a heading\n"
    assert collect.demoted(text) == "## Title\n\n### Part\n```\n# a shell comment\n```\nnot # a heading\n"


def test_include_sections_are_replaced_by_the_named_file(tmp_path):
    (tmp_path / "r.md").write_text("# R\n| a |\n", encoding="utf-8")
    text = "intro\n<!-- include r.md -->\nstale\n<!-- end include -->\noutro\n"
    assert collect.collected(text, tmp_path) == "intro\n<!-- include r.md -->\n## R\n| a |\n<!-- end include -->\noutro\n"


def test_benchmarks_md_holds_every_results_file_as_it_is_now():
    text = (ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")
    included = {line.split()[2] for line in text.splitlines() if line.startswith("<!-- include ")}
    assert included == {f"bench/{p.name}" for p in (ROOT / "bench").glob("RESULTS-*.md")}
    assert collect.collected(text) == text, "run .venv/bin/python bench/collect.py"
