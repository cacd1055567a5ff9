"""Make the Arabic and mixed compendium PDFs in this folder, and `expected.json`, the parse each should give.

The practices come from `practices.compendium_gen` (its Arabic and English vocabulary, fixed seeds); the layouts are
what real compendia look like: one column, one column with a running header and a numbered footer, a two-column
table (labels on one side, values on the other), a mixed Arabic/English compendium, and a Word document turned into
PDF by LibreOffice. The PDFs are typeset by WeasyPrint from HTML, the Word one by `soffice --headless`, so their text
layer is what real typesetting writes (shaped Arabic glyphs in visual order), not text we chose.

Run from the repository root, with WeasyPrint installed (`pip install weasyprint`; it needs Debian's pango) and,
for the Word one, LibreOffice Writer (`apt-get install libreoffice-writer-nogui`):

    .venv/bin/python practices/tests/data/pdf/make_pdfs.py

The tests read the committed files and need neither tool.
"""

from __future__ import annotations

import html
import io
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[3]))

from practices.compendium_gen import WORDS, random_practice  # noqa: E402

FONTS = '"Noto Sans", "Noto Naskh Arabic", "DejaVu Sans", sans-serif'
LABELS = {
    "ar": {"country": "البلد", "city": "المدينة", "organisation": "الجهة المسؤولة", "period": "الفترة",
           "activity": "النشاط", "objectives": "الأهداف", "description": "الوصف", "beneficiaries": "المستفيدون",
           "goal": "الهدف"},
    "en": {"country": "Country", "city": "City", "organisation": "Organisation responsible", "period": "Period",
           "activity": "Activity", "objectives": "Objectives", "description": "Description",
           "beneficiaries": "Beneficiaries", "goal": "GOAL"},
}
TITLE = {"ar": "منع التطرف العنيف: الممارسات الجيدة", "en": "Prevention of violent extremism: good practices"}
INTRO = {
    "ar": "يجمع هذا الدليل ممارسات جيدة في منع التطرف العنيف جمعها شركاء من عدة بلدان. تقدم كل ممارسة مع الجهة "
          "التي نفذتها ومدتها وأهم نتائجها، ثم تربط بأهداف خطة العمل.",
    "en": "This compendium gathers good practices in preventing violent extremism collected by partners in many "
          "places, each linked to the goals of the plan of action.",
}
RUNNING_HEADER = "دليل الممارسات الجيدة في منع التطرف العنيف"


def _digits(value: int, style: str) -> str:
    table = {"ascii": "0123456789", "arabic": "٠١٢٣٤٥٦٧٨٩", "extended": "۰۱۲۳۴۵۶۷۸۹"}[style]
    return str(value).translate(str.maketrans("0123456789", table))


def practices(seed: int, count: int, langs: list[str], english_organisations: int = 0) -> list:
    """`count` distinct practices; Arabic ones at `english_organisations` positions get a Latin-script organisation."""
    rng = random.Random(seed)  # reproducible test data, not secrets  # noqa: S311  # nosec B311
    chosen, names = [], set()
    while len(chosen) < count:
        practice = random_practice(rng, langs[len(chosen) % len(langs)])
        if practice.expected["name"] in names:
            continue
        names.add(practice.expected["name"])
        chosen.append(practice)
    arabic = [p for p in chosen if p.lang == "ar"]
    for practice in arabic[:english_organisations]:
        practice.expected["organisation"] = rng.choice(WORDS.en_org_fixed)
    return chosen


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _paragraphs(value: str) -> str:
    return "".join(f"<p>{_e(part)}</p>" for part in value.split("\n"))


def _goals_html(practice) -> str:
    label, out = LABELS[practice.lang]["goal"], []
    for goal in practice.expected["goals"]:
        out.append(f'<p class="goal">{label} {_digits(goal["number"], practice.digits)}: {_e(goal["title"])}</p>')
        out += [f'<p>({_digits(par["number"], practice.digits)}) {_e(par["text"])}</p>' for par in goal["paragraphs"]]
    return "".join(out)


