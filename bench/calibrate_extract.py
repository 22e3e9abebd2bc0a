"""Fit the extractor's confidences on PolNeAR train and write argmap/extraction/calibration.json.

Each attribution's confidence becomes the share of attributions on its basis (kind, how the
speaker was found, where reported content stands, kind of verb) that were right on PolNeAR train
(:func:`argmap.extraction.evaluation.fit_confidence`), per scope. Dev is never read here: the
reliability table and ECE on dev are in bench/bench_extract.py.

    .venv/bin/python bench/calibrate_extract.py          # fit, write, print the train reliability
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "polnear" / "data" / "train"


def fitted_calibration(train: Path = TRAIN) -> dict:
    """The calibration document: what it was fitted on, and a confidence per basis per scope."""
    from argmap.extraction.attribution import SCOPES
    from argmap.extraction.evaluation import fit_confidence, gold_documents, labelled_attributions

    pairs = gold_documents(train)
    return {
        "fitted_on": f"PolNeAR train, {len(pairs)} articles (first annotation of each), by bench/calibrate_extract.py",
        "confidence": {scope: fit_confidence(labelled_attributions(pairs, scope)) for scope in SCOPES},
    }


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from argmap.extraction import attribution
    from argmap.extraction.evaluation import format_reliability, gold_documents, labelled_attributions, reliability
    from argmap.io import write_atomic

    if not TRAIN.is_dir():
        sys.exit(f"{TRAIN} is absent: calibration needs ../shared")
    document = fitted_calibration()
    write_atomic(attribution.CALIBRATION_FILE, json.dumps(document, indent=1, sort_keys=True) + "\n")
    attribution.calibration.cache_clear()
    print(f"wrote {attribution.CALIBRATION_FILE.relative_to(ROOT)}")
    for scope in attribution.SCOPES:
        labelled = labelled_attributions(gold_documents(TRAIN), scope)
        print(f"\n### PolNeAR train, scope {scope}\n")
        print(format_reliability(reliability((a.confidence, right) for a, right in labelled)))


if __name__ == "__main__":
    main()
