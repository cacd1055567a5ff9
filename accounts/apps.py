from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.audit_labels import register_labels
from core.permissions import register_administrator_check

# What the actions this app records are called on history pages (core.audit_labels).
AUDIT_LABELS = {
    "login.failed": pgettext_lazy("audit action", "failed login"),
    "login.locked": pgettext_lazy("audit action", "login slowed down after repeated failures"),
    "login.success": pgettext_lazy("audit action", "logged in"),
    "login.unlock": pgettext_lazy("audit action", "counted login failures cleared"),
    "user.create": pgettext_lazy("audit action", "account created"),
    "user.update": pgettext_lazy("audit action", "account edited"),
    "user.password": pgettext_lazy("audit action", "password set by an administrator"),
    "user.language": pgettext_lazy("audit action", "language changed"),
    "membership.create": pgettext_lazy("audit action", "role granted"),
    "membership.update": pgettext_lazy("audit action", "role changed"),
    "membership.delete": pgettext_lazy("audit action", "role removed"),
    "organisation.create": pgettext_lazy("audit action", "created"),
    "organisation.update": pgettext_lazy("audit action", "edited"),
    "totp.remove": pgettext_lazy("audit action", "two-factor device removed by an administrator"),
    "token.create": pgettext_lazy("audit action", "API token created"),
    "token.revoke": pgettext_lazy("audit action", "API token revoked"),
    "user.disable": pgettext_lazy("audit action", "account disabled"),
    "totp.enable": pgettext_lazy("audit action", "two-factor login turned on"),
    "totp.disable": pgettext_lazy("audit action", "two-factor login turned off"),
    "totp.confirm_failed": pgettext_lazy("audit action", "wrong two-factor code"),
    "totp.disable_failed": pgettext_lazy("audit action", "wrong two-factor code"),
    "organisation.accept": pgettext_lazy("audit action", "proposed organisation accepted"),
    "organisation.merge": pgettext_lazy("audit action", "proposed organisation merged"),
}


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self):
        from core import retention

        from .permissions import is_administrator

        register_labels(AUDIT_LABELS)
        register_administrator_check(is_administrator)  # administrators see every background job
        # Failed logins are kept 30 days (WIQAYA_RETENTION_LOGIN_FAILURES_DAYS).
        retention.register(retention.Rule("login_failures", "accounts.LoginFailure", "at", 30))
