"""Every write to the glossary: add, edit and retire a term (coordinators and administrators), and load the
shipped glossary (the system at setup, or an administrator). Each checks permission, runs in a transaction and
leaves an audit entry."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.text import normalize

from . import permissions
from .choices import Status
from .models import GlossaryTerm
from .queries import SHIPPED, shipped_entries

FIELDS = ("term_en", "term_ar", "term_fr", "variants_en", "variants_ar", "definition_en", "definition_ar", "theme",
          "source_title", "source_url", "source_note", "status")


def _values(term: GlossaryTerm) -> dict:
    return {name: getattr(term, name) for name in FIELDS}


def _check(term: GlossaryTerm) -> None:
    """Both terms are required, and a term may not be in the glossary twice (unless one is retired)."""
    errors = {}
    for name in ("term_en", "term_ar"):
        setattr(term, name, " ".join((getattr(term, name) or "").split()))
        if not getattr(term, name):
            errors[name] = _("Give the term in this language.")
    if not errors:
        others = GlossaryTerm.objects.exclude(status=Status.RETIRED).exclude(pk=term.pk)
        wanted = normalize(term.term_en)
        if term.status != Status.RETIRED and any(normalize(t) == wanted for t in others.values_list("term_en", flat=True)):
            errors["term_en"] = _("This term is in the glossary already.")
    try:
        term.full_clean(exclude=["created_by"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, messages[0])
    if errors:
        raise ValidationError(errors)


def add_term(*, actor, values: dict) -> GlossaryTerm:
    """A new term; a coordinator's term is curated (published) unless `values` says proposed."""
    if not permissions.can(actor, "add"):
        raise PermissionDenied(_("Only coordinators and administrators add terms to the glossary."))
    term = GlossaryTerm(**{k: v for k, v in values.items() if k in FIELDS})
    term.created_by = actor if getattr(actor, "is_authenticated", False) else None
    _check(term)
    with transaction.atomic():
        term.save()
        audit.record(actor=actor, action="glossary.add", obj=term, changes=audit.diff({}, _values(term)))
    return term


def edit_term(*, actor, term: GlossaryTerm, values: dict) -> GlossaryTerm:
    if not permissions.can(actor, "edit", term):
        raise PermissionDenied(_("Only coordinators and administrators edit the glossary."))
    before = _values(GlossaryTerm.objects.get(pk=term.pk))
    for name, value in values.items():
        if name in FIELDS:
            setattr(term, name, value)
    _check(term)
    with transaction.atomic():
        term.save()
        changes = audit.diff(before, _values(term))
        if changes:
            audit.record(actor=actor, action="glossary.edit", obj=term, changes=changes)
    return term


def retire_term(*, actor, term: GlossaryTerm) -> GlossaryTerm:
    """Take a term out of the published glossary and out of search; its row and history stay."""
    if not permissions.can(actor, "retire", term):
        raise PermissionDenied(_("Only coordinators and administrators retire glossary terms."))
    with transaction.atomic():
        before = term.status
        term.status = Status.RETIRED
        term.save(update_fields=["status", "updated_at"])
        audit.record(actor=actor, action="glossary.retire", obj=term, changes={"status": [before, term.status]})
    return term


def load_shipped(*, actor, path: Path = SHIPPED) -> int:
    """Add the shipped terms a database lacks (matched by English term); what a coordinator edited or retired
    is never overwritten. Returns how many were added. Safe to run on every setup."""
    if not permissions.can(actor, "load"):
        raise PermissionDenied(_("Only administrators load the shipped glossary."))
    existing = {normalize(t) for t in GlossaryTerm.objects.values_list("term_en", flat=True)}
    new = []
    for entry in shipped_entries(path):
        if normalize(entry["term_en"]) in existing:
            continue
        values = {k: ("\n".join(v) if isinstance(v, list) else v) for k, v in entry.items() if k in FIELDS}
        new.append(GlossaryTerm(**values, status=Status.CURATED, shipped=True))
        existing.add(normalize(entry["term_en"]))
    if new:
        with transaction.atomic():
            GlossaryTerm.objects.bulk_create(new)
            audit.record(actor=actor, action="glossary.load", obj=None, changes={"added": len(new)})
    return len(new)
