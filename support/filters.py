"""FilterSets of the support desk: one per list, used by the page and by the API with the same parameter names
(`/api/v1/support-needs/`, `/api/v1/support-requests/`, `/api/v1/support-referrals/`, `/api/v1/support-experts/`).

Each narrows a queryset the view or viewset has already passed through the matching `…_visible_to`; the choices of
the organisation filters are only organisations of records the reader sees."""

import django_filters
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.forms import StyledFilterSet
from frameworks.models import Goal
from plans.filters import YEAR_RANGE, GoalChoiceFilter, governorates

from . import permissions
from .choices import (
    Availability,
    NeedStatus,
    Priority,
    ReferralStatus,
    RequestType,
    Stage,
    SupportLanguage,
    Theme,
)
from .models import Expert, Need, Referral, SupportRequest


def _user(request):
    return getattr(request, "user", None) or AnonymousUser()


def _words(queryset, value, fields):
    for term in value.split()[:10]:
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": term})
        queryset = queryset.filter(condition)
    return queryset


class NeedFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    governorate = django_filters.ModelChoiceFilter(label=_("Governorate"), empty_label=_("Any"),
                                                   queryset=governorates)
    theme = django_filters.ChoiceFilter(label=_("Theme"), choices=Theme.choices, empty_label=_("Any"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=NeedStatus.choices, empty_label=_("Any"))
    severity = django_filters.NumberFilter(label=_("Severity at least"), field_name="severity", lookup_expr="gte",
                                           min_value=1, max_value=5)
    goal = GoalChoiceFilter(label=_("Framework goal"), empty_label=_("Any"), field_name="goals",
                            queryset=Goal.objects.select_related("framework").order_by("framework__slug", "position",
                                                                                        "id"), distinct=True)
    owner = django_filters.ModelChoiceFilter(label=_("Recorded for"), empty_label=_("Any"),
                                             queryset=Organisation.objects.none())

    class Meta:
        model = Need
        fields = ["q", "governorate", "theme", "status", "severity", "goal", "owner"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        seen = permissions.needs_visible_to(_user(request), Need.objects.all()).values("owner_id")
        self.filters["owner"].queryset = Organisation.objects.filter(pk__in=seen).order_by("name")

    def search(self, queryset, name, value):
        return _words(queryset, value, ["title", "description", "place__name_en", "place__name_ar"])


class RequestFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices, empty_label=_("Any"))
    request_type = django_filters.ChoiceFilter(label=_("Type of support"), choices=RequestType.choices,
                                               empty_label=_("Any"))
    priority = django_filters.ChoiceFilter(label=_("Priority"), choices=Priority.choices, empty_label=_("Any"))
    governorate = django_filters.ModelChoiceFilter(label=_("Governorate"), empty_label=_("Any"),
                                                   queryset=governorates)
    requester = django_filters.ModelChoiceFilter(label=_("Requesting organisation"), empty_label=_("Any"),
                                                 queryset=Organisation.objects.none())
    hub = django_filters.ModelChoiceFilter(label=_("Hub asked"), empty_label=_("Any"),
                                           queryset=Organisation.objects.none())
    year = django_filters.NumberFilter(label=_("Created in year"), field_name="created_at", lookup_expr="year",
                                       **YEAR_RANGE)

    class Meta:
        model = SupportRequest
        fields = ["q", "stage", "request_type", "priority", "governorate", "requester", "hub", "year"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        seen = permissions.requests_visible_to(_user(request), SupportRequest.objects.all())
        self.filters["requester"].queryset = Organisation.objects.filter(
            pk__in=seen.values("requester_id")).order_by("name")
        self.filters["hub"].queryset = Organisation.objects.filter(pk__in=seen.values("hub_id")).order_by("name")

    def search(self, queryset, name, value):
        return _words(queryset, value, ["reference", "title", "description", "result_wanted", "place__name_en",
                                        "place__name_ar"])


class ReferralFilterSet(StyledFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ReferralStatus.choices, empty_label=_("Any"))
    partner = django_filters.ModelChoiceFilter(label=_("Partner"), empty_label=_("Any"),
                                               queryset=Organisation.objects.none())
    request = django_filters.NumberFilter(label=_("Request"), field_name="request_id", widget=forms.HiddenInput,
                                          min_value=1, max_value=2**63 - 1)

    class Meta:
        model = Referral
        fields = ["status", "partner", "request"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        seen = permissions.referrals_visible_to(_user(request), Referral.objects.all()).values("partner_id")
        self.filters["partner"].queryset = Organisation.objects.filter(pk__in=seen).order_by("name")


class ExpertFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    hub = django_filters.ModelChoiceFilter(label=_("Hub"), empty_label=_("Any"), queryset=Organisation.objects.none())
    availability = django_filters.ChoiceFilter(label=_("Availability"), choices=Availability.choices,
                                               empty_label=_("Any"))
    theme = django_filters.ChoiceFilter(label=_("Theme"), choices=Theme.choices, empty_label=_("Any"),
                                        method="filter_theme")
    language = django_filters.ChoiceFilter(label=_("Language"), choices=SupportLanguage.choices,
                                           empty_label=_("Any"), method="filter_language")

    class Meta:
        model = Expert
        fields = ["q", "hub", "availability", "theme", "language"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        seen = permissions.experts_visible_to(_user(request), Expert.objects.all()).values("hub_id")
        self.filters["hub"].queryset = Organisation.objects.filter(pk__in=seen).order_by("name")

    def search(self, queryset, name, value):
        return _words(queryset, value, ["user__username", "user__first_name", "user__last_name"])

    # JSON lists: matched in Python-free SQL through a containment-free text match that both SQLite and
    # PostgreSQL run ("\"youth\"" inside the stored list).
    def filter_theme(self, queryset, name, value):
        return queryset.filter(themes__icontains=f'"{value}"')

    def filter_language(self, queryset, name, value):
        return queryset.filter(languages__icontains=f'"{value}"')


class RegisterFilterForm(forms.Form):
    """The who-does-what-where register's filters: place, goal, organisation, period (a year). The register's
    rows come from `support.queries.register_rows(user, filters)`, not from one model, so this is a plain form
    with the FilterSet's two helpers the list template asks for."""

    governorate = forms.ModelChoiceField(label=_("Governorate"), required=False, empty_label=_("Any"),
                                         queryset=governorates())
    goal = forms.ModelChoiceField(label=_("Framework goal"), required=False, empty_label=_("Any"),
                                  queryset=Goal.objects.select_related("framework").order_by("framework__slug",
                                                                                             "position", "id"))
    organisation = forms.ModelChoiceField(label=_("Organisation"), required=False, empty_label=_("Any"),
                                          queryset=Organisation.objects.order_by("name"))
    year = forms.IntegerField(label=_("Active in year"), required=False, min_value=1900, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].label_from_instance = lambda g: f"{g.framework.abbreviation} — {g.number}. {g.title}"
        from core.forms import style_fields

        style_fields(self)


class RegisterFilter:
    """What `components/_filtered_list.html` reads from a FilterSet (`form`, `active_count`), for the register."""

    def __init__(self, data):
        self.is_bound = bool(data)
        self.form = RegisterFilterForm(data or None)

    @property
    def active_count(self) -> int:
        if not self.is_bound:
            return 0
        return sum(1 for field in self.form if field.value() not in (None, ""))

    @property
    def filters(self) -> dict:
        if not self.is_bound or not self.form.is_valid():
            return {}
        return {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "")}
