"""What the support desk tells people through the notification centre, and its daily task.

- a request submitted: to the hub's experts (`support.submitted`);
- a request assigned: to the user it is assigned to (`support.assigned`);
- a request accepted, needing information, declined, redirected, merged or delivered: to the members of the
  requesting organisation (`support.moved.<stage>`: one kind per stage, so that the stage is said in the
  reader's language);
- a referral sent: to the partner's members (`support.referral_sent`); answered (or left without an answer by
  its deadline): to the hub's experts and the requester's members (`support.referral_answered.<status>`);
- a clock about to breach (due within one working day): once per clock per request (`support.clock_due.<clock>`);
- an outcome not recorded 10 days after delivery, and each follow-up check when due: to the requester's members
  (`support.outcome_due`, `support.outcome_due.check`).

The daily task (`support_daily`, enqueued by `wiqaya setup`) closes referrals left without an answer, sends the
clock and outcome notices (each once: `NoticeSent` keeps what was sent) and the daily digest: one e-mail per user
who has unread support notifications or work waiting in a queue, in the user's language
(`wiqaya support-digest [--dry-run]` runs the digest now).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import Q
from django.tasks import default_task_backend, task
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import Role
from core import audit
from core.actors import system
from notifications import permissions as notification_permissions
from notifications.kinds import register_kind
from notifications.models import Notification
from notifications.queries import localised_url, members_of
from notifications.services import notify

from . import permissions
from .choices import FINAL_STAGES, Clock, ReferralStatus, Stage
from .models import Calendar, Holiday, NoticeSent, OutcomeCheck, Referral, SupportRequest

log = logging.getLogger(__name__)

INTERVAL = dt.timedelta(days=1)
OUTCOME_AFTER_DAYS = 10  # an outcome not recorded this many days after delivery is asked for
DIGEST_ITEMS = 20  # items listed per queue in a digest; the rest are counted
# The moves the requesting organisation is told about, and what each says.
MOVED = {
    Stage.ACCEPTED: (gettext_lazy("The hub accepted your support request %(reference)s “%(request)s”."),
                     gettext_lazy("Your support request was accepted")),
    Stage.NEEDS_INFORMATION: (
        gettext_lazy("The hub needs more information about your support request %(reference)s “%(request)s”."),
        gettext_lazy("Your support request needs information")),
    Stage.DECLINED: (gettext_lazy("The hub declined your support request %(reference)s “%(request)s”."),
                     gettext_lazy("Your support request was declined")),
    Stage.REDIRECTED: (
        gettext_lazy("The hub redirected your support request %(reference)s “%(request)s” to another organisation."),
        gettext_lazy("Your support request was redirected")),
    Stage.MERGED: (
        gettext_lazy("Your support request %(reference)s “%(request)s” was merged with another request."),
        gettext_lazy("Your support request was merged")),
    Stage.DELIVERED: (
        gettext_lazy("The support for your request %(reference)s “%(request)s” is delivered: tell the hub what "
                     "changed."),
        gettext_lazy("Support delivered: record the outcome")),
}
ANSWERED = {
    ReferralStatus.ACCEPTED: gettext_lazy("%(partner)s accepted the referral of the support request %(reference)s "
                                          "“%(request)s”. Feedback: %(feedback)s"),
    ReferralStatus.DECLINED: gettext_lazy("%(partner)s declined the referral of the support request %(reference)s "
                                          "“%(request)s”. Feedback: %(feedback)s"),
    ReferralStatus.NO_ANSWER: gettext_lazy("%(partner)s did not answer the referral of the support request "
                                           "%(reference)s “%(request)s” by %(deadline)s."),
}
CLOCK_DUE = {
    Clock.ACKNOWLEDGEMENT: gettext_lazy("The acknowledgement of the support request %(reference)s “%(request)s” is "
                                        "due by %(due)s."),
    Clock.TRIAGE: gettext_lazy("The triage decision on the support request %(reference)s “%(request)s” is due by "
                               "%(due)s."),
    Clock.DELIVERY: gettext_lazy("Delivery of the support request %(reference)s “%(request)s” must start by "
                                 "%(due)s."),
}


def register() -> None:
    """The kinds the desk sends, with what each says (called from `SupportConfig.ready`)."""
    register_kind("support.submitted", gettext_lazy("%(actor)s submitted the support request %(reference)s "
                                                    "“%(request)s”."),
                  gettext_lazy("A support request waits for triage"))
    register_kind("support.assigned", gettext_lazy("%(actor)s assigned the support request %(reference)s "
                                                   "“%(request)s” to you."),
                  gettext_lazy("A support request was assigned to you"))
    for stage, (message, subject) in MOVED.items():
        register_kind(f"support.moved.{stage}", message, subject)
    register_kind("support.referral_sent", gettext_lazy("%(hub)s referred part of the support request "
                                                        "%(reference)s “%(request)s” to you; answer by "
                                                        "%(deadline)s: %(scope)s"),
                  gettext_lazy("A support request was referred to you"))
    for status, message in ANSWERED.items():
        register_kind(f"support.referral_answered.{status}", message, gettext_lazy("A referral was answered"))
    for clock, message in CLOCK_DUE.items():
        register_kind(f"support.clock_due.{clock}", message, gettext_lazy("A service-level clock is about to run out"))
    register_kind("support.outcome_due", gettext_lazy("The support request %(reference)s “%(request)s” was "
                                                      "delivered on %(delivered)s: record its outcome."),
                  gettext_lazy("An outcome is due"))
    register_kind("support.outcome_due.check", gettext_lazy("%(months)s months after the support request "
                                                            "%(reference)s “%(request)s”: is the change still "
                                                            "there? Tell the hub."),
                  gettext_lazy("A follow-up is due"))


# --- who, where -----------------------------------------------------------------------------------------------

def _name(actor) -> str:
    if getattr(actor, "is_authenticated", False):
        return actor.get_full_name() or actor.get_username()
    return "Wiqaya"


def _url(request: SupportRequest) -> str:
    try:
        return request.get_absolute_url()
    except NoReverseMatch:  # an installation without the desk's pages: the notice still says what happened
        return ""


def _params(request: SupportRequest, **more) -> dict:
    return {"reference": request.reference, "request": request.title, **more}


def _hub_experts(request: SupportRequest):
    return members_of([request.hub_id], roles=[Role.HUB_EXPERT])


def _requesters(request: SupportRequest):
    return members_of([request.requester_id])


# --- told as it happens (inside the services' transactions) ---------------------------------------------------

def request_moved(*, actor, request: SupportRequest, step) -> None:
    """Tell who should know about a move `move_request` just made (`step`: the `RequestStep`, or the stage)."""
    stage = getattr(step, "to_stage", step)
    if stage == Stage.SUBMITTED:
        notify(actor=actor, recipients=_hub_experts(request), kind="support.submitted", target_url=_url(request),
               params=_params(request, actor=_name(actor)), target=request)
    elif stage in MOVED:
        notify(actor=actor, recipients=_requesters(request), kind=f"support.moved.{stage}",
               target_url=_url(request), params=_params(request), target=request)


def request_assigned(*, actor, request: SupportRequest) -> None:
    """Tell the user a request was just assigned to (not the one who assigned it to themselves)."""
    if request.assigned_to_id:
        notify(actor=actor, recipients=[request.assigned_to], kind="support.assigned", target_url=_url(request),
               params=_params(request, actor=_name(actor)), target=request)


def referral_sent(*, actor, referral: Referral) -> None:
    request = referral.request
    notify(actor=actor, recipients=members_of([referral.partner_id]), kind="support.referral_sent",
           target_url=_url(request), target=referral,
           params=_params(request, hub=str(request.hub), deadline=referral.deadline.isoformat(),
                          scope=referral.scope[:300]))


def referral_answered(*, actor, referral: Referral) -> None:
    request = referral.request
    recipients = list(_hub_experts(request)) + list(_requesters(request))
    notify(actor=actor, recipients=recipients, kind=f"support.referral_answered.{referral.status}",
           target_url=_url(request), target=referral,
           params=_params(request, partner=str(referral.partner), feedback=referral.feedback[:300] or "—",
                          deadline=referral.deadline.isoformat()))


# --- the daily notices ----------------------------------------------------------------------------------------

def _require_system(actor) -> None:
    if not permissions.can(actor, "manage_desk"):
        raise PermissionDenied(_("Only the system or an administrator sends the desk's daily notices."))


def _clock_states(requests, today: dt.date) -> dict:
    from .clocks import clock_states

    return clock_states(requests, today=today)


def next_working_day(today: dt.date) -> dt.date:
    """The first working day after `today` in the desk's calendar (its working week and holidays)."""
    calendar = Calendar.objects.first()
    working = set(calendar.working_days) if calendar is not None and calendar.working_days else {6, 0, 1, 2, 3}
    holidays = set(Holiday.objects.filter(date__gt=today, date__lte=today + dt.timedelta(days=60))
                   .values_list("date", flat=True))
    day = today + dt.timedelta(days=1)
    while (day.weekday() not in working or day in holidays) and day < today + dt.timedelta(days=60):
        day += dt.timedelta(days=1)
    return day


