"""Open data: the published records as a dated Frictionless Data Package (a ZIP of CSV files with their schemas).

`TABLES` is the one place that says what the package holds: each table's fields (name, Frictionless type, an
English and an Arabic description), its keys and the query that yields its rows. The package file, its READMEs,
the `/open-data/` page and the API (`dashboards.api`) all read it, so a column cannot be described one way and
written another.

Only what an anonymous reader may see goes in: every query starts from the apps' `…_visible_to` functions with
`AnonymousUser()`, and counts from 1 to k − 1 (`core.privacy.suppress_small`) are withheld before they are written
(an empty cell and `hidden` = true). Text keeps its own language: each text field is written as it was entered,
with a `<field>_language` column beside it; translations sit in the long table `translations`.

`build_package` streams: each table's query is read in chunks (`.iterator(chunk_size=2000)`) and each row is
written into the ZIP entry as it comes, so a table is never held in memory whole. `publish_package` writes the
day's package into the media folder (`MEDIA_ROOT/open-data/`), replacing that day's file; `wiqaya open-data
build` and the daily task (`open_data_daily`, enqueued by `wiqaya setup`) call it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.tasks import default_task_backend, task
from django.utils import timezone
from django.utils.translation import get_language

from accounts.permissions import is_administrator
from core.actors import is_system, system
from core.privacy import min_cell_size, suppress_small
from core.text import detect_language

CHUNK = 2000
PREFIX = "wiqaya-open-data-"
NAME_PATTERN = re.compile(r"^wiqaya-open-data-(\d{4}-\d{2}-\d{2})$")
KEEP = 7  # dated packages kept in the media folder; older ones are removed when a new one is written
INTERVAL = dt.timedelta(days=1)

LICENSES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("Creative Commons Attribution Share-Alike 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC0-1.0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODC-BY-1.0": ("Open Data Commons Attribution License 1.0", "https://opendatacommons.org/licenses/by/1-0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License 1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
}


# --- the schema, as data -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Frictionless: string, integer, number, boolean, date
    en: str
    ar: str

    def description(self) -> str:
        """The description in the reader's language."""
        return self.ar if (get_language() or "en").startswith("ar") else self.en

    def descriptor(self) -> dict:
        return {"name": self.name, "type": self.type, "description": self.en, "description_ar": self.ar}


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str  # "" for the table itself
    reference: tuple[str, ...]

    def descriptor(self) -> dict:
        return {"fields": list(self.fields), "reference": {"resource": self.resource, "fields": list(self.reference)}}


@dataclass(frozen=True)
class Table:
    """One CSV file of the package. Rows come from `queryset(ctx)` (values rows, read in chunks and turned into
    output rows by `convert(ctx, row)`) or, for the small computed tables, from `compute(ctx)`."""

    name: str
    title_en: str
    title_ar: str
    en: str
    ar: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    queryset: Callable | None = None
    convert: Callable | None = None
    compute: Callable | None = None

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def title(self) -> str:
        return self.title_ar if (get_language() or "en").startswith("ar") else self.title_en

    def description(self) -> str:
        return self.ar if (get_language() or "en").startswith("ar") else self.en

    def rows(self, ctx: Extract) -> Iterator[tuple]:
        """Every row, streamed: the query is read `CHUNK` rows at a time."""
        if self.queryset is not None:
            for item in self.queryset(ctx).iterator(chunk_size=CHUNK):
                yield self.convert(ctx, item)
        else:
            yield from self.compute(ctx)

    def sequence(self, ctx: Extract) -> RowSequence:
        """The rows as a sliceable sequence (the API's pages): a queryset slice per page, not the whole table."""
        return RowSequence(self, ctx)

    def descriptor(self) -> dict:
        schema = {"fields": [f.descriptor() for f in self.fields], "primaryKey": list(self.primary_key),
                  "missingValues": [""]}
        if self.foreign_keys:
            schema["foreignKeys"] = [fk.descriptor() for fk in self.foreign_keys]
        return {"name": self.name, "path": f"{self.name}.csv", "profile": "tabular-data-resource",
                "title": self.title_en, "description": f"{self.en}\n\n{self.ar}", "format": "csv",
                "mediatype": "text/csv", "encoding": "utf-8", "schema": schema}


