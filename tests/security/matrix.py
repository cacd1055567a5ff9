"""The rule table: for every URL pattern, the expected status per (role, ownership, record variant, method).

Roles come from `accounts.choices.Role` plus "anonymous"; the administrator is also superuser and staff.
Ownership: "own" (records of the user's organisation, "Al-Noor Youth Association"), "other" (the same kinds
owned by the look-alike "Al-Noor Youth Foundation"), "anonymous" (no user; the other organisation's records),
"any" (patterns whose records belong to no organisation: frameworks, places, the admin...).

Expected values follow docs/permissions.md: another organisation's non-public record answers 404 (its existence
is not revealed); a logged-in page answers an anonymous reader with a redirect to the login page; an anonymous
API write answers 401 or 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

from accounts.choices import REVIEWER_ROLES, Role

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, Role.PARTNER.value, Role.LOCAL_FOCAL_POINT.value, Role.HUB_EXPERT.value,
         Role.NATIONAL_COORDINATOR.value, Role.ADMINISTRATOR.value]
ADMIN = Role.ADMINISTRATOR.value
REVIEWERS = {r.value for r in REVIEWER_ROLES}
FRAMEWORK_EDITORS = {Role.NATIONAL_COORDINATOR.value, ADMIN}

LOGIN = "302→login"  # 302 to /<lang>/accounts/login/
ADMIN_LOGIN = "302→admin-login"  # 302 to /<lang>/admin/login/
API_DENIED = frozenset({401, 403})
SKIP = "skip"  # a cell not run: said why in Rule.note

# Marker strings put in non-public records (tests/security/world.py); which ones a role may never see.
# National coordinators see every plan in full, so only the other plan markers are kept from the other roles.
# What an import created from the other organisation's private file (a framework, goal, paragraph, organisation:
# its proposals) carries leak-marker-other-proposal: only national coordinators and administrators may see it.
FORBIDDEN_MARKERS = {
    ANONYMOUS: ("leak-marker-other-org", "leak-marker-other-review", "leak-marker-own-org", "leak-marker-own-review",
                "leak-marker-own-plan", "leak-marker-other-plan", "leak-marker-other-proposal"),
    Role.PARTNER.value: ("leak-marker-other-org", "leak-marker-other-review", "leak-marker-other-plan",
                         "leak-marker-other-proposal"),
    Role.LOCAL_FOCAL_POINT.value: ("leak-marker-other-org", "leak-marker-other-review", "leak-marker-other-plan",
                                   "leak-marker-other-proposal"),
    Role.HUB_EXPERT.value: ("leak-marker-other-org", "leak-marker-other-plan", "leak-marker-other-proposal"),
    Role.NATIONAL_COORDINATOR.value: ("leak-marker-other-org",),
    ADMIN: (),
}
# The support desk (LEAK-MARKER-<SIDE>-DESK in needs, requests, referrals, evidence): a request's organisation,
# its hub and national coordinators read it; anonymous readers only the public counts.
FORBIDDEN_MARKERS[ANONYMOUS] += ("leak-marker-own-desk", "leak-marker-other-desk")
for _role in (Role.PARTNER.value, Role.LOCAL_FOCAL_POINT.value, Role.HUB_EXPERT.value):
    FORBIDDEN_MARKERS[_role] += ("leak-marker-other-desk",)
# Recommendations (LEAK-MARKER-<SIDE>-REC in unpublished ones; …-RECPRIV in what only those inside a published
# one may read: a private owner's answer, a private update, private evidence): the convening organisation, the
# owners and national coordinators read them; anonymous readers only published recommendations, without those.
FORBIDDEN_MARKERS[ANONYMOUS] += ("leak-marker-own-rec", "leak-marker-other-rec")
for _role in (Role.PARTNER.value, Role.LOCAL_FOCAL_POINT.value, Role.HUB_EXPERT.value):
    FORBIDDEN_MARKERS[_role] += ("leak-marker-other-rec",)
# Events (LEAK-MARKER-<SIDE>-EVENT in unpublished events, private documents, draft minutes, unpublished
# recommendations, private updates, a private owner's reason): the conveners' members and national coordinators
# read them; anonymous readers only what is published.
FORBIDDEN_MARKERS[ANONYMOUS] += ("leak-marker-own-event", "leak-marker-other-event")
for _role in (Role.PARTNER.value, Role.LOCAL_FOCAL_POINT.value, Role.HUB_EXPERT.value):
    FORBIDDEN_MARKERS[_role] += ("leak-marker-other-event",)


@dataclass(frozen=True)
class Cell:
    role: str
    ownership: str
    variant: str

    @property
    def anonymous(self) -> bool:
        return self.role == ANONYMOUS

    @property
    def admin(self) -> bool:
        return self.role == ADMIN


Expect = Callable[[Cell], object]


@dataclass(frozen=True)
class Rule:
    """resource: what fills `pk` (and ownership is meaningful for it when `owned`); variants: record kinds or
    query strings; checks: method → expected status for a cell; payloads: method → body."""

    checks: dict[str, Expect]
    resource: str | None = None
    owned: bool = False
    variants: tuple[str, ...] = ("",)
    payloads: dict[str, object] = field(default_factory=dict)
    note: str = ""
    api_format: str = "json"
    scan: Callable[[Cell], bool] = lambda c: True  # look for markers in its 200 answers


# --- who may see and change what (docs/permissions.md) --------------------------------------------------


def practice_visible(c: Cell) -> bool:
    if c.variant in {"published", "published_from_private", "published_with_proposal", "search"} or c.admin:
        return True
    if c.anonymous:
        return False
    return c.ownership == "own" or (c.variant == "in_review" and c.role in REVIEWERS)


def practice_changeable(c: Cell) -> bool:
    if c.admin:
        return True
    if c.anonymous:
        return False
    if c.variant == "draft":
        return c.ownership == "own"
    return c.role in REVIEWERS


def practice_move_allowed(c: Cell) -> bool:
    """The move the payload asks for: draft → in_review (submit), in_review → published, published → draft."""
    if c.variant == "draft":
        return c.admin or c.ownership == "own"
    if c.variant == "in_review":
        return c.role in REVIEWERS
    return c.role in REVIEWERS or c.ownership == "own"


def document_visible(c: Cell) -> bool:
    return c.variant in {"public", "public_imported"} or c.admin or (not c.anonymous and c.ownership == "own")


def job_visible(c: Cell) -> bool:
    return c.admin or (not c.anonymous and c.ownership == "own")


def membership_visible(c: Cell) -> bool:
    """Network memberships: members are public; candidates are seen by reviewers (national coordinator, hub expert,
    administrator) and by the organisations concerned (here: the member organisation, "own")."""
    return c.variant == "member" or c.role in REVIEWERS or (not c.anonymous and c.ownership == "own")


def plan_full(c: Cell) -> bool:
    """The whole plan: its owner's members, national coordinators and administrators (plans.permissions)."""
    return c.admin or c.role == Role.NATIONAL_COORDINATOR.value or (not c.anonymous and c.ownership == "own")


