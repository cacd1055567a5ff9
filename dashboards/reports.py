"""Printable PDF reports, drawn by WeasyPrint from HTML templates (`dashboards/templates/dashboards/reports/`).

Five reports (`REPORTS`): a governorate's (or district's) plans, actions, indicators and progress; the national
roll-up with the coverage matrix; an event's follow-up scorecard; the hub's quarterly report; and the public
version of the national report (what an anonymous reader may see, small groups hidden).

`render(key, user, params)` checks the reader first (the dashboards' rules: `plans.permissions.sees_all` for the
national report, `planning_places` for a governorate's, `events.permissions` for an event's, the desk's
coordinators and hub experts for the quarterly one) and raises `PermissionDenied`, or `BadParameter` for a place,
event or quarter that names nothing. Every figure is read through the apps' `…_visible_to` functions for that
reader, in a fixed number of queries whatever the number of plans and actions.

What WeasyPrint cannot do, the templates avoid: no JavaScript (charts are HTML bars, each with its number), and SVG
carries shapes only — WeasyPrint 70 draws Arabic SVG `<text>` reversed — so every label of the map is HTML. The
language is the active one (`dir` and `lang` on `<html>`); an Arabic report takes Arabic-Indic digits where the
installation chose them (`WIQAYA_ARABIC_DIGITS`), the conversion the pages get from `ArabicDigitsMiddleware`.

Long reports run as background jobs (`JOB_KIND`); the PDF is kept under MEDIA_ROOT/reports/ and only the job's
owner downloads it.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.digits import html_with_arabic_digits
from core.jobs import job_handler, start_job
from core.privacy import min_cell_size, suppress_small

from .data import build
from .maps import display, map_for
from .panels import HIDDEN, NO_DATA, Category, Panel, Series, is_number

JOB_KIND = "dashboards.report"
OUTPUT_DIR = "reports"


class BadParameter(ValueError):
    """A report's parameter names nothing (an unknown place, event or quarter): the message says which."""


@dataclass(frozen=True)
class Report:
    key: str
    title: str
    description: str
    param: str | None  # "place" | "event" | "quarter" | None


REPORTS: dict[str, Report] = {
    "governorate": Report("governorate", gettext_lazy("Governorate report"),
                          gettext_lazy("A governorate's or district's plans, actions, indicators and progress."),
                          "place"),
    "national": Report("national", gettext_lazy("National report"),
                       gettext_lazy("The national roll-up of plans by governorate, with the coverage matrix."), None),
    "event": Report("event", gettext_lazy("Event follow-up scorecard"),
                    gettext_lazy("An event's recommendations: owners' responses, status, progress and flags."),
                    "event"),
    "quarterly": Report("quarterly", gettext_lazy("Quarterly support report"),
                        gettext_lazy("The hub's quarter: needs, requests by stage, service levels, delivered requests "
                                     "and their outcomes."), "quarter"),
    "public": Report("public", gettext_lazy("Public report"),
                     gettext_lazy("The national report as anyone may read it: published records only, small groups "
                                  "hidden."), None),
}

# Stacked panels whose series overlap (women and youth are among the participants): printed as a bar per series,
# never as one bar of their sum.
OVERLAPPING = {"participation_by_type"}
SERIES_COLOURS = ["#3b528b", "#21918c", "#5ec962", "#fde725", "#440154", "#90d743", "#31688e"]
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


# --- who may render what -------------------------------------------------------------------------------------------

def _plans_sees_all(user) -> bool:
    from plans.permissions import sees_all

    return sees_all(user)


