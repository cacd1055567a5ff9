"""Choices for local action plans, their actions, indicators and progress."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    IN_IMPLEMENTATION = "in_implementation", _("In implementation")
    COMPLETED = "completed", _("Completed")


# Allowed moves: (from, to) → the action name used for permission checks, audit entries and buttons.
TRANSITIONS = {
    (PlanStatus.DRAFT, PlanStatus.SUBMITTED): "submit",
    (PlanStatus.CHANGES_REQUESTED, PlanStatus.SUBMITTED): "submit",
    (PlanStatus.SUBMITTED, PlanStatus.CHANGES_REQUESTED): "request_changes",
    (PlanStatus.SUBMITTED, PlanStatus.APPROVED): "approve",
    (PlanStatus.APPROVED, PlanStatus.IN_IMPLEMENTATION): "start",
    (PlanStatus.IN_IMPLEMENTATION, PlanStatus.COMPLETED): "complete",
}

# Statuses in which the plan's owner edits the plan, its actions and indicators.
EDITABLE_STATUSES = {PlanStatus.DRAFT, PlanStatus.CHANGES_REQUESTED}
# Statuses in which progress is reported.
REPORTING_STATUSES = {PlanStatus.APPROVED, PlanStatus.IN_IMPLEMENTATION}
# Statuses of plans the coordinator approved: the only plans national and governorate figures count (and whose
# summary may be public). Drafts, submitted plans and plans with changes requested are shown apart.
APPROVED_STATUSES = {PlanStatus.APPROVED, PlanStatus.IN_IMPLEMENTATION, PlanStatus.COMPLETED}


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DELAYED = "delayed", _("Delayed")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class PartnerKind(models.TextChoices):
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    CENTRAL_GOVERNMENT = "central_government", _("Central government")
    MULTILATERAL = "multilateral", _("Multilateral")
    CIVIL_SOCIETY = "civil_society", _("Civil society")


class Currency(models.TextChoices):
    IQD = "IQD", _("Iraqi dinar (IQD)")
    USD = "USD", _("US dollar (USD)")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")
    ONCE = "once", _("Once, at the end")


# How many days may pass after an update before the next one is overdue.
FREQUENCY_DAYS = {Frequency.MONTHLY: 31, Frequency.QUARTERLY: 92, Frequency.YEARLY: 366, Frequency.ONCE: None}


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase")
    DECREASE = "decrease", _("Decrease")
    MAINTAIN = "maintain", _("Maintain")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class AgeGroup(models.TextChoices):
    UNDER_15 = "0-14", _("Under 15")
    YOUTH = "15-24", _("15–24")
    ADULT = "25-59", _("25–59")
    OLDER = "60+", _("60 and over")
