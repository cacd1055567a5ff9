"""Reads about organisations, users and their credentials that other apps and the views share."""

from __future__ import annotations

from django.db.models import F, Q

from core.text import natural_key

from .models import Organisation, TOTPDevice


def organisation_key(name: str) -> str:
    return natural_key(name)[:300]


def find_organisation(name: str, proposer: Organisation | None = None) -> Organisation | None:
    """The organisation whose name, other-language name or acronym matches `name` (spelling-insensitive).

    Among accepted organisations, and `proposer`'s own proposals when given (an import from its private
    document): another organisation's proposal is never found."""
    if not name or not name.strip():
        return None
    key = organisation_key(name)
    candidates = Organisation.objects.all()
    if proposer is not None:
        candidates = Organisation.with_proposals.filter(Q(proposed_by=None) | Q(proposed_by=proposer))
    org = candidates.filter(key=key).order_by(F("proposed_by").asc(nulls_first=True), "id").first()
    if org:
        return org
    for org in candidates.exclude(name_alt="", acronym="").only("id", "name", "name_alt", "acronym"):
        if key in {organisation_key(org.name_alt), organisation_key(org.acronym)} - {""}:
            return org
    return None


def token_for(user):
    """The user's API token, or None."""
    from rest_framework.authtoken.models import Token

    return Token.objects.filter(user=user).first() if user.is_authenticated else None


def confirmed_totp_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()
