"""Events: the public accountability page and the owners' queue at scale, against a naive per-recommendation read.

    wiqaya bench events [--events 2000] [--recommendations 20000] [--owners 60000] [--updates 100000]
                        [--rounds 5] [--json]

A throw-away database (core.scratch) with Iraq's governorates, `--organisations` organisations of every type
spread over them, `--events` events (most published), `--recommendations` recommendations spread over the
events and the statuses (most published, due dates from a year ago to a year ahead), `--owners` owner rows
(a lead, then supporting and contributing organisations; some not named in public, some answers pending) and
`--updates` progress updates (some public), all written in bulk. Two reads are timed, each over several pages
of 50 (the first, the second, one in the middle and the last), every round:

- the public accountability read, for an anonymous reader: the page of rows (recommendation, its event, the
  owners as they may be shown, the responses, the status, the schedule flag, the last update it may see), how
  many rows there are, and the summary (per governorate: total and completed; per status; per response);
- the owners' queue, for a focal point of one organisation: the recommendations it owns, pending responses
  first, with the same row parts.

Each is timed as its page calls it: `events.queries.accountability` (the summary, whose total is the
paginator's count, and `rows_for` a page) and `events.queries.owners_queue` (the whole open queue with its flags, then a page). The query count of each is taken at a tenth of the data and at all of
it: the two must be equal. The naive baseline is what a page would do without them: the same page of 50,
then each recommendation's owners and its last update asked one by one.
"""

from __future__ import annotations

import datetime as dt
import random
import time

PAGE = 50


def add_arguments(parser) -> None:
    parser.add_argument("--events", type=int, default=2000, help="Events (default 2,000).")
    parser.add_argument("--recommendations", type=int, default=20000, help="Recommendations (default 20,000).")
    parser.add_argument("--owners", type=int, default=60000, help="Owner rows (default 60,000).")
    parser.add_argument("--updates", type=int, default=100000, help="Progress updates (default 100,000).")
    parser.add_argument("--organisations", type=int, default=120, help="Organisations (default 120).")
    parser.add_argument("--rounds", type=int, default=5, help="Timed passes over the pages (default 5).")
    parser.add_argument("--seed", type=int, default=0)


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def at(p):
        return round(ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000, 2)

    return {"p50_ms": at(50), "p95_ms": at(95), "max_ms": round(ordered[-1] * 1000, 2), "samples": len(ordered)}


