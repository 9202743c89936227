"""The home page's "Voor u": what waits for the signed-in person, each line a count (or an item)
and a link to the list it comes from. On the demo content (loaded once for the module), with
people of their own, so that what waits for them is only what a test gave them."""

import datetime
import uuid

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from accounts.models import OrganisationType, Role, User
from agenda.actions import decide_realisation, update_item
from agenda.models import AgendaPart, Status
from discussions import actions
from handbook.models import HandbookPage

from .agenda_helpers import published_item
from .discussion_helpers import PROPOSAL_FORM, signed_in
from .factories import MembershipFactory, OrganisationFactory, UserFactory, WorkingGroupFactory

pytestmark = pytest.mark.usefixtures("demo")


def for_you(client, path="/"):
    """The lines of "Voor u" as (text, address); its one sentence, with no address, when nothing
    waits; None when the page has no such section."""
    page = BeautifulSoup(client.get(path).content, "html.parser")
    section = page.select_one("section.for-you")
    if section is None:
        return None
    links = [(a.get_text(" ", strip=True), a["href"]) for a in section.select("a")]
    return links or [(section.p.get_text(" ", strip=True), None)]


NOTHING = [
    (
        "Er wacht nu niets op u: geen open taken en geen nieuwe berichten in discussies die u "
        "volgt.",
        None,
    )
]


def person(username, role=Role.ACCESS_STAFF, organisation="gemeente-medemblik"):
    """Someone of the demo's municipality (or another organisation) with nothing to do yet."""
    kind = OrganisationType.PROVIDER if role == Role.PROVIDER else OrganisationType.MUNICIPALITY
    org = OrganisationFactory(slug=organisation, type=kind)
    return UserFactory(username=username, organisation=org, role=role)


def counted(lines, *endings):
    """The number that starts the line ending in one of `endings`; 0 when there is none."""
    for text, _href in lines:
        if text.endswith(endings):
            return int(text.split()[0])
    return 0


def test_a_visitor_has_no_for_you_and_a_member_with_nothing_waiting_is_told_so(client):
    assert for_you(client) is None
    client.force_login(person("nieuwe-collega"))
    assert for_you(client) == NOTHING


def test_open_tasks_are_counted_with_those_past_their_deadline_and_lead_to_my_tasks():
    worker = person("nieuwe-trekker", Role.TREKKER)
    group = WorkingGroupFactory(name="Werkgroep Wachttijden", slug="wachttijden")
    MembershipFactory(user=worker, working_group=group)
    today = timezone.localdate()
    published_item(title="Te laat", owner=worker, deadline=today - datetime.timedelta(days=3))
    published_item(title="Op tijd", trekker=worker, deadline=today + datetime.timedelta(days=40))
    published_item(title="Van de werkgroep", working_group=group, status=Status.IN_PROGRESS)
    published_item(title="Al klaar", owner=worker, status=Status.REALISED)
    published_item(title="Van een ander", deadline=today - datetime.timedelta(days=3))
    client = signed_in(worker)

    assert for_you(client) == [("3 open taken, waarvan 1 over de deadline", "/agenda/mijn-taken/")]
    tasks = BeautifulSoup(client.get("/agenda/mijn-taken/").content, "html.parser")
    listed = " | ".join(h3.get_text(" ", strip=True) for h3 in tasks.select("main h3"))
    for title in ("Te laat", "Op tijd", "Van de werkgroep"):
        assert title in listed
    for title in ("Al klaar", "Van een ander"):
        assert title not in listed


