"""Test helpers shared by every app's tests: small factories that go through the services.

They sit on the top floor (beside `tests/security` and `tests/browser`) because they use every app."""

from __future__ import annotations

import datetime as dt
import itertools

from accounts.choices import OrganisationKind, Role
from accounts.models import User
from accounts.permissions import primary_organisation
from accounts.services import add_membership, create_organisation
from core.actors import system
from frameworks.models import Framework, Goal
from frameworks.services import load_definitions
from places.models import Place
from places.services import load_reference_places
from plans.services import create_action, create_indicator, create_plan, transition_plan
from practices.services import create_practice, transition_practice

_seq = itertools.count(1)
SETUP = system("test setup")


def reference_data() -> None:
    load_reference_places(actor=SETUP)
    load_definitions(actor=SETUP)


def make_org(name: str | None = None, kind: str = OrganisationKind.NGO, **fields):
    return create_organisation(actor=SETUP, name=name or f"Organisation {next(_seq)}", kind=kind, **fields)


def make_user(username: str | None = None, *, role: str | None = Role.PARTNER, organisation=None, **fields) -> User:
    user = User.objects.create_user(
        username=username or f"user{next(_seq)}", password=fields.pop("password", "pw-for-tests-123"), **fields
    )
    if role:
        add_membership(actor=SETUP, user=user, organisation=organisation or make_org(), role=role)
    return user


def make_practice(actor, *, status: str = "draft", goals=(), **fields):
    """Create a practice as `actor`, then move it to `status` (a reviewer publishes when needed)."""
    n = next(_seq)
    defaults = {
        "name": f"Practice {n}",
        "organisation_name": f"Org for practice {n}",
        "location": "Iraq",
        "activity": "Community dialogue sessions.",
        "description": "Local councils and youth groups met monthly.",
    }
    practice = create_practice(actor=actor, goals=goals, **(defaults | fields))
    if status in {"in_review", "published"}:
        transition_practice(actor=actor, practice=practice, to_status="in_review")
    if status == "published":
        reviewer = make_user(role=Role.NATIONAL_COORDINATOR)
        transition_practice(actor=reviewer, practice=practice, to_status="published")
    practice.refresh_from_db()
    return practice


def make_plan(actor, *, place_code: str = "IQ-BG", status: str = "draft", actions: int = 1, year: int = 2025,
              frameworks=("euromed-cso-2017",), **fields):
    """A plan of `actor`'s organisation with `actions` actions (each with one indicator), moved to `status`.

    Needs `reference_data()`. A national coordinator is created to approve when the status needs it."""
    n = next(_seq)
    plan = create_plan(
        actor=actor, title=fields.pop("title", f"Plan {n}"), place=Place.objects.get(code=place_code),
        period_start=dt.date(year, 1, 1), period_end=dt.date(year + 1, 12, 31),
        owner=fields.pop("owner", None) or primary_organisation(actor),
        frameworks=list(Framework.objects.filter(slug__in=frameworks)), **fields,
    )
    goal = Goal.objects.filter(framework__slug="euromed-cso-2017").order_by("position").first()
    for i in range(actions):
        action = create_action(actor=actor, plan=plan, title=f"Action {n}.{i + 1}", goals=[goal] if goal else [])
        create_indicator(actor=actor, action=action, name=f"Sessions held {n}.{i + 1}", baseline=0, target=10)
    path = ["submitted", "approved", "in_implementation", "completed"]
    if status == "changes_requested":
        path = ["submitted", "changes_requested"]
    if status != "draft":
        coordinator = make_user(role=Role.NATIONAL_COORDINATOR)
        for step in path[: path.index(status) + 1]:
            who = coordinator if step in {"approved", "changes_requested"} else actor
            transition_plan(actor=who, plan=plan, to_status=step, comment="Please revise." if step == "changes_requested" else "")
    plan.refresh_from_db()
    return plan


def make_event(actor, *, conveners=None, place_code: str | None = "IQ-BG", year: int = 2025, **fields):
    """An event convened by `actor`'s organisation (or `conveners`), through the events services. Needs
    `reference_data()` when it has a place."""
    from events.services.events import create_event

    n = next(_seq)
    conveners = conveners or [primary_organisation(actor)]
    place = Place.objects.get(code=place_code) if place_code else None
    defaults = {"title": f"Roundtable {n}", "kind": "roundtable", "start_date": dt.date(year, 3, 1),
                "end_date": dt.date(year, 3, 2), "place": place, "online": place is None}
    return create_event(actor=actor, conveners=conveners, **(defaults | fields))


def make_recommendation(actor, *, event=None, owners=(), **fields):
    """A recommendation (of `event` when given), through the events services. `owners`: organisations (the first
    one leads) or owner dicts."""
    from events.services.recommendations import create_recommendation

    n = next(_seq)
    specs = [owner if isinstance(owner, dict) else {"organisation": owner, "role": "lead" if i == 0 else "supporting"}
             for i, owner in enumerate(owners)]
    return create_recommendation(actor=actor, event=event, owners=specs,
                                 **({"text": f"Local councils hold a youth dialogue each quarter ({n})."} | fields))
