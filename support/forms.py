"""Forms of the support desk. They only collect and check input; every write goes through `support.services`,
whose ValidationErrors the views put back on these forms (`core.forms.add_service_errors`)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganisationKind
from accounts.models import Organisation
from core.forms import style_fields
from core.widgets import SearchableSelect, SearchableSelectMultiple
from frameworks.forms import GoalMultipleChoiceField
from places.models import Place
from plans.forms import PlaceChoiceField, place_search_text, plan_places
from plans.models import Action
from plans.permissions import actions_visible_to
from practices.models import Practice
from practices.permissions import visible_to as practices_visible_to

from . import permissions
from .choices import (
    NEED_MOVES,
    AffectedGroup,
    Availability,
    EngagementType,
    Mode,
    NeedMet,
    NeedStatus,
    NextStepParty,
    ReasonKind,
    SupportLanguage,
    Theme,
)
from .models import Expert, Need, Reason, SupportRequest

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ORGANISATION = SearchableSelect(search_text=lambda organisation: organisation.name_alt)
TEXT = {"dir": "auto"}


def _own_organisations(user):
    """The organisations a user records for: all of them for coordinators, else the user's own."""
    if permissions.sees_all(user):
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(pk__in=user.organisation_ids()).order_by("name")


def hubs():
    return Organisation.objects.filter(kind=OrganisationKind.HUB).order_by("name")


class NeedForm(forms.ModelForm):
    place = PlaceChoiceField(label=_("Place"), queryset=Place.objects.none(),
                             widget=SearchableSelect(search_text=place_search_text),
                             help_text=_("The governorate or district."))
    goals = GoalMultipleChoiceField(label=_("Framework goals"), required=False)
    groups = forms.MultipleChoiceField(label=_("Groups affected"), choices=AffectedGroup.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple,
                                       help_text=_("Categories only: never name a person."))
    actions = forms.ModelMultipleChoiceField(label=_("Plan actions that address it"), queryset=Action.objects.none(),
                                             required=False, widget=SearchableSelectMultiple)

    class Meta:
        model = Need
        fields = ["title", "lang", "owner", "hub", "place", "theme", "source", "severity", "priority_rank", "goals",
                  "groups", "actions", "description"]
        widgets = {"title": forms.TextInput(attrs=TEXT), "description": forms.Textarea(attrs={"rows": 4, **TEXT}),
                   "owner": ORGANISATION, "hub": ORGANISATION}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = plan_places()
        owners = _own_organisations(user)
        if self.instance.pk:
            owners = Organisation.objects.filter(Q(pk__in=owners.values("pk")) | Q(pk=self.instance.owner_id)).order_by(
                "name")
        self.fields["owner"].queryset = owners
        if not self.instance.pk and owners.count() == 1:
            self.fields["owner"].initial = owners.first().pk
        self.fields["hub"].queryset = hubs()
        self.fields["actions"].queryset = actions_visible_to(user, Action.objects.all()).select_related(
            "plan").order_by("plan_id", "position", "id")
        self.fields["actions"].label_from_instance = lambda a: f"{a.plan.title} › {a.ref} {a.title}"
        self.fields["severity"].widget = forms.Select(choices=[("", "—"), *[(n, str(n)) for n in range(1, 6)]])
        style_fields(self)
        # Checkboxes keep their own class (style_fields gives a multiple select's).
        self.fields["groups"].widget.attrs.pop("class", None)


class NeedStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2, **TEXT}),
                             help_text=_("Why the status changes: the history keeps it."))

    def __init__(self, *args, need, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = NEED_MOVES.get(NeedStatus(need.status), set())
        self.fields["status"].choices = [(s.value, s.label) for s in NeedStatus if s in allowed]
        style_fields(self)


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, widget=forms.TextInput(attrs=TEXT))
    file = forms.FileField(label=_("File"), help_text=_("A consultation report or an assessment summary: "
                                                        "community-level only, no list of people."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class RequestForm(forms.ModelForm):
    place = PlaceChoiceField(label=_("Place"), queryset=Place.objects.none(),
                             widget=SearchableSelect(search_text=place_search_text))
    needs = forms.ModelMultipleChoiceField(label=_("Needs"), queryset=Need.objects.none(),
                                           widget=SearchableSelectMultiple,
                                           help_text=_("At least one of the needs your organisation recorded."))
    goals = GoalMultipleChoiceField(label=_("Framework goals"), required=False)
    languages = forms.MultipleChoiceField(label=_("Languages"), choices=SupportLanguage.choices, required=False,
                                          widget=forms.CheckboxSelectMultiple)
    co_requesters = forms.ModelMultipleChoiceField(
        label=_("Co-requesting localities"), queryset=Organisation.objects.none(), required=False,
        widget=SearchableSelectMultiple(search_text=lambda organisation: organisation.name_alt))

    class Meta:
        model = SupportRequest
        fields = ["title", "lang", "requester", "hub", "place", "needs", "request_type", "priority",
                  "result_wanted", "description", "timeframe_start", "timeframe_end", "mode", "languages",
                  "sponsoring_role", "stakeholders", "co_requesters", "goals"]
        widgets = {"title": forms.TextInput(attrs=TEXT), "description": forms.Textarea(attrs={"rows": 3, **TEXT}),
                   "result_wanted": forms.Textarea(attrs={"rows": 3, **TEXT}),
                   "stakeholders": forms.Textarea(attrs={"rows": 2, **TEXT}),
                   "sponsoring_role": forms.TextInput(attrs=TEXT), "timeframe_start": DATE, "timeframe_end": DATE,
                   "requester": ORGANISATION, "hub": ORGANISATION}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = plan_places()
        requesters = _own_organisations(user)
        if self.instance.pk:
            requesters = Organisation.objects.filter(Q(pk__in=requesters.values("pk"))
                                                     | Q(pk=self.instance.requester_id)).order_by("name")
        self.fields["requester"].queryset = requesters
        if not self.instance.pk and requesters.count() == 1:
            self.fields["requester"].initial = requesters.first().pk
        self.fields["hub"].queryset = hubs()
        if not self.instance.pk and hubs().count() == 1:
            self.fields["hub"].initial = hubs().first().pk
        needs = permissions.needs_visible_to(user, Need.objects.all())
        if not permissions.sees_all(user):
            needs = needs.filter(owner__in=user.organisation_ids())
        keep = Q(pk__in=needs.values("pk"))
        if self.instance.pk:
            keep |= Q(pk__in=self.instance.needs.values("pk"))
        self.fields["needs"].queryset = Need.objects.filter(keep).select_related("place").order_by("-severity",
                                                                                                   "title")
        self.fields["co_requesters"].queryset = Organisation.objects.filter(
            kind__in=[OrganisationKind.COMMITTEE, OrganisationKind.LOCAL_GOVERNMENT]).order_by("name")
        style_fields(self)
        self.fields["languages"].widget.attrs.pop("class", None)

    def validate_unique(self):
        """The reference is given by the service (which also says when the timeframe ends before it starts, on
        its end)."""


def reasons(kind) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(label=_("Reason"), queryset=Reason.objects.filter(kind=kind, active=True),
                                   required=False, empty_label=_("Choose a reason"))
    return field


class MoveForm(forms.Form):
    """One move of a request: where to, the version the page showed, the reason (when the move needs one) and a
    note. The view checks the reason against the move's list."""

    to_stage = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.ModelChoiceField(label=_("Reason"), queryset=Reason.objects.filter(active=True), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 1, **TEXT}))


class CandidateDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("propose", "propose"), ("accept", "accept"), ("reject", "reject")])
    reason = forms.ModelChoiceField(label=_("Reason"), queryset=Reason.objects.filter(
        kind=ReasonKind.REJECT_MATCH, active=True), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 1, **TEXT}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("reason"):
            self.add_error("reason", _("Choose why this match is rejected."))
        return data


class ReferralForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Organisation.objects.none(), widget=ORGANISATION)
    scope = forms.CharField(label=_("What is referred"), widget=forms.Textarea(attrs={"rows": 3, **TEXT}))
    deadline = forms.DateField(label=_("Answer by"), widget=DATE)

    def __init__(self, *args, request_obj, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Organisation.objects.exclude(
            pk__in=[request_obj.requester_id, request_obj.hub_id]).order_by("name")
        style_fields(self)


class ReferralAnswerForm(forms.Form):
    accept = forms.TypedChoiceField(label=_("Your answer"), coerce=lambda v: v == "yes",
                                    choices=[("yes", _("We accept")), ("no", _("We decline"))],
                                    widget=forms.RadioSelect)
    reason = reasons(ReasonKind.REFERRAL_DECLINE)
    feedback = forms.CharField(label=_("Feedback"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3, **TEXT}),
                               help_text=_("What you will do, or why not: the locality and the hub read it."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = Reason.objects.filter(kind=ReasonKind.REFERRAL_DECLINE, active=True)
        style_fields(self)
        self.fields["accept"].widget.attrs.pop("class", None)

    def clean(self):
        data = super().clean()
        if data.get("accept") is False and not data.get("reason"):
            self.add_error("reason", _("Choose why you decline."))
        return data


class EngagementForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    engagement_type = forms.ChoiceField(label=_("Type"), choices=EngagementType.choices)
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices)
    duration_hours = forms.DecimalField(label=_("Duration (hours)"), min_value=0, max_digits=5, decimal_places=1)
    language = forms.ChoiceField(label=_("Language"), choices=SupportLanguage.choices)
    practices = forms.ModelMultipleChoiceField(label=_("Practices used"), queryset=Practice.objects.none(),
                                               required=False, widget=SearchableSelectMultiple)
    resources = forms.CharField(label=_("Resources used"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2, **TEXT}))
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3, **TEXT}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practices"].queryset = practices_visible_to(user, Practice.objects.filter(
            status="published")).order_by("name")
        style_fields(self)


