import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_trekker_logs_in_and_sees_the_dutch_home_page_with_a_live_socket(
    demo_site, asgi_server, page, artifacts
):
    page.goto(asgi_server + "/")
    page.get_by_role("link", name="Inloggen").click()
    page.get_by_label("Gebruikersnaam").fill("trekker")
    page.get_by_label("Wachtwoord").fill("rgw-demo-2026")
    page.get_by_role("button", name="Inloggen").click()

    assert page.locator("html").get_attribute("lang") == "nl"
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Samen Resultaatgestuurd Werken verbeteren"
    )
    assert page.get_by_role("link", name="Tom Rekers").is_visible()
    assert page.get_by_role("button", name="Uitloggen").is_visible()
    # The notification socket connected through Daphne, the session and Redis.
    # (Checked by attribute: the site's Content Security Policy forbids evaluating strings.)
    expect(page.locator("body")).to_have_attribute("data-live", "connected", timeout=10_000)
    page.screenshot(path=artifacts / "home-ingelogd.png", full_page=True)


def test_wrong_password_in_the_browser_shows_the_error_and_stays_logged_out(
    demo_site, asgi_server, page
):
    page.goto(asgi_server + "/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("trekker")
    page.get_by_label("Wachtwoord").fill("verkeerd")
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_role("alert").inner_text().startswith("De combinatie van gebruikersnaam")
    assert page.get_by_role("link", name="Inloggen").count() == 1