class RowSequence:
    """What a paginator needs (`count()` and slices) over a table's rows, reading only the page asked for."""

    def __init__(self, table: Table, ctx: Extract):
        self.table, self.ctx = table, ctx

    def count(self) -> int:
        if self.table.queryset is not None:
            return self.table.queryset(self.ctx).count()
        return sum(1 for _ in self.table.compute(self.ctx))

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        start, stop = index.start or 0, index.stop
        if self.table.queryset is not None:
            return [self.table.convert(self.ctx, item) for item in self.table.queryset(self.ctx)[start:stop]]
        return list(islice(self.table.compute(self.ctx), start, stop))


def _text(name: str, en: str, ar: str) -> tuple[Field, Field]:
    """A text field and its language column."""
    return (Field(name, "string", en, ar),
            Field(f"{name}_language", "string", f"The language of `{name}` (ISO 639 code: ar, en, fr, es, de, ckb).",
                  f"لغة الحقل `{name}` (رمز ISO 639: ar أو en أو fr أو es أو de أو ckb)."))


def _place(name: str, en: str, ar: str) -> Field:
    return Field(name, "string", en + " A `code` of the table `places`.", ar + " رمزٌ من الحقل `code` في جدول `places`.")


def _hidden(en: str, ar: str) -> Field:
    return Field("hidden", "boolean", en, ar)


# --- what each table reads -------------------------------------------------------------------------------------------

class Extract:
    """What every table's query shares: the anonymous reader, k, the day, and small lookups read once."""

    def __init__(self, today: dt.date | None = None):
        self.today = today or timezone.localdate()
        self.reader = AnonymousUser()
        self.k = min_cell_size()

    @cached_property
    def place_codes(self) -> dict[int, str]:
        from places.models import Place

        return dict(Place.objects.values_list("pk", "code"))

    def practices(self):
        from practices.models import Practice
        from practices.permissions import visible_to

        return visible_to(self.reader, Practice.objects.all())

    def plans(self):
        from plans.models import Plan
        from plans.permissions import summary_visible_to

        return summary_visible_to(self.reader, Plan.objects.all())

    def events(self):
        from events.models import Event
        from events.permissions import events_visible_to

        return events_visible_to(self.reader, Event.objects.all())

    def recommendations(self):
        from events.models import Recommendation
        from events.permissions import recommendations_visible_to

        return recommendations_visible_to(self.reader, Recommendation.objects.all())

    def goals(self):
        from frameworks.models import Goal
        from frameworks.permissions import visible_to

        return visible_to(self.reader, Goal.with_proposals.all())

    @cached_property
    def recommendation_places(self) -> dict[int, list[str]]:
        from events.models import Recommendation

        out = defaultdict(list)
        rows = Recommendation.places.through.objects.filter(
            recommendation__in=self.recommendations().values("pk")).values_list("recommendation_id", "place__code")
        for rec_id, code in rows.order_by("place__code"):
            out[rec_id].append(code)
        return out


def _date(value):
    return value.date() if isinstance(value, dt.datetime) else value


def _lang(value: str, stored: str = "") -> str:
    return (stored or detect_language(value)) if value else ""


# places
def _places_qs(ctx):
    from places.models import Place

    return Place.objects.order_by("code").values_list("code", "iso_code", "kind", "parent__code", "name_en", "name_ar")


def _places_row(ctx, r):
    code, iso, kind, parent, name_en, name_ar = r
    return (code, iso, "", kind, parent, name_en, name_ar)


# goals
def _goal_original(title_en: str, title_ar: str) -> tuple[str, str]:
    """A goal's title as first written: the English one where there is one (the frameworks publish in English; an
    Arabic title beside it is the authors' or the team's translation), else the Arabic one."""
    return (title_en, "en") if title_en else (title_ar, "ar" if title_ar else "")


def _goals_qs(ctx):
    return ctx.goals().order_by("pk").values_list("pk", "framework__slug", "parent_id", "number", "title_en",
                                                  "title_ar")


def _goals_row(ctx, r):
    pk, framework, parent, number, title_en, title_ar = r
    title, lang = _goal_original(title_en, title_ar)
    return (pk, framework, parent, number, title, lang)


# practices
PRACTICE_VALUES = ("pk", "name", "lang", "activity", "objectives", "description", "beneficiaries",
                   "organisation__name", "organisation_name", "country__code", "place__code", "place__kind",
                   "place__parent__code", "place__parent__kind", "start_year", "end_year", "ongoing", "published_at")


def _practices_qs(ctx):
    return ctx.practices().order_by("pk").values_list(*PRACTICE_VALUES)