def plan_summary(c: Cell) -> bool:
    return plan_full(c) or c.variant == "public"


def plan_changeable(c: Cell) -> bool:
    """The owner (and administrators) change a plan, its actions and indicators while it is a draft."""
    return c.variant == "draft" and (c.admin or (not c.anonymous and c.ownership == "own"))


def plan_reportable(c: Cell) -> bool:
    """Progress and action status: once approved, by the organisations involved (and administrators)."""
    return c.variant == "public" and (c.admin or (not c.anonymous and c.ownership == "own"))


def plan_form(allowed: Callable[[Cell], bool], ok=200) -> Expect:
    return login_then(seen(lambda c: ok if allowed(c) else 403, plan_full))


PLAN_CREATORS = {Role.LOCAL_FOCAL_POINT.value, Role.NATIONAL_COORDINATOR.value, ADMIN}
PLAN_VARIANTS = ("draft", "public")
NEED_IMPORTERS = {Role.LOCAL_FOCAL_POINT.value, Role.HUB_EXPERT.value, Role.NATIONAL_COORDINATOR.value, ADMIN}


def desk_full(c: Cell) -> bool:
    """A need or request of the support desk (and its referral, evidence, matches and outcome checks): the
    requesting organisation's members (the own one here, whatever their role), national coordinators and
    administrators; the world's requests go to a hub of which no role here is an expert (support.permissions)."""
    return c.admin or c.role == Role.NATIONAL_COORDINATOR.value or (not c.anonymous and c.ownership == "own")


def desk_expert_visible(c: Cell) -> bool:
    """The expert pool: its hub's experts (the own organisation's hub expert), national coordinators, admins."""
    return c.admin or c.role == Role.NATIONAL_COORDINATOR.value or (
        c.ownership == "own" and c.role == Role.HUB_EXPERT.value)


def anyone_who_sees(c: Cell) -> bool:
    return True


DESK_CREATORS = {Role.LOCAL_FOCAL_POINT.value, Role.HUB_EXPERT.value, Role.NATIONAL_COORDINATOR.value, ADMIN}
DESK_STAFF = {Role.HUB_EXPERT.value, Role.NATIONAL_COORDINATOR.value, ADMIN}  # the queue and the expert pool
DESK_ALL = {Role.NATIONAL_COORDINATOR.value, ADMIN}  # triage, matching, referral, delivery of the world's requests


def event_inside(c: Cell) -> bool:
    """An event's conveners (the own organisation's members, whatever their role), national coordinators and
    administrators: they see everything of it and manage it (events.permissions)."""
    return c.admin or c.role == Role.NATIONAL_COORDINATOR.value or (not c.anonymous and c.ownership == "own")


def event_visible(c: Cell) -> bool:
    """An event, a recommendation, an update or a document of the "public" variant is published; the others are
    seen from inside only."""
    return c.variant == "public" or event_inside(c)


def event_page(allowed: Callable[[Cell], bool] = event_inside, ok=200) -> Expect:
    """A managing page of an event: 404 when the reader may not see the event, `ok` for its managers, 403 for the
    other readers of a published event."""
    return login_then(seen(lambda c: ok if allowed(c) else 403, event_visible))


EVENT_VARIANTS = ("draft", "public")


def desk(allowed: Callable[[Cell], bool], ok=200, visible=desk_full) -> Expect:
    """A page of a desk record: 404 when the reader may not see it, `ok` when allowed, 403 otherwise."""
    return login_then(seen(lambda c: ok if allowed(c) else 403, visible))


def rec_inside(c: Cell) -> bool:
    """A recommendation (and its event) seen from inside: the convening organisation's members — every role of the
    own organisation here, which convenes the own events and leads their recommendations —, national
    coordinators and administrators (events.permissions)."""
    return c.admin or c.role == Role.NATIONAL_COORDINATOR.value or (not c.anonymous and c.ownership == "own")


def rec_visible(c: Cell) -> bool:
    return c.variant == "public" or rec_inside(c)


def rec_form(ok=200) -> Expect:
    """A form of a recommendation: those inside it may use it; others get 404 (unpublished) or 403 (published)."""
    return login_then(seen(lambda c: ok if rec_inside(c) else 403, rec_visible))


def everyone(status) -> Expect:
    return lambda c: status


def login_then(inner: Expect) -> Expect:
    return lambda c: LOGIN if c.anonymous else inner(c)


def api_write(inner: Expect) -> Expect:
    return lambda c: API_DENIED if c.anonymous else inner(c)


def editors(allowed, denied=403) -> Expect:
    return lambda c: allowed if c.role in FRAMEWORK_EDITORS else denied


def proposal_seen(status) -> Expect:
    """A framework of the "proposal" variant (the other organisation's, from its private file) is seen only by
    national coordinators and administrators among the roles here (all of the own organisation)."""
    return lambda c: status if c.variant != "proposal" or c.role in FRAMEWORK_EDITORS else 404


def seen(inner: Expect, visible=practice_visible, hidden=404) -> Expect:
    return lambda c: inner(c) if visible(c) else hidden


PRACTICE_VARIANTS = ("draft", "in_review", "published")
REC_VARIANTS = ("draft", "public")
DOCUMENT_VARIANTS = ("private", "public", "public_imported")
MOVE = {"draft": "in_review", "in_review": "published", "published": "draft"}

