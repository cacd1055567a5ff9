"""The sentence vectors the index uses: the project's multilingual encoder (search.embeddings), or a
stand-in installed with `use_encoder` (the test suite installs a fast hashing one, so that writing a practice
in a test never loads the model; search tests that need the real model ask for it)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

import numpy as np

from search import embeddings

_override: Callable | None = None
_TATWEEL_OR_MARK = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")


def use_encoder(encoder: Callable | None) -> None:
    global _override
    _override = encoder


# One BLAS thread, in batches of 256: measured on two cores shared with other work, 185 texts/s against
# 38–56 texts/s with two threads (docs/benchmarks.md); the web server and the worker share the cores anyway.
THREADS = 1
BATCH = 256


def model_text(text: str) -> str:
    """What the encoder reads: Arabic diacritics and tatweel removed (measured: a fully vowelled query fell
    from 0.49 to 0.14 cosine similarity with its practice), letters and everything else as written."""
    return _TATWEEL_OR_MARK.sub("", text or "")


def encode(texts: list[str], *, threads: int = THREADS) -> np.ndarray:
    texts = [model_text(t) for t in texts]
    if _override is None:
        if len(texts) <= BATCH:
            return embeddings.embed(texts, threads=threads)
        return np.vstack([embeddings.embed(texts[i:i + BATCH], threads=threads) for i in range(0, len(texts), BATCH)])
    vectors = np.asarray(_override(list(texts)), dtype=np.float32).reshape(len(texts), -1)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def hashing_encoder(texts: list[str]) -> np.ndarray:
    """A stand-in: each text's search terms hashed into 512 dimensions (same words → similar vectors)."""
    from .text import terms

    out = np.zeros((len(texts), embeddings.DIMENSIONS), dtype=np.float32)
    for row, text in enumerate(texts):
        for t in terms(text, keep_stopwords=False):
            digest = hashlib.blake2b(t.encode(), digest_size=4).digest()
            out[row, int.from_bytes(digest, "little") % embeddings.DIMENSIONS] += 1.0
    return out
