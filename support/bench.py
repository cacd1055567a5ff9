"""Support desk: the hub queue and the register at scale, and matching one request against many practices.

    wiqaya bench support [--requests 10000] [--needs 50000] [--practices 100000] [--rounds 5] [--json]

- Queue and register: a throw-away database (core.scratch) with Iraq's 19 governorates, one locality per
  governorate, one hub, `--needs` needs and `--requests` requests (spread over the stages), filled in bulk. The
  hub queue (`support.queries.hub_queue`) and the register (`support.queries.register_rows`) are timed for a hub
  expert, and their query count is taken at a tenth of the data and at all of it: the two must be equal. The
  naive baseline is what a page would do without them: the hub's requests, then each one's needs and requester
  asked one by one. When those functions are not there yet, that part is skipped with a line that says so.
- Matching: `--practices` generated practices (search.synthetic, the search benchmark's generator) in a
  temporary search index; each of the real development set's request texts (docs/eval/real/matching) is
  matched with `support.matching.rank_practices`, the desk's own ranking, with goal evidence for every
  practice; each timed call computes its embedding. The naive baseline reads every practice's terms and counts
  those shared with the request.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from pathlib import Path

REQUESTS_FILE = Path(__file__).resolve().parent.parent / "docs" / "eval" / "real" / "matching" / "requests.jsonl"


def add_arguments(parser) -> None:
    parser.add_argument("--requests", type=int, default=10000, help="Support requests (default 10,000).")
    parser.add_argument("--needs", type=int, default=50000, help="Needs (default 50,000).")
    parser.add_argument("--practices", type=int, default=100000, help="Practices to match against (default 100,000).")
    parser.add_argument("--rounds", type=int, default=5, help="Timed passes (default 5).")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-matching", action="store_true", help="Only the queue and the register.")
    parser.add_argument("--skip-queue", action="store_true", help="Only the matching.")


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def at(p):
        return round(ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000, 2)

    return {"p50_ms": at(50), "p95_ms": at(95), "max_ms": round(ordered[-1] * 1000, 2), "samples": len(ordered)}


def _timed(call, rounds: int) -> tuple[dict, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm-up
    samples, queries = [], 0
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            call()
            samples.append(time.perf_counter() - started)
        queries = len(captured)
    return _percentiles(samples), queries


# --- queue and register -------------------------------------------------------------------------------------

def _fill(n_requests: int, n_needs: int, seed: int):
    """Bulk rows: 19 governorates' localities, one hub with an expert, needs and requests. Returns the expert."""
    from django.utils import timezone

    from accounts.choices import OrganisationKind, Role
    from accounts.models import User
    from accounts.services import add_membership, create_organisation
    from core.actors import system
    from frameworks.services import load_definitions
    from places.models import Place
    from places.services import load_reference_places

    from .choices import NeedSource, RequestType, Stage, Theme
    from .models import Need, SupportRequest

    actor = system("bench support")
    load_reference_places(actor=actor)
    load_definitions(actor=actor)
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets  # nosec B311
    governorates = list(Place.objects.filter(kind="governorate", parent__code="IQ").order_by("code"))[:19]
    hub = create_organisation(actor=actor, name="Bench hub", kind=OrganisationKind.HUB)
    localities = [create_organisation(actor=actor, name=f"Locality {g.code}", kind=OrganisationKind.LOCAL_GOVERNMENT,
                                      place=g) for g in governorates]
    expert = User.objects.create_user(username="bench-expert", password=None)
    add_membership(actor=actor, user=expert, organisation=hub, role=Role.HUB_EXPERT)
    themes, sources = Theme.values, NeedSource.values
    needs = []
    for i in range(n_needs):
        k = i % len(governorates)
        needs.append(Need(title=f"Need {i}", owner=localities[k], hub=hub, place=governorates[k],
                          governorate=governorates[k], theme=rng.choice(themes), source=rng.choice(sources),
                          severity=rng.randint(1, 5)))
    Need.objects.bulk_create(needs, batch_size=2000)
    need_ids = list(Need.objects.values_list("pk", "governorate_id"))
    by_place = {}
    for pk, gov in need_ids:
        by_place.setdefault(gov, []).append(pk)
    stages, types = [s for s in Stage.values if s != Stage.DRAFT], RequestType.values
    requests = []
    now = timezone.now()
    for i in range(n_requests):
        k = i % len(governorates)
        age = rng.randint(1, 365)
        requests.append(SupportRequest(
            reference=f"SR-2026-{i + 1:05d}", title=f"Request {i}", requester=localities[k], hub=hub,
            place=governorates[k], governorate=governorates[k], request_type=rng.choice(types),
            stage=rng.choice(stages), result_wanted="A trained team.", submitted_at=now - dt.timedelta(days=age),
            due_on=(now - dt.timedelta(days=age - rng.randint(2, 60))).date()))
    SupportRequest.objects.bulk_create(requests, batch_size=2000)
    through = SupportRequest.needs.through
    links = []
    for pk, gov in SupportRequest.objects.values_list("pk", "governorate_id"):
        for need in rng.sample(by_place[gov], min(2, len(by_place[gov]))):
            links.append(through(supportrequest_id=pk, need_id=need))
    through.objects.bulk_create(links, batch_size=5000)
    return expert


