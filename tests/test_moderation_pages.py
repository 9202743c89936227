"""The expert team's and the approvers' work through the pages, as they click it: reporting,
hiding and restoring a post, closing a thread, merging proposals, following, and approving or
refusing a realisation. The rules behind each are tested on their actions (test_discussions.py,
test_agenda_actions.py); here: the forms, what each person is told, and that a refusal changes
nothing."""

import uuid

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from accounts.models import Role
from agenda.models import Status
from discussions import actions
from discussions.models import Post, PostReport, Proposal, ProposalStatus
from notifications.models import Follow, Notification

from .agenda_helpers import agenda_people, published_item
from .discussion_helpers import said, signed_in, url
from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(access_worker, provider):
    thread = actions.start_thread(access_worker, "Perspectiefplan bij enkelvoudige vragen", "Hoe?")
    return actions.add_post(provider, thread.pk, "Bij ons wonen Jan en Piet de Vries op nummer 4.")


def handled_rows(client):
    """The moderation page's handled reports: per row the thread, who reported it, the reason,
    who dealt with it and where the post stands now (without the dates under them)."""
    page = BeautifulSoup(client.get(reverse("discussions:moderation")).content, "html.parser")
    table = page.find("caption", string="Afgehandelde meldingen, nieuwste eerst").parent
    rows = []
    for row in table.select("tbody tr"):
        for date in row.select("br + .meta"):
            date.decompose()
        rows.append([cell.get_text(" ", strip=True) for cell in row.select("td")])
    return rows


def submit(user, title):
    data = {"kind": "voorstel", "title": title, "problem": "Zelfde probleem.", "domain": "beide"}
    proposal, _created = actions.submit_proposal(user, data, uuid.uuid4())
    return proposal


def moderation_link(client):
    """The link to the moderation queue on the discussions page, as it reads, or None."""
    page = BeautifulSoup(client.get(reverse("discussions:threads")).content, "html.parser")
    link = page.find("a", href=reverse("discussions:moderation"))
    return link.get_text(strip=True) if link else None


def test_the_discussions_page_tells_the_expert_team_how_many_reports_wait(
    post, access_worker, moderator
):
    team = signed_in(moderator)
    assert moderation_link(team) == "Moderatie: geen open meldingen"
    actions.report_post(access_worker, post.pk, "Namen van inwoners")
    assert moderation_link(team) == "Moderatie: 1 open melding"
    actions.report_post(moderator, post.pk, "Ook gezien")
    assert moderation_link(team) == "Moderatie: 2 open meldingen"
    assert moderation_link(signed_in(access_worker)) is None  # the queue is the team's


def test_a_report_reaches_the_queue_and_hiding_it_tells_everyone_why(
    post, access_worker, moderator
):
    reporter = signed_in(access_worker)
    response = reporter.post(url("post_report", post.pk), {"reason": ""}, follow=True)
    assert said(response) == ["Zeg kort wat er mis is met dit bericht."]
    assert not PostReport.objects.exists()

    response = reporter.post(
        url("post_report", post.pk), {"reason": "Namen van inwoners"}, follow=True
    )
    assert said(response) == ["Dank u. Het expertteam kijkt naar het bericht."]
    team = signed_in(moderator)
    queue = BeautifulSoup(team.get(reverse("discussions:moderation")).content, "html.parser")
    [row] = queue.find("caption", string="Open meldingen, oudste eerst").parent.select("tbody tr")
    assert "Namen van inwoners" in row.get_text()
    assert row.select_one("a")["href"] == post.get_absolute_url()

    # Only the expert team may hide; a refusal changes nothing.
    assert reporter.post(url("post_hide", post.pk), {"reason": "Weg"}).status_code == 403
    post.refresh_from_db()
    assert not post.is_hidden

    response = team.post(url("post_hide", post.pk), {"reason": ""}, follow=True)
    assert said(response) == ["Geef de reden; die ziet iedereen op de plaats van het bericht."]
    post.refresh_from_db()
    assert not post.is_hidden

    response = team.post(url("post_hide", post.pk), {"reason": "Bevatte namen"}, follow=True)
    assert said(response) == ["Het bericht is verborgen."]
    told = Notification.objects.get(recipient=access_worker, actor=moderator)  # their report
    assert told.title == (
        "Het bericht dat u meldde in Perspectiefplan bij enkelvoudige vragen is verborgen. Dank u."
    )
    assert told.url == post.get_absolute_url()
    thread_page = reporter.get(post.thread.get_absolute_url()).content.decode()
    assert "Verborgen door het expertteam:" in thread_page and "Bevatte namen" in thread_page
    assert "Jan en Piet" not in thread_page
    assert "Geen open meldingen." in team.get(reverse("discussions:moderation")).content.decode()

    # The history of a hidden post is the expert team's only.
    assert reporter.get(url("post_history", post.pk)).status_code == 404
    assert team.get(url("post_history", post.pk)).status_code == 200

    response = team.post(url("post_restore", post.pk), follow=True)
    assert said(response) == ["Het bericht is weer zichtbaar."]
    assert "Jan en Piet" in reporter.get(post.thread.get_absolute_url()).content.decode()


