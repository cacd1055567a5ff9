"""National overview and coverage matrix at national scale: 19 governorates × 200 actions × 12 monthly updates.
Every fifth plan is a draft, which the figures leave out (they count approved plans only) and the roll-up still
reads, so the time includes setting drafts apart.

Builds the data in a scratch SQLite database (never the user's), then times `queries.national_overview` and
`queries.coverage_matrix` (and the two pages, rendered through Django's test client as a national coordinator)
over repeated warm runs, and counts their database queries. The baseline in the same run is the obvious
per-plan roll-up (one `action_progress` per plan plus per-plan goal queries): its time and query count grow
with the number of plans, where the shipped roll-up's query count stays fixed.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from decimal import Decimal

from django.db import connection


def add_arguments(parser) -> None:
    parser.add_argument("--governorates", type=int, default=19, help="Plans, one per governorate (default 19).")
    parser.add_argument("--actions", type=int, default=200, help="Actions per plan (default 200).")
    parser.add_argument("--updates", type=int, default=12, help="Monthly updates per indicator (default 12).")
    parser.add_argument("--runs", type=int, default=30, help="Timed warm runs of each view (default 30).")
    parser.add_argument("--seed", type=int, default=0)


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def pick(q):
        return round(ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000, 1)

    return {"p50_ms": pick(0.5), "p95_ms": pick(0.95), "max_ms": round(ordered[-1] * 1000, 1),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 1)}


def _timed(func, runs: int) -> dict:
    func()  # warm
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    # A wrapper, not the query log: a request through the test client may reconnect, which the log misses.
    with connection.execute_wrapper(count):
        func()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return _percentiles(samples) | {"queries": len(executed)}


def build(governorates: int, actions: int, updates: int, seed: int) -> dict:
    """Bulk-write the benchmark's plans (the services are measured elsewhere; here the reads are)."""
    from accounts.choices import OrganisationKind
    from accounts.models import Organisation
    from core.actors import system
    from frameworks.models import Framework, Goal
    from frameworks.services import load_definitions
    from places.models import Place
    from places.services import load_reference_places
    from plans.models import Action, ActionGoal, Indicator, Plan, ProgressUpdate

    rng = random.Random(seed)  # noqa: S311  # nosec B311 - synthetic benchmark data, not security
    load_reference_places(actor=system("bench plans"))
    load_definitions(actor=system("bench plans"))
    goals = list(Goal.objects.filter(framework__slug="euromed-cso-2017").values_list("pk", flat=True))
    frameworks = list(Framework.objects.filter(slug__in=["iraq-ns-2019", "euromed-cso-2017"]))
    places = list(Place.objects.filter(kind="governorate").order_by("name_en"))[:governorates]
    start = dt.date(2025, 1, 1)
    statuses = ["planned", "ongoing", "ongoing", "delayed", "done", "cancelled"]
    for n, place in enumerate(places):
        owner = Organisation.objects.create(name=f"Bench sub-committee {n}", kind=OrganisationKind.COMMITTEE,
                                            place=place, key=f"bench-sub-committee-{n}")
        plan = Plan.objects.create(title=f"Plan {place.name_en}", place=place, governorate=place, owner=owner,
                                   period_start=start, period_end=dt.date(2026, 12, 31),
                                   status="draft" if n % 5 == 4 else "in_implementation", is_public=n % 2 == 0)
        plan.frameworks.set(frameworks)
        tops = Action.objects.bulk_create([
            Action(plan=plan, ref=str(i + 1), position=i, title=f"Action {i + 1}", status=rng.choice(statuses))
            for i in range(actions // 4)
        ])
        subs = Action.objects.bulk_create([
            Action(plan=plan, parent=tops[i % len(tops)], ref=f"{i % len(tops) + 1}.{i // len(tops) + 1}",
                   position=len(tops) + i, title=f"Sub-action {i}", status=rng.choice(statuses))
            for i in range(actions - len(tops))
        ])
        everything = tops + subs
        ActionGoal.objects.bulk_create([
            ActionGoal(action=a, goal_id=g) for a in everything for g in rng.sample(goals, rng.randint(1, 2))
        ])
        indicators = Indicator.objects.bulk_create([
            Indicator(action=a, name=f"Indicator {a.ref}", baseline=0, target=100, frequency="monthly")
            for a in everything
        ])
        ProgressUpdate.objects.bulk_create([
            ProgressUpdate(indicator=ind, date=start + dt.timedelta(days=30 * m), value=Decimal(rng.randint(0, 100)),
                           organisation=owner)
            for ind in indicators for m in range(updates)
        ])
    return {"plans": Plan.objects.count(), "actions": Action.objects.count(),
            "indicators": Indicator.objects.count(), "updates": ProgressUpdate.objects.count()}


def _naive_overview():
    """The baseline: roll each plan up on its own, as a page that loops over plans would."""
    from plans import queries
    from plans.choices import APPROVED_STATUSES
    from plans.models import ActionGoal, Plan

    out = []
    for plan in Plan.objects.filter(status__in=APPROVED_STATUSES).select_related("governorate"):
        progress = queries.action_progress(plan)
        tops = [a for a in plan.actions.filter(parent=None).exclude(status="cancelled")]
        share = sum(progress[a.pk] for a in tops) / len(tops) if tops else None
        goals = ActionGoal.objects.filter(action__plan=plan).values("goal_id").distinct().count()
        out.append((plan.governorate.name_en, share, goals))
    return out


def run(options: dict) -> dict:
    from django.test import Client

    from accounts.choices import OrganisationKind, Role
    from accounts.models import Membership, Organisation, User
    from core.scratch import scratch_database
    from frameworks.models import Framework
    from plans import queries
    from plans.models import Plan

    runs = options.get("runs", 30)
    with scratch_database(prefix="wiqaya-bench-plans-"):
        started = time.perf_counter()
        sizes = build(options.get("governorates", 19), options.get("actions", 200), options.get("updates", 12),
                      options.get("seed", 0))
        build_seconds = round(time.perf_counter() - started, 1)
        framework = Framework.objects.get(slug="euromed-cso-2017")
        result = {"benchmark": "plans", **sizes, "build_seconds": build_seconds, "runs": runs,
                  "overview": _timed(lambda: queries.national_overview(Plan.objects.all()), runs),
                  "coverage": _timed(lambda: queries.coverage_matrix(Plan.objects.all(), framework), runs),
                  "baseline_per_plan_overview": _timed(_naive_overview, max(3, runs // 5))}
        coordinator = User.objects.create_user(username="bench-coordinator", password=None)
        committee = Organisation.objects.create(name="Bench committee", kind=OrganisationKind.COMMITTEE,
                                                key="bench-committee")
        Membership.objects.create(user=coordinator, organisation=committee, role=Role.NATIONAL_COORDINATOR)
        client = Client(SERVER_NAME="localhost")
        client.force_login(coordinator)
        pages = {"overview_page": "/en/plans/overview/",
                 "coverage_page": "/en/plans/coverage/?framework=euromed-cso-2017"}
        for name, url in pages.items():
            status = client.get(url).status_code
            result[name] = _timed(lambda url=url: client.get(url), runs) | {"url": url, "status": status}
    return result


def report(result: dict) -> list[str]:
    machine = result["machine"]
    lines = [
        f"Plans roll-up on {result['plans']} plans, {result['actions']} actions, {result['indicators']} indicators, "
        f"{result['updates']} progress updates (built in {result['build_seconds']} s; {machine['cpus']} CPUs, "
        f"Python {machine['python']}; {result['runs']} warm runs each)",
        f"{'':34}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}",
    ]
    for key, label in [("overview", "national overview (roll-up)"), ("coverage", "coverage matrix (roll-up)"),
                       ("overview_page", "national overview page"), ("coverage_page", "coverage matrix page"),
                       ("baseline_per_plan_overview", "baseline: per-plan roll-up")]:
        if key in result:
            r = result[key]
            note = f"  (HTTP {r['status']})" if r.get("status", 200) != 200 else ""
            lines.append(f"{label:34}{r['p50_ms']:>9}{r['p95_ms']:>9}{r['max_ms']:>9}{r['queries']:>9}{note}")
    return lines
