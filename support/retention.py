"""Retention rules of the support desk (registered from `SupportConfig.ready` with `core.retention.register`).

The free text of a request that has ended — closed, declined, redirected, merged or withdrawn — is cleared
`WIQAYA_SUPPORT_TEXT_DAYS` days after it ended (settings; three years unless changed, or
`WIQAYA_RETENTION_<NAME>_DAYS` for one rule): its description, stakeholders and sponsoring role, and the notes
of its moves. What remains — reference, title, type, place, stages, dates, reasons from the lists, the result
wanted — is what the counts and the register need.
"""

from __future__ import annotations

from django.conf import settings

from core import retention

from .choices import FINAL_STAGES

ENDED = sorted(FINAL_STAGES)


def rules() -> list[retention.Rule]:
    days = int(getattr(settings, "WIQAYA_SUPPORT_TEXT_DAYS", 3 * 365))
    return [
        retention.Rule("support_request_text", "support.SupportRequest", "closed_at", days,
                       blank=("description", "stakeholders", "sponsoring_role"), extra={"stage__in": ENDED}),
        retention.Rule("support_move_notes", "support.RequestStep", "request__closed_at", days,
                       blank=("note",), extra={"request__stage__in": ENDED}),
    ]


def register() -> None:
    for rule in rules():
        retention.register(rule)