RULES: dict[str, Rule] = {
    # --- language switch and accounts ---
    "set_language": Rule({"GET": everyone(405), "POST": everyone(302)}, payloads={"POST": {"language": "ar", "next": "/en/"}}),
    "accounts:login": Rule({"GET": lambda c: 200 if c.anonymous else 302}),
    "accounts:tokens": Rule({"GET": login_then(everyone(200))}),
    # Two-factor login is offered to national coordinators and administrators; the verify step needs a login
    # that is half done (a password checked), and sends everyone else back to the login page.
    "accounts:totp_setup": Rule({"GET": login_then(lambda c: 200 if c.role in {Role.NATIONAL_COORDINATOR.value, ADMIN} else 403)}),
    "accounts:totp_verify": Rule({"GET": everyone(302)}),
    "accounts:logout": Rule({"GET": everyone(405), "POST": everyone(302)}),
    # --- the start page and notifications: each person's own; another's notification is not found ---
    "start": Rule({"GET": login_then(everyone(200))}),
    "notifications:list": Rule({"GET": login_then(everyone(200))}),
    "notifications:read_all": Rule({"GET": login_then(everyone(405)), "POST": login_then(everyone(302))}),
    "notifications:open": Rule({"GET": login_then(everyone(405)),
                                "POST": login_then(lambda c: 302 if c.ownership == "own" else 404)},
                               resource="notification", owned=True),
    # --- practices (HTML) ---
    "practices:home": Rule({"GET": everyone(302)}),
    "practices:list": Rule({"GET": everyone(200)}, variants=("", "search")),
    "practices:create": Rule({"GET": login_then(everyone(200)), "POST": login_then(everyone(200))},
                             note="POST with an empty form: the form comes back with its errors"),
    "practices:detail": Rule({"GET": seen(everyone(200))}, resource="practice", owned=True,
                             variants=(*PRACTICE_VARIANTS, "published_from_private", "published_with_proposal")),
    "practices:edit": Rule(
        {m: login_then(seen(lambda c: 200 if practice_changeable(c) else 403)) for m in ("GET", "POST")},
        resource="practice", owned=True, variants=PRACTICE_VARIANTS,
        note="POST with an empty form: 200 with errors when allowed"),
    "practices:transition": Rule(
        {"GET": login_then(everyone(405)), "POST": login_then(seen(everyone(302)))},
        resource="practice", owned=True, variants=PRACTICE_VARIANTS, payloads={"POST": "move"},
        note="a refused move redirects to the practice with a message"),
    "practices:suggestions": Rule(
        {"GET": login_then(seen(lambda c: 302 if practice_changeable(c) else 403))},
        resource="practice", owned=True, variants=PRACTICE_VARIANTS),
    "practices:suggestion-decide": Rule(
        {"GET": login_then(everyone(405)), "POST": login_then(seen(lambda c: 302 if practice_changeable(c) else 403))},
        resource="practice", owned=True, variants=PRACTICE_VARIANTS, payloads={"POST": {"decision": "reject"}}),
    # --- search (HTML): results pass through each record type's visible_to; the "search" variant asks for the
    # marker text of every non-public record ---
    "search:page": Rule({"GET": everyone(200)}, variants=("", "search")),
    # --- documents (HTML) ---
    "documents:list": Rule({"GET": everyone(200)}),
    "documents:import": Rule({"GET": login_then(everyone(200))}),
    "documents:job": Rule({"GET": login_then(seen(everyone(200), job_visible))}, resource="job", owned=True,
                          variants=("import",)),
    "documents:detail": Rule({"GET": seen(everyone(200), document_visible)}, resource="document", owned=True,
                             variants=DOCUMENT_VARIANTS),
    "documents:download": Rule({"GET": seen(everyone(200), document_visible)}, resource="document", owned=True,
                               variants=DOCUMENT_VARIANTS, scan=lambda c: c.variant != "public_imported",
                               note="a public compendium's own text names the practices imported from it"),
    # --- crosswalks (HTML) ---
    "crosswalks:list": Rule({"GET": everyone(200)}),
    "crosswalks:suggest": Rule(
        {"GET": everyone(405), "POST": lambda c: SKIP if c.role in FRAMEWORK_EDITORS else 403},
        note="POST by a coordinator runs the multilingual encoder (frameworks/tests cover it); not run here"),
    "crosswalks:decide": Rule({"GET": everyone(405), "POST": editors(302)}, resource="crosswalk",
                              payloads={"POST": {"decision": "reject"}}),
    # --- the glossary (HTML): everyone reads the curated terms; coordinators and administrators change them ---
    "glossary:list": Rule({"GET": everyone(200)}),
    "glossary:add": Rule({"GET": login_then(editors(200)), "POST": login_then(editors(200))},
                         note="POST with no terms: the form again with its errors, for editors"),
    "glossary:edit": Rule({"GET": login_then(editors(200))}, resource="glossary-term"),
    "glossary:retire": Rule({"GET": login_then(everyone(405)), "POST": login_then(editors(302))},
                            resource="glossary-term"),
    # --- frameworks (HTML) ---
    "frameworks:list": Rule({"GET": everyone(200)}),
    "frameworks:create": Rule({"GET": login_then(editors(200))}),
    "frameworks:import": Rule({"GET": login_then(editors(200))}),
    # The "proposal" variant is the framework an import created from the other organisation's private file.
    "frameworks:detail": Rule({"GET": proposal_seen(200)}, variants=("", "proposal")),
    "frameworks:proposals": Rule({"GET": login_then(editors(200))}),
    "frameworks:proposal_decide": Rule({"GET": login_then(everyone(405)), "POST": login_then(editors(302))},
                                       note="POST names no proposal: coordinators are sent back with a message"),
    "frameworks:edit": Rule({"GET": login_then(editors(200))}),
    "frameworks:coverage": Rule({"GET": proposal_seen(200)}, variants=("", "proposal")),
    "frameworks:export": Rule({"GET": everyone(200)}, variants=("text", "yaml", "json")),
    "frameworks:goal_create": Rule({"GET": login_then(editors(200))}),
    "frameworks:goal_edit": Rule({"GET": login_then(editors(200))}, resource="goal"),
    "frameworks:goal_delete": Rule({"GET": login_then(everyone(405)), "POST": login_then(editors(302))},
                                   resource="goal"),
    "frameworks:paragraph_set": Rule({"GET": login_then(everyone(405)), "POST": login_then(editors(302))},
                                     resource="goal", payloads={"POST": {"number": "1", "text": "A paragraph."}}),
    "frameworks:paragraph_delete": Rule({"GET": login_then(everyone(405)), "POST": login_then(editors(302))},
                                        resource="goal"),
    # --- local action plans (HTML) ---
    "plans:list": Rule({"GET": everyone(200)}, variants=("", "search")),
    "plans:create": Rule({m: login_then(lambda c: 200 if c.role in PLAN_CREATORS else 403) for m in ("GET", "POST")},
                         note="POST with an empty form: the form comes back with its errors"),
    "plans:overview": Rule({"GET": everyone(200)}),
    "plans:coverage": Rule({"GET": everyone(200)}),
    "plans:actions": Rule({"GET": everyone(200)}),
    "plans:evidence": Rule({"GET": seen(everyone(200), plan_full)}, resource="plan-evidence", owned=True,
                           variants=("public",)),
    "plans:detail": Rule({"GET": seen(everyone(200), plan_summary)}, resource="plan", owned=True,
                         variants=PLAN_VARIANTS, note="a public plan shows its summary to everyone, its actions to none"),
    "plans:edit": Rule({m: plan_form(plan_changeable) for m in ("GET", "POST")}, resource="plan", owned=True,
                       variants=PLAN_VARIANTS),
    "plans:transition": Rule({"GET": login_then(everyone(405)), "POST": login_then(seen(everyone(302), plan_full))},
                             resource="plan", owned=True, variants=PLAN_VARIANTS,
                             payloads={"POST": {"to_status": "approved", "comment": "matrix"}},
                             note="a refused move redirects to the plan with a message"),
    # Publishing the summary: the plan's owner and national coordinators (all who see it in full here).
    "plans:publicity": Rule({"GET": login_then(everyone(405)), "POST": login_then(seen(everyone(302), plan_full))},
                            resource="plan", owned=True, variants=PLAN_VARIANTS, payloads={"POST": {"is_public": ""}}),
    "plans:goal-suggestions": Rule({"GET": plan_form(plan_changeable)}, resource="plan", owned=True,
                                   variants=PLAN_VARIANTS, note="no text is sent, so the encoder never runs"),
    "plans:action-create": Rule({m: plan_form(plan_changeable) for m in ("GET", "POST")}, resource="plan",
                                owned=True, variants=PLAN_VARIANTS),
    "plans:action-edit": Rule({m: plan_form(plan_changeable) for m in ("GET", "POST")}, resource="plan-action",
                              owned=True, variants=PLAN_VARIANTS),
    "plans:action-delete": Rule({"GET": plan_form(plan_changeable), "POST": plan_form(plan_changeable, 302)},
                                resource="plan-action", owned=True, variants=PLAN_VARIANTS),
    "plans:action-status": Rule({"GET": plan_form(plan_reportable), "POST": plan_form(plan_reportable)},
                                resource="plan-action", owned=True, variants=PLAN_VARIANTS,
                                note="POST with an empty form: 200 with errors when allowed"),
    # Comments on an action: read by whoever sees the plan in full; written by its owner's members and national
    # coordinators (all who see it in full here), in any status; a comment sent without htmx goes back to the plan.
    "plans:action-comments": Rule({"GET": seen(everyone(200), plan_full), "POST": seen(everyone(302), plan_full)},
                                  resource="plan-action", owned=True, variants=PLAN_VARIANTS,
                                  payloads={"POST": {"text": "matrix"}}),
    "plans:indicator-create": Rule({m: plan_form(plan_changeable) for m in ("GET", "POST")},
                                   resource="plan-action", owned=True, variants=PLAN_VARIANTS),
    "plans:indicator-edit": Rule({m: plan_form(plan_changeable) for m in ("GET", "POST")},
                                 resource="plan-indicator", owned=True, variants=PLAN_VARIANTS),
    "plans:indicator-delete": Rule({"GET": plan_form(plan_changeable), "POST": plan_form(plan_changeable, 302)},
                                   resource="plan-indicator", owned=True, variants=PLAN_VARIANTS),
    "plans:progress-create": Rule({m: plan_form(plan_reportable) for m in ("GET", "POST")},
                                  resource="plan-indicator", owned=True, variants=PLAN_VARIANTS),
    # An update is changed only by the organisation that reported it (the own one here) and administrators.
    "plans:progress-edit": Rule({m: plan_form(lambda c: c.admin or c.ownership == "own") for m in ("GET", "POST")},
                                resource="plan-update", owned=True, variants=("public",)),
    "plans:progress-delete": Rule(
        {"GET": plan_form(lambda c: c.admin or c.ownership == "own"),
         "POST": plan_form(lambda c: c.admin or c.ownership == "own", 302)},
        resource="plan-update", owned=True, variants=("public",)),
    # Plans in Excel: the template for anyone logged in, the upload for those who create plans, exports of the
    # plans seen in full.
    "plans:template": Rule({"GET": login_then(everyone(200))}),
    "plans:import": Rule({m: login_then(lambda c: 200 if c.role in PLAN_CREATORS else 403) for m in ("GET", "POST")},
                         note="POST with no file: the form comes back with its error"),
    "plans:import-job": Rule({"GET": login_then(everyone(404))}, resource="job", owned=True, variants=("import",),
                             note="the world's jobs import documents, which this page never shows; "
                                  "plans/tests/test_spreadsheet_views.py covers plan import jobs"),
    # Needs from an assessment file (support): the upload for those who import needs (local focal points, hub
    # experts, coordinators, administrators); a mapping step only for an upload waiting in the user's own session;
    # a job page only for its starter — the world's jobs import documents, which this page never shows
    # (support/tests/test_imports.py covers the needs import jobs).
    "support_import:upload": Rule({m: login_then(lambda c: 200 if c.role in NEED_IMPORTERS else 403)
                                   for m in ("GET", "POST")}, note="POST with no file: the form comes back with its errors"),
    "support_import:mapping": Rule({m: login_then(lambda c: 404 if c.role in NEED_IMPORTERS else 403)
                                    for m in ("GET", "POST")}, note="no upload waits in a fresh session"),
    "support_import:job": Rule({"GET": login_then(everyone(404))}, resource="job", owned=True, variants=("import",),
                               note="the world's jobs import documents, which this page never shows"),
    "plans:export-xlsx": Rule({"GET": login_then(seen(everyone(200), plan_full))}, resource="plan", owned=True,
                              variants=PLAN_VARIANTS),
    "plans:export-csv": Rule({"GET": login_then(seen(everyone(200), plan_full))}, resource="plan", owned=True,
                             variants=PLAN_VARIANTS),
    # The overview and the coverage matrix as files: the pages' rules (everyone, each seeing what the page shows).
    "plans:overview-export-xlsx": Rule({"GET": everyone(200)}),
    "plans:overview-export-csv": Rule({"GET": everyone(200)}),
    "plans:coverage-export-xlsx": Rule({"GET": everyone(200)}),
    "plans:coverage-export-csv": Rule({"GET": everyone(200)}),
    # --- directory (HTML) ---
    "directory:list": Rule({"GET": everyone(200)}, variants=("", "search")),
    "directory:organisation": Rule({"GET": everyone(200)}, resource="organisation"),
    "directory:committees": Rule({"GET": everyone(200)}),
    "directory:network": Rule({"GET": everyone(200)}, resource="network"),
    "directory:membership-add": Rule(
        {"GET": login_then(everyone(405)), "POST": login_then(lambda c: 302 if c.role in REVIEWERS else 403)},
        resource="network", note="POST with an empty form: back to the network with a message when allowed"),
    "directory:membership-status": Rule(
        {"GET": login_then(everyone(405)),
         "POST": login_then(seen(lambda c: 302 if c.role in REVIEWERS else 403, membership_visible))},
        resource="membership", owned=True, variants=("candidate", "member"),
        note="POST with an empty form: back to the network with a message when allowed"),
    # --- the support desk (HTML): anonymous readers get the public page only ---
    "support:home": Rule({"GET": login_then(everyone(302))}),
    "support:public": Rule({"GET": everyone(200)}),
    "support:queue": Rule({"GET": login_then(lambda c: 200 if c.role in DESK_STAFF else 403)},
                          variants=("", "tab=overdue")),
    "support:needs": Rule({"GET": login_then(everyone(200))}, variants=("", "search")),
    "support:need-create": Rule({m: login_then(lambda c: 200 if c.role in DESK_CREATORS else 403)
                                 for m in ("GET", "POST")},
                                note="POST with an empty form: the form comes back with its errors"),
    "support:need": Rule({"GET": desk(anyone_who_sees)}, resource="support-need", owned=True),
    "support:need-edit": Rule({m: desk(anyone_who_sees) for m in ("GET", "POST")}, resource="support-need",
                              owned=True, note="the need's organisation changes it; POST empty: 200 with errors"),
    "support:need-status": Rule({"GET": login_then(everyone(405)), "POST": desk(anyone_who_sees, 302)},
                                resource="support-need", owned=True, payloads={"POST": {"status": "validated"}},
                                note="a change without its reason goes back to the need with a message"),
    "support:need-evidence": Rule({"GET": login_then(everyone(405)), "POST": desk(anyone_who_sees, 302)},
                                  resource="support-need", owned=True,
                                  note="POST with no file goes back to the need with a message"),
    "support:evidence": Rule({"GET": seen(everyone(200), desk_full)}, resource="support-evidence", owned=True),
    "support:requests": Rule({"GET": login_then(everyone(200))}, variants=("", "search")),
    "support:request-create": Rule({m: login_then(lambda c: 200 if c.role in DESK_CREATORS else 403)
                                    for m in ("GET", "POST")},
                                   note="POST with an empty form: the form comes back with its errors"),
    "support:request": Rule({"GET": desk(anyone_who_sees)}, resource="support-request", owned=True),
    "support:request-edit": Rule({m: desk(lambda c: False) for m in ("GET", "POST")}, resource="support-request",
                                 owned=True, note="a submitted request is no longer edited"),
    "support:request-move": Rule({"GET": login_then(everyone(405)), "POST": desk(anyone_who_sees, 302)},
                                 resource="support-request", owned=True,
                                 note="POST names no move: back to the request with a message"),
    "support:request-assign": Rule({"GET": login_then(everyone(405)), "POST": desk(lambda c: c.role in DESK_ALL, 302)},
                                   resource="support-request", owned=True,
                                   note="POST with no expert: the request is assigned to no one, for those who assign"),
    "support:request-suggest": Rule(
        {"GET": login_then(everyone(405)),
         "POST": lambda c: SKIP if c.role in DESK_ALL else desk(lambda c: False)(c)},
        resource="support-request", owned=True,
        note="POST by a coordinator runs the matcher (support/tests cover it); not run here"),
    "support:candidate-decide": Rule(
        {"GET": login_then(everyone(405)), "POST": desk(lambda c: c.role in DESK_ALL, 302)},
        resource="support-candidate", owned=True, payloads={"POST": {"decision": "unknown"}},
        note="an unknown decision goes back to the request with a message, for those who decide"),
    "support:request-refer": Rule({m: desk(lambda c: c.role in DESK_ALL) for m in ("GET", "POST")},
                                  resource="support-request", owned=True,
                                  note="POST with an empty form: 200 with errors when allowed"),
    "support:engagement-create": Rule({m: desk(lambda c: c.role in DESK_ALL) for m in ("GET", "POST")},
                                      resource="support-request", owned=True,
                                      note="POST with an empty form: 200 with errors when allowed"),
    "support:outcome": Rule({m: desk(anyone_who_sees) for m in ("GET", "POST")}, resource="support-request",
                            owned=True, note="the requesting organisation's word; POST empty: 200 with errors"),
    "support:outcome-check": Rule({m: desk(anyone_who_sees) for m in ("GET", "POST")},
                                  resource="support-outcome-check", owned=True),
    "support:referrals": Rule({"GET": login_then(everyone(200))}),
    "support:referral": Rule({"GET": desk(anyone_who_sees), "POST": desk(lambda c: c.role in DESK_ALL)},
                             resource="support-referral", owned=True,
                             note="only the partner (and coordinators) answer; POST empty: 200 with errors"),
    "support:experts": Rule({"GET": login_then(lambda c: 200 if c.role in DESK_STAFF else 403)}),
    "support:expert-create": Rule({m: login_then(lambda c: 200 if c.role in DESK_STAFF else 403)
                                   for m in ("GET", "POST")},
                                  note="POST with an empty form: the form comes back with its errors"),
    "support:expert-edit": Rule({m: desk(anyone_who_sees, visible=desk_expert_visible) for m in ("GET", "POST")},
                                resource="support-expert", owned=True),
    "support:register": Rule({"GET": login_then(everyone(200))}, variants=("", "format=csv")),
    # --- events (HTML): published ones for everyone; the rest for their conveners and coordinators ---
    "events:list": Rule({"GET": everyone(200)}, variants=("", "search")),
    "events:event-create": Rule({m: login_then(everyone(200)) for m in ("GET", "POST")},
                                note="every role here belongs to an organisation; POST empty: 200 with errors"),
    "events:event": Rule({"GET": seen(everyone(200), event_visible)}, resource="events-event", owned=True,
                         variants=EVENT_VARIANTS),
    "events:event-edit": Rule({m: event_page() for m in ("GET", "POST")}, resource="events-event", owned=True,
                              variants=EVENT_VARIANTS, note="POST empty: 200 with errors for its managers"),
    "events:participation": Rule({m: event_page() for m in ("GET", "POST")}, resource="events-event",
                                 owned=True, variants=EVENT_VARIANTS,
                                 note="POST empty: 200 with errors for its managers"),
    "events:participation-remove": Rule({"GET": login_then(everyone(405)), "POST": event_page(ok=302)},
                                        resource="events-participation", owned=True, variants=EVENT_VARIANTS),
    "events:documents": Rule({"GET": login_then(everyone(405)), "POST": event_page(ok=302)},
                             resource="events-event", owned=True, variants=EVENT_VARIANTS,
                             note="POST with no file goes back to the event with a message"),
    "events:document": Rule({"GET": seen(everyone(200), event_visible)}, resource="events-document", owned=True,
                            variants=(*EVENT_VARIANTS, "private"),
                            note="the private variant: a private document of a published event"),
    "events:minutes": Rule({m: event_page() for m in ("GET", "POST")}, resource="events-event", owned=True,
                           variants=EVENT_VARIANTS, note="POST empty: 200 with errors for its managers"),
    "events:minutes-approve": Rule({"GET": login_then(everyone(405)), "POST": event_page(ok=302)},
                                   resource="events-event", owned=True, variants=EVENT_VARIANTS,
                                   note="without minutes, back to the event with a message"),
    "events:publish": Rule({"GET": login_then(everyone(405)), "POST": event_page(ok=302)},
                           resource="events-event", owned=True, variants=EVENT_VARIANTS,
                           payloads={"POST": {"is_public": ""}}, note="POST withdraws it from public view"),
    # --- API ---
    "api-root": Rule({"GET": everyone(200)}),
    "api-schema": Rule({"GET": everyone(200)}),
    "api-docs": Rule({"GET": everyone(200)}),
    "practice-list": Rule({"GET": everyone(200), "POST": api_write(everyone(400))}, variants=("", "search"),
                          note="POST with an empty body: 400 once authenticated"),
    "practice-detail": Rule(
        {"GET": seen(everyone(200)),
         "PATCH": api_write(seen(lambda c: 200 if practice_changeable(c) else 403))},
        resource="practice", owned=True, variants=(*PRACTICE_VARIANTS, "published_from_private"),
        payloads={"PATCH": {}}),
    "practice-transition": Rule(
        {"GET": everyone(405),
         "POST": api_write(seen(lambda c: 200 if practice_move_allowed(c) else 403))},
        resource="practice", owned=True, variants=PRACTICE_VARIANTS, payloads={"POST": "move"}),
    "practice-suggest-goals": Rule(
        {"GET": everyone(405), "POST": api_write(seen(everyone(400)))},
        resource="practice", owned=True, variants=PRACTICE_VARIANTS, payloads={"POST": {"framework": "no-such-framework"}},
        note="POST names an unknown framework, so the encoder never runs: 400 once the practice is visible"),
    "practice-decide-suggestion": Rule(
        {"GET": everyone(405),
         "POST": api_write(seen(lambda c: 200 if practice_changeable(c) else 403))},
        resource="practice", owned=True, variants=PRACTICE_VARIANTS, payloads={"POST": "suggestion"}),
    # --- plans API: summaries for everyone, whole plans for those who see them (plan_full) ---
    "plan-list": Rule({"GET": everyone(200), "POST": api_write(everyone(405))}),
    "plan-detail": Rule({"GET": seen(everyone(200), plan_summary)}, resource="plan", owned=True,
                        variants=PLAN_VARIANTS, note="a public plan answers its summary fields, no actions"),
    "plan-transition": Rule({"GET": everyone(405), "POST": api_write(seen(everyone(400), plan_full))},
                            resource="plan", owned=True, variants=PLAN_VARIANTS,
                            note="POST with an empty body: 400 once the whole plan is visible, else 404"),
    "plan-overview": Rule({"GET": everyone(200)}),
    "plan-coverage": Rule({"GET": lambda c: 200 if c.variant == "framework" else 400}, variants=("", "framework"),
                          note="without ?framework= the answer says which parameter is missing"),
    "action-list": Rule({"GET": everyone(200), "POST": api_write(everyone(405))}),
    "action-detail": Rule({"GET": seen(everyone(200), plan_full)}, resource="plan-action", owned=True,
                          variants=PLAN_VARIANTS),
    "progress-update-list": Rule({"GET": everyone(200), "POST": api_write(everyone(400))},
                                 note="POST with an empty body: 400 once authenticated"),
    "progress-update-detail": Rule(
        {"GET": seen(everyone(200), plan_full),
         "PATCH": api_write(seen(lambda c: 200 if c.admin or c.ownership == "own" else 403, plan_full))},
        resource="plan-update", owned=True, variants=("public",), payloads={"PATCH": {}},
        note="only the reporting organisation (and administrators) change an update; coordinators read it"),
    "search-list": Rule({"GET": everyone(200)}, variants=("", "search")),
    "organisation-list": Rule({"GET": everyone(200), "POST": api_write(everyone(405))}),
    "organisation-detail": Rule({"GET": everyone(200)}, resource="organisation"),
    "network-membership-list": Rule({"GET": everyone(200), "POST": api_write(everyone(405))}),
    "network-membership-detail": Rule({"GET": seen(everyone(200), membership_visible)}, resource="membership",
                                      owned=True, variants=("candidate", "member")),
    "place-list": Rule({"GET": everyone(200)}),
    "glossary-term-list": Rule({"GET": everyone(200)}),
    "glossary-term-detail": Rule({"GET": everyone(200)}, resource="glossary-term"),
    "place-detail": Rule({"GET": everyone(200)}, resource="place"),
    "framework-list": Rule({"GET": everyone(200), "POST": api_write(editors(400))}),
    "framework-import": Rule({"GET": everyone(405), "POST": api_write(editors(400))}),
    "framework-detail": Rule({"GET": proposal_seen(200), "PATCH": api_write(editors(200))}, payloads={"PATCH": {}},
                             variants=("", "proposal")),
    "framework-coverage": Rule({"GET": proposal_seen(200)}, variants=("", "proposal")),
    "framework-export": Rule({"GET": everyone(200)}),
    "goal-list": Rule({"GET": everyone(200), "POST": api_write(editors(400))}),
    "goal-detail": Rule({"GET": everyone(200), "PATCH": api_write(editors(200))}, resource="goal", payloads={"PATCH": {}}),
    "goal-paragraph": Rule({"GET": everyone(405), "POST": api_write(editors(400))}, resource="goal"),
    "document-list": Rule({"GET": everyone(200), "POST": api_write(everyone(400))}, api_format="multipart",
                          note="POST with no file: 400 once authenticated"),
    "document-detail": Rule({"GET": seen(everyone(200), document_visible)}, resource="document", owned=True,
                            variants=DOCUMENT_VARIANTS),
    "job-list": Rule({"GET": api_write(everyone(200))}),
    # --- support desk API: read-only, the pages' visibility, for logged-in readers; anonymous ones get the counts ---
    "support-need-list": Rule({"GET": api_write(everyone(200)), "POST": api_write(everyone(405))}),
    "support-need-detail": Rule({"GET": api_write(seen(everyone(200), desk_full))}, resource="support-need",
                                owned=True),
    "support-request-list": Rule({"GET": api_write(everyone(200)), "POST": api_write(everyone(405))}),
    "support-request-detail": Rule({"GET": api_write(seen(everyone(200), desk_full))},
                                   resource="support-request", owned=True),
    "support-referral-list": Rule({"GET": api_write(everyone(200))}),
    "support-referral-detail": Rule({"GET": api_write(seen(everyone(200), desk_full))},
                                    resource="support-referral", owned=True),
    "support-expert-list": Rule({"GET": api_write(everyone(200))}),
    "support-expert-detail": Rule({"GET": api_write(seen(everyone(200), desk_expert_visible))},
                                  resource="support-expert", owned=True),
    "support-public-counts": Rule({"GET": everyone(200)}),
    # --- recommendations (HTML): anonymous readers see published ones, their public updates and evidence ---
    "events:recommendations": Rule({"GET": everyone(200)}, variants=("", "search")),
    "events:recommendation": Rule({"GET": seen(everyone(200), rec_visible)}, resource="rec", owned=True,
                                  variants=REC_VARIANTS),
    # Two patterns share the name: /events/recommendations/new/ (from elsewhere: any member of an organisation)
    # and /events/<pk>/recommendations/new/ (the event's conveners and coordinators).
    "events:recommendation-create": Rule(
        {m: login_then(lambda c: 200 if rec_inside(c) else frozenset({200, 403 if c.variant == "public" else 404}))
         for m in ("GET", "POST")}, resource="rec-event", owned=True, variants=REC_VARIANTS,
        note="POST with an empty form: the form comes back with its errors"),
    "events:recommendation-edit": Rule({m: rec_form() for m in ("GET", "POST")}, resource="rec", owned=True,
                                       variants=REC_VARIANTS),
    "events:owners": Rule({m: rec_form() for m in ("GET", "POST")}, resource="rec", owned=True,
                          variants=REC_VARIANTS),
    "events:respond": Rule({m: rec_form() for m in ("GET", "POST")}, resource="rec-owner", owned=True,
                           variants=REC_VARIANTS, note="the lead owner row: the own organisation answers its own"),
    "events:status": Rule({m: rec_form() for m in ("GET", "POST")}, resource="rec", owned=True,
                          variants=REC_VARIANTS),
    "events:delay": Rule({m: rec_form() for m in ("GET", "POST")}, resource="rec", owned=True,
                         variants=REC_VARIANTS),
    "events:update-create": Rule({m: rec_form() for m in ("GET", "POST")}, resource="rec", owned=True,
                                 variants=REC_VARIANTS),
    "events:link-action": Rule({m: rec_form() for m in ("GET", "POST")}, resource="rec", owned=True,
                               variants=REC_VARIANTS),
    "events:create-action": Rule({m: rec_form() for m in ("GET", "POST")}, resource="rec", owned=True,
                                 variants=REC_VARIANTS),
    "events:recommendation-publish": Rule({"GET": login_then(everyone(405)), "POST": rec_form(302)},
                                          resource="rec", owned=True, variants=REC_VARIANTS,
                                          payloads={"POST": {"is_public": "1"}},
                                          note="a refused publication (its event is not public) redirects with a message"),
    "events:evidence": Rule({"GET": seen(everyone(200), lambda c: c.variant == "public" or rec_inside(c))},
                            resource="rec-evidence", owned=True, variants=("public", "private"),
                            scan=lambda c: False, note="a file's bytes: its name is the marker"),
    "events:queue": Rule({"GET": login_then(everyone(200))}),
    "events:quality-queue": Rule({"GET": login_then(everyone(200))}),
    "events:accountability": Rule({"GET": everyone(200)}),
    "events:event-follow-up": Rule({"GET": seen(everyone(200), rec_visible)}, resource="rec-event", owned=True,
                                   variants=REC_VARIANTS),
    # --- events API: read-only, the pages' visibility; anonymous readers get what is published ---
    "event-list": Rule({"GET": everyone(200), "POST": api_write(everyone(405))}),
    "event-detail": Rule({"GET": seen(everyone(200), event_visible)}, resource="events-event", owned=True,
                         variants=EVENT_VARIANTS),
    "recommendation-list": Rule({"GET": everyone(200), "POST": api_write(everyone(405))}),
    "recommendation-detail": Rule({"GET": seen(everyone(200), event_visible)}, resource="events-recommendation",
                                  owned=True, variants=EVENT_VARIANTS,
                                  note="a private owner shows its type only (its reason carries the marker)"),
    "recommendation-update-list": Rule({"GET": everyone(200), "POST": api_write(everyone(405))}),
    "recommendation-update-detail": Rule({"GET": seen(everyone(200), event_visible)}, resource="events-update",
                                         owned=True, variants=EVENT_VARIANTS),
    "job-detail": Rule({"GET": api_write(seen(everyone(200), job_visible))}, resource="job", owned=True,
                       variants=("import",)),
    # --- dashboards, printed reports and open data (docs/permissions.md) ---
    # The public ones for anyone (published aggregates, small groups hidden); the national one for coordinators
    # and administrators; a place's also for its focal points (the world's focal point has no place: 403).
    "dashboards:index": Rule({"GET": everyone(200)}),
    "dashboards:national": Rule({"GET": login_then(lambda c: 200 if c.role in FRAMEWORK_EDITORS else 403)}),
    "dashboards:place": Rule({"GET": login_then(lambda c: 200 if c.role in FRAMEWORK_EDITORS else 403)},
                             variants=("", "period=2025")),
    "dashboards:public": Rule({"GET": everyone(200)}, variants=("", "period=2025")),
    "dashboards:public-place": Rule({"GET": everyone(200)}),
    "dashboards:public-report": Rule({"GET": everyone(200)}),
    "dashboards:reports": Rule({"GET": login_then(everyone(200))}),
    "dashboards:report-start": Rule({"GET": login_then(everyone(405)), "POST": login_then(everyone(400))},
                                    note="an empty form names the missing report (400)"),
    "dashboards:report-job": Rule({"GET": login_then(lambda c: 200 if c.ownership == "own" else 404)},
                                  resource="report-job", owned=True),
    "dashboards:report-download": Rule({"GET": login_then(everyone(404))}, resource="report-job", owned=True,
                                       note="queued, not drawn: no file for anyone (the owner's download is in "
                                            "dashboards/tests/test_reports.py)"),
    "opendata:page": Rule({"GET": everyone(200)}),
    "opendata:package": Rule({"GET": everyone(200)}),
    "open-data-tables": Rule({"GET": everyone(200)}),
    "open-data-rows": Rule({"GET": everyone(200)}),
}


