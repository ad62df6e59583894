"""The one settings file. Every value comes from an environment variable with a safe default."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(env("BINHDANG_HOME", str(PACKAGE_DIR.parent.parent)))
VAR_DIR = Path(env("BINHDANG_VAR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY", "binhdang-insecure-development-key-change-me-in-production")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "treebeard",
    "binhdang.core",
    "binhdang.orgs",
    "binhdang.accounts",
    "binhdang.registry",
    "binhdang.plans",
    "binhdang.indicators",
    "binhdang.activities",
    "binhdang.training",
    "binhdang.agenda",
    "binhdang.reports",
    "binhdang.api",
]

MIDDLEWARE = [
    "binhdang.core.requestid.RequestIdMiddleware",
    "binhdang.core.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "binhdang.core.outage.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "binhdang.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "binhdang.core.middleware.ActorMiddleware",
]

ROOT_URLCONF = "binhdang.urls"
WSGI_APPLICATION = "binhdang.wsgi.application"

# Form widgets render through the project's templates, so templates/django/forms/ can say Django's empty
# choice ("---------") in Vietnamese.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
FILTERS_EMPTY_CHOICE_LABEL = pgettext_lazy("filter", "All")  # django-filter's empty choice: "Tất cả", not "---------"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "binhdang.accounts.context_processors.scope",
                "binhdang.agenda.context_processors.reminders",
            ],
        },
    },
]

# SQLite is the embedded default; DATABASE_URL=postgres://... selects PostgreSQL.
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'binhdang.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several readers and one writer at a time without "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
if env("TEST_DATABASE_NAME"):
    # Lets several test runs share one PostgreSQL server without dropping each other's database.
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["binhdang.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_AUTOREFRESH = DEBUG

REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # Files, not process memory: the web server and the task worker share import progress.
    CACHES = {
        "default": {
            "BACKEND": env("CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"),
            "LOCATION": env("CACHE_LOCATION", str(VAR_DIR / "cache")),
        }
    }

# Largest workbook the import accepts (bytes); 100,000 rows of the template are about 6 MB.
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", 25 * 1024 * 1024)

# Attachments (evidence, activity files) and plan documents (a scanned 40-page plan is about 15 MB).
ATTACHMENT_MAX_BYTES = envint("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
PLAN_DOCUMENT_MAX_BYTES = envint("PLAN_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)

# Reminders of deadlines, in the app and by e-mail; the demo prints e-mails on the console.
REMINDER_DAYS_AHEAD = envint("REMINDER_DAYS_AHEAD", 7)
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Bình Đẳng <khong-tra-loi@binhdang.local>")
# Where links in e-mails and calendar feeds point.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

# Background jobs: the database backend by default, so `make run` needs no broker.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
        # Checks API_BASIC_AUTH on each request (off by default): a password alone skips two-factor.
        "binhdang.accounts.api_auth.OptionalBasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["binhdang.api.filters.ScopedFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "binhdang.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "binhdang.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "binhdang.api.exceptions.exception_handler",
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
    "DATE_INPUT_FORMATS": ["iso-8601", "%d/%m/%Y"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Bình Đẳng API",
    "DESCRIPTION": "REST API of the Bình Đẳng platform: org units and the staff registry, scoped to the caller.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "binhdang.orgs.models.UnitKind",
        "LanguageLevelEnum": "binhdang.registry.choices.LanguageLevel",
        "TrainingKindEnum": "binhdang.registry.choices.TrainingKind",
    },
}

# --- Operations: logs, metrics, health, cache (the production topology is in deploy/) -----------

# JSON lines (LOG_FORMAT=json, what `make prod` sets) or plain text; each line has the request id.
LOG_FORMAT = env("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "binhdang.core.requestid.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger", "process": "pid"},
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    # One line per request (method, path, status, duration), when ACCESS_LOG is on.
    "loggers": {"binhdang.access": {"level": "INFO" if envbool("ACCESS_LOG", False) else "WARNING"}},
}

# /metrics answers loopback clients, or anyone sending `Authorization: Bearer <METRICS_TOKEN>`.
METRICS_TOKEN = env("METRICS_TOKEN", "")
# /health/ reports the queue down when a job has waited longer than this (s): no worker takes jobs.
HEALTH_QUEUE_MAX_WAIT = envint("HEALTH_QUEUE_MAX_WAIT", 600)
HEALTH_DISK_MIN_FREE_MB = envint("HEALTH_DISK_MIN_FREE_MB", 200)

if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # A kept connection is checked before reuse: after a database restart, no request fails on a dead one.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if REDIS_URL:
    CACHES["default"]["KEY_PREFIX"] = env("CACHE_KEY_PREFIX", "binhdang")
# -- Security: sign-in, two-factor, sessions, headers (docs/operations.md, "Security") -------------
INSTALLED_APPS += [
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework.authtoken",
    "csp",
]
# Axes watches every authenticate() call (the login form and the API's Basic auth) and refuses a
# locked-out username + address pair before the password is even checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# After the messages middleware: a timed-out session says why on the login page.
_after_messages = MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1
MIDDLEWARE[_after_messages:_after_messages] = ["binhdang.accounts.middleware.SessionTimeoutMiddleware"]
MIDDLEWARE += [
    "csp.middleware.CSPMiddleware",
    "binhdang.core.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Every failure is kept (who, from where, when, locked out or not), not only the running count.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "binhdang.accounts.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "binhdang.accounts.lockout.client_username"
# Behind a reverse proxy set AXES_IPWARE_PROXY_COUNT so the client's address is read, not the proxy's.
AXES_IPWARE_PROXY_COUNT = envint("AXES_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Roles that must sign in with a one-time code (the others may turn it on on their security page).
TWO_FACTOR_REQUIRED_ROLES = envlist("TWO_FACTOR_REQUIRED_ROLES", "system_admin,agency_admin,hr_officer")
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Bình Đẳng")
# Sending the user's password on every API request skips the second factor: tokens instead.
API_BASIC_AUTH = envbool("API_BASIC_AUTH", False)

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "binhdang.accounts.passwords.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email")},
    },
    {
        "NAME": "binhdang.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": envint("PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "binhdang.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "binhdang.accounts.passwords.NumericPasswordValidator"},
]

# A session ends after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after sign-in.
SESSION_IDLE_SECONDS = envint("SESSION_IDLE_MINUTES", 30) * 60
SESSION_COOKIE_AGE = envint("SESSION_MAX_HOURS", 10) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = envbool("SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
if SECURE_COOKIES:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
if envbool("TRUST_X_FORWARDED_PROTO", False):
    # Only behind a TLS-terminating proxy that sets this header itself (a client could forge it).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content Security Policy: scripts and styles from our own static files only (vendored, no CDN, no
# inline <script>, no on*= handlers, no style=""), so injected markup cannot run or restyle anything.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
