"""'What changed in the handbook?': each publication of a page, newest first, compared word by
word with the one before it, with the agenda items it was made for, for everyone who reads the
handbook (it is public), in Dutch and English."""

import pytest
from bs4 import BeautifulSoup

from accounts.models import User
from agenda.models import AgendaItem
from handbook.models import GuidancePage, HandbookPage

# Every test here runs on the demo content, loaded once for the module (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

CHANGES = "/handreiking/wijzigingen/"


def sections(client, path=CHANGES):
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select("section.handbook-change")


def test_the_demo_revision_shows_what_it_added_and_why(demo, client):
    """The demo publishes the perspectiefplan page twice: the second time with a section more,
    for agenda item 1.1. The list shows that first, its added words underlined, the new
    section's heading set off from its text ("Minder bureaucratie: Beperk", not "Minder
    bureaucratie Beperk")."""
    [latest, *_rest] = sections(client)
    assert latest.h2.get_text(strip=True) == "Het perspectiefplan"
    added = " ".join(ins.get_text(" ", strip=True) for ins in latest.select("ins"))
    assert "Minder bureaucratie: Beperk" in added and "kortere doorlooptijd" in added
    assert not latest.select("del")
    assert latest.find("a", string=str(AgendaItem.objects.get(code="1.1")))
    first = [s for s in sections(client) if s.h2.get_text(strip=True) == "Het perspectiefplan"][1]
    assert "nieuw in de handreiking" in first.get_text()


def test_a_correction_shows_removed_and_added_words_and_a_new_title(demo, client):
    page = GuidancePage.objects.get(slug="regisseursrol")
    editor = User.objects.get(username="moderator")
    page.summary = page.summary.replace("één regiehouder", "één vaste regiehouder")
    page.title = "De rol van de regisseur"
    page.save_revision(user=editor).publish(user=editor)

    [latest, *_rest] = sections(client)
    assert latest.h2.get_text(strip=True) == "De rol van de regisseur"
    assert [ins.get_text(" ", strip=True) for ins in latest.select("ins")] == [
        "[toegevoegd: vaste ]"
    ]
    assert "Heette eerder: De regisseursrol" in latest.get_text(" ", strip=True)
    assert f"gepubliceerd door {editor}" in latest.get_text(" ", strip=True)

    # A publication that changed none of the text says so.
    page.refresh_from_db()
    page.review_date = None
    page.save_revision(user=editor).publish(user=editor)
    [latest, *_rest] = sections(client)
    assert "De tekst is niet veranderd" in latest.get_text()


def test_anyone_may_read_it_but_only_live_public_pages_and_visible_items_are_named(demo, client):
    page = HandbookPage.objects.get(slug="regisseursrol")
    page.unpublish()
    titles = [s.h2.get_text(strip=True) for s in sections(client)]
    assert "De regisseursrol" not in titles and "Het perspectiefplan" in titles
    # An agenda item for municipalities only is not named to someone who may not see it.
    item = AgendaItem.objects.get(code="1.1")
    item.visibility = "municipalities"
    item.save()
    [latest, *_rest] = sections(client)
    assert latest.find("a", string=str(item)) is None
    client.force_login(User.objects.get(username="toegang"))
    [latest, *_rest] = sections(client)
    assert latest.find("a", string=str(item))


def test_the_handbook_leads_there_and_it_reads_in_english(demo, client):
    index = BeautifulSoup(client.get("/handreiking/").content, "html.parser")
    assert index.find("a", string="Wat is er gewijzigd?")["href"] == CHANGES
    english = BeautifulSoup(client.get("/en" + CHANGES).content, "html.parser")
    assert english.h1.get_text() == "What changed in the handbook?"
    assert "new in the handbook" in english.get_text()