def _practices_row(ctx, r):
    (pk, name, lang, activity, objectives, description, beneficiaries, org, org_written, country, place, kind,
     parent, parent_kind, start, end, ongoing, published) = r
    governorate = district = ""
    if kind == "governorate":
        governorate = place
    elif kind in {"district", "subdistrict"}:
        district = place
        governorate = parent if parent_kind == "governorate" else ""
    organisation = org or org_written
    return (pk, name, _lang(name, lang), activity, _lang(activity, lang), objectives, _lang(objectives, lang),
            description, _lang(description, lang), beneficiaries, _lang(beneficiaries, lang),
            organisation, _lang(organisation), country, governorate, district, start, end, ongoing, _date(published))


# practice_goals
def _practice_goals_qs(ctx):
    from practices.models import PracticeGoal

    return PracticeGoal.objects.filter(practice__in=ctx.practices().values("pk"),
                                       goal__in=ctx.goals().values("pk")).order_by("practice_id", "goal_id") \
        .values_list("practice_id", "goal_id")


def _pair(ctx, r):
    return tuple(r)


# plans
def _plans(ctx) -> Iterator[tuple]:
    """Public summaries of approved plans, their progress computed a chunk of plans at a time."""
    from plans.choices import APPROVED_STATUSES
    from plans.queries import plan_figures

    plans = ctx.plans().filter(status__in=APPROVED_STATUSES).select_related("place", "governorate") \
        .prefetch_related("frameworks").order_by("pk")
    chunk = []
    for plan in plans.iterator(chunk_size=CHUNK):
        chunk.append(plan)
        if len(chunk) == CHUNK:
            yield from _plan_rows(chunk, plan_figures(chunk, ctx.today))
            chunk = []
    if chunk:
        yield from _plan_rows(chunk, plan_figures(chunk, ctx.today))


def _plan_rows(plans, figures) -> Iterator[tuple]:
    for plan in plans:
        progress = figures[plan.pk].progress
        yield (plan.pk, plan.title, _lang(plan.title, plan.lang), plan.summary, _lang(plan.summary, plan.lang),
               plan.place.code, plan.governorate.code, plan.period_start, plan.period_end, plan.status,
               None if progress is None else round(progress * 100),
               ";".join(sorted(f.slug for f in plan.frameworks.all())))


# coverage
def _coverage(ctx) -> Iterator[tuple]:
    """Framework goal × governorate: actions of approved public plans serving the goal (or a goal under it);
    small counts withheld over each framework's matrix."""
    from frameworks.models import Framework
    from plans.queries import coverage_matrix

    plans = ctx.plans()
    visible_goals = set(ctx.goals().values_list("pk", flat=True))
    for framework in Framework.objects.order_by("slug"):
        matrix = coverage_matrix(plans, framework)
        counts = {(row["goal"].pk, c["governorate"].code): c["count"]
                  for row in matrix["goals"] if row["goal"].pk in visible_goals for c in row["cells"]}
        shown = suppress_small(counts, ctx.k)
        for (goal_id, code), value in shown.items():
            yield (framework.slug, goal_id, code, value, value is None)


# events
EVENT_VALUES = ("pk", "reference", "kind", "title", "lang", "description", "start_date", "end_date", "place__code",
                "governorate__code", "online", "status", "published_at")


def _events_qs(ctx):
    return ctx.events().order_by("pk").values_list(*EVENT_VALUES)


def _event_participation(ctx) -> dict[int, tuple[int, int, int]]:
    from django.db.models import Sum

    from events.models import Participation

    rows = Participation.objects.filter(event__in=ctx.events().values("pk")).values("event_id").order_by() \
        .annotate(p=Sum("participants"), w=Sum("women"), y=Sum("youth"))
    return {r["event_id"]: (r["p"], r["w"], r["y"]) for r in rows}


def _events(ctx) -> Iterator[tuple]:
    participation = _event_participation(ctx)
    for r in _events_qs(ctx).iterator(chunk_size=CHUNK):
        yield _event_row(ctx, r, participation)


def _event_row(ctx, r, participation):
    pk, reference, kind, title, lang, description, start, end, place, governorate, online, status, published = r
    p, w, y = participation.get(pk, (0, 0, 0))
    shown = suppress_small({"participants": p, "women": w, "youth": y}, ctx.k)
    hidden = any(v is None for v in shown.values())
    return (pk, reference, kind, title, _lang(title, lang), description, _lang(description, lang), start, end,
            place, governorate, online, status, shown["participants"], shown["women"], shown["youth"], hidden,
            _date(published))


# recommendations
REC_VALUES = ("pk", "reference", "event_id", "text", "lang", "priority", "issued_on", "due_date", "status",
              "progress", "national", "published_at")


def _recommendations_qs(ctx):
    return ctx.recommendations().order_by("pk").values_list(*REC_VALUES)


