"""Threads, posts and proposals through their actions and pages, on PostgreSQL."""

import uuid

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Role
from accounts.visibility import Visibility
from discussions import actions
from discussions.models import (
    POST_MAX_LENGTH,
    Post,
    Proposal,
    ProposalStatus,
    ProposalSupport,
    Thread,
)
from notifications.actions import set_following
from notifications.models import Kind, Notification

from .agenda_helpers import published_item
from .factories import AgendaPartFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(municipality):
    return UserFactory(username="collega", organisation=municipality, role=Role.ACCESS_STAFF)


@pytest.fixture
def council_member(municipality):
    return UserFactory(username="raadslid", organisation=municipality, role=Role.COUNCIL_MEMBER)


@pytest.fixture
def thread(access_worker):
    return actions.start_thread(access_worker, "Perspectiefplan bij enkelvoudige vragen", "Hoe?")


def notifications_of(user, kind=None):
    found = Notification.objects.filter(recipient=user)
    return found.filter(kind=kind) if kind else found


def proposal_data(**overrides):
    return {
        "kind": "voorstel",
        "title": "Afwijkingen van de matrix groeperen",
        "problem": "Wat vaak afwijkt, komt niet terug in de matrix.",
        "proposed_change": "Groepeer afwijkingen per kwartaal.",
        "domain": "beide",
        **overrides,
    }


# Threads and posts ----------------------------------------------------------------------------


def test_a_reply_notifies_the_threads_followers_but_not_the_writer(thread, access_worker, provider):
    actions.add_post(provider, thread.pk, "Bij ons ook.")
    assert notifications_of(access_worker, Kind.REPLY).count() == 1
    assert notifications_of(provider).count() == 0
    # The writer now follows the thread and hears of the next reply.
    actions.add_post(access_worker, thread.pk, "Dank je.")
    assert notifications_of(provider, Kind.REPLY).count() == 1


def test_mentions_reach_the_person_and_the_members_of_an_organisation(
    thread, access_worker, provider, provider_org
):
    other_at_provider = UserFactory(organisation=provider_org, role=Role.PROVIDER)
    post = actions.add_post(access_worker, thread.pk, "Vraag aan @jeugdhulp-test en @aanbieder.")
    assert '<span class="mention">@Jeugdhulp Test</span>' in post.body_html
    assert notifications_of(provider, Kind.MENTION).count() == 1  # once, not twice
    assert notifications_of(other_at_provider, Kind.MENTION).count() == 1


def test_an_edit_only_tells_the_people_it_newly_mentions(
    thread, access_worker, provider, provider_org, municipality
):
    other_at_provider = UserFactory(organisation=provider_org, role=Role.PROVIDER)
    colleague = UserFactory(username="collega", organisation=municipality)
    post = actions.add_post(access_worker, thread.pk, "Vraag aan @jeugdhulp-test.")
    actions.edit_post(access_worker, post.pk, "Vraag aan @jeugdhulp-test en @collega.", version=0)
    # The provider's members heard of the post once, not again for a typo fixed around them.
    assert notifications_of(provider, Kind.MENTION).count() == 1
    assert notifications_of(other_at_provider, Kind.MENTION).count() == 1
    assert notifications_of(colleague, Kind.MENTION).count() == 1
    post.refresh_from_db()
    assert list(post.mentioned_users.all()) == [colleague]
    assert list(post.mentioned_organisations.all()) == [provider_org]


def test_nobody_hears_of_a_thread_they_may_not_see(access_worker, provider):
    internal = actions.start_thread(
        access_worker,
        "Alleen gemeenten",
        "Wat vindt @aanbieder hiervan?",
        visibility=Visibility.MUNICIPALITIES,
    )
    assert notifications_of(provider).count() == 0
    assert not Thread.objects.visible_to(provider).filter(pk=internal.pk).exists()


def test_provider_cannot_open_or_list_a_municipality_thread(client, access_worker, provider):
    internal = actions.start_thread(
        access_worker, "Triage tussen gemeenten", "Intern.", visibility=Visibility.MUNICIPALITIES
    )
    client.force_login(provider)
    assert client.get(reverse("discussions:thread", args=[internal.pk])).status_code == 404
    assert "Triage tussen gemeenten" not in client.get(reverse("discussions:threads")).text
    response = client.post(reverse("discussions:thread_reply", args=[internal.pk]), {"body": "x"})
    assert response.status_code == 404
    assert internal.posts.count() == 1


def test_a_provider_cannot_open_a_municipality_thread_themself(provider):
    with pytest.raises(ValidationError):
        actions.start_thread(provider, "X", "Y", visibility=Visibility.MUNICIPALITIES)


@pytest.mark.parametrize(
    "body, message",
    [("   ", "Schrijf eerst een bericht."), ("x" * (POST_MAX_LENGTH + 1), "hoogstens")],
)
def test_empty_or_oversized_posts_are_refused_and_nothing_is_stored(
    client, thread, provider, body, message
):
    client.force_login(provider)
    response = client.post(reverse("discussions:thread_reply", args=[thread.pk]), {"body": body})
    assert response.status_code == 400
    assert message in response.text
    assert thread.posts.count() == 1


