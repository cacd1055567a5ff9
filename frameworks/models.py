"""Strategy frameworks and plans of action: framework → goal (nestable) → numbered paragraph."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import AcceptedManager
from core.models import NameField, TimeStampedModel

from .choices import CrosswalkStatus, FrameworkStatus, Relation, SuggestionStatus


def _pick(obj, field: str) -> str:
    """The Arabic or English value of a bilingual field for the active language, falling back to the other."""
    ar, en = getattr(obj, f"{field}_ar"), getattr(obj, f"{field}_en")
    if (get_language() or "en").startswith("ar"):
        return ar or en
    return en or ar


def _shows_translation(obj) -> bool:
    return bool(obj.title_ar_is_translation and obj.title_ar and (get_language() or "en").startswith("ar"))


class Framework(TimeStampedModel):
    """A strategy or plan of action whose numbered goals practices and actions serve.

    Frameworks, goals and paragraphs that an import created from a private document are proposals of the
    document's organisation (`proposed_by`): `objects` leaves them out, `with_proposals` holds them
    (accounts.models.AcceptedManager)."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    title_en = NameField(_("title (English)"), max_length=300, blank=True)
    title_ar = NameField(_("title (Arabic)"), max_length=300, blank=True)
    short_name = NameField(_("short name"), max_length=60, blank=True)
    short_name_ar = NameField(_("short name (Arabic)"), max_length=80, blank=True)
    title_ar_is_translation = models.BooleanField(
        _("Arabic title is a translation"), default=False,
        help_text=_("The Arabic title and short name were written by the team, not published by the framework's "
                    "authors; pages mark them as a translation."))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=FrameworkStatus.choices, default="published")
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    source = models.TextField(_("source"), blank=True, help_text=_("Where the numbers and titles come from."))
    proposed_by = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("proposed by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="proposed_frameworks",
        help_text=_("Set while this is a proposal from a private document of this organisation."))

    objects = AcceptedManager()
    with_proposals = models.Manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")

    def __str__(self):
        return self.abbreviation

    @property
    def title(self) -> str:
        return _pick(self, "title") or self.slug

    @property
    def abbreviation(self) -> str:
        """The short name in the reader's language (the other language's, or the slug, when it has none)."""
        if (get_language() or "en").startswith("ar"):
            return self.short_name_ar or self.short_name or self.title_ar or self.slug
        return self.short_name or self.short_name_ar or self.title_en or self.slug

    @property
    def shows_translation(self) -> bool:
        """True when the reader sees an Arabic title or short name the team translated."""
        return _shows_translation(self)


class Goal(models.Model):
    """A numbered goal, pillar or priority area of a framework; goals nest to any depth through `parent`."""

    framework = models.ForeignKey(Framework, verbose_name=_("framework"),
        on_delete=models.CASCADE, related_name="goals")
    parent = models.ForeignKey("self", verbose_name=_("nested under"),
        null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    number = models.CharField(_("number"), max_length=20)
    position = models.PositiveIntegerField(_("position"), default=0, help_text=_("Order among its siblings."))
    title_en = NameField(_("title (English)"), max_length=500, blank=True)
    title_ar = NameField(_("title (Arabic)"), max_length=500, blank=True)
    title_ar_is_translation = models.BooleanField(
        _("Arabic title is a translation"), default=False,
        help_text=_("The Arabic title was written by the team, not published by the framework's authors; pages "
                    "mark it as a translation."))
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    aliases = models.JSONField(
        _("other wordings"), default=list, blank=True, help_text=_("Titles other documents use for this goal.")
    )
    proposed_by = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("proposed by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="proposed_goals",
        help_text=_("Set while this is a proposal from a private document of this organisation."))

    with_proposals = models.Manager()
    objects = AcceptedManager()

    class Meta:
        ordering = ["framework", "position", "id"]
        default_manager_name = "objects"
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.UniqueConstraint(fields=["framework", "parent", "number"], name="unique_goal_number"),
            models.UniqueConstraint(
                fields=["framework", "number"], condition=models.Q(parent=None, proposed_by=None),
                name="unique_top_goal_number",
            ),
            models.UniqueConstraint(
                fields=["framework", "number", "proposed_by"], condition=models.Q(parent=None),
                name="unique_proposed_top_goal_number",
            ),
        ]

    def __str__(self):
        return f"{self.framework.abbreviation} {self.number}: {self.title}"

    @property
    def title(self) -> str:
        return _pick(self, "title")

    @property
    def shows_translation(self) -> bool:
        """True when the reader sees an Arabic title the team translated."""
        return _shows_translation(self)

    @property
    def description(self) -> str:
        return _pick(self, "description")


