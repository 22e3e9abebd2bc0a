"""How alike two short texts are: TF-IDF vectors and their cosine similarity, numpy only.

The weighting is the usual one (Salton & Buckley 1988; scikit-learn's ``TfidfVectorizer`` with
``sublinear_tf=True, smooth_idf=True``): a term's weight in a text is ``(1 + log tf) * idf`` with
``idf = 1 + log((1 + n) / (1 + df))``, and every vector is scaled to unit length, so the dot product
of two vectors is their cosine similarity.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

#: English function words, pronouns and reporting verbs: they carry no topic.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below between both
    but by can could did do does doing don down during each even ever every few for from further get got had has have
    having he her here hers herself him himself his how i if in into is it its itself just like me more most much my
    myself no nor not now of off on once one only or other our ours ourselves out over own really right same say says
    said she should so some such than that the their theirs them themselves then there these they thing things think
    this those through to too under until up us very was we were what when where which while who whom why will with
    would you your yours yourself yourselves s t ll re ve d m going gonna go mean well yes way lot kind""".split()
)

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def terms(text: str) -> list[str]:
    """The content words of ``text``: lower-cased, possessives and contractions cut, stopwords out.

    >>> terms("AI won’t replace the artists’ jobs, Cameron says.")
    ['ai', 'won', 'replace', 'artists', 'jobs', 'cameron']
    """
    words = (re.split(r"['’]", w)[0] for w in _WORD.findall(text.lower()))
    return [w for w in words if w not in STOPWORDS and len(w) > 1]


def tfidf_matrix(texts: Sequence[str]) -> np.ndarray:
    """The unit-length TF-IDF vectors of ``texts`` (one row each), over the texts' own vocabulary.

    >>> m = tfidf_matrix(["crews lose jobs", "AI costs crews their jobs", "a studio in your pocket"])
    >>> round(float(m[0] @ m[1]), 2), round(float(m[0] @ m[2]), 2)
    (0.44, 0.0)
    """
    bags = [Counter(terms(t)) for t in texts]
    vocabulary = {w: i for i, w in enumerate(sorted({w for bag in bags for w in bag}))}
    counts = np.zeros((len(texts), max(len(vocabulary), 1)))
    for row, bag in enumerate(bags):
        for word, count in bag.items():
            counts[row, vocabulary[word]] = count
    document_frequency = (counts > 0).sum(axis=0)
    idf = 1.0 + np.log((1.0 + len(texts)) / (1.0 + document_frequency))
    weights = np.where(counts > 0, 1.0 + np.log(np.maximum(counts, 1.0)), 0.0) * idf
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    return np.divide(weights, norms, out=np.zeros_like(weights), where=norms > 0)


def cosine_matrix(texts: Sequence[str]) -> np.ndarray:
    """Pairwise cosine similarity of the texts' TF-IDF vectors (1 on the diagonal of non-empty texts).

    >>> cosine_matrix(["crews lose jobs", "crews lose jobs"]).round(2).tolist()
    [[1.0, 1.0], [1.0, 1.0]]
    """
    vectors = tfidf_matrix(texts)
    return vectors @ vectors.T


def shared_terms(first: str, second: str, limit: int = 4) -> list[str]:
    """The content words two texts have in common, in the first text's order (at most ``limit``).

    >>> shared_terms("AI will free artists", "artists fear AI")
    ['ai', 'artists']
    """
    theirs = set(terms(second))
    return list(dict.fromkeys(w for w in terms(first) if w in theirs))[:limit]
