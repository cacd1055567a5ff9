import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, shot

pytestmark = pytest.mark.browser

WIDTH = "() => ({scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth})"


@pytest.mark.django_db(transaction=True)
def test_screens(page, live_server):
    from events.tests.pages_world import build
    from tests.factories import reference_data

    reference_data()
    w = build()
    for user in (w.focal, w.other):
        user.set_password(PASSWORD)
        user.save()
    pages = {"list": "/events/", "event": f"/events/{w.public.pk}/", "draft": f"/events/{w.draft.pk}/",
             "form": f"/events/{w.public.pk}/edit/", "participation": f"/events/{w.public.pk}/participation/",
             "minutes": f"/events/{w.draft.pk}/minutes/", "create": "/events/new/", "start": "/start/"}
    bad = []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for lang in ("en", "ar"):
            page.context.clear_cookies()
            page.goto(f"/{lang}/events/{w.public.pk}/")
            shot(page, f"p1-anon-event-{lang}-{width}")
            page.goto(f"/{lang}/accounts/login/")
            page.fill("#id_username", w.focal.username)
            page.fill("#id_password", PASSWORD)
            page.locator("main form button[type=submit]").click()
            expect(page.locator("nav .navbar-text")).to_have_text(w.focal.username)
            for name, address in pages.items():
                page.goto(f"/{lang}{address}")
                facts = page.evaluate(WIDTH)
                if facts["scrollWidth"] > facts["clientWidth"]:
                    bad.append((name, lang, width, facts))
                shot(page, f"p1-{name}-{lang}-{width}")
            page.goto(f"/{lang}/events/{w.draft.pk}/participation/")
            page.fill("#id_participants", "3")
            page.fill("#id_women", "9")
            page.locator("[data-testid=save]").click()
            shot(page, f"p1-participation-error-{lang}-{width}")
    assert not bad, bad
