"""Every write to local action plans: plans, their workflow, actions, partners, indicators and progress.

Each function takes `actor=` (a user, or `core.actors.system(...)` for system work such as the demo loader or a
command run without `--as`), checks permission, runs in one transaction and leaves an audit entry. The spreadsheet import
(`spreadsheet_jobs.import_plan_file`) writes through `save_plan_content` so that a file lands whole or not at all.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import primary_organisation
from core import audit
from core.actors import is_system
from frameworks.models import Goal
from places.choices import PlaceKind
from search import index as search_index

from . import permissions, review
from .choices import TRANSITIONS, ActionStatus, PlanStatus
from .models import (
    Action,
    ActionComment,
    ActionGoal,
    ActionPartner,
    Evidence,
    Indicator,
    Plan,
    PlanStep,
    ProgressCount,
    ProgressUpdate,
)
from .notices import comment_added, plan_moved

PLAN_FIELDS = ["title", "lang", "place", "period_start", "period_end", "owner", "is_public", "summary"]
ACTION_FIELDS = [
    "ref", "position", "title", "title_alt", "description", "lang", "lead", "district", "start_date", "end_date",
    "budget", "currency", "funding_source", "status", "parent",
]
INDICATOR_FIELDS = ["name", "unit", "baseline", "target", "frequency", "direction", "by_sex_and_age", "position"]
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def _snapshot(obj, names) -> dict:
    return {name: getattr(obj, name) for name in names}


def _governorate_of(place):
    """The governorate a plan's place belongs to: the place itself, or the governorate above a district."""
    node = place
    while node is not None and node.kind not in {PlaceKind.GOVERNORATE, PlaceKind.COUNTRY}:
        node = node.parent
    if node is None or node.kind != PlaceKind.GOVERNORATE:
        raise ValidationError({"place": _("A plan covers a governorate or a district of one.")})
    return node


def _place_refused() -> ValidationError:
    """The one refusal for a place and period the actor may not have a plan for: a place it may not plan for, and
    a place whose plan for the period it may not see, read alike, so that a refusal tells nothing about plans the
    actor cannot see."""
    return ValidationError({"place": _("You cannot create a plan for this place and period.")}, code="place")


def _check_plan(actor, plan: Plan) -> None:
    plan.governorate = _governorate_of(plan.place)
    if plan.period_end < plan.period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    clash = Plan.objects.filter(place=plan.place, period_start=plan.period_start, period_end=plan.period_end)
    clash = clash.exclude(pk=plan.pk).first()
    if clash is None:
        return
    if not permissions.can(actor, "view", clash):
        raise _place_refused()
    raise ValidationError({"place": _("This place already has a plan for this period.")}, code="duplicate")


def _require_create(actor, plan: Plan) -> None:
    """The organisation first (a refusal that concerns the actor alone), then the place."""
    if not permissions.can_create(actor, plan.owner if plan.owner_id else None):
        raise PermissionDenied(_("You may not create a plan for this organisation."))
    if not permissions.can(actor, "create", plan):
        raise _place_refused()


@transaction.atomic
def create_plan(*, actor, frameworks=(), **fields) -> Plan:
    plan = Plan(**fields, created_by=actor if actor and actor.is_authenticated else None)
    _require_create(actor, plan)
    _check_plan(actor, plan)
    plan.save()
    plan.frameworks.set(frameworks)
    PlanStep.objects.create(plan=plan, from_status="", to_status=plan.status, actor=_user(actor))
    audit.record(actor=actor, action="plan.create", obj=plan, changes=audit.diff({}, _snapshot(plan, PLAN_FIELDS)))
    search_index.index_object(plan)
    return plan


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _require_change(actor, plan: Plan) -> None:
    if not permissions.can(actor, "change", plan):
        if plan.status not in {PlanStatus.DRAFT, PlanStatus.CHANGES_REQUESTED}:
            raise PermissionDenied(_("This plan is %(status)s: it changes only while a draft or when changes "
                                     "are requested.") % {"status": plan.get_status_display()})
        raise PermissionDenied(_("You may not change this plan."))


