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
