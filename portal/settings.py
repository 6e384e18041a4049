"""Settings for the improvement-action portal, read from the environment.

One module for every environment: development defaults need nothing set; production sets DJANGO_DEBUG=false and
must then give DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS, or the process refuses to start.
With no DATABASE_URL the portal runs on SQLite; with no REDIS_URL Celery uses a broker on the local file system
(a real worker process, no server needed), and the cache is per process.
"""

import sys
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PORTAL_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", True)

if DEBUG:
    SECRET_KEY = env_str(
        "DJANGO_SECRET_KEY", "dev-only-insecure-key-7f3c2a9e51d04b8c9a1e6f2d8b7c4a30-never-in-production"
    )
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY")
    if SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be a random string of at least 50 characters.")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name the host(s) the portal is served on.")

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    "simple_history",
    "portal.apps.AutodiscoverPermissionsConfig",
    "django_htmx",
    "csp",
    "accounts",
    "campaign",
    "enterprises",
    "assistance",
    "supervision",
    "evaluation",
    "submissions",
    "notifications",
    "reporting",
    "dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.SessionMiddleware",  # Django's, honouring passive_session (a poll does not renew the session)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a signed-in user; the public ones (login, the admin's login, the API, which authenticates
    # itself) are marked login_not_required. One rule instead of a decorator on every view.
    "portal.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: an expired session is told so on the login page.
    "accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # axes must come last: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

if DEBUG and not env_bool("PORTAL_DEBUG_PAGES", False):
    # The quick start shows the portal's own 404 page, as production does; PORTAL_DEBUG_PAGES=true shows Django's.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("portal.middleware.LoginRequiredMiddleware"), "portal.middleware.PortalNotFoundMiddleware"
    )

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "csp.context_processors.nonce",
                "portal.navigation.portal",
                "portal.session.portal_session",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------------
_env = environ.Env()
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": _env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and beat share one SQLite file in development: wait for locks instead of
    # failing, and take the write lock at the start of a transaction so two writers never deadlock.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections only where the server reuses its threads (gunicorn's sync workers, Celery). The
    # development server answers each request in a new thread that is never reused, so every finished thread
    # would keep its connection open until PostgreSQL refuses every other client.
    _THREAD_PER_REQUEST = sys.argv[1:2] == ["runserver"]
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if _THREAD_PER_REQUEST else env_int("DATABASE_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # The planner's cost of a random page read (PostgreSQL's default 4.0 is for spinning disks; its documentation
    # suggests lowering it when the data is cached or on SSD, which a campaign's rows are). At 4.0 the enterprise
    # list's page of 50 was a sort of the tenant's rows (4 ms) rather than a walk of its index (0.4 ms, bench/).
    # DATABASE_RANDOM_PAGE_COST changes it; an empty value leaves the server's own setting.
    _random_page_cost = env_str("DATABASE_RANDOM_PAGE_COST", "1.1")
    if _random_page_cost:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c random_page_cost={float(_random_page_cost)}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery ------------------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {"visibility_timeout": 3600}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    _broker_dir = VAR_DIR / "celery-broker"
    (_broker_dir / "queue").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
# The database row is the source of truth for every job (STYLE.md §5); Celery keeps no results.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"reporting.tasks.*": {"queue": "reports"}}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE = {
    "kickoff-reminders-daily": {
        "task": "campaign.tasks.kickoff_reminders_send",
        "schedule": timedelta(hours=24),
    },
    # Issue 10: every app's reminder rules, relative to the campaign calendar; keys make each reminder once.
    "notification-reminders-daily": {
        "task": "notifications.tasks.reminders_send",
        "schedule": crontab(hour=8, minute=0),
    },
    # E-mails whose first attempt failed (or whose commit hook never ran) are retried.
    "notification-emails-retry": {
        "task": "notifications.tasks.notification_emails_send",
        "schedule": timedelta(minutes=10),
    },
    "pending-uploads-purge-daily": {
        "task": "portal.tasks.pending_uploads_purge",
        "schedule": timedelta(hours=24),
    },
    "roster-imports-requeue-stalled": {
        "task": "enterprises.tasks.roster_imports_requeue_stalled",
        "schedule": timedelta(minutes=10),
    },
    # Issue 11: report jobs whose worker died go back in the queue; retries after a transient failure are sent.
    "reports-requeue-stalled": {
        "task": "reporting.tasks.reports_requeue_stalled",
        "schedule": timedelta(minutes=1),
    },
    # Issue 12: the figures' running counts recounted from the rows at night (a refresh lost to a dying process).
    "figures-recount-nightly": {
        "task": "evaluation.tasks.figures_recount",
        "schedule": crontab(hour=2, minute=30),
    },
    # The mid-term and final reports on the campaign's calendar, once each.
    "reports-schedule-due": {
        "task": "reporting.tasks.reports_schedule_due",
        "schedule": crontab(hour=6, minute=0),
    },
}

# --- Authentication and sessions -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Idle limit: the cookie lives 30 minutes and is renewed by every request. Absolute limit: 12 hours after login,
# enforced by accounts.middleware.SessionLifetimeMiddleware.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
PORTAL_SESSION_MAX_AGE = timedelta(hours=12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_ENABLE_ADMIN = True
AXES_VERBOSE = False

REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env_int("API_TOKEN_TTL_HOURS", 10, minimum=1)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": 20,
}

# --- Internationalisation ----------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files -------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("PORTAL_MEDIA_ROOT", str(VAR_DIR / "media")))
# No MEDIA_URL route: uploaded files are only ever served by views that check visible_to (portal.files).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
PORTAL_MAX_UPLOAD_BYTES = env_int("PORTAL_MAX_UPLOAD_BYTES", 10 * 1024 * 1024, minimum=1024)
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- REST API ------------------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "portal.api_input.SessionAuthentication",
    ],
    # Chinese parse errors, and a deeply nested body a 400 rather than a 500 (portal.api_input.JSONParser).
    "DEFAULT_PARSER_CLASSES": [
        "portal.api_input.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        # ?ordering= among each list's explicit ordering_fields (issue 12); an unknown field is a 400.
        "portal.api_ordering.PortalOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "portal.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "小微企业质量管理体系认证提升行动 API",
    "DESCRIPTION": "Campaigns, member units and kickoff meetings; every list is limited to what the caller may see.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # With some 150 operations, Swagger UI drew only the first two tags when every tag was opened at once: the tags
    # start closed (one click opens one), and the filter box finds an operation by its tag.
    "SWAGGER_UI_SETTINGS": {"docExpansion": "none", "filter": True, "deepLinking": True},
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "kind" field with its own choices; name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "PhaseKindEnum": "campaign.models.PhaseKind",
        "DeadlineKindEnum": "campaign.models.DeadlineKind",
        "MemberUnitKindEnum": "campaign.models.MemberUnitKind",
        # assistance, work slice
        "VisitKindEnum": "assistance.models.VisitKind",
        "TrainingKindEnum": "assistance.models.TrainingKind",
        "TierLevelEnum": "assistance.models.TierLevel",
        "ProblemStatusEnum": "assistance.models.ProblemStatus",
        "UrgencyEnum": "assistance.models.Urgency",
        "DocumentLevelEnum": "assistance.models.DocumentLevel",
        "RecordModeEnum": "assistance.models.RecordMode",
        # enterprises, records slice
        "EnrolmentStateEnum": "enterprises.models.EnrolmentState",
        "CaseStateEnum": "enterprises.models.CaseState",
        "ComplaintStateEnum": "enterprises.models.ComplaintState",
        "ComplaintOutcomeEnum": "enterprises.models.ComplaintOutcome",
        # Enterprise.cluster and Expert.specialties share the clusters of 二、工作重点 3.
        "ClusterEnum": "enterprises.models.Cluster",
        # submissions
        "SubmissionStateEnum": "submissions.models.SubmissionState",
        "SubmissionEventKindEnum": "submissions.models.SubmissionEventKind",
        # supervision (现场督导)
        "SupervisionRoundStateEnum": "supervision.models.RoundState",
        "RectificationStateEnum": "supervision.models.RectificationState",
        # reports (issue 11)
        "JobStatusEnum": "portal.jobs.JobStatus",
        "ReportScopeEnum": "reporting.kinds.SCOPES",
    },
}

# --- Security headers ------------------------------------------------------------------------------------------------
# Every page is built to satisfy this policy: no inline script or style anywhere (htmx's indicator style is
# switched off in base.html, Swagger UI is served by the split view that loads its initialiser as a file).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- E-mail and logging ----------------------------------------------------------------------------------------------
EMAIL_CONFIG = _env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@localhost")
# Where the portal is reached, for links in e-mails sent by background jobs (no request to read a host from).
PORTAL_URL = env_str("PORTAL_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}
