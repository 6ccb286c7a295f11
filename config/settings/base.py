"""Settings shared by every environment.

Everything that differs between machines comes from an environment variable; with none set the
portal runs on the embedded default: a SQLite file, Wagtail's database search backend and
background work run in-process.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "accounts",
    "knowledge_base",
    "training",
    "search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    # Installs Wagtail's admin screen for API tokens (Settings → API tokens): issue, list, revoke.
    "wagtail.api.v3",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_fennel",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (with a nonce per request) and Permissions-Policy on every answer.
    "portal.infrastructure.security_headers.CSPMiddleware",
    "portal.infrastructure.security_headers.CurrentNonceMiddleware",
    "portal.infrastructure.security_headers.PermissionsPolicyMiddleware",
    # A JSON 413 for an API body past the limit.
    "portal.infrastructure.middleware.APIBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole anonymous pages from the shared cache, before sessions and authentication are read.
    "portal.infrastructure.page_cache.PageCacheMiddleware",
    # The browser middleware below is Django's and Wagtail's, wrapped so that a request with a
    # bearer token to an API view that takes tokens skips it (portal/infrastructure/middleware.py).
    "portal.infrastructure.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",  # not wrapped: ninja views are csrf_exempt
    "portal.infrastructure.middleware.AuthenticationMiddleware",
    "portal.infrastructure.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.infrastructure.middleware.RedirectMiddleware",
    # Last, so it sees the outcome of authentication. Not wrapped: its system check wants it by
    # name, and it only reads an attribute of the request after the response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.navigation",
            ],
        },
    },
]

# --- Database: DATABASE_URL, or a SQLite file beside the code -------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The development server, the test live server and Celery worker threads write concurrently:
    # take the write lock when a transaction starts (no upgrade deadlock) and wait for it.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: CACHE_URL (Redis), shared by every web process; else memory in this process ------
# The training API's rate limit and the cached course requirements live here, so with several
# WSGI workers in production they must share one cache. A Redis that is down reads as an empty
# cache (portal/infrastructure/cache.py: 0.25 s timeouts, then not asked again for 5 s).
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "portal.infrastructure.cache.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        # LocMemCache keeps 300 entries by default and then drops a third of them: with a few
        # hundred app users (a token and a rate-limit window each) every lookup would miss.
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    )
}

# Anonymous visitors' pages are kept this long in that cache (portal/infrastructure/page_cache.py;
# any change to content forgets them all at once). 0 switches the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))

# Django's rules, with wording the project catalogue translates into Khmer (Django's has none).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.password_validation.MinimumLengthValidator"},
    {"NAME": "accounts.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# --- Languages: Khmer first, English second ---------------------------------------------------
LANGUAGE_CODE = "km"
LANGUAGES = [("km", "ខ្មែរ"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Addresses are ASCII: a Khmer title's slug is its transliteration (portal/slugs.py, decision
# 0014), made on the server when the editor leaves the slug empty. Unicode slugs cannot hold
# Khmer: its vowel signs and subscripts are not "word characters" to the slug validator.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("km", "Khmer"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Phnom_Penh"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # The Khmer font comes from a Python package, never from a CDN.
    "portal.infrastructure.fonts.FontPackageFinder",
    # The service worker's library (Workbox), copied from npm into build/ at set-up.
    "portal.infrastructure.workbox.WorkboxFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "collected-static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/media/")
# Files only the portal's own views hand out, after their checks (certificate PDFs): outside
# MEDIA_ROOT, so nothing that serves /media/ can reach them.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage"
        ),
    },
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/no-public-url/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Background work: Celery for the project's tasks and for Wagtail's own --------------------
# One Celery app runs everything: the project's tasks and Wagtail's own django_tasks (search
# indexing), which portal.infrastructure.task_backends hands to Celery. Without CELERY_BROKER_URL
# (the embedded default) Celery runs eagerly, in-process, and so do Wagtail's tasks. With a broker,
# one worker runs all of it. See docs/decisions/0002-wagtail-tasks-on-celery.md.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_EXTENDED = True
TASKS = {
    "default": {
        "BACKEND": "portal.infrastructure.task_backends.CeleryBackend",
        "QUEUES": ["default"],
    }
}
# Every message goes through the transactional outbox (portal/infrastructure/outbox.py): a broker
# that is down costs a user's request at most about a second of retries, then the message waits in
# the database and the worker sends it when it starts and every minute (its embedded beat, -B).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.25,
    "interval_max": 0.5,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BEAT_SCHEDULE = {
    "drain-outbox": {"task": "portal.outbox.drain", "schedule": 60.0},
    # Course and certificate reminders (training/reminders.py): each goes once, by its key.
    "training-reminders": {"task": "training.tasks.send_reminders", "schedule": 6 * 3600.0},
}
# Days a course may be left without progress before its learner is reminded.
TRAINING_REMINDER_UNFINISHED_DAYS = int(os.environ.get("TRAINING_REMINDER_UNFINISHED_DAYS", "14"))
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get(
    "CELERY_BEAT_SCHEDULE_FILENAME", str(BASE_DIR / ".celerybeat-schedule")
)

# --- E-mail: always sent from a Celery task (portal.tasks.send_email) -------------------------
EMAIL_BACKEND = "portal.infrastructure.mail.CeleryEmailBackend"
PORTAL_EMAIL_DELIVERY_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ISAF portal <no-reply@isaf.example>")

# --- Log-in throttling (django-axes): lock an account+address after repeated failures ---------
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "portal/accounts/locked_out.html"
# Behind a reverse proxy every visitor has the proxy's address: the client's is read from
# X-Forwarded-For past this many proxies of ours (0: no proxy, REMOTE_ADDR is the client).
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "portal.infrastructure.client_address.client_address"

# --- The training API's tokens (portal/api_tokens.py): they stop working this many days after
# they were issued; a password change or a deactivation ends them at once.
TRAINING_API_TOKEN_DAYS = int(os.environ.get("TRAINING_API_TOKEN_DAYS", "90"))

# --- Search ------------------------------------------------------------------------------------
# SEARCH_BACKEND: "database" (default), "elasticsearch8", "elasticsearch9", "opensearch2",
# "opensearch3"; SEARCH_URL points at the server for the last four.
# Each is Wagtail's backend made Khmer-aware by the search app (search/backends/).
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "database")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
if SEARCH_BACKEND != "database":
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": f"search.backends.{SEARCH_BACKEND}",
            "URLS": env_list("SEARCH_URL", "http://localhost:9200"),
            "INDEX_PREFIX": os.environ.get("SEARCH_INDEX_PREFIX", "isaf_"),
            "TIMEOUT": 5,
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }

# --- Wagtail -----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "ISAF"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Wagtail's default, written out: the share form applies it too (12000 × 12000 is refused).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 128_000_000
# Documents always through Wagtail's view, after the before_serve_document check
# (portal/wagtail_hooks.py), never by a redirect to the storage's own address.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: the admin must work offline and load nothing from another host.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Machine translation stays off (no network); how to turn it on: docs/decisions/0023.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
# The one Khmer normalisation (search/text.py), lent to the core's glossary matching, which
# may not import the search app (portal/translations/glossary.py).
PORTAL_TEXT_NORMALISER = "search.text.normalise"

# --- Security headers, in every environment ----------------------------------------------------
# So that the development server and the browser tests run under the policy production sends
# (portal/infrastructure/security_headers.py, docs/decisions/0007-security-headers.md). Scripts: the
# portal's own files, and inline only with the request's nonce (nonce="{{ request.csp_nonce }}"). No
# inline style. Images and video also from the media host when DJANGO_MEDIA_URL names one.
_media = urlsplit(MEDIA_URL)
MEDIA_ORIGINS = [f"{_media.scheme}://{_media.netloc}"] if _media.netloc else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:", *MEDIA_ORIGINS],
        "media-src": [SELF, *MEDIA_ORIGINS],
        "font-src": [SELF, "data:"],
        # offline.js downloads a course's images from the media host (CORS).
        "connect-src": [SELF, *MEDIA_ORIGINS],
        # A lesson's video block may embed a YouTube or Vimeo player.
        "frame-src": [
            SELF,
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        "frame-ancestors": [SELF],  # Wagtail's preview shows the page in a frame of the admin
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
# Wagtail's rich text editor (Draftail) writes <style> elements, which cannot carry a nonce: the
# admin allows inline style; the public site does not.
CONTENT_SECURITY_POLICY_ADMIN_UPDATE = {"style-src": [UNSAFE_INLINE]}
# Not same-origin: an embedded YouTube player refuses to play without the embedding site's origin.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Browser features the portal never uses, refused to it and to every frame it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
