"""Settings shared by every environment. Everything that differs comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("DJANGO_SECRET_KEY")
# Encrypts citizen IDs at rest (povertyprog/core/crypto.py). Back it up with the database.
POVERTYPROG_DATA_KEY = env("POVERTYPROG_DATA_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
# The site's address for links in e-mails, e.g. https://poverty.chiangmai.cdd.go.th
SITE_URL = env("DJANGO_SITE_URL", "http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "povertyprog.core.apps.PovertyAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "django_tasks_db",
    "povertyprog.core",
    "povertyprog.thai",
    "povertyprog.areas",
    "povertyprog.accounts",
    "povertyprog.audit",
    "povertyprog.demo",
    "povertyprog.dashboard",
    "agencies",
    "households",
    "events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "povertyprog.core.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "povertyprog.accounts.middleware.IdleSessionMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "povertyprog.urls"
WSGI_APPLICATION = "povertyprog.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "povertyprog.core.context_processors.navigation",
            ],
        },
    },
]

# One connection per request: the development server runs a thread per request, and a
# persistent connection per thread exhausts PostgreSQL's clients. Production, whose worker
# processes are few and long-lived, keeps connections (DJANGO_CONN_MAX_AGE, production.py).
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=0
    )
}
# SQLite serves a web server and a task worker on one file (`make run`). The worker polls
# inside BEGIN EXCLUSIVE; a request that read, then hashed a password, then wrote, met it
# and failed at once with "database is locked". WAL lets readers and one writer work
# together, IMMEDIATE takes the write lock at BEGIN (no upgrade deadlock), and the timeout
# makes a writer wait its turn instead of failing.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
# The application's PostgreSQL sessions: no JIT, and room to sort in memory. Measured by
# bench_pages on a province of 200,000 households: JIT spent 0.5–1.5 s compiling the counts
# and sorts behind list pages whose own work takes tens of milliseconds, and with the
# server's default work_mem (4 MB) those sorts spill to disk (the registry's first page:
# 81 ms at p50 with 4 MB, 52 ms with 64 MB). A few web and worker processes use it, one
# sort at a time each; the server's own defaults are left alone.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c jit=off -c work_mem=64MB"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Reference data a new deployment loads: `manage.py loaddata bmn_indicators_2560_2564`.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
WHITENOISE_USE_FINDERS = False
# Files served at the site root: /favicon.ico, which browsers ask for where no page names an
# icon (a PDF opened in a tab), and would otherwise log a 404 in the console.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The จปฐ. import (PDPA: an uploaded file holds citizen IDs in clear text). A file is deleted
# when its import is committed or abandoned; `manage.py purge_imports` (run it daily) deletes
# the files of imports older than this many days that were never finished.
IMPORT_FILE_RETENTION_DAYS = int(env("POVERTYPROG_IMPORT_FILE_RETENTION_DAYS", "7"))
# A running import with no sign of progress for this long had its worker die: the next look
# at its page marks it failed, so that nobody waits for it and a new import can start.
IMPORT_STALE_MINUTES = int(env("POVERTYPROG_IMPORT_STALE_MINUTES", "15"))
# The programme's care step: a verified case never visited is overdue for its first follow-up
# visit this many days after the district officer verified it (households.visit_selectors).
FIRST_VISIT_DUE_DAYS = int(env("POVERTYPROG_FIRST_VISIT_DUE_DAYS", "30"))

MAILERS = {
    "default": {
        "BACKEND": env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": env("DJANGO_EMAIL_HOST", "localhost"),
            "port": int(env("DJANGO_EMAIL_PORT", "25")),
            "username": env("DJANGO_EMAIL_HOST_USER"),
            "password": env("DJANGO_EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("DJANGO_EMAIL_USE_TLS"),
        },
    }
}
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "povertyprog@localhost")

# No inline scripts or styles anywhere: every asset is vendored under static/.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    # The desk's QR scanner (vendor/qr-scanner) decodes in a worker it starts from a blob.
    "worker-src": ["'self'", "blob:"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}

SESSION_COOKIE_HTTPONLY = True
# Idle sessions end (povertyprog/accounts/middleware.py): office computers are shared, so a
# role that sees personal data is logged out after a short quiet spell, the others later.
SESSION_IDLE_MINUTES_PERSONAL_DATA = int(env("DJANGO_SESSION_IDLE_MINUTES_PERSONAL_DATA", "30"))
SESSION_IDLE_MINUTES = int(env("DJANGO_SESSION_IDLE_MINUTES", str(8 * 60)))
CSRF_COOKIE_HTTPONLY = True
# A Thai page in the product's layout that says to reload and try again.
CSRF_FAILURE_VIEW = "povertyprog.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"

# The login door (django-axes): wrong passwords for one username from one address lock that
# pair for a cool-off; another address or another user is not affected. A province admin
# unlocks in the admin (audited: accounts.services.login_lockout_reset).
# After povertyprog.accounts, whose axes_reset* commands win; axes under a Thai name.
INSTALLED_APPS += ["povertyprog.accounts.apps.LoginSecurityConfig"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = int(env("DJANGO_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("DJANGO_LOGIN_COOLOFF_MINUTES", "30")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "povertyprog.accounts.lockout.lockout_response"
AXES_ENABLE_ADMIN = False  # the admin pages are scoped ones, in povertyprog/accounts/admin.py
# Behind reverse proxies the peer is the proxy: count them to read X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(env("DJANGO_TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "povertyprog.accounts.lockout.client_address"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    # PDF rendering reports every font it loads at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes reports every successful login at INFO; lockouts stay visible.
        "axes": {"level": "WARNING"},
    },
}

# The public RSVP page (events, /fairs/r/<code>/): (requests, seconds) per client IP for any
# request, and per invitation code for answers; past them it answers 429 and says so.
POVERTYPROG_RSVP_RATE_IP = (20, 10 * 60)
POVERTYPROG_RSVP_RATE_CODE = (10, 60 * 60)
