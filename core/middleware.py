"""Every denied request leaves an audit entry: who (when logged in), what, when and from where; and every
entry written while a request is served records the client's address; and Arabic pages in Arabic-Indic digits
where the installation chose them."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from . import audit
from .digits import html_with_arabic_digits
from .net import client_address


class RequestAddressMiddleware:
    """Binds the client's address for the audit entries written while this request is served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.bind_address(client_address(request))
        try:
            return self.get_response(request)
        finally:
            audit.unbind(token)

DENIED = {401, 403}


class DeniedAccessAuditMiddleware:
    """Records 401 and 403 answers (pages, API, CSRF failures) in the audit log.

    A 404 for a mistyped address is not recorded; a 404 that withholds an existing record is, by the view or
    the API that withheld it (`core.access`), without the reader learning the difference.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in DENIED:
            audit.record(
                actor=getattr(request, "user", None) or AnonymousUser(),
                action="access.denied",
                changes={"method": request.method, "path": request.path[:500], "status": response.status_code},
                request=request,
            )
        return response


class ArabicDigitsMiddleware:
    """Arabic pages in Arabic-Indic digits where the installation chose them (`WIQAYA_ARABIC_DIGITS`): every digit
    of the page's text, so that a page never mixes two digit systems (`docs/decisions/0007-dates-and-digits.md`).
    English pages, API answers, files and downloads keep 0–9."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.WIQAYA_ARABIC_DIGITS
            and getattr(request, "LANGUAGE_CODE", "") == "ar"
            and response.get("Content-Type", "").startswith("text/html")
            and not response.streaming
            and not response.has_header("Content-Disposition")
        ):
            charset = response.charset or "utf-8"
            html = html_with_arabic_digits(response.content.decode(charset))
            # Scripts that write numbers (counters, charts) read it from here.
            html = html.replace("<html ", '<html data-digits="arab" ', 1)
            response.content = html.encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
