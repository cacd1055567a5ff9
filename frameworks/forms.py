"""Forms for frameworks, goals, paragraphs and the framework import page."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import style_fields
from core.uploads import kind_problem
from core.widgets import SearchableSelect, SearchableSelectMultiple

from .interchange import FORMATS
from .models import Framework, Goal
from .queries import goal_tree, walk_tree

# Inputs for Arabic text run right to left, English ones left to right, whatever the page's language.
_AR = {"dir": "rtl", "lang": "ar"}
_EN = {"dir": "ltr", "lang": "en"}
RESERVED_SLUGS = {"new", "import"}  # page addresses under /frameworks/
IMPORT_EXTENSIONS = (".txt", ".md", ".yaml", ".yml", ".json")


def framework_order(framework: Framework) -> tuple:
    """The national strategy (settings.WIQAYA_NATIONAL_FRAMEWORK) first, then the others by slug."""
    return (framework.slug != settings.WIQAYA_NATIONAL_FRAMEWORK, framework.slug)


def goal_search_text(goal: Goal) -> str:
    """What else a goal answers to in a picker: its title in both languages, its other wordings and its
    framework's short name, so that a goal is found whichever language the reader types in."""
    return " ".join(filter(None, [goal.title_en, goal.title_ar, *(goal.aliases or []),
                                  goal.framework.short_name, goal.framework.slug]))


