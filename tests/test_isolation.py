"""User text is isolated wherever a page shows it (the security findings, item 7): inside `<bdi>`, or an element
with its own `dir`, so that a name in one direction cannot reorder the page around it — and nothing a user wrote
can make "exe.fdp" read "pdf.exe". Pages are rendered in both languages with records whose every name, title
and comment carries a marker; every text node holding a marker must sit inside an isolating element."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from accounts.choices import OrganisationKind, Role
from tests.factories import make_org, make_plan, make_practice, make_user

MARKER = "ZQISO"
# Elements whose text cannot hold <bdi> (or is no text on the page) and that the browser shows isolated or not at all.
EXEMPT = {"title", "option", "textarea", "script", "style"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Isolation(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.bare: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        # The page's own direction (on <html>, <body>) isolates nothing from the page.
        isolating = tag == "bdi" or tag in EXEMPT or (
            tag not in {"html", "body"} and any(name == "dir" for name, _value in attrs))
        self.stack.append((tag, isolating))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if MARKER in data and not any(isolating for _tag, isolating in self.stack):
            path = " > ".join(tag for tag, _i in self.stack[-4:])
            self.bare.append(f"{path}: {data.strip()[:80]}")


def bare_user_text(html: str) -> list[str]:
    parser = _Isolation()
    parser.feed(html)
    return parser.bare


def test_the_checker_finds_bare_text_and_accepts_isolated_text():
    assert bare_user_text(f"<p>Hello {MARKER} name</p>") == [f"p: Hello {MARKER} name"]
    assert bare_user_text(f'<html dir="rtl"><body dir="rtl"><p>{MARKER}</p></body></html>') == [
        f"html > body > p: {MARKER}"]
    assert bare_user_text(f"<p><bdi>{MARKER}</bdi> <span dir='auto'>{MARKER}</span></p>") == []
    assert bare_user_text(f"<title>{MARKER}</title><select><option>{MARKER}</option></select>") == []


@pytest.fixture
def world(reference):
    from directory.services import add_membership
    from practices.services import transition_practice

    coordinator = make_user(f"{MARKER}-coordinator", role=Role.NATIONAL_COORDINATOR,
                            organisation=make_org(f"{MARKER} National Committee", kind=OrganisationKind.NATIONAL_BODY))
    focal = make_user(f"{MARKER}-focal", role=Role.LOCAL_FOCAL_POINT, organisation=make_org(
        f"{MARKER} Baghdad sub-committee", kind=OrganisationKind.COMMITTEE,
        place=__import__("places.models", fromlist=["Place"]).Place.objects.get(code="IQ-BG")))
    partner = make_user(f"{MARKER}-partner", organisation=make_org(f"لجنة {MARKER} للشباب"))
    practice = make_practice(partner, status="in_review", name=f"حوار {MARKER} مجتمعي",
                             organisation_name=f"{MARKER} Youth")
    transition_practice(actor=coordinator, practice=practice, to_status="published", comment=f"{MARKER} looks good")
    plan = make_plan(focal, title=f"خطة {MARKER}", status="approved")
    network = make_org(f"{MARKER} Network", kind=OrganisationKind.NETWORK)
    add_membership(actor=coordinator, network=network, member=focal.memberships.first().organisation,
                   note=f"{MARKER} note")
    from documents.services import store_document
    from frameworks.services import create_framework, create_goal

    document, _created = store_document(actor=partner, name=f"{MARKER} annex.txt", data=b"text")
    framework = create_framework(actor=coordinator, slug="zqiso-framework", title_en=f"{MARKER} Plan of Action",
                                 title_ar=f"خطة عمل {MARKER}")
    create_goal(actor=coordinator, framework=framework, number="1", title_en=f"{MARKER} goal")
    return {"coordinator": coordinator, "practice": practice, "plan": plan, "network": network,
            "org": partner.memberships.first().organisation, "partner": partner, "document": document, "framework": framework}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_user_text_is_isolated_on_every_page_that_shows_it(client, world, lang):
    client.force_login(world["coordinator"])
    practice, plan, network, org = world["practice"], world["plan"], world["network"], world["org"]
    pages = [
        reverse("practices:list"), reverse("practices:detail", args=[practice.pk]),
        reverse("plans:list"), reverse("plans:detail", args=[plan.pk]), reverse("plans:overview"),
        reverse("directory:list"), reverse("directory:organisation", args=[org.pk]),
        reverse("directory:network", args=[network.pk]), reverse("directory:committees"),
        reverse("search:page") + f"?q={MARKER}",
        reverse("plans:coverage"), reverse("plans:actions"),
        reverse("frameworks:list"), reverse("frameworks:detail", args=[world["framework"].slug]),
    ]
    # The uploader's own pages: its documents.
    partner_pages = [reverse("documents:list"), reverse("documents:detail", args=[world["document"].pk])]
    found_any = False
    problems = {}
    for user, url in [(world["coordinator"], url) for url in pages] + [(world["partner"], url) for url in partner_pages]:
        client.force_login(user)
        url = f"/{lang}/" + url.split("/", 2)[2]
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        found_any = found_any or MARKER in html
        bare = bare_user_text(html)
        if bare:
            problems[url] = bare
    assert found_any
    assert problems == {}