def _unsent(keys) -> set[str]:
    keys = set(keys)
    return keys - set(NoticeSent.objects.filter(key__in=keys).values_list("key", flat=True))


def notify_clocks_due(*, actor, today: dt.date | None = None) -> int:
    """Tell the assigned user (else the hub's experts) about each running clock due by the next working day,
    once per clock per request. Returns the notifications written."""
    _require_system(actor)
    today = today or timezone.localdate()
    requests = list(SupportRequest.objects.exclude(stage__in=[*FINAL_STAGES, Stage.DRAFT])
                    .exclude(submitted_at=None).select_related("hub", "assigned_to"))
    if not requests:
        return 0
    states = _clock_states(requests, today)
    until = next_working_day(today)
    due = [(request, state) for request in requests for state in states.get(request.pk, ())
           if state.state == "running" and state.due is not None and today <= state.due <= until]
    fresh = _unsent(f"clock_due:{request.pk}:{state.clock}" for request, state in due)
    sent = 0
    for request, state in due:
        key = f"clock_due:{request.pk}:{state.clock}"
        if key not in fresh:
            continue
        with transaction.atomic():
            NoticeSent.objects.create(request=request, key=key)
            recipients = [request.assigned_to] if request.assigned_to_id else _hub_experts(request)
            sent += len(notify(actor=actor, recipients=recipients, kind=f"support.clock_due.{state.clock}",
                               target_url=_url(request), params=_params(request, due=state.due.isoformat()),
                               target=request, key=f"support.{key}"))
    return sent


