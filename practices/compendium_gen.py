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

import random
from dataclasses import dataclass

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

ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
EXTENDED_DIGITS = "۰۱۲۳۴۵۶۷۸۹"

# --------------------------------------------------------------------------------------------------
# English vocabulary

EN_NAME_A = [
    "Youth",
    "Women",
    "Community",
    "Schools",
    "Neighbourhood",
    "Voices",
    "Bridges",
    "Sport",
    "Media",
    "Dialogue",
    "Peace",
    "Citizens",
    "Open Doors",
    "Together",
    "Safe Spaces",
    "Second Chance",
    "Mothers",
    "Imams",
    "Street Art",
    "Young Reporters",
    "Theatre",
    "Listening",
]
EN_NAME_B = [
    "for Peace",
    "Network",
    "Initiative",
    "Forum",
    "Platform",
    "Project",
    "Programme",
    "Centre",
    "Alliance",
    "Circle",
    "Academy",
    "Lab",
    "Caravan",
    "Clubs",
    "Houses",
    "School",
]
EN_NAME_C = [
    "",
    "",
    "",
    " of Mosul",
    " in Tunis",
    " of Sfax",
    " in Molenbeek",
    " of Tripoli",
    " in Mopti",
    " of Diyala",
    " in Kairouan",
]
EN_COUNTRIES = [
    "Iraq",
    "Tunisia",
    "Morocco",
    "Jordan",
    "Lebanon",
    "Egypt",
    "Algeria",
    "Libya",
    "Mali",
    "Niger",
    "Belgium",
    "France",
    "Spain",
    "Italy",
    "Kenya",
    "Nigeria",
    "Indonesia",
    "Bosnia and Herzegovina",
    "Kosovo",
    "North Macedonia",
    "Mauritania",
    "Somalia",
]
EN_CITIES = [
    "Baghdad",
    "Mosul",
    "Tunis",
    "Sfax",
    "Casablanca",
    "Amman",
    "Beirut",
    "Tripoli",
    "Marseille",
    "Brussels",
    "Molenbeek",
    "Mopti",
    "Nairobi",
    "Mombasa",
    "Sarajevo",
]
EN_ORG_PREFIX = ["", "", "National ", "Regional ", "Independent ", "Mediterranean ", "Iraqi ", "Tunisian "]
EN_ORG_TYPE = ["Association", "Network", "Foundation", "Centre", "Forum", "Union", "League", "Institute"]
EN_ORG_PURPOSE = [
    "for Civic Education",
    "for Peace and Dialogue",
    "of Young Leaders",
    "for Human Rights",
    "for Women's Rights",
    "of Community Mediators",
    "for Social Cohesion",
    "of Sport Educators",
]
EN_ORG_FIXED = [
    "Un Ponte Per",
    "Ministry of Youth and Sports",
    "Ministry of Education",
    "Municipal Youth Council",
]

EN_OPENERS = ["", "", "", "In 2009, ", "Each year, ", "Over time, ", "Since 2012, ", "With little funding, "]
EN_SUBJECTS = [
    "The programme",
    "The team",
    "Local volunteers",
    "Trained facilitators",
    "Partner schools",
    "Religious leaders",
    "Young mentors",
    "Women's groups",
    "The network",
    "Social workers",
    "Community radios",
    "The project staff",
    "Former teachers",
]
EN_VERBS = [
    "trained",
    "supported",
    "brought together",
    "accompanied",
    "connected",
    "mentored",
    "equipped",
    "reached",
    "worked with",
    "listened to",
    "visited",
    "hosted",
]
EN_OBJECTS = [
    "young people at risk of exclusion",
    "teachers and social workers",
    "families of detainees",
    "former prisoners",
    "imams and priests",
    "students in vocational schools",
    "journalists and bloggers",
    "local police officers",
    "returnees and their families",
    "women leaders in rural areas",
    "sports coaches",
    "university students",
]
EN_TAILS = [
    "through weekly workshops",
    "in partnership with local radio stations",
    "across three districts",
    "using sport and art",
    "with the help of former offenders",
    "in public libraries",
    "during summer camps",
    "by means of mediation sessions",
    "in the poorest neighbourhoods",
    "online and in youth centres",
    "in 2007",
    "with support from the ministry",
    "together with the City Hall",
    "with a description of each step",
]

