"""Who sees and changes events and recommendations. Every list, page, export, API read, figure and search hit of
the app goes through one of the `…_visible_to` functions below.

- national coordinators and administrators: everything; they manage every event and recommendation;
- conveners (members of an event's convening organisations) manage the event — participation, documents,
  minutes, its recommendations — and approve its minutes; the steward of a recommendation that comes from
  elsewhere (the hub of a support request, the organisation that recorded an evaluation) manages that one;
- owners (members of a recommendation's owner organisations) see the recommendation and its updates, answer for
  their own organisation only, report progress, and — the lead — set the implementation status;
- participants (members of an organisation that took part) see the event;
- anonymous readers and everyone else: published events (their approved, published minutes and public
  documents) and published recommendations, with public updates and public evidence only; an owner not named
  in public shows as its organisation type.
"""

from django.db.models import Q, QuerySet

from accounts.choices import Role
from accounts.permissions import is_administrator
from core.actors import is_system


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def sees_all(user) -> bool:
    if is_system(user):
        return True
    return _active(user) and (is_administrator(user) or user.has_role(Role.NATIONAL_COORDINATOR))


def _orgs(user) -> set[int]:
    return user.organisation_ids() if _active(user) else set()


def _public_event() -> Q:
    return Q(is_public=True)


def _public_recommendation(prefix: str = "") -> Q:
    return (Q(**{f"{prefix}is_public": True})
            & (Q(**{f"{prefix}event__isnull": True}) | Q(**{f"{prefix}event__is_public": True})))


def events_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Events the user may see."""
    if sees_all(user):
        return queryset
    rule = _public_event()
    orgs = _orgs(user)
    if orgs:
        from .models import Event, Owner, Participation

        convened = Event.conveners.through.objects.filter(organisation__in=orgs).values("event_id")
        took_part = Participation.objects.filter(organisation__in=orgs).values("event_id")
        owns = Owner.objects.filter(organisation__in=orgs, recommendation__event__isnull=False) \
            .values("recommendation__event_id")
        rule |= Q(pk__in=convened) | Q(pk__in=took_part) | Q(pk__in=owns)
    return queryset.filter(rule)


def _managed_recommendations(orgs) -> Q:
    from .models import Event

    convened = Event.conveners.through.objects.filter(organisation__in=orgs).values("event_id")
    return Q(event__in=convened) | Q(steward__in=orgs)


def recommendations_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Recommendations the user may see: published ones, and those the user's organisations own or manage."""
    if sees_all(user):
        return queryset
    rule = _public_recommendation()
    orgs = _orgs(user)
    if orgs:
        from .models import Owner

        owned = Owner.objects.filter(organisation__in=orgs).values("recommendation_id")
        rule |= Q(pk__in=owned) | _managed_recommendations(orgs)
    return queryset.filter(rule)


def managed_by(user, queryset: QuerySet) -> QuerySet:
    """Recommendations the user manages (conveners, stewards, coordinators)."""
    if sees_all(user):
        return queryset
    orgs = _orgs(user)
    return queryset.filter(_managed_recommendations(orgs)) if orgs else queryset.none()


def owned_by(user, queryset: QuerySet) -> QuerySet:
    """Recommendations one of the user's organisations owns (the owners' queue)."""
    orgs = _orgs(user)
    if not orgs:
        return queryset.none()
    from .models import Owner

    return queryset.filter(pk__in=Owner.objects.filter(organisation__in=orgs).values("recommendation_id"))


def updates_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Progress updates: public ones of published recommendations to everyone; all of a recommendation's updates
    to its owners, managers and coordinators."""
    if sees_all(user):
        return queryset
    rule = Q(is_public=True) & _public_recommendation("recommendation__")
    orgs = _orgs(user)
    if orgs:
        from .models import Recommendation

        inside = owned_by(user, Recommendation.objects.all()).values("pk").union(
            managed_by(user, Recommendation.objects.all()).values("pk"))
        rule |= Q(recommendation__in=inside)
    return queryset.filter(rule)


def evidence_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Evidence files: public files of public updates to everyone; all of them to those who see every update."""
    if sees_all(user):
        return queryset
    from .models import Recommendation, Update

    public = Q(is_public=True, update__is_public=True) & _public_recommendation("update__recommendation__")
    orgs = _orgs(user)
    if not orgs:
        return queryset.filter(public)
    inside = Update.objects.filter(
        Q(recommendation__in=owned_by(user, Recommendation.objects.all()).values("pk"))
        | Q(recommendation__in=managed_by(user, Recommendation.objects.all()).values("pk"))).values("pk")
    return queryset.filter(public | Q(update__in=inside))


