"""The login mechanism's own bookkeeping: failed logins, the delays they impose, and the second step's codes.

These are not checked entry points: the login views call them for whoever is trying to log in, before anyone
is authenticated, so there is no actor whose permission could be asked. They write only the failure counter and
audit entries about the attempt (as the anonymous visitor). Everything a logged-in person does to their own
account (tokens, two-factor devices, language) goes through `accounts.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from core import audit
from core.net import client_address

from .models import LoginFailure, TOTPDevice
from .totp import totp_matching_step


def _normalise_username(username) -> str:
    return str(username or "").strip().casefold()[:150]


def _remote_addr(request) -> str | None:
    return client_address(request)


def _wait(failures, free: int, cap: int, now) -> int:
    """Seconds still to wait after `failures` (a queryset within the window): none for the first `free`
    failures, then 2 s, doubling with each further failure, never more than `cap`."""
    count = failures.count()
    if count < free:
        return 0
    delay = min(cap, 2 ** min(count - free + 1, 30))
    last = failures.order_by("-at").values_list("at", flat=True).first()
    return max(0, int((last + timezone.timedelta(seconds=delay) - now).total_seconds() + 0.999))


def login_wait(*, username, request) -> int:
    """How many seconds before another login attempt for `username` from this client is considered (no write).

    Two counts, over WIQAYA_LOCKOUT_SECONDS: the client address's failures (whatever the username), whose delay
    may grow to the whole window; and the account's failures (from anywhere), whose delay never passes
    WIQAYA_LOGIN_ACCOUNT_DELAY_MAX — so guessing is slowed everywhere, but nobody can keep a named user out."""
    now = timezone.now()
    since = now - timezone.timedelta(seconds=settings.WIQAYA_LOCKOUT_SECONDS)
    recent = LoginFailure.objects.filter(at__gt=since)
    address = _remote_addr(request)
    free = settings.WIQAYA_LOCKOUT_ATTEMPTS
    by_address = _wait(recent.filter(remote_addr=address), free, settings.WIQAYA_LOCKOUT_SECONDS, now) if address else 0
    by_account = _wait(recent.filter(username=_normalise_username(username)), free,
                       settings.WIQAYA_LOGIN_ACCOUNT_DELAY_MAX, now)
    return max(by_address, by_account)


@transaction.atomic
def record_login_refused(*, username, request, wait: int) -> None:
    """A login attempt refused because it came too soon after failures: audited, not counted."""
    audit.record(
        actor=AnonymousUser(),
        action="login.locked",
        changes={"username": _normalise_username(username), "refused": True, "wait": wait},
        request=request,
    )


@transaction.atomic
def record_login_failure(*, username, request) -> int:
    """Count and audit one failed login; returns the seconds to wait before the next attempt (0: none)."""
    name, addr = _normalise_username(username), _remote_addr(request)
    LoginFailure.objects.create(username=name, remote_addr=addr)
    audit.record(actor=AnonymousUser(), action="login.failed", changes={"username": name}, request=request)
    wait = login_wait(username=name, request=request)
    if wait:
        audit.record(actor=AnonymousUser(), action="login.locked", changes={"username": name, "wait": wait},
                     request=request)
    return wait


@transaction.atomic
def record_login_success(*, user, username, request) -> None:
    """A successful login is audited and clears the failures counted for its (username, address) pair."""
    LoginFailure.objects.filter(username=_normalise_username(username), remote_addr=_remote_addr(request)).delete()
    audit.record(actor=user, action="login.success", obj=user, request=request)


@transaction.atomic
def verify_totp_login(*, user, code, now: float | None = None) -> bool:
    """Check a login's second step; a code is accepted once only."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None:
        return False
    step = totp_matching_step(device.secret, code, now=now, after=device.last_step)
    if step is None:
        return False
    device.last_step = step
    device.save(update_fields=["last_step"])
    return True
