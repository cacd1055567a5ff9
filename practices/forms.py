"""Forms for entering and reviewing practices."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from accounts.permissions import is_administrator, is_reviewer
from core.forms import style_fields
from frameworks.models import Goal
from places.choices import PlaceKind
from places.models import Place

from .choices import ReviewLevel
from .models import Practice


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, goal):
        return f"{goal.framework} — {goal.number}. {goal.title}"


class PracticeForm(forms.ModelForm):
    goals = GoalChoiceField(
        label=_("Framework goals"),
        queryset=Goal.objects.select_related("framework").order_by("framework__slug", "position"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )

    class Meta:
        model = Practice
        fields = [
            "name", "lang", "country", "location", "organisation", "organisation_name", "period", "start_year",
            "end_year", "ongoing", "activity", "objectives", "description", "beneficiaries", "review_level",
        ]
        widgets = {
            "activity": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "beneficiaries": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is None or not (is_reviewer(user) or is_administrator(user)):
            # The review level is a reviewer's judgement (practices.services): an author does not see the field.
            del self.fields["review_level"]
        self.fields["country"].queryset = Place.objects.filter(kind=PlaceKind.COUNTRY).order_by("name_en")
        # Accepted organisations and goals, and the proposals this practice already names (its organisation's
        # own, from a private document): editing the practice keeps them rather than dropping them.
        organisations = Q(proposed_by=None)
        if self.instance.organisation_id:
            organisations |= Q(pk=self.instance.organisation_id)
        self.fields["organisation"].queryset = Organisation.with_proposals.filter(organisations).order_by("name")
        if self.instance.pk:
            linked = list(self.instance.goal_links.values_list("goal_id", flat=True))
            self.fields["goals"].initial = linked
            self.fields["goals"].queryset = Goal.with_proposals.filter(
                Q(proposed_by=None) | Q(pk__in=linked)).select_related("framework").order_by(
                "framework__slug", "position")
        if "review_level" in self.fields:
            self.fields["review_level"].choices = [("", _("Not yet reviewed"))] + list(ReviewLevel.choices)
        style_fields(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The end year is before the start year."))
        if not data.get("organisation") and not data.get("organisation_name"):
            self.add_error("organisation", _("Choose the organisation responsible or write its name."))
        return data


class TransitionForm(forms.Form):
    to_status = forms.CharField(label=_("New status"), widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