EN_GERUNDS = [
    "Spreading",
    "Strengthening",
    "Promoting",
    "Building",
    "Preventing",
    "Supporting",
    "Reducing",
    "Encouraging",
    "Protecting",
    "Developing",
]
EN_AIMS = [
    "a culture of human rights and non-violence",
    "trust between citizens and institutions",
    "the resilience of young people",
    "dialogue between faith communities",
    "critical thinking in schools",
    "the reintegration of former prisoners",
    "the participation of women in public life",
    "local capacities for early warning",
    "respect for diversity",
    "peaceful conflict resolution",
    "the voice of victims",
    "media literacy",
]
EN_AIM_TAILS = [
    "",
    "",
    "",
    " in schools",
    " at local level",
    " among young people",
    " in rural areas",
    " in prisons",
]
EN_GROUPS = [
    "Iraqi citizens",
    "civil society actors",
    "young people",
    "teachers",
    "women",
    "families",
    "former prisoners",
    "religious leaders",
    "students",
    "journalists",
    "local authorities",
    "social workers",
    "refugees",
    "sports clubs",
    "parents",
]

EN_GOAL_TITLES = {
    1: "Strengthen national and local coordination",
    2: "Reinforce education and resilience at local level",
    3: "Strengthen the responsibility to protect the victims",
    4: "Engage communities and religious leaders.",
    5: "Empower youth and women",
    6: "Improve strategic communication and the use of the internet",
    7: "Promote democratic values and protect civil society space.",
    8: "Support the reintegration of former prisoners",
    9: "Develop research and share knowledge.",
    10: "Cooperate with the United Nations and regional organisations",
}
EN_FW_VERBS = [
    "Develop",
    "Promote",
    "Support",
    "Encourage",
    "Strengthen",
    "Establish",
    "Ensure",
    "Foster",
    "Expand",
    "Sustain",
    "Guarantee",
    "Facilitate",
]
EN_FW_OBJECTS = [
    "participatory strategies to prevent the emergence of violent extremism",
    "the enjoyment of democratic values and human rights",
    "confidence-building measures at local level",
    "platforms for dialogue and the early identification of grievances",
    "an integrated framework to address violent extremism by peaceful means",
    "the meaningful participation of young people in decision making",
    "education that fosters critical thinking and respect for diversity",
    "the protection of victims and their families",
    "access to justice for the marginalised",
    "cooperation between schools, families and religious institutions",
    "the collection of reliable data on radicalisation",
    "independent and pluralistic media",
    "alternatives to detention for young offenders",
]
EN_FW_TAILS = [
    "",
    " in close cooperation with civil society",
    ", including at the level of municipalities",
    " through national and local action plans",
    ", in line with international human rights law",
    " with adequate and lasting resources",
    ", paying attention to gender",
    " across all regions",
]

EN_MONTHS = ["January", "March", "April", "June", "September", "October", "November"]

# --------------------------------------------------------------------------------------------------
# Arabic vocabulary

AR_NAME_A = ["مبادرة", "شبكة", "منتدى", "مركز", "برنامج", "مشروع", "نادي", "قافلة", "أكاديمية", "منصة", "بيت"]
AR_NAME_B = [
    "شباب",
    "نساء",
    "الحوار",
    "السلام",
    "المواطنة",
    "الجسور",
    "الأمل",
    "الفنون",
    "الرياضة",
    "الإعلام",
    "الأمهات",
    "المسرح",
]
AR_NAME_C = ["", "", "", "من أجل السلام", "في الموصل", "في صفاقس", "في بنغازي", "للتعايش", "في ديالى"]
AR_COUNTRIES = [
    "العراق",
    "تونس",
    "المغرب",
    "الأردن",
    "لبنان",
    "مصر",
    "الجزائر",
    "ليبيا",
    "موريتانيا",
    "اليمن",
    "مالي",
    "النيجر",
    "الصومال",
]
AR_CITIES = [
    "بغداد",
    "الموصل",
    "صفاقس",
    "الدار البيضاء",
    "عمّان",
    "بيروت",
    "طرابلس",
    "بنغازي",
    "نواكشوط",
    "عدن",
]
AR_ORG_TYPE = ["جمعية", "منظمة", "اتحاد", "مؤسسة", "رابطة", "مرصد"]
AR_ORG_PURPOSE = [
    "التربية على المواطنة",
    "حقوق الإنسان",
    "ثقافة السلام",
    "الشباب المبدع",
    "المرأة الريفية",
    "الوساطة المجتمعية",
    "التماسك الاجتماعي",
]
AR_ORG_SUFFIX = ["", "", " المحلية", " الوطنية", " المستقلة"]
AR_ORG_FIXED = ["وزارة الشباب والرياضة", "وزارة التربية", "المجلس البلدي للشباب"]

