"""Settings shared by every installation; everything that differs comes from environment variables.

DATABASE_URL   default: SQLite file var/wiqaya.sqlite3; a postgres:// URL switches to PostgreSQL
SECRET_KEY     default: a development key (production settings refuse to start without one)
ALLOWED_HOSTS  comma-separated, default: localhost,127.0.0.1
WIQAYA_PRODUCTION=1 selects config.settings.production
"""

import os
import sysconfig
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("WIQAYA_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me-in-production")  # noqa: S105
DEBUG = os.environ.get("DEBUG", "0").lower() in {"1", "true", "yes"}
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks_db",
    "admin_list_charts",  # only for its static files: Chart.js 4 (MIT), docs/decisions/0010-charts.md
    "core",
    "accounts",
    "notifications",
    "places",
    "glossary",
    "frameworks",
    "documents",
    "practices",
    "plans",
    "directory",
    "support",
    "events",
    "dashboards",
    "search",
    "demo",
    "ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.RequestAddressMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "core.middleware.DeniedAccessAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.ArabicDigitsMiddleware",
    "config.middleware.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "start"  # each role starts where its work is (core/start.py)
LOGOUT_REDIRECT_URL = "practices:list"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.unread",
                "config.context_processors.menu",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'wiqaya.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; the timeout covers short write bursts.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Content Security Policy: scripts and everything else from this site only, no inline scripts (htmx and
