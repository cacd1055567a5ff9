from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

AUDIT_LABELS = {
    "support.referral.send": pgettext_lazy("audit action", "referred to a partner"),
    "support.referral.answer": pgettext_lazy("audit action", "referral answered"),
    "support.referral.expire": pgettext_lazy("audit action", "referral not answered by its deadline"),
    "support.engagement.log": pgettext_lazy("audit action", "engagement logged"),
    "support.outcome.record": pgettext_lazy("audit action", "outcome recorded"),
    "support.outcome_check.ask": pgettext_lazy("audit action", "follow-up asked"),
    "support.outcome_check.answer": pgettext_lazy("audit action", "follow-up answered"),
    "support.digest.send": pgettext_lazy("audit action", "support desk digests sent"),
}


class SupportConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "support"
    verbose_name = _("Support desk")

    def ready(self):
        from core.audit_labels import register_labels

        register_labels(AUDIT_LABELS)
        from . import notices

        notices.register()  # what its notifications say
