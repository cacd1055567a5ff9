"""Related records: links a page shows beside a record, filled by the apps that know about it.

A lower floor may not import a higher one, yet its pages should say what a higher app links to them (a plan
action carries a recommendation of the events app; a support request gave rise to recommendations). The higher
app registers a function from its `AppConfig.ready`:

    register_related("plans.action", fn, title=_("Recommendations this action carries"), many=fn_many)

`fn(user, obj)` returns `[(label, url), …]`, only what `user` may see; `many(user, objs)` (optional) answers for
a whole list at once, `{obj.pk: [(label, url), …]}`, so that a page listing many records (the plan page and its
actions) asks in a fixed number of queries. Pages show them with `{% related_links obj %}` (`core.templatetags.
links`), which reads what `attach_related` put on each record of a list, or asks for the one record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

Link = tuple[str, str]

ATTRIBUTE = "related_groups"  # where `attach_related` leaves each record's groups


@dataclass(frozen=True)
class Source:
    fn: Callable
    title: object = ""  # a lazy translated heading
    many: Callable | None = None


_SOURCES: dict[str, list[Source]] = {}


def _label_of(model_or_obj) -> str:
    return model_or_obj._meta.label_lower


def register_related(model_label: str, fn: Callable, *, title="", many: Callable | None = None) -> None:
    """Register `fn(user, obj) -> [(label, url)]` for records of `model_label` ("plans.action"); registering
    the same function again replaces it (a reloaded app registers once)."""
    label = model_label.lower()
    sources = [s for s in _SOURCES.get(label, []) if s.fn is not fn]
    sources.append(Source(fn=fn, title=title, many=many))
    _SOURCES[label] = sources


def unregister_related(model_label: str, fn: Callable) -> None:
    label = model_label.lower()
    _SOURCES[label] = [s for s in _SOURCES.get(label, []) if s.fn is not fn]


def registered(model_label: str) -> list[Source]:
    return list(_SOURCES.get(model_label.lower(), ()))


def related_groups(user, obj) -> list[tuple[object, list[Link]]]:
    """[(title, [(label, url), …]), …] for one record: each registered source with at least one link."""
    groups = []
    for source in _SOURCES.get(_label_of(obj), ()):
        links = list(source.fn(user, obj))
        if links:
            groups.append((source.title, links))
    return groups


def related(user, obj) -> list[Link]:
    """Every link the registered sources give for `obj`, for `user`, in registration order."""
    return [link for _title, links in related_groups(user, obj) for link in links]


def attach_related(user, objs: Iterable) -> list:
    """Put each record's groups on it (`obj.related_groups`), asking each source once for the whole list where
    it can (`many`). The records are of one model. Returns them as a list."""
    objs = list(objs)
    if not objs:
        return objs
    sources = _SOURCES.get(_label_of(objs[0]), ())
    answers = []
    for source in sources:
        if source.many is not None:
            answers.append((source.title, source.many(user, objs)))
        else:
            answers.append((source.title, {obj.pk: list(source.fn(user, obj)) for obj in objs}))
    for obj in objs:
        groups = [(title, list(found.get(obj.pk, ()))) for title, found in answers]
        setattr(obj, ATTRIBUTE, [(title, links) for title, links in groups if links])
    return objs
