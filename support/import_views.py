"""Importing needs from an assessment file: upload → mapping step (which column holds what, and which theme each
unknown value means) → the job's progress → its result. A form whose mapping the organisation saved skips the
mapping step; "choose the columns again" brings it back."""

from __future__ import annotations

import hashlib
import uuid

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import OrganisationKind
from accounts.models import Organisation
from core.access import withheld
from core.forms import style_fields
from core.htmx import render_page
from core.models import Job
from core.permissions import jobs_visible_to
from core.uploads import kind_problem, refused_messages

from . import imports, permissions
from .choices import AffectedGroup, Theme
from .models import ImportMapping
from .services import imports as services

SESSION_KEY = "support_imports"
MAX_PENDING = 5  # uploads waiting for their mapping step, per session


def _owners(user):
    if permissions.sees_all(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=user.organisation_ids())


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Assessment export (.xlsx or .csv)"),
        help_text=gettext_lazy("A KoboToolbox or ActivityInfo export: one row per answer, headers in the first "
                               "row (labels or XML names)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))
    owner = forms.ModelChoiceField(label=gettext_lazy("Needs of"), queryset=Organisation.objects.none(),
                                   help_text=gettext_lazy("The organisation whose community was consulted."))
    hub = forms.ModelChoiceField(label=gettext_lazy("Supporting hub"), queryset=Organisation.objects.none(),
                                 required=False)
    remap = forms.BooleanField(label=gettext_lazy("Choose the columns again, even if this form's mapping is saved"),
                               required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _owners(user).order_by("name")
        if not permissions.sees_all(user) and len(user.organisation_ids()) == 1:
            self.fields["owner"].initial = next(iter(user.organisation_ids()))
        hubs = permissions.hub_ids(user)
        if len(hubs) == 1:  # a hub expert's own hub supports what they import
            self.fields["hub"].initial = next(iter(hubs))
        self.fields["hub"].queryset = Organisation.objects.filter(kind=OrganisationKind.HUB).order_by("name")
        style_fields(self)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        problem = kind_problem(upload, imports.EXTENSIONS)
        if problem:
            raise ValidationError(problem, code="kind")
        if upload.size > settings.WIQAYA_MAX_IMPORT_BYTES:
            raise ValidationError(_("The file is too large (the limit is %(limit)d MB).")
                                  % {"limit": settings.WIQAYA_MAX_IMPORT_BYTES // 2**20})
        return upload


def _require(user):
    if not permissions.can(user, "import_needs"):
        raise PermissionDenied(_("Only local focal points, hub experts and national coordinators import needs."))


@login_required
def upload(request):
    _require(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user,
                      initial={"remap": bool(request.GET.get("remap"))})
    refused = refused_messages(request) if request.method == "POST" else []
    if refused:
        form.add_error(None, refused)
    elif request.method == "POST" and form.is_valid():
        response = _accept_upload(request, form)
        if response is not None:
            return response
    mappings = ImportMapping.objects.filter(owner__in=_owners(request.user)).select_related("owner")
    if not permissions.sees_all(request.user):
        mappings = mappings.filter(owner__in=request.user.organisation_ids())
    recent = jobs_visible_to(request.user, Job.objects.filter(kind=services.JOB_KIND))[:10]
    return render(request, "support/import_upload.html", {
        "form": form, "recent_jobs": recent, "mappings": mappings.order_by("-updated_at")[:20],
        "limit_mb": settings.WIQAYA_MAX_IMPORT_BYTES // 2**20})


def _accept_upload(request, form):
    upload_file = form.cleaned_data["file"]
    owner, hub = form.cleaned_data["owner"], form.cleaned_data["hub"]
    data = upload_file.read()
    try:
        table = imports.read_table(upload_file.name, data)
    except imports.ImportFileError as exc:
        form.add_error("file", str(exc))
        return None
    try:
        path = services.keep_upload(actor=request.user, owner=owner, file_name=upload_file.name, data=data)
        saved = imports.mapping_for(request.user, owner, table.form_key)
        if saved is not None and not form.cleaned_data["remap"]:
            job = services.start_import(actor=request.user, owner=owner, file_name=upload_file.name, path=path,
                                        mapping=saved.columns, hub=hub)
            return redirect("support_import:job", pk=job.pk)
    except (ValidationError, PermissionDenied) as exc:
        form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        return None
    pending = request.session.get(SESSION_KEY, {})
    token = uuid.uuid4().hex
    pending = dict(list(pending.items())[-(MAX_PENDING - 1):])
    pending[token] = {"path": path, "name": upload_file.name[:200], "owner": owner.pk,
                      "hub": hub.pk if hub else None, "mapping": saved.columns if saved else None}
    request.session[SESSION_KEY] = pending
    return redirect("support_import:mapping", token=token)


def _field_name(prefix: str, value: str) -> str:
    return f"{prefix}_{hashlib.sha256(value.encode('utf-8')).hexdigest()[:12]}"


class MappingForm(forms.Form):
    """One select per role, then one per unknown theme value and per unknown group code."""

    def __init__(self, *args, table: imports.Table, theme_values=(), group_values=(), **kwargs):
        super().__init__(*args, **kwargs)
        columns = [("", _("— not in this file —"))] + [(c, c) for c in table.columns]
        labels = {"place": _("Place (governorate or district)"), "theme": _("Theme of the need"),
                  "groups": _("Groups affected (optional)"), "severity": _("Severity, 1 to 5 (optional)"),
                  "description": _("Comments (optional: counted, never copied)")}
        for role in imports.ROLES:
            self.fields[role] = forms.ChoiceField(label=labels[role], choices=columns,
                                                  required=role in imports.REQUIRED_ROLES)
        self.theme_fields = []
        for value in theme_values:
            name = _field_name("theme_value", value)
            self.fields[name] = forms.ChoiceField(label=value, choices=[("", "—"), *Theme.choices],
                                                  error_messages={"required": _("Choose the theme this value means.")})
            self.theme_fields.append((value, name))
        self.group_fields = []
        for value in group_values:
            name = _field_name("group_value", value)
            self.fields[name] = forms.ChoiceField(
                label=value, required=False,
                choices=[("", _("not a group: leave it out")), *AffectedGroup.choices])
            self.group_fields.append((value, name))
        style_fields(self)

    def mapping(self) -> dict:
        data = self.cleaned_data
        return {**{role: data.get(role, "") for role in imports.ROLES},
                "theme_values": {value: data[name] for value, name in self.theme_fields if data.get(name)},
                "group_values": {value: data.get(name, "") for value, name in self.group_fields}}


def _pending(request, token):
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if entry is None:
        raise Http404(_("This upload is no longer waiting for its mapping: upload the file again."))
    return entry


@login_required
def mapping(request, token):
    _require(request.user)
    entry = _pending(request, token)
    owner = _owners(request.user).filter(pk=entry["owner"]).first()
    data = imports.kept_upload(entry["path"])
    if owner is None or data is None:
        raise Http404(_("This upload is no longer waiting for its mapping: upload the file again."))
    table = imports.read_table(entry["name"], data)
    saved = entry.get("mapping") or {}
    initial = {role: saved.get(role, "") for role in imports.ROLES} if saved else imports.guess_mapping(table)
    source = request.POST if request.method == "POST" else initial
    theme_column, groups_column = source.get("theme", ""), source.get("groups", "")
    known_themes = saved.get("theme_values") or {}
    known_groups = saved.get("group_values") or {}
    theme_values = imports.unmatched_themes(table, theme_column) if theme_column in table.columns else []
    group_values = imports.unmatched_groups(table, groups_column) if groups_column in table.columns else []
    for value in theme_values:
        initial[_field_name("theme_value", value)] = known_themes.get(value, "")
    for value in group_values:
        initial[_field_name("group_value", value)] = known_groups.get(value, "")
    form = MappingForm(request.POST or None, initial=initial, table=table, theme_values=theme_values,
                       group_values=group_values)
    if request.method == "POST" and form.is_valid():
        chosen = form.mapping()
        for problem in imports.mapping_problems(table, chosen):
            form.add_error(None, f"{problem['column']}: {problem['message']}" if problem["column"]
                           else problem["message"])
        if form.is_valid():
            hub = Organisation.objects.filter(pk=entry["hub"]).first() if entry.get("hub") else None
            try:
                services.save_mapping(actor=request.user, owner=owner, form_key=table.form_key,
                                      form_name=table.form_name, columns=chosen)
                job = services.start_import(actor=request.user, owner=owner, file_name=entry["name"],
                                            path=entry["path"], mapping=chosen, hub=hub)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                pending = request.session.get(SESSION_KEY, {})
                pending.pop(token, None)
                request.session[SESSION_KEY] = pending
                return redirect("support_import:job", pk=job.pk)
    columns = [{"name": c, "samples": table.samples(c)} for c in table.columns]
    return render(request, "support/import_mapping.html", {
        "form": form, "table": table, "columns": columns, "owner": owner, "file_name": entry["name"],
        "role_fields": [form[r] for r in imports.ROLES],
        "theme_fields": [form[name] for _value, name in form.theme_fields],
        "group_fields": [form[name] for _value, name in form.group_fields],
        "answers": len(table.rows)})


@login_required
def job(request, pk):
    found = jobs_visible_to(request.user, Job.objects.filter(kind=services.JOB_KIND, pk=pk)).first()
    if found is None:
        raise withheld(request, Job, pk, _("No such import."))
    result = found.result or {}
    needs = [dict(need) for need in result.get("needs", [])]
    for need in needs:  # a link to each need, where the desk's pages are installed
        try:
            need["url"] = reverse("support:need", args=[need["id"]])
        except NoReverseMatch:
            need["url"] = ""
    return render_page(request, "support/import_job.html", "support/_import_job_status.html", {
        "job": found, "result": result, "errors": result.get("errors", []), "needs": needs,
        "left_out": result.get("left_out", [])})