def _recommendations_row(ctx, r):
    pk, reference, event, text, lang, priority, issued, due, status, progress, national, published = r
    return (pk, reference, event, text, _lang(text, lang), priority, issued, due, status, progress, national,
            ";".join(ctx.recommendation_places.get(pk, [])), _date(published))


# support requests
def _support_requests(ctx) -> Iterator[tuple]:
    from support.queries import public_counts

    counts = public_counts()
    places = counts.get("governorates", {})
    for dimension, key in (("governorate", "by_governorate"), ("type", "by_type"), ("stage", "by_stage")):
        for value, count in sorted(counts.get(key, {}).items(), key=lambda kv: str(kv[0])):
            if dimension == "governorate":
                value = places[value].code if value in places else "unknown"
            yield (dimension, value or "unknown", count, count is None)


# translations
def _translations(ctx) -> Iterator[tuple]:
    for pk, title_en, title_ar, team in ctx.goals().order_by("pk").values_list(
            "pk", "title_en", "title_ar", "title_ar_is_translation").iterator(chunk_size=CHUNK):
        if title_en and title_ar:
            yield ("goals", str(pk), "title", "ar", title_ar, bool(team))
    for pk, text, lang in ctx.recommendations().exclude(translation="").order_by("pk").values_list(
            "pk", "translation", "translation_lang").iterator(chunk_size=CHUNK):
        yield ("recommendations", str(pk), "text", lang or detect_language(text), text, True)


ID = ("The record's stable identifier in Wiqaya.", "المعرّف الثابت للسجل في وقاية.")

