"""What each record type puts in the search index: its fields by weight class, language, facets and visibility.

A type registers once, at start-up (`practices/search.py` for practices); plans, actions, needs, events and
recommendations add themselves the same way. Weight classes: "A" titles, "B" main text, "C" the rest
(search.backends.WEIGHTS).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from . import boilerplate


@dataclass(frozen=True)
class IndexRow:
    """One record as the index stores it (search.index writes it; eval and bench build them directly)."""

    kind: str
    object_id: int
    lang: str
    title: str
    body: str = ""
    texts: dict[str, str] = field(default_factory=dict)  # weight class → original text
    facets: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self):
        # What the index reads leaves out the chrome of pages and documents (share rows, captions, notices);
        # the title is kept as written.
        object.__setattr__(self, "body", boilerplate.clean(self.body))
        object.__setattr__(self, "texts", {w: boilerplate.clean(t) if w != "A" else t for w, t in self.texts.items()})

    @property
    def embed_text(self) -> str:
        """What the sentence encoder reads: the title, then the start of the main text (the model reads
        sentences; a long tail adds time and blurs the vector); a first line that repeats the title is skipped."""
        main = boilerplate.lead(self.title, self.texts.get("B", "") or self.body)
        return f"{self.title}. {main}"[:EMBED_CHARS]


EMBED_CHARS = 1200  # measured on the real-text set: 1,200 characters rank better than 300 or 600 (docs/decisions/0001)


@dataclass(frozen=True)
class IndexedType:
    kind: str
    model: type
    fields: dict[str, str]  # field name → weight class "A", "B" or "C"
    label: Callable[[], str]  # the type's name, translated at use
    visible_to: Callable  # (user, queryset) → queryset
    url_name: str  # reverse(url_name, args=[pk])
    queryset: Callable[[], object]  # what `wiqaya reindex` walks, with what row() needs selected
    lang: Callable[[object], str] = lambda obj: getattr(obj, "lang", "en")
    facets: Callable[[object], dict] = lambda obj: {}
    facet_labels: dict[str, Callable[[list[str]], dict]] = field(default_factory=dict)
    url: Callable[[int], str] | None = None  # object id → page, when `url_name` with the id is not the page
    # Two types may share a model (organisations and networks): `applies` says which rows are this type's.
    applies: Callable[[object], bool] | None = None
    # The rows `visible_to` chooses from, where the model's default manager hides some (proposals).
    records: Callable[[], object] | None = None
    # A name is looked for by itself: a query that is exactly one of the record's names (its title's parts,
    # joined by search.names.SEPARATOR) ranks it first (organisations and networks).
    names_first: bool = False

    def url_for(self, object_id: int) -> str:
        from django.urls import reverse

        return self.url(object_id) if self.url else reverse(self.url_name, args=[object_id])

    def row(self, obj) -> IndexRow:
        texts: dict[str, list[str]] = {"A": [], "B": [], "C": []}
        for name, weight in self.fields.items():
            value = getattr(obj, name, "")
            value = value() if callable(value) else value
            if value:
                texts[weight].append(str(value))
        joined = {w: "\n".join(parts) for w, parts in texts.items()}
        title = texts["A"][0] if texts["A"] else str(obj)
        body = "\n".join(filter(None, [*texts["A"][1:], joined["B"], joined["C"]]))
        return IndexRow(kind=self.kind, object_id=obj.pk, lang=self.lang(obj), title=title, body=body,
                        texts=joined, facets={"type": [self.kind], **self.facets(obj)})

    def visible_ids(self, user, ids) -> set[int]:
        records = self.records() if self.records else self.model.objects
        queryset = self.visible_to(user, records.filter(pk__in=list(ids)))
        return set(queryset.values_list("pk", flat=True))


_TYPES: dict[str, IndexedType] = {}


def register(indexed: IndexedType) -> IndexedType:
    _TYPES[indexed.kind] = indexed
    return indexed


def get(kind: str) -> IndexedType | None:
    return _TYPES.get(kind)


def kind_of(obj) -> IndexedType | None:
    return next((t for t in _TYPES.values()
                 if isinstance(obj, t.model) and (t.applies is None or t.applies(obj))), None)


def types() -> list[IndexedType]:
    return list(_TYPES.values())
