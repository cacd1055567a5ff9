"""Writes to users, organisations and memberships. Every write leaves an audit entry."""

from django.db import transaction

from core import audit
from core.text import natural_key

from .choices import OrganisationKind
from .models import Membership, Organisation, User


def organisation_key(name: str) -> str:
    return natural_key(name)[:300]


def find_organisation(name: str) -> Organisation | None:
    """The organisation whose name, other-language name or acronym matches `name` (spelling-insensitive)."""
    if not name or not name.strip():
        return None
    key = organisation_key(name)
    org = Organisation.objects.filter(key=key).first()
    if org:
        return org
    for org in Organisation.objects.exclude(name_alt="", acronym="").only("id", "name", "name_alt", "acronym"):
        if key in {organisation_key(org.name_alt), organisation_key(org.acronym)} - {""}:
            return org
    return None


@transaction.atomic
def create_organisation(*, actor, name: str, kind: str, **fields) -> Organisation:
    org = Organisation.objects.create(name=name.strip(), kind=kind, key=organisation_key(name), **fields)
    audit.record(actor=actor, action="organisation.create", obj=org, changes={"name": name, "kind": kind})
    return org


def get_or_create_organisation(*, actor, name: str, kind: str = OrganisationKind.OTHER, **fields) -> tuple:
    org = find_organisation(name)
    if org:
        return org, False
    return create_organisation(actor=actor, name=name, kind=kind, **fields), True


@transaction.atomic
def add_membership(*, actor, user: User, organisation: Organisation, role: str, place=None) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"place": place}
    )
    if created:
        audit.record(actor=actor, action="membership.create", obj=membership, changes={"role": role})
    return membership


@transaction.atomic
def set_user_language(*, user: User, language: str) -> None:
    if user.is_authenticated and user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        audit.record(actor=user, action="user.language", obj=user, changes={"language": language})


# --- Sessions, login lockout, API tokens, disabling accounts -------------------------------------------------


def _normalise_username(username) -> str:
    return str(username or "").strip().casefold()[:150]


def _remote_addr(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _recent_failures(username: str, remote_addr: str | None):
    from django.conf import settings
    from django.utils import timezone

    from .models import LoginFailure

    since = timezone.now() - timezone.timedelta(seconds=settings.WIQAYA_LOCKOUT_SECONDS)
    return LoginFailure.objects.filter(username=username, remote_addr=remote_addr, at__gt=since)


def login_locked(*, username, request) -> bool:
    """Whether logins for `username` from this request's address are refused for now (no write)."""
    from django.conf import settings

    recent = _recent_failures(_normalise_username(username), _remote_addr(request))
    return recent.count() >= settings.WIQAYA_LOCKOUT_ATTEMPTS


@transaction.atomic
def record_login_refused(*, username, request) -> None:
    """A login attempt refused because the (username, address) pair is locked: audited, not counted."""
    audit.record(
        actor=None,
        action="login.locked",
        changes={"username": _normalise_username(username), "refused": True},
        request=request,
    )


@transaction.atomic
def record_login_failure(*, username, request) -> bool:
    """Count and audit one failed login; audit the lockout too when this failure starts one. True if locked."""
    from django.conf import settings

    from .models import LoginFailure

    name, addr = _normalise_username(username), _remote_addr(request)
    LoginFailure.objects.create(username=name, remote_addr=addr)
    audit.record(actor=None, action="login.failed", changes={"username": name}, request=request)
    attempts = _recent_failures(name, addr).count()
    if attempts >= settings.WIQAYA_LOCKOUT_ATTEMPTS:
        audit.record(
            actor=None,
            action="login.locked",
            changes={"username": name, "attempts": attempts, "seconds": settings.WIQAYA_LOCKOUT_SECONDS},
            request=request,
        )
        return True
    return False


@transaction.atomic
def record_login_success(*, username, request) -> None:
    """A successful login clears the failures counted for its (username, address) pair."""
    from .models import LoginFailure

    LoginFailure.objects.filter(username=_normalise_username(username), remote_addr=_remote_addr(request)).delete()


def token_for(user):
    """The user's API token, or None."""
    from rest_framework.authtoken.models import Token

    return Token.objects.filter(user=user).first() if user.is_authenticated else None


@transaction.atomic
def create_token(*, actor):
    """A new API token for `actor`, replacing (and so revoking) any earlier one. The key is shown only once."""
    from django.core.exceptions import PermissionDenied
    from rest_framework.authtoken.models import Token

    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied
    replaced = Token.objects.filter(user=actor).delete()[0] > 0
    token = Token.objects.create(user=actor)
    audit.record(actor=actor, action="token.create", obj=actor, changes={"prefix": token.key[:6], "replaced": replaced})
    return token


def _delete_token(user) -> str | None:
    from rest_framework.authtoken.models import Token

    token = Token.objects.filter(user=user).first()
    if token is None:
        return None
    prefix = token.key[:6]
    token.delete()
    return prefix


@transaction.atomic
def revoke_token(*, actor) -> bool:
    """Delete `actor`'s API token; requests that present it get 401 from now on. False if there was none."""
    from django.core.exceptions import PermissionDenied

    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    prefix = _delete_token(actor)
    if prefix is None:
        return False
    audit.record(actor=actor, action="token.revoke", obj=actor, changes={"prefix": prefix})
    return True


def end_sessions(user) -> int:
    """Delete every stored (database) session logged in as `user`; returns how many."""
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk)
    ]
    Session.objects.filter(session_key__in=keys).delete()
    return len(keys)


