"""Who is told what, how they chose to be told, and the e-mail digest (Django's mail outbox)."""

import datetime
import uuid
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Role, User
from accounts.visibility import Visibility
from agenda.actions import remind_deadlines, update_item
from agenda.models import Dependency, DependencyKind, Status
from discussions import actions
from discussions.models import Thread
from handbook.reviews import record_review_reminders
from notifications.actions import notify, save_preferences, set_following
from notifications.digest import send_digests
from notifications.models import Channel, DigestSetting, Kind, Notification

from .agenda_helpers import agenda_people, published_item
from .discussion_helpers import PROPOSAL_FORM
from .factories import UserFactory

pytestmark = pytest.mark.django_db


def at(hour, day=23):
    """A moment in Amsterdam time on a Monday (23 November 2026)."""
    return timezone.make_aware(datetime.datetime(2026, 11, day, hour, 0))


@pytest.fixture
def people():
    return agenda_people()[1]


@pytest.fixture
def item(people):
    return published_item(
        code="2.1",
        title="Betere afbakening segment B en C",
        owner=people["trekker"],
        trekker=people["trekker"],
        accountable_head=people["head"],
        status=Status.IN_PROGRESS,
        progress=40,
        deadline=datetime.date(2026, 12, 31),
    )


def test_followers_of_an_item_hear_of_its_change_but_not_who_cannot_see_it(item, people):
    set_following(people["provider"], item, True)
    set_following(people["member"], item, True)
    item.visibility = Visibility.MUNICIPALITIES
    item.save()
    update_item(item.pk, people["trekker"], {"progress": 60})
    told = Notification.objects.filter(kind=Kind.AGENDA)
    assert list(told.values_list("recipient__username", flat=True)) == ["lid"]
    assert "voortgang 60%" in told.get().title


def test_a_slipping_item_warns_the_owner_of_what_depends_on_it(item, people):
    dependent = published_item(code="1.3", title="Handreiking", owner=people["member"])
    Dependency.objects.create(item=dependent, depends_on=item, kind=DependencyKind.BLOCKS)
    update_item(item.pk, people["trekker"], {"deadline": datetime.date(2027, 6, 30)})
    warning = Notification.objects.get(kind=Kind.WATERBED)
    assert warning.recipient == people["member"]
    assert "Waterbedsignaal voor 1.3" in warning.title
    assert warning.by_email  # waterbed warnings come by e-mail unless chosen otherwise


def test_each_reader_sees_a_change_in_the_language_of_their_page(client, item, people):
    """Written once, read in Dutch or English: whatever the person acting reads, the follower
    reading in English gets English, opening it lands on the English page, and so does the
    live payload; the Dutch reader gets Dutch."""
    set_following(people["member"], item, True)
    with translation.override("en"):  # the trekker works in English
        update_item(item.pk, people["trekker"], {"progress": 60})
    told = Notification.objects.get(kind=Kind.AGENDA)
    item_url = item.get_absolute_url()
    assert told.url == item_url  # stored in Dutch, although the trekker read English
    client.force_login(people["member"])
    dutch = client.get("/meldingen/").text
    english = client.get("/en/meldingen/").text
    assert "voortgang 60%" in dutch and "progress 60%" not in dutch
    assert "progress 60%" in english and "voortgang 60%" not in english
    opened = client.get(f"/en/meldingen/{told.pk}/")
    assert opened["Location"] == f"/en{item_url}"
    payload = told.as_payload(unread=1)
    assert "voortgang 60%" in payload["title"]
    assert "progress 60%" in payload["titles"]["en"]


def test_on_the_english_site_what_people_wrote_in_a_notification_is_marked_dutch(client, people):
    """WCAG 3.1.2: "… replied in: <thread title>" on the English site, with the title and the
    reason as written, in Dutch; a screen reader reads them as Dutch. Escaped all the same."""
    member = people["member"]
    thread = actions.start_thread(
        member, "Wachttijd <b>& triage</b>", "Vraag", visibility=Visibility.MEMBERS
    )
    actions.add_post(people["trekker"], thread.pk, "Een reactie")
    post = actions.add_post(member, thread.pk, "Mijn bericht")
    moderator = UserFactory(username="moderator-rt", role=Role.MODERATOR)
    actions.report_post(people["trekker"], post.pk, "Dit is <off-topic>")
    actions.hide_post(moderator, post.pk, "Hoort niet <hier>")
    client.force_login(member)
    english = BeautifulSoup(client.get("/en/meldingen/").content, "html.parser")
    hidden, reply = english.select(".notification-list li")
    marked = [(span.get_text(), span.parent.name) for span in hidden.select('[lang="nl"]')]
    assert marked == [("Wachttijd <b>& triage</b>", "a"), ("Hoort niet <hier>", "a")]
    assert reply.a.get_text().endswith("replied in: Wachttijd <b>& triage</b>")
    assert reply.a.find(lang="nl").get_text() == "Wachttijd <b>& triage</b>"
    assert "\ue000" not in english.get_text()
    # The live payload is plain text; the Dutch page marks nothing, it is all Dutch.
    told = Notification.objects.filter(recipient=member).first()
    assert told.as_payload(unread=2)["titles"]["en"] == (
        "Your message in Wachttijd <b>& triage</b> was hidden: Hoort niet <hier>"
    )
    dutch = BeautifulSoup(client.get("/meldingen/").content, "html.parser")
    assert not dutch.select(".notification-list [lang]")
    # A report's reason, below its title, is written too.
    client.force_login(moderator)
    english = BeautifulSoup(client.get("/en/meldingen/").content, "html.parser")
    (report,) = english.select(".notification-list li")
    assert [span.get_text() for span in report.select('li > [lang="nl"]')] == ["Dit is <off-topic>"]


def test_a_title_cut_short_inside_what_people_wrote_still_closes_its_mark():
    from platform_site.i18n import WRITTEN_END, WRITTEN_START, marked_html, without_marks

    cut = f"replied in: {WRITTEN_START}A very long title that was cut"
    assert marked_html(cut) == 'replied in: <span lang="nl">A very long title that was cut</span>'
    assert without_marks(f"{cut}{WRITTEN_END}") == "replied in: A very long title that was cut"


def test_a_broken_translation_never_undoes_what_someone_did(people, caplog):
    """An English text that lacks a placeholder of the Dutch one fails to render: the reply still
    stands and everyone is told, in Dutch; the failure is logged."""

    def title():
        template = "%(name)s replied in: %(titel)s" if translation.get_language() == "en" else None
        return (template or "%(name)s reageerde in: %(title)s") % {"name": "Lid", "title": "Triage"}

    (told,) = notify([people["member"]], Kind.REPLY, title)
    assert told.title == "Lid reageerde in: Triage" and told.title_translations == {}
    assert "Geen en-vertaling" in caplog.text


def test_a_waterbed_warning_reads_in_the_language_of_the_page(client, item, people):
    dependent = published_item(code="1.3", title="Handreiking", owner=people["member"])
    Dependency.objects.create(item=dependent, depends_on=item, kind=DependencyKind.BLOCKS)
    with translation.override("en"):
        update_item(item.pk, people["trekker"], {"deadline": datetime.date(2027, 6, 30)})
    dependent_url = dependent.get_absolute_url()
    client.force_login(people["member"])
    dutch = client.get(dependent_url).text
    english = client.get(f"/en{dependent_url}").text
    assert "deadline van 2026-12-31 naar 2027-06-30" in dutch
    assert "deadline from 2026-12-31 to 2027-06-30" in english
    assert "Waterbedsignaal voor 1.3" in client.get("/meldingen/").text
    assert 'Waterbed warning for <span lang="nl">1.3' in client.get("/en/meldingen/").text


def test_a_slip_of_an_item_the_owner_may_not_see_does_not_reach_them(item, people):
    """The warning names the slipping item; an owner who cannot open it is not told its title."""
    item.visibility = Visibility.MUNICIPALITIES
    item.save()
    dependent = published_item(code="1.3", title="Handreiking", owner=people["provider"])
    Dependency.objects.create(item=dependent, depends_on=item, kind=DependencyKind.BLOCKS)
    update_item(item.pk, people["trekker"], {"deadline": datetime.date(2027, 6, 30)})
    assert not Notification.objects.filter(kind=Kind.WATERBED).exists()


def test_owners_are_reminded_of_a_close_deadline_once(item, people):
    assert remind_deadlines(today=datetime.date(2026, 12, 20))[0].recipient == people["trekker"]
    assert remind_deadlines(today=datetime.date(2026, 12, 21)) == []
    assert remind_deadlines(today=datetime.date(2026, 11, 1)) == []  # not within two weeks yet


def test_an_overdue_handbook_review_reminds_its_owner():
    call_command("load_demo_content", "--no-progress", stdout=StringIO())
    record_review_reminders(today=datetime.date(2026, 11, 22))
    told = Notification.objects.filter(kind=Kind.REVIEW, recipient__username="moderator")
    assert {n.title.rsplit(" (", 1)[0] for n in told} == {
        "Herzien: De regisseursrol", "Herzien: De resultatenmatrix (Noord- en Midden-Drenthe)"
    }  # fmt: skip


def test_a_kind_switched_off_is_not_recorded_and_email_is_marked(people):
    user = people["member"]
    channels = {kind: Channel.LIVE for kind in Kind}
    channels[Kind.MENTION] = Channel.OFF
    channels[Kind.REPLY] = Channel.EMAIL
    save_preferences(user, channels, "daily", 8, 0)
    assert notify([user], Kind.MENTION, "Genoemd") == []
    (reply,) = notify([user], Kind.REPLY, "Reactie")
    assert reply.by_email


def test_the_preferences_page_saves_a_choice(client, people):
    client.force_login(people["member"])
    form = {f"kind_{kind.value}": "live" for kind in Kind}
    form.update({"kind_reply": "off", "frequency": "weekly", "hour": "17", "weekday": "4"})
    assert client.post(reverse("notifications:preferences"), form).status_code == 302
    setting = DigestSetting.objects.get(user=people["member"])
    assert (setting.frequency, setting.hour, setting.weekday) == ("weekly", 17, 4)
    assert notify([people["member"]], Kind.REPLY, "x") == []


def test_only_council_members_are_asked_about_council_letters_and_may_switch_them_off(
    client, people
):
    from dashboard.letter import send_letter
    from dashboard.models import CouncilLetter

    client.force_login(people["provider"])
    assert str(Kind.LETTER.label) not in client.get(reverse("notifications:preferences")).text
    client.force_login(people["council"])
    page = client.get(reverse("notifications:preferences")).text
    assert str(Kind.LETTER.label) in page
    form = {f"kind_{kind.value}": "live" for kind in Kind} | {"kind_letter": "off"}
    form.update({"frequency": "daily", "hour": "8", "weekday": "0"})
    assert client.post(reverse("notifications:preferences"), form).status_code == 302
    letter = CouncilLetter.objects.create(
        period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 6, 30), pdf=b"%"
    )
    _letter, told = send_letter(people["lead"], letter.pk)
    assert told == 0
    assert not Notification.objects.filter(kind=Kind.LETTER).exists()


def test_a_council_member_is_not_asked_about_what_only_writers_and_owners_get(client, people):
    def asked(page):
        return {kind for kind in Kind if f'name="kind_{kind.value}"' in page}

    client.force_login(people["council"])
    page = client.get(reverse("notifications:preferences")).text
    assert asked(page) == {
        Kind.REPLY, Kind.MENTION, Kind.PROPOSAL, Kind.AGENDA, Kind.HANDBOOK, Kind.LETTER
    }  # fmt: skip
    # Letters do not wait for the digest, and the page says so.
    assert "Per e-mail komt de brief meteen bij het versturen, als bijlage" in page
    # Saving the shorter form keeps it valid, and what it asks is saved.
    form = {f"kind_{kind.value}": "off" for kind in asked(page)}
    form.update({"frequency": "daily", "hour": "8", "weekday": "0"})
    assert client.post(reverse("notifications:preferences"), form).status_code == 302
    assert notify([people["council"]], Kind.AGENDA, "x") == []
    client.force_login(people["provider"])
    page = client.get(reverse("notifications:preferences")).text
    assert asked(page) == set(Kind) - {Kind.LETTER}