# --- importing and exporting an event's recommendations (events/import_urls.py) -----------------------------
# The world's events ("events-event", variants draft and public) are convened by each side's organisation.
# Importing is for the event's conveners, national coordinators and administrators (404 where the event is not
# seen, 403 for the other readers of a published one); exports follow the event's visibility, logged in or not
# (each reader gets the recommendations they may see); the job pages show only the starter's own imports (the
# world's jobs import documents, which these pages never show: events/tests/test_imports.py covers them).


def _event_importer(c: Cell) -> bool:
    return c.admin or c.role == Role.NATIONAL_COORDINATOR.value or (not c.anonymous and c.ownership == "own")


def _event_seen(c: Cell) -> bool:
    return c.variant == "public" or _event_importer(c)


RULES.update({
    "events:import": Rule({m: login_then(seen(lambda c: 200 if _event_importer(c) else 403, _event_seen))
                           for m in ("GET", "POST")}, resource="events-event", owned=True,
                          variants=("draft", "public"), note="POST with no file: the form comes back with its error"),
    "events:import-template": Rule({"GET": login_then(everyone(200))}),
    "events:import-job": Rule({"GET": login_then(everyone(404))}, resource="job", owned=True, variants=("import",),
                              note="the world's jobs import documents, which this page never shows"),
    "events:import-confirm": Rule({"GET": login_then(everyone(405)), "POST": login_then(everyone(404))},
                                  resource="job", owned=True, variants=("import",),
                                  note="the world's jobs import documents: nothing of theirs to confirm here"),
    "events:export": Rule({"GET": seen(everyone(200), _event_seen)}, resource="events-event", owned=True,
                          variants=("draft", "public")),
    "events:export-csv": Rule({"GET": seen(everyone(200), _event_seen)}, resource="events-event", owned=True,
                              variants=("draft", "public")),
})

