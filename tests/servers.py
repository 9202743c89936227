"""Servers of the platform's own that tests start: Daphne serving the platform (HTTP and
WebSocket) against the test database and Redis."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def asgi_server(django_db_setup, transactional_db):
    """A fresh server per test: each browser test flushes the database afterwards, which gives
    content types new ids that a long-lived server process would still have cached."""
    db = settings.DATABASES["default"]
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "platform_site.settings.test",
        "DATABASE_URL": database_url,
        "ERASURE_REGISTER": str(settings.ERASURE_REGISTER),
    }
    log = open(Path(settings.BASE_DIR) / "var" / "daphne-test.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "platform_site.asgi:application",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)  # noqa: S310
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(
                    "Daphne stopte bij het starten; zie var/daphne-test.log"
                ) from None
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(timeout=10)
    log.close()