AR_OPENERS = ["", "", "", "في عام 2009، ", "كل سنة، ", "مع مرور الوقت، ", "منذ عام 2012، "]
AR_SUBJECT_VERBS = [
    "درّب الفريق",
    "دعم البرنامج",
    "جمع المشروع",
    "رافق المتطوعون",
    "ربطت الشبكة",
    "أطّر الميسّرون",
    "ساعد الأئمة",
    "شجّعت الجمعية",
    "زار المدربون",
    "استقبلت المراكز",
]
AR_OBJECTS = [
    "الشباب المعرضين للإقصاء",
    "المعلمين والأخصائيين الاجتماعيين",
    "أسر المعتقلين",
    "السجناء السابقين",
    "طلاب المدارس المهنية",
    "الصحفيين والمدونين",
    "النساء القياديات في الأرياف",
    "المدربين الرياضيين",
    "طلاب الجامعات",
    "العائدين وأسرهم",
]
AR_TAILS = [
    "من خلال ورشات عمل أسبوعية",
    "بالتعاون مع الإذاعات المحلية",
    "في ثلاث محافظات",
    "عبر الفنون والرياضة",
    "بمساعدة سجناء سابقين",
    "في المكتبات العامة",
    "خلال المخيمات الصيفية",
    "عن طريق جلسات الوساطة",
    "في الأحياء الفقيرة",
    "على الإنترنت وفي دور الشباب",
    "بالتعاون مع البلدية",
    "في المجالس البلدية",
]
AR_GERUNDS = ["نشر", "تعزيز", "دعم", "بناء", "تشجيع", "حماية", "تطوير", "ترسيخ"]
AR_AIMS = [
    "ثقافة حقوق الإنسان واللاعنف",
    "الثقة بين المواطنين والمؤسسات",
    "صمود الشباب",
    "الحوار بين الأديان",
    "التفكير النقدي في المدارس",
    "إعادة إدماج السجناء السابقين",
    "مشاركة المرأة في الحياة العامة",
    "القدرات المحلية للإنذار المبكر",
    "احترام التنوع",
    "حل النزاعات بالطرق السلمية",
]
AR_AIM_TAILS = ["", "", "", " في المدارس", " على المستوى المحلي", " لدى الشباب", " في الأرياف"]
AR_GROUPS = [
    "الشباب",
    "النساء",
    "المعلمون",
    "الأئمة",
    "الأسر",
    "السجناء السابقون",
    "المواطنون",
    "فاعلو المجتمع المدني",
    "طلاب الجامعات",
    "الصحفيون",
    "اللاجئون",
    "الأولياء",
]
AR_GOAL_TITLES = {
    1: "تعزيز التنسيق الوطني والمحلي",
    2: "تعزيز التربية والصمود على المستوى المحلي",
    3: "تعزيز مسؤولية حماية الضحايا",
    4: "إشراك المجتمعات والقادة الدينيين.",
    5: "تمكين الشباب والنساء",
    6: "تحسين الاتصال الاستراتيجي واستعمال الإنترنت",
    7: "تعزيز القيم الديمقراطية وحماية فضاء المجتمع المدني.",
    8: "دعم إعادة إدماج السجناء السابقين",
    9: "تطوير البحث وتبادل المعارف.",
    10: "التعاون مع الأمم المتحدة والمنظمات الإقليمية",
}
AR_FW_VERBS = ["وضع", "تشجيع", "دعم", "ترسيخ", "ضمان", "إرساء", "توسيع", "تيسير", "مواصلة", "تمويل"]
AR_FW_OBJECTS = [
    "استراتيجيات تشاركية لمنع ظهور التطرف العنيف",
    "التمتع بالقيم الديمقراطية وحقوق الإنسان",
    "تدابير بناء الثقة على المستوى المحلي",
    "فضاءات للحوار والكشف المبكر عن المظالم",
    "إطار متكامل لمعالجة التطرف العنيف بالوسائل السلمية",
    "مشاركة الشباب الفعلية في صنع القرار",
    "تعليم ينمي التفكير النقدي واحترام التنوع",
    "وصول الفئات المهمشة إلى العدالة",
    "التعاون بين المدارس والأسر والمؤسسات الدينية",
    "جمع معطيات موثوقة عن التطرف",
    "إعلام مستقل وتعددي",
    "بدائل للاحتجاز لفائدة الأحداث",
]
AR_FW_TAILS = [
    "",
    " بالتعاون الوثيق مع المجتمع المدني",
    " بما في ذلك على مستوى البلديات",
    " من خلال خطط عمل وطنية ومحلية",
    " بموارد كافية ودائمة",
    " مع مراعاة النوع الاجتماعي",
    " في جميع الجهات",
]

# --------------------------------------------------------------------------------------------------
# Labels and layout vocabulary

