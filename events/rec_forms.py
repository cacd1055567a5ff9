"""Forms of the recommendation pages. They only collect and check input; every write goes through
`events.services`, whose ValidationErrors the views put back on these forms (`core.forms.add_service_errors`), on
the field they name."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.forms import style_fields
from core.widgets import SearchableSelect, SearchableSelectMultiple
from frameworks.forms import GoalMultipleChoiceField
from frameworks.models import Paragraph
from places.models import Place
from plans.forms import MultipleFileField, PlaceChoiceField, place_search_text, plan_places
from plans.models import Action, Plan
from plans.permissions import actions_visible_to
from plans.permissions import can as can_plan
from plans.permissions import visible_to as plans_visible_to

from . import permissions
from .choices import (
    RESPONSES_WITH_REASON,
    STATUSES_WITH_REASON,
    STATUSES_WITH_SUCCESSOR,
    Audience,
    OwnerRole,
    Response,
    SourceKind,
    Status,
)
from .models import Recommendation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = {"dir": "auto"}


def organisation_picker(**kwargs):
    return SearchableSelect(search_text=lambda organisation: organisation.name_alt, **kwargs)


class PlaceMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, place):
        return PlaceChoiceField.label_from_instance(self, place)


class RecommendationForm(forms.ModelForm):
    """A recommendation: its words (and translation), why, for whom, where, which goals, by when and how anyone
    can tell it is done. From an event, or (no event) from a support request, an evaluation or an outside
    document, kept by one of the user's organisations."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    audiences = forms.MultipleChoiceField(label=_("Audience"), choices=Audience.choices, required=False,
                                          widget=forms.CheckboxSelectMultiple)
    places = PlaceMultipleChoiceField(label=_("Places"), queryset=Place.objects.none(), required=False,
                                      widget=SearchableSelectMultiple(search_text=place_search_text),
                                      help_text=_("Governorates or districts; leave empty and tick “national” "
                                                  "for the whole country."))
    goals = GoalMultipleChoiceField(label=_("Framework goals"), required=False)
    paragraphs = forms.ModelMultipleChoiceField(label=_("Framework paragraphs"), queryset=Paragraph.objects.none(),
                                                required=False, widget=SearchableSelectMultiple)

    class Meta:
        model = Recommendation
        fields = ["source_kind", "support_request", "steward", "source_title", "source_url", "number", "text", "lang",
                  "translation", "translation_lang", "rationale", "audiences", "national", "places", "goals",
                  "paragraphs", "priority", "issued_on", "due_date", "done_when"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4, **TEXT}),
            "translation": forms.Textarea(attrs={"rows": 3, **TEXT}),
            "rationale": forms.Textarea(attrs={"rows": 3, **TEXT}),
            "done_when": forms.Textarea(attrs={"rows": 2, **TEXT}),
            "source_title": forms.TextInput(attrs=TEXT), "number": forms.TextInput(attrs={"dir": "auto"}),
            "issued_on": DATE, "due_date": DATE, "steward": organisation_picker(),
            "support_request": SearchableSelect,
        }

    def __init__(self, *args, user, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event if event is not None else getattr(self.instance, "event", None)
        self.fields["places"].queryset = plan_places()
        self.fields["paragraphs"].queryset = Paragraph.objects.select_related("goal__framework").order_by(
            "goal__framework__slug", "goal__position", "number")
        self.fields["paragraphs"].label_from_instance = (
            lambda p: f"{p.goal.framework.abbreviation} ¶{p.number}")
        self.fields["issued_on"].required = False
        self.fields["issued_on"].help_text = _("Left empty: the event's last day, or today.")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        if self.event is not None:
            for name in ("source_kind", "support_request", "steward", "source_title", "source_url"):
                del self.fields[name]
        else:
            from support.models import SupportRequest
            from support.permissions import requests_visible_to

            self.fields["source_kind"].choices = [c for c in SourceKind.choices if c[0] != SourceKind.EVENT]
            self.fields["support_request"].queryset = requests_visible_to(
                user, SupportRequest.objects.all()).order_by("-pk")
            self.fields["support_request"].label_from_instance = lambda r: f"{r.reference} {r.title}"
            stewards = Organisation.objects.order_by("name")
            if not permissions.sees_all(user):
                keep = Q(pk__in=user.organisation_ids())
                if self.instance.pk and self.instance.steward_id:
                    keep |= Q(pk=self.instance.steward_id)
                stewards = stewards.filter(keep)
            self.fields["steward"].queryset = stewards
            self.fields["steward"].required = True
            if not self.instance.pk and stewards.count() == 1:
                self.fields["steward"].initial = stewards.first().pk
        style_fields(self)
        self.fields["audiences"].widget.attrs.pop("class", None)

    def clean(self):
        data = super().clean()
        kind = data.get("source_kind")
        if kind == SourceKind.SUPPORT_REQUEST and not data.get("support_request"):
            self.add_error("support_request", _("Choose the support request it comes from."))
        if kind in {SourceKind.EVALUATION, SourceKind.DOCUMENT} and not data.get("source_title"):
            self.add_error("source_title", _("Name the evaluation or document it comes from."))
        if data.get("translation") and not data.get("translation_lang"):
            self.add_error("translation_lang", _("Say which language the translation is in."))
        return data

    def validate_unique(self):
        """The reference is given by the service."""

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        if data.get("issued_on") is None:
            data.pop("issued_on", None)
        return data


class OwnerForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none(),
                                          required=False, widget=organisation_picker())
    role = forms.ChoiceField(label=_("Role"), choices=OwnerRole.choices, initial=OwnerRole.SUPPORTING)
    is_public = forms.BooleanField(label=_("Named in public"), required=False, initial=True,
                                   help_text=_("Unticked, public pages show only the organisation's type."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        style_fields(self)


class BaseOwnerFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen, leads = set(), []
        for form in self.forms:
            organisation = form.cleaned_data.get("organisation")
            if organisation is None:
                continue
            if organisation.pk in seen:
                form.add_error("organisation", _("This organisation is named twice."))
            seen.add(organisation.pk)
            if form.cleaned_data.get("role") == OwnerRole.LEAD:
                leads.append(form)
        for form in leads[1:]:
            form.add_error("role", _("A recommendation has one lead organisation; make this one supporting or "
                                     "contributing."))

    def owners(self) -> list[dict]:
        return [{"organisation": f.cleaned_data["organisation"], "role": f.cleaned_data["role"],
                 "is_public": f.cleaned_data["is_public"]}
                for f in self.forms if f.cleaned_data.get("organisation") is not None]


OwnerFormSet = forms.formset_factory(OwnerForm, formset=BaseOwnerFormSet, extra=2, max_num=40)


class RespondForm(forms.Form):
    response = forms.ChoiceField(label=_("Your organisation's response"),
                                 choices=[c for c in Response.choices if c[0] != Response.PENDING],
                                 widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3, **TEXT}),
                             help_text=_("Needed when the recommendation is partly accepted, noted or declined."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
        self.fields["response"].widget.attrs.pop("class", None)

    def clean(self):
        data = super().clean()
        if data.get("response") in RESPONSES_WITH_REASON and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why: a recommendation partly accepted, noted or declined needs a reason."))
        return data


class StatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(label=_("Implementation status"), choices=Status.choices)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2, **TEXT}),
                             help_text=_("Needed when it is suspended, superseded or merged."))
    successor = forms.ModelChoiceField(label=_("Superseded by / merged into"), required=False,
                                       queryset=Recommendation.objects.none(), widget=SearchableSelect)

    def __init__(self, *args, user, recommendation, **kwargs):
        kwargs.setdefault("initial", {"status": recommendation.status, "version": recommendation.version,
                                      "successor": recommendation.successor_id,
                                      "reason": recommendation.status_reason})
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = permissions.recommendations_visible_to(
            user, Recommendation.objects.exclude(pk=recommendation.pk)).order_by("reference")
        self.fields["successor"].label_from_instance = lambda r: f"{r.reference} {r.text[:80]}"
        style_fields(self)

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status in STATUSES_WITH_REASON and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the recommendation is suspended, superseded or merged."))
        if status in STATUSES_WITH_SUCCESSOR and not data.get("successor"):
            self.add_error("successor", _("Choose the recommendation that takes over."))
        return data


