"""Nothing is reachable anonymously but an allow-list. Every URL pattern is walked from the URLconf: one without a
rule in tests/security/matrix.py fails here by name, and an anonymous GET answers 200 only on the allow-list."""

from __future__ import annotations

import pytest
from django.test import Client

from .client import body_text, build_url, report_figures
from .matrix import ANONYMOUS, Cell, rule_for, walk_patterns

PATTERNS = walk_patterns()

# The pattern names (rule keys) an anonymous reader may GET with 200: published practices, public documents,
# frameworks, coverage, confirmed crosswalks, the API's reads, the schema and its docs, the login page.
# Everything else answers anonymous readers with a redirect to a login page, 404, 405, 401 or 403.
ANONYMOUS_ALLOWED = {
    "accounts:login",
    "practices:list", "practices:detail", "search:page",
    "documents:list", "documents:detail", "documents:download",
    "frameworks:list", "frameworks:detail", "frameworks:coverage", "frameworks:export",
    "plans:list", "plans:detail", "plans:overview", "plans:coverage", "plans:actions",
    "plans:overview-export-xlsx", "plans:overview-export-csv", "plans:coverage-export-xlsx",
    "plans:coverage-export-csv",
    "crosswalks:list",
    "directory:list", "directory:organisation", "directory:committees", "directory:network",
    "network-membership-list", "network-membership-detail",
    "api-root", "api-schema", "api-docs",
    "practice-list", "practice-detail", "search-list",
    "organisation-list", "organisation-detail", "place-list", "place-detail",
    "glossary:list", "glossary-term-list", "glossary-term-detail",
    "framework-list", "framework-detail", "framework-coverage", "framework-export",
    "goal-list", "goal-detail",
    "document-list", "document-detail",
    # Plans: public summaries; the lists of actions and updates answer anonymous readers with nothing.
    "plan-list", "plan-detail", "plan-overview", "plan-coverage", "action-list", "progress-update-list",
    # The support desk: its public counts only (the page and the API).
    "support:public", "support-public-counts",
    # Events: the exports of a published event's recommendations (what the reader may see of them).
    "events:export", "events:export-csv",
    # Recommendations: published ones, their public evidence and the public follow-up.
    "events:recommendations", "events:recommendation", "events:evidence", "events:accountability",
    "events:event-follow-up",
    # Events: published events (their public documents), published recommendations and their public updates.
    "events:list", "events:event", "events:document", "event-list", "event-detail", "recommendation-list",
    "recommendation-detail", "recommendation-update-list", "recommendation-update-detail",
    # Dashboards, reports and open data: the public dashboards, the public report, the open-data package and its API.
    "dashboards:index", "dashboards:public", "dashboards:public-place", "dashboards:public-report",
    "opendata:page", "opendata:package", "open-data-tables", "open-data-rows",
}
FIGURES: dict = {}


def _anonymous_cells(pattern):
    rule = rule_for(pattern)
    return [(rule, Cell(ANONYMOUS, "anonymous", variant)) for variant in rule.variants]


def _anonymous_200(pattern) -> bool:
    return any(rule.checks.get("GET", lambda c: None)(cell) == 200 for rule, cell in _anonymous_cells(pattern))


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    figures = FIGURES | {
        "url_patterns": len(PATTERNS),
        "rule_keys": len({p.key for p in PATTERNS}),
        "with_rule": sum(rule_for(p) is not None for p in PATTERNS),
        "anonymous_allowed": sorted(ANONYMOUS_ALLOWED),
        "admin_patterns": sum(p.is_admin for p in PATTERNS),
    }
    report_figures("allowlist", figures)


def test_every_url_pattern_has_a_rule():
    missing = sorted({p.key for p in PATTERNS if rule_for(p) is None})
    FIGURES["missing_rules"] = missing
    assert not missing, "add a rule for " + ", ".join(missing) + " in tests/security/matrix.py (RULES)"


def test_the_allow_list_is_what_the_rules_say():
    """A rule that lets anonymous readers GET a page is on the allow-list, and the other way round."""
    granted = {p.base_key for p in PATTERNS if rule_for(p) is not None and _anonymous_200(p)}
    assert granted - ANONYMOUS_ALLOWED == set(), "rules grant anonymous 200 outside the allow-list"
    assert ANONYMOUS_ALLOWED - granted == set(), "allow-listed names whose rule does not grant anonymous 200"


# Patterns where an anonymous GET is known to fail: pattern key → reason, xfail(strict=True). None now.
KNOWN_BUGS: dict[str, str] = {}


def _params():
    for pattern in PATTERNS:
        if rule_for(pattern) is None:
            continue
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[pattern.key])] if pattern.key in KNOWN_BUGS else []
        yield pytest.param(pattern, id=f"{pattern.key}|{pattern.route}", marks=marks)


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", list(_params()))
def test_an_anonymous_get_is_refused_unless_allowed(world, pattern):
    client = Client(raise_request_exception=False)
    for rule, cell in _anonymous_cells(pattern):
        url = build_url(pattern, rule, cell, world)
        response = client.get(url)
        FIGURES["anonymous_requests"] = FIGURES.get("anonymous_requests", 0) + 1
        if response.status_code == 200:
            FIGURES["anonymous_200"] = FIGURES.get("anonymous_200", 0) + 1
            body_text(response)  # a download is read to its end
        assert response.status_code != 200 or pattern.base_key in ANONYMOUS_ALLOWED, (
            f"GET {url} answers an anonymous reader 200, and {pattern.base_key} is not on the allow-list"
        )
        assert response.status_code < 500, f"GET {url} answers an anonymous reader {response.status_code}"
        if pattern.is_admin:
            location = response.get("Location", "")
            assert response.status_code == 302 and (
                "/admin/login/" in location or (pattern.base_key == "admin:login" and "/accounts/login/" in location)
                or (pattern.base_key == "admin:logout" and location.endswith("/admin/"))
            ), f"GET {url} should send an anonymous reader to the admin's login, got {response.status_code} {location}"
