"""Adding memberships and moving them through their statuses: dates, history, audit entries, refusals."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import OrganisationKind
from core.models import AuditEntry
from directory import services
from directory.choices import MembershipStatus
from directory.models import NetworkMembership
from tests.factories import make_org

pytestmark = pytest.mark.django_db


def test_add_sets_candidate_date_and_history(directory):
    membership = directory["candidate"]
    assert membership.status == MembershipStatus.CANDIDATE
    assert membership.candidate_since == datetime.date(2024, 5, 2)
    assert membership.member_since is None and membership.until is None
    assert membership.created_by == directory["coordinator"]
    step = membership.steps.get()
    assert (step.from_status, step.to_status, step.actor) == ("", "candidate", directory["coordinator"])
    entry = AuditEntry.objects.get(action="network_membership.add", object_id=str(membership.pk))
    assert entry.actor == directory["coordinator"]
    assert entry.changes["status"] == [None, "candidate"]


def test_candidate_becomes_member_then_withdraws(directory):
    membership = directory["candidate"]
    services.change_status(actor=directory["expert"], membership=membership, status="member",
                           comment="Approved by the network", on=datetime.date(2025, 1, 10))
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.MEMBER
    assert membership.member_since == datetime.date(2025, 1, 10)
    services.change_status(actor=directory["coordinator"], membership=membership, status="withdrawn")
    membership.refresh_from_db()
    assert membership.until is not None and membership.member_since == datetime.date(2025, 1, 10)
    steps = list(membership.steps.values_list("from_status", "to_status", "comment"))
    assert steps == [("", "candidate", "candidate-only-note"), ("candidate", "member", "Approved by the network"),
                     ("member", "withdrawn", "")]
    entries = AuditEntry.objects.filter(action="network_membership.status", object_id=str(membership.pk))
    assert entries.count() == 2
    first = entries.order_by("pk").first()
    assert first.actor == directory["expert"]
    assert first.changes["status"] == ["candidate", "member"]
    assert first.changes["comment"] == ["", "Approved by the network"]


def test_withdrawn_may_apply_again(directory):
    membership = directory["candidate"]
    services.change_status(actor=directory["coordinator"], membership=membership, status="withdrawn",
                           on=datetime.date(2024, 12, 1))
    services.change_status(actor=directory["coordinator"], membership=membership, status="candidate",
                           on=datetime.date(2025, 3, 1))
    membership.refresh_from_db()
    assert (membership.status, membership.candidate_since, membership.until) == (
        "candidate", datetime.date(2025, 3, 1), None)


@pytest.mark.parametrize(("start", "target"), [("candidate", "suspended"), ("member", "candidate"),
                                                ("member", "member"), ("candidate", "no-such")])
def test_moves_that_are_not_allowed(directory, start, target):
    membership = directory[start]
    with pytest.raises(ValidationError):
        services.change_status(actor=directory["coordinator"], membership=membership, status=target)
    membership.refresh_from_db()
    assert membership.status == start


def test_member_date_before_candidate_date_is_refused(directory):
    with pytest.raises(ValidationError):
        services.change_status(actor=directory["coordinator"], membership=directory["candidate"], status="member",
                               on=datetime.date(2020, 1, 1))


@pytest.mark.parametrize("who", ["partner", "focal", "basra_user"])
def test_only_coordinators_experts_and_admins_write(directory, who):
    with pytest.raises(PermissionDenied):
        services.change_status(actor=directory[who], membership=directory["candidate"], status="member")
    with pytest.raises(PermissionDenied):
        services.add_membership(actor=directory[who], network=directory["network"], member=directory["ngo"])
    assert not AuditEntry.objects.filter(actor=directory[who], action__startswith="network_membership").exists()


def test_add_refuses_duplicates_and_wrong_kinds(directory):
    with pytest.raises(ValidationError, match="already"):
        services.add_membership(actor=directory["coordinator"], network=directory["network"],
                                member=directory["mosul"])
    with pytest.raises(ValidationError):
        services.add_membership(actor=directory["coordinator"], network=directory["ngo"], member=directory["mosul"])
    with pytest.raises(ValidationError):
        services.add_membership(actor=directory["coordinator"], network=directory["network"],
                                member=directory["ngo"], hub=directory["basra"])
    with pytest.raises(ValidationError):
        services.add_membership(actor=directory["coordinator"], network=directory["network"],
                                member=directory["network"])
    assert NetworkMembership.objects.count() == 2


def test_add_as_member_directly(directory):
    city = make_org("Najaf City", kind=OrganisationKind.LOCAL_GOVERNMENT)
    membership = services.add_membership(actor=directory["expert"], network=directory["network"], member=city,
                                         status="member", member_since=datetime.date(2023, 6, 1))
    assert (membership.status, membership.member_since, membership.candidate_since) == (
        "member", datetime.date(2023, 6, 1), None)


def test_membership_dates_in_the_future_are_refused(directory):
    """A membership records what happened: tomorrow is refused when adding, and when moving a membership."""
    from django.utils import timezone

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    city = make_org("Karbala City", kind=OrganisationKind.LOCAL_GOVERNMENT)
    for field, status in (("candidate_since", "candidate"), ("member_since", "member")):
        with pytest.raises(ValidationError) as caught:
            services.add_membership(actor=directory["coordinator"], network=directory["network"], member=city,
                                    status=status, **{field: tomorrow})
        assert field in caught.value.message_dict
        assert "future" in caught.value.message_dict[field][0]
    assert not NetworkMembership.objects.filter(member=city).exists()
    membership = directory["candidate"]
    with pytest.raises(ValidationError) as caught:
        services.change_status(actor=directory["coordinator"], membership=membership, status="member", on=tomorrow)
    assert "on" in caught.value.message_dict
    membership.refresh_from_db()
    assert membership.status == "candidate" and membership.steps.count() == 1
    # Today is still allowed.
    services.change_status(actor=directory["coordinator"], membership=membership, status="member",
                           on=timezone.localdate())
    membership.refresh_from_db()
    assert membership.member_since == timezone.localdate()