class Paragraph(models.Model):
    """A numbered paragraph under a goal, in the language of the document it came from."""

    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="paragraphs")
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("text"))
    lang = models.CharField(_("language"), max_length=8, default="en")
    proposed_by = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("proposed by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="proposed_paragraphs",
        help_text=_("Set while this is a proposal from a private document of this organisation."))

    with_proposals = models.Manager()
    objects = AcceptedManager()

    class Meta:
        ordering = ["goal", "number"]
        default_manager_name = "objects"
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        constraints = [
            models.UniqueConstraint(fields=["goal", "number"], condition=models.Q(proposed_by=None),
                                    name="unique_paragraph_number"),
            models.UniqueConstraint(fields=["goal", "number", "proposed_by"], name="unique_proposed_paragraph_number"),
        ]

    def __str__(self):
        return f"({self.number}) {self.text[:60]}"


class Crosswalk(models.Model):
    """A link from a goal of one framework to a goal of another: `source` is <relation> `target`.

    The platform suggests links; a national coordinator confirms or rejects them. Only confirmed links carry
    practices from one framework's goals to another's.
    """

    source = models.ForeignKey(Goal, verbose_name=_("goal"),
        on_delete=models.CASCADE, related_name="crosswalks_out")
    target = models.ForeignKey(
        Goal, verbose_name=_("linked goal"), on_delete=models.CASCADE, related_name="crosswalks_in"
    )
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices, default=Relation.RELATED)
    status = models.CharField(
        _("status"), max_length=16, choices=CrosswalkStatus.choices, default=CrosswalkStatus.SUGGESTED, db_index=True
    )
    score = models.FloatField(_("similarity"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["source__framework", "source__position", "-score", "id"]
        verbose_name = _("crosswalk link")
        verbose_name_plural = _("crosswalk links")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="unique_crosswalk"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="crosswalk_not_self"),
        ]

    def __str__(self):
        return f"{self.source} — {self.get_relation_display()} — {self.target}"

    @property
    def closeness(self) -> str:
        """How close the two goals' texts are in meaning, in words rather than the encoder's score: "very close"
        from 0.8 (where a suggestion is called equivalent), "closely related" from 0.65, "related" below."""
        if self.score is None:
            return ""
        if self.score >= 0.8:
            return _("very close in meaning")
        if self.score >= 0.65:
            return _("closely related")
        return _("related")


# Below this confidence a suggestion is shown as "less likely".
WEAK_SUGGESTION_CONFIDENCE = 0.2


class GoalSuggestion(models.Model):
    """A goal the platform suggests for a record (a practice now; plan actions and needs later).

    Accepted and rejected suggestions are kept with who and when; accepted ones become goal links and
    serve as confirmed examples the suggester learns from.
    """

    content_type = models.ForeignKey(ContentType, verbose_name=_("record type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("record id"))
    subject = GenericForeignKey("content_type", "object_id")
    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="suggestions")
    confidence = models.FloatField(_("confidence"))
    reason = models.TextField(_("reason"), blank=True, help_text=_("In English, for the API and the command line."))
    evidence = models.JSONField(
        _("evidence"), default=list, blank=True,
        help_text=_("What the suggestion rests on: [{kind: example | goal_text, text, similarity}]."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING, db_index=True
    )
    suggested_at = models.DateTimeField(_("suggested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-confidence", "id"]
        verbose_name = _("goal suggestion")
        verbose_name_plural = _("goal suggestions")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "goal"], name="unique_goal_suggestion")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.goal} ({self.confidence:.2f}, {self.status})"

    @property
    def is_weak(self) -> bool:
        """Shown apart as "less likely": the suggester is unsure."""
        return self.confidence < WEAK_SUGGESTION_CONFIDENCE

    @property
    def similar_examples(self) -> list[str]:
        return [e["text"] for e in self.evidence if e.get("kind") == "example"]

    @property
    def matched_goal_texts(self) -> list[str]:
        return [e["text"] for e in self.evidence if e.get("kind") == "goal_text"]