def test_a_followed_discussion_with_news_from_others_until_it_is_read():
    writer, other = person("nieuwe-schrijver"), person("nieuwe-lezer")
    starter = signed_in(writer)
    thread = actions.start_thread(writer, "Wachttijden bij Z5", "Hoe lang wacht u?")
    actions.add_post(writer, thread.pk, "Bij ons zes weken.")  # one's own posts are not news
    assert for_you(starter) == NOTHING

    actions.add_post(other, thread.pk, "Bij ons vier.")
    lines = for_you(starter)
    assert lines == [("1 gevolgde discussie met nieuwe berichten", "/discussies/?wie=volg&nieuw=1")]
    listed = BeautifulSoup(starter.get(lines[0][1]).content, "html.parser")
    titles = [a.get_text(strip=True) for a in listed.select(".thread-list__item h2 > a")]
    assert titles == ["Wachttijden bij Z5"]

    starter.get(thread.get_absolute_url())
    assert for_you(starter) == NOTHING


def test_the_expert_team_sees_open_reports_and_waiting_proposals_and_nobody_else_does():
    moderator = User.objects.get(username="moderator")  # the demo's, of the expert team
    writer = person("nieuwe-schrijver")
    provider = person("nieuwe-aanbieder", Role.PROVIDER, organisation="nieuwe-zorg")
    reports = ("open melding van een bericht", "open meldingen van berichten")
    proposals = ("wacht op behandeling", "wachten op behandeling")
    before = for_you(signed_in(moderator))

    thread = actions.start_thread(writer, "Triage bij enkelvoudige vragen", "Wanneer?")
    post = actions.add_post(provider, thread.pk, "Altijd een gesprek.")
    actions.report_post(writer, post.pk, "Klopt niet")
    actions.submit_proposal(provider, PROPOSAL_FORM, uuid.uuid4())

    after = for_you(signed_in(moderator))
    assert counted(after, *reports) == counted(before, *reports) + 1
    assert counted(after, *proposals) == counted(before, *proposals) + 1
    links = dict(after)
    assert links[next(text for text in links if text.endswith(reports))] == (
        "/discussies/moderatie/"
    )
    assert links[next(text for text in links if text.endswith(proposals))] == (
        "/voorstellen/?status=ingediend&volgorde=oudste"
    )
    for someone in (writer, provider):
        lines = for_you(signed_in(someone))
        assert counted(lines, *reports) == counted(lines, *proposals) == 0


def test_a_count_of_thousands_is_grouped_as_the_reader_s_language_writes_it():
    from accounts.visibility import Visibility
    from discussions.models import Proposal, ProposalStatus

    moderator = User.objects.get(username="moderator")
    provider = person("nieuwe-aanbieder", Role.PROVIDER, organisation="nieuwe-zorg")
    waiting = Proposal.objects.filter(status=ProposalStatus.SUBMITTED).count()
    Proposal.objects.bulk_create(
        Proposal(
            title=f"Voorstel {n}",
            problem="Wat misgaat.",
            author=provider,
            organisation=provider.organisation,
            visibility=Visibility.MEMBERS,
            submission_key=uuid.uuid4(),
        )
        for n in range(1000)
    )
    total = waiting + 1000
    dutch = f"{total:,} ingediende voorstellen wachten op behandeling".replace(",", ".")
    assert dutch in [text for text, _href in for_you(signed_in(moderator))]
    english = f"{total:,} submitted proposals awaiting review"
    assert english in [text for text, _href in for_you(signed_in(moderator), "/en/")]


