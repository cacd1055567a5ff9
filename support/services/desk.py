"""What administrators keep for the desk, written from the admin: the working calendar, its holidays, the
service-level targets, the reason lists and the allowed moves. Administrators only (`manage_desk`); each write
is validated (a message naming the field) and audited.

Reasons are retired (`active` off) rather than deleted: moves already made keep theirs.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from core import audit

from .. import permissions
from ..choices import FINAL_STAGES, Mover, Stage
from ..clocks import next_due
from ..models import Calendar, Holiday, Reason, ServiceTarget, SupportRequest, Transition

DESK_MODELS = (Calendar, Holiday, ServiceTarget, Reason, Transition)
UNDELETABLE = (Calendar, Reason)
# Rows the clocks count with: a change moves the due days of the open requests.
CLOCK_MODELS = (Calendar, Holiday, ServiceTarget)


def _refresh_due_days(obj) -> None:
    """Store the open requests' next due day again after the calendar or a target changed (inside the write's
    transaction), in pages so that memory stays flat."""
    if not isinstance(obj, CLOCK_MODELS):
        return
    open_requests = SupportRequest.objects.exclude(stage__in=[*FINAL_STAGES, Stage.DRAFT]).order_by("pk")
    last = 0
    while True:
        page = list(open_requests.filter(pk__gt=last)[:500])
        if not page:
            return
        dues = next_due(page)
        for request in page:
            request.due_on = dues[request.pk]
        SupportRequest.objects.bulk_update(page, ["due_on"])
        last = page[-1].pk


def _require(actor) -> None:
    if not permissions.can(actor, "manage_desk"):
        raise PermissionDenied(_("Only administrators change the desk's calendar, targets, reasons and moves."))


def _validate(obj) -> None:
    if isinstance(obj, Calendar):
        days = obj.working_days
        if not isinstance(days, list) or not days or any(
                not isinstance(d, int) or isinstance(d, bool) or not 0 <= d <= 6 for d in days):
            raise ValidationError({"working_days": _("List the working weekdays as numbers from 0 (Monday) to 6 "
                                                     "(Sunday).")})
        obj.working_days = sorted(set(days), key=lambda d: (d + 1) % 7)  # in the week's order, Sunday first
    if isinstance(obj, Transition):
        movers = obj.movers
        if not isinstance(movers, list) or not movers or any(m not in Mover.values for m in movers):
            raise ValidationError({"movers": _("List who may make the move: %(choices)s.") % {
                "choices": ", ".join(Mover.values)}})
        obj.movers = list(dict.fromkeys(movers))
        if obj.from_stage == obj.to_stage:
            raise ValidationError({"to_stage": _("A move goes to another stage.")})
    obj.full_clean()


def _state(obj) -> dict:
    return {key: value for key, value in model_to_dict(obj).items() if key != "id"}


def save_row(*, actor, obj, created: bool):
    """Create or change one of the desk's rows (calendar, holiday, target, reason, allowed move)."""
    _require(actor)
    if not isinstance(obj, DESK_MODELS):
        raise TypeError(f"{type(obj).__name__} is not one of the desk's rows")
    before = {} if created else _state(type(obj).objects.get(pk=obj.pk))
    _validate(obj)
    with transaction.atomic():
        obj.save()
        audit.record(actor=actor, action="support.desk.create" if created else "support.desk.update", obj=obj,
                     changes={"type": obj._meta.label_lower, **audit.diff(before, _state(obj))})
        _refresh_due_days(obj)
    return obj


def delete_row(*, actor, obj) -> None:
    """Remove a holiday, a target or an allowed move (the calendar stays; reasons are retired instead)."""
    _require(actor)
    if not isinstance(obj, DESK_MODELS) or isinstance(obj, UNDELETABLE):
        raise ValidationError(_("This row is not deleted: change it, or retire a reason by no longer offering it."))
    with transaction.atomic():
        audit.record(actor=actor, action="support.desk.delete", obj=obj,
                     changes={"type": obj._meta.label_lower, **audit.diff(_state(obj), {})})
        obj.delete()
        _refresh_due_days(obj)
