"""Turning text into search terms, the same way at index time and at query time, on every database.

A term is a word after `core.text.normalize` (case, diacritics, tatweel, alef/hamza forms, taa marbuta, alef
maqsura, digits), Latin accents removed, then a light stem: Arabic loses one article/conjunction prefix and one
common suffix (الشباب, للشباب, شباب → شباب), English loses its common endings (train, training, trainers →
train). French, Spanish and German words lose their accents (é → e, ü → u; ß folds to ss); Sorani Kurdish letters
fold to the Arabic ones typed in their place (ڕ → ر, ێ → ي, ە → ه). Both databases receive the prepared terms joined by spaces and tokenise them with no stemming of their
own (SQLite FTS5 `unicode61`, PostgreSQL `simple`), so keyword matching is identical on both.

The highlighter works on the original text: a word is marked when its term is one of the query's terms.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from django.utils.html import escape

from core.text import INVISIBLE_CHARACTERS, normalize

MAX_QUERY_CHARS = 500  # longer queries are cut here: the words past it add nothing but cost
MAX_QUERY_TERMS = 24

_WORD = re.compile(r"[^\W_]+")
# Sorani Kurdish letters folded to the Arabic ones people type in their place (a keyboard without ڕ writes ر), and
# its Persian-keyboard forms (ک ی ھ) to the Arabic ones, so a Kurdish word is found however it was typed.
_KURDISH_FOLD = str.maketrans({"ڕ": "ر", "ڵ": "ل", "ۆ": "و", "ێ": "ي", "ە": "ه", "ھ": "ه", "ڤ": "ف", "ڎ": "د",
                               "ک": "ك", "ی": "ي", "ۊ": "و"})
_ARABIC = re.compile(r"[\u0600-\u06FF]")
# Control characters, the invisible ones (core.text) and ZWNJ/ZWJ: none of them belongs in a query.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200c\u200d" + INVISIBLE_CHARACTERS + "]")

STOPWORDS = frozenset(
    """a an and are as at be been by for from has have in into is it its of on or that the their them this
    those to was were which with within who what how not no our we they he she you i also than then there
    these such can will would should may about among between over under via per each all any more most other
    some so very""".split()
    + "في من على الى إلى عن مع هذا هذه ذلك تلك التي الذي الذين او أو و ثم كما كل بعض بين عند لدى قد لا لم لن ما "
    "هو هي هم نحن انت أن ان كان كانت يكون تكون اي أي حول خلال ضد عبر".split()
)

_AR_PREFIXES = ("وبال", "وال", "بال", "كال", "فال", "لل", "ال", "و")
_AR_SUFFIXES = ("يات", "ات", "ون", "ين", "ان", "ها", "هم", "يه", "ه", "ي")
_EN_IRREGULAR = {"women": "woman", "men": "man", "children": "child", "people": "person", "youths": "youth"}
_EN_SUFFIXES = (
    "isation", "ization", "ational", "ation", "ition", "ement", "ment", "ness", "ence", "ance", "ities", "ity",
    "ator", "ists", "ist", "isms", "ism", "ise", "ize", "ive", "ful", "ing", "ers", "er", "ed", "ate", "al",
    "ic", "ent",
)


def strip_accents(text: str) -> str:
    """Latin accents off (é → e); Arabic marks are handled by `normalize`."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c) or _ARABIC.match(c)))


def stem_arabic(word: str) -> str:
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            word = word[len(prefix):]
            break
    for suffix in _AR_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word


def stem_english(word: str) -> str:
    """A light suffix stripper, applied up to three times: trainers → trainer → train; radicalisation → radical."""
    if word in _EN_IRREGULAR:
        return _EN_IRREGULAR[word]
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for _round in range(3):
        for suffix in _EN_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                    word = word[:-1]  # running → runn → run
                break
        else:
            break
    if word.endswith("y") and len(word) > 3:
        word = word[:-1] + "i"  # community / communiti
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]  # educate → educat, like education → educat
    return word


def term(word: str) -> str:
    """The search term of one normalised word."""
    if _ARABIC.search(word):
        return stem_arabic(word)
    return stem_english(word)


def words(text: str) -> list[str]:
    """Normalised words of `text`, in order (numbers included)."""
    return _WORD.findall(strip_accents(normalize(text or "")).translate(_KURDISH_FOLD))


def terms(text: str, *, keep_stopwords: bool = True) -> list[str]:
    found = [term(w) for w in words(text) if keep_stopwords or w not in STOPWORDS]
    return [t for t in found if t]


def prepare(text: str) -> str:
    """What the keyword index stores for `text`: its terms joined by spaces."""
    return " ".join(terms(text))


def clean_query(query: str) -> str:
    """The query as the engine uses it: no control or direction characters, one space between words, cut at
    MAX_QUERY_CHARS."""
    query = _CONTROL.sub(" ", query or "")
    query = re.sub(r"\s+", " ", query).strip()
    return query[:MAX_QUERY_CHARS]


def query_terms(query: str) -> list[str]:
    """The distinct terms a keyword search looks for, stop words left out (kept when they are all there is)."""
    found = terms(query, keep_stopwords=False) or terms(query)
    return list(dict.fromkeys(found))[:MAX_QUERY_TERMS]


# --- snippets -------------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def token_term(token: str) -> str:
    """The term of one word as written (cached: snippets look at the same words again and again)."""
    normalised = words(token)
    return term(normalised[0]) if normalised else ""

_TOKEN = re.compile(r"[^\W_]+|[\W_]+")


def highlight(text: str, wanted: set[str]) -> str:
    """`text` HTML-escaped, with every word whose term is wanted inside <mark>…</mark>."""
    out = []
    for token in _TOKEN.findall(text or ""):
        if wanted and token[0].isalnum():
            if token_term(token) in wanted:
                out.append(f"<mark>{escape(token)}</mark>")
                continue
        out.append(escape(token))
    return "".join(out)


def snippet(text: str, wanted: set[str], *, size: int = 240) -> str:
    """About `size` characters of `text` around its first wanted word, highlighted and escaped; the start of
    the text when no word is wanted or found (a match by meaning only)."""
    text = re.sub(r"\s+", " ", text or "").strip()
    start = 0
    if wanted:
        for match in _WORD.finditer(text):
            if token_term(match.group(0)) in wanted:
                start = max(0, match.start() - size // 4)
                break
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + size // 2 else end
    body = highlight(text[start:end], wanted)
    return ("… " if start else "") + body + (" …" if end < len(text) else "")
