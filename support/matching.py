"""Matching with reasons: for a support request, the practices, experts, peer localities and partner
organisations that could help, each with a score and the reasons it was offered.

A reason is stored as data — {"code": …, parameters} — and put into words in the reader's language by
`reason_text`, so that a page in Arabic and one in English read the same candidate in their own words.

Practices are ranked by `rank_practices`, the one ranking the desk and `wiqaya eval matching` both call: the
search engine's hybrid ranking of the request's text (`search.engine.rank`), then a bonus for each goal of the
request the practice serves, a bonus for the same place, and a penalty for practices the desk rejected before
for requests on the same goals. The desk reads goals from the practices' goal links; the evaluation's
documents have none, so it gives the goals the suggester finds in their text (measured in
docs/benchmarks.md, "Support desk matching").

Everything offered goes through the readers' rules: practices through `practices.permissions.visible_to`, peer
localities through `plans.permissions` (an action the reader may not see in full is named only from a plan
summary the reader may see, and not at all otherwise), experts through `support.permissions.experts_visible_to`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from search import engine
from search.models import SearchEntry
from search.text import terms as text_terms

from .choices import Availability, CandidateKind, CandidateStatus, SupportLanguage, Theme

# The goal weight was chosen on the tuning half of the real development set (docs/benchmarks.md, "Support desk
# matching"): the search engine's fused score is about 0.3–0.9; a practice serving the request's goals adds
# GOAL_WEIGHT × the share of them it serves (0.3 of 0.05–0.4 tried). The same governorate or country adds
# PLACE_WEIGHT and each earlier rejection on the same goals takes REJECTED_WEIGHT off (at most three counted):
# those two are not measured on that set (its documents have no place and no history). The request's type is
# not used: added to the text, it ranked worse.
WEIGHTS = {"goal": 0.3, "place": 0.05, "rejected": 0.15, "depth": 100}
PRACTICE_LIMIT = 10
OTHER_LIMIT = 5


@dataclass
class Features:
    """What the practice ranking knows about one practice besides its text."""

    goals: frozenset = frozenset()  # goal keys, comparable with the request's
    places: frozenset = frozenset()  # place codes (its governorate and its country)
    rejections: int = 0  # rejected before for requests on the same goals
    goal_reasons: list = field(default_factory=list)  # the "serves …" reasons, for the goals shared


@dataclass
class Ranked:
    key: Hashable
    score: float
    reasons: list[dict]


def _query_words(query: str) -> list[tuple[str, set[str]]]:
    """The words of the query as typed, each with its index terms (worked out once per query). A stopword ("in",
    "في") finds everything: it is no reason to offer a practice, so it has no terms here."""
    found: dict[str, set[str]] = {}
    for word in query.split():
        clean = word.strip(".,;:!?؟،؛()\"'«»")
        if clean and clean not in found:
            found[clean] = set(text_terms(clean, keep_stopwords=False))
    return list(found.items())


def _words_found(words: list[tuple[str, set[str]]], held: set[str], limit: int = 5) -> list[str]:
    """The query's words whose index terms the record holds."""
    return [word for word, word_terms in words if word_terms & held][:limit]


