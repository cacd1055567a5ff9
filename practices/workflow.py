"""The practice page's panel that says who acts next in the review workflow and what the reader may do, read from
the workflow's transitions (`choices.TRANSITIONS`) and the permission tables (`permissions.MOVERS`, `EDITORS`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.workflow import guide

from . import permissions
from .choices import TRANSITIONS, PracticeStatus

WHO = {
    permissions.OWNER: _("the practice's organisation"),
    permissions.REVIEWER: _("a reviewer (a national coordinator or a hub expert)"),
}
# A published practice waits for nobody: unpublishing it is possible, not expected.
RESTING = {PracticeStatus.PUBLISHED}
MOVE_LABELS = {
    "submit": _("Submit for review"),
    "publish": _("Publish"),
    "return": _("Return to draft"),
    "unpublish": _("Unpublish"),
}


def workflow_guide(user, practice) -> dict:
    owner = practice.owner if practice.owner_id else None
    who = {permissions.OWNER: {"label": str(WHO[permissions.OWNER]), "name": str(owner) if owner else ""},
           permissions.REVIEWER: {"label": str(WHO[permissions.REVIEWER]), "name": ""}}
    extra = [_("Edit the practice")] if permissions.can(user, "change", practice) else []
    return {"guide": guide(
        status=practice.status, transitions=TRANSITIONS, movers=permissions.MOVERS, who=who,
        move_labels=MOVE_LABELS, may=lambda name: permissions.can(user, name, practice),
        editors=permissions.EDITORS.get(practice.status, ()), extra=extra, resting=practice.status in RESTING,
    )}
