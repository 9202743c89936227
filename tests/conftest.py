import os
import uuid
from io import StringIO

import pytest

from accounts.models import OrganisationType, Role

from .discussion_helpers import expert_team_moderator
from .factories import OrganisationFactory, UserFactory
from .postgres import connect, drop_database
from .servers import asgi_server  # noqa: F401 - a fixture for every test that needs a server


@pytest.fixture
def municipality(db):
    return OrganisationFactory(
        name="Gemeente Hoorn", slug="gemeente-hoorn", type=OrganisationType.MUNICIPALITY
    )


@pytest.fixture
def provider_org(db):
    return OrganisationFactory(
        name="Jeugdhulp Test", slug="jeugdhulp-test", type=OrganisationType.PROVIDER
    )


@pytest.fixture
def access_worker(municipality):
    return UserFactory(username="toegang", organisation=municipality, role=Role.ACCESS_STAFF)


@pytest.fixture
def provider(provider_org):
    return UserFactory(username="aanbieder", organisation=provider_org, role=Role.PROVIDER)


@pytest.fixture
def moderator(db):
    """The Regional Expert Team's moderator."""
    return expert_team_moderator()


@pytest.fixture(scope="module")
def demo_content_of_module(request, django_db_setup, django_db_blocker):
    """The demo content, loaded once for a test module in a transaction that is rolled back after
    its last test: loading it takes ~10 s, and a module's tests used to load it each. Each test
    runs in a savepoint inside that transaction (pytest-django's own), so what one test changes
    is gone for the next. Every test in the module must use it (the module's pytestmark), so that
    none sees it by the chance of its order; and none may be transactional, as that would commit
    inside the open transaction."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import transaction

    for item in request.session.items:
        if item.module is not request.module:
            continue
        marker = item.get_closest_marker("django_db")
        transactional = "transactional_db" in item.fixturenames or bool(
            marker and marker.kwargs.get("transaction")
        )
        if transactional or "demo" not in item.fixturenames:
            pytest.fail(
                f"{item.nodeid}: a module that shares the demo content has every test use it "
                "(pytestmark = pytest.mark.usefixtures('demo')) and none transactional"
            )
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock():
            call_command("load_demo_content", "--no-progress", stdout=StringIO())
        yield
    finally:  # after the module's last test, or a load that failed
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            cache.clear()


@pytest.fixture
def demo(demo_content_of_module, db):
    """The demo content (loaded once per module, see above), with an empty local cache: the demo's
    rows keep their keys from test to test, so a value cached by one test would otherwise meet
    the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def demo_template(django_db_setup, django_db_blocker):
    """A copy of the test database holding the demo content, as PostgreSQL's template for the
    tests that need it committed (`committed_demo`); dropped at the end of the session."""
    from django.db import connection

    template = {"name": f"{connection.settings_dict['NAME']}_demo", "made": False}
    yield template
    if template["made"]:
        with django_db_blocker.unblock(), connect("postgres") as admin:
            drop_database(admin, template["name"])


@pytest.fixture
def committed_demo(transactional_db, demo_template):
    """The demo content, committed, so that a server in another process sees it. Loading it
    takes 30-60 s; the first test that asks for it loads it and PostgreSQL keeps a copy of the
    database as a template, and each later one gets a fresh copy of that template in about a
    second (every connection to the test database is closed for it). The engine's index is
    rebuilt from the copy, so that it holds what the copy holds and nothing an earlier test
    added. What the test changes is flushed after it, as for every transactional test."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection, connections
    from psycopg import sql

    name = connection.settings_dict["NAME"]
    copy = sql.SQL("CREATE DATABASE {} TEMPLATE {}")
    if not demo_template["made"]:
        call_command("load_demo_content", "--no-progress", stdout=StringIO())
        connections.close_all()
        with connect("postgres") as admin:
            drop_database(admin, demo_template["name"])
            # A copy needs the database to itself: a connection that another thread of this
            # process left open (an async test's) is closed from the server's side.
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            admin.execute(copy.format(sql.Identifier(demo_template["name"]), sql.Identifier(name)))
        demo_template["made"] = True
        return
    from django.contrib.contenttypes.models import ContentType

    from search import service

    connections.close_all()
    with connect("postgres") as admin:
        drop_database(admin, name)
        admin.execute(copy.format(sql.Identifier(name), sql.Identifier(demo_template["name"])))
    ContentType.objects.clear_cache()
    cache.clear()
    service.rebuild()


@pytest.fixture
def page_cache(settings):
    """The shared cache as in production (Redis), switched on, with nothing from another test."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "platform_site.redis_cache.SharedPoolRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    # Nor a page another test left in the ASGI front's own copies (the version numbers of a new
    # cache start again where that test's did).
    from platform_site.asgi import application

    application.application_mapping["http"].pages.clear()


class DjangoRequests:
    """Counts the requests that entered Django."""

    def __init__(self):
        self.count = 0

    def __call__(self, **kwargs):
        self.count += 1


@pytest.fixture
def django_requests():
    from django.core.signals import request_started

    counter = DjangoRequests()
    request_started.connect(counter, dispatch_uid="test-django-requests")
    yield counter
    request_started.disconnect(dispatch_uid="test-django-requests")


@pytest.fixture(autouse=True)
def erasure_register(settings, tmp_path):
    """Each test erases into a register of its own (discussions.erasures), never the checkout's."""
    settings.ERASURE_REGISTER = tmp_path / "wisregister.jsonl"
    return settings.ERASURE_REGISTER


@pytest.fixture(autouse=True)
def platform_language():
    """Every test starts in the platform's language. A request under /en/ leaves English active
    in the thread it ran in, and a later test must not inherit that."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def no_connection_left_in_the_async_thread():
    """An async test that awaits `sync_to_async` opens a database connection in the one thread
    that runs such calls, and nothing closes it there: the outage tests, which cut every
    connection, would meet it dead, and at the end of the run it kept the test database from
    being dropped ("being accessed by other users"). So it is closed after each test."""
    yield
    from asgiref.sync import SyncToAsync
    from django.db import connections

    SyncToAsync.single_thread_executor.submit(connections.close_all).result()


def pytest_collection_modifyitems(config, items):
    """Browser tests last: Playwright keeps an event loop running in the main thread for the rest
    of the session, which the asyncio tests must not meet."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
