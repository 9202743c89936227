"""Every figure on the dashboard against hand-computed expectations on a small data set."""

import csv
import datetime
import io
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from agenda.models import AgendaPart, Decision, Dependency, DependencyKind, Kind, Status
from dashboard import figures
from discussions import actions as discussion_actions
from discussions.models import Proposal, ProposalStatus, ProposalTransition

from .agenda_helpers import agenda_people, published_item
from .factories import AgendaPartFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 1)
TODAY = datetime.date(2026, 7, 1)
D = datetime.date


@pytest.fixture
def agenda():
    """Deel 1 starts 1 January 2026 and aims at 80% within 10 months. Four recommendations count
    (two realised, on 1 March and 1 May); a dropped one and a knelpunt do not."""
    group, people = agenda_people()
    part = AgendaPartFactory(number=1, start_date=START, target_share=80, target_months=10)
    other = AgendaPartFactory(number=2, title="Inkoop", start_date=START)
    common = {"part": part, "working_group": group, "owner": people["trekker"]}
    items = {
        "a1": published_item(
            code="1.1", status=Status.REALISED, realised_on=D(2026, 3, 1), **common
        ),
        "a2": published_item(
            code="1.2", status=Status.REALISED, realised_on=D(2026, 5, 1), **common
        ),
        "a3": published_item(
            code="1.3", status=Status.IN_PROGRESS, progress=40, start_date=D(2026, 6, 1),
            deadline=D(2026, 7, 21), capacity_hours_per_week=20, **common,
        ),
        "a4": published_item(
            code="1.4", deadline=D(2026, 6, 15), start_date=START, capacity_hours_per_week=10,
            **common,
        ),
        "dropped": published_item(
            code="1.5", status=Status.DROPPED, status_reason="Niet meer nodig", **common
        ),
        "knelpunt": published_item(code="1.K", kind=Kind.KNELPUNT, **common),
        "other": published_item(code="2.1", part=other, status=Status.REALISED),
    }  # fmt: skip
    Dependency.objects.create(item=items["a3"], depends_on=items["a4"], kind=DependencyKind.BLOCKS)
    return part, items, people


def test_share_realised_counts_recommendations_that_are_not_dropped(agenda):
    part, _items, people = agenda
    (progress,) = figures.parts_progress(people["lead"], figures.Filters(part=1), TODAY)
    assert (progress.counted, progress.realised, progress.share) == (4, 2, 50.0)


def test_the_burn_up_and_the_target_line_month_by_month(agenda):
    _part, _items, people = agenda
    (progress,) = figures.parts_progress(people["lead"], figures.Filters(part=1), TODAY)
    assert progress.actual == [
        (D(2026, 1, 1), 0.0), (D(2026, 2, 1), 0.0), (D(2026, 3, 1), 25.0), (D(2026, 4, 1), 25.0),
        (D(2026, 5, 1), 50.0), (D(2026, 6, 1), 50.0), (D(2026, 7, 1), 50.0),
    ]  # fmt: skip
    # 80% over 10 months of 30.4375 days: 181 days in, the line stands at 47.6%.
    assert progress.target[0] == (START, 0.0)
    assert progress.target[-1] == (TODAY, 47.6)
    assert progress.target_date == D(2026, 11, 1)
    # The table under the chart: both lines per month; no target line, no target column value.
    assert progress.table_rows[0] == (START, 0.0, 0.0)
    assert progress.table_rows[-1] == (TODAY, 50.0, 47.6)
    (no_target,) = figures.parts_progress(people["lead"], figures.Filters(part=2), TODAY)
    assert no_target.table_rows and all(goal is None for *_, goal in no_target.table_rows)


def test_the_forecast_continues_the_pace_so_far(agenda):
    _part, _items, people = agenda
    (progress,) = figures.parts_progress(people["lead"], figures.Filters(part=1), TODAY)
    # 50% in 5.9466 months is 8.408% a month; 80% takes 9.5146 months = 290 days: 18 October.
    assert progress.forecast_date == D(2026, 10, 18)
    assert progress.on_track is True
    (late,) = figures.parts_progress(people["lead"], figures.Filters(part=1), D(2026, 10, 1))
    assert late.forecast_date == D(2027, 3, 14) and late.on_track is False


