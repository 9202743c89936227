"""Every XSS payload of the corpus, through titles, posts, tags, proposals and the search box:
what the pages serve carries no active markup (the browser test proves none runs)."""

import pytest
from django.urls import reverse

from .xss import PAYLOADS, active_markup, load_payloads

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
