"""Synthetic good-practice compendia for testing and measuring the compendium parser.

`random_practice` invents a practice (English or Arabic) and `render_document` lays a list of them
out the way text extracted from a PDF looks: a title page, a licence and a table of contents,
running headers and footers with page numbers every few dozen lines (also in the middle of
paragraphs), hard wrapping, label variants, values on the heading's line or glued to it, missing
headings, goals run together in one paragraph, Arabic-Indic digits. The expected result travels
with the text, in the shape of `ParsedPractice.to_dict()` without the "warnings" key.

Every word of the vocabularies below was written for this module. Body text deliberately avoids the
label words (Country, Description, الوصف...) so that a line starting with one really is a label.
Hypothesis strategies are at the end; hypothesis is only imported when they are called, so this
module can be used without the test dependencies (the accuracy measurement does).
"""

# Reproducible pseudo-random test data, never secrets: S311 does not apply to this module.
# ruff: noqa: S311

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from core.text import ARABIC_DIGITS, EXTENDED_ARABIC_DIGITS

__all__ = [
    "GeneratedDocument",
    "GeneratedPractice",
    "Layout",
    "document_strategy",
    "generate_corpus",
    "generate_document",
    "layout_strategy",
    "normalise_ws",
    "practice_strategy",
    "random_layout",
    "random_practice",
    "render_document",
]

# The generator's vocabulary (names, places, sentence parts, field labels and page headers in English and
# Arabic) is data, not code: practices/data/compendium_words.json. Goal titles are keyed by goal number.
_WORDS_FILE = Path(__file__).parent / "data" / "compendium_words.json"


def _load_words() -> SimpleNamespace:
    words = json.loads(_WORDS_FILE.read_text(encoding="utf-8"))
    for name in ("en_goal_titles", "ar_goal_titles"):
        words[name] = {int(number): title for number, title in words[name].items()}
    return SimpleNamespace(**words)


WORDS = _load_words()


def normalise_ws(value):
    """Whitespace-insensitive form of a value, for comparing text that was wrapped differently."""
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def _digits(text: str, style: str) -> str:
    if style == "ascii":
        return text
    table = ARABIC_DIGITS if style == "arabic" else EXTENDED_ARABIC_DIGITS
    return text.translate(str.maketrans("0123456789", table))


# --------------------------------------------------------------------------------------------------
# Practices


@dataclass
class GeneratedPractice:
    """A practice to render: the expected parse plus what the renderer needs to lay it out."""

    expected: dict
    lang: str
    location: str  # "country" or "city": which label to use
    digits: str  # "ascii", "arabic" or "extended"


def _sentence_en(rng: random.Random) -> str:
    opener = rng.choice(WORDS.en_openers)
    subject = rng.choice(WORDS.en_subjects)
    if opener:
        subject = subject[0].lower() + subject[1:]
    return f"{opener}{subject} {rng.choice(WORDS.en_verbs)} {rng.choice(WORDS.en_objects)} {rng.choice(WORDS.en_tails)}."


def _sentence_ar(rng: random.Random, digits: str) -> str:
    opener = _digits(rng.choice(WORDS.ar_openers), digits)
    return f"{opener}{rng.choice(WORDS.ar_subject_verbs)} {rng.choice(WORDS.ar_objects)} {rng.choice(WORDS.ar_tails)}."


def _paragraph(rng: random.Random, lang: str, digits: str, sentences: tuple[int, int]) -> str:
    count = rng.randint(*sentences)
    if lang == "ar":
        return " ".join(_sentence_ar(rng, digits) for _ in range(count))
    return " ".join(_sentence_en(rng) for _ in range(count))


def _aim(rng: random.Random, lang: str) -> str:
    if lang == "ar":
        return f"{rng.choice(WORDS.ar_gerunds)} {rng.choice(WORDS.ar_aims)}{rng.choice(WORDS.ar_aim_tails)}"
    return f"{rng.choice(WORDS.en_gerunds)} {rng.choice(WORDS.en_aims)}{rng.choice(WORDS.en_aim_tails)}"


