"""Events (roundtables, workshops, trainings, study visits, peer exchanges) and the recommendations they make,
followed to the end: who owns each, what each owner answered, how far it is carried out, and what changed.

Nothing here names a person: participation is counted per organisation (its type, participants, women and
youth among them); owners are organisations. Users appear only as the staff who act (created_by, actor), as in
every other app.

A recommendation's owner's **response** (`Owner.response`) is kept apart from the recommendation's
**implementation status** (`Recommendation.status`). Its progress is computed — from the plan actions it was
turned into (`RecommendationAction`), or else from its own progress updates — and cached in
`Recommendation.progress` for lists and flags; `last_update_on` and `issued_on` are stored so that the schedule
flags (`events.schedule`) are indexed filters. The quality check's result is stored (`quality`, `quality_missing`)
by the services on every save.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganisationKind
from core.models import NameField, TimeStampedModel
from practices.choices import PracticeLanguage

from .choices import (
    EventKind,
    EventStatus,
    MinutesStatus,
    OwnerRole,
    Priority,
    Response,
    SourceKind,
    Status,
    StepKind,
)

User = settings.AUTH_USER_MODEL


class FollowUpSettings(models.Model):
    """What administrators set for the follow-up (one row): after how many days without an update a
    recommendation is stale, and how many days before its due date its owners are reminded."""

    stale_after_days = models.PositiveIntegerField(_("stale after (days without an update)"), default=90,
                                                   validators=[MinValueValidator(7)])
    remind_before_days = models.PositiveIntegerField(_("remind owners this many days before the due date"),
                                                     default=14, validators=[MinValueValidator(1)])
    behind_margin = models.PositiveIntegerField(
        _("behind when progress trails the time elapsed by more than (percentage points)"), default=25,
        validators=[MinValueValidator(1), MaxValueValidator(100)])

    class Meta:
        verbose_name = _("follow-up settings")
        verbose_name_plural = _("follow-up settings")

    def __str__(self):
        return str(_("Follow-up settings"))

    @classmethod
    def current(cls) -> "FollowUpSettings":
        """The row, or the defaults when administrators never saved one (not written)."""
        return cls.objects.first() or cls()


class Event(TimeStampedModel):
    """A roundtable, workshop, training, study visit or peer exchange. Published (`is_public`) by a convener or a
    coordinator; until then its conveners, participants, the owners of its recommendations and coordinators see it."""

    reference = models.CharField(_("reference"), max_length=40, unique=True,
                                 help_text=_("For example EVT-2023-BGD; left empty, one is given."))
    kind = models.CharField(_("type"), max_length=20, choices=EventKind.choices, default=EventKind.ROUNDTABLE)
    title = NameField(_("title"), max_length=300)
    lang = models.CharField(_("language"), max_length=8, choices=PracticeLanguage.choices, default="ar")
    description = models.TextField(_("description"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    place = models.ForeignKey("places.Place", verbose_name=_("place"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="events")
    governorate = models.ForeignKey("places.Place", verbose_name=_("governorate"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+", editable=False,
                                    help_text="the place's governorate, kept by the services for filters")
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online = models.BooleanField(_("online"), default=False)
    conveners = models.ManyToManyField("accounts.Organisation", verbose_name=_("convening organisations"),
                                       related_name="convened_events")
    audiences = models.JSONField(_("audience"), default=list, blank=True,
                                 help_text="a list of events.choices.Audience values")
    status = models.CharField(_("status"), max_length=16, choices=EventStatus.choices, default=EventStatus.PLANNED)
    is_public = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(User, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="events_event_dates"),
        ]
        indexes = [models.Index(fields=["is_public", "-start_date"]), models.Index(fields=["governorate"])]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("events:event", args=[self.pk])


class EventDocument(models.Model):
    """An agenda, concept note, presentation or report of an event; public only when marked so and the event is
    published."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="documents")
    title = NameField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="events/%Y/%m/")
    size = models.PositiveBigIntegerField(_("size"), default=0)
    is_public = models.BooleanField(_("public"), default=False)
    created_by = models.ForeignKey(User, verbose_name=_("uploaded by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("event document")
        verbose_name_plural = _("event documents")
        ordering = ["pk"]

    def __str__(self):
        return self.title


class Participation(models.Model):
    """How an organisation took part in an event: counts only, never names. `kind` is the organisation's type
    when it took part (kept, so that a later change of type does not rewrite history)."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey("accounts.Organisation", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="event_participations")
    kind = models.CharField(_("organisation type"), max_length=32, choices=OrganisationKind.choices)
    participants = models.PositiveIntegerField(_("participants"), validators=[MinValueValidator(1)])
    women = models.PositiveIntegerField(_("women among them"), default=0)
    youth = models.PositiveIntegerField(_("youth among them"), default=0)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participation")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "organisation"], name="events_participation_once"),
            models.CheckConstraint(condition=Q(women__lte=F("participants")), name="events_participation_women"),
            models.CheckConstraint(condition=Q(youth__lte=F("participants")), name="events_participation_youth"),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.participants})"


class Minutes(models.Model):
    """An event's minutes and outcomes: drafted, then approved by a convener; only approved minutes can be
    published."""

    event = models.OneToOneField(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("minutes"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    lang = models.CharField(_("language"), max_length=8, choices=PracticeLanguage.choices, default="ar")
    status = models.CharField(_("status"), max_length=16, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    is_public = models.BooleanField(_("published"), default=False)
    drafted_by = models.ForeignKey(User, verbose_name=_("drafted by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(User, verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("approved on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.CheckConstraint(condition=Q(is_public=False) | Q(status=MinutesStatus.APPROVED),
                                   name="events_minutes_public_only_approved"),
        ]

    def __str__(self):
        return str(self.event)


class Recommendation(TimeStampedModel):
    """A recommendation from an event (or a support request, an evaluation or an outside document), in its
    original language with an optional translation, owned by organisations (`Owner`), followed to an outcome."""

    reference = models.CharField(_("reference"), max_length=60, unique=True,
                                 help_text=_("For example EVT-2023-BGD-R07; left empty, one is given."))
    external_id = models.CharField(_("external identifier"), max_length=120, blank=True,
                                   help_text=_("The identifier in the file it was imported from; a re-import "
                                               "updates the recommendation instead of adding another."))
    source_kind = models.CharField(_("source"), max_length=20, choices=SourceKind.choices, default=SourceKind.EVENT)
    event = models.ForeignKey(Event, verbose_name=_("event"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="recommendations")
    support_request = models.ForeignKey("support.SupportRequest", verbose_name=_("support request"), null=True,
                                        blank=True, on_delete=models.PROTECT, related_name="recommendations")
    steward = models.ForeignKey("accounts.Organisation", verbose_name=_("kept by"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="stewarded_recommendations",
                                help_text=_("The organisation that records and follows this recommendation: the "
                                            "event's convener, the hub of a support request."))
    source_title = models.CharField(_("source document or evaluation"), max_length=300, blank=True)
    source_url = models.URLField(_("source address"), blank=True, max_length=500)
    source_document = models.ForeignKey("documents.SourceDocument", verbose_name=_("imported from"), null=True,
                                        blank=True, on_delete=models.SET_NULL, related_name="+")
    number = models.CharField(_("number as written"), max_length=20, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("recommendation"))
    lang = models.CharField(_("language"), max_length=8, choices=PracticeLanguage.choices, default="ar")
    translation = models.TextField(_("translation"), blank=True)
    translation_lang = models.CharField(_("language of the translation"), max_length=8,
                                        choices=PracticeLanguage.choices, blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    audiences = models.JSONField(_("audience"), default=list, blank=True,
                                 help_text="a list of events.choices.Audience values")
    audience_heading = models.CharField(_("heading it sits under"), max_length=300, blank=True)
    national = models.BooleanField(_("national"), default=False,
                                   help_text=_("For the whole country rather than named governorates."))
    places = models.ManyToManyField("places.Place", verbose_name=_("places"), blank=True,
                                    related_name="recommendations")
    goals = models.ManyToManyField("frameworks.Goal", verbose_name=_("framework goals"), blank=True,
                                   related_name="recommendations")
    paragraphs = models.ManyToManyField("frameworks.Paragraph", verbose_name=_("framework paragraphs"), blank=True,
                                        related_name="recommendations")
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.MEDIUM)
    issued_on = models.DateField(_("recommended on"), help_text=_("The event's last day, or the date of the source."))
    due_date = models.DateField(_("due"), null=True, blank=True)
    done_when = models.TextField(_("done when"), blank=True,
                                 help_text=_("One sentence that says how anyone can tell it is done."))
    status = models.CharField(_("implementation status"), max_length=16, choices=Status.choices,
                              default=Status.NOT_STARTED)
    status_reason = models.TextField(_("reason for the status"), blank=True)
    successor = models.ForeignKey("self", verbose_name=_("superseded by / merged into"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="predecessors")
    behind_reason = models.TextField(_("reason for the delay"), blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True, editable=False,
                                                help_text="cached: from linked actions, else from the updates")
    last_update_on = models.DateField(_("last update"), null=True, blank=True, editable=False)
    quality = models.PositiveSmallIntegerField(_("quality score"), default=0, editable=False)
    quality_missing = models.JSONField(_("missing for follow-up"), default=list, blank=True, editable=False)
    is_public = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    actions = models.ManyToManyField("plans.Action", through="RecommendationAction", blank=True,
                                     verbose_name=_("plan actions"), related_name="recommendations")
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(User, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["event_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["external_id"], condition=~Q(external_id=""),
                                    name="events_recommendation_external_id"),
        ]
        indexes = [
            models.Index(fields=["is_public", "status"]),
            models.Index(fields=["due_date"]),
            models.Index(fields=["last_update_on"]),
            models.Index(fields=["quality"]),
            # The follow-up pages' order: a page of ids read off the index, not a sort of every row.
            models.Index(fields=["is_public", "-issued_on", "event", "position", "id"],
                         name="events_rec_follow_up_order"),
        ]

    def __str__(self):
        return f"{self.reference}"

    def get_absolute_url(self):
        return reverse("events:recommendation", args=[self.pk])


class Owner(models.Model):
    """An organisation that owns a recommendation — one lead, any number of supporting and contributing ones — and
    its response. `is_public`: named on public pages (otherwise only its type shows)."""

    recommendation = models.ForeignKey(Recommendation, verbose_name=_("recommendation"), on_delete=models.CASCADE,
                                       related_name="owners")
    organisation = models.ForeignKey("accounts.Organisation", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="recommendation_owners")
    role = models.CharField(_("role"), max_length=16, choices=OwnerRole.choices, default=OwnerRole.SUPPORTING)
    response = models.CharField(_("response"), max_length=20, choices=Response.choices, default=Response.PENDING)
    response_reason = models.TextField(_("reason for the response"), blank=True)
    responded_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    responded_by = models.ForeignKey(User, verbose_name=_("answered by"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    is_public = models.BooleanField(_("named in public"), default=True)

    class Meta:
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        ordering = ["recommendation_id", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "organisation"], name="events_owner_once"),
            models.UniqueConstraint(fields=["recommendation"], condition=Q(role=OwnerRole.LEAD),
                                    name="events_owner_one_lead"),
        ]
        indexes = [models.Index(fields=["organisation", "response"]),
                   models.Index(fields=["recommendation", "response"], name="events_owner_responses")]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class RecommendationAction(models.Model):
    """A plan action that carries a recommendation out: its progress is the recommendation's."""

    recommendation = models.ForeignKey(Recommendation, verbose_name=_("recommendation"), on_delete=models.CASCADE,
                                       related_name="action_links")
    action = models.ForeignKey("plans.Action", verbose_name=_("plan action"), on_delete=models.CASCADE,
                               related_name="recommendation_links")
    created_by = models.ForeignKey(User, verbose_name=_("linked by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("linked on"), auto_now_add=True)

    class Meta:
        verbose_name = _("linked plan action")
        verbose_name_plural = _("linked plan actions")
        constraints = [models.UniqueConstraint(fields=["recommendation", "action"], name="events_action_once")]

    def __str__(self):
        return f"{self.recommendation} → {self.action_id}"


class Update(models.Model):
    """A progress update on a recommendation that no plan action carries, by one of its owners; public only when
    marked so and the recommendation is published."""

    recommendation = models.ForeignKey(Recommendation, verbose_name=_("recommendation"), on_delete=models.CASCADE,
                                       related_name="updates")
    organisation = models.ForeignKey("accounts.Organisation", verbose_name=_("reported by"),
                                     on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True,
                                                validators=[MaxValueValidator(100)])
    text = models.TextField(_("what changed"))
    lang = models.CharField(_("language"), max_length=8, choices=PracticeLanguage.choices, default="ar")
    is_public = models.BooleanField(_("public"), default=False)
    created_by = models.ForeignKey(User, verbose_name=_("written by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["recommendation", "-date"])]

    def __str__(self):
        return f"{self.recommendation} {self.date}"


class UpdateEvidence(models.Model):
    """A file that backs a progress update; public only when marked so (and its update is public)."""

    update = models.ForeignKey(Update, verbose_name=_("progress update"), on_delete=models.CASCADE,
                               related_name="evidence")
    file = models.FileField(_("file"), upload_to="recommendations/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    is_public = models.BooleanField(_("public"), default=False)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.name


class Step(models.Model):
    """One line of a recommendation's timeline: recommended, published, an owner's response, a status change,
    an update, a link to a plan action, a reason for delay. `organisation`: the owner it concerns, if any;
    `is_public`: shown on public pages (a private owner's response shows its type only; a private update not at
    all)."""

    recommendation = models.ForeignKey(Recommendation, verbose_name=_("recommendation"), on_delete=models.CASCADE,
                                       related_name="steps")
    kind = models.CharField(_("what"), max_length=16, choices=StepKind.choices)
    from_value = models.CharField(_("from"), max_length=20, blank=True)
    to_value = models.CharField(_("to"), max_length=20, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    organisation = models.ForeignKey("accounts.Organisation", verbose_name=_("organisation"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    is_public = models.BooleanField(_("public"), default=True)
    actor = models.ForeignKey(User, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("timeline step")
        verbose_name_plural = _("timeline steps")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.recommendation} {self.kind}"
