"""The shared form helpers: the searchable picker widget, the error summary, the character counter and the check
of an uploaded file's kind."""

import re

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.utils import translation

from core.templatetags.form_help import collect_errors
from core.uploads import kind_problem
from core.widgets import SearchableSelect, SearchableSelectMultiple


class Sample(forms.Form):
    name = forms.CharField(label="Name", max_length=20)
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")], widget=SearchableSelect)
    tags = forms.MultipleChoiceField(
        label="Tags", required=False, widget=SearchableSelectMultiple(attrs={"size": 8}, placeholder="Type"),
        choices=[("Group one", [("1", "One"), ("2", "Two")]), ("Group two", [("3", "Three")])])
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea)

    def clean(self):
        data = super().clean()
        if data.get("kind") == "b":
            raise forms.ValidationError("B is not allowed with this name.")
        return data


def render(source: str, **context) -> str:
    return Template("{% load form_help %}" + source).render(Context(context))


def test_picker_is_a_plain_select_marked_for_the_script_with_groups_and_no_list_box_size():
    html = str(Sample()["tags"])
    assert html.startswith("<select") and "multiple" in html
    assert 'data-searchable="1"' in html and 'data-placeholder="Type"' in html
    assert 'size="8"' not in html
    assert html.count("<optgroup") == 2 and '<optgroup label="Group one">' in html


def test_picker_media_brings_djangos_select2_jquery_the_language_file_and_forms_js():
    with translation.override("ar"):
        media = SearchableSelect().media
    scripts = re.findall(r'src="/static/([^"]+)"', "".join(media.render_js()))
    assert scripts == ["admin/js/vendor/jquery/jquery.min.js", "admin/js/vendor/select2/select2.full.min.js",
                       "admin/js/vendor/select2/i18n/ar.js", "js/forms.js"]
    assert "/static/admin/css/vendor/select2/select2.min.css" in "".join(media.render_css())
    with translation.override("en"):
        assert "select2/i18n/en.js" in "".join(SearchableSelect().media.render_js())


def test_form_media_renders_each_script_once_in_order():
    html = render("{% form_media form %}", form=Sample())
    assert html.count("forms.js") == 1 and html.count("select2.full.min.js") == 1
    assert html.index("jquery.min.js") < html.index("select2.full.min.js") < html.index("forms.js")
    assert "forms.css" in render('{% form_media form part="css" %}', form=Sample())


def test_form_media_without_pickers_still_brings_forms_js():
    class Plain(forms.Form):
        name = forms.CharField(max_length=5)

    html = render("{% form_media form %}", form=Plain())
    assert "js/forms.js" in html and "select2" not in html


def test_error_summary_lists_every_error_with_a_link_to_its_field():
    form = Sample(data={"name": "x" * 25, "kind": "b", "tags": ["9"]})
    assert not form.is_valid()
    errors = collect_errors(form)
    assert [(e["href"], e["label"]) for e in errors] == [
        ("", ""), ("#id_name", "Name"), ("#id_tags", "Tags")]
    html = render("{% error_summary form %}", form=form)
    assert 'role="alert"' in html and "data-error-summary" in html and 'tabindex="-1"' in html
    assert html.count("<li>") == 3
    assert '<a href="#id_name" class="alert-link" data-error-link>Name</a>: ' in html
    assert "B is not allowed with this name." in html
    assert "correct 3 problems" in html


def test_error_summary_counts_in_arabic_with_its_plural_forms():
    form = Sample(data={"name": "", "kind": "a"})
    form.is_valid()
    with translation.override("ar"):
        html = render("{% error_summary form %}", form=form)
    assert "لم يُحفظ النموذج" in html and '<a href="#id_name"' in html


def test_error_summary_is_empty_for_an_unbound_or_valid_form():
    assert render("{% error_summary form %}", form=Sample()).strip() == ""
    assert render("{% error_summary form %}", form=Sample(data={"name": "ok", "kind": "a"})).strip() == ""


def test_error_summary_covers_formsets():
    Formset = forms.formset_factory(Sample, extra=0)
    formset = Formset(data={"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-name": "", "form-0-kind": "a"})
    assert not formset.is_valid()
    assert [e["href"] for e in collect_errors(None, formset)] == ["#id_form-0-name"]


def test_field_shows_a_counter_where_it_has_a_maximum_length():
    form = Sample(data={"name": "twelve chars", "kind": "a"})
    html = render('{% include "components/_field.html" with field=form.name %}', form=form)
    assert 'data-char-count="id_name" data-limit="20"' in html
    assert "<span data-used>12</span> / 20" in html
    # A field without a maximum has none.
    assert "data-char-count" not in render('{% include "components/_field.html" with field=form.note %}', form=form)


def test_counter_reads_in_arabic():
    with translation.override("ar"):
        html = render('{% include "components/_field.html" with field=form.name %}', form=Sample())
    assert "<span data-used>0</span> من 20" in html


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def problem(file, allowed):
    """kind_problem's message without the isolation marks around names, as a reader sees it."""
    message = kind_problem(file, allowed)
    return message.replace("\u2068", "").replace("\u2069", "") if message else message


def test_kind_problem_names_the_file_and_the_kinds_allowed():
    allowed = (".txt", ".md", ".pdf", ".docx")
    assert kind_problem(upload("notes.txt", b"GOAL 2: text"), allowed) is None
    assert kind_problem(upload("report.pdf", b"%PDF-1.7 ..."), allowed) is None
    assert kind_problem(upload("report.docx", b"PK\x03\x04..."), allowed) is None
    wrong = problem(upload("budget.xls", b"\xd0\xcf\x11\xe0"), allowed)
    assert wrong == "“budget.xls” is a .xls file, which cannot be imported here: use .docx, .md, .pdf, .txt."
    renamed = problem(upload("scan.pdf", b"\x89PNG\r\n\x1a\n"), allowed)
    assert renamed.startswith("“scan.pdf” is named .pdf but its content is not a .pdf file")
    assert "use .docx, .md, .pdf, .txt" in renamed
    assert "its content is not text" in problem(upload("photo.txt", b"\xff\xd8\xff\xe0"), allowed)
    assert "has no extension" in problem(upload("README", b"text"), allowed)
    # Names keep their own direction inside an Arabic sentence.
    assert "\u2068budget.xls\u2069" in kind_problem(upload("budget.xls", b"x"), allowed)
    assert kind_problem(upload("empty.pdf", b""), allowed) is None  # the importer names empty files


def test_kind_problem_takes_pictures_by_their_own_signature():
    allowed = (".pdf", ".png", ".jpg", ".jpeg", ".txt")
    assert kind_problem(upload("photo.png", b"\x89PNG\r\n\x1a\n"), allowed) is None
    assert kind_problem(upload("photo.jpg", b"\xff\xd8\xff\xe0"), allowed) is None
    assert "its content is not a .png file" in problem(upload("photo.png", b"%PDF-1.7"), allowed)
    assert "its content is not text" in problem(upload("notes.txt", b"\x89PNG\r\n"), allowed)


def test_kind_problem_leaves_the_file_at_its_start():
    file = upload("report.pdf", b"%PDF-1.7 body")
    kind_problem(file, (".pdf",))
    assert file.read() == b"%PDF-1.7 body"
