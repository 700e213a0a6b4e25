"""Settings for the clinic site, read from the environment.

Production values are the defaults: DEBUG is off and SECRET_KEY must be set.
Development turns things on explicitly (``make run`` sets DEBUG=1).
Every variable is listed in README.md.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. See README.md for the environment."
        )
    SECRET_KEY = "insecure-development-key-used-only-when-DEBUG-is-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
# The site's public address, for links in e-mails sent outside a request (e.g.
# https://www.example-clinic.com). Without it those links are paths only.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin, with two-factor sign-in (see clinic_site/admin.py).
    "clinic_site.apps.ClinicAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, so runserver serves static files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django.contrib.sitemaps",
    "clinic_site.apps.ClinicSiteConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # one-time backup codes
    "axes",
    "csp",
    "django_prose_editor",
    "simple_history",
    # The task queue: tasks are rows in the database, run by `manage.py db_worker`.
    "django_tasks",
    "django_tasks_db",
    "content",
    "inquiries",
    "selfcheck",
]

MIDDLEWARE = [
    # Security headers first, so every response has them, cached pages included.
    "django.middleware.security.SecurityMiddleware",
    "clinic_site.middleware.permissions_policy",
    "csp.middleware.CSPMiddleware",
    "clinic_site.middleware.staff_pages_allow_inline_styles",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous readers of public pages are answered here, from the cache.
    "content.page_cache.serve_cached_pages",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "clinic_site.middleware.staff_session_limits",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records which member of staff made each saved article revision.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so it sees the outcome of every sign-in attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic_site.urls"
WSGI_APPLICATION = "clinic_site.wsgi.application"

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
                "clinic_site.context_processors.clinic",
            ],
        },
    },
]

# Database: DATABASE_URL (PostgreSQL in production), else a SQLite file beside manage.py.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: one that every server process shares, so a change (or an unpublished article)
# shows at once everywhere. (The form's rate limit is counted in the database, not here.)
# Redis when REDIS_URL is set; else a table in the database; process memory only in
# development. Both shared caches fail open: if they cannot be reached, pages are served
# without them (clinic_site/cache.py).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "clinic_site.cache.FailOpenRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # A cache that does not answer must not hold a page up for long.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "clinic_site.cache.FailOpenDatabaseCache",
            "LOCATION": "clinic_cache",  # made by `migrate` (clinic_site/migrations)
            # Room for every public page; past it the oldest third is dropped.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Background work (e-mails) goes through this queue; the request only adds a row.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

AUTHENTICATION_BACKENDS = [
    # First, so that locked-out sign-ins are refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/Los_Angeles"
USE_I18N = True
USE_TZ = True
# Date and time formats for the staff site (clinic_site/formats/en/formats.py), and its
# plainer words ("Edit", not "Change": locale/en/LC_MESSAGES/django.po).
FORMAT_MODULE_PATH = ["clinic_site.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Article and page HTML is cleaned once, in their save() methods (content/sanitize.py),
# rather than by the editor field as this check suggests.
SILENCED_SYSTEM_CHECKS = ["django_prose_editor.W004"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: SMTP in production; printed to the console in development.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
# A mail server that does not answer must not hold up a patient's request for long.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# HTTPS behind a proxy that sets X-Forwarded-Proto. Off in development.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "clinic_site.views.csrf_failure"
# Sessions end when the browser closes; staff sessions also after a quiet spell.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 8 * 60 * 60
STAFF_IDLE_TIMEOUT_MINUTES = int(os.environ.get("STAFF_IDLE_TIMEOUT_MINUTES", "30"))
# However active, a staff session ends this long after sign-in.
STAFF_SESSION_MAX_HOURS = float(os.environ.get("STAFF_SESSION_MAX_HOURS", "12"))

# Content-Security-Policy: everything from this site only, no inline script. The admin's
# rich-text editor gets a per-request nonce for its import map.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), interest-cohort=(), browsing-topics=(), "
    "payment=(), usb=()"
)

# Staff sign-in: the admin's address, lockout after repeated failures, two factors.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]
# The visitor's address as the rate limit reads it (INQUIRY_CLIENT_ADDRESS_HEADER), not
# the reverse proxy's: otherwise anyone could lock a known staff account from anywhere.
AXES_CLIENT_IP_CALLABLE = "clinic_site.client_address.client_address"
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", default=not DEBUG)

# Logs go to the console (gunicorn and the platform collect them); errors are also
# e-mailed to ADMINS. Nothing logs request bodies; error reports carry no local
# variables, form values, query strings, cookie values or client addresses; and database
# error details (which can quote a row) are removed, so patient data never reaches them.
ADMINS = [(address, address) for address in env_list("ADMIN_EMAILS")]
DEFAULT_EXCEPTION_REPORTER = "clinic_site.reporting.PatientSafeExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "clinic_site.reporting.PatientSafeExceptionReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_database_details": {"()": "clinic_site.reporting.RedactDatabaseDetails"},
        "not_the_health_check": {"()": "clinic_site.reporting.NotTheHealthCheck"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_database_details"]},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "redact_database_details", "not_the_health_check"],
            "include_html": False,
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": "INFO", "propagate": False},
    },
}

# The clinic's details, shown in every page's footer and on the contact pages.
# Defaults are sample values (555 numbers are reserved for fiction): set the real ones.
CLINIC = {
    "name": os.environ.get("CLINIC_NAME", "Laguna Beach Ketamine Clinic"),
    "street": os.environ.get("CLINIC_STREET", "100 Sample Street, Suite 1"),
    "city": os.environ.get("CLINIC_CITY", "Laguna Beach"),
    "region": os.environ.get("CLINIC_REGION", "CA"),
    "postal_code": os.environ.get("CLINIC_POSTAL_CODE", "92651"),
    "phone": os.environ.get("CLINIC_PHONE", "(949) 555-0142"),
    "email": os.environ.get("CLINIC_EMAIL", "care@example.com"),
    "hours": os.environ.get("CLINIC_HOURS", "Monday to Friday, 8 am to 5 pm"),
}

# Authenticator apps show the clinic's name beside the code.
OTP_TOTP_ISSUER = CLINIC["name"]
# Secret keys, their QR codes and backup codes are shown once, to their owner, never in
# the admin's device pages (clinic_site/two_factor.py).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

ARTICLES_PER_PAGE = 12
# Public pages are cached for anonymous readers for up to this many seconds (0 turns it
# off); any content change clears them at once. See content/page_cache.py.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "600"))

# Consultation requests.
INQUIRY_NOTIFY_EMAILS = env_list("INQUIRY_NOTIFY_EMAILS")
INQUIRY_RATE_LIMIT = int(os.environ.get("INQUIRY_RATE_LIMIT", "5"))
INQUIRY_RATE_LIMIT_WINDOW_SECONDS = int(os.environ.get("INQUIRY_RATE_LIMIT_WINDOW_SECONDS", "3600"))
# Where the client's address is found, for the rate limit and the staff sign-in lockout:
# REMOTE_ADDR, or e.g. HTTP_X_REAL_IP behind a proxy that sets that header. See
# clinic_site/client_address.py.
INQUIRY_CLIENT_ADDRESS_HEADER = os.environ.get("INQUIRY_CLIENT_ADDRESS_HEADER", "REMOTE_ADDR")
# A form sent back sooner than this after it was shown is treated as automated.
INQUIRY_MIN_SECONDS_TO_FILL = float(os.environ.get("INQUIRY_MIN_SECONDS_TO_FILL", "3"))
# A form sent back later than this after it was shown is asked to be sent again.
INQUIRY_FORM_MAX_AGE_HOURS = float(os.environ.get("INQUIRY_FORM_MAX_AGE_HOURS", "4"))
INQUIRY_RETENTION_DAYS = int(os.environ.get("INQUIRY_RETENTION_DAYS", "365"))

# Featured image uploads: at most this many bytes and pixels.
IMAGE_MAX_BYTES = 10 * 1024 * 1024
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", "40000000"))
# And at most this many pixels on either side (a 40,000,000 x 1 strip is no picture).
IMAGE_MAX_SIDE = int(os.environ.get("IMAGE_MAX_SIDE", "12000"))