def practice_flow(practice) -> str:
    """One practice as a compendium prints it: name, header lines, headed blocks, goals."""
    p, labels = practice.expected, LABELS[practice.lang]
    place = labels["city" if practice.location == "city" else "country"]
    direction = "rtl" if practice.lang == "ar" else "ltr"
    parts = [f'<section dir="{direction}" lang="{practice.lang}"><h2>{_e(p["name"])}</h2>',
             f"<p>{place}: {_e(p['country'])}</p>",
             f"<p>{labels['organisation']}: {_e(p['organisation'])}</p>",
             f"<p>{labels['period']}: {_e(p['period'])}</p>"]
    first, *rest = p["activity"].split("\n")
    parts.append(f"<p>{labels['activity']}: {_e(first)}</p>" + "".join(f"<p>{_e(r)}</p>" for r in rest))
    for key in ("objectives", "description", "beneficiaries"):
        parts.append(f"<h3>{labels[key]}</h3>{_paragraphs(p[key])}")
    parts.append(_goals_html(practice) + "</section>")
    return "".join(parts)


def practice_table(practice) -> str:
    """One practice as a two-column table: labels in the first column (the right one in Arabic), values beside."""
    p, labels = practice.expected, LABELS[practice.lang]
    place = labels["city" if practice.location == "city" else "country"]
    rows = [(place, p["country"]), (labels["organisation"], p["organisation"]), (labels["period"], p["period"]),
            (labels["activity"], p["activity"]), (labels["objectives"], p["objectives"]),
            (labels["description"], p["description"]), (labels["beneficiaries"], p["beneficiaries"])]
    body = "".join(f'<tr><th>{label}:</th><td>{_paragraphs(value)}</td></tr>' for label, value in rows)
    return (f'<section dir="rtl" lang="ar"><h2>{_e(p["name"])}</h2><table>{body}</table>'
            f"{_goals_html(practice)}</section>")


def page_css(running: bool, footer: str) -> str:
    margins = ""
    if running:
        margins = (f'@top-center {{ content: "{RUNNING_HEADER}"; font-size: 8pt; }}'
                   f"@bottom-center {{ content: {footer}; font-size: 8pt; }}")
    return f"""
      @page {{ size: A5; margin: 18mm 14mm; {margins} }}
      body {{ font-family: {FONTS}; font-size: 9.5pt; line-height: 1.45; }}
      h1 {{ font-size: 14pt; }} h2 {{ font-size: 12pt; margin: 1.2em 0 .3em; }}
      h3 {{ font-size: 10pt; margin: .6em 0 .1em; }} p {{ margin: 0 0 .25em; }}
      table {{ border-collapse: collapse; inline-size: 100%; }}
      th {{ inline-size: 28%; text-align: start; vertical-align: top; font-weight: bold; padding: 2pt 4pt; }}
      td {{ vertical-align: top; padding: 2pt 4pt; }}
      td p {{ margin: 0 0 .2em; }}
    """


def document_html(body: str, lang: str, running: bool, footer: str = "counter(page)") -> str:
    direction = "rtl" if lang == "ar" else "ltr"
    return (f'<!doctype html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
            f"<style>{page_css(running, footer)}</style></head><body>"
            f"<h1>{_e(TITLE[lang])}</h1><p>{_e(INTRO[lang])}</p>{body}</body></html>")


def weasyprint_pdf(markup: str, path: Path) -> None:
    from weasyprint import HTML

    HTML(string=markup).write_pdf(path, metadata=None)


# --------------------------------------------------------------------------------------------------
# Word, through LibreOffice


def _rtl(paragraph, run=None) -> None:
    from docx.oxml import OxmlElement

    paragraph.paragraph_format.element.get_or_add_pPr().append(OxmlElement("w:bidi"))
    for r in [run] if run is not None else paragraph.runs:
        r._r.get_or_add_rPr().append(OxmlElement("w:rtl"))