def test_the_team_sees_a_report_at_the_post_and_can_dismiss_it_there(
    post, provider, access_worker, moderator
):
    """On the thread page the expert team reads who reported a post and why, beside the tools
    to hide it, and can close the report without a measure and stay in the thread. Others see
    nothing of it."""
    reason = "Noemt bewoners met naam en huisnummer."
    signed_in(access_worker).post(url("post_report", post.pk), {"reason": reason})
    thread = post.thread.get_absolute_url()

    def reports_at_the_post(client):
        page = BeautifulSoup(client.get(thread).content, "html.parser")
        box = page.select_one(f"#bericht-{post.pk} .post__reports")
        return box and " ".join(box.get_text(" ", strip=True).split())

    team = signed_in(moderator)
    shown = reports_at_the_post(team)
    assert shown.startswith(f"Gemeld {access_worker} · ") and shown.endswith(
        f"{reason} Geen maatregel"
    )
    assert reports_at_the_post(signed_in(provider)) is None
    assert reports_at_the_post(signed_in(access_worker)) is None

    dismissed = team.post(url("post_dismiss_reports", post.pk), {"terug": "discussie"})
    assert dismissed["Location"] == post.get_absolute_url()
    assert reports_at_the_post(team) is None
    assert not PostReport.objects.filter(post=post, resolved_at__isnull=True).exists()


