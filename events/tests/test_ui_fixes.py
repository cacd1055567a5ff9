"""What the events pages show, as a review of their screenshots found it: a preview's text in its own language and
direction, the audience an imported heading names, the timeline's steps in words, dates kept on one line, the
recommendation tabs that wrap on a phone, and a linked plan action's number and title each isolated."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from accounts.choices import OrganisationKind, Role
from core.jobs import execute
from core.models import Job
from events import queries
from events.choices import Audience, StepKind
from events.models import Recommendation, Step
from events.services import imports
from events.services.progress import link_action
from events.services.recommendations import publish_recommendation
from places.models import Place
from tests.factories import make_org, make_plan, make_user

from .follow_world import LEAD, make_event, make_rec

pytestmark = pytest.mark.django_db

STATEMENT = """Closing statement of the roundtable

The participants agreed on the following recommendations.

للحكومات المحلية:

1. تشكيل لجنة دائمة للوقاية في كل محافظة.

To national authorities:

2. Adopt common indicators so that progress in each governorate can be compared.

For partners and donors:

3. Fund the committees for three years.
"""


@pytest.mark.parametrize("heading, audiences", [
    ("للحكومات المحلية", [Audience.LOCAL_GOVERNMENTS]),
    ("على مستوى الحكومات المحلية", [Audience.LOCAL_GOVERNMENTS]),
    ("على المستوى الوطني", [Audience.NATIONAL_BODIES]),
    ("للوزارات المعنية", [Audience.NATIONAL_BODIES]),
    ("للشركاء والجهات المانحة", [Audience.PARTNERS]),
    ("لمنظمات المجتمع المدني", [Audience.CIVIL_SOCIETY]),
    ("For local governments", [Audience.LOCAL_GOVERNMENTS]),
    ("To national authorities", [Audience.NATIONAL_BODIES]),
    ("For partners and donors", [Audience.PARTNERS]),
    ("For international partners", [Audience.PARTNERS]),  # "international" names no national body
    ("Civil society and communities", [Audience.CIVIL_SOCIETY]),
    ("Setting the policy framework", []),
])
def test_a_heading_names_its_audience_in_either_language(heading, audiences):
    assert imports._audiences_of(heading) == [str(a) for a in audiences]


@pytest.fixture
def importer(reference):
    hub = make_org("Roundtable hub", kind=OrganisationKind.HUB)
    user = make_user(role=Role.HUB_EXPERT, organisation=hub)
    event = make_event(conveners=[hub], title="Roundtable on local plans", lang="en")
    return user, event


def _preview(user, event) -> Job:
    upload = SimpleUploadedFile("statement.txt", STATEMENT.encode())
    return execute(Job.objects.get(pk=imports.start_document_import(actor=user, event=event, file=upload).pk))


def test_an_imported_document_keeps_its_headings_and_maps_them_to_audiences(importer):
    user, event = importer
    preview = _preview(user, event)
    rows = preview.result["preview"]
    assert [(r["audience"], r["audiences"]) for r in rows] == [
        ("للحكومات المحلية", ["local_governments"]), ("To national authorities", ["national_bodies"]),
        ("For partners and donors", ["partners"])]
    execute(Job.objects.get(pk=imports.confirm_import(actor=user, job=preview).pk))
    written = list(Recommendation.objects.order_by("position").values_list("audience_heading", "audiences", "lang"))
    assert written == [("للحكومات المحلية", ["local_governments"], "ar"),
                       ("To national authorities", ["national_bodies"], "en"),
                       ("For partners and donors", ["partners"], "en")]


@pytest.mark.parametrize("lang, label", [("en", "Local governments"), ("ar", "الحكومات المحلية")])
def test_the_preview_shows_the_text_in_its_own_direction_and_the_audience_label(client, importer, lang, label):
    user, event = importer
    preview = _preview(user, event)
    client.force_login(user)
    shown = client.get(f"/{lang}" + reverse("events:import-job", args=[preview.pk])[3:]).content.decode()
    assert 'dir="ar"' not in shown and 'dir="en"' not in shown  # a language is no direction
    assert '<div lang="ar" dir="rtl" data-testid="import-text">تشكيل لجنة دائمة للوقاية في كل محافظة.</div>' in shown
    assert '<div lang="en" dir="ltr" data-testid="import-text">Adopt common indicators' in shown
    cells = re.findall(r'data-testid="import-audience">(.*?)</td>', shown, re.S)
    assert len(cells) == 3 and cells[0].startswith(label) and "<bdi>للحكومات المحلية</bdi>" in cells[0]
    assert "—" not in "".join(cells)


# --- the timeline, dates, tabs and linked actions ---------------------------------------------------------------

@pytest.fixture
def followed(reference):
    lead_org = make_org("Nineveh governorate office", kind=OrganisationKind.LOCAL_GOVERNMENT,
                        place=Place.objects.get(code="IQ-NI"))
    focal = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=lead_org)
    hub = make_org("Hub", kind=OrganisationKind.HUB)
    convener = make_user(role=Role.HUB_EXPERT, organisation=hub)
    event = make_event(conveners=[hub])
    rec = make_rec(event=event, owners=[(lead_org, LEAD)], due_date=dt.date(2026, 12, 4), places=["IQ-NI"])
    Step.objects.create(recommendation=rec, kind=StepKind.CREATED, to_value=rec.status, is_public=True)
    publish_recommendation(actor=convener, recommendation=rec, is_public=False)
    publish_recommendation(actor=convener, recommendation=rec, is_public=True)
    plan = make_plan(focal, place_code="IQ-NI", status="in_implementation", year=2026)
    action = plan.actions.order_by("pk").first()
    action.title, action.lang = "تدريب موظفي المحافظة", "ar"
    action.save(update_fields=["title", "lang"])
    link_action(actor=focal, recommendation=rec, action=action)
    return type("F", (), dict(focal=focal, convener=convener, rec=rec, action=action))


@pytest.mark.parametrize("lang, words", [
    ("en", ["Not started", "Published", "Not published", "Withdrawn from public view"]),
    ("ar", ["لم يبدأ", "منشورة", "غير منشورة", "سُحبت من العرض العام"]),
])
def test_the_timeline_says_its_steps_in_words(followed, lang, words):
    with translation.override(lang):
        steps = queries.timeline(followed.focal, followed.rec)
        labels = [(s.kind, s.kind_label, s.from_label, s.to_label) for s in steps]
    assert [s.kind for s in steps] == [StepKind.CREATED, StepKind.PUBLISHED, StepKind.PUBLISHED, StepKind.ACTION]
    created, withdrawn, published, linked = labels
    assert created[3] == words[0]
    assert withdrawn[1:] == (words[3], words[1], words[2])
    assert published[2:] == (words[2], words[1])
    assert steps[3].action == followed.action and linked[2:] == ("", "")
    raw = {"not_started", "public", "private", str(followed.action.pk)}
    assert not raw & {part for label in labels for part in label[1:]}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_recommendation_page_shows_a_linked_action_by_number_and_title_each_isolated(client, followed, lang):
    client.force_login(followed.focal)
    shown = client.get(f"/{lang}/events/recommendations/{followed.rec.pk}/").content.decode()
    action = followed.action
    isolated = (f'<bdi>{action.ref}</bdi> <bdi lang="ar" dir="rtl">{action.title}</bdi>')
    timeline = shown[shown.index('data-testid="timeline"'):]
    assert isolated in timeline and f"<bdi>{action.ref}</bdi> <span" not in shown
    linked = shown[shown.index('data-testid="linked-actions"'):]
    assert isolated in linked[:linked.index("</ul>")]
    assert "not_started" not in timeline and "private" not in timeline


def test_a_reader_who_may_not_see_the_action_is_told_so_not_given_its_key(followed):
    outsider = make_user(role=Role.PARTNER)
    with translation.override("en"):
        linked = [s for s in queries.timeline(outsider, followed.rec) if s.kind == StepKind.ACTION]
    assert len(linked) == 1 and linked[0].action is None
    assert linked[0].to_label == "a plan action you may not see"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_dates_in_the_owners_queue_stay_on_one_line(client, followed, lang):
    client.force_login(followed.focal)
    shown = client.get(f"/{lang}/events/queue/").content.decode()
    assert re.search(r'<span class="text-nowrap"><bdi dir="ltr">2026-12-0?4</bdi></span>', shown), shown
    listed = client.get(f"/{lang}/events/recommendations/").content.decode()
    assert re.search(r'<span class="text-nowrap"><bdi dir="ltr">2026-12-0?4</bdi></span>', listed)


def test_the_recommendation_tabs_wrap_instead_of_running_off_a_phone(client, followed):
    client.force_login(followed.focal)
    shown = client.get("/en/events/queue/").content.decode()
    nav = shown[shown.index('data-testid="rec-nav"') - 120:]
    nav = nav[:nav.index("</nav>")]
    assert "flex-wrap" in nav and "flex-nowrap" not in nav and "text-nowrap" not in nav
    assert "My organisations" in nav
