"""What the plan template looks like: its sheets and columns (bilingual headers and help), the
enumerations and their labels in both languages, and the limits on what a file may hold."""

from __future__ import annotations

from dataclasses import dataclass

from core.text import normalize

from ..choices import ActionStatus, AgeGroup, Currency, Direction, Frequency, PartnerKind, Sex

TEMPLATE_VERSION = "wiqaya-plan-template/1"
MARKER_NAME = "WiqayaTemplate"
PLAN_SHEET, ACTIONS_SHEET, INDICATORS_SHEET, README_SHEET = "Plan", "Actions", "Indicators", "Read me - اقرأني"
# The names the drop-downs offer: goals as "code — title" and frameworks by name, in the downloader's language.
# The import leaves it alone (it reads the codes and names themselves, labelled or not).
LISTS_SHEET = "Lists - القوائم"
LABEL_DASH = " — "  # between a goal's code and its title, a framework's short name and its title
# Only in exports, for reading: the import reads the three sheets above and leaves this one alone.
PROGRESS_SHEET = "Progress"
MAX_ERRORS = 500
MAX_ROWS = 50_000  # per sheet; a plan has hundreds of actions, the import is measured at 10,000
MAX_UNPACKED_BYTES = 400 * 2**20  # what the workbook's parts may unpack to (a zip bomb stops here)
MAX_SHEET_BYTES = 100 * 2**20  # one XML part (a sheet is read whole to find merged cells; 10,000 rows ≈ 10 MB)
MAX_RATIO = 200  # unpacked / packed for a part over 1 MB: sheets pack 10–30 times, bombs a thousand


@dataclass(frozen=True)
class Column:
    key: str
    en: str
    ar: str
    help_en: str
    help_ar: str
    required: bool = False
    width: int = 18

    @property
    def header(self) -> str:
        return f"{self.en} / {self.ar}"

    @property
    def label(self) -> str:
        """The column's name in the reader's language: what an error message names."""
        from django.utils.translation import get_language

        return self.ar if (get_language() or "en").startswith("ar") else self.en


# The Plan sheet: one label/value row per field.
PLAN_FIELDS = [
    Column("title", "Title", "العنوان", "The plan's title.", "عنوان الخطة.", required=True),
    Column("lang", "Language", "اللغة", "ar or en: the language the plan is written in.",
           "ar أو en: لغة كتابة الخطة."),
    Column("place", "Governorate or district", "المحافظة أو القضاء",
           "Name in Arabic or English, or its ISO / internal code (IQ-NI).",
           "الاسم بالعربية أو الإنكليزية، أو الرمز (IQ-NI).", required=True),
    Column("period_start", "Period start", "بداية الفترة", "A date: 2025-01-01 or 1/1/2025 (day first).",
           "تاريخ: 2025-01-01 أو 1/1/2025 (اليوم أولاً).", required=True),
    Column("period_end", "Period end", "نهاية الفترة", "A date, not before the start.",
           "تاريخ لا يسبق البداية.", required=True),
    Column("owner", "Owner organisation", "الجهة المالكة",
           "The sub-committee or local government writing the plan: name, other-language name or acronym.",
           "اللجنة الفرعية أو الحكومة المحلية التي تكتب الخطة: الاسم أو الاسم باللغة الأخرى أو الاختصار.",
           required=True),
    Column("frameworks", "Frameworks", "الأطر",
           "Pick a framework from the list; for several, separate their names with ; (the Lists sheet names them all).",
           "اختر إطاراً من القائمة؛ وللأكثر من إطار افصل أسماءها بـ ; (ورقة القوائم تسردها كلها)."),
    Column("is_public", "Public summary", "ملخص علني", "yes / no: readers see the summary once approved.",
           "نعم / لا: يرى القرّاء الملخص بعد الموافقة."),
    Column("summary", "Summary", "الملخص", "A short public summary.", "ملخص علني قصير."),
]