def rank_practices(text: str, *, keys_of: Callable[[list[int]], dict[int, Hashable]],
                   features_of: Callable[[list[Hashable]], dict[Hashable, Features]], goals: Iterable = (),
                   places: Iterable = (), linked: Iterable[Hashable] = (), using: str = "default",
                   mode: str = "hybrid", weights: dict | None = None, limit: int = PRACTICE_LIMIT) -> list[Ranked]:
    """Practices for a request's text, best first, with their reasons.

    `keys_of(entry ids)` maps search entries to practice keys, leaving out what is not a practice or what the
    reader may not see; `features_of(keys)` gives their goals, places and earlier rejections; `linked` adds
    practices found through the goals alone (not by the words). The desk and the evaluation pass their own
    readers of the same facts; the ranking is this one function."""
    weights = WEIGHTS | (weights or {})
    goals, places = frozenset(goals), frozenset(places)
    # Without the glossary: expanding a request's many words with their other-language forms ranked worse on
    # the tuning half (0.337 → 0.313 nDCG@10 with the shipped glossary), so the desk and the evaluation rank
    # the same way whatever glossary an installation curates (docs/benchmarks.md, "Support desk matching").
    ranking = engine.rank(text, using=using, mode=mode, glossary=False)
    fused = ranking.fused[:weights["depth"]]
    keys = keys_of([pk for pk, _s in fused])
    base: dict[Hashable, float] = {}
    entry_of: dict[Hashable, int] = {}
    for pk, score in fused:
        key = keys.get(pk)
        if key is not None and key not in base:
            base[key], entry_of[key] = score, pk
    for key in linked:
        base.setdefault(key, 0.0)
    features = features_of(list(base))
    results = []
    for key, score in base.items():
        f = features.get(key, Features())
        reasons = []
        shared = f.goals & goals
        if shared and goals:
            score += weights["goal"] * len(shared) / len(goals)
            reasons += f.goal_reasons or [{"code": "serves_goal", "goal": str(g)} for g in sorted(shared, key=str)]
        if f.places & places:
            score += weights["place"]
        if f.rejections:
            score -= weights["rejected"] * min(f.rejections, 3)
        results.append(Ranked(key=key, score=round(score, 6), reasons=reasons))
    results.sort(key=lambda r: (-r.score, str(r.key)))
    results = results[:limit] if limit else results
    # The words each offered practice was found by, for the offered ones only.
    words = _query_words(text)
    held = _held_terms(using, [entry_of[r.key] for r in results if r.key in entry_of])
    for r in results:
        f = features.get(r.key, Features())
        if r.key in entry_of:
            found = _words_found(words, held.get(entry_of[r.key], set()))
            r.reasons.append({"code": "found_by_words", "words": found} if found else {"code": "close_in_meaning"})
        if f.places & places:
            r.reasons.append({"code": "same_place"})
        if f.rejections:
            r.reasons.append({"code": "rejected_before", "count": f.rejections})
    return results


def _held_terms(using: str, entry_ids: list[int]) -> dict[int, set[str]]:
    rows = SearchEntry.objects.using(using).filter(pk__in=entry_ids).values_list("id", "text_a", "text_b", "text_c")
    return {pk: set(f"{a} {b} {c}".split()) for pk, a, b, c in rows}


# --- the desk's candidates ------------------------------------------------------------------------------------

def request_text(request) -> str:
    """What the desk searches with: the request's title, description, the result wanted and its needs' text."""
    parts = [request.title, request.description, request.result_wanted]
    for need in request.needs.all():
        parts += [need.title, need.description]
    return "\n".join(p for p in parts if p)


def request_goals(request) -> set[int]:
    """The request's goals and its needs' goals (ids)."""
    own = set(request.goals.values_list("pk", flat=True))
    return own | set(request.needs.values_list("goals", flat=True)) - {None}


def _place_codes(place) -> set[str]:
    codes, node = set(), place
    while node is not None:
        if node.kind != "district":
            codes.add(node.code)
        node = node.parent
    return codes


def goal_label(goal) -> dict:
    """A goal as a reason keeps it: the framework's short name in both languages and the goal's number, so that
    each reader gets it in their own language (`_goal_text`), whoever asked for the matches."""
    framework = goal.framework
    return {"en": framework.short_name or framework.short_name_ar or framework.title_en or framework.slug,
            "ar": framework.short_name_ar or framework.short_name or framework.title_ar or framework.slug,
            "number": str(goal.number)}


def _goal_text(value) -> str:
    """"<framework>, goal 6" in the reader's language (a plain string is shown as it is)."""
    if not isinstance(value, dict):
        return str(value)
    name = value.get("ar") if (get_language() or "en").startswith("ar") else value.get("en")
    return _("%(framework)s, goal %(number)s") % {"framework": name, "number": value.get("number", "")}


def _rejections(kind: str, field_name: str, goals: set[int], exclude_request) -> dict[int, int]:
    """{target id: how often the desk rejected it} for earlier requests sharing a goal with this one."""
    from .models import Candidate, SupportRequest

    if not goals:
        return {}
    related = SupportRequest.objects.filter(Q(goals__in=goals) | Q(needs__goals__in=goals)).exclude(
        pk=exclude_request.pk).values("pk")
    counts: dict[int, int] = defaultdict(int)
    for target in Candidate.objects.filter(kind=kind, status=CandidateStatus.REJECTED,
                                           request__in=related).values_list(field_name, flat=True):
        counts[target] += 1
    return counts


