"""No cross-organisation access: every URL pattern × method × role × ownership × record kind, one expected status
each (tests/security/matrix.py), and no marker of a record the role may not see in any 200 answer."""

from __future__ import annotations

import pytest
from django.test import Client

from .client import TRACE_OR_SQL, describe, leaks, matches, report_figures, send
from .matrix import ADMIN_LOGIN, API_DENIED, LOGIN, SKIP, cells, rule_for, walk_patterns

PATTERNS = walk_patterns()
CELLS = list(cells(PATTERNS))
DENIALS = {401, 403, 404, LOGIN, ADMIN_LOGIN}

# Cells where the application is known to answer wrongly: id → reason. Each is xfail(strict=True), so fixing the
# application turns it red until the entry is removed here. The expected value in matrix.py is the right one.


def _known_bug(pattern, method, cell) -> str | None:
    """No cell is known to answer wrongly now; a bug found later goes here with its reason, strictly xfailed."""
    return None


KNOWN_BUGS: dict[str, str] = {}
for _pattern, _method, _cell in CELLS:
    if reason := _known_bug(_pattern, _method, _cell):
        KNOWN_BUGS["|".join(filter(None, [_pattern.key, _method, _cell.role, _cell.ownership, _cell.variant]))] = reason

FIGURES = {"cells": 0, "denials": 0, "answers_scanned": 0, "leaks": 0, "leaks_known": 0, "skipped": 0, "failed": 0, "xfailed": 0,
           "leak_details": []}


def _id(pattern, method, cell) -> str:
    return "|".join(filter(None, [pattern.key, method, cell.role, cell.ownership, cell.variant]))


def _params():
    for pattern, method, cell in CELLS:
        cell_id = _id(pattern, method, cell)
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[cell_id])] if cell_id in KNOWN_BUGS else []
        yield pytest.param(pattern, method, cell, id=cell_id, marks=marks)


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    patterns = {p.key for p in PATTERNS}
    covered = {p.key for p in PATTERNS if rule_for(p) is not None}
    figures = FIGURES | {
        "url_patterns": len(patterns), "url_patterns_covered": len(covered),
        "known_bugs": sorted(KNOWN_BUGS), "known_bug_reasons": sorted(set(KNOWN_BUGS.values())),
    }
    report_figures("matrix", figures)


@pytest.mark.django_db
@pytest.mark.parametrize(("pattern", "method", "cell"), list(_params()))
def test_cell(world, pattern, method, cell):
    rule = rule_for(pattern)
    expected = rule.checks[method](cell)
    if expected == SKIP:
        FIGURES["skipped"] += 1
        pytest.skip(rule.note)
    cell_id = _id(pattern, method, cell)
    FIGURES["cells"] += 1
    FIGURES["denials"] += expected in DENIALS or expected == API_DENIED
    url, response = send(pattern, rule, method, cell, world)
    found = leaks(response, cell.role) if rule.scan(cell) else []
    FIGURES["answers_scanned"] += response.status_code == 200 and rule.scan(cell)
    if found and cell_id in KNOWN_BUGS:
        FIGURES["leaks_known"] += 1
    elif found:
        FIGURES["leaks"] += 1
        FIGURES["leak_details"].append(f"{method} {url} as {cell.role}: {', '.join(found)}")
    ok = matches(expected, response) and not found
    if not ok:
        FIGURES["xfailed" if cell_id in KNOWN_BUGS else "failed"] += 1
    assert not found, f"{method} {url} as {cell.role} shows records it may not see: {found}"
    if not getattr(response, "streaming", False):
        body = response.content
        leaked = TRACE_OR_SQL.search(body)
        assert leaked is None, f"{method} {url} shows a stack trace or SQL: {leaked.group(0)[:80]!r}"
    assert matches(expected, response), (
        f"{method} {url} as {cell.role} ({cell.ownership}, {cell.variant or '-'}): expected {describe(expected)}, "
        f"got {response.status_code} {response.get('Location', '')}"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/practices/?q=leak-marker", "/en/documents/", "/api/v1/practices/",
                                 "/api/v1/documents/", "/api/v1/jobs/",
                                 "/api/v1/network-memberships/", "/en/plans/?q=leak-marker", "/en/plans/actions/",
                                 "/en/support/needs/", "/en/support/requests/", "/api/v1/support-requests/",
                                 "/en/search/?q=leak-marker-other-desk", "/en/events/?q=leak-marker",
                                 "/api/v1/recommendation-updates/", "/en/search/?q=leak-marker-other-event"])
def test_the_leak_detector_sees_markers_when_they_are_shown(world, url):
    """The canary: the administrator may see every record, so the markers are in these answers; if the detector
    found none here, 0 leaks elsewhere would prove nothing."""
    client = Client()
    client.force_login(world.users["administrator"])
    response = client.get(url)
    assert response.status_code == 200
    assert leaks(response, "partner"), f"{url}: no marker found in the administrator's answer"
