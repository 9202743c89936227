"""The XSS corpus in a real browser: no payload runs on the pages that show it."""

from urllib.parse import urlencode

import pytest

from ..xss import PAYLOADS, load_payloads

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_payload_executes_in_chromium(asgi_server, page, transactional_db):
    from accounts.models import OrganisationType, Role

    from ..factories import PASSWORD, OrganisationFactory, UserFactory

    municipality = OrganisationFactory(type=OrganisationType.MUNICIPALITY)
    author = UserFactory(username="toegang", organisation=municipality, role=Role.ACCESS_STAFF)
    provider_org = OrganisationFactory(type=OrganisationType.PROVIDER)
    provider = UserFactory(username="aanbieder", organisation=provider_org, role=Role.PROVIDER)
    threads, proposals = load_payloads(author, provider)

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
    for path in paths:
        page.goto(asgi_server + path)
        page.mouse.move(200, 400)  # hover handlers, if any had survived
    for payload in PAYLOADS[::4]:
        page.goto(asgi_server + "/zoeken/?" + urlencode({"q": payload}))
    page.wait_for_timeout(300)
    assert ran == []
    assert len(paths) >= 20