TABLES: tuple[Table, ...] = (
    Table(
        "places", "Places", "الأماكن",
        "Countries, governorates and districts, with their codes and names in English and Arabic.",
        "الدول والمحافظات والأقضية، برموزها وأسمائها بالإنجليزية والعربية.",
        (Field("code", "string", "The place's code: ISO 3166-1 for a country, ISO 3166-2 for a governorate where "
                                 "one exists, else an internal code.",
               "رمز المكان: `ISO 3166-1` للدولة، و`ISO 3166-2` للمحافظة حيث يوجد، وإلا فرمز داخلي."),
         Field("iso_3166", "string", "The ISO 3166 code; empty where ISO has none (Halabja, the districts).",
               "رمز `ISO 3166`؛ فارغ حيث لا رمز له في ISO (حلبجة والأقضية)."),
         Field("pcode", "string", "The humanitarian P-code where the installation has one; this installation's "
                                  "place list carries none, so the column is empty.",
               "الرمز الإنساني (P-code) حيث يتوفر لدى المنصة؛ قائمة الأماكن في هذه المنصة لا تتضمنه، فالعمود فارغ."),
         Field("kind", "string", "country, region, governorate, district or subdistrict.",
               "النوع: country (دولة) أو region (إقليم) أو governorate (محافظة) أو district (قضاء) أو subdistrict (ناحية)."),
         _place("parent", "The place it is part of.", "المكان الذي يتبع له."),
         Field("name_en", "string", "The name in English.", "الاسم بالإنجليزية."),
         Field("name_ar", "string", "The name in Arabic.", "الاسم بالعربية.")),
        ("code",), (ForeignKey(("parent",), "", ("code",)),),
        queryset=_places_qs, convert=_places_row),
    Table(
        "goals", "Framework goals", "أهداف الأطر",
        "The numbered goals of the strategy frameworks that practices, plans and recommendations serve.",
        "الأهداف المرقّمة في الأطر الاستراتيجية التي تخدمها الممارسات والخطط والتوصيات.",
        (Field("id", "integer", *ID),
         Field("framework", "string", "The framework's short identifier (slug).", "المعرّف المختصر للإطار."),
         Field("parent_id", "integer", "The goal it is nested under (`id` of this table); empty for a top goal.",
               "الهدف الذي يندرج تحته (`id` في هذا الجدول)؛ فارغ للهدف الرئيسي."),
         Field("number", "string", "The goal's number as the framework writes it.", "رقم الهدف كما يكتبه الإطار."),
         *_text("title", "The goal's title as first written (its other-language title is in `translations`).",
                "عنوان الهدف كما كُتب أصلاً (عنوانه باللغة الأخرى في جدول `translations`).")),
        ("id",), (ForeignKey(("parent_id",), "", ("id",)),),
        queryset=_goals_qs, convert=_goals_row),
    Table(
        "practices", "Good practices", "الممارسات الجيدة",
        "Published good practices: what was done, where, by whom and when, in the language they were written in.",
        "الممارسات الجيدة المنشورة: ماذا أُنجز وأين ومن قام به ومتى، باللغة التي كُتبت بها.",
        (Field("id", "integer", *ID),
         *_text("title", "The practice's name.", "اسم الممارسة."),
         *_text("activity", "What was done.", "ما الذي أُنجز."),
         *_text("objectives", "What it aimed at.", "ما الذي هدفت إليه."),
         *_text("description", "How it was done.", "كيف أُنجزت."),
         *_text("beneficiaries", "Who it was for.", "لمن وُجّهت."),
         *_text("organisation", "The organisation responsible, as named.", "الجهة المسؤولة، كما سُمّيت."),
         _place("country", "The country.", "الدولة."),
         _place("governorate", "The governorate, where known.", "المحافظة، حيث تُعرف."),
         _place("district", "The district, where known.", "القضاء، حيث يُعرف."),
         Field("start_year", "integer", "The year it started.", "سنة البدء."),
         Field("end_year", "integer", "The year it ended.", "سنة الانتهاء."),
         Field("ongoing", "boolean", "Still running.", "ما زالت جارية."),
         Field("published", "date", "The day it was published.", "تاريخ نشرها.")),
        ("id",),
        (ForeignKey(("country",), "places", ("code",)), ForeignKey(("governorate",), "places", ("code",)),
         ForeignKey(("district",), "places", ("code",))),
        queryset=_practices_qs, convert=_practices_row),
    Table(
        "practice_goals", "Practices and goals", "الممارسات والأهداف",
        "Which framework goals each published practice serves.",
        "أهداف الأطر التي تخدمها كل ممارسة منشورة.",
        (Field("practice_id", "integer", "The practice (`id` of `practices`).", "الممارسة (`id` في جدول `practices`)."),
         Field("goal_id", "integer", "The goal (`id` of `goals`).", "الهدف (`id` في جدول `goals`).")),
        ("practice_id", "goal_id"),
        (ForeignKey(("practice_id",), "practices", ("id",)), ForeignKey(("goal_id",), "goals", ("id",))),
        queryset=_practice_goals_qs, convert=_pair),
    Table(
        "plans", "Local action plans (public summaries)", "خطط العمل المحلية (الملخصات العامة)",
        "The public summaries of approved local action plans: never their actions, budgets or owners.",
        "الملخصات العامة لخطط العمل المحلية المعتمدة: دون إجراءاتها أو ميزانياتها أو الجهات المالكة لها.",
        (Field("id", "integer", *ID),
         *_text("title", "The plan's title.", "عنوان الخطة."),
         *_text("summary", "The plan's public summary.", "الملخص العام للخطة."),
         _place("place", "The governorate or district the plan covers.", "المحافظة أو القضاء الذي تغطيه الخطة."),
         _place("governorate", "The governorate.", "المحافظة."),
         Field("period_start", "date", "First day of the plan's period.", "أول يوم في مدة الخطة."),
         Field("period_end", "date", "Last day of the plan's period.", "آخر يوم في مدة الخطة."),
         Field("status", "string", "approved, in_implementation or completed.",
               "الحالة: approved (معتمدة) أو in_implementation (قيد التنفيذ) أو completed (مكتملة)."),
         Field("progress_percent", "integer", "Mean progress of the plan's actions, 0–100.",
               "متوسط تقدم إجراءات الخطة، من 0 إلى 100."),
         Field("frameworks", "string", "The frameworks it is aligned with (slugs, separated by ';').",
               "الأطر التي تتوافق معها (معرّفات مختصرة تفصل بينها ';').")),
        ("id",),
        (ForeignKey(("place",), "places", ("code",)), ForeignKey(("governorate",), "places", ("code",))),
        compute=_plans),
    Table(
        "coverage", "Coverage: goals × governorates", "التغطية: الأهداف × المحافظات",
        "How many actions of approved public plans serve each framework goal (or a goal under it) in each "
        "governorate. Counts from 1 to k−1 are withheld: the cell is empty and `hidden` is true.",
        "عدد إجراءات الخطط العامة المعتمدة التي تخدم كل هدف (أو هدفاً يندرج تحته) في كل محافظة. الأعداد من 1 إلى "
        "k−1 محجوبة: الخانة فارغة و`hidden` صحيح.",
        (Field("framework", "string", "The framework's short identifier (slug).", "المعرّف المختصر للإطار."),
         Field("goal_id", "integer", "The goal (`id` of `goals`).", "الهدف (`id` في جدول `goals`)."),
         _place("governorate", "The governorate.", "المحافظة."),
         Field("actions", "integer", "Actions serving the goal; empty when withheld.",
               "عدد الإجراءات التي تخدم الهدف؛ فارغ عند الحجب."),
         _hidden("True when the count is withheld (a small group).", "صحيح عندما يكون العدد محجوباً (مجموعة صغيرة).")),
        ("goal_id", "governorate"),
        (ForeignKey(("goal_id",), "goals", ("id",)), ForeignKey(("governorate",), "places", ("code",))),
        compute=_coverage),
    Table(
        "events", "Events", "الفعاليات",
        "Published events, with their participants counted (never named); small counts withheld.",
        "الفعاليات المنشورة مع أعداد المشاركين (دون أسماء)؛ الأعداد الصغيرة محجوبة.",
        (Field("id", "integer", *ID),
         Field("reference", "string", "The event's reference.", "مرجع الفعالية."),
         Field("kind", "string", "roundtable, workshop, training, study_visit or peer_exchange.",
               "النوع: roundtable (طاولة مستديرة) أو workshop (ورشة) أو training (تدريب) أو study_visit (زيارة "
               "دراسية) أو peer_exchange (تبادل بين الأقران)."),
         *_text("title", "The event's title.", "عنوان الفعالية."),
         *_text("description", "What the event was about.", "موضوع الفعالية."),
         Field("start_date", "date", "First day.", "اليوم الأول."),
         Field("end_date", "date", "Last day.", "اليوم الأخير."),
         _place("place", "Where it was held.", "مكان انعقادها."),
         _place("governorate", "The governorate.", "المحافظة."),
         Field("online", "boolean", "Held online.", "عُقدت عبر الإنترنت."),
         Field("status", "string", "planned, held or cancelled.",
               "الحالة: planned (مخطط لها) أو held (عُقدت) أو cancelled (أُلغيت)."),
         Field("participants", "integer", "Participants in all; empty when withheld.",
               "مجموع المشاركين؛ فارغ عند الحجب."),
         Field("women", "integer", "Women among them; empty when withheld.", "النساء بينهم؛ فارغ عند الحجب."),
         Field("youth", "integer", "Youth among them; empty when withheld.", "الشباب بينهم؛ فارغ عند الحجب."),
         _hidden("True when one of the counts is withheld (a small group).",
                 "صحيح عندما يكون أحد الأعداد محجوباً (مجموعة صغيرة)."),
         Field("published", "date", "The day it was published.", "تاريخ نشرها.")),
        ("id",),
        (ForeignKey(("place",), "places", ("code",)), ForeignKey(("governorate",), "places", ("code",))),
        compute=_events),
    Table(
        "recommendations", "Recommendations", "التوصيات",
        "Published recommendations and how far they are carried out.",
        "التوصيات المنشورة ومدى تنفيذها.",
        (Field("id", "integer", *ID),
         Field("reference", "string", "The recommendation's reference.", "مرجع التوصية."),
         Field("event_id", "integer", "The event it came from (`id` of `events`); empty when it came from elsewhere.",
               "الفعالية التي صدرت عنها (`id` في جدول `events`)؛ فارغ إن صدرت عن مصدر آخر."),
         *_text("text", "The recommendation as written (its translation is in `translations`).",
                "نص التوصية كما كُتب (ترجمتها في جدول `translations`)."),
         Field("priority", "string", "high, medium or low.", "الأولوية: high (عالية) أو medium (متوسطة) أو low (منخفضة)."),
         Field("issued_on", "date", "The day it was made.", "تاريخ صدورها."),
         Field("due_date", "date", "When it is due.", "موعد استحقاقها."),
         Field("status", "string", "not_started, in_progress, completed, suspended, superseded or merged.",
               "حالة التنفيذ: not_started (لم تبدأ) أو in_progress (قيد التنفيذ) أو completed (مكتملة) أو suspended "
               "(معلّقة) أو superseded (استُبدلت) أو merged (دُمجت)."),
         Field("progress_percent", "integer", "Progress, 0–100; empty when not known.",
               "التقدم من 0 إلى 100؛ فارغ حين لا يُعرف."),
         Field("national", "boolean", "Addressed to the whole country.", "موجّهة إلى البلد كله."),
         Field("places", "string", "The places it concerns (codes of `places`, separated by ';').",
               "الأماكن المعنية (رموز من جدول `places` تفصل بينها ';')."),
         Field("published", "date", "The day it was published.", "تاريخ نشرها.")),
        ("id",), (ForeignKey(("event_id",), "events", ("id",)),),
        queryset=_recommendations_qs, convert=_recommendations_row),
    Table(
        "support_requests", "Support requests (counts)", "طلبات الدعم (أعداد)",
        "Support requests submitted to the hub, counted by governorate, type of support and stage (drafts never). "
        "Counts from 1 to k−1 are withheld: the cell is empty and `hidden` is true.",
        "طلبات الدعم المقدَّمة إلى المركز، معدودةً حسب المحافظة ونوع الدعم والمرحلة (دون المسودات). الأعداد من 1 "
        "إلى k−1 محجوبة: الخانة فارغة و`hidden` صحيح.",
        (Field("dimension", "string", "What the row counts by: governorate, type or stage.",
               "ما يُعدّ حسبه الصف: governorate (المحافظة) أو type (النوع) أو stage (المرحلة)."),
         Field("value", "string", "The governorate's code, the type or the stage ('unknown' when not recorded).",
               "رمز المحافظة أو النوع أو المرحلة ('unknown' حين لا يُسجَّل)."),
         Field("requests", "integer", "Requests; empty when withheld.", "عدد الطلبات؛ فارغ عند الحجب."),
         _hidden("True when the count is withheld (a small group).", "صحيح عندما يكون العدد محجوباً (مجموعة صغيرة).")),
        ("dimension", "value"), (), compute=_support_requests),
    Table(
        "translations", "Translations", "الترجمات",
        "Texts in another language than the original: one row per record, field and language.",
        "النصوص بلغة غير لغتها الأصلية: صف لكل سجل وحقل ولغة.",
        (Field("table", "string", "The table of the record.", "جدول السجل."),
         Field("id", "string", "The record's identifier in that table.", "معرّف السجل في ذلك الجدول."),
         Field("field", "string", "The field translated.", "الحقل المترجَم."),
         Field("language", "string", "The language of the text (ISO 639 code).", "لغة النص (رمز ISO 639)."),
         Field("text", "string", "The text in that language.", "النص بتلك اللغة."),
         Field("team_translation", "boolean", "True when the team translated it; false when the source published "
                                              "it in both languages.",
               "صحيح إذا ترجمه فريق العمل؛ خطأ إذا نشر المصدرُ النصَّ باللغتين.")),
        ("table", "id", "field", "language"), (), compute=_translations),
)
TABLES_BY_NAME = {t.name: t for t in TABLES}