def _groups(rng: random.Random, lang: str) -> str:
    pool = WORDS.ar_groups if lang == "ar" else WORDS.en_groups
    chosen = rng.sample(pool, rng.randint(1, 3))
    if lang == "ar":
        return " و".join(chosen)
    text = chosen[0] if len(chosen) == 1 else ", ".join(chosen[:-1]) + " and " + chosen[-1]
    return text[0].upper() + text[1:]


def _period(rng: random.Random, lang: str, digits: str) -> tuple[str, int | None, int | None, bool]:
    start = rng.randint(1998, 2019)
    end = start + rng.randint(1, 6)
    if lang == "ar":
        if rng.random() < 0.03:
            return "غير محدد", None, None, False
        kind = rng.randrange(7)
        if kind == 0:
            text, result = f"منذ {start}", (start, None, True)
        elif kind == 1:
            text, result = f"{start}-{end}", (start, end, False)
        elif kind == 2:
            text, result = f"من {start}", (start, None, True)
        elif kind == 3:
            text, result = f"{start}", (start, start, False)
        elif kind == 4:
            text, result = f"{start} – مستمر", (start, None, True)
        elif kind == 5:
            text, result = f"{start} - {end}", (start, end, False)
        else:
            text, result = f"من {start} إلى {end}", (start, end, False)
        return (_digits(text, digits), *result)
    month_a, month_b = rng.choice(WORDS.en_months), rng.choice(WORDS.en_months)
    formats = [
        (f"{start}-{end}", (start, end, False)),
        (f"{start}–{end}", (start, end, False)),
        (f"{start} - {end}", (start, end, False)),
        (f"Since {start}", (start, None, True)),
        (f"{start} – ongoing", (start, None, True)),
        (f"{start}-present", (start, None, True)),
        (f"{month_a} {start} to {month_b} {end}", (start, end, False)),
        (f"From {start}", (start, None, True)),
        (f"{start}", (start, start, False)),
        (f"Since {start} (ongoing)", (start, None, True)),
    ]
    if rng.random() < 0.03:
        return "Not specified", None, None, False
    text, result = rng.choice(formats)
    return (text, *result)


def _framework_paragraph(lang: str, number: int) -> str:
    # The same paragraph number always has the same text, as in a real compendium quoting one plan.
    rng = random.Random(f"{lang}-paragraph-{number}")  # synthetic test documents, not secrets  # nosec B311
    sentences = []
    for _ in range(rng.randint(1, 3)):
        if lang == "ar":
            sentences.append(
                f"{rng.choice(WORDS.ar_fw_verbs)} {rng.choice(WORDS.ar_fw_objects)}{rng.choice(WORDS.ar_fw_tails)}."
            )
        else:
            sentences.append(
                f"{rng.choice(WORDS.en_fw_verbs)} {rng.choice(WORDS.en_fw_objects)}{rng.choice(WORDS.en_fw_tails)}."
            )
    return " ".join(sentences)


def _goals(rng: random.Random, lang: str) -> list[dict]:
    titles = WORDS.ar_goal_titles if lang == "ar" else WORDS.en_goal_titles
    goals = []
    for number in rng.sample(sorted(titles), rng.randint(1, 3)):
        base = 30 + 14 * number
        numbers = sorted(rng.sample(range(base, base + 12), rng.randint(1, 3)))
        goals.append(
            {
                "number": number,
                "title": titles[number],
                "paragraphs": [{"number": n, "text": _framework_paragraph(lang, n)} for n in numbers],
            }
        )
    return goals


