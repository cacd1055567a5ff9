"""A governorate's printed report at size: enough plans in one governorate for a report of about `pages` pages (each
plan starts a page, its actions and indicators fill one or two), drawn as the report job draws it, against a naive
baseline in the same run.

The data goes into a scratch SQLite database (never the user's). The shipped report reads every plan, action and
indicator of the governorate in a fixed number of queries and hands WeasyPrint one document. The baseline is the
obvious way: each plan on its own (its actions, each action's lead, progress and indicators asked one by one, each
indicator's latest update with a query of its own), one WeasyPrint document per plan, the PDFs merged with pypdf.
`dashboards/bench.py` calls `run()`; the target is 40 pages in ≤ 20 s.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import sys
import time
from decimal import Decimal

from django.db import connection

ACTIONS_PER_PLAN = 24  # with an indicator each: about two pages per plan


def build(plans: int, actions: int = ACTIONS_PER_PLAN, updates: int = 4, seed: int = 0) -> dict:
    """Bulk-write `plans` approved plans of Baghdad (and its districts), each with `actions` actions, an indicator
    per action and `updates` updates per indicator (the services are measured elsewhere; here the report is)."""
    from accounts.choices import OrganisationKind
    from accounts.models import Organisation
    from core.actors import system
    from frameworks.models import Framework, Goal
    from frameworks.services import load_definitions
    from places.models import Place
    from places.services import load_reference_places
    from plans.models import Action, ActionGoal, Indicator, Plan, ProgressUpdate

    rng = random.Random(seed)  # noqa: S311  # nosec B311 - synthetic benchmark data, not security
    load_reference_places(actor=system("bench reports"))
    load_definitions(actor=system("bench reports"))
    governorate = Place.objects.get(code="IQ-BG")
    places = [governorate, *Place.objects.filter(parent=governorate).order_by("code")]
    goals = list(Goal.objects.filter(framework__slug="euromed-cso-2017").values_list("pk", flat=True))
    framework = Framework.objects.filter(slug="euromed-cso-2017").first()
    statuses = ["planned", "ongoing", "ongoing", "delayed", "done"]
    owner = Organisation.objects.create(name="Bench Baghdad sub-committee", kind=OrganisationKind.COMMITTEE,
                                        place=governorate, key="bench-baghdad-sub-committee")
    lead = Organisation.objects.create(name="Bench youth NGO", kind=OrganisationKind.NGO, key="bench-youth-ngo")
    for n in range(plans):
        start = dt.date(2020 + n // len(places), 1, 1)
        plan = Plan.objects.create(title=f"Plan {n + 1} for {places[n % len(places)].name_en}",
                                   place=places[n % len(places)], governorate=governorate, owner=owner, lang="en",
                                   period_start=start, period_end=start.replace(year=start.year + 1, month=12, day=31),
                                   status="in_implementation", is_public=True)
        if framework:
            plan.frameworks.set([framework])
        rows = Action.objects.bulk_create([
            Action(plan=plan, ref=str(i + 1), position=i, title=f"Community dialogue session series {i + 1}",
                   lang="en", status=rng.choice(statuses), lead=lead,
                   end_date=start + dt.timedelta(days=30 * (i % 24)))
            for i in range(actions)])
        if goals:
            ActionGoal.objects.bulk_create([ActionGoal(action=a, goal_id=rng.choice(goals)) for a in rows])
        indicators = Indicator.objects.bulk_create([
            Indicator(action=a, name=f"Sessions held {a.ref}", baseline=0, target=20, frequency="quarterly")
            for a in rows])
        ProgressUpdate.objects.bulk_create([
            ProgressUpdate(indicator=ind, date=start + dt.timedelta(days=90 * m), value=Decimal(rng.randint(0, 20)),
                           organisation=owner)
            for ind in indicators for m in range(updates)])
    return {"plans": Plan.objects.count(), "actions": Action.objects.count(),
            "indicators": Indicator.objects.count(), "updates": ProgressUpdate.objects.count()}


def _pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def _counted(func):
    """(result, seconds, queries) of one call."""
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    start = time.perf_counter()
    with connection.execute_wrapper(count):
        result = func()
    return result, time.perf_counter() - start, len(executed)


def shipped(user, code: str = "IQ-BG") -> bytes:
    from dashboards import reports

    return reports.render("governorate", user, {"place": code})


def naive(user, code: str = "IQ-BG") -> bytes:
    """The baseline: one document per plan, everything asked per action and per indicator, the PDFs merged."""
    from django.template.loader import render_to_string
    from django.utils import timezone
    from pypdf import PdfWriter
    from weasyprint import HTML

    from dashboards import reports
    from places.models import Place
    from plans.choices import APPROVED_STATUSES
    from plans.models import Plan
    from plans.queries import action_progress, indicator_progress, plan_figures

    place = Place.objects.get(code=code)
    writer = PdfWriter()
    for plan in Plan.objects.filter(governorate=place).order_by("-period_start", "title", "pk"):
        plan.figures = plan_figures([plan])[plan.pk]
        plan.percent = reports.percent(plan.figures.progress)
        plan.approved = plan.status in APPROVED_STATUSES
        plan.action_rows, plan.indicator_rows = [], []
        for action in plan.actions.order_by("position", "pk"):
            action.lead_name = action.lead.name if action.lead_id else ""  # a query per action
            action.percent = reports.percent(action_progress(plan).get(action.pk))  # the plan's tree per action
            plan.action_rows.append(action)
            for indicator in action.indicators.all():
                latest = indicator.updates.order_by("-date", "-id").first()  # a query per indicator
                indicator.latest_value = latest.value if latest else None
                indicator.latest_date = latest.date if latest else None
                indicator.percent = reports.percent(indicator_progress(
                    indicator.baseline, indicator.target, indicator.latest_value, indicator.direction))
                plan.indicator_rows.append(indicator)
        html = render_to_string("dashboards/reports/governorate.html", {
            "report": reports.REPORTS["governorate"], "place": place, "plans": [plan], "charts": [],
            "totals": {"plans": 1, "approved": 1, "actions": len(plan.action_rows), "delayed": plan.figures.delayed,
                       "overdue": plan.figures.overdue, "percent": plan.percent},
            "filters": [], "language": "en", "direction": "ltr", "generated": timezone.localtime(),
            "page_content": reports.page_counter_content()})
        writer.append(io.BytesIO(HTML(string=html).write_pdf()))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def run(out=sys.stdout, pages: int = 40, actions: int = ACTIONS_PER_PLAN, seed: int = 0) -> dict:
    """Build the scratch world for a report of about `pages` pages, draw it the shipped way and the naive way, and
    print and return the figures."""
    import logging

    from django.utils import translation
    from weasyprint import HTML

    from core.actors import system
    from core.scratch import scratch_database

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # a line per layout step otherwise
    HTML(string="<p>warm</p>").write_pdf()  # fonts found once, as in a worker that has drawn a report before
    plans = max(1, pages // 2)
    with scratch_database(prefix="wiqaya-bench-reports-"), translation.override("en"):
        started = time.perf_counter()
        sizes = build(plans, actions=actions, seed=seed)
        built = time.perf_counter() - started
        user = system("bench reports")
        data, seconds, queries = _counted(lambda: shipped(user))
        baseline, naive_seconds, naive_queries = _counted(lambda: naive(user))
        with translation.override("ar"):
            arabic, arabic_seconds, _queries = _counted(lambda: shipped(user))
    result = {
        **sizes, "build_s": round(built, 1),
        "pages": _pages(data), "seconds": round(seconds, 2), "queries": queries, "bytes": len(data),
        "arabic_pages": _pages(arabic), "arabic_seconds": round(arabic_seconds, 2),
        "naive_pages": _pages(baseline), "naive_seconds": round(naive_seconds, 2), "naive_queries": naive_queries,
        "target_seconds": 20, "within_target": seconds <= 20,
        "load_average": round(os.getloadavg()[0], 2),  # the figures are read against how busy the machine was
    }
    print(f"Governorate report: {result['plans']} plans, {result['actions']} actions, {result['indicators']} "
          f"indicators, {result['updates']} updates (built in {result['build_s']} s)", file=out)
    print(f"  shipped: {result['pages']} pages in {result['seconds']} s, {queries} queries "
          f"(Arabic: {result['arabic_pages']} pages in {result['arabic_seconds']} s); target ≤ 20 s", file=out)
    print(f"  load average {result['load_average']} (other work on the machine slows both sides)", file=out)
    print(f"  naive (a document per plan, queries per action and indicator, merged): {result['naive_pages']} pages "
          f"in {result['naive_seconds']} s, {naive_queries} queries", file=out)
    return result