def practice_candidates(actor, request, *, using: str = "default", limit: int = PRACTICE_LIMIT) -> list[Ranked]:
    from practices.models import Practice, PracticeGoal
    from practices.permissions import visible_to

    goals = request_goals(request)
    places = _place_codes(request.place)
    rejected = _rejections(CandidateKind.PRACTICE, "practice_id", goals, request)

    def keys_of(entry_ids):
        rows = dict(SearchEntry.objects.using(using).filter(pk__in=entry_ids, kind="practice")
                    .values_list("id", "object_id"))
        seen = set(visible_to(actor, Practice.objects.filter(pk__in=rows.values())).values_list("pk", flat=True))
        return {pk: obj for pk, obj in rows.items() if obj in seen}

    linked = []
    if goals:
        linked = list(visible_to(actor, Practice.objects.filter(goal_links__goal__in=goals)).distinct()
                      .order_by("-published_at", "pk").values_list("pk", flat=True)[:limit])

    def features_of(keys):
        practices = {p.pk: p for p in Practice.objects.filter(pk__in=keys).select_related("place__parent", "country")}
        links = defaultdict(list)
        for link in PracticeGoal.objects.filter(practice__in=keys).select_related("goal__framework") \
                .prefetch_related("paragraphs"):
            links[link.practice_id].append(link)
        result = {}
        for pk, practice in practices.items():
            codes = {practice.country.code} if practice.country_id else set()
            if practice.place_id:
                codes |= _place_codes(practice.place)
            reasons = [{"code": "serves_goal", "goal": goal_label(link.goal),
                        "paragraphs": sorted(p.number for p in link.paragraphs.all())}
                       for link in links[pk] if link.goal_id in goals]
            result[pk] = Features(goals=frozenset(link.goal_id for link in links[pk]), places=frozenset(codes),
                                  rejections=rejected.get(pk, 0), goal_reasons=reasons)
        return result

    return rank_practices(request_text(request), keys_of=keys_of, features_of=features_of, goals=goals,
                          places=places, linked=linked, using=using, limit=limit)


def expert_candidates(actor, request, limit: int = OTHER_LIMIT) -> list[Ranked]:
    """Experts of the request's hub: themes of its needs, its languages, its place, its goals, availability."""
    from .models import Expert
    from .permissions import experts_visible_to

    themes = set(request.needs.values_list("theme", flat=True))
    languages = set(request.languages or []) | {request.lang}
    places = {request.place_id, request.governorate_id}
    goals = request_goals(request)
    rejected = _rejections(CandidateKind.EXPERT, "expert_id", goals, request)
    experts = experts_visible_to(actor, Expert.objects.filter(hub=request.hub_id)).exclude(
        availability=Availability.UNAVAILABLE).prefetch_related("places", "goals__framework")
    result = []
    for expert in experts:
        score, reasons = 0.0, []
        spoken = [code for code in SupportLanguage.values if code in languages and code in expert.languages]
        if spoken:
            score += 0.3
            reasons.append({"code": "speaks", "languages": spoken})
        where = [p for p in expert.places.all() if p.pk in places]
        if where:
            score += 0.2
            reasons.append({"code": "works_in", "place": where[0].code})
        shared_themes = [t for t in Theme.values if t in themes and t in expert.themes]
        if shared_themes:
            score += 0.3
            reasons.append({"code": "knows_theme", "themes": shared_themes})
        shared_goals = [goal_label(g) for g in expert.goals.all() if g.pk in goals]
        if shared_goals:
            score += 0.2
            reasons.append({"code": "knows_goal", "goals": shared_goals})
        if expert.availability == Availability.AVAILABLE:
            score += 0.1
            reasons.append({"code": "available"})
        else:
            reasons.append({"code": "limited"})
        if rejected.get(expert.pk):
            score -= WEIGHTS["rejected"] * min(rejected[expert.pk], 3)
            reasons.append({"code": "rejected_before", "count": rejected[expert.pk]})
        if score > 0.1:
            result.append(Ranked(key=expert.pk, score=round(score, 6), reasons=reasons))
    result.sort(key=lambda r: (-r.score, r.key))
    return result[:limit]


def _percent(progress) -> int | None:
    return None if progress is None else round(100 * progress)


