"""`wiqaya setup`: migrate, reference data, and the demo set only for a database that has no users yet."""

import pytest
from django.core.management import call_command

from accounts.choices import OrganisationKind, Role
from accounts.models import User
from places.models import Place
from plans.models import Plan
from practices.models import Practice
from tests.factories import make_org, make_plan, make_user

pytestmark = pytest.mark.django_db


def test_setup_migrates_and_loads_demo_once():
    call_command("setup")
    first = Practice.objects.count()
    assert first >= 30
    call_command("setup")
    assert Practice.objects.count() == first
    assert User.objects.filter(is_demo=True).count() >= 6
    assert User.objects.filter(username="admin", is_demo=True).count() == 1


def test_setup_without_demo_when_not_allowed(settings):
    settings.WIQAYA_ALLOW_DEMO = False
    call_command("setup")
    assert not User.objects.filter(is_demo=True).exists()
    assert Place.objects.filter(kind="governorate").count() == 19


def test_setup_loads_no_demo_into_a_database_with_users_but_no_practices(reference, capsys):
    """An installation with its own accounts and plans but no practice yet must not get the demo `admin`."""
    focal = make_user("planner", role=Role.LOCAL_FOCAL_POINT,
                      organisation=make_org("Nineveh sub-committee", kind=OrganisationKind.COMMITTEE,
                                            place=Place.objects.get(code="IQ-NI")))
    make_plan(focal, place_code="IQ-NI")
    users_before = set(User.objects.values_list("username", flat=True))
    assert not Practice.objects.exists()

    call_command("setup")

    assert not User.objects.filter(username="admin").exists()
    assert not User.objects.filter(is_demo=True).exists()
    assert set(User.objects.values_list("username", flat=True)) == users_before
    assert Practice.objects.count() == 0 and Plan.objects.count() == 1
    assert "demo data not loaded (the database already has users)" in capsys.readouterr().out
