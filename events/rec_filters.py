"""FilterSets of the recommendation pages: the list (`events:recommendations`) and the public follow-up
(`events:accountability`, `events:event-follow-up`).

Each narrows a queryset the view has already passed through `events.permissions.recommendations_visible_to`; the
event picker lists only events the reader sees. The schedule flag is computed, never stored: its filter is
`events.schedule.flag_filter` (indexed filters on the stored dates and progress)."""

import django_filters
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganisationKind
from core.forms import StyledFilterSet
from frameworks.models import Goal
from plans.filters import GoalChoiceFilter, governorates

from . import permissions
from .choices import Flag, Response, Status
from .models import Event, Recommendation

QUALITY_CHOICES = [("complete", _("Ready for follow-up (5 of 5)")), ("incomplete", _("Missing something"))]


def _user(request):
    return getattr(request, "user", None) or AnonymousUser()


def in_governorate(queryset, governorate):
    """Recommendations for a governorate: named for it or for one of its districts."""
    return queryset.filter(Q(places=governorate) | Q(places__parent=governorate)).distinct()


def with_flag(queryset, flag: str):
    from .schedule import flag_filter

    return flag_filter(queryset, flag)


def _goals(request=None):
    return Goal.objects.select_related("framework").order_by("framework__slug", "position", "id")


class FollowUpFilterSet(StyledFilterSet):
    """The public follow-up's filters: governorate, owner type, goal, status, flag."""

    governorate = django_filters.ModelChoiceFilter(label=_("Governorate"), empty_label=_("Any"),
                                                   queryset=governorates, method="filter_governorate")
    owner_kind = django_filters.ChoiceFilter(label=_("Owner type"), choices=OrganisationKind.choices,
                                             empty_label=_("Any"), method="filter_owner_kind")
    goal = GoalChoiceFilter(label=_("Framework goal"), empty_label=_("Any"), field_name="goals", queryset=_goals,
                            distinct=True)
    status = django_filters.ChoiceFilter(label=_("Implementation status"), choices=Status.choices,
                                         empty_label=_("Any"))
    flag = django_filters.ChoiceFilter(label=_("Schedule"), choices=Flag.choices, empty_label=_("Any"),
                                       method="filter_flag")

    class Meta:
        model = Recommendation
        fields = ["governorate", "owner_kind", "goal", "status", "flag"]

    def filter_governorate(self, queryset, name, value):
        return in_governorate(queryset, value)

    def filter_owner_kind(self, queryset, name, value):
        return queryset.filter(owners__organisation__kind=value).distinct()

    def filter_flag(self, queryset, name, value):
        return with_flag(queryset, value)


class RecommendationFilterSet(FollowUpFilterSet):
    """The list's filters: words, event, and beside the follow-up's the owners' response and the quality."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    event = django_filters.ModelChoiceFilter(label=_("Event"), empty_label=_("Any"), queryset=Event.objects.none())
    response = django_filters.ChoiceFilter(label=_("Response"), choices=Response.choices, empty_label=_("Any"),
                                           method="filter_response")
    quality = django_filters.ChoiceFilter(label=_("Quality"), choices=QUALITY_CHOICES, empty_label=_("Any"),
                                          method="filter_quality")

    class Meta:
        model = Recommendation
        fields = ["q", "event", "governorate", "owner_kind", "goal", "status", "response", "flag", "quality"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["event"].queryset = permissions.events_visible_to(
            _user(request), Event.objects.all()).order_by("-start_date", "-pk")

    def search(self, queryset, name, value):
        for term in value.split()[:10]:
            queryset = queryset.filter(Q(reference__icontains=term) | Q(text__icontains=term)
                                       | Q(translation__icontains=term))
        return queryset

    def filter_response(self, queryset, name, value):
        return queryset.filter(owners__response=value).distinct()

    def filter_quality(self, queryset, name, value):
        return queryset.filter(quality__gte=5) if value == "complete" else queryset.filter(quality__lt=5)