# --- the package ---------------------------------------------------------------------------------------------------

def license_descriptor() -> dict:
    name = getattr(settings, "WIQAYA_OPEN_DATA_LICENSE", "") or "CC-BY-4.0"
    title, path = LICENSES.get(name, (name, ""))
    return {"name": name, "title": title, **({"path": path} if path else {})}


def descriptor(created: dt.datetime, today: dt.date) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "wiqaya-open-data",
        "title": "Wiqaya open data",
        "description": "Published records of the Wiqaya platform for preventing violent extremism: good practices, "
                       "framework goals, public summaries of local action plans, events, recommendations and counts. "
                       f"Only published records; counts from 1 to {min_cell_size() - 1} withheld.",
        "version": today.isoformat(),
        "created": created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "licenses": [license_descriptor()],
        "resources": [t.descriptor() for t in TABLES],
    }


def readme(table: Table, today: dt.date) -> str:
    lines = [f"# {table.name}.csv — {table.title_en} / {table.title_ar}", "", table.en, "", table.ar, "",
             f"Wiqaya open data, {today.isoformat()}. Licence: {license_descriptor()['name']}.", "",
             "| field | type | description (English) | الوصف (بالعربية) |", "|---|---|---|---|"]
    lines += [f"| `{f.name}` | {f.type} | {f.en} | {f.ar} |" for f in table.fields]
    lines += ["", f"Primary key: {', '.join(table.primary_key)}."]
    for fk in table.foreign_keys:
        lines.append(f"`{', '.join(fk.fields)}` refers to `{fk.resource or table.name}.{', '.join(fk.reference)}`.")
    return "\n".join(lines) + "\n"


