"""Sessions and login: timeouts, lockout, a new session key on login, API tokens, disabling an account."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.authtoken.models import Token

from accounts.choices import Role
from accounts.middleware import LOGIN_AT, SEEN_AT
from accounts.models import LoginFailure
from accounts.services import create_token, disable_user, revoke_token
from core.models import AuditEntry
from tests.factories import make_user

PASSWORD = "pw-for-tests-123"  # noqa: S105 (test accounts only)
LOGIN = "/en/accounts/login/"
PAGE = "/en/accounts/tokens/"


def login(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def shift_session(client, seconds):
    """Move the session's login and last-request times `seconds` into the past."""
    session = client.session
    session[LOGIN_AT] -= seconds
    session[SEEN_AT] -= seconds
    session.save()


# --- Login and the session key ------------------------------------------------------------------------------


def test_login_gives_the_session_a_new_key(client, db):
    user = make_user()
    session = client.session
    session["before"] = "login"
    session.save()
    before = session.session_key
    response = login(client, user.username)
    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert Session.objects.get(session_key=after).get_decoded()[SESSION_KEY] == str(user.pk)


def test_login_stamps_the_session(client, db):
    user = make_user()
    login(client, user.username)
    assert client.session[LOGIN_AT] == client.session[SEEN_AT]


# --- Timeouts ---------------------------------------------------------------------------------------------


def test_an_active_session_stays(client, db, settings):
    settings.WIQAYA_SESSION_IDLE_SECONDS = 60
    user = make_user()
    login(client, user.username)
    shift_session(client, 30)
    assert client.get(PAGE).status_code == 200
    assert client.session[SEEN_AT] > client.session[LOGIN_AT]


def test_idle_timeout_logs_out_and_sends_to_login_with_next(client, db, settings):
    settings.WIQAYA_SESSION_IDLE_SECONDS = 60
    user = make_user()
    login(client, user.username)
    shift_session(client, 61)
    response = client.get(PAGE + "?x=1")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/en/accounts/tokens/%3Fx%3D1"
    assert SESSION_KEY not in client.session
    page = client.get(response["Location"])
    assert "Your session expired; please log in again." in page.content.decode()
    assert client.get(PAGE).status_code == 302  # still logged out


def test_idle_timeout_counts_from_the_last_request(client, db, settings):
    settings.WIQAYA_SESSION_IDLE_SECONDS = 60
    settings.WIQAYA_SESSION_ABSOLUTE_SECONDS = 3600
    user = make_user()
    login(client, user.username)
    for _ in range(3):  # 3 × 45 s after login, but never 60 s without a request
        shift_session(client, 45)
        assert client.get(PAGE).status_code == 200


def test_absolute_timeout_ends_even_an_active_session(client, db, settings):
    settings.WIQAYA_SESSION_IDLE_SECONDS = 600
    settings.WIQAYA_SESSION_ABSOLUTE_SECONDS = 3600
    user = make_user()
    login(client, user.username)
    session = client.session
    session[LOGIN_AT] -= 3601  # logged in over an hour ago, last request just now
    session.save()
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert SESSION_KEY not in client.session


def test_expired_message_is_translated(client, db, settings):
    settings.WIQAYA_SESSION_IDLE_SECONDS = 60
    user = make_user()
    login(client, user.username)
    shift_session(client, 61)
    response = client.get("/ar/accounts/tokens/", follow=True)
    assert response.redirect_chain[0][0].startswith("/ar/accounts/login/")
    assert response.status_code == 200


