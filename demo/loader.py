"""Load the demo data set: reference data, organisations, one account per role and a small practice library.

Every write goes through the services of the app that owns the record, so the audit log shows where each
demo record came from. Loading again is safe: what is already there is left alone and nothing is duplicated.
Installations whose settings say WIQAYA_ALLOW_DEMO = False (production) refuse to load it.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from accounts.choices import Role
from accounts.models import Membership, Organisation, User
from accounts.services import add_membership, find_organisation, get_or_create_organisation
from core import audit
from core.actors import system
from directory.choices import MembershipStatus
from directory.models import NetworkMembership
from directory.services import add_membership as add_network_membership
from directory.services import change_status as change_network_status
from frameworks.models import Crosswalk, Goal
from frameworks.services import link_goals, load_definitions
from places.choices import PlaceKind
from places.models import Place
from places.queries import find_place
from places.services import load_reference_places
from practices.choices import PracticeStatus
from practices.models import Practice, practice_key
from practices.services import create_practice, transition_practice, update_practice

from .events import load_events
from .plans import load_plans
from .support import load_support

DEMO = system("demo data")

DATA = Path(__file__).parent / "data"

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - published on purpose: demo installations only  # the demo password is published on purpose; demo data is refused under production settings  # nosec B105

NATIONAL_COMMITTEE = "National Committee for the Prevention of Violent Extremism"

# username, role, organisation (a name in data/organisations.json), membership scope (a place code or None).
DEMO_USERS = [
    ("coordinator", Role.NATIONAL_COORDINATOR, NATIONAL_COMMITTEE, "IQ"),
    ("focal", Role.LOCAL_FOCAL_POINT, "Nineveh Sub-committee", "IQ-NI"),
    ("expert", Role.HUB_EXPERT, "MENA Regional Hub for Local Prevention", None),
    ("partner", Role.PARTNER, "Al-Noor Youth Association", None),
    ("partner2", Role.PARTNER, "Al-Noor Youth Foundation", None),
    ("admin", Role.ADMINISTRATOR, NATIONAL_COMMITTEE, None),
]

# (username, password, role label) for the accounts above, for printing after setup.
DEMO_ACCOUNTS = [(username, DEMO_PASSWORD, role.label) for username, role, _org, _place in DEMO_USERS]


def _read(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def _check_allowed() -> None:
    if not getattr(settings, "WIQAYA_ALLOW_DEMO", False):
        raise RuntimeError(
            "Demo data is disabled on this installation (settings.WIQAYA_ALLOW_DEMO is False). "
            "Demo accounts have published passwords: never load them into a production database."
        )


def _check_usernames() -> None:
    """Refuse before writing anything when a real (non-demo) account holds one of the demo usernames."""
    usernames = [username for username, *_rest in DEMO_USERS]
    taken = sorted(
        User.objects.filter(username__in=usernames, is_demo=False).values_list("username", flat=True)
    )
    if taken:
        raise RuntimeError(
            "Cannot load demo data: these usernames belong to accounts that are not demo accounts: "
            + ", ".join(taken)
            + ". Rename them or load the demo into an empty database."
        )


def _place(code: str | None) -> Place | None:
    if not code:
        return None
    try:
        return Place.objects.get(code=code)
    except Place.DoesNotExist:
        raise RuntimeError(
            f"demo data names the place code {code!r}, which is not in the reference places"
        ) from None


def _organisation(name: str) -> Organisation:
    organisation = find_organisation(name)
    if organisation is None:
        raise RuntimeError(f"demo data names the organisation {name!r}, which has not been created")
    return organisation


def load_organisations(stdout=None) -> int:
    """Create the demo organisations that do not exist yet. Returns how many were created."""
    created = 0
    for spec in _read("organisations.json"):
        fields = {
            "name_alt": spec.get("name_alt", ""),
            "acronym": spec.get("acronym", ""),
            "place": _place(spec.get("place")),
            # The office contact the directory shows (invented addresses under example.org).
            "public_email": spec.get("public_email", ""),
            "public_phone": spec.get("public_phone", ""),
            "website": spec.get("website", ""),
        }
        if spec.get("parent"):
            fields["parent"] = _organisation(spec["parent"])
        _org, was_created = get_or_create_organisation(
            actor=DEMO, name=spec["name"], kind=spec["kind"], **fields
        )
        created += was_created
    _say(stdout, f"Demo organisations: {created} created.")
    return created


def load_users(stdout=None) -> tuple[int, int]:
    """Create the demo accounts and their memberships. Returns (accounts created, memberships created)."""
    users_created = 0
    memberships_before = Membership.objects.filter(user__is_demo=True).count()
    for username, role, organisation_name, place_code in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            is_admin = role == Role.ADMINISTRATOR
            user = User.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                email=f"{username}@demo.invalid",
                is_demo=True,
                is_staff=is_admin,
                is_superuser=is_admin,
            )
            audit.record(
                actor=DEMO,
                action="user.create",
                obj=user,
                changes={"username": username, "demo": True, "staff": is_admin},
            )
            users_created += 1
        add_membership(
            actor=DEMO,
            user=user,
            organisation=_organisation(organisation_name),
            role=role,
            place=_place(place_code),
        )
    memberships_created = Membership.objects.filter(user__is_demo=True).count() - memberships_before
    _say(stdout, f"Demo accounts: {users_created} created ({memberships_created} memberships).")
    return users_created, memberships_created


def _goals(spec: dict) -> list[Goal]:
    goals = []
    for slug, numbers in spec["goals"].items():
        for number in numbers:
            goal = Goal.objects.filter(framework__slug=slug, parent=None, number=str(number)).first()
            if goal is None:
                raise RuntimeError(
                    f"demo practice {spec['name']!r} cites goal {number} of {slug!r}, which is not loaded"
                )
            goals.append(goal)
    return goals


def load_practices(stdout=None) -> dict[str, int]:
    """Create the demo practices that do not exist yet and move them to their status. Returns counts per status."""
    users = {user.username: user for user in User.objects.filter(is_demo=True)}
    admin, coordinator = users["admin"], users["coordinator"]
    # Practices are written by a demo member of the owning organisation where there is one, else by the admin.
    authors = {}
    for username, role, organisation_name, _place_code in DEMO_USERS:
        if role != Role.ADMINISTRATOR:
            authors.setdefault(_organisation(organisation_name).pk, users[username])

    counts = {PracticeStatus.PUBLISHED: 0, PracticeStatus.IN_REVIEW: 0, PracticeStatus.DRAFT: 0}
    for spec in _read("practices.json"):
        organisation = _organisation(spec["organisation"])
        if Practice.objects.filter(
            natural_key=practice_key(spec["name"], organisation.name, spec["location"])
        ).exists():
            continue
        country = find_place(spec["country"], PlaceKind.COUNTRY)
        if country is None:
            raise RuntimeError(
                f"demo practice {spec['name']!r} names the unknown country {spec['country']!r}"
            )
        author = authors.get(organisation.pk, admin)
        practice = create_practice(
            actor=author,
            goals=_goals(spec),
            owner=organisation,
            name=spec["name"],
            lang=spec["lang"],
            country=country,
            location=spec["location"],
            organisation=organisation,
            period=spec["period"],
            start_year=spec["start_year"],
            end_year=spec["end_year"],
            ongoing=spec["ongoing"],
            activity=spec["activity"],
            objectives=spec["objectives"],
            description="\n".join(spec["description"]),
            beneficiaries=spec["beneficiaries"],
        )
        target = spec["status"]
        if target in {PracticeStatus.IN_REVIEW, PracticeStatus.PUBLISHED}:
            transition_practice(actor=author, practice=practice, to_status=PracticeStatus.IN_REVIEW)
            if spec.get("review_level"):  # a reviewer's judgement, given while the practice is in review
                update_practice(actor=coordinator, practice=practice, review_level=spec["review_level"])
        if target == PracticeStatus.PUBLISHED:
            transition_practice(actor=coordinator, practice=practice, to_status=PracticeStatus.PUBLISHED)
        counts[PracticeStatus(target)] += 1
    _say(
        stdout,
        f"Demo practices: {sum(counts.values())} created "
        f"({counts[PracticeStatus.PUBLISHED]} published, {counts[PracticeStatus.IN_REVIEW]} in review, "
        f"{counts[PracticeStatus.DRAFT]} drafts).",
    )
    return {str(status): number for status, number in counts.items()}


# Crosswalk links a coordinator confirmed in the demo: Euro-Mediterranean goal → UN priority area.
DEMO_CROSSWALKS = [("6", "4", "equivalent"), ("5", "5", "related"), ("8", "7", "related"), ("2", "6", "related")]


def load_crosswalks(stdout=None) -> int:
    """Confirmed links between the Euro-Mediterranean plan and the UN Plan, so coverage reads across them."""
    coordinator = User.objects.get(username="coordinator")
    created = 0
    for source, target, relation in DEMO_CROSSWALKS:
        source_goal = Goal.objects.get(framework__slug="euromed-cso-2017", parent=None, number=source)
        target_goal = Goal.objects.get(framework__slug="un-pve-2015", parent=None, number=target)
        if not Crosswalk.objects.filter(source=source_goal, target=target_goal).exists():
            link_goals(actor=coordinator, source=source_goal, target=target_goal, relation=relation)
            created += 1
    _say(stdout, f"Crosswalks: {created} confirmed links created.")
    return created


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def load_network_memberships(stdout=None) -> int:
    """Cities and governorates in networks (candidates, members, one withdrawn), entered by the coordinator."""
    coordinator = User.objects.get(username="coordinator")
    created = 0
    for spec in _read("network_memberships.json"):
        network, member = _organisation(spec["network"]), _organisation(spec["member"])
        if NetworkMembership.objects.filter(network=network, member=member).exists():
            continue
        membership = add_network_membership(
            actor=coordinator, network=network, member=member,
            hub=_organisation(spec["hub"]) if spec.get("hub") else None,
            candidate_since=_date(spec["candidate_since"]), note=spec.get("note", ""),
        )
        if spec["status"] in {MembershipStatus.MEMBER, MembershipStatus.SUSPENDED}:
            change_network_status(actor=coordinator, membership=membership, status=MembershipStatus.MEMBER,
                                  on=_date(spec["member_since"]))
        if spec["status"] == MembershipStatus.WITHDRAWN:
            change_network_status(actor=coordinator, membership=membership, status=MembershipStatus.WITHDRAWN,
                                  on=_date(spec["until"]))
        created += 1
    _say(stdout, f"Network memberships: {created} created.")
    return created


@transaction.atomic
def load_demo(*, stdout=None) -> dict[str, int]:
    """Load reference data and the demo data set; safe to run again.

    Returns counts: "places" and "frameworks" loaded (reference data, refreshed every time), and the demo
    records created by this call: "organisations", "users", "memberships", "practices" and, among the new
    practices, "published", "in_review" and "draft", "crosswalks" and "network_memberships". A second call returns zero for all of the latter.
    Raises RuntimeError when settings.WIQAYA_ALLOW_DEMO is False or a non-demo account uses a demo username.
    """
    _check_allowed()
    _check_usernames()
    places = load_reference_places(actor=DEMO)
    frameworks = load_definitions(actor=DEMO)
    _say(stdout, f"Reference data: {places} places, {len(frameworks)} frameworks.")
    organisations = load_organisations(stdout)
    users, memberships = load_users(stdout)
    practices = load_practices(stdout)
    crosswalks = load_crosswalks(stdout)
    network_memberships = load_network_memberships(stdout)
    plans = load_plans(stdout)
    support = load_support(stdout)
    events = load_events(stdout)
    return {
        "places": places,
        "frameworks": len(frameworks),
        "organisations": organisations,
        "users": users,
        "memberships": memberships,
        "practices": sum(practices.values()),
        **practices,
        "crosswalks": crosswalks,
        "network_memberships": network_memberships,
        **plans,
        **support,
        **events,
    }