def _timed(call, pages: list[int], rounds: int) -> tuple[dict, int]:
    """Time `call(page)` over the pages, `rounds` times; the query count is the largest one page took. The
    percentiles are over every request; `by_page` gives each page's median (deep pages cost more)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    call(pages[0])  # warm-up
    samples, queries, per_page = [], 0, {page: [] for page in pages}
    for _ in range(rounds):
        for page in pages:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                call(page)
                samples.append(time.perf_counter() - started)
            per_page[page].append(samples[-1])
            queries = max(queries, len(captured))
            reset_queries()
    by_page = {str(page): _percentiles(times)["p50_ms"] for page, times in per_page.items()}
    return _percentiles(samples) | {"by_page": by_page}, queries


# --- data -----------------------------------------------------------------------------------------------------

def _spread(total: int, parts: int) -> list[int]:
    """`total` split into `parts` near-equal whole numbers."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _fill(sizes: dict, seed: int, today: dt.date):
    """Bulk rows as described in the module's docstring. Returns the queue user (a focal point of an owner)."""
    from accounts.choices import OrganisationKind, Role
    from accounts.models import User
    from accounts.services import add_membership, create_organisation
    from core.actors import system
    from places.models import Place
    from places.services import load_reference_places

    from .choices import EventKind, OwnerRole, Response, Status
    from .models import Event, Owner, Recommendation, Update

    actor = system("bench events")
    load_reference_places(actor=actor)
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets  # nosec B311
    governorates = list(Place.objects.filter(kind="governorate", parent__code="IQ").order_by("code"))
    kinds = [k for k in OrganisationKind.values if k != OrganisationKind.OTHER]
    organisations = [
        create_organisation(actor=actor, name=f"Bench organisation {i}", kind=kinds[i % len(kinds)],
                            place=governorates[i % len(governorates)])
        for i in range(sizes["organisations"])]
    user = User.objects.create_user(username="bench-focal", password=None)
    add_membership(actor=actor, user=user, organisation=organisations[0], role=Role.LOCAL_FOCAL_POINT)

    events = []
    for i in range(sizes["events"]):
        start = today - dt.timedelta(days=rng.randint(30, 1100))
        gov = governorates[i % len(governorates)]
        events.append(Event(reference=f"EVT-B-{i:05d}", kind=rng.choice(EventKind.values), title=f"Event {i}",
                            start_date=start, end_date=start + dt.timedelta(days=rng.randint(0, 2)), place=gov,
                            governorate=gov, status="held", is_public=rng.random() < 0.9))
    Event.objects.bulk_create(events, batch_size=2000)
    events = list(Event.objects.order_by("pk"))
    through = Event.conveners.through
    through.objects.bulk_create(
        [through(event_id=e.pk, organisation_id=organisations[rng.randrange(len(organisations))].pk)
         for e in events], batch_size=5000)

    statuses = [Status.NOT_STARTED, Status.IN_PROGRESS, Status.IN_PROGRESS, Status.COMPLETED, Status.SUSPENDED]
    recommendations = []
    for i, per_event in enumerate(_spread(sizes["recommendations"], len(events))):
        event = events[i]
        for n in range(per_event):
            due = event.end_date + dt.timedelta(days=rng.randint(90, 720))
            recommendations.append(Recommendation(
                reference=f"{event.reference}-R{n + 1:02d}", event=event, number=str(n + 1), position=n + 1,
                text=f"Recommendation {n + 1} of event {i}", issued_on=event.end_date, due_date=due,
                status=rng.choice(statuses), is_public=rng.random() < 0.85, quality=rng.randint(2, 5),
                steward_id=None))
    Recommendation.objects.bulk_create(recommendations, batch_size=2000)
    rec_ids = list(Recommendation.objects.order_by("pk").values_list("pk", flat=True))

    owners, roles = [], [OwnerRole.LEAD, OwnerRole.SUPPORTING, OwnerRole.CONTRIBUTING]
    responses = Response.values
    for i, per_rec in enumerate(_spread(sizes["owners"], len(rec_ids))):
        chosen = rng.sample(organisations, min(per_rec, len(organisations)))
        for k, organisation in enumerate(chosen):
            owners.append(Owner(recommendation_id=rec_ids[i], organisation_id=organisation.pk,
                                role=roles[min(k, 2)], response=rng.choice(responses),
                                is_public=rng.random() < 0.8))
    Owner.objects.bulk_create(owners, batch_size=5000)

    updates, latest = [], {}
    owner_of = dict(Owner.objects.filter(role=OwnerRole.LEAD).values_list("recommendation_id", "organisation_id"))
    for i, per_rec in enumerate(_spread(sizes["updates"], len(rec_ids))):
        rec = rec_ids[i]
        for _n in range(per_rec):
            date = today - dt.timedelta(days=rng.randint(1, 500))
            progress = rng.randint(0, 100)
            updates.append(Update(recommendation_id=rec, organisation_id=owner_of[rec], date=date,
                                  progress=progress, text="What changed.", is_public=rng.random() < 0.6))
            if rec not in latest or latest[rec][0] < date:
                latest[rec] = (date, progress)
    Update.objects.bulk_create(updates, batch_size=5000)
    # The cached fields the services keep: the last update's day and progress.
    stored = list(Recommendation.objects.filter(pk__in=latest).only("pk"))
    for rec in stored:
        rec.last_update_on, rec.progress = latest[rec.pk]
    Recommendation.objects.bulk_update(stored, ["last_update_on", "progress"], batch_size=2000)
    return user


# --- the reads ------------------------------------------------------------------------------------------------

def _accountability(user, page: int, today: dt.date) -> dict:
    """What the public follow-up page reads: the summary (whose total is the paginator's count) and a page of 50
    rows."""
    from .queries import accountability

    found = accountability(user, today=today)
    listing = found.pages()  # the page's paginator: its count is the summary's total
    rows = found.rows_for(listing[(page - 1) * PAGE:page * PAGE])
    return {"count": listing.count(), "rows": rows, "governorates": len(found.summary.by_governorate)}


def _queue(user, page: int, today: dt.date) -> dict:
    """What the owners' queue page reads: the queue with its flags, a page of 50 and its counts."""
    from .queries import owners_queue

    rows = owners_queue(user, today=today)
    return {"count": len(rows), "rows": rows[(page - 1) * PAGE:page * PAGE],
            "waiting": sum(1 for r in rows if r.pending)}


