"""Every write to users, organisations, memberships and a person's own account settings.

Each function takes `actor=` (a user, or `core.actors.system(...)`), asks `accounts.permissions.can`, runs in one
transaction and leaves an audit entry. The login mechanism's bookkeeping (failures, lockout) is in
`accounts.login`; reads are in `accounts.queries`.
"""

from __future__ import annotations

import base64
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit

from . import changes, permissions
from .choices import OrganisationKind
from .models import Membership, Organisation, TOTPDevice, User
from .queries import find_organisation, organisation_key
from .references import move_references
from .totp import totp_matching_step

ORGANISATION_FIELDS = ["name", "name_alt", "acronym", "kind", "place", "parent", "website", "public_email",
                       "public_phone", "description"]
USER_FIELDS = ["username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser",
               "language", "is_demo"]
MEMBERSHIP_FIELDS = ["user", "organisation", "role", "place"]


def _require(actor, action: str, obj=None) -> None:
    if not permissions.can(actor, action, obj):
        raise PermissionDenied(_("You may not do this."))


def _snapshot(obj, names) -> dict:
    return {name: getattr(obj, name) for name in names if hasattr(obj, name)}


# --- organisations --------------------------------------------------------------------------------------------

@transaction.atomic
def create_organisation(*, actor, name: str, kind: str, **fields) -> Organisation:
    _require(actor, "manage_organisations")
    return _create_organisation(actor, name, kind, **fields)


def _create_organisation(actor, name: str, kind: str, **fields) -> Organisation:
    org = Organisation(name=name.strip(), kind=kind, key=organisation_key(name), **fields)
    org.clean()  # an office contact, never a person's
    org.save()
    changes.organisation_changed(org)  # its search entry (the directory registers the listener)
    audit.record(actor=actor, action="organisation.create", obj=org, changes={"name": name, "kind": kind})
    return org


@transaction.atomic
def get_or_create_organisation(*, actor, name: str, kind: str = OrganisationKind.OTHER, proposed_by=None,
                               **fields) -> tuple:
    """The organisation a document names (spelling-insensitive), created "to review" when the directory lacks it.

    `proposed_by`: the organisation whose private document names it. Then only accepted organisations and that
    organisation's own proposals are found, and a new one is its proposal (seen by its members and
    coordinators until a coordinator accepts or merges it)."""
    _require(actor, "propose_organisation")
    org = find_organisation(name, proposer=proposed_by)
    if org:
        return org, False
    return _create_organisation(actor, name, kind, proposed_by=proposed_by, **fields), True


def _require_proposal(actor, organisation: Organisation) -> None:
    _require(actor, "review_proposals")
    if organisation.proposed_by_id is None:
        raise ValidationError(_("This organisation is not a proposal."))


@transaction.atomic
def accept_organisation(*, actor, organisation: Organisation) -> Organisation:
    """A coordinator accepts an organisation proposed by an import: it joins the public directory as it is."""
    organisation = Organisation.with_proposals.select_for_update().get(pk=organisation.pk)
    _require_proposal(actor, organisation)
    if Organisation.objects.filter(key=organisation.key).exists():
        raise ValidationError(_("The directory already holds an organisation of this name: merge the proposal "
                                "into it instead."))
    proposer = organisation.proposed_by
    organisation.proposed_by = None
    organisation.save(update_fields=["proposed_by", "updated_at"])
    changes.organisation_changed(organisation)
    audit.record(actor=actor, action="organisation.accept", obj=organisation,
                 changes={"proposed_by": [str(proposer), None]})
    return organisation


