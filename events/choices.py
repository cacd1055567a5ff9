"""Choices of events and their recommendations.

A recommendation's owners answer it (`Response`) apart from how far it is carried out (`Status`): an owner may
accept a recommendation that nobody has started, or note one that another organisation completes.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    ROUNDTABLE = "roundtable", _("Roundtable")
    WORKSHOP = "workshop", _("Workshop")
    TRAINING = "training", _("Training")
    STUDY_VISIT = "study_visit", _("Study visit")
    PEER_EXCHANGE = "peer_exchange", _("Peer exchange")


class Audience(models.TextChoices):
    """Who an event is for, and whom a recommendation addresses."""

    LOCAL_GOVERNMENTS = "local_governments", _("Local governments")
    NATIONAL_BODIES = "national_bodies", _("National bodies")
    PARTNERS = "partners", _("Partners and donors")
    CIVIL_SOCIETY = "civil_society", _("Civil society and communities")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class SourceKind(models.TextChoices):
    """Where a recommendation comes from."""

    EVENT = "event", _("Event")
    SUPPORT_REQUEST = "support_request", _("Support request")
    EVALUATION = "evaluation", _("Evaluation")
    DOCUMENT = "document", _("Outside document")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class OwnerRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    SUPPORTING = "supporting", _("Supporting")
    CONTRIBUTING = "contributing", _("Contributing")


class Response(models.TextChoices):
    """An owner's answer to a recommendation; kept apart from its implementation status."""

    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
    NOTED = "noted", _("Noted")
    DECLINED = "declined", _("Declined")


# Answers that need a reason.
RESPONSES_WITH_REASON = {Response.PARTLY_ACCEPTED, Response.NOTED, Response.DECLINED}


class Status(models.TextChoices):
    """How far a recommendation is carried out."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")
    SUPERSEDED = "superseded", _("Superseded")
    MERGED = "merged", _("Merged")


# Statuses that end the follow-up: no flag, no reminder.
CLOSED_STATUSES = {Status.COMPLETED, Status.SUPERSEDED, Status.MERGED}
# Statuses that need a reason, and those that name the recommendation that takes over.
STATUSES_WITH_REASON = {Status.SUSPENDED, Status.SUPERSEDED, Status.MERGED}
STATUSES_WITH_SUCCESSOR = {Status.SUPERSEDED, Status.MERGED}


class Flag(models.TextChoices):
    """The schedule flag, computed (never typed): see `events.schedule`."""

    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind")
    OVERDUE = "overdue", _("Overdue")
    STALE = "stale", _("Stale")
    DONE = "done", _("Closed")


class StepKind(models.TextChoices):
    """What a line of a recommendation's timeline records."""

    CREATED = "created", _("Recommended")
    PUBLISHED = "published", _("Published")
    RESPONSE = "response", _("Response")
    STATUS = "status", _("Status changed")
    UPDATE = "update", _("Progress update")
    ACTION = "action", _("Linked to a plan action")
    BEHIND = "behind", _("Reason for delay")


class Quality(models.TextChoices):
    """The five things a recommendation needs to be followed up (`events.quality`)."""

    LEAD = "lead", _("a lead owner")
    DUE = "due", _("a due date")
    PLACE = "place", _("a place")
    GOAL = "goal", _("a framework goal")
    RESULT = "result", _("a measurable result (an indicator or a “done when” sentence)")
