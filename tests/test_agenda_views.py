"""The agenda as its users see it: list and filters, item page, mijn taken, follow, calendar
feeds, and a constant number of queries at 10,000 items."""

import csv
import datetime
import io
import json
import re

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.db import connection
from django.forms.renderers import DjangoTemplates
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import formats, translation

from accounts.models import User
from agenda.demo import agenda_start
from agenda.models import AgendaItem, AgendaPart, CalendarToken, Status
from agenda.views import _filtered
from notifications.models import Follow

# Every test here runs on the demo content, loaded once for the module (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def login(client, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    return user


def _visit_reading(client, url, table):
    """The page at url, and whether making it read `table` (made afresh rather than shared)."""
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).text
    return page, any(f'"{table}"' in q["sql"] for q in queries.captured_queries)


def test_filter_by_part_theme_and_status(demo, client):
    html = client.get(
        "/agenda/?part=2&theme=segment-b-c-jeugd&status=in_uitvoering"
    ).content.decode()
    assert "2.1 Betere afbakening van segment B en C Jeugd" in html
    assert "2.2 Profielen" not in html
    assert "1.1 Perspectiefplan" not in html


def test_filter_by_tag_municipality_and_owner(demo, client):
    html = client.get("/agenda/?tag=resultatenmatrix").content.decode()
    assert "2.N9 Het resultaat stabilisatie" in html and "2.1 Betere" not in html
    html = client.get("/agenda/?municipality=gemeente-opmeer&owner=trekker").content.decode()
    assert "2.1 Betere afbakening" in html
    assert "2.1.1" not in html  # municipalities-only, and anonymous


def test_overdue_filter_lists_open_items_past_their_deadline(demo, client):
    html = client.get("/agenda/?overdue=on").content.decode()
    assert "3.1 Dashboard resultaatmeting" in html  # in uitvoering, deadline ten weeks in
    assert "3.4 Algemene projectleider" not in html  # realised


def test_list_writes_deadlines_as_dutch_readers_do_and_english_in_english(demo, client):
    AgendaItem.objects.filter(code="3.1").update(deadline=datetime.date(2021, 12, 31))
    dutch = client.get("/agenda/?overdue=on").content.decode()
    assert "31 dec 2021" in dutch and "31 Dec" not in dutch
    english = client.get("/en/agenda/?overdue=on").content.decode()
    assert "31 Dec. 2021" in english


def test_export_links_carry_the_lists_filters_but_not_its_page(demo, client):
    html = client.get("/agenda/?part=2&status=in_uitvoering&pagina=1").content.decode()
    assert 'href="/agenda/export.csv?part=2&amp;status=in_uitvoering"' in html
    assert 'href="/agenda/export.xlsx?part=2&amp;status=in_uitvoering"' in html


def test_list_shows_rolled_up_progress(demo, client):
    html = client.get("/agenda/?part=2&theme=segment-b-c-jeugd").content.decode()
    # 2.1 = average of 2.1.2 (10%) and, for members, 2.1.1 (50%); 2.1.3 has no figure.
    assert "30%" in html and "(berekend)" in html


def test_item_page_shows_milestones_decisions_and_dependencies(demo, client):
    item = AgendaItem.objects.get(code="2.1")
    html = client.get(item.get_absolute_url()).content.decode()
    assert "Evaluatie en besluit over opnieuw inkopen" in html
    # The amount in the page's own notation; only the source is text someone wrote.
    assert "€ 40.000 (Transformatiefonds)" in BeautifulSoup(html, "html.parser").get_text()
    assert "Blokkeert" in html and "1.3 Handreiking" in html
    html = client.get(AgendaItem.objects.get(code="3.4").get_absolute_url()).content.decode()
    assert "Madivosa" in html and "Afdelingshoofden met mandaat" in html


def test_item_page_says_when_an_item_has_no_deadline(demo, client):
    item = AgendaItem.objects.get(code="1.K1")  # started when the agenda did, no deadline
    html = " ".join(client.get(item.get_absolute_url()).content.decode().split())
    started = formats.date_format(agenda_start(), "j F Y")
    assert ">Startdatum</dt>" in html and f"{started}</dd>" in html
    assert ">Deadline</dt>" in html and "geen deadline</dd>" in html
    assert "– –" not in html


def test_item_page_hides_children_a_visitor_may_not_see(demo, client):
    item = AgendaItem.objects.get(code="2.1")
    assert "2.1.1 Trajectgerichte" not in client.get(item.get_absolute_url()).content.decode()
    login(client, "toegang")
    assert "2.1.1 Trajectgerichte" in client.get(item.get_absolute_url()).content.decode()


