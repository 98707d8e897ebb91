"""Django settings for Zielwerk, driven by the environment.

Variables (all documented in docs/configuration.md):
ZIELWERK_DEBUG, ZIELWERK_SECRET_KEY, ZIELWERK_ALLOWED_HOSTS, DATABASE_URL,
ZIELWERK_DATA_DIR, ZIELWERK_CSRF_TRUSTED_ORIGINS.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = PACKAGE_DIR.parent.parent


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("ZIELWERK_DEBUG", False)
DATA_DIR = Path(os.environ.get("ZIELWERK_DATA_DIR", PROJECT_DIR / "var"))

_INSECURE_DEV_KEY = "django-insecure-zielwerk-development-only"
SECRET_KEY = os.environ.get("ZIELWERK_SECRET_KEY", "")
# Set by the `zielwerk` command for commands that compute from files only (assess, index,
# import --dry-run): they sign nothing, so an ephemeral key is enough.
_FILE_ONLY = os.environ.get("ZIELWERK_FILE_ONLY_COMMAND") == "1"
if not SECRET_KEY and _FILE_ONLY:
    SECRET_KEY = secrets.token_urlsafe(50)
elif not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ZIELWERK_SECRET_KEY must be set when ZIELWERK_DEBUG is off "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = _INSECURE_DEV_KEY
elif not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY == _INSECURE_DEV_KEY):
    raise ImproperlyConfigured(
        "ZIELWERK_SECRET_KEY must be a random string of at least 50 characters."
    )

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "ZIELWERK_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else ""
    ).split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("ZIELWERK_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "zielwerk.catalogue",
    "zielwerk.regions",
    "zielwerk.monitoring",
    "zielwerk.portal",
    "zielwerk.api",
    "zielwerk.accounts",
    "zielwerk.workspace",
    "zielwerk.reports",
    "zielwerk.hub",
    "django_tasks",
    "django_tasks_db",
    "zielwerk.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zielwerk.web.middleware.RejectNulMiddleware",
    "zielwerk.web.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zielwerk.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "zielwerk.web.urls"
WSGI_APPLICATION = "zielwerk.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # Units are shown in the active language everywhere: {{ code|unit }}.
            "builtins": ["zielwerk.catalogue.templatetags.zw_units"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    DATA_DIR.mkdir(parents=True, exist_ok=True)  # home of the default SQLite file
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{DATA_DIR / 'zielwerk.sqlite3'}",
        conn_max_age=int(os.environ.get("ZIELWERK_CONN_MAX_AGE", "60")),
    )
}
# SQLite with a task worker beside the web server (`make run`) and the command line: every
# transaction takes the write lock when it begins (IMMEDIATE) and waits up to 30 s for it,
# and readers never wait for writers (WAL). With SQLite's default (deferred transactions, a
# rollback journal) an import that had read and then wanted to write failed at once with
# "database is locked" whenever the worker polled for tasks in between.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# PostgreSQL cancels any statement running longer than this (seconds; 0 = no limit), so an
# abandoned request cannot keep a worker and the database busy. gunicorn.conf.py sets 20 s for
# the web processes; management commands (imports) run without a limit unless it is set.
_STATEMENT_TIMEOUT = float(os.environ.get("ZIELWERK_DB_STATEMENT_TIMEOUT", "0") or 0)
if _STATEMENT_TIMEOUT > 0 and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = (
        f"{_options.get('options', '')} -c statement_timeout={int(_STATEMENT_TIMEOUT * 1000)}"
    ).strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace:dashboard"
EMAIL_BACKEND = os.environ.get(
    "ZIELWERK_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("ZIELWERK_DEFAULT_FROM_EMAIL", "zielwerk@localhost")
# For the file-based backend (django.core.mail.backends.filebased.EmailBackend): one file per
# message in this folder (the browser tests read invitation links from it).
EMAIL_FILE_PATH = os.environ.get("ZIELWERK_EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
# "shared": the cache every worker process and app server sees, for the login lockout and the
# API rate limit (a per-process cache would multiply each limit by the number of workers):
# Redis when configured, else a table in the database (created by `migrate`) with atomic
# counters. "default" holds the page cache: its keys carry the data version, so a copy per
# process is always correct, and large pages are read from memory, not from the database.
_REDIS_URL = os.environ.get("ZIELWERK_REDIS_URL", "")
_REDIS = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _REDIS_URL}
CACHES = {
    "default": (
        {**_REDIS, "KEY_PREFIX": "zw"}
        if _REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Django's default of 300 entries is less than the pages of one indicator with data
            # for every Gemeinde (327 API pages of 1,000): paging through them evicted each
            # page before its next use, so every request recomputed (docs/benchmarks.md).
            "OPTIONS": {"MAX_ENTRIES": 5_000},
        }
    ),
    "shared": (
        {**_REDIS, "KEY_PREFIX": "zw-shared"}
        if _REDIS_URL
        else {
            "BACKEND": "zielwerk.web.cache.DatabaseCache",
            "LOCATION": "zielwerk_shared_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    ),
}
ZIELWERK_RATE_LIMIT_CACHE = "shared"
ZIELWERK_API_RATE_LIMIT_CACHE = "shared"

# Background tasks (django-tasks; docs/tasks.md): "database" (default) keeps the queue in the
# database and `zielwerk db_worker` runs it; "celery" sends tasks to Celery workers through the
# broker (ZIELWERK_CELERY_BROKER_URL, else ZIELWERK_REDIS_URL); "immediate" runs each task in
# the process that starts it (tests, debugging only: it blocks the request).
ZIELWERK_TASKS_BACKEND = os.environ.get("ZIELWERK_TASKS_BACKEND", "database").strip().lower()
_CELERY_BROKER_URL = os.environ.get("ZIELWERK_CELERY_BROKER_URL", "") or _REDIS_URL
_TASK_BACKENDS: dict[str, dict[str, object]] = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "celery": {
        "BACKEND": "zielwerk.jobs.celery_backend.CeleryBackend",
        "OPTIONS": {
            "BROKER_URL": _CELERY_BROKER_URL,
            "CELERY_QUEUE": os.environ.get("ZIELWERK_CELERY_QUEUE", "zielwerk"),
        },
    },
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
if ZIELWERK_TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"ZIELWERK_TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, "
        f"not {ZIELWERK_TASKS_BACKEND!r}."
    )
if ZIELWERK_TASKS_BACKEND == "celery" and not _CELERY_BROKER_URL:
    raise ImproperlyConfigured(
        "ZIELWERK_TASKS_BACKEND=celery needs ZIELWERK_CELERY_BROKER_URL (or ZIELWERK_REDIS_URL)."
    )
TASKS = {"default": _TASK_BACKENDS[ZIELWERK_TASKS_BACKEND]}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "web" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if _env_bool("ZIELWERK_STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Security defaults; production gets the strict set (`manage.py check --deploy` clean).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = _env_bool("ZIELWERK_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = _env_bool("ZIELWERK_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = int(os.environ.get("ZIELWERK_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Open data API: requests per client IP and window (seconds); 429 with Retry-After beyond.
ZIELWERK_API_RATE_LIMIT = (
    int(os.environ.get("ZIELWERK_API_RATE_REQUESTS", "600")),
    int(os.environ.get("ZIELWERK_API_RATE_SECONDS", "60")),
)
# DCAT-AP.de catalogue: who publishes the open data (shown to GovData and portals).
ZIELWERK_DCAT = {
    key: os.environ[f"ZIELWERK_DCAT_{key.upper()}"]
    for key in (
        "title",
        "publisher",
        "publisher_url",
        "contact_name",
        "contact_email",
        "licence",
        "attribution",
        "contributor_id",
    )
    if os.environ.get(f"ZIELWERK_DCAT_{key.upper()}")
}
# Largest accepted upload in the workspace (bytes).
ZIELWERK_UPLOAD_MAX_BYTES = int(os.environ.get("ZIELWERK_UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = ZIELWERK_UPLOAD_MAX_BYTES + 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ZIELWERK_LOG_LEVEL", "INFO")},
}