def random_practice(
    rng: random.Random, lang: str | None = None, name: str | None = None
) -> GeneratedPractice:
    """Invent one practice; `lang` is "en" or "ar" (random when None)."""
    lang = lang or rng.choice(["en", "ar"])
    digits = "ascii" if lang == "en" else rng.choice(["arabic", "arabic", "extended", "ascii"])
    location = "city" if rng.random() < 0.15 else "country"
    if lang == "ar":
        name = name or " ".join(
            filter(None, [rng.choice(WORDS.ar_name_a), rng.choice(WORDS.ar_name_b), rng.choice(WORDS.ar_name_c)])
        )
        place = rng.choice(WORDS.ar_cities if location == "city" else WORDS.ar_countries)
        if rng.random() < 0.3:
            organisation = rng.choice(WORDS.ar_org_fixed)
        else:
            organisation = (
                f"{rng.choice(WORDS.ar_org_type)} {rng.choice(WORDS.ar_org_purpose)}{rng.choice(WORDS.ar_org_suffix)}"
            )
    else:
        name = name or f"{rng.choice(WORDS.en_name_a)} {rng.choice(WORDS.en_name_b)}{rng.choice(WORDS.en_name_c)}"
        place = rng.choice(WORDS.en_cities if location == "city" else WORDS.en_countries)
        if rng.random() < 0.3:
            organisation = rng.choice(WORDS.en_org_fixed)
        else:
            organisation = (
                f"{rng.choice(WORDS.en_org_prefix)}{rng.choice(WORDS.en_org_type)} {rng.choice(WORDS.en_org_purpose)}"
            )
    period, start, end, ongoing = _period(rng, lang, digits)
    activity = "\n".join(_paragraph(rng, lang, digits, (1, 3)) for _ in range(rng.choice([1, 1, 1, 2])))
    if rng.random() < 0.5:
        objectives = "\n".join(_aim(rng, lang) for _ in range(rng.randint(1, 3)))
    else:
        objectives = _paragraph(rng, lang, digits, (1, 2))
    description = "\n".join(_paragraph(rng, lang, digits, (1, 4)) for _ in range(rng.randint(1, 3)))
    expected = {
        "name": name,
        "country": place,
        "organisation": organisation,
        "period": period,
        "start_year": start,
        "end_year": end,
        "ongoing": ongoing,
        "activity": activity,
        "objectives": objectives,
        "description": description,
        "beneficiaries": _groups(rng, lang),
        "goals": _goals(rng, lang),
    }
    return GeneratedPractice(expected=expected, lang=lang, location=location, digits=digits)


def _unique_practices(rng: random.Random, count: int, lang: str | None) -> list[GeneratedPractice]:
    practices: list[GeneratedPractice] = []
    names: set[str] = set()
    while len(practices) < count:
        practice = random_practice(rng, lang)
        if practice.expected["name"] in names:
            continue
        names.add(practice.expected["name"])
        practices.append(practice)
    return practices


# --------------------------------------------------------------------------------------------------
# Layout


@dataclass
class Layout:
    """The noise a document is rendered with; rates are per practice."""

    width: int = 80
    front_matter: bool = True
    page_length: int | None = 40
    page_number_style: str = "plain"  # plain, page, dashes, none
    running_header: bool = True
    footer_with_number: bool = False
    label_variants: bool = True
    inline_rate: float = 0.2
    glued_rate: float = 0.05
    missing_heading_rate: float = 0.08
    run_together_rate: float = 0.25
    blank_paragraph_rate: float = 0.2
    seed: int = 0


def random_layout(rng: random.Random) -> Layout:
    return Layout(
        width=rng.randint(60, 110),
        front_matter=rng.random() < 0.75,
        page_length=rng.choice([None, 35, 40, 45, 50]),
        page_number_style=rng.choice(["plain", "page", "dashes", "none"]),
        running_header=rng.random() < 0.8,
        footer_with_number=rng.random() < 0.2,
        label_variants=rng.random() < 0.7,
        inline_rate=rng.choice([0.0, 0.2, 0.4]),
        glued_rate=rng.choice([0.0, 0.05, 0.15]),
        missing_heading_rate=rng.choice([0.0, 0.08, 0.2]),
        run_together_rate=rng.choice([0.0, 0.25, 0.6]),
        blank_paragraph_rate=rng.choice([0.0, 0.2, 0.5]),
        seed=rng.randrange(2**32),
    )


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if not word:
            continue
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def _paragraph_lines(value: str, width: int, first_prefix: str, blank_between: bool) -> list[str]:
    lines: list[str] = []
    for index, paragraph in enumerate(value.split("\n")):
        if index and blank_between:
            lines.append("")
        text = (first_prefix + paragraph) if index == 0 else paragraph
        lines.extend(_wrap(text, width))
    return lines


