"""The page cache for visitors who are not signed in, on the real Redis as in production: a
second visit is served from the cache, a publish or any content change shows at once, and
signed-in people, forms and private pages are never served from it. The ASGI front that answers
repeat visits before Django is tested in test_page_cache_front.py."""

import pytest

from home.page_cache import HEADER

from .asgi_helpers import guidance_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_the_second_anonymous_visit_is_served_from_the_cache(page_cache, client):
    page = guidance_page()
    first = client.get(page.url)
    second = client.get(page.url)
    assert first[HEADER] == "miss" and second[HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Content-Security-Policy" in second


def test_a_published_change_shows_at_once(page_cache, client, django_capture_on_commit_callbacks):
    page = guidance_page()
    client.get(page.url)
    assert client.get(page.url)[HEADER] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Regie in de praktijk (herzien)"
        page.save_revision().publish()
    response = client.get(page.url)
    assert response[HEADER] == "miss"
    assert "Regie in de praktijk (herzien)" in response.text


def test_a_new_public_agenda_item_shows_on_the_cached_agenda_at_once(
    page_cache, client, django_capture_on_commit_callbacks
):
    from accounts.visibility import Visibility

    from .agenda_helpers import published_item

    client.get("/agenda/?q=Gegenereerd")
    assert client.get("/agenda/?q=Gegenereerd")[HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        published_item(title="Gegenereerd nieuw punt", visibility=Visibility.PUBLIC)
    assert "Gegenereerd nieuw punt" in client.get("/agenda/?q=Gegenereerd").text


def test_signed_in_people_are_never_served_from_the_cache(page_cache, client):
    from accounts.models import User

    page = guidance_page()
    client.get(page.url)
    client.get(page.url)
    client.force_login(User.objects.get(username="toegang"))
    response = client.get(page.url)
    assert HEADER not in response
    assert "Uitloggen" in response.text


def test_forms_searches_and_personal_pages_are_not_cached(page_cache, client):
    for path in ("/account/inloggen/", "/zoeken/?q=perspectiefplan", "/api/v1/agenda-items/"):
        client.get(path)
        assert HEADER not in client.get(path), path


def _middleware_around(view):
    from home.page_cache import AnonymousPageCacheMiddleware

    calls = []

    def get_response(request):
        calls.append(request.path)
        return view(request)

    return AnonymousPageCacheMiddleware(get_response), calls


def test_a_response_that_sets_a_cookie_or_carries_a_csrf_token_is_not_stored(page_cache, rf):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    def sets_cookie(request):
        response = HttpResponse("<p>hallo</p>")
        response.set_cookie("voorkeur", "1")
        return response

    def renders_csrf_token(request):
        return HttpResponse(f"<input name=csrfmiddlewaretoken value={get_token(request)}>")

    def plain(request):
        return HttpResponse("<p>voor iedereen</p>")

    for view, stored in ((sets_cookie, False), (renders_csrf_token, False), (plain, True)):
        middleware, calls = _middleware_around(view)
        path = f"/proef/{view.__name__}/"
        middleware(rf.get(path))
        second = middleware(rf.get(path))
        assert (second.get(HEADER) == "hit") is stored, view.__name__
        assert len(calls) == (1 if stored else 2), view.__name__


def test_a_request_with_a_session_cookie_skips_the_cache(page_cache, rf):
    from django.conf import settings
    from django.http import HttpResponse

    middleware, calls = _middleware_around(lambda request: HttpResponse("<p>x</p>"))
    middleware(rf.get("/proef/"))
    request = rf.get("/proef/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "iets"
    assert HEADER not in middleware(request)
    assert len(calls) == 2


def test_a_renamed_organisation_shows_at_once_and_a_login_keeps_the_cache(
    page_cache, client, django_capture_on_commit_callbacks
):
    """People and organisations are not content, but public pages show their names (here the
    agenda's municipality filter). A login saves the person's row too and changes no page."""
    from accounts.models import Organisation, User

    url = "/agenda/?domain=jeugd"
    assert "Gemeente Hoorn" in client.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(User.objects.get(username="projectleider"))
        client.logout()
    assert client.get(url)[HEADER] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        hoorn = Organisation.objects.get(name="Gemeente Hoorn")
        hoorn.name = "Gemeente Hoorn (West-Friesland)"
        hoorn.save()
    response = client.get(url)
    assert response[HEADER] == "miss"
    assert "Gemeente Hoorn (West-Friesland)" in response.text
