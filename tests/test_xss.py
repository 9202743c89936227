"""Every XSS payload of the corpus, through titles, posts, tags, proposals and the search box:
what the pages serve carries no active markup (the browser test proves none runs)."""

import pytest
from django.urls import reverse

from .xss import (
    PAYLOADS,
    active_markup,
    load_payloads,
    make_payload_chapters_in_the_admin,
    payload_import_file,
)

pytestmark = pytest.mark.django_db


def test_the_corpus_is_large_enough():
    assert len(PAYLOADS) >= 50


def test_the_check_finds_active_markup():
    assert active_markup('<img src=x onerror="alert(1)">')
    assert active_markup('<a href="javascript:alert(1)">')
    assert active_markup("<script>alert(1)</script>")
    assert not active_markup('<script src="/static/js/search.js" defer></script><p>tekst</p>')


def test_no_payload_survives_into_a_page(client, access_worker, provider):
    threads, proposals = load_payloads(access_worker, provider)
    client.force_login(provider)
    pages = [reverse("discussions:threads"), reverse("discussions:proposals")]
    pages += [thread.get_absolute_url() for thread in threads]
    pages += [proposal.get_absolute_url() for proposal in proposals[:10]]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert active_markup(response.text) == [], path


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_search_box_echoes_no_payload(client, access_worker, payload, settings):
    settings.SEARCH_BACKEND = "database"
    client.force_login(access_worker)
    response = client.get(reverse("search:search"), {"q": payload})
    assert response.status_code == 200
    assert active_markup(response.text) == []
    suggestions = client.get(reverse("search:suggestions"), {"q": payload})
    assert suggestions.status_code == 200


def test_no_payload_survives_the_agenda_import(client):
    """Every payload as title, description and risks of an imported item: the review page, the
    agenda list and each item page serve no active markup."""
    from accounts.models import Role
    from agenda.models import AgendaItem, ImportRun

    from .factories import AgendaPartFactory, UserFactory

    AgendaPartFactory(number=1)
    lead = UserFactory(username="projectleider", role=Role.PROJECT_LEAD)
    client.force_login(lead)
    review = client.post("/agenda/import/", {"file": payload_import_file()}, follow=True)
    assert review.status_code == 200
    assert "Het bestand bevat fouten" not in review.text
    assert active_markup(review.text) == []
    client.post(f"/agenda/import/{ImportRun.objects.get().pk}/verwerken/")
    assert AgendaItem.objects.count() == len(PAYLOADS)

    pages = ["/agenda/", "/agenda/?pagina=2", "/agenda/?pagina=3"]
    pages += [item.get_absolute_url() for item in AgendaItem.objects.all()]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert active_markup(response.text) == [], path


def test_no_payload_survives_the_wagtail_admin(client):
    """A chapter of the handbook made through the admin, with each payload as its title and its
    introduction (rich text, links included): the published page serves no active markup."""
    from io import StringIO

    from django.core.management import call_command

    from accounts.models import User
    from handbook.models import HandbookIndexPage, HandbookSectionPage

    call_command("load_demo_content", "--no-progress", stdout=StringIO())
    editor = User.objects.get(username="beheerder")
    client.force_login(editor)
    index = HandbookIndexPage.objects.get()
    make_payload_chapters_in_the_admin(client, index)
    chapters = HandbookSectionPage.objects.filter(slug__startswith="xss-")
    assert chapters.count() == len(PAYLOADS)
    # Read as the access staff who use the handbook (an editor's pages also carry Wagtail's own
    # userbar scripts).
    client.force_login(User.objects.get(username="toegang"))
    for page in [index, *chapters]:
        response = client.get(page.url)
        assert response.status_code == 200, page.slug
        assert active_markup(response.text) == [], page.slug