def can_disable_users(actor) -> bool:
    from .choices import Role

    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    return actor.is_superuser or actor.has_perm("accounts.change_user") or actor.has_role(Role.ADMINISTRATOR)


@transaction.atomic
def disable_user(*, actor, user: User) -> None:
    """Disable an account: it can no longer log in, every session it has ends and its API token is revoked."""
    from django.core.exceptions import PermissionDenied

    if not can_disable_users(actor):
        raise PermissionDenied
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    sessions = end_sessions(user)
    prefix = _delete_token(user)
    audit.record(
        actor=actor,
        action="user.disable",
        obj=user,
        changes={"is_active": [True, False], "sessions_ended": sessions, "token_revoked": prefix is not None},
    )


# --- Two-factor login with time-based codes (RFC 6238, HMAC-SHA1, 30-second steps, 6 digits) ---------------

TOTP_STEP_SECONDS = 30
TOTP_DIGITS = 6
TOTP_ISSUER = "Wiqaya"


def totp_code(secret: str, step: int, digits: int = TOTP_DIGITS) -> str:
    """The code for one time step (RFC 4226 HOTP over the step counter)."""
    import base64
    import hashlib
    import hmac
    import struct

    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def totp_step(now: float | None = None) -> int:
    import time

    return int((time.time() if now is None else now) // TOTP_STEP_SECONDS)


def totp_matching_step(secret: str, code, *, now: float | None = None, after: int = 0) -> int | None:
    """The time step (now, or one step either side for clock drift) whose code is `code`; None if none is."""
    import hmac

    code = "".join(str(code or "").split())
    if len(code) != TOTP_DIGITS or not code.isdigit():
        return None
    current = totp_step(now)
    for step in (current, current - 1, current + 1):
        if step > after and hmac.compare_digest(totp_code(secret, step), code):
            return step
    return None


def totp_uri(device) -> str:
    """The otpauth:// address an authenticator app reads (typed in, or turned into a QR code elsewhere)."""
    from urllib.parse import quote, urlencode

    label = quote(f"{TOTP_ISSUER}:{device.user.get_username()}")
    query = urlencode({"secret": device.secret, "issuer": TOTP_ISSUER, "digits": TOTP_DIGITS, "period": 30})
    return f"otpauth://totp/{label}?{query}"


def can_use_totp(user) -> bool:
    """Two-factor login is offered to coordinators and administrators."""
    from .choices import Role

    return getattr(user, "is_authenticated", False) and (
        user.is_staff or user.has_role(Role.NATIONAL_COORDINATOR, Role.ADMINISTRATOR)
    )


def confirmed_totp_device(user):
    from .models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@transaction.atomic
def start_totp_enrolment(*, actor):
    """The actor's unconfirmed device (a new random secret), or their confirmed one if they have it."""
    import base64
    import secrets

    from django.core.exceptions import PermissionDenied

    from .models import TOTPDevice

    if not can_use_totp(actor):
        raise PermissionDenied
    device = TOTPDevice.objects.filter(user=actor).first()
    if device is None:
        secret = base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")
        device = TOTPDevice.objects.create(user=actor, secret=secret)
    return device


@transaction.atomic
def confirm_totp(*, actor, code, now: float | None = None) -> bool:
    """Turn two-factor login on once the actor shows a code from their app. False if the code is wrong."""
    from django.core.exceptions import PermissionDenied

    from .models import TOTPDevice

    if not can_use_totp(actor):
        raise PermissionDenied
    device = TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=False).first()
    if device is None:
        return False
    step = totp_matching_step(device.secret, code, now=now)
    if step is None:
        audit.record(actor=actor, action="totp.confirm_failed", obj=actor)
        return False
    device.confirmed, device.last_step = True, step
    device.save(update_fields=["confirmed", "last_step"])
    audit.record(actor=actor, action="totp.enable", obj=actor)
    return True


@transaction.atomic
def disable_totp(*, actor, code, now: float | None = None) -> bool:
    """Turn two-factor login off; it takes a current code. False if the code is wrong."""
    from .models import TOTPDevice

    device = TOTPDevice.objects.select_for_update().filter(user=actor).first()
    if device is None:
        return False
    if device.confirmed and totp_matching_step(device.secret, code, now=now, after=device.last_step) is None:
        audit.record(actor=actor, action="totp.disable_failed", obj=actor)
        return False
    device.delete()
    audit.record(actor=actor, action="totp.disable", obj=actor)
    return True


@transaction.atomic
def verify_totp_login(*, user, code, now: float | None = None) -> bool:
    """Check a login's second step; a code is accepted once only."""
    from .models import TOTPDevice

    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None:
        return False
    step = totp_matching_step(device.secret, code, now=now, after=device.last_step)
    if step is None:
        return False
    device.last_step = step
    device.save(update_fields=["last_step"])
    return True
