"""Two people in two browsers: a provider submits a proposal, the expert team's bell rises without
a reload, the expert adopts it into an agenda item, and the provider's bell rises live; a live
notification is said in the language of the page it reaches."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from accounts.models import User
from agenda.actions import update_item
from agenda.models import AgendaItem
from discussions import actions as discussion_actions
from discussions.models import Proposal, Thread
from notifications.actions import set_following

from ..factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Wachttijd specialistische jeugdhulp zichtbaar maken"


@pytest.fixture
def second_page(browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def bell(page):
    return page.locator("[data-unread-count]")


def wait_until_live(page):
    expect(page.locator("body")).to_have_attribute("data-live", "connected", timeout=10_000)


def wait_until_following_the_thread(page):
    """The page's socket follows the thread it shows: the thread's 'subscribed' reply, sent
    after the group join, shows the status line. A post sent before that would pass it by."""
    wait_until_live(page)
    expect(page.locator("[data-live-status]")).to_be_visible()


def test_proposal_submitted_adopted_and_both_sides_told_live(
    demo_site, asgi_server, page, second_page, artifacts, log_in
):
    expert, provider = page, second_page
    log_in(expert, "moderator")
    expert.goto(asgi_server + "/voorstellen/")
    wait_until_live(expert)
    before = int(bell(expert).inner_text())

    log_in(provider, "aanbieder")
    provider.get_by_role("link", name="Verbetervoorstellen", exact=True).click()
    provider.get_by_role("link", name="Voorstel of signaal indienen").click()
    provider.get_by_label("Titel").fill(TITLE)
    provider.get_by_label("Wat gaat er mis?").fill(
        "Ouders weten niet hoe lang ze wachten; de toegang kan het niet zien."
    )
    provider.get_by_label("Wat stelt u voor?").fill(
        "Toon de wachttijden per aanbieder in de beschikbaarheidsapplicatie."
    )
    provider.screenshot(path=artifacts / "voorstel-indienen.png", full_page=True)
    provider.get_by_role("button", name="Indienen").dblclick()  # a double click stores one
    expect(provider.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert Proposal.objects.filter(title=TITLE).count() == 1

    # The expert's bell rises without a reload, and a screen reader hears it.
    expect(bell(expert)).to_have_text(str(before + 1), timeout=10_000)
    expect(expert.locator("[data-live-announcer]")).to_contain_text(TITLE)
    expert.screenshot(path=artifacts / "bel-expertteam.png")

    wait_until_live(provider)
    provider_before = int(bell(provider).inner_text() or 0)

    expert.locator("[data-bell]").click()
    expert.get_by_role("link", name=f"Nieuw verbetervoorstel: {TITLE}").click()
    expect(expert.get_by_role("heading", level=1)).to_have_text(TITLE)
    expert.get_by_label("Nieuwe status").select_option(label="Overgenomen")
    expert.get_by_label("Overnemen in agendapunt (code)").fill("3.3")
    expert.get_by_label("Toelichting").fill("Past bij de beschikbaarheidsapplicatie.")
    expert.get_by_role("button", name="Status wijzigen").click()
    expect(expert.locator("[data-proposal-status]")).to_have_text("Overgenomen")

    # The provider is told live, on the page they still have open.
    expect(bell(provider)).to_have_text(str(provider_before + 1), timeout=10_000)
    expect(provider.locator("[data-live-announcer]")).to_contain_text(
        re.compile(f"{TITLE}: overgenomen")
    )
    provider.reload()
    expect(provider.locator("[data-proposal-status]")).to_have_text("Overgenomen")
    trail = provider.locator(".trail")
    expect(trail).to_contain_text("3.3 Platform onder de paraplu van het Regionaal Expertteam")
    provider.screenshot(path=artifacts / "voorstel-overgenomen.png", full_page=True)


def test_a_new_post_appears_in_an_open_thread_and_script_never_runs(
    demo_site, asgi_server, page, second_page, artifacts, log_in
):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    second_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, "toegang")
    page.get_by_role("link", name="Discussies", exact=True).click()
    page.get_by_role("link", name="Wanneer maak je een perspectiefplan, en wanneer niet?").click()
    thread_url = page.url
    wait_until_following_the_thread(page)

    log_in(second_page, "aanbieder")
    second_page.goto(thread_url)
    second_page.get_by_label("Uw reactie").fill(
        "Wij doen mee. <script>alert('x')</script><img src=x onerror=\"alert('y')\">"
    )
    second_page.get_by_role("button", name="Plaatsen").click()

    # (The demo's replies are new to the starter too: they came after her opening post.)
    new_post = page.locator(".post--new", has_text="Wij doen mee.")
    expect(new_post).to_have_count(1, timeout=10_000)
    # It comes with the reader's tools, as if the page had been loaded after it: report, quote.
    expect(new_post.locator("summary", has_text="Melden")).to_have_count(1)
    expect(new_post.get_by_role("link", name="Bewerken")).to_have_count(0)
    page.screenshot(path=artifacts / "discussie-live.png", full_page=True)
    new_post.get_by_role("link", name="Citeren").click()
    expect(page.get_by_label("Uw reactie")).to_have_value(re.compile(r"> Wij doen mee\."))
    page.reload()
    second_page.reload()
    page.wait_for_timeout(500)
    assert dialogs == []


def test_a_post_seen_live_is_not_new_at_the_next_visit_and_one_missed_is(
    demo_site, asgi_server, page, second_page, artifacts, log_in
):
    title = "Wanneer maak je een perspectiefplan, en wanneer niet?"
    reader, writer = page, second_page
    log_in(reader, "toegang")
    reader.goto(asgi_server + "/discussies/")
    reader.get_by_role("link", name=title).click()
    thread_url = reader.url
    wait_until_following_the_thread(reader)

    log_in(writer, "aanbieder")
    writer.goto(thread_url)
    # The reader's page shows the reply live, marked new, and tells the platform it was seen.
    with reader.expect_response(lambda r: r.url.endswith("/gelezen/") and r.status == 204):
        writer.get_by_label("Uw reactie").fill("Gezien terwijl de pagina openstond.")
        writer.get_by_role("button", name="Plaatsen").click()
        seen = reader.locator(".post--new", has_text="Gezien terwijl de pagina openstond.")
        expect(seen.locator(".post__new")).to_have_text("nieuw")
    reader.goto(asgi_server + "/discussies/")
    item = reader.locator(".thread-list__item", has_text=title)
    expect(item.locator(".status-badge--new")).to_have_count(0)

    # A reply while the reader is elsewhere is new: counted in the list, marked on the page.
    writer.get_by_label("Uw reactie").fill("Gemist terwijl u elders was.")
    writer.get_by_role("button", name="Plaatsen").click()
    expect(writer.locator(".post", has_text="Gemist terwijl u elders was.")).to_have_count(1)
    reader.reload()
    expect(item.locator(".status-badge--new")).to_have_text("1 nieuw bericht")
    item.get_by_role("link", name=title).click()
    reader.get_by_role("link", name="1 nieuw bericht sinds uw vorige bezoek: ga ernaartoe").click()
    missed = reader.locator(".post--new", has_text="Gemist terwijl u elders was.")
    expect(missed.locator(".post__new")).to_have_text("nieuw")
    assert reader.url.endswith("#" + missed.get_attribute("id"))
    expect(reader.locator(".post__new")).to_have_count(1)  # not the one seen live
    reader.screenshot(path=artifacts / "discussie-nieuw-sinds-vorig-bezoek.png")


def test_typing_at_offers_names_chosen_by_keyboard_and_the_post_mentions_them(
    demo_site, asgi_server, page, artifacts, log_in
):
    log_in(page, "toegang")
    page.goto(asgi_server + "/discussies/")
    page.get_by_role("link", name="Wanneer maak je een perspectiefplan, en wanneer niet?").click()
    box = page.get_by_label("Uw reactie")
    box.click()
    box.press_sequentially("Wat vindt @aan", delay=30)
    names = page.get_by_role("listbox", name="Namen om te noemen")
    expect(names.get_by_role("option")).to_have_count(1)
    offered = names.get_by_role("option").first
    expect(offered).to_contain_text("Aylin Bieder @aanbieder")
    expect(offered).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", offered.get_attribute("id"))
    expect(page.get_by_role("status").filter(has_text="1 naam gevonden")).to_have_count(1)
    page.screenshot(path=artifacts / "discussie-namen.png")
    box.press("Enter")  # chooses the name; no new line
    expect(names).to_be_hidden()
    expect(box).to_have_value("Wat vindt @aanbieder ")
    box.press_sequentially("ervan? En @zzz", delay=30)
    expect(page.get_by_role("status").filter(has_text="Geen naam gevonden")).to_have_count(1)
    box.press("Escape")
    page.get_by_role("button", name="Plaatsen").click()
    posted = page.locator(".post").last
    expect(posted.locator(".mention")).to_have_text("@Aylin Bieder")
    expect(posted).to_contain_text("En @zzz")


def test_a_new_thread_offers_after_at_only_who_may_read_what_is_chosen(
    demo_site, asgi_server, page, log_in
):
    """Starting a thread for municipalities only, "@" does not offer a provider, who could not
    read it; for all members it does. The list follows the choice as it is made."""
    log_in(page, "toegang")
    page.goto(asgi_server + "/discussies/nieuw/")
    page.get_by_label("Wie mag meelezen?").select_option(label="Alleen gemeenten")
    box = page.locator("textarea[name=body]")
    box.click()
    box.press_sequentially("Vraag aan @aan", delay=30)
    expect(page.get_by_role("status").filter(has_text="Geen naam gevonden")).to_have_count(1)
    box.press("Escape")
    page.get_by_label("Wie mag meelezen?").select_option(label="Leden van het platform")
    box.press_sequentially(" en @aan", delay=30)
    names = page.get_by_role("listbox", name="Namen om te noemen")
    expect(names.get_by_role("option")).to_have_count(1)
    expect(names.get_by_role("option").first).to_contain_text("Aylin Bieder @aanbieder")


def test_a_post_hidden_while_the_thread_is_open_gets_the_tools_of_its_new_state(
    demo_site, asgi_server, page, second_page, log_in
):
    """The expert team hides a post while an access worker and a moderator have the thread open:
    for the reader the reason takes the text's place and the post can no longer be quoted; the
    moderator can show it again from the page as it is. Shown again, the text and the quote
    link are back. No reload on either side."""
    thread = Thread.objects.get(title="Wanneer maak je een perspectiefplan, en wanneer niet?")
    reader = User.objects.get(username="toegang")
    moderator = User.objects.get(username="moderator")
    post = thread.posts.exclude(author__in=[reader, moderator]).order_by("pk").first()
    for person, username in ((page, "toegang"), (second_page, "moderator")):
        log_in(person, username)
        person.goto(asgi_server + thread.get_absolute_url())
        wait_until_following_the_thread(person)
    shown = page.locator(f"#bericht-{post.pk}")
    expect(shown.get_by_role("link", name="Citeren")).to_be_visible()

    discussion_actions.hide_post(moderator, post.pk, "Persoonsgegevens van een inwoner")

    expect(shown).to_contain_text("Verborgen door het expertteam: Persoonsgegevens", timeout=10_000)
    expect(shown).not_to_contain_text(post.body_source[:20])
    expect(shown.get_by_role("link", name="Citeren")).to_have_count(0)
    expect(shown.locator("summary", has_text="Melden")).to_have_count(0)
    at_moderator = second_page.locator(f"#bericht-{post.pk}")
    expect(at_moderator).to_contain_text("Verborgen door het expertteam", timeout=10_000)
    expect(at_moderator.locator("summary", has_text="Verbergen")).to_have_count(0)

    at_moderator.get_by_role("button", name="Weer tonen").click()  # posts, and the page reloads
    expect(second_page.locator(f"#bericht-{post.pk}")).to_contain_text(post.body_source[:20])
    expect(shown).to_contain_text(post.body_source[:20], timeout=10_000)
    expect(shown.get_by_role("link", name="Citeren")).to_be_visible()
    expect(shown.get_by_role("link", name="Citeren")).to_have_attribute(
        "href", f"?citeer={post.pk}#reactie"
    )

    # Hidden again and erased for good by a colleague: "Weer tonen" goes, here too.
    wait_until_following_the_thread(second_page)
    colleague = UserFactory(
        username="tweede-moderator", organisation=moderator.organisation, role=moderator.role
    )
    discussion_actions.hide_post(colleague, post.pk, "Persoonsgegevens van een inwoner")
    expect(at_moderator.get_by_role("button", name="Weer tonen")).to_be_visible(timeout=10_000)
    discussion_actions.erase_post(colleague, post.pk)
    expect(at_moderator).to_contain_text("Zojuist definitief gewist.", timeout=10_000)
    expect(at_moderator.get_by_role("button", name="Weer tonen")).to_have_count(0)
    expect(at_moderator.locator("summary", has_text="Definitief wissen")).to_have_count(0)
    expect(shown).to_contain_text("Verborgen door het expertteam: Persoonsgegevens")


def test_a_thread_closed_or_renamed_while_it_is_open_says_so_at_once(
    demo_site, asgi_server, page, second_page, log_in
):
    """An access worker is writing a reply when the expert team closes the thread: the page
    says so above the reply, which stays to copy, and the button no longer sends it. A provider
    who opened it closed sees it open again, with a way to reply. A new subject shows on both."""
    thread = Thread.objects.get(title="Wanneer maak je een perspectiefplan, en wanneer niet?")
    moderator = User.objects.get(username="moderator")
    log_in(page, "toegang")
    page.goto(asgi_server + thread.get_absolute_url())
    wait_until_following_the_thread(page)
    page.get_by_label("Uw reactie").fill("Bij ons kijkt de regisseur eerst naar")
    closed = page.locator("[data-thread-closed]")
    expect(closed).to_be_hidden()

    discussion_actions.lock_thread(moderator, thread.pk, True, "Besproken in het overleg")

    expect(closed).to_be_visible(timeout=10_000)
    expect(closed).to_have_text("Deze discussie is gesloten. Besproken in het overleg")
    expect(page.locator("[data-closed-while-writing]")).to_contain_text(
        "Uw reactie kan niet meer worden geplaatst"
    )
    expect(page.get_by_role("button", name="Plaatsen")).to_be_disabled()
    expect(page.get_by_label("Uw reactie")).to_have_value("Bij ons kijkt de regisseur eerst naar")

    log_in(second_page, "aanbieder")
    second_page.goto(asgi_server + thread.get_absolute_url())
    wait_until_following_the_thread(second_page)
    expect(second_page.get_by_label("Uw reactie")).to_have_count(0)
    discussion_actions.rename_thread(
        moderator, thread.pk, "Perspectiefplan: wanneer wel?", thread.title
    )
    for person in (page, second_page):
        expect(person.locator("main h1")).to_have_text("Perspectiefplan: wanneer wel?")
        expect(person).to_have_title(re.compile(r"^Perspectiefplan: wanneer wel\? – "))

    discussion_actions.lock_thread(moderator, thread.pk, False)

    expect(closed).to_be_hidden(timeout=10_000)
    expect(page.get_by_role("button", name="Plaatsen")).to_be_enabled()
    expect(page.locator("[data-closed-while-writing]")).to_be_hidden()
    reopened = second_page.locator("[data-thread-reopened]")
    expect(reopened).to_contain_text("Het expertteam heeft de discussie weer geopend.")
    reopened.get_by_role("button", name="Pagina opnieuw laden om te reageren").click()
    expect(second_page.get_by_label("Uw reactie")).to_be_visible()


def test_a_live_notification_is_announced_in_the_language_of_the_page(
    demo_site, asgi_server, page, artifacts, log_in
):
    """The project lead (in Dutch) moves an item forward; a follower reading the English site
    hears it in English, without a reload."""
    reader = User.objects.get(username="toegang")
    item = AgendaItem.objects.visible_to(reader).filter(live=True, progress__lt=90).first()
    set_following(reader, item, True)
    log_in(page, "toegang")
    page.goto(asgi_server + "/en/meldingen/")
    wait_until_live(page)
    before = int(bell(page).inner_text() or 0)

    update_item(item.pk, User.objects.get(username="projectleider"), {"progress": 95})

    expect(bell(page)).to_have_text(str(before + 1), timeout=10_000)
    announcer = page.locator("[data-live-announcer]")
    expect(announcer).to_contain_text(f"{item}: progress 95%")
    expect(announcer).not_to_contain_text("voortgang")
    # The item's name is as written, in Dutch, and a screen reader is told so.
    expect(announcer.locator('span[lang="nl"]')).to_have_text(str(item))
    page.reload()
    link = page.get_by_role("link", name=f"{item}: progress 95%")
    expect(link).to_be_visible()
    expect(link.locator('span[lang="nl"]')).to_have_text(str(item))


def test_a_corrected_proposal_shows_what_changed_and_its_withdrawal_reaches_the_team_live(
    demo_site, asgi_server, page, second_page, artifacts, log_in
):
    expert, provider = page, second_page
    author = User.objects.get(username="aanbieder")
    proposal, _created = discussion_actions.submit_proposal(
        author,
        {
            "kind": "signaal",
            "title": TITLE,
            "problem": "De wachttijd is niet te zien.",
            "domain": "jeugd",
        },  # fmt: skip
        uuid.uuid4(),
    )
    log_in(expert, "moderator")
    expert.goto(asgi_server + "/voorstellen/")
    wait_until_live(expert)
    before = int(bell(expert).inner_text() or 0)

    log_in(provider, "aanbieder")
    provider.goto(asgi_server + proposal.get_absolute_url())
    provider.get_by_role("link", name="Voorstel wijzigen").click()
    provider.get_by_label("Wat gaat er mis?").fill("De wachttijd is nergens te zien.")
    provider.get_by_role("button", name="Opslaan").click()
    provider.get_by_role("link", name=re.compile("gewijzigd op")).click()
    removed, added = provider.locator("del.text-diff__removed"), provider.locator("ins")
    expect(removed).to_have_text("[verwijderd: niet ]")  # the bracketed words a reader hears
    expect(added).to_have_text("[toegevoegd: nergens ]")
    # Seen as struck through and underlined, not told by colour alone.
    assert "line-through" in removed.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "underline" in added.evaluate("e => getComputedStyle(e).textDecorationLine")
    provider.screenshot(path=artifacts / "voorstel-geschiedenis.png", full_page=True)

    provider.goto(asgi_server + proposal.get_absolute_url())
    provider.get_by_text("Voorstel intrekken").click()
    provider.get_by_label("Waarom trekt u het voorstel in?").fill("Al opgelost in januari.")
    provider.get_by_role("button", name="Intrekken").click()
    expect(provider.locator("[data-proposal-status]")).to_have_text("Ingetrokken")
    expect(provider.get_by_text("Ingetrokken door de indiener:")).to_be_visible()

    expect(bell(expert)).to_have_text(str(before + 1), timeout=10_000)
    expect(expert.locator("[data-live-announcer]")).to_contain_text(f"{TITLE}: ingetrokken")
