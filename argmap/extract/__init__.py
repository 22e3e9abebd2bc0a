"""Drafting debates from text: who said what in a news article, and how well we find it.

:func:`draft_debate` turns an article into a draft :class:`~argmap.graph.model.Debate` of attributed
quotations (:mod:`~argmap.extract.quotes`, over the text helpers of :mod:`~argmap.extract.text`);
:mod:`~argmap.extract.evaluation` scores extractions against gold annotations.
"""
from __future__ import annotations

from argmap.extract.quotes import Extraction, draft_debate, extract_quotes

__all__ = ["Extraction", "draft_debate", "extract_quotes"]
