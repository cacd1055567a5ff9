"""Forms for plans, actions, indicators and progress updates. They only collect and check input; every write
goes through plans.services, whose ValidationErrors the views put back on these forms."""

from django import forms
from django.conf import settings
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganisationKind
from accounts.models import Organisation
from core.forms import style_fields
from core.widgets import SearchableSelect, SearchableSelectMultiple
from frameworks.forms import GoalMultipleChoiceField
from frameworks.models import Framework
from places.choices import PlaceKind
from places.models import Place
from practices.models import Practice
from practices.permissions import visible_to as practices_visible_to

from . import permissions
from .choices import ActionStatus, AgeGroup, PartnerKind, PlanStatus, Sex
from .models import Action, Indicator, Plan, alignable_frameworks

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Organisations are found by either of their names.
ORGANISATION = SearchableSelect(search_text=lambda organisation: organisation.name_alt)


def place_search_text(place) -> str:
    return " ".join(filter(None, [place.name_en, place.name_ar, *(place.aliases or [])]))


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, place):
        if place.kind == PlaceKind.DISTRICT and place.parent_id:
            return f"{place.parent.name} › {place.name}"
        return place.name


def plan_places():
    """The governorates of the installation's country (settings.WIQAYA_COUNTRY), each followed by its districts."""
    country = settings.WIQAYA_COUNTRY
    return (
        Place.objects.filter(Q(kind=PlaceKind.GOVERNORATE, parent__code=country)
                             | Q(kind=PlaceKind.DISTRICT, parent__parent__code=country))
        .select_related("parent")
        .annotate(
            governorate_name=Coalesce(
                Case(When(kind=PlaceKind.DISTRICT, then="parent__name_en")), "name_en"),
            level=Case(When(kind=PlaceKind.GOVERNORATE, then=Value(0)), default=Value(1),
                       output_field=IntegerField()),
        )
        .order_by("governorate_name", "level", "name_en")
    )