class DelayForm(forms.Form):
    reason = forms.CharField(label=_("Why it is behind"), widget=forms.Textarea(attrs={"rows": 3, **TEXT}),
                             help_text=_("What holds it up and what is done about it; public readers see it "
                                         "once the recommendation is published."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class UpdateForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Reported by"), queryset=Organisation.objects.none(),
                                          widget=organisation_picker())
    date = forms.DateField(label=_("Date"), widget=DATE)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, required=False,
                                  help_text=_("How far it is carried out now, from 0 to 100."))
    text = forms.CharField(label=_("What changed"), widget=forms.Textarea(attrs={"rows": 4, **TEXT}),
                           help_text=_("Never write a person's name, telephone number or e-mail address."))
    lang = forms.ChoiceField(label=_("Language"), choices=Recommendation._meta.get_field("lang").choices)
    is_public = forms.BooleanField(label=_("Public"), required=False,
                                   help_text=_("Shown on the public follow-up once the recommendation is published."))
    public_evidence = MultipleFileField(label=_("Evidence anyone may see"), required=False,
                                        help_text=_("Shown with a public update only."))
    private_evidence = MultipleFileField(label=_("Evidence for the owners and managers only"), required=False)

    def __init__(self, *args, user, recommendation, **kwargs):
        super().__init__(*args, **kwargs)
        owners = recommendation.owners.select_related("organisation")
        if not (permissions.sees_all(user) or permissions.manages(user, recommendation)):
            owners = owners.filter(organisation__in=user.organisation_ids())
        organisations = Organisation.objects.filter(pk__in=owners.values("organisation_id")).order_by("name")
        if not organisations.exists() and recommendation.steward_id:
            organisations = Organisation.objects.filter(pk=recommendation.steward_id)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first().pk
        style_fields(self)

    def evidence(self) -> list[tuple]:
        data = self.cleaned_data
        return ([(f, True) for f in data.get("public_evidence") or []]
                + [(f, False) for f in data.get("private_evidence") or []])