def test_expired_htmx_request_redirects_the_page(client, db, settings):
    settings.WIQAYA_SESSION_IDLE_SECONDS = 60
    user = make_user()
    login(client, user.username)
    shift_session(client, 61)
    response = client.get(PAGE, headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/en/documents/"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{LOGIN}?next=/en/documents/"


def test_a_session_without_a_login_time_is_stamped(client, db):
    client.force_login(make_user())
    assert client.get(PAGE).status_code == 200
    assert LOGIN_AT in client.session


# --- Lockout -------------------------------------------------------------------------------------------------


def _age_failures(seconds):
    from django.utils import timezone

    for failure in LoginFailure.objects.all():
        LoginFailure.objects.filter(pk=failure.pk).update(at=failure.at - timezone.timedelta(seconds=seconds))


def test_repeated_failures_slow_logins_down_with_audit_entries(client, db, settings):
    settings.WIQAYA_LOCKOUT_ATTEMPTS = 3
    user = make_user()
    for _ in range(2):
        response = login(client, user.username, "wrong")
        assert "did not match" in response.content.decode()
    response = login(client, user.username, "wrong")
    assert "Too many failed attempts: wait 2 seconds" in response.content.decode()
    # Too soon: even the right password is refused, without being checked.
    response = login(client, user.username)
    assert response.status_code == 200 and "Too many failed attempts" in response.content.decode()
    assert SESSION_KEY not in client.session
    failed = AuditEntry.objects.filter(action="login.failed")
    assert failed.count() == 3
    assert {e.changes["username"] for e in failed} == {user.username}
    assert {e.remote_addr for e in failed} == {"127.0.0.1"}
    assert all(e.actor is None for e in failed)
    assert AuditEntry.objects.filter(action="login.locked").count() == 2  # the slow-down and the refused attempt


def test_the_delay_passes_and_doubles_with_each_failure(client, db, settings):
    settings.WIQAYA_LOCKOUT_ATTEMPTS = 2
    user = make_user()
    login(client, user.username, "wrong")
    assert "wait 2 seconds" in login(client, user.username, "wrong").content.decode()
    _age_failures(3)
    assert "wait 4 seconds" in login(client, user.username, "wrong").content.decode()
    _age_failures(5)
    assert login(client, user.username).status_code == 302


def test_nobody_can_keep_a_named_user_out(client, db, settings):
    """Failures from many addresses slow the account down by at most WIQAYA_LOGIN_ACCOUNT_DELAY_MAX; the
    attacker's own address waits ever longer, up to the whole window."""
    from django.test import RequestFactory

    from accounts.login import login_wait

    settings.WIQAYA_LOCKOUT_ATTEMPTS = 3
    settings.WIQAYA_LOGIN_ACCOUNT_DELAY_MAX = 30
    user = make_user()
    owner = RequestFactory().post(LOGIN, REMOTE_ADDR="198.51.100.7")
    attacker = RequestFactory().post(LOGIN, REMOTE_ADDR="203.0.113.1")
    for _ in range(9):  # the attacker waits out each delay, then fails again
        _age_failures(login_wait(username=user.username, request=attacker))
        login(client, user.username, "wrong", REMOTE_ADDR="203.0.113.1")
    assert LoginFailure.objects.count() == 9
    assert 0 < login_wait(username=user.username, request=owner) <= 30
    assert login_wait(username=user.username, request=attacker) == 2 ** 7  # 3 free, then 2, 4, … 128 s
    _age_failures(31)
    assert login(client, user.username, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_the_delay_follows_the_client_address_behind_trusted_proxies(client, db, settings):
    settings.WIQAYA_LOCKOUT_ATTEMPTS = 2
    settings.WIQAYA_TRUSTED_PROXIES = ["10.0.0.0/8"]
    user, other = make_user(), make_user()
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(2):
        login(client, user.username, "wrong", HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    assert {f.remote_addr for f in LoginFailure.objects.all()} == {"203.0.113.9"}
    # Another client behind the same proxy, for another account, is not slowed down by them.
    assert login(client, other.username, HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy).status_code == 302
    # A client cannot pick its address when the connection is not from a trusted proxy.
    client.logout()
    login(client, "someone-else", "wrong", HTTP_X_FORWARDED_FOR="192.0.2.1", REMOTE_ADDR="198.51.100.5")
    assert LoginFailure.objects.filter(remote_addr="198.51.100.5").exists()
    assert not LoginFailure.objects.filter(remote_addr="192.0.2.1").exists()


def test_a_successful_login_is_audited(client, db):
    user = make_user()
    assert login(client, user.username).status_code == 302
    entry = AuditEntry.objects.get(action="login.success")
    assert entry.actor == user and entry.remote_addr == "127.0.0.1"


def test_success_resets_the_count(client, db, settings):
    settings.WIQAYA_LOCKOUT_ATTEMPTS = 3
    user = make_user()
    login(client, user.username, "wrong")
    login(client, user.username, "wrong")
    assert login(client, user.username).status_code == 302
    assert not LoginFailure.objects.exists()
    client.logout()
    login(client, user.username, "wrong")
    login(client, user.username, "wrong")
    assert login(client, user.username).status_code == 302


def test_slow_down_message_does_not_reveal_whether_the_username_exists(client, db, settings):
    settings.WIQAYA_LOCKOUT_ATTEMPTS = 2
    user = make_user()
    pages = {}
    for name in (user.username, "nobody-by-this-name"):
        for _ in range(2):
            login(client, name, "wrong")
        pages[name] = login(client, name, "wrong")
    existing, missing = (pages[n].content.decode() for n in (user.username, "nobody-by-this-name"))
    assert "Too many failed attempts" in existing and "Too many failed attempts" in missing
    strip = [(user.username, "NAME"), ("nobody-by-this-name", "NAME")]
    for old, new in strip:
        existing, missing = existing.replace(old, new), missing.replace(old, new)
    assert pages[user.username].status_code == pages["nobody-by-this-name"].status_code
    assert _without_csrf(existing) == _without_csrf(missing)


def _without_csrf(html):
    import re

    return re.sub(r"[A-Za-z0-9]{32,}", "TOKEN", html)


def test_admin_login_goes_through_the_site_login(client, db):
    response = client.get("/en/admin/login/?next=/en/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/en/admin/"


# --- API tokens --------------------------------------------------------------------------------------------


def test_tokens_page_requires_login(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_create_token_shows_it_once_then_only_its_prefix(client, db):
    user = make_user()
    client.force_login(user)
    assert "You have no API token." in client.get(PAGE).content.decode()
    response = client.post(PAGE, {"action": "create"})
    key = Token.objects.get(user=user).key
    assert key in response.content.decode()
    again = client.get(PAGE).content.decode()
    assert key not in again and key[:6] in again
    entry = AuditEntry.objects.get(action="token.create")
    assert entry.actor == user and key not in str(entry.changes)


def test_revoked_token_is_refused_by_the_api(client, db):
    user = make_user()
    client.force_login(user)
    client.post(PAGE, {"action": "create"})
    key = Token.objects.get(user=user).key
    api = "/api/v1/organisations/"
    assert client.__class__().get(api, headers={"Authorization": f"Token {key}"}).status_code == 200
    response = client.post(PAGE, {"action": "revoke"})
    assert response.status_code == 302
    assert not Token.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(action="token.revoke", actor=user).exists()
    refused = client.__class__().get(api, headers={"Authorization": f"Token {key}"})
    # 403, not 401: REST_FRAMEWORK lists SessionAuthentication first, and DRF answers 401 only when the first
    # authentication class names a WWW-Authenticate scheme.
    assert refused.status_code in {401, 403} and refused.json()["detail"] == "Invalid token."


def test_new_token_replaces_the_old_one(db):
    user = make_user()
    first = create_token(actor=user).key
    second = create_token(actor=user).key
    assert first != second and list(Token.objects.filter(user=user).values_list("key", flat=True)) == [second]
    assert revoke_token(actor=user) is True
    assert revoke_token(actor=user) is False


# --- Disabling an account ----------------------------------------------------------------------------------


def test_disable_user_ends_sessions_and_revokes_token(client, db):
    admin_user = make_user(role=Role.ADMINISTRATOR)
    user = make_user()
    login(client, user.username)
    other_client = client.__class__()
    login(other_client, user.username)
    bystander = client.__class__()
    bystander.force_login(make_user())
    create_token(actor=user)
    assert client.get(PAGE).status_code == 200

    disable_user(actor=admin_user, user=user)

    user.refresh_from_db()
    assert not user.is_active
    assert not Token.objects.filter(user=user).exists()
    for c in (client, other_client):
        response = c.get(PAGE)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert bystander.get(PAGE).status_code == 200
    entry = AuditEntry.objects.get(action="user.disable")
    assert entry.actor == admin_user and entry.changes["sessions_ended"] == 2 and entry.changes["token_revoked"]
    assert login(client, user.username).status_code == 200  # can no longer log in


def test_disable_user_needs_an_administrator(db):
    with pytest.raises(PermissionDenied):
        disable_user(actor=make_user(role=Role.NATIONAL_COORDINATOR), user=make_user())


def test_admin_action_disables_users(client, db):
    staff = make_user(role=None, is_staff=True, is_superuser=True)
    user = make_user()
    other = client.__class__()
    login(other, user.username)
    client.force_login(staff)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "disable_users", "_selected_action": [user.pk]},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    assert other.get(PAGE).status_code == 302
    assert AuditEntry.objects.filter(action="user.disable", actor=staff).exists()


def test_admin_login_for_logged_in_users(client, db):
    client.force_login(make_user(role=None, is_staff=True, is_superuser=True))
    response = client.get("/en/admin/login/")
    assert response.status_code == 302 and response["Location"] == "/en/admin/"
    client.force_login(make_user())
    assert client.get("/en/admin/login/").status_code == 403


# --- Two-factor login (TOTP) ---------------------------------------------------------------------------------

RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of b"12345678901234567890", RFC 6238 appendix B


def test_totp_codes_match_the_rfc_vectors():
    from accounts.totp import totp_code, totp_matching_step, totp_step

    assert totp_code(RFC_SECRET, totp_step(59), digits=8) == "94287082"
    assert totp_code(RFC_SECRET, totp_step(1111111109), digits=8) == "07081804"
    assert totp_code(RFC_SECRET, totp_step(1234567890)) == "005924"
    assert totp_matching_step(RFC_SECRET, "005 924", now=1234567890) == totp_step(1234567890)
    assert totp_matching_step(RFC_SECRET, "005924", now=1234567890 + 31) is not None  # one step of drift
    assert totp_matching_step(RFC_SECRET, "005924", now=1234567890 + 95) is None
    assert totp_matching_step(RFC_SECRET, "abc") is None


def _current_code(user, ahead=0):
    import time

    from accounts.models import TOTPDevice
    from accounts.totp import totp_code, totp_step

    return totp_code(TOTPDevice.objects.get(user=user).secret, totp_step(time.time() + ahead))


def _coordinator_with_totp(client):
    user = make_user(role=Role.NATIONAL_COORDINATOR)
    client.force_login(user)
    page = client.get("/en/accounts/two-factor/").content.decode()
    assert "otpauth://totp/Wiqaya" in page
    response = client.post("/en/accounts/two-factor/", {"action": "confirm", "code": _current_code(user)})
    assert response.status_code == 302
    client.logout()
    return user


def test_totp_setup_is_for_coordinators_and_administrators(client, db):
    client.force_login(make_user(role=Role.PARTNER))
    assert client.get("/en/accounts/two-factor/").status_code == 403
    assert "Two-factor login" not in client.get(PAGE).content.decode()


def test_totp_setup_refuses_a_wrong_code(client, db):
    from accounts.models import TOTPDevice

    user = make_user(role=Role.ADMINISTRATOR)
    client.force_login(user)
    client.get("/en/accounts/two-factor/")
    response = client.post("/en/accounts/two-factor/", {"action": "confirm", "code": "000000"})
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.get(user=user).confirmed


def test_login_with_totp_asks_for_a_code(client, db):
    user = _coordinator_with_totp(client)
    assert AuditEntry.objects.filter(action="totp.enable", actor=user).exists()
    response = login(client, user.username)
    assert response.status_code == 302 and response["Location"] == "/en/accounts/two-factor/verify/"
    assert SESSION_KEY not in client.session  # not logged in yet
    assert client.get(PAGE).status_code == 302

    response = client.post("/en/accounts/two-factor/verify/", {"code": "000000"})
    assert "That code is not right" in response.content.decode()
    assert AuditEntry.objects.filter(action="login.failed").count() == 1

    code = _current_code(user, ahead=30)  # the current step's code was spent confirming; one step of drift is allowed
    response = client.post("/en/accounts/two-factor/verify/", {"code": code})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk) and LOGIN_AT in client.session
    assert client.get(PAGE).status_code == 200
    assert not LoginFailure.objects.exists()

    # The same code cannot be used again.
    client.logout()
    login(client, user.username)
    response = client.post("/en/accounts/two-factor/verify/", {"code": code})
    assert response.status_code == 200 and SESSION_KEY not in client.session


def test_totp_failures_count_towards_the_lockout(client, db, settings):
    settings.WIQAYA_LOCKOUT_ATTEMPTS = 2
    user = _coordinator_with_totp(client)
    login(client, user.username)
    client.post("/en/accounts/two-factor/verify/", {"code": "000000"})
    response = client.post("/en/accounts/two-factor/verify/", {"code": "000001"})
    assert "Too many failed attempts" in response.content.decode()
    assert AuditEntry.objects.filter(action="login.locked").exists()
    # The pending login is dropped: the next step goes back to the password form, which waits too.
    assert client.get("/en/accounts/two-factor/verify/").status_code == 302
    assert "Too many failed attempts" in login(client, user.username).content.decode()


def test_totp_can_be_turned_off_with_a_code(client, db):
    from accounts.models import TOTPDevice

    user = _coordinator_with_totp(client)
    client.force_login(user)
    response = client.post("/en/accounts/two-factor/", {"action": "disable", "code": "000000"})
    assert response.status_code == 200 and TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    # The next step's code (one step of drift is allowed): the current one was spent confirming.
    next_code = _current_code(user, ahead=30)
    response = client.post("/en/accounts/two-factor/", {"action": "disable", "code": next_code})
    assert response.status_code == 302 and not TOTPDevice.objects.filter(user=user).exists()
    client.logout()
    assert login(client, user.username).status_code == 302 and SESSION_KEY in client.session
