"""Rhythm's one settings module, driven by environment variables (see docs/configuration.md)."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from rhythm.lib.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("RHYTHM_DATA_DIR", str(Path.cwd() / "data"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("RHYTHM_DEBUG", False)


def _secret_key() -> str:
    """Use RHYTHM_SECRET_KEY, or a key generated once and kept in the data folder."""
    configured = env_str("RHYTHM_SECRET_KEY")
    if configured:
        if len(configured) < 32:
            raise ImproperlyConfigured("RHYTHM_SECRET_KEY: must be at least 32 characters")
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("RHYTHM_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("RHYTHM_CSRF_TRUSTED_ORIGINS", [])
# A form from a page drawn before the person logged in again: say so, and what to do.
CSRF_FAILURE_VIEW = "rhythm.web.views.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_htmx",
    "rhythm.team",
    "rhythm.accounts",
    "rhythm.contacts",
    "rhythm.timeline",
    "rhythm.plans",
    "rhythm.adoption",
    "rhythm.health",
    "rhythm.meetings",
    "rhythm.renewals",
    "rhythm.surveys",
    "rhythm.playbook",
    "rhythm.imports",
    "rhythm.demo",
    "rhythm.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "rhythm.web.middleware.HtmxLoginMiddleware",
    "rhythm.web.middleware.PlaybookFileErrorMiddleware",
    "rhythm.web.middleware.ApiNotFoundMiddleware",
]

ROOT_URLCONF = "rhythm.urls"
WSGI_APPLICATION = "rhythm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _databases() -> dict:
    """Read DATABASE_URL (sqlite:///path or postgres://...); default: SQLite in DATA_DIR."""
    url = env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'rhythm.sqlite3'}"
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("RHYTHM_DB_CONN_MAX_AGE", 60))
    except Exception as error:  # dj_database_url raises several types for a bad URL
        raise ImproperlyConfigured(f"DATABASE_URL: {error}") from None
    engine = config["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the
        # start of a transaction so two writers queue on the busy timeout instead of failing.
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("RHYTHM_SQLITE_BUSY_TIMEOUT", 20, minimum=1),
        }
        if config.get("NAME") and config["NAME"] != ":memory:":
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    elif engine not in ("django.db.backends.postgresql",):
        raise ImproperlyConfigured(
            f"DATABASE_URL: unsupported database {engine!r}; use sqlite:/// or postgres://"
        )
    return {"default": config}


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("RHYTHM_TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SESSION_COOKIE_SECURE = env_bool("RHYTHM_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# The team's playbook settings (TOML); unset, the handbook's defaults apply.
RHYTHM_PLAYBOOK_FILE = env_str("RHYTHM_PLAYBOOK_FILE")
# Processes that may evaluate one large queue (every account at once); 0: one per CPU.
RHYTHM_QUEUE_PROCESSES = env_int("RHYTHM_QUEUE_PROCESSES", 0, minimum=0)

# The API's lists come a page at a time, `?limit=&offset=`, both bounded (rhythm/lib/pagination).
NINJA_PAGINATION_CLASS = "rhythm.lib.pagination.Pages"

EMAIL_HOST = env_str("RHYTHM_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("RHYTHM_EMAIL_PORT", 25, minimum=1)
DEFAULT_FROM_EMAIL = env_str("RHYTHM_EMAIL_FROM", "rhythm@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("RHYTHM_LOG_LEVEL", "WARNING")},
}
