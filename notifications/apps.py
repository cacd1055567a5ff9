from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.audit_labels import register_labels

# What the actions this app records are called on history pages (core.audit_labels).
AUDIT_LABELS = {
    "notification.send": pgettext_lazy("audit action", "notification sent"),
    "notification.read": pgettext_lazy("audit action", "notification read"),
    "notification.read_all": pgettext_lazy("audit action", "all notifications marked read"),
}


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import retention

        register_labels(AUDIT_LABELS)
        # Read notifications are kept 180 days (WIQAYA_RETENTION_READ_NOTIFICATIONS_DAYS); unread ones stay.
        retention.register(retention.Rule("read_notifications", "notifications.Notification", "read_at", 180))
