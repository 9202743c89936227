"""The project lead opens the dashboard, filters on Deel 1 and downloads the council letter."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_project_lead_filters_the_dashboard_and_downloads_the_council_letter(
    demo_site, asgi_server, page, artifacts, log_in
):
    log_in(page, "projectleider")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Voortgang").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Voortgang van de ontwikkelagenda")

    page.get_by_label("Deel", exact=True).select_option(label="Deel 1 – Uitvoeringspraktijk")
    page.get_by_role("button", name="Toepassen").click()
    expect(page.locator("[data-part-summary]")).to_have_count(1)
    expect(page.locator("[data-part-summary='1']")).to_contain_text("aanbevelingen gerealiseerd")
    assert page.locator("svg.chart").count() >= 2
    page.screenshot(path=artifacts / "dashboard.png", full_page=True)

    page.get_by_role("link", name="Raadsinformatiebrief").click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Brief maken (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("raadsinformatiebrief-")
    path = artifacts / "raadsinformatiebrief.pdf"
    download.save_as(path)
    assert path.read_bytes()[:5] == b"%PDF-"
