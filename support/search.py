"""What the support desk puts in the search index: needs and support requests, each found only by those who may
see it (`support.permissions.needs_visible_to`, `requests_visible_to`). Registered at start-up (support.apps).

A need indexes its title and description, with its place's names at low weight; a request its reference and
title, its result wanted and its place (not its description: see REQUESTS). Facets: the goals (ids), the language, and the need's
theme or the request's type. A partner to which part of a request was referred finds it (its search card shows
the title, which the partner may read); the request's page then shows the partner only the referred part.

`support.services` keeps the entries in step: `search.index.index_object(obj)` inside the transaction of every
write of a need or a request (create, update, status change, move); `wiqaya reindex` fills the index for
existing rows.
"""

from django.utils.translation import gettext_lazy as _

from practices.choices import Language
from search import registry

from . import permissions
from .choices import RequestType, Theme
from .models import Need, SupportRequest


def _language_labels(values):
    return {v: Language(v).label for v in values if v in Language.values}


def _place_text(obj) -> str:
    place = obj.place
    return " ".join(filter(None, [place.name_en, place.name_ar])) if place is not None else ""


class _NeedCard:
    """The need as the index reads it (the place's names as one more field)."""

    def __init__(self, need: Need):
        self.need = need
        self.pk = need.pk
        self.title = need.title
        self.description = need.description
        self.place_names = _place_text(need)
        self.lang = need.lang

    def __str__(self):
        return self.title


def _need_facets(need) -> dict[str, list[str]]:
    need = getattr(need, "need", need)
    goals = sorted(str(g.pk) for g in need.goals.all())
    facets = {"language": [need.lang], "theme": [need.theme]}
    return {"goal": goals, **facets} if goals else facets


def _request_facets(obj) -> dict[str, list[str]]:
    obj = getattr(obj, "obj", obj)
    goals = sorted(str(g.pk) for g in obj.goals.all())
    facets = {"language": [obj.lang], "support_type": [obj.request_type]}
    return {"goal": goals, **facets} if goals else facets


class _RequestCard:
    def __init__(self, obj: SupportRequest):
        self.obj = obj
        self.pk = obj.pk
        self.title = f"{obj.reference} {obj.title}"
        self.result_wanted = obj.result_wanted
        self.place_names = _place_text(obj)
        self.lang = obj.lang

    def __str__(self):
        return self.title


class _NeedType(registry.IndexedType):
    def row(self, obj):
        return super().row(obj if isinstance(obj, _NeedCard) else _NeedCard(obj))


class _RequestType(registry.IndexedType):
    def row(self, obj):
        return super().row(obj if isinstance(obj, _RequestCard) else _RequestCard(obj))


NEEDS = registry.register(_NeedType(
    kind="support_need",
    model=Need,
    fields={"title": "A", "description": "B", "place_names": "C"},
    label=lambda: _("Community need"),
    visible_to=permissions.needs_visible_to,
    url_name="support:need",
    queryset=lambda: Need.objects.select_related("place").prefetch_related("goals"),
    lang=lambda need: need.lang,
    facets=_need_facets,
    facet_labels={"language": _language_labels,
                  "theme": lambda values: {v: Theme(v).label for v in values if v in Theme.values}},
))

REQUESTS = registry.register(_RequestType(
    kind="support_request",
    model=SupportRequest,
    # Not the description: a partner finds the requests referred to it and may read only their title, place,
    # type and result wanted (a snippet would show more), and retention clears the description of ended requests.
    fields={"title": "A", "result_wanted": "B", "place_names": "C"},
    label=lambda: _("Support request"),
    visible_to=permissions.requests_visible_to,
    url_name="support:request",
    queryset=lambda: SupportRequest.objects.select_related("place").prefetch_related("goals"),
    lang=lambda obj: obj.lang,
    facets=_request_facets,
    facet_labels={"language": _language_labels,
                  "support_type": lambda values: {v: RequestType(v).label for v in values
                                                  if v in RequestType.values}},
))
