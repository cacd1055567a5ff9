"""What plans and their actions put in the search index. Registered at start-up (plans.apps).

A plan indexes only its public-summary fields (title and summary) and is found by whoever may see its summary;
an action indexes its titles and description and is found only by those who see its plan in full. Goal ids are
facets of both (a plan's: the goals its actions serve). plans.services keeps the entries in step.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from practices.choices import Language
from search import registry

from . import permissions
from .choices import ActionStatus
from .models import Action, ActionGoal, Plan


def _plan_facets(plan: Plan) -> dict[str, list[str]]:
    goals = ActionGoal.objects.filter(action__plan=plan).exclude(action__status=ActionStatus.CANCELLED)
    ids = sorted({str(pk) for pk in goals.values_list("goal_id", flat=True)})
    return {"goal": ids, "language": [plan.lang]} if ids else {"language": [plan.lang]}


def _action_facets(action: Action) -> dict[str, list[str]]:
    ids = sorted(str(link.goal_id) for link in action.goal_links.all())
    return {"goal": ids, "language": [action.lang]} if ids else {"language": [action.lang]}


def _action_url(object_id: int) -> str:
    plan_id = Action.objects.filter(pk=object_id).values_list("plan_id", flat=True).first()
    return reverse("plans:detail", args=[plan_id]) + f"#action-{object_id}" if plan_id else reverse("plans:list")


def _language_labels(values):
    return {v: Language(v).label for v in values if v in Language.values}


PLANS = registry.register(registry.IndexedType(
    kind="plan",
    model=Plan,
    fields={"title": "A", "summary": "B"},
    label=lambda: _("Local action plan"),
    visible_to=permissions.summary_visible_to,
    url_name="plans:detail",
    queryset=lambda: Plan.objects.all(),
    lang=lambda plan: plan.lang,
    facets=_plan_facets,
    facet_labels={"language": _language_labels},
))

ACTIONS = registry.register(registry.IndexedType(
    kind="action",
    model=Action,
    fields={"title": "A", "title_alt": "A", "description": "B"},
    label=lambda: _("Plan action"),
    visible_to=permissions.actions_visible_to,
    url_name="plans:detail",
    url=_action_url,
    queryset=lambda: Action.objects.prefetch_related("goal_links"),
    lang=lambda action: action.lang,
    facets=_action_facets,
    facet_labels={"language": _language_labels},
))


def action_rows(plan: Plan, ids=None) -> list:
    """Index rows of a plan's actions (those in `ids` when given), after a spreadsheet import."""
    actions = Action.objects.filter(plan=plan).prefetch_related("goal_links")
    if ids is not None:
        actions = actions.filter(pk__in=list(ids))
    return [ACTIONS.row(a) for a in actions]
