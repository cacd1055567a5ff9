"""Test data for the directory: a national committee with sub-committees, cities, a network, its hub, memberships."""

import datetime

from accounts.choices import OrganisationKind, Role
from core.actors import system
from places.models import Place
from places.services import load_reference_places
from tests.factories import make_org, make_user

K = OrganisationKind


def build_directory() -> dict:
    load_reference_places(actor=system("tests"))
    place = {code: Place.objects.get(code=code) for code in ("IQ", "IQ-NI", "IQ-NI-D-MOSUL", "IQ-BA", "JO")}
    from directory import services

    d = {}
    d["national"] = make_org("National Committee", kind=K.COMMITTEE, place=place["IQ"], name_alt="اللجنة الوطنية")
    d["nineveh_sub"] = make_org("Nineveh Sub-committee", kind=K.COMMITTEE, place=place["IQ-NI"], parent=d["national"],
                                name_alt="اللجنة الفرعية في نينوى")
    d["basra_sub"] = make_org("Basra Sub-committee", kind=K.COMMITTEE, place=place["IQ-BA"], parent=d["national"])
    d["mosul_sub"] = make_org("Mosul District Sub-committee", kind=K.COMMITTEE, place=place["IQ-NI-D-MOSUL"],
                              parent=d["nineveh_sub"])
    d["mosul"] = make_org("Mosul Municipality", kind=K.LOCAL_GOVERNMENT, place=place["IQ-NI-D-MOSUL"],
                          name_alt="بلدية الموصل")
    d["basra"] = make_org("Basra Governorate Office", kind=K.LOCAL_GOVERNMENT, place=place["IQ-BA"])
    d["network"] = make_org("Strong Cities Network", kind=K.NETWORK, acronym="SCN")
    d["hub"] = make_org("MENA Regional Hub", kind=K.HUB, place=place["JO"])
    d["ngo"] = make_org("Tigris Youth", kind=K.NGO, place=place["IQ-BA"])
    d["coordinator"] = make_user("coordinator", role=Role.NATIONAL_COORDINATOR, organisation=d["national"])
    d["expert"] = make_user("expert", role=Role.HUB_EXPERT, organisation=d["hub"])
    d["partner"] = make_user("partner", role=Role.PARTNER, organisation=d["ngo"])
    d["focal"] = make_user("focal", role=Role.LOCAL_FOCAL_POINT, organisation=d["nineveh_sub"])
    d["basra_user"] = make_user("basra-user", role=Role.PARTNER, organisation=d["basra"])
    d["member"] = services.add_membership(
        actor=d["coordinator"], network=d["network"], member=d["mosul"], hub=d["hub"],
        candidate_since=datetime.date(2019, 9, 1))
    services.change_status(actor=d["coordinator"], membership=d["member"], status="member",
                           on=datetime.date(2020, 3, 15))
    d["candidate"] = services.add_membership(
        actor=d["coordinator"], network=d["network"], member=d["basra"], hub=d["hub"],
        candidate_since=datetime.date(2024, 5, 2), note="candidate-only-note")
    d["member"].refresh_from_db()
    return d
