"""Every denied request leaves an audit entry: who (when logged in), what, when and from where."""

from . import audit

DENIED = {401, 403}


class DeniedAccessAuditMiddleware:
    """Records 401 and 403 answers (pages, API, CSRF failures) in the audit log.

    A 404 is not recorded: the platform answers 404 for another organisation's record precisely so that its
    existence is not revealed, and the same answer comes for a mistyped address.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in DENIED:
            audit.record(
                actor=getattr(request, "user", None),
                action="access.denied",
                changes={"method": request.method, "path": request.path[:500], "status": response.status_code},
                request=request,
            )
        return response
