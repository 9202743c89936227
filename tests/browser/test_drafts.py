"""What someone typed in a new proposal, a reply or an edit survives a refused send and a click
away, in the same tab, until the platform has stored it; it can be thrown away, and it is not
shown to the next person who signs in on the same tab."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from discussions.models import Post, Proposal, Thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Herindicatie bij verhuizing binnen de regio vermijden"
PROBLEM = "Bij een verhuizing naar een buurgemeente begint de indicatie opnieuw."


def restored(page):
    return page.get_by_role("status").filter(has_text="nog niet opgeslagen")


def test_a_proposal_refused_for_a_lost_session_is_still_there_after_signing_in_again(
    demo_site, asgi_server, page, log_in, artifacts
):
    log_in(page, "aanbieder")
    page.goto(asgi_server + "/voorstellen/nieuw/")
    page.get_by_label("Signaal uit de praktijk").check()
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Wat gaat er mis?").fill(PROBLEM)
    page.context.clear_cookies()  # the session and its security token are gone
    page.get_by_role("button", name="Indienen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cookie ontbreekt")
    assert not Proposal.objects.filter(title=TITLE).exists()

    log_in(page, "aanbieder")
    page.goto(asgi_server + "/voorstellen/nieuw/")
    expect(restored(page)).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value(TITLE)
    expect(page.get_by_label("Wat gaat er mis?")).to_have_value(PROBLEM)
    expect(page.get_by_label("Signaal uit de praktijk")).to_be_checked()
    page.screenshot(path=artifacts / "concept-teruggezet.png", full_page=True)
    page.get_by_role("button", name="Indienen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert Proposal.objects.filter(title=TITLE).count() == 1

    # Stored: the next new proposal starts empty.
    page.goto(asgi_server + "/voorstellen/nieuw/")
    expect(page.get_by_label("Titel")).to_have_value("")
    expect(restored(page)).to_be_hidden()


def test_a_reply_survives_a_click_away_can_be_thrown_away_and_stays_with_its_writer(
    demo_site, asgi_server, page, log_in
):
    access_worker = User.objects.get(username="toegang")
    thread = Thread.objects.visible_to(access_worker).filter(is_locked=False).order_by("pk")[0]
    url = f"{asgi_server}/discussies/{thread.pk}/"
    log_in(page, "toegang")
    page.goto(url)
    reply = page.get_by_label("Uw reactie")
    reply.fill("Bij ons werkt een vaste contactpersoon per aanbieder goed.")
    page.get_by_role("link", name="Handreiking").first.click()
    page.goto(url)
    expect(reply).to_have_value("Bij ons werkt een vaste contactpersoon per aanbieder goed.")

    page.get_by_role("button", name="Tekst weggooien").click()
    expect(reply).to_have_value("")
    expect(restored(page)).to_be_hidden()
    page.goto(url)
    expect(reply).to_have_value("")

    # Typed, then signed out: the next person on this tab does not get it.
    reply.fill("Alleen voor mijzelf bedoeld.")
    page.wait_for_timeout(500)  # the copy is kept 300 ms after typing stops
    page.get_by_role("button", name="Uitloggen").click()
    log_in(page, "aanbieder")
    page.goto(url)
    expect(page.get_by_label("Uw reactie")).to_have_value("")

    # A reply that was stored leaves nothing behind.
    page.get_by_label("Uw reactie").fill("Eens, en noteer het in het plan.")
    page.get_by_role("button", name="Plaatsen").click()
    expect(page.get_by_text("Uw reactie is geplaatst.")).to_be_visible()
    assert Post.objects.filter(thread=thread, body_source="Eens, en noteer het in het plan.")
    page.reload()
    expect(page.get_by_label("Uw reactie")).to_have_value("")


def test_an_edit_survives_a_click_away_and_never_hides_an_edit_made_since(
    demo_site, asgi_server, page, log_in
):
    from discussions import actions

    writer = User.objects.get(username="toegang")
    post = Post.objects.filter(author=writer, hidden_at__isnull=True).order_by("pk")[0]
    edit = f"{asgi_server}/discussies/bericht/{post.pk}/bewerken/"
    log_in(page, "toegang")
    page.goto(edit)
    body = page.get_by_role("textbox", name="Bericht")
    expect(body).to_have_value(post.body_source)
    body.fill("Aangevuld: ook de wachttijd telt mee.")
    page.wait_for_timeout(500)  # the copy is kept 300 ms after typing stops
    page.get_by_role("link", name="Handreiking").first.click()
    page.goto(edit)
    expect(body).to_have_value("Aangevuld: ook de wachttijd telt mee.")
    expect(restored(page)).to_be_visible()

    # Meanwhile the expert team edits the same post. Saving shows their text, stores nothing.
    moderator = User.objects.get(username="moderator")
    actions.edit_post(moderator, post.pk, "Aangepast door het expertteam.", post.edits.count())
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Zo staat het bericht er nu")).to_be_visible()
    expect(page.get_by_text("Aangepast door het expertteam.")).to_be_visible()
    expect(body).to_have_value("Aangevuld: ook de wachttijd telt mee.")
    post.refresh_from_db()
    assert post.body_source == "Aangepast door het expertteam."

    # Having seen it, they save again: now it is stored, and the copy is gone.
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Uw bericht is bijgewerkt.")).to_be_visible()
    post.refresh_from_db()
    assert post.body_source == "Aangevuld: ook de wachttijd telt mee."
    assert "Aangepast door het expertteam." in [e.body_source for e in post.edits.all()]
    page.goto(edit)
    expect(body).to_have_value("Aangevuld: ook de wachttijd telt mee.")
    expect(restored(page)).to_be_hidden()


def test_a_proposal_sent_back_with_errors_opens_at_a_summary_that_leads_to_the_field(
    demo_site, asgi_server, page, log_in
):
    """The error sits far down a long form: the page opens at a summary of what to correct (not
    at the unchanged top of the form), and its link puts the cursor in the field."""
    log_in(page, "aanbieder")
    page.goto(asgi_server + "/voorstellen/nieuw/")
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Wat gaat er mis?").fill(PROBLEM)
    page.get_by_role("button", name="Indienen").click()

    summary = page.get_by_role("alert").filter(has_text="Nog niet gelukt")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary).to_contain_text("Beschrijf wat u voorstelt")
    summary.get_by_role("link", name="Wat stelt u voor?").click()
    expect(page.get_by_label("Wat stelt u voor?")).to_be_focused()
    expect(page.get_by_label("Titel")).to_have_value(TITLE)
    assert not Proposal.objects.filter(title=TITLE).exists()