def _naive(user, page: int) -> list[dict]:
    """The baseline: the public page of 50, then each recommendation's event, owners and last update asked one by
    one."""
    from .models import Recommendation
    from .permissions import recommendations_visible_to

    recs = recommendations_visible_to(user, Recommendation.objects.filter(is_public=True)) \
        .order_by("-issued_on", "pk")[(page - 1) * PAGE:page * PAGE]
    rows = []
    for rec in recs:
        owners = [(o.organisation.name, o.role, o.response) for o in rec.owners.select_related("organisation")]
        last = rec.updates.filter(is_public=True).order_by("-date").first()
        rows.append({"reference": rec.reference, "owners": owners, "last_update": last.date if last else None})
    return rows


def _pages(total: int) -> list[int]:
    last = max(1, -(-total // PAGE))
    return sorted({1, min(2, last), max(1, last // 2), last})


def run(options: dict) -> dict:
    from django.contrib.auth.models import AnonymousUser

    from core.scratch import scratch_database

    rounds, seed = options.get("rounds", 5), options.get("seed", 0)
    sizes = {"events": options.get("events", 2000), "recommendations": options.get("recommendations", 20000),
             "owners": options.get("owners", 60000), "updates": options.get("updates", 100000),
             "organisations": options.get("organisations", 120)}
    today = dt.date.today()
    result = {"benchmark": "events", "rounds": rounds, "seed": seed, "page": PAGE, **sizes}
    counts = {}
    for label, scale in (("tenth", 10), ("full", 1)):
        scaled = {k: max(1, v // scale) for k, v in sizes.items()} | {"organisations": sizes["organisations"]}
        with scratch_database(prefix="wiqaya-bench-events-"):
            started = time.perf_counter()
            focal = _fill(scaled, seed, today)
            fill_seconds = round(time.perf_counter() - started, 1)
            from .choices import CLOSED_STATUSES
            from .models import Recommendation
            from .permissions import owned_by

            anonymous = AnonymousUser()
            public = Recommendation.objects.filter(is_public=True, event__is_public=True).count()
            owned = owned_by(focal, Recommendation.objects.exclude(status__in=CLOSED_STATUSES)).count()
            timings = {}
            for name, call, user, total in (("accountability", _accountability, anonymous, public),
                                            ("queue", _queue, focal, owned)):
                timings[name], counts.setdefault(name, {})[label] = _timed(
                    lambda page, call=call, user=user: call(user, page, today), _pages(total), rounds)
            timings["naive"], counts.setdefault("naive", {})[label] = _timed(
                lambda page, user=anonymous: _naive(user, page), _pages(public), rounds)
            if label == "full":
                result |= timings
                result |= {"fill_seconds": fill_seconds, "public_recommendations": public, "queue_size": owned}
    result["queries"] = counts
    result["constant"] = all(counts[n]["tenth"] == counts[n]["full"] for n in ("accountability", "queue"))
    result["target_met"] = result["constant"] and all(
        result[n]["p95_ms"] <= 200 for n in ("accountability", "queue"))
    return result


def report(result: dict) -> list[str]:
    lines = [f"Events ({result['machine']['cpus']} CPUs, Python {result['machine']['python']})",
             f"{result['events']:,} events, {result['recommendations']:,} recommendations, {result['owners']:,} "
             f"owner rows, {result['updates']:,} updates, {result['organisations']} organisations "
             f"(filled in {result['fill_seconds']} s); {result['public_recommendations']:,} public, "
             f"{result['queue_size']:,} in the queue; pages of {result['page']}"]
    for name in ("accountability", "queue", "naive"):
        q = result["queries"][name]
        lines.append(f"  {name:15} p50 {result[name]['p50_ms']} ms, p95 {result[name]['p95_ms']} ms "
                     f"({result[name]['samples']} pages); queries {q['tenth']} at a tenth, {q['full']} at all")
        pages = result[name].get("by_page", {})
        if pages:
            lines.append("    median by page: " + ", ".join(f"{page}: {ms} ms" for page, ms in pages.items()))
    lines.append(f"  query count constant: {'yes' if result['constant'] else 'NO'}; "
                 f"target p95 ≤ 200 ms: {'met' if result['target_met'] else 'NOT met'}")
    return lines
