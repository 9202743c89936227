"""What is new in a discussion for each reader: the list counts the posts that came after the
newest one they were shown, the thread page marks them and leads to the first, and what they
wrote themselves or what the expert team hid is never new. Only the reader's own reading counts."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from accounts.models import Role
from discussions import actions
from discussions.models import Thread, ThreadReading

from .discussion_helpers import expert_team_moderator, said, signed_in, url
from .factories import UserFactory

pytestmark = pytest.mark.django_db

SUBJECT = "Perspectiefplan bij een verlenging"


@pytest.fixture
def thread(access_worker):
    return actions.start_thread(access_worker, SUBJECT, "Moet bij een verlenging een nieuw plan?")


def badge(client, title=SUBJECT):
    """What the list of discussions says is new in the thread, or None."""
    page = BeautifulSoup(client.get(url("threads")).content, "html.parser")
    for item in page.select(".thread-list__item"):
        if item.h2.a.get_text() == title:
            new = item.select_one(".status-badge--new")
            return new and new.get_text(" ", strip=True)
    raise AssertionError(f"{title} is not in the list")


def thread_page(client, thread):
    return BeautifulSoup(client.get(thread.get_absolute_url()).content, "html.parser")


def new_posts_on(page):
    """The text of each post the page marks new, and where its "go to the first" link leads."""
    marked = [
        post.select_one(".post__body").get_text(" ", strip=True)
        for post in page.select("article.post--new")
        if post.select_one(".post__new")
    ]
    jump = page.find("a", href=lambda href: href and href.startswith("#bericht-"))
    return marked, jump and (jump.get_text(" ", strip=True), jump["href"])


def test_the_list_and_the_thread_show_what_came_since_the_last_visit(
    thread, access_worker, provider
):
    reader = signed_in(provider)
    assert badge(reader) == "nog niet gelezen"
    first_visit = thread_page(reader, thread)
    assert new_posts_on(first_visit) == ([], None)  # on a first visit all of it is new
    assert badge(reader) is None

    first = actions.add_post(access_worker, thread.pk, "Bij ons wel.")
    actions.add_post(access_worker, thread.pk, "Behalve bij een korte verlenging.")
    assert badge(reader) == "2 nieuwe berichten"
    assert badge(signed_in(access_worker)) is None  # what one wrote is not new to oneself

    page = thread_page(reader, thread)
    marked, jump = new_posts_on(page)
    assert marked == ["Bij ons wel.", "Behalve bij een korte verlenging."]
    assert jump == ("2 nieuwe berichten sinds uw vorige bezoek: ga naar het eerste",
                    f"#bericht-{first.pk}")  # fmt: skip
    assert page.select_one(f"#bericht-{thread.posts.first().pk}.post--new") is None
    assert badge(reader) is None
    assert new_posts_on(thread_page(reader, thread)) == ([], None)  # seen now


def test_a_hidden_post_and_ones_own_reply_are_never_new(thread, access_worker, provider):
    reader = signed_in(provider)
    thread_page(reader, thread)
    hidden = actions.add_post(access_worker, thread.pk, "Bij de familie Jansen ging het mis.")
    actions.hide_post(expert_team_moderator(), hidden.pk, "Noemt een inwoner")
    assert badge(reader) is None
    actions.add_post(access_worker, thread.pk, "Een verlenging is geen nieuwe vraag.")
    actions.add_post(provider, thread.pk, "Eens.")
    # Replying means having read up to one's reply: what came before it is not new either.
    assert badge(reader) is None
    assert new_posts_on(thread_page(reader, thread)) == ([], None)


def test_the_english_list_and_page_say_it_in_english(thread, access_worker, provider):
    reader = signed_in(provider)
    english = lambda: BeautifulSoup(  # noqa: E731
        reader.get("/en" + url("thread", thread.pk)).content, "html.parser"
    )
    english()
    actions.add_post(access_worker, thread.pk, "Bij ons wel.")
    listed = BeautifulSoup(reader.get("/en" + url("threads")).content, "html.parser")
    assert listed.select_one(".status-badge--new").get_text(strip=True) == "1 new post"
    page = english()
    assert page.select_one(".post__new").get_text() == "new"
    assert page.find("a", string="1 new post since your last visit: go to it")


def test_mark_everything_read(thread, access_worker, provider):
    other = actions.start_thread(access_worker, "Triage", "Wie doet de triage?")
    reader = signed_in(provider)
    listed = BeautifulSoup(reader.get(url("threads")).content, "html.parser")
    form = listed.find("button", string="Alles als gelezen markeren").parent
    response = reader.post(form["action"], {"next": "/discussies/?wie=volg"}, follow=True)
    assert response.redirect_chain[-1][0] == "/discussies/?wie=volg"
    assert said(response) == ["Alle discussies zijn als gelezen gemarkeerd."]
    assert badge(reader) is None and badge(reader, "Triage") is None
    listed = BeautifulSoup(reader.get(url("threads")).content, "html.parser")
    assert listed.find("button", string="Alles als gelezen markeren") is None
    assert set(ThreadReading.objects.filter(user=provider).values_list("thread", flat=True)) == {
        thread.pk,
        other.pk,
    }
    # A thread the reader may not see is not touched (nor named).
    hidden_from_provider = actions.start_thread(
        access_worker, "Alleen gemeenten", "Tekst", visibility="municipalities"
    )
    reader.post(form["action"])
    assert not ThreadReading.objects.filter(user=provider, thread=hidden_from_provider).exists()


def test_posts_shown_live_are_marked_read_by_the_page(thread, access_worker, provider):
    reader = signed_in(provider)
    thread_page(reader, thread)
    live = actions.add_post(access_worker, thread.pk, "Bij ons wel.")
    later = actions.add_post(access_worker, thread.pk, "En nog iets.")
    address = url("thread_read", thread.pk)

    assert reader.post(address, {"tot": str(live.pk)}).status_code == 204
    assert badge(reader) == "1 nieuw bericht"
    reader.post(address, {"tot": str(thread.posts.first().pk)})  # an old tab: never back
    assert badge(reader) == "1 nieuw bericht"
    reader.post(address, {"tot": "999999999"})  # not beyond the newest post
    assert ThreadReading.objects.get(user=provider, thread=thread).last_post_id == later.pk
    assert reader.post(address, {"tot": "veel"}).status_code == 400
    assert reader.get(address).status_code == 405

    forged = Client(enforce_csrf_checks=True)
    forged.force_login(provider)
    assert forged.post(address, {"tot": str(later.pk)}).status_code == 403

    council = UserFactory(username="raadslid", role=Role.COUNCIL_MEMBER)
    closed_to_council = actions.start_thread(
        access_worker, "Alleen gemeenten", "Tekst", visibility="municipalities"
    )
    refused = signed_in(council).post(url("thread_read", closed_to_council.pk), {"tot": "1"})
    assert refused.status_code == 404


def test_the_list_reads_what_is_new_in_the_same_number_of_queries_for_more_threads(
    access_worker, provider
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reader = signed_in(provider)

    def queries_for_the_list():
        with CaptureQueriesContext(connection) as queries:
            assert reader.get(url("threads")).status_code == 200
        return len(queries)

    for number in range(3):
        actions.start_thread(access_worker, f"Vraag {number}", "Tekst")
    queries_for_the_list()  # what a first request caches (the session's user, content types)
    few = queries_for_the_list()
    for number in range(3, 12):
        made = actions.start_thread(access_worker, f"Vraag {number}", "Tekst")
        actions.add_post(access_worker, made.pk, "Nog iets.")
    assert queries_for_the_list() == few
    assert Thread.objects.count() == 12


def test_who_wrote_in_a_thread_before_has_read_it_up_to_their_newest_post(
    thread, access_worker, provider
):
    """The migration that brought readings: a thread someone took part in is not "not read yet"
    for them; what others wrote after their newest post is new."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("discussions.migrations.0006_thread_reading")
    actions.add_post(provider, thread.pk, "Bij ons niet.")
    actions.add_post(access_worker, thread.pk, "Waarom niet?")
    ThreadReading.objects.all().delete()  # as before readings were kept

    migration.read_up_to_what_one_wrote(apps, None)
    assert badge(signed_in(provider)) == "1 nieuw bericht"
    assert badge(signed_in(access_worker)) is None
    assert badge(signed_in(UserFactory(username="nieuw"))) == "nog niet gelezen"


