"""Good practices in the compendium's structure, their goal links and their review history."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import NameField, TimeStampedModel
from core.text import natural_key

from .choices import Language, LinkSource, PracticeStatus, ReviewLevel


def practice_key(name: str, organisation: str | None, location: str | None) -> str:
    """The natural key that makes re-imports idempotent: same name, organisation and place → same practice."""
    return natural_key(name, organisation, location)[:700]


class Practice(TimeStampedModel):
    """A good practice: what was done, where, by whom, when, for whom, and which framework goals it serves.

    Text keeps the language it was written in (`lang`); nothing is translated in place.
    """

    name = NameField(_("name"), max_length=300)
    lang = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.EN)
    country = models.ForeignKey(
        "places.Place",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practice_countries",
    )
    location = models.CharField(
        _("country or city, as written"), max_length=200, blank=True, help_text=_("The document's own words.")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
    )
    organisation_name = NameField(_("organisation responsible, as written"), max_length=300, blank=True)
    period = models.CharField(_("period"), max_length=120, blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    ongoing = models.BooleanField(_("ongoing"), default=False)
    activity = models.TextField(_("activity"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    description = models.TextField(_("description"), blank=True)
    beneficiaries = models.TextField(_("beneficiaries"), blank=True)
    status = models.CharField(
        _("review status"), max_length=16, choices=PracticeStatus.choices, default=PracticeStatus.DRAFT, db_index=True
    )
    review_level = models.CharField(_("review level"), max_length=16, choices=ReviewLevel.choices, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=LinkSource.choices, default=LinkSource.ENTERED)
    source_document = models.ForeignKey(
        "documents.SourceDocument",
        verbose_name=_("source document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
    )
    import_warnings = models.JSONField(_("import warnings"), default=list, blank=True)
    owner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("record owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_practices",
        help_text=_("The organisation whose record this is; only it sees the practice before publication."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    natural_key = models.CharField(_("matching key"), max_length=700, editable=False, db_index=True)
    goals = models.ManyToManyField("frameworks.Goal", through="PracticeGoal", related_name="practices")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        # Unique within an organisation: another organisation's practice never blocks (or reveals) a name.
        constraints = [models.UniqueConstraint(fields=["owner", "natural_key"], name="practice_key_per_owner")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("practices:detail", args=[self.pk])

    @property
    def dir(self) -> str:
        return "rtl" if self.lang == "ar" else "ltr"


class PracticeGoal(models.Model):
    """A practice serves a framework goal, through some of its numbered paragraphs."""

    practice = models.ForeignKey(Practice, verbose_name=_("practice"),
        on_delete=models.CASCADE, related_name="goal_links")
    goal = models.ForeignKey("frameworks.Goal", verbose_name=_("goal"),
        on_delete=models.PROTECT, related_name="practice_links")
    paragraphs = models.ManyToManyField("frameworks.Paragraph", blank=True, related_name="practice_links")
    source = models.CharField(_("source"), max_length=16, choices=LinkSource.choices, default=LinkSource.ENTERED)
    position = models.PositiveSmallIntegerField(_("position"), default=0, help_text="order in the source document")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("goal link")
        verbose_name_plural = _("goal links")
        constraints = [models.UniqueConstraint(fields=["practice", "goal"], name="unique_practice_goal")]

    def __str__(self):
        return f"{self.practice} → {self.goal}"


class ReviewStep(models.Model):
    """One move of the review workflow, with who, when and an optional comment."""

    practice = models.ForeignKey(Practice, verbose_name=_("practice"),
        on_delete=models.CASCADE, related_name="review_steps")
    from_status = models.CharField(_("from status"), max_length=16, choices=PracticeStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=16, choices=PracticeStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"),
        null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")

    def __str__(self):
        return f"{self.practice}: {self.from_status or '∅'} → {self.to_status}"
