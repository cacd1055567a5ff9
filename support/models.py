"""The hub's support desk: community needs → support requests → triage → matches → delivery → outcome.

Everything here is about communities and organisations, never about a person: a need names a place, a theme and
groups as categories; a request names a sponsoring *role* (deputy governor), not a name; participation is counted
by organisation type, women and youth. Users appear only as the staff who act (created_by, actor), as in every
other app. Free text is checked for telephone numbers, e-mail addresses and ID-like digit runs on save
(`support.checks`).

The request lifecycle's allowed moves and who makes them are rows (`Transition`), the reasons for declining,
redirecting, merging, withdrawing, closing and rejecting are rows (`Reason`), the service-level targets are rows
(`ServiceTarget`) and the working week and holidays are rows (`Calendar`, `Holiday`): administrators keep them.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.models import NameField, TimeStampedModel
from practices.choices import PracticeLanguage

from .choices import (
    Availability,
    CandidateKind,
    CandidateStatus,
    Clock,
    EngagementType,
    Mode,
    NeedMet,
    NeedSource,
    NeedStatus,
    NextStepParty,
    Priority,
    ReasonKind,
    ReferralStatus,
    RequestType,
    Stage,
    SupportLanguage,
    Theme,
)

User = settings.AUTH_USER_MODEL


def _in_reader_language(en: str, ar: str) -> str:
    return ar if (get_language() or "en").startswith("ar") and ar else en


# --- what administrators keep ---------------------------------------------------------------------------------

def default_working_days() -> list[int]:
    """Sunday to Thursday, as Python numbers weekdays (Monday 0 … Sunday 6)."""
    return [6, 0, 1, 2, 3]


class Calendar(models.Model):
    """The working week the service-level clocks count in (one row; Sunday–Thursday unless changed), with its
    public holidays (`Holiday`)."""

    name = NameField(_("name"), max_length=100, default="Iraq")
    working_days = models.JSONField(
        _("working days"), default=default_working_days,
        help_text=_("Weekdays counted as working days: 0 Monday … 6 Sunday."))

    class Meta:
        verbose_name = _("working calendar")
        verbose_name_plural = _("working calendars")

    def __str__(self):
        return self.name


class Holiday(models.Model):
    """A public holiday: not a working day for the clocks."""

    calendar = models.ForeignKey(Calendar, verbose_name=_("calendar"), on_delete=models.CASCADE,
                                 related_name="holidays")
    date = models.DateField(_("date"))
    name = NameField(_("name"), max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        constraints = [models.UniqueConstraint(fields=["calendar", "date"], name="unique_holiday_date")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


class ServiceTarget(models.Model):
    """How many working days from submission a clock may run for requests of a type (blank: any type) and
    priority. A type's own row wins over the any-type row."""

    request_type = models.CharField(_("request type"), max_length=32, choices=RequestType.choices, blank=True)
    priority = models.CharField(_("priority"), max_length=16, choices=Priority.choices)
    clock = models.CharField(_("clock"), max_length=20, choices=Clock.choices)
    days = models.PositiveSmallIntegerField(_("working days"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["request_type", "priority", "clock"]
        verbose_name = _("service-level target")
        verbose_name_plural = _("service-level targets")
        constraints = [models.UniqueConstraint(fields=["request_type", "priority", "clock"],
                                               name="unique_service_target")]

    def __str__(self):
        return f"{self.get_request_type_display() or '*'} / {self.get_priority_display()} / {self.get_clock_display()}"


class Reason(models.Model):
    """A reason from the list administrators keep, for one kind of move (declining, redirecting, merging,
    withdrawing, closing, rejecting a match, declining a referral)."""

    kind = models.CharField(_("used for"), max_length=20, choices=ReasonKind.choices, db_index=True)
    code = models.SlugField(_("code"), max_length=50)
    label_en = models.CharField(_("label (English)"), max_length=200)
    label_ar = models.CharField(_("label (Arabic)"), max_length=200)
    active = models.BooleanField(_("offered"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["kind", "position", "code"]
        verbose_name = _("reason")
        verbose_name_plural = _("reasons")
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="unique_reason_code")]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return _in_reader_language(self.label_en, self.label_ar)


class Transition(models.Model):
    """An allowed move of a support request, who may make it (`movers`: requester, hub, coordinator) and the
    list its reason comes from (`reason_kind`, blank: no reason needed)."""

    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    movers = models.JSONField(_("who may make it"), default=list)
    reason_kind = models.CharField(_("reason from the list"), max_length=20, choices=ReasonKind.choices,
                                   blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["from_stage", "position"]
        verbose_name = _("allowed move")
        verbose_name_plural = _("allowed moves")
        constraints = [models.UniqueConstraint(fields=["from_stage", "to_stage"], name="unique_transition")]

    def __str__(self):
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


# --- needs ----------------------------------------------------------------------------------------------------

class Need(TimeStampedModel):
    """A community-level need of a place (governorate or district): a theme, framework goals, groups affected as
    categories, where it was heard, how severe (1–5) and the sub-committee's own rank. Never about a person.
    `mentions` counts the assessment answers an import aggregated into it; `import_key` keeps a re-import from
    creating it twice."""

    title = NameField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    lang = models.CharField(_("language"), max_length=8, choices=PracticeLanguage.choices, default="ar")
    owner = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("recorded for"), on_delete=models.PROTECT, related_name="needs",
        help_text=_("The sub-committee or local government whose community has the need."))
    hub = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("supporting hub"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="hub_needs")
    place = models.ForeignKey("places.Place", verbose_name=_("place"), on_delete=models.PROTECT,
                              related_name="needs", help_text=_("The governorate or district."))
    governorate = models.ForeignKey("places.Place", verbose_name=_("governorate"), on_delete=models.PROTECT,
                                    related_name="governorate_needs", editable=False)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, db_index=True)
    goals = models.ManyToManyField("frameworks.Goal", verbose_name=_("framework goals"), blank=True,
                                   related_name="needs")
    groups = models.JSONField(_("groups affected"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=NeedSource.choices)
    severity = models.PositiveSmallIntegerField(
        _("severity"), validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (minor) to 5 (critical)."))
    priority_rank = models.PositiveSmallIntegerField(
        _("sub-committee's priority rank"), null=True, blank=True, help_text=_("1 is the first priority."))
    status = models.CharField(_("status"), max_length=20, choices=NeedStatus.choices,
                              default=NeedStatus.IDENTIFIED, db_index=True)
    mentions = models.PositiveIntegerField(_("answers that mention it"), default=0)
    import_key = models.CharField(_("import key"), max_length=200, blank=True, editable=False)
    actions = models.ManyToManyField("plans.Action", verbose_name=_("plan actions that address it"), blank=True,
                                     related_name="needs")
    created_by = models.ForeignKey(User, verbose_name=_("recorded by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-severity", "priority_rank", "-created_at"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [models.UniqueConstraint(fields=["owner", "import_key"], condition=~models.Q(import_key=""),
                                               name="unique_need_import_key")]
        indexes = [models.Index(fields=["governorate", "status"]), models.Index(fields=["owner", "status"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("support:need", args=[self.pk])


class NeedEvidence(models.Model):
    """A file that shows the need (a consultation report, an assessment summary): community-level only."""

    need = models.ForeignKey(Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="support/evidence/%Y/%m/")
    title = NameField(_("title"), max_length=300)
    uploaded_by = models.ForeignKey(User, verbose_name=_("added by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["added_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.title


class NeedStep(models.Model):
    """One change of a need's status, with who, when and why."""

    need = models.ForeignKey(Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("from"), max_length=20, choices=NeedStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=NeedStatus.choices)
    actor = models.ForeignKey(User, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("need status change")
        verbose_name_plural = _("need status changes")

    def __str__(self):
        return f"{self.need} → {self.get_to_status_display()}"


# --- requests -------------------------------------------------------------------------------------------------

class SupportRequest(TimeStampedModel):
    """A locality asks a hub for support about one or more of its needs. `stage` moves along the `Transition`
    rows; `version` grows on every change, so that of two people moving it at once one wins and the other is
    told. The clocks read `submitted_at` and the steps (pauses while it needs information)."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    title = NameField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    lang = models.CharField(_("language"), max_length=8, choices=PracticeLanguage.choices, default="ar")
    requester = models.ForeignKey("accounts.Organisation", verbose_name=_("requesting organisation"),
                                  on_delete=models.PROTECT, related_name="support_requests")
    hub = models.ForeignKey("accounts.Organisation", verbose_name=_("hub asked"), on_delete=models.PROTECT,
                            related_name="hub_requests")
    place = models.ForeignKey("places.Place", verbose_name=_("place"), on_delete=models.PROTECT,
                              related_name="support_requests")
    governorate = models.ForeignKey("places.Place", verbose_name=_("governorate"), on_delete=models.PROTECT,
                                    related_name="governorate_support_requests", editable=False)
    needs = models.ManyToManyField(Need, verbose_name=_("needs"), related_name="requests")
    goals = models.ManyToManyField("frameworks.Goal", verbose_name=_("framework goals"), blank=True,
                                   related_name="support_requests")
    request_type = models.CharField(_("type of support"), max_length=32, choices=RequestType.choices,
                                    db_index=True)
    priority = models.CharField(_("priority"), max_length=16, choices=Priority.choices, default=Priority.NORMAL)
    result_wanted = models.TextField(_("result wanted"))
    timeframe_start = models.DateField(_("wanted from"), null=True, blank=True)
    timeframe_end = models.DateField(_("wanted by"), null=True, blank=True)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.IN_PERSON)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    sponsoring_role = NameField(_("sponsoring role"), max_length=200, blank=True,
                                help_text=_("A role such as deputy governor — not a person's name."))
    stakeholders = models.TextField(_("stakeholders engaged"), blank=True)
    co_requesters = models.ManyToManyField("accounts.Organisation", verbose_name=_("co-requesting localities"),
                                           blank=True, related_name="co_requested_support")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.DRAFT,
                             db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    assigned_to = models.ForeignKey(User, verbose_name=_("assigned to"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="assigned_support_requests")
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True, editable=False)
    triaged_at = models.DateTimeField(_("triage decided"), null=True, blank=True, editable=False)
    delivery_started_at = models.DateTimeField(_("delivery started"), null=True, blank=True, editable=False)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    merged_into = models.ForeignKey("self", verbose_name=_("merged into"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="merged_requests")
    redirected_to = models.ForeignKey("accounts.Organisation", verbose_name=_("redirected to"), null=True,
                                      blank=True, on_delete=models.SET_NULL, related_name="+")
    triage = models.JSONField(_("triage checks"), default=dict, blank=True, editable=False)
    due_on = models.DateField(
        _("next due"), null=True, blank=True, editable=False, db_index=True,
        help_text="the earliest due day of a running clock (none while paused or when no clock runs): what the "
                  "overdue queue filters on; kept by the moves and by changes to the calendar and targets")
    created_by = models.ForeignKey(User, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        indexes = [models.Index(fields=["hub", "stage"]), models.Index(fields=["governorate", "stage"]),
                   models.Index(fields=["requester", "stage"])]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("support:request", args=[self.pk])


class RequestStep(models.Model):
    """One move of a request: from, to, who, when, the reason from the list and a note."""

    request = models.ForeignKey(SupportRequest, verbose_name=_("request"), on_delete=models.CASCADE,
                                related_name="steps")
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    actor = models.ForeignKey(User, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    at = models.DateTimeField(_("when"), db_index=True)
    reason = models.ForeignKey(Reason, verbose_name=_("reason"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("request move")
        verbose_name_plural = _("request moves")

    def __str__(self):
        return f"{self.request.reference}: {self.get_from_stage_display()} → {self.get_to_stage_display()}"


# --- matching -------------------------------------------------------------------------------------------------

class Expert(TimeStampedModel):
    """A member of a hub's expert pool: a user account of the hub (the expert's own login, as for any staff
    member) with the themes, languages, places and goals the expert works on and the current availability."""

    hub = models.ForeignKey("accounts.Organisation", verbose_name=_("hub"), on_delete=models.CASCADE,
                            related_name="experts")
    user = models.ForeignKey(User, verbose_name=_("account"), on_delete=models.CASCADE, related_name="expert_roles")
    themes = models.JSONField(_("themes"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    places = models.ManyToManyField("places.Place", verbose_name=_("places"), blank=True, related_name="+")
    goals = models.ManyToManyField("frameworks.Goal", verbose_name=_("framework goals"), blank=True,
                                   related_name="+")
    availability = models.CharField(_("availability"), max_length=16, choices=Availability.choices,
                                    default=Availability.AVAILABLE)
    available_from = models.DateField(_("available from"), null=True, blank=True)

    class Meta:
        ordering = ["hub", "user__username"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        constraints = [models.UniqueConstraint(fields=["hub", "user"], name="unique_hub_expert")]

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()


class Candidate(models.Model):
    """A possible match for a request — a practice, an expert, a peer locality or a partner organisation — with
    its score and readable reasons (`reasons`: a list of {"code", ...parameters}, put into words by
    `support.matching.reason_text`). suggested → proposed → accepted | rejected (with a reason)."""

    request = models.ForeignKey(SupportRequest, verbose_name=_("request"), on_delete=models.CASCADE,
                                related_name="candidates")
    kind = models.CharField(_("kind"), max_length=16, choices=CandidateKind.choices)
    practice = models.ForeignKey("practices.Practice", verbose_name=_("practice"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+")
    expert = models.ForeignKey(Expert, verbose_name=_("expert"), null=True, blank=True, on_delete=models.CASCADE,
                               related_name="candidacies")
    organisation = models.ForeignKey("accounts.Organisation", verbose_name=_("organisation"), null=True,
                                     blank=True, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"), default=0.0)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=CandidateStatus.choices,
                              default=CandidateStatus.SUGGESTED, db_index=True)
    reason = models.ForeignKey(Reason, verbose_name=_("reason"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(User, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "-score", "pk"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(fields=["request", "practice"], condition=models.Q(kind="practice"),
                                    name="unique_candidate_practice"),
            models.UniqueConstraint(fields=["request", "expert"], condition=models.Q(kind="expert"),
                                    name="unique_candidate_expert"),
            models.UniqueConstraint(fields=["request", "kind", "organisation"],
                                    condition=models.Q(kind__in=["peer", "partner"]),
                                    name="unique_candidate_organisation"),
        ]

    def __str__(self):
        return f"{self.request.reference}: {self.get_kind_display()} {self.target}"

    @property
    def target(self):
        return self.practice or self.expert or self.organisation


# --- referral, delivery, outcome ------------------------------------------------------------------------------

class Referral(models.Model):
    """Part of a request referred to a partner organisation, closed loop: sent → accepted | declined | no answer
    by the deadline, with the partner's feedback, which the locality and the hub see."""

    request = models.ForeignKey(SupportRequest, verbose_name=_("request"), on_delete=models.CASCADE,
                                related_name="referrals")
    partner = models.ForeignKey("accounts.Organisation", verbose_name=_("partner"), on_delete=models.PROTECT,
                                related_name="support_referrals")
    scope = models.TextField(_("what is referred"))
    deadline = models.DateField(_("answer by"))
    status = models.CharField(_("status"), max_length=16, choices=ReferralStatus.choices,
                              default=ReferralStatus.SENT, db_index=True)
    created_by = models.ForeignKey(User, verbose_name=_("sent by"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    decided_by = models.ForeignKey(User, verbose_name=_("answered by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reason = models.ForeignKey(Reason, verbose_name=_("reason"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    feedback = models.TextField(_("feedback"), blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self):
        return f"{self.request.reference} → {self.partner}"


class Engagement(models.Model):
    """One engagement of the delivery log: date, type, mode, duration, language, participants counted by
    organisation type (`EngagementCount`, no names), the practices and resources used, and typed next steps."""

    request = models.ForeignKey(SupportRequest, verbose_name=_("request"), on_delete=models.CASCADE,
                                related_name="engagements")
    date = models.DateField(_("date"))
    engagement_type = models.CharField(_("type"), max_length=20, choices=EngagementType.choices)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)
    duration_hours = models.DecimalField(_("duration (hours)"), max_digits=5, decimal_places=1,
                                         validators=[MinValueValidator(0)])
    language = models.CharField(_("language"), max_length=8, choices=SupportLanguage.choices)
    practices = models.ManyToManyField("practices.Practice", verbose_name=_("practices used"), blank=True,
                                       related_name="+")
    resources = models.TextField(_("resources used"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(User, verbose_name=_("recorded by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")

    def __str__(self):
        return f"{self.request.reference} {self.date:%Y-%m-%d} {self.get_engagement_type_display()}"


class EngagementCount(models.Model):
    """Participants of one engagement from one type of organisation: how many, women and youth among them."""

    engagement = models.ForeignKey(Engagement, verbose_name=_("engagement"), on_delete=models.CASCADE,
                                   related_name="counts")
    organisation_kind = models.CharField(_("organisation type"), max_length=32)
    participants = models.PositiveIntegerField(_("participants"))
    women = models.PositiveIntegerField(_("women"), default=0)
    youth = models.PositiveIntegerField(_("youth"), default=0)

    class Meta:
        verbose_name = _("participant count")
        verbose_name_plural = _("participant counts")
        constraints = [models.UniqueConstraint(fields=["engagement", "organisation_kind"],
                                               name="unique_engagement_count")]

    def __str__(self):
        return f"{self.organisation_kind}: {self.participants}"


class NextStep(models.Model):
    """A next step agreed at an engagement: whose (hub, locality, partner), which organisation owns it, by when."""

    engagement = models.ForeignKey(Engagement, verbose_name=_("engagement"), on_delete=models.CASCADE,
                                   related_name="next_steps")
    party = models.CharField(_("for"), max_length=16, choices=NextStepParty.choices)
    owner = models.ForeignKey("accounts.Organisation", verbose_name=_("owner"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("step"))
    due = models.DateField(_("due"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("next step")
        verbose_name_plural = _("next steps")

    def __str__(self):
        return self.text[:80]


class Outcome(models.Model):
    """At closing, the locality's word: a rating of the support (1–5), whether the need was met fully, partly or
    not, what changed, and the plan action whose progress moved."""

    request = models.OneToOneField(SupportRequest, verbose_name=_("request"), on_delete=models.CASCADE,
                                   related_name="outcome")
    rating = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    need_met = models.CharField(_("need met"), max_length=8, choices=NeedMet.choices)
    what_changed = models.TextField(_("what changed"))
    action = models.ForeignKey("plans.Action", verbose_name=_("plan action that moved"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="support_outcomes")
    created_by = models.ForeignKey(User, verbose_name=_("recorded by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self):
        return f"{self.request.reference}: {self.get_need_met_display()}"


class OutcomeCheck(models.Model):
    """The desk asks again some months after closing (3 and 6): is the change still there?"""

    request = models.ForeignKey(SupportRequest, verbose_name=_("request"), on_delete=models.CASCADE,
                                related_name="outcome_checks")
    months = models.PositiveSmallIntegerField(_("months after closing"))
    due = models.DateField(_("due"))
    asked_at = models.DateTimeField(_("asked"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    need_met = models.CharField(_("need met"), max_length=8, choices=NeedMet.choices, blank=True)
    what_changed = models.TextField(_("what changed"), blank=True)

    class Meta:
        ordering = ["due"]
        verbose_name = _("outcome check")
        verbose_name_plural = _("outcome checks")
        constraints = [models.UniqueConstraint(fields=["request", "months"], name="unique_outcome_check")]

    def __str__(self):
        return f"{self.request.reference} +{self.months}"


# --- assessment imports ---------------------------------------------------------------------------------------

class ImportMapping(TimeStampedModel):
    """The columns an organisation chose for an assessment form's export (KoboToolbox, ActivityInfo), remembered
    by the form's header (`form_key`) so that the next file of the same form needs no mapping step."""

    owner = models.ForeignKey("accounts.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE,
                              related_name="+")
    form_key = models.CharField(_("form"), max_length=64)
    form_name = models.CharField(_("form name"), max_length=300, blank=True)
    columns = models.JSONField(_("columns"), default=dict)

    class Meta:
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")
        constraints = [models.UniqueConstraint(fields=["owner", "form_key"], name="unique_import_mapping")]

    def __str__(self):
        return self.form_name or self.form_key


# --- notices --------------------------------------------------------------------------------------------------

class NoticeSent(models.Model):
    """A notice the daily task sent once and must not send again: a clock about to breach (per request and
    clock), an outcome due (per request), a follow-up check due (per check), a user's digest (per day)."""

    request = models.ForeignKey(SupportRequest, verbose_name=_("request"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("notice"), max_length=100, unique=True)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice sent")
        verbose_name_plural = _("notices sent")

    def __str__(self):
        return self.key