def test_the_expert_team_erases_a_hidden_post_for_good(post, provider, access_worker, moderator):
    actions.edit_post(provider, post.pk, "Bij ons wonen Jan en Piet de Vries op nummer 4 en 6.", 0)
    # A reply quotes its first version, as the "Citeren" link puts it, and is edited after.
    quote = "> **Aanbieder** schreef:\n> Bij ons wonen Jan en Piet de Vries op nummer 4.\n\n"
    quote += "Herkenbaar."
    reply = actions.add_post(access_worker, post.thread_id, quote, quote_of_id=post.pk)
    actions.edit_post(access_worker, reply.pk, quote + " Bij ons ook.", 0)
    # Another points at it as quoted, but says it in its own words: the team has to judge that.
    colleague = UserFactory(username="collega", organisation=access_worker.organisation)
    own_words = actions.add_post(colleague, post.thread_id, "De familie herken ik.", post.pk)
    # And someone typed the quote by hand, without the link.
    typed = actions.add_post(moderator, post.thread_id, "> Jan en Piet de Vries\n\nGraag niet.")
    actions.report_post(access_worker, post.pk, "Noemt Jan en Piet de Vries bij naam")
    team = signed_in(moderator)

    # Only what is hidden can be erased, and only by the expert team.
    response = team.post(url("post_erase", post.pk), follow=True)
    assert said(response) == ["Verberg de tekst eerst; alleen verborgen tekst kan worden gewist."]
    actions.hide_post(moderator, post.pk, "Bevatte namen van inwoners")
    assert signed_in(access_worker).post(url("post_erase", post.pk)).status_code == 403
    post.refresh_from_db()
    assert not post.is_erased

    # The team still reads a hidden post, with its versions, to decide.
    thread_page = BeautifulSoup(team.get(post.thread.get_absolute_url()).content, "html.parser")
    hidden = thread_page.select_one(f"#bericht-{post.pk}")
    assert hidden.find("a", string="Verborgen tekst lezen")["href"] == url("post_history", post.pk)
    assert "Jan en Piet" not in hidden.get_text()  # not on the thread page itself
    history = team.get(url("post_history", post.pk)).content.decode()
    assert "Jan en Piet" in history
    listed = team.get(reverse("notifications:list")).content.decode()
    assert "Noemt Jan en Piet de Vries bij naam" in listed  # the report, as the team was told
    response = team.post(url("post_erase", post.pk), follow=True)
    assert said(response) == [
        "De tekst van het bericht is definitief gewist.",
        f"Het citaat ervan in 2 reacties is weggehaald (van {access_worker}, {moderator}).",
        "Eén reactie citeerde dit bericht, maar het citaat is er niet letterlijk meer in te "
        f"vinden (van {colleague}). Lees die na; verberg en wis haar als ze dezelfde gegevens "
        "bevat.",
    ]
    post.refresh_from_db()
    assert (post.body_source, post.body_html) == ("", "") and not post.edits.exists()
    # The quote is gone from the reply, as it reads now and in its history; its own words stay.
    reply.refresh_from_db()
    assert reply.body_source == "> *[Citaat uit een gewist bericht]*\n\nHerkenbaar. Bij ons ook."
    assert "Jan en Piet" not in reply.body_html and "Herkenbaar." in reply.body_html
    reply_history = team.get(url("post_history", reply.pk)).content.decode()
    assert "Jan en Piet" not in reply_history and "Citaat uit een gewist bericht" in reply_history
    told = Notification.objects.get(recipient=access_worker, title__startswith="Het expertteam")
    assert told.title == (
        "Het expertteam wiste een bericht dat u citeerde, en het citaat in: Perspectiefplan bij "
        "enkelvoudige vragen"
    )
    own_words.refresh_from_db()
    assert own_words.body_source == "De familie herken ik."
    typed.refresh_from_db()
    assert typed.body_source == "> *[Citaat uit een gewist bericht]*\n\nGraag niet."
    history = team.get(url("post_history", post.pk)).content.decode()
    assert "Jan en Piet" not in history and "definitief gewist" in history
    thread_page = BeautifulSoup(team.get(post.thread.get_absolute_url()).content, "html.parser")
    assert "Jan en Piet" not in thread_page.select_one("main").get_text()
    erased = thread_page.select_one(f"#bericht-{post.pk}")
    assert "Bevatte namen van inwoners" in erased.get_text()  # the reason stays in its place
    assert "Definitief gewist op" in erased.get_text()
    assert not erased.find("button", string="Weer tonen")
    told = Notification.objects.get(recipient=provider, title__contains="definitief gewist")
    assert told.title == (
        "Uw verborgen bericht in Perspectiefplan bij enkelvoudige vragen is definitief gewist."
    )
    assert handled_rows(team)[0][2:] == [
        "(gewist met het bericht)",
        str(moderator),
        "Definitief gewist",
    ]
    # What the reporter wrote may name them too: gone from the report and from what the team
    # was told of it; who reported it, and when, stays.
    report = PostReport.objects.get(post=post)
    assert (report.reason, report.reporter) == ("", access_worker)
    reported = Notification.objects.get(recipient=moderator, title__startswith="Bericht gemeld")
    assert reported.body == "" and reported.url == post.get_absolute_url()
    listed = team.get(reverse("notifications:list")).content.decode()
    assert "Bericht gemeld in" in listed and "Jan en Piet" not in listed

    # Nothing brings it back.
    response = team.post(url("post_restore", post.pk), follow=True)
    assert said(response) == ["De tekst is definitief gewist; er is niets meer te tonen."]
    post.refresh_from_db()
    assert post.is_hidden


