"""Settings for IJmond Participatie, read from the environment.

One module for every environment: development and production differ only by environment values
(``DJANGO_ENV``, ``SECRET_KEY``, ``DATABASE_URL``, ``CELERY_BROKER_URL``, e-mail, ``ALLOWED_HOSTS``).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from infrastructure.env import env_bool, env_float, env_int, env_list, env_str

# Lets the classes django-stubs types as generic (ModelAdmin[Model], …) take a type argument at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

DJANGO_ENV = env_str("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = DJANGO_ENV == "production"

# The development key is only ever used outside production; production refuses to start without a
# real one, so a forgotten variable can never ship a publicly known key.
_DEV_SECRET_KEY = "dev-only-insecure-key-ijmond-participatie-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET_KEY)
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured("DJANGO_ENV=production needs a real SECRET_KEY (at least 50 random characters).")

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
# With DEBUG a 404 still shows the portal's own page (infrastructure.errors); 1 shows Django's list of URLs.
DEBUG_404_PAGE = env_bool("DEBUG_404_PAGE", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The house from the bottom up (import-linter's layers contract in pyproject.toml).
    "infrastructure",
    "members",
    "councils",
    "signals",
    "agenda",
    "tables",
    "advice",
    "ijmond_participatie",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "rules.apps.AutodiscoverRulesConfig",
    "django_ratelimit",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any view reads request.POST (CsrfViewMiddleware does in process_view).
    "infrastructure.middleware.FormEncodingMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "members.middleware.PrivatePagesNoStoreMiddleware",
    "members.middleware.StaffSessionMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Innermost: replaces Django's technical 404 page in development (does nothing without DEBUG).
    "infrastructure.errors.NotFoundPageMiddleware",
]
# The benchmark (bench/run.py) reads each response's time and SQL query count from a Server-Timing
# header. Never in production: it tells anyone how hard a page works the database.
if env_bool("BENCH_INSTRUMENT", default=False) and not PRODUCTION:
    MIDDLEWARE.insert(0, "infrastructure.middleware.ServerTimingMiddleware")

ROOT_URLCONF = "ijmond_participatie.urls"
WSGI_APPLICATION = "ijmond_participatie.wsgi.application"

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
                "councils.context_processors.navigation",
            ],
        },
    }
]

# Database: an embedded SQLite file unless DATABASE_URL points elsewhere (PostgreSQL via psycopg 3).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A busy SQLite file waits instead of failing at once when the worker and the web write together.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when configured; otherwise a file cache, which (unlike local memory) is shared by all
# processes, so allauth's rate limits hold across gunicorn workers.
REDIS_URL = env_str("REDIS_URL", "")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
# Redis is cache and broker at once. A request waits at most this long for it (the cache and publishing
# a task); after a failure, requests skip Redis for REDIS_BREAKER_SECONDS (infrastructure.breaker).
REDIS_SOCKET_TIMEOUT = env_float("REDIS_SOCKET_TIMEOUT", 0.5)
REDIS_BREAKER_SECONDS = env_int("REDIS_BREAKER_SECONDS", 30)
_cache_redis = REDIS_URL or (CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "")
if _cache_redis:
    CACHES = {
        "default": {
            # Django's RedisCache with short timeouts that answers "empty" while Redis is unreachable.
            "BACKEND": "infrastructure.cache.ResilientRedisCache",
            "LOCATION": _cache_redis,
            "KEY_PREFIX": "ijmond",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
        }
    }

# Sessions live in the database, so logging out deletes them on the server.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Staff roles are logged out after this many idle seconds (members.middleware).
STAFF_SESSION_IDLE_SECONDS = env_int("STAFF_SESSION_IDLE_SECONDS", 30 * 60)

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "work_dashboard"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: e-mail login, mandatory verification, TOTP with recovery codes.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[IJmond Participatie] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, written out so that they are visible and reviewed here.
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "IJmond Participatie"
# Staff roles must set up TOTP before they can work (members.middleware); off in development so that
# the demo accounts work without an authenticator app.
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", default=PRODUCTION)

# Internationalisation: Dutch first, English second.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# Static files: served by WhiteNoise from the project itself (no CDN).
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Files served only through a view that checks who asks (the frozen advice PDFs, the colleges' letters):
# outside MEDIA_ROOT, never under a public URL.
PRIVATE_MEDIA_ROOT = env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private"))
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},  # type: ignore[dict-item]
}

# Crispy forms render through the project's NL Design System template pack (templates/nlds/).
CRISPY_ALLOWED_TEMPLATE_PACKS = ("nlds",)
CRISPY_TEMPLATE_PACK = "nlds"
CRISPY_FAIL_SILENTLY = not DEBUG

# E-mail: every message is written to the outbox table (infrastructure.mail.OutboxBackend) and
# delivered later by a task through OUTBOX_DELIVERY_BACKEND: the console in development, SMTP when
# EMAIL_HOST is set.
EMAIL_BACKEND = "infrastructure.mail.OutboxBackend"
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
OUTBOX_DELIVERY_BACKEND = env_str(
    "OUTBOX_DELIVERY_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
# Links in mails point here (the portal's public address).
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "IJmond Participatie <noreply@ijmondparticipatie.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# An unsent message is tried this many times before the outbox gives up and flags it for a person.
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8)
# Sent mail keeps no body, subject or address at rest (links in it can reset a password). 0 erases the
# content when the mail is sent; more keeps it that many minutes for debugging (erase_outbox_content).
OUTBOX_KEEP_SENT_BODY_MINUTES = env_int("OUTBOX_KEEP_SENT_BODY_MINUTES", 0)
# A mail that gave up (OUTBOX_MAX_ATTEMPTS) keeps its content this long, for a person to look into it.
OUTBOX_KEEP_FAILED_BODY_DAYS = env_int("OUTBOX_KEEP_FAILED_BODY_DAYS", 30)

# Celery: without a broker, tasks run eagerly in-process (development and the newcomer path).
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_BEAT_SCHEDULE = {
    "flush-outbox": {
        "task": "infrastructure.tasks.flush_outbox",
        "schedule": timedelta(minutes=1),
    },
    "erase-expired-signal-contacts": {
        "task": "signals.tasks.erase_expired_contacts",
        "schedule": timedelta(hours=24),
    },
    "erase-outbox-content": {
        "task": "infrastructure.tasks.erase_outbox_content",
        "schedule": timedelta(minutes=10),
    },
    # Celery's time zone is Europe/Amsterdam (celery.py): 07:00 local time, summer and winter.
    "send-signal-digests": {
        "task": "signals.tasks.send_signal_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # Just after midnight (Europe/Amsterdam): /wat-we-horen/ then reads yesterday from the rollup and
    # counts only today live (signals.services.signal_counts_refresh).
    "refresh-signal-counts": {
        "task": "signals.tasks.refresh_signal_counts",
        "schedule": crontab(hour=0, minute=10),
    },
    # A week before the council's answer to an early-involvement request is wanted (agenda.services).
    "send-request-reminders": {
        "task": "agenda.tasks.send_request_reminders",
        "schedule": crontab(hour=7, minute=15),
    },
    # Meeting reminders 7 and 1 days before (MEETING_REMINDER_DAYS): hourly, each once per invitation.
    "send-meeting-reminders": {
        "task": "tables.tasks.send_meeting_reminders",
        "schedule": crontab(minute=5),
    },
    # Advice: the response term's reminders (7 days before the due date and on it, each once).
    "send-advice-reminders": {
        "task": "advice.tasks.send_advice_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    # Adopted advice whose PDF the adoption's task did not render (broker down): rendered now.
    "render-missing-advice-pdfs": {
        "task": "advice.tasks.render_missing_pdfs",
        "schedule": timedelta(minutes=10),
    },
    # Advice published today (its date, or the end of its confidentiality) appears on cached public pages.
    "refresh-public-advice": {
        "task": "advice.tasks.refresh_public_pages",
        "schedule": crontab(hour=0, minute=5),
    },
    # The regional dashboard's rollups, rebuilt every hour (the page says when); the aanjager may ask sooner.
    "refresh-regional-rollups": {
        "task": "ijmond_participatie.tasks.refresh_rollups",
        "schedule": crontab(minute=20),
    },
    # Three months before the aanjager's term ends, everyone involved hears the evaluation is due (once).
    "send-evaluation-reminders": {
        "task": "ijmond_participatie.tasks.send_evaluation_reminders",
        "schedule": crontab(hour=7, minute=45),
    },
    # A bulk invitation to the expert network not answered in EXPERT_INVITATION_DAYS: its address goes.
    "erase-expired-expert-invitations": {
        "task": "members.tasks.erase_expired_expert_invitations",
        "schedule": crontab(hour=3, minute=30),
    },
}

# Security headers. CSP: only our own origin; the TOTP QR code is an inline data: image.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"skip_404_403": {"()": "infrastructure.errors.SkipNotFoundAndForbidden"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # A 404 or 403 is logged once, by the access log, and a 403 without a traceback.
        "django.request": {"filters": ["skip_404_403"]},
        # WeasyPrint logs each rendering step at INFO; only its warnings belong in the log.
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# Domain defaults (the municipality's own values override these per row).
ADVICE_RESPONSE_WEEKS_DEFAULT = 6
WOO_PUBLICATION_WEEKS_DEFAULT = 2
# Reminders to the municipal contact before an advice's response is due, and on the due date.
ADVICE_REMINDER_DAYS = (7, 0)
# The college's letter as an upload: PDF only, at most this size.
ADVICE_LETTER_MAX_BYTES = 5 * 1024 * 1024
# Signals (DESIGN.md rules 4 and 5).
SIGNAL_CONTACT_RETENTION_DAYS = env_int("SIGNAL_CONTACT_RETENTION_DAYS", 365)
SIGNAL_YOUTH_CONFIRM_DAYS = 14
SIGNAL_FEEDBACK_WINDOW_DAYS = 14
# Early-involvement requests: the council's board is reminded this many days before the wanted date.
REQUEST_REMINDER_DAYS_BEFORE = 7
# The expert network: a bulk invitation's consent link is valid this long, then the address is erased.
EXPERT_INVITATION_DAYS = 30
# Meetings: reminders this many days before, to everyone invited who did not decline (DESIGN.md rule 7).
MEETING_REMINDER_DAYS = (7, 1)
# Per-person limits (django-ratelimit) on the public signal pages. Only stored signals count, and a
# library or community centre sends many residents' signals from one address.
SIGNAL_SUBMIT_RATE = env_str("SIGNAL_SUBMIT_RATE", "60/h")
SIGNAL_FOLLOW_RATE = env_str("SIGNAL_FOLLOW_RATE", "30/10m")
# The client address for every rate limit comes from one function, infrastructure.client_ip: with
# TRUSTED_PROXY_COUNT = N > 0 proxies that each append to X-Forwarded-For, the N-th address from the
# right; otherwise (and for a missing or broken header) REMOTE_ADDR. django-ratelimit reads it through
# RATELIMIT_IP_META_KEY, allauth through the account adapter. IPv6 is counted per /64 by both.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
RATELIMIT_IP_META_KEY = "infrastructure.client_ip.client_ip"
RATELIMIT_IPV6_MASK = 64
ACCOUNT_ADAPTER = "infrastructure.adapters.AccountAdapter"
# A cache failure must not lock residents out (infrastructure.cache also answers fail-open).
RATELIMIT_FAIL_OPEN = True
# django-ratelimit lists only third-party Redis backends; Django's own RedisCache increments
# atomically too (Redis INCR). The file cache of development is not atomic, which is acceptable for a
# single-process demo; production configures Redis (docker-compose does).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"] + ([] if PRODUCTION else ["django_ratelimit.E003"])
# A covering index (Index(include=…), the meeting list's) keeps its extra columns on PostgreSQL; SQLite,
# the newcomer's database, builds it without them, which is all the warning says.
SILENCED_SYSTEM_CHECKS += ["models.W040"]
COUNCIL_MIN_MEMBERS = 7
COUNCIL_MAX_MEMBERS = 12