ACTION_COLUMNS = [
    Column("ref", "Number", "الرقم", "1, 2, 1.1 … the parent of 1.2 is 1.", "1، 2، 1.1 … الإجراء الأم لـ 1.2 هو 1.",
           required=True, width=10),
    Column("title", "Title", "العنوان", "What is done.", "ما الذي يُنفَّذ.", required=True, width=40),
    Column("title_alt", "Title in the other language", "العنوان باللغة الأخرى", "Optional.", "اختياري.", width=30),
    Column("description", "Description", "الوصف", "Optional.", "اختياري.", width=40),
    Column("lang", "Language", "اللغة", "ar or en; empty: the plan's language.", "ar أو en؛ فارغ: لغة الخطة.",
           width=10),
    Column("goals", "Goals", "الأهداف",
           "Pick a goal from the list (code — title); for several, separate their codes with ; "
           "(euromed-cso-2017:2; iraq-ns-2019:1). A number alone is a goal of the plan's first framework.",
           "اختر هدفاً من القائمة (الرمز — العنوان)؛ وللأكثر من هدف افصل رموزها بـ ; "
           "(euromed-cso-2017:2; iraq-ns-2019:1). الرقم وحده هدف من الإطار الأول للخطة.", width=28),
    Column("lead", "Lead organisation", "الجهة المنفّذة", "Name, other-language name or acronym.",
           "الاسم أو الاسم باللغة الأخرى أو الاختصار.", width=28),
    Column("partners", "Partners", "الشركاء",
           "Name (type); Name (type) — type: local government, central government, multilateral, civil society.",
           "الاسم (النوع)؛ الاسم (النوع) — النوع: حكومة محلية، حكومة مركزية، متعدد الأطراف، مجتمع مدني.",
           width=36),
    Column("district", "District", "القضاء", "Optional; a district of the plan's governorate.",
           "اختياري؛ قضاء من محافظة الخطة.", width=16),
    Column("start_date", "Start", "البداية", "A date.", "تاريخ.", width=12),
    Column("end_date", "End", "النهاية", "A date, not before the start.", "تاريخ لا يسبق البداية.", width=12),
    Column("budget", "Budget", "الميزانية", "A number, not negative; needs a currency.",
           "رقم غير سالب؛ يتطلب عملة.", width=14),
    Column("currency", "Currency", "العملة", "IQD or USD.", "IQD أو USD.", width=10),
    Column("funding_source", "Funding source", "مصدر التمويل", "Optional.", "اختياري.", width=20),
    Column("status", "Status", "الحالة", "planned, ongoing, delayed, done, cancelled.",
           "مخطط، جارٍ، متأخر، منجز، ملغى.", width=16),
    Column("practices", "Practices adapted", "الممارسات المعتمدة", "Optional: practice numbers or names, separated by ;",
           "اختياري: أرقام الممارسات أو أسماؤها مفصولة بـ ;", width=24),
]

INDICATOR_COLUMNS = [
    Column("action", "Action number", "رقم الإجراء", "A number from the Actions sheet.", "رقم من ورقة الإجراءات.",
           required=True, width=12),
    Column("name", "Indicator", "المؤشر", "What is measured.", "ما الذي يُقاس.", required=True, width=40),
    Column("unit", "Unit", "الوحدة", "people, sessions, % …", "أشخاص، جلسات، % …", width=12),
    Column("baseline", "Baseline", "خط الأساس", "A number; empty: 0.", "رقم؛ فارغ: 0.", width=12),
    Column("target", "Target", "الهدف", "A number.", "رقم.", required=True, width=12),
    Column("frequency", "Frequency", "التواتر", "monthly, quarterly, yearly, once.", "شهري، فصلي، سنوي، مرة واحدة.",
           width=14),
    Column("direction", "Direction", "الاتجاه", "increase, decrease, maintain.", "زيادة، نقصان، ثبات.", width=14),
    Column("by_sex_and_age", "Counted by sex and age group", "يُحسب حسب الجنس والفئة العمرية", "yes / no.",
           "نعم / لا.", width=16),
]

# The Progress sheet of an export: one row per progress update, then one column per sex × age group cell.
PROGRESS_COLUMNS = [
    Column("action", "Action number", "رقم الإجراء", "", "", width=12),
    Column("indicator", "Indicator", "المؤشر", "", "", width=40),
    Column("date", "Date", "التاريخ", "", "", width=12),
    Column("value", "Value", "القيمة", "", "", width=12),
    Column("narrative", "Narrative", "السرد", "", "", width=48),
    Column("organisation", "Reported by", "الجهة المُبلِّغة", "", "", width=28),
]
SEX_LABELS = {Sex.FEMALE: ("Female", "إناث"), Sex.MALE: ("Male", "ذكور")}
AGE_LABELS = {AgeGroup.UNDER_15: ("under 15", "دون 15"), AgeGroup.YOUTH: ("15–24", "15–24"),
              AgeGroup.ADULT: ("25–59", "25–59"), AgeGroup.OLDER: ("60 and over", "60 فأكثر")}