def test_a_realisation_waits_on_the_home_page_of_the_accountable_head_only():
    head = person("nieuw-hoofd", Role.DEPARTMENT_HEAD)
    other_head = person("ander-nieuw-hoofd", Role.DEPARTMENT_HEAD)
    trekker = person("nieuwe-trekker", Role.TREKKER)
    item = published_item(
        code="9.90",
        title="Betere afbakening van segment B en C Jeugd",
        owner=trekker,
        trekker=trekker,
        accountable_head=head,
        status=Status.IN_PROGRESS,
    )
    update_item(item.pk, trekker, {"status": Status.REALISED})

    waiting = (
        "Realisatie wacht op uw goedkeuring: 9.90 Betere afbakening van segment B en C Jeugd",
        item.get_absolute_url(),
    )
    assert waiting in for_you(signed_in(head))
    assert waiting not in for_you(signed_in(other_head))

    english = BeautifulSoup(signed_in(head).get("/en/").content, "html.parser")
    line = english.select_one(f"section.for-you a[href$='/agenda/punt/{item.pk}/']")
    assert line.get_text(" ", strip=True) == (
        "Realisation awaiting your approval: 9.90 Betere afbakening van segment B en C Jeugd"
    )
    assert line.select_one('span[lang="nl"]').get_text() == (
        "9.90 Betere afbakening van segment B en C Jeugd"
    )

    decide_realisation(item.pk, head, approve=True)
    assert waiting not in for_you(signed_in(head))


def test_for_you_speaks_english_on_the_english_site():
    worker = person("nieuwe-trekker", Role.TREKKER)
    published_item(title="Te laat", owner=worker, deadline=datetime.date(2026, 1, 1))
    published_item(title="Nog een", owner=worker)
    assert for_you(signed_in(worker), "/en/") == [
        ("2 open tasks, of which 1 past its deadline", "/en/agenda/mijn-taken/")
    ]


def test_the_platform_pillar_leads_members_to_proposals_and_discussions():
    provider = person("nieuwe-aanbieder", Role.PROVIDER, organisation="nieuwe-zorg")
    council_member = person("nieuw-raadslid", Role.COUNCIL_MEMBER)

    def pillar_links(user):
        page = BeautifulSoup(signed_in(user).get("/").content, "html.parser")
        pillar = page.select_one('section[aria-labelledby="pillar-platform"]')
        return [(a.get_text(strip=True), a["href"]) for a in pillar.select("a")]

    assert pillar_links(provider) == [
        ("Naar de verbetervoorstellen", "/voorstellen/"),
        ("Naar de discussies", "/discussies/"),
        ("Voorstel of signaal indienen", "/voorstellen/nieuw/"),
    ]
    # A council member only reads along.
    assert pillar_links(council_member) == pillar_links(provider)[:2]


def test_the_project_lead_counts_what_the_lists_behind_the_links_show():
    lead = signed_in(User.objects.get(username="projectleider"))
    lines = dict(for_you(lead))
    overdue_items = next(text for text in lines if text.endswith("zijn over de deadline"))
    listed = BeautifulSoup(lead.get(lines[overdue_items]).content, "html.parser")
    assert lines[overdue_items] == "/agenda/?overdue=on"
    assert int(overdue_items.split()[0]) == len(listed.select("main table.data tbody tr"))

    reviews = next(text for text in lines if "aan herziening toe" in text)
    assert lines[reviews] == "/handreiking/review/"
    listed = BeautifulSoup(lead.get(lines[reviews]).content, "html.parser")
    assert int(reviews.split()[0]) == len(listed.select("#review-overdue ~ tbody tr"))

    # Another page past its review date is one more on both.
    page = HandbookPage.objects.live().filter(review_date__gte=timezone.localdate()).first()
    page.review_date = timezone.localdate() - datetime.timedelta(days=1)
    page.save(update_fields=["review_date"])
    more = next(text for text, _href in for_you(lead) if "aan herziening toe" in text)
    assert int(more.split()[0]) == int(reviews.split()[0]) + 1


