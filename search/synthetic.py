"""A synthetic Arabic/English practice corpus for `wiqaya bench search`: varied, practice-shaped, reproducible."""

from __future__ import annotations

import random

from .registry import IndexRow

EN = {
    "activity": ["youth football league", "training of trainers", "imam and preacher training", "women mediation circles",
                 "prison rehabilitation workshops", "school debate clubs", "radio drama series", "social media campaign",
                 "community policing forum", "vocational training and micro-grants", "mothers' awareness sessions",
                 "interfaith volunteering", "psychosocial support groups", "local prevention council",
                 "theatre workshops", "teacher training on inclusion", "returnee reintegration support",
                 "mentoring for at-risk teenagers", "hate speech monitoring", "cultural heritage restoration"],
    "place": ["Mosul", "Basra", "Ramadi", "Kirkuk", "Erbil", "Baghdad", "Sinjar", "Tal Afar", "Fallujah", "Najaf",
              "Amman", "Tunis", "Beirut", "Zarqa", "Sousse"],
    "who": ["young people", "women", "teachers", "religious leaders", "detainees", "returnee families", "students",
            "local officials", "police officers", "journalists", "parents", "displaced children"],
    "verb": ["brought together", "trained", "supported", "mentored", "connected", "engaged"],
    "goal": ["to rebuild trust between communities", "to counter extremist narratives", "to prevent recruitment",
             "to give young people a voice", "to reduce tensions between neighbourhoods", "to support reintegration",
             "to strengthen social cohesion", "to offer alternatives to violence"],
    "extra": ["Sessions were held every week for six months.", "Local authorities took part in the planning.",
              "An external evaluation found lasting change in attitudes.", "Volunteers ran the activities after the end of funding.",
              "The approach was later copied in two other districts.", "Participants wrote a guide for other organisations."],
}
AR = {
    "activity": ["دوري كرة القدم للشباب", "تدريب المدربين", "تأهيل الأئمة والخطباء", "حلقات الوساطة النسائية",
                 "ورش إعادة التأهيل في السجون", "نوادي المناظرة المدرسية", "مسلسل إذاعي", "حملة على مواقع التواصل",
                 "منتدى الشرطة المجتمعية", "تدريب مهني ومنح صغيرة", "جلسات توعية للأمهات", "عمل تطوعي بين الأديان",
                 "مجموعات الدعم النفسي", "مجلس الوقاية المحلي", "ورش المسرح", "تدريب المعلمين على الدمج",
                 "دعم إعادة دمج العائدين", "إرشاد المراهقين المعرضين للخطر", "رصد خطاب الكراهية", "ترميم التراث الثقافي"],
    "place": ["الموصل", "البصرة", "الرمادي", "كركوك", "أربيل", "بغداد", "سنجار", "تلعفر", "الفلوجة", "النجف",
              "عمّان", "تونس", "بيروت", "الزرقاء", "سوسة"],
    "who": ["الشباب", "النساء", "المعلمين", "القيادات الدينية", "المحتجزين", "الأسر العائدة", "الطلاب",
            "المسؤولين المحليين", "ضباط الشرطة", "الصحفيين", "الأهالي", "الأطفال النازحين"],
    "verb": ["جمع", "درّب", "دعم", "أرشد", "ربط", "أشرك"],
    "goal": ["لإعادة بناء الثقة بين المجتمعات", "لمواجهة الخطاب المتطرف", "لمنع التجنيد", "لإسماع صوت الشباب",
             "لتخفيف التوتر بين الأحياء", "لدعم إعادة الدمج", "لتعزيز التماسك الاجتماعي", "لتقديم بدائل عن العنف"],
    "extra": ["عُقدت الجلسات أسبوعيًا لمدة ستة أشهر.", "شاركت السلطات المحلية في التخطيط.",
              "وجد تقييم خارجي تغيرًا دائمًا في المواقف.", "واصل المتطوعون الأنشطة بعد انتهاء التمويل.",
              "نُقلت التجربة لاحقًا إلى قضاءين آخرين.", "كتب المشاركون دليلًا للمنظمات الأخرى."],
}


def practice_rows(n: int, *, seed: int = 0, start: int = 1):
    """Yield n IndexRows, half English and half Arabic, ids from `start`."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets  # nosec B311
    for object_id in range(start, start + n):
        lang = "ar" if object_id % 2 else "en"
        v = AR if lang == "ar" else EN
        activity, place = rng.choice(v["activity"]), rng.choice(v["place"])
        who, other = rng.sample(v["who"], 2)
        goal = rng.choice(v["goal"])
        if lang == "ar":
            title = f"{activity} في {place}"
            main = (f"{rng.choice(v['verb'])} المشروع {who} و{other} في {place} {goal}. "
                    f"{' '.join(rng.sample(v['extra'], 3))} رقم المشروع {object_id}.")
        else:
            title = f"{activity.capitalize()} in {place}"
            main = (f"The project {rng.choice(v['verb'])} {who} and {other} in {place} {goal}. "
                    f"{' '.join(rng.sample(v['extra'], 3))} Project number {object_id}.")
        facets = {"language": [lang], "period": [f"{rng.choice([2000, 2010, 2020])}s"]}
        yield IndexRow(kind="practice", object_id=object_id, lang=lang, title=title, body=f"{main}\n{who}",
                       texts={"A": title, "B": main, "C": who}, facets=facets)


QUERIES = [
    "youth football", "training of trainers", "trainers", "imams", "prison rehabilitation", "women mediation",
    "radio drama", "hate speech", "returnee families", "teachers inclusion", "Mosul", "counter extremist narratives",
    "الشباب", "تدريب المدربين", "الأئمة والخطباء", "السجون", "النساء", "خطاب الكراهية", "الموصل", "إعادة دمج العائدين",
    "تأهيل السجناء", "مسرح",
    # cross-lingual
    "دعم الأسر العائدة من المخيمات", "rebuilding trust between communities after the war",
    # what users type by mistake or on purpose
    "", "x" * 10000, 'AND OR NEAR "quoted * ; DROP TABLE', "\x00\x07 control \x1b chars", "🙂 emoji only 🕊️",
    "mixed الشباب youth ٢٠١٥ 2015", "青少年 预防 暴力",
]