def report_places(user) -> list:
    """The governorates and districts whose report the user may render, governorates first in reading order,
    each followed by its districts."""
    from places.choices import PlaceKind
    from places.models import Place
    from plans.permissions import planning_places
    from plans.queries import governorates_in_order

    allowed = planning_places(user)
    governorates = governorates_in_order()
    districts = defaultdict(list)
    for district in Place.objects.filter(kind=PlaceKind.DISTRICT, parent__in=[g.pk for g in governorates]):
        districts[district.parent_id].append(district)
    out = []
    for gov in governorates:
        kids = sorted(districts.get(gov.pk, []), key=lambda p: p.name)
        if allowed is None or gov.pk in allowed:
            out.append(gov)
        out.extend(d for d in kids if allowed is None or d.pk in allowed)
    return out


def report_events(user, limit: int = 200) -> list:
    from events.models import Event
    from events.permissions import events_visible_to

    return list(events_visible_to(user, Event.objects.all()).order_by("-start_date", "-pk")[:limit])


def report_quarters(today: dt.date | None = None, count: int = 8) -> list[str]:
    """The current quarter and the ones before it, newest first."""
    today = today or timezone.localdate()
    year, q = today.year, (today.month - 1) // 3 + 1
    out = []
    for _i in range(count):
        out.append(f"{year}-Q{q}")
        year, q = (year, q - 1) if q > 1 else (year - 1, 4)
    return out


def quarter_bounds(value: str) -> tuple[dt.date, dt.date]:
    match = QUARTER.match(value or "")
    if not match:
        raise BadParameter(_("“%(value)s” is not a quarter: write it as 2026-Q4.") % {"value": value})
    year, q = int(match.group(1)), int(match.group(2))
    start = dt.date(year, 3 * q - 2, 1)
    end = dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def may_render(user, key: str) -> bool:
    """Whether the user may render this report at all (for some parameter)."""
    if key == "public":
        return True
    if key == "national":
        return _plans_sees_all(user)
    if key == "governorate":
        return bool(report_places(user))
    if key == "event":
        return bool(report_events(user, limit=1))
    if key == "quarterly":
        from support.permissions import is_hub_expert
        from support.permissions import sees_all as desk_sees_all

        return desk_sees_all(user) or is_hub_expert(user)
    return False


def available(user) -> list[Report]:
    return [report for key, report in REPORTS.items() if may_render(user, key)]


def resolve(key: str, user, params: dict) -> dict:
    """The report's parameter as records, checked for this reader: {"place": Place} / {"event": Event} /
    {"quarter": "2026-Q4", "start", "end"}. Raises BadParameter (names nothing) or PermissionDenied."""
    from places.choices import PlaceKind
    from places.models import Place

    if key not in REPORTS:
        raise BadParameter(_("There is no report “%(key)s”.") % {"key": key})
    params = params or {}
    if key == "governorate":
        code = str(params.get("place") or "").strip()
        place = Place.objects.filter(code=code, kind__in=[PlaceKind.GOVERNORATE, PlaceKind.DISTRICT]).first()
        if place is None:
            raise BadParameter(_("Choose a governorate or a district: “%(value)s” is neither.") % {"value": code})
        if not (_plans_sees_all(user) or place.pk in (_planning(user))):
            raise PermissionDenied(_("You may not make the report of this place."))
        return {"place": place}
    if key == "national":
        if not _plans_sees_all(user):
            raise PermissionDenied(_("Only national coordinators make the national report."))
        return {}
    if key == "event":
        from events.models import Event
        from events.permissions import events_visible_to

        try:
            pk = int(str(params.get("event") or "").strip())
        except ValueError:
            raise BadParameter(_("Choose an event.")) from None
        event = events_visible_to(user, Event.objects.filter(pk=pk)).select_related("place").first()
        if event is None:
            raise PermissionDenied(_("No such event, or you may not see it."))
        return {"event": event}
    if key == "quarterly":
        if not may_render(user, "quarterly"):
            raise PermissionDenied(_("Only the hub's experts and national coordinators make the quarterly report."))
        value = str(params.get("quarter") or "").strip()
        start, end = quarter_bounds(value)
        return {"quarter": value, "start": start, "end": end}
    return {}


