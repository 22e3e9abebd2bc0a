"""Drafting debates from text: who said what in a news article, and how well we find it.

The extractor is rule-based, pure Python, nothing downloaded, one stage per module:

* :mod:`~argmap.extraction.text` — quotation regions, paragraphs, sentences, words (offsets into the text);
* :mod:`~argmap.extraction.cues` — reporting verbs and the function words around them;
* :mod:`~argmap.extraction.names` — person and organisation names, mentions, descriptions, genders;
* :mod:`~argmap.extraction.speech` — which quotations are speech, their cues and sources, reported speech;
* :mod:`~argmap.extraction.attribution` — linking each quotation to a speaker (:func:`extract_quotes`);
* :mod:`~argmap.extraction.draft` — the draft :class:`~argmap.graph.model.Debate` (:func:`draft_debate`);
* :mod:`~argmap.extraction.evaluation` — scoring extractions against gold annotations.
"""
from __future__ import annotations

from argmap.extraction.attribution import Extraction, extract_quotes
from argmap.extraction.draft import draft_debate

__all__ = ["Extraction", "draft_debate", "extract_quotes"]
