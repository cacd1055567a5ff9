"""The directory shows each organisation's public contact (its office, never a person's), and its counts are links
to the lists they count, filtered to the organisation."""

import json
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from accounts.choices import OrganisationKind, Role
from accounts.models import Organisation, User
from accounts.services import save_organisation
from core.actors import system
from tests.factories import make_org, make_plan, make_practice, make_user

pytestmark = pytest.mark.django_db


def test_the_office_contact_is_validated_and_never_a_persons_account():
    org = make_org("Contact NGO", public_email="office@contact-ngo.example.org", public_phone="+964 1 555 0100")
    org.public_phone = "call Ahmed after 5"
    with pytest.raises(ValidationError):
        org.full_clean()
    org.public_phone = "٠٧٧٠ ١٢٣ ٤٥٦٧"  # Arabic-Indic digits are digits
    org.full_clean()
    User.objects.create_user("ahmed", email="ahmed@contact-ngo.example.org", password="pw-for-tests-123")
    org.public_email = "Ahmed@contact-ngo.example.org"
    with pytest.raises(ValidationError) as refused:
        save_organisation(actor=system("tests"), organisation=org)
    assert "public_email" in refused.value.message_dict
    assert Organisation.objects.get(pk=org.pk).public_email == "office@contact-ngo.example.org"


@pytest.mark.parametrize(("lang", "email_label", "phone_label"), [("en", "Office e-mail", "Office phone"),
                                                                   ("ar", "بريد المكتب", "هاتف المكتب")])
def test_the_organisation_page_shows_its_office_contact(client, lang, email_label, phone_label):
    org = make_org("Contact NGO", public_email="office@contact-ngo.example.org", public_phone="+964 1 555 0100",
                   website="https://contact-ngo.example.org/")
    page = client.get(f"/{lang}/directory/organisations/{org.pk}/").content.decode()
    assert email_label in page and phone_label in page
    assert 'href="mailto:office@contact-ngo.example.org"' in page and 'href="tel:+96415550100"' in page
    assert 'href="https://contact-ngo.example.org/"' in page
    bare = make_org("Quiet NGO")
    page = client.get(f"/{lang}/directory/organisations/{bare.pk}/").content.decode()
    assert 'data-testid="no-contact"' in page and "mailto:" not in page


def test_the_list_shows_the_contact_and_its_type_counts_link_to_the_narrowed_list(client):
    make_org("Contact NGO", public_email="office@contact-ngo.example.org")
    make_org("Second NGO")
    make_org("Tal Afar Municipality", kind=OrganisationKind.LOCAL_GOVERNMENT)
    page = client.get("/en/directory/", {"q": "o"}).content.decode()
    assert 'href="mailto:office@contact-ngo.example.org"' in page
    links = dict(re.findall(r'<a class="badge[^"]*" href="([^"]+)" data-testid="kind-count">([^<]+)</a>', page))
    ngo = next(url for url, words in links.items() if words.startswith("NGO"))
    assert links[ngo].endswith(" · 2") and "q=o" in ngo and "kind=ngo" in ngo
    narrowed = client.get("/en/directory/" + ngo.replace("&amp;", "&")).content.decode()
    assert "Contact NGO" in narrowed and "Second NGO" in narrowed and "Tal Afar Municipality" not in narrowed


def test_counts_of_practices_plans_and_actions_are_links_to_lists_filtered_to_the_organisation(client, reference):
    from places.models import Place

    owner = make_org("Counting Committee", kind=OrganisationKind.COMMITTEE, place=Place.objects.get(code="IQ-BG"))
    focal = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=owner)
    make_practice(focal, status="published", organisation=owner, name="Counted practice one")
    make_practice(focal, status="published", organisation=owner, name="Counted practice two")
    make_practice(focal, status="draft", organisation=owner, name="Draft practice")  # not for anonymous readers
    make_practice(make_user(), status="published", name="Someone else's practice")
    plan = make_plan(focal, actions=2)
    plan.actions.update(lead=owner)

    page = client.get(f"/en/directory/organisations/{owner.pk}/").content.decode()
    practices = re.search(r'<a href="([^"]+)" data-testid="count-practices">([^<]+)</a>', page)
    assert practices.group(2) == "2 practices"
    listed = client.get(practices.group(1)).content.decode()
    assert "Counted practice one" in listed and "Counted practice two" in listed
    assert "Someone else" not in listed and "Draft practice" not in listed
    assert 'data-testid="count-plans"' not in page  # a draft plan is not for anonymous readers

    client.force_login(focal)
    page = client.get(f"/ar/directory/organisations/{owner.pk}/").content.decode()
    assert re.search(r'data-testid="count-practices">3 ممارسات</a>', page)
    plans = re.search(r'<a href="([^"]+)" data-testid="count-plans">([^<]+)</a>', page)
    assert plans.group(2) == "خطة واحدة تملكها" and plans.group(1).endswith(f"?owner={owner.pk}")
    assert plan.title in client.get(plans.group(1)).content.decode()
    actions = re.search(r'<a href="([^"]+)" data-testid="count-actions">([^<]+)</a>', page)
    assert actions.group(2) == "إجراءان تنفّذهما" and actions.group(1).endswith(f"?lead={owner.pk}")
    listed = client.get(actions.group(1)).content.decode()
    assert all(action.title in listed for action in plan.actions.all())


def test_a_networks_member_counts_link_to_its_members(client, directory):
    network = directory["network"]
    page = client.get(f"/en/directory/organisations/{network.pk}/").content.decode()
    link = re.search(r'<a class="[^"]*" data-testid="status-count" href="([^"]+)">([^<]+)</a>', page)
    assert link.group(1).endswith(f"/networks/{network.pk}/?status=member") and link.group(2) == "1 organisation"


def test_the_api_gives_the_office_contact():
    org = make_org("Contact NGO", public_email="office@contact-ngo.example.org", public_phone="+964 1 555 0100")
    data = APIClient().get(f"/api/v1/organisations/{org.pk}/").json()
    assert data["public_email"] == "office@contact-ngo.example.org" and data["public_phone"] == "+964 1 555 0100"


def test_every_demo_organisation_has_an_invented_office_address():
    specs = json.loads((Path(__file__).parents[2] / "demo" / "data" / "organisations.json").read_text())
    assert all(spec["public_email"].startswith("office@") and spec["public_email"].endswith(".example.org")
               for spec in specs)
    assert len({spec["public_email"] for spec in specs}) == len(specs)


def test_the_office_contact_is_edited_where_organisations_are_edited(rf):
    from django.contrib.admin.sites import site

    admin = site._registry[Organisation]
    request = rf.get("/")
    request.user = User.objects.create_superuser("contact-admin", password="pw-for-tests-123")
    form = admin.get_form(request)
    assert {"public_email", "public_phone", "website"} <= set(form.base_fields)
    assert "never a person" in str(form.base_fields["public_email"].help_text)
