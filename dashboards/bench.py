"""Dashboards: the national dashboard at national scale (19 governorates × 200 actions × 12 updates), then the
open-data package and a governorate PDF where those benchmarks are built in this tree.

    wiqaya bench dashboards [--only dashboard|opendata|pdf] [--quick] [--governorates 19] [--actions 200]
                            [--updates 12] [--requests 20] [--events 5] [--runs 30] [--out DIR] [--json]

The dashboard part builds a throw-away database (`core.scratch`, never the user's) with the plans of
`plans.bench.build` (one plan per governorate, every fifth a draft, `--actions` actions each with an indicator
and `--updates` monthly updates), and per governorate `--requests` submitted support requests (with a need
each) and `--events` held events with participation and two recommendations each, all written in bulk. It then
times `dashboards.data.build(coordinator, audience="national")` — every panel and map measure — over warm runs
(p50, p95) and counts its queries; the baseline in the same run is the obvious per-governorate read: each
governorate's plans rolled up one plan at a time (`plans.queries.plan_figures` per plan) and each
governorate's counts asked one by one. Target: p95 ≤ 300 ms, and a query count that does not grow with plans.

The open-data (`dashboards.bench_opendata.run(out, …)`) and PDF (`dashboards.bench_pdf.run(out, …)`) parts run
when their modules exist in this tree; otherwise the report says so.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib
import importlib.util
import json
import os
import pathlib
import platform
import random
import statistics
import sys
import tempfile
import time

TARGET_P95_MS = 300
PARTS = ("dashboard", "opendata", "pdf")
QUICK = {"governorates": 2, "actions": 8, "updates": 2, "requests": 2, "events": 1, "runs": 3}


def add_arguments(parser) -> None:
    parser.add_argument("--only", choices=PARTS, help="Run one part only (default: all three).")
    parser.add_argument("--quick", action="store_true", help="A tiny size, for a test (a few seconds).")
    parser.add_argument("--governorates", type=int, default=19, help="Plans, one per governorate (default 19).")
    parser.add_argument("--actions", type=int, default=200, help="Actions per plan (default 200).")
    parser.add_argument("--updates", type=int, default=12, help="Monthly updates per indicator (default 12).")
    parser.add_argument("--requests", type=int, default=20, help="Support requests per governorate (default 20).")
    parser.add_argument("--events", type=int, default=5, help="Held events per governorate (default 5).")
    parser.add_argument("--runs", type=int, default=30, help="Timed warm runs (default 30).")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="", help="Folder for the open-data package and the PDF (default: a "
                                                   "temporary one).")


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def pick(q):
        return round(ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000, 1)

    return {"p50_ms": pick(0.5), "p95_ms": pick(0.95), "max_ms": round(ordered[-1] * 1000, 1),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 1), "runs": len(ordered)}


def _queries(func) -> int:
    from django.db import connection

    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        func()
    return len(executed)


def _timed(func, runs: int, frozen: bool = True) -> dict:
    """Warm runs of `func`. `frozen`: as the web server runs it — the objects alive before the first request (here:
    Django, the modules and what building the world left) moved out of the collector's scans with `gc.freeze()`,
    as `config/wsgi.py` does after loading the application; without it a full collection now and then walks them
    all and adds its pause to one request in a few."""
    func()  # warm-up
    queries = _queries(func)
    if frozen:
        gc.collect()
        gc.freeze()
    samples = []
    try:
        for _ in range(runs):
            start = time.perf_counter()
            func()
            samples.append(time.perf_counter() - start)
    finally:
        if frozen:
            gc.unfreeze()
    return _percentiles(samples) | {"queries": queries}


# --- data -----------------------------------------------------------------------------------------------------

def _desk_and_events(requests: int, events: int, seed: int) -> dict:
    """Per governorate: `requests` submitted requests (a need each) and `events` held events (participation of
    three organisation types, two recommendations with a lead owner each), written in bulk."""
    from django.utils import timezone

    from accounts.choices import OrganisationKind
    from accounts.models import Organisation
    from events.models import Event, Minutes, Owner, Participation, Recommendation
    from places.models import Place
    from support.models import Need, SupportRequest

    rng = random.Random(seed)  # noqa: S311  # nosec B311 - synthetic benchmark data, not security
    hub = Organisation.objects.create(name="Bench hub", kind=OrganisationKind.HUB, key="bench-hub")
    kinds = [OrganisationKind.NGO, OrganisationKind.LOCAL_GOVERNMENT, OrganisationKind.ACADEMIC]
    others = [Organisation.objects.create(name=f"Bench {k}", kind=k, key=f"bench-{k}") for k in kinds]
    now = timezone.now()
    stages = ["submitted", "triage", "accepted", "in_delivery", "delivered", "closed"]
    needs, reqs, evs = [], [], []
    governorates = list(Place.objects.filter(kind="governorate").order_by("name_en"))
    owners = {o.place_id: o for o in Organisation.objects.filter(key__startswith="bench-sub-committee-")}
    for g, place in enumerate(governorates):
        owner = owners.get(place.pk) or others[0]
        for i in range(requests):
            needs.append(Need(title=f"Need {g}.{i}", owner=owner, place=place, governorate=place, theme="youth",
                              source="consultation", severity=rng.randint(1, 5)))
            submitted = now - dt.timedelta(days=rng.randint(1, 300))
            reqs.append(SupportRequest(
                reference=f"SR-B-{g}-{i}", title=f"Request {g}.{i}", requester=owner, hub=hub, place=place,
                governorate=place, request_type="training", result_wanted="Trained staff.",
                stage=rng.choice(stages), submitted_at=submitted,
                acknowledged_at=submitted + dt.timedelta(days=rng.randint(0, 4)) if rng.random() < 0.8 else None))
        for i in range(events):
            start = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 600))
            evs.append(Event(reference=f"EVT-B-{g}-{i}", title=f"Roundtable {g}.{i}", start_date=start,
                             end_date=start, place=place, governorate=place, status="held", is_public=True))
    Need.objects.bulk_create(needs, batch_size=2000)
    SupportRequest.objects.bulk_create(reqs, batch_size=2000)
    evs = Event.objects.bulk_create(evs, batch_size=2000)
    Minutes.objects.bulk_create([Minutes(event=e, text="Minutes.", status="approved") for e in evs])
    Participation.objects.bulk_create([
        Participation(event=e, organisation=o, kind=o.kind, participants=rng.randint(5, 40),
                      women=rng.randint(0, 5), youth=rng.randint(0, 5)) for e in evs for o in others])
    recs = Recommendation.objects.bulk_create([
        Recommendation(reference=f"{e.reference}-R{n}", event=e, text=f"Recommendation {n}", issued_on=e.end_date,
                       status=rng.choice(["not_started", "in_progress", "completed"]), is_public=True)
        for e in evs for n in (1, 2)])
    Recommendation.places.through.objects.bulk_create([
        Recommendation.places.through(recommendation_id=r.pk, place_id=r.event.place_id) for r in recs])
    Owner.objects.bulk_create([Owner(recommendation=r, organisation=others[0], role="lead") for r in recs])
    return {"requests": len(reqs), "needs": len(needs), "events": len(evs), "recommendations": len(recs)}


def _naive(coordinator) -> list:
    """The baseline: each governorate read on its own, each plan rolled up on its own."""
    from events.models import Event, Recommendation
    from plans import queries
    from plans.models import Plan
    from support.models import Need, SupportRequest

    out = []
    for governorate in queries.governorates_in_order():
        figures = [queries.plan_figures([plan]) for plan in Plan.objects.filter(governorate=governorate)]
        out.append((governorate.code, len(figures),
                    Need.objects.filter(governorate=governorate).count(),
                    SupportRequest.objects.filter(governorate=governorate).exclude(stage="draft").count(),
                    Event.objects.filter(governorate=governorate).count(),
                    Recommendation.objects.filter(places=governorate).count()))
    return out


def run_dashboard(options: dict) -> dict:
    from accounts.choices import OrganisationKind, Role
    from accounts.models import Membership, Organisation, User
    from core.scratch import scratch_database
    from dashboards import data
    from plans import bench as plans_bench
    from plans import queries as plan_queries
    from plans.models import Plan

    runs = options["runs"]
    with scratch_database(prefix="wiqaya-bench-dashboards-"):
        started = time.perf_counter()
        sizes = plans_bench.build(options["governorates"], options["actions"], options["updates"], options["seed"])
        sizes |= _desk_and_events(options["requests"], options["events"], options["seed"])
        build_seconds = round(time.perf_counter() - started, 1)
        coordinator = User.objects.create_user(username="bench-coordinator", password=None)
        committee = Organisation.objects.create(name="Bench committee", kind=OrganisationKind.COMMITTEE,
                                                key="bench-committee")
        Membership.objects.create(user=coordinator, organisation=committee, role=Role.NATIONAL_COORDINATOR)
        today = dt.date(2026, 6, 30)
        dashboard = data.build(coordinator, audience="national", today=today)
        result = {**sizes, "build_seconds": build_seconds, "runs": runs,
                  "panels": len(dashboard.panels), "measures": len(dashboard.measures),
                  "national": _timed(lambda: data.build(coordinator, audience="national", today=today), runs),
                  "national_unfrozen": _timed(lambda: data.build(coordinator, audience="national", today=today),
                                              runs, frozen=False),
                  "public": _timed(lambda: data.build(None, audience="public", today=today), runs),
                  "baseline": _timed(lambda: _naive(coordinator), max(3, runs // 5)),
                  # for reading the figures against `wiqaya bench plans`: the plans roll-up alone, same data
                  "plans_overview": _timed(lambda: plan_queries.national_overview(Plan.objects.all(), today), runs),
                  "load_average": _load()}
    return result


def _load() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:  # no load average on this platform
        return None


# --- the other parts ------------------------------------------------------------------------------------------

class Out(type(pathlib.Path())):
    """What the open-data and PDF parts receive as `out`: the folder to write into (a path), which also takes
    their progress lines (call it with a line, or `write` to it as to a stream); the report prints the lines."""

    def __init__(self, *segments, lines: list | None = None):
        super().__init__(*segments)
        self.lines = [] if lines is None else lines

    def __call__(self, line: str = "") -> None:
        self.lines.append(str(line))

    def write(self, text: str) -> int:
        self.lines.extend(part for part in str(text).splitlines() if part.strip())
        return len(text)

    def flush(self) -> None:
        pass


def _part(module_name: str, out, **kwargs) -> dict:
    if importlib.util.find_spec(module_name) is None:
        return {"skipped": "not built in this tree"}
    module = importlib.import_module(module_name)
    return module.run(out, **kwargs)


def run(options: dict) -> dict:
    options = dict(options)
    defaults = {"governorates": 19, "actions": 200, "updates": 12, "requests": 20, "events": 5, "runs": 30,
                "seed": 0}
    for key, value in defaults.items():
        options.setdefault(key, value)
    if options.get("quick"):
        options |= QUICK
    only = options.get("only")
    result = {"benchmark": "dashboards", "quick": bool(options.get("quick")), "lines": []}
    if only in (None, "dashboard"):
        result["dashboard"] = run_dashboard(options)
    with tempfile.TemporaryDirectory(prefix="wiqaya-bench-dashboards-out-") as temporary:
        for part, module_name, sizes in (
                ("opendata", "dashboards.bench_opendata",
                 {"practices": 1000, "actions": 100} if options.get("quick") else {}),
                ("pdf", "dashboards.bench_pdf", {"pages": 4} if options.get("quick") else {})):
            if only in (None, part):
                folder = Out(options.get("out") or temporary, part, lines=result["lines"])
                folder.mkdir(parents=True, exist_ok=True)
                result[part] = _part(module_name, folder, **sizes)
    return result


def report(result: dict) -> list[str]:
    machine = result.get("machine") or _machine()
    lines = []
    if "dashboard" in result:
        r = result["dashboard"]
        lines += [
            f"National dashboard on {r['plans']} plans, {r['actions']} actions, {r['indicators']} indicators, "
            f"{r['updates']} progress updates, {r['requests']} support requests, {r['events']} events, "
            f"{r['recommendations']} recommendations (built in {r['build_seconds']} s; {machine['cpus']} CPUs, "
            f"Python {machine['python']}; load average {r.get('load_average')}; {r['runs']} warm runs; "
            f"{r['panels']} panels, {r['measures']} measures)",
            f"{'':40}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}",
        ]
        for key, label in (("national", "national dashboard (build)"),
                           ("national_unfrozen", "  the same, start-up objects not frozen"),
                           ("public", "public dashboard (build)"),
                           ("baseline", "baseline: per governorate, per plan"),
                           ("plans_overview", "for reference: plans roll-up alone")):
            t = r[key]
            lines.append(f"{label:40}{t['p50_ms']:>9}{t['p95_ms']:>9}{t['max_ms']:>9}{t['queries']:>9}")
        verdict = "met" if r["national"]["p95_ms"] <= TARGET_P95_MS else "NOT met"
        lines.append(f"target: national dashboard p95 <= {TARGET_P95_MS} ms: {verdict}; its query count does not "
                     f"grow with plans (asserted in dashboards/tests/test_data.py)")
    for part, title, target in (("opendata", "Open-data package", "target: <= 60 s and <= 500 MB peak RSS"),
                                ("pdf", "Governorate PDF", "target: a 40-page governorate PDF <= 20 s")):
        if part not in result:
            continue
        figures = result[part]
        if "skipped" in figures:
            lines.append(f"{title}: {figures['skipped']}")
            continue
        lines.append(f"{title}: " + ", ".join(f"{k}={v}" for k, v in figures.items() if not isinstance(v, dict | list)))
        lines.append(target)
    lines += [f"  {line}" for line in result.get("lines", [])]
    return lines


def _machine() -> dict:
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}


def main(argv=None) -> int:
    """`wiqaya bench dashboards …` (the `ops` dispatcher calls `run` and `report`; this runs it on its own)."""
    import django

    if not django.apps.apps.ready:
        django.setup()
    parser = argparse.ArgumentParser(prog="wiqaya bench dashboards", description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")
    add_arguments(parser)
    options = vars(parser.parse_args(argv))
    result = run(options)
    result["machine"] = _machine()
    if options.get("json"):
        print(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    else:
        for line in report(result):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
