"""Production: every service from the environment, and a refusal to start when unsafe.

Required: SECRET_KEY, DATABASE_URL, REDIS_URL, ALLOWED_HOSTS. Optional: SEARCH_URL,
CSRF_TRUSTED_ORIGINS, EMAIL_URL-style settings (EMAIL_BACKEND, DEFAULT_FROM_EMAIL).
"""

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_bool, env_list, redis_channel_layer

if env_bool("DJANGO_DEBUG", False):
    raise ImproperlyConfigured(
        "DJANGO_DEBUG staat aan in productie. Zet DJANGO_DEBUG uit: foutpagina's met "
        "broncode en instellingen mogen nooit publiek zichtbaar zijn."
    )
DEBUG = False

SECRET_KEY = env("SECRET_KEY", required=True)
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("django-insecure", "test-only", "changeme")):
    raise ImproperlyConfigured(
        "SECRET_KEY is te kort of een standaardwaarde. Gebruik een willekeurige sleutel van "
        "minstens 50 tekens, bijvoorbeeld uit `python -c 'import secrets; "
        "print(secrets.token_urlsafe(50))'`."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("De omgevingsvariabele ALLOWED_HOSTS ontbreekt (komma-gescheiden).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [f"https://{h}" for h in ALLOWED_HOSTS])

# Under ASGI every request may run in another thread, and a persistent connection per thread
# runs PostgreSQL out of connections under load (the benchmarks showed it). A pool per process
# (psycopg's, through Django) bounds them instead; Django then closes nothing but returns them.
DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL", required=True), conn_max_age=0)}
DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
    "min_size": int(env("DATABASE_POOL_MIN", "2")),
    "max_size": int(env("DATABASE_POOL_MAX", "10")),
    "timeout": 10,
}
CHANNEL_LAYERS = {"default": redis_channel_layer(env("REDIS_URL", required=True))}
CACHES = {
    "default": {
        # Django's own, with one connection pool per process (see the module).
        "BACKEND": "platform_site.redis_cache.SharedPoolRedisCache",
        "LOCATION": env("CACHE_URL", env("REDIS_URL", required=True)),
        "KEY_PREFIX": "rgw",
        # A Redis that hangs must not hang the pages: after a second the cache counts as down.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}

DEMO_ACCOUNTS_ALLOWED = False
SERVE_MEDIA = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
WAGTAILADMIN_BASE_URL = env("PLATFORM_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")