def cell(value) -> str:
    """One CSV cell: empty for nothing, true/false, ISO dates."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def json_value(value):
    """One API value: the CSV's, typed (null for an empty cell)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def file_name(day: dt.date) -> str:
    return f"{PREFIX}{day.isoformat()}.zip"


def build_package(path, *, today: dt.date | None = None, progress: Callable | None = None) -> Path:
    """Write the package to `path` (a file, or a folder to put the dated file in), streamed; the file appears
    complete or not at all (written beside it, then moved into place). Returns its path."""
    today = today or timezone.localdate()
    path = Path(path)
    if path.is_dir():
        path = path / file_name(today)
    ctx = Extract(today)
    partial = path.with_name(path.name + ".part")
    counts = {}
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            archive.writestr("datapackage.json",
                             json.dumps(descriptor(timezone.now(), today), ensure_ascii=False, indent=2))
            for n, table in enumerate(TABLES):
                if progress:
                    progress(n, len(TABLES), table.name)
                archive.writestr(f"{table.name}.README.md", readme(table, today))
                with archive.open(f"{table.name}.csv", "w", force_zip64=True) as raw, \
                        io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
                    writer = csv.writer(text, lineterminator="\r\n")
                    writer.writerow(table.columns)
                    rows = 0
                    for row in table.rows(ctx):
                        writer.writerow([cell(v) for v in row])
                        rows += 1
                    counts[table.name] = rows
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    if progress:
        progress(len(TABLES), len(TABLES), "done")
    _write_manifest(path, today, counts)
    return path


