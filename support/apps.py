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
    "support.need.create": pgettext_lazy("audit action", "need recorded"),
    "support.need.update": pgettext_lazy("audit action", "need edited"),
    "support.need.status": pgettext_lazy("audit action", "need status changed"),
    "support.need.evidence": pgettext_lazy("audit action", "evidence file added to a need"),
    "support.need.actions": pgettext_lazy("audit action", "plan actions linked to a need"),
    "support.request.create": pgettext_lazy("audit action", "support request created"),
    "support.request.update": pgettext_lazy("audit action", "support request edited"),
    "support.request.move": pgettext_lazy("audit action", "support request moved"),
    "support.request.assign": pgettext_lazy("audit action", "support request assigned"),
    "support.request.triage": pgettext_lazy("audit action", "triage checks run"),
    "support.text_blocked": pgettext_lazy("audit action", "text with contact details refused"),
    "support.desk.create": pgettext_lazy("audit action", "desk setting added"),
    "support.desk.update": pgettext_lazy("audit action", "desk setting changed"),
    "support.desk.delete": pgettext_lazy("audit action", "desk setting removed"),
    "support.import_needs": pgettext_lazy("audit action", "imported needs from an assessment"),
    "support.import_mapping": pgettext_lazy("audit action", "saved an assessment's column mapping"),
    "support.matches_suggested": pgettext_lazy("audit action", "support matches suggested"),
    "support.match_proposed": pgettext_lazy("audit action", "support match proposed"),
    "support.match_accepted": pgettext_lazy("audit action", "support match accepted"),
    "support.match_rejected": pgettext_lazy("audit action", "support match rejected"),
    "support.expert_added": pgettext_lazy("audit action", "expert added to a hub's pool"),
    "support.expert_changed": pgettext_lazy("audit action", "hub expert changed"),
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
        from . import retention

        retention.register()  # the desk's free text is cleared some years after a request ended
        from .evaluation import register as register_evaluation

        # Registers the "support.import_needs" job handler with core.jobs.
        from .services import imports  # noqa: F401

        register_evaluation()
