"""Forms of the event pages. They only collect and check input; every write goes through `events.services`, whose
ValidationErrors the views put back on these forms (`core.forms.add_service_errors`)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.forms import style_fields
from core.uploads import kind_problem
from core.widgets import SearchableSelect, SearchableSelectMultiple
from places.models import Place
from plans.forms import PlaceChoiceField, place_search_text, plan_places

from . import permissions
from .choices import Audience, EventKind, EventStatus
from .models import Event
from .services.events import DOCUMENT_KINDS as _DOCUMENT_KINDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = {"dir": "auto"}
# What an event's documents may be: the service's list, checked here too so that the form names the field.
DOCUMENT_KINDS = _DOCUMENT_KINDS


def organisation_search_text(organisation) -> str:
    return " ".join(filter(None, [organisation.name, getattr(organisation, "name_alt", "")]))


def convener_choices(user, event=None):
    """The organisations a user may name as conveners: all of them for coordinators, else the user's own (and,
    on an existing event, those already named)."""
    if permissions.sees_all(user):
        return Organisation.objects.order_by("name")
    keep = Q(pk__in=user.organisation_ids())
    if event is not None and event.pk:
        keep |= Q(pk__in=event.conveners.values("pk"))
    return Organisation.objects.filter(keep).order_by("name")


class EventForm(forms.ModelForm):
    conveners = forms.ModelMultipleChoiceField(
        label=_("Convening organisations"), queryset=Organisation.objects.none(),
        widget=SearchableSelectMultiple(search_text=organisation_search_text),
        help_text=_("Your own organisations; a national coordinator may name any."))
    place = PlaceChoiceField(label=_("Place"), queryset=Place.objects.none(), required=False,
                             widget=SearchableSelect(search_text=place_search_text),
                             help_text=_("The governorate or district; leave it empty for an online event."))
    audiences = forms.MultipleChoiceField(label=_("Audience"), choices=Audience.choices, required=False,
                                          widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Event
        fields = ["title", "kind", "lang", "start_date", "end_date", "status", "conveners", "place", "online",
                  "venue", "audiences", "description", "agenda", "reference"]
        widgets = {"title": forms.TextInput(attrs=TEXT), "venue": forms.TextInput(attrs=TEXT),
                   "description": forms.Textarea(attrs={"rows": 3, **TEXT}),
                   "agenda": forms.Textarea(attrs={"rows": 5, **TEXT}), "start_date": DATE, "end_date": DATE,
                   "reference": forms.TextInput(attrs={"dir": "ltr"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.instance if self.instance.pk else None
        choices = convener_choices(user, event)
        self.fields["conveners"].queryset = choices
        if event is None and choices.count() == 1:
            self.fields["conveners"].initial = [choices.first().pk]
        self.fields["place"].queryset = plan_places()
        self.fields["kind"].choices = EventKind.choices
        self.fields["status"].choices = EventStatus.choices
        self.fields["reference"].required = False
        if event is not None:
            self.fields["reference"].disabled = True
        style_fields(self)
        self.fields["audiences"].widget.attrs.pop("class", None)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day comes before the first day."))
        if not data.get("place") and not data.get("online"):
            self.add_error("place", _("Choose the place, or say that the event is online."))
        return data

    def validate_unique(self):
        """The reference is given (and made unique) by the service."""


class ParticipationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(),
        widget=SearchableSelect(search_text=organisation_search_text),
        help_text=_("From the directory; its type is recorded with the counts."))
    participants = forms.IntegerField(label=_("Participants"), min_value=1)
    women = forms.IntegerField(label=_("Women among them"), min_value=0, initial=0)
    youth = forms.IntegerField(label=_("Youth among them"), min_value=0, initial=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["organisation"].label_from_instance = (
            lambda o: f"{o.name} — {o.get_kind_display()}" if hasattr(o, "get_kind_display") else o.name)
        style_fields(self)

    def clean(self):
        data = super().clean()
        total = data.get("participants")
        if total is not None:
            messages = {"women": _("More women than participants (%(total)s)."),
                        "youth": _("More youth than participants (%(total)s).")}
            for name, message in messages.items():
                if (data.get(name) or 0) > total:
                    self.add_error(name, message % {"total": total})
        return data


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, widget=forms.TextInput(attrs=TEXT))
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word, Excel, CSV or text; never a list of people."))
    is_public = forms.BooleanField(label=_("Public once the event is published"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        problem = kind_problem(upload, DOCUMENT_KINDS)
        if problem:
            raise forms.ValidationError(problem)
        return upload


class MinutesForm(forms.Form):
    text = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 10, **TEXT}),
                           help_text=_("What was said, by organisation; never a person's name or telephone number."))
    outcomes = forms.CharField(label=_("Outcomes"), required=False,
                               widget=forms.Textarea(attrs={"rows": 5, **TEXT}))
    lang = forms.ChoiceField(label=_("Language"), choices=())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        from practices.choices import PracticeLanguage

        super().__init__(*args, **kwargs)
        self.fields["lang"].choices = PracticeLanguage.choices
        style_fields(self)


class PublishForm(forms.Form):
    is_public = forms.BooleanField(required=False)
    minutes_public = forms.BooleanField(required=False)
