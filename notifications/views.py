"""The notifications page: unread first, each opening its target (and so marked read); "mark all read"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Value, When
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import withheld
from core.htmx import paginate

from . import permissions
from .models import Notification
from .queries import localised_url
from .services import mark_all_read, mark_read

PAGE_SIZE = 25


@login_required
def notification_list(request):
    # Unread first, then the newest first within each.
    unread_first = Case(When(read_at__isnull=True, then=Value(0)), default=Value(1))
    queryset = permissions.visible_to(request.user, Notification.objects.all()).alias(
        unread_first=unread_first).order_by("unread_first", "-created_at", "-id")
    listing = paginate(request, queryset, PAGE_SIZE)
    rows = [(n, localised_url(n.target_url, get_language())) for n in listing["page"].object_list]
    return render(request, "notifications/list.html", {"rows": rows, **listing})


@login_required
@require_POST
def open_notification(request, pk):
    notification = permissions.visible_to(request.user, Notification.objects.filter(pk=pk)).first()
    if notification is None:
        raise withheld(request, Notification, pk, _("No such notification, or it is not yours."))
    mark_read(actor=request.user, notification=notification)
    target = localised_url(notification.target_url, get_language())
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect("notifications:list")
    return redirect(target)


@login_required
@require_POST
def read_all(request):
    count = mark_all_read(actor=request.user)
    if count:
        messages.success(request, ngettext("%(count)d notification marked read.",
                                           "%(count)d notifications marked read.", count) % {"count": count})
    return redirect("notifications:list")
