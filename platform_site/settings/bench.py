"""Benchmarks: the production settings, served over plain HTTP on loopback (no TLS proxy in
front), with the demo accounts to sign in with. Only for bench/run.sh."""

import os

os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from .production import *  # noqa: E402, F403

DEMO_ACCOUNTS_ALLOWED = True
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
