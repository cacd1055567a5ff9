"""Goal suggestions for plan actions, with the real multilingual model: an Arabic action gets the UN plan's
youth goal, and decisions are kept like a practice's."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.choices import OrganisationKind, Role
from core.models import AuditEntry
from frameworks.models import Framework, GoalSuggestion
from places.models import Place
from plans import services
from tests.factories import make_org, make_plan, make_user

pytestmark = pytest.mark.django_db


def test_an_arabic_action_gets_the_youth_goal_and_decisions_stand(reference):
    focal = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=make_org("Babil sub-committee",
                                                                          kind=OrganisationKind.COMMITTEE,
                                                                          place=Place.objects.get(code="IQ-BB")))
    plan = make_plan(focal, place_code="IQ-BB", actions=0)
    action = services.create_action(
        actor=focal, plan=plan, lang="ar", title="مراكز شبابية للحوار والتطوع",
        description="يقود الشباب أنشطة تطوعية ونوادي نقاش في الأحياء، ويتدربون على مهارات العمل والقيادة.",
    )
    un = Framework.objects.get(slug="un-pve-2015")
    suggestions = services.suggest_action_goals(actor=focal, action=action, framework=un)
    assert suggestions and suggestions[0].goal.number == "4"  # empowering youth
    services.decide_action_suggestion(actor=focal, suggestion=suggestions[0], accept=True)
    assert action.goal_links.get(goal=suggestions[0].goal).source == "suggested"
    services.decide_action_suggestion(actor=focal, suggestion=suggestions[1], accept=False)
    again = services.suggest_action_goals(actor=focal, action=action, framework=un)
    assert suggestions[0].goal not in [s.goal for s in again]
    assert GoalSuggestion.objects.get(pk=suggestions[1].pk).status == "rejected"
    assert AuditEntry.objects.filter(action="action.accept_goal", object_id=str(action.pk)).exists()
    stranger = make_user(role=Role.LOCAL_FOCAL_POINT)
    with pytest.raises(PermissionDenied):
        services.suggest_action_goals(actor=stranger, action=action, framework=un)