@transaction.atomic
def update_plan(*, actor, plan: Plan, frameworks=None, **fields) -> Plan:
    _require_change(actor, plan)
    before = _snapshot(plan, PLAN_FIELDS)
    for name, value in fields.items():
        if name not in PLAN_FIELDS:
            raise ValueError(f"{name} cannot be edited here")
        setattr(plan, name, value)
    if plan.owner_id != before["owner"].pk and not permissions.can_create(actor, plan.owner):
        raise PermissionDenied(_("You may not give the plan to this organisation."))
    if (plan.owner_id, plan.place_id) != (before["owner"].pk, before["place"].pk) and not permissions.can(
            actor, "create", plan):
        raise _place_refused()
    _check_plan(actor, plan)
    plan.save()
    changes = audit.diff(before, _snapshot(plan, PLAN_FIELDS))
    if frameworks is not None:
        old = sorted(plan.frameworks.values_list("pk", flat=True))
        plan.frameworks.set(frameworks)
        new = sorted(plan.frameworks.values_list("pk", flat=True))
        if old != new:
            changes["frameworks"] = [old, new]
    audit.record(actor=actor, action="plan.update", obj=plan, changes=changes)
    search_index.index_object(plan)
    return plan


@transaction.atomic
def set_public(*, actor, plan: Plan, is_public: bool, summary: str | None = None) -> Plan:
    """Publish or withdraw a plan's summary; allowed to its owner (and coordinators) in any status."""
    if not (permissions.is_owner(actor, plan) or permissions.sees_all(actor)):
        raise PermissionDenied(_("You may not change this plan."))
    before = _snapshot(plan, ["is_public", "summary"])
    plan.is_public = is_public
    if summary is not None:
        plan.summary = summary
    plan.save(update_fields=["is_public", "summary", "updated_at"])
    audit.record(actor=actor, action="plan.publicity", obj=plan,
                 changes=audit.diff(before, _snapshot(plan, ["is_public", "summary"])))
    search_index.index_object(plan)
    return plan


@transaction.atomic
def transition_plan(*, actor, plan: Plan, to_status: str, comment: str = "") -> Plan:
    """Move a plan through draft → submitted → (changes requested →) approved → in implementation →
    completed, recording who, when and why. Requesting changes needs a comment."""
    name = TRANSITIONS.get((plan.status, to_status))
    if name is None:
        raise ValidationError(_("A plan cannot move from %(src)s to %(dst)s.") % {
            "src": PlanStatus(plan.status).label, "dst": PlanStatus(to_status).label if to_status in PlanStatus.values
            else to_status})
    if not permissions.can(actor, name, plan):
        raise PermissionDenied(_("You may not do this to this plan."))
    if name == "request_changes" and not comment.strip():
        raise ValidationError({"comment": _("Say which changes are needed.")})
    if name == "submit" and not plan.actions.exists():
        raise ValidationError(_("Add at least one action before submitting the plan."))
    from_status = plan.status
    plan.status = to_status
    plan.save(update_fields=["status", "updated_at"])
    # A submission keeps what was submitted, so that the next one can be compared with it (plans.review).
    PlanStep.objects.create(plan=plan, from_status=from_status, to_status=to_status, actor=_user(actor),
                            comment=comment, content=review.plan_content(plan) if name == "submit" else None)
    audit.record(actor=actor, action=f"plan.{name}", obj=plan,
                 changes={"status": [from_status, to_status], **({"comment": comment} if comment else {})})
    plan_moved(actor=actor, plan=plan, move=name, comment=comment)  # the notification centre
    return plan


@transaction.atomic
def delete_plan(*, actor, plan: Plan) -> None:
    if not permissions.can(actor, "delete", plan):
        raise PermissionDenied(_("You may not delete this plan."))
    audit.record(actor=actor, action="plan.delete", obj=plan, changes={"title": [plan.title, None]})
    search_index.remove_many("action", list(plan.actions.values_list("pk", flat=True)))
    search_index.remove_object(plan)
    plan.delete()


