"""Good practices in the compendium's structure, their goal links and their review history."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from core.models import NameField, TimeStampedModel
from core.text import natural_key, text_direction

from .choices import LinkSource, PracticeLanguage, PracticeStatus, ReviewLevel


def period_text(start_year: int | None, end_year: int | None, ongoing: bool, written: str = "") -> str:
    """A practice's period in the reader's language, from its years: "Since 2024" for a start year and ongoing,
    "2018–2020", "2019" for one year, "Until 2020"; the period as written when no year is known. The one helper
    for pages, cards and exports."""
    if start_year and ongoing:
        return gettext("Since %(year)s") % {"year": start_year}
    if start_year and end_year and end_year != start_year:
        return pgettext("year range", "%(start)s–%(end)s") % {"start": start_year, "end": end_year}
    if start_year:
        return str(start_year)
    if end_year:
        return gettext("Until %(year)s") % {"year": end_year}
    if ongoing:
        return pgettext("practice period", "Ongoing")
    return written


def practice_key(name: str, organisation: str | None, location: str | None) -> str:
    """The natural key that makes re-imports idempotent: same name, organisation and place → same practice."""
    return natural_key(name, organisation, location)[:700]


class Practice(TimeStampedModel):
    """A good practice: what was done, where, by whom, when, for whom, and which framework goals it serves.

    Text keeps the language it was written in (`lang`); nothing is translated in place.
    """

    name = NameField(_("name"), max_length=300)
    lang = models.CharField(_("language"), max_length=8, choices=PracticeLanguage.choices, default=PracticeLanguage.EN)
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
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("governorate or district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices_here",
        help_text=_("Where in the country, when the reference list has the place."),
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
        return text_direction(self.lang)

    @property
    def period_display(self) -> str:
        """The period in the reader's language ("Since 2024"), see `period_text`."""
        return period_text(self.start_year, self.end_year, self.ongoing, self.period)

    @property
    def place_display(self) -> str:
        """Where, in the reader's language: the district or governorate with its governorate, then the country
        ("Tel Afar, Nineveh, Iraq"); a place the reference list lacks stays as written."""
        separator = pgettext("list separator", ", ")
        country = self.country.name if self.country_id else ""
        if self.place_id:
            place = self.place
            parts = [place.name]
            if place.parent_id and place.parent.kind != "country":
                parts.append(place.parent.name)
            return separator.join([*parts, country] if country else parts)
        written = self.location
        if not country or not written:
            return written or country
        names = [name.casefold() for name in (self.country.name_en, self.country.name_ar) if name]
        if written.casefold() in names:
            return country
        if any(name in written.casefold() for name in names):
            return written  # "Iraq, Sinjar mountains": the country is in the words already
        return f"{written} ({country})"


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
    """One move of the review workflow, with who, when and an optional comment. A submission keeps what was
    submitted (`content`, `practices.review.practice_content`), so that reviewers see what changed since the one
    before."""

    practice = models.ForeignKey(Practice, verbose_name=_("practice"),
        on_delete=models.CASCADE, related_name="review_steps")
    from_status = models.CharField(_("from status"), max_length=16, choices=PracticeStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=16, choices=PracticeStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"),
        null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)
    content = models.JSONField(_("content submitted"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")

    def __str__(self):
        return f"{self.practice}: {self.from_status or '∅'} → {self.to_status}"
