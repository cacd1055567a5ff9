"""Error answers: JSON under /api/ (the schema documents them), the bilingual pages everywhere else."""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path, gettext_lazy
from django.utils.translation import gettext as _
from django.views import defaults

# Each section's list page (the first path segment after the language) and the words of a link back to it.
SECTIONS = {
    "plans": ("plans:list", gettext_lazy("Back to the plans")),
    "directory": ("directory:list", gettext_lazy("Back to the directory")),
    "documents": ("documents:list", gettext_lazy("Back to the documents")),
    "frameworks": ("frameworks:list", gettext_lazy("Back to the frameworks")),
    "crosswalks": ("crosswalks:list", gettext_lazy("Back to the crosswalks")),
    "search": ("search:page", gettext_lazy("Back to the search")),
}
LIBRARY = ("practices:list", gettext_lazy("Back to the library"))


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def back_link(request) -> tuple[str, str]:
    """Where a refusal sends the reader back to: the page they came from when it is on this site (and not this very
    page), else the list of the section they were in."""
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        if referer != request.build_absolute_uri():
            return referer, _("Back to the previous page")
    parts = request.path.strip("/").split("/")
    if parts and get_language_from_path(request.path):
        parts = parts[1:]
    name, label = SECTIONS.get(parts[0] if parts else "", LIBRARY)
    try:
        return reverse(name), str(label)
    except NoReverseMatch:  # pragma: no cover - every section above has its list
        return reverse(LIBRARY[0]), str(LIBRARY[1])


def permission_denied(request, exception=None):
    """A 403 that says why (the refusal's own message) and links back to where the reader was."""
    if _is_api(request):
        return JsonResponse({"detail": str(exception) or _("You do not have permission to perform this action.")},
                            status=403)
    message = str(exception) if exception is not None else ""
    back_url, back_label = back_link(request)
    return render(request, "403.html", {"exception": message, "back_url": back_url, "back_label": back_label},
                  status=403)


def method_not_allowed(request, response):
    """The page behind an empty 405: which methods this address answers, and the way back."""
    allowed = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
    back_url, back_label = back_link(request)
    page = render(request, "405.html", {"method": request.method, "allowed": allowed, "back_url": back_url,
                                        "back_label": back_label}, status=405)
    if "Allow" in response:
        page["Allow"] = response["Allow"]
    return page


def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": _("Server error: it was recorded. Please try again.")}, status=500)
    return defaults.server_error(request)
