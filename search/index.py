"""The search index's plumbing: index or remove one record, embed what lacks a vector, rebuild everything.

These are not checked entry points: record services (practices.services …) call `index_object` /
`remove_object` inside their own transaction, after their own permission check, so the index changes with the
data or not at all; the index holds no record of its own that a person changes. Embedding one record takes a few milliseconds; an import
indexes its practices' text at once and computes their vectors afterwards in the same background job, with
progress (`embed_missing`). `wiqaya reindex` rebuilds the whole index through a job (`search.services.start_reindex`).
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from . import backends, registry
from .encoding import encode as embed
from .models import SearchEntry, SearchState
from .registry import IndexRow
from .text import prepare
from .vectors import from_bytes, to_bytes

EMBED_BATCH = 256
log = logging.getLogger(__name__)


def bump(using: str = "default", *, removals: int = 0) -> int:
    """Advance the index version (and the removal count); returns the new version.

    A version is a time in microseconds, and always more than the one before: a process whose vectors were
    loaded from a change that was later rolled back still sees every row written since as newer than what
    it holds (a counter would give the same numbers again to different rows).
    """
    stamp = secrets.token_hex(8)
    states = SearchState.objects.using(using)
    current = states.select_for_update().filter(pk=1).values_list("version", flat=True).first()
    version = max((current or 0) + 1, time.time_ns() // 1000)
    if current is None:
        states.create(pk=1, version=version, removals=removals, stamp=stamp)
    else:
        states.filter(pk=1).update(version=version, removals=F("removals") + removals, stamp=stamp)
    return version


def _fields(row: IndexRow, seq: int) -> dict:
    return {
        "lang": row.lang,
        "title": row.title[:2000],
        "body": row.body,
        "text_a": prepare(row.texts.get("A", "") or row.title),
        "text_b": prepare(row.texts.get("B", "")),
        "text_c": prepare(row.texts.get("C", "")),
        "facets": row.facets,
        "seq": seq,
    }


def write_rows(rows: list[IndexRow], *, embed_now: bool = True, vectors=None, using: str = "default") -> int:
    """Insert or replace the entries of `rows` (vectors computed unless given, or left for later)."""
    if not rows:
        return 0
    if vectors is None and embed_now:
        try:
            vectors = embed([row.embed_text for row in rows])
        except Exception:  # the record is saved and found by its words; `wiqaya reindex` adds the vector later
            log.exception("search vectors could not be computed for %d records", len(rows))
            vectors = None
    with transaction.atomic(using=using):
        seq = bump(using)
        existing = {
            (kind, object_id): pk
            for pk, kind, object_id in SearchEntry.objects.using(using)
            .filter(kind__in={r.kind for r in rows}, object_id__in=[r.object_id for r in rows])
            .values_list("id", "kind", "object_id")
        }
        stored = []
        for n, row in enumerate(rows):
            fields = _fields(row, seq)
            fields["embedding"] = to_bytes(vectors[n]) if vectors is not None else None
            pk = existing.get((row.kind, row.object_id))
            if pk is None:
                pk = SearchEntry.objects.using(using).create(kind=row.kind, object_id=row.object_id, **fields).pk
            else:
                SearchEntry.objects.using(using).filter(pk=pk).update(**fields)
            if vectors is not None:
                stored.append((pk, vectors[n]))
        backends.store_vectors(using, stored)
    return len(rows)


def bulk_insert(rows: list[IndexRow], vectors, *, using: str, batch: int = 1000) -> None:
    """Add many new entries at once (an empty index: `wiqaya bench search`, `wiqaya eval search`)."""
    with transaction.atomic(using=using):
        seq = bump(using)
        for start in range(0, len(rows), batch):
            chunk = rows[start:start + batch]
            entries = [
                SearchEntry(kind=r.kind, object_id=r.object_id,
                            embedding=to_bytes(vectors[start + n]) if vectors is not None else None,
                            **_fields(r, seq))
                for n, r in enumerate(chunk)
            ]
            created = SearchEntry.objects.using(using).bulk_create(entries)
            if vectors is not None and backends.uses_pgvector(using):
                if any(e.pk is None for e in created):
                    created = list(SearchEntry.objects.using(using).filter(seq=seq).order_by("id"))[start:start + batch]
                backends.store_vectors(using, [(e.pk, vectors[start + n]) for n, e in enumerate(created)])


def index_object(obj, *, embed_now: bool = True) -> None:
    """Put one record in the index as it is now (a record of an unregistered type is ignored)."""
    indexed = registry.kind_of(obj)
    if indexed is not None:
        write_rows([indexed.row(obj)], embed_now=embed_now)


def remove_object(obj=None, *, kind: str | None = None, object_id: int | None = None, using: str = "default") -> None:
    if obj is not None:
        indexed = registry.kind_of(obj)
        if indexed is None:
            return
        kind, object_id = indexed.kind, obj.pk
    with transaction.atomic(using=using):
        deleted, _rows = SearchEntry.objects.using(using).filter(kind=kind, object_id=object_id).delete()
        if deleted:
            bump(using, removals=deleted)


def remove_many(kind: str, object_ids, *, using: str = "default") -> int:
    """Remove the entries of many records of one type (a plan and its actions going together)."""
    object_ids = list(object_ids)
    if not object_ids:
        return 0
    with transaction.atomic(using=using):
        deleted, _rows = SearchEntry.objects.using(using).filter(kind=kind, object_id__in=object_ids).delete()
        if deleted:
            bump(using, removals=deleted)
    return deleted


def embed_missing(*, ids: Iterable[int] | None = None, progress: Callable | None = None, using: str = "default",
                  offset: int = 0, total: int | None = None) -> int:
    """Compute the vectors of entries that have none (only those of records `ids` when given, as
    (kind, object_id) pairs); calls progress(done, total, message) after each batch. Returns how many."""
    queryset = SearchEntry.objects.using(using).filter(embedding=None)
    if ids is not None:
        ids = list(ids)
        kinds = {k for k, _pk in ids}
        queryset = queryset.filter(kind__in=kinds, object_id__in=[pk for _k, pk in ids])
    pending = list(queryset.order_by("id").values_list("id", flat=True))
    total = total if total is not None else len(pending)
    for start in range(0, len(pending), EMBED_BATCH):
        batch = list(SearchEntry.objects.using(using).filter(pk__in=pending[start:start + EMBED_BATCH]))
        rows = [IndexRow(kind=e.kind, object_id=e.object_id, lang=e.lang, title=e.title, body=e.body) for e in batch]
        vectors = embed([r.embed_text for r in rows])
        with transaction.atomic(using=using):
            seq = bump(using)
            for entry, vector in zip(batch, vectors, strict=True):
                SearchEntry.objects.using(using).filter(pk=entry.pk).update(embedding=to_bytes(vector), seq=seq)
            backends.store_vectors(using, [(e.pk, v) for e, v in zip(batch, vectors, strict=True)])
        if progress:
            progress(offset + start + len(batch), offset + total,
                     _("computing search vectors: %(done)d of %(total)d") % {"done": start + len(batch), "total": total})
    return len(pending)


def rebuild(*, progress: Callable | None = None, using: str = "default") -> dict:
    """Index every record of every registered type again: text first, then vectors (the slow part)."""
    counts = {}
    kept = set()
    for indexed in registry.types():
        rows = [indexed.row(obj) for obj in indexed.queryset().iterator(chunk_size=500)]
        for start in range(0, len(rows), 500):
            write_rows(rows[start:start + 500], embed_now=False, using=using)
        kept.update((indexed.kind, r.object_id) for r in rows)
        counts[indexed.kind] = len(rows)
        if progress:
            progress(0, sum(counts.values()), _("indexed the text of %(n)d records") % {"n": sum(counts.values())})
    stale = [pk for pk, kind, oid in SearchEntry.objects.using(using).values_list("id", "kind", "object_id")
             if (kind, oid) not in kept]
    if stale:
        with transaction.atomic(using=using):
            SearchEntry.objects.using(using).filter(pk__in=stale).delete()
            bump(using, removals=len(stale))
    embedded = embed_missing(progress=progress, using=using)
    return {"records": counts, "removed": len(stale), "embedded": embedded}


def entry_vector(entry: SearchEntry):
    return from_bytes(entry.embedding) if entry.embedding is not None else None
