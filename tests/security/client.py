"""Running one cell: build the concrete URL from the fixture world, send the request, read the answer."""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from .matrix import ADMIN_LOGIN, API_DENIED, FORBIDDEN_MARKERS, LOGIN, MOVE, Cell, Pattern, Rule

SEARCH = "leak-marker"


def _admin_models() -> dict[str, type]:
    """'<app>_<model>' → model, for the admin's pattern names."""
    return {f"{m._meta.app_label}_{m._meta.model_name}": m for m in admin.site._registry}


def _admin_object_id(pattern: Pattern, world) -> dict:
    key = pattern.base_key
    if key.startswith("admin:<catch-all>"):
        app, model = key.removeprefix("admin:<catch-all>").strip("/").split("/")
        name = f"{app}_{model}"
    else:
        name = key.removeprefix("admin:").rsplit("_", 1)[0]
    if key == "admin:auth_user_password_change":
        return {"id": world.users["partner"].pk}
    model = _admin_models().get(name)
    obj = model._default_manager.order_by("pk").first() if model else None
    return {"object_id": obj.pk if obj else 0}


def _record(rule: Rule, cell: Cell, world):
    side = world.owner_side(cell.ownership)
    match rule.resource:
        case "practice":
            return world.practices[(side, cell.variant)]
        case "document":
            return world.documents[(side, cell.variant)]
        case "job":
            if cell.ownership == "own":
                return world.jobs[cell.role]
            return world.jobs["other"]
        case "goal":
            return world.goal
        case "crosswalk":
            return world.crosswalk
        case "organisation":
            return world.organisation
        case "network":
            return world.network
        case "membership":
            return world.memberships[(side, cell.variant)]
        case "place":
            return world.place
        case "glossary-term":
            return world.glossary_term
        case "plan":
            return world.plans[(side, cell.variant)]
        case "plan-action":
            return world.plan_actions[(side, cell.variant)]
        case "plan-indicator":
            return world.plan_indicators[(side, cell.variant)]
        case "plan-update":
            return world.plan_updates[(side, cell.variant)]
        case "plan-evidence":
            return world.plan_evidence[(side, cell.variant)]
        case "report-job":
            return world.report_jobs[cell.role if cell.ownership == "own" else "other"]
        case "notification":
            return world.notifications[cell.role if cell.ownership == "own" else "other"]
        case str(name) if name.startswith("support-"):
            return world.support[(name.removeprefix("support-"), side)]
        case str(name) if name.startswith("rec"):
            return world.recommendations[(name, side, cell.variant)]
        case str(name) if name.startswith("events-"):
            return world.events[(name.removeprefix("events-"), side, cell.variant)]
    return None


def build_url(pattern: Pattern, rule: Rule, cell: Cell, world) -> str:
    record = _record(rule, cell, world)
    kwargs: dict = {}
    if pattern.is_admin:
        if "object_id" in pattern.kwargs or "id" in pattern.kwargs:
            kwargs = _admin_object_id(pattern, world)
        if "app_label" in pattern.kwargs:
            kwargs = {"app_label": "practices"}
        if "content_type_id" in pattern.kwargs:
            practice = world.practices[("own", "published")]
            kwargs = {"content_type_id": ContentType.objects.get_for_model(practice).pk, "object_id": practice.pk}
        if not pattern.name:
            route = pattern.route.replace("<path:object_id>", str(kwargs.get("object_id", 0)))
            if "(?P<url>" in route:
                return "/en/admin/no-such-page/"
            return "/" + route
    for name in pattern.kwargs:
        if name in kwargs:
            continue
        if name == "pk":
            kwargs[name] = record.pk
        elif name == "slug":
            kwargs[name] = (world.proposal_framework if cell.variant == "proposal" else world.framework).slug
        elif name == "fmt":
            kwargs[name] = cell.variant
        elif name == "number":
            kwargs[name] = world.goal.paragraphs.order_by("number").first().number
        elif name == "suggestion_id":
            kwargs[name] = world.suggestions[record.pk].pk
        elif name == "code":  # a governorate's dashboard: the one the own plans are in
            kwargs[name] = world.plans[("own", "public")].governorate.code
        elif name == "name":  # the open-data package built from the world
            kwargs[name] = world.open_data_name
        elif name == "table":
            kwargs[name] = "practices"
        elif name == "token":  # an upload waiting for its mapping step: none waits in a fresh session
            kwargs[name] = "0" * 32
        else:
            raise AssertionError(f"{pattern.key}: no way to fill {name!r}; teach tests/security/client.py")
    url = reverse(pattern.name, kwargs=kwargs)
    if pattern.suffix:
        url = url + ".json" if pattern.base_key == "api-root" else url.rstrip("/") + ".json"
    if cell.variant == "search":
        url += f"?q={SEARCH}"
    if "=" in cell.variant:  # a query string (the desk's queue tab, the register's CSV)
        url += f"?{cell.variant}"
    if cell.variant == "framework":
        url += f"?framework={world.framework.slug}"
    return url


