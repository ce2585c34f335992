"""ccec settings: every deployment-specific value comes from the environment.

With no environment at all, a fresh checkout runs the demo: DEBUG on, SQLite beside the code,
Celery tasks run eagerly in the web process, e-mail printed to the console. README.md lists the
variables and the values a production deployment sets.
"""

import datetime
from email.utils import parseaddr
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ccec.env import (
    default_storage_from_env,
    env_bool,
    env_int,
    env_list,
    env_str,
    parse_broker_url,
    parse_database_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only-0f3c9a1e7b5d4c2a8e6f"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
for origin in CSRF_TRUSTED_ORIGINS:
    if not origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"CSRF_TRUSTED_ORIGINS entry {origin!r} must start with http:// or https://.")

# Links in e-mails point here; no trailing slash.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r} must start with http:// or https://.")

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    # django-axes, named in both languages (accounts/apps.py, accounts/vendor_labels.py).
    "accounts.apps.LockoutConfig",
    # ccec's apps, each one job; dependencies point up this list (README, "Map of the code").
    "accounts",
    "health",
    "companies",
    "meetings",
    "recommendations",
    "reminders",
    "reports",
    "imports",
    "translations",
    "suggestions",
    "letters",
    "people",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Officers, heads and the secretariat are signed out after SESSION_IDLE_MINUTES idle.
    "accounts.sessions.idle_timeout",
    # Every page needs a login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Signed-in pages and downloads are never kept by a browser or a proxy cache.
    "ccec.middleware.private_cache",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ccec.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.roles.role_context",
            ],
        },
    },
]

WSGI_APPLICATION = "ccec.wsgi.application"

# Database: PostgreSQL in production (DATABASE_URL), a SQLite file beside the code otherwise.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    # DATABASE_POOL=true: each process keeps a psycopg 3 pool (Django's "pool" option) instead of
    # one persistent connection (CONN_MAX_AGE); for threaded servers and workers. Pooling and
    # persistent connections exclude each other.
    DATABASE_POOL = env_bool("DATABASE_POOL", False)
    DATABASES = {
        "default": parse_database_url(
            DATABASE_URL, conn_max_age=0 if DATABASE_POOL else env_int("CONN_MAX_AGE", 60, minimum=0)
        )
    }
    if DATABASE_POOL and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env_int("DATABASE_POOL_MIN", 2, minimum=0),
            "max_size": env_int("DATABASE_POOL_MAX", 10, minimum=1),
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 10, minimum=1),
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Full-text search in the recommendation list.
    INSTALLED_APPS.append("django.contrib.postgres")