def test_overdue_and_at_risk_items(agenda):
    _part, items, people = agenda
    overdue, at_risk = figures.attention(people["lead"], figures.Filters(), TODAY)
    assert overdue == [items["a4"]]
    # 1.3 runs 1 June → 21 July: on 1 July it should be at 30/50 = 60%, it is at 40%.
    assert at_risk == [(items["a3"], 60)]
    # On 10 June 1.3 should be at 9/50 = 18% and has 40%; 1.4 (1 January → 15 June) should be
    # at 160/165 = 97% and has nothing.
    overdue, at_risk = figures.attention(people["lead"], figures.Filters(), D(2026, 6, 10))
    assert overdue == [] and at_risk == [(items["a4"], 97)]


def test_workload_against_agreed_hours(agenda):
    _part, _items, people = agenda
    groups, persons = figures.workload(people["lead"], figures.Filters())
    # Open items of the group ask 20 + 10 hours; the trekker (16) and member (8) agreed 24.
    assert [(g.name, g.needed, g.available, g.over) for g in groups] == [
        ("Werkgroep Segment C", 30.0, 24.0, True)
    ]
    assert [(p.name, p.needed, p.available) for p in persons] == [
        (str(people["trekker"]), 30.0, 16.0)
    ]


def test_the_proposal_funnel_and_time_to_decision(agenda):
    _part, items, people = agenda
    moderator = people["lead"]  # the project lead acts for the expert team
    made = []
    for title in ("Een", "Twee", "Drie"):
        proposal, _ = discussion_actions.submit_proposal(
            people["provider"],
            {"kind": "signaal", "title": title, "problem": "x", "domain": "jeugd"},
            uuid.uuid4(),
        )
        made.append(proposal)
    discussion_actions.change_proposal_status(
        moderator, made[0].pk, ProposalStatus.ADOPTED, ProposalStatus.SUBMITTED,
        agenda_item=items["a3"],
    )  # fmt: skip
    discussion_actions.change_proposal_status(
        moderator, made[1].pk, ProposalStatus.REJECTED, ProposalStatus.SUBMITTED, "Buiten scope"
    )
    # Decisions 4 and 10 days after submission: the median is 7 days.
    now = timezone.now()
    for proposal, days in ((made[0], 4), (made[1], 10)):
        Proposal.objects.filter(pk=proposal.pk).update(
            created_at=now - datetime.timedelta(days=days)
        )
        ProposalTransition.objects.filter(proposal=proposal).exclude(to_status="ingediend").update(
            created_at=now
        )
    funnel = figures.proposal_funnel(people["lead"])
    assert funnel.counts["Ingediend"] == 1
    assert funnel.counts["Overgenomen"] == 1 and funnel.counts["Afgewezen"] == 1
    assert (funnel.decided, funnel.median_days_to_decision) == (2, 7.0)


def test_the_waterbed_map_marks_what_slipped(agenda):
    _part, items, people = agenda
    waterbed = figures.waterbed_map(people["lead"], figures.Filters(), TODAY)
    assert {n.code for n in waterbed.nodes} == {"1.3", "1.4"}
    assert waterbed.edges == [(items["a4"].pk, items["a3"].pk, "blocks")]
    assert waterbed.slipped == {items["a4"].pk}  # overdue on 1 July


def test_activity_per_organisation_type(agenda):
    _part, _items, people = agenda
    thread = discussion_actions.start_thread(people["member"], "Triage", "Vraag")
    discussion_actions.add_post(people["provider"], thread.pk, "Antwoord")
    activity = dict(figures.activity_by_organisation_type())
    assert activity["Gemeente"]["posts"] == 1
    assert activity["Zorgaanbieder"]["posts"] == 1


def test_filters_narrow_every_figure(agenda):
    _part, _items, people = agenda
    progress = figures.parts_progress(people["lead"], figures.Filters(domain="wmo"), TODAY)
    assert [p.counted for p in progress] == [0, 0]
    overdue, _ = figures.attention(people["lead"], figures.Filters(part=2), TODAY)
    assert overdue == []


def test_a_provider_sees_no_dashboard_and_the_project_lead_does(agenda, client):
    _part, _items, people = agenda
    client.force_login(people["provider"])
    assert client.get(reverse("dashboard:index")).status_code == 403
    assert client.get(reverse("dashboard:export", args=["csv"])).status_code == 403
    client.force_login(people["lead"])
    page = client.get(reverse("dashboard:index"), {"deel": "1"})
    assert page.status_code == 200
    assert "2 van 4 aanbevelingen gerealiseerd (50,0%)" in page.text  # Dutch decimal comma
    assert '<svg class="chart"' in page.text and "<table" in page.text
    (progress,) = figures.parts_progress(people["lead"], figures.Filters(part=1))
    _day, _share, goal = progress.table_rows[2]
    assert f"<td>1 maart 2026</td><td>25,0</td><td>{goal:.1f}</td>".replace(".", ",") in page.text


