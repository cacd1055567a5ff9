"""What every page's menu needs to know about the reader: the importers it may use.

Lives on the top floor because it asks apps (`documents`, `plans`, `support`) their own permission questions;
the menu never decides who may import or use the support desk, it only lists what those answers allow.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from documents import permissions as document_permissions
from plans import permissions as plan_permissions
from support import permissions as support_permissions


@dataclass(frozen=True)
class Importer:
    url: str
    label: str
    testid: str


def importers_for(user) -> list[Importer]:
    """The importers `user` may open, the one of their main work first: a focal point's work is its plan, so the
    plan import leads; everyone else (partners, coordinators) comes to import a compendium first."""
    if not user.is_authenticated:
        return []
    found = []
    if document_permissions.can(user, "import"):
        found.append(Importer(reverse("documents:import"), _("Compendium of practices"), "import-compendium"))
    if plan_permissions.can_create(user):
        plan = Importer(reverse("plans:import"), _("Action plan (Excel)"), "import-plan")
        found.insert(0, plan) if user.has_role(Role.LOCAL_FOCAL_POINT) else found.append(plan)
    return found


def support_menu_for(user) -> dict:
    """The support desk's menu entry: `use` for whoever works with the desk (an organisation's member, a hub
    expert, a coordinator), `desk` for those who work the hub's queue and expert pool."""
    if user is None or not user.is_authenticated:
        return {"use": False, "desk": False}
    desk = support_permissions.sees_all(user) or support_permissions.is_hub_expert(user)
    return {"use": desk or support_permissions.can(user, "view_register"), "desk": desk}


def menu(request) -> dict:
    """`importers` and `support_menu`, worked out only when a page's menu asks."""
    user = getattr(request, "user", None)
    return {"importers": SimpleLazyObject(lambda: importers_for(user) if user is not None else []),
            "support_menu": SimpleLazyObject(lambda: support_menu_for(user))}
