"""The extractor on hostile text: every pattern runs in linear time, whatever the input (issue 16).

A generous budget (1 s per 100 kB, plus a constant for start-up), not a speed target: those are in
bench/bench_extract_worst.py. Before the patterns were made linear, the one sentence below took
16 s and a long compound word would have taken minutes.
"""
from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.extraction import extract_quotes

BACKTRACKING_SENTENCE = (
    "Turnout fell sharply last year, according to internationally-recognized counterterrorism "
    "researchers, who track such things."
)
SECONDS_PER_100KB = 1.0
SECONDS_FIXED = 0.5

letters = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=12)
long_word = st.integers(1_000, 60_000).map(lambda n: "x" * n)
long_capital_word = st.integers(1_000, 60_000).map(lambda n: "A" + "b" * n)
url = st.lists(letters, min_size=50, max_size=3_000).map(lambda parts: "https://example.org/" + "/".join(parts) + "?q=1&r=2.")
punctuation = st.text(alphabet=",.;:!?—–-“”‘’\"'()[]…", min_size=100, max_size=20_000)
piece = st.one_of(
    letters,
    st.sampled_from([
        "said", "says", "told reporters", "according to", "According to", "he said", "she says",
        "Sen.", "Dr. Ann C. Lee", "White House", "“", "”", '"', "’s", ",", ".", ":", "—", "\n", "that",
    ]),
)
paragraph = st.tuples(st.lists(piece, min_size=1, max_size=60), st.integers(1, 1_500)).map(
    lambda parts_times: " ".join(parts_times[0]) * parts_times[1]
)
hostile = st.lists(st.one_of(long_word, long_capital_word, url, punctuation, paragraph), min_size=1, max_size=4).map(" ".join)


def budget(text: str) -> float:
    return SECONDS_FIXED + SECONDS_PER_100KB * len(text) / 100_000


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile)
def test_any_text_is_extracted_in_linear_time(text: str):
    started = time.process_time()
    extraction = extract_quotes(text)
    elapsed = time.process_time() - started
    assert elapsed <= budget(text), f"{elapsed:.2f} s for {len(text)} characters"
    assert all(0 <= a.start <= a.end <= len(text) for a in extraction.attributions)


def test_the_backtracking_sentence_is_fast():
    started = time.process_time()
    extract_quotes(BACKTRACKING_SENTENCE)
    assert time.process_time() - started <= budget(BACKTRACKING_SENTENCE)


def test_a_long_word_after_according_to():
    text = "Prices rose, according to " + "x" * 200_000 + "."
    started = time.process_time()
    extract_quotes(text)
    assert time.process_time() - started <= budget(text)


def test_according_to_with_a_relative_clause_is_attributed():
    extraction = extract_quotes(BACKTRACKING_SENTENCE)
    [att] = extraction.attributions
    assert BACKTRACKING_SENTENCE[att.start : att.end] == "Turnout fell sharply last year"
    assert extraction.entities[att.speaker].name == "internationally-recognized counterterrorism researchers"