def test_a_copy_of_an_erased_post_quoted_in_another_thread_goes_too(
    post, provider, access_worker, moderator
):
    """Someone copied the post into another discussion as a quote, by hand, and someone else put
    it in an earlier version of their post there. Both copies go; a quote of something else in
    that thread stays, and the authors hear it, with that thread's subject."""
    elsewhere = actions.start_thread(access_worker, "Wachtlijsten in Hoorn", "Hoe lang?")
    copied = actions.add_post(
        provider, elsewhere.pk, "Zoals ik elders schreef:\n\n> Jan en Piet de Vries op nummer 4\n"
    )
    colleague = UserFactory(username="collega", organisation=access_worker.organisation)
    typed = "> Bij ons wonen Jan en Piet de Vries\n\nJa."
    edited = actions.add_post(colleague, elsewhere.pk, typed)
    actions.edit_post(colleague, edited.pk, "Ja, dat klopt.", 0)
    other_quote = actions.add_post(moderator, elsewhere.pk, "> Hoe lang?\n\nDrie weken.")
    actions.hide_post(moderator, post.pk, "Bevatte namen van inwoners")

    response = signed_in(moderator).post(url("post_erase", post.pk), follow=True)
    assert said(response)[1] == (
        f"Het citaat ervan in 2 reacties is weggehaald (van {provider}, {colleague})."
    )
    copied.refresh_from_db()
    assert copied.body_source == "Zoals ik elders schreef:\n\n> *[Citaat uit een gewist bericht]*"
    history = signed_in(moderator).get(url("post_history", edited.pk)).content.decode()
    assert "Jan en Piet" not in history and "Citaat uit een gewist bericht" in history
    other_quote.refresh_from_db()
    assert other_quote.body_source == "> Hoe lang?\n\nDrie weken."
    told = Notification.objects.get(recipient=provider, title__startswith="Het expertteam wiste")
    assert told.title.endswith("het citaat in: Wachtlijsten in Hoorn")
    assert told.url == copied.get_absolute_url()


def test_a_copy_put_into_an_older_post_of_another_thread_by_an_edit_goes_too(
    access_worker, provider, moderator
):
    """Someone edits a post they wrote before the erased one, in another thread, to quote it;
    a post imported with an earlier date holds a copy too. Both were stored or changed after
    the erased post was written, so both copies go."""
    elsewhere = actions.start_thread(access_worker, "Wachtlijsten in Hoorn", "Hoe lang?")
    older = actions.add_post(provider, elsewhere.pk, "Drie weken bij ons.")
    thread = actions.start_thread(access_worker, "Perspectiefplan bij enkelvoudige vragen", "Hoe?")
    post = actions.add_post(provider, thread.pk, "Bij ons wonen Jan en Piet de Vries op nummer 4.")
    actions.edit_post(provider, older.pk, "Drie weken.\n\n> Jan en Piet de Vries op nummer 4", 0)
    imported = actions.add_post(access_worker, elsewhere.pk, "> Bij ons wonen Jan en Piet\n\nJa.")
    Post.objects.filter(pk=imported.pk).update(created_at=older.created_at)
    actions.hide_post(moderator, post.pk, "Bevatte namen van inwoners")

    response = signed_in(moderator).post(url("post_erase", post.pk), follow=True)

    assert said(response)[1] == (
        f"Het citaat ervan in 2 reacties is weggehaald (van {provider}, {access_worker})."
    )
    older.refresh_from_db()
    imported.refresh_from_db()
    assert older.body_source == "Drie weken.\n\n> *[Citaat uit een gewist bericht]*"
    assert imported.body_source == "> *[Citaat uit een gewist bericht]*\n\nJa."


def test_an_edit_sent_after_the_post_was_hidden_is_refused_with_the_text_given_back(
    post, provider, moderator
):
    writer = signed_in(provider)
    form = BeautifulSoup(writer.get(url("post_edit", post.pk)).content, "html.parser")
    version = form.select_one("input[name=version]")["value"]
    actions.hide_post(moderator, post.pk, "Bevatte namen")  # while they were writing

    response = writer.post(
        url("post_edit", post.pk), {"body": "Bij ons wonen twee inwoners.", "version": version}
    )
    assert response.status_code == 409
    assert said(response) == [
        "Het Regionaal Expertteam heeft dit bericht verborgen terwijl u schreef. Uw wijziging "
        "is niet opgeslagen; uw tekst staat hieronder, zodat u hem kunt bewaren."
    ]
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("textarea#unsaved-edit[readonly]").get_text() == (
        "Bij ons wonen twee inwoners."
    )
    assert page.select_one("form.post-form") is None
    assert "Reden: Bevatte namen" in page.select_one("main").get_text(" ", strip=True)
    post.refresh_from_db()
    assert post.body_source == "Bij ons wonen Jan en Piet de Vries op nummer 4."
    assert not post.edits.exists()
    response = writer.post(
        "/en" + url("post_edit", post.pk), {"body": "Two residents.", "version": version}
    )
    assert said(response) == [
        "The Regional Expert Team hid this message while you were writing. Your change has not "
        "been saved; your text is below, so that you can keep it."
    ]

    # Opening the form again says up front that it cannot be saved, instead of a form.
    page = BeautifulSoup(writer.get(url("post_edit", post.pk)).content, "html.parser")
    assert page.select_one("form.post-form") is None
    assert "Een verborgen bericht kan niet meer worden bewerkt." in page.get_text()
    assert "Jan en Piet" not in page.get_text()


