"""The bilingual glossary of the field: one row per term pair."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Status, Theme


def lines(text: str) -> list[str]:
    """The non-empty lines of a variants field, stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class GlossaryTerm(models.Model):
    """A term of prevention work in English and Arabic (optionally French), with the other forms people write
    (plurals, colloquial or Iraqi usage) one a line, a short definition in each language and the source where
    the pair appears (or `source_note` "team translation" where the team translated it itself).

    Curated terms are the published glossary and carry keyword search across languages (search.glossary);
    proposed ones wait for a coordinator; retired ones are kept for the record and used nowhere.
    """

    term_en = models.CharField(_("English term"), max_length=200)
    term_ar = models.CharField(_("Arabic term"), max_length=200)
    term_fr = models.CharField(_("French term"), max_length=200, blank=True)
    variants_en = models.TextField(_("English variants"), blank=True,
                                   help_text=_("Other forms people write, one a line: plurals, other usage."))
    variants_ar = models.TextField(_("Arabic variants"), blank=True,
                                   help_text=_("Other forms people write, one a line: plurals, colloquial or Iraqi usage."))
    definition_en = models.TextField(_("definition in English"), blank=True)
    definition_ar = models.TextField(_("definition in Arabic"), blank=True)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, default=Theme.CONCEPTS)
    source_title = models.CharField(_("source"), max_length=300, blank=True,
                                    help_text=_("The framework or document where the pair appears."))
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    source_note = models.CharField(_("source note"), max_length=300, blank=True,
                                   help_text=_("For example “team translation” where no bilingual source was found."))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CURATED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    shipped = models.BooleanField(_("shipped with Wiqaya"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["term_en", "id"]

    def __str__(self):
        return f"{self.term_en} / {self.term_ar}"

    def forms_en(self) -> list[str]:
        return [self.term_en, *lines(self.variants_en)]

    def forms_ar(self) -> list[str]:
        return [self.term_ar, *lines(self.variants_ar)]

    def forms_fr(self) -> list[str]:
        return [self.term_fr] if self.term_fr else []
