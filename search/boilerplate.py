"""What the index leaves out of a record's text: the chrome of the page or document it came from.

Texts copied from web pages and imported documents carry lines that say nothing about the practice: share and
icon rows ("facebook linkedin twitter"), cookie and copyright notices, "Photo: …" captions, navigation crumbs,
date-only lines, "Read more" links, page numbers. They add common words to the keyword index and, worse, they
fill the start of the text that the sentence encoder reads (it reads the title and the first
`registry.EMBED_CHARS` characters). `clean(text)` drops such lines and keeps every other line as written; the
record itself is never changed, only what the index reads. Measured on the real-text set
(`docs/decisions/0001-search-fusion.md`).
"""

from __future__ import annotations

import re

from core.text import normalize

# Words of page chrome in the languages records come in. A line made only of these (and punctuation, numbers,
# separators) is chrome.
_CHROME_WORDS = frozenset(
    """share shares sharing facebook twitter x linkedin whatsapp telegram instagram youtube email e-mail mail print
    pdf download copy link links tweet like follow us subscribe newsletter menu search home back top next previous
    prev close open arrow circle down up left right small basic icon video image images photo photos gallery
    read more continue reading related news stories story article articles tags tag categories category posted
    by on in and the of view all see comments comment reply skip to content main navigation breadcrumb you are here
    partager imprimer accueil lire la suite suivre nous articles similaires teilen drucken startseite mehr lesen
    compartir imprimir inicio leer más""".split()
    + "شارك مشاركة المشاركة طباعة اطبع ارسل إرسال البريد الالكتروني الإلكتروني تويتر فيسبوك فيس بوك واتساب "
    "تلغرام انستغرام يوتيوب لينكدإن الرئيسية الرئيسيه الصفحة اقرأ اقرا المزيد أيضا ايضا تابعونا تابعنا على "
    "اخبار أخبار ذات صلة مقالات الوسوم وسوم التصنيف قسم نسخ الرابط تعليق تعليقات بحث القائمة "
    "هاوبەشکردن چاپکردن".split()
)
_CHROME_WORDS = frozenset(normalize(w) for w in _CHROME_WORDS)

_WORD = re.compile(r"[^\W\d_]+")
# A line that is only a date, or "date 2022-06-05", "Posted on 12 May 2023", "١٦ ئایار ٢٠٢٢".
_MONTHS = (
    "january february march april may june july august september october november december jan feb mar apr jun "
    "jul aug sep sept oct nov dec janvier fevrier février mars avril mai juin juillet aout août septembre octobre "
    "novembre decembre décembre januar februar märz maerz april juni juli oktober dezember "
    "يناير فبراير مارس ابريل أبريل مايو يونيو يوليو اغسطس أغسطس سبتمبر اكتوبر أكتوبر نوفمبر ديسمبر "
    "كانون الثاني شباط آذار اذار نيسان أيار ايار حزيران تموز آب اب أيلول ايلول تشرين الأول الاول "
    "ئایار نیسان ئازار شوبات کانوونی دووەم یەکەم حوزەیران تەمموز ئاب ئەیلوول تشرینی"
).split()
_MONTHS = frozenset(normalize(m) for m in _MONTHS)
_DATE_WORDS = frozenset(normalize(w) for w in "date posted on published updated le am el تاريخ بتاريخ نشر في".split())
# Lines that are notices whatever else they hold.
_NOTICE = re.compile(
    r"\bcookies?\b|ملفات تعريف الارتباط|كوكيز|all rights reserved|tous droits réservés|alle rechte vorbehalten|"
    r"جميع الحقوق محفوظة|©|^\s*(photo|photos|credit|crédit|image|foto|صورة|الصورة|تصوير)\s*[:：]",
    re.IGNORECASE,
)
# "Page 3 of 12", "- 4 -", "3 / 12", "صفحة ٣".
_PAGE_NUMBER = re.compile(r"^\s*(page|p\.|صفحة|الصفحة|seite|página)?\s*[-–—]?\s*\d+\s*([-–—/]|of|من|sur|von)?\s*\d*\s*[-–—]?\s*$",
                          re.IGNORECASE)


def _glued(word: str) -> bool:
    """A word made of chrome words run together, as icon rows read ("closefacebooklinkedinsearch")."""
    if word in _CHROME_WORDS:
        return True
    if len(word) > 60:
        return False
    reach = [True] + [False] * len(word)
    for end in range(1, len(word) + 1):
        reach[end] = any(reach[start] and word[start:end] in _CHROME_WORDS for start in range(max(0, end - 12), end))
    return reach[-1]


def _is_chrome(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    if _NOTICE.search(stripped) and len(stripped) < 200:
        return True
    folded = normalize(stripped)
    if _PAGE_NUMBER.match(folded):
        return True
    words = _WORD.findall(folded)
    if not words:  # only digits, punctuation, separators ("|", "•", "2022-06-05")
        return not any(ch.isalpha() for ch in folded) and len(stripped) < 40
    if all(_glued(w) for w in words):
        return True
    # A date line: month names, date words and numbers only.
    return len(words) <= 4 and all(w in _MONTHS or w in _DATE_WORDS for w in words) and any(ch.isdigit() for ch in folded)


def clean(text: str) -> str:
    """`text` without its chrome lines; other lines as written, in order. A text that would become empty (a
    record that is only a date, say) is returned as it was."""
    if not text:
        return text or ""
    lines = text.splitlines()
    kept = [line for line in lines if not _is_chrome(line)]
    if len(kept) == len(lines):
        return text
    cleaned = "\n".join(kept).strip()
    return cleaned or text


def lead(title: str, text: str) -> str:
    """The main text without a first line that only repeats the title (pages start with their heading)."""
    first, _sep, rest = (text or "").lstrip().partition("\n")
    if title and normalize(first).strip(" .:") == normalize(title).strip(" .:"):
        return rest.lstrip()
    return text or ""