def test_with_the_shared_cache_on_every_count_follows_a_change_at_once(
    page_cache, django_capture_on_commit_callbacks
):
    """Counts over whole tables (tasks, late items, waiting proposals, pages to review, the
    agenda's parts) are shared until what they count changes; a change shows at the next visit."""
    import re

    lead = User.objects.get(username="projectleider")
    provider = person("nieuwe-aanbieder", Role.PROVIDER, organisation="nieuwe-zorg")
    client = signed_in(lead)

    def counts():
        html = client.get("/").content.decode()
        lines = for_you(client)
        texts = [text for text, _href in lines]

        def number(pattern):
            found = [int(m.group(1)) for t in texts if (m := re.match(pattern, t))]
            return found[0] if found else 0

        parts = dict(re.findall(r"Deel (\d) [^:<]+: (\d+) punt", html))
        return {
            "tasks": number(r"(\d+) open ta(?:ak|ken)"),
            "late tasks": number(r"\d+ open ta(?:ak|ken), waarvan (\d+)"),
            "late items": number(r"(\d+) punten? van de agenda (?:is|zijn) over"),
            "proposals": number(r"(\d+) ingediende? voorstel"),
            "reviews": number(r"(\d+) pagina"),
            "part 1": int(parts["1"]),
        }

    before = counts()
    assert counts() == before  # the second visit, from the shared cache
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        published_item(
            title="Nieuw en te laat",
            owner=lead,
            part=AgendaPart.objects.get(number=1),
            deadline=today - datetime.timedelta(days=2),
        )
        actions.submit_proposal(provider, PROPOSAL_FORM, uuid.uuid4())
        page = HandbookPage.objects.live().filter(review_date__gte=today).first()
        page.review_date = today - datetime.timedelta(days=1)
        page.save(update_fields=["review_date"])
    assert counts() == {
        "tasks": before["tasks"] + 1,
        "late tasks": before["late tasks"] + 1,
        "late items": before["late items"] + 1,
        "proposals": before["proposals"] + 1,
        "reviews": before["reviews"] + 1,
        "part 1": before["part 1"] + 1,
    }


def test_with_the_shared_cache_on_what_waits_for_approval_follows_a_change_at_once(
    page_cache, django_capture_on_commit_callbacks
):
    """Whose approval a change waits for is kept per person (asking every workflow task costs
    a fifth of the home page), until a workflow, an item or a person changes: an approval
    given, a change submitted for review, someone added to the reviewing group."""
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from handbook.models import GuidancePage

    head = person("nieuw-hoofd", Role.DEPARTMENT_HEAD)
    trekker = person("nieuwe-trekker", Role.TREKKER)
    reader = UserFactory(username="nieuwe-lezer", role=Role.MODERATOR, is_staff=True)
    editor = UserFactory(username="redacteur", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    item = published_item(
        code="9.91", title="Eén regionale werkdag", trekker=trekker, accountable_head=head,
        status=Status.IN_PROGRESS,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        update_item(item.pk, trekker, {"status": Status.REALISED})
    waiting = (
        "Realisatie wacht op uw goedkeuring: 9.91 Eén regionale werkdag",
        f"/agenda/punt/{item.pk}/",
    )
    client = signed_in(head)

    def tasks_asked():
        with CaptureQueriesContext(connection) as visit:
            client.get("/")
        return any("wagtailcore_task" in query["sql"] for query in visit.captured_queries)

    assert tasks_asked() and not tasks_asked()
    assert waiting in for_you(client)  # from the shared cache
    with django_capture_on_commit_callbacks(execute=True):
        decide_realisation(item.pk, head, approve=True)
    assert waiting not in for_you(client)

    # A handbook change for review: the expert team's reviewer sees it once they are in the
    # reviewing group, at the next visit.
    reviewing = signed_in(reader)
    others = ("wijziging wacht op uw beoordeling", "wijzigingen wachten op uw beoordeling")
    before = counted(for_you(reviewing), *others)
    with django_capture_on_commit_callbacks(execute=True):
        page = GuidancePage.objects.get(slug="regisseursrol")
        page.summary = "Eén gezin, één plan, één regisseur."
        page.save_revision(user=editor)
        page.get_workflow().start(page, editor)
    assert counted(for_you(reviewing), *others) == before
    with django_capture_on_commit_callbacks(execute=True):
        reader.groups.add(Group.objects.get(name="Moderators"))
    assert counted(for_you(reviewing), *others) == before + 1