def _page_field(paragraph) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def word_pdf(chosen: list, path: Path) -> bool:
    """Write the practices as a Word document (right-to-left paragraphs, header, page number in the footer) and
    have LibreOffice print it to PDF. False when LibreOffice is not installed."""
    soffice = shutil.which("soffice")
    if not soffice:
        return False
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(148), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(16))
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Noto Naskh Arabic", Pt(10)
    style.element.rPr.rFonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cs",
                                 "Noto Naskh Arabic")
    style.element.get_or_add_rPr()
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    size = OxmlElement("w:szCs")
    size.set(qn("w:val"), "20")
    style.element.rPr.append(size)

    def para(text: str, bold: bool = False, size: int | None = None):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _rtl(paragraph)
        return paragraph

    header = section.header.paragraphs[0]
    header.add_run(RUNNING_HEADER)
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _rtl(header)
    footer = section.footer.paragraphs[0]
    footer.add_run("صفحة ")
    _rtl(footer)
    _page_field(footer)
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER

    para(TITLE["ar"], bold=True, size=14)
    para(INTRO["ar"])
    for practice in chosen:
        p, labels = practice.expected, LABELS["ar"]
        para(p["name"], bold=True, size=12)
        place = labels["city" if practice.location == "city" else "country"]
        para(f"{place}: {p['country']}")
        para(f"{labels['organisation']}: {p['organisation']}")
        para(f"{labels['period']}: {p['period']}")
        first, *rest = p["activity"].split("\n")
        para(f"{labels['activity']}: {first}")
        for line in rest:
            para(line)
        for key in ("objectives", "description", "beneficiaries"):
            para(labels[key], bold=True)
            for line in p[key].split("\n"):
                para(line)
        for goal in p["goals"]:
            para(f"{labels['goal']} {_digits(goal['number'], practice.digits)}: {goal['title']}")
            for par in goal["paragraphs"]:
                para(f"({_digits(par['number'], practice.digits)}) {par['text']}")
    buffer = io.BytesIO()
    document.save(buffer)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / (path.stem + ".docx")
        source.write_bytes(buffer.getvalue())
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", folder, str(source)],  # noqa: S603
                       check=True, capture_output=True, timeout=180)
        shutil.copyfile(Path(folder) / (path.stem + ".pdf"), path)
    return True


# --------------------------------------------------------------------------------------------------


def main() -> None:
    expected: dict[str, dict] = {}

    def keep(name: str, chosen: list, layout: str, made_with: str) -> None:
        expected[name] = {"layout": layout, "made_with": made_with,
                          "practices": [practice.expected for practice in chosen]}

    one_column = practices(1301, 4, ["ar"])
    weasyprint_pdf(document_html("".join(map(practice_flow, one_column)), "ar", running=False),
                   HERE / "ar-one-column.pdf")
    keep("ar-one-column.pdf", one_column, "one column, no running header", "WeasyPrint")

    running = practices(1302, 5, ["ar"], english_organisations=1)
    weasyprint_pdf(document_html("".join(map(practice_flow, running)), "ar", running=True,
                                 footer='"صفحة " counter(page) " من " counter(pages)'),
                   HERE / "ar-running-header.pdf")
    keep("ar-running-header.pdf", running, "one column, running header, footer 'page n of m'", "WeasyPrint")

    table = practices(1303, 4, ["ar"])
    weasyprint_pdf(document_html("".join(map(practice_table, table)), "ar", running=True),
                   HERE / "ar-table.pdf")
    keep("ar-table.pdf", table, "two-column table (label | value), running header, page number", "WeasyPrint")

    mixed = practices(1304, 6, ["ar", "en"], english_organisations=1)
    weasyprint_pdf(document_html("".join(map(practice_flow, mixed)), "ar", running=True),
                   HERE / "mixed-ar-en.pdf")
    keep("mixed-ar-en.pdf", mixed, "Arabic and English practices, running header, page number", "WeasyPrint")

    word = practices(1305, 4, ["ar"])
    if word_pdf(word, HERE / "ar-word.pdf"):
        keep("ar-word.pdf", word, "Word document (right-to-left paragraphs, header, page field)",
             "python-docx, then LibreOffice Writer")
    else:
        print("LibreOffice (soffice) not found: ar-word.pdf not made")  # noqa: T201

    (HERE / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for name in expected:
        print(name, (HERE / name).stat().st_size, "bytes")  # noqa: T201


if __name__ == "__main__":
    main()
