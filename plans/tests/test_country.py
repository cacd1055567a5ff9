"""An installation for another country changes settings, not code: WIQAYA_COUNTRY picks the places plans cover
and WIQAYA_NATIONAL_FRAMEWORK the strategy listed (and chosen) first. Shown here with Jordan."""

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.choices import OrganisationKind, Role
from frameworks.models import Framework, Goal
from places.choices import PlaceKind
from places.models import Place
from plans.forms import PlanForm
from plans.models import Plan
from tests.factories import make_org, make_plan, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def jordan(reference):
    country, _created = Place.objects.update_or_create(
        code="JO", defaults={"kind": PlaceKind.COUNTRY, "iso_code": "JO", "name_en": "Jordan", "name_ar": "الأردن"})
    amman = Place.objects.create(code="JO-AM", iso_code="JO-AM", kind=PlaceKind.GOVERNORATE, parent=country,
                                 name_en="Amman", name_ar="عمّان")
    irbid = Place.objects.create(code="JO-IR", iso_code="JO-IR", kind=PlaceKind.GOVERNORATE, parent=country,
                                 name_en="Irbid", name_ar="إربد")
    marka = Place.objects.create(code="JO-AM-MA", kind=PlaceKind.DISTRICT, parent=amman, name_en="Marka",
                                 name_ar="ماركا")
    strategy = Framework.objects.create(slug="jo-pve-2023", title_en="Jordan's national PVE strategy")
    Goal.objects.create(framework=strategy, number="1", title_en="Resilient communities")  # offered once it has one
    return {"country": country, "places": [amman, marka, irbid], "strategy": strategy}


JORDAN = {"WIQAYA_COUNTRY": "JO", "WIQAYA_NATIONAL_FRAMEWORK": "jo-pve-2023"}


def test_the_plan_form_offers_the_countrys_places_and_its_national_strategy_first(jordan):
    user = make_user(role=Role.NATIONAL_COORDINATOR)
    with override_settings(**JORDAN):
        form = PlanForm(user=user)
        assert list(form.fields["place"].queryset) == jordan["places"]  # each governorate, then its districts
        assert form.fields["frameworks"].choices[0][0] == jordan["strategy"].pk
        assert form.fields["frameworks"].initial == [jordan["strategy"].pk]
    # The shipped settings still mean Iraq: no Jordanian place, and Iraq's strategy first.
    form = PlanForm(user=user)
    codes = set(form.fields["place"].queryset.values_list("code", flat=True))
    assert "IQ-BG" in codes and not codes & {"JO-AM", "JO-IR", "JO-AM-MA"}
    national = Framework.objects.get(slug="iraq-ns-2019")
    # Iraq's strategy ships without goals: it is neither offered nor the default until it has one.
    assert national.pk not in [pk for pk, _label in form.fields["frameworks"].choices]
    assert not form.fields["frameworks"].initial
    from frameworks.services import create_goal
    from tests.factories import SETUP

    create_goal(actor=SETUP, framework=national, number="1", title_en="Prevention")
    form = PlanForm(user=user)
    assert form.fields["frameworks"].choices[0][0] == national.pk and form.fields["frameworks"].initial == [national.pk]


def test_a_plan_lists_the_configured_national_strategy_first(jordan):
    focal = make_user(role=Role.LOCAL_FOCAL_POINT,
                      organisation=make_org("Amman sub-committee", kind=OrganisationKind.COMMITTEE,
                                                        place=Place.objects.get(code="JO-AM")))
    plan = make_plan(focal, place_code="JO-AM", frameworks=("euromed-cso-2017", "jo-pve-2023", "un-pve-2015"))
    with override_settings(**JORDAN):
        assert [f.slug for f in plan.aligned_frameworks] == ["jo-pve-2023", "euromed-cso-2017", "un-pve-2015"]
    assert [f.slug for f in plan.aligned_frameworks] == ["euromed-cso-2017", "jo-pve-2023", "un-pve-2015"]


def test_the_national_overview_lists_the_countrys_governorates(jordan, client):
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR)
    client.force_login(coordinator)
    with override_settings(**JORDAN):
        response = client.get(reverse("plans:overview"))
        assert [row.governorate.code for row in response.context["rows"]] == ["JO-AM", "JO-IR"]
        assert response.context["country"] == jordan["country"]
        assert "<bdi>Jordan</bdi>" in response.content.decode()
        assert Plan.objects.count() == 0
