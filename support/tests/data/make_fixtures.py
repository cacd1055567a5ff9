"""Writes the assessment exports the import tests read, laid out as KoboToolbox and ActivityInfo export them
(written by the team: invented consultations, no real person). Run it again after changing it:

    .venv/bin/python support/tests/data/make_fixtures.py

- kobo_labels.xlsx: a KoboToolbox XLSX "labels" export in English: the sheet named after the form, the metadata
  columns (start, end, today, username), the questions by label, a select_multiple question as its labels plus
  one 0/1 column per option ("question/option"), and Kobo's own columns (_id, _uuid, _submission_time, …, _index),
  with a respondent's name, phone and GPS location that the import must never read.
- kobo_xml.csv: the same kind of form exported as CSV with "XML values and headers": group paths
  (consultation/governorate), choice codes, ";" as delimiter, a BOM, _xform_id_string.
- kobo_ar.xlsx: an Arabic "labels" export: Arabic headers and values.
- activityinfo.xlsx: an ActivityInfo export: one header row, Partner, Governorate and District admin levels.
- kobo_bad.csv: the XML export with rows an import must refuse (an unknown place, an empty theme, a severity of 9).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
KOBO_TAIL = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by",
             "__version__", "_tags", "_index"]


def _kobo_tail(index: int) -> list:
    return [1000 + index, f"6f1c2d3e-0000-4000-8000-{index:012d}", f"2025-03-{(index % 27) + 1:02d}T10:15:00",
            "", "", "submitted_via_web", "enumerator_one", "vP3xz8QbT2", "", index]


def _write_xlsx(path: Path, sheet: str, headers: list[str], rows: list[list]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)


def kobo_labels() -> None:
    group_q = "Which groups are most affected?"
    options = ["Youth", "Women", "Displaced people"]
    headers = ["start", "end", "today", "username", "Governorate", "District", "Main need of the community",
               group_q, *[f"{group_q}/{o}" for o in options], "How severe is it (1-5)?", "Any other comments",
               "Name of respondent", "Respondent phone number", "_geolocation", *KOBO_TAIL]
    answers = [  # district, need, groups ticked, severity, comment
        ("Mosul", "Youth empowerment", ["Youth"], 4, "Young men have no club"),
        ("Mosul", "Youth empowerment", ["Youth", "Women"], 5, ""),
        ("Mosul", "Youth empowerment", ["Youth"], 4, "Call me on 0770 123 4567"),
        ("Mosul", "Social cohesion", ["Displaced people"], 3, ""),
        ("Sinjar", "Jobs and livelihoods", ["Displaced people", "Women"], 5, ""),
        ("Sinjar", "Jobs and livelihoods", ["Women"], 4, ""),
    ]
    rows = []
    for i, (district, need, ticked, severity, comment) in enumerate(answers, start=1):
        rows.append(["2025-03-01T09:00:00", "2025-03-01T09:20:00", "2025-03-01", "enumerator_one", "Nineveh",
                     district, need, " ".join(ticked), *[1 if o in ticked else 0 for o in options], severity,
                     comment, f"Respondent {i}", f"+964 770 000 00{i:02d}", f"36.{i} 43.{i}", *_kobo_tail(i)])
    _write_xlsx(HERE / "kobo_labels.xlsx", "Community consultation 2025", headers, rows)


XML_HEADERS = ["start", "end", "consultation/governorate", "consultation/district", "consultation/need_theme",
               "consultation/groups", "consultation/groups/youth", "consultation/groups/women",
               "consultation/groups/returnees", "consultation/severity", "consultation/comments",
               "respondent/respondent_name", "_geolocation", "_location_latitude", "_location_longitude",
               "_xform_id_string", *KOBO_TAIL]


def _xml_rows(answers) -> list[list]:
    rows = []
    for i, (governorate, district, theme, groups, severity, comment) in enumerate(answers, start=1):
        codes = groups.split()
        rows.append(["2025-04-02T08:00:00+03:00", "2025-04-02T08:25:00+03:00", governorate, district, theme,
                     groups, *[1 if c in codes else 0 for c in ("youth", "women", "returnees")], severity, comment,
                     f"Person {i}", f"33.{i} 44.{i} 0 0", f"33.{i}", f"44.{i}", "needs_assessment_anbar",
                     *_kobo_tail(i)])
    return rows


def _write_csv(path: Path, headers: list[str], rows: list[list], delimiter: str = ";") -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8-sig"))  # UTF-8 with a BOM, as Excel users save it


def kobo_xml() -> None:
    answers = [
        ("IQ-AN", "Ramadi", "education", "youth", 3, "The school in our area is closed"),
        ("IQ-AN", "Ramadi", "education", "youth women", 4, ""),
        ("IQ-AN", "Fallujah", "reintegration", "returnees", 5, ""),
        ("IQ-AN", "Fallujah", "reintegration", "returnees youth", 4, "Families came back last year"),
        ("IQ-AN", "Fallujah", "social_cohesion", "returnees", 3, ""),
    ]
    _write_csv(HERE / "kobo_xml.csv", XML_HEADERS, _xml_rows(answers))


def kobo_bad() -> None:
    answers = [
        ("IQ-AN", "Ramadi", "education", "youth", 3, ""),
        ("IQ-AN", "Mosul city", "education", "youth", 3, ""),  # row 3: not a place we know
        ("IQ-AN", "Fallujah", "", "returnees", 4, ""),  # row 4: no theme
        ("IQ-AN", "Fallujah", "reintegration", "returnees", 9, ""),  # row 5: severity out of range
    ]
    _write_csv(HERE / "kobo_bad.csv", XML_HEADERS, _xml_rows(answers), delimiter=",")


def kobo_ar() -> None:
    group_q = "الفئات المتأثرة"
    options = ["الشباب", "النساء", "النازحون"]
    headers = ["start", "end", "المحافظة", "القضاء", "الحاجة الرئيسية", group_q,
               *[f"{group_q}/{o}" for o in options], "شدة الحاجة", "ملاحظات", "اسم المستجيب", "رقم الهاتف",
               *KOBO_TAIL]
    answers = [
        ("نينوى", "الموصل", "تمكين الشباب", ["الشباب"], 4, "لا يوجد مركز للشباب"),
        ("نينوى", "الموصل", "تمكين الشباب", ["الشباب", "النساء"], 3, ""),
        ("نينوى", "تلعفر", "الحوار ومنع النزاعات", ["النازحون"], 5, ""),
        ("كركوك", "الحويجة", "فرص العمل وسبل العيش", ["الشباب", "النازحون"], 4, "البطالة عالية"),
    ]
    rows = []
    for i, (governorate, district, need, ticked, severity, comment) in enumerate(answers, start=1):
        rows.append(["2025-05-10T09:00:00", "2025-05-10T09:30:00", governorate, district, need, " ".join(ticked),
                     *[1 if o in ticked else 0 for o in options], severity, comment, f"مستجيب {i}",
                     f"0770000000{i}", *_kobo_tail(i)])
    _write_xlsx(HERE / "kobo_ar.xlsx", "استشارة مجتمعية", headers, rows)


def activityinfo() -> None:
    headers = ["Record ID", "Partner", "Start Date", "End Date", "Governorate", "District", "Need theme",
               "Severity", "Comments"]
    rows = [
        ["c1a2b3", "Al-Amal Youth Network", "2025-02-01", "2025-02-28", "Kirkuk", "Hawija", "Youth empowerment",
         3, ""],
        ["c1a2b4", "Al-Amal Youth Network", "2025-02-01", "2025-02-28", "Kirkuk", "Hawija", "Youth empowerment",
         4, "Needs a follow-up visit"],
        ["c1a2b5", "Peace Builders", "2025-02-03", "2025-02-20", "Basra", "Al-Zubair", "Jobs and livelihoods",
         2, ""],
    ]
    _write_xlsx(HERE / "activityinfo.xlsx", "Needs assessment", headers, rows)


if __name__ == "__main__":
    kobo_labels()
    kobo_xml()
    kobo_bad()
    kobo_ar()
    activityinfo()
