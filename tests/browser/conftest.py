"""Browser tests: the platform served by Daphne (HTTP + WebSocket) against the test database and
Redis, driven by Playwright in the system Chromium."""

import os
from pathlib import Path

import pytest
from django.conf import settings

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def allow_orm_beside_playwright():
    """Playwright's sync API runs an event loop in this thread; the ORM calls a test makes between
    browser steps (and the database flush after it) are ordinary blocking calls, which Django
    would otherwise refuse. Browser tests run last, so no other test runs with this set."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


DEMO_PASSWORD = "rgw-demo-2026"


@pytest.fixture
def demo_site(committed_demo):
    """The demo content, committed, so that the server's own threads see it."""


@pytest.fixture
def log_in(asgi_server):
    """log_in(page, username): signs in through the login form, as a person does."""

    def sign_in(page, username, password=DEMO_PASSWORD):
        page.goto(asgi_server + "/account/inloggen/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()

    return sign_in
