"""Every denied request leaves an audit entry: who (when logged in), what, when and from where; and every
entry written while a request is served records the client's address."""

from django.contrib.auth.models import AnonymousUser

from . import audit
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
