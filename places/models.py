"""Places: country → (region) → governorate → district → sub-district, with Arabic and English names."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .choices import PlaceKind


class Place(models.Model):
    """A country or an administrative area. `iso_code` is empty where ISO has none (e.g. Halabja)."""

    code = models.CharField(
        _("code"), max_length=32, unique=True, help_text=_("ISO 3166 code where one exists, else an internal code.")
    )
    iso_code = models.CharField(_("ISO 3166 code"), max_length=10, blank=True)
    kind = models.CharField(_("type"), max_length=16, choices=PlaceKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    aliases = models.JSONField(_("other names"), default=list, blank=True)

    class Meta:
        ordering = ["kind", "name_en"]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "en").startswith("ar") and self.name_ar:
            return self.name_ar
        return self.name_en
