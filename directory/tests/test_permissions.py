"""Who sees which memberships: members are public; the other statuses only to the people who follow them."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.choices import Role
from directory import permissions
from directory.models import NetworkMembership
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _seen(user):
    return set(permissions.visible_to(user, NetworkMembership.objects.all()).values_list("member__name", flat=True))


def test_anonymous_and_unrelated_partners_see_members_only(directory):
    assert _seen(AnonymousUser()) == {"Mosul Municipality"}
    assert _seen(directory["partner"]) == {"Mosul Municipality"}
    assert _seen(directory["focal"]) == {"Mosul Municipality"}


@pytest.mark.parametrize("who", ["coordinator", "expert", "basra_user"])
def test_coordinators_experts_and_the_candidate_itself_see_candidates(directory, who):
    assert _seen(directory[who]) == {"Mosul Municipality", "Basra Governorate Office"}


def test_members_of_the_network_or_hub_see_candidates(directory):
    network_staff = make_user("network-staff", role=Role.PARTNER, organisation=directory["network"])
    assert "Basra Governorate Office" in _seen(network_staff)
    administrator = make_user("boss", role=Role.ADMINISTRATOR, organisation=directory["ngo"])
    assert "Basra Governorate Office" in _seen(administrator)


def test_can(directory):
    candidate = directory["candidate"]
    assert not permissions.can(AnonymousUser(), "view", candidate)
    assert not permissions.can(directory["partner"], "view", candidate)
    assert permissions.can(directory["partner"], "view", directory["member"])
    assert permissions.can(directory["basra_user"], "view", candidate)
    for who, allowed in [("coordinator", True), ("expert", True), ("partner", False), ("basra_user", False),
                         ("focal", False)]:
        assert permissions.can(directory[who], "add") is allowed
        assert permissions.can(directory[who], "change_status", candidate) is allowed
    assert not permissions.can(AnonymousUser(), "add")