EN_LABELS = {
    "country": ["Country", "Country", "Country", "COUNTRY"],
    "city": ["City"],
    "organisation": [
        "Organisation responsible",
        "Organisation responsible",
        "Organisation(s) responsible",
        "Organization responsible",
        "Organisations responsible",
        "Implementing organisation",
    ],
    "period": ["Period", "Period", "Date", "Dates"],
    "activity": ["Activity"],
    "objectives": ["Objectives", "Objectives", "OBJECTIVES"],
    "description": ["Description", "Description", "DESCRIPTION"],
    "beneficiaries": ["Beneficiaries", "Beneficiaries", "Target group(s)", "Target groups"],
    "goal": ["GOAL", "GOAL", "Goal"],
}
AR_LABELS = {
    "country": ["البلد", "البلد", "الدولة"],
    "city": ["المدينة"],
    "organisation": ["الجهة المسؤولة", "الجهة المسؤولة", "المنظمة المسؤولة", "الجهة المنفذة"],
    "period": ["الفترة", "الفترة", "التاريخ"],
    "activity": ["النشاط"],
    "objectives": ["الأهداف"],
    "description": ["الوصف"],
    "beneficiaries": ["المستفيدون", "المستفيدون", "الفئات المستهدفة"],
    "goal": ["الهدف"],
}
EN_HEADERS = [
    "Prevention of Violent Extremism – Good Practices",
    "OPEV 2017",
    "Good practices compendium",
    "PVE Good Practices | Observatory",
]
AR_HEADERS = ["منع التطرف العنيف – الممارسات الجيدة", "دليل الممارسات الجيدة", "مرصد الممارسات ٢٠١٧"]


def normalise_ws(value):
    """Whitespace-insensitive form of a value, for comparing text that was wrapped differently."""
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def _digits(text: str, style: str) -> str:
    if style == "ascii":
        return text
    table = ARABIC_DIGITS if style == "arabic" else EXTENDED_DIGITS
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
    opener = rng.choice(EN_OPENERS)
    subject = rng.choice(EN_SUBJECTS)
    if opener:
        subject = subject[0].lower() + subject[1:]
    return f"{opener}{subject} {rng.choice(EN_VERBS)} {rng.choice(EN_OBJECTS)} {rng.choice(EN_TAILS)}."


def _sentence_ar(rng: random.Random, digits: str) -> str:
    opener = _digits(rng.choice(AR_OPENERS), digits)
    return f"{opener}{rng.choice(AR_SUBJECT_VERBS)} {rng.choice(AR_OBJECTS)} {rng.choice(AR_TAILS)}."


def _paragraph(rng: random.Random, lang: str, digits: str, sentences: tuple[int, int]) -> str:
    count = rng.randint(*sentences)
    if lang == "ar":
        return " ".join(_sentence_ar(rng, digits) for _ in range(count))
    return " ".join(_sentence_en(rng) for _ in range(count))


def _aim(rng: random.Random, lang: str) -> str:
    if lang == "ar":
        return f"{rng.choice(AR_GERUNDS)} {rng.choice(AR_AIMS)}{rng.choice(AR_AIM_TAILS)}"
    return f"{rng.choice(EN_GERUNDS)} {rng.choice(EN_AIMS)}{rng.choice(EN_AIM_TAILS)}"


def _groups(rng: random.Random, lang: str) -> str:
    pool = AR_GROUPS if lang == "ar" else EN_GROUPS
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
    month_a, month_b = rng.choice(EN_MONTHS), rng.choice(EN_MONTHS)
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
                f"{rng.choice(AR_FW_VERBS)} {rng.choice(AR_FW_OBJECTS)}{rng.choice(AR_FW_TAILS)}."
            )
        else:
            sentences.append(
                f"{rng.choice(EN_FW_VERBS)} {rng.choice(EN_FW_OBJECTS)}{rng.choice(EN_FW_TAILS)}."
            )
    return " ".join(sentences)


def _goals(rng: random.Random, lang: str) -> list[dict]:
    titles = AR_GOAL_TITLES if lang == "ar" else EN_GOAL_TITLES
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
            filter(None, [rng.choice(AR_NAME_A), rng.choice(AR_NAME_B), rng.choice(AR_NAME_C)])
        )
        place = rng.choice(AR_CITIES if location == "city" else AR_COUNTRIES)
        if rng.random() < 0.3:
            organisation = rng.choice(AR_ORG_FIXED)
        else:
            organisation = (
                f"{rng.choice(AR_ORG_TYPE)} {rng.choice(AR_ORG_PURPOSE)}{rng.choice(AR_ORG_SUFFIX)}"
            )
    else:
        name = name or f"{rng.choice(EN_NAME_A)} {rng.choice(EN_NAME_B)}{rng.choice(EN_NAME_C)}"
        place = rng.choice(EN_CITIES if location == "city" else EN_COUNTRIES)
        if rng.random() < 0.3:
            organisation = rng.choice(EN_ORG_FIXED)
        else:
            organisation = (
                f"{rng.choice(EN_ORG_PREFIX)}{rng.choice(EN_ORG_TYPE)} {rng.choice(EN_ORG_PURPOSE)}"
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
    options = (AR_LABELS if lang == "ar" else EN_LABELS)[key]
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
    header = rng.choice(AR_HEADERS if lang == "ar" else EN_HEADERS)
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