def test_update_form_only_for_those_who_may_change(demo, client):
    item = AgendaItem.objects.get(code="2.1")
    login(client, "aanbieder")
    assert "Opslaan" not in client.get(item.get_absolute_url()).content.decode()
    response = client.post(f"/agenda/punt/{item.pk}/bijwerken/", {"status": "vervallen"})
    assert response.status_code == 403
    login(client, "trekker")
    assert 'name="progress"' in client.get(item.get_absolute_url()).content.decode()


def test_those_who_cannot_change_an_item_are_told_who_can_and_may_still_follow_it(demo, client):
    item = AgendaItem.objects.get(code="2.1")

    def actions():
        page = BeautifulSoup(client.get(item.get_absolute_url()).content, "html.parser")
        return page.find("aside", attrs={"aria-labelledby": "actions-heading"})

    anonymous = actions()
    assert anonymous.h2.get_text() == "Volgen"
    login_link = anonymous.find("a", string="Log in")
    assert login_link["href"] == f"/account/inloggen/?next=/agenda/punt/{item.pk}/"

    login(client, "aanbieder")
    provider = actions()
    assert provider.h2.get_text() == "Volgen"
    assert "bijgewerkt door de eigenaar, de trekker, de werkgroep" in provider.get_text()
    assert provider.find("button", string="Volgen")
    assert not provider.find("input", attrs={"name": "progress"})

    login(client, "trekker")
    trekker = actions()
    assert trekker.h2.get_text() == "Bijwerken"
    assert "bijgewerkt door de eigenaar" not in trekker.get_text()
    assert trekker.find("input", attrs={"name": "progress"})


