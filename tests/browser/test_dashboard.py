"""The project lead opens the dashboard, filters on Deel 1 and downloads the council letter."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(transactional_db):
    call_command("load_demo_content", "--no-progress", stdout=StringIO())


def test_project_lead_filters_the_dashboard_and_downloads_the_council_letter(
    demo_site, asgi_server, page, artifacts
):
    page.goto(asgi_server + "/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("projectleider")
    page.get_by_label("Wachtwoord").fill("rgw-demo-2026")
    page.get_by_role("button", name="Inloggen").click()
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
