"""Template filters for names whose language is not the page's: `{{ name|text_lang }}`, `{{ name|text_dir }}`."""

from django import template

from core.text import detect_language

register = template.Library()


@register.filter
def text_lang(text: str) -> str:
    return detect_language(text or "")


@register.filter
def text_dir(text: str) -> str:
    return "rtl" if detect_language(text or "") == "ar" else "ltr"


@register.simple_tag
def org_names(organisation) -> list[dict]:
    """The organisation's names, each with its language and direction, the page's language first."""
    from django.utils.translation import get_language

    names = [{"text": t, "lang": detect_language(t), "dir": text_dir(t)}
             for t in (organisation.name, organisation.name_alt) if t]
    page = (get_language() or "en")[:2]
    return sorted(names, key=lambda n: n["lang"] != page)
