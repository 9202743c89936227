"""axe-core in Chromium on the main pages: no violation of WCAG 2.1 A or AA (Dutch public bodies
must meet it). axe-core comes from npm with the other front-end packages."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def main_pages():
    from agenda.models import AgendaItem
    from discussions.models import Proposal, Thread
    from handbook.models import GuidancePage, KeuzehulpPage

    return {
        "start": "/",
        "agenda": "/agenda/",
        "agendapunt": AgendaItem.objects.get(code="1.1").get_absolute_url(),
        "handreiking": GuidancePage.objects.live().first().url,
        "matrix": "/handreiking/matrix/",
        "keuzehulp": KeuzehulpPage.objects.live().first().url,
        "zoeken": "/zoeken/?q=perspectiefplan",
        "discussie": Thread.objects.order_by("pk").first().get_absolute_url(),
        "voorstel": Proposal.objects.order_by("pk").first().get_absolute_url(),
        "voorstelformulier": "/voorstellen/nieuw/",
        "voortgang": "/voortgang/",
        "meldingen": "/meldingen/instellingen/",
        "english": "/en/agenda/",
        "niet gevonden": "/bestaat-niet/",
        "toegankelijkheidsverklaring": "/en/toegankelijkheid/",
    }


def test_main_pages_have_no_wcag_violations(demo_site, asgi_server, browser, log_in):
    # axe is injected as an inline script, which the site's Content Security Policy refuses.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    log_in(page, "projectleider")
    axe = AXE.read_text()
    found = {}
    for name, path in main_pages().items():
        page.goto(asgi_server + path)
        page.add_script_tag(content=axe)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
        )
        violations = [
            (v["id"], [node["target"] for node in v["nodes"]][:3]) for v in result["violations"]
        ]
        if violations:
            found[name] = violations
    context.close()
    assert found == {}


def test_main_pages_reflow_to_a_phone_without_sideways_scrolling(
    demo_site, asgi_server, browser, log_in
):
    """WCAG 1.4.10: at 320 CSS pixels (a phone, or 1280 px zoomed to 400%) the page fits the
    width; only a wide table or chart scrolls, inside its own region that a keyboard can reach."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 320, "height": 800})
    page = context.new_page()
    log_in(page, "projectleider")
    axe = AXE.read_text()
    pages = {
        **main_pages(),
        "mijn taken": "/agenda/mijn-taken/",
        "raadsbrief": "/voortgang/raadsbrief/",
    }
    too_wide, unreachable, scrolling_regions = {}, {}, 0
    for name, path in pages.items():
        page.goto(asgi_server + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[name] = width
        page.add_script_tag(content=axe)
        result = page.evaluate(
            "axe.run(document, {runOnly: {type: 'rule', values: ['scrollable-region-focusable']}})"
        )
        if result["violations"]:
            unreachable[name] = [n["target"] for v in result["violations"] for n in v["nodes"]]
        scrolling_regions += page.evaluate(
            "[...document.querySelectorAll('[role=region][tabindex=\"0\"]')]"
            ".filter(r => r.scrollWidth > r.clientWidth).length"
        )
    context.close()
    assert too_wide == {}
    assert unreachable == {}
    assert scrolling_regions > 0  # the progress view's tables do not fit 320 px, and scroll


def test_on_a_phone_the_menu_folds_away_behind_one_button(demo_site, asgi_server, browser, log_in):
    """Seven menu links and four account links took more than half a phone's first screen before
    the page began. On a phone they fold behind "Menu" (the bell stays); on a wide screen there is
    no such button and everything shows."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 375, "height": 740})
    page = context.new_page()
    log_in(page, "projectleider")
    page.goto(asgi_server + "/agenda/")
    menu = page.get_by_role("button", name="Menu")
    main_menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(main_menu).to_be_hidden()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_hidden()
    expect(page.locator("[data-bell]")).to_be_visible()
    heading = page.get_by_role("heading", level=1, name="Ontwikkelagenda")
    assert heading.bounding_box()["y"] < 300  # the page's own content starts in the first screen

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    assert [v["id"] for v in result["violations"]] == []
    page.keyboard.press("Escape")  # closes, and the keyboard is back on the button
    expect(main_menu).to_be_hidden()
    expect(menu).to_be_focused()
    menu.press("Enter")
    main_menu.get_by_role("link", name="Discussies").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Discussies")

    page.set_viewport_size({"width": 1280, "height": 800})
    expect(menu).to_be_hidden()
    expect(main_menu).to_be_visible()
    context.close()


def test_on_a_phone_the_agenda_list_reads_as_one_card_per_item(
    demo_site, asgi_server, browser, log_in
):
    """Six columns on a phone meant scrolling sideways for status, progress, owner and deadline.
    There each item is a card that names every value; the table stays a table for a screen
    reader (its headers are not read twice)."""
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    log_in(page, "projectleider")
    page.goto(asgi_server + "/agenda/?part=1")
    region = page.get_by_role("region", name="Agendapunten")
    assert region.evaluate("r => r.scrollWidth <= r.clientWidth")  # nothing to scroll to
    first = page.locator("table.data tbody tr").first
    for label in ["Deel", "Status", "Voortgang", "Eigenaar", "Deadline"]:
        expect(first.locator(".card-label", has_text=label)).to_be_visible()
    status = first.get_by_role("cell").nth(2)
    assert status.bounding_box()["x"] < 40  # below the title, not in a column off the screen
    expect(page.get_by_role("columnheader")).to_have_count(6)
    expect(first.locator(".card-label").first).to_have_attribute("aria-hidden", "true")

    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.get_by_role("columnheader", name="Status")).to_be_visible()
    expect(first.locator(".card-label").first).to_be_hidden()
    context.close()


def test_on_a_phone_filters_fold_so_the_results_start_in_the_first_screen(
    demo_site, asgi_server, browser, log_in
):
    """The agenda's nine filters and the search's facets filled a phone's first screens before a
    single result. There they start folded, their summary says how many are on, and one tap opens
    them; on a wide screen they are open."""
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    log_in(page, "projectleider")
    page.goto(asgi_server + "/agenda/?part=1&status=niet_gestart")
    status = page.get_by_label("Status", exact=True)
    expect(status).to_be_hidden()
    summary = page.locator("summary", has_text="Filteren")
    expect(summary).to_contain_text("(2 gekozen)")
    first = page.locator("table.data tbody tr").first
    assert first.bounding_box()["y"] < 740  # the first item is in the first screen
    summary.click()
    expect(status).to_be_visible()
    expect(status).to_have_value("niet_gestart")

    page.goto(asgi_server + "/zoeken/?q=perspectiefplan")
    facets = page.locator("summary", has_text="Verfijnen")
    expect(facets).not_to_contain_text("gekozen")
    expect(page.get_by_role("heading", name="Soort", exact=True)).to_be_hidden()
    assert page.locator(".search-result").first.bounding_box()["y"] < 740
    facets.click()
    page.get_by_role("link", name="Agendapunt").first.click()
    expect(page.locator("summary", has_text="Verfijnen")).to_contain_text("(1 gekozen)")

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(asgi_server + "/agenda/?part=1")
    expect(page.get_by_label("Status", exact=True)).to_be_visible()
    context.close()


LAYOUT_SHIFTS = """
window.__layoutShifts = [];
new PerformanceObserver(
    list => list.getEntries().forEach(entry => window.__layoutShifts.push(entry.value))
).observe({type: "layout-shift", buffered: true});
"""


def test_on_a_slow_phone_nothing_jumps_when_the_menu_and_filters_fold(
    demo_site, asgi_server, browser, log_in
):
    """The menu and the filter panels were folded by deferred scripts, after the browser had
    already drawn them open: on a slow phone the results first showed below nine open filters,
    then jumped up as they folded (a layout shift score of up to 0.89; under 0.1 counts as
    good), which moves what a finger was about to tap. Folded before what follows them is drawn, the
    page stays put. The CPU is slowed six times, as on a cheap phone."""
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    log_in(page, "toegang")
    page.add_init_script(LAYOUT_SHIFTS)
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 6})
    for path, panels in [("/agenda/", 1), ("/zoeken/?q=perspectiefplan", 1), ("/", 0)] * 3:
        page.goto(asgi_server + path)
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)  # a shift is reported just after it is drawn
        shifts = page.evaluate("window.__layoutShifts")
        assert sum(shifts) < 0.1, (path, shifts)
        expect(page.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "false")
        folded = page.locator("details[data-fold-narrow]:not([open])")
        expect(folded).to_have_count(panels)
    context.close()


def test_the_names_offered_after_an_at_sign_meet_wcag(demo_site, asgi_server, browser, log_in):
    """The list under a post box (mentions.js) while it is open: a listbox the box points at,
    its choice read out, and no violation."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    log_in(page, "toegang")
    page.goto(asgi_server + "/discussies/")
    page.get_by_role("link", name="Wanneer maak je een perspectiefplan, en wanneer niet?").click()
    box = page.get_by_label("Uw reactie")
    box.press_sequentially("@d", delay=30)
    expect(page.get_by_role("listbox", name="Namen om te noemen")).to_be_visible()
    box.press("ArrowDown")
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    context.close()
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == []
