"""Do no harm: the desk's free text is checked on save for telephone numbers, e-mail addresses and ID-like
digit runs (`core.privacy.contact_details`). A match refuses the save with a message that names the field to
rephrase, and leaves an audit entry `support.text_blocked` with the field names and the kinds found — never the
text itself.

Every service of the desk that writes free text calls `check_free_text` *before* its transaction opens, so that
the audit entry stays although the save is refused.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from core import audit
from core.privacy import contact_details


def _kind_names() -> dict[str, str]:
    return {"phone": _("a telephone number"), "email": _("an e-mail address"),
            "id_number": _("an ID-like number (12 digits or more)")}


def too_long(record, names) -> dict[str, str]:
    """{field: message} for the text fields of `record` longer than their column allows."""
    errors = {}
    for name in names:
        field = record._meta.get_field(name)
        value = getattr(record, name, None)
        limit = getattr(field, "max_length", None)
        if limit and isinstance(value, str) and len(value) > limit:
            errors[name] = _("At most %(limit)d characters (this has %(count)d).") % {
                "limit": limit, "count": len(value)}
    return errors


def blocked_fields(fields: dict) -> dict[str, list[str]]:
    """{field: kinds found} for the fields whose text holds contact details."""
    found = {}
    for name, text in fields.items():
        kinds = contact_details(text) if isinstance(text, str) else []
        if kinds:
            found[name] = kinds
    return found


def check_free_text(*, actor, record, fields: dict) -> None:
    """Refuse text with contact details: ValidationError({field: message}) for each field to rephrase, after an
    audit entry that names the fields and kinds. `record` is the record being written (saved or not yet), or its
    model class."""
    found = blocked_fields(fields)
    if not found:
        return
    model = record if isinstance(record, type) else type(record)
    pk = None if isinstance(record, type) else getattr(record, "pk", None)
    entry = audit.record(actor=actor, action="support.text_blocked", obj=None,
                         changes={"type": model._meta.label_lower, "id": str(pk) if pk else "",
                                  "fields": sorted(found), "kinds": {name: kinds for name, kinds in found.items()}})
    if pk and issubclass(model, models.Model):
        # Traced to the record without its title, which may be the very text refused.
        entry.object_type, entry.object_id = model._meta.label_lower, str(pk)
        entry.save(update_fields=["object_type", "object_id"])
    names = _kind_names()
    raise ValidationError({
        name: _("Rephrase this text without %(what)s: the desk keeps community-level information, never a way "
                "to reach or identify a person.") % {"what": _(" and ").join(names[k] for k in kinds)}
        for name, kinds in found.items()})
