"""Shared models with no domain data: the audit log and the background job record."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .audit_labels import label_for
from .text import clean_name


class NameField(models.CharField):
    """A name or title: stored without directional formatting characters (core.text.clean_name), whichever way
    it is written — a service, a spreadsheet's bulk insert, the admin. Migrations see a plain CharField."""

    def pre_save(self, model_instance, add):
        value = clean_name(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value):
        return super().get_prep_value(clean_name(value))

    def to_python(self, value):
        return clean_name(super().to_python(value))

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


class TimeStampedModel(models.Model):
    """Abstract base: when a row was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One write (or denied access): who did what to which record, when and from where. Never edited."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.SET_NULL
    )
    system_reason = models.CharField(_("system work"), max_length=100, blank=True,
                                     help_text=_("Set when the installation itself acted (setup, demo data, purge)."))
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("record type"), max_length=100, blank=True)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    remote_addr = models.GenericIPAddressField(_("from"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.who} {self.action} {self.object_repr}"

    @property
    def who(self) -> str:
        """The user's name, "system (reason)" for system work, or "-" for an anonymous visitor."""
        if self.actor_id:
            return str(self.actor)
        return f"system ({self.system_reason})" if self.system_reason else "-"

    @property
    def action_label(self) -> str:
        return label_for(self.action)


class Job(models.Model):
    """A piece of long work run by the background worker, with progress a user can watch."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=64)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveIntegerField(_("progress"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def failed(self) -> bool:
        """The job failed: its handler raised, or it ran to the end and its result says that nothing was done —
        a result whose `status` is "invalid" or "failed" (a plan file refused), or whose file reports (`files`)
        all failed. A page then says "Failed", never "Done"."""
        if self.status == self.Status.FAILED:
            return True
        if self.status != self.Status.DONE or not isinstance(self.result, dict):
            return False
        if self.result.get("status") in {"invalid", "failed"}:
            return True
        files = self.result.get("files")
        return bool(files) and all(isinstance(f, dict) and f.get("status") == "failed" for f in files)

    @property
    def outcome(self) -> str:
        """The status a person reads: "failed" for a job that failed (see `failed`), else its status."""
        return self.Status.FAILED if self.failed else self.status

    @property
    def outcome_display(self) -> str:
        return self.Status(self.outcome).label

    @property
    def percent(self) -> int:
        """How far the work went: 100 only for a job done and not failed; a failed job shows where it stopped."""
        if self.status == self.Status.DONE and not self.failed:
            return 100
        return min(100, int(100 * self.progress / self.total)) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class SubmittedForm(models.Model):
    """A create form that was sent and created a record: its key — the form's hidden token, or a digest of what it
    sent (`core.idempotency`) —, who sent it and what it created. The same form sent again — Back, then Save —
    leads to that record instead of creating a second one. Kept a week (`core.retention`, `submitted_forms`)."""

    token = models.CharField(_("token"), max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"),
        on_delete=models.CASCADE, related_name="+")
    object_type = models.CharField(_("record type"), max_length=100)  # "app_label.model"
    object_id = models.CharField(_("record"), max_length=64)
    at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("submitted form")
        verbose_name_plural = _("submitted forms")
        constraints = [models.UniqueConstraint(fields=["created_by", "token"], name="one_record_per_form_token")]

    def __str__(self):
        return f"{self.token} → {self.object_type} #{self.object_id}"
