"""Forms for entering and reviewing practices."""

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from accounts.permissions import is_administrator, is_reviewer
from core.forms import style_fields
from core.widgets import SearchableSelect
from frameworks.forms import GoalMultipleChoiceField
from frameworks.models import Goal
from places.choices import PlaceKind
from places.models import Place

from .choices import ReviewLevel
from .models import Practice


class PlaceChoiceField(forms.ModelChoiceField):
    """A governorate, or a district with its governorate, in the reader's language."""

    def label_from_instance(self, place):
        if place.kind == PlaceKind.DISTRICT and place.parent_id:
            return f"{place.name} ({place.parent.name})"
        return place.name


def place_search_text(place) -> str:
    return " ".join(filter(None, [place.name_en, place.name_ar, *(place.aliases or [])]))


class PracticeForm(forms.ModelForm):
    place = PlaceChoiceField(
        label=_("Governorate or district"), required=False, queryset=Place.objects.none(),
        widget=SearchableSelect(search_text=place_search_text),
        help_text=_("Where in the country, when it is in the list; otherwise write it under “as written”."),
    )
    goals = GoalMultipleChoiceField(
        label=_("Framework goals"), required=False,
        help_text=_("Type a goal's number or words, in Arabic or English; choose as many as apply."),
    )

    class Meta:
        model = Practice
        fields = [
            "name", "lang", "country", "place", "location", "organisation", "organisation_name", "period", "start_year",
            "end_year", "ongoing", "activity", "objectives", "description", "beneficiaries", "review_level",
        ]
        widgets = {
            "activity": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "beneficiaries": forms.Textarea(attrs={"rows": 2}),
            "country": SearchableSelect,
            "organisation": SearchableSelect(search_text=lambda organisation: organisation.name_alt),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is None or not (is_reviewer(user) or is_administrator(user)):
            # The review level is a reviewer's judgement (practices.services): an author does not see the field.
            del self.fields["review_level"]
        self.fields["country"].queryset = Place.objects.filter(kind=PlaceKind.COUNTRY).order_by("name_en")
        # Each governorate followed by its districts.
        self.fields["place"].queryset = Place.objects.filter(
            kind__in=[PlaceKind.GOVERNORATE, PlaceKind.DISTRICT]).select_related("parent").order_by(
            Coalesce(Case(When(kind=PlaceKind.DISTRICT, then="parent__name_en")), "name_en"),
            Case(When(kind=PlaceKind.GOVERNORATE, then=Value(0)), default=Value(1), output_field=IntegerField()),
            "name_en")
        # Accepted organisations and goals, and the proposals this practice already names (its organisation's
        # own, from a private document): editing the practice keeps them rather than dropping them.
        organisations = Q(proposed_by=None)
        if self.instance.organisation_id:
            organisations |= Q(pk=self.instance.organisation_id)
        self.fields["organisation"].queryset = Organisation.with_proposals.filter(organisations).order_by("name")
        if self.instance.pk:
            linked = list(self.instance.goal_links.values_list("goal_id", flat=True))
            self.fields["goals"].initial = linked
            self.fields["goals"].queryset = Goal.with_proposals.filter(Q(proposed_by=None) | Q(pk__in=linked))
        if "review_level" in self.fields:
            self.fields["review_level"].choices = [("", _("Not yet reviewed"))] + list(ReviewLevel.choices)
        style_fields(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The end year is before the start year."))
        place, country = data.get("place"), data.get("country")
        if place and country and place.parent_id and country.pk not in (place.parent_id, place.parent.parent_id):
            self.add_error("place", _("This place is not in the country chosen."))
        if not data.get("organisation") and not data.get("organisation_name"):
            self.add_error("organisation", _("Choose the organisation responsible or write its name."))
        return data


class TransitionForm(forms.Form):
    to_status = forms.CharField(label=_("New status"), widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