def test_a_post_hidden_while_the_reader_wrote_a_report_is_not_reported_again(
    post, access_worker, moderator
):
    actions.hide_post(moderator, post.pk, "Bevatte namen")  # while the page stood open

    response = signed_in(access_worker).post(
        url("post_report", post.pk), {"reason": "Namen van inwoners"}, follow=True
    )

    assert said(response) == ["Het expertteam heeft dit bericht al verborgen."]
    assert not PostReport.objects.exists()
    assert not Notification.objects.filter(title__startswith="Bericht gemeld").exists()


def test_reports_dismissed_without_a_measure_leave_the_post_and_empty_the_queue(
    post, access_worker, moderator
):
    actions.report_post(access_worker, post.pk, "Niet netjes")
    assert signed_in(access_worker).post(url("post_dismiss_reports", post.pk)).status_code == 403
    assert PostReport.objects.get().resolved_at is None

    response = signed_in(moderator).post(url("post_dismiss_reports", post.pk), follow=True)
    assert said(response) == ["De meldingen zijn afgehandeld zonder maatregel."]
    assert "Geen open meldingen." in response.content.decode()
    post.refresh_from_db()
    assert not post.is_hidden and PostReport.objects.get().resolved_by == moderator
    told = Notification.objects.get(recipient=access_worker, actor=moderator)
    assert told.title == (
        "Het expertteam heeft het bericht dat u meldde in Perspectiefplan bij enkelvoudige "
        "vragen bekeken en laat het staan."
    )
    # The team can look back on it, with where the post stands now.
    assert handled_rows(signed_in(moderator)) == [
        [
            "Perspectiefplan bij enkelvoudige vragen",
            str(access_worker),
            "Niet netjes",
            str(moderator),
            "Zichtbaar",
        ]
    ]
    # A report dealt with is not told again when the post is hidden later.
    actions.hide_post(moderator, post.pk, "Toch niet netjes")
    assert Notification.objects.filter(recipient=access_worker, actor=moderator).count() == 1
    assert handled_rows(signed_in(moderator))[0][-1] == "Verborgen: Toch niet netjes"


def test_the_moderation_queue_is_the_expert_teams(access_worker):
    assert signed_in(access_worker).get(reverse("discussions:moderation")).status_code == 403


def test_a_closed_thread_says_why_and_takes_no_replies_until_opened(
    post, access_worker, provider, moderator
):
    thread = post.thread
    refused = signed_in(access_worker).post(url("thread_lock", thread.pk), {"locked": "1"})
    assert refused.status_code == 403

    team = signed_in(moderator)
    response = team.post(
        url("thread_lock", thread.pk), {"locked": "1", "reason": "Afgerond in deel 2"}, follow=True
    )
    assert said(response) == ["De discussie is gesloten."]
    writer = signed_in(provider)
    page = BeautifulSoup(writer.get(thread.get_absolute_url()).content, "html.parser")
    banner = page.select_one("[data-thread-closed]")
    assert not banner.has_attr("hidden")
    assert banner.get_text(" ", strip=True) == "Deze discussie is gesloten. Afgerond in deel 2"
    # A reply written while it closed is not placed, and the writer gets the text back.
    response = writer.post(url("thread_reply", thread.pk), {"body": "Nog één ding"})
    assert response.status_code == 409
    assert said(response) == [
        "Deze discussie is gesloten terwijl u schreef. Uw reactie is niet geplaatst; uw tekst "
        "staat onderaan, zodat u hem kunt bewaren."
    ]
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("textarea#unposted-reply[readonly]").get_text() == "Nog één ding"
    assert page.select_one("form.post-form") is None
    response = writer.post("/en" + url("thread_reply", thread.pk), {"body": "One more thing"})
    assert said(response) == [
        "This discussion was closed while you were writing. Your reply has not been posted; "
        "your text is at the bottom of the page, so that you can keep it."
    ]
    assert thread.posts.count() == 2  # the opening post and the reply before it closed

    response = team.post(url("thread_lock", thread.pk), {"locked": "0"}, follow=True)
    assert said(response) == ["De discussie is weer open."]
    page = BeautifulSoup(writer.get(thread.get_absolute_url()).content, "html.parser")
    assert page.select_one("[data-thread-closed]").has_attr("hidden")  # shown if it closes


