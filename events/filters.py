"""FilterSets of the event pages: one per list, used by the page and by the API with the same parameter names
(`/api/v1/events/`, `/api/v1/recommendations/`).

Each narrows a queryset the view or viewset has already passed through the matching `…_visible_to`; the choices of
the convener filter are only organisations that convene events the reader sees."""

import django_filters
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.forms import StyledFilterSet
from plans.filters import YEAR_RANGE, governorates

from . import permissions
from .choices import EventKind, OwnerRole, Response, Status
from .models import Event, Recommendation


def _user(request):
    return getattr(request, "user", None) or AnonymousUser()


def _words(queryset, value, fields):
    for term in value.split()[:10]:
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": term})
        queryset = queryset.filter(condition)
    return queryset


PUBLISHED_CHOICES = [("yes", _("Published")), ("no", _("Not published"))]


class EventFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=EventKind.choices, empty_label=_("Any"))
    governorate = django_filters.ModelChoiceFilter(label=_("Governorate"), empty_label=_("Any"),
                                                   queryset=governorates)
    year = django_filters.NumberFilter(label=_("Year"), field_name="start_date", lookup_expr="year", **YEAR_RANGE)
    published = django_filters.ChoiceFilter(label=_("Published"), choices=PUBLISHED_CHOICES, empty_label=_("Any"),
                                            method="filter_published")
    convener = django_filters.ModelChoiceFilter(label=_("Convening organisation"), empty_label=_("Any"),
                                               queryset=Organisation.objects.none(), field_name="conveners",
                                               distinct=True)

    class Meta:
        model = Event
        fields = ["q", "kind", "governorate", "year", "published", "convener"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        seen = permissions.events_visible_to(_user(request), Event.objects.all())
        self.filters["convener"].queryset = Organisation.objects.filter(
            pk__in=Event.conveners.through.objects.filter(event__in=seen.values("pk")).values("organisation_id")
        ).order_by("name")

    def search(self, queryset, name, value):
        return _words(queryset, value, ["reference", "title", "venue", "place__name_en", "place__name_ar"])

    def filter_published(self, queryset, name, value):
        return queryset.filter(is_public=value == "yes") if value in {"yes", "no"} else queryset


class RecommendationApiFilterSet(StyledFilterSet):
    """The API's filters of recommendations (the pages' own list belongs to the recommendation pages)."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    event = django_filters.NumberFilter(label=_("Event"), field_name="event_id", min_value=1, max_value=2**63 - 1)
    status = django_filters.ChoiceFilter(label=_("Implementation status"), choices=Status.choices,
                                         empty_label=_("Any"))
    governorate = django_filters.ModelChoiceFilter(label=_("Governorate"), empty_label=_("Any"),
                                                   queryset=governorates, method="filter_governorate")
    response = django_filters.ChoiceFilter(label=_("Lead's response"), choices=Response.choices,
                                           empty_label=_("Any"), method="filter_response")

    class Meta:
        model = Recommendation
        fields = ["q", "event", "status", "governorate", "response"]

    def search(self, queryset, name, value):
        return _words(queryset, value, ["reference", "text", "translation"])

    def filter_governorate(self, queryset, name, value: int):  # the hint: the schema's parameter type
        return queryset.filter(Q(places=value) | Q(places__parent=value)).distinct()

    def filter_response(self, queryset, name, value):
        from .models import Owner

        leads = Owner.objects.filter(role=OwnerRole.LEAD, response=value).values("recommendation_id")
        return queryset.filter(pk__in=leads)
