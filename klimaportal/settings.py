"""Settings of the Klimaschutzportal, read from environment variables.

One module for every environment: the README lists each variable. Without any
variable set, the portal runs on an embedded SQLite file with Celery tasks
executed in-process, which is what the first run on a laptop needs.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Public address of the portal, used in e-mails, feeds and PDFs that leave the request cycle.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "simple_history",
    "core",
    "core.audit",
    "portal",
    "accounts",
    "partners",
    "climate",
    "projects",
    "meetings",
    "decisions",
    "news",
    "reports",
    "newsletter",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache and WhiteNoise, so every response gets the Permissions-Policy.
    "core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so a cached 404 for an old slug is redirected as well.
    "core.slugs.SlugRedirectMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.page_cache.PublicPageCacheMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Before any view reads the body (CSRF reads POST only in process_view, after this).
    "core.middleware.RequestSizeLimitMiddleware",
    # After the size limit and the CSRF check: gives a failed form's kept files back.
    "core.kept_uploads.KeptUploadsMiddleware",
]

ROOT_URLCONF = "klimaportal.urls"
WSGI_APPLICATION = "klimaportal.wsgi.application"

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
                "portal.context_processors.portal",
            ],
        },
    },
]

# Database: DATABASE_URL, e.g. postgres://user:pass@host:5432/name. Default: SQLite in var/.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when CACHE_URL is set (needed with more than one web process, because allauth's
# rate limits live in the cache); otherwise a per-process memory cache.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            # RedisCache with a per-process fallback: an outage costs speed, not availability.
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "klimaportal",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "klimaportal",
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: e-mail is the login, verification is mandatory, rate limits stay on.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Klimaschutzportal] "
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
FORM_RENDERER = "core.forms.PortalFormRenderer"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_ALLOW_SIGNUP = env_bool("ACCOUNT_ALLOW_SIGNUP", True)

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_allauth"]
TIME_ZONE = "Europe/Berlin"
# The portal's named date formats (DATE_FORMAT, SHORT_DATETIME_FORMAT, ...): README
# "UI conventions"
FORMAT_MODULE_PATH = ["core.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_COMPRESS", True)
            # Hashed names without the gzip/brotli copies (a proxy that compresses itself,
            # or a test that only needs the production storage's names).
            else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_MANIFEST_STRICT = False

# E-mail: printed to the console unless an SMTP host is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Klimaschutzportal Magdeburg <klimaportal@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where notices for the Stabsstelle go (new registrations, feedback).
STAFF_NOTIFICATION_EMAIL = os.environ.get("STAFF_NOTIFICATION_EMAIL", "klimaschutz@localhost")

# Celery: a real broker when CELERY_BROKER_URL is set; otherwise tasks run eagerly in-process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Long jobs (PDF rendering) must survive a worker crash: acknowledge after the task ran,
# give the task back when the worker dies, and take one task at a time.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A long-lived worker is replaced once it grew past this (kB): rendering a report of ~170 pages
# takes about 420 MB, and a PDF library's memory is not always given back.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 700_000)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 600)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 900)
# Redis re-delivers an unacknowledged task after the visibility timeout; it must exceed the
# hard time limit, or a long task would run twice in parallel.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 300}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# An annual report "in Arbeit" for longer than this has lost its worker (hard limit + margin).
REPORT_STALE_AFTER_SECONDS = env_int("REPORT_STALE_AFTER_SECONDS", CELERY_TASK_TIME_LIMIT + 120)
CELERY_BEAT_SCHEDULE: dict = {
    # Files kept for a failed form (core/kept_uploads.py) that nobody submitted again.
    "core-purge-kept-uploads": {
        "task": "core.purge_kept_uploads",
        "schedule": crontab(minute=17),
    },
    # Outgoing mail whose queue message was lost (broker outage) or whose retry is due.
    "core-send-due-mail": {
        "task": "core.send_due_mail",
        "schedule": crontab(minute="*"),
    },
    # Reminders for action items due in seven days and overdue ones, every morning.
    "meetings-action-item-reminders": {
        "task": "meetings.send_action_item_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Annual reports stuck in "wartend"/"in Arbeit" (worker lost) are re-queued or failed.
    "reports-stale-check": {
        "task": "reports.requeue_stale_reports",
        "schedule": crontab(minute="*/5"),
    },
    # Written procedures close at their deadline (and catch up after a worker outage).
    "decisions-close-written-procedures": {
        "task": "decisions.close_written_procedures",
        "schedule": crontab(minute="*/5"),
    },
    # Reminders two days before a written procedure's deadline (once per proposal).
    "decisions-decision-reminders": {
        "task": "decisions.send_decision_reminders",
        "schedule": crontab(minute="*/5"),
    },
    # Reporting compliance: reminders 14 and 3 days before a deadline, staff notice after it.
    "projects-reporting-reminders": {
        "task": "projects.send_reporting_reminders",
        "schedule": crontab(hour=7, minute=15),
    },
    # Notification digests of partner contacts: daily every morning, weekly on Mondays.
    "newsletter-daily-digests": {
        "task": "newsletter.send_digests",
        "schedule": crontab(hour=6, minute=30),
        "args": ("taeglich",),
    },
    "newsletter-weekly-digests": {
        "task": "newsletter.send_digests",
        "schedule": crontab(hour=6, minute=45, day_of_week="mon"),
        "args": ("woechentlich",),
    },
    # Subscription requests nobody confirmed within the link's seven days are deleted.
    "newsletter-purge-unconfirmed": {
        "task": "newsletter.purge_unconfirmed",
        "schedule": crontab(hour=3, minute=20),
    },
}

# Security. Production values (DEBUG off) pass `manage.py check --deploy` without warnings.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    # The TLS-terminating proxy in front of gunicorn sets this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz"]

# Number of reverse proxies in front of the portal that append the client's address to
# X-Forwarded-For (0: the header is ignored, the client is REMOTE_ADDR). Rate limits (the
# portal's and allauth's) key on the address core.ratelimit.client_ip derives from it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Browser features the portal never uses are switched off for it and any frame (the project map
# is rendered on the server and needs none of them, not even geolocation); fullscreen and
# picture-in-picture stay available to the portal's own pages, e.g. for videos in DGS.
PERMISSIONS_POLICY = {
    "accelerometer": "()",
    "autoplay": "()",
    "bluetooth": "()",
    "browsing-topics": "()",
    "camera": "()",
    "display-capture": "()",
    "encrypted-media": "()",
    "fullscreen": "(self)",
    "geolocation": "()",
    "gyroscope": "()",
    "hid": "()",
    "idle-detection": "()",
    "magnetometer": "()",
    "microphone": "()",
    "midi": "()",
    "payment": "()",
    "picture-in-picture": "(self)",
    "publickey-credentials-get": "()",
    "screen-wake-lock": "()",
    "serial": "()",
    "usb": "()",
    "xr-spatial-tracking": "()",
}

# Project map (/projekte/karte/, projects/views_map.py). Background tiles come from the one
# server MAP_TILE_URL names (a URL template with {z}/{x}/{y}), and the Content Security Policy
# below allows exactly that host for images. Without it (the default, `make run`) the map shows
# its markers on a neutral background and no visitor's browser contacts anybody else.
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def tile_origin(url: str) -> str:
    """The origin (scheme://host[:port]) of a tile URL template, for img-src; "" for none.
    One named host over HTTPS (plain HTTP only on loopback, for tests): a template that
    spreads requests over several hosts ({s}) would need a wildcard in the policy."""
    from urllib.parse import urlsplit

    if not url:
        return ""
    parts = urlsplit(url)
    if "{" in parts.netloc or not parts.hostname:
        raise ImproperlyConfigured("MAP_TILE_URL must name one host (no {s} placeholder).")
    loopback_http = parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS
    if parts.scheme != "https" and not loopback_http:
        raise ImproperlyConfigured("MAP_TILE_URL must use https.")
    if not all(key in url for key in ("{z}", "{x}", "{y}")):
        raise ImproperlyConfigured("MAP_TILE_URL must contain {z}, {x} and {y}.")
    return f"{parts.scheme}://{parts.netloc}"


MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "").strip()
MAP_TILE_ORIGIN = tile_origin(MAP_TILE_URL)
# Shown on the map, as the tiles' licence requires (e.g. "© GeoBasis-DE / BKG (2025) CC BY 4.0").
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "").strip()
if MAP_TILE_URL and not MAP_TILE_ATTRIBUTION:
    raise ImproperlyConfigured("MAP_TILE_ATTRIBUTION must name the source of the map tiles.")
MAP_MAX_ZOOM = env_int("MAP_MAX_ZOOM", 18)
if not 10 <= MAP_MAX_ZOOM <= 22:
    raise ImproperlyConfigured("MAP_MAX_ZOOM must be between 10 and 22.")

# Content Security Policy: only the portal's own assets, no inline script, no third parties.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # The map's tile server, when one is configured (MAP_TILE_URL above), and no other.
        "img-src": ["'self'", "data:", *([MAP_TILE_ORIGIN] if MAP_TILE_ORIGIN else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Read API (/api/v1/, api/): public data only, so nobody is authenticated there (a staff
# session sees what everybody sees); anonymous clients are rate limited per address
# (api.throttling, in the shared cache). JSON only: the browsable API would need inline script.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PublicReadThrottle"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PagePagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.FormatParameterNegotiation",
    "COERCE_DECIMAL_TO_STRING": False,
    "URL_FORMAT_OVERRIDE": "format",
    "FORMAT_SUFFIX_KWARG": "format",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Klimaschutzportal Magdeburg – Lese-API",
    "DESCRIPTION": (
        "Öffentliche Daten der Magdeburger Klimaallianz: veröffentlichte Projekte mit "
        "freigegebenen Ergebnissen, Partner (nur mit Zustimmung zur Nennung), Gremien, "
        "öffentliche Termine, das Beschlussregister, Neuigkeiten, die Klimabilanz der Stadt "
        "und die Emissionsfaktoren. Lizenz: Datenlizenz Deutschland – Namensnennung – "
        "Version 2.0 (dl-de/by-2-0)."
    ),
    "VERSION": "1.0.0",
    "LICENSE": {
        "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
        "url": "https://www.govdata.de/dl-de/by-2-0",
    },
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.document_error_responses",
    ],
    # Swagger UI from the portal's own static files (drf-spectacular-sidecar), no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No request to the public validator service (validatorUrl: null).
    # No deep links: Swagger UI puts them as links inside the operation buttons (nested
    # interactive controls, which screen readers and axe reject).
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": False},
}

# Open-data catalogue (/opendata/catalog.jsonld, DCAT-AP.de): the publisher's identifier in
# GovData's contributor vocabulary, assigned when the portal is registered there.
OPENDATA_CONTRIBUTOR_ID = os.environ.get(
    "OPENDATA_CONTRIBUTOR_ID", "http://dcat-ap.de/def/contributors/stadtMagdeburg"
)
OPENDATA_CONTACT_EMAIL = os.environ.get("OPENDATA_CONTACT_EMAIL", STAFF_NOTIFICATION_EMAIL)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Seconds an anonymous public page is kept in the cache (0: only the Cache-Control header).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)

# Limits for uploads and rendered documents.
# Form data without files: Django refuses more when reading it, core.middleware before that.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# Files above this are streamed to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A multipart body (all files and fields of one form) larger than this is answered with 413
# before it is read: the largest form carries a 20 MB document and a 5 MB image.
UPLOAD_MAX_REQUEST_MB = env_int("UPLOAD_MAX_REQUEST_MB", 26)
# The sign-language videos of /gebaerdensprache/ (staff uploads only; the web server's own
# body limit, e.g. nginx client_max_body_size, must allow it too).
SIGN_LANGUAGE_VIDEO_MAX_MB = env_int("SIGN_LANGUAGE_VIDEO_MAX_MB", 300)
# Checks of the uploaded content (core/uploads.py): pixels of an image, size of a ZIP container
# (OpenDocument, PPTX) when unpacked, compression ratio of an entry, number of entries.
UPLOAD_MAX_IMAGE_PIXELS = 40_000_000
UPLOAD_MAX_UNPACKED_MB = 100
UPLOAD_MAX_COMPRESSION_RATIO = 100
UPLOAD_MAX_ZIP_ENTRIES = 5000