def _queue_and_register(n_requests: int, n_needs: int, rounds: int, seed: int) -> dict:
    from core.scratch import scratch_database

    try:
        from . import queries
    except ImportError:
        queries = None
    missing = [name for name in ("hub_queue", "register_rows") if not hasattr(queries, name)]
    result = {"requests": n_requests, "needs": n_needs, "governorates": 19}
    if missing:
        result["skipped"] = (f"support.queries.{' and '.join(missing)} not there yet (the lifecycle share writes "
                             "them): the queue and the register were not measured")
        return result
    counts = {}
    for label, scale in (("tenth", 10), ("full", 1)):
        with scratch_database(prefix="wiqaya-bench-support-"):
            expert = _fill(n_requests // scale, n_needs // scale, seed)
            from .models import SupportRequest

            def queue(expert=expert):
                # What the queue page shows: its first page of 50, each with its three clocks.
                from .clocks import clock_states

                page = list(queries.hub_queue(expert)[:50])
                return page, clock_states(page)

            def overdue(expert=expert):
                # The overdue tab: its first page of 50 and how many there are.
                return list(queries.overdue(expert)[:50]), queries.overdue(expert).count()

            def register(expert=expert):
                return queries.register_rows(expert)

            def naive_queue(expert=expert):
                rows = []
                for request in SupportRequest.objects.filter(hub__in=expert.organisation_ids())[:50]:
                    rows.append((request.reference, request.requester.name, list(request.needs.all())))
                return rows

            timings = {}
            for name, call in (("queue", queue), ("overdue", overdue), ("register", register),
                               ("naive_queue", naive_queue)):
                timings[name], counts.setdefault(name, {})[label] = _timed(call, rounds)
            if label == "full":
                result |= timings
    result["queries"] = counts
    result["constant"] = all(counts[n]["tenth"] == counts[n]["full"] for n in ("queue", "overdue", "register"))
    return result


# --- matching ---------------------------------------------------------------------------------------------

def _matching(n: int, rounds: int, seed: int) -> dict:
    from search import index as search_index
    from search.embeddings import clear_cache
    from search.encoding import encode
    from search.models import SearchEntry
    from search.synthetic import practice_rows
    from search.tempdb import temporary_index
    from search.text import query_terms

    from .matching import Features, rank_practices

    texts = [json.loads(line)["text"] for line in REQUESTS_FILE.read_text(encoding="utf-8").splitlines() if line]
    goals = [f"un-pve-2015:{n}" for n in range(1, 8)]
    with temporary_index() as (alias, _size):
        started = time.perf_counter()
        rows = practice_rows(n, seed=seed)
        while True:
            batch = [row for _i, row in zip(range(512), rows, strict=False)]
            if not batch:
                break
            search_index.bulk_insert(batch, encode([r.embed_text for r in batch]), using=alias)
        build = time.perf_counter() - started

        def keys_of(entry_ids):
            return {pk: pk for pk in entry_ids}

        def features_of(keys):  # every practice has two goals, as linked practices do
            return {k: Features(goals=frozenset({goals[k % 7], goals[(k * 3) % 7]})) for k in keys}

        def match(text):
            rank_practices(text, keys_of=keys_of, features_of=features_of, goals=goals[:2], places={"IQ-NI"},
                           using=alias)

        def naive(text):
            wanted = set(query_terms(text))
            scored = []
            for pk, a, b, c in SearchEntry.objects.using(alias).values_list("id", "text_a", "text_b", "text_c").iterator():
                shared = len(wanted & set(f"{a} {b} {c}".split()))
                if shared:
                    scored.append((shared, pk))
            return sorted(scored, reverse=True)[:10]

        results = {}
        for name, call in (("matching", match), ("naive", naive)):
            call(texts[0])  # warm-up: the model, the vector matrix
            samples = []
            for _ in range(rounds):
                for text in texts:
                    clear_cache()
                    t0 = time.perf_counter()
                    call(text)
                    samples.append(time.perf_counter() - t0)
            results[name] = _percentiles(samples)
    return {"practices": n, "build_seconds": round(build, 1), "requests": len(texts)} | results


def run(options: dict) -> dict:
    rounds, seed = options.get("rounds", 5), options.get("seed", 0)
    result = {"benchmark": "support", "rounds": rounds, "seed": seed}
    if not options.get("skip_queue"):
        result["queue_register"] = _queue_and_register(options.get("requests", 10000), options.get("needs", 50000),
                                                       rounds, seed)
    if not options.get("skip_matching"):
        result["matching"] = _matching(options.get("practices", 100000), max(1, rounds // 5), seed)
    return result


def report(result: dict) -> list[str]:
    lines = [f"Support desk ({result['machine']['cpus']} CPUs, Python {result['machine']['python']})"]
    qr = result.get("queue_register")
    if qr:
        lines.append(f"Queue and register: {qr['requests']:,} requests, {qr['needs']:,} needs, "
                     f"{qr['governorates']} governorates")
        if qr.get("skipped"):
            lines.append(f"  skipped: {qr['skipped']}")
        else:
            for name in ("queue", "overdue", "register", "naive_queue"):
                q = qr["queries"][name]
                lines.append(f"  {name:12} p50 {qr[name]['p50_ms']} ms, p95 {qr[name]['p95_ms']} ms; "
                             f"queries {q['tenth']} at a tenth, {q['full']} at all")
            lines.append(f"  query count constant: {'yes' if qr['constant'] else 'NO'}")
    m = result.get("matching")
    if m:
        lines += [f"Matching: {m['requests']} real request texts against {m['practices']:,} generated practices "
                  f"(index built in {m['build_seconds']} s)",
                  f"  matching     p50 {m['matching']['p50_ms']} ms, p95 {m['matching']['p95_ms']} ms",
                  f"  naive scan   p50 {m['naive']['p50_ms']} ms, p95 {m['naive']['p95_ms']} ms"]
    return lines
