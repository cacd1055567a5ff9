"""Notifications: what happened that a person should know about (a plan submitted, a practice published, an update
overdue), each kept for one recipient until it is read."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .kinds import message_html, message_text


class Notification(models.Model):
    """One thing one person should know about, with a link to where the work is.

    The kind (a short code) and its parameters are stored, not a sentence: `message` builds the sentence when it
    is read, in the reader's language (`notifications.kinds`). The target is a record (`target_type` as
    "app_label.model" and `target_id`) and the address of its page (`target_url`, shown in the reader's
    language). `key`, when set, makes a notification unique for its recipient: a daily job that runs twice sends
    nothing new."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
                                  related_name="notifications")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("kind"), max_length=64)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    target_type = models.CharField(_("record type"), max_length=100, blank=True)
    target_id = models.CharField(_("record"), max_length=64, blank=True)
    target_url = models.CharField(_("address"), max_length=500, blank=True)
    key = models.CharField(max_length=200, blank=True, help_text="makes the notification unique for its recipient")
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], condition=~Q(key=""), name="unique_notification_key"),
        ]

    def __str__(self):
        return f"{self.recipient} · {self.kind} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def message(self):
        """The sentence in the active language, its parameters escaped and isolated (for a page)."""
        return message_html(self.kind, self.params)

    def message_text(self) -> str:
        return message_text(self.kind, self.params)