def test_the_bell_shows_the_unread_count_and_reading_clears_it(client, people):
    user = people["member"]
    first = notify([user], Kind.REPLY, "Reactie 1", url="/agenda/")[0]
    notify([user], Kind.REPLY, "Reactie 2", url="/agenda/")
    client.force_login(user)
    page = client.get(reverse("notifications:list")).text
    assert "data-unread-count>2</span>" in page
    response = client.get(reverse("notifications:open", args=[first.pk]))
    assert response["Location"] == "/agenda/"
    assert Notification.objects.filter(recipient=user).unread().count() == 1
    assert "Alles gelezen" in client.get(reverse("notifications:list")).text
    response = client.post(reverse("notifications:mark_read"), HTTP_ACCEPT="application/json")
    assert response.json() == {"unread": 0}
    # With nothing unread, there is no button that would do nothing.
    assert "Alles gelezen" not in client.get(reverse("notifications:list")).text


def test_opening_what_a_notification_is_about_reads_it_whichever_way_one_came(client, item, people):
    """Who opens a thread, a proposal or an agenda item (from the list, a link, the English
    site) has read what they were told about it; what is about something else stays unread."""
    reader, writer = people["member"], people["trekker"]
    thread = actions.start_thread(reader, "Afbakening B en C", "Waar ligt de grens?")
    other = actions.start_thread(reader, "Iets anders", "Vraag")
    actions.add_post(writer, thread.pk, "Bij de duur van de hulp.")
    actions.add_post(writer, thread.pk, "En bij de intensiteit.")
    actions.add_post(writer, other.pk, "Hier ook.")
    set_following(reader, item, True)
    update_item(item.pk, writer, {"progress": 60})
    unread = Notification.objects.filter(recipient=reader).unread
    assert unread().count() == 4
    item_page, elsewhere = item.get_absolute_url(), other.posts.last().get_absolute_url()
    client.force_login(reader)

    page = client.get(thread.get_absolute_url()).text
    assert "data-unread-count>2</span>" in page  # the bell on this page already counts down
    assert sorted(n.url for n in unread()) == [item_page, elsewhere]
    client.get("/en" + item_page)  # the English page of the item
    assert [n.url for n in unread()] == [elsewhere]
    client.get(elsewhere.split("#")[0])
    assert not unread().exists()

    proposal, _created = actions.submit_proposal(reader, PROPOSAL_FORM, uuid.uuid4())
    notify([reader], Kind.PROPOSAL, "Voorstel in behandeling", url=proposal.get_absolute_url())
    notify([reader], Kind.PROPOSAL, "Versie verborgen", url=f"{proposal.get_absolute_url()}x/")
    client.get(proposal.get_absolute_url())
    assert [n.title for n in unread()] == ["Versie verborgen"]  # another page, under it


def test_the_list_shows_one_kind_or_only_the_unread_ones(client, people):
    user = people["member"]
    read_reply = notify([user], Kind.REPLY, "Reactie die al gelezen is", url="/agenda/")[0]
    notify([user], Kind.REPLY, "Nieuwe reactie", url="/agenda/")
    notify([user], Kind.DEADLINE, "Deadline over een week", url="/agenda/")
    Notification.objects.filter(pk=read_reply.pk).update(read_at=timezone.now())
    client.force_login(user)

    def listed(query=""):
        page = BeautifulSoup(client.get("/meldingen/" + query).content, "html.parser")
        return sorted(li.a.get_text() for li in page.select("li.notification"))

    assert len(listed()) == 3
    # Unread is said in words beside the colour, for who does not see the colour (WCAG 1.4.1).
    page = BeautifulSoup(client.get("/meldingen/").content, "html.parser")
    said_unread = sorted(
        li.a.get_text()
        for li in page.select("li.notification")
        if (badge := li.select_one(".status-badge--new")) and badge.get_text() == "ongelezen"
    )
    assert said_unread == ["Deadline over een week", "Nieuwe reactie"]
    assert listed("?soort=reply") == ["Nieuwe reactie", "Reactie die al gelezen is"]
    assert listed("?ongelezen=1") == ["Deadline over een week", "Nieuwe reactie"]
    assert listed("?soort=reply&ongelezen=1") == ["Nieuwe reactie"]
    assert listed("?soort=iets") == listed()  # an unknown kind is no filter
    empty = client.get("/meldingen/?soort=review").text
    assert "Geen meldingen bij deze keuze." in empty and "Nog geen meldingen" not in empty


