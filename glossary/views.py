"""The glossary page: every curated term in both languages side by side, with its source; coordinators and
administrators add, edit and retire terms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import withheld
from core.forms import add_service_errors
from core.text import normalize, sort_key

from . import permissions, services
from .choices import Status, Theme
from .forms import GlossaryTermForm
from .models import GlossaryTerm, lines


def _initial(text: str) -> str:
    """The letter a term is filed under: its first letter, past the Arabic article, spelling variants folded."""
    word = normalize(text)
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]
    return word[:1].upper()


def _matches(term: GlossaryTerm, wanted: str) -> bool:
    text = " ".join([term.term_en, term.term_ar, term.term_fr, term.variants_en, term.variants_ar,
                     term.definition_en, term.definition_ar])
    return wanted in normalize(text)


def glossary_list(request):
    arabic = (get_language() or "").startswith("ar")
    terms = list(permissions.visible_to(request.user, GlossaryTerm.objects.all()).select_related("created_by"))
    total = sum(1 for t in terms if t.status == Status.CURATED)
    query = request.GET.get("q", "").strip()[:200]
    theme = request.GET.get("theme", "")
    theme = theme if theme in Theme.values else ""
    status = request.GET.get("status", "")
    editor = permissions.can(request.user, "add")
    status = status if editor and status in Status.values else ("" if editor else Status.CURATED)
    letter = request.GET.get("letter", "")[:1].upper()

    def heading(t):
        return t.term_ar if arabic else t.term_en

    terms = [t for t in terms if not status or t.status == status]
    if not status:  # coordinators see curated and proposed terms; retired ones only when asked
        terms = [t for t in terms if t.status != Status.RETIRED]
    if theme:
        terms = [t for t in terms if t.theme == theme]
    if query:
        wanted = normalize(query)
        terms = [t for t in terms if _matches(t, wanted)]
    language = "ar" if arabic else "en"
    letters = sorted({_initial(heading(t)) for t in terms}, key=lambda x: sort_key(x, language))
    if letter:
        terms = [t for t in terms if _initial(heading(t)) == letter]
    terms.sort(key=lambda t: sort_key(heading(t), language))
    for t in terms:
        t.other_en, t.other_ar = lines(t.variants_en), lines(t.variants_ar)
    context = {
        "terms": terms, "total": total, "query": query, "theme": theme, "themes": Theme.choices, "letter": letter,
        "letters": letters, "status": status, "statuses": Status.choices, "editor": editor,
        "filtered": bool(query or theme or letter or (editor and status)),
    }
    return render(request, "glossary/list.html", context)


def _require(request, action: str, term=None) -> None:
    if not permissions.can(request.user, action, term):
        raise PermissionDenied(_("Only national coordinators and administrators change the glossary."))


def _term(request, pk) -> GlossaryTerm:
    term = permissions.visible_to(request.user, GlossaryTerm.objects.filter(pk=pk)).first()
    if term is None:
        raise withheld(request, GlossaryTerm, pk)
    return term


@login_required
def term_add(request):
    _require(request, "add")
    form = GlossaryTermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            term = services.add_term(actor=request.user, values=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The term was added to the glossary."))
            return redirect(f"{reverse('glossary:list')}?{urlencode({'q': term.term_en})}")
    return render(request, "glossary/form.html", {"form": form, "term": None})


@login_required
def term_edit(request, pk):
    term = _term(request, pk)
    _require(request, "edit", term)
    form = GlossaryTermForm(request.POST or None, instance=term)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_term(actor=request.user, term=_term(request, pk), values=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("glossary:list")
    return render(request, "glossary/form.html", {"form": form, "term": _term(request, pk)})


@login_required
@require_POST
def term_retire(request, pk):
    term = _term(request, pk)
    _require(request, "retire", term)
    services.retire_term(actor=request.user, term=term)
    messages.success(request, _("The term was retired: it is no longer shown or used in search."))
    return redirect("glossary:list")
