"""One write path, one meaning for "who is acting" (the integrity issue, parts 3 and 4).

- Every public function of every app's services (`<app>/services.py`, or the modules of `<app>/services/`) takes
  a keyword-only `actor` and asks a permission rule, directly or through a private helper of its module.
- `actor=None` is refused; system work names itself (`core.actors.system`) and the audit log says so.
- Every change the Django admin allows goes through a service and writes an audit entry.
"""

from __future__ import annotations

import ast
import datetime as dt
import textwrap
from pathlib import Path

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from accounts.choices import OrganisationKind, Role
from accounts.models import LoginFailure, Membership, Organisation, TOTPDevice
from core.actors import SystemActor, is_system, system
from core.models import AuditEntry
from tests.factories import make_org, make_user

ROOT = Path(__file__).resolve().parent.parent
APPS = ["accounts", "notifications", "places", "frameworks", "practices", "documents", "plans", "directory", "search", "glossary", "core", "support", "events"]


# --- the static contract of services ---------------------------------------------------------------------------

def service_modules() -> list[Path]:
    found = []
    for app in APPS:
        single, package = ROOT / app / "services.py", ROOT / app / "services"
        if single.exists():
            found.append(single)
        if package.is_dir():
            found += sorted(p for p in package.glob("*.py") if p.name != "__init__.py")
    return found


def _permission_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """(names bound to a permissions module, names imported from one)."""
    modules, functions = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = node.module or ""
            for alias in node.names:
                bound = alias.asname or alias.name
                if alias.name == "permissions" or alias.name.endswith("_permissions"):
                    modules.add(bound)
                elif source.split(".")[-1] == "permissions":
                    functions.add(bound)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[-1] == "permissions" and alias.asname:
                    modules.add(alias.asname)
    return modules, functions


def _calls(function: ast.FunctionDef) -> list[ast.Call]:
    return [node for node in ast.walk(function) if isinstance(node, ast.Call)]


def _is_job_handler(function: ast.FunctionDef) -> bool:
    return any(isinstance(d, ast.Call) and getattr(d.func, "id", "") == "job_handler" for d in function.decorator_list)


def contract_problems(source: str, name: str) -> tuple[list[str], int]:
    """What breaks the contract in one services module, and how many public functions it checked."""
    tree = ast.parse(source)
    modules, imported = _permission_names(tree)
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}

    def checks(function: ast.FunctionDef, seen: frozenset = frozenset()) -> bool:
        for call in _calls(function):
            target = call.func
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id in modules:
                return True
            if isinstance(target, ast.Name):
                if target.id in imported:
                    return True
                helper = functions.get(target.id)
                if helper is not None and helper.name not in seen and checks(helper, seen | {function.name}):
                    return True
        return False

    problems, checked = [], 0
    for function in functions.values():
        if function.name.startswith("_"):
            continue
        if _is_job_handler(function):
            continue  # run by the worker for a job that a checked service queued
        checked += 1
        if "actor" not in {a.arg for a in function.args.kwonlyargs}:
            problems.append(f"{name}:{function.lineno} {function.name}() takes no keyword-only `actor`")
        if not checks(function):
            problems.append(f"{name}:{function.lineno} {function.name}() never asks a permission rule")
    return problems, checked


