"""The XSS corpus in a real browser: no payload runs on the pages that show it."""

from urllib.parse import urlencode

import pytest

from ..xss import PAYLOADS, load_payloads, make_payload_chapters_in_the_admin, payload_import_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_payload_executes_in_chromium(asgi_server, page, transactional_db):
    from accounts.models import OrganisationType, Role

    from ..factories import PASSWORD, OrganisationFactory, UserFactory

    municipality = OrganisationFactory(type=OrganisationType.MUNICIPALITY)
    author = UserFactory(username="toegang", organisation=municipality, role=Role.ACCESS_STAFF)
    provider_org = OrganisationFactory(type=OrganisationType.PROVIDER)
    provider = UserFactory(username="aanbieder", organisation=provider_org, role=Role.PROVIDER)
    threads, proposals = load_payloads(author, provider)
    imported, chapters = _through_import_and_admin()

    ran = []
    page.on("dialog", lambda dialog: (ran.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda m: ran.append(m.text) if "alert" in m.text else None)
    page.goto(asgi_server + "/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("aanbieder")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(asgi_server + "/voorstellen/")
    assert page.get_by_role("button", name="Uitloggen").is_visible()  # signed in
    paths = ["/discussies/", "/voorstellen/"]
    paths += [t.get_absolute_url() for t in threads[::5]]
    paths += [p.get_absolute_url() for p in proposals[::5]]
    paths += ["/agenda/", *imported, *chapters]
    for path in paths:
        page.goto(asgi_server + path)
        page.mouse.move(200, 400)  # hover handlers, if any had survived
    for payload in PAYLOADS[::4]:
        page.goto(asgi_server + "/zoeken/?" + urlencode({"q": payload}))
    page.wait_for_timeout(300)
    assert ran == []
    assert len(paths) >= 20


def _through_import_and_admin():
    """The payloads through the agenda import and the Wagtail admin, as their users do it."""
    from io import StringIO

    from django.core.management import call_command
    from django.test import Client

    from accounts.models import User
    from agenda.models import AgendaItem, ImportRun
    from handbook.models import HandbookIndexPage, HandbookSectionPage

    call_command("load_demo_content", "--no-progress", stdout=StringIO())
    client = Client()
    client.force_login(User.objects.get(username="projectleider"))
    client.post("/agenda/import/", {"file": payload_import_file()})
    client.post(f"/agenda/import/{ImportRun.objects.get().pk}/verwerken/")
    client.force_login(User.objects.get(username="beheerder"))
    make_payload_chapters_in_the_admin(client, HandbookIndexPage.objects.get())
    imported = AgendaItem.objects.filter(code__startswith="X").order_by("pk")
    chapters = HandbookSectionPage.objects.filter(slug__startswith="xss-").order_by("pk")
    assert imported.count() == chapters.count() == len(PAYLOADS)
    return (
        [i.get_absolute_url() for i in imported[::5]],
        [c.url for c in chapters[::5]],
    )
