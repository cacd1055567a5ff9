"""What each kind of notification says: a small registry filled by the apps that send them.

A notification stores its kind (a short code such as `plan.submitted`) and its parameters (plain JSON: a title, a
name), never a finished sentence: the sentence is built when someone reads it, in the reader's language (on the
page, the active language; in an e-mail, the recipient's preferred language). Each app registers the kinds it
sends from its `AppConfig.ready` with `register_kind`, so that this app imports no domain app (like
`core.audit_labels`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    message: object  # a lazy translated string with %(name)s placeholders filled from the notification's params
    subject: object = None  # the e-mail's subject line (lazy), defaults to a generic one


_KINDS: dict[str, Kind] = {}
GENERIC_SUBJECT = _("Something needs your attention on Wiqaya")


def register_kind(code: str, message, subject=None) -> None:
    """Add (or replace) what a kind of notification says: `message` is a lazy translated string whose
    `%(name)s` placeholders the params fill."""
    _KINDS[code] = Kind(code, message, subject)


def registered_kinds() -> set[str]:
    return set(_KINDS)


class _Missing(dict):
    def __missing__(self, key):
        return "…"


def _fill(template: str, params: dict, wrap) -> str:
    values = _Missing({key: wrap(value) for key, value in (params or {}).items()})
    try:
        return template % values
    except (TypeError, ValueError):
        return template


def message_text(kind: str, params: dict) -> str:
    """The plain-text sentence of a notification in the active language (for e-mail)."""
    entry = _KINDS.get(kind)
    if entry is None:
        return str(_("A notification of a kind this installation no longer knows (%(kind)s).") % {"kind": kind})
    return _fill(str(entry.message), params, str)


def message_html(kind: str, params: dict):
    """The sentence for a page: each parameter (user text: titles, names) escaped inside its own `<bdi>`, so
    that a title in the other script keeps its order inside the sentence."""
    entry = _KINDS.get(kind)
    if entry is None:
        return message_text(kind, params)
    return mark_safe(_fill(escape(str(entry.message)), params, lambda v: format_html("<bdi>{}</bdi>", v)))  # noqa: S308  # nosec B308 B703 - the sentence is escaped, each value escaped inside its <bdi>


def subject_text(kind: str) -> str:
    entry = _KINDS.get(kind)
    return str(entry.subject if entry is not None and entry.subject is not None else GENERIC_SUBJECT)
