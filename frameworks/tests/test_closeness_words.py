"""The crosswalk page says how close two goals are in words ("closely related"), not as a score ("0.51")."""

import pytest
from django.urls import reverse

from accounts.choices import Role
from frameworks.models import Crosswalk, Goal
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def goal(slug, number):
    return Goal.objects.get(framework__slug=slug, number=number)


@pytest.mark.parametrize(("score", "words"), [(0.91, "very close in meaning"), (0.8, "very close in meaning"),
                                              (0.7, "closely related"), (0.51, "related")])
def test_closeness_in_words(score, words):
    assert str(Crosswalk(score=score).closeness) == words


@pytest.mark.parametrize(("lang", "header", "words"), [("en", "How close", "closely related"),
                                                       ("ar", "مدى التقارب", "وثيقا الصلة")])
def test_the_crosswalk_page_shows_no_similarity_score(reference, client, lang, header, words):
    Crosswalk.objects.create(source=goal("euromed-cso-2017", "8"), target=goal("un-pve-2015", "7"), score=0.7132)
    client.force_login(make_user(role=Role.NATIONAL_COORDINATOR))
    html = client.get(f"/{lang}{reverse('crosswalks:list')[3:]}?source=euromed-cso-2017&target=un-pve-2015"
                      ).content.decode()
    assert header in html and words in html
    assert "0.71" not in html and "Similarity" not in html
