"""Remake the Word copies of the team-written statements and the spreadsheets with a bad row:
`.venv/bin/python events/tests/data/make_files.py` (python-docx and openpyxl, both dependencies already)."""

from pathlib import Path

HERE = Path(__file__).resolve().parent


def docx_of(text_file: Path) -> None:
    import docx

    paragraphs: list[str] = []
    for line in text_file.read_text(encoding="utf-8").splitlines():
        if line[:1].isspace() and line.strip() and paragraphs:  # a hard-wrapped line goes on its paragraph
            paragraphs[-1] += " " + line.strip()
        elif line.strip():
            paragraphs.append(line.strip())
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(HERE / text_file.with_suffix(".docx").name)


HEADERS = ["External ID / المعرّف الخارجي", "Number / الرقم", "Recommendation / التوصية", "Places / الأماكن",
           "Goals / الأهداف", "Priority / الأولوية", "Due / موعد الإنجاز", "Lead organisation / الجهة القائدة",
           "Supporting organisations / الجهات الداعمة"]
ROWS = [
    ["SHEET-1", "1", "Set up a standing prevention committee in each governorate.", "IQ-NI; Baghdad",
     "euromed-cso-2017:1", "High", "2026-06-30", "Nineveh Governorate Office", "Peace Youth Network"],
    ["SHEET-2", "2", "Publish the local action plan and a yearly report.", "national", "euromed-cso-2017:2 — title",
     "منخفضة", "31/12/2026", "", ""],
    ["SHEET-3", "3", "Train ministry staff on the national strategy.", "Atlantis", "", "urgent", "someday",
     "Nobody Known Here", ""],
]


def sheets() -> None:
    import csv

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Recommendations"
    ws.append(HEADERS)
    for row in ROWS:
        ws.append(row)
    wb.save(HERE / "recommendations-bad-row.xlsx")
    with (HERE / "recommendations-bad-row.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS)
        writer.writerows(ROWS)


if __name__ == "__main__":
    docx_of(HERE / "statement-en.txt")
    docx_of(HERE / "statement-ar.txt")
    sheets()
