"""Every form that picks goals, frameworks, practices, places or organisations uses the one searchable picker
(core.widgets), and the plan import refuses a file of the wrong kind in the form, before any job is queued."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import Job
from core.widgets import SearchableSelect, SearchableSelectMultiple
from directory.forms import MembershipAddForm
from frameworks.forms import GoalForm, GoalMultipleChoiceField
from frameworks.models import Framework
from plans.forms import ActionForm, PartnerForm, PlanForm

from .test_views import w as w  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_every_picking_field_uses_the_searchable_picker(w):
    plan_form = PlanForm(user=w.focal)
    assert isinstance(plan_form.fields["frameworks"].widget, SearchableSelectMultiple)
    assert isinstance(plan_form.fields["place"].widget, SearchableSelect)
    assert isinstance(plan_form.fields["owner"].widget, SearchableSelect)
    action_form = ActionForm(plan=w.plan, user=w.focal)
    assert isinstance(action_form.fields["goals"], GoalMultipleChoiceField)
    assert isinstance(action_form.fields["practices"].widget, SearchableSelectMultiple)
    assert isinstance(action_form.fields["lead"].widget, SearchableSelect)
    assert isinstance(PartnerForm().fields["organisation"].widget, SearchableSelect)
    membership = MembershipAddForm()
    assert isinstance(membership.fields["member"].widget, SearchableSelect)
    assert isinstance(membership.fields["hub"].widget, SearchableSelect)
    assert isinstance(GoalForm(framework=w.euromed).fields["parent"].widget, SearchableSelect)


def test_action_form_goals_are_grouped_with_the_national_strategy_first_in_arabic(client, w, settings):
    settings.WIQAYA_NATIONAL_FRAMEWORK = "un-pve-2015"  # a national strategy with goals, to see it come first
    client.force_login(w.focal)
    html = client.get(f"/ar/plans/{w.plan.pk}/actions/new/").content.decode()
    select = re.search(r'<select name="goals".*?</select>', html, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups[0] == Framework.objects.get(slug="un-pve-2015").title_ar
    assert Framework.objects.get(slug="euromed-cso-2017").title_ar in groups
    assert "6 — " in select and "data-search=" in select
    # The organisation pickers find an organisation by either of its names.
    assert re.search(r'<select name="lead"[^>]*data-searchable="1"', html)
    assert re.search(r'<select name="partners-0-organisation"[^>]*data-searchable="1"', html)
    # One copy of the scripts for the form and its partner rows.
    assert html.count("select2.full.min.js") == 1 and html.count("/static/js/forms.js") == 1
    assert "/static/admin/js/vendor/select2/i18n/ar.js" in html


def test_plan_form_frameworks_are_searchable_and_keep_the_national_default(client, w):
    client.force_login(w.focal)
    html = client.get("/en/plans/new/").content.decode()
    select = re.search(r'<select name="frameworks".*?</select>', html, re.S).group(0)
    assert 'data-searchable="1"' in select and "multiple" in select
    assert re.search(r'data-search="[^"]*euromed-cso-2017[^"]*"', select)
    assert "hold Ctrl" not in html


def test_plan_import_refuses_a_file_that_is_not_a_workbook_before_queueing(client, w):
    client.force_login(w.focal)
    response = client.post(reverse("plans:import"), {"file": SimpleUploadedFile("plan.xlsx", b"Title,Place\n")})
    assert response.status_code == 200 and not Job.objects.filter(kind="plan_import").exists()
    html = response.content.decode()
    assert "is named \u2068.xlsx\u2069 but its content is not a \u2068.xlsx\u2069 file" in html
    assert "\u2068plan.xlsx\u2069" in html and "\u2068.xlsm, .xlsx\u2069" in html
    assert 'data-testid="error-summary"' in html and 'href="#id_file"' in html
    response = client.post(reverse("plans:import"), {"file": SimpleUploadedFile("plan.csv", b"Title\n")})
    assert "use the Excel template (.xlsx)" in response.content.decode()
    assert not Job.objects.filter(kind="plan_import").exists()
