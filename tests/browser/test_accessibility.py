"""axe-core in Chromium on the main pages: no violation of WCAG 2.1 A or AA (Dutch public bodies
must meet it). axe-core comes from npm with the other front-end packages."""

from pathlib import Path

import pytest
from django.conf import settings

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
    assert scrolling_regions > 0  # the agenda list's table does not fit 320 px, and scrolls
