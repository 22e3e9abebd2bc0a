"""Calibrated confidence (issue 16): the fitted table is current, and its numbers mean what they say."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from argmap.extraction import extract_quotes
from argmap.extraction.attribution import CALIBRATION_FILE, SCOPES, Attribution, confidence
from argmap.extraction.evaluation import expected_calibration_error, fit_confidence, reliability

ROOT = Path(__file__).resolve().parents[1]


def test_calibration_covers_every_scope_with_probabilities():
    table = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))["confidence"]
    assert set(table) == set(SCOPES)
    assert all(0 < value < 1 for scope in table.values() for value in scope.values())


def test_confidence_falls_back_from_basis_to_kind_and_how():
    att = Attribution(0, 1, "indirect", None, 0.0, "unresolved", form="precedes unheard-of")
    assert confidence(att, "speech") == json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))["confidence"]["speech"]["indirect unresolved"]


def test_extraction_carries_the_calibrated_confidence():
    [att] = extract_quotes("“Trams are the future,” said Jane Okafor.").attributions
    assert att.basis == "direct cue" and att.confidence == confidence(att, "speech")


def test_perfectly_calibrated_scores_have_no_error():
    labelled = [(Attribution(0, 1, "direct", "x", 0.0, "cue"), i % 4 != 0) for i in range(400)]
    fitted = fit_confidence(labelled)["direct cue"]
    assert expected_calibration_error(reliability((fitted, right) for _, right in labelled)) < 0.01


def test_calibration_file_is_current(shared: Path):
    """The file is what bench/calibrate_extract.py fits on PolNeAR train today."""
    spec = importlib.util.spec_from_file_location("calibrate_extract", ROOT / "bench" / "calibrate_extract.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    train = shared / "data" / "polnear" / "data" / "train"
    if not train.is_dir():
        pytest.skip("PolNeAR train is absent")
    stored = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    assert module.fitted_calibration(train)["confidence"] == stored["confidence"], "re-run bench/calibrate_extract.py"
