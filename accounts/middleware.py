"""Session timeouts: a logged-in session ends after a while without requests (idle) and a while after login.

The login time and the time of the last request are kept in the session (seconds since the epoch). A
session without a login time (one started by `force_login`, or before this middleware existed) is stamped
on its first request. The last-request time is written at most every `TOUCH_SECONDS`, so that a page which
makes many requests does not save the session on each one.
"""

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.storage import default_storage
from django.http import HttpResponse
from django.utils.translation import gettext as _

LOGIN_AT = "wiqaya_login_at"
SEEN_AT = "wiqaya_seen_at"
TOUCH_SECONDS = 10


def stamp_login(request, now: float | None = None) -> None:
    """Record in the session that its user logged in now (called by the login view)."""
    now = time.time() if now is None else now
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


def session_expired(session, now: float) -> bool:
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if login_at is None:
        return False
    idle = getattr(settings, "WIQAYA_SESSION_IDLE_SECONDS", 30 * 60)
    absolute = getattr(settings, "WIQAYA_SESSION_ABSOLUTE_SECONDS", 12 * 3600)
    return now - login_at > absolute or now - (seen_at or login_at) > idle


class SessionTimeoutMiddleware:
    """Logs out a session past its idle or absolute timeout and sends the browser to the login page."""

    def __init__(self, get_response, clock=time.time):
        self.get_response = get_response
        self.clock = clock

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = self.clock()
            session = request.session
            if session.get(LOGIN_AT) is None:
                stamp_login(request, now)
            elif session_expired(session, now):
                return self.expired(request)
            elif now - session.get(SEEN_AT, 0) >= TOUCH_SECONDS:
                session[SEEN_AT] = now
        return self.get_response(request)

    def expired(self, request):
        logout(request)
        if request.path.startswith("/api/"):
            # API clients get no redirect: the request goes on as an anonymous one (401/403 where it matters).
            return self.get_response(request)
        # The message middleware runs after this one, so the message is stored (in a cookie) by hand.
        storage = default_storage(request)
        storage.add(messages.WARNING, _("Your session expired; please log in again."))
        if request.headers.get("HX-Request"):
            # A fragment request: send the whole page to the login form, coming back to the page it was on.
            current = urlsplit(request.headers.get("HX-Current-URL", ""))
            page = current.path + (f"?{current.query}" if current.query else "") or "/"
            response = HttpResponse(status=204)
            response["HX-Redirect"] = redirect_to_login(page)["Location"]
        else:
            next_url = request.get_full_path() if request.method == "GET" else request.path
            response = redirect_to_login(next_url)
        storage.update(response)
        return response