def test_every_public_service_function_takes_an_actor_and_checks_permission():
    problems, checked = [], 0
    for path in service_modules():
        found, count = contract_problems(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
        problems += found
        checked += count
    assert checked >= 60, f"only {checked} service functions were found: is the walk still finding the apps?"
    assert problems == []


def test_the_contract_check_catches_what_it_should():
    bad = textwrap.dedent('''
        from . import permissions
        from .permissions import can

        def no_actor(thing):
            permissions.can(None, "x")

        def unchecked(*, actor, thing):
            thing.save()

        def positional(actor, thing):
            can(actor, "x")

        def _require(actor):
            if not can(actor, "x"):
                raise PermissionError

        def through_a_helper(*, actor):
            _require(actor)
    ''')
    problems, checked = contract_problems(bad, "bad.py")
    assert checked == 4
    assert problems == [
        "bad.py:5 no_actor() takes no keyword-only `actor`",
        "bad.py:8 unchecked() never asks a permission rule",
        "bad.py:11 positional() takes no keyword-only `actor`",
    ]


# --- one meaning for "who is acting" ---------------------------------------------------------------------------

def test_none_is_not_an_actor(reference):
    from directory.services import add_membership as add_network_membership
    from frameworks.services import load_definitions
    from places.models import Place
    from plans.services import create_plan
    from practices.services import create_practice
    from search.services import start_reindex

    with pytest.raises(TypeError, match="No actor"):
        is_system(None)
    network = make_org("A network", kind=OrganisationKind.NETWORK)
    attempts = [
        lambda: create_plan(actor=None, title="x", place=Place.objects.get(code="IQ-BG"),
                            period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31), owner=make_org()),
        lambda: add_network_membership(actor=None, network=network, member=make_org()),
        lambda: create_practice(actor=None, name="Nobody's practice"),
        lambda: load_definitions(actor=None),
        lambda: start_reindex(actor=None),
    ]
    for attempt in attempts:
        with pytest.raises(TypeError, match="No actor"):
            attempt()
    assert not AuditEntry.objects.filter(action__in=["plan.create", "network_membership.add", "practice.create"]).exists()


def test_system_work_is_named_in_the_audit_log(db):
    from places.services import load_reference_places

    load_reference_places(actor=system("setup"))
    entry = AuditEntry.objects.get(action="places.load")
    assert entry.actor is None and entry.system_reason == "setup" and entry.who == "system (setup)"


def test_a_person_without_the_role_cannot_do_what_system_work_does(db):
    from django.core.exceptions import PermissionDenied

    from frameworks.services import load_definitions
    from places.services import load_reference_places

    partner = make_user(role=Role.PARTNER)
    for attempt in (lambda: load_reference_places(actor=partner), lambda: load_definitions(actor=partner)):
        with pytest.raises(PermissionDenied):
            attempt()


def test_granting_a_role_needs_an_administrator_and_is_audited(db):
    from django.core.exceptions import PermissionDenied

    from accounts.services import add_membership

    coordinator = make_user(role=Role.NATIONAL_COORDINATOR)
    user, org = make_user(role=None), make_org()
    with pytest.raises(PermissionDenied):
        add_membership(actor=coordinator, user=user, organisation=org, role=Role.ADMINISTRATOR)
    administrator = make_user(role=Role.ADMINISTRATOR)
    add_membership(actor=administrator, user=user, organisation=org, role=Role.PARTNER)
    entry = AuditEntry.objects.get(action="membership.create", actor=administrator)
    assert entry.changes["role"] == Role.PARTNER and entry.changes["user"] == user.username


def test_the_system_actor_sees_and_may_everything_but_is_no_user():
    actor = system("demo data")
    assert isinstance(actor, SystemActor) and not actor.is_authenticated and actor.organisation_ids() == set()
    assert str(actor) == "system (demo data)"


# --- the admin writes through the services -------------------------------------------------------------------

def allowed_admin_writes(request) -> set[tuple[str, str]]:
    """Every (model label, add|change|delete) that some registered ModelAdmin or inline lets a superuser do."""
    allowed = set()
    for model, model_admin in admin.site._registry.items():
        for op in ("add", "change", "delete"):
            if getattr(model_admin, f"has_{op}_permission")(request):
                allowed.add((model._meta.label_lower, op))
        for inline in model_admin.get_inline_instances(request):
            for op in ("add", "change", "delete"):
                if getattr(inline, f"has_{op}_permission")(request, None):
                    allowed.add((inline.model._meta.label_lower, op))
    return allowed


@pytest.fixture
def operator(client, reference):
    user = make_user("operator", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True,
                     organisation=make_org("Operators"))
    client.force_login(user)
    return user


def _audited(action: str, operator) -> AuditEntry:
    entries = AuditEntry.objects.filter(action=action, actor=operator)
    assert entries.exists(), f"no {action} entry by the operator"
    return entries.latest("id")