class PlanForm(forms.ModelForm):
    place = PlaceChoiceField(label=_("Place"), queryset=Place.objects.none(),
                             widget=SearchableSelect(search_text=place_search_text),
                             help_text=_("The governorate or district the plan covers."))
    frameworks = forms.ModelMultipleChoiceField(
        label=_("Aligned with"), queryset=Framework.objects.none(), required=False,
        widget=SearchableSelectMultiple,
        help_text=_("The national strategy first; type to find another framework, and choose as many as apply."),
    )

    class Meta:
        model = Plan
        fields = ["title", "lang", "place", "period_start", "period_end", "owner", "frameworks", "is_public",
                  "summary"]
        widgets = {"period_start": DATE, "period_end": DATE, "title": forms.TextInput(attrs={"dir": "auto"}),
                   "summary": forms.Textarea(attrs={"rows": 4, "dir": "auto"}), "owner": ORGANISATION}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        places = plan_places()
        allowed = permissions.planning_places(user)
        if allowed is not None:  # a focal point: its own places (and the plan's current one, when editing)
            places = places.filter(Q(pk__in=allowed) | Q(pk=self.instance.place_id))
            if not allowed:
                self.fields["place"].help_text = _("Your account has no place to plan for: an administrator "
                                                   "sets it on your membership.")
        self.fields["place"].queryset = places
        # The same words as plans.services says for a place whose plan the user may not see.
        self.fields["place"].error_messages["invalid_choice"] = _(
            "You cannot create a plan for this place and period.")
        owners = Organisation.objects.order_by("name")
        if permissions.sees_all(user):
            # A coordinator gives a plan to a sub-committee or a local government (or keeps the current owner).
            owners = owners.filter(Q(kind__in=[OrganisationKind.COMMITTEE, OrganisationKind.LOCAL_GOVERNMENT])
                                   | Q(pk=self.instance.owner_id) | Q(pk__in=user.organisation_ids()))
        else:
            owners = owners.filter(pk__in=user.organisation_ids())
        self.fields["owner"].queryset = owners
        self.fields["owner"].help_text = _("The sub-committee or local government that writes the plan.")
        # Only frameworks with goals are offered (and those the plan already has, so that editing loses nothing).
        frameworks = alignable_frameworks(keep=self.instance.frameworks.all() if self.instance.pk else ())
        self.fields["frameworks"].queryset = Framework.objects.filter(pk__in=[f.pk for f in frameworks])
        self.fields["frameworks"].choices = [(f.pk, str(f)) for f in frameworks]
        words = {f.pk: " ".join(filter(None, [f.title_en, f.title_ar, f.short_name, f.slug])) for f in frameworks}
        self.fields["frameworks"].widget.search_text = words.get
        if not self.instance.pk:
            national = [f.pk for f in frameworks if f.slug == settings.WIQAYA_NATIONAL_FRAMEWORK]
            self.fields["frameworks"].initial = national
            if owners.count() == 1:
                self.fields["owner"].initial = owners.first().pk
        style_fields(self)

    def validate_unique(self):
        """One plan per place and period: plans.services says so, on the place field."""

    def validate_constraints(self):
        """The period's order is checked in clean(), the one plan per place and period by plans.services."""

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class ActionForm(forms.ModelForm):
    goals = GoalMultipleChoiceField(
        label=_("Framework goals"), required=False,
        help_text=_("Type a goal's number or words, in Arabic or English; choose as many as apply."),
    )
    practices = forms.ModelMultipleChoiceField(
        label=_("Adapts good practices"), queryset=Practice.objects.none(), required=False,
        widget=SearchableSelectMultiple(placeholder=_("Type words of a practice's name")),
    )

    class Meta:
        model = Action
        fields = ["ref", "parent", "title", "title_alt", "lang", "description", "lead", "district", "start_date",
                  "end_date", "budget", "currency", "funding_source", "status", "practices"]
        widgets = {"start_date": DATE, "end_date": DATE, "title": forms.TextInput(attrs={"dir": "auto"}),
                   "title_alt": forms.TextInput(attrs={"dir": "auto"}),
                   "description": forms.Textarea(attrs={"rows": 3, "dir": "auto"}), "lead": ORGANISATION}

    def __init__(self, *args, plan, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        parents = plan.actions.order_by("position", "id")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = _("None: a top-level action")
        self.fields["ref"].required = False
        self.fields["ref"].help_text = _("Left empty, the next number is given (1, 2… or 1.1, 1.2… under an action).")
        self.fields["lead"].queryset = Organisation.objects.order_by("name")
        self.fields["district"].queryset = Place.objects.filter(
            kind=PlaceKind.DISTRICT, parent_id=plan.governorate_id).order_by("name_en")
        self.fields["practices"].queryset = practices_visible_to(user, Practice.objects.all()).order_by("name")
        self.fields["currency"].required = False
        if self.instance.pk:
            self.fields["goals"].initial = list(self.instance.goal_links.values_list("goal_id", flat=True))
        else:
            self.fields["lang"].initial = plan.lang
        style_fields(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The action ends before it starts."))
        if data.get("budget") is not None and not data.get("currency"):
            self.add_error("currency", _("Give the budget's currency."))
        return data


class PartnerForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Partner organisation"), queryset=Organisation.objects.none(),
                                          required=False, widget=ORGANISATION)
    kind = forms.ChoiceField(label=_("Partner type"), choices=[("", "—"), *PartnerKind.choices], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        style_fields(self)

    def clean(self):
        data = super().clean()
        if data.get("organisation") and not data.get("kind"):
            self.add_error("kind", _("Say which part of the system the partner comes from."))
        return data


PartnerFormSet = forms.formset_factory(PartnerForm, extra=2, max_num=30)


def partner_pairs(formset) -> list:
    return [(f.cleaned_data["organisation"], f.cleaned_data["kind"]) for f in formset.forms
            if f.cleaned_data.get("organisation")]


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "target", "frequency", "direction", "by_sex_and_age"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def count_field_name(sex: str, age_group: str) -> str:
    return f"count_{sex}_{age_group}".replace("-", "_").replace("+", "plus")


class ProgressForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    narrative = forms.CharField(label=_("Narrative"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
                                help_text=_("What was done and for whom — groups, never named people."))
    evidence = MultipleFileField(label=_("Evidence files"), required=False,
                                 help_text=_("Photos, attendance totals, reports; several at once."))
    confirm_reason = forms.CharField(
        label=_("Reason for an unusual value"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("Only for a value outside the indicator's plausible range: say why it is right."))

    def __init__(self, *args, indicator, update=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.grid = []
        if indicator.by_sex_and_age:
            existing = {(c.sex, c.age_group): c.count for c in update.counts.all()} if update else {}
            for sex, sex_label in Sex.choices:
                row = []
                for age, _age_label in AgeGroup.choices:
                    name = count_field_name(sex, age)
                    self.fields[name] = forms.IntegerField(
                        label=f"{sex_label} {_age_label}", min_value=0, required=False,
                        initial=existing.get((sex, age)), widget=forms.NumberInput(attrs={"min": 0}),
                    )
                    row.append(name)
                self.grid.append((sex_label, row))
        if update is not None:
            for name in ("date", "value", "narrative", "confirm_reason"):
                self.fields[name].initial = getattr(update, name)
        style_fields(self)

    def grid_rows(self):
        return [(label, [self[name] for name in names]) for label, names in self.grid]

    def age_labels(self):
        return [label for _value, label in AgeGroup.choices]

    def counts(self):
        if not self.indicator.by_sex_and_age:
            return None
        return {(sex, age): self.cleaned_data.get(count_field_name(sex, age))
                for sex in Sex.values for age in AgeGroup.values}


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=PlanStatus.choices, widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class CommentForm(forms.Form):
    """A comment on one action (plans.services.add_comment)."""

    text = forms.CharField(label=_("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
