"""Login, logout and the language switch (remembered in a cookie and, when logged in, on the user)."""

import time
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language, get_language_from_path, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from .login import (
    login_wait,
    record_login_failure,
    record_login_refused,
    record_login_success,
    verify_totp_login,
)
from .middleware import stamp_login
from .models import User
from .permissions import can_use_totp
from .queries import confirmed_totp_device, token_for
from .services import (
    confirm_totp,
    create_token,
    disable_totp,
    revoke_token,
    set_user_language,
    start_totp_enrolment,
)
from .totp import totp_uri


def set_language_cookie(response, language: str):
    """The one way the language cookie is written: a year, SameSite=Lax, Secure under production settings."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response


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
    response = set_language_cookie(HttpResponseRedirect(target), language)
    set_user_language(actor=request.user, language=language)
    return response


def slow_down_message(wait: int) -> str:
    return ngettext(
        "Too many failed attempts: wait %(seconds)d second before trying again.",
        "Too many failed attempts: wait %(seconds)d seconds before trying again.", wait) % {"seconds": wait}


class LoginForm(AuthenticationForm):
    """The login form, slowing down attempts after repeated failures (accounts.login.login_wait).

    An attempt that comes too soon is refused before the password is checked, with a message that reads the
    same whether or not the account exists; failures are counted for unknown usernames too.
    """

    locked = False

    def clean(self):
        username = self.cleaned_data.get("username")
        wait = login_wait(username=username, request=self.request) if username is not None else 0
        if wait:
            self.locked = True
            record_login_refused(username=username, request=self.request, wait=wait)
            raise forms.ValidationError(slow_down_message(wait), code="locked")
        try:
            return super().clean()
        except forms.ValidationError:
            if username is not None and self.cleaned_data.get("password"):
                wait = record_login_failure(username=username, request=self.request)
                self.locked = bool(wait)
            if self.locked:
                raise forms.ValidationError(slow_down_message(wait), code="locked") from None
            raise


TOTP_PENDING = "wiqaya_totp_pending"
TOTP_PENDING_SECONDS = 300


def _finish_login(request, user, response, username):
    """What every completed login does after auth_login: timeout stamps, failure reset, the language."""
    stamp_login(request)
    record_login_success(user=user, username=username, request=request)
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen and check_for_language(chosen):
        # The language picked on this device before logging in wins, and is remembered for the next one.
        set_user_language(actor=user, language=chosen)
    elif user.language:
        set_language_cookie(response, user.language)
    return response


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        username = form.cleaned_data.get("username")
        if confirmed_totp_device(user) is not None:
            # The password was right; the session is not logged in until a code from the app is given too.
            self.request.session.cycle_key()
            self.request.session[TOTP_PENDING] = {
                "user": user.pk,
                "backend": user.backend,
                "username": username,
                "next": self.get_success_url(),
                "at": time.time(),
            }
            return redirect("accounts:totp_verify")
        # auth_login (in super) gives the session a new key, so a key fixed before login is worthless after it.
        response = super().form_valid(form)
        return _finish_login(self.request, user, response, username)


class TOTPVerifyForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code from your authenticator app"), max_length=12)


@never_cache
@require_http_methods(["GET", "POST"])
def totp_verify(request):
    """The second step of a login for an account with two-factor login: a code from the app."""
    pending = request.session.get(TOTP_PENDING)
    if not pending or time.time() - pending["at"] > TOTP_PENDING_SECONDS:
        request.session.pop(TOTP_PENDING, None)
        return redirect("accounts:login")
    form = TOTPVerifyForm(request.POST or None)
    locked = False
    if request.method == "POST" and form.is_valid():
        username = pending["username"]
        wait = login_wait(username=username, request=request)
        if wait:
            locked = True
            record_login_refused(username=username, request=request, wait=wait)
        else:
            user = User.objects.filter(pk=pending["user"], is_active=True).first()
            if user is not None and verify_totp_login(user=user, code=form.cleaned_data["code"]):
                del request.session[TOTP_PENDING]
                user.backend = pending["backend"]
                auth_login(request, user)
                next_url = pending["next"]
                if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                    next_url = resolve_url(settings.LOGIN_REDIRECT_URL)
                return _finish_login(request, user, HttpResponseRedirect(next_url), username)
            wait = record_login_failure(username=username, request=request)
            locked = bool(wait)
            if not locked:
                form.add_error("code", _("That code is not right. Please try again."))
        if locked:
            request.session.pop(TOTP_PENDING, None)
            form.add_error(None, slow_down_message(wait))
    return render(request, "accounts/totp_verify.html", {"form": form, "locked": locked})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def totp_setup(request):
    """Turn two-factor login on (coordinators and administrators) or off."""
    if not can_use_totp(request.user):
        raise PermissionDenied
    form = TOTPVerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if request.POST.get("action") == "disable":
            if disable_totp(actor=request.user, code=code):
                messages.success(request, _("Two-factor login is off."))
                return redirect("accounts:totp_setup")
        elif confirm_totp(actor=request.user, code=code):
            messages.success(request, _("Two-factor login is on. You will be asked for a code at each login."))
            return redirect("accounts:totp_setup")
        form.add_error("code", _("That code is not right. Please try again."))
    device = start_totp_enrolment(actor=request.user)
    context = {"form": form, "device": device}
    if not device.confirmed:
        context["uri"] = totp_uri(device)
    return render(request, "accounts/totp_setup.html", context)


class LogoutView(auth_views.LogoutView):
    pass


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    """The user's API token: whether there is one, create (the key shown once) and revoke."""
    new_key = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            new_key = create_token(actor=request.user).key
            messages.success(request, _("A new API token was created. Copy it now: it will not be shown again."))
        elif action == "revoke":
            if revoke_token(actor=request.user):
                messages.success(request, _("Your API token was revoked."))
            return redirect("accounts:tokens")
        else:
            return redirect("accounts:tokens")
    token = token_for(request.user)
    context = {"token": token, "new_key": new_key, "can_use_totp": can_use_totp(request.user)}
    return render(request, "accounts/tokens.html", context)
