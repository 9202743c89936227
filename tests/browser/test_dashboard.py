"""The project lead opens the dashboard, filters on Deel 1, makes the council letter and sends it;
a council member reads it."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_project_lead_filters_the_dashboard_and_sends_the_council_letter(
    demo_site, asgi_server, browser, page, artifacts, log_in
):
    log_in(page, "projectleider")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Voortgang").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Voortgang van de ontwikkelagenda")

    page.get_by_label("Deel", exact=True).select_option(label="1 – Uitvoeringspraktijk")
    page.get_by_role("button", name="Toepassen").click()
    expect(page.locator("[data-part-summary]")).to_have_count(1)
    expect(page.locator("[data-part-summary='1']")).to_contain_text("aanbevelingen gerealiseerd")
    assert page.locator("svg.chart").count() >= 2
    page.screenshot(path=artifacts / "dashboard.png", full_page=True)

    page.get_by_role("link", name="Raadsinformatiebrief").click()
    page.get_by_role("button", name="Brief maken").click()
    made = page.get_by_role("status")
    expect(made).to_contain_text("is gemaakt, als concept")
    with page.expect_download() as download_info:
        made.get_by_role("link", name="Lees de brief (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("raadsinformatiebrief-")
    path = artifacts / "raadsinformatiebrief.pdf"
    download.save_as(path)
    assert path.read_bytes()[:5] == b"%PDF-"

    # Made is a draft; sending asks first, and a "no" leaves the letter a draft that can be sent.
    send = page.get_by_role("button", name="Versturen")
    expect(send).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.dismiss())
    send.click()
    expect(send).to_be_visible()
    expect(page.get_by_role("status")).not_to_contain_text("verstuurd")
    page.once("dialog", lambda dialog: dialog.accept())
    send.click()
    expect(page.get_by_role("status")).to_contain_text("1 raadslid heeft een melding")
    expect(page.get_by_role("button", name="Versturen")).to_have_count(0)

    council = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    reader = council.new_page()
    log_in(reader, "raadslid")
    menu = reader.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Mijn taken")).to_have_count(0)
    reader.locator("[data-bell]").click()
    # The newest first: the demo's own letter, last quarter's, came before.
    reader.get_by_role("link", name="Raadsinformatiebrief over").first.click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Raadsinformatiebrieven")
    expect(menu.get_by_role("link", name="Raadsbrieven")).to_have_attribute("aria-current", "page")
    with reader.expect_download() as download_info:
        reader.get_by_role("link", name="PDF, tot en met").first.click()
    assert download_info.value.suggested_filename == download.suggested_filename
    reader.screenshot(path=artifacts / "raadsbrieven.png", full_page=True)
    council.close()


def test_on_a_phone_the_charts_words_stay_readable_and_the_chart_scrolls_instead(
    demo_site, asgi_server, browser, log_in
):
    """A chart drawn 640 wide, squeezed into a phone, wrote its axis and legend 6 pixels high.
    It keeps a readable size and scrolls sideways in a region a keyboard can reach."""
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    log_in(page, "projectleider")
    page.goto(asgi_server + "/voortgang/")
    charts = page.locator(".chart-wrap:has(svg.chart)")
    expect(charts.first).to_be_visible()
    heights = page.evaluate(
        "[...document.querySelectorAll('.chart-wrap svg.chart text')]"
        ".map(t => t.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 10, min(heights)
    first = charts.first
    assert first.evaluate("wrap => wrap.scrollWidth > wrap.clientWidth")
    assert first.get_attribute("tabindex") == "0" and first.get_attribute("role") == "region"
    expect(first).to_have_accessible_name("Deel 1 – Uitvoeringspraktijk")
    context.close()