class GroupedGoalIterator(forms.models.ModelChoiceIterator):
    """The field's goals grouped by framework (national strategy first, each group in tree order), each labelled
    with its number path and its title in the reader's language: "4.2 — title"."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        goals = list(self.queryset.select_related("framework"))
        framework_ids = {goal.framework_id for goal in goals}
        # Parents give the path ("4.2") and the tree order, even where the queryset leaves them out.
        everyone = {row[0]: row for row in Goal.with_proposals.filter(framework_id__in=framework_ids).values_list(
            "pk", "parent_id", "number", "position")}

        def chain(pk):
            rows = []
            while pk is not None and pk in everyone and len(rows) < 50:
                rows.append(everyone[pk])
                pk = everyone[pk][1]
            return rows[::-1]

        groups: dict[int, tuple[Framework, list]] = {}
        for goal in goals:
            rows = chain(goal.pk) or [(goal.pk, goal.parent_id, goal.number, goal.position)]
            goal.path = ".".join(str(row[2]) for row in rows)
            goal.tree_key = [(row[3], row[0]) for row in rows]
            groups.setdefault(goal.framework_id, (goal.framework, []))[1].append(goal)
        for framework, members in sorted(groups.values(), key=lambda group: framework_order(group[0])):
            members.sort(key=lambda goal: goal.tree_key)
            yield (framework.title, [self.choice(goal) for goal in members])


class GoalLabelMixin:
    iterator = GroupedGoalIterator

    def label_from_instance(self, goal):
        path = getattr(goal, "path", goal.number)
        return f"{path} — {goal.title}" if goal.title else str(path)


class GoalMultipleChoiceField(GoalLabelMixin, forms.ModelMultipleChoiceField):
    """Goals picked in the searchable picker (core.widgets), grouped by framework, labelled "4.2 — title" in the
    reader's language and found by either language's title; the one goal field of every form that links goals."""

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("widget", SearchableSelectMultiple(
            search_text=goal_search_text, placeholder=_("Type a goal's number or words")))
        super().__init__(Goal.objects.all() if queryset is None else queryset, **kwargs)


class FrameworkForm(forms.ModelForm):
    class Meta:
        model = Framework
        fields = ["slug", "short_name", "title_en", "title_ar", "year", "status", "description_en",
                  "description_ar", "source"]
        widgets = {
            "slug": forms.TextInput(attrs=_EN),
            "title_en": forms.TextInput(attrs=_EN),
            "title_ar": forms.TextInput(attrs=_AR),
            "description_en": forms.Textarea(attrs={"rows": 4, **_EN}),
            "description_ar": forms.Textarea(attrs={"rows": 4, **_AR}),
            "source": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "slug": _("Latin letters, digits and hyphens, such as iraq-ns-2019; it cannot change later."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The slug is the framework's key in addresses, the API and imports: it stays.
            del self.fields["slug"]
        style_fields(self)

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This slug is taken by a page address: choose another."))
        return slug

    def clean(self):
        data = super().clean()
        if not data.get("title_en") and not data.get("title_ar"):
            self.add_error("title_en", _("Give a title in English or in Arabic."))
        return data


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, goal):
        indent = "\u00a0\u00a0" * getattr(goal, "depth", 0)
        return f"{indent}{getattr(goal, 'path', goal.number)} — {goal.title}"


class GoalForm(forms.ModelForm):
    parent = ParentChoiceField(
        label=_("Nested under"), queryset=Goal.objects.none(), required=False, empty_label=_("— top level —"),
        widget=SearchableSelect,
    )
    position = forms.IntegerField(
        label=_("Position"), required=False, min_value=0,
        help_text=_("Order among its siblings; leave empty to put it last."),
    )
    aliases = forms.CharField(
        label=_("Other wordings"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Titles other documents use for this goal, one per line."),
    )

    class Meta:
        model = Goal
        fields = ["number", "title_en", "title_ar", "description_en", "description_ar"]
        widgets = {
            "number": forms.TextInput(attrs={"size": 6, **_EN}),
            "title_en": forms.TextInput(attrs=_EN),
            "title_ar": forms.TextInput(attrs=_AR),
            "description_en": forms.Textarea(attrs={"rows": 3, **_EN}),
            "description_ar": forms.Textarea(attrs={"rows": 3, **_AR}),
        }
        help_texts = {
            "number": _("Its number among its siblings: goal 2 under goal 1 is shown as 1.2."),
        }

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        # Parent and position are set through the service, never straight onto the instance.
        self.order_fields(["parent", "number", "position", "title_en", "title_ar", "description_en",
                           "description_ar", "aliases"])
        # The parent is chosen among this framework's goals, in tree order; never the goal itself or a sub-goal.
        tree = list(walk_tree(goal_tree(framework, with_paragraphs=False)))
        own = next((goal for goal in tree if goal.pk == self.instance.pk), None) if self.instance.pk else None
        excluded = {goal.pk for goal in walk_tree([own])} if own else set()
        choices = [goal for goal in tree if goal.pk not in excluded]
        field = self.fields["parent"]
        field.queryset = Goal.objects.filter(pk__in=[goal.pk for goal in choices])
        field.choices = [("", field.empty_label)] + [(goal.pk, field.label_from_instance(goal)) for goal in choices]
        if self.instance.pk:
            self.initial["parent"] = self.instance.parent_id
            self.initial["position"] = self.instance.position
            self.initial["aliases"] = "\n".join(self.instance.aliases or [])
        style_fields(self)

    def clean_aliases(self):
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]


class ParagraphForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))
    lang = forms.ChoiceField(
        label=_("Language"), required=False,
        choices=[("", _("Detect from the text")), ("en", _("English")), ("ar", _("Arabic"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMPORT_EXTENSIONS)}),
        help_text=_("Compendium text (.txt, .md), YAML (.yaml, .yml) or JSON (.json), in UTF-8."),
    )
    text = forms.CharField(
        label=_("Or paste the text"), required=False, widget=forms.Textarea(attrs={"rows": 12, "dir": "auto"}),
        help_text=_("Lines such as “GOAL 2: title” (or “الهدف ٢: عنوان”), each followed by “(58) paragraph” "
                    "lines; nested goals numbered by their path, such as GOAL 2.1."),
    )
    fmt = forms.ChoiceField(
        label=_("Format"), required=False,
        choices=[("", _("Recognise it")), ("text", _("Compendium text")), ("yaml", "YAML"), ("json", "JSON")],
    )
    slug = forms.SlugField(
        label=_("Slug"), required=False, widget=forms.TextInput(attrs=_EN),
        help_text=_("Needed when the file does not name the framework; it also imports into another framework."),
    )
    title_en = forms.CharField(label=_("Title (English)"), required=False, max_length=300,
                               widget=forms.TextInput(attrs=_EN))
    title_ar = forms.CharField(label=_("Title (Arabic)"), required=False, max_length=300,
                               widget=forms.TextInput(attrs=_AR))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        problem = kind_problem(upload, IMPORT_EXTENSIONS) if upload else None
        if problem:
            raise forms.ValidationError(problem, code="kind")
        return upload

    def clean(self):
        data = super().clean()
        if self.has_error("file"):
            return data  # the file's own problem says enough
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload and text:
            raise forms.ValidationError(_("Upload a file or paste text, not both."))
        if not upload and not text:
            raise forms.ValidationError(_("Upload a file or paste the text to import."))
        if upload and upload.size > settings.WIQAYA_MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        if data.get("fmt") and data["fmt"] not in FORMATS:
            raise forms.ValidationError(_("Unknown format."))
        return data

    def payload(self) -> tuple[bytes | str, str]:
        """(data, file name) for the import service."""
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read(), upload.name
        return self.cleaned_data["text"], ""
