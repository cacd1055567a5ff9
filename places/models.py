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


class Boundary(models.Model):
    """A place's outline (GeoJSON Polygon or MultiPolygon in longitude/latitude), loaded from a boundary file by
    `services.load_boundaries`, with its path for the national map cached: `svg_path` is drawn in `view_box`, the
    viewBox that fits every boundary of the same load, and `label_x`/`label_y` (percentages of that viewBox) place
    the place's HTML label inside its shape. A load replaces every row, so all rows share one viewBox."""

    place = models.OneToOneField(Place, verbose_name=_("place"), on_delete=models.CASCADE, related_name="boundary")
    geometry = models.JSONField(_("geometry"))
    svg_path = models.TextField(_("SVG path"), blank=True)
    view_box = models.CharField(_("viewBox"), max_length=60, blank=True)
    label_x = models.FloatField(_("label across (per cent of the width)"), null=True, blank=True)
    label_y = models.FloatField(_("label down (per cent of the height)"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)
    loaded_at = models.DateTimeField(_("loaded at"))

    class Meta:
        ordering = ["place__code"]
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")

    def __str__(self):
        return str(self.place)
