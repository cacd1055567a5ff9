"""What the directory puts in the search index: organisations and networks, as the directory pages show them.

Two types over one model (accounts.Organisation): "network" for organisations of the kind network,
"organisation" for every other kind. Each indexes its names in both languages and its acronym (its title, so
that the card shows both and search.names ranks an exact name first), and at low weight its place and the place
above it (in English and Arabic), the networks it is a public member of, and its public office contact. A candidate, suspended or withdrawn
membership is not indexed (only reviewers and the organisations concerned see it), nor a network that is
itself a proposal. Its type is a facet (and a badge on the card), not text: the Arabic type names would match
unrelated words ("مجتمع مدني", civil society, shares its stem with "المدن", cities).

Visibility is the directory's (`permissions.organisations_visible_to`): a proposal (an organisation an import
created from a private document) is found only by the members of the organisation that proposed it, national
coordinators and administrators.

Kept in step by `index_organisation`, which accounts.services calls (through `accounts.changes`, registered in
directory.apps) whenever an organisation is created, edited, accepted or merged, and directory.services after
every membership change; `wiqaya reindex` fills the index for existing rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganisationKind
from accounts.models import Organisation
from core.text import detect_language
from search import index, registry
from search.names import SEPARATOR as NAMES

from . import permissions
from .choices import PUBLIC_STATUSES
from .models import NetworkMembership

SEPARATOR = " · "


def _place_names(place) -> list[str]:
    """The place and the places above it (district, governorate; not the country), in English and Arabic (a
    query naming them in Kurdish or another spelling finds them through search.places)."""
    names = []
    while place is not None and place.parent_id is not None:
        for name in [place.name_en, place.name_ar]:
            if name and name not in names:
                names.append(name)
        place = place.parent
    return names


@dataclass
class _Card:
    """An organisation as the index reads it (registry.IndexedType reads these attributes)."""

    pk: int
    name: str
    name_alt: str
    acronym: str
    kind: str
    places: str
    networks: str
    contact: str
    country: int | None

    def __str__(self):
        return self.name

    @property
    def details(self) -> str:
        """What the card's extract shows: its places, its networks, its office contact."""
        return SEPARATOR.join(part for part in (self.places, self.networks, self.contact) if part)

    @property
    def names(self) -> str:
        """The title: its name, its name in the other language and its acronym (search.names finds each)."""
        return NAMES.join(n for n in (self.name, self.name_alt, self.acronym) if n)


def _networks(organisation) -> str:
    memberships = NetworkMembership.objects.filter(
        member=organisation, status__in=PUBLIC_STATUSES, network__proposed_by=None,
    ).select_related("network").order_by("network__name")
    return SEPARATOR.join(
        SEPARATOR.join(n for n in (m.network.name, m.network.name_alt) if n) for m in memberships)


def _country(place) -> int | None:
    while place is not None and place.parent_id is not None:
        place = place.parent
    return place.pk if place is not None else None


def card(organisation) -> _Card:
    place = organisation.place
    return _Card(
        pk=organisation.pk, name=organisation.name, name_alt=organisation.name_alt, acronym=organisation.acronym,
        kind=organisation.kind,
        places=SEPARATOR.join(_place_names(place)), networks=_networks(organisation),
        contact=SEPARATOR.join(v for v in (organisation.website, organisation.public_email,
                                           organisation.public_phone) if v),
        country=_country(place),
    )


class _DirectoryType(registry.IndexedType):
    def row(self, obj):
        return super().row(card(obj) if isinstance(obj, Organisation) else obj)


FIELDS = {"names": "A", "details": "C"}


def _facets(entry: _Card) -> dict[str, list[str]]:
    values = {"organisation_type": [entry.kind], "language": [detect_language(entry.name)],
              "country": [str(entry.country)] if entry.country else []}
    return {k: v for k, v in values.items() if v}


def _organisation_type_labels(values):
    return {v: OrganisationKind(v).label for v in values if v in OrganisationKind.values}


def _country_labels(values):
    from places.models import Place

    return {str(p.pk): p.name for p in Place.objects.filter(pk__in=[v for v in values if v.isdigit()])}


def _language_labels(values):
    labels = {"ar": _("Arabic"), "en": _("English")}
    return {v: labels[v] for v in values if v in labels}


def _indexed(network: bool):
    rows = Organisation.with_proposals.select_related("place__parent__parent")
    return rows.filter(kind=OrganisationKind.NETWORK) if network else rows.exclude(kind=OrganisationKind.NETWORK)


def _common(network: bool) -> dict:
    return {
        "model": Organisation, "fields": FIELDS, "visible_to": permissions.organisations_visible_to,
        "url_name": "directory:organisation", "queryset": lambda: _indexed(network),
        "lang": lambda entry: detect_language(entry.name), "facets": _facets,
        "facet_labels": {"organisation_type": _organisation_type_labels, "country": _country_labels,
                         "language": _language_labels},
        "names_first": True,
        "applies": lambda org: (org.kind == OrganisationKind.NETWORK) == network,
        "records": lambda: Organisation.with_proposals.all(),
    }


ORGANISATIONS = registry.register(_DirectoryType(kind="organisation", label=lambda: _("Organisation"),
                                                 **_common(network=False)))
NETWORKS = registry.register(_DirectoryType(kind="network", label=lambda: _("Network"), **_common(network=True)))


def index_organisation(organisation) -> None:
    """Put an organisation (and, for a network, its public members, whose entries name it) in the index as it
    is now; the entry of its other type goes (its kind changed)."""
    organisation = Organisation.with_proposals.select_related("place__parent__parent").get(pk=organisation.pk)
    other = ORGANISATIONS if organisation.kind == OrganisationKind.NETWORK else NETWORKS
    index.remove_object(kind=other.kind, object_id=organisation.pk)
    index.index_object(organisation)
    if organisation.kind == OrganisationKind.NETWORK:
        members = Organisation.with_proposals.filter(
            Q(memberships_in_networks__network=organisation)
            & Q(memberships_in_networks__status__in=PUBLIC_STATUSES))
        index.write_rows([registry.kind_of(m).row(m) for m in members.select_related("place__parent__parent").distinct()])


def remove_organisation(kind: str, pk: int) -> None:
    for indexed in (ORGANISATIONS, NETWORKS):
        index.remove_object(kind=indexed.kind, object_id=pk)
