"""What practices tell people through the notification centre: a practice submitted for review (to the
reviewers: national coordinators and hub experts), published or sent back to draft by a reviewer (to the members
of the author's organisation)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from notifications.kinds import register_kind
from notifications.queries import holders_of, members_of
from notifications.services import notify

from .models import Practice

REVIEWERS = (Role.NATIONAL_COORDINATOR, Role.HUB_EXPERT)


def register() -> None:
    """The kinds practices sends (called from `PracticesConfig.ready`)."""
    register_kind("practice.submitted", _("%(actor)s submitted the practice “%(practice)s” for review."),
                  _("A practice waits for your review"))
    register_kind("practice.published", _("The practice “%(practice)s” was published by %(actor)s."),
                  _("Your practice was published"))
    register_kind("practice.changes_requested",
                  _("%(actor)s sent the practice “%(practice)s” back to draft: %(comment)s"),
                  _("Changes requested to your practice"))


def _name(actor) -> str:
    if getattr(actor, "is_authenticated", False):
        return actor.get_full_name() or actor.get_username()
    return "Wiqaya"


def _authors(practice: Practice):
    if practice.owner_id is not None:
        return members_of([practice.owner_id])
    return [practice.created_by] if practice.created_by_id else []


def practice_moved(*, actor, practice: Practice, move: str, comment: str = "") -> None:
    """Tell who should know about a review move `transition_practice` just made (inside its transaction). An
    author who withdraws its own practice from review tells nobody."""
    url = reverse("practices:detail", args=[practice.pk])
    params = {"practice": practice.name, "actor": _name(actor)}
    if move == "submit":
        notify(actor=actor, recipients=holders_of(*REVIEWERS), kind="practice.submitted", target_url=url,
               params=params, target=practice)
        return
    authors = list(_authors(practice))
    if move == "publish":
        notify(actor=actor, recipients=authors, kind="practice.published", target_url=url, params=params,
               target=practice)
    elif move == "return" and getattr(actor, "pk", None) not in {u.pk for u in authors}:
        notify(actor=actor, recipients=authors, kind="practice.changes_requested", target_url=url,
               params=params | {"comment": comment or "—"}, target=practice)
