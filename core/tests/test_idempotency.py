"""Every create form is safe to send twice: the same form token sent again leads to the record created the first
time (core.idempotency), for plans, actions, indicators, progress updates and practices."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from accounts.choices import OrganisationKind, Role
from core import retention
from core.models import SubmittedForm
from places.models import Place
from plans import services
from plans.models import Action, Indicator, Plan, ProgressUpdate
from practices.models import Practice
from tests.factories import make_org, make_plan, make_user

pytestmark = pytest.mark.django_db


def _token(client, url) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="form_token" value="([0-9a-f]{32})"', page).group(1)


@pytest.fixture
def focal(reference):
    committee = make_org("Nineveh committee", kind=OrganisationKind.COMMITTEE, place=Place.objects.get(code="IQ-NI"))
    return make_user("focal", role=Role.LOCAL_FOCAL_POINT, organisation=committee)


def test_posting_the_same_action_form_twice_creates_one_action(client, focal):
    plan = make_plan(focal, place_code="IQ-NI", actions=0)
    client.force_login(focal)
    url = reverse("plans:action-create", args=[plan.pk])
    token = _token(client, url)
    assert token != _token(client, url)  # a new token each time the form is shown
    data = {"form_token": token, "title": "Youth circles", "lang": "en", "status": "planned",
            "partners-TOTAL_FORMS": "0", "partners-INITIAL_FORMS": "0"}
    first = client.post(url, data)
    assert first.status_code == 302, first.content.decode()[:3000]
    second = client.post(url, data)  # Back, then Save
    assert Action.objects.filter(plan=plan).count() == 1
    action = Action.objects.get(plan=plan)
    assert second.status_code == 302 and second["Location"] == first["Location"] == action.get_absolute_url()
    assert SubmittedForm.objects.get(token=token).object_id == str(action.pk)
    # Another form (a new token) creates another action; a form with no token creates as before.
    client.post(url, data | {"form_token": _token(client, url), "title": "Radio"})
    client.post(url, {k: v for k, v in data.items() if k != "form_token"} | {"title": "Posters"})
    assert sorted(Action.objects.filter(plan=plan).values_list("title", flat=True)) == [
        "Posters", "Radio", "Youth circles"]


def test_a_form_shown_again_with_errors_keeps_its_token(client, focal):
    plan = make_plan(focal, place_code="IQ-NI", actions=0)
    client.force_login(focal)
    url = reverse("plans:action-create", args=[plan.pk])
    token = _token(client, url)
    page = client.post(url, {"form_token": token, "title": "", "lang": "en", "status": "planned",
                             "partners-TOTAL_FORMS": "0", "partners-INITIAL_FORMS": "0"}).content.decode()
    assert f'name="form_token" value="{token}"' in page


def test_plan_indicator_progress_and_practice_forms_sent_twice_create_once(client, focal):
    client.force_login(focal)
    url = reverse("plans:create")
    data = {"form_token": _token(client, url), "title": "Nineveh plan", "lang": "en",
            "place": Place.objects.get(code="IQ-NI").pk, "owner": focal.memberships.get().organisation_id,
            "period_start": "2025-01-01", "period_end": "2026-12-31"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    plan = Plan.objects.get()
    action = services.create_action(actor=focal, plan=plan, title="Schools")
    url = reverse("plans:indicator-create", args=[action.pk])
    data = {"form_token": _token(client, url), "name": "Schools reached", "baseline": "0", "target": "10",
            "frequency": "monthly", "direction": "increase"}
    for _ in range(2):
        assert client.post(url, data)["Location"] == action.get_absolute_url()
    indicator = Indicator.objects.get(action=action)
    services.transition_plan(actor=focal, plan=plan, to_status="submitted")
    services.transition_plan(actor=make_user(role=Role.NATIONAL_COORDINATOR), plan=plan, to_status="approved")
    url = reverse("plans:progress-create", args=[indicator.pk])
    data = {"form_token": _token(client, url), "date": "2025-03-01", "value": "4"}
    for _ in range(2):
        assert client.post(url, data)["Location"] == action.get_absolute_url()
    assert ProgressUpdate.objects.filter(indicator=indicator).count() == 1
    url = reverse("practices:create")
    data = {"form_token": _token(client, url), "name": "Mothers' circles", "lang": "en", "location": "Mosul",
            "organisation_name": "Nineveh committee", "period": "2019", "start_year": 2019, "activity": "Circles"}
    first, second = client.post(url, data), client.post(url, data)
    assert Practice.objects.filter(name="Mothers' circles").count() == 1
    assert first["Location"] == second["Location"] == Practice.objects.get().get_absolute_url()


def test_another_user_sending_the_token_creates_its_own_record(client, focal, reference):
    plan = make_plan(focal, place_code="IQ-NI", actions=0)
    other = make_user("focal2", role=Role.LOCAL_FOCAL_POINT, organisation=plan.owner)
    url = reverse("plans:action-create", args=[plan.pk])
    client.force_login(focal)
    data = {"form_token": _token(client, url), "title": "Youth circles", "lang": "en", "status": "planned",
            "partners-TOTAL_FORMS": "0", "partners-INITIAL_FORMS": "0"}
    client.post(url, data)
    client.force_login(other)
    client.post(url, data | {"title": "Radio"})
    assert Action.objects.filter(plan=plan).count() == 2


def test_tokens_are_forgotten_after_a_week(focal):
    from django.utils import timezone

    SubmittedForm.objects.create(token="a" * 32, created_by=focal, object_type="plans.plan", object_id="1")
    assert retention.purge(now=timezone.now() + dt.timedelta(days=6))["submitted_forms"] == 0
    assert retention.purge(now=timezone.now() + dt.timedelta(days=8))["submitted_forms"] == 1
    assert not SubmittedForm.objects.exists()


def test_the_same_content_sent_again_with_a_fresh_token_within_minutes_creates_nothing_twice(client, focal):
    """Back may fetch the form afresh (a new token); Save then sends what was typed before."""
    from django.utils import timezone

    plan = make_plan(focal, place_code="IQ-NI", actions=0)
    client.force_login(focal)
    url = reverse("plans:action-create", args=[plan.pk])
    data = {"title": "Youth circles", "lang": "en", "status": "planned",
            "partners-TOTAL_FORMS": "0", "partners-INITIAL_FORMS": "0"}
    first = client.post(url, data | {"form_token": _token(client, url)})
    second = client.post(url, data | {"form_token": _token(client, url)})
    assert first["Location"] == second["Location"] and Action.objects.filter(plan=plan).count() == 1
    # Long after, the same content is a new wish: it creates.
    SubmittedForm.objects.update(at=timezone.now() - dt.timedelta(minutes=11))
    client.post(url, data | {"form_token": _token(client, url)})
    assert Action.objects.filter(plan=plan).count() == 2
