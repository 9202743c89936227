"""The embedded default: one process, SQLite, database search, in-memory channel layer.

What `make run` serves. Nothing here needs a service outside the checkout; state lives in var/.
"""

import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR, env, env_bool, env_list

DEBUG = env_bool("DJANGO_DEBUG", False)


def _local_secret_key():
    """A key made once per checkout and kept in var/, so sessions survive restarts and no key is
    ever committed."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env("SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", ["http://127.0.0.1:8000", "http://localhost:8000"]
)

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "db.sqlite3",
        "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
    }
}

CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Uploaded media are served by the platform itself in the embedded mode only.
SERVE_MEDIA = True

# E-mails go to files in var/mail/, one per sending, rather than to the terminal: a council
# letter carries its PDF, which would fill the terminal with its encoding.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
