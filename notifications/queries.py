"""Reads for notifications: who to tell (the holders of a role, the members of organisations), and the unread
count the bell shows."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.urls import translate_url
from django.utils import translation

from .models import Notification


def holders_of(*roles: str) -> QuerySet:
    """Active users with any of `roles` in any organisation."""
    return get_user_model().objects.filter(is_active=True, memberships__role__in=roles).distinct()


def members_of(organisation_ids, roles=None) -> QuerySet:
    """Active members of the organisations given (optionally only those holding one of `roles`)."""
    users = get_user_model().objects.filter(is_active=True, memberships__organisation__in=list(organisation_ids))
    if roles:
        users = users.filter(memberships__role__in=list(roles))
    return users.distinct()


def unread_count(user) -> int:
    """One query."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def localised_url(url: str, language: str) -> str:
    """`url` (a page of the site, with any language prefix) in `language`; other addresses as they are."""
    if not url or not url.startswith("/"):
        return url
    with translation.override(translation.get_language_from_path(urlsplit(url).path) or translation.get_language()):
        return translate_url(url, language)
