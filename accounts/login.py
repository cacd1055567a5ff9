"""The login mechanism's own bookkeeping: failed logins, the lockout, and the second step's codes.

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

from .models import LoginFailure, TOTPDevice
from .totp import totp_matching_step


def _normalise_username(username) -> str:
    return str(username or "").strip().casefold()[:150]


def _remote_addr(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _recent_failures(username: str, remote_addr: str | None):
    since = timezone.now() - timezone.timedelta(seconds=settings.WIQAYA_LOCKOUT_SECONDS)
    return LoginFailure.objects.filter(username=username, remote_addr=remote_addr, at__gt=since)


def login_locked(*, username, request) -> bool:
    """Whether logins for `username` from this request's address are refused for now (no write)."""
    recent = _recent_failures(_normalise_username(username), _remote_addr(request))
    return recent.count() >= settings.WIQAYA_LOCKOUT_ATTEMPTS


@transaction.atomic
def record_login_refused(*, username, request) -> None:
    """A login attempt refused because the (username, address) pair is locked: audited, not counted."""
    audit.record(
        actor=AnonymousUser(),
        action="login.locked",
        changes={"username": _normalise_username(username), "refused": True},
        request=request,
    )


@transaction.atomic
def record_login_failure(*, username, request) -> bool:
    """Count and audit one failed login; audit the lockout too when this failure starts one. True if locked."""
    name, addr = _normalise_username(username), _remote_addr(request)
    LoginFailure.objects.create(username=name, remote_addr=addr)
    audit.record(actor=AnonymousUser(), action="login.failed", changes={"username": name}, request=request)
    attempts = _recent_failures(name, addr).count()
    if attempts >= settings.WIQAYA_LOCKOUT_ATTEMPTS:
        audit.record(
            actor=AnonymousUser(),
            action="login.locked",
            changes={"username": name, "attempts": attempts, "seconds": settings.WIQAYA_LOCKOUT_SECONDS},
            request=request,
        )
        return True
    return False


@transaction.atomic
def record_login_success(*, username, request) -> None:
    """A successful login clears the failures counted for its (username, address) pair."""
    LoginFailure.objects.filter(username=_normalise_username(username), remote_addr=_remote_addr(request)).delete()


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