class CountForm(forms.Form):
    organisation_kind = forms.ChoiceField(label=_("Organisation type"), choices=[("", "—"),
                                                                                 *OrganisationKind.choices],
                                          required=False)
    participants = forms.IntegerField(label=_("Participants"), min_value=0, required=False)
    women = forms.IntegerField(label=_("Women"), min_value=0, required=False)
    youth = forms.IntegerField(label=_("Youth"), min_value=0, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean(self):
        data = super().clean()
        if data.get("organisation_kind") and data.get("participants") is None:
            self.add_error("participants", _("How many took part?"))
        total = data.get("participants") or 0
        for name in ("women", "youth"):
            if (data.get(name) or 0) > total:
                self.add_error(name, _("More than the participants."))
        return data


class NextStepForm(forms.Form):
    party = forms.ChoiceField(label=_("For"), choices=[("", "—"), *NextStepParty.choices], required=False)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Organisation.objects.order_by("name"),
                                   required=False)
    text = forms.CharField(label=_("Step"), required=False, widget=forms.TextInput(attrs=TEXT))
    due = forms.DateField(label=_("Due"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean(self):
        data = super().clean()
        if data.get("text") and not data.get("party"):
            self.add_error("party", _("Say whose step it is."))
        return data


CountFormSet = forms.formset_factory(CountForm, extra=3, max_num=12)
NextStepFormSet = forms.formset_factory(NextStepForm, extra=2, max_num=20)


def rows_of(formset, required: str) -> list[dict]:
    return [form.cleaned_data for form in formset if form.cleaned_data.get(required)]


class OutcomeForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("How useful was the support?"), coerce=int,
                                    choices=[(n, str(n)) for n in range(1, 6)],
                                    help_text=_("1 (not useful) to 5 (very useful)."))
    need_met = forms.ChoiceField(label=_("Was the need met?"), choices=NeedMet.choices)
    what_changed = forms.CharField(label=_("What changed"), widget=forms.Textarea(attrs={"rows": 3, **TEXT}))
    action = forms.ModelChoiceField(label=_("Plan action whose progress moved"), queryset=Action.objects.none(),
                                    required=False, widget=SearchableSelect)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = actions_visible_to(user, Action.objects.all()).select_related("plan")
        self.fields["action"].label_from_instance = lambda a: f"{a.plan.title} › {a.ref} {a.title}"
        style_fields(self)


class OutcomeCheckForm(forms.Form):
    need_met = forms.ChoiceField(label=_("Is the need still met?"), choices=NeedMet.choices)
    what_changed = forms.CharField(label=_("What changed since"), widget=forms.Textarea(attrs={"rows": 3, **TEXT}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class ExpertForm(forms.Form):
    hub = forms.ModelChoiceField(label=_("Hub"), queryset=Organisation.objects.none())
    user = forms.ModelChoiceField(label=_("Account"), queryset=None, widget=SearchableSelect,
                                  help_text=_("The expert's own login, a member of the hub."))
    themes = forms.MultipleChoiceField(label=_("Themes"), choices=Theme.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    languages = forms.MultipleChoiceField(label=_("Languages"), choices=SupportLanguage.choices, required=False,
                                          widget=forms.CheckboxSelectMultiple)
    places = forms.ModelMultipleChoiceField(label=_("Places"), queryset=Place.objects.none(), required=False,
                                            widget=SearchableSelectMultiple(search_text=place_search_text))
    goals = GoalMultipleChoiceField(label=_("Framework goals"), required=False)
    availability = forms.ChoiceField(label=_("Availability"), choices=Availability.choices)
    available_from = forms.DateField(label=_("Available from"), required=False, widget=DATE)

    def __init__(self, *args, user, expert: Expert | None = None, **kwargs):
        from django.contrib.auth import get_user_model

        if expert is not None and not kwargs.get("initial"):
            kwargs["initial"] = {"hub": expert.hub_id, "user": expert.user_id, "themes": expert.themes,
                                 "languages": expert.languages, "places": list(expert.places.all()),
                                 "goals": list(expert.goals.all()), "availability": expert.availability,
                                 "available_from": expert.available_from}
        super().__init__(*args, **kwargs)
        hub_choices = hubs()
        if not permissions.sees_all(user):
            hub_choices = Organisation.objects.filter(pk__in=permissions.hub_ids(user)).order_by("name")
        self.fields["hub"].queryset = hub_choices
        if hub_choices.count() == 1 and expert is None:
            self.fields["hub"].initial = hub_choices.first().pk
        self.fields["user"].queryset = get_user_model().objects.filter(
            is_active=True, memberships__organisation__in=hub_choices).distinct().order_by("username")
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
        self.fields["places"].queryset = plan_places()
        if expert is not None:
            self.fields["hub"].disabled = True
            self.fields["user"].disabled = True
        style_fields(self)
        for name in ("themes", "languages"):
            self.fields[name].widget.attrs.pop("class", None)