def _label(rng: random.Random, lang: str, key: str, variants: bool) -> str:
    options = (WORDS.ar_labels if lang == "ar" else WORDS.en_labels)[key]
    return rng.choice(options) if variants else options[0]


def _render_practice(practice: GeneratedPractice, layout: Layout, rng: random.Random) -> list[str]:
    p = practice.expected
    lang = practice.lang
    width = layout.width
    colon = ":"

    def header(key: str, value: str, weak_ok: bool = True) -> list[str]:
        label = _label(rng, lang, key, layout.label_variants)
        roll = rng.random()
        if weak_ok and roll < layout.inline_rate / 3:
            return _wrap(f"{label} {value}", width)
        # A label glued to a digit cannot be told apart from a word, so only letters are glued.
        if weak_ok and value[0].isalpha() and roll < layout.inline_rate / 3 + layout.glued_rate / 2:
            return _wrap(f"{label}{value}", width)
        return _wrap(f"{label}{colon} {value}", width)

    lines = [p["name"]]
    lines += header("city" if practice.location == "city" else "country", p["country"])
    lines += header("organisation", p["organisation"])
    lines += header("period", p["period"])
    label = _label(rng, lang, "activity", layout.label_variants)
    prefix = f"{label} " if rng.random() < layout.inline_rate / 3 else f"{label}{colon} "
    lines += _paragraph_lines(p["activity"], width, prefix, False)

    missing: set[str] = set()
    for key in ("objectives", "description"):
        if rng.random() < layout.missing_heading_rate:
            missing.add(key)
    for key in ("objectives", "description", "beneficiaries"):
        value = p[key]
        # Blank lines between paragraphs only where no heading is missing next: otherwise the
        # blank line is the only thing that tells the fields apart.
        blank_between = key == "description" and rng.random() < layout.blank_paragraph_rate
        if key in missing:
            lines.append("")
            lines += _paragraph_lines(value, width, "", blank_between)
            continue
        label = _label(rng, lang, key, layout.label_variants)
        roll = rng.random()
        if roll < layout.inline_rate / 2:
            lines += _paragraph_lines(value, width, f"{label}{colon} ", blank_between)
        elif roll < layout.inline_rate:
            lines += _paragraph_lines(value, width, f"{label} ", blank_between)
        elif roll < layout.inline_rate + layout.glued_rate:
            lines += _paragraph_lines(value, width, label, blank_between)
        else:
            lines.append(label)
            lines += _paragraph_lines(value, width, "", blank_between)

    if rng.random() < 0.5:
        lines.append("")
    goal_word = _label(rng, lang, "goal", layout.label_variants)
    digits = practice.digits

    def number(n: int) -> str:
        return _digits(str(n), digits)

    if rng.random() < layout.run_together_rate:
        parts = []
        for goal in p["goals"]:
            parts.append(f"{goal_word} {number(goal['number'])}: {goal['title']}")
            parts += [f"({number(par['number'])}) {par['text']}" for par in goal["paragraphs"]]
        lines += _wrap(" ".join(parts), width)
    else:
        for goal in p["goals"]:
            lines += _wrap(f"{goal_word} {number(goal['number'])}: {goal['title']}", width)
            for par in goal["paragraphs"]:
                lines += _wrap(f"({number(par['number'])}) {par['text']}", width)
    if rng.random() < 0.5:
        lines.append("")
    return lines