def test_following_a_thread_and_a_proposal_from_their_pages(post, access_worker, provider):
    reader = signed_in(provider)
    thread = post.thread
    response = reader.post(url("thread_follow", thread.pk), {"follow": "0"}, follow=True)
    assert said(response) == ["U volgt deze discussie niet meer."]
    assert not Follow.objects.of(thread).filter(user=provider).exists()
    response = reader.post(url("thread_follow", thread.pk), {"follow": "1"}, follow=True)
    assert said(response) == ["U volgt deze discussie."]
    assert Follow.objects.of(thread).filter(user=provider).exists()

    proposal = submit(access_worker, "Afwijkingen groeperen")
    response = reader.post(url("proposal_follow", proposal.pk), {"follow": "1"}, follow=True)
    assert said(response) == ["U volgt dit voorstel."]
    assert Follow.objects.of(proposal).filter(user=provider).exists()
    response = reader.post(url("proposal_follow", proposal.pk), {"follow": "0"}, follow=True)
    assert said(response) == ["U volgt dit voorstel niet meer."]
    assert not Follow.objects.of(proposal).filter(user=provider).exists()


def test_a_duplicate_proposal_is_merged_by_its_number(access_worker, provider, moderator):
    original = submit(access_worker, "Afwijkingen groeperen")
    duplicate = submit(provider, "Afwijkingen per kwartaal bundelen")
    merge = url("proposal_merge", duplicate.pk)
    assert signed_in(provider).post(merge, {"target": original.pk}).status_code == 403

    team = signed_in(moderator)
    response = team.post(merge, {"target": "99999", "reason": ""})
    assert response.status_code == 400
    assert "Er is geen ander open voorstel met nummer 99999" in response.content.decode()
    assert Proposal.objects.get(pk=duplicate.pk).status == ProposalStatus.SUBMITTED

    response = team.post(merge, {"target": f"nr. {original.pk}", "reason": "Hetzelfde"})
    assert response.status_code == 302 and response["Location"] == original.get_absolute_url()
    duplicate.refresh_from_db()
    assert duplicate.status == ProposalStatus.MERGED and duplicate.merged_into == original
    # The duplicate's author now backs the original.
    assert original.supports.filter(user=provider).exists()


def test_two_moderators_decide_at_once_the_second_sees_the_new_status_and_keeps_the_text(
    provider, moderator
):
    proposal = submit(provider, "Afwijkingen groeperen")
    other = UserFactory(username="moderator2", organisation=moderator.organisation,
                        role=Role.MODERATOR)  # fmt: skip
    status = url("proposal_status", proposal.pk)
    opened = {"expected_status": "ingediend"}  # both opened the proposal while it was new
    assert signed_in(other).post(status, {**opened, "to_status": "geparkeerd"}).status_code == 302

    team = signed_in(moderator)
    reason = "Past niet in de agenda van dit jaar; over een jaar opnieuw bekijken."
    response = team.post(status, {**opened, "to_status": "afgewezen", "reason": reason})
    assert response.status_code == 409
    assert said(response) == [
        "Dit voorstel is intussen geparkeerd. Bekijk de nieuwe stand. Uw keuze en toelichting "
        "staan nog in het formulier; verstuur ze opnieuw als ze nog gelden."
    ]
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.PARKED
    form = BeautifulSoup(response.content, "html.parser").select_one(f"form[action='{status}']")
    assert form.select_one("textarea[name=reason]").get_text().strip() == reason
    assert form.select_one("select[name=to_status] [selected]")["value"] == "afgewezen"
    assert form.select_one("[name=expected_status]")["value"] == "geparkeerd"

    # Sent again from that page, it is a decision on the status they now saw.
    again = {"expected_status": "geparkeerd", "to_status": "afgewezen", "reason": reason}
    assert team.post(status, again).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED and proposal.decision_reason == reason