def test_the_list_is_paginated(demo, client):
    shown = sections(client)
    assert len(shown) == 20
    rest = sections(client, CHANGES + "?pagina=2")
    assert rest and {s.h2.get_text() for s in rest}.isdisjoint(
        {s.h2.get_text() for s in shown if "nieuw in de handreiking" in s.get_text()}
    )


def test_first_publications_can_be_left_out(demo, client):
    only = sections(client, CHANGES + "?aanpassingen=1")
    assert [s.h2.get_text(strip=True) for s in only] == ["Het perspectiefplan"]
    assert "nieuw in de handreiking" not in only[0].get_text()


def test_who_follows_a_page_hears_of_each_new_version(demo, client):
    from notifications.models import Kind, Notification

    page = GuidancePage.objects.get(slug="perspectiefplan")
    reader = User.objects.get(username="toegang")
    editor = User.objects.get(username="moderator")
    assert "volgen/" not in client.get(page.url).text  # nobody to tell: no button
    client.force_login(reader)
    shown = BeautifulSoup(client.get(page.url).content, "html.parser")
    button = shown.find("button", string="Volgen")
    assert button["aria-pressed"] == "false"
    response = client.post(button.parent["action"], {"follow": "1"}, follow=True)
    assert "U volgt deze pagina: u krijgt een melding als er een nieuwe versie is." in (
        response.text
    )
    assert BeautifulSoup(response.content, "html.parser").find("button", string="Niet meer volgen")

    page.summary += " Het plan is kort."
    page.save_revision(user=editor).publish(user=editor)
    told = Notification.objects.get(recipient=reader, kind=Kind.HANDBOOK)
    assert told.title == "Handreiking gewijzigd: Het perspectiefplan"
    assert told.title_translations["en"] == "Handbook changed: \ue000Het perspectiefplan\ue001"
    assert told.url == page.url

    client.post(button.parent["action"], {"follow": "0"})
    page.refresh_from_db()
    page.summary += " Echt."
    page.save_revision(user=editor).publish(user=editor)
    assert Notification.objects.filter(recipient=reader, kind=Kind.HANDBOOK).count() == 1


def test_only_a_live_page_can_be_followed_and_only_by_someone_signed_in(demo, client):
    page = GuidancePage.objects.get(slug="perspectiefplan")
    address = f"/handreiking/volgen/{page.pk}/"
    refused = client.post(address, {"follow": "1"})
    assert refused.status_code == 302 and "/account/inloggen/" in refused["Location"]
    client.force_login(User.objects.get(username="toegang"))
    assert client.get(address).status_code == 405
    page.unpublish()
    assert client.post(address, {"follow": "1"}).status_code == 404
    index = page.get_parent().get_parent()  # the handbook itself: not a page to follow
    assert client.post(f"/handreiking/volgen/{index.pk}/", {"follow": "1"}).status_code == 404


def test_a_page_leads_to_its_own_history(demo, client):
    page = GuidancePage.objects.get(slug="perspectiefplan")
    shown = BeautifulSoup(client.get(page.url).content, "html.parser")
    link = shown.find("a", string="wat veranderde er?")
    assert link["href"] == f"{CHANGES}?over={page.pk}"
    own = sections(client, link["href"])
    assert [s.h2.get_text(strip=True) for s in own] == ["Het perspectiefplan"] * 2
    listed = BeautifulSoup(client.get(link["href"]).content, "html.parser")
    assert listed.select_one("input[name=over]")["value"] == str(page.pk)
    assert len(sections(client, f"{CHANGES}?over=999999")) == 20  # unknown: all pages


def test_a_version_once_compared_is_not_read_back_from_its_revision_again(
    demo, client, django_assert_max_num_queries
):
    """Reading a version back from its revision costs about nine queries; the list of twenty
    publications read each on every visit (~190 queries, 168 ms at 10×)."""
    first = [s.get_text(" ", strip=True) for s in sections(client)]
    with django_assert_max_num_queries(15):
        again = [s.get_text(" ", strip=True) for s in sections(client)]
    assert again == first and len(first) == 20
