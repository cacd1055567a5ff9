"""The API documentation page renders from local files under the Content Security Policy."""

import pytest

from tests.browser.conftest import shot

pytestmark = pytest.mark.browser


def test_api_docs_render_under_the_content_security_policy(page, live_server, transactional_db):
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    external = []
    page.on("request", lambda req: external.append(req.url) if not req.url.startswith(live_server.url) else None)
    response = page.goto("/api/docs/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector("text=/api/v1/practices/", timeout=15_000)
    assert page.locator(".opblock").count() > 10
    shot(page, "90-api-docs")
    assert violations == [] and external == []
