"""The crosswalk page's default pair comes from settings and data, not from slugs written in the code."""

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.choices import Role
from frameworks.models import Goal
from frameworks.services import create_framework, create_goal, link_goals
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _pair(client, **params):
    context = client.get(reverse("crosswalks:list"), params).context
    return context["source"].slug, context["target"].slug


def test_the_default_pair_follows_the_settings_then_the_links(client, reference):
    with override_settings(WIQAYA_COMPENDIUM_FRAMEWORK="un-pve-2015", WIQAYA_NATIONAL_FRAMEWORK="euromed-cso-2017"):
        assert _pair(client) == ("un-pve-2015", "euromed-cso-2017")
    # Once links exist, the framework that shares the most with the source is its default partner.
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR)
    strategy = create_framework(actor=coordinator, slug="jo-pve-2023", title_en="Jordan's national PVE strategy")
    youth = create_goal(actor=coordinator, framework=strategy, number="1", title_en="Youth")
    link_goals(actor=coordinator, source=Goal.objects.get(framework__slug="un-pve-2015", number="4"), target=youth,
               relation="equivalent")
    with override_settings(WIQAYA_COMPENDIUM_FRAMEWORK="un-pve-2015", WIQAYA_NATIONAL_FRAMEWORK="euromed-cso-2017"):
        assert _pair(client) == ("un-pve-2015", "jo-pve-2023")
        # A pair asked for in the address wins.
        assert _pair(client, source="jo-pve-2023", target="euromed-cso-2017") == ("jo-pve-2023", "euromed-cso-2017")
