"""The plan pages: list, plan page (full and public summary), forms, workflow, evidence, overview, coverage
matrix and the actions behind a cell — with who may do what, in English and Arabic."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.choices import OrganisationKind, Role
from frameworks.models import Framework, Goal
from places.models import Place
from plans import services
from plans.models import Action, Evidence, Indicator, Plan, ProgressUpdate
from tests.factories import make_org, make_practice, make_user

pytestmark = pytest.mark.django_db

EUROMED = "euromed-cso-2017"
SECRET_ACTION = "Secret action marker 7731"
SECRET_BUDGET_SOURCE = "Hidden donor marker 5520"


class World:
    pass


def goal(number, framework=EUROMED):
    return Goal.objects.get(framework__slug=framework, parent=None, number=number)


@pytest.fixture
def w(reference):
    w = World()
    w.committee = make_org("Nineveh PVE Sub-committee", kind=OrganisationKind.COMMITTEE,
                           place=Place.objects.get(code="IQ-NI"))
    w.other_committee = make_org("Basra PVE Sub-committee", kind=OrganisationKind.COMMITTEE,
                                 place=Place.objects.get(code="IQ-BA"))
    w.ngo = make_org("Tigris Youth NGO")
    w.unrelated = make_org("Unrelated NGO")
    w.network = make_org("Women Peace Network")
    w.national = make_org("National Committee", kind=OrganisationKind.NATIONAL_BODY)
    w.focal = make_user("focal", role=Role.LOCAL_FOCAL_POINT, organisation=w.committee)
    w.other_focal = make_user("other-focal", role=Role.LOCAL_FOCAL_POINT, organisation=w.other_committee)
    w.partner = make_user("partner", role=Role.PARTNER, organisation=w.ngo)
    w.reader = make_user("reader", role=Role.PARTNER, organisation=w.unrelated)
    w.coordinator = make_user("coordinator", role=Role.NATIONAL_COORDINATOR, organisation=w.national)
    w.ninewa = Place.objects.get(code="IQ-NI")
    w.basra = Place.objects.get(code="IQ-BA")
    w.mosul = Place.objects.filter(parent=w.ninewa, kind="district").order_by("name_en").first()
    w.euromed = Framework.objects.get(slug=EUROMED)
    w.plan = services.create_plan(
        actor=w.focal, title="Nineveh local plan 2025–2026", lang="en", place=w.ninewa,
        period_start=dt.date(2025, 1, 1), period_end=dt.date(2026, 12, 31), owner=w.committee,
        frameworks=[w.euromed], summary="Youth and dialogue across Nineveh.",
    )
    w.a1 = services.create_action(
        actor=w.focal, plan=w.plan, title="Youth dialogue circles", title_alt="حلقات حوار الشباب", lang="en",
        lead=w.ngo, district=w.mosul, start_date=dt.date(2025, 2, 1), end_date=dt.date(2025, 11, 30),
        budget=12_000_000, currency="IQD", funding_source=SECRET_BUDGET_SOURCE, goals=[goal("6")],
        partners=[(w.network, "civil_society")],
    )
    w.a11 = services.create_action(actor=w.focal, plan=w.plan, parent=w.a1, title=SECRET_ACTION, lang="en",
                                   goals=[goal("2")])
    w.a2 = services.create_action(actor=w.focal, plan=w.plan, title="حملة إعلامية محلية", lang="ar",
                                  goals=[goal("8")], lead=w.committee)
    w.ind = services.create_indicator(actor=w.focal, action=w.a1, name="Young people taking part", unit="people",
                                      baseline=0, target=200, by_sex_and_age=True)
    return w


def approve(w, plan=None):
    plan = plan or w.plan
    services.transition_plan(actor=w.focal if plan.owner_id == w.committee.pk else w.other_focal, plan=plan,
                             to_status="submitted")
    services.transition_plan(actor=w.coordinator, plan=plan, to_status="approved", comment="Good.")
    plan.refresh_from_db()
    return plan


def login(client, user):
    client.force_login(user)
    return client


def html(response) -> str:
    return response.content.decode()


# --- every page, in both languages -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_page_renders_in_both_languages(client, w, lang):
    approve(w)
    update = services.add_progress(actor=w.partner, indicator=w.ind, date=dt.date(2025, 3, 1), value=50,
                                   narrative="First sessions.", counts={("female", "15-24"): 20, ("male", "15-24"): 30})
    login(client, w.focal)
    pages = [
        reverse("plans:list"), reverse("plans:create"), reverse("plans:overview"), reverse("plans:coverage"),
        reverse("plans:actions"), w.plan.get_absolute_url(), reverse("plans:action-status", args=[w.a1.pk]),
        reverse("plans:progress-create", args=[w.ind.pk]),
    ]
    for url in pages:
        response = client.get(url.replace("/en/", f"/{lang}/", 1))
        assert response.status_code == 200, url
        assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}"' in html(response), url
    login(client, w.partner)
    assert client.get(f"/{lang}/plans/updates/{update.pk}/edit/").status_code == 200


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_draft_forms_render_in_both_languages(client, w, lang):
    login(client, w.focal)
    for url in [f"/{lang}/plans/{w.plan.pk}/edit/", f"/{lang}/plans/{w.plan.pk}/actions/new/",
                f"/{lang}/plans/actions/{w.a1.pk}/edit/", f"/{lang}/plans/actions/{w.a1.pk}/indicators/new/",
                f"/{lang}/plans/indicators/{w.ind.pk}/edit/", f"/{lang}/plans/actions/{w.a2.pk}/delete/",
                f"/{lang}/plans/indicators/{w.ind.pk}/delete/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert ('dir="rtl"' in html(response)) == (lang == "ar")


def test_plan_page_shows_the_tree_timeline_and_content_languages(client, w):
    login(client, w.focal)
    response = client.get(w.plan.get_absolute_url())
    page = html(response)
    for text in ["Youth dialogue circles", "حلقات حوار الشباب", SECRET_ACTION, "Tigris Youth NGO", "Civil society",
                 "12,000,000 IQD", "Young people taking part", SECRET_BUDGET_SOURCE]:
        assert text in page, text
    assert 'lang="ar" dir="rtl" data-testid="action-title">حملة إعلامية محلية' in page
    # 1.1 is nested under 1 in the tree.
    tree = page[page.index('data-ref="1"'):page.index('data-ref="2"')]
    assert 'data-ref="1.1"' in tree
    assert page.count('data-testid="gantt-bar"') == 3
    # Action 1 runs February–November 2025 in a plan of 2025–2026: its bar starts about 4% in, ~41% wide.
    bar = re.search(r'data-testid="gantt-bar" style="margin-inline-start: ([\d.]+)%; inline-size: ([\d.]+)%"', page)
    assert 4 < float(bar.group(1)) < 4.5 and 40 < float(bar.group(2)) < 42
    assert "data-testid=\"workflow-history\"" in page and "data-testid=\"history\"" in page
    assert f'href="/en/frameworks/{EUROMED}/#goal-{goal("6").pk}"' in page


def test_open_issues_are_prominent(client, w):
    approve(w)
    services.set_action_status(actor=w.focal, action=w.a2, status="delayed")
    login(client, w.focal)
    page = html(client.get(w.plan.get_absolute_url()))
    assert 'data-testid="open-issues" data-count="' in page
    assert "alert-warning open-issues" in page
    assert page.count('data-testid="issue-delayed"') == 1
    # Action 1.1 ended? No: it has no end date. Action 1 ends 2025-11-30, in the past today, and is not done.
    assert page.count('data-testid="issue-past-end"') == 1
    assert page.count('data-testid="issue-overdue"') == 1  # quarterly indicator, never reported since 2025-01-01


# --- who may do what ------------------------------------------------------------------------------------


def test_focal_point_edits_own_plan_only(client, w):
    login(client, w.focal)
    assert client.get(f"/en/plans/{w.plan.pk}/edit/").status_code == 200
    other = services.create_plan(actor=w.other_focal, title="Basra plan", lang="en", place=w.basra,
                                 period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31),
                                 owner=w.other_committee)
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(f"/en/plans/{other.pk}/edit/").status_code == 404
    assert client.post(f"/en/plans/{other.pk}/actions/new/", {"title": "x"}).status_code == 404
    login(client, w.other_focal)
    assert client.get(w.plan.get_absolute_url()).status_code == 404
    assert client.get(f"/en/plans/{w.plan.pk}/edit/").status_code == 404
    assert client.get(f"/en/plans/actions/{w.a1.pk}/edit/").status_code == 404


def test_owner_cannot_edit_once_submitted(client, w):
    services.transition_plan(actor=w.focal, plan=w.plan, to_status="submitted")
    login(client, w.focal)
    assert client.get(f"/en/plans/{w.plan.pk}/edit/").status_code == 403
    assert client.get(f"/en/plans/actions/{w.a1.pk}/edit/").status_code == 403
    assert 'data-testid="edit-plan"' not in html(client.get(w.plan.get_absolute_url()))


def test_partner_leading_an_action_sees_and_reports_but_does_not_edit(client, w):
    approve(w)
    login(client, w.partner)
    page = html(client.get(w.plan.get_absolute_url()))
    assert SECRET_ACTION in page
    assert client.get(f"/en/plans/{w.plan.pk}/edit/").status_code == 403
    response = client.post(f"/en/plans/indicators/{w.ind.pk}/report/", {
        "date": "2025-03-01", "value": "30", "narrative": "Two circles met.", "count_female_15_24": "12",
        "count_male_15_24": "18", "evidence": [SimpleUploadedFile("attendance sheet.txt", b"totals only"),
                                               SimpleUploadedFile("photo.jpg", b"\xff\xd8 a photo")],
    })
    assert response.status_code == 302, response.content
    update = ProgressUpdate.objects.get(indicator=w.ind)
    assert (update.value, update.organisation) == (30, w.ngo)
    assert {(c.sex, c.age_group, c.count) for c in update.counts.all()} == {("female", "15-24", 12),
                                                                         ("male", "15-24", 18)}
    assert [e.name for e in update.evidence.all()] == ["attendance sheet.txt", "photo.jpg"]
    # The owner's update is not the partner's to change.
    owners = services.add_progress(actor=w.focal, indicator=w.ind, date=dt.date(2025, 4, 1), value=60)
    assert client.get(f"/en/plans/updates/{owners.pk}/edit/").status_code == 403
    assert client.post(f"/en/plans/updates/{owners.pk}/delete/").status_code == 403
    assert client.get(f"/en/plans/updates/{update.pk}/edit/").status_code == 200
    page = html(client.get(w.plan.get_absolute_url()))
    assert f"/en/plans/updates/{update.pk}/edit/" in page and f"/en/plans/updates/{owners.pk}/edit/" not in page
    assert client.post(f"/en/plans/actions/{w.a1.pk}/status/", {"status": "ongoing"}).status_code == 302
    assert Action.objects.get(pk=w.a1.pk).status == "ongoing"
    assert client.post(f"/en/plans/updates/{update.pk}/delete/").status_code == 302
    assert not ProgressUpdate.objects.filter(pk=update.pk).exists()


def test_partner_cannot_report_on_an_action_it_is_not_part_of(client, w):
    approve(w)
    # An indicator of action 2 (led by the owner; the partner takes no part in it), made before approval.
    ind2 = Indicator.objects.create(action=w.a2, name="Posts", baseline=0, target=10)
    login(client, w.partner)
    assert client.get(f"/en/plans/indicators/{ind2.pk}/report/").status_code == 403
    assert client.get(f"/en/plans/actions/{w.a2.pk}/status/").status_code == 403


def test_reader_sees_only_the_public_summary_of_a_public_approved_plan(client, w):
    login(client, w.reader)
    assert client.get(w.plan.get_absolute_url()).status_code == 404  # a draft, not public
    services.set_public(actor=w.focal, plan=w.plan, is_public=True)
    assert client.get(w.plan.get_absolute_url()).status_code == 404  # public, but not approved yet
    approve(w)
    for c in (client, None):
        from django.test import Client

        c = c or Client()  # the reader, then an anonymous visitor
        response = c.get(w.plan.get_absolute_url())
        assert response.status_code == 200
        page = html(response)
        assert "Nineveh local plan 2025–2026" in page and "Youth and dialogue across Nineveh." in page
        for hidden in [SECRET_ACTION, "Youth dialogue circles", SECRET_BUDGET_SOURCE, "Tigris Youth NGO",
                       "IQD", "Young people taking part"]:
            assert hidden not in page, hidden
        assert 'data-testid="summary-facts"' in page
        assert "serve 3 framework goals" in page
    assert client.get(f"/en/plans/actions/{w.a1.pk}/edit/").status_code == 404
    assert client.get(f"/en/plans/indicators/{w.ind.pk}/report/").status_code == 404
    listed = html(client.get("/en/plans/"))
    assert "Nineveh local plan 2025–2026" in listed and "Public summary" in listed


def test_coordinator_approves_and_requests_changes_with_a_comment(client, w):
    services.transition_plan(actor=w.focal, plan=w.plan, to_status="submitted")
    login(client, w.coordinator)
    page = html(client.get(w.plan.get_absolute_url()))
    assert 'data-testid="move-approve"' in page and 'data-testid="move-request_changes"' in page
    url = f"/en/plans/{w.plan.pk}/transition/"
    response = client.post(url, {"to_status": "changes_requested", "comment": ""}, follow=True)
    assert "Say which changes are needed." in html(response)
    assert Plan.objects.get(pk=w.plan.pk).status == "submitted"
    client.post(url, {"to_status": "changes_requested", "comment": "Add budgets to 2."})
    assert Plan.objects.get(pk=w.plan.pk).status == "changes_requested"
    login(client, w.focal)
    client.post(url, {"to_status": "submitted", "comment": "Budgets added."})
    login(client, w.coordinator)
    client.post(url, {"to_status": "approved", "comment": "Approved."})
    plan = Plan.objects.get(pk=w.plan.pk)
    assert plan.status == "approved"
    steps = [(s.to_status, s.actor.username if s.actor else None, s.comment) for s in plan.steps.all()]
    assert steps[-3:] == [("changes_requested", "coordinator", "Add budgets to 2."),
                          ("submitted", "focal", "Budgets added."), ("approved", "coordinator", "Approved.")]
    page = html(client.get(w.plan.get_absolute_url()))
    assert "Add budgets to 2." in page


def test_focal_point_cannot_approve(client, w):
    services.transition_plan(actor=w.focal, plan=w.plan, to_status="submitted")
    login(client, w.focal)
    response = client.post(f"/en/plans/{w.plan.pk}/transition/", {"to_status": "approved"}, follow=True)
    assert "You may not do this to this plan." in html(response)
    assert Plan.objects.get(pk=w.plan.pk).status == "submitted"


# --- forms through the services ---------------------------------------------------------------------------


def test_focal_point_creates_a_plan_and_sees_validation_errors(client, w):
    login(client, w.focal)
    page = html(client.get("/en/plans/new/"))
    assert "Basra PVE Sub-committee" not in page  # the owner is one of the user's organisations
    data = {"title": "خطة الموصل", "lang": "ar", "place": w.mosul.pk, "period_start": "2025-01-01",
            "period_end": "2025-12-31", "owner": w.committee.pk, "frameworks": [w.euromed.pk], "summary": "ملخص"}
    response = client.post("/en/plans/new/", data)
    assert response.status_code == 302
    plan = Plan.objects.get(title="خطة الموصل")
    assert (plan.governorate, plan.status, plan.created_by) == (w.ninewa, "draft", w.focal)
    # The same place and period again: the service's error on the place field, not a stack trace.
    response = client.post("/en/plans/new/", data)
    assert response.status_code == 200
    assert "This place already has a plan for this period." in html(response)
    response = client.post("/en/plans/new/", data | {"period_start": "2026-01-01"})
    assert "The period ends before it starts." in html(response)
    response = client.post("/en/plans/new/", data | {"owner": w.other_committee.pk, "period_start": "2024-01-01"})
    assert response.status_code == 200 and "Select a valid choice" in html(response)


def test_reader_may_not_create_a_plan(client, w):
    login(client, w.reader)
    assert client.get("/en/plans/new/").status_code == 403
    assert 'data-testid="new-plan"' not in html(client.get("/en/plans/"))
    assert client.get("/en/plans/new/", follow=False).status_code == 403


def test_edit_plan_through_the_service(client, w):
    login(client, w.focal)
    response = client.post(f"/en/plans/{w.plan.pk}/edit/", {
        "title": "Nineveh plan (revised)", "lang": "en", "place": w.ninewa.pk, "period_start": "2025-01-01",
        "period_end": "2026-12-31", "owner": w.committee.pk, "frameworks": [], "summary": "New.", "is_public": "on"})
    assert response.status_code == 302
    plan = Plan.objects.get(pk=w.plan.pk)
    assert (plan.title, plan.is_public, plan.frameworks.count()) == ("Nineveh plan (revised)", True, 0)
    from core.models import AuditEntry

    assert AuditEntry.objects.filter(action="plan.update", object_id=str(plan.pk)).exists()


def test_action_form_creates_with_partners_goals_and_practices(client, w):
    practice = make_practice(w.focal, status="published", name="Sports for peace")
    hidden = make_practice(w.other_focal, name="Someone else's draft")
    login(client, w.focal)
    page = html(client.get(f"/en/plans/{w.plan.pk}/actions/new/?parent={w.a1.pk}"))
    assert "Sports for peace" in page and "Someone else&#x27;s draft" not in page and "Someone else's draft" not in page
    assert "<optgroup" in page  # goals grouped by framework
    other_district = Place.objects.filter(parent=w.basra, kind="district").first()
    assert other_district.name_en not in page
    base = {"ref": "", "parent": w.a1.pk, "title": "Sports league", "title_alt": "", "lang": "en",
            "description": "", "lead": w.ngo.pk, "district": w.mosul.pk, "start_date": "2025-03-01",
            "end_date": "2025-06-30", "budget": "5000", "currency": "USD", "funding_source": "EU",
            "status": "planned", "goals": [goal("6").pk, goal("2").pk], "practices": [practice.pk],
            "partners-TOTAL_FORMS": "2", "partners-INITIAL_FORMS": "0", "partners-MIN_NUM_FORMS": "0",
            "partners-MAX_NUM_FORMS": "30", "partners-0-organisation": w.network.pk,
            "partners-0-kind": "multilateral", "partners-1-organisation": "", "partners-1-kind": ""}
    response = client.post(f"/en/plans/{w.plan.pk}/actions/new/", base)
    assert response.status_code == 302
    action = Action.objects.get(title="Sports league")
    assert action.ref == "1.2" and action.parent == w.a1
    assert [(p.organisation, p.kind) for p in action.partners.all()] == [(w.network, "multilateral")]
    assert set(action.goals.all()) == {goal("6"), goal("2")} and list(action.practices.all()) == [practice]
    # Errors from the form and the service come back on their fields.
    response = client.post(f"/en/plans/{w.plan.pk}/actions/new/", base | {"currency": "", "title": "B"})
    assert "Give the budget&#x27;s currency." in html(response) or "Give the budget's currency." in html(response)
    response = client.post(f"/en/plans/{w.plan.pk}/actions/new/", base | {"ref": "1", "title": "Dup"})
    assert response.status_code == 200 and "Another action of this plan has the number 1." in html(response)
    response = client.post(f"/en/plans/{w.plan.pk}/actions/new/", base | {"partners-0-kind": "", "title": "C"})
    assert "Say which part of the system the partner comes from." in html(response)
    response = client.post(f"/en/plans/{w.plan.pk}/actions/new/", base | {"practices": [hidden.pk], "title": "D"})
    assert response.status_code == 200 and not Action.objects.filter(title="D").exists()


def test_action_edit_and_delete(client, w):
    login(client, w.focal)
    response = client.get(f"/en/plans/actions/{w.a1.pk}/edit/")
    assert response.context["formset"].forms[0].initial == {"organisation": w.network.pk, "kind": "civil_society"}
    response = client.post(f"/en/plans/actions/{w.a1.pk}/edit/", {
        "ref": "", "parent": w.a1.pk, "title": "Loop", "lang": "en", "status": "planned",
        "partners-TOTAL_FORMS": "0", "partners-INITIAL_FORMS": "0"})
    assert response.status_code == 200  # its own parent is not offered
    response = client.post(f"/en/plans/actions/{w.a11.pk}/edit/", {
        "ref": "", "parent": "", "title": "Promoted", "lang": "en", "status": "ongoing", "goals": [goal("1").pk],
        "partners-TOTAL_FORMS": "0", "partners-INITIAL_FORMS": "0"})
    assert response.status_code == 302
    a11 = Action.objects.get(pk=w.a11.pk)
    assert (a11.title, a11.parent, a11.ref, list(a11.goals.all())) == ("Promoted", None, "1.1", [goal("1")])
    assert client.post(f"/en/plans/actions/{w.a2.pk}/delete/").status_code == 302
    assert not Action.objects.filter(pk=w.a2.pk).exists()


def test_indicator_forms(client, w):
    login(client, w.focal)
    url = f"/en/plans/actions/{w.a2.pk}/indicators/new/"
    data = {"name": "Posts shared", "unit": "posts", "baseline": "10", "target": "5", "frequency": "monthly",
            "direction": "increase"}
    response = client.post(url, data)
    assert response.status_code == 200 and "For an increase, the target is above the baseline." in html(response)
    assert client.post(url, data | {"target": "50"}).status_code == 302
    ind = Indicator.objects.get(name="Posts shared")
    assert client.post(f"/en/plans/indicators/{ind.pk}/edit/", data | {"target": "80"}).status_code == 302
    assert Indicator.objects.get(pk=ind.pk).target == 80
    assert client.post(f"/en/plans/indicators/{ind.pk}/delete/").status_code == 302
    assert not Indicator.objects.filter(pk=ind.pk).exists()


def test_progress_form_errors_and_no_report_before_approval(client, w):
    login(client, w.focal)
    assert client.get(f"/en/plans/indicators/{w.ind.pk}/report/").status_code == 403
    approve(w)
    response = client.post(f"/en/plans/indicators/{w.ind.pk}/report/", {"date": "2024-01-01", "value": "5"})
    assert response.status_code == 200 and "The date is outside the plan&#x27;s period" in html(response)
    response = client.post(f"/en/plans/indicators/{w.ind.pk}/report/",
                           {"date": "2025-05-01", "value": "5", "count_male_0_14": "-1"})
    assert response.status_code == 200 and not ProgressUpdate.objects.exists()
    page = html(client.get(f"/en/plans/indicators/{w.ind.pk}/report/"))
    assert 'data-testid="count-grid"' in page and 'name="count_female_60plus"' in page


# --- evidence -------------------------------------------------------------------------------------------------


def test_evidence_download_only_for_those_who_see_the_plan(client, w):
    approve(w)
    update = services.add_progress(actor=w.partner, indicator=w.ind, date=dt.date(2025, 3, 1), value=5,
                                   evidence=[SimpleUploadedFile("../../etc/report 1.pdf", b"%PDF-1.4 totals")])
    item = Evidence.objects.get(update=update)
    url = f"/en/plans/evidence/{item.pk}/"
    for user in (w.focal, w.partner, w.coordinator):
        login(client, user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert "/" not in response["Content-Disposition"].split("filename=")[1]
        assert b"".join(response.streaming_content) == b"%PDF-1.4 totals"
    services.set_public(actor=w.focal, plan=w.plan, is_public=True)
    for user in (w.reader, w.other_focal):
        login(client, user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


# --- the roll-up pages ------------------------------------------------------------------------------------


@pytest.fixture
def national(w):
    """Two approved plans in Nineveh and Basra with known progress, and a draft in Anbar."""
    approve(w)
    services.add_progress(actor=w.focal, indicator=w.ind, date=dt.date(2025, 3, 1), value=100)  # 50%
    services.set_action_status(actor=w.focal, action=w.a2, status="delayed")
    basra = services.create_plan(actor=w.other_focal, title="Basra plan", lang="en", place=w.basra,
                                 period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31),
                                 owner=w.other_committee, frameworks=[w.euromed], is_public=True)
    b1 = services.create_action(actor=w.other_focal, plan=basra, title="Basra radio", lang="en", goals=[goal("6")],
                                status="done")
    services.create_action(actor=w.other_focal, plan=basra, title="Cancelled thing", lang="en",
                           goals=[goal("7")], status="cancelled")
    approve(w, basra)
    anbar = services.create_plan(actor=w.coordinator, title="Anbar draft", lang="en",
                                 place=Place.objects.get(code="IQ-AN"), period_start=dt.date(2025, 1, 1),
                                 period_end=dt.date(2025, 12, 31), owner=w.other_committee)
    w.basra_plan, w.b1, w.anbar_plan = basra, b1, anbar
    return w


def rows(page, testid):
    return {m.group(1): dict(re.findall(r'data-(\w+)="([^"]*)"', m.group(0)))
            for m in re.finditer(rf'<tr[^>]*data-testid="{testid}"[^>]*data-governorate="([^"]+)"[^>]*>', page)}


def test_national_overview_numbers(client, national):
    w = national
    login(client, w.coordinator)
    page = html(client.get("/en/plans/overview/"))
    table = rows(page, "overview-row")
    assert len(table) == 19
    # Nineveh: action 1 at 50% (its indicator at 100/200, its sub-action at 0 → (0.5+0)/2 = 25%), action 2 0%.
    assert table["IQ-NI"] == {"testid": "overview-row", "governorate": "IQ-NI", "plans": "1", "pending": "0", "goals": "3",
                              "delayed": "1", "overdue": "1", "percent": "12"}
    assert table["IQ-BA"]["percent"] == "100" and table["IQ-BA"]["goals"] == "1"
    # A draft is listed apart and counted in no figure.
    assert table["IQ-AN"]["plans"] == "0" and table["IQ-AN"]["pending"] == "1" and table["IQ-AN"]["percent"] == ""
    assert table["IQ-DA"]["plans"] == "0" and table["IQ-DA"]["pending"] == "0"
    assert '<tr class="overview-gap"' in page and "No approved plan yet" in page
    assert 'data-testid="overview-totals" data-plans="2" data-pending="1" data-delayed="1"' in page
    assert 'data-status="approved" data-count="2"' in page and 'data-status="draft" data-count="1"' in page
    assert "17 governorates have no approved plan yet." in page
    assert "1 plan not yet approved is listed apart." in page


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_draft_leaves_national_progress_alone_and_is_shown_apart(client, national, lang):
    """An approved plan at 48 % and a draft at 0 %: national progress reads 48 %; the draft is listed apart."""
    w = national
    Plan.objects.filter(pk=w.basra_plan.pk).delete()  # one approved plan left: Nineveh's
    w.plan.refresh_from_db()
    services.delete_progress(actor=w.focal, update=ProgressUpdate.objects.get(indicator=w.ind))
    # Nineveh: one action left, its indicator at 48 / 100.
    Action.objects.filter(pk__in=[w.a11.pk, w.a2.pk]).delete()
    Indicator.objects.filter(pk=w.ind.pk).update(target=100)
    services.add_progress(actor=w.focal, indicator=w.ind, date=dt.date(2025, 3, 1), value=48)
    draft_action = services.create_action(actor=w.other_focal, plan=w.anbar_plan, title="Draft radio", lang="en",
                                          goals=[goal("6")])
    services.create_indicator(actor=w.other_focal, action=draft_action, name="Episodes", baseline=0, target=10)
    login(client, w.coordinator)
    page = html(client.get(f"/{lang}/plans/overview/"))
    table = rows(page, "overview-row")
    assert table["IQ-NI"]["percent"] == "48" and table["IQ-NI"]["plans"] == "1"
    assert table["IQ-AN"]["percent"] == "" and table["IQ-AN"]["plans"] == "0" and table["IQ-AN"]["pending"] == "1"
    totals = re.search(r'<tfoot>.*?</tfoot>', page, re.S).group(0)
    assert 'data-plans="1" data-pending="1"' in totals and 'aria-valuenow="48"' in totals
    pending = re.search(r'data-governorate="IQ-AN".*?</tr>', page, re.S).group(0)
    assert "Anbar draft" in pending.split('data-testid="pending-plans"')[1]
    assert 'data-testid="pending-figures" data-pending="1"' in page
    matrix = client.get(f"/{lang}/plans/coverage/?framework={EUROMED}")
    counts = {row["goal"].number: {c["governorate"].code: c["count"] for c in row["cells"]}
              for row in matrix.context["matrix"]["goals"]}
    assert counts["6"]["IQ-NI"] == 1 and counts["6"]["IQ-AN"] == 0
    assert 'data-pending-actions="1" data-pending-plans="1"' in html(matrix)


def test_overview_for_a_reader_counts_public_plans_only(client, national):
    login(client, national.reader)
    page = html(client.get("/en/plans/overview/"))
    table = rows(page, "overview-row")
    assert table["IQ-BA"]["plans"] == "1" and table["IQ-NI"]["plans"] == "0" and table["IQ-AN"]["plans"] == "0"
    assert "Nineveh local plan" not in page


def test_coverage_matrix_numbers_and_cell_links(client, national):
    w = national
    login(client, w.coordinator)
    response = client.get("/en/plans/coverage/")
    page = html(response)
    assert response.context["framework"].slug == EUROMED  # the first aligned framework with goals
    matrix = response.context["matrix"]
    by_goal = {row["goal"].number: {c["governorate"].code: c["count"] for c in row["cells"]} for row in matrix["goals"]}
    assert by_goal["6"]["IQ-NI"] == 1 and by_goal["6"]["IQ-BA"] == 1 and by_goal["6"]["IQ-AN"] == 0
    assert by_goal["2"]["IQ-NI"] == 1 and by_goal["8"]["IQ-NI"] == 1
    assert by_goal["7"]["IQ-BA"] == 0  # a cancelled action does not cover a goal
    assert goal("7") in matrix["gaps"] and goal("6") not in matrix["gaps"]
    link = f'/en/plans/actions/?goal={goal("6").pk}&amp;governorate={w.ninewa.pk}&amp;approved=1'
    assert link in page
    assert 'class="matrix-cell matrix-level-0"' in page and 'data-testid="gap-goals"' in page
    listed = client.get(link.replace("&amp;", "&"))
    assert [a.pk for a in listed.context["page"]] == [w.a1.pk]
    listed = client.get(f"/en/plans/actions/?goal={goal('6').pk}")
    assert sorted(a.pk for a in listed.context["page"]) == sorted([w.a1.pk, w.b1.pk])
    # Another framework can be chosen; a framework without goals is not offered.
    assert client.get("/en/plans/coverage/?framework=un-pve-2015").context["framework"].slug == "un-pve-2015"
    assert "iraq-ns-2019" not in [f.slug for f in response.context["frameworks"]]


def test_a_cell_says_how_many_actions_are_not_shown(client, national):
    w = national
    login(client, w.reader)
    response = client.get(f"/en/plans/actions/?goal={goal('6').pk}&governorate={w.basra.pk}")
    assert list(response.context["page"]) == []
    assert "1 action in plans whose details are not public." in html(response)
    assert "Basra radio" not in html(response)
    matrix = client.get("/en/plans/coverage/").context["matrix"]
    counts = {row["goal"].number: {c["governorate"].code: c["count"] for c in row["cells"]} for row in matrix["goals"]}
    assert counts["6"]["IQ-BA"] == 1 and counts["6"]["IQ-NI"] == 0
    login(client, w.partner)  # leads action 1 of Nineveh's plan: sees it, and Basra's only as a summary
    response = client.get(f"/en/plans/actions/?goal={goal('6').pk}")
    assert [a.pk for a in response.context["page"]] == [w.a1.pk]
    assert response.context["hidden"] == 1


def test_list_filters_and_htmx(client, national):
    w = national
    login(client, w.coordinator)
    titles = lambda r: sorted(p.title for p in r.context["plans"])  # noqa: E731
    assert titles(client.get("/en/plans/")) == ["Anbar draft", "Basra plan", "Nineveh local plan 2025–2026"]
    assert titles(client.get(f"/en/plans/?governorate={w.basra.pk}")) == ["Basra plan"]
    assert titles(client.get("/en/plans/?status=draft")) == ["Anbar draft"]
    assert titles(client.get(f"/en/plans/?owner={w.committee.pk}")) == ["Nineveh local plan 2025–2026"]
    assert titles(client.get("/en/plans/?year=2026")) == ["Nineveh local plan 2025–2026"]
    assert titles(client.get(f"/en/plans/?framework={w.euromed.pk}")) == ["Basra plan", "Nineveh local plan 2025–2026"]
    assert titles(client.get("/en/plans/?q=radio")) == []
    assert titles(client.get("/en/plans/?q=Basra")) == ["Basra plan"]
    partial = client.get("/en/plans/?status=draft", headers={"HX-Request": "true"})
    assert "<html" not in html(partial) and "Anbar draft" in html(partial)
    assert 'data-testid="new-plan"' in html(client.get("/en/plans/"))
    empty = html(client.get("/en/plans/?q=nothing-like-this"))
    assert "No plan matches these filters." in empty


def test_empty_list_says_what_to_do(client, reference):
    focal = make_user(role=Role.LOCAL_FOCAL_POINT)
    login(client, focal)
    assert "Start one with “New plan”" in html(client.get("/en/plans/"))


# --- a bounded number of queries ---------------------------------------------------------------------------


def _grow(w, n):
    for i in range(n):
        action = services.create_action(actor=w.focal, plan=w.plan, title=f"Extra {i}", lang="en", lead=w.ngo,
                                        goals=[goal("3")], partners=[(w.network, "multilateral")],
                                        start_date=dt.date(2025, 5, 1), end_date=dt.date(2025, 9, 1))
        ind = services.create_indicator(actor=w.focal, action=action, name=f"Ind {i}", baseline=0, target=10,
                                        by_sex_and_age=True)
        w.__dict__.setdefault("extra_indicators", []).append(ind)


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_plan_page_queries_do_not_grow_with_actions(client, w, django_assert_max_num_queries):
    approve(w)
    services.add_progress(actor=w.partner, indicator=w.ind, date=dt.date(2025, 3, 1), value=5,
                          counts={("male", "25-59"): 3, ("female", "25-59"): 2}, evidence=[SimpleUploadedFile("a.txt", b"a")])
    login(client, w.partner)
    url = w.plan.get_absolute_url()
    small = _count_queries(client, url)  # 3 actions
    Plan.objects.filter(pk=w.plan.pk).update(status="draft")
    w.plan.refresh_from_db()
    _grow(w, 27)
    Plan.objects.filter(pk=w.plan.pk).update(status="approved")
    w.plan.refresh_from_db()
    for ind in w.extra_indicators:
        services.add_progress(actor=w.partner, indicator=ind, date=dt.date(2025, 6, 1), value=2,
                              counts={("female", "0-14"): 2}, evidence=[SimpleUploadedFile("b.txt", b"b")])
    assert Action.objects.filter(plan=w.plan).count() == 30
    large = _count_queries(client, url)
    assert large <= small, (small, large)
    print(f"plan page: {small} queries with 3 actions, {large} with 30")
    with django_assert_max_num_queries(40):
        client.get(url)


def test_owner_shares_and_withdraws_the_summary_after_approval(client, w):
    approve(w)
    login(client, w.focal)
    assert 'data-testid="publish"' in html(client.get(w.plan.get_absolute_url()))
    assert client.post(f"/en/plans/{w.plan.pk}/publicity/", {"is_public": "1"}).status_code == 302
    assert Plan.objects.get(pk=w.plan.pk).is_public
    login(client, w.reader)
    assert client.get(w.plan.get_absolute_url()).status_code == 200
    assert client.post(f"/en/plans/{w.plan.pk}/publicity/", {}).status_code == 404
    login(client, w.partner)  # sees the plan in full, but it is not its plan to publish
    assert 'data-testid="publicity-form"' not in html(client.get(w.plan.get_absolute_url()))
    assert client.post(f"/en/plans/{w.plan.pk}/publicity/", {}).status_code == 403
    login(client, w.coordinator)
    assert client.post(f"/en/plans/{w.plan.pk}/publicity/", {}).status_code == 302
    assert not Plan.objects.get(pk=w.plan.pk).is_public


def test_filters_name_only_organisations_of_what_the_user_may_see(client, national):
    w = national
    client.logout()
    response = client.get("/en/plans/")
    assert list(response.context["filterset"].form.fields["owner"].queryset) == []
    assert "Basra PVE Sub-committee" not in html(response)  # the public Basra plan's owner is not named
    response = client.get("/ar/plans/")
    assert 'dir="rtl"' in html(response) and "Basra plan" in html(response)
    assert list(client.get("/en/plans/actions/").context["filterset"].form.fields["lead"].queryset) == []
    login(client, w.partner)
    assert list(client.get("/en/plans/").context["filterset"].form.fields["owner"].queryset) == [w.committee]
    assert list(client.get("/en/plans/actions/").context["filterset"].form.fields["lead"].queryset) == [
        w.committee, w.ngo]
    summary = client.get(f"/ar/plans/{w.basra_plan.pk}/")
    assert summary.status_code == 200 and 'dir="rtl"' in html(summary) and "Basra radio" not in html(summary)



def test_goal_suggestions_in_the_action_form(client, w, words_encoder):
    login(client, w.focal)
    page = html(client.get(f"/en/plans/{w.plan.pk}/actions/new/"))
    assert 'data-testid="suggest-goals"' in page
    url = f"/en/plans/{w.plan.pk}/goal-suggestions/"
    text = {"title": "Reinforce the role of youth as actors for change", "description": "Young people lead."}
    response = client.get(url, text, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "<html" not in html(response)
    suggested = [s["goal"] for s in response.context["suggestions"]]
    assert response.context["framework"].slug == EUROMED  # the plan's aligned framework comes first
    assert suggested[0] == goal("6") and len(suggested) <= 3
    assert f'data-select-goal="{goal("6").pk}"' in html(response)
    # A goal already chosen in the form is not suggested again.
    again = client.get(url, text | {"goals": [goal("6").pk]})
    assert goal("6") not in [s["goal"] for s in again.context["suggestions"]]
    assert "Write the action" in html(client.get(url, {"title": " "}))
    other = client.get(url, text | {"framework": "un-pve-2015"})
    assert other.context["framework"].slug == "un-pve-2015"
    # Only those who may change the plan ask.
    login(client, w.reader)
    assert client.get(url, text).status_code == 404
    approve(w)
    login(client, w.focal)
    assert client.get(url, text).status_code == 403


def test_a_coordinator_gives_plans_to_sub_committees_and_local_governments(reference, client):
    from accounts.choices import OrganisationKind as Kind
    from accounts.choices import Role as R
    from tests.factories import make_org as org
    from tests.factories import make_user as user

    committee = org("Karbala sub-committee", kind=Kind.COMMITTEE)
    council = org("Karbala governorate office", kind=Kind.LOCAL_GOVERNMENT)
    ngo = org("Karbala youth NGO", kind=Kind.NGO)
    client.force_login(user(role=R.NATIONAL_COORDINATOR))
    html = client.get("/en/plans/new/").content.decode()
    assert committee.name in html and council.name in html and ngo.name not in html


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_progress_form_refuses_what_cannot_be_true_on_the_field_concerned(client, w, lang):
    approve(w)  # the plan runs 2025-01-01 – 2026-12-31; the indicator goes from 0 to 200, quarterly
    login(client, w.focal)
    url = f"/{lang}/plans/indicators/{w.ind.pk}/report/"
    later = client.post(url, {"date": "2031-03-01", "value": "20"})
    assert later.status_code == 200 and later.context["form"].errors["date"]
    wrong_sum = client.post(url, {"date": "2025-03-01", "value": "50", "count_female_15_24": "300",
                                  "count_male_15_24": "280"})
    assert wrong_sum.status_code == 200 and "580" in str(wrong_sum.context["form"].non_field_errors())
    too_high = client.post(url, {"date": "2025-03-01", "value": "900"})
    assert too_high.status_code == 200 and too_high.context["form"].errors["value"]
    assert 'name="confirm_reason"' in html(too_high)
    assert not ProgressUpdate.objects.exists()
    confirmed = client.post(url, {"date": "2025-03-01", "value": "900", "confirm_reason": "Two schools joined."})
    assert confirmed.status_code == 302
    assert ProgressUpdate.objects.get().confirm_reason == "Two schools joined."
    again = client.post(url, {"date": "2025-02-01", "value": "10"})
    assert again.status_code == 200 and "2025-03-01" in str(again.context["form"].errors["date"])
    assert ProgressUpdate.objects.count() == 1
