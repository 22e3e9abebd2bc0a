"""Refresh BENCHMARKS.md from the results files the benchmarks write.

    .venv/bin/python bench/collect.py            # rewrites the included sections of BENCHMARKS.md
    .venv/bin/python bench/collect.py --check    # exit 1 if BENCHMARKS.md is out of date

BENCHMARKS.md is hand-written around markers ``<!-- include bench/RESULTS-x.md -->`` ...
``<!-- end include -->``; everything between a pair is replaced by that file, its headings moved
one level down so they nest under BENCHMARKS.md's own.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "BENCHMARKS.md"
INCLUDE = re.compile(r"(<!-- include (\S+) -->\n)(.*?)(<!-- end include -->)", re.S)


def demoted(markdown: str) -> str:
    """``markdown`` with every ATX heading one level deeper (``#`` -> ``##``), code blocks untouched."""
    lines, fenced = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        lines.append("#" + line if not fenced and re.match(r"#{1,5} ", line) else line)
    return "\n".join(lines) + "\n"


def collected(text: str, root: Path = ROOT) -> str:
    """``text`` with each include section replaced by the current content of the file it names."""
    def replace(match: re.Match) -> str:
        source = root / match.group(2)
        if not source.is_file():
            raise SystemExit(f"BENCHMARKS.md: include names {match.group(2)}, which does not exist")
        return match.group(1) + demoted(source.read_text(encoding="utf-8")) + match.group(4)
    return INCLUDE.sub(replace, text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that BENCHMARKS.md is up to date")
    args = parser.parse_args()
    text = BENCHMARKS.read_text(encoding="utf-8")
    new = collected(text)
    if args.check:
        if new != text:
            print("BENCHMARKS.md is out of date: run .venv/bin/python bench/collect.py", file=sys.stderr)
            return 1
        return 0
    if new != text:
        tmp = BENCHMARKS.with_suffix(".md.tmp")
        tmp.write_text(new, encoding="utf-8")
        tmp.replace(BENCHMARKS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