def _user_form(user, **changes) -> dict:
    data = {
        "username": user.username, "first_name": user.first_name, "last_name": user.last_name, "email": user.email,
        "language": user.language or "en", "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
    }
    data |= {flag: "on" for flag in ("is_active", "is_staff", "is_superuser", "is_demo") if getattr(user, flag)}
    for key, value in changes.items():
        if value is False:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def _add_user(client, operator):
    response = client.post(reverse("admin:accounts_user_add"), {
        "username": "newcomer", "password1": "a-long-pass-phrase-2026", "password2": "a-long-pass-phrase-2026",
        "usable_password": "true", "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
    })
    assert response.status_code == 302, response.content[:2000]
    assert _audited("user.create", operator).changes["username"] == [None, "newcomer"]


def _change_user_and_grant_a_role(client, operator):
    user, org = make_user("grantee", role=None), make_org("Granting NGO")
    data = _user_form(user, is_staff="on", **{
        "memberships-TOTAL_FORMS": "1", "memberships-0-organisation": str(org.pk),
        "memberships-0-role": Role.NATIONAL_COORDINATOR, "memberships-0-place": ""})
    response = client.post(reverse("admin:accounts_user_change", args=[user.pk]), data)
    assert response.status_code == 302, response.content[:3000]
    assert _audited("user.update", operator).changes["is_staff"] == [False, True]
    granted = _audited("membership.create", operator)
    assert granted.changes["role"] == [None, Role.NATIONAL_COORDINATOR]
    membership = Membership.objects.get(user=user)
    data |= {"memberships-INITIAL_FORMS": "1", "memberships-0-id": str(membership.pk), "memberships-0-user": str(user.pk),
             "memberships-0-role": Role.PARTNER}
    assert client.post(reverse("admin:accounts_user_change", args=[user.pk]), data).status_code == 302
    assert _audited("membership.update", operator).changes["role"] == [Role.NATIONAL_COORDINATOR, Role.PARTNER]
    data["memberships-0-DELETE"] = "on"
    assert client.post(reverse("admin:accounts_user_change", args=[user.pk]), data).status_code == 302
    assert _audited("membership.delete", operator) and not Membership.objects.filter(user=user).exists()


def _reset_password(client, operator):
    user = make_user("forgetful", role=None)
    response = client.post(reverse("admin:auth_user_password_change", args=[user.pk]),
                           {"password1": "another-long-phrase-2026", "password2": "another-long-phrase-2026",
                            "usable_password": "true"})
    assert response.status_code == 302, response.content[:2000]
    user.refresh_from_db()
    assert user.check_password("another-long-phrase-2026")
    entry = _audited("user.password", operator)
    assert "another-long-phrase-2026" not in str(entry.changes)