def documents_visible_to(user, queryset: QuerySet) -> QuerySet:
    """An event's documents: public ones of published events to everyone; all of them to those who see the event
    and are not anonymous readers of a published event only (conveners, participants, owners, coordinators)."""
    if sees_all(user):
        return queryset
    from .models import Event, Owner

    rule = Q(is_public=True, event__is_public=True)
    orgs = _orgs(user)
    if orgs:
        owns = Owner.objects.filter(organisation__in=orgs, recommendation__event__isnull=False) \
            .values("recommendation__event_id")
        inside = events_visible_to(user, Event.objects.all()).filter(
            Q(conveners__in=orgs) | Q(participations__organisation__in=orgs) | Q(pk__in=owns)).values("pk")
        rule |= Q(event__in=inside)
    return queryset.filter(rule)


def is_convener(user, event) -> bool:
    if sees_all(user):
        return True
    orgs = _orgs(user)
    return bool(orgs) and event.conveners.filter(pk__in=orgs).exists()


def manages(user, recommendation) -> bool:
    """Conveners of its event, its steward's members, coordinators."""
    if sees_all(user):
        return True
    orgs = _orgs(user)
    if not orgs:
        return False
    if recommendation.steward_id in orgs:
        return True
    return recommendation.event_id is not None and is_convener(user, recommendation.event)


def owner_organisations(user, recommendation) -> set[int]:
    """The user's organisations that own this recommendation."""
    orgs = _orgs(user)
    if not orgs:
        return set()
    return set(recommendation.owners.filter(organisation__in=orgs).values_list("organisation_id", flat=True))


def is_lead(user, recommendation) -> bool:
    orgs = _orgs(user)
    return bool(orgs) and recommendation.owners.filter(organisation__in=orgs, role="lead").exists()


def can(user, action: str, obj=None) -> bool:
    """action:
    - `add_event`: a member of an organisation (who convenes it) or a coordinator;
    - `change_event`, `publish_event`, `approve_minutes` (obj: an event): its conveners and coordinators;
    - `view_event` (obj: an event);
    - `add_recommendation` (obj: an event, or None for one from elsewhere), `change_recommendation`,
      `publish_recommendation`, `link_action` (obj: a recommendation): managers (and for `link_action` the lead);
    - `respond` (obj: an Owner): members of that owner's organisation, and coordinators;
    - `report` (obj: a recommendation): owners and managers;
    - `set_status` (obj: a recommendation): the lead owner and managers;
    - `explain_delay` (obj: a recommendation): any owner and managers;
    - `view_recommendation` (obj: a recommendation);
    - `manage_settings`: administrators (and the system)."""
    if is_system(user):
        return True
    if not _active(user):
        if action == "view_event" and obj is not None:
            return events_visible_to(user, type(obj).objects.filter(pk=obj.pk)).exists()
        if action == "view_recommendation" and obj is not None:
            return recommendations_visible_to(user, type(obj).objects.filter(pk=obj.pk)).exists()
        return False
    if action == "manage_settings":
        return is_administrator(user)
    if action == "add_event":
        return sees_all(user) or bool(_orgs(user))
    if action in {"change_event", "publish_event", "approve_minutes"}:
        return obj is not None and is_convener(user, obj)
    if action == "view_event":
        return obj is not None and events_visible_to(user, type(obj).objects.filter(pk=obj.pk)).exists()
    if action == "add_recommendation":
        if obj is None:
            return sees_all(user) or bool(_orgs(user))
        return is_convener(user, obj)
    if action in {"change_recommendation", "publish_recommendation"}:
        return obj is not None and manages(user, obj)
    if action == "link_action":
        return obj is not None and (manages(user, obj) or is_lead(user, obj))
    if action == "respond":
        return obj is not None and (sees_all(user) or obj.organisation_id in _orgs(user))
    if action in {"report", "explain_delay"}:
        return obj is not None and (manages(user, obj) or bool(owner_organisations(user, obj)))
    if action == "set_status":
        return obj is not None and (manages(user, obj) or is_lead(user, obj))
    if action == "view_recommendation":
        return obj is not None and recommendations_visible_to(user, type(obj).objects.filter(pk=obj.pk)).exists()
    return False