# The figures' covering indexes (INCLUDE columns) serve PostgreSQL; SQLite, the embedded
# default, builds them on their key column alone, as intended.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses logins for a username and address that guessed too often.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
if env_bool("BEHIND_TLS_PROXY", False):
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
# Invitation and password-reset links expire after this many seconds (3 days).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_LINK_HOURS", 72, minimum=1) * 3600
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: the UI and the content are English and Simplified Chinese.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Bilingual content: an empty Chinese value shows the English one and the other way round.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "zh-hans")}

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded papers and evidence are private: MEDIA_ROOT is never served as a public URL; views
# that check permissions stream the files.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# With S3_BUCKET set, those files live in S3-compatible storage (AWS, MinIO, Ceph ...) through
# django-storages, so that web nodes and workers on several hosts share them; the local disk
# otherwise. Either way the code reaches files only through the storage API, and downloads are
# streamed by the views after their permission checks (no public or presigned links).
STORAGES = {
    "default": default_storage_from_env(),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MAX_UPLOAD_SIZE = env_int("MAX_UPLOAD_SIZE_MB", 10, minimum=1) * 1024 * 1024
# A DOCX or XLSX upload may unpack to at most this much, and no part of it may be compressed
# more than MAX_ZIP_RATIO times (ZIP bombs are refused before anything is inflated).
MAX_UNZIPPED_SIZE = env_int("MAX_UNZIPPED_SIZE_MB", 200, minimum=1) * 1024 * 1024
MAX_ZIP_RATIO = env_int("MAX_ZIP_RATIO", 200, minimum=10)

# E-mail: an SMTP server when EMAIL_HOST is set, the console otherwise.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL are exclusive: set one.")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CMIEAC Secretariat <ccec@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis in production (CELERY_BROKER_URL). Without a broker, tasks run eagerly in the
# calling process so that the embedded default needs no other server.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
if CELERY_BROKER_URL:
    parse_broker_url(CELERY_BROKER_URL)
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CELERY_BROKER_URL = "memory://localhost/"
    CELERY_TASK_ALWAYS_EAGER = True
BROKER_CONFIGURED = not CELERY_TASK_ALWAYS_EAGER
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = (
    env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "") or None
)
# The cache (drawn report charts): Redis shared by every web process when CACHE_URL is set
# (e.g. redis://redis:6379/1), else each process's memory.
CACHE_URL = env_str("CACHE_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 15 * 60, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 14 * 60, minimum=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True

# Reminders (DESIGN.md, "Reminders"): the daily pass, its thresholds, and delivery retries.
REMINDER_HOUR = env_int("REMINDER_HOUR", 9, minimum=0, maximum=23)
REMINDER_MINUTE = env_int("REMINDER_MINUTE", 0, minimum=0, maximum=59)
# Items due within this many days are "due soon".
REMINDER_DUE_SOON_DAYS = env_int("REMINDER_DUE_SOON_DAYS", 14, minimum=0)
# A recommendation without a lead department this many days after its paper was entered.
REMINDER_UNASSIGNED_DAYS = env_int("REMINDER_UNASSIGNED_DAYS", 14, minimum=0)
# Overdue by more than this many days: the department head is told too.
REMINDER_RESPONSE_ESCALATION_DAYS = env_int("REMINDER_RESPONSE_ESCALATION_DAYS", 14, minimum=0)
REMINDER_UPDATE_ESCALATION_DAYS = env_int("REMINDER_UPDATE_ESCALATION_DAYS", 30, minimum=0)
# Transient SMTP failures are retried this many times, waiting RETRY_BACKOFF * 2**n seconds.
# Hand-over notices wait this long to be batched with the person's other notices of the kind.
NOTICE_BATCH_SECONDS = env_int("NOTICE_BATCH_SECONDS", 120, minimum=0)
# A digest shows per group this many of its most urgent items, and at most DIGEST_MAX_ITEMS in all.
DIGEST_GROUP_ITEMS = env_int("DIGEST_GROUP_ITEMS", 10, minimum=1)
DIGEST_MAX_ITEMS = env_int("DIGEST_MAX_ITEMS", 40, minimum=1)
REMINDER_MAX_RETRIES = env_int("REMINDER_MAX_RETRIES", 3, minimum=0)
REMINDER_RETRY_BACKOFF = env_int("REMINDER_RETRY_BACKOFF", 60, minimum=0)
# The sweeps (reminders/sweeper.py, reports/tasks.py, imports/tasks.py) queue again deliveries
# left pending this long, and fail background jobs that have not moved for JOB_STALL_MINUTES
# (above the task time limit).
DELIVERY_REQUEUE_MINUTES = env_int("DELIVERY_REQUEUE_MINUTES", 15, minimum=1)
JOB_STALL_MINUTES = env_int("JOB_STALL_MINUTES", 20, minimum=1)
CELERY_BEAT_SCHEDULE = {
    "daily-reminders": {
        "task": "reminders.tasks.send_daily_reminders",
        "schedule": crontab(hour=REMINDER_HOUR, minute=REMINDER_MINUTE),
    },
    # The sweeps (ccec/queue.py): e-mails the broker never took, jobs that stopped moving.
    "sweep-deliveries": {"task": "reminders.tasks.sweep", "schedule": crontab(minute="*/5")},
    "sweep-report-jobs": {"task": "reports.tasks.sweep", "schedule": crontab(minute="*/5")},
    "sweep-export-jobs": {"task": "recommendations.tasks.sweep_exports", "schedule": crontab(minute="*/5")},
    "sweep-imports": {"task": "imports.tasks.sweep", "schedule": crontab(minute="*/5")},
    "sweep-translation-jobs": {"task": "translations.tasks.sweep", "schedule": crontab(minute="*/5")},
    # Related asks for every recommendation (suggestions/ranking.py); new ones are ranked at once.
    # Built files (reports, list downloads), uploaded workbooks and abandoned paper-import drafts
    # older than FILE_RETENTION_DAYS are deleted (ccec/jobs.py, JobQuerySet.expire).
    "expire-report-files": {"task": "reports.tasks.expire_files", "schedule": crontab(hour=3, minute=10)},
    "expire-export-files": {"task": "recommendations.tasks.expire_exports", "schedule": crontab(hour=3, minute=20)},
    "expire-import-files": {"task": "imports.tasks.expire_files", "schedule": crontab(hour=3, minute=30)},
    # Liveness (health/): the row /readyz and the admin read as "last beat tick".
    "beat-tick": {"task": "health.tasks.beat_tick", "schedule": crontab(minute="*")},
    "refresh-suggestions": {"task": "suggestions.tasks.refresh_suggestions", "schedule": crontab(hour=2, minute=30)},
}

# Machine drafts of translations (translations/machine.py): a LibreTranslate-compatible server, off
# unless its URL is set; its code for Simplified Chinese ("zh-Hans"; "zh" in older LibreTranslate).
MACHINE_TRANSLATION_URL = env_str("MACHINE_TRANSLATION_URL", "")
MACHINE_TRANSLATION_API_KEY = env_str("MACHINE_TRANSLATION_API_KEY", "")
MACHINE_TRANSLATION_CHINESE_CODE = env_str("MACHINE_TRANSLATION_CHINESE_CODE", "zh-Hans")
MACHINE_TRANSLATION_TIMEOUT = env_int("MACHINE_TRANSLATION_TIMEOUT", 30, minimum=1)

# The reply letter's letterhead line in each language (letters/content.py).
LETTERHEAD = {
    "en": env_str("LETTERHEAD_EN", "Chongqing Municipal People's Government"),
    "zh-hans": env_str("LETTERHEAD_ZH", "重庆市人民政府"),
}
# Report downloads over this many recommendations, and list downloads over that many rows, are
# built by a background job (progress shown); smaller ones are sent at once.
REPORT_ASYNC_THRESHOLD = env_int("REPORT_ASYNC_THRESHOLD", 1000, minimum=0)
EXPORT_ASYNC_THRESHOLD = env_int("EXPORT_ASYNC_THRESHOLD", 20000, minimum=0)
# Uploaded spreadsheets over this size are checked and applied by a background job (progress shown).
SPREADSHEET_ASYNC_KB = env_int("SPREADSHEET_ASYNC_KB", 256, minimum=0)
# Built report files and list downloads, uploaded workbooks and paper-import drafts nobody
# finished are deleted this many days after they were last touched (a nightly task).
FILE_RETENTION_DAYS = env_int("FILE_RETENTION_DAYS", 30, minimum=1)
# Liveness (health/): a worker writes its heartbeat row at most this often; /readyz counts the
# workers seen within WORKER_SEEN_SECONDS.
HEARTBEAT_SECONDS = env_int("HEARTBEAT_SECONDS", 30, minimum=1)
WORKER_SEEN_SECONDS = env_int("WORKER_SEEN_SECONDS", 120, minimum=1)

# Uploaded papers up to this size are read while the upload is checked; larger ones are read by
# a Celery task while the import page shows progress.
IMPORT_READ_AT_ONCE_BYTES = env_int("IMPORT_READ_AT_ONCE_KB", 2048, minimum=1) * 1024

# The secretariat's group: full admin rights and the overview home page.
SECRETARIAT_GROUP = "Secretariat"
# Recommendations without their own reporting interval expect an update this often.
DEFAULT_REPORTING_INTERVAL_DAYS = env_int("DEFAULT_REPORTING_INTERVAL_DAYS", 90, minimum=1)
# A meeting's response deadline, when not given, is its date plus this many days.
RESPONSE_DEADLINE_DAYS = env_int("RESPONSE_DEADLINE_DAYS", 60, minimum=1)

# Security: strict by default once DEBUG is off; `manage.py check --deploy` stays silent.
SESSION_COOKIE_HTTPONLY = True
# Government-side users are signed out after this long without a request (accounts/sessions.py;
# 0: never); company liaisons after SESSION_COOKIE_AGE (two weeks by default).
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 60, minimum=0)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE_DAYS", 14, minimum=1) * 24 * 3600
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): the templates load no inline script or style; report
# charts are data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers and the container health check call /healthz over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Errors: Django e-mails a 500's traceback to ADMINS ("Name <address>, address"), and, when
# SENTRY_DSN is set, sentry-sdk sends errors of web and workers to Sentry or a self-hosted
# GlitchTip (same protocol). LOG_FORMAT=json writes one JSON object a line for a log collector.
ADMINS = [parseaddr(item.strip()) for item in env_str("ADMINS").split(",") if item.strip()]
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,  # no user names, addresses or cookies leave the site
        traces_sample_rate=0,
    )
LOG_FORMAT = env_str("LOG_FORMAT", "plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be plain or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "pythonjsonlogger.json.JsonFormatter", "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes logs every successful login at INFO; lockouts come at WARNING.
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every step of a PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