def peer_candidates(actor, request, limit: int = OTHER_LIMIT) -> list[Ranked]:
    """Other localities whose plans ran actions on the request's goals, with their measured progress. An action
    is named only when the reader may see its plan in full; a plan the reader sees only as a public summary is
    named by its goals and progress (what the summary shows); any other plan not at all."""
    from plans.models import Action, Plan
    from plans.permissions import actions_visible_to, summary_visible_to, visible_to
    from plans.queries import actions_progress, plan_figures

    goals = request_goals(request)
    if not goals:
        return []
    requesters = {request.requester_id}
    candidates = Action.objects.filter(goals__in=goals).exclude(plan__owner__in=requesters).distinct()
    full = list(actions_visible_to(actor, candidates).select_related("plan__place", "plan__owner")
                .prefetch_related("goals__framework"))
    best: dict[int, Ranked] = {}
    progress = actions_progress({a.plan_id for a in full}) if full else {}
    for action in full:
        owner = action.plan.owner_id
        shared = [g for g in action.goals.all() if g.pk in goals]
        pct = _percent(progress.get(action.pk))
        score = 0.5 * len(shared) / len(goals) + (0.5 * min(pct, 100) / 100 if pct is not None else 0.0)
        if action.plan.governorate_id == request.governorate_id:
            score += 0.1
        reason = {"code": "led_action", "place": action.plan.place.code,
                  "year": (action.start_date or action.plan.period_start).year, "progress": pct,
                  "goals": [goal_label(g) for g in shared]}
        if owner not in best or best[owner].score < score:
            best[owner] = Ranked(key=owner, score=round(score, 6), reasons=[reason])
    seen_in_full = set(visible_to(actor, Plan.objects.all()).values_list("pk", flat=True)) if full else set()
    summaries = summary_visible_to(actor, Plan.objects.filter(actions__goals__in=goals)).exclude(
        owner__in=requesters).exclude(pk__in=seen_in_full).distinct().select_related("place")
    figures = plan_figures(list(summaries))
    labels = {g.pk: goal_label(g) for g in _goals(goals)}
    for fig in figures.values():
        plan = fig.plan
        if plan.owner_id in best:
            continue
        shared = [labels[g] for g in sorted(fig.goal_ids) if g in labels]
        if not shared:
            continue
        pct = _percent(fig.progress)
        score = 0.5 * len(shared) / len(goals) + (0.5 * min(pct, 100) / 100 if pct is not None else 0.0)
        best[plan.owner_id] = Ranked(key=plan.owner_id, score=round(score, 6), reasons=[
            {"code": "public_plan", "place": plan.place.code, "year": plan.period_start.year, "progress": pct,
             "goals": shared}])
    return sorted(best.values(), key=lambda r: (-r.score, r.key))[:limit]


def _goals(ids):
    from frameworks.models import Goal

    return Goal.objects.filter(pk__in=ids).select_related("framework")


def partner_candidates(actor, request, limit: int = OTHER_LIMIT) -> list[Ranked]:
    """Organisations other than the requester and the hub, active on the request's goals in or near its place:
    leading or partnering plan actions the reader may see, or responsible for practices the reader may see."""
    from plans.models import Action
    from plans.permissions import actions_visible_to
    from practices.models import Practice
    from practices.permissions import visible_to

    goals = request_goals(request)
    if not goals:
        return []
    near = {request.governorate_id, request.place_id}
    country = _place_codes(request.place)
    labels = {g.pk: goal_label(g) for g in _goals(goals)}
    skip = {request.requester_id, request.hub_id}
    found: dict[int, dict] = {}

    def note(org_id, goal_ids, place_code, weight):
        if not org_id or org_id in skip:
            return
        entry = found.setdefault(org_id, {"score": 0.0, "goals": set(), "place": place_code})
        entry["goals"] |= {g for g in goal_ids if g in labels}
        entry["score"] = max(entry["score"], weight)

    actions = actions_visible_to(actor, Action.objects.filter(goals__in=goals).filter(
        Q(plan__governorate__in=near) | Q(plan__place__in=near) | Q(district__in=near))).distinct() \
        .select_related("plan__place").prefetch_related("partners", "goals")
    for action in actions:
        ids = [g.pk for g in action.goals.all()]
        note(action.lead_id, ids, action.plan.place.code, 0.6)
        for partner in action.partners.all():
            note(partner.organisation_id, ids, action.plan.place.code, 0.5)
    practices = visible_to(actor, Practice.objects.filter(goal_links__goal__in=goals).filter(
        Q(place__in=near) | Q(place__parent__in=near) | Q(country__code__in=country))).distinct() \
        .select_related("place", "country").prefetch_related("goal_links")
    for practice in practices:
        where = practice.place or practice.country
        note(practice.organisation_id, [link.goal_id for link in practice.goal_links.all()],
             where.code if where else "", 0.4 if practice.place_id in near else 0.3)
    result = []
    for org_id, entry in found.items():
        if not entry["goals"]:
            continue
        score = entry["score"] + 0.1 * len(entry["goals"])
        result.append(Ranked(key=org_id, score=round(score, 6), reasons=[
            {"code": "active_on", "goals": [labels[g] for g in sorted(entry["goals"])], "place": entry["place"]}]))
    result.sort(key=lambda r: (-r.score, r.key))
    return result[:limit]