def notify_outcomes_due(*, actor, today: dt.date | None = None) -> int:
    """Ask the requesting organisation for the outcome of a request delivered 10 days ago or more, and for each
    follow-up check that is due, once each. Returns the notifications written."""
    _require_system(actor)
    today = today or timezone.localdate()
    sent = 0
    cutoff = today - dt.timedelta(days=OUTCOME_AFTER_DAYS)
    waiting = list(SupportRequest.objects.filter(stage__in=[Stage.DELIVERED, Stage.FOLLOW_UP], outcome__isnull=True,
                                                 delivered_at__date__lte=cutoff))
    fresh = _unsent(f"outcome_due:{request.pk}" for request in waiting)
    for request in waiting:
        key = f"outcome_due:{request.pk}"
        if key not in fresh:
            continue
        with transaction.atomic():
            NoticeSent.objects.create(request=request, key=key)
            sent += len(notify(actor=actor, recipients=_requesters(request), kind="support.outcome_due",
                               target_url=_url(request), target=request, key=f"support.{key}",
                               params=_params(request, delivered=timezone.localdate(request.delivered_at).isoformat())))
    checks = list(OutcomeCheck.objects.filter(due__lte=today, answered_at=None, asked_at=None)
                  .select_related("request"))
    fresh = _unsent(f"outcome_check:{check.pk}" for check in checks)
    for check in checks:
        key = f"outcome_check:{check.pk}"
        if key not in fresh:
            continue
        with transaction.atomic():
            NoticeSent.objects.create(request=check.request, key=key)
            check.asked_at = timezone.now()
            check.save(update_fields=["asked_at"])
            audit.record(actor=actor, action="support.outcome_check.ask", obj=check.request,
                         changes={"check": check.pk, "months": check.months, "due": check.due.isoformat()})
            sent += len(notify(actor=actor, recipients=_requesters(check.request), kind="support.outcome_due.check",
                               target_url=_url(check.request), target=check.request, key=f"support.{key}",
                               params=_params(check.request, months=check.months)))
    return sent


# --- the daily digest -----------------------------------------------------------------------------------------

@dataclass
class Queue:
    title: object  # lazy: said in the reader's language
    items: list[tuple[str, str]] = field(default_factory=list)  # (text, page address)


def _language_of(user) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return user.language if user.language in codes else settings.LANGUAGE_CODE


def _request_item(request: SupportRequest, extra: str = "") -> tuple[str, str]:
    return f"{request.reference} {request.title}{extra}", _url(request)


def queues_of(user, today: dt.date | None = None) -> list[Queue]:
    """The work waiting for `user` on the desk, queue by queue, only among the requests the user may see."""
    today = today or timezone.localdate()
    orgs = user.organisation_ids()
    visible = permissions.requests_visible_to(user, SupportRequest.objects.all())
    hubs = permissions.hub_ids(user)
    triage = visible.filter(hub__in=hubs, stage__in=[Stage.SUBMITTED, Stage.TRIAGE]).order_by("submitted_at", "pk")
    assigned = visible.filter(assigned_to=user).exclude(stage__in=[*FINAL_STAGES, Stage.DRAFT]).order_by("pk")
    information = visible.filter(requester__in=orgs, stage=Stage.NEEDS_INFORMATION).order_by("pk")
    outcome = visible.filter(requester__in=orgs, stage__in=[Stage.DELIVERED, Stage.FOLLOW_UP],
                             outcome__isnull=True).order_by("delivered_at", "pk")
    checks = (OutcomeCheck.objects.filter(request__in=visible.filter(requester__in=orgs).values("pk"),
                                          due__lte=today, answered_at=None)
              .select_related("request").order_by("due", "pk"))
    referrals = (permissions.referrals_visible_to(user, Referral.objects.filter(partner__in=orgs,
                                                                                 status=ReferralStatus.SENT))
                 .select_related("request").order_by("deadline", "pk"))
    return [
        Queue(gettext_lazy("Awaiting triage"), [_request_item(r) for r in triage]),
        Queue(gettext_lazy("Assigned to you"), [_request_item(r) for r in assigned]),
        Queue(gettext_lazy("Information the hub asked you for"), [_request_item(r) for r in information]),
        Queue(gettext_lazy("Outcomes to record"), [_request_item(r) for r in outcome]),
        Queue(gettext_lazy("Follow-ups to answer"), [_request_item(c.request) for c in checks]),
        Queue(gettext_lazy("Referrals to answer"),
              [_request_item(r.request, f" ({r.deadline.isoformat()})") for r in referrals]),
    ]


def _candidates(today: dt.date):
    """Users who may have something for a digest: recipients of unread support notifications, the hubs' experts,
    assigned users and the members of requesting and partner organisations with work waiting."""
    open_requests = SupportRequest.objects.exclude(stage__in=[*FINAL_STAGES, Stage.DRAFT])
    unread = Notification.objects.filter(read_at=None, kind__startswith="support.").values("recipient_id")
    hubs = open_requests.filter(stage__in=[Stage.SUBMITTED, Stage.TRIAGE]).values("hub_id")
    assigned = open_requests.exclude(assigned_to=None).values("assigned_to_id")
    requesters = (open_requests.filter(stage__in=[Stage.NEEDS_INFORMATION, Stage.DELIVERED, Stage.FOLLOW_UP])
                  .values("requester_id"))
    checked = OutcomeCheck.objects.filter(due__lte=today, answered_at=None).values("request__requester_id")
    partners = Referral.objects.filter(status=ReferralStatus.SENT).values("partner_id")
    return (get_user_model().objects.filter(is_active=True).exclude(email="")
            .filter(Q(pk__in=unread) | Q(pk__in=assigned)
                    | Q(memberships__organisation__in=hubs, memberships__role=Role.HUB_EXPERT)
                    | Q(memberships__organisation__in=requesters) | Q(memberships__organisation__in=checked)
                    | Q(memberships__organisation__in=partners))
            .distinct().order_by("pk"))


def _absolute(url: str, language: str) -> str:
    return settings.WIQAYA_SITE_URL.rstrip("/") + localised_url(url, language) if url else ""