# Bootstrap are files; the API docs use drf-spectacular's split view). Inline style attributes stay allowed:
# progress bars and the goal tree's indentation set a width or a depth per row.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The empty choice of every filter select, in the reader's language (django-filter shows "---------" otherwise);
# model form selects use Django's "- Select an option -", translated in locale/.
FILTERS_EMPTY_CHOICE_LABEL = _("Any")
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Baghdad"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Bootstrap comes from the PyPI package bootstrap-wrapper (a top-level `bootstrap/` folder), never from a CDN.
STATICFILES_DIRS = [BASE_DIR / "static", ("bootstrap", Path(sysconfig.get_paths()["purelib"]) / "bootstrap")]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("WIQAYA_MEDIA_ROOT", VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# Uploads are refused by size while they stream in (core.uploads), before Django stores them.
FILE_UPLOAD_HANDLERS = [
    "core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Upper bound for one imported document; larger files are refused with a message, not read.
WIQAYA_MAX_IMPORT_BYTES = int(os.environ.get("WIQAYA_MAX_IMPORT_BYTES", 50 * 1024 * 1024))
# The largest request body that carries files: a few documents of the largest size at once.
WIQAYA_MAX_REQUEST_BYTES = int(os.environ.get("WIQAYA_MAX_REQUEST_BYTES", 2 * WIQAYA_MAX_IMPORT_BYTES + 2**20))
# The framework whose "GOAL n" lines compendium documents cite.
WIQAYA_COMPENDIUM_FRAMEWORK = os.environ.get("WIQAYA_COMPENDIUM_FRAMEWORK", "euromed-cso-2017")
# The national strategy: listed first among the frameworks a local action plan is aligned with.
WIQAYA_NATIONAL_FRAMEWORK = os.environ.get("WIQAYA_NATIONAL_FRAMEWORK", "iraq-ns-2019")
# The framework a practice's goal-suggestion panel opens on (any other can be chosen there).
WIQAYA_SUGGEST_FRAMEWORK = os.environ.get("WIQAYA_SUGGEST_FRAMEWORK", "un-pve-2015")
# The installation's country (a place code): plans cover its governorates and their districts.
WIQAYA_COUNTRY = os.environ.get("WIQAYA_COUNTRY", "IQ")
# Keyword search brings in the glossary's other-language forms of a query's terms (search/glossary.py).
WIQAYA_SEARCH_GLOSSARY = os.environ.get("WIQAYA_SEARCH_GLOSSARY", "1").lower() in {"1", "true", "yes"}
# Sessions and login: a logged-in session ends after this long without a request (idle) and this long after
# logging in (absolute). Failed logins slow further attempts down (accounts.login): after
# WIQAYA_LOCKOUT_ATTEMPTS failures within WIQAYA_LOCKOUT_SECONDS, each further attempt waits twice as long as
# the one before — up to WIQAYA_LOCKOUT_SECONDS for the address that keeps failing, but never more than
# WIQAYA_LOGIN_ACCOUNT_DELAY_MAX for an account, so nobody can shut a named user out.
WIQAYA_SESSION_IDLE_SECONDS = int(os.environ.get("WIQAYA_SESSION_IDLE_SECONDS", 30 * 60))
WIQAYA_SESSION_ABSOLUTE_SECONDS = int(os.environ.get("WIQAYA_SESSION_ABSOLUTE_SECONDS", 12 * 3600))
WIQAYA_LOCKOUT_ATTEMPTS = int(os.environ.get("WIQAYA_LOCKOUT_ATTEMPTS", 5))
WIQAYA_LOCKOUT_SECONDS = int(os.environ.get("WIQAYA_LOCKOUT_SECONDS", 15 * 60))
WIQAYA_LOGIN_ACCOUNT_DELAY_MAX = int(os.environ.get("WIQAYA_LOGIN_ACCOUNT_DELAY_MAX", 30))
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated): core.net.
# Arabic pages in Arabic-Indic digits (٠–٩) instead of 0–9: one digit system per page, chosen by the installation
# (docs/decisions/0007-dates-and-digits.md). Typed digits of either system are read everywhere regardless.
WIQAYA_ARABIC_DIGITS = os.environ.get("WIQAYA_ARABIC_DIGITS", "0").lower() in {"1", "true", "yes"}
WIQAYA_TRUSTED_PROXIES = [p for p in os.environ.get("WIQAYA_TRUSTED_PROXIES", "").split(",") if p.strip()]
# Demo accounts and data may be loaded only where this is true (never under production settings).
WIQAYA_ALLOW_DEMO = True

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# E-mail (notifications), through Django's mailers: by default each message is printed by the worker and the web
# server (the console backend; production settings default to SMTP on localhost). For a mail server set
# EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS.
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def mailers_from_environment(default_backend: str) -> dict:
    backend = os.environ.get("EMAIL_BACKEND", default_backend)
    options = {}
    if backend == SMTP_BACKEND:
        options = {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": os.environ.get("EMAIL_USE_TLS", "0").lower() in {"1", "true", "yes"},
            "timeout": 20,
        }
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


MAILERS = mailers_from_environment("django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Wiqaya <no-reply@localhost>")
# The address links in e-mails start with (the site as its users reach it).
WIQAYA_SITE_URL = os.environ.get("WIQAYA_SITE_URL", "http://127.0.0.1:8000")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # 404s of detail routes are traced when they withhold an existing record (core.access).
    "EXCEPTION_HANDLER": "core.access.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Wiqaya API",
    "DESCRIPTION": "Good practices, organisations, places, frameworks, source documents and local action plans. "
    "Session or token authentication (header `Authorization: Token <key>`).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.schema.drop_backend_integer_limits",
        "config.schema.document_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "PracticeStatusEnum": "practices.choices.PracticeStatus",
        "DocumentStatusEnum": "documents.choices.DocumentStatus",
        "FrameworkStatusEnum": "frameworks.choices.FrameworkStatus",
        "PlanStatusEnum": "plans.choices.PlanStatus",
        "ActionStatusEnum": "plans.choices.ActionStatus",
        "LangEnum": "practices.choices.Language",
        "PracticeLangEnum": "practices.choices.PracticeLanguage",
        "ThemeEnum": "glossary.choices.Theme",
        "SourceEnum": "practices.choices.LinkSource",
        "SupportThemeEnum": "support.choices.Theme",
        "NeedSourceEnum": "support.choices.NeedSource",
        "NeedStatusEnum": "support.choices.NeedStatus",
        "SupportStageEnum": "support.choices.Stage",
        "SupportRequestTypeEnum": "support.choices.RequestType",
        "ReferralStatusEnum": "support.choices.ReferralStatus",
        "OrganisationKindEnum": "accounts.choices.OrganisationKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Do no harm: published aggregates hide groups smaller than this (core/privacy.py), and records are kept only
# as many days as core/retention.py says (each overridable as WIQAYA_RETENTION_<NAME>_DAYS).
WIQAYA_MIN_CELL_SIZE = int(os.environ.get("WIQAYA_MIN_CELL_SIZE", "5"))
# The licence of the open-data package (dashboards/opendata.py): an SPDX identifier, CC BY 4.0 by default.
WIQAYA_OPEN_DATA_LICENSE = os.environ.get("WIQAYA_OPEN_DATA_LICENSE", "CC-BY-4.0")
WIQAYA_RETENTION_DAYS: dict[str, int] = {}
# The support desk's free text (descriptions, stakeholders, sponsoring roles, notes of moves) is cleared this
# many days after a request was closed, declined, redirected, merged or withdrawn (support/retention.py).
WIQAYA_SUPPORT_TEXT_DAYS = int(os.environ.get("WIQAYA_SUPPORT_TEXT_DAYS", str(3 * 365)))
