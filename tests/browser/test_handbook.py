import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_access_worker_uses_matrix_and_keuzehulp_to_reach_a_profile(
    demo_site, asgi_server, page, artifacts, log_in
):
    log_in(page, "toegang")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Handreiking").click()
    page.get_by_role("link", name="Matrix profielen en intensiteiten").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Matrix profielen en intensiteiten"
    page.screenshot(path=artifacts / "matrix.png", full_page=True)

    # Follow a cell: Gezinsondersteuning at intervention level 6.
    page.get_by_role("link", name="Kortdurend en intensief bij een crisis in het gezin.").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Gezinsondersteuning"
    assert "#intensiteit-" in page.url
    section = page.locator("section.intensity-cell:target")
    assert "Kortdurend en intensief bij een crisis in het gezin." in section.inner_text()

    # The keuzehulp for a high-complex, unpredictable case with safety risks.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Handreiking").click()
    page.get_by_role("link", name="Keuzehulp: segment, profiel en intensiteit").first.click()
    page.get_by_role("group", name="Gaat het om jeugdhulp of Wmo?").get_by_label("Jeugd").check()
    page.get_by_role("group", name="Hoe voorspelbaar").get_by_label("Weinig voorspelbaar").check()
    page.get_by_role("group", name="veiligheidsrisico").get_by_label("Ja").check()
    page.get_by_role("button", name="Advies tonen").click()

    advice = page.locator("section.advice")
    assert "Segment C" in advice.inner_text()
    assert "Weinig voorspelbaar" in advice.inner_text()  # why
    page.screenshot(path=artifacts / "keuzehulp-advies.png", full_page=True)
    advice.get_by_role("link", name="Gezinsondersteuning").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Gezinsondersteuning"

    # Printed for a case meeting: the page's own content, without the site's controls.
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".intensity-cell").first).to_be_visible()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()
    expect(page.get_by_role("search")).to_be_hidden()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_hidden()
    page.pdf(path=artifacts / "handreiking-afdruk.pdf")
