"""A reviewer's side of a plan: what each submission keeps, what changed since the last one (on the plan page), the
comments on a single action (who reads, who writes; never the public summary) and the panel that says who acts
next and what the reader may do, per status and per role."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.choices import OrganisationKind, Role
from core.actors import system
from core.models import AuditEntry
from places.models import Place
from plans import permissions, review, services
from plans.models import ActionComment, Plan, PlanStep
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db


class World:
    pass


@pytest.fixture
def w(reference):
    w = World()
    w.committee = make_org("Nineveh PVE Sub-committee", kind=OrganisationKind.COMMITTEE,
                           place=Place.objects.get(code="IQ-NI"))
    w.other_committee = make_org("Basra PVE Sub-committee", kind=OrganisationKind.COMMITTEE,
                                 place=Place.objects.get(code="IQ-BA"))
    w.ngo = make_org("Tigris Youth NGO")
    w.national = make_org("National Committee", kind=OrganisationKind.NATIONAL_BODY)
    w.focal = make_user("focal", role=Role.LOCAL_FOCAL_POINT, organisation=w.committee)
    w.other_focal = make_user("other-focal", role=Role.LOCAL_FOCAL_POINT, organisation=w.other_committee)
    w.partner = make_user("partner", role=Role.PARTNER, organisation=w.ngo)
    w.coordinator = make_user("coordinator", role=Role.NATIONAL_COORDINATOR, organisation=w.national)
    w.plan = services.create_plan(
        actor=w.focal, title="Nineveh local plan", lang="en", place=Place.objects.get(code="IQ-NI"),
        period_start=dt.date(2025, 1, 1), period_end=dt.date(2026, 12, 31), owner=w.committee, is_public=True,
        summary="Youth and dialogue across Nineveh.",
    )
    w.a1 = services.create_action(actor=w.focal, plan=w.plan, title="Youth dialogue circles", lang="en",
                                  start_date=dt.date(2025, 3, 1), end_date=dt.date(2025, 12, 31))
    w.a2 = services.create_action(actor=w.focal, plan=w.plan, title="Training of imams", lang="en", lead=w.ngo,
                                  start_date=dt.date(2025, 4, 1), end_date=dt.date(2025, 12, 31))
    w.i2 = services.create_indicator(actor=w.focal, action=w.a2, name="Imams trained", baseline=0, target=40)
    return w


def submit(w):
    services.transition_plan(actor=w.focal, plan=w.plan, to_status="submitted")


def request_changes(w, comment="Action 2 needs a longer period."):
    services.transition_plan(actor=w.coordinator, plan=w.plan, to_status="changes_requested", comment=comment)


def page(client, user, plan, lang="en"):
    client.force_login(user)
    return client.get(f"/{lang}/plans/{plan.pk}/").content.decode()


# --- what a submission keeps --------------------------------------------------------------------------------------

def test_a_submission_keeps_the_actions_and_indicators_as_submitted(w):
    submit(w)
    step = PlanStep.objects.get(plan=w.plan, to_status="submitted")
    actions = step.content["actions"]
    assert [(a["ref"], a["title"]) for a in actions] == [("1", "Youth dialogue circles"), ("2", "Training of imams")]
    assert actions[1]["lead"] == w.ngo.pk and actions[1]["lead_name"] == "Tigris Youth NGO"
    assert (actions[1]["start_date"], actions[1]["end_date"]) == ("2025-04-01", "2025-12-31")
    assert actions[1]["indicators"] == [{"id": w.i2.pk, "name": "Imams trained", "unit": "", "baseline": "0.00",
                                         "target": "40.00", "frequency": "quarterly"}]
    # Other moves keep nothing.
    request_changes(w)
    assert PlanStep.objects.get(plan=w.plan, to_status="changes_requested").content is None


def test_a_refused_submission_keeps_nothing(w):
    with pytest.raises(PermissionDenied):
        services.transition_plan(actor=w.partner, plan=w.plan, to_status="submitted")
    assert not PlanStep.objects.filter(plan=w.plan, to_status="submitted").exists()


# --- what changed since the last submission, on the page ----------------------------------------------------------

def test_the_first_submission_has_nothing_to_compare_with(w, client):
    submit(w)
    html = page(client, w.coordinator, w.plan)
    assert 'data-testid="changes"' in html
    assert "This is the plan's first submission: there is nothing to compare with." in html


def test_the_reviewer_sees_what_changed_between_two_submissions(w, client):
    submit(w)
    request_changes(w)
    services.update_action(actor=w.focal, action=w.a2, title="Training of imams and preachers",
                           end_date=dt.date(2026, 6, 30))
    services.update_indicator(actor=w.focal, indicator=w.i2, target=60)
    services.create_action(actor=w.focal, plan=w.plan, title="Radio programme", lang="en")
    submit(w)
    html = page(client, w.coordinator, w.plan)
    changes = html.split('data-testid="changes"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'data-testid="diff-action" data-kind="(\w+)" data-ref="([\d.]+)"', changes) == [
        ("changed", "2"), ("added", "3")]
    assert re.findall(r'data-testid="diff-old">([^<]*)</bdi></del> → <ins><bdi[^>]*data-testid="diff-new">([^<]*)<',
                      changes) == [("Training of imams", "Training of imams and preachers"),
                                   ("31 Dec 2025", "30 Jun 2026"), ("40", "60")]
    assert "Compared with the submission of" in changes
    # The owner sees it too; the partner that leads action 2 sees the plan, not the review.
    assert 'data-testid="changes"' in page(client, w.focal, w.plan)
    assert 'data-testid="changes"' not in page(client, w.partner, w.plan)


def test_with_changes_requested_the_page_shows_the_changes_not_yet_submitted(w, client):
    submit(w)
    request_changes(w)
    services.update_indicator(actor=w.focal, indicator=w.i2, target=60)
    html = page(client, w.focal, w.plan, lang="ar")
    changes = html.split('data-testid="changes"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'data-testid="diff-old">([^<]*)</bdi></del> ← <ins><bdi[^>]*data-testid="diff-new">([^<]*)<',
                      changes) == [("40", "60")]
    assert "المستهدف" in changes  # the field's name in the reader's language


def test_approved_plans_show_no_review_changes(w, client):
    submit(w)
    services.transition_plan(actor=w.coordinator, plan=w.plan, to_status="approved")
    assert 'data-testid="changes"' not in page(client, w.coordinator, w.plan)


# --- comments on an action -------------------------------------------------------------------------------------------

def test_the_coordinator_and_the_owner_comment_and_the_audit_log_says_so(w):
    submit(w)
    first = services.add_comment(actor=w.coordinator, action=w.a2, text="  Extend the period to mid-2026.  ")
    second = services.add_comment(actor=w.focal, action=w.a2, text="Done: it ends in June 2026.")
    assert (first.text, first.created_by, first.organisation) == ("Extend the period to mid-2026.", w.coordinator,
                                                              w.national)
    assert (second.created_by, second.organisation) == (w.focal, w.committee)
    assert list(w.a2.comments.values_list("text", flat=True)) == [first.text, second.text]
    entries = AuditEntry.objects.filter(action="action.comment", object_id=str(w.a2.pk))
    assert entries.count() == 2
    assert entries.filter(actor=w.coordinator).get().changes["comment"] == first.text


@pytest.mark.parametrize("who", ["partner", "other_focal"])
def test_an_involved_partner_or_another_organisation_cannot_comment(w, who):
    with pytest.raises(PermissionDenied):
        services.add_comment(actor=getattr(w, who), action=w.a2, text="Let me in.")
    assert not ActionComment.objects.exists()


def test_an_anonymous_visitor_cannot_comment(w):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.add_comment(actor=AnonymousUser(), action=w.a2, text="Hello")
    assert permissions.can_comment(system("tests"), w.plan)


def test_an_empty_or_too_long_comment_is_refused(w):
    with pytest.raises(ValidationError):
        services.add_comment(actor=w.coordinator, action=w.a2, text="   ")
    with pytest.raises(ValidationError):
        services.add_comment(actor=w.coordinator, action=w.a2, text="x" * 2001)
    assert not ActionComment.objects.exists()


def test_who_reads_the_comments_on_the_plan_page(w, client):
    services.add_comment(actor=w.coordinator, action=w.a2, text="Comment marker 4471")
    # Whoever sees the plan in full reads them: the owner, the coordinator, the partner leading action 2.
    for user in (w.focal, w.coordinator, w.partner):
        html = page(client, user, w.plan)
        assert "Comment marker 4471" in html
        assert re.search(rf'id="comments-{w.a2.pk}" data-testid="comments" data-count="1"', html)
    # Only the owner and the coordinator get the form.
    assert f'hx-post="/en/plans/actions/{w.a2.pk}/comments/"' in page(client, w.focal, w.plan)
    assert f'hx-post="/en/plans/actions/{w.a2.pk}/comments/"' not in page(client, w.partner, w.plan)


def test_the_public_summary_never_shows_comments(w, client):
    submit(w)
    services.add_comment(actor=w.coordinator, action=w.a2, text="Comment marker 4471")
    services.transition_plan(actor=w.coordinator, plan=w.plan, to_status="approved")
    client.logout()
    html = client.get(f"/en/plans/{w.plan.pk}/").content.decode()
    assert "Youth and dialogue across Nineveh." in html  # the public summary
    assert "Comment marker 4471" not in html and "data-testid=\"comments\"" not in html
    client.force_login(w.other_focal)
    html = client.get(f"/en/plans/{w.plan.pk}/").content.decode()
    assert "Youth and dialogue across Nineveh." in html and "Comment marker 4471" not in html
    # Nor may they read the thread at its own address.
    assert client.get(reverse("plans:action-comments", args=[w.a2.pk])).status_code == 404


def test_posting_a_comment_with_htmx_returns_the_thread_and_a_fresh_form(w, client):
    client.force_login(w.coordinator)
    url = reverse("plans:action-comments", args=[w.a2.pk])
    token = "a" * 32
    response = client.post(url, {"text": "Please extend action 2.", "form_token": token}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please extend action 2." in html and 'data-count="1"' in html
    assert f'value="{token}"' not in html  # the next comment is a new form
    # The same form sent again creates nothing twice.
    client.post(url, {"text": "Please extend action 2.", "form_token": token}, HTTP_HX_REQUEST="true")
    assert ActionComment.objects.count() == 1
    # Without htmx: back to the action on the plan page.
    response = client.post(url, {"text": "And add an indicator.", "form_token": "b" * 32})
    assert response.status_code == 302 and response["Location"].endswith(f"#action-{w.a2.pk}")
    assert ActionComment.objects.count() == 2


def test_posting_is_refused_to_those_who_may_not_comment(w, client):
    url = reverse("plans:action-comments", args=[w.a2.pk])
    assert client.post(url, {"text": "hello"}).status_code == 404  # anonymous: the action is not there
    client.force_login(w.other_focal)
    assert client.post(url, {"text": "hello"}).status_code == 404
    client.force_login(w.partner)
    assert client.post(url, {"text": "hello"}).status_code == 403
    assert not ActionComment.objects.exists()


def test_an_empty_comment_comes_back_with_its_error(w, client):
    client.force_login(w.focal)
    response = client.post(reverse("plans:action-comments", args=[w.a2.pk]), {"text": " "},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert not ActionComment.objects.exists()


# --- who acts next ----------------------------------------------------------------------------------------------------

def guide_of(user, plan):
    return review.workflow_guide(user, Plan.objects.get(pk=plan.pk))["guide"]


def test_draft_the_owner_submits(w):
    g = guide_of(w.focal, w.plan)
    assert g.lead.yours and g.lead.moves == ["Submit for approval"]
    assert [x["label"] for x in g.editors] == ["the plan's owner"]
    assert g.yours == ["Submit for approval", "Edit the plan, its actions and indicators", "Comment on an action"]
    g = guide_of(w.coordinator, w.plan)
    assert not g.lead.yours and g.lead.who == [{"label": "the plan's owner", "name": "Nineveh PVE Sub-committee"}]
    assert g.yours == ["Comment on an action"]


def test_submitted_waits_for_a_coordinator(w):
    submit(w)
    g = guide_of(w.focal, w.plan)
    assert not g.lead.yours and [x["label"] for x in g.lead.who] == ["a national coordinator"]
    assert g.lead.moves == ["Request changes", "Approve"]
    assert g.editors == [] and g.yours == ["Comment on an action"]
    g = guide_of(w.coordinator, w.plan)
    assert g.lead.yours and g.yours == ["Request changes", "Approve", "Comment on an action"]
    g = guide_of(w.partner, w.plan)
    assert not g.lead.yours and g.yours == []


def test_changes_requested_the_owner_edits_and_submits_again(w):
    submit(w)
    request_changes(w)
    g = guide_of(w.focal, w.plan)
    assert g.lead.yours and g.lead.moves == ["Submit for approval"]
    assert "Edit the plan, its actions and indicators" in g.yours
    assert [x["name"] for x in guide_of(w.coordinator, w.plan).editors] == ["Nineveh PVE Sub-committee"]


def test_approved_either_starts_and_completed_is_the_end(w):
    submit(w)
    services.transition_plan(actor=w.coordinator, plan=w.plan, to_status="approved")
    g = guide_of(w.partner, w.plan)
    assert [x["label"] for x in g.lead.who] == ["the plan's owner", "a national coordinator"]
    assert g.lead.moves == ["Start implementation"] and g.yours == []
    services.transition_plan(actor=w.focal, plan=w.plan, to_status="in_implementation")
    services.transition_plan(actor=w.focal, plan=w.plan, to_status="completed")
    g = guide_of(w.focal, w.plan)
    assert g.final and g.lead is None and g.yours == ["Comment on an action"]


def test_the_panel_on_the_page_in_both_languages(w, client):
    submit(w)
    request_changes(w, comment="Action 2 needs a longer period.")
    html = page(client, w.coordinator, w.plan)
    panel = html.split('data-testid="workflow-guide"', 1)[1].split("</section>", 1)[0]
    assert "Changes requested" in panel and "Action 2 needs a longer period." in panel
    assert "Waiting for the plan&#x27;s owner (<bdi>Nineveh PVE Sub-committee</bdi>):" in panel
    assert "Submit for approval" in panel and "may still make changes." in panel
    html = page(client, w.focal, w.plan, lang="ar")
    panel = html.split('data-testid="workflow-guide"', 1)[1].split("</section>", 1)[0]
    assert "دورك:" in panel and "تقديم للاعتماد" in panel and "مطلوب تعديلات" in panel


def test_a_comment_tells_the_owner_and_those_who_commented_before_but_not_its_author(w):
    from notifications.models import Notification

    submit(w)
    services.add_comment(actor=w.coordinator, action=w.a2, text="Extend the period to mid-2026.")
    to_focal = Notification.objects.get(recipient=w.focal, kind="plan.action_comment")
    assert to_focal.target_url.endswith(f"/plans/{w.plan.pk}/#action-{w.a2.pk}")
    assert to_focal.params["comment"] == "Extend the period to mid-2026." and to_focal.params["action"] == "2"
    assert not Notification.objects.filter(recipient=w.coordinator, kind="plan.action_comment").exists()
    assert not Notification.objects.filter(recipient__in=[w.partner, w.other_focal], kind="plan.action_comment").exists()

    services.add_comment(actor=w.focal, action=w.a2, text="Done: it ends in June 2026.")
    # The coordinator who asked hears the answer; the focal point is not told of its own comment.
    assert Notification.objects.filter(recipient=w.coordinator, kind="plan.action_comment").count() == 1
    assert Notification.objects.filter(recipient=w.focal, kind="plan.action_comment").count() == 1
