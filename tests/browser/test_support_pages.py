"""The support desk's main pages in a real browser, in English and Arabic, on a desktop and on a phone
(390 × 844): the hub's queue (tabs, clock badges, rows as cards on a phone), a request's page (timeline, clocks,
moves with their reason list, triage sentences, referrals) and the public counts. None scrolls sideways.

Screenshots go to test-artifacts/screenshots/support-<page>-<size>-<language>.png.
"""

import datetime as dt
import importlib

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, shot

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
WIDTH = """() => ({lang: document.documentElement.lang, dir: document.documentElement.dir,
  scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth})"""


@pytest.fixture
def desk(transactional_db, live_server):
    from accounts.choices import OrganisationKind, Role
    from accounts.models import User
    from accounts.services import add_membership, create_organisation
    from core.actors import system
    from places.models import Place
    from support.models import Referral
    from support.services.needs import create_need
    from support.services.requests import create_request, move_request
    from tests.factories import reference_data

    reference_data()
    # A transactional test empties the tables after each test: the desk's starting rows (moves, reasons,
    # targets, calendar) are loaded again as migration 0002 loads them.
    from django.apps import apps

    importlib.import_module("support.migrations.0002_defaults").load(apps, None)
    setup = system("browser test")
    ninewa = Place.objects.get(code="IQ-NI")
    hub = create_organisation(actor=setup, name="MENA Hub", kind=OrganisationKind.HUB)
    locality = create_organisation(actor=setup, name="Nineveh PVE Sub-committee",
                                   kind=OrganisationKind.COMMITTEE, place=ninewa)
    partner = create_organisation(actor=setup, name="Tigris Youth NGO", kind=OrganisationKind.NGO)
    users = {}
    for name, role, org in [("desk-expert", Role.HUB_EXPERT, hub), ("desk-focal", Role.LOCAL_FOCAL_POINT, locality)]:
        users[name] = User.objects.create_user(username=name, password=PASSWORD)
        add_membership(actor=setup, user=users[name], organisation=org, role=role)
    focal, expert = users["desk-focal"], users["desk-expert"]
    need = create_need(actor=focal, owner=locality, place=ninewa, title="شباب الموصل بحاجة إلى مساحات للحوار",
                       theme="youth", source="consultation", severity=4, hub=hub, lang="ar",
                       description="طرحت في جلسة التشاور المجتمعي في حي الزهور.")
    request = create_request(
        actor=focal, requester=locality, hub=hub, place=ninewa, needs=[need], request_type="training",
        title="تدريب مجالس الشباب على الحوار المجتمعي", result_wanted="مجلس شباب يجتمع شهريًا ويقدّم مقترحات للمحافظة",
        description="نطلب تدريبًا لعشرين عضوًا من مجالس الشباب في ثلاثة أقضية.", lang="ar",
        timeframe_start=dt.date(2026, 3, 1), timeframe_end=dt.date(2026, 6, 30), languages=["ar", "en"],
        sponsoring_role="نائب المحافظ")
    request = move_request(actor=focal, request=request, to_stage="submitted", version=request.version)
    request = move_request(actor=expert, request=request, to_stage="triage", version=request.version,
                           note="The council's chair confirmed the dates.")
    Referral.objects.create(request=request, partner=partner, scope="Two trainers for the Tal Afar sessions",
                            deadline=dt.date(2026, 12, 20), created_by=expert)
    for n in range(3):  # more requests, so that the queue has rows in two stages
        other = create_request(actor=focal, requester=locality, hub=hub, place=ninewa, needs=[need],
                               request_type="peer_exchange", title=f"Peer visit to Anbar {n + 1}",
                               result_wanted="Learn how Anbar runs its youth councils", lang="en")
        move_request(actor=focal, request=other, to_stage="submitted", version=other.version)
    return {"expert": expert, "request": request}


def fits(page, lang):
    facts = page.evaluate(WIDTH)
    assert (facts["lang"], facts["dir"]) == (lang, "rtl" if lang == "ar" else "ltr"), facts
    assert facts["scrollWidth"] <= facts["clientWidth"], f"{page.url} scrolls sideways: {facts}"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_queue_a_request_and_the_public_page(page, desk, lang, size):
    page.set_viewport_size(SIZES[size])
    page.goto(f"/{lang}/accounts/login/")
    page.fill("#id_username", desk["expert"].username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("nav .navbar-text")).to_have_text(desk["expert"].username)

    page.goto(f"/{lang}/support/queue/")
    expect(page.get_by_test_id("queue-row")).to_have_count(4)
    expect(page.get_by_test_id("queue-stage")).to_have_count(2)
    expect(page.get_by_test_id("clock").first).to_be_visible()
    fits(page, lang)
    shot(page, f"support-queue-{size}-{lang}")

    page.get_by_test_id("queue-row").filter(has_text=desk["request"].reference).locator("a").first.click()
    expect(page.get_by_test_id("request-title")).to_have_text(desk["request"].title)
    expect(page.get_by_test_id("clock")).to_have_count(3)
    expect(page.get_by_test_id("step")).to_have_count(desk["request"].steps.count())
    expect(page.get_by_test_id("request-timeline")).to_contain_text("The council's chair confirmed the dates.")
    expect(page.get_by_test_id("triage-line").first).to_be_visible()
    expect(page.get_by_test_id("reason-declined")).to_be_visible()  # declining needs a reason from the list
    expect(page.get_by_test_id("referral")).to_have_count(1)
    fits(page, lang)
    shot(page, f"support-request-{size}-{lang}")

    page.goto(f"/{lang}/support/public/")
    expect(page.get_by_test_id("public-type")).to_be_visible()
    fits(page, lang)
    shot(page, f"support-public-{size}-{lang}")