def test_the_status_form_offers_only_the_next_steps_and_keeps_the_evaluator(provider, moderator):
    """A proposal in review can be taken up, turned down or parked, not put in review again;
    parked, it can go back to review with the evaluator it had, who is chosen already."""
    proposal = submit(provider, "Afwijkingen groeperen")
    team = signed_in(moderator)
    page = proposal.get_absolute_url()
    status = url("proposal_status", proposal.pk)

    def form():
        html = BeautifulSoup(team.get(page).content, "html.parser")
        return html.select_one(f"form[action='{status}']")

    def offered(form):
        return [o.get_text(strip=True) for o in form.select("select[name=to_status] option")]

    choose = "Kies een status"
    assert offered(form()) == [choose, "In behandeling", "Overgenomen", "Afgewezen", "Geparkeerd"]
    # Nothing is chosen beforehand: sent as it is, the form asks for a status and nothing changes.
    assert [o["value"] for o in form().select("select[name=to_status] option[selected]")] == [""]
    unchosen = team.post(status, {"expected_status": "ingediend", "to_status": ""})
    assert "Kies de nieuwe status." in unchosen.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "ingediend"
    review = {"expected_status": "ingediend", "to_status": "in_behandeling",
              "evaluator": moderator.pk}  # fmt: skip
    assert team.post(status, review).status_code == 302
    assert offered(form()) == [choose, "Overgenomen", "Afgewezen", "Geparkeerd"]
    park = {"expected_status": "in_behandeling", "to_status": "geparkeerd"}
    assert team.post(status, park).status_code == 302
    shown = form()
    assert offered(shown) == [choose, "In behandeling", "Overgenomen", "Afgewezen"]
    chosen = shown.select_one("select[name=evaluator] option[selected]")
    assert chosen["value"] == str(moderator.pk)


@pytest.fixture
def realisation():
    """An item whose trekker set it to realised, waiting for the department head."""
    group, people = agenda_people()
    item = published_item(
        code="9.1",
        title="Perspectiefplan alleen waar het helpt",
        working_group=group,
        accountable_head=people["head"],
        status=Status.IN_PROGRESS,
        progress=80,
    )
    response = signed_in(people["trekker"]).post(
        reverse("agenda:item_update", args=[item.pk]),
        {"status": Status.REALISED, "progress": 100, "version": item.latest_revision_id},
        follow=True,
    )
    assert said(response) == [
        "Uw wijziging naar ‘gerealiseerd’ wacht op goedkeuring van het afdelingshoofd of de "
        "projectleider."
    ]
    return item, people


def decide(client, item, **data):
    return client.post(reverse("agenda:item_decide", args=[item.pk]), data, follow=True)


def test_the_head_sees_the_waiting_realisation_and_approves_it(realisation):
    item, people = realisation
    head = signed_in(people["head"])
    page = BeautifulSoup(head.get(item.get_absolute_url()).content, "html.parser")
    assert "Wacht op goedkeuring" in page.select_one("[role=status]").get_text()
    assert page.select_one("form.decision-form button[value=approve]") is not None
    # The trekker sees that it waits, but has no buttons to decide.
    trekker_page = signed_in(people["trekker"]).get(item.get_absolute_url()).content.decode()
    assert "Wacht op goedkeuring" in trekker_page and "decision-form" not in trekker_page

    response = decide(head, item, decision="approve")
    assert said(response) == ["De realisatie is goedgekeurd."]
    item.refresh_from_db()
    assert item.status == Status.REALISED and not item.workflow_in_progress


def test_a_refusal_needs_a_reason_and_another_head_may_not_decide(realisation):
    item, people = realisation
    decide_url = reverse("agenda:item_decide", args=[item.pk])
    refused = signed_in(people["other_head"]).post(decide_url, {"decision": "approve"})
    assert refused.status_code == 403

    head = signed_in(people["head"])
    response = decide(head, item, decision="reject", comment="")
    assert said(response) == ["Geef een toelichting bij het afwijzen."]
    item.refresh_from_db()
    assert item.workflow_in_progress and item.status == Status.IN_PROGRESS

    response = decide(head, item, decision="reject", comment="Eerst evalueren")
    assert said(response) == ["De realisatie is afgewezen."]
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS and not item.workflow_in_progress