def _lift_a_lockout(client, operator):
    failure = LoginFailure.objects.create(username="someone", remote_addr="192.0.2.7")
    response = client.post(reverse("admin:accounts_loginfailure_delete", args=[failure.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert _audited("login.unlock", operator).changes["pairs"] == [["someone", "192.0.2.7"]]


def _organisation(client, operator):
    data = {"name": "Admin-made NGO", "name_alt": "", "acronym": "AMN", "kind": OrganisationKind.NGO,
            "place": "", "parent": "", "website": ""}
    assert client.post(reverse("admin:accounts_organisation_add"), data).status_code == 302
    org = Organisation.objects.get(name="Admin-made NGO")
    assert _audited("organisation.create", operator).object_id == str(org.pk)
    data["acronym"] = "AMN2"
    assert client.post(reverse("admin:accounts_organisation_change", args=[org.pk]), data).status_code == 302
    assert _audited("organisation.update", operator).changes["acronym"] == ["AMN", "AMN2"]


def _remove_a_device(client, operator):
    user = make_user("lost-phone", role=Role.NATIONAL_COORDINATOR)
    device = TOTPDevice.objects.create(user=user, secret="GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", confirmed=True)  # noqa: S106 (the RFC test secret)
    response = client.post(reverse("admin:accounts_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert response.status_code == 302 and not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert _audited("totp.remove", operator).object_id == str(user.pk)


def _place(client, operator):
    from places.models import Place

    iraq = Place.objects.get(code="IQ")
    data = {"name_en": "Test district", "name_ar": "قضاء تجريبي", "kind": "governorate", "code": "IQ-TST",
            "iso_code": "", "parent": str(iraq.pk), "aliases": "[]"}
    response = client.post(reverse("admin:places_place_add"), data)
    assert response.status_code == 302, response.content[:3000]
    place = Place.objects.get(code="IQ-TST")
    assert _audited("place.create", operator).object_id == str(place.pk)
    data["name_en"] = "Test governorate"
    assert client.post(reverse("admin:places_place_change", args=[place.pk]), data).status_code == 302
    assert _audited("place.update", operator).changes["name_en"] == ["Test district", "Test governorate"]


def _token(client, operator):
    user = make_user("service-account", role=None)
    assert client.post(reverse("admin:authtoken_tokenproxy_add"), {"user": str(user.pk)}).status_code == 302
    assert _audited("token.create", operator).object_id == str(user.pk)
    response = client.post(reverse("admin:authtoken_tokenproxy_delete", args=[user.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert _audited("token.revoke", operator).object_id == str(user.pk)


def _desk(client, operator):
    """The support desk's rows that administrators keep: calendar, holidays, targets, reasons, allowed moves."""
    from support.models import Calendar, Holiday, Reason, ServiceTarget, Transition

    calendar = Calendar.objects.get()
    response = client.post(reverse("admin:support_calendar_change", args=[calendar.pk]),
                           {"name": "Iraq", "working_days": "[6, 0, 1, 2, 3, 4]"})
    assert response.status_code == 302, response.content[:3000]
    assert _audited("support.desk.update", operator).changes["working_days"] == [[6, 0, 1, 2, 3], [6, 0, 1, 2, 3, 4]]
    data = {"calendar": str(calendar.pk), "date": "2026-03-21", "name": "Nowruz"}
    assert client.post(reverse("admin:support_holiday_add"), data).status_code == 302
    holiday = Holiday.objects.get(name="Nowruz")
    assert _audited("support.desk.create", operator).object_id == str(holiday.pk)
    data["name"] = "Nowruz (New Year)"
    assert client.post(reverse("admin:support_holiday_change", args=[holiday.pk]), data).status_code == 302
    assert _audited("support.desk.update", operator).changes["name"] == ["Nowruz", "Nowruz (New Year)"]
    assert client.post(reverse("admin:support_holiday_delete", args=[holiday.pk]), {"post": "yes"}).status_code == 302
    assert _audited("support.desk.delete", operator).object_id == str(holiday.pk)
    data = {"request_type": "training", "priority": "urgent", "clock": "triage", "days": "3"}
    assert client.post(reverse("admin:support_servicetarget_add"), data).status_code == 302
    target = ServiceTarget.objects.get(request_type="training", priority="urgent", clock="triage")
    data["days"] = "4"
    assert client.post(reverse("admin:support_servicetarget_change", args=[target.pk]), data).status_code == 302
    assert _audited("support.desk.update", operator).changes["days"] == [3, 4]
    assert client.post(reverse("admin:support_servicetarget_delete", args=[target.pk]),
                       {"post": "yes"}).status_code == 302
    assert not ServiceTarget.objects.filter(pk=target.pk).exists()
    data = {"kind": "decline", "code": "security", "label_en": "Security situation", "label_ar": "الوضع الأمني",
            "active": "on", "position": "9"}
    assert client.post(reverse("admin:support_reason_add"), data).status_code == 302
    reason = Reason.objects.get(code="security")
    data.pop("active")
    assert client.post(reverse("admin:support_reason_change", args=[reason.pk]), data).status_code == 302
    assert _audited("support.desk.update", operator).changes["active"] == [True, False]
    data = {"from_stage": "accepted", "to_stage": "declined", "movers": '["hub", "coordinator"]',
            "reason_kind": "decline", "position": "30"}
    assert client.post(reverse("admin:support_transition_add"), data).status_code == 302
    move = Transition.objects.get(from_stage="accepted", to_stage="declined")
    data["movers"] = '["coordinator"]'
    assert client.post(reverse("admin:support_transition_change", args=[move.pk]), data).status_code == 302
    assert _audited("support.desk.update", operator).changes["movers"] == [["hub", "coordinator"], ["coordinator"]]
    assert client.post(reverse("admin:support_transition_delete", args=[move.pk]), {"post": "yes"}).status_code == 302
    assert _audited("support.desk.delete", operator).object_id == str(move.pk)


def _follow_up_settings(client, operator):
    """The follow-up settings of events and recommendations: one row, added once, then changed."""
    from events.models import FollowUpSettings

    data = {"stale_after_days": "60", "remind_before_days": "10", "behind_margin": "20"}
    response = client.post(reverse("admin:events_followupsettings_add"), data)
    assert response.status_code == 302, response.content[:3000]
    row = FollowUpSettings.objects.get()
    assert _audited("events.settings.update", operator).changes["stale_after_days"] == [None, 60]
    data["stale_after_days"] = "3"  # below the floor of a week: refused, naming the field
    response = client.post(reverse("admin:events_followupsettings_change", args=[row.pk]), data)
    assert response.status_code == 200 and FollowUpSettings.objects.get().stale_after_days == 60
    data["stale_after_days"] = "45"
    assert client.post(reverse("admin:events_followupsettings_change", args=[row.pk]), data).status_code == 302
    assert _audited("events.settings.update", operator).changes["stale_after_days"] == [60, 45]
    assert client.get(reverse("admin:events_followupsettings_add")).status_code == 403  # one row


# Each write the admin allows, and the scenario that performs it and finds its audit entry.
SCENARIOS = {
    ("accounts.user", "add"): _add_user,
    ("accounts.user", "change"): _change_user_and_grant_a_role,
    ("accounts.membership", "add"): _change_user_and_grant_a_role,
    ("accounts.membership", "change"): _change_user_and_grant_a_role,
    ("accounts.membership", "delete"): _change_user_and_grant_a_role,
    ("accounts.loginfailure", "delete"): _lift_a_lockout,
    ("accounts.organisation", "add"): _organisation,
    ("accounts.organisation", "change"): _organisation,
    ("accounts.totpdevice", "delete"): _remove_a_device,
    ("places.place", "add"): _place,
    ("places.place", "change"): _place,
    ("authtoken.tokenproxy", "add"): _token,
    ("authtoken.tokenproxy", "delete"): _token,
    ("support.calendar", "change"): _desk,
    ("support.holiday", "add"): _desk,
    ("support.holiday", "change"): _desk,
    ("support.holiday", "delete"): _desk,
    ("support.servicetarget", "add"): _desk,
    ("support.servicetarget", "change"): _desk,
    ("support.servicetarget", "delete"): _desk,
    ("support.reason", "add"): _desk,
    ("support.reason", "change"): _desk,
    ("support.transition", "add"): _desk,
    ("support.transition", "change"): _desk,
    ("support.transition", "delete"): _desk,
    ("events.followupsettings", "add"): _follow_up_settings,
    ("events.followupsettings", "change"): _follow_up_settings,
}


def test_every_write_the_admin_allows_goes_through_a_service_and_is_audited(client, operator):
    request = RequestFactory().get("/en/admin/")
    request.user = operator
    allowed = allowed_admin_writes(request)
    # Every registered admin was asked; a new one that allows a write without a scenario fails here.
    assert allowed == set(SCENARIOS), (
        f"allowed without a scenario: {sorted(allowed - set(SCENARIOS))}; "
        f"scenario for what is no longer allowed: {sorted(set(SCENARIOS) - allowed)}")
    for scenario in dict.fromkeys(SCENARIOS.values()):
        scenario(client, operator)
    _reset_password(client, operator)


def test_content_admins_are_read_only(client, operator):
    practice_list = client.get("/en/admin/practices/practice/")
    assert practice_list.status_code == 200
    for url in ("/en/admin/plans/plan/add/", "/en/admin/frameworks/goal/add/", "/en/admin/practices/practice/add/",
                "/en/admin/directory/networkmembership/add/", "/en/admin/events/event/add/",
                "/en/admin/events/recommendation/add/"):
        assert client.get(url).status_code == 403, url
