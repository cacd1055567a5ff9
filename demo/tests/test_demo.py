"""The demo data set: what it loads, that loading twice adds nothing, and that production refuses it."""

import io
import json
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import AnonymousUser

from accounts.choices import OrganisationKind, Role
from accounts.models import Membership, Organisation, User
from core.models import AuditEntry
from core.text import ARABIC_LETTERS
from demo.loader import DATA, DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo
from practices import permissions
from practices.choices import PracticeStatus
from practices.models import Practice, PracticeGoal

EXPECTED_ROLES = {
    "coordinator": Role.NATIONAL_COORDINATOR,
    "focal": Role.LOCAL_FOCAL_POINT,
    "expert": Role.HUB_EXPERT,
    "partner": Role.PARTNER,
    "partner2": Role.PARTNER,
    "admin": Role.ADMINISTRATOR,
}


@pytest.fixture
def loaded(db):
    return load_demo()


def _table_sizes():
    return {
        model.__name__: model.objects.count()
        for model in (Organisation, User, Membership, Practice, PracticeGoal)
    }


def test_data_files_are_utf8_json_with_real_arabic():
    for name in ("organisations.json", "practices.json"):
        text = (DATA / name).read_text(encoding="utf-8")
        assert "\\u06" not in text, f"{name} should hold Arabic letters, not escapes"
        assert ARABIC_LETTERS.search(text)
        json.loads(text)


def test_organisations_of_every_kind(loaded):
    kinds = Counter(Organisation.objects.values_list("kind", flat=True))
    for kind in OrganisationKind:
        if kind == OrganisationKind.OTHER:
            assert kinds[kind] == 0
        else:
            assert kinds[kind] >= 8, kind
    assert Organisation.objects.count() >= 85
    specs = json.loads((DATA / "organisations.json").read_text(encoding="utf-8"))
    assert loaded["organisations"] == len(specs) == Organisation.objects.count(), (
        "two specs matched one record"
    )
    nineveh = Organisation.objects.get(name="Nineveh Sub-committee")
    assert nineveh.place.code == "IQ-NI"
    assert nineveh.parent.kind == OrganisationKind.COMMITTEE
    assert Organisation.objects.get(name="Basra Governorate Office").name_alt


def test_every_demo_organisation_has_an_arabic_name():
    """Arabic pages show each organisation by an Arabic name: its own, or the one the team wrote."""
    specs = json.loads((DATA / "organisations.json").read_text(encoding="utf-8"))
    without = [spec["name"] for spec in specs
               if not any(ARABIC_LETTERS.search(spec.get(key) or "") for key in ("name", "name_alt"))]
    assert without == []


def test_one_demo_account_per_role(loaded):
    users = {user.username: user for user in User.objects.filter(is_demo=True)}
    assert set(users) == set(EXPECTED_ROLES)
    assert {username for username, _password, _label in DEMO_ACCOUNTS} == set(EXPECTED_ROLES)
    for username, role in EXPECTED_ROLES.items():
        user = users[username]
        assert user.has_role(role), username
        assert authenticate(username=username, password=DEMO_PASSWORD) == user
    assert set(Role) == set(EXPECTED_ROLES.values())
    assert users["admin"].is_staff and users["admin"].is_superuser
    assert not any(
        users[name].is_superuser or users[name].is_staff for name in EXPECTED_ROLES if name != "admin"
    )
    focal = Membership.objects.get(user=users["focal"])
    assert focal.organisation.name == "Nineveh Sub-committee"
    assert focal.place.code == "IQ-NI"
    coordinator = Membership.objects.get(user=users["coordinator"])
    assert coordinator.organisation.name == "National Committee for the Prevention of Violent Extremism"
    assert Membership.objects.get(user=users["expert"]).organisation.kind == OrganisationKind.HUB
    partner_org = Membership.objects.get(user=users["partner"]).organisation
    partner2_org = Membership.objects.get(user=users["partner2"]).organisation
    assert partner_org != partner2_org
    assert partner_org.kind == partner2_org.kind == OrganisationKind.NGO


def test_practices(loaded):
    practices = Practice.objects.all()
    assert practices.count() >= 30
    assert loaded["practices"] == practices.count()
    langs = Counter(practices.values_list("lang", flat=True))
    assert langs["ar"] >= 10 and langs["en"] >= 15
    statuses = Counter(practices.values_list("status", flat=True))
    assert statuses[PracticeStatus.PUBLISHED] >= 15
    assert statuses[PracticeStatus.IN_REVIEW] >= 3
    assert statuses[PracticeStatus.DRAFT] >= 3
    assert practices.values("country").distinct().count() >= 10
    for practice in practices.select_related("organisation", "owner", "country"):
        assert practice.goal_links.exists(), practice.name
        assert practice.goals.filter(framework__slug="euromed-cso-2017").exists(), practice.name
        for field in ("name", "location", "period", "activity", "objectives", "description", "beneficiaries"):
            assert getattr(practice, field).strip(), (practice.name, field)
        assert practice.organisation and practice.owner == practice.organisation
        assert practice.country is not None
        assert practice.start_year
        assert practice.ongoing == (practice.end_year is None)
        assert not practice.end_year or practice.end_year >= practice.start_year
        if practice.lang == "ar":
            assert ARABIC_LETTERS.search(practice.name) and ARABIC_LETTERS.search(practice.description)
        if practice.status == PracticeStatus.PUBLISHED:
            assert practice.published_at and practice.review_level
    assert PracticeGoal.objects.filter(goal__framework__slug="un-pve-2015").exists()


