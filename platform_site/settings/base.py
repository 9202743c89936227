"""Settings shared by every mode: embedded (the default), test and production.

Values that differ per deployment come from environment variables; each mode module
decides which of them are required. See README.md, "Production".
"""

import datetime
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("PLATFORM_VAR_DIR", BASE_DIR / "var"))


def env(name, default=None, *, required=False):
    value = os.environ.get(name)
    if value in (None, ""):
        if required:
            raise ImproperlyConfigured(
                f"De omgevingsvariabele {name} ontbreekt. "
                f"Zet {name} voordat u het platform in deze modus start (zie README.md)."
            )
        return default
    return value


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name, default=()):
    value = env(name)
    if value is None:
        return list(default)
    return [part.strip() for part in value.split(",") if part.strip()]


def redis_channel_layer(url):
    """The Redis channel layer, set to live through a Redis restart: a command that meets a
    connection the old server closed is retried on a fresh one, and a Redis that is down fails
    within a second instead of holding up the request (the write stands; see notifications).

    The pub/sub layer: an event for a group is published once and each server process hands it
    to its own sockets. The list-based layer takes every socket's copy out of Redis one round
    trip at a time, a queue of 500 per process for a post in a busy thread (bench/RESULTS.md,
    live). What it gives up: an event published while a process is reconnecting to Redis does
    not reach that process's sockets (the list-based layer holds it for a minute). Notifications
    and posts are in the database either way, and a socket that reconnects asks what it missed.
    Its one subscriber connection per process is read by one coroutine at a time
    (platform_site/channel_layer.py), so that reconnecting after a restart cannot trip over
    itself."""
    from redis.asyncio.retry import Retry
    from redis.backoff import ExponentialBackoff
    from redis.exceptions import ConnectionError, TimeoutError

    return {
        "BACKEND": "platform_site.channel_layer.PubSubChannelLayer",
        "CONFIG": {
            "hosts": [
                {
                    "address": url,
                    "retry": Retry(ExponentialBackoff(cap=0.2, base=0.05), 2),
                    "retry_on_error": [ConnectionError, TimeoutError],
                    "socket_connect_timeout": 1,
                }
            ]
        },
    }


INSTALLED_APPS = [
    "accounts.apps.AccountsConfig",
    "home",
    "agenda",
    "handbook",
    "notifications",
    "discussions",
    "dashboard",
    "api",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.UsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "daphne",
    "channels",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole pages for visitors who are not signed in; a hit skips everything below.
    "home.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "platform_site.urls"

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
                "notifications.context_processors.unread_notifications",
                "accounts.admin_link.admin_link",
            ],
        },
    },
]

# Django's form renderer, its select boxes written out in Python (platform_site/form_renderer.py).
FORM_RENDERER = "platform_site.form_renderer.FormRenderer"

WSGI_APPLICATION = "platform_site.wsgi.application"
ASGI_APPLICATION = "platform_site.asgi.application"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Login attempts are counted per username and address (django-axes): after five failures that
# combination waits fifteen minutes. The same holds for the Wagtail admin's login.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading with the user whether they have a second factor. (A session
    # names the backend that signed it in: one begun under ModelBackend is signed out once.)
    "accounts.backends.UserBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Each process keeps its own cache here; production shares one in Redis, so that publishing
# clears the anonymous page cache (home.page_cache) of every worker at once.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "300"))
# Requests each server process lets into Django at once; more wait their turn in front of it
# (platform_site/concurrency.py). 0: no limit.
DJANGO_REQUESTS_AT_ONCE = int(env("DJANGO_REQUESTS_AT_ONCE", "8"))
# Sessions are read from that cache and written to both it and the database: one query fewer on
# every page a signed-in person opens, and nobody is signed out when the cache is emptied. Needs
# a cache all processes share (Redis in production; `make run` is one process).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Second factor (django-otp): the name the authenticator app shows next to the code.
OTP_TOTP_ISSUER = "RGW-verbeterplatform"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Dutch first: unprefixed URLs are Dutch whatever the browser asks for; English lives under /en/.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static", VAR_DIR / "vendor-static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Which posts and proposal versions were erased for good (AVG), kept outside the database and
# the media, so restore_platform can erase again what a back-up from before still holds
# (discussions.erasures). In production: a disk that outlives the database server.
ERASURE_REGISTER = Path(env("ERASURE_REGISTER", str(VAR_DIR / "wisregister.jsonl")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "home.views.csrf_failure"
CSRF_COOKIE_HTTPONLY = False  # the WebSocket client and fetch() read it from the form token instead
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "platform@rgw-westfriesland.invalid")

WAGTAIL_SITE_NAME = "RGW-verbeterplatform"
WAGTAILADMIN_BASE_URL = env("PLATFORM_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "platform_site.uploads.DocumentForm"
WAGTAIL_FINISH_WORKFLOW_ACTION = "agenda.workflow.publish_approved"
# No avatars from Gravatar: the admin would send a hash of every editor's e-mail address to a
# third party, for a picture nobody here set. Wagtail then shows its own placeholder.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

TAGGIT_CASE_INSENSITIVE = True

# Search: the engine (OpenSearch, or Elasticsearch 8) when SEARCH_URL is set, else the database.
SEARCH_URL = env("SEARCH_URL")
SEARCH_BACKEND = "engine" if SEARCH_URL else "database"
SEARCH_INDEX = env("SEARCH_INDEX", "rgw-platform")
SEARCH_ENGINE_FLAVOR = env("SEARCH_ENGINE_FLAVOR", "opensearch")

# Which demo accounts may be created by `load_demo_content`; production turns this off.
DEMO_ACCOUNTS_ALLOWED = True
DEMO_PASSWORD = env("DEMO_PASSWORD", "rgw-demo-2026")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}


# The REST API (api/): members only, by token or by session (with CSRF), paginated and filtered.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "RGW-verbeterplatform API",
    "DESCRIPTION": "Ontwikkelagenda, verbetervoorstellen, discussies, handreiking en zoeken. "
    "Dezelfde zichtbaarheid als de site; schrijven via dezelfde regels.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "PREPROCESSING_HOOKS": ["api.schema.only_platform_api"],
    "ENUM_NAME_OVERRIDES": {
        "AgendaItemKindEnum": "agenda.models.Kind",
        "AgendaItemStatusEnum": "agenda.models.Status",
        "ProposalKindEnum": "discussions.models.ProposalKind",
        "ProposalStatusEnum": "discussions.models.ProposalStatus",
    },
}


# Content Security Policy (django-csp) for the site: only its own scripts, styles, images and
# sockets, nothing inline, no framing. The Wagtail admin is left out: its editor needs inline code.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
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
    },
}
