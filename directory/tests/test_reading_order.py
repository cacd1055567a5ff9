"""The directory reads in the reader's language: on an Arabic page organisations are sorted by their Arabic name
(their English one when they have none, after the Arabic ones), and the pickers name them in Arabic too."""

import pytest

from accounts.choices import OrganisationKind
from tests.factories import make_org

from .test_views import _get, _names

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(directory):
    # English names whose Arabic names sort the other way round.
    make_org("Al-Amal Society", name_alt="جمعية الأمل", kind=OrganisationKind.NGO)   # ج…
    make_org("Zaytun Foundation", name_alt="أكاديمية الزيتون", kind=OrganisationKind.NGO)  # أ… (sorts as ا)
    make_org("Baghdad Youth", name_alt="إعلام بغداد الشبابي", kind=OrganisationKind.NGO)  # إ… (sorts as ا)
    make_org("رابطة الشباب", name_alt="Youth League", kind=OrganisationKind.NGO)  # its own name is the Arabic one
    return directory


def test_the_arabic_directory_sorts_by_the_arabic_name(client, named):
    names = _names(_get(client, "/ar/directory/", kind=OrganisationKind.NGO))
    # Arabic names in Arabic order, hamza forms folded: إعلام (as اعلام) before أكاديمية (as اكاديمية), where a
    # plain code-point sort puts every أ before every إ; then the names with no Arabic form.
    assert names == ["إعلام بغداد الشبابي", "أكاديمية الزيتون", "جمعية الأمل", "رابطة الشباب", "Tigris Youth"]


def test_the_english_directory_sorts_by_the_english_name(client, named):
    names = _names(_get(client, "/en/directory/", kind=OrganisationKind.NGO))
    assert names == ["Al-Amal Society", "Baghdad Youth", "Tigris Youth", "Youth League", "Zaytun Foundation"]


def test_pickers_name_organisations_in_arabic_in_arabic_order(client, named):
    client.force_login(named["coordinator"])
    html = _get(client, f"/ar/directory/networks/{named['network'].pk}/").content.decode()
    member = html[html.index('name="member"'):]
    member = member[:member.index("</select>")]
    # The organisations with Arabic names come in Arabic order, before those with none.
    assert member.index("إعلام بغداد الشبابي") < member.index("أكاديمية الزيتون") < member.index("جمعية الأمل")
    assert member.index("جمعية الأمل") < member.index("Tigris Youth")
    assert "Zaytun Foundation" not in member