def _planning(user) -> set[int]:
    from plans.permissions import planning_places

    return planning_places(user) or set() if user.is_authenticated else set()


def filename(key: str, resolved: dict, today: dt.date | None = None) -> str:
    """wiqaya-<key>-<place or quarter>-<date>.pdf"""
    today = today or timezone.localdate()
    middle = ""
    if "place" in resolved:
        middle = resolved["place"].code
    elif "quarter" in resolved:
        middle = resolved["quarter"]
    elif "event" in resolved:
        middle = resolved["event"].reference or str(resolved["event"].pk)
    else:
        from plans.queries import country

        nation = country()
        middle = nation.code if nation else settings.WIQAYA_COUNTRY
    middle = re.sub(r"[^A-Za-z0-9_-]+", "-", middle).strip("-") or "all"
    return f"wiqaya-{key}-{middle}-{today:%Y-%m-%d}.pdf"


# --- numbers and bars ------------------------------------------------------------------------------------------------

def percent(value) -> int | None:
    return None if value is None else round(value * 100)


def shown(value, unit: str = "count", k: int | None = None) -> str:
    """A value as printed, as the pages and the map write it (`maps.display`): "< k" for a hidden group (in words in
    Arabic), "no data" for nothing recorded, "42%" for a percent."""
    return display(value, unit, k or min_cell_size())


def chart(panel: Panel) -> dict:
    """What the printed chart draws. A stacked panel (its series add up: met, breached…): one bar per category
    whose segments are the series, with the total; any other panel with several series (participants, and the
    women and youth among them): one bar per series within each category. Widths are per cent of the largest bar
    (of 100 for a percent panel); each bar carries its number, and the table twin repeats them all."""
    stacked = panel.kind == "stacked" and len(panel.series) > 1 and panel.key not in OVERLAPPING
    colours = {s.key: SERIES_COLOURS[n % len(SERIES_COLOURS)] for n, s in enumerate(panel.series)}
    totals = [sum(s.values[i] for s in panel.series if is_number(s.values[i])) for i in range(len(panel.categories))]
    singles = [v for s in panel.series for v in s.values if is_number(v)]
    scale = 100 if panel.unit == "percent" else (max(totals or [0]) if stacked else max(singles or [0])) or 1

    def width(value):
        return min(100, round(100 * value / scale, 2)) if is_number(value) and value > 0 else 0

    rows = []
    for i, category in enumerate(panel.categories):
        if stacked:
            segments = [{"width": width(s.values[i]), "colour": colours[s.key]} for s in panel.series]
            bars = [{"segments": segments, "text": shown(totals[i], panel.unit, panel.hidden_below), "label": ""}]
        else:
            bars = [{"segments": [{"width": width(s.values[i]), "colour": colours[s.key]}],
                     "text": shown(s.values[i], panel.unit, panel.hidden_below),
                     "label": s.label if len(panel.series) > 1 else ""} for s in panel.series]
        rows.append({"category": category, "bars": bars})
    legend = [{"label": s.label, "colour": colours[s.key]} for s in panel.series]
    return {"panel": panel, "rows": rows, "legend": legend if len(panel.series) > 1 else [], "stacked": stacked,
            "table": [(c, [shown(v, panel.unit, panel.hidden_below) for v in values]) for c, values in panel.rows()]}


def _panel(key, title, labels: list[tuple[str, str]], series: list[tuple[str, str, list]], *, kind="hbar",
           unit="count", note="", empty="", hidden_below=None) -> Panel:
    return Panel(key=key, title=title, kind=kind, unit=unit, note=note, empty=empty, hidden_below=hidden_below,
                 categories=[Category(key=str(k), label=str(label)) for k, label in labels],
                 series=[Series(key=k, label=str(label), values=list(values)) for k, label, values in series])