def test_script_in_a_post_is_stored_harmless(client, thread, provider):
    client.force_login(provider)
    body = (
        "Kijk <script>alert('x')</script> hier "
        '<img src=x onerror="alert(1)"> [klik](javascript:alert(2)) <b onclick="x()">vet</b>'
    )
    client.post(reverse("discussions:thread_reply", args=[thread.pk]), {"body": body})
    post = thread.posts.last()
    assert post.body_source == body  # kept for editing, never shown as HTML
    for dangerous in ("<script", "onerror", "javascript:", "onclick", "<img"):
        assert dangerous not in post.body_html
    assert "<b>vet</b>" in post.body_html
    page = client.get(reverse("discussions:thread", args=[thread.pk])).text
    assert "<script>alert" not in page


def test_editing_keeps_the_history_and_refuses_a_stale_form(thread, access_worker, moderator):
    post = thread.posts.get()
    actions.edit_post(access_worker, post.pk, "Hoe doen jullie dit?", version=0)
    with pytest.raises(actions.EditConflict):
        actions.edit_post(moderator, post.pk, "Overschreven", version=0)
    post.refresh_from_db()
    assert post.body_source == "Hoe doen jullie dit?"
    assert [e.body_source for e in post.edits.all()] == ["Hoe?"]


def test_a_posts_history_shows_what_each_edit_changed_word_by_word(client, thread, access_worker):
    post = thread.posts.get()
    actions.edit_post(access_worker, post.pk, "Hoe doen jullie dit? <b>Graag</b> snel.", version=0)
    actions.edit_post(access_worker, post.pk, "Hoe doen jullie dat? <b>Graag</b> snel.", version=1)
    client.force_login(access_worker)
    page = client.get(reverse("discussions:post_history", args=[post.pk]))
    newest_change = BeautifulSoup(page.content, "html.parser").select("p.text-diff")[0]
    assert [d.get_text() for d in newest_change.select("del")] == ["[verwijderd: dit? ]"]
    assert [i.get_text() for i in newest_change.select("ins")] == ["[toegevoegd: dat? ]"]
    # What was typed is shown as typed, never as markup.
    assert "&lt;b&gt;Graag&lt;/b&gt;" in str(newest_change) and not newest_change.select("b")


def test_a_stale_edit_form_shows_the_text_as_it_stands_and_keeps_what_was_typed(
    client, thread, access_worker, moderator
):
    post = thread.posts.get()
    url = reverse("discussions:post_edit", args=[post.pk])
    actions.edit_post(moderator, post.pk, "Aangescherpt door het expertteam.", version=0)
    client.force_login(access_worker)
    stale = client.post(url, {"body": "Mijn aanvulling.", "version": 0})
    assert stale.status_code == 409
    form = BeautifulSoup(stale.text, "html.parser")
    assert "gewijzigd nadat u het opende" in form.select_one(".messages").get_text()
    assert "Aangescherpt door het expertteam." in form.select_one(".edit-conflict").get_text()
    since = form.select_one(".edit-conflict .text-diff")  # what changed since they opened it
    assert since.select_one("del").get_text() == "[verwijderd: Hoe?]"
    assert since.select_one("ins").get_text() == "[toegevoegd: Aangescherpt door het expertteam.]"
    assert form.select_one("textarea[name=body]").get_text().strip() == "Mijn aanvulling."
    assert form.select_one("input[name=version]")["value"] == "1"  # the version now seen
    post.refresh_from_db()
    assert post.body_source == "Aangescherpt door het expertteam."
    assert client.post(url, {"body": "Mijn aanvulling.", "version": 1}).status_code == 302
    post.refresh_from_db()
    assert post.body_source == "Mijn aanvulling."


def test_the_text_being_edited_is_read_as_dutch_on_the_english_site(client, thread, access_worker):
    """The post shows as written in Dutch; so does the box that holds it for editing."""
    url = reverse("discussions:post_edit", args=[thread.posts.get().pk])
    client.force_login(access_worker)
    for prefix, marked in (("/en", "nl"), ("", None)):
        page = client.get(prefix + url)
        box = BeautifulSoup(page.text, "html.parser").select_one("textarea[name=body]")
        assert box.get_text().strip() == "Hoe?"
        assert box.get("lang") == marked, prefix


def test_only_the_author_or_a_moderator_edits(thread, provider):
    with pytest.raises(PermissionDenied):
        actions.edit_post(provider, thread.posts.get().pk, "Anders", version=0)


def test_a_moderator_hides_with_a_reason_and_the_reports_are_closed(
    client, thread, provider, moderator, access_worker
):
    post = actions.add_post(provider, thread.pk, "Iets ongepasts")
    actions.report_post(access_worker, post.pk, "Persoonsgegevens van een inwoner")
    assert notifications_of(moderator, Kind.MODERATION).count() == 1
    with pytest.raises(PermissionDenied):
        actions.hide_post(access_worker, post.pk, "Niet netjes")
    with pytest.raises(ValidationError):
        actions.hide_post(moderator, post.pk, " ")
    actions.hide_post(moderator, post.pk, "Bevatte persoonsgegevens")
    post.refresh_from_db()
    assert post.is_hidden and not post.reports.filter(resolved_at__isnull=True).exists()
    client.force_login(access_worker)
    page = client.get(reverse("discussions:thread", args=[thread.pk])).text
    assert "Iets ongepasts" not in page
    shown = BeautifulSoup(page, "html.parser").select_one(f"#bericht-{post.pk}")
    shown = shown.get_text(" ", strip=True)
    assert "Verborgen door het expertteam: Bevatte persoonsgegevens" in shown


