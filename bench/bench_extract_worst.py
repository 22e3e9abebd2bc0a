"""Benchmark: the extractor's worst cases — hostile inputs of up to 1 MB, seconds per 100 kB.

Each input repeats one hostile pattern (a long word, a URL, deep punctuation, thousands of
quotations or cues in one paragraph, ...) up to the given sizes; the target (issue 16) is at most
1 s per 100 kB for any input of up to 1 MB, and the sentence that used to backtrack for 16 s in
under 10 ms.

    .venv/bin/python bench/bench_extract_worst.py              # 100 kB and 1 MB, scope speech
    .venv/bin/python bench/bench_extract_worst.py --scope attribution
    .venv/bin/python bench/bench_extract_worst.py --sizes 10000 100000
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BACKTRACKING_SENTENCE = (
    "Turnout fell sharply last year, according to internationally-recognized counterterrorism "
    "researchers, who track such things."
)
PATTERNS = {
    "one long word": "x",
    "one long capitalised word": "A",
    "capitalised words": "Ab ",
    "URL path": "a/b-c.d_e?f=g&",
    "hyphenated word": "a-",
    "initials (a.a.a.)": "a.",
    "deep punctuation": ",;:!?—“”\"'()",
    "straight quotations": "\"a\" ",
    "curly quotations with cues": "“He said,” she said. ",
    "according to, no comma": "according to Ab Cd Ef Gh Ij ",
    "reporting verbs, one sentence": "Ann Lee said that the tax rose, he says, ",
    "news paragraph, repeated": (
        "Ann Lee, a city planner, said the goal is to halve car traffic by 2030, according to "
        "officials. “We will,” she said. "
    ),
    "possessives": "A’s ",
}


def hostile(pattern: str, size: int) -> str:
    """``pattern`` repeated to ``size`` characters (one paragraph: no line breaks)."""
    return (pattern * (size // len(pattern) + 1))[:size]


def seconds(text: str, scope: str = "speech") -> float:
    """CPU seconds of one extraction in ``scope`` (best of 3 for short texts)."""
    from argmap.extraction import extract_quotes

    best = float("inf")
    for _ in range(3 if len(text) < 200_000 else 1):
        started = time.process_time()
        extract_quotes(text, scope)
        best = min(best, time.process_time() - started)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000], help="Input sizes in characters")
    parser.add_argument("--scope", default="speech", choices=["speech", "attribution"], help="What to extract (see extract_quotes)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    print(f"Scope {args.scope}. The sentence that used to backtrack for 16 s: {seconds(BACKTRACKING_SENTENCE, args.scope) * 1000:.2f} ms\n")
    head = " | ".join(f"{size // 1000} kB: s (s/100 kB)" for size in args.sizes)
    print(f"| input | {head} |")
    print("|---|" + "---|" * len(args.sizes))
    worst = 0.0
    for name, pattern in PATTERNS.items():
        cells = []
        for size in args.sizes:
            elapsed = seconds(hostile(pattern, size), args.scope)
            rate = elapsed / (size / 100_000)
            worst = max(worst, rate)
            cells.append(f"{elapsed:.2f} ({rate:.2f})")
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)
    print(f"\nWorst: {worst:.2f} s per 100 kB (target ≤ 1)")


if __name__ == "__main__":
    main()