@transaction.atomic
def merge_organisation(*, actor, organisation: Organisation, into: Organisation) -> Organisation:
    """A coordinator merges a proposed organisation into one the directory holds: every record that named the
    proposal (practices, memberships, plans, documents…) names `into` instead, and the proposal is deleted."""
    organisation = Organisation.with_proposals.select_for_update().get(pk=organisation.pk)
    _require_proposal(actor, organisation)
    if into.pk == organisation.pk or into.proposed_by_id is not None:
        raise ValidationError(_("Choose an organisation of the directory to merge into."))
    moved = move_references(organisation, into)
    changes.organisation_removed(organisation)
    changes.organisation_changed(into)  # memberships it received
    audit.record(actor=actor, action="organisation.merge", obj=into,
                 changes={"merged": organisation.name, "proposed_by": str(organisation.proposed_by),
                          "moved": moved})
    organisation.delete()
    return into


@transaction.atomic
def save_organisation(*, actor, organisation: Organisation, created: bool = False) -> Organisation:
    """Store an organisation edited in a form (the admin's); its key follows its name."""
    _require(actor, "manage_organisations", organisation)
    before = {} if created else _snapshot(Organisation.with_proposals.get(pk=organisation.pk), ORGANISATION_FIELDS)
    organisation.key = organisation_key(organisation.name)
    organisation.clean()  # an office contact, never a person's
    organisation.save()
    changes.organisation_changed(organisation)
    audit.record(actor=actor, action="organisation.create" if created else "organisation.update", obj=organisation,
                 changes=audit.diff(before, _snapshot(organisation, ORGANISATION_FIELDS)))
    return organisation


# --- roles: memberships ---------------------------------------------------------------------------------------

@transaction.atomic
def add_membership(*, actor, user: User, organisation: Organisation, role: str, place=None) -> Membership:
    """Give `user` a role in `organisation` (granting a role is audited like every write)."""
    _require(actor, "manage_memberships")
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"place": place}
    )
    if created:
        audit.record(actor=actor, action="membership.create", obj=membership,
                     changes={"user": user.get_username(), "organisation": str(organisation), "role": role,
                              "place": str(place) if place else None})
    return membership


@transaction.atomic
def save_membership(*, actor, membership: Membership, created: bool = False) -> Membership:
    """Store a membership edited in a form (the admin's user page): a new role, or a changed one."""
    _require(actor, "manage_memberships")
    before = {} if created else _snapshot(Membership.objects.get(pk=membership.pk), MEMBERSHIP_FIELDS)
    membership.save()
    audit.record(actor=actor, action="membership.create" if created else "membership.update", obj=membership,
                 changes=audit.diff(before, _snapshot(membership, MEMBERSHIP_FIELDS)))
    return membership


@transaction.atomic
def remove_membership(*, actor, membership: Membership) -> None:
    _require(actor, "manage_memberships")
    audit.record(actor=actor, action="membership.delete", obj=membership,
                 changes=audit.diff(_snapshot(membership, MEMBERSHIP_FIELDS), {}))
    membership.delete()


# --- users ----------------------------------------------------------------------------------------------------

@transaction.atomic
def save_user(*, actor, user: User, created: bool = False) -> User:
    """Store a user account edited in a form (the admin's): who may log in, staff and superuser flags.

    Unticking "active" disables the account as `disable_user` does (sessions end, the API token goes)."""
    _require(actor, "manage_users", user)
    before = {} if created else _snapshot(User.objects.get(pk=user.pk), USER_FIELDS)
    user.save()
    changes = audit.diff(before, _snapshot(user, USER_FIELDS))
    audit.record(actor=actor, action="user.create" if created else "user.update", obj=user, changes=changes)
    if not created and changes.get("is_active") == [True, False]:
        _disable(actor, user)
    return user


