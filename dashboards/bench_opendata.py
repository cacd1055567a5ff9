"""The open-data package at national scale: 100,000 published practices and 3,800 plan actions (targets: built in
≤ 60 s with ≤ 500 MB of memory), streamed, against the same package built in memory in the same run.

The world is written with `bulk_create` into a scratch SQLite database (never the user's): the reference places and
frameworks, published practices (half English, half Arabic, about 1 KB of text each, one or two goals), a few
thousand drafts that must stay out, 19 approved public plans sharing the actions (each with a goal and an
indicator), published events with participation and published recommendations with translations.

Each build runs in a forked child process, so that one build's memory does not count in the other's: memory is the
child's peak resident set size (`resource.getrusage(RUSAGE_SELF).ru_maxrss`), reported with the child's resident
size when it started (what it inherits from the parent: Python and Django loaded). The baseline reads each table
into a list and writes each CSV as one string (`ZipFile.writestr`), as a first version would; the streamed build is
`dashboards.opendata.build_package`. The two packages' CSV files are compared (CRC-32 and size of every entry).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

DAY = dt.date(2026, 12, 7)
TARGET_SECONDS = 60
TARGET_MB = 500

WORDS_EN = ("youth dialogue school council community women leaders training mentors sport culture radio "
            "religious teachers parents district municipality volunteers forum trust prevention outreach "
            "mediation returnees reintegration livelihoods awareness campaign").split()
WORDS_AR = ("الشباب الحوار المدرسة المجلس المجتمع النساء القادة التدريب الموجهون الرياضة الثقافة الإذاعة "
            "المعلمون الأهالي القضاء البلدية المتطوعون المنتدى الثقة الوقاية التواصل الوساطة العائدون الدمج "
            "سبل العيش التوعية الحملة").split()


def _words(rng, words, n: int) -> str:
    return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."


def build_world(practices: int, actions: int, seed: int = 0) -> dict:
    """Bulk-write the benchmark's records (the services are measured elsewhere; here the package is)."""
    from accounts.choices import OrganisationKind
    from accounts.models import Organisation
    from core.actors import system
    from events.models import Event, Participation, Recommendation
    from frameworks.models import Framework, Goal
    from frameworks.services import load_definitions
    from places.models import Place
    from places.services import load_reference_places
    from plans.models import Action, ActionGoal, Indicator, Plan, ProgressUpdate
    from practices.models import Practice, PracticeGoal

    rng = random.Random(seed)  # noqa: S311  # nosec B311 - synthetic benchmark data, not security
    load_reference_places(actor=system("bench open data"))
    load_definitions(actor=system("bench open data"))
    iraq = Place.objects.get(code="IQ")
    places = list(Place.objects.filter(kind__in=["governorate", "district"]).order_by("code"))
    governorates = [p for p in places if p.kind == "governorate"]
    goals = list(Goal.objects.filter(framework__slug="euromed-cso-2017").values_list("pk", flat=True))
    frameworks = list(Framework.objects.filter(slug="euromed-cso-2017"))
    orgs = Organisation.objects.bulk_create([
        Organisation(name=f"Bench organisation {n}", kind=OrganisationKind.NGO, key=f"bench-org-{n}")
        for n in range(50)])
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    drafts = max(1, practices // 50)
    batch = 5000
    for start in range(0, practices + drafts, batch):
        rows = []
        for i in range(start, min(start + batch, practices + drafts)):
            arabic = i % 2 == 1
            words = WORDS_AR if arabic else WORDS_EN
            published = i < practices
            rows.append(Practice(
                name=(f"ممارسة {i} " if arabic else f"Practice {i} ") + _words(rng, words, 5), lang="ar" if arabic else "en",
                country=iraq, place=rng.choice(places), organisation_name=f"Bench organisation {i % 50}",
                owner=orgs[i % 50], start_year=2015 + i % 10, end_year=None if i % 3 else 2026, ongoing=i % 3 == 0,
                activity=_words(rng, words, 30), objectives=_words(rng, words, 20),
                description=_words(rng, words, 60), beneficiaries=_words(rng, words, 10),
                status="published" if published else "draft", published_at=now if published else None,
                natural_key=f"bench-practice-{i}"))
        made = Practice.objects.bulk_create(rows)
        PracticeGoal.objects.bulk_create([PracticeGoal(practice=p, goal_id=g) for p in made
                                          for g in rng.sample(goals, rng.randint(1, 2))])
    per_plan = max(1, actions // len(governorates))
    for n, place in enumerate(governorates):
        owner = orgs[n]
        plan = Plan.objects.create(title=f"Plan {place.name_en}", summary=_words(rng, WORDS_EN, 30), lang="en",
                                   place=place, governorate=place, owner=owner, period_start=dt.date(2025, 1, 1),
                                   period_end=dt.date(2026, 12, 31), status="in_implementation", is_public=True)
        plan.frameworks.set(frameworks)
        count = per_plan if n < len(governorates) - 1 else actions - per_plan * (len(governorates) - 1)
        made = Action.objects.bulk_create([
            Action(plan=plan, ref=str(i + 1), position=i, title=f"Action {i + 1}", status="ongoing")
            for i in range(count)])
        ActionGoal.objects.bulk_create([ActionGoal(action=a, goal_id=rng.choice(goals)) for a in made])
        indicators = Indicator.objects.bulk_create([
            Indicator(action=a, name=f"Indicator {a.ref}", baseline=0, target=100, frequency="quarterly")
            for a in made])
        ProgressUpdate.objects.bulk_create([
            ProgressUpdate(indicator=ind, date=dt.date(2025, 3 * m + 1, 1), value=rng.randint(0, 100),
                           organisation=owner) for ind in indicators for m in range(4)])
    events = Event.objects.bulk_create([
        Event(reference=f"EVT-BENCH-{n}", kind="roundtable", title=_words(rng, WORDS_AR, 6), lang="ar",
              description=_words(rng, WORDS_AR, 40), start_date=dt.date(2025, 1 + n % 12, 1),
              end_date=dt.date(2025, 1 + n % 12, 2), place=governorates[n % len(governorates)],
              governorate=governorates[n % len(governorates)], status="held", is_public=n % 4 != 0,
              published_at=now) for n in range(400)])
    Participation.objects.bulk_create([
        Participation(event=e, organisation=orgs[k], kind=OrganisationKind.NGO, participants=rng.randint(3, 40),
                      women=rng.randint(0, 3), youth=rng.randint(0, 3)) for e in events for k in range(3)])
    Recommendation.objects.bulk_create([
        Recommendation(reference=f"REC-BENCH-{n}", event=events[n % len(events)], text=_words(rng, WORDS_AR, 25),
                       lang="ar", translation=_words(rng, WORDS_EN, 25), translation_lang="en",
                       issued_on=dt.date(2025, 6, 1), is_public=n % 3 != 0, published_at=now)
        for n in range(2000)])
    return {"practices": Practice.objects.filter(status="published").count(),
            "draft_practices": Practice.objects.exclude(status="published").count(),
            "actions": Action.objects.count(), "events": Event.objects.count(),
            "recommendations": Recommendation.objects.count()}


def naive_build(path: Path, today: dt.date) -> Path:
    """The baseline: every table read into a list, every CSV written as one string."""
    from dashboards import opendata

    ctx = opendata.Extract(today)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("datapackage.json", json.dumps(opendata.descriptor(dt.datetime.now(dt.UTC), today)))
        for table in opendata.TABLES:
            if table.queryset is not None:
                rows = [table.convert(ctx, item) for item in list(table.queryset(ctx))]
            else:
                rows = list(table.compute(ctx))
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\r\n")
            writer.writerow(table.columns)
            writer.writerows([[opendata.cell(v) for v in row] for row in rows])
            archive.writestr(f"{table.name}.README.md", opendata.readme(table, today))
            archive.writestr(f"{table.name}.csv", text.getvalue().encode("utf-8"))
    return path


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _timed_build(kind: str, path: str) -> dict:
    from dashboards import opendata

    start_mb = _rss_mb()
    started = time.perf_counter()
    if kind == "streamed":
        opendata.build_package(Path(path), today=DAY)
    else:
        naive_build(Path(path), DAY)
    seconds = time.perf_counter() - started
    with zipfile.ZipFile(path) as archive:
        entries = {i.filename: (i.CRC, i.file_size) for i in archive.infolist() if i.filename.endswith(".csv")}
    return {"seconds": round(seconds, 2), "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "start_mb": start_mb, "bytes": os.path.getsize(path), "entries": entries}


def _child(target, args, queue):
    try:
        queue.put(target(*args))
    except Exception as exc:  # reported to the parent, which raises it
        queue.put({"error": f"{type(exc).__name__}: {exc}"})


def _in_child(target, *args) -> dict:
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_child, args=(target, args, queue))
    process.start()
    result = queue.get()
    process.join()
    if "error" in result:
        raise RuntimeError(result["error"])
    return result


def run(out=sys.stdout, practices: int = 100_000, actions: int = 3_800, seed: int = 0) -> dict:
    from core.scratch import scratch_database

    with scratch_database(prefix="wiqaya-bench-opendata-"), \
            tempfile.TemporaryDirectory(prefix="wiqaya-bench-opendata-files-") as folder:
        started = time.perf_counter()
        sizes = _in_child(build_world, practices, actions, seed)
        world_seconds = round(time.perf_counter() - started, 1)
        streamed = _in_child(_timed_build, "streamed", str(Path(folder) / "streamed.zip"))
        naive = _in_child(_timed_build, "naive", str(Path(folder) / "naive.zip"))
    same = streamed.pop("entries") == naive.pop("entries")
    result = {"benchmark": "opendata", **sizes, "world_seconds": world_seconds, "streamed": streamed,
              "in_memory": naive, "same_csv_files": same, "memory_measure": "ru_maxrss of a forked child",
              "targets": {"seconds": TARGET_SECONDS, "peak_mb": TARGET_MB},
              "within_targets": streamed["seconds"] <= TARGET_SECONDS and streamed["peak_mb"] <= TARGET_MB}
    for line in report(result):
        out.write(line + "\n")
    return result


def report(result: dict) -> list[str]:
    s, n = result["streamed"], result["in_memory"]
    return [
        f"Open-data package: {result['practices']} published practices (+{result['draft_practices']} drafts left "
        f"out), {result['actions']} plan actions, {result['events']} events, {result['recommendations']} "
        f"recommendations (world written in {result['world_seconds']} s; {os.cpu_count()} CPUs, Python "
        f"{sys.version.split()[0]})",
        f"{'':28}{'seconds':>10}{'peak MB':>10}{'start MB':>10}{'ZIP MB':>10}",
        f"{'streamed (shipped)':28}{s['seconds']:>10}{s['peak_mb']:>10}{s['start_mb']:>10}{s['bytes'] / 2**20:>10.1f}",
        f"{'in memory (baseline)':28}{n['seconds']:>10}{n['peak_mb']:>10}{n['start_mb']:>10}{n['bytes'] / 2**20:>10.1f}",
        "memory: peak resident size of the build's forked child (ru_maxrss); start MB is what it inherits",
        f"same CSV files in both: {result['same_csv_files']}; targets ≤ {result['targets']['seconds']} s and "
        f"≤ {result['targets']['peak_mb']} MB: {'met' if result['within_targets'] else 'NOT met'}",
    ]


if __name__ == "__main__":  # pragma: no cover - `python -m dashboards.bench_opendata` with Django set up
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()
    run()