def test_a_locked_thread_takes_replies_only_from_moderators(thread, provider, moderator):
    actions.lock_thread(moderator, thread.pk, True, "Afgerond")
    with pytest.raises(PermissionDenied):
        actions.add_post(provider, thread.pk, "Nog iets")
    actions.add_post(moderator, thread.pk, "Samenvatting van het expertteam")
    assert thread.posts.count() == 2


def test_a_moderator_moves_a_thread_to_an_agenda_item(thread, moderator, client):
    item = published_item(title="Perspectiefplan weer van de inwoner")
    actions.move_thread(moderator, thread.pk, agenda_item=item)
    client.force_login(moderator)
    page = client.get(reverse("discussions:thread", args=[thread.pk])).text
    assert "Perspectiefplan weer van de inwoner" in page


def test_a_council_member_reads_but_does_not_write(client, thread, council_member):
    client.force_login(council_member)
    assert client.get(reverse("discussions:thread", args=[thread.pk])).status_code == 200
    response = client.post(reverse("discussions:thread_reply", args=[thread.pk]), {"body": "Hoi"})
    assert response.status_code == 403
    assert client.get(reverse("discussions:proposal_new")).status_code == 403


def tools_for_live_posts(client, user, thread):
    """The tools the thread page holds for a post that arrives live, per state: {key: (links,
    buttons and summaries by their text, form actions)}."""
    from discussions.views import TOOLS_PLACEHOLDER

    client.force_login(user)
    page = BeautifulSoup(client.get(thread.get_absolute_url()).content, "html.parser")
    found = {}
    for template in page.find_all("template", attrs={"data-post-tools": True}):
        assert template["data-placeholder"] == str(TOOLS_PLACEHOLDER)
        tools = BeautifulSoup(template.decode_contents(), "html.parser")  # a page of its own
        names = {tag.get_text(strip=True) for tag in tools.find_all(["a", "summary", "button"])}
        actions_ = {form["action"] for form in tools.find_all("form")}
        found[template["data-post-tools"]] = (names, actions_)
    return found


def test_a_post_that_arrives_live_gets_the_readers_own_tools(
    client, thread, provider, moderator, council_member
):
    from discussions.views import TOOLS_PLACEHOLDER

    def url(name):
        return reverse(f"discussions:{name}", args=[TOOLS_PLACEHOLDER])

    tools = tools_for_live_posts(client, provider, thread)
    report = {"Melden", "Melden bij het expertteam"}
    assert tools["visible"] == ({"Citeren"} | report, {url("post_report")})
    assert tools["visible-own"] == ({"Citeren", "Bewerken"}, set())
    assert tools["hidden"] == tools["hidden-own"] == (set(), set())

    tools = tools_for_live_posts(client, moderator, thread)
    assert tools["visible"][0] == {"Citeren", "Bewerken", "Verbergen"} | report
    assert tools["hidden"] == (
        {"Verborgen tekst lezen", "Weer tonen", "Definitief wissen"},
        {url("post_restore"), url("post_erase")},
    )

    tools = tools_for_live_posts(client, council_member, thread)
    assert tools["visible"] == tools["hidden"] == (set(), set())


# Proposals ------------------------------------------------------------------------------------


def test_a_double_submitted_proposal_is_stored_once(client, provider, moderator):
    client.force_login(provider)
    form = {**proposal_data(), "submission_key": str(uuid.uuid4())}
    first = client.post(reverse("discussions:proposal_new"), form)
    second = client.post(reverse("discussions:proposal_new"), form)
    assert Proposal.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == Proposal.objects.get().get_absolute_url()
    assert notifications_of(moderator, Kind.PROPOSAL).count() == 1
    # The one who sent it twice (a retry after an error page) is told it was stored once.
    page = client.get(second["Location"]).text
    assert "Dit voorstel was al ingediend; het is niet nog eens opgeslagen." in page


def test_a_proposal_form_with_errors_keeps_what_was_typed(client, provider):
    client.force_login(provider)
    form = {**proposal_data(problem=""), "submission_key": str(uuid.uuid4())}
    response = client.post(reverse("discussions:proposal_new"), form)
    assert response.status_code == 400
    assert "Afwijkingen van de matrix groeperen" in response.text
    assert Proposal.objects.count() == 0


def test_a_proposal_needs_a_proposed_change_but_a_signal_does_not(client, provider):
    client.force_login(provider)
    for kind, expected in (("voorstel", 0), ("signaal", 1)):
        form = {
            **proposal_data(kind=kind, proposed_change=""),
            "submission_key": str(uuid.uuid4()),
        }
        client.post(reverse("discussions:proposal_new"), form)
        assert Proposal.objects.count() == expected


def submitted(provider):
    proposal, _ = actions.submit_proposal(provider, proposal_data(), uuid.uuid4())
    return proposal