@transaction.atomic
def set_password(*, actor, user: User, password: str) -> None:
    """Set another user's password (an administrator's reset); the value is never recorded."""
    _require(actor, "manage_users", user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(actor=actor, action="user.password", obj=user)


@transaction.atomic
def disable_user(*, actor, user: User) -> None:
    """Disable an account: it can no longer log in, every session it has ends and its API token is revoked."""
    if not permissions.can_disable_users(actor):
        raise PermissionDenied
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    _disable(actor, user)


def _disable(actor, user: User) -> None:
    sessions = _end_sessions(user)
    prefix = _delete_token(user)
    audit.record(
        actor=actor,
        action="user.disable",
        obj=user,
        changes={"is_active": [True, False], "sessions_ended": sessions, "token_revoked": prefix is not None},
    )


def _end_sessions(user) -> int:
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


@transaction.atomic
def clear_login_failures(*, actor, failures) -> int:
    """Forget counted failed logins (lifting a lockout); the audit entry keeps which pairs."""
    _require(actor, "manage_users")
    pairs = sorted({(f.username, f.remote_addr or "") for f in failures})
    count = failures.delete()[0] if hasattr(failures, "delete") else 0
    audit.record(actor=actor, action="login.unlock", changes={"pairs": [list(p) for p in pairs], "rows": count})
    return count


@transaction.atomic
def remove_totp_device(*, actor, device: TOTPDevice) -> None:
    """An administrator removes a lost two-factor device: its user logs in with the password alone again."""
    _require(actor, "manage_users", device.user)
    audit.record(actor=actor, action="totp.remove", obj=device.user, changes={"confirmed": device.confirmed})
    device.delete()


# --- a person's own account -----------------------------------------------------------------------------------

@transaction.atomic
def set_user_language(*, actor, language: str) -> None:
    if not actor.is_authenticated:
        return  # a visitor's choice lives in the cookie only
    _require(actor, "change_own_account", actor)
    if actor.language != language:
        User.objects.filter(pk=actor.pk).update(language=language)
        audit.record(actor=actor, action="user.language", obj=actor, changes={"language": language})


@transaction.atomic
def create_token(*, actor):
    """A new API token for `actor`, replacing (and so revoking) any earlier one. The key is shown only once."""
    from rest_framework.authtoken.models import Token

    _require(actor, "change_own_account", actor)
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
def issue_token(*, actor, user: User):
    """An administrator issues an API token for `user` (a service account, say), replacing any earlier one."""
    from rest_framework.authtoken.models import Token

    _require(actor, "manage_users", user)
    replaced = Token.objects.filter(user=user).delete()[0] > 0
    token = Token.objects.create(user=user)
    audit.record(actor=actor, action="token.create", obj=user, changes={"prefix": token.key[:6], "replaced": replaced})
    return token


@transaction.atomic
def revoke_user_token(*, actor, user: User) -> bool:
    """An administrator revokes `user`'s API token. False if there was none."""
    _require(actor, "manage_users", user)
    prefix = _delete_token(user)
    if prefix is not None:
        audit.record(actor=actor, action="token.revoke", obj=user, changes={"prefix": prefix})
    return prefix is not None


@transaction.atomic
def revoke_token(*, actor) -> bool:
    """Delete `actor`'s API token; requests that present it get 401 from now on. False if there was none."""
    _require(actor, "change_own_account", actor)
    prefix = _delete_token(actor)
    if prefix is None:
        return False
    audit.record(actor=actor, action="token.revoke", obj=actor, changes={"prefix": prefix})
    return True


@transaction.atomic
def start_totp_enrolment(*, actor):
    """The actor's unconfirmed device (a new random secret), or their confirmed one if they have it."""
    _require(actor, "use_totp")
    device = TOTPDevice.objects.filter(user=actor).first()
    if device is None:
        secret = base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")
        device = TOTPDevice.objects.create(user=actor, secret=secret)
    return device


@transaction.atomic
def confirm_totp(*, actor, code, now: float | None = None) -> bool:
    """Turn two-factor login on once the actor shows a code from their app. False if the code is wrong."""
    _require(actor, "use_totp")
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
    _require(actor, "change_own_account", actor)
    device = TOTPDevice.objects.select_for_update().filter(user=actor).first()
    if device is None:
        return False
    if device.confirmed and totp_matching_step(device.secret, code, now=now, after=device.last_step) is None:
        audit.record(actor=actor, action="totp.disable_failed", obj=actor)
        return False
    device.delete()
    audit.record(actor=actor, action="totp.disable", obj=actor)
    return True
