"""Login, logout and the language switch (remembered in a cookie and, when logged in, on the user)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language, get_language_from_path
from django.views.decorators.http import require_POST

from .services import set_user_language


@require_POST
def set_language(request):
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    if not check_for_language(language):
        return HttpResponseRedirect(next_url)
    # translate_url resolves the address in the active language; the page's own prefix (/ar/, /en/) is what
    # the address was written in, whatever the cookie or the browser says.
    with translation.override(get_language_from_path(urlsplit(next_url).path) or translation.get_language()):
        target = translate_url(next_url, language)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
    )
    set_user_language(user=request.user, language=language)
    return response


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        chosen = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen and check_for_language(chosen):
            # The language picked on this device before logging in wins, and is remembered for the next one.
            set_user_language(user=user, language=chosen)
        elif user.language:
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, max_age=settings.LANGUAGE_COOKIE_AGE)
        return response


class LogoutView(auth_views.LogoutView):
    pass