# --- the Django admin: staff only; everyone else is sent to the admin's login page -----------------------

# What the administrator gets, by the last part of the pattern name; exceptions by full name below.
ADMIN_BY_SUFFIX = {"changelist": 200, "add": 200, "change": 200, "history": 200, "delete": 200}
ADMIN_AS_ADMINISTRATOR = {
    "admin:index": 200, "admin:logout": 405, "admin:password_change": 200,
    "admin:password_change_done": 200, "admin:autocomplete": 403, "admin:jsi18n": 200, "admin:view_on_site": 302,
    "admin:app_list": 200, "admin:auth_user_password_change": 200,
    "admin:core_auditentry_probes": 200,  # who probed what: the audit log summed by user or address
    # Accounts, organisations and places are never deleted from the admin (the audit log points at them).
    "admin:accounts_user_delete": 403, "admin:accounts_organisation_delete": 403, "admin:places_place_delete": 403,
    # Tasks run at once in tests, so there is no stored task result: its pages send back to the index.
    "admin:django_tasks_database_dbtaskresult_add": 403, "admin:django_tasks_database_dbtaskresult_delete": 403,
    "admin:django_tasks_database_dbtaskresult_change": 302, "admin:django_tasks_database_dbtaskresult_history": 302,
}
# The models the fixture world has rows for, whose admin pages answer the administrator as ADMIN_BY_SUFFIX says.
# A model registered later (the login-lockout and two-factor models are being built beside this table) gets
# any answer but an error or a login page for the administrator, until it is added here; everyone else is
# still sent to the admin's login, strictly.
ADMIN_KNOWN_MODELS = {
    "authtoken_tokenproxy", "django_tasks_database_dbtaskresult", "core_auditentry", "core_job",
    "accounts_user", "accounts_organisation", "places_place", "frameworks_framework", "frameworks_goal",
    "frameworks_crosswalk", "frameworks_goalsuggestion", "documents_sourcedocument", "practices_practice",
    "directory_networkmembership", "glossary_glossaryterm",
}
ADMIN_NEWER_MODEL = frozenset({200, 302, 403})
# Read-only admins (core.admin.ReadOnlyAdmin): rows are written by the application's services, never by hand;
# the change page shows the record without a save button.
ADMIN_READ_ONLY = {
    "core_auditentry", "core_job", "frameworks_framework", "frameworks_goal", "frameworks_crosswalk",
    "frameworks_goalsuggestion", "documents_sourcedocument", "practices_practice", "directory_networkmembership",
    "plans_plan", "plans_action", "plans_progressupdate", "accounts_loginfailure", "accounts_totpdevice",
    "glossary_glossaryterm",
}
# Events and recommendations: their pages write through the services (the follow-up settings are the one
# admin that writes, administrators only).
ADMIN_READ_ONLY |= {"events_event", "events_participation", "events_eventdocument", "events_minutes",
                    "events_recommendation", "events_owner", "events_recommendationaction", "events_update",
                    "events_updateevidence", "events_step"}
