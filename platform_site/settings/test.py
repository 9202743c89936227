"""Settings for the test suite: a real PostgreSQL and a real Redis, started by scripts/test.sh.

Refuses to fall back to SQLite or the in-memory layer: a green run must have used the real services.
"""

import dj_database_url

from .base import *  # noqa: F403
from .base import env, redis_channel_layer

DEBUG = False
SECRET_KEY = "test-only-key-not-used-anywhere-else"  # noqa: S105  # nosec B105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
CSRF_TRUSTED_ORIGINS = ["http://127.0.0.1", "http://localhost"]

DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL", required=True))}
CHANNEL_LAYERS = {"default": redis_channel_layer(env("REDIS_URL", required=True))}
# Off: the database is rolled back between tests without the signals that clear it.
# tests/test_page_cache.py switches it on.
PAGE_CACHE_SECONDS = 0

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SERVE_MEDIA = False
WHITENOISE_USE_FINDERS = True

# The engine backend against the real OpenSearch node that scripts/test.sh starts; tests of the
# database backend switch SEARCH_BACKEND themselves.
SEARCH_URL = env("SEARCH_URL", required=True)
SEARCH_BACKEND = "engine"
SEARCH_INDEX = "rgw-test"