def digest_message(user, today: dt.date | None = None) -> EmailMessage | None:
    """The user's digest in the user's language: unread support notifications and each queue with its count and
    items; None when there is nothing to say."""
    today = today or timezone.localdate()
    unread = list(notification_permissions.visible_to(user, Notification.objects.filter(
        recipient=user, read_at=None, kind__startswith="support.")).order_by("created_at", "pk"))
    queues = [queue for queue in queues_of(user, today) if queue.items]
    if not unread and not queues:
        return None
    language = _language_of(user)
    with translation.override(language):
        day = formats.date_format(today, "DATE_FORMAT")
        lines = [_("The support desk on %(date)s: what waits for you.") % {"date": day}, ""]
        if unread:
            lines.append(_("Unread notifications: %(count)d") % {"count": len(unread)})
            lines += [f"- {n.message_text()}" for n in unread[:DIGEST_ITEMS]]
            if len(unread) > DIGEST_ITEMS:
                lines.append(_("More: %(count)d") % {"count": len(unread) - DIGEST_ITEMS})
            lines.append("")
        for queue in queues:
            lines.append(_("%(queue)s: %(count)d") % {"queue": queue.title, "count": len(queue.items)})
            for text, url in queue.items[:DIGEST_ITEMS]:
                lines.append(f"- {text}")
                if url:
                    lines.append(f"  {_absolute(url, language)}")
            if len(queue.items) > DIGEST_ITEMS:
                lines.append(_("More: %(count)d") % {"count": len(queue.items) - DIGEST_ITEMS})
            lines.append("")
        lines.append(_("All your notifications: %(url)s") % {"url": _absolute(reverse("notifications:list"),
                                                                                language)})
        subject = _("Your support desk digest, %(date)s") % {"date": day}
    return EmailMessage(subject=subject, body="\n".join(lines), to=[user.email])


def send_digest(*, actor, today: dt.date | None = None, dry_run: bool = False) -> list[EmailMessage]:
    """One digest e-mail per user with something to read, once per user per day (a second run the same day sends
    nothing new). `dry_run`: the messages, neither sent nor recorded. Returns the messages."""
    _require_system(actor)
    today = today or timezone.localdate()
    messages, people = [], []
    for user in _candidates(today):
        if user.email.lower().endswith(".invalid"):
            continue  # an address that can never receive mail (the demo accounts')
        key = f"digest:{user.pk}:{today.isoformat()}"
        if NoticeSent.objects.filter(key=key).exists():
            continue
        message = digest_message(user, today)
        if message is not None:
            messages.append(message)
            people.append((user, key))
    if dry_run or not messages:
        return messages
    try:
        mailers.default.send_messages(messages)
    except Exception:  # a mail server that is down: tomorrow's run tries again
        log.exception("support digests not sent (%d)", len(messages))
        return []
    with transaction.atomic():
        NoticeSent.objects.bulk_create([NoticeSent(key=key) for _user, key in people])
        # A digest's record only has to outlive its day: the older ones go.
        NoticeSent.objects.filter(request=None, key__startswith="digest:",
                                  sent_at__lt=timezone.now() - dt.timedelta(days=7)).delete()
        audit.record(actor=actor, action="support.digest.send", obj=None,
                     changes={"day": today.isoformat(), "recipients": sorted(u.get_username() for u, _k in people)})
    return messages


def run_daily(*, actor, today: dt.date | None = None) -> dict:
    """The desk's daily work: referrals past their deadline, clocks about to breach, outcomes and follow-ups due,
    the digest."""
    from .services.delivery import expire_referrals

    _require_system(actor)
    today = today or timezone.localdate()
    return {
        "referrals_expired": expire_referrals(actor=actor, today=today),
        "clock_notices": notify_clocks_due(actor=actor, today=today),
        "outcome_notices": notify_outcomes_due(actor=actor, today=today),
        "digests": len(send_digest(actor=actor, today=today)),
    }


def schedule(*, delay: dt.timedelta = dt.timedelta(minutes=5), running: bool = False) -> bool:
    """Make sure one run of the desk's daily task waits in the worker's queue (as the plans' overdue notices
    do); True when this call enqueued it. Nothing with a backend that cannot defer."""
    if not getattr(default_task_backend, "supports_defer", False):
        return False
    from django_tasks_db.models import DBTaskResult

    waiting = ["READY"] if running else ["READY", "RUNNING"]
    if DBTaskResult.objects.filter(task_path=support_daily.module_path, status__in=waiting).exists():
        return False
    support_daily.using(run_after=timezone.now() + delay).enqueue()
    return True


@task()
def support_daily() -> dict:
    """The desk's daily notices and digest; it enqueues its next run."""
    result = run_daily(actor=system("support desk daily notices"))
    schedule(delay=INTERVAL, running=True)
    return result
