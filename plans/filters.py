"""FilterSets for local action plans and their actions: one each, used by the pages and by the API
(`/api/v1/plans/`, `/api/v1/actions/`), with the same parameter names."""

import django_filters
from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.models import Organisation
from core.forms import StyledFilterSet
from frameworks.models import Framework, Goal
from places.choices import PlaceKind
from places.models import Place

from . import permissions
from .choices import APPROVED_STATUSES, ActionStatus, PlanStatus
from .models import Action, Plan
from .queries import actions_for_cell


class GoalChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, goal):
        return f"{goal.framework.abbreviation} — {goal.number}. {goal.title}"


@extend_schema_field(OpenApiTypes.INT)  # a goal id
class GoalChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = GoalChoiceField


# A year between these (inclusive): 0, a negative year or a five-digit typo is a form error on the page and a 400
# in the API, never a date lookup the database cannot run.
YEAR_RANGE = {"min_value": 1900, "max_value": 2100, "decimal_places": 0}
# A record id: a positive integer the database can hold.
ID_RANGE = {"min_value": 1, "max_value": 2**63 - 1, "decimal_places": 0}


def governorates(request=None):
    """The installation's governorates (read per request, so that the setting is read when it is used)."""
    return Place.objects.filter(kind=PlaceKind.GOVERNORATE, parent__code=settings.WIQAYA_COUNTRY).order_by("name_en")


class PlanFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    governorate = django_filters.ModelChoiceFilter(label=_("Governorate"), empty_label=_("Any"),
                                                   queryset=governorates)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PlanStatus.choices, empty_label=_("Any"))
    framework = django_filters.ModelChoiceFilter(
        label=_("Aligned with"), empty_label=_("Any"), field_name="frameworks",
        queryset=Framework.objects.order_by("slug"), distinct=True,
    )
    owner = django_filters.ModelChoiceFilter(label=_("Owner"), empty_label=_("Any"),
                                             queryset=Organisation.objects.none())
    year = django_filters.NumberFilter(label=_("Period includes year"), method="filter_year", **YEAR_RANGE)

    class Meta:
        model = Plan
        fields = ["q", "governorate", "status", "framework", "owner", "year"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # Offer only the owners of plans the user sees in full: a public summary does not name its owner.
        user = getattr(request, "user", None) or AnonymousUser()
        full = permissions.visible_to(user, Plan.objects.all()).values("pk")
        self.filters["owner"].queryset = Organisation.objects.filter(plans__in=full).distinct().order_by("name")

    def search(self, queryset, name, value):
        for term in value.split()[:10]:
            queryset = queryset.filter(Q(title__icontains=term) | Q(summary__icontains=term)
                                       | Q(place__name_en__icontains=term) | Q(place__name_ar__icontains=term))
        return queryset

    def filter_year(self, queryset, name, year):
        year = int(year)
        return queryset.filter(period_start__year__lte=year, period_end__year__gte=year)


class ActionFilterSet(StyledFilterSet):
    goal = GoalChoiceFilter(
        label=_("Framework goal"), empty_label=_("Any"), method="filter_goal",
        queryset=Goal.objects.select_related("framework").order_by("framework__slug", "position", "id"),
    )
    governorate = django_filters.ModelChoiceFilter(
        label=_("Governorate"), empty_label=_("Any"), field_name="plan__governorate", queryset=governorates,
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ActionStatus.choices, empty_label=_("Any"))
    lead = django_filters.ModelChoiceFilter(label=_("Lead organisation"), empty_label=_("Any"),
                                            queryset=Organisation.objects.none())
    # A plan's actions (a link from the plan, or `?plan=` in the API); an id the reader may not see finds none.
    plan = django_filters.NumberFilter(label=_("Plan"), field_name="plan_id", widget=forms.HiddenInput, **ID_RANGE)
    # Actions of approved plans only: what a cell of the coverage matrix counts (its links ask for it).
    approved = django_filters.BooleanFilter(label=_("Approved plans only"), method="filter_approved",
                                            widget=forms.HiddenInput)

    class Meta:
        model = Action
        fields = ["goal", "governorate", "status", "lead", "plan"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None) or AnonymousUser()
        seen = permissions.actions_visible_to(user, Action.objects.all()).values("pk")
        self.filters["lead"].queryset = Organisation.objects.filter(led_actions__in=seen).distinct().order_by("name")

    def filter_approved(self, queryset, name, value):
        return queryset.filter(plan__status__in=APPROVED_STATUSES) if value else queryset

    def filter_goal(self, queryset, name, goal):
        # The goal and every goal under it, as a cell of the coverage matrix counts (cancelled actions left out).
        return actions_for_cell(queryset, goal, None)