def test_exports_hold_the_dashboard_tables(agenda, client):
    _part, _items, people = agenda
    client.force_login(people["lead"])
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("dashboard:export", args=["xlsx"]), {"deel": "1"}).content)
    )
    rows = list(workbook["Voortgang per deel"].iter_rows(values_only=True))
    assert rows[1][:4] == (str(AgendaPart.objects.get(number=1)), 4, 2, 50)
    text = client.get(reverse("dashboard:export", args=["csv"])).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert ["Te laat"] in lines
    assert any(line[:2] == ["Werkgroep Segment C", "30.0"] for line in lines)


# The council letter ---------------------------------------------------------------------------


def pdf_text(content):
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def make_letter(client, start, end):
    """Makes a letter as the project lead does: back on the list, whose message links the PDF
    and where the draft stands on top. Returns the letter and its PDF response."""
    from bs4 import BeautifulSoup

    from dashboard.models import CouncilLetter

    response = client.post(
        reverse("dashboard:letters"), {"period_start": start, "period_end": end}, follow=True
    )
    assert response.redirect_chain == [(reverse("dashboard:letters"), 302)]
    letter = CouncilLetter.objects.order_by("-pk").first()
    page = BeautifulSoup(response.content, "html.parser")
    link = page.find(class_="messages").find("a", string="Lees de brief (PDF)")
    assert link["href"] == reverse("dashboard:letter", args=[letter.pk])
    assert page.find("table").tbody.tr.find("a")["href"] == link["href"]  # the newest on top
    pdf = client.get(link["href"])
    assert pdf["Content-Type"] == "application/pdf"
    return letter, pdf


def test_the_council_letter_holds_the_figures_and_is_kept(agenda, client):
    part, items, people = agenda
    Decision.objects.create(
        item=items["a2"], date=D(2026, 5, 1), body="Madivosa", text="Werkwijze vastgesteld",
        sort_order=0,
    )  # fmt: skip
    client.force_login(people["lead"])
    letter, pdf = make_letter(client, "2026-01-01", "2026-12-31")
    text = pdf_text(pdf.content)
    assert "Raadsinformatiebrief" in text
    words = " ".join(text.split())
    assert "Deel 1 – Uitvoeringspraktijk: 2 van 4 aanbevelingen gerealiseerd (50,0%)" in words
    assert "Werkwijze vastgesteld" in text
    assert letter.created_by == people["lead"]
    assert letter.figures["parts"][0]["share"] == 50.0


def test_the_council_letter_leaves_out_what_councils_may_not_see(agenda, client):
    from accounts.visibility import Visibility

    _part, items, people = agenda
    items["a3"].visibility = Visibility.MUNICIPALITIES
    items["a3"].save()
    client.force_login(people["lead"])
    _letter, pdf = make_letter(client, "2026-01-01", "2026-12-31")
    text = " ".join(pdf_text(pdf.content).split())
    assert "2 van 3 aanbevelingen" in text  # 1.3 is for municipalities only, not for councils


def test_a_letter_sent_to_the_councils_tells_every_council_member_once(agenda, client):
    from bs4 import BeautifulSoup

    from accounts.models import Role
    from notifications.models import Kind as NotificationKind
    from notifications.models import Notification

    from .factories import UserFactory

    _part, _items, people = agenda
    UserFactory(username="raadslid-hoorn", role=Role.COUNCIL_MEMBER)
    UserFactory(username="oud-raadslid", role=Role.COUNCIL_MEMBER, is_active=False)
    client.force_login(people["lead"])
    letter, _pdf = make_letter(client, "2026-04-01", "2026-06-30")
    # Made, not sent: a draft the councils do not see and are not told about.
    page = BeautifulSoup(client.get(reverse("dashboard:letters")).content, "html.parser")
    send_url = reverse("dashboard:letter_send", args=[letter.pk])
    assert page.find("form", action=send_url)
    assert not Notification.objects.filter(kind=NotificationKind.LETTER).exists()

    response = client.post(send_url, follow=True)
    said = "De brief over 1 april 2026 – 30 juni 2026 is verstuurd; 2 raadsleden hebben een"
    assert said in response.text
    letter.refresh_from_db()
    assert letter.sent_by == people["lead"] and letter.sent_at is not None
    told = Notification.objects.filter(kind=NotificationKind.LETTER)
    assert {n.recipient.username for n in told} == {"raadslid", "raadslid-hoorn"}
    assert told.first().title == "Raadsinformatiebrief over 1 april 2026 – 30 juni 2026"
    english = told.first().title_translations["en"]
    assert english == "Council information letter on 1 April 2026 – 30 June 2026"
    assert told.first().by_email  # the councils get it by e-mail unless they chose otherwise
    page = BeautifulSoup(response.content, "html.parser")
    assert not page.find("form", action=send_url)
    assert "Verstuurd op" in page.find("table").get_text()

    again = client.post(send_url, follow=True)
    assert "Deze brief is al verstuurd, op" in again.text
    assert told.count() == 2
    missing = reverse("dashboard:letter_send", args=[letter.pk + 1])
    assert client.post(missing).status_code == 404


def send_to_three_council_members(agenda, client, capture):
    """Three council members: one reading English, one who chose the letters on the platform
    only, and the one of `agenda_people` (Dutch, by default). The lead makes and sends a letter."""
    from accounts.models import Role
    from notifications.actions import save_preferences
    from notifications.models import Channel
    from notifications.models import Kind as NotificationKind

    from .factories import UserFactory

    _part, _items, people = agenda
    english = UserFactory(username="councillor", role=Role.COUNCIL_MEMBER)
    save_preferences(english, {}, "weekly", 17, 4, "en")
    platform_only = UserFactory(username="raadslid-web", role=Role.COUNCIL_MEMBER)
    save_preferences(platform_only, {NotificationKind.LETTER: Channel.LIVE}, "daily", 8, 0)
    client.force_login(people["lead"])
    letter, pdf = make_letter(client, "2026-04-01", "2026-06-30")
    with capture(execute=True):
        client.post(reverse("dashboard:letter_send", args=[letter.pk]))
    return letter, pdf


def test_the_councils_get_a_sent_letter_by_e_mail_at_once_with_the_letter_attached(
    agenda, client, mailoutbox, django_capture_on_commit_callbacks
):
    from notifications.digest import send_digests
    from notifications.models import Notification

    letter, pdf = send_to_three_council_members(agenda, client, django_capture_on_commit_callbacks)
    by_address = {message.to[0]: message for message in mailoutbox}
    # Not to who chose the letters on the platform only.
    assert set(by_address) == {"raadslid@example.invalid", "councillor@example.invalid"}
    dutch, english = (by_address[f"{name}@example.invalid"] for name in ("raadslid", "councillor"))
    assert dutch.subject == "Raadsinformatiebrief over 1 april 2026 – 30 juni 2026"
    assert english.subject == "Council information letter on 1 April 2026 – 30 June 2026"
    for message in (dutch, english):
        ((filename, content, mimetype),) = message.attachments
        assert (filename, content, mimetype) == (letter.filename, pdf.content, "application/pdf")
    assert "In de bijlage: " + letter.filename in dutch.body
    assert "Attached: " + letter.filename in english.body
    # Sent, so not again with the digest; the platform-only member has it on the platform.
    assert not Notification.objects.filter(by_email=True, emailed_at__isnull=True).exists()
    mailoutbox.clear()
    send_digests(now=timezone.make_aware(datetime.datetime(2026, 7, 1, 8, 0)))
    assert mailoutbox == []


def test_a_letter_e_mail_that_fails_to_go_waits_for_the_digest(
    agenda, client, mailoutbox, settings, django_capture_on_commit_callbacks
):
    from notifications.models import Notification

    settings.EMAIL_BACKEND = "tests.failing_mail.FailsAfterOne"
    send_to_three_council_members(agenda, client, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1  # the server broke off after the first
    (waiting,) = Notification.objects.filter(by_email=True, emailed_at__isnull=True)
    assert waiting.recipient.email != mailoutbox[0].to[0]
    # The letter is sent all the same: the e-mail is extra, the platform has told everyone.
    assert Notification.objects.filter(kind="letter").count() == 3


def test_a_council_member_reads_the_sent_letters_and_not_the_drafts(agenda, client):
    from bs4 import BeautifulSoup

    from dashboard.models import CouncilLetter

    _part, _items, people = agenda
    draft, sent = (
        CouncilLetter.objects.create(
            period_start=D(2026, 1, 1), period_end=end, pdf=b"%PDF-1.4", created_by=people["lead"]
        )
        for end in (D(2026, 9, 30), D(2026, 6, 30))
    )
    sent.sent_at, sent.sent_by = timezone.now(), people["lead"]
    sent.save()
    client.force_login(people["council"])
    response = client.get(reverse("dashboard:letters"))
    page = BeautifulSoup(response.content, "html.parser")
    links = [a["href"] for a in page.find("table").find_all("a")]
    assert links == [reverse("dashboard:letter", args=[sent.pk])]
    assert not page.find("form", attrs={"method": "post", "class": "form-wide"})  # none to make
    assert client.get(links[0]).status_code == 200
    assert client.get(reverse("dashboard:letter", args=[draft.pk])).status_code == 404
    # The menu leads a council member to the letters, not to tasks they cannot have.
    menu = page.find("nav", id="site-nav")
    current = menu.find("a", attrs={"aria-current": "page"})
    assert current.get_text() == "Raadsbrieven"
    assert "Mijn taken" not in menu.get_text()
    client.force_login(people["outsider"])
    page = BeautifulSoup(client.get(reverse("agenda:index")).content, "html.parser")
    menu = page.find("nav", id="site-nav")
    assert "Mijn taken" in menu.get_text() and "Raadsbrieven" not in menu.get_text()


def test_the_letter_form_speaks_english_on_the_english_site(agenda, client):
    from bs4 import BeautifulSoup

    _part, _items, people = agenda
    client.force_login(people["lead"])
    page = BeautifulSoup(client.get("/en/voortgang/raadsbrief/").content, "html.parser")
    labels = [label.get_text(" ", strip=True) for label in page.find("main").find_all("label")]
    assert labels == ["Period from *", "Up to and including *"]


def test_a_period_that_ends_before_it_starts_is_refused(agenda, client):
    _part, _items, people = agenda
    client.force_login(people["lead"])
    response = client.post(
        reverse("dashboard:letters"), {"period_start": "2026-06-01", "period_end": "2026-01-01"}
    )
    assert response.status_code == 400
    assert "De periode eindigt vóór ze begint." in response.text


def test_searches_that_found_nothing_link_to_the_search_as_it_was_typed(agenda, client):
    from bs4 import BeautifulSoup

    from search.models import SearchQueryLog

    _part, _items, people = agenda
    long_word = "a" * 200  # one word as long as the log keeps: it wraps, the count stays in view
    for query in ("logeren kind", "logeren kind", long_word):
        SearchQueryLog.objects.create(query=query, result_count=0, backend="database")
    client.force_login(people["lead"])
    page = BeautifulSoup(client.get(reverse("dashboard:index")).content, "html.parser")
    table = page.find(id="zero-query-rows").find_parent("table")
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in table.tbody("tr")]
    assert rows == [["logeren kind", "2"], [long_word, "1"]]
    link = table.find("td", class_="data__query").a
    assert link["href"] == reverse("search:search") + "?q=logeren%20kind"


def test_a_long_overdue_list_shows_the_first_25_and_links_to_all(agenda, client):
    part, _items, people = agenda
    for n in range(30):
        published_item(
            code=f"1.{n + 10}", part=part, deadline=D(2025, 1, 1) + datetime.timedelta(n)
        )
    client.force_login(people["lead"])
    page = client.get(reverse("dashboard:index")).text
    overdue, _at_risk = figures.attention(people["lead"], figures.Filters(), timezone.localdate())
    assert len(overdue) > 30
    assert f"{len(overdue)} punten over de deadline" in page
    assert "1.10 " in page and "1.34 " in page and "1.35 " not in page  # the 25 most overdue
    assert 'href="/agenda/?overdue=on"' in page


def test_cached_dashboard_figures_change_as_soon_as_the_agenda_does(
    agenda, client, page_cache, django_capture_on_commit_callbacks
):
    part, _items, people = agenda
    client.force_login(people["lead"])

    def overdue_count():
        return len(figures.attention(people["lead"], figures.Filters(), timezone.localdate())[0])

    before = overdue_count()
    assert f"{before} punt" in client.get(reverse("dashboard:index")).text
    with django_capture_on_commit_callbacks(execute=True):
        published_item(code="1.99", part=part, deadline=D(2025, 1, 1))
    assert f"{before + 1} punten over de deadline" in client.get(reverse("dashboard:index")).text


def test_while_one_request_computes_new_figures_the_others_show_the_previous_ones(
    agenda, client, page_cache, django_capture_on_commit_callbacks
):
    """At full volume the figures take seconds: fifty project-lead tabs opening at once after a
    change must not each compute them."""
    from django.core.cache import cache

    from dashboard.views import figures_cache_key

    part, _items, people = agenda
    client.force_login(people["lead"])
    before = len(figures.attention(people["lead"], figures.Filters(), timezone.localdate())[0])
    overdue_caption = f'<caption id="overdue-rows">{before} punt'
    assert overdue_caption in client.get(reverse("dashboard:index")).text
    with django_capture_on_commit_callbacks(execute=True):
        published_item(code="1.99", part=part, deadline=D(2025, 1, 1))

    key = figures_cache_key(people["lead"], figures.Filters(), timezone.localdate())
    busy = f"{key}:busy"
    cache.add(busy, 1)  # another request is computing the new figures
    assert overdue_caption in client.get(reverse("dashboard:index")).text
    cache.delete(busy)
    page = client.get(reverse("dashboard:index")).text
    assert f'<caption id="overdue-rows">{before + 1} punten over de deadline' in page


def test_aged_figures_are_shown_while_one_request_makes_them_afresh(
    agenda, client, page_cache, monkeypatch
):
    """Figures older than PAGE_CACHE_SECONDS are made afresh by one request; the others show
    the aged ones instead of waiting for it (bench/RESULTS.md, meting 32: when they expired
    outright, fifty visitors waited ten seconds each)."""
    import time
    import types

    from django.conf import settings
    from django.core.cache import cache

    from dashboard import views
    from dashboard.views import figures_cache_key

    part, _items, people = agenda
    client.force_login(people["lead"])
    before = len(figures.attention(people["lead"], figures.Filters(), timezone.localdate())[0])
    caption = f'<caption id="overdue-rows">{before} punt'
    assert caption in client.get(reverse("dashboard:index")).text
    published_item(code="1.99", part=part, deadline=D(2025, 1, 1))  # no commit: same version

    def no_waiting(seconds):
        raise AssertionError("a visitor waited for figures while aged ones were there")

    later = time.time() + 2 * settings.PAGE_CACHE_SECONDS
    clock = types.SimpleNamespace(time=lambda: later, monotonic=time.monotonic, sleep=no_waiting)
    monkeypatch.setattr(views, "time", clock)
    key = figures_cache_key(people["lead"], figures.Filters(), timezone.localdate())
    cache.add(f"{key}:busy", 1)  # another request is making them afresh
    assert caption in client.get(reverse("dashboard:index")).text
    assert cache.get(key)[1]["overdue_count"] == before
    cache.delete(f"{key}:busy")
    client.get(reverse("dashboard:index"))  # this one makes them afresh
    _version, made, fresh_until = cache.get(key)
    assert made["overdue_count"] == before + 1 and fresh_until > later


def test_the_dependency_map_names_its_columns_in_the_language_of_the_page(agenda, client):
    """The map's column headings were always Dutch ("Deel 1"), on the English site too."""
    from bs4 import BeautifulSoup

    _part, _items, people = agenda
    client.force_login(people["lead"])
    for path, heading in [("/voortgang/", "Deel 1"), ("/en/voortgang/", "Part 1")]:
        page = BeautifulSoup(client.get(path).content, "html.parser")
        chart = page.find(id="chart-waterbed-title").parent
        headings = [t.get_text() for t in chart.find_all("text", attrs={"font-weight": "700"})]
        assert headings == [heading]  # one part has items that depend on each other


def test_a_working_groups_name_in_the_workload_table_is_read_as_dutch_on_the_english_site(
    agenda, client
):
    """A working group's name is written on the platform; a person's name is a name."""
    from bs4 import BeautifulSoup

    _part, _items, people = agenda
    client.force_login(people["lead"])
    for prefix, marked in (("/en", "nl"), ("", None)):
        page = BeautifulSoup(client.get(f"{prefix}/voortgang/").content, "html.parser")
        table = page.find(id="load-rows").parent
        rows = {th.get_text(): th.get("lang") for th in table.select("tbody th[scope=row]")}
        assert rows["Werkgroep Segment C"] == marked, prefix
        assert rows[str(people["trekker"])] is None, prefix


