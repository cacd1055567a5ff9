"""Local action plans: a plan per place and period → a tree of actions → indicators → progress updates.

Progress is counted for communities, never for people: an update may split its count by sex and age group
(`ProgressCount`), and nothing here names or describes an individual.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import NameField, TimeStampedModel
from practices.choices import Language, LinkSource

from .choices import (
    ActionStatus,
    AgeGroup,
    Currency,
    Direction,
    Frequency,
    PartnerKind,
    PlanStatus,
    Sex,
)


def frameworks_in_order(frameworks) -> list:
    """The national strategy (settings.WIQAYA_NATIONAL_FRAMEWORK) first, then the others by slug."""
    national = settings.WIQAYA_NATIONAL_FRAMEWORK
    return sorted(frameworks, key=lambda f: (f.slug != national, f.slug))


def alignable_frameworks(keep=()) -> list:
    """The frameworks a plan may be aligned with, in order: those with at least one (accepted) goal, since an
    action serves goals and a framework without any would be an empty promise on the plan and a missing row of
    the coverage matrix. `keep` (a plan's current frameworks) stays offered so that editing loses nothing."""
    from frameworks.models import Framework, Goal

    keep_ids = [f.pk for f in keep]
    with_goals = Framework.objects.filter(models.Q(pk__in=Goal.objects.values("framework_id")) | models.Q(pk__in=keep_ids))
    return frameworks_in_order(with_goals.distinct())


def national_framework_without_goals():
    """The national strategy (settings.WIQAYA_NATIONAL_FRAMEWORK) when it is installed and has no goal yet:
    plans cannot align with it until someone enters its goals. None otherwise."""
    from frameworks.models import Framework, Goal

    framework = Framework.objects.filter(slug=settings.WIQAYA_NATIONAL_FRAMEWORK).first()
    if framework is None or Goal.objects.filter(framework=framework).exists():
        return None
    return framework


class Plan(TimeStampedModel):
    """A local action plan of a governorate or district for a period, owned by a sub-committee or local
    government, aligned with one or more frameworks, approved by national coordinators."""

    title = NameField(_("title"), max_length=300)
    lang = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.AR)
    place = models.ForeignKey(
        "places.Place", verbose_name=_("place"), on_delete=models.PROTECT, related_name="plans",
        help_text=_("The governorate or district the plan covers."),
    )
    governorate = models.ForeignKey(
        "places.Place", verbose_name=_("governorate"), on_delete=models.PROTECT, related_name="governorate_plans",
        editable=False, help_text="the place itself, or the governorate a district belongs to",
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    owner = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="plans",
        help_text=_("The sub-committee or local government that writes the plan."),
    )
    frameworks = models.ManyToManyField(
        "frameworks.Framework", verbose_name=_("aligned with"), blank=True, related_name="plans"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT, db_index=True
    )
    is_public = models.BooleanField(
        _("public summary"), default=False,
        help_text=_("Readers then see the plan's summary, status and progress; never its actions or budgets."),
    )
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["governorate__name_en", "place__name_en", "-period_start", "id"]
        verbose_name = _("local action plan")
        verbose_name_plural = _("local action plans")
        constraints = [
            models.UniqueConstraint(fields=["place", "period_start", "period_end"], name="one_plan_per_place_period"),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")), name="plan_period_order"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.pk])

    @property
    def dir(self) -> str:
        return "rtl" if self.lang == "ar" else "ltr"

    @property
    def aligned_frameworks(self) -> list:
        """The frameworks the plan is aligned with, the national strategy first."""
        return frameworks_in_order(self.frameworks.all())


class PlanStep(models.Model):
    """One move of the plan workflow, with who, when and the comment. A submission keeps what was submitted
    (`content`: the actions and indicators as `plans.review.plan_content` reads them), so that a reviewer sees
    what changed since the submission before."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("from status"), max_length=20, choices=PlanStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=PlanStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"),
        null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)
    content = models.JSONField(_("content submitted"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")

    def __str__(self):
        return f"{self.plan}: {self.from_status or '∅'} → {self.to_status}"


class Action(TimeStampedModel):
    """An action of a plan; actions nest (action → sub-actions) through `parent`. `ref` is the plan's own
    numbering ("1", "1.2"), unique in the plan, and is how a spreadsheet row names its parent."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="actions")
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    ref = models.CharField(_("number"), max_length=20)
    position = models.PositiveIntegerField(_("position"), default=0)
    title = NameField(_("title"), max_length=500)
    title_alt = NameField(_("title in the other language"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    lang = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.AR)
    goals = models.ManyToManyField("frameworks.Goal", through="ActionGoal", blank=True, related_name="actions")
    lead = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("lead organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="led_actions",
    )
    district = models.ForeignKey(
        "places.Place", verbose_name=_("district"),
        null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    budget = models.DecimalField(_("budget"), max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    funding_source = models.CharField(_("funding source"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.PLANNED, db_index=True
    )
    practices = models.ManyToManyField(
        "practices.Practice", verbose_name=_("adapts good practices"), blank=True, related_name="plan_actions"
    )

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [models.UniqueConstraint(fields=["plan", "ref"], name="unique_action_ref")]

    def __str__(self):
        return f"{self.ref} {self.title}"

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.plan_id]) + f"#action-{self.pk}"

    @property
    def dir(self) -> str:
        return "rtl" if self.lang == "ar" else "ltr"


class ActionGoal(models.Model):
    """An action serves a framework goal; entered, imported from a spreadsheet, or accepted from a suggestion."""

    action = models.ForeignKey(Action, verbose_name=_("action"),
        on_delete=models.CASCADE, related_name="goal_links")
    goal = models.ForeignKey("frameworks.Goal", verbose_name=_("goal"),
        on_delete=models.PROTECT, related_name="action_links")
    source = models.CharField(_("source"), max_length=16, choices=LinkSource.choices, default=LinkSource.ENTERED)

    class Meta:
        verbose_name = _("goal link")
        verbose_name_plural = _("goal links")
        constraints = [models.UniqueConstraint(fields=["action", "goal"], name="unique_action_goal")]

    def __str__(self):
        return f"{self.action} → {self.goal_id}"


class ActionPartner(models.Model):
    """A partner organisation of an action, typed by the part of the system it comes from."""

    action = models.ForeignKey(Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"),
        on_delete=models.PROTECT, related_name="partnered_actions"
    )
    kind = models.CharField(_("partner type"), max_length=24, choices=PartnerKind.choices)

    class Meta:
        ordering = ["id"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [models.UniqueConstraint(fields=["action", "organisation"], name="unique_action_partner")]

    def __str__(self):
        return f"{self.organisation} ({self.kind})"


class Indicator(models.Model):
    """How an action's result is measured: from a baseline towards a target, reported at a frequency."""

    action = models.ForeignKey(Action, verbose_name=_("action"),
        on_delete=models.CASCADE, related_name="indicators")
    name = NameField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, default=0)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency.choices, default=Frequency.QUARTERLY)
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices, default=Direction.INCREASE)
    by_sex_and_age = models.BooleanField(
        _("counted by sex and age group"), default=False,
        help_text=_("Updates may then split their count by sex and age group; never by person."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["action", "position", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name


class ProgressUpdate(models.Model):
    """A reported value of an indicator on a date, with a narrative and evidence files. The reporting
    organisation edits only its own updates."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"),
        on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    narrative = models.TextField(_("narrative"), blank=True)
    confirm_reason = models.TextField(
        _("reason for an unusual value"), blank=True,
        help_text=_("Why a value outside the indicator's plausible range is right; required for such a value."),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("reported by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="progress_updates",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["indicator", "-date", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        indexes = [models.Index(fields=["indicator", "date"])]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.date})"


class ProgressCount(models.Model):
    """Part of an update's count: how many of one sex and age group. A group, never a person."""

    update = models.ForeignKey(ProgressUpdate, verbose_name=_("progress update"),
        on_delete=models.CASCADE, related_name="counts")
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("count by sex and age group")
        verbose_name_plural = _("counts by sex and age group")
        constraints = [models.UniqueConstraint(fields=["update", "sex", "age_group"], name="unique_progress_cell")]

    def __str__(self):
        return f"{self.sex} {self.age_group}: {self.count}"


class Evidence(models.Model):
    """A file that supports a progress update (a photo of a workshop, an attendance total, a report)."""

    update = models.ForeignKey(ProgressUpdate, verbose_name=_("progress update"),
        on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")
    name = NameField(_("name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.name


class ActionComment(models.Model):
    """A remark on one action of a plan, by a reviewer (a national coordinator) or a member of the plan's owner:
    a thread beside the action while the plan is reviewed. Read by whoever sees the plan in full; never part of
    the public summary."""

    action = models.ForeignKey(Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="comments")
    created_by = models.ForeignKey(  # who wrote it: an account, as for every record entered
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)

    class Meta:
        ordering = ["action", "created_at", "id"]
        verbose_name = _("comment on an action")
        verbose_name_plural = _("comments on actions")

    def __str__(self):
        return f"{self.action}: {self.text[:40]}"