for _model in ADMIN_READ_ONLY:
    ADMIN_AS_ADMINISTRATOR.setdefault(f"admin:{_model}_add", 403)
    if _model not in {"accounts_loginfailure", "accounts_totpdevice"}:  # these two delete through a service
        ADMIN_AS_ADMINISTRATOR.setdefault(f"admin:{_model}_delete", 403)


def admin_rule(key: str) -> Rule | None:
    if key == "admin:login":
        # accounts/admin.py sends the admin's login to the site's (which counts failures); a logged-in user
        # without admin access gets 403; the administrator goes on to the admin index.
        def expect(c):
            return LOGIN if c.anonymous else 302 if c.admin else 403
    elif key == "admin:logout":
        def expect(c):
            return 405 if c.admin else 302
    else:
        suffix = key.rsplit("_", 1)[-1]
        if key in ADMIN_AS_ADMINISTRATOR:
            as_admin = ADMIN_AS_ADMINISTRATOR[key]
        elif key.startswith("admin:<catch-all>"):
            as_admin = 302  # /admin/<app>/<model>/<id>/ → the change page
        elif key == "admin:<final-catch-all>":
            as_admin = 404
        elif suffix in ADMIN_BY_SUFFIX and key.removeprefix("admin:").rsplit("_", 1)[0] in ADMIN_KNOWN_MODELS:
            as_admin = ADMIN_BY_SUFFIX[suffix]
        elif suffix in ADMIN_BY_SUFFIX:
            as_admin = ADMIN_NEWER_MODEL
        else:
            return None

        def expect(c):
            return as_admin if c.admin else ADMIN_LOGIN
    return Rule({"GET": expect}, resource="admin")