def test_the_charts_read_written_names_as_dutch_on_the_english_site(agenda, client):
    """The bars name working groups and the dependency map names items as written on the
    platform; the funnel's statuses are the interface's own words, translated."""
    from bs4 import BeautifulSoup

    _part, _items, people = agenda
    client.force_login(people["lead"])

    def labels(page, chart_id, **attrs):
        chart = page.find(id=f"{chart_id}-title").parent
        return {t.get_text(): t.get("lang") for t in chart.find_all("text", attrs=attrs)}

    for prefix, marked in (("/en", "nl"), ("", None)):
        page = BeautifulSoup(client.get(f"{prefix}/voortgang/").content, "html.parser")
        assert labels(page, "chart-groups")["Werkgroep Segment C"] == marked, prefix
        boxes = labels(page, "chart-waterbed", **{"font-size": "11"})  # not the parts' headings
        assert boxes and set(boxes.values()) == {marked}, prefix
        headings = labels(page, "chart-waterbed", **{"font-weight": "700"})
        assert headings and set(headings.values()) == {None}, prefix
        assert set(labels(page, "chart-funnel").values()) == {None}, prefix


def test_the_drawn_dashboard_is_shared_per_language_and_filter(agenda, client, page_cache):
    """The charts and tables are drawn once per version of the figures and shared: a visit in
    English after one in Dutch reads English, and a filtered view keeps its filter, also in the
    links to the exports."""
    from bs4 import BeautifulSoup

    part, _items, people = agenda
    client.force_login(people["lead"])
    for _visit in range(2):
        dutch = client.get("/voortgang/").text
        english = client.get("/en/voortgang/").text
        assert "Gerealiseerd tegen het doel" in dutch and "Realised against the target" in english
        assert "Gerealiseerd tegen het doel" not in english

    filtered = BeautifulSoup(client.get(f"/voortgang/?deel={part.number}").text, "html.parser")
    assert filtered.select_one("#f-deel option[selected]")["value"] == str(part.number)
    exports = [a["href"] for a in filtered.select("a[href*='/voortgang/export']")]
    assert exports and all(href.endswith(f"?deel={part.number}") for href in exports)
    plain = BeautifulSoup(client.get("/voortgang/").text, "html.parser")
    assert plain.select_one("#f-deel option[selected]") is None


def test_each_filter_offers_all_under_its_own_name(agenda, client):
    """The option for all domains read "Jeugd en Wmo", the same as the domain for items of both:
    two options with one name, one of them not filtering at all."""
    from bs4 import BeautifulSoup

    _part, _items, people = agenda
    client.force_login(people["lead"])
    page = BeautifulSoup(client.get(reverse("dashboard:index")).content, "html.parser")
    for select in page.select("form select"):
        names = [option.get_text(strip=True) for option in select.select("option")]
        assert len(names) == len(set(names)), names
    domain = [o.get_text(strip=True) for o in page.select("select[name=domein] option")]
    assert domain == ["Alle domeinen", "Jeugd", "Wmo", "Jeugd en Wmo"]


def test_a_long_name_in_a_bar_chart_takes_two_lines_instead_of_being_cut_off():
    """The workload chart cut "Werkgroep Doorontwikkeling segment C Jeugd" to its first 34
    characters, and even those ran out of the chart on its left ("/erkgroep ...")."""
    from bs4 import BeautifulSoup

    from dashboard import charts

    svg = charts.bars(
        "chart-groups",
        "Werklast",
        [("Werkgroep Doorontwikkeling segment C Jeugd", 48), ("Tom Rekers", 16)],
        unit=" u",
    )
    texts = BeautifulSoup(svg, "html.parser").find_all("text")
    long_name, _value, short_name, _other = texts
    assert [t.get_text() for t in long_name.find_all("tspan")] == [
        "Werkgroep Doorontwikkeling",
        "segment C Jeugd",
    ]
    assert [t.get_text() for t in short_name.find_all("tspan")] == ["Tom Rekers"]
    # What does not fit in two lines ends in an ellipsis; no line is wider than the column.
    lines = charts.label_lines("Werkgroep voor de doorontwikkeling van het segment C Jeugd en Wmo")
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(len(line) <= charts.LABEL_CHARS for line in lines)
    assert charts.label_lines("Ketenregisseursrolverduidelijkingswerkgroep") == [
        "Ketenregisseursrolverduidel…"
    ]