def _choices_panel(key, title, choices, counts: dict, *, series_label=None, hide=False, **kw) -> Panel:
    values = {value: counts.get(value, 0) for value, _label in choices}
    hidden_below = kw.pop("hidden_below", None) or (min_cell_size() if hide else None)
    if hide:
        values = suppress_small(values)
        values = {k: (HIDDEN if v is None else v) for k, v in values.items()}
    return _panel(key, title, [(v, label) for v, label in choices],
                  [("count", series_label or _("Count"), [values[v] for v, _label in choices])],
                  hidden_below=hidden_below, **kw)


# --- the reports' content --------------------------------------------------------------------------------------------

def _governorate_context(user, place, progress) -> dict:
    from places.choices import PlaceKind
    from plans.choices import APPROVED_STATUSES
    from plans.models import Action, Indicator, Plan
    from plans.permissions import visible_to
    from plans.queries import actions_progress, indicator_progress, indicators_with_latest, plan_figures

    plans_qs = Plan.objects.filter(governorate=place) if place.kind == PlaceKind.GOVERNORATE else \
        Plan.objects.filter(place=place)
    plans = list(visible_to(user, plans_qs).select_related("place", "owner").order_by("-period_start", "title", "pk"))
    progress(1, None, _("reading the plans"))
    ids = [p.pk for p in plans]
    figures = plan_figures(plans)
    action_share = actions_progress(ids)
    actions = defaultdict(list)
    for action in Action.objects.filter(plan__in=ids).select_related("lead", "district").order_by(
            "plan_id", "position", "pk"):
        action.percent = percent(action_share.get(action.pk))
        actions[action.plan_id].append(action)
    indicators = defaultdict(list)
    for indicator in indicators_with_latest(Indicator.objects.filter(action__plan__in=ids)).select_related(
            "action").order_by("action__plan_id", "action__position", "action_id", "position", "pk"):
        indicator.percent = percent(indicator_progress(indicator.baseline, indicator.target, indicator.latest_value,
                                                       indicator.direction))
        indicators[indicator.action.plan_id].append(indicator)
    progress(2, None, _("adding up"))
    approved = [p for p in plans if p.status in APPROVED_STATUSES]
    for plan in plans:
        fig = figures.get(plan.pk)
        plan.figures = fig
        plan.percent = percent(fig.progress) if fig else None
        plan.approved = plan.status in APPROVED_STATUSES
        plan.action_rows = actions.get(plan.pk, [])
        plan.indicator_rows = indicators.get(plan.pk, [])
    by_plan = _panel("progress_by_plan", _("Progress of approved plans"), [(p.pk, p.title) for p in approved],
                     [("progress", _("Progress"), [p.percent if p.percent is not None else NO_DATA for p in approved])],
                     unit="percent", empty=_("No approved plan yet: progress is counted once a plan is approved."))
    for category, plan in zip(by_plan.categories, approved, strict=True):
        category.lang = plan.lang
    dashboard = build(user, audience="governorate", place=place)
    shown_map = map_for(dashboard, "progress", links=False)
    totals = {
        "plans": len(plans), "approved": len(approved),
        "actions": sum(len(actions.get(p.pk, [])) for p in approved),
        "delayed": sum(figures[p.pk].delayed for p in approved),
        "overdue": sum(figures[p.pk].overdue for p in approved),
        "percent": percent(_mean([figures[p.pk].progress for p in approved])),
    }
    panels = [by_plan, *(p for p in dashboard.panels if p.kind != "table")]
    return {"place": place, "plans": plans, "charts": [chart(p) for p in panels], "totals": totals,
            "map": shown_map if shown_map.kind != "none" else None, "dashboard": dashboard,
            "filters": [(_("Place"), place.name)]}


