"""The keyword index and the vector search on each database.

SQLite (the embedded default): an FTS5 table over the entry table's prepared terms, kept in step by
triggers, ranked by BM25 with per-column weights; vectors as one numpy matrix per process (search.vectors).
PostgreSQL: a generated, weighted `tsvector` column with a GIN index, ranked by `ts_rank`; vectors in a
pgvector column (`<=>` cosine distance) when the extension is available, else the same numpy matrix.

The DDL lives here so that the migration and the temporary index of `wiqaya eval search` / `bench search`
make the same tables.
"""

from __future__ import annotations

import numpy as np
from django.db import connections

# Column weights by class A (titles), B (main text), C (the rest).
WEIGHTS = (4.0, 1.0, 0.4)

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(text_a, text_b, text_c, "
    "content='search_searchentry', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS search_fts_insert AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, text_a, text_b, text_c) VALUES (new.id, new.text_a, new.text_b, new.text_c); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text_a, text_b, text_c) "
    "VALUES ('delete', old.id, old.text_a, old.text_b, old.text_c); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_update AFTER UPDATE OF text_a, text_b, text_c ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text_a, text_b, text_c) "
    "VALUES ('delete', old.id, old.text_a, old.text_b, old.text_c); "
    "INSERT INTO search_fts(rowid, text_a, text_b, text_c) VALUES (new.id, new.text_a, new.text_b, new.text_c); END",
]
SQLITE_VOCAB = ("CREATE VIRTUAL TABLE IF NOT EXISTS search_fts_vocab USING fts5vocab(search_fts, 'row')")
SQLITE_DDL.append(SQLITE_VOCAB)
SQLITE_DROP = [
    "DROP TABLE IF EXISTS search_fts_vocab",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_DDL = [
    "ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS tsv tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', text_a), 'A') || setweight(to_tsvector('simple', text_b), 'B') || "
    "setweight(to_tsvector('simple', text_c), 'C')) STORED",
    "CREATE INDEX IF NOT EXISTS search_entry_tsv ON search_searchentry USING gin (tsv)",
]
POSTGRES_VECTOR_DDL = [
    "CREATE EXTENSION IF NOT EXISTS vector",
    "ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS vec vector(512)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_entry_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vec",
]


def create_index_tables(schema_editor) -> None:
    """Add the keyword index (and, on PostgreSQL with pgvector, the vector column) to the entry table."""
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "sqlite":
            for sql in SQLITE_DDL:
                cursor.execute(sql)
        elif vendor == "postgresql":
            for sql in POSTGRES_DDL:
                cursor.execute(sql)
            cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
            if cursor.fetchone():
                for sql in POSTGRES_VECTOR_DDL:
                    cursor.execute(sql)


def drop_index_tables(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        for sql in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []):
            cursor.execute(sql)


_has_vector_column: dict[str, bool] = {}


def uses_pgvector(using: str) -> bool:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return False
    key = f"{using}:{connection.settings_dict.get('NAME')}:{connection.settings_dict.get('HOST')}"
    if key not in _has_vector_column:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_name = 'search_searchentry' AND column_name = 'vec'"
            )
            _has_vector_column[key] = cursor.fetchone() is not None
    return _has_vector_column[key]


def vector_literal(vector: np.ndarray) -> str:
    return "[" + ",".join(f"{x:.6f}" for x in vector.tolist()) + "]"


def store_vectors(using: str, rows: list[tuple[int, np.ndarray]]) -> None:
    """Copy embeddings to the pgvector column (PostgreSQL with pgvector only)."""
    rows = [(pk, v) for pk, v in rows if len(v) == 512]  # the column's size; a stand-in encoder may differ
    if not rows or not uses_pgvector(using):
        return
    with connections[using].cursor() as cursor:
        cursor.executemany(
            "UPDATE search_searchentry SET vec = %s::vector WHERE id = %s",
            [(vector_literal(v), pk) for pk, v in rows],
        )


def document_frequencies(using: str, terms: list[str]) -> dict[str, int]:
    """How many entries hold each term (SQLite's FTS5 vocabulary table; {} on other databases)."""
    connection = connections[using]
    if not terms or connection.vendor != "sqlite":
        return {}
    with connection.cursor() as cursor:
        marks = ", ".join(["%s"] * len(terms))
        cursor.execute(f"SELECT term, doc FROM search_fts_vocab WHERE term IN ({marks})", list(terms))  # noqa: S608  # nosec B608 - placeholders only
        return dict(cursor.fetchall())


def keyword_search(using: str, terms: list[str], limit: int) -> list[tuple[int, float]]:
    """(entry id, score) of the entries holding any of `terms`, best first; a higher score is better."""
    if not terms:
        return []
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Each term is quoted, so FTS5 syntax in a query (AND, NEAR, *, quotes) is only ever a word.
            match = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
            cursor.execute(
                "SELECT rowid, -bm25(search_fts, %s, %s, %s) FROM search_fts WHERE search_fts MATCH %s "
                "ORDER BY bm25(search_fts, %s, %s, %s) LIMIT %s",
                [*WEIGHTS, match, *WEIGHTS, limit],
            )
        else:
            # Terms are letters and digits only (search.text), each one quoted as a tsquery lexeme.
            query = " | ".join("'" + t.replace("'", "''").replace("\\", "") + "'" for t in terms)
            weights = [0.0, WEIGHTS[2] / WEIGHTS[0], WEIGHTS[1] / WEIGHTS[0], 1.0]  # D, C, B, A
            cursor.execute(
                "SELECT id, ts_rank(%s::float4[], tsv, q, 1) AS score FROM search_searchentry, "
                "to_tsquery('simple', %s) q WHERE tsv @@ q ORDER BY score DESC, id LIMIT %s",
                [weights, query, limit],
            )
        return [(int(pk), float(score)) for pk, score in cursor.fetchall()]


def pgvector_search(using: str, vector: np.ndarray, limit: int, exclude: set[int] | None = None):
    """(entry id, cosine similarity) of the nearest entries by pgvector, best first."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT id, 1 - (vec <=> %s::vector) FROM search_searchentry WHERE vec IS NOT NULL "
            "ORDER BY vec <=> %s::vector LIMIT %s",
            [vector_literal(vector), vector_literal(vector), limit + len(exclude or ())],
        )
        rows = [(int(pk), float(sim)) for pk, sim in cursor.fetchall() if pk not in (exclude or ())]
    return rows[:limit]


def pgvector_similarities(using: str, vector: np.ndarray, entry_ids: list[int]) -> dict[int, float]:
    if not entry_ids:
        return {}
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT id, 1 - (vec <=> %s::vector) FROM search_searchentry WHERE vec IS NOT NULL AND id = ANY(%s)",
            [vector_literal(vector), list(entry_ids)],
        )
        return {int(pk): float(sim) for pk, sim in cursor.fetchall()}