def candidates(actor, request) -> dict[str, list[Ranked]]:
    """Every kind of candidate for the request, as the actor may see them."""
    return {
        CandidateKind.PRACTICE: practice_candidates(actor, request),
        CandidateKind.EXPERT: expert_candidates(actor, request),
        CandidateKind.PEER: peer_candidates(actor, request),
        CandidateKind.PARTNER: partner_candidates(actor, request),
    }


# --- reasons in words ----------------------------------------------------------------------------------------

def _place_name(code: str) -> str:
    from places.models import Place

    place = Place.objects.filter(code=code).first()
    return place.name if place else code


def _language_names(codes) -> list[str]:
    labels = dict(SupportLanguage.choices)
    return [str(labels.get(c, c)) for c in codes]


def _and(items: list[str]) -> str:
    items = [str(i) for i in items]
    if len(items) < 2:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": pgettext("list separator", ", ").join(items[:-1]), "last": items[-1]}


def reason_text(reason: dict) -> str:
    """One reason in the reader's language."""
    code = reason.get("code")
    if code == "serves_goal":
        paragraphs = reason.get("paragraphs") or []
        if paragraphs:
            return _("serves %(goal)s %(paragraphs)s") % {
                "goal": _goal_text(reason["goal"]), "paragraphs": " ".join(f"¶{n}" for n in paragraphs)}
        return _("serves %(goal)s") % {"goal": _goal_text(reason["goal"])}
    if code == "found_by_words":
        return _("found by the words %(words)s") % {"words": pgettext("list separator", ", ").join(f"“{w}”" for w in reason["words"])}
    if code == "close_in_meaning":
        return _("close in meaning to the request")
    if code == "same_place":
        return _("from the same place")
    if code == "rejected_before":
        n = reason.get("count", 1)
        return ngettext("rejected once before for a request on the same goals",
                        "rejected %(n)d times before for requests on the same goals", n) % {"n": n}
    if code == "speaks":
        return _("speaks %(languages)s") % {"languages": _and(_language_names(reason["languages"]))}
    if code == "works_in":
        return _("works in %(place)s") % {"place": _place_name(reason["place"])}
    if code == "knows_theme":
        labels = dict(Theme.choices)
        return _("works on %(themes)s") % {"themes": _and([labels.get(t, t) for t in reason["themes"]])}
    if code == "knows_goal":
        return _("works on %(goals)s") % {"goals": _and([_goal_text(g) for g in reason["goals"]])}
    if code == "available":
        return _("available")
    if code == "limited":
        return _("limited availability")
    if code in {"led_action", "public_plan"}:
        values = {"place": _place_name(reason["place"]), "year": reason["year"], "progress": reason.get("progress"),
                  "goals": _and([_goal_text(g) for g in reason.get("goals", [])])}
        if code == "led_action":
            if values["progress"] is None:
                return _("led a similar action in %(place)s %(year)s (%(goals)s)") % values
            return _("led a similar action in %(place)s %(year)s, %(progress)s %% of target") % values
        if values["progress"] is None:
            return _("has a public plan on %(goals)s in %(place)s %(year)s") % values
        return _("has a public plan on %(goals)s in %(place)s %(year)s, %(progress)s %% of target") % values
    if code == "active_on":
        return _("active on %(goals)s in %(place)s") % {"goals": _and([_goal_text(g) for g in reason["goals"]]),
                                                       "place": _place_name(reason["place"])}
    return str(code)
