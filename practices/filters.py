"""The one FilterSet for practices, used by the HTML library and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.models import Organisation
from core.forms import StyledFilterSet
from frameworks.models import Goal
from frameworks.queries import crosswalked, goals_serving, with_descendants
from places.choices import PlaceKind
from places.models import Place

from .choices import PracticeLanguage, PracticeStatus
from .models import Practice

# A year filter answers for years people plan and report in; 0, a negative year or a five-digit typo is a form
# error on the page and a 400 in the API (a date lookup outside 1–9999 would fail in the database).
YEAR_RANGE = {"min_value": 1900, "max_value": 2100, "decimal_places": 0}

SEARCH_FIELDS = ["name", "activity", "objectives", "description", "beneficiaries", "organisation_name", "location"]


@extend_schema_field(OpenApiTypes.INT)
class GoalFilter(django_filters.ModelChoiceFilter):
    """A goal id; matches practices linked to the goal, a goal nested under it, or a goal of another
    framework that a confirmed crosswalk links to it."""


class PracticeFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        empty_label=_("Any"), queryset=Place.objects.filter(kind=PlaceKind.COUNTRY, practice_countries__isnull=False).distinct()
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        empty_label=_("Any"), queryset=Organisation.objects.filter(practices__isnull=False).distinct()
    )
    goal = GoalFilter(
        label=_("Framework goal"),
        empty_label=_("Any"),
        queryset=Goal.objects.select_related("framework").order_by("framework__slug", "position"),
        method="filter_goal",
    )
    through = django_filters.ChoiceFilter(
        label=_("Linked"),
        method="filter_through",
        empty_label=_("Directly or through crosswalk links"),
        choices=[("direct", _("Directly, to the goal or a goal under it")),
                 ("crosswalks", _("Through confirmed crosswalk links"))],
    )
    beneficiaries = django_filters.CharFilter(label=_("Beneficiaries"), lookup_expr="icontains")
    year = django_filters.NumberFilter(label=_("Active in year"), method="filter_year", **YEAR_RANGE)
    lang = django_filters.ChoiceFilter(label=_("Language"), choices=PracticeLanguage.choices, empty_label=_("Any"))
    status = django_filters.ChoiceFilter(
        label=_("Review status"), choices=PracticeStatus.choices, empty_label=_("Any")
    )

    class Meta:
        model = Practice
        fields = ["q", "country", "organisation", "goal", "through", "beneficiaries", "year", "lang", "status"]

    def search(self, queryset, name, value):
        terms = value.split()[:10]
        for term in terms:
            rule = Q()
            for field in SEARCH_FIELDS:
                rule |= Q(**{f"{field}__icontains": term})
            queryset = queryset.filter(rule)
        return queryset

    def filter_goal(self, queryset, name, goal):
        # A goal stands for itself and its sub-goals ("direct"), and for the goals of other frameworks that a
        # coordinator linked to them ("crosswalks"); by default both, as the coverage view's total counts.
        own = with_descendants({goal.pk})
        through = self.form.cleaned_data.get("through")
        if through == "direct":
            ids = own
        elif through == "crosswalks":
            ids = with_descendants(crosswalked(own)) - own
        else:
            ids = goals_serving(goal)
        return queryset.filter(goal_links__goal_id__in=ids).distinct()

    def filter_through(self, queryset, name, value):
        return queryset  # read by filter_goal

    def filter_year(self, queryset, name, year):
        year = int(year)
        return queryset.filter(start_year__lte=year).filter(
            Q(end_year__gte=year) | Q(end_year__isnull=True, ongoing=True) | Q(end_year__isnull=True, start_year=year)
        )
