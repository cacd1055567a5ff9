"""Do no harm: the platform keeps community-level records, never profiles of individuals.

Two tools live here:

- `person_identifying_fields(model)` names the fields of a model that would identify or describe a person
  (a name, a phone number, an ID number, a birth date, an address, a photo, GPS coordinates…). Only the
  models in `PEOPLE_MODELS` (the accounts that log in, and the audit trail of what they did) may have such
  fields; `core/tests/test_privacy.py` fails when any other model — a need, an indicator, a progress update,
  and whatever comes later — gains one.
- `suppress_small(counts)` hides, in a published aggregate, every cell below the minimum group size
  (`WIQAYA_MIN_CELL_SIZE`, default 5) so that a count cannot point at a handful of people; when exactly one
  cell is hidden, the next smallest is hidden too, so the total does not give it away.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models

from .text import ascii_digits, strip_invisible

# Models whose rows are about people on purpose: logging in, memberships, security records, notifications.
PEOPLE_MODELS = {
    "accounts.user", "accounts.membership", "accounts.loginfailure", "accounts.totpdevice",
    "core.auditentry", "authtoken.token", "authtoken.tokenproxy", "sessions.session", "admin.logentry",
    "auth.permission", "auth.group",
    "notifications.notification",  # what one account is told, for that account alone
}

# Field names that identify or describe a person. Matched on whole words of the field name.
PERSON_WORDS = {
    "firstname", "first", "lastname", "last", "surname", "fullname", "forename", "nickname", "mother", "father",
    "phone", "mobile", "telephone", "whatsapp", "email", "mail", "passport", "nationalid", "national", "idcard",
    "idnumber", "ssn", "birth", "birthday", "dob", "born", "age", "gender", "sex", "address", "street", "home",
    "gps", "latitude", "longitude", "lat", "lng", "lon", "coordinates", "photo", "face", "fingerprint",
    "biometric", "religion", "sect", "ethnicity", "ethnic", "tribe", "clan", "beneficiary", "person", "individual",
    "participant", "detainee", "prisoner", "victim", "informant", "ip", "imei",
}
# Community-level fields whose names contain such a word but hold no personal data: a count by sex and age
# *group*, an organisation's office contact, who entered the record (an account, kept for the audit trail).
ALLOWED_FIELDS = {
    "plans.progresscount": {"sex", "age_group"},
    # An organisation's office contact, never a person's (the model refuses a user account's address).
    "accounts.organisation": {"public_email", "public_phone"},
    "plans.indicator": {"by_sex_and_age"},
    # The support desk's staff: the hub expert a request is assigned to, and an expert-pool entry, which is the
    # expert's own account with the themes, languages and places of their work — never a person the desk helps.
    "support.supportrequest": {"assigned_to"},
    "support.expert": {"user"},
    # Events: the staff accounts that drafted and approved minutes or answered for an owner organisation; a
    # recommendation for the whole country ("national") and the date of its last progress update.
    "events.minutes": {"drafted_by", "approved_by"},
    "events.owner": {"responded_by"},
    "events.recommendation": {"national", "last_update_on"},
}
ALLOWED_EVERYWHERE = {"created_by", "created_at", "updated_at", "actor", "decided_by", "uploaded_by", "last_step", "last_login"}


def _words(name: str) -> set[str]:
    parts = [p for p in re.split(r"[_\W]+", name.lower()) if p]
    return set(parts) | {"".join(parts)}


def person_identifying_fields(model: type[models.Model]) -> list[str]:
    """The fields of `model` whose names say they identify or describe a person (allowed ones excepted)."""
    label = model._meta.label_lower
    allowed = ALLOWED_FIELDS.get(label, set()) | ALLOWED_EVERYWHERE
    found = []
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) or field.name in allowed:
            continue
        if _words(field.name) & PERSON_WORDS:
            found.append(field.name)
        elif isinstance(field, models.GenericIPAddressField):
            found.append(field.name)
        elif field.is_relation and field.related_model is not None and (
            field.related_model._meta.label == settings.AUTH_USER_MODEL
        ):
            # A link to an account other than "who entered this" would make the record about that person.
            found.append(field.name)
    return found


def min_cell_size() -> int:
    return int(getattr(settings, "WIQAYA_MIN_CELL_SIZE", 5))


def suppress_small(counts: dict, minimum: int | None = None) -> dict:
    """{cell: count} with every count from 1 to minimum − 1 replaced by None (shown as "fewer than N").

    Zeros stay: an empty cell says nothing about anyone. When exactly one cell is hidden and others remain,
    the smallest remaining non-zero cell is hidden as well, so that a published total cannot reveal it.
    """
    minimum = min_cell_size() if minimum is None else minimum
    out = {key: (None if value and 0 < value < minimum else value) for key, value in counts.items()}
    hidden = [k for k, v in out.items() if v is None]
    if len(hidden) == 1:
        rest = sorted((v, str(k), k) for k, v in out.items() if v)
        if rest:
            out[rest[0][2]] = None
    return out


# --- contact details in free text (do no harm) ----------------------------------------------------------------
# Free text about communities must not carry a way to reach or identify a person. Digits are folded to 0–9 first
# (`core.text.ascii_digits`), so that Arabic-Indic numbers are caught alike. Years, dates, budgets and counts are
# not contact details: a telephone number needs the Iraqi mobile form (07xx… or +964/00964) or a leading "+";
# an ID-like number is an unbroken run of 12 digits or more.
_SEP = r"[ \-.]?"
_PHONE = re.compile(
    r"(?<![\d+])(?:"
    r"(?:\+|00)964" + _SEP + r"\(?0?\)?" + _SEP + r"\d(?:" + _SEP + r"\d){7,9}"  # +964 7xx…, +964 1 (Baghdad)…
    r"|07[3-9]\d" + _SEP + r"\d{3}" + _SEP + r"\d{4}"  # 07xx xxx xxxx
    r"|\+\d{1,3}" + _SEP + r"\d(?:" + _SEP + r"\d){6,12}"  # another country's number
    r")(?!\d)")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,}")
_ID_NUMBER = re.compile(r"(?<!\d)\d{12,}(?!\d)")
CONTACT_KINDS = ("phone", "email", "id_number")


def contact_details(text: str) -> list[str]:
    """The kinds of contact details found in `text`, in the order of CONTACT_KINDS: "phone", "email",
    "id_number". Never the details themselves."""
    if not text:
        return []
    folded = strip_invisible(ascii_digits(str(text)))
    found = []
    if _PHONE.search(folded):
        found.append("phone")
    if _EMAIL.search(folded):
        found.append("email")
    if _ID_NUMBER.search(_PHONE.sub(" ", folded)):
        found.append("id_number")
    return found
