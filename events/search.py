"""What events put in the search index: events and recommendations, each found only by those who may see it
(`events.permissions.events_visible_to`, `recommendations_visible_to`). Registered at start-up (events.apps).

An event indexes its reference and title, its description and agenda, and its place's names at low weight; a
recommendation its reference with the start of its text as the title, its text and translation, and its
rationale and the heading it sits under. Not the minutes (draft minutes are for the conveners only) and not the
owners (a private owner must not be found through a recommendation). Facets: the language, and the event's type
or the recommendation's implementation status.

`events.services` keeps the entries in step: `search.index.index_object(obj)` inside the transaction of every
write of an event or a recommendation; `wiqaya reindex` fills the index for existing rows.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from practices.choices import Language
from search import registry

from . import permissions
from .choices import EventKind, Status
from .models import Event, Recommendation

TITLE_WORDS = 16  # a recommendation's title in the results: its reference and its first words


def _language_labels(values):
    return {v: Language(v).label for v in values if v in Language.values}


def _place_text(obj) -> str:
    place = obj.place
    return " ".join(filter(None, [place.name_en, place.name_ar])) if place is not None else ""


class _EventCard:
    """The event as the index reads it (its place's names as one more field)."""

    def __init__(self, event: Event):
        self.event = event
        self.pk = event.pk
        self.title = f"{event.reference} {event.title}"
        self.description = event.description
        self.agenda = event.agenda
        self.place_names = " ".join(filter(None, [_place_text(event), event.venue]))
        self.lang = event.lang

    def __str__(self):
        return self.title


class _RecommendationCard:
    def __init__(self, rec: Recommendation):
        self.rec = rec
        self.pk = rec.pk
        words = rec.text.split()
        lead = " ".join(words[:TITLE_WORDS]) + (" …" if len(words) > TITLE_WORDS else "")
        self.title = f"{rec.reference} {lead}"
        self.text = "\n".join(filter(None, [rec.text, rec.translation]))
        self.notes = "\n".join(filter(None, [rec.rationale, rec.audience_heading, rec.done_when]))
        self.lang = rec.lang

    def __str__(self):
        return self.title


class _EventType(registry.IndexedType):
    def row(self, obj):
        return super().row(obj if isinstance(obj, _EventCard) else _EventCard(obj))


class _RecommendationType(registry.IndexedType):
    def row(self, obj):
        return super().row(obj if isinstance(obj, _RecommendationCard) else _RecommendationCard(obj))


def _event_facets(event) -> dict[str, list[str]]:
    event = getattr(event, "event", event)
    return {"language": [event.lang], "event_kind": [event.kind]}


def _recommendation_facets(rec) -> dict[str, list[str]]:
    rec = getattr(rec, "rec", rec)
    return {"language": [rec.lang], "recommendation_status": [rec.status]}


def recommendation_url(object_id: int) -> str:
    """The recommendation's page; where the installation has none, its event's list of recommendations."""
    try:
        return reverse("events:recommendation", args=[object_id])
    except NoReverseMatch:
        event_id = Recommendation.objects.filter(pk=object_id).values_list("event_id", flat=True).first()
        return reverse("events:event", args=[event_id]) + "#recommendations" if event_id else ""


EVENTS = registry.register(_EventType(
    kind="event",
    model=Event,
    fields={"title": "A", "description": "B", "agenda": "C", "place_names": "C"},
    label=lambda: _("Event"),
    visible_to=permissions.events_visible_to,
    url_name="events:event",
    queryset=lambda: Event.objects.select_related("place"),
    lang=lambda event: event.lang,
    facets=_event_facets,
    facet_labels={"language": _language_labels,
                  "event_kind": lambda values: {v: EventKind(v).label for v in values if v in EventKind.values}},
))

RECOMMENDATIONS = registry.register(_RecommendationType(
    kind="recommendation",
    model=Recommendation,
    fields={"title": "A", "text": "B", "notes": "C"},
    label=lambda: _("Recommendation"),
    visible_to=permissions.recommendations_visible_to,
    url_name="events:recommendation",
    url=recommendation_url,
    queryset=lambda: Recommendation.objects.all(),
    lang=lambda rec: rec.lang,
    facets=_recommendation_facets,
    facet_labels={"language": _language_labels,
                  "recommendation_status": lambda values: {v: Status(v).label for v in values
                                                           if v in Status.values}},
))