COUNT_COLUMNS = [
    Column(f"{sex}:{age}", f"{SEX_LABELS[sex][0]}, {AGE_LABELS[age][0]}", f"{SEX_LABELS[sex][1]}، {AGE_LABELS[age][1]}",
           "", "", width=12)
    for sex in Sex.values for age in AgeGroup.values
]
HIDDEN_COUNT = "hidden / مخفي"  # a small group's count, hidden by core.privacy.suppress_small

# Enumerations: value → (English, Arabic, other accepted words).
ENUMS: dict[str, dict[str, tuple[str, str, tuple[str, ...]]]] = {
    "lang": {"ar": ("Arabic", "عربي", ("العربية", "عربية", "arabic")),
             "en": ("English", "إنكليزي", ("الإنكليزية", "الإنجليزية", "انجليزي", "إنجليزي"))},
    "status": {
        ActionStatus.PLANNED: ("Planned", "مخطط", ("مخطط له", "planned")),
        ActionStatus.ONGOING: ("Ongoing", "جارٍ", ("جاري", "جار", "قيد التنفيذ", "in progress")),
        ActionStatus.DELAYED: ("Delayed", "متأخر", ("متاخر", "late")),
        ActionStatus.DONE: ("Done", "منجز", ("مكتمل", "completed", "complete")),
        ActionStatus.CANCELLED: ("Cancelled", "ملغى", ("ملغي", "canceled")),
    },
    "currency": {Currency.IQD: ("IQD", "دينار عراقي", ("دينار", "iraqi dinar")),
                 Currency.USD: ("USD", "دولار أمريكي", ("دولار", "us dollar", "$"))},
    "frequency": {
        Frequency.MONTHLY: ("Monthly", "شهري", ()),
        Frequency.QUARTERLY: ("Quarterly", "فصلي", ("ربع سنوي",)),
        Frequency.YEARLY: ("Yearly", "سنوي", ("annual", "annually")),
        Frequency.ONCE: ("Once", "مرة واحدة", ("once, at the end", "at the end")),
    },
    "direction": {
        Direction.INCREASE: ("Increase", "زيادة", ()),
        Direction.DECREASE: ("Decrease", "نقصان", ("خفض", "تخفيض")),
        Direction.MAINTAIN: ("Maintain", "ثبات", ("حفاظ", "المحافظة")),
    },
    "partner_kind": {
        PartnerKind.LOCAL_GOVERNMENT: ("Local government", "حكومة محلية", ("local", "محلي")),
        PartnerKind.CENTRAL_GOVERNMENT: ("Central government", "حكومة مركزية", ("central", "national", "مركزي")),
        PartnerKind.MULTILATERAL: ("Multilateral", "متعدد الأطراف", ("un", "international", "دولي")),
        PartnerKind.CIVIL_SOCIETY: ("Civil society", "مجتمع مدني", ("ngo", "cso", "منظمة مجتمع مدني")),
    },
    "yesno": {"yes": ("Yes", "نعم", ("y", "true", "1", "x", "ايوه")), "no": ("No", "لا", ("n", "false", "0"))},
}
# An organisation's kind gives its partner type when the file names none.
KIND_TO_PARTNER = {
    "local_government": PartnerKind.LOCAL_GOVERNMENT, "committee": PartnerKind.LOCAL_GOVERNMENT,
    "national_body": PartnerKind.CENTRAL_GOVERNMENT, "un_agency": PartnerKind.MULTILATERAL,
    "international_mission": PartnerKind.MULTILATERAL, "ngo": PartnerKind.CIVIL_SOCIETY,
    "network": PartnerKind.CIVIL_SOCIETY, "academic": PartnerKind.CIVIL_SOCIETY, "hub": PartnerKind.CIVIL_SOCIETY,
}


def enum_label(kind: str, value: str) -> str:
    en, ar, _aliases = ENUMS[kind][value]
    return f"{en} / {ar}"


def _enum_index(kind: str) -> dict[str, str]:
    index = {}
    for value, (en, ar, aliases) in ENUMS[kind].items():
        for word in (value, en, ar, f"{en} / {ar}", *aliases):
            index[normalize(word)] = str(value)
    return index


ENUM_INDEX = {kind: _enum_index(kind) for kind in ENUMS}