def test_the_states_a_proposal_goes_through(provider, moderator):
    proposal = submitted(provider)
    with pytest.raises(ValidationError):  # in behandeling needs an evaluator
        actions.change_proposal_status(
            moderator, proposal.pk, ProposalStatus.IN_REVIEW, ProposalStatus.SUBMITTED
        )
    actions.change_proposal_status(
        moderator, proposal.pk, ProposalStatus.IN_REVIEW, ProposalStatus.SUBMITTED,
        evaluator=moderator,
    )  # fmt: skip
    with pytest.raises(ValidationError):  # afgewezen needs a reason
        actions.change_proposal_status(
            moderator, proposal.pk, ProposalStatus.REJECTED, ProposalStatus.IN_REVIEW
        )
    with pytest.raises(ValidationError):  # overgenomen needs an agenda item
        actions.change_proposal_status(
            moderator, proposal.pk, ProposalStatus.ADOPTED, ProposalStatus.IN_REVIEW
        )
    item = published_item(title="Lerend systeem")
    actions.change_proposal_status(
        moderator, proposal.pk, ProposalStatus.ADOPTED, ProposalStatus.IN_REVIEW, agenda_item=item
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ADOPTED and proposal.agenda_item == item
    assert [t.to_status for t in proposal.transitions.all()] == [
        "ingediend", "in_behandeling", "overgenomen",
    ]  # fmt: skip
    titles = list(notifications_of(provider, Kind.PROPOSAL).values_list("title", flat=True))
    assert titles[0].endswith(": overgenomen")


def test_a_decision_on_a_stale_view_is_refused(provider, moderator):
    proposal = submitted(provider)
    actions.change_proposal_status(
        moderator, proposal.pk, ProposalStatus.PARKED, ProposalStatus.SUBMITTED
    )
    with pytest.raises(actions.EditConflict):
        actions.change_proposal_status(
            moderator, proposal.pk, ProposalStatus.REJECTED, ProposalStatus.SUBMITTED, "Nee"
        )


def test_only_the_expert_team_decides(provider, access_worker):
    proposal = submitted(provider)
    with pytest.raises(PermissionDenied):
        actions.change_proposal_status(
            access_worker, proposal.pk, ProposalStatus.PARKED, ProposalStatus.SUBMITTED
        )


def test_adopting_into_a_new_item_makes_a_draft_for_the_project_lead(client, provider, moderator):
    proposal = submitted(provider)
    part = AgendaPartFactory(number=1)
    client.force_login(moderator)
    response = client.post(
        reverse("discussions:proposal_status", args=[proposal.pk]),
        {
            "to_status": "overgenomen",
            "expected_status": "ingediend",
            "new_item_part": part.pk,
            "new_item_code": "1.9",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.agenda_item.code == "1.9"
    assert proposal.agenda_item.title == proposal.title
    assert not proposal.agenda_item.live  # a draft until the project lead publishes it


def test_support_counts_organisations_and_a_merge_keeps_every_supporter(
    provider, moderator, access_worker, colleague
):
    original = submitted(provider)
    duplicate, _ = actions.submit_proposal(
        access_worker, proposal_data(title="Zelfde punt"), uuid.uuid4()
    )
    actions.support_proposal(colleague, duplicate.pk)
    actions.support_proposal(access_worker, original.pk)
    with pytest.raises(ValidationError):
        actions.support_proposal(provider, original.pk)  # one's own proposal
    actions.merge_proposals(moderator, duplicate.pk, original.pk, "Hetzelfde voorstel")
    duplicate.refresh_from_db()
    assert duplicate.status == ProposalStatus.MERGED and duplicate.merged_into == original
    supporters = set(
        ProposalSupport.objects.filter(proposal=original).values_list("user__username", flat=True)
    )
    assert supporters == {"toegang", "collega"}
    original.refresh_from_db()
    assert original.supporter_count == 2 and original.supporting_organisation_count == 1


def support_shown(client, proposal):
    """What the proposal list says of a proposal's support, as its reader sees it."""
    items = BeautifulSoup(client.get("/voorstellen/").content, "html.parser")
    for item in items.select(".proposal-list__item"):
        if item.h2.get_text(strip=True) == proposal.title:
            return item.select_one(".meta").get_text(" ", strip=True).rsplit("·", 1)[-1].strip()
    raise AssertionError(f"{proposal.title} is not on the list")


def test_a_proposal_counts_its_supporters_and_their_organisations_as_they_come_and_go(
    client, provider, access_worker, colleague, moderator
):
    proposal = submitted(provider)
    client.force_login(moderator)
    assert support_shown(client, proposal) == "nog geen steun"
    actions.support_proposal(access_worker, proposal.pk)
    actions.support_proposal(colleague, proposal.pk)  # the same municipality
    proposal.refresh_from_db()
    assert (proposal.supporter_count, proposal.supporting_organisation_count) == (2, 1)
    assert support_shown(client, proposal) == "steun van 1 organisatie"
    actions.support_proposal(moderator, proposal.pk)  # the expert team: a second organisation
    assert support_shown(client, proposal) == "steun van 2 organisaties"
    actions.support_proposal(moderator, proposal.pk, support=False)
    actions.support_proposal(access_worker, proposal.pk, support=False)
    proposal.refresh_from_db()
    assert (proposal.supporter_count, proposal.supporting_organisation_count) == (1, 1)
    # The author's own edit, saved after the supports changed, keeps the counts as they are.
    actions.edit_proposal(provider, proposal.pk, {"title": "Afwijkingen bundelen"}, 0)
    proposal.refresh_from_db()
    assert proposal.title == "Afwijkingen bundelen" and proposal.supporter_count == 1


def test_a_deleted_account_or_organisation_no_longer_counts_as_support(
    client, provider, access_worker, colleague, moderator, municipality
):
    proposal = submitted(provider)
    for supporter in (access_worker, colleague, moderator):
        actions.support_proposal(supporter, proposal.pk)
    colleague.delete()  # its supports go with it
    proposal.refresh_from_db()
    assert (proposal.supporter_count, proposal.supporting_organisation_count) == (2, 2)
    # An organisation is deleted once nobody belongs to it; its people's support stays.
    access_worker.organisation = OrganisationFactory(name="Gemeente Enkhuizen", slug="enkhuizen")
    access_worker.save()
    municipality.delete()
    proposal.refresh_from_db()
    assert (proposal.supporter_count, proposal.supporting_organisation_count) == (2, 1)
    client.force_login(moderator)
    assert support_shown(client, proposal) == "steun van 1 organisatie"


def test_the_migration_counts_the_support_there_already_was(provider, access_worker, moderator):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("discussions.migrations.0009_proposal_support_counts")
    backed, unbacked = submitted(provider), submitted(provider)
    for supporter in (access_worker, moderator):
        actions.support_proposal(supporter, backed.pk)
    Proposal.objects.update(supporter_count=7, supporting_organisation_count=7)  # not yet counted
    migration.count_existing_support(apps, None)
    counted = dict(Proposal.objects.values_list("pk", "supporter_count"))
    assert counted == {backed.pk: 2, unbacked.pk: 0}
    assert Proposal.objects.get(pk=backed.pk).supporting_organisation_count == 2


def test_the_proposal_list_orders_by_newest_oldest_or_most_support(
    client, provider, access_worker, colleague
):
    import datetime

    from django.utils import timezone

    titles = ["Oudste voorstel", "Voorstel met steun", "Nieuwste voorstel"]
    made = [(30, provider), (20, access_worker), (10, provider)]
    for title, (days_ago, author) in zip(titles, made, strict=True):
        proposal, _ = actions.submit_proposal(author, proposal_data(title=title), uuid.uuid4())
        created = timezone.now() - datetime.timedelta(days=days_ago)
        Proposal.objects.filter(pk=proposal.pk).update(created_at=created)
    backed = Proposal.objects.get(title="Voorstel met steun")
    actions.support_proposal(provider, backed.pk)
    client.force_login(colleague)

    def listed(query=""):
        html = client.get("/voorstellen/" + query).text
        return sorted(titles, key=html.index)

    assert listed() == ["Nieuwste voorstel", "Voorstel met steun", "Oudste voorstel"]
    assert listed("?volgorde=oudste") == titles
    assert listed("?volgorde=steun")[0] == "Voorstel met steun"
    assert listed("?volgorde=iets") == listed()  # an unknown order is the usual one
    assert "nog geen steun" in client.get("/voorstellen/").text  # not "steun van 0"
    assert '<option value="steun" selected>' in client.get("/voorstellen/?volgorde=steun").text


def test_the_proposal_list_shows_what_i_sent_my_organisation_sent_or_i_back(
    client, provider, access_worker, colleague
):
    for author, title in ((provider, "Van de aanbieder"), (access_worker, "Van de toegang")):
        actions.submit_proposal(author, proposal_data(title=title), uuid.uuid4())
    actions.support_proposal(colleague, Proposal.objects.get(title="Van de aanbieder").pk)
    client.force_login(colleague)

    def listed(query):
        items = BeautifulSoup(client.get("/voorstellen/" + query).content, "html.parser")
        return [h.get_text(strip=True) for h in items.select(".proposal-list__item h2")]

    assert sorted(listed("")) == ["Van de aanbieder", "Van de toegang"]
    assert listed("?wie=mij") == []
    assert listed("?wie=organisatie") == ["Van de toegang"]  # a colleague's, same municipality
    assert listed("?wie=gesteund") == ["Van de aanbieder"]
    backed = client.get("/voorstellen/?wie=gesteund").text
    assert "steun van 1 organisatie" in backed and '<option value="gesteund" selected>' in backed
    client.force_login(provider)
    assert listed("?wie=mij") == ["Van de aanbieder"]
    assert listed("?wie=volg") == ["Van de aanbieder"]  # the author follows what they send


def test_the_discussion_list_shows_what_i_started_wrote_in_or_follow(
    client, access_worker, colleague
):
    mine = actions.start_thread(colleague, "Mijn vraag over profielen", "Hoe?")
    answered = actions.start_thread(access_worker, "Een vraag die ik beantwoordde", "Wie?")
    followed = actions.start_thread(access_worker, "Een discussie die ik volg", "Wat?")
    actions.start_thread(access_worker, "Een andere discussie", "Waarom?")
    actions.add_post(colleague, answered.pk, "Wij doen het zo.")
    set_following(colleague, followed, True)
    client.force_login(colleague)

    def listed(query):
        items = BeautifulSoup(client.get("/discussies/" + query).content, "html.parser")
        return sorted(a.get_text(strip=True) for a in items.select(".thread-list__item h2 a"))

    assert len(listed("")) == 4
    assert listed("?wie=mij") == [mine.title]
    assert listed("?wie=geschreven") == sorted([mine.title, answered.title])
    assert listed("?wie=volg") == sorted([mine.title, answered.title, followed.title])
    shown = client.get("/discussies/?wie=volg").text
    assert '<option value="volg" selected>' in shown
    # Counted as ever: the filter on who wrote does not change a discussion's number of posts.
    assert "2 berichten" in client.get("/discussies/?wie=geschreven").text


def test_the_expert_team_names_an_item_by_code_and_a_duplicate_by_number(
    client, provider, moderator, access_worker
):
    """At the region's volume (10,000 items, 20,000 proposals) a list of every item and every
    proposal made each page the expert team moderates from megabytes long. They type a code or
    a number instead; the page stays the same size however many there are."""
    from agenda.models import AgendaItem

    part = AgendaPartFactory(number=2)
    item = published_item(part=part, code="2.1", title="Betere afbakening")
    proposal = submitted(provider)
    client.force_login(moderator)
    before = client.get(proposal.get_absolute_url()).text
    AgendaItem.objects.bulk_create(
        AgendaItem(part=part, code=f"2.{n}", title=f"Punt {n}", live=True) for n in range(2, 202)
    )
    for n in range(200):
        actions.submit_proposal(access_worker, proposal_data(title=f"Ander {n}"), uuid.uuid4())
    after = client.get(proposal.get_absolute_url()).text
    assert after.count("<option") == before.count("<option")
    assert 'value="2.1"' not in after and "Punt 17" not in after

    url = reverse("discussions:proposal_status", args=[proposal.pk])
    adopt = {"to_status": "overgenomen", "expected_status": "ingediend", "agenda_item": "2.999"}
    refused = client.post(url, adopt)
    assert refused.status_code == 400
    assert "Er is geen agendapunt met code 2.999 dat u kunt zien." in refused.text
    assert 'value="2.999"' in refused.text  # what was typed stays
    # Said at the top too, where the page opens: the form sits below the proposal.
    said = BeautifulSoup(refused.text, "html.parser").select_one(".messages").get_text(" ")
    assert "De status wijzigen is niet gelukt." in said and "code 2.999" in said
    client.post(url, {**adopt, "agenda_item": " 2.1 "})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ADOPTED and proposal.agenda_item == item

    duplicate = submitted(access_worker)
    merge = reverse("discussions:proposal_merge", args=[duplicate.pk])
    own = client.post(merge, {"target": f"nr. {duplicate.pk}"})
    assert own.status_code == 400 and "Er is geen ander open voorstel met nummer" in own.text
    done = client.post(merge, {"target": f"http://testserver{proposal.get_absolute_url()}"})
    duplicate.refresh_from_db()
    assert done.status_code == 302 and duplicate.merged_into == proposal

    thread = actions.start_thread(access_worker, "Afbakening segment C", "Waar hoort dit?")
    move = reverse("discussions:thread_move", args=[thread.pk])
    wrong = client.post(move, {"agenda_item": "2.999"})
    assert wrong.status_code == 400 and 'value="2.999"' in wrong.text
    assert "Verplaatsen is niet gelukt." in wrong.text
    assert "Er is geen agendapunt met code 2.999 dat u kunt zien." in wrong.text
    thread.refresh_from_db()
    assert thread.agenda_item is None
    moved = client.post(move, {"agenda_item": "2.1"})
    thread.refresh_from_db()
    assert moved.status_code == 302 and thread.agenda_item == item
    client.force_login(access_worker)  # not the expert team: refused, whatever was typed
    assert client.post(move, {"agenda_item": "2.999"}).status_code == 403
    assert client.post(move, {"agenda_item": ""}).status_code == 403


def test_the_trail_runs_from_proposal_to_agenda_item_to_handbook_revision(
    client, provider, moderator
):
    from io import StringIO

    from django.core.management import call_command

    from handbook.models import GuidancePage

    call_command("load_demo_content", "--no-progress", stdout=StringIO())
    proposal = submitted(provider)
    item = published_item(title="Perspectiefplan lichter maken")
    actions.change_proposal_status(
        moderator, proposal.pk, ProposalStatus.ADOPTED, ProposalStatus.SUBMITTED, agenda_item=item
    )
    page = GuidancePage.objects.live().first()
    page.agenda_items.add(item)
    revision = page.save_revision(user=moderator)
    revision.publish(user=moderator, skip_permission_checks=True)
    change = item.handbook_changes.get()
    assert change.revision == revision and change.page_id == page.pk
    # The provider follows the item since adoption and hears of the handbook change.
    assert notifications_of(provider, Kind.AGENDA).filter(title__contains=page.title).exists()
    client.force_login(provider)
    detail = client.get(proposal.get_absolute_url()).text
    assert "Perspectiefplan lichter maken" in detail and page.title in detail
    item_page = client.get(item.get_absolute_url()).text
    assert proposal.title in item_page and page.title in item_page
    handbook_page = client.get(page.url).text
    assert "Waarom gewijzigd" in handbook_page
    assert "Perspectiefplan lichter maken" in handbook_page and proposal.title in handbook_page


def test_pages_render_for_a_signed_in_member(client, thread, provider):
    submitted(provider)
    client.force_login(provider)
    for name in ("threads", "proposals", "proposal_new", "thread_new"):
        assert client.get(reverse(f"discussions:{name}")).status_code == 200
    assert client.get(reverse("discussions:proposals"), follow=True).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, thread):
    response = client.get(reverse("discussions:thread", args=[thread.pk]))
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


def test_following_a_tag_tells_of_new_threads_with_it(provider, access_worker):
    from taggit.models import Tag

    tag = Tag.objects.create(name="triage", slug="triage")
    set_following(provider, tag, True)
    actions.start_thread(access_worker, "Triage in Hoorn", "Hoe?", tags=["triage"])
    assert notifications_of(provider, Kind.REPLY).filter(title__contains="Triage").exists()


def test_labels_given_to_a_new_thread_and_a_new_proposal_are_kept(client, access_worker, provider):
    client.force_login(access_worker)
    response = client.post(
        reverse("discussions:thread_new"),
        {"title": "Triage in Hoorn", "visibility": "members", "tags": "triage, wachttijd",
         "body": "Hoe verdelen jullie de vraagverheldering?"},
    )  # fmt: skip
    thread = Thread.objects.get(title="Triage in Hoorn")
    assert response["Location"] == thread.get_absolute_url()
    assert sorted(thread.tags.names()) == ["triage", "wachttijd"]
    # The label's list finds the thread, and the list of all threads links to its labels.
    assert "Triage in Hoorn" in client.get("/discussies/", {"label": "triage"}).text
    assert 'href="?label=wachttijd"' in client.get("/discussies/").text

    client.force_login(provider)
    form = {**proposal_data(), "tags": "kwartaalcijfers", "submission_key": str(uuid.uuid4())}
    response = client.post(reverse("discussions:proposal_new"), form)
    proposal = Proposal.objects.get(title=proposal_data()["title"])
    assert list(proposal.tags.names()) == ["kwartaalcijfers"]
    assert "<dd>kwartaalcijfers</dd>" in client.get(response["Location"]).text


def test_a_filter_that_finds_nothing_says_so_and_offers_all_threads(client, thread, access_worker):
    client.force_login(access_worker)
    assert "Nog geen discussies." not in client.get("/discussies/").text
    page = client.get("/discussies/", {"label": "bestaat-niet"}).text
    assert "Geen discussies die u kunt lezen bij deze keuze." in page
    assert "Nog geen discussies." not in page and ">Alle discussies</a>" in page


def test_a_tag_follower_mentioned_in_a_new_thread_hears_of_it_once(provider, access_worker):
    from taggit.models import Tag

    tag = Tag.objects.create(name="triage", slug="triage")
    set_following(provider, tag, True)
    actions.start_thread(access_worker, "Triage in Hoorn", "Wat vindt @aanbieder?", tags=["triage"])
    assert notifications_of(provider).count() == 1
    assert notifications_of(provider, Kind.MENTION).count() == 1


def test_following_a_label_says_so_and_goes_back_only_within_the_platform(client, provider):
    from taggit.models import Tag

    tag = Tag.objects.create(name="wachttijd", slug="wachttijd")
    client.force_login(provider)
    url = reverse("discussions:tag_follow", args=[tag.slug])
    back = client.post(url, {"follow": "1", "next": "/discussies/?label=wachttijd"})
    assert back["Location"] == "/discussies/?label=wachttijd"
    page = client.get(back["Location"]).text
    assert "U volgt het label wachttijd." in page  # no lang mark where the languages agree
    for elsewhere in ("https://voorbeeld.invalid/", "//voorbeeld.invalid/"):
        response = client.post(url, {"follow": "0", "next": elsewhere})
        assert response["Location"] == reverse("discussions:threads"), elsewhere
    # On the English site the label, written in Dutch, is marked as Dutch.
    response = client.post(f"/en{url}", {"follow": "1"}, follow=True)
    assert 'You follow the tag <span lang="nl">wachttijd</span>.' in response.text


def test_a_hidden_post_is_not_in_the_thread_count(thread, provider, moderator):
    post = actions.add_post(provider, thread.pk, "Weg ermee")
    actions.hide_post(moderator, post.pk, "Off-topic")
    assert Thread.objects.with_activity().get(pk=thread.pk).post_count == 1
    assert Post.objects.filter(thread=thread).count() == 2


def test_a_new_thread_from_a_theme_list_has_that_theme_chosen(client, access_worker):
    from agenda.models import Theme

    theme = Theme.objects.create(name="Perspectiefplan", slug="perspectiefplan")
    client.force_login(access_worker)
    page = client.get(reverse("discussions:thread_new"), {"thema": "perspectiefplan"}).text
    assert f'<option value="{theme.pk}" selected>Perspectiefplan</option>' in page


def test_the_next_page_of_a_filtered_list_keeps_its_filter(client, access_worker):
    from agenda.models import Theme

    perspective = Theme.objects.create(name="Perspectiefplan", slug="perspectiefplan")
    other = Theme.objects.create(name="Tarieven", slug="tarieven")
    for number in range(35):
        Thread.objects.create(title=f"Vraag {number}", author=access_worker, theme=perspective)
    Thread.objects.create(title="Over tarieven", author=access_worker, theme=other)
    for number in range(32):
        Proposal.objects.create(title=f"Voorstel {number}", problem="x", author=access_worker,
                                status=ProposalStatus.SUBMITTED)  # fmt: skip
    client.force_login(access_worker)

    first = client.get("/discussies/", {"thema": "perspectiefplan"}).content.decode()
    assert "Pagina 1 van 2" in first
    assert 'href="?thema=perspectiefplan&amp;pagina=2"' in first
    second = client.get("/discussies/", {"thema": "perspectiefplan", "pagina": "2"})
    html = second.content.decode()
    assert "Pagina 2 van 2" in html and "Over tarieven" not in html
    assert 'href="?thema=perspectiefplan&amp;pagina=1"' in html

    proposals = client.get(reverse("discussions:proposals"), {"status": "ingediend"})
    assert 'href="?status=ingediend&amp;pagina=2"' in proposals.content.decode()


def test_with_the_shared_cache_the_proposal_lists_count_follows_each_change(
    client, provider, moderator, page_cache, django_capture_on_commit_callbacks
):
    """The list's total is counted over every proposal and shared until one changes."""
    client.force_login(provider)

    def total(query=""):
        page = client.get(reverse("discussions:proposals") + query).context["page"]
        return page.paginator.count

    with django_capture_on_commit_callbacks(execute=True):
        first, _created = actions.submit_proposal(provider, proposal_data(), uuid.uuid4())
    assert total() == total() == 1  # the second from the shared cache
    assert total("?status=ingediend") == 1 and total("?status=in_behandeling") == 0
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit_proposal(provider, proposal_data(title="Een tweede"), uuid.uuid4())
        actions.change_proposal_status(
            moderator, first.pk, ProposalStatus.IN_REVIEW, ProposalStatus.SUBMITTED,
            evaluator=moderator,
        )  # fmt: skip
    assert total() == 2
    assert total("?status=ingediend") == total("?status=in_behandeling") == 1
    assert total("?wie=mij") == 2  # one's own: counted, not shared


def test_an_agenda_item_named_by_its_code_in_a_post_links_to_it(thread, provider, client):
    """ "agendapunt 1.4" in a reply is a link to that item; a code no live item has, a code in
    `code` or inside a link someone wrote, stays as written."""
    part = AgendaPartFactory(number=1)
    item = published_item(part=part, code="1.4", title="Handreiking regisseursrol")
    draft = published_item(part=part, code="1.5", title="Nog een concept")
    type(draft).objects.filter(pk=draft.pk).update(live=False)
    post = actions.add_post(
        provider, thread.pk,
        "Dit hoort bij agendapunt 1.4, niet bij punt 1.5 of punt 9.9. Zie ook `punt 1.4` en "
        "[agendapunt 1.4](https://example.org/), and in English: agenda item 1.4.",
    )  # fmt: skip
    client.force_login(provider)
    page = BeautifulSoup(client.get(thread.get_absolute_url()).content, "html.parser")
    body = page.find(id=f"bericht-{post.pk}")
    assert body is not None
    links = [(a.get_text(), a["href"]) for a in body.find_all("a") if "1.4" in a.get_text()]
    assert links == [
        ("agendapunt 1.4", item.get_absolute_url()),
        ("agendapunt 1.4", "https://example.org/"),
        ("agenda item 1.4", item.get_absolute_url()),
    ]
    text = body.get_text(" ")
    assert "punt 1.5" in text and "punt 9.9" in text
    assert body.find("code").get_text() == "punt 1.4"


def test_an_agenda_items_trail_lists_the_discussions_that_name_it(
    thread, access_worker, provider, moderator, client
):
    """Who opens item 1.4 sees the thread where someone wrote "agendapunt 1.4" (and not the
    threads that do not name it), while the post is not hidden; an erased post takes the
    reference along."""
    item = published_item(part=AgendaPartFactory(number=1), code="1.4", title="Regisseursrol")
    elsewhere = actions.start_thread(access_worker, "Iets anders", "Geen agendapunt genoemd.")

    def trail_threads(user):
        client.force_login(user)
        page = BeautifulSoup(client.get(item.get_absolute_url()).content, "html.parser")
        return [a.get_text(strip=True) for a in page.select(".trail a[href^='/discussies/']")]

    assert thread.title not in trail_threads(provider)
    post = actions.add_post(provider, thread.pk, "Zie agendapunt 1.4 voor de regie.")
    assert trail_threads(provider) == [thread.title]
    assert elsewhere.title not in trail_threads(access_worker)

    actions.hide_post(moderator, post.pk, "Noemt een inwoner.")
    assert trail_threads(provider) == []
    actions.restore_post(moderator, post.pk)
    assert trail_threads(provider) == [thread.title]
    actions.hide_post(moderator, post.pk, "Noemt een inwoner.")
    actions.erase_post(moderator, post.pk)
    assert not item.mentioned_in_posts.exists()
