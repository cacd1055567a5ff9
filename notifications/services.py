"""Every write to notifications: send (`notify`), and mark read (`mark_read`, `mark_all_read`).

`notify` is called by other apps' services inside their own transaction, after they checked the move it tells
about: one row per recipient (never the actor), one audit entry, and an e-mail to each recipient with an address,
in the recipient's preferred language, once the transaction commits (Django's e-mail settings: the console in
development, the outbox in tests).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, mailers
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import audit

from . import permissions
from .kinds import message_text, subject_text
from .models import Notification
from .queries import localised_url

log = logging.getLogger(__name__)


def _language_of(user) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return user.language if user.language in codes else settings.LANGUAGE_CODE


def _email(notification: Notification) -> EmailMessage | None:
    user = notification.recipient
    if not user.email or user.email.lower().endswith(".invalid"):
        return None  # no address, or one that can never receive mail (the demo accounts': RFC 2606)
    language = _language_of(user)
    with translation.override(language):
        lines = [message_text(notification.kind, notification.params), ""]
        if notification.target_url:
            lines.append(settings.WIQAYA_SITE_URL.rstrip("/") + localised_url(notification.target_url, language))
        lines += ["", _("All your notifications: %(url)s") % {
            "url": settings.WIQAYA_SITE_URL.rstrip("/") + localised_url(reverse("notifications:list"), language)}]
        return EmailMessage(subject=subject_text(notification.kind), body="\n".join(lines), to=[user.email])


def _send_emails(ids: list[int]) -> None:
    rows = Notification.objects.filter(pk__in=ids).select_related("recipient")
    messages = [m for m in (_email(n) for n in rows) if m is not None]
    if not messages:
        return
    try:
        mailers.default.send_messages(messages)
    except Exception:  # a mail server that is down must not undo what the notification tells about
        log.exception("notification e-mails not sent (%d)", len(messages))


def _target(target) -> tuple[str, str]:
    if isinstance(target, models.Model):
        return target._meta.label_lower, str(target.pk)
    return "", ""


def notify(*, actor, recipients, kind: str, target_url: str = "", params: dict | None = None, target=None,
           key: str = "") -> list[Notification]:
    """Tell `recipients` (users) that something of `kind` happened; the actor is never told of its own move,
    nor an inactive account. `key`: at most one notification per recipient with this key, ever (a daily job that
    runs twice sends nothing new). Returns the rows written."""
    if not permissions.can(actor, "notify"):
        raise PermissionDenied(_("You may not send notifications."))
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    people, seen = [], set()
    for user in recipients:
        if user.pk in seen or user.pk == actor_id or not user.is_active:
            continue
        seen.add(user.pk)
        people.append(user)
    if key and people:
        already = set(Notification.objects.filter(key=key, recipient__in=[u.pk for u in people])
                      .values_list("recipient_id", flat=True))
        people = [u for u in people if u.pk not in already]
    if not people:
        return []
    target_type, target_id = _target(target)
    with transaction.atomic():
        rows = Notification.objects.bulk_create([
            Notification(recipient=user, actor_id=actor_id, kind=kind, params=params or {}, target_type=target_type,
                         target_id=target_id, target_url=target_url, key=key)
            for user in people
        ])
        # Kept apart from the target's own history (a plan's page lists its moves, not who was told of them).
        audit.record(actor=actor, action="notification.send", obj=None,
                     changes={"kind": kind, "recipients": sorted(u.get_username() for u in people),
                              "target": f"{target_type}:{target_id}" if target_type else target_url,
                              **({"key": key} if key else {})})
        ids = [row.pk for row in rows]  # SQLite and PostgreSQL both return the new keys
        transaction.on_commit(lambda: _send_emails(ids))
    return rows


@transaction.atomic
def mark_read(*, actor, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications read (opening it does)."""
    if not permissions.can(actor, "read", notification):
        raise PermissionDenied(_("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        audit.record(actor=actor, action="notification.read", obj=notification, changes={"kind": notification.kind})
    return notification


@transaction.atomic
def mark_all_read(*, actor) -> int:
    """Mark every unread notification of the actor read; how many there were."""
    if not permissions.can(actor, "read"):
        raise PermissionDenied(_("You may not do this."))
    count = permissions.visible_to(actor, Notification.objects.filter(read_at__isnull=True)).update(
        read_at=timezone.now())
    if count:
        audit.record(actor=actor, action="notification.read_all", obj=actor, changes={"count": count})
    return count