def test_review_history_is_attributed(loaded):
    published = Practice.objects.filter(status=PracticeStatus.PUBLISHED).first()
    steps = list(published.review_steps.values_list("to_status", "actor__username"))
    assert steps[-1] == (PracticeStatus.PUBLISHED, "coordinator")
    partner_practice = Practice.objects.filter(owner__name="Al-Noor Youth Association").first()
    assert partner_practice.created_by.username == "partner"
    assert AuditEntry.objects.filter(action="practice.publish").count() == loaded["published"]
    assert AuditEntry.objects.filter(action="organisation.create").count() == loaded["organisations"]


def test_second_load_adds_nothing(loaded):
    before = _table_sizes()
    statuses = Counter(Practice.objects.values_list("status", flat=True))
    again = load_demo(stdout=io.StringIO())
    assert _table_sizes() == before
    assert Counter(Practice.objects.values_list("status", flat=True)) == statuses
    for key in ("organisations", "users", "memberships", "practices", "published", "in_review", "draft",
                "network_memberships"):
        assert again[key] == 0, key


def test_committees_and_network_memberships(loaded):
    from directory.choices import MembershipStatus
    from directory.models import NetworkMembership

    national = Organisation.objects.get(name="National Committee for the Prevention of Violent Extremism")
    for name, code in [("Baghdad Sub-committee", "IQ-BG"), ("Nineveh Sub-committee", "IQ-NI"),
                       ("Al Anbar Sub-committee", "IQ-AN"), ("Basra Sub-committee", "IQ-BA"),
                       ("Diyala Sub-committee", "IQ-DI"), ("Salah ad Din Sub-committee", "IQ-SD")]:
        committee = Organisation.objects.get(name=name)
        assert (committee.kind, committee.parent, committee.place.code) == (OrganisationKind.COMMITTEE, national, code)
    mosul = Organisation.objects.get(name="Mosul District Sub-committee")
    assert mosul.parent.name == "Nineveh Sub-committee" and mosul.place.parent.code == "IQ-NI"
    scn = NetworkMembership.objects.filter(network__name="Strong Cities Network")
    statuses = Counter(scn.values_list("status", flat=True))
    assert statuses == {MembershipStatus.MEMBER: 3, MembershipStatus.CANDIDATE: 4, MembershipStatus.WITHDRAWN: 1}
    assert loaded["network_memberships"] == NetworkMembership.objects.count() == 11
    for membership in scn:
        assert membership.candidate_since
        assert bool(membership.member_since) == (membership.status == MembershipStatus.MEMBER)
        assert bool(membership.until) == (membership.status == MembershipStatus.WITHDRAWN)
    assert scn.filter(hub__name="MENA Regional Hub for Local Prevention").count() == 7
    member = scn.get(member__name="Mosul Municipality")
    assert list(member.steps.values_list("to_status", "actor__username")) == [
        ("candidate", "coordinator"), ("member", "coordinator")]


def test_stdout_reports_progress(db):
    out = io.StringIO()
    load_demo(stdout=out)
    assert "Demo practices" in out.getvalue()


def test_refuses_when_demo_not_allowed(db, settings):
    settings.WIQAYA_ALLOW_DEMO = False
    with pytest.raises(RuntimeError, match="WIQAYA_ALLOW_DEMO"):
        load_demo()
    assert not Organisation.objects.exists() and not User.objects.exists()


def test_refuses_to_take_over_a_real_account(db):
    User.objects.create_user(username="admin", password="a-real-secret-password")
    with pytest.raises(RuntimeError, match="admin"):
        load_demo()
    assert not User.objects.get(username="admin").is_demo
    assert not Practice.objects.exists()


def test_anonymous_sees_only_published(loaded):
    visible = permissions.visible_to(AnonymousUser(), Practice.objects.all())
    assert visible.count() == Practice.objects.filter(status=PracticeStatus.PUBLISHED).count()
    assert set(visible.values_list("status", flat=True)) == {PracticeStatus.PUBLISHED}


def test_partners_of_look_alike_ngos_do_not_see_each_others_drafts(loaded):
    partner = User.objects.get(username="partner")
    partner2 = User.objects.get(username="partner2")
    unpublished = Practice.objects.exclude(status=PracticeStatus.PUBLISHED)
    own = unpublished.filter(owner__memberships__user=partner)
    other = unpublished.filter(owner__memberships__user=partner2)
    assert (
        own.filter(status=PracticeStatus.DRAFT).exists()
        and other.filter(status=PracticeStatus.DRAFT).exists()
    )
    seen_by_partner = permissions.visible_to(partner, Practice.objects.all())
    assert set(own) <= set(seen_by_partner)
    assert not set(other) & set(seen_by_partner)
    seen_by_partner2 = permissions.visible_to(partner2, Practice.objects.all())
    assert not set(own) & set(seen_by_partner2)


@pytest.mark.django_db
def test_demo_has_confirmed_crosswalks_between_the_two_plans():
    from frameworks.models import Crosswalk

    load_demo()
    links = Crosswalk.objects.filter(status="confirmed")
    assert links.count() == 4
    assert {(c.source.framework.slug, c.target.framework.slug) for c in links} == {("euromed-cso-2017", "un-pve-2015")}
    assert all(c.decided_by.username == "coordinator" for c in links)