# --- comments on actions ------------------------------------------------------------------------------------

@transaction.atomic
def add_comment(*, actor, action: Action, text: str) -> ActionComment:
    """A remark on one action, by a national coordinator or a member of the plan's owner, in any status. It is
    written in the name of the plan's owner when the author belongs to it, else of the author's organisation."""
    plan = action.plan
    if not permissions.can_comment(actor, plan):
        raise PermissionDenied(_("Only the plan's owner and its reviewers comment on its actions."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the comment first.")})
    limit = ActionComment._meta.get_field("text").max_length
    if len(text) > limit:
        raise ValidationError({"text": _("A comment has at most %(limit)d characters.") % {"limit": limit}})
    author = _user(actor)
    organisation = plan.owner if permissions.is_owner(actor, plan) else (
        primary_organisation(author) if author is not None else None)
    comment = ActionComment.objects.create(action=action, created_by=author, organisation=organisation, text=text)
    audit.record(actor=actor, action="action.comment", obj=action,
                 changes={"comment": text, "plan": plan.pk, "organisation": str(organisation or "")})
    comment_added(actor=actor, comment=comment)  # the notification centre
    return comment


# --- actions -------------------------------------------------------------------------------------------------

def _check_action(action: Action) -> None:
    if action.parent_id is not None:
        if action.parent.plan_id != action.plan_id:
            raise ValidationError({"parent": _("A sub-action belongs to the same plan as its action.")})
        node = action.parent
        while node is not None:
            if node.pk is not None and node.pk == action.pk:
                raise ValidationError({"parent": _("An action cannot be part of itself.")})
            node = node.parent
    if action.start_date and action.end_date and action.end_date < action.start_date:
        raise ValidationError({"end_date": _("The action ends before it starts.")})
    if action.budget is not None and action.budget < 0:
        raise ValidationError({"budget": _("A budget cannot be negative.")})
    if action.budget is not None and not action.currency:
        raise ValidationError({"currency": _("Give the budget's currency.")})
    if Action.objects.filter(plan_id=action.plan_id, ref=action.ref).exclude(pk=action.pk).exists():
        raise ValidationError({"ref": _("Another action of this plan has the number %(ref)s.") % {"ref": action.ref}})


def _set_goals(action: Action, goals, source: str) -> list[int]:
    goal_ids = [g.pk if isinstance(g, Goal) else int(g) for g in goals]
    action.goal_links.exclude(goal_id__in=goal_ids).delete()
    existing = set(action.goal_links.values_list("goal_id", flat=True))
    ActionGoal.objects.bulk_create(
        [ActionGoal(action=action, goal_id=g, source=source) for g in dict.fromkeys(goal_ids) if g not in existing]
    )
    return sorted(goal_ids)


def _check_practices(actor, practices, keep=()) -> None:
    """An action adapts only practices its writer may see (links already there stay). A hidden practice is
    refused as an absent one is: the answer never says that a practice exists."""
    from practices.models import Practice
    from practices.permissions import visible_to as practices_visible_to

    ids = {p.pk if hasattr(p, "pk") else int(p) for p in practices} - set(keep)
    if not ids:
        return
    seen = set(practices_visible_to(actor, Practice.objects.filter(pk__in=ids)).values_list("pk", flat=True))
    if ids - seen:
        raise ValidationError({"practices": _("No practice has this number or name.")})


def _set_partners(action: Action, partners) -> list:
    """partners: (organisation, kind) pairs; makes the action's partner list exactly that."""
    action.partners.all().delete()
    rows = {}
    for organisation, kind in partners:
        rows[organisation.pk] = ActionPartner(action=action, organisation=organisation, kind=kind)
    ActionPartner.objects.bulk_create(rows.values())
    return sorted((str(r.organisation), r.kind) for r in rows.values())


@transaction.atomic
def create_action(*, actor, plan: Plan, goals=(), partners=(), practices=(), goal_source="entered",
                  **fields) -> Action:
    _require_change(actor, plan)
    if not fields.get("ref"):
        fields["ref"] = _next_ref(plan, fields.get("parent"))
    if "position" not in fields:
        fields["position"] = plan.actions.count()
    action = Action(plan=plan, **fields)
    _check_action(action)
    _check_practices(actor, practices)
    action.save()
    _set_goals(action, goals, goal_source)
    _set_partners(action, partners)
    action.practices.set(practices)
    audit.record(actor=actor, action="action.create", obj=action,
                 changes=audit.diff({}, _snapshot(action, ACTION_FIELDS)) | {"plan": plan.pk})
    _reindex(action)
    return action


def _reindex(action: Action) -> None:
    """An action's entry, and its plan's (whose goal facet follows its actions)."""
    search_index.index_object(action)
    search_index.index_object(action.plan)


def _next_ref(plan: Plan, parent: Action | None) -> str:
    siblings = plan.actions.filter(parent=parent).count()
    return f"{parent.ref}.{siblings + 1}" if parent else str(siblings + 1)


@transaction.atomic
def update_action(*, actor, action: Action, goals=None, partners=None, practices=None, **fields) -> Action:
    _require_change(actor, action.plan)
    before = _snapshot(action, ACTION_FIELDS)
    for name, value in fields.items():
        if name not in ACTION_FIELDS:
            raise ValueError(f"{name} cannot be edited here")
        setattr(action, name, value)
    _check_action(action)
    if practices is not None:
        _check_practices(actor, practices, keep=action.practices.values_list("pk", flat=True))
    action.save()
    changes = audit.diff(before, _snapshot(action, ACTION_FIELDS))
    if goals is not None:
        old = sorted(action.goal_links.values_list("goal_id", flat=True))
        new = _set_goals(action, goals, "entered")
        if old != new:
            changes["goals"] = [old, new]
    if partners is not None:
        changes["partners"] = [None, _set_partners(action, partners)]
    if practices is not None:
        action.practices.set(practices)
    audit.record(actor=actor, action="action.update", obj=action, changes=changes)
    _reindex(action)
    return action


@transaction.atomic
def delete_action(*, actor, action: Action) -> None:
    _require_change(actor, action.plan)
    audit.record(actor=actor, action="action.delete", obj=action, changes={"title": [action.title, None]})
    plan = action.plan
    search_index.remove_many("action", _with_descendants(action))
    action.delete()
    search_index.index_object(plan)


def _with_descendants(action: Action) -> list[int]:
    """The action's id and those of every sub-action under it (they go with it)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Action.objects.filter(plan_id=action.plan_id).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, todo = [], [action.pk]
    while todo:
        pk = todo.pop()
        found.append(pk)
        todo.extend(children.get(pk, []))
    return found


@transaction.atomic
def set_action_status(*, actor, action: Action, status: str, comment: str = "") -> Action:
    """During implementation, the plan's owner, the action's lead or a partner moves its status."""
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if not permissions.can_report(actor, action):
        raise PermissionDenied(_("You may not change this action's status."))
    before = action.status
    action.status = status
    action.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="action.status", obj=action,
                 changes={"status": [before, status], **({"comment": comment} if comment else {})})
    _reindex(action)  # the plan's goal facet leaves out cancelled actions
    return action


# --- indicators ----------------------------------------------------------------------------------------------

def _check_indicator(indicator: Indicator) -> None:
    if indicator.direction != "maintain" and indicator.target == indicator.baseline:
        raise ValidationError({"target": _("The target equals the baseline: choose the direction “maintain”.")})
    if indicator.direction == "increase" and indicator.target < indicator.baseline:
        raise ValidationError({"target": _("For an increase, the target is above the baseline.")})
    if indicator.direction == "decrease" and indicator.target > indicator.baseline:
        raise ValidationError({"target": _("For a decrease, the target is below the baseline.")})


@transaction.atomic
def create_indicator(*, actor, action: Action, **fields) -> Indicator:
    _require_change(actor, action.plan)
    fields.setdefault("position", action.indicators.count())
    indicator = Indicator(action=action, **fields)
    _check_indicator(indicator)
    indicator.save()
    audit.record(actor=actor, action="indicator.create", obj=indicator,
                 changes=audit.diff({}, _snapshot(indicator, INDICATOR_FIELDS)) | {"action": action.pk})
    return indicator


@transaction.atomic
def update_indicator(*, actor, indicator: Indicator, **fields) -> Indicator:
    _require_change(actor, indicator.action.plan)
    before = _snapshot(indicator, INDICATOR_FIELDS)
    for name, value in fields.items():
        if name not in INDICATOR_FIELDS:
            raise ValueError(f"{name} cannot be edited here")
        setattr(indicator, name, value)
    _check_indicator(indicator)
    indicator.save()
    audit.record(actor=actor, action="indicator.update", obj=indicator,
                 changes=audit.diff(before, _snapshot(indicator, INDICATOR_FIELDS)))
    return indicator


@transaction.atomic
def delete_indicator(*, actor, indicator: Indicator) -> None:
    _require_change(actor, indicator.action.plan)
    audit.record(actor=actor, action="indicator.delete", obj=indicator, changes={"name": [indicator.name, None]})
    indicator.delete()


# --- progress ------------------------------------------------------------------------------------------------

def _reporting_organisation(actor, action: Action):
    """The organisation an update is reported for: the user's organisation involved in the action (the plan's
    owner for system work such as the demo loader)."""
    if is_system(actor):
        return action.plan.owner_id
    orgs = actor.organisation_ids()
    for org_id in (action.plan.owner_id, action.lead_id, *action.partners.values_list("organisation_id", flat=True)):
        if org_id in orgs:
            return org_id
    return None


def _set_counts(update: ProgressUpdate, counts) -> dict:
    """counts: {(sex, age_group): n}. Replaces the update's breakdown; empty cells are not stored."""
    if counts and not update.indicator.by_sex_and_age:
        raise ValidationError({"counts": _("This indicator is not counted by sex and age group.")})
    update.counts.all().delete()
    rows = []
    for (sex, age_group), n in (counts or {}).items():
        if n is None or n == "":
            continue
        n = int(n)
        if n < 0:
            raise ValidationError({"counts": _("A count cannot be negative.")})
        rows.append(ProgressCount(update=update, sex=sex, age_group=age_group, count=n))
    ProgressCount.objects.bulk_create(rows)
    return {f"{r.sex}/{r.age_group}": r.count for r in rows}


def _add_evidence(update: ProgressUpdate, files) -> list[str]:
    names = []
    for upload in files or ():
        if upload.size > MAX_EVIDENCE_BYTES:
            raise ValidationError({"evidence": _("%(name)s is larger than %(limit)d MB.") % {
                "name": upload.name, "limit": MAX_EVIDENCE_BYTES // (1024 * 1024)}})
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        Evidence.objects.create(update=update, file=upload, name=upload.name[:255], size=upload.size,
                                sha256=digest.hexdigest())
        names.append(upload.name)
    return names


def _check_progress(update: ProgressUpdate, counts) -> None:
    """The rules a reported value meets before it is kept, as a health information system checks data entry:

    - its date lies inside the plan's period;
    - one value per indicator per reporting period (`queries.reporting_period`: the calendar month, quarter or
      year of the indicator's frequency; the whole plan for "once"): a second one is refused, naming the date
      of the one already there, which is changed instead;
    - a breakdown by sex and age group, when given, adds up to the value;
    - the value lies in the plausible range of the indicator (`queries.plausible_range`: from
      min(baseline, target) − |target − baseline| to max(baseline, target) + |target − baseline|), or the
      reporter confirms it with a reason (`confirm_reason`, kept with the update).

    Each refusal names its field."""
    from .queries import plausible_range, reporting_period

    indicator, plan = update.indicator, update.indicator.action.plan
    if update.date < plan.period_start or update.date > plan.period_end:
        raise ValidationError({"date": _("The date is outside the plan's period (%(start)s – %(end)s).") % {
            "start": plan.period_start.isoformat(), "end": plan.period_end.isoformat()}}, code="outside_period")
    period = reporting_period(indicator.frequency, update.date)
    for other in ProgressUpdate.objects.filter(indicator=indicator).exclude(pk=update.pk).only("pk", "date"):
        if reporting_period(indicator.frequency, other.date) == period:
            raise ValidationError({"date": _(
                "This indicator already has a value for this reporting period (%(frequency)s), dated %(date)s: "
                "change that update instead.") % {"frequency": indicator.get_frequency_display().lower(),
                                                  "date": other.date.isoformat()}}, code="period_taken")
    given = [int(n) for n in (counts or {}).values() if n not in (None, "")]
    if given and sum(given) != update.value:
        raise ValidationError({"counts": _(
            "The counts by sex and age group add up to %(total)s, not to the value %(value)s.") % {
            "total": sum(given), "value": f"{update.value.normalize():f}"}}, code="breakdown_total")
    low, high = plausible_range(indicator.baseline, indicator.target)
    if not (low <= update.value <= high) and not update.confirm_reason.strip():
        raise ValidationError({"value": _(
            "%(value)s is outside the plausible range of this indicator (%(low)s to %(high)s, from its baseline "
            "and target). Check it, or confirm it with a reason.") % {
            "value": f"{update.value.normalize():f}", "low": f"{low.normalize():f}",
            "high": f"{high.normalize():f}"}}, code="implausible")


@transaction.atomic
def add_progress(*, actor, indicator: Indicator, date, value, narrative: str = "", counts=None,
                 evidence=(), confirm_reason: str = "") -> ProgressUpdate:
    action = indicator.action
    if not permissions.can_report(actor, action):
        if action.plan.status not in {PlanStatus.APPROVED, PlanStatus.IN_IMPLEMENTATION}:
            raise PermissionDenied(_("Progress is reported once the plan is approved."))
        raise PermissionDenied(_("You may not report progress on this action."))
    update = ProgressUpdate(
        indicator=indicator, date=date, value=Decimal(value), narrative=narrative,
        confirm_reason=(confirm_reason or "").strip(),
        organisation_id=_reporting_organisation(actor, action), created_by=_user(actor),
    )
    _check_progress(update, counts)
    update.save()
    changes = {"value": [None, str(update.value)], "date": [None, str(date)]}
    if update.confirm_reason:
        changes["confirm_reason"] = [None, update.confirm_reason]
    if counts:
        changes["counts"] = [None, _set_counts(update, counts)]
    files = _add_evidence(update, evidence)
    if files:
        changes["evidence"] = [None, files]
    audit.record(actor=actor, action="progress.create", obj=update, changes=changes)
    return update


@transaction.atomic
def update_progress(*, actor, update: ProgressUpdate, counts=None, evidence=(), **fields) -> ProgressUpdate:
    if not permissions.can_change_update(actor, update):
        raise PermissionDenied(_("Only the organisation that reported this update may change it."))
    names = ["date", "value", "narrative", "confirm_reason"]
    before = _snapshot(update, names)
    for name, value in fields.items():
        if name not in names:
            raise ValueError(f"{name} cannot be edited here")
        setattr(update, name, value)
    update.value = Decimal(update.value)
    update.confirm_reason = (update.confirm_reason or "").strip()
    # Counts not given stay as they are, and must still add up to the value.
    _check_progress(update, counts if counts is not None else {
        (c.sex, c.age_group): c.count for c in update.counts.all()})
    update.save()
    changes = audit.diff(before, _snapshot(update, names))
    if counts is not None:
        changes["counts"] = [None, _set_counts(update, counts)]
    files = _add_evidence(update, evidence)
    if files:
        changes["evidence"] = [None, files]
    audit.record(actor=actor, action="progress.update", obj=update, changes=changes)
    return update


@transaction.atomic
def delete_progress(*, actor, update: ProgressUpdate) -> None:
    if not permissions.can_change_update(actor, update):
        raise PermissionDenied(_("Only the organisation that reported this update may delete it."))
    audit.record(actor=actor, action="progress.delete", obj=update, changes={"value": [str(update.value), None]})
    for item in update.evidence.all():
        item.file.delete(save=False)
    update.delete()


# --- a whole plan at once (the spreadsheet import) -------------------------------------------------------

def _depth(ref: str) -> int:
    return ref.count(".")


def _chunks(ids: list, size: int = 900):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _field_value(obj_or_value, name: str | None = None):
    """A comparable value: a model instance's field (foreign keys by id), or a value given for one."""
    if name is not None:
        if name in {"lead", "district"}:
            return getattr(obj_or_value, f"{name}_id")
        return getattr(obj_or_value, name)
    value = obj_or_value
    if hasattr(value, "pk"):
        return value.pk
    return str(value) if hasattr(value, "label") else value


@transaction.atomic
def save_plan_content(*, actor, data, progress=None) -> tuple[Plan, bool]:
    """Write a checked spreadsheet (`plans.spreadsheet.PlanData`): create the plan of its place and period, or
    make the existing one's actions and indicators exactly the file's. Actions are matched by number, so a
    re-import changes nothing; goal links from the file are marked imported (links already there keep their
    source). Permission is checked once, everything is one transaction, and one `plan.import` audit entry keeps
    the counts (besides the plan's own create or update entry). Returns (plan, created)."""
    progress = progress or (lambda done, total, message="": None)
    fields = dict(data.plan)
    plan = Plan.objects.select_for_update().filter(
        place=fields["place"], period_start=fields["period_start"], period_end=fields["period_end"]).first()
    if plan is not None and not permissions.can(actor, "view", plan):
        # A plan the actor may not see is not there for it: creating answers as it would for any place and
        # period the actor may not have a plan for, and never with that plan's status.
        plan = None
    created = plan is None
    if created:
        plan = create_plan(actor=actor, frameworks=data.frameworks, **fields)
    else:
        _require_change(actor, plan)
        update_plan(actor=actor, plan=plan, frameworks=data.frameworks, **fields)
    _check_practices(actor, [pk for item in data.actions for pk in item.practices],
                     keep=Action.practices.through.objects.filter(action__plan=plan).values_list(
                         "practice_id", flat=True))

    existing = {a.ref: a for a in Action.objects.filter(plan=plan)}
    keep = {item.ref for item in data.actions}
    removed = [a.pk for ref, a in existing.items() if ref not in keep]
    # A kept action whose parent goes is loosened first, so it does not go with it.
    for chunk in _chunks(removed):
        Action.objects.filter(plan=plan, parent_id__in=chunk).exclude(pk__in=chunk).update(parent=None)
        Action.objects.filter(pk__in=chunk).delete()
    ids: dict[str, int] = {}
    touched: set[int] = set()  # actions whose index entry must be written again
    total = len(data.actions)
    created_n = updated_n = unchanged_n = 0
    now = timezone.now()
    for depth in sorted({_depth(item.ref) for item in data.actions}):
        new, changed, fields_changed = [], [], set()
        for position, item in enumerate(data.actions):
            if _depth(item.ref) != depth:
                continue
            values = {**item.fields, "position": position, "parent_id": ids.get(item.parent_ref)}
            action = existing.get(item.ref)
            if action is None:
                new.append(Action(plan=plan, ref=item.ref, **values))
                continue
            differs = {name for name, value in values.items() if _field_value(action, name) != _field_value(value)}
            if differs:
                for name in differs:
                    setattr(action, name, values[name])
                action.updated_at = now
                fields_changed |= differs
                changed.append(action)
            else:
                unchanged_n += 1
            ids[item.ref] = action.pk
        Action.objects.bulk_create(new, batch_size=500)
        touched.update(a.pk for a in new)
        touched.update(a.pk for a in changed)
        if changed:
            names = sorted("parent" if n == "parent_id" else n for n in fields_changed)
            Action.objects.bulk_update(changed, [*names, "updated_at"], batch_size=200)
        for action in new:
            ids[action.ref] = action.pk
        created_n += len(new)
        updated_n += len(changed)
        progress(len(ids), total, _("writing actions"))

    old_links = dict(((a, g), pk) for pk, a, g in ActionGoal.objects.filter(action__plan=plan).values_list(
        "pk", "action_id", "goal_id"))
    wanted = {(ids[item.ref], goal) for item in data.actions for goal in item.goals}
    touched.update(a for a, _g in set(old_links) ^ wanted)  # their goal facet changes
    for chunk in _chunks([pk for key, pk in old_links.items() if key not in wanted]):
        ActionGoal.objects.filter(pk__in=chunk).delete()
    ActionGoal.objects.bulk_create(
        [ActionGoal(action_id=a, goal_id=g, source="imported") for a, g in sorted(wanted) if (a, g) not in old_links],
        batch_size=1000)
    ActionPartner.objects.filter(action__plan=plan).delete()
    ActionPartner.objects.bulk_create(
        [ActionPartner(action_id=ids[item.ref], organisation=org, kind=kind)
         for item in data.actions for org, kind in item.partners], batch_size=1000)
    through = Action.practices.through
    through.objects.filter(action__plan=plan).delete()
    through.objects.bulk_create(
        [through(action_id=ids[item.ref], practice_id=pk) for item in data.actions for pk in item.practices],
        batch_size=1000)
    Indicator.objects.filter(action__plan=plan).delete()
    positions: dict[str, int] = {}
    indicators = []
    for item in data.indicators:
        position = positions.get(item.action_ref, 0)
        positions[item.action_ref] = position + 1
        indicators.append(Indicator(action_id=ids[item.action_ref], position=position, **item.fields))
    Indicator.objects.bulk_create(indicators, batch_size=1000)
    progress(total, total, _("saved"))
    counts = {"actions_created": created_n, "actions_updated": updated_n, "actions_unchanged": unchanged_n,
              "actions_removed": len(removed),
              "indicators": len(indicators), "goal_links": len(wanted),
              "partners": sum(len(item.partners) for item in data.actions)}
    audit.record(actor=actor, action="plan.import", obj=plan, changes={"created": created, **counts})
    # The text goes in the index now, in this transaction; the vectors after it (plans.spreadsheet_jobs).
    from .search import action_rows

    search_index.remove_many("action", removed)
    rows = action_rows(plan, touched)
    for start in range(0, len(rows), 500):
        search_index.write_rows(rows[start:start + 500], embed_now=False)
    search_index.index_object(plan)
    plan.import_counts = counts
    return plan, created


# --- goal suggestions for actions ----------------------------------------------------------------------------

def _action_text(action: Action) -> str:
    """What an action is matched on: its titles and description, as written."""
    return "\n".join(t for t in (action.title, action.title_alt, action.description) if t)


@transaction.atomic
def suggest_action_goals(*, actor, action: Action, framework, top_k: int = 3) -> list:
    """Suggest goals of `framework` for the action (kept as pending suggestions), like practices get them."""
    from frameworks.services import record_suggestions

    _require_change(actor, action.plan)
    linked = set(action.goal_links.filter(goal__framework=framework).values_list("goal__number", flat=True))
    kept = record_suggestions(actor=actor, subject=action, text=_action_text(action), framework=framework,
                              linked_numbers=linked, top_k=top_k)
    audit.record(actor=actor, action="action.suggest_goals", obj=action,
                 changes={"framework": framework.slug, "goals": [r.goal.number for r in kept]})
    return kept


@transaction.atomic
def decide_action_suggestion(*, actor, suggestion, accept: bool):
    """Accept (the goal is linked, as "suggested") or reject a suggestion made for an action."""
    from frameworks.services import mark_decided

    action = suggestion.subject
    if not isinstance(action, Action):
        raise ValidationError(_("This suggestion is not for an action."))
    _require_change(actor, action.plan)
    mark_decided(actor=actor, suggestion=suggestion, accept=accept)
    if accept:
        ActionGoal.objects.get_or_create(action=action, goal=suggestion.goal, defaults={"source": "suggested"})
        _reindex(action)
    audit.record(actor=actor, action="action.accept_goal" if accept else "action.reject_goal", obj=action,
                 changes={"goal": str(suggestion.goal), "confidence": suggestion.confidence})
    return suggestion