def test_two_people_edit_at_once_the_second_is_told_and_keeps_their_input(demo, client):
    from django.test import Client

    item = AgendaItem.objects.get(code="2.1.2")
    version = item.latest_revision_id
    first, second = Client(), Client()
    first.force_login(User.objects.get(username="trekker"))
    second.force_login(User.objects.get(username="segc.contract.1"))
    form = {
        "status": "in_uitvoering",
        "deadline": item.deadline.isoformat(),
        "status_reason": "",
        "version": version,
    }
    assert (
        first.post(f"/agenda/punt/{item.pk}/bijwerken/", {**form, "progress": 30}).status_code
        == 302
    )
    response = second.post(
        f"/agenda/punt/{item.pk}/bijwerken/",
        {**form, "progress": 45, "status_reason": "Mijn toelichting"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Tom Rekers heeft dit punt gewijzigd nadat u het opende" in html
    assert "Mijn toelichting" in html and 'value="45"' in html  # their input is still there
    assert AgendaItem.objects.get(pk=item.pk).progress == 30

    # Having seen the new state, they send their input again as the page holds it: it counts.
    page = BeautifulSoup(html, "html.parser")
    resent = {
        field["name"]: field.get("value", field.get_text())
        for field in page.select("form.update-form [name]")
        if field["name"] != "csrfmiddlewaretoken" and field.name != "select"
    }
    resent["status"] = page.select_one("form.update-form select[name=status] [selected]")["value"]
    assert int(resent["version"]) == AgendaItem.objects.get(pk=item.pk).latest_revision_id
    assert second.post(f"/agenda/punt/{item.pk}/bijwerken/", resent).status_code == 302
    assert AgendaItem.objects.get(pk=item.pk).progress == 45


def test_my_tasks_lists_own_and_working_group_items_by_urgency(demo, client):
    login(client, "werkgroeplid")
    html = client.get("/agenda/mijn-taken/").content.decode()
    assert "1.1.1 Richtlijnen" in html  # owner
    assert "1.1.2 Het proces" in html  # working group Perspectiefplan
    assert "2.1 Betere" not in html  # another working group
    assert html.index("Over de deadline") < html.index("1.1.1 Richtlijnen")


def test_my_tasks_update_goes_back_to_my_tasks(demo, client):
    login(client, "trekker")
    item = AgendaItem.objects.get(code="2.1.2")
    prefix = f"item{item.pk}-"
    response = client.post(
        f"/agenda/mijn-taken/{item.pk}/",
        {prefix + "status": "in_uitvoering", prefix + "progress": "35",
         prefix + "deadline": item.deadline.isoformat(), prefix + "status_reason": "",
         prefix + "version": item.latest_revision_id},
    )  # fmt: skip
    assert response["Location"] == "/agenda/mijn-taken/"
    item.refresh_from_db()
    assert (item.status, item.progress) == (Status.IN_PROGRESS, 35)


def test_follow_and_unfollow(demo, client):
    user = login(client, "toegang")
    item = AgendaItem.objects.get(code="1.2")
    client.post(f"/agenda/punt/{item.pk}/volgen/", {"follow": "1"})
    client.post(f"/agenda/punt/{item.pk}/volgen/", {"follow": "1"})
    # The demo's threads and proposals have their own follows; these are the item's.
    assert Follow.objects.of(item).filter(user=user).count() == 1
    assert "Niet meer volgen" in client.get(item.get_absolute_url()).content.decode()
    client.post(f"/agenda/punt/{item.pk}/volgen/", {"follow": "0"})
    assert not Follow.objects.of(item).filter(user=user).exists()


def test_calendar_feed_lists_my_deadlines_and_milestones(demo, client):
    token = CalendarToken.for_user(User.objects.get(username="trekker")).token
    response = client.get(f"/agenda/agenda/{token}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "Deadline 2.1 Betere afbakening" in body
    assert "Mijlpaal: Uitvoering in de praktijk (2.1)" in body
    deadline = AgendaItem.objects.get(code="2.1").deadline
    assert f"DTSTART;VALUE=DATE:{deadline:%Y%m%d}" in body
    assert "1.1.1 Richtlijnen" not in body  # not the trekker's


def test_working_group_feed_needs_membership(demo, client):
    member = CalendarToken.for_user(User.objects.get(username="werkgroeplid")).token
    outsider = CalendarToken.for_user(User.objects.get(username="aanbieder")).token
    assert client.get(f"/agenda/agenda/{member}/werkgroep/perspectiefplan.ics").status_code == 200
    assert client.get(f"/agenda/agenda/{outsider}/werkgroep/perspectiefplan.ics").status_code == 404
    assert client.get("/agenda/agenda/geen-token.ics").status_code == 404


def _bulk_items(count):
    part = AgendaPart.objects.get(number=1)
    AgendaItem.objects.bulk_create(
        AgendaItem(part=part, code=f"9.{n:05d}", title=f"Gegenereerd punt {n}", visibility="public",
                   deadline=datetime.date(2027, 1, 1))
        for n in range(count)
    )  # fmt: skip


def _count_queries(client, url):
    client.get(url)  # warm the per-process caches (content types, site) first
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/agenda/", "/agenda/?part=1&status=niet_gestart&overdue=on"])
def test_agenda_list_queries_do_not_grow_with_10000_items(demo, client, url):
    login(client, "projectleider")
    few = _count_queries(client, url)
    _bulk_items(10_000)
    assert _count_queries(client, url) == few
    assert AgendaItem.objects.count() > 10_000


def test_the_list_reads_each_filters_choices_in_one_round_trip(demo, client):
    """Django reads a model choice list through a server-side cursor on PostgreSQL: declare,
    fetch and close, three round trips for a few dozen names, on six lists of every agenda
    page that no cache holds."""
    login(client, "projectleider")
    client.get("/agenda/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/agenda/").text
    assert not [q["sql"] for q in queries.captured_queries if "CURSOR" in q["sql"]]
    assert "Perspectiefplan</option>" in page and "Gemeente Hoorn</option>" in page


def test_item_page_queries_do_not_grow_with_10000_items(demo, client):
    login(client, "trekker")
    url = AgendaItem.objects.get(code="2.1").get_absolute_url()
    few = _count_queries(client, url)
    _bulk_items(10_000)
    assert _count_queries(client, url) == few


def test_the_item_page_is_shared_by_visibility_and_follows_every_change(
    demo, client, page_cache, django_capture_on_commit_callbacks
):
    """Beside the item itself, its page (parts, links, milestones, working group, trail and
    history) is the same for everyone who may see the same items: shared by them, so a second
    visit reads none of it. A provider never gets what a municipality colleague was shown,
    each person keeps their own form and follow button, and a change shows on the next visit."""
    from discussions.actions import add_post, start_thread

    from .agenda_helpers import published_item

    parent = AgendaItem.objects.get(code="2.1")
    url = parent.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        hidden = published_item(
            code="2.1.9", title="Gemeentelijk onderdeel", parent=parent, part=parent.part,
            visibility="municipalities",
        )  # fmt: skip

    def visit():
        return _visit_reading(client, url, "agenda_milestone")

    login(client, "projectleider")
    page, made = visit()
    assert made and "Gemeentelijk onderdeel" in page and 'name="progress"' in page
    page, made = visit()
    assert not made and "Gemeentelijk onderdeel" in page and 'name="progress"' in page

    login(client, "aanbieder")
    page, _made = visit()
    assert "Evaluatie en besluit over opnieuw inkopen" in page  # a milestone, for everyone
    assert "Gemeentelijk onderdeel" not in page and 'name="progress"' not in page

    login(client, "projectleider")
    with django_capture_on_commit_callbacks(execute=True):
        hidden.milestones.create(title="Nieuwe mijlpaal", due_date=datetime.date(2031, 1, 1))
        hidden.save()  # as the admin saves an item with its milestones
        parent.milestones.create(title="Tweede evaluatie", due_date=datetime.date(2031, 1, 1))
        parent.save()
    page, made = visit()
    assert made and "Tweede evaluatie" in page

    lead = User.objects.get(username="projectleider")
    with django_capture_on_commit_callbacks(execute=True):
        thread = start_thread(lead, "Discussie over de afbakening", "Wat vinden jullie?")
        thread.agenda_item = parent
        thread.save()
    assert "Discussie over de afbakening" in visit()[0]
    with django_capture_on_commit_callbacks(execute=True):
        add_post(lead, thread.pk, "Een reactie verandert het punt niet.")
    assert not visit()[1]  # the facts stay shared; the trail is made again

    with translation.override("en"):
        english = client.get("/en" + url).text
    assert "Milestones" in english and "Tweede evaluatie" in english


def test_moderator_edits_agenda_items_in_the_wagtail_admin(demo, client):
    login(client, "moderator")
    item = AgendaItem.objects.get(code="2.1")
    assert client.get("/admin/snippets/agenda/agendaitem/").status_code == 200
    html = client.get(f"/admin/snippets/agenda/agendaitem/edit/{item.pk}/").content.decode()
    assert "Betere afbakening van segment B en C Jeugd" in html
    # The form is one set of four tabs with a panel each: a set inside another left the outer
    # one without panels of its own, and the admin's tab script stopped with an error. And no
    # editor's e-mail goes to Gravatar for an avatar.
    page = BeautifulSoup(html, "html.parser")
    (tabs,) = page.find_all(attrs={"data-controller": re.compile(r"\bw-tabs\b")})
    assert len(tabs.find_all(attrs={"data-w-tabs-target": "panel"})) == 4
    assert "gravatar.com" not in html
    history = client.get(f"/admin/snippets/agenda/agendaitem/history/{item.pk}/")
    assert history.status_code == 200


def test_update_never_redirects_to_another_site(demo, client):
    login(client, "trekker")
    item = AgendaItem.objects.get(code="2.1.3")
    response = client.post(
        f"/agenda/punt/{item.pk}/bijwerken/",
        {"status": "niet_gestart", "progress": "5", "deadline": item.deadline.isoformat(),
         "version": item.latest_revision_id, "next": "https://evil.example/"},
    )  # fmt: skip
    assert response["Location"] == item.get_absolute_url()


def test_part_totals_are_shared_per_visibility_and_follow_a_change(
    demo, client, page_cache, django_capture_on_commit_callbacks
):
    """The totals per part count every visible item (tens of thousands at full volume), so they
    are cached; a provider must never get the totals a municipality colleague sees, and a new
    item counts as soon as it is published."""
    from .agenda_helpers import published_item

    def shown_and_expected(username):
        user = login(client, username)
        page = client.get("/agenda/").text
        part = AgendaPart.objects.with_item_counts(user).get(number=1)
        return page, f"{part.realised_count} van {part.item_count} gerealiseerd"

    published_item(  # for municipalities only: counted for the lead, not for a provider
        code="1.98", part=AgendaPart.objects.get(number=1), visibility="municipalities"
    )
    page, lead_totals = shown_and_expected("projectleider")
    assert lead_totals in page
    page, provider_totals = shown_and_expected("aanbieder")
    assert provider_totals != lead_totals
    assert provider_totals in page and lead_totals not in page

    with django_capture_on_commit_callbacks(execute=True):
        published_item(code="1.99", part=AgendaPart.objects.get(number=1), visibility="public")
    page, new_totals = shown_and_expected("projectleider")
    assert new_totals != lead_totals and new_totals in page


def test_the_shared_list_follows_every_change_at_once_and_never_crosses_visibility(
    demo, client, page_cache, django_capture_on_commit_callbacks
):
    """The filters, rows and pages of the list are shared by everyone who may see the same
    items: a provider never gets a list a municipality colleague rendered, a change shows on
    the next visit, and each person still gets their own links and their own page around it."""
    from .agenda_helpers import published_item

    url = "/agenda/?q=Gemeentelijk+werkpunt"
    part = AgendaPart.objects.get(number=1)
    with django_capture_on_commit_callbacks(execute=True):
        item = published_item(
            code="1.97", title="Gemeentelijk werkpunt", part=part, visibility="municipalities"
        )

    row = f'href="{item.get_absolute_url()}"'
    login(client, "projectleider")
    lead_page = client.get(url).text
    assert row in lead_page
    assert "1 agendapunt" in lead_page and "Overzicht importeren" in lead_page

    provider = login(client, "aanbieder")
    provider_page = client.get(url).text
    assert row not in provider_page
    assert "0 agendapunten" in provider_page and "Overzicht importeren" not in provider_page
    assert str(provider) in provider_page  # their own name in the header

    login(client, "projectleider")
    with django_capture_on_commit_callbacks(execute=True):
        item.status = Status.REALISED
        item.save_revision().publish(skip_permission_checks=True, log_action=False)
    changed = client.get(url).text
    assert "status-badge--gerealiseerd" in changed
    assert "status-badge--gerealiseerd" not in lead_page


def test_a_post_in_a_discussion_keeps_the_shared_list_and_an_agenda_change_renews_it(
    demo, client, page_cache, django_capture_on_commit_callbacks
):
    """People post far more often than the agenda changes: a post leaves the shared list as it
    was (the next visit reads no item), a new label on an item shows on the next visit."""
    from discussions.actions import add_post
    from discussions.models import Thread

    url = "/agenda/?domain=jeugd"

    def visit():
        return _visit_reading(client, url, "agenda_agendaitem")

    lead = login(client, "projectleider")
    assert visit()[1]  # made afresh the first time
    assert not visit()[1]  # then shared

    thread = Thread.objects.visible_to(lead).first()
    with django_capture_on_commit_callbacks(execute=True):
        add_post(lead, thread.pk, "Een bericht dat niets aan de agenda verandert.")
    page, made = visit()
    assert not made

    item = AgendaItem.objects.get(code="2.1")
    with django_capture_on_commit_callbacks(execute=True):
        item.tags.add("Nieuw label voor de lijst")
        item.save()
    page, made = visit()
    assert made and "Nieuw label voor de lijst" in page


def test_a_renamed_owner_shows_on_the_shared_list_and_a_login_keeps_it(
    demo, client, page_cache, django_capture_on_commit_callbacks
):
    """The rows show their owner's name: a person renamed shows so on the next visit, while a
    login, which saves the person's row too, leaves the shared list as it was."""
    url = "/agenda/?domain=jeugd"

    def visit():
        return _visit_reading(client, url, "agenda_agendaitem")

    owner = AgendaItem.objects.get(code="2.1").owner
    login(client, "projectleider")
    page, made = visit()
    assert made and str(owner) in page

    with django_capture_on_commit_callbacks(execute=True):
        login(client, owner.username)  # saves last_login
        login(client, "projectleider")
    page, made = visit()
    assert not made

    with django_capture_on_commit_callbacks(execute=True):
        owner.last_name = "Rekers-Visser"
        owner.save()
    page, made = visit()
    assert made and "Rekers-Visser" in page


def _order(text, codes):
    """Where each code first stands in text, as a code (not a prefix of a longer one)."""
    import re

    return [re.search(rf"(?<![\w.]){re.escape(code)}(?![\w.])", text).start() for code in codes]


NATURAL = ["1.1", "1.1.1", "1.4", "1.K1", "2.3", "2.K2", "2.N1", "2.N2", "2.N9", "2.N10", "2.N13"]


def test_codes_are_listed_as_people_read_them(demo, client):
    """2.N2 before 2.N10, on the list, in the export, in the API and in the admin."""
    positions = _order(client.get("/agenda/").content.decode(), NATURAL)
    assert positions == sorted(positions)
    export = client.get("/agenda/export.csv").content.decode("utf-8-sig")
    exported = [row["code"] for row in csv.DictReader(io.StringIO(export), delimiter=";")]
    positions = [exported.index(code) for code in NATURAL]
    assert positions == sorted(positions)

    login(client, "moderator")
    part = AgendaPart.objects.get(number=2)
    admin = client.get(f"/admin/snippets/agenda/agendaitem/?part={part.pk}&ordering=sort_code")
    positions = _order(admin.content.decode(), ["2.3", "2.K2", "2.N2", "2.N9", "2.N10"])
    assert positions == sorted(positions)
    assert "ordering=-sort_code" in admin.content.decode()  # the code header turns the order
    edit = f"/admin/snippets/agenda/agendaitem/edit/{AgendaItem.objects.get(code='2.N10').pk}/"
    assert edit in admin.content.decode()  # and a code still opens its item

    # A code that changes takes its new place.
    item = AgendaItem.objects.get(code="2.N2")
    item.code = "2.N14"
    item.save(update_fields=["code"])
    positions = _order(client.get("/agenda/?part=2").content.decode(), ["2.N13", "2.N14"])
    assert positions == sorted(positions)


def test_the_list_follows_a_part_that_is_renumbered_or_an_item_that_moves(demo, client):
    """The list orders by part and code from the item's own copy of its part's number (one
    index): a renumbered part takes its items along, an item moved to another part goes too."""
    positions = _order(client.get("/agenda/").text, ["1.K1", "2.1", "3.1"])
    assert positions == sorted(positions)
    first = AgendaPart.objects.get(number=1)
    first.number = 4
    first.save()
    positions = _order(client.get("/agenda/").text, ["2.1", "3.1", "1.K1"])
    assert positions == sorted(positions)

    item = AgendaItem.objects.get(code="3.1")
    item.part = AgendaPart.objects.get(number=2)
    item.save(update_fields=["part"])
    positions = _order(client.get("/agenda/").text, ["2.1", "3.1", "3.2", "1.K1"])
    assert positions == sorted(positions)
    login(client, "projectleider")
    api = client.get("/api/v1/agenda-items/?part=2")
    assert "3.1" in [row["code"] for row in api.json()["results"]]


def test_the_list_orders_by_deadline_or_status_and_the_export_follows(demo, client):
    # A realised item with the oldest deadline of all: nothing is due, so it comes after the
    # open items.
    AgendaItem.objects.filter(code="3.4").update(deadline=datetime.date(2021, 1, 1))
    by_deadline = client.get("/agenda/?order=deadline").content.decode()
    # In the memo's calendar 30 Nov 2021, 31 Dec 2021, 31 Mar 2022, 18 Oct 2022, then those
    # without a deadline, then the realised one.
    positions = _order(by_deadline, ["3.1.1", "3.1", "1.1.1", "2.2", "1.K1", "3.4"])
    assert positions == sorted(positions)
    assert "gekozen" not in by_deadline  # an order is not a filter

    export = client.get("/agenda/export.csv?order=deadline").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(export), delimiter=";"))
    assert rows[-1]["code"] == "3.4"
    deadlines = [row["deadline"] for row in rows[:-1]]
    dated = [d for d in deadlines if d]
    assert dated == sorted(dated) and deadlines == dated + [""] * (len(deadlines) - len(dated))

    by_status = client.get("/agenda/?order=status&part=1").content.decode()
    # niet gestart, in voorbereiding, in uitvoering; within a status, by code.
    positions = _order(by_status, ["1.1.2", "1.2", "1.1", "1.1.1", "1.1.3"])
    assert positions == sorted(positions)
    assert "(1 gekozen)" in by_status


def test_an_unknown_filter_value_is_named_and_the_list_still_shows(demo, client):
    response = client.get("/agenda/?order=klaar&status=af")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_order_error"' in html and 'aria-describedby="id_order_error"' in html
    assert "klaar is geen beschikbare keuze" in html and "af is geen beschikbare keuze" in html
    positions = _order(html, ["1.1", "1.1.1", "1.2"])  # by code, unfiltered
    assert positions == sorted(positions) and "35 agendapunten" in html


def test_people_are_chosen_in_a_searchable_chooser_not_a_list_of_every_user(demo, client):
    """An item's owner, trekker and department head were selects listing every user: 2,000
    options each at the region's volume. The admin now opens a paged chooser that finds a person
    by name, username or organisation; the edit form stays the same size however many people
    there are."""
    from accounts.models import Organisation

    login(client, "moderator")
    item = AgendaItem.objects.get(code="2.1")
    edit = f"/admin/snippets/agenda/agendaitem/edit/{item.pk}/"
    before = client.get(edit).text
    other = Organisation.objects.get(slug="gemeente-opmeer")
    User.objects.bulk_create(
        User(username=f"extra{n}", first_name="Extra", last_name=f"Persoon {n}", organisation=other)
        for n in range(300)
    )
    after = client.get(edit).text
    assert after.count("<option") == before.count("<option")
    assert "Extra Persoon" not in after
    assert 'id="id_owner-chooser"' in after and "Tom Rekers" in after  # the chosen owner shows

    found = client.get("/admin/person_chooser/results/", {"q": "hoorn"}).text
    assert "Tom Rekers" in found and "Gemeente Hoorn" in found and "Trekker" in found
    assert "Aylin Bieder" not in found  # a provider, not in Hoorn
    found = client.get("/admin/person_chooser/results/", {"q": "extra persoon 17"}).text
    assert "Extra Persoon 17" in found and "Extra Persoon 18" not in found
    paged = client.get("/admin/person_chooser/results/", {"q": "extra"}).text
    assert paged.count("Extra Persoon") == 25  # a page at a time

    # The department head's field takes department heads only, and its chooser lists only them.
    heads = "/admin/person_chooser/?role=department_head"
    assert json.dumps(heads)[1:-1] in after
    listed = client.get(heads).json()["html"]
    assert "Anouk Hofman" in listed and "Tom Rekers" not in listed and "Extra" not in listed
    assert "Kies een afdelingshoofd" in listed  # the chooser says what it is choosing
    next_page = client.get("/admin/person_chooser/results/", {"role": "department_head"}).text
    assert "Anouk Hofman" in next_page and "Tom Rekers" not in next_page

    # Owner and trekker must act on the item: their chooser leaves out who only reads along
    # (a council member), as the handbook page owner's does; the plain chooser lists everyone.
    actors = "/admin/person_chooser/?actor=1"
    assert json.dumps(actors)[1:-1] in after
    from handbook.models import GuidancePage

    page = GuidancePage.objects.get(slug="perspectiefplan")
    assert json.dumps(actors)[1:-1] in client.get(f"/admin/pages/{page.pk}/edit/").text
    assert "Roos Aadsma" in client.get("/admin/person_chooser/results/", {"q": "aadsma"}).text
    assert "Roos Aadsma" not in client.get(actors).json()["html"]
    found = client.get("/admin/person_chooser/results/", {"q": "aadsma", "actor": "1"}).text
    assert "Roos Aadsma" not in found
    found = client.get("/admin/person_chooser/results/", {"q": "rekers", "actor": "1"}).text
    assert "Tom Rekers" in found


def test_the_part_filter_has_no_dutch_interface_word_on_the_english_site(demo, client):
    """The parts read "Deel 1 – Uitvoeringspraktijk" in the filters on the English site too. Under
    the label "Part" they read "1 – Uitvoeringspraktijk", all of it written on the platform (and
    marked Dutch there); the part's name elsewhere says "Part 1"."""
    login(client, "projectleider")
    for prefix in ("", "/en"):
        for path in ("/agenda/", "/voortgang/", "/voorstellen/nieuw/"):
            page = BeautifulSoup(client.get(prefix + path).content, "html.parser")
            select = page.find("select", attrs={"name": ["part", "deel", "affected_part"]})
            options = [option.get_text(strip=True) for option in select.find_all("option")]
            assert options[1] == "1 – Uitvoeringspraktijk", prefix + path
    part = AgendaPart.objects.get(number=1)
    for language, word in (("nl", "Deel"), ("en", "Part")):
        with translation.override(language):
            assert str(part) == f"{word} 1 – Uitvoeringspraktijk"  # admin, exports, calendar


def test_filter_choices_written_in_dutch_are_marked_dutch_on_the_english_site(demo, client):
    """Parts, themes, working groups and labels are written on the platform, in Dutch: on the
    English site a screen reader must read them as Dutch (WCAG 3.1.2), as the pages that show
    them do."""
    login(client, "projectleider")
    for prefix, marked in (("/en", {"nl"}), ("", {None})):
        page = BeautifulSoup(client.get(prefix + "/agenda/").content, "html.parser")
        for name in ("part", "theme", "working_group", "tag"):
            options = page.find("select", attrs={"name": name}).find_all("option")
            assert options[0].get("lang") is None  # "All themes": the interface's own words
            assert len(options) > 1 and {o.get("lang") for o in options[1:]} == marked, name


def test_the_agenda_filter_shows_the_choices_django_templates_give(client):
    """The agenda's filter as the project lead meets it in English, select box for select box:
    the site's form renderer writes them out in Python (platform_site/form_renderer.py)."""
    lead = login(client, "projectleider")
    page = BeautifulSoup(client.get("/en/agenda/?status=in_uitvoering").content, "html.parser")
    shown = {select["name"]: str(select) for select in page.select("form select")}

    request = RequestFactory().get("/en/agenda/", {"status": "in_uitvoering"})
    request.user = lead
    with translation.override("en"):
        form = _filtered(request).form
        form.renderer = DjangoTemplates()
        expected = {
            field.html_name: str(BeautifulSoup(str(field), "html.parser").select_one("select"))
            for field in form
            if isinstance(field.field.widget, forms.Select)
        }
    assert len(expected) >= 8
    assert shown == expected
    status = BeautifulSoup(shown["status"], "html.parser")
    assert status.find("option", selected=True)["value"] == "in_uitvoering"
    theme = BeautifulSoup(shown["theme"], "html.parser").find_all("option")
    assert theme[1]["lang"] == "nl"  # a theme is written in Dutch


def test_each_row_names_kind_domain_and_status_in_the_readers_language(client):
    item = AgendaItem.objects.get(code="2.1")
    item.status, item.domain = Status.IN_PROGRESS, "beide"
    item.save()
    rows = {
        language: BeautifulSoup(client.get(f"{prefix}/agenda/?q=2.1").text, "html.parser")
        for language, prefix in (("nl", ""), ("en", "/en"))
    }
    dutch = rows["nl"].select_one("tbody tr").get_text(" ", strip=True)
    english = rows["en"].select_one("tbody tr").get_text(" ", strip=True)
    assert "In uitvoering" in dutch and "Jeugd en Wmo" in dutch
    assert "In progress" in english and "Youth and social support" in english
    with translation.override("nl"):
        assert item.get_kind_display() in dutch
    with translation.override("en"):
        assert item.get_kind_display() in english
        item.status = "onbekend"  # a value no choice has (an old import): shown as it is
        assert item.get_status_display() == "onbekend"


def test_the_filters_choices_are_read_once_for_every_list_and_follow_a_change(
    demo, client, page_cache, django_capture_on_commit_callbacks
):
    """The filter's lists of choices (parts, themes, owners, working groups, municipalities,
    labels) are the same whatever is filtered: a list nobody asked for yet reads them only once
    for everyone, until the agenda, its labels or the people in it change."""
    login(client, "projectleider")
    page, read = _visit_reading(client, "/agenda/?domain=jeugd", "taggit_tag")
    assert read
    page, read = _visit_reading(client, "/agenda/?domain=wmo", "taggit_tag")  # made afresh
    assert not read and 'name="tag"' in page

    def choices(name):
        page = BeautifulSoup(client.get("/agenda/?status=in_uitvoering").text, "html.parser")
        return [(o["value"], o.get_text()) for o in page.select(f"select[name={name}] option")]

    newcomer = User.objects.get(username="deskundige")
    assert newcomer.username not in dict(choices("owner"))
    item = AgendaItem.objects.get(code="2.1")
    with django_capture_on_commit_callbacks(execute=True):
        item.tags.add("Label uit de keuzelijst")
        item.owner = newcomer
        item.save()
    assert "Label uit de keuzelijst" in dict(choices("tag")).values()
    assert dict(choices("owner"))[newcomer.username] == str(newcomer)
    listed = client.get(f"/agenda/?owner={newcomer.username}").text
    assert "2.1 Betere afbakening" in listed and 'role="status">1 agendapunt</p>' in listed


def test_an_item_a_proposal_was_adopted_into_stays_when_the_admin_deletes_it(demo, client):
    """The demo's proposal "Geen perspectiefplan bij een eenmalig consult" was taken up in 1.1.1;
    its trail points there. Deleting that item, alone or with others, is refused with the reason
    and what to do instead; an item nothing was adopted into still goes."""
    from discussions.models import Proposal

    login(client, "beheerder")
    adopted = AgendaItem.objects.get(code="1.1.1")
    assert Proposal.objects.get(agenda_item=adopted).title == (
        "Geen perspectiefplan bij een eenmalig consult"
    )
    refusal = (
        "Agendapunt 1.1.1 blijft staan: verbetervoorstel “Geen perspectiefplan bij een eenmalig "
        "consult” is erin overgenomen"
    )
    asked = client.get(f"/admin/snippets/agenda/agendaitem/delete/{adopted.pk}/", follow=True)
    assert refusal in asked.text
    response = client.post(f"/admin/snippets/agenda/agendaitem/delete/{adopted.pk}/", follow=True)
    assert response.status_code == 200 and refusal in response.text
    assert response.redirect_chain[-1][0] == f"/admin/snippets/agenda/agendaitem/edit/{adopted.pk}/"

    other = AgendaItem.objects.get(code="3.5")
    bulk = f"/admin/bulk/agenda/agendaitem/delete/?id={other.pk}&id={adopted.pk}"
    response = client.post(bulk, follow=True)
    assert refusal in response.text
    assert AgendaItem.objects.filter(pk__in=[adopted.pk, other.pk]).count() == 2

    client.post(f"/admin/snippets/agenda/agendaitem/delete/{other.pk}/")
    assert not AgendaItem.objects.filter(pk=other.pk).exists()


def test_a_setback_says_how_many_dependent_items_get_a_waterbed_signal(demo, client):
    """2.1 slips in two ways, a step back in status and a later deadline: two reasons, one item
    that depends on it (1.3, which it blocks). The warning counts the items."""
    import datetime

    from agenda.models import WaterbedEvent

    login(client, "trekker")
    item = AgendaItem.objects.get(code="2.1")
    response = client.post(
        f"/agenda/punt/{item.pk}/bijwerken/",
        {
            "status": "in_voorbereiding",
            "deadline": (item.deadline + datetime.timedelta(days=60)).isoformat(),
            "status_reason": "Het adviesteam is nog niet samengesteld.",
            "version": item.latest_revision_id,
        },
        follow=True,
    )
    events = WaterbedEvent.objects.filter(source=item)
    assert {e.affected.code for e in events} == {"1.3"} and events.count() == 2
    page = BeautifulSoup(response.content, "html.parser")
    said = [m.get_text(" ", strip=True) for m in page.select(".messages .utrecht-alert")]
    assert "Let op: 1 afhankelijk punt krijgt een waterbedsignaal." in said