def test_the_list_shows_only_the_threads_with_something_new_on_request(
    thread, access_worker, provider
):
    quiet = actions.start_thread(access_worker, "Rustige vraag", "Iemand?")
    mine = actions.start_thread(provider, "Mijn eigen vraag", "Wie weet het?")
    hidden_only = actions.start_thread(provider, "Alleen verborgen erbij", "Tekst")
    reader = signed_in(provider)
    thread_page(reader, thread), thread_page(reader, quiet)
    actions.add_post(access_worker, thread.pk, "Iets nieuws.")
    actions.add_post(provider, mine.pk, "Nog een vraag van mezelf.")
    secret = actions.add_post(access_worker, hidden_only.pk, "Bij de familie Jansen.")
    actions.hide_post(expert_team_moderator(), secret.pk, "Noemt een inwoner")
    never_opened = actions.start_thread(access_worker, "Nooit geopend", "Tekst")

    def listed(query):
        page = BeautifulSoup(reader.get(url("threads") + query).content, "html.parser")
        return sorted(a.get_text() for a in page.select(".thread-list__item h2 a")), page

    titles, page = listed("?nieuw=1")
    assert titles == sorted([SUBJECT, never_opened.title])
    assert page.select_one("#nieuw").has_attr("checked")
    assert listed("?nieuw=1&wie=mij")[0] == []
    reader.post(url("threads_read"))
    titles, page = listed("?nieuw=1")
    assert titles == []
    assert "Niets nieuw voor u bij deze keuze." in page.select_one(".thread-list").get_text()
    assert len(listed("")[0]) == 5
