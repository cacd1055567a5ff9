"""What a practice puts in the search index: its fields by weight, its facets, who may see it.

Registered at start-up (practices.apps); practices.services calls search.index on every write.
"""

from django.utils.translation import gettext_lazy as _

from search import registry
from search.text import terms

from . import permissions
from .choices import PracticeLanguage
from .models import Practice

# Beneficiary groups the search page counts, recognised by the terms of the "beneficiaries" field.
BENEFICIARY_GROUPS = {
    "youth": (_("Young people"), "youth young adolescent teenager student شباب شابات يافعين مراهقين طلاب طالبات"),
    "women": (_("Women and girls"), "woman girl mother widow نساء مراه امرا فتيات امهات ارامل"),
    "schools": (_("Schools and teachers"), "school teacher pupil university مدارس مدرس معلمين معلمات تلاميذ جامعه"),
    "religious": (_("Religious leaders"), "religious imam clergy mosque ائمه امام رجال دين ديني مساجد مسجد خطباء"),
    "prisons": (_("Prisoners and former detainees"), "prison prisoner inmate detainee offender سجون سجن سجناء محتجزين"),
    "returnees": (_("Returnees and displaced people"), "returnee displaced refugee camp عائدين نازحين لاجئين مخيمات"),
    "families": (_("Families and communities"), "family parent community neighbourhood اسر عائلات اهالي مجتمع"),
    "authorities": (_("Local authorities and police"), "municipal council police official governorate بلديه مجالس شرطه"),
    "media": (_("Media and journalists"), "media journalist radio social influencer اعلام صحفيين اعلاميين"),
}
_GROUP_TERMS = {key: set(terms(words)) for key, (_label, words) in BENEFICIARY_GROUPS.items()}


def beneficiary_groups(text: str) -> list[str]:
    found = set(terms(text or ""))
    return [key for key, group in _GROUP_TERMS.items() if found & group]


def period_of(practice: Practice) -> str:
    """The decade the practice started in ("2010s"), or "" when the period is unknown."""
    return f"{practice.start_year // 10 * 10}s" if practice.start_year else ""


def facets(practice: Practice) -> dict[str, list[str]]:
    goals = [str(link.goal_id) for link in practice.goal_links.all()]
    values = {
        "country": [str(practice.country_id)] if practice.country_id else [],
        "goal": goals,
        "beneficiaries": beneficiary_groups(practice.beneficiaries),
        "organisation_type": [practice.organisation.kind] if practice.organisation_id and practice.organisation else [],
        "language": [practice.lang],
        "period": [period_of(practice)] if practice.start_year else [],
    }
    return {k: v for k, v in values.items() if v}


def _country_labels(values):
    from places.models import Place

    return {str(p.pk): p.name for p in Place.objects.filter(pk__in=[v for v in values if v.isdigit()])}


def _goal_labels(values):
    from frameworks.models import Goal

    goals = Goal.objects.filter(pk__in=[v for v in values if v.isdigit()]).select_related("framework")
    # The goal's title leads, so the label takes its direction (an Arabic title reads right to left); the
    # framework's short name in the reader's language follows in brackets, isolated in its own direction
    # (FSI … PDI) so that it stays whole.
    return {str(g.pk): f"{g.number}. {g.title.rstrip('.')} (\u2068{g.framework.abbreviation}\u2069)"
            for g in goals}


def _organisation_type_labels(values):
    from accounts.choices import OrganisationKind

    return {v: OrganisationKind(v).label for v in values if v in OrganisationKind.values}


def _period_labels(values):
    return {v: f"{v[:-1]}–{int(v[:-1]) + 9}" for v in values if v[:-1].isdigit()}


def _language_labels(values):
    return {v: PracticeLanguage(v).label for v in values if v in PracticeLanguage.values}


def _beneficiary_labels(values):
    return {v: BENEFICIARY_GROUPS[v][0] for v in values if v in BENEFICIARY_GROUPS}


def indexed_practices():
    return Practice.objects.select_related("organisation").prefetch_related("goal_links")


PRACTICES = registry.register(registry.IndexedType(
    kind="practice",
    model=Practice,
    fields={
        "name": "A",
        "objectives": "B", "activity": "B", "description": "B",
        "beneficiaries": "C", "organisation_name": "C", "location": "C", "period": "C",
    },
    label=lambda: _("Practice"),
    visible_to=permissions.visible_to,
    url_name="practices:detail",
    queryset=indexed_practices,
    lang=lambda practice: practice.lang,
    facets=facets,
    facet_labels={
        "country": _country_labels, "goal": _goal_labels, "organisation_type": _organisation_type_labels,
        "period": _period_labels, "language": _language_labels, "beneficiaries": _beneficiary_labels,
    },
))