def payload(pattern: Pattern, rule: Rule, method: str, cell: Cell, world):
    body = rule.payloads.get(method, {})
    if body == "move":
        return {"to_status": MOVE[cell.variant]}
    if body == "suggestion":
        practice = _record(rule, cell, world)
        return {"suggestion": world.suggestions[practice.pk].pk, "decision": "reject"}
    return body


def send(pattern: Pattern, rule: Rule, method: str, cell: Cell, world):
    user = world.users[cell.role]
    client = APIClient() if pattern.is_api else Client()
    if user is not None:
        client.force_login(user)
    url = build_url(pattern, rule, cell, world)
    data = payload(pattern, rule, method, cell, world)
    if method == "GET":
        response = client.get(url)
    elif pattern.is_api:
        response = getattr(client, method.lower())(url, data, format=rule.api_format)
    else:
        response = getattr(client, method.lower())(url, data)
    return url, response


def body_text(response) -> str:
    """An answer's text, lower-cased: a ZIP (the open-data package) as the text of every file in it, a PDF (a printed
    report) as the text its pages draw — so that the markers are searched where a reader would find them."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if content.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", errors="replace")
                             for name in archive.namelist()).lower()
    if content.startswith(b"%PDF"):
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages).lower()
    return content.decode("utf-8", errors="replace").lower()


def leaks(response, role: str) -> list[str]:
    """Marker strings of records this role may not see, found in a 200 answer."""
    if response.status_code != 200:
        return []
    # Search highlights matched words (<mark>leak</mark>-<mark>marker</mark>-…): read the text without them.
    text = re.sub(r"</?mark>", "", body_text(response))
    return sorted({m.group(0) for prefix in FORBIDDEN_MARKERS[role] for m in re.finditer(re.escape(prefix) + r"[\w-]*", text)})


def matches(expected, response) -> bool:
    status = response.status_code
    if expected == LOGIN:
        return status == 302 and "/accounts/login/" in response.get("Location", "")
    if expected == ADMIN_LOGIN:
        return status == 302 and "/admin/login/" in response.get("Location", "")
    if expected == API_DENIED or isinstance(expected, frozenset):
        return status in expected
    return status == expected


def describe(expected) -> str:
    if isinstance(expected, frozenset):
        return " or ".join(str(s) for s in sorted(expected))
    return str(expected)


# Promise 9: no answer shows a stack trace, an exception path or SQL (checked on every matrix cell and every
# fuzzed API request).
TRACE_OR_SQL = re.compile(
    rb"Traceback \(most recent call last\)|django\.db\.|File \"/|\bSELECT\b[^<]{0,200}\bFROM\s+\"|"
    rb"\bINSERT INTO \"|\bUPDATE \"\w+\" SET\b|sqlite3\.|psycopg\."
)


def report_figures(name: str, figures: dict) -> None:
    """Leave `figures` as test-artifacts/security/<name>.json for scripts/security_report.py (docs/security.md),
    when the run is the report's (WIQAYA_SECURITY_REPORT set)."""
    if not os.environ.get("WIQAYA_SECURITY_REPORT"):
        return
    folder = Path(settings.BASE_DIR) / "test-artifacts" / "security"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(figures, indent=2, sort_keys=True), encoding="utf-8")