# --- walking the URLconf --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # the rule's key: the pattern's name, ".<format>" added for the API's format-suffix twins
    name: str | None
    route: str  # the full route, language prefix included as Django writes it
    kwargs: tuple[str, ...]
    suffix: bool  # a DRF format-suffix twin (…/.json)

    @property
    def base_key(self) -> str:
        return self.key.removesuffix(".<format>")

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")

    @property
    def is_admin(self) -> bool:
        return self.key.startswith("admin:")


def _key(name: str | None, route: str, kwargs) -> str:
    if name:
        return name
    if route.endswith("<path:object_id>/"):
        return "admin:<catch-all>" + route.split("admin/", 1)[1].removesuffix("<path:object_id>/")
    if "(?P<url>" in route:
        return "admin:<final-catch-all>"
    return route


def walk_patterns(resolver=None, prefix: str = "", namespace: str | None = None) -> list[Pattern]:
    """Every URL pattern, recursively: language-prefixed pages, the API router, the admin."""
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            found += walk_patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            kwargs = tuple(entry.pattern.regex.groupindex)
            suffix = "format" in kwargs
            key = _key(name, route, kwargs)
            if suffix:
                key += ".<format>"
            found.append(Pattern(key, name, route, tuple(k for k in kwargs if k != "format"), suffix))
    return found


def rule_for(pattern: Pattern) -> Rule | None:
    if pattern.is_admin:
        return admin_rule(pattern.base_key)
    return RULES.get(pattern.base_key)


def ownerships(rule: Rule, role: str) -> tuple[str, ...]:
    if role == ANONYMOUS:
        return ("anonymous",)
    return ("own", "other") if rule.owned else ("any",)


def cells(patterns: list[Pattern]):
    """(pattern, method, cell) for every cell of the matrix; patterns without a rule are left out here and
    reported by test_url_allowlist."""
    for pattern in patterns:
        rule = rule_for(pattern)
        if rule is None:
            continue
        for method in rule.checks:
            for role in ROLES:
                for ownership in ownerships(rule, role):
                    for variant in rule.variants:
                        yield pattern, method, Cell(role, ownership, variant)
