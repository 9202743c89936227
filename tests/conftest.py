import os
import uuid

import pytest

from accounts.models import OrganisationType, Role

from .factories import OrganisationFactory, UserFactory
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


@pytest.fixture(autouse=True)
def platform_language():
    """Every test starts in the platform's language. A request under /en/ leaves English active
    in the thread it ran in, and a later test must not inherit that."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def pytest_collection_modifyitems(config, items):
    """Browser tests last: Playwright keeps an event loop running in the main thread for the rest
    of the session, which the asyncio tests must not meet."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