def _mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def _national_context(user, progress, *, public: bool) -> dict:
    from events.models import Event
    from events.permissions import events_visible_to
    from plans.models import Plan
    from plans.permissions import summary_visible_to
    from plans.presenters import coverage_page
    from plans.queries import national_overview

    reader = AnonymousUser() if public else user
    k = min_cell_size() if public else None
    plans = summary_visible_to(reader, Plan.objects.all())
    progress(1, None, _("reading the plans"))
    overview = national_overview(plans)
    rows = overview["rows"]
    plan_counts = {r.governorate.code: len(r.plans) for r in rows}
    pending_counts = {r.governorate.code: len(r.pending) for r in rows}
    if public:
        plan_counts = {c: HIDDEN if v is None else v for c, v in suppress_small(plan_counts).items()}
    for row in rows:
        row.percent = percent(row.progress)
        row.plan_text = shown(plan_counts[row.governorate.code], k=k)
        row.pending_text = shown(pending_counts[row.governorate.code], k=k)
    progress(2, None, _("the coverage matrix"))
    coverage = coverage_page(plans, None)
    matrix = coverage.get("matrix")
    if matrix:
        if public:
            cells = {(i, j): cell["count"] for i, row in enumerate(matrix["goals"]) for j, cell in enumerate(row["cells"])}
            hidden = suppress_small(cells)
            for i, row in enumerate(matrix["goals"]):
                for j, cell in enumerate(row["cells"]):
                    cell["count"] = HIDDEN if hidden[(i, j)] is None else hidden[(i, j)]
        for row in matrix["goals"]:
            for cell in row["cells"]:
                cell["text"] = shown(cell["count"], k=k) if cell["count"] else "0"
    progress(3, None, _("the dashboard's figures"))
    dashboard = build(reader, audience="public" if public else "national")
    listed = []
    for row in rows:
        for fig in row.plans:
            fig.plan.percent = percent(fig.progress)
            listed.append(fig.plan)
    events = list(events_visible_to(reader, Event.objects.all()).select_related("place")
                  .annotate(recommendations_count=Count("recommendations", filter=_public_recs(reader)))
                  .order_by("-start_date", "pk"))
    total = overview["plans"]
    hidden_total = public and 0 < total < k
    return {"overview": overview, "rows": rows, "national_percent": percent(overview["progress"]),
            "plans_text": shown(HIDDEN if hidden_total else total, k=k), "coverage": coverage, "matrix": matrix,
            "charts": [chart(p) for p in dashboard.panels if p.kind != "table"], "plan_list": listed,
            "events": events, "map": map_for(dashboard, "progress", links=False), "dashboard": dashboard,
            "public": public, "k": k,
            "filters": [(_("Readers"), _("anyone (published records only)") if public else _("national coordinators"))]}


def _public_recs(reader):
    """The recommendations of an event that the reader may see, as a filter on events (for their counts)."""
    from django.db.models import Q

    from events.models import Recommendation
    from events.permissions import recommendations_visible_to

    return Q(recommendations__in=recommendations_visible_to(reader, Recommendation.objects.all()).values("pk"))


def _event_context(user, event, progress) -> dict:
    from events.choices import Response
    from events.choices import Status as RecStatus
    from events.queries import accountability, event_figures

    figures = event_figures(event)
    progress(1, None, _("reading the recommendations"))
    account = accountability(user, event=event)
    rows = account.rows
    summary = account.summary
    flags = defaultdict(int)
    for row in rows:
        flags[row.flag] += 1
    for row in rows:
        row.percent_text = shown(row.progress, "percent") if row.progress is not None else "—"
    panels = [
        _choices_panel("recommendations_by_status", _("Recommendations by status"), RecStatus.choices,
                       summary.by_status, series_label=_("Recommendations")),
        _choices_panel("recommendations_by_response", _("Owners' responses"), Response.choices, summary.by_response,
                       series_label=_("Owners")),
        _panel("participation_by_type", _("Participation by organisation type"),
               [(r["kind"], r["label"]) for r in figures["by_kind"]],
               [("participants", _("Participants"), [r["participants"] for r in figures["by_kind"]]),
                ("women", _("Women"), [r["women"] for r in figures["by_kind"]]),
                ("youth", _("Youth"), [r["youth"] for r in figures["by_kind"]])],
               empty=_("No participation recorded for this event yet.")),
    ]
    return {"event": event, "figures": figures, "rows": rows, "summary": summary,
            "charts": [chart(p) for p in panels],
            "filters": [(_("Event"), event.title)]}