def _write_manifest(path: Path, today: dt.date, counts: dict) -> None:
    """A note beside the package for the page: its rows per table (read without opening the ZIP)."""
    manifest = {"date": today.isoformat(), "rows": counts, "built": timezone.now().isoformat(),
                "license": license_descriptor()}
    path.with_suffix(".json").write_text(json.dumps(manifest), encoding="utf-8")


# --- the day's package in the media folder -------------------------------------------------------------------------

def package_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "open-data"


def package_path(day: dt.date) -> Path:
    return package_dir() / file_name(day)


def parse_name(name: str) -> dt.date | None:
    """The date of a package's file name ("wiqaya-open-data-2026-12-07", without .zip); None if it is not one."""
    found = NAME_PATTERN.match(name or "")
    if not found:
        return None
    try:
        return dt.date.fromisoformat(found.group(1))
    except ValueError:
        return None


@dataclass
class Stored:
    day: dt.date
    path: Path
    size: int
    rows: dict = field(default_factory=dict)
    license: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.name.removesuffix(".zip")


def stored_packages() -> list[Stored]:
    """The packages in the media folder, newest first."""
    folder = package_dir()
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"{PREFIX}*.zip"):
        day = parse_name(path.name.removesuffix(".zip"))
        if day is None:
            continue
        manifest = {}
        note = path.with_suffix(".json")
        if note.exists():
            try:
                manifest = json.loads(note.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                manifest = {}
        found.append(Stored(day=day, path=path, size=path.stat().st_size, rows=manifest.get("rows", {}),
                            license=manifest.get("license", {})))
    return sorted(found, key=lambda s: s.day, reverse=True)


def latest() -> Stored | None:
    packages = stored_packages()
    return packages[0] if packages else None


def publish_package(*, actor, today: dt.date | None = None, progress: Callable | None = None) -> Path:
    """Write the day's package into the media folder (replacing that day's file, if any) and remove packages
    older than the last `KEEP`. The installation itself (the daily task, the command) or an administrator."""
    if not (is_system(actor) or is_administrator(actor)):
        raise PermissionDenied("Only the installation or an administrator builds the open-data package.")
    today = today or timezone.localdate()
    folder = package_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = build_package(package_path(today), today=today, progress=progress)
    for old in stored_packages()[KEEP:]:
        old.path.unlink(missing_ok=True)
        old.path.with_suffix(".json").unlink(missing_ok=True)
    return path


def schedule(*, delay: dt.timedelta = dt.timedelta(minutes=1), running: bool = False) -> bool:
    """Make sure one run of the daily build waits in the worker's queue (as the other daily tasks do); True when
    this call enqueued it. Nothing with a backend that cannot defer."""
    if not getattr(default_task_backend, "supports_defer", False):
        return False
    from django_tasks_db.models import DBTaskResult

    waiting = ["READY"] if running else ["READY", "RUNNING"]
    if DBTaskResult.objects.filter(task_path=open_data_daily.module_path, status__in=waiting).exists():
        return False
    open_data_daily.using(run_after=timezone.now() + delay).enqueue()
    return True


@task()
def open_data_daily() -> dict:
    """Build the day's open-data package; enqueue the next run."""
    path = publish_package(actor=system("open data daily package"))
    schedule(delay=INTERVAL, running=True)
    return {"path": path.name, "bytes": path.stat().st_size}


def table_rows(table: Table, today: dt.date | None = None) -> Iterable[tuple]:
    """Every row of one table as the package writes it (tests and the naive benchmark read it)."""
    return table.rows(Extract(today))
