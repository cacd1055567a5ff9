"""The review workflow and who may see and change practices."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import Role
from core.models import AuditEntry
from practices import permissions
from practices.models import Practice
from practices.services import create_practice, transition_practice, update_practice
from tests.factories import make_org, make_practice, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_orgs():
    # Two look-alike organisations, so that a leak between them shows.
    return make_org("Peace Builders Baghdad"), make_org("Peace Builders Basra")


def test_draft_to_published_records_who_and_when(two_orgs):
    partner = make_user("p1", organisation=two_orgs[0])
    coordinator = make_user("coord", role=Role.NATIONAL_COORDINATOR)
    practice = create_practice(actor=partner, name="Youth radio", organisation_name="Peace Builders Baghdad",
                               location="Iraq")
    assert practice.status == "draft" and practice.owner == two_orgs[0]
    transition_practice(actor=partner, practice=practice, to_status="in_review", comment="ready")
    transition_practice(actor=coordinator, practice=practice, to_status="published")
    practice.refresh_from_db()
    assert practice.status == "published" and practice.published_at is not None
    steps = list(practice.review_steps.values_list("from_status", "to_status", "actor__username", "comment"))
    assert steps == [("", "draft", "p1", ""), ("draft", "in_review", "p1", "ready"),
                     ("in_review", "published", "coord", "")]
    actions = list(AuditEntry.objects.filter(object_id=str(practice.pk), object_type="practices.practice")
                   .order_by("id").values_list("action", "actor__username"))
    assert actions == [("practice.create", "p1"), ("practice.submit", "p1"), ("practice.publish", "coord")]


def test_partner_cannot_publish_and_draft_cannot_skip_review(two_orgs):
    partner = make_user(organisation=two_orgs[0])
    practice = make_practice(partner)
    with pytest.raises(ValidationError):
        transition_practice(actor=partner, practice=practice, to_status="published")
    transition_practice(actor=partner, practice=practice, to_status="in_review")
    with pytest.raises(PermissionDenied):
        transition_practice(actor=partner, practice=practice, to_status="published")
    assert Practice.objects.get(pk=practice.pk).status == "in_review"


def test_anonymous_sees_published_only(two_orgs):
    partner = make_user(organisation=two_orgs[0])
    published = make_practice(partner, status="published")
    make_practice(partner, status="draft")
    make_practice(partner, status="in_review")
    visible = permissions.visible_to(AnonymousUser(), Practice.objects.all())
    assert list(visible) == [published]


def test_organisations_do_not_see_each_others_unpublished_records(two_orgs):
    baghdad, basra = two_orgs
    mine = make_user(organisation=baghdad)
    theirs = make_user(organisation=basra)
    colleague = make_user(organisation=baghdad)
    draft = make_practice(mine, status="draft")
    review = make_practice(mine, status="in_review")
    public = make_practice(mine, status="published")
    assert set(permissions.visible_to(theirs, Practice.objects.all())) == {public}
    assert set(permissions.visible_to(colleague, Practice.objects.all())) == {draft, review, public}
    assert not permissions.can(theirs, "change", public)
    with pytest.raises(PermissionDenied):
        update_practice(actor=theirs, practice=public, name="Hijacked")


def test_reviewers_see_practices_in_review_but_not_drafts(two_orgs):
    partner = make_user(organisation=two_orgs[0])
    expert = make_user(role=Role.HUB_EXPERT)
    draft = make_practice(partner, status="draft")
    review = make_practice(partner, status="in_review")
    visible = set(permissions.visible_to(expert, Practice.objects.all()))
    assert review in visible and draft not in visible


def test_user_without_organisation_cannot_create():
    loner = make_user(role=None)
    with pytest.raises(PermissionDenied):
        create_practice(actor=loner, name="X", organisation_name="Y")


def test_update_is_audited_with_changed_fields(two_orgs):
    partner = make_user(organisation=two_orgs[0])
    practice = make_practice(partner, name="Old name")
    update_practice(actor=partner, practice=practice, name="New name")
    entry = AuditEntry.objects.filter(action="practice.update").get()
    assert entry.changes["name"] == ["Old name", "New name"]
    assert entry.actor == partner


def test_duplicate_natural_key_is_refused(two_orgs):
    partner = make_user(organisation=two_orgs[0])
    make_practice(partner, name="Street art", organisation_name="Group A", location="Tunisia")
    with pytest.raises(ValidationError):
        make_practice(partner, name="STREET  art", organisation_name="group a", location="tunisia")


def test_owner_edits_drafts_only_and_unpublishes_to_change_a_published_practice(two_orgs):
    partner = make_user(organisation=two_orgs[0])
    practice = make_practice(partner, status="published")
    assert not permissions.can(partner, "change", practice)
    with pytest.raises(PermissionDenied):
        update_practice(actor=partner, practice=practice, name="Changed live")
    transition_practice(actor=partner, practice=practice, to_status="draft", comment="to fix a date")
    update_practice(actor=partner, practice=practice, name="Changed, to review again")
    assert Practice.objects.get(pk=practice.pk).status == "draft"
    reviewer = make_user(role=Role.HUB_EXPERT)
    transition_practice(actor=partner, practice=practice, to_status="in_review")
    assert permissions.can(reviewer, "change", practice) and not permissions.can(partner, "change", practice)


def test_only_reviewers_set_the_review_level_and_an_authors_badge_never_reaches_publication(two_orgs):
    author = make_user("author", organisation=two_orgs[0])
    coordinator = make_user("coordinator", role=Role.NATIONAL_COORDINATOR)
    with pytest.raises(ValidationError) as refused:
        create_practice(actor=author, name="Self-praised", organisation_name="Peace Builders Baghdad",
                        location="Iraq", review_level="peer_reviewed")
    assert "review_level" in refused.value.message_dict
    assert not Practice.objects.filter(name="Self-praised").exists()
    practice = create_practice(actor=author, name="Self-praised", organisation_name="Peace Builders Baghdad",
                               location="Iraq")
    with pytest.raises(ValidationError) as refused:
        update_practice(actor=author, practice=practice, review_level="inspiring")
    assert "review_level" in refused.value.message_dict
    update_practice(actor=author, practice=practice, review_level="", name="Self-praised (2)")  # unchanged: fine
    transition_practice(actor=author, practice=practice, to_status="in_review")
    transition_practice(actor=coordinator, practice=practice, to_status="published")
    practice.refresh_from_db()
    assert practice.status == "published" and practice.review_level == ""
    update_practice(actor=coordinator, practice=practice, review_level="peer_reviewed")
    assert Practice.objects.get(pk=practice.pk).review_level == "peer_reviewed"
