"""The one search index: an entry per indexed record, of any type, and a counter that tells processes it changed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One indexed record (a practice today; plans, actions, needs, events and recommendations later).

    `text_a`/`text_b`/`text_c` hold the prepared terms (search.text.prepare) of the record's fields by weight
    class (A: titles, B: main text, C: the rest); the keyword index (SQLite FTS5 table `search_fts`, or the
    `tsv` column on PostgreSQL, both made by the migration) is kept from them. `title` and `body` keep the
    original text for display and snippets. `embedding` is the L2-normalised sentence vector (float16 bytes),
    empty until computed. `facets` holds the values the search page counts. `seq` orders changes, so that a
    process holding the vectors in memory reloads only what changed.
    """

    kind = models.CharField(_("kind"), max_length=32)
    object_id = models.PositiveBigIntegerField()
    lang = models.CharField(_("language"), max_length=8)
    title = models.TextField(_("title"))
    body = models.TextField(_("text"), blank=True)
    text_a = models.TextField(blank=True)
    text_b = models.TextField(blank=True)
    text_c = models.TextField(blank=True)
    facets = models.JSONField(default=dict, blank=True)
    embedding = models.BinaryField(null=True, blank=True)
    seq = models.BigIntegerField(default=0, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_entry")]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.title[:60]}"


class SearchState(models.Model):
    """One row: `version` grows with every change to the index, `removals` with every entry removed."""

    version = models.BigIntegerField(default=0)
    removals = models.BigIntegerField(default=0)
    stamp = models.CharField(max_length=32, blank=True)  # random per change: a rolled-back change is noticed too

    class Meta:
        verbose_name = _("search index state")
        verbose_name_plural = _("search index state")

    def __str__(self):
        return f"search index version {self.version}"
