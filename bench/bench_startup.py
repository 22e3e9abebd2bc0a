"""How long `argmap --help` takes to start, and what importing the CLI pulls in.

    .venv/bin/python bench/bench_startup.py                    # this checkout
    .venv/bin/python bench/bench_startup.py --root ../old      # another checkout of argmap (e.g. a worktree of an older commit)

Prints Markdown for bench/RESULTS-startup.md: the median wall time of ``python -m argmap --help``
over ``--runs`` runs (a fresh interpreter each time, so nothing is cached in the process), the
cumulative import time of ``argmap.cli`` from ``python -X importtime``, and which heavy libraries
that import loads.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("rdflib", "networkx", "pyvis", "IPython", "pyoxigraph", "scipy", "numpy", "igraph", "yaml")


def _env(root: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(root)}


def help_seconds(root: Path, runs: int) -> float:
    """Median wall time of ``python -m argmap --help`` with ``root`` first on the path."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "argmap", "--help"], env=_env(root), cwd=root, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def import_profile(root: Path) -> tuple[float, list[str]]:
    """Cumulative import time of ``argmap.cli`` (seconds) and the heavy top-level packages it loads."""
    probe = "import argmap.cli, sys; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", probe], env=_env(root), cwd=root, check=True, capture_output=True, text=True)
    cumulative = 0
    for line in done.stderr.splitlines():
        parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
        if len(parts) == 3 and parts[2] == "argmap.cli":
            cumulative = int(parts[1])
    loaded = set(done.stdout.split())
    return cumulative / 1e6, [name for name in HEAVY if name in loaded]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="argmap checkout to measure (default: this one)")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    wall = help_seconds(args.root, args.runs)
    imported, heavy = import_profile(args.root)
    print("| checkout | `argmap --help` median wall | `import argmap.cli` (importtime, cumulative) | heavy packages loaded |")
    print("|---|---|---|---|")
    print(f"| {args.root.name} | {wall * 1000:.0f} ms | {imported * 1000:.0f} ms | {', '.join(heavy) or 'none'} |")


if __name__ == "__main__":
    main()
