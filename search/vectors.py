"""The sentence vectors of the index as one numpy matrix per process and database, refreshed when the index
changes (search.models.SearchState), so a query is one matrix–vector product (≈8 ms for 100,000 entries on
two cores) plus the query's own embedding."""

from __future__ import annotations

import threading
from functools import cache

import numpy as np
from django.db import connections

from search.embeddings import DIMENSIONS

from .models import SearchEntry, SearchState


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_bytes(data) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float16).astype(np.float32)


@cache
def _one_blas_thread() -> None:
    """Products run on one BLAS thread in this process from now on: between queries a second thread sleeps,
    and waking it costs more than it saves (measured: 7 ms instead of 0.1 ms for 1,000 rows on two busy
    cores). The sentence encoder sets its own thread count around each forward pass."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def one_thread_product(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    _one_blas_thread()
    return matrix @ vector


def state(using: str) -> tuple[int, int, str]:
    # Asked before every query: plain SQL, a tenth of the ORM's cost here.
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT version, removals, stamp FROM {SearchState._meta.db_table} WHERE id = 1")  # noqa: S608  # nosec B608 - the model's own table name, no input
        row = cursor.fetchone()
    return tuple(row) if row else (0, 0, "")


class VectorIndex:
    def __init__(self, using: str):
        self.using = using
        self.lock = threading.Lock()
        self.version = self.removals = -1
        self.stamp = ""
        self.ids = np.zeros(0, dtype=np.int64)
        self.matrix = np.zeros((0, DIMENSIONS), dtype=np.float32)
        self.alive = np.zeros(0, dtype=bool)
        self.position: dict[int, int] = {}

    def refresh(self) -> None:
        version, removals, stamp = state(self.using)
        if (version, removals, stamp) == (self.version, self.removals, self.stamp):
            return
        with self.lock:
            if removals != self.removals or self.version < 0 or version <= self.version:
                self._load_all()
            else:
                self._load_changes()
            self.version, self.removals, self.stamp = version, removals, stamp

    def _load_all(self) -> None:
        rows = SearchEntry.objects.using(self.using).exclude(embedding=None).values_list("id", "embedding")
        ids, vectors = [], []
        for pk, data in rows.iterator(chunk_size=2000):
            ids.append(pk)
            vectors.append(from_bytes(data))
        self.ids = np.asarray(ids, dtype=np.int64)
        self.matrix = np.vstack(vectors) if vectors else np.zeros((0, DIMENSIONS), dtype=np.float32)
        self.alive = np.ones(len(ids), dtype=bool)
        self.position = {pk: i for i, pk in enumerate(ids)}

    def _load_changes(self) -> None:
        rows = SearchEntry.objects.using(self.using).filter(seq__gt=self.version).values_list("id", "embedding")
        new_ids, new_vectors = [], []
        for pk, data in rows:
            i = self.position.get(pk)
            if data is None:
                if i is not None:
                    self.alive[i] = False
            elif i is not None:
                self.matrix[i] = from_bytes(data)
                self.alive[i] = True
            else:
                new_ids.append(pk)
                new_vectors.append(from_bytes(data))
        if new_ids:
            start = len(self.ids)
            self.ids = np.concatenate([self.ids, np.asarray(new_ids, dtype=np.int64)])
            self.matrix = np.vstack([self.matrix, *new_vectors]) if len(self.matrix) else np.vstack(new_vectors)
            self.alive = np.concatenate([self.alive, np.ones(len(new_ids), dtype=bool)])
            self.position.update({pk: start + n for n, pk in enumerate(new_ids)})

    def nearest(self, vector: np.ndarray, k: int, exclude: set[int] | None = None) -> list[tuple[int, float]]:
        """(entry id, cosine similarity) of the k nearest entries, best first."""
        self.refresh()
        ids, matrix, alive = self.ids, self.matrix, self.alive
        if not len(ids) or k <= 0:
            return []
        scores = one_thread_product(matrix, np.asarray(vector, dtype=np.float32))
        scores = np.where(alive, scores, -np.inf)
        for pk in exclude or ():
            if pk in self.position:
                scores[self.position[pk]] = -np.inf
        k = min(k, len(ids))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(int(ids[i]), float(scores[i])) for i in top if np.isfinite(scores[i])]

    def similarities(self, vector: np.ndarray, entry_ids: list[int]) -> dict[int, float]:
        """Cosine similarity of the query to each of these entries (those with a vector; as of the last refresh)."""
        found = [(pk, self.position[pk]) for pk in entry_ids if pk in self.position]
        if not found:
            return {}
        rows = one_thread_product(self.matrix[[i for _pk, i in found]], np.asarray(vector, dtype=np.float32))
        return {pk: float(score) for (pk, i), score in zip(found, rows, strict=True) if self.alive[i]}

    def vector_of(self, entry_id: int) -> np.ndarray | None:
        self.refresh()
        i = self.position.get(entry_id)
        return self.matrix[i] if i is not None and self.alive[i] else None


_indexes: dict[str, VectorIndex] = {}
_indexes_lock = threading.Lock()


def index_for(using: str = "default") -> VectorIndex:
    with _indexes_lock:
        if using not in _indexes:
            _indexes[using] = VectorIndex(using)
        return _indexes[using]


def forget(using: str) -> None:
    """Drop the matrix of a database that goes away (the temporary index of eval and bench)."""
    with _indexes_lock:
        _indexes.pop(using, None)