def changeable_plans(user):
    """The plans the user may add an action to (plans.permissions: the owner's members while it is editable)."""
    plans = plans_visible_to(user, Plan.objects.all()).select_related("owner", "place").order_by("-pk")
    return [plan for plan in plans[:200] if can_plan(user, "change", plan)]


class CreateActionForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none(), widget=SearchableSelect,
                                  help_text=_("One of the plans your organisation may change."))
    title = forms.CharField(label=_("Title of the action"), max_length=300, widget=forms.TextInput(attrs=TEXT))

    def __init__(self, *args, user, recommendation, **kwargs):
        kwargs.setdefault("initial", {"title": recommendation.text[:300]})
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.filter(
            pk__in=[p.pk for p in changeable_plans(user)]).order_by("-pk")
        self.fields["plan"].label_from_instance = lambda p: str(p.title)
        style_fields(self)


class LinkActionForm(forms.Form):
    action = forms.ModelChoiceField(label=_("Plan action"), queryset=Action.objects.none(), widget=SearchableSelect)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = actions_visible_to(user, Action.objects.all()).select_related(
            "plan").order_by("plan_id", "position", "id")
        self.fields["action"].label_from_instance = lambda a: f"{a.plan.title} › {a.ref} {a.title}"
        style_fields(self)
