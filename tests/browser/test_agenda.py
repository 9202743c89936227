import pytest
from django.utils.formats import date_format

from agenda.models import AgendaItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_trekker_updates_an_item_in_my_tasks_and_sees_it_in_the_history(
    demo_site, asgi_server, page, artifacts, log_in
):
    log_in(page, "trekker")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn taken").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn taken"

    task = page.locator("article").filter(
        has=page.get_by_role("heading", name="2.1.2 Verplichte zorgcombinaties")
    )
    task.get_by_label("Status").select_option(label="In uitvoering")
    task.get_by_label("Voortgang (%)").fill("35")
    page.screenshot(path=artifacts / "mijn-taken.png", full_page=True)
    task.get_by_role("button", name="Bijwerken").click()

    assert "De wijziging is opgeslagen." in page.get_by_role("status").first.inner_text()
    page.get_by_role("link", name="2.1.2 Verplichte zorgcombinaties").first.click()
    history = page.locator(".history__entry").first
    assert "Tom Rekers" in history.inner_text()
    assert "Status: Niet gestart → In uitvoering" in history.inner_text()
    assert "Voortgang: 10% → 35%" in history.inner_text()
    assert "Deadline" not in history.inner_text()  # the deadline it had was kept, not cleared
    deadline = AgendaItem.objects.get(code="2.1.2").deadline
    assert date_format(deadline, "j F Y") in page.locator(".facts").inner_text()
    page.screenshot(path=artifacts / "agendapunt-geschiedenis.png", full_page=True)