def _front_matter(
    practices: list[GeneratedPractice], layout: Layout, rng: random.Random, lang: str
) -> list[str]:
    width = layout.width
    if lang == "ar":
        lines = ["منع التطرف العنيف", "الممارسات الجيدة", "", "مرصد الممارسات الجيدة", ""]
        lines += _wrap(
            "هذا العمل مرخص بموجب رخصة المشاع الإبداعي نسب المصنف 4.0 دولي. يمكنكم نسخه وتوزيعه "
            "وتعديله شرط ذكر المصدر.",
            width,
        )
        lines += ["", "المحتويات"]
    else:
        lines = ["PREVENTION OF VIOLENT EXTREMISM", "GOOD PRACTICES", "", "Observatory of good practices", ""]
        lines += _wrap(
            "This work is licensed under Creative Commons Attribution 4.0 International (CC BY 4.0). "
            "You may copy, share and adapt it provided that you give appropriate credit.",
            width,
        )
        lines += ["", "Table of contents"]
    page = 3
    dotted = rng.random() < 0.6
    for practice in practices:
        name = practice.expected["name"]
        page += rng.randint(1, 2)
        shown = _digits(str(page), practice.digits)
        lines.append(f"{name} {'.' * max(3, 60 - len(name))} {shown}" if dotted else f"{name} {shown}")
    lines.append("")
    if lang == "ar":
        lines.append("مقدمة")
        lines += _wrap(
            "يجمع هذا الدليل ممارسات جيدة في منع التطرف العنيف جمعها شركاء من عدة بلدان. تقدم كل ممارسة "
            "مع الجهة التي نفذتها ومدتها وأهم نتائجها، ثم تربط بأهداف خطة العمل.",
            width,
        )
    else:
        lines.append("Introduction")
        lines += _wrap(
            "This compendium gathers good practices in preventing violent extremism collected by partners "
            "in many places. Each practice is presented with the organisation that ran it, how long it lasted "
            "and what it achieved, and is then linked to the goals of the plan of action.",
            width,
        )
    lines.append("")
    return lines


def _page_noise(lines: list[str], layout: Layout, rng: random.Random, lang: str, digits: str) -> list[str]:
    if not layout.page_length:
        return lines
    breaks: list[int] = []
    position = 0
    while True:
        position += layout.page_length + rng.randint(-5, 5)
        if position >= len(lines):
            break
        breaks.append(position)
    # A running header must repeat to be recognisable as one; with fewer pages only numbers remain.
    header = rng.choice(WORDS.ar_headers if lang == "ar" else WORDS.en_headers)
    # (The parser wants three sightings next to page numbers, four without them.)
    numbered = layout.page_number_style != "none" or layout.footer_with_number
    use_header = layout.running_header and len(breaks) >= (3 if numbered else 4)
    use_footer = layout.footer_with_number and len(breaks) >= 3
    out: list[str] = []
    previous = 0
    for page, position in enumerate(breaks, start=1):
        out.extend(lines[previous:position])
        previous = position
        shown = _digits(str(page), digits)
        block: list[str] = []
        if use_footer:
            block.append(f"{'OPEV' if lang == 'en' else 'مرصد'} | {shown}")
        elif layout.page_number_style == "plain":
            block.append(shown)
        elif layout.page_number_style == "page":
            block.append(f"{'Page' if lang == 'en' else 'صفحة'} {shown}")
        elif layout.page_number_style == "dashes":
            block.append(f"- {shown} -")
        if use_header:
            block.append(header)
        out.extend(block)
    out.extend(lines[previous:])
    return out


def render_document(practices: list[GeneratedPractice], layout: Layout) -> str:
    """Lay the practices out as extracted text, with the noise `layout` asks for."""
    rng = random.Random(layout.seed)  # synthetic test documents, not secrets  # nosec B311
    langs = {p.lang for p in practices}
    lang = "ar" if langs == {"ar"} else "en"
    digits = practices[0].digits if practices and lang == "ar" else "ascii"
    lines: list[str] = []
    if layout.front_matter:
        lines += _front_matter(practices, layout, rng, lang)
    for practice in practices:
        lines += _render_practice(practice, layout, rng)
    # Never two blank lines in a row: the parser reads one blank line as a paragraph break anyway.
    compact: list[str] = []
    for line in lines:
        if line or (compact and compact[-1]):
            compact.append(line)
    lines = _page_noise(compact, layout, rng, lang, digits)
    return "\n".join(lines) + "\n"