def _quarterly_context(user, resolved, progress) -> dict:
    from support.choices import Clock, NeedMet, RequestType, Stage
    from support.clocks import clock_states
    from support.models import Need, Outcome, SupportRequest
    from support.permissions import needs_visible_to, requests_visible_to

    start, end = resolved["start"], resolved["end"]
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    requests = requests_visible_to(user, SupportRequest.objects.exclude(stage=Stage.DRAFT))
    submitted = list(requests.filter(submitted_at__gte=since, submitted_at__lt=until).select_related(
        "governorate", "requester"))
    progress(1, None, _("reading the requests"))
    by_stage, by_type = defaultdict(int), defaultdict(int)
    for request in submitted:
        by_stage[request.stage] += 1
        by_type[request.request_type] += 1
    needs = needs_visible_to(user, Need.objects.filter(created_at__gte=since, created_at__lt=until))
    by_severity = dict(needs.order_by().values_list("severity").annotate(n=Count("pk")))
    states = clock_states(submitted)
    progress(2, None, _("the service levels"))
    levels = {clock: defaultdict(int) for clock in Clock.values}
    for request_states in states.values():
        for state in request_states:
            name = "running" if state.state == "paused" else state.state
            levels[state.clock][name] += 1
    level_keys = [("met", _("Met")), ("breached", _("Breached")), ("running", _("Running")), ("missed", _("Missed"))]
    delivered = list(requests.filter(delivered_at__gte=since, delivered_at__lt=until).select_related(
        "governorate", "requester").order_by("delivered_at", "pk"))
    outcomes = {o.request_id: o for o in Outcome.objects.filter(request__in=[r.pk for r in delivered])}
    for request in delivered:
        request.result = outcomes.get(request.pk)
    met = defaultdict(int)
    for outcome in outcomes.values():
        met[outcome.need_met] += 1
    ratings = [o.rating for o in outcomes.values()]
    panels = [
        _choices_panel("needs_by_severity", _("Needs by severity"), [(n, str(n)) for n in range(1, 6)],
                       by_severity, series_label=_("Needs"), note=_("Needs recorded in the quarter.")),
        _choices_panel("requests_by_stage", _("Requests by stage"),
                       [(v, label) for v, label in Stage.choices if v != Stage.DRAFT], by_stage,
                       series_label=_("Requests"), note=_("Requests submitted in the quarter, by their stage today.")),
        _choices_panel("requests_by_type", _("Requests by type of support"), RequestType.choices, by_type,
                       series_label=_("Requests")),
        _panel("service_levels", _("Service levels"), Clock.choices,
               [(key, label, [levels[c][key] for c in Clock.values]) for key, label in level_keys],
               kind="stacked", note=_("The three clocks of the requests submitted in the quarter, in working days; "
                                      "a paused clock counts as running.")),
        _choices_panel("outcomes", _("Was the need met?"), NeedMet.choices, met, series_label=_("Outcomes"),
                       empty=_("No outcome recorded yet for the requests delivered in the quarter.")),
    ]
    return {"quarter": resolved["quarter"], "start": start, "end": end, "submitted": len(submitted),
            "needs": sum(by_severity.values()), "delivered": delivered,
            "mean_rating": round(sum(ratings) / len(ratings), 1) if ratings else None,
            "charts": [chart(p) for p in panels],
            "filters": [(_("Quarter"), resolved["quarter"])]}


def _noop(done, total=None, message=""):
    return None