def test_a_notification_never_redirects_off_site(client, people):
    (evil,) = notify([people["member"]], Kind.REPLY, "x", url="https://evil.example/")
    client.force_login(people["member"])
    response = client.get(reverse("notifications:open", args=[evil.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_someone_elses_notification_cannot_be_opened(client, people):
    (mine,) = notify([people["member"]], Kind.REPLY, "x", url="/agenda/")
    client.force_login(people["trekker"])
    assert client.get(reverse("notifications:open", args=[mine.pk])).status_code == 404


# The digest -----------------------------------------------------------------------------------


@pytest.fixture
def busy_day(people):
    """A day of events for the working group member: two replies, a mention, a waterbed warning."""
    member = people["member"]
    save_preferences(
        member,
        {kind: Channel.EMAIL for kind in Kind} | {Kind.AGENDA: Channel.LIVE},
        "daily",
        8,
        0,
    )
    thread = actions.start_thread(member, "Triage", "Vraag", visibility=Visibility.MEMBERS)
    moments = iter([at(9, 22), at(11, 22), at(14, 22), at(16, 22)])
    actions.add_post(people["trekker"], thread.pk, "Eerste reactie")
    actions.add_post(people["head"], thread.pk, "Tweede reactie")
    actions.add_post(people["lead"], thread.pk, "Zie @lid")
    notify([member], Kind.AGENDA, "Alleen live, niet in de mail")
    notify([member], Kind.WATERBED, "Waterbedsignaal voor 1.3")
    for n in Notification.objects.filter(recipient=member).order_by("pk"):
        n.created_at = next(moments, at(17, 22))
        n.save(update_fields=["created_at"])
    return member


def test_a_digest_of_one_notification_says_one_in_its_subject(people):
    from django.utils import translation

    member = people["member"]
    save_preferences(member, {Kind.WATERBED: Channel.EMAIL}, "daily", 8, 0)
    with translation.override("nl"):
        notify([member], Kind.WATERBED, "Waterbedsignaal voor 1.3")
    Notification.objects.filter(recipient=member).update(created_at=at(7))
    assert send_digests(now=at(8)) == 1
    (message,) = mail.outbox
    assert message.subject == "RGW-verbeterplatform: 1 melding"


def test_thousands_of_notifications_are_counted_as_the_reader_writes_numbers(people, client):
    member = people["member"]
    save_preferences(member, {Kind.WATERBED: Channel.EMAIL}, "daily", 8, 0)
    with translation.override("nl"):
        notify([member], Kind.WATERBED, "Waterbedsignaal voor 1.3")
    (first,) = Notification.objects.filter(recipient=member)
    Notification.objects.bulk_create(
        Notification(recipient=member, kind=first.kind, title=f"Signaal {n}", by_email=True)
        for n in range(1233)
    )
    Notification.objects.filter(recipient=member).update(created_at=at(7))
    assert send_digests(now=at(8)) == 1
    (message,) = mail.outbox
    assert message.subject == "RGW-verbeterplatform: 1.234 meldingen"
    assert "Er zijn 1.234 nieuwe meldingen voor u" in message.body
    client.force_login(member)
    assert "data-unread-count>1.234</span>" in client.get("/meldingen/").text
    assert "data-unread-count>1,234</span>" in client.get("/en/meldingen/").text


def test_the_digest_holds_a_days_events_grouped_and_newest_first(busy_day):
    assert send_digests(now=at(8)) == 1
    (message,) = mail.outbox
    assert message.to == [busy_day.email]
    assert "4 meldingen" in message.subject
    text = message.body
    replies = text.index("== Reacties in gevolgde discussies ==")
    mentions = text.index("== Vermeldingen van u of uw organisatie ==")
    waterbed = text.index("== Waterbedsignalen bij uw agendapunten ==")
    assert replies < mentions < waterbed
    reply_lines = [line for line in text.splitlines() if "reageerde in" in line]
    assert reply_lines[0].startswith("- ") and "11:00" in reply_lines[0]  # newest first
    assert "09:00" in reply_lines[1]
    assert "Alleen live" not in text
    html = message.alternatives[0][0]
    assert "<h2" in html and "Waterbedsignaal voor 1.3" in html
    assert '<html lang="nl">' in html


def test_the_digest_comes_in_the_language_the_reader_chose(client, busy_day, people):
    """Chosen on the settings page, the digest comes in English: subject, headings, titles and
    links. Who never chose is offered the language of the page they are on."""
    client.force_login(people["trekker"])
    english = client.get("/en/meldingen/instellingen/").text
    dutch = client.get("/meldingen/instellingen/").text
    assert '<option value="en" selected>English</option>' in english
    assert '<option value="nl">Nederlands</option>' in english  # each in its own name
    assert '<option value="nl" selected>Nederlands</option>' in dutch
    client.force_login(busy_day)
    form = {f"kind_{kind.value}": "email" for kind in Kind} | {"kind_agenda": "live"}
    form |= {"frequency": "daily", "hour": "8", "weekday": "0", "language": "en"}
    assert client.post("/en/meldingen/instellingen/", form).status_code == 302
    assert send_digests(now=at(8)) == 1
    (message,) = mail.outbox
    assert message.subject == "RGW improvement platform: 4 notifications"
    assert "== Replies in followed discussions ==" in message.body
    assert "replied in: Triage" in message.body and "reageerde" not in message.body
    with translation.override("en"):
        english_link = Thread.objects.get(title="Triage").get_absolute_url()
    assert english_link.startswith("/en/") and english_link in message.body
    assert "Waterbedsignaal voor 1.3" in message.body  # a plain title has no translation
    assert '<html lang="en">' in message.alternatives[0][0]  # a screen reader reads English
    # ... and the thread's title as Dutch; the text part and the subject carry no marks.
    assert 'replied in: <span lang="nl">Triage</span>' in message.alternatives[0][0]
    assert not {"\ue000", "\ue001"} & set(message.body + message.subject)


def test_a_language_not_offered_is_refused(client, people):
    client.force_login(people["member"])
    form = {f"kind_{kind.value}": "live" for kind in Kind}
    form |= {"frequency": "daily", "hour": "8", "weekday": "0", "language": "de"}
    form["kind_reply"] = "fax"
    response = client.post(reverse("notifications:preferences"), form)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    summary = page.find(id="form-errors")
    assert "Nog niet gelukt" in summary.get_text()
    assert "Taal: Selecteer een geldige keuze. de is geen beschikbare keuze." in summary.get_text()
    # Each error links to its field; a group of radio buttons by its first.
    for link in summary.find_all("a"):
        assert page.find(id=link["href"][1:]), link
    assert [link["href"] for link in summary.find_all("a")] == ["#id_kind_reply_0", "#id_language"]
    assert not DigestSetting.objects.filter(user=people["member"]).exists()


def test_the_digest_comes_at_the_chosen_hour_and_only_once(busy_day):
    assert send_digests(now=at(7)) == 0
    assert send_digests(now=at(8)) == 1
    assert send_digests(now=at(8)) == 0
    waiting = Notification.objects.filter(recipient=busy_day, emailed_at__isnull=True)
    assert not waiting.filter(by_email=True).exists()
    assert len(mail.outbox) == 1


def test_a_weekly_digest_waits_for_its_day(busy_day):
    DigestSetting.objects.filter(user=busy_day).update(frequency="weekly", weekday=4)
    assert send_digests(now=at(8, day=23)) == 0  # Monday
    assert send_digests(now=at(8, day=27)) == 1  # Friday


def test_nothing_waiting_sends_no_mail(people):
    DigestSetting.objects.create(user=people["member"], hour=8)
    assert send_digests(now=at(8)) == 0
    assert mail.outbox == []


def test_the_digest_command_runs(busy_day):
    out = StringIO()
    call_command("send_notification_digests", stdout=out)
    assert "samenvattingen verstuurd" in out.getvalue()


def test_inactive_people_get_no_digest(busy_day):
    User.objects.filter(pk=busy_day.pk).update(is_active=False)
    assert send_digests(now=at(8)) == 0


def test_someone_who_never_chose_gets_the_daily_digest_at_eight(people):
    notify([people["member"]], Kind.WATERBED, "Waterbedsignaal voor 1.3")
    # Written the day before the fixed Monday of these tests, whatever today's date is.
    Notification.objects.filter(recipient=people["member"]).update(created_at=at(9, day=22))
    assert not DigestSetting.objects.filter(user=people["member"]).exists()
    assert send_digests(now=at(7)) == 0
    assert send_digests(now=at(8)) == 1
    assert send_digests(now=at(8)) == 0
    assert mail.outbox[0].to == [people["member"].email]