@dataclass
class GeneratedDocument:
    text: str
    practices: list[dict]
    layout: Layout


def generate_document(
    seed: int | random.Random = 0,
    n_practices: int | None = None,
    lang: str | None = None,
    layout: Layout | None = None,
) -> GeneratedDocument:
    """A random document and its expected parse. `lang` is "en", "ar", "mixed" or None (random)."""
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)  # synthetic test documents, not secrets  # nosec B311
    lang = lang or rng.choice(["en", "ar", "mixed"])
    count = n_practices if n_practices is not None else rng.randint(1, 12)
    practices = _unique_practices(rng, count, None if lang == "mixed" else lang)
    # Drawn even when a layout is given, so that a seed yields the same practices either way.
    drawn = random_layout(rng)
    layout = layout or drawn
    text = render_document(practices, layout)
    return GeneratedDocument(text=text, practices=[p.expected for p in practices], layout=layout)


def generate_corpus(
    n_practices: int, seed: int = 0, max_per_document: int = 40, layout: Layout | None = None
) -> list[GeneratedDocument]:
    """Documents of random size and noise that together hold at least `n_practices` practices.

    With `layout`, every document uses it instead of random noise; the practices are the same for a seed.
    """
    rng = random.Random(seed)  # synthetic test documents, not secrets  # nosec B311
    documents: list[GeneratedDocument] = []
    total = 0
    while total < n_practices:
        count = min(rng.randint(1, max_per_document), max(1, n_practices - total))
        document = generate_document(rng, n_practices=count, layout=layout)
        documents.append(document)
        total += count
    return documents


# --------------------------------------------------------------------------------------------------
# Hypothesis strategies (hypothesis is a test dependency, imported only here)


def practice_strategy(lang: str | None = None):
    """Strategy for a `GeneratedPractice`."""
    from hypothesis import strategies as st

    langs = st.just(lang) if lang else st.sampled_from(["en", "ar"])
    return st.builds(
        lambda seed, chosen: random_practice(random.Random(seed), chosen), st.integers(0, 2**32 - 1), langs  # synthetic test documents, not secrets  # nosec B311
    )


def layout_strategy():
    """Strategy for a `Layout`, each kind of noise drawn independently so failures shrink to one."""
    from hypothesis import strategies as st

    return st.builds(
        Layout,
        width=st.integers(60, 110),
        front_matter=st.booleans(),
        page_length=st.sampled_from([None, 30, 40, 50]),
        page_number_style=st.sampled_from(["plain", "page", "dashes", "none"]),
        running_header=st.booleans(),
        footer_with_number=st.booleans(),
        label_variants=st.booleans(),
        inline_rate=st.sampled_from([0.0, 0.3, 1.0]),
        glued_rate=st.sampled_from([0.0, 0.3]),
        missing_heading_rate=st.sampled_from([0.0, 0.3]),
        run_together_rate=st.sampled_from([0.0, 0.5, 1.0]),
        blank_paragraph_rate=st.sampled_from([0.0, 0.5]),
        seed=st.integers(0, 2**32 - 1),
    )


def document_strategy(max_practices: int = 8, lang: str | None = None, layouts=None):
    """Strategy for a `GeneratedDocument` made of distinct random practices and a random layout."""
    from hypothesis import strategies as st

    practices = st.lists(
        practice_strategy(lang), min_size=1, max_size=max_practices, unique_by=lambda p: p.expected["name"]
    )
    return st.builds(
        lambda chosen, layout: GeneratedDocument(
            text=render_document(chosen, layout), practices=[p.expected for p in chosen], layout=layout
        ),
        practices,
        layouts if layouts is not None else layout_strategy(),
    )
