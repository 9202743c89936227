import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils.formats import date_format

from accounts.models import Organisation, OrganisationType, User, WorkingGroup
from agenda.models import AgendaItem, AgendaPart, Status
from dashboard.figures import add_months
from handbook.models import GuidancePage
from home.models import HomePage


def load():
    out = StringIO()
    call_command("load_demo_content", "--no-progress", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_loader_brings_the_memo_region_agenda_and_handbook():
    load()
    municipalities = Organisation.objects.filter(type=OrganisationType.MUNICIPALITY)
    assert sorted(m.name.removeprefix("Gemeente ") for m in municipalities) == [
        "Drechterland",
        "Enkhuizen",
        "Hoorn",
        "Koggenland",
        "Medemblik",
        "Opmeer",
        "Stede Broec",
    ]
    parts = AgendaPart.objects.order_by("number")
    assert [(p.number, p.target_share, p.target_months) for p in parts] == [
        (1, 80, 9),
        (2, 80, 12),
        (3, None, None),
    ]
    assert AgendaItem.objects.filter(is_priority=True).count() >= 10
    assert HomePage.objects.live().count() == 1
    assert GuidancePage.objects.live().filter(title="Het perspectiefplan").exists()


@pytest.mark.django_db
def test_the_councils_have_had_last_quarters_letter_and_a_council_member_reads_it(client):
    """So that a council member's "Raadsbrieven" is not empty in the demo: the project lead
    made and sent the last full quarter's letter, and the council member was told."""
    import datetime

    from django.utils import timezone

    from dashboard.demo import last_full_quarter
    from dashboard.models import CouncilLetter
    from notifications.models import Kind, Notification

    load()
    (letter,) = CouncilLetter.objects.all()
    assert letter.sent_at is not None and letter.sent_by.username == "projectleider"
    assert (letter.period_start, letter.period_end) == last_full_quarter(timezone.localdate())
    assert bytes(letter.pdf).startswith(b"%PDF")
    # Made and sent in the days after the quarter, with the figures of the day it was made.
    sent_on = timezone.localtime(letter.sent_at).date()
    assert letter.period_end < sent_on < timezone.localdate()
    assert letter.figures["made_on"] == timezone.localtime(letter.created_at).date().isoformat()
    assert letter.created_at < letter.sent_at
    council = User.objects.get(username="raadslid")
    (told,) = Notification.objects.filter(recipient=council, kind=Kind.LETTER)
    assert told.created_at == letter.sent_at
    client.force_login(council)
    assert letter.period in client.get("/voortgang/raadsbrief/").text
    assert last_full_quarter(datetime.date(2026, 12, 1)) == (
        datetime.date(2026, 7, 1),
        datetime.date(2026, 9, 30),
    )
    assert last_full_quarter(datetime.date(2027, 2, 10)) == (
        datetime.date(2026, 10, 1),
        datetime.date(2026, 12, 31),
    )
    load()
    assert CouncilLetter.objects.count() == 1  # a second load makes and sends no other


@pytest.mark.django_db
def test_the_demo_shows_each_outcome_of_a_proposal_and_a_report_to_moderate(client):
    """So that someone trying the platform sees the expert team's work, not an empty queue:
    proposals that were taken up, turned down with a reason and parked, a report waiting, and a
    working group's own thread."""
    from django.urls import reverse

    from discussions.models import PostReport, Proposal, ProposalStatus, Thread

    load()
    outcomes = {p.status: p for p in Proposal.objects.all()}
    assert set(outcomes) >= {
        ProposalStatus.SUBMITTED,
        ProposalStatus.IN_REVIEW,
        ProposalStatus.ADOPTED,
        ProposalStatus.REJECTED,
        ProposalStatus.PARKED,
    }
    assert outcomes[ProposalStatus.ADOPTED].agenda_item.code == "1.1.1"
    client.force_login(User.objects.get(username="aanbieder"))
    rejected = client.get(outcomes[ProposalStatus.REJECTED].get_absolute_url()).content.decode()
    assert "terug naar uren valt buiten de ontwikkelagenda" in rejected

    client.force_login(User.objects.get(username="moderator"))
    queue = client.get(reverse("discussions:moderation")).content.decode()
    assert "Noemt een inwoner met naam, leeftijd en woonplaats." in queue
    assert "Moderatie: 1 open melding" in client.get(reverse("discussions:threads")).text
    (report,) = PostReport.objects.all()
    assert "mevrouw Bakker (84) uit Venhuizen" in report.post.body_source  # the post naming her
    assert report.reporter != report.post.author

    group_thread = Thread.objects.get(working_group__slug="perspectiefplan")
    client.force_login(User.objects.get(username="werkgroeplid"))
    assert client.get(group_thread.get_absolute_url()).status_code == 200
    client.force_login(User.objects.get(username="toegang"))  # not in that working group
    assert client.get(group_thread.get_absolute_url()).status_code == 404
    assert group_thread.title not in client.get(reverse("discussions:threads")).text


@pytest.mark.django_db
def test_the_demo_tells_of_the_weeks_before_it_was_loaded(client):
    """Dates read as in use: proposals submitted on different days, decisions that took weeks
    (not "0,0 dagen" on the dashboard), replies after the posts they answer, nothing dated in
    the future, and the newest discussion first."""
    from django.db.models import F, Max
    from django.utils import timezone

    from discussions.demo import DATED_FIELDS
    from discussions.models import Post, Proposal, ProposalTransition, Thread
    from notifications.models import Notification

    load()
    now = timezone.now()
    for model, field in DATED_FIELDS:
        assert model.objects.aggregate(newest=Max(field))["newest"] <= now, (model, field)
    submitted_on = {p.created_at.date() for p in Proposal.objects.all()}
    assert len(submitted_on) == Proposal.objects.count() == 6
    assert min(submitted_on) <= (now - datetime.timedelta(days=60)).date()
    assert not ProposalTransition.objects.filter(created_at__lt=F("proposal__created_at")).exists()
    assert not Post.objects.filter(created_at__lt=F("thread__created_at")).exists()
    for thread in Thread.objects.all():
        times = list(thread.posts.order_by("pk").values_list("created_at", flat=True))
        assert times == sorted(times) and thread.last_post_at == times[-1]

    # What people were told weeks ago they have read; what is new waits, as in use.
    provider = User.objects.get(username="aanbieder")
    told = Notification.objects.filter(recipient=provider)
    week_ago = now - datetime.timedelta(days=7)
    assert told.filter(read_at__isnull=True).exists() and told.filter(read_at__isnull=False)
    assert not told.filter(read_at__isnull=True, created_at__lt=week_ago).exists()
    assert not told.filter(read_at__isnull=False, created_at__gte=week_ago).exists()

    client.force_login(User.objects.get(username="projectleider"))
    dashboard = client.get("/voortgang/").text
    assert "Mediane tijd tot een besluit: 19,0 dagen (3 besluiten)" in dashboard
    client.force_login(User.objects.get(username="aanbieder"))
    threads = client.get("/discussies/").text
    newest, oldest = "Dagbesteding: hetzelfde tarief", "Wanneer maak je een perspectiefplan"
    assert threads.index(newest) < threads.index(oldest)


@pytest.mark.django_db
def test_the_demo_agenda_keeps_the_memos_calendar_from_a_start_months_back(client):
    """The memo dates its deadlines from October 2021. The demo starts the agenda five months
    before loading and moves those dates along, so the project lead sees an agenda in use: the
    first deadlines passed, one near, the targets of parts 1 and 2 ahead. Before, all fourteen
    dated items were years over their deadline and the charts ran flat from 2021."""
    from django.utils import timezone

    load()
    today = timezone.localdate()
    start = AgendaPart.objects.get(number=1).start_date
    assert start.weekday() == 0 and 150 <= (today - start).days < 157
    # 1.1.1 is due on 31 March 2022 in the memo, 164 days after its start.
    near = AgendaItem.objects.get(code="1.1.1")
    assert (near.deadline - start).days == 164 and near.start_date == start
    lead = User.objects.get(username="projectleider")
    client.force_login(lead)
    page = client.get("/voortgang/").text
    overdue = page[page.index('id="overdue-rows"') : page.index('id="at-risk-rows"')]
    assert "3 punten over de deadline" in overdue
    for code in ("3.1.1 ", "3.1 ", "2.1.1 "):
        assert f">{code}" in overdue
    at_risk = page[page.index('id="at-risk-rows"') :]
    assert "1 punt met een deadline binnen 30 dagen" in at_risk and ">1.1.1 " in at_risk
    # The targets lie ahead: part 1's nine months and part 2's year from the start.
    assert f"Doel: 80% op {date_format(add_months(start, 9), 'j F Y')}" in page
    assert f"Doel: 80% op {date_format(add_months(start, 12), 'j F Y')}" in page


@pytest.mark.django_db
def test_an_agenda_items_history_in_the_demo_tells_who_brought_it_up_to_date(client):
    """The project lead put the agenda on the platform months ago; the owner of 1.1.1 raised
    its progress since, through the platform. Before, every item was "Aangemaakt" by
    "systeem" on the minute the demo was loaded."""
    from django.utils import timezone

    load()
    item = AgendaItem.objects.get(code="1.1.1")
    client.force_login(User.objects.get(username="trekker"))
    page = client.get(item.get_absolute_url()).content.decode()
    history = page[page.index("Geschiedenis") :]
    lead = User.objects.get(username="projectleider")
    assert f"{item.owner}" in history and "Voortgang: 20% → 40%" in history
    assert str(lead) in history and "Aangemaakt" in history and "systeem" not in history
    created, updated = item.revisions.order_by("created_at")
    now = timezone.now()
    started = timezone.localtime(created.created_at).date()
    assert created.user == lead and started == item.start_date and started.weekday() == 0
    assert (now - created.created_at).days >= 149
    assert updated.user == item.owner and 7 < (now - updated.created_at).days < 120
    assert item.last_published_at == updated.created_at and item.progress == 40

    # The project lead follows the priority items: this week's update waits for him, unread;
    # what he was told weeks ago he has read.
    from notifications.models import Kind, Notification

    told = Notification.objects.filter(recipient=lead, kind=Kind.AGENDA)
    (fresh,) = told.filter(read_at__isnull=True)
    assert fresh.url == AgendaItem.objects.get(code="2.1.1").get_absolute_url()
    assert (now - fresh.created_at).days < 7
    assert told.filter(read_at__isnull=False, url=item.get_absolute_url()).exists()


@pytest.mark.django_db
def test_the_handbook_in_the_demo_came_out_months_ago_and_was_revised_since(client):
    """ "Wat is er gewijzigd?" reads as in use: the first edition months back, the revision of
    the perspectiefplan page about two weeks ago at the top, and the page says when it last
    changed. Before, every page was new on the minute the demo was loaded."""
    from bs4 import BeautifulSoup
    from django.utils import timezone
    from wagtail.models import PageLogEntry

    from handbook.models import HandbookChange, HandbookPage

    load()
    now = timezone.now()
    pages = HandbookPage.objects.live()
    first = {p.first_published_at.date() for p in pages}
    assert len(first) == 1 and first.pop() <= (now - datetime.timedelta(days=90)).date()
    revised = GuidancePage.objects.get(slug="perspectiefplan")
    weeks = (now - revised.last_published_at).days
    assert 7 < weeks < 30 and revised.last_published_at > revised.first_published_at
    published = PageLogEntry.objects.filter(action="wagtail.publish", page__in=pages)
    assert published.order_by("-timestamp").first().page_id == revised.pk
    assert not published.filter(timestamp__gt=now).exists()
    assert HandbookChange.objects.get(page=revised).published_at == revised.last_published_at

    client.force_login(User.objects.get(username="toegang"))
    listed = BeautifulSoup(client.get("/handreiking/wijzigingen/").content, "html.parser")
    shown = listed.find("main").get_text(" ", strip=True)
    when = timezone.localtime(revised.last_published_at)
    assert f"Het perspectiefplan {when.day} " in shown
    assert shown.index("Het perspectiefplan") < shown.index("nieuw in de handreiking")


@pytest.mark.django_db
def test_segment_c_working_group_has_the_memos_composition_and_hours():
    load()
    group = WorkingGroup.objects.get(slug="segment-c-jeugd")
    functions = sorted(m.function_in_group for m in group.memberships.all())
    assert functions == [
        "Beleidsmedewerker Jeugd",
        "Beleidsmedewerker Jeugd",
        "Contractmanager",
        "Contractmanager",
        "Financieel adviseur",
    ]
    # 8 hours a week each, 16 for the trekker (memo, section 3).
    assert group.trekker.username == "trekker"
    assert group.hours_per_week == 16 + 4 * 8


@pytest.mark.django_db
def test_perspectiefplan_group_has_at_least_five_access_workers():
    load()
    group = WorkingGroup.objects.get(slug="perspectiefplan")
    access = [
        m for m in group.memberships.all() if m.function_in_group.startswith("Toegangsmedewerker")
    ]
    assert len(access) >= 5
    assert {m.user.organisation.name for m in access}.__len__() >= 3


@pytest.mark.django_db
def test_second_run_adds_nothing_and_keeps_user_changes():
    load()
    counts = (User.objects.count(), AgendaItem.objects.count(), GuidancePage.objects.count())
    item = AgendaItem.objects.get(code="1.2")
    item.status = Status.IN_PROGRESS
    item.save()
    user = User.objects.get(username="toegang")
    user.set_password("een-eigen-gekozen-wachtwoord")
    user.save()

    message = load()

    assert "er is niets toegevoegd en niets overschreven" in message
    assert (
        User.objects.count(),
        AgendaItem.objects.count(),
        GuidancePage.objects.count(),
    ) == counts
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS
    user.refresh_from_db()
    assert user.check_password("een-eigen-gekozen-wachtwoord")


@pytest.mark.django_db
def test_loader_restores_what_was_deleted_without_touching_the_rest():
    load()
    AgendaItem.objects.filter(code="3.2").delete()
    message = load()
    assert "1 agendapunten toegevoegd" in message
    assert AgendaItem.objects.filter(code="3.2").count() == 1


@pytest.mark.django_db
def test_loader_is_all_or_nothing(monkeypatch):
    from agenda import demo

    broken = [*demo.ITEMS, demo.item(9, "9.9", "Bestaat niet", theme="platform")]  # no part 9
    monkeypatch.setattr(demo, "ITEMS", broken)
    with pytest.raises(AgendaPart.DoesNotExist):
        load()
    assert AgendaItem.objects.count() == 0
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_demo_accounts_are_not_created_where_they_are_not_allowed(settings):
    settings.DEMO_ACCOUNTS_ALLOWED = False
    message = load()
    assert "overgeslagen" in message
    assert not User.objects.filter(username="projectleider").exists()
    assert Organisation.objects.filter(type=OrganisationType.MUNICIPALITY).count() == 7


@pytest.mark.django_db
def test_demo_moderator_and_project_lead_can_use_the_wagtail_admin(client):
    load()
    for username in ("moderator", "projectleider"):
        client.force_login(User.objects.get(username=username))
        assert client.get("/admin/").status_code == 200, username
    client.force_login(User.objects.get(username="aanbieder"))
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_every_demo_account_signs_in_with_the_published_password(client, settings):
    load()
    accounts = User.objects.all()
    assert accounts.count() == 24
    assert all(account.check_password(settings.DEMO_PASSWORD) for account in accounts)
    assert not User.objects.get(username="toegang").check_password("iets-anders")
    response = client.post(
        "/account/inloggen/", {"username": "trekker", "password": settings.DEMO_PASSWORD}
    )
    assert response.status_code == 302