def build_html(key: str, user, params: dict | None = None, progress=None, *, now=None) -> str:
    """The report's HTML, in the active language (what `render` hands WeasyPrint)."""
    progress = progress or _noop
    resolved = resolve(key, user, params or {})
    if key == "governorate":
        context = _governorate_context(user, resolved["place"], progress)
    elif key in {"national", "public"}:
        context = _national_context(user, progress, public=key == "public")
    elif key == "event":
        context = _event_context(user, resolved["event"], progress)
    else:
        context = _quarterly_context(user, resolved, progress)
    language = translation.get_language() or settings.LANGUAGE_CODE
    arabic = language.startswith("ar")
    digits = bool(settings.WIQAYA_ARABIC_DIGITS and arabic)
    generated = timezone.localtime(now or timezone.now())
    context.update(report=REPORTS[key], key=key, language="ar" if arabic else language.split("-")[0],
                   direction="rtl" if arabic else "ltr", arabic_digits=digits, generated=generated,
                   counter_style="arabic-indic" if digits else "decimal",
                   page_content=page_counter_content(digits))
    template = "national" if key == "public" else key
    html = render_to_string(f"dashboards/reports/{template}.html", context)
    if digits:
        html = html_with_arabic_digits(html)
    return html


def page_counter_content(arabic_digits: bool = False) -> str:
    """The CSS `content` of the footer's "page x of y", in the active language, with the page counters."""
    style = "arabic-indic" if arabic_digits else "decimal"
    text = _("page %(page)s of %(pages)s")
    out = []
    for part in re.split(r"(%\(page\)s|%\(pages\)s)", text):
        if part == "%(page)s":
            out.append(f"counter(page, {style})")
        elif part == "%(pages)s":
            out.append(f"counter(pages, {style})")
        elif part:
            out.append('"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(out)


def render(report_key: str, user, params: dict | None = None, progress=None, *, now=None) -> bytes:
    """The report as PDF bytes, for `user`, in the active language. Raises PermissionDenied or BadParameter."""
    from weasyprint import HTML

    progress = progress or _noop
    html = build_html(report_key, user, params, progress, now=now)
    progress(3, None, _("drawing the pages"))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


# --- the background job ----------------------------------------------------------------------------------------------

def start_report(*, actor, key: str, params: dict):
    """Check the reader and the parameter now (a refusal or a bad parameter is said on the form), then queue the
    job that draws the PDF."""
    resolve(key, actor, params)
    clean = {name: str(params[name]) for name in ("place", "event", "quarter") if params.get(name)}
    return start_job(kind=JOB_KIND, actor=actor, total=4, message=_("waiting for the worker"), params={
        "report": key, "params": clean, "language": translation.get_language() or settings.LANGUAGE_CODE})


def output_path(job) -> Path | None:
    relative = (job.result or {}).get("path")
    if not relative:
        return None
    path = (Path(settings.MEDIA_ROOT) / relative).resolve()
    root = (Path(settings.MEDIA_ROOT) / OUTPUT_DIR).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


@job_handler(JOB_KIND)
def run_report_job(job, progress) -> dict:
    from django.contrib.auth import get_user_model

    actor = get_user_model().objects.filter(pk=job.created_by_id).first()
    key, params = job.params.get("report", ""), job.params.get("params") or {}
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        if actor is None:
            return {"status": "failed", "error": _("The user who asked for the report no longer exists.")}
        try:
            resolved = resolve(key, actor, params)
            data = render(key, actor, params, progress)
        except (PermissionDenied, BadParameter) as exc:
            return {"status": "failed", "error": str(exc)}
        relative = f"{OUTPUT_DIR}/{uuid.uuid4().hex}.pdf"
        path = Path(settings.MEDIA_ROOT) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        progress(4, 4, _("finished"))
        return {"status": "done", "path": relative, "filename": filename(key, resolved), "size": len(data),
                "report": key}
