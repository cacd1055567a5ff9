"""Forms for adding a network membership and changing its status."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganisationKind
from accounts.models import Organisation
from core.forms import in_reading_order, style_fields
from core.widgets import SearchableSelect

from .choices import MembershipStatus

DATE = forms.DateInput(attrs={"type": "date"})


class MembershipAddForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.exclude(kind=OrganisationKind.NETWORK).order_by("name"),
        help_text=_("Usually a city or another local government."),
        widget=SearchableSelect(search_text=lambda organisation: organisation.name_alt),
    )
    hub = forms.ModelChoiceField(
        label=_("Supporting hub"), required=False,
        queryset=Organisation.objects.filter(kind=OrganisationKind.HUB).order_by("name"),
        widget=SearchableSelect(search_text=lambda organisation: organisation.name_alt),
    )
    status = forms.ChoiceField(
        label=_("Status"), initial=MembershipStatus.CANDIDATE,
        choices=[(MembershipStatus.CANDIDATE, MembershipStatus.CANDIDATE.label),
                 (MembershipStatus.MEMBER, MembershipStatus.MEMBER.label)],
    )
    since = forms.DateField(label=_("Since"), required=False, widget=DATE, help_text=_("Today when left empty."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        if network is not None:
            self.fields["member"].queryset = self.fields["member"].queryset.exclude(
                memberships_in_networks__network=network)
        for name in ("member", "hub"):
            in_reading_order(self.fields[name], lambda org: org.display_name)
        style_fields(self)


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=MembershipStatus.choices)
    on = forms.DateField(label=_("Date"), required=False, widget=DATE, help_text=_("Today when left empty."))
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, allowed=None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed is not None:
            self.fields["status"].choices = [(s, MembershipStatus(s).label) for s in MembershipStatus.values
                                             if s in allowed]
        style_fields(self)
