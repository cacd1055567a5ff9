from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.audit_labels import register_labels

# What the actions this app records are called on history pages (core.audit_labels).
AUDIT_LABELS = {
    "framework.create": pgettext_lazy("audit action", "created"),
    "framework.update": pgettext_lazy("audit action", "edited"),
    "framework.import": pgettext_lazy("audit action", "imported"),
    "framework.load": pgettext_lazy("audit action", "loaded from the shipped definitions"),
    "goal.create": pgettext_lazy("audit action", "goal added"),
    "goal.update": pgettext_lazy("audit action", "goal edited"),
    "goal.delete": pgettext_lazy("audit action", "goal deleted"),
    "paragraph.create": pgettext_lazy("audit action", "paragraph added"),
    "paragraph.update": pgettext_lazy("audit action", "paragraph edited"),
    "paragraph.delete": pgettext_lazy("audit action", "paragraph deleted"),
    "crosswalk.suggest": pgettext_lazy("audit action", "crosswalk links suggested"),
    "crosswalk.confirm": pgettext_lazy("audit action", "crosswalk link confirmed"),
    "crosswalk.reject": pgettext_lazy("audit action", "crosswalk link rejected"),
    "crosswalk.link": pgettext_lazy("audit action", "goals linked"),
    "framework.accept": pgettext_lazy("audit action", "proposal accepted"),
    "goal.accept": pgettext_lazy("audit action", "proposed goal accepted"),
    "goal.merge": pgettext_lazy("audit action", "proposed goal merged"),
    "paragraph.accept": pgettext_lazy("audit action", "proposed paragraph accepted"),
    "paragraph.merge": pgettext_lazy("audit action", "proposed paragraph merged"),
}


class FrameworksConfig(AppConfig):
    name = "frameworks"
    verbose_name = _("Frameworks")

    def ready(self):
        register_labels(AUDIT_LABELS)
