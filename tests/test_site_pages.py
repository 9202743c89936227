"""The site's pages on the demo content: languages, the statements every footer links to, error
and refusal pages, security headers. The demo is loaded once for the module (see conftest)."""

from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.usefixtures("demo")


def test_home_page_is_dutch_even_for_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="nl"' in html
    assert "Ontwikkelagenda" in html and "Handreiking voor de toegang" in html
    assert "Verbeterplatform" in html


def test_english_is_served_under_en(client):
    html = client.get("/en/").content.decode()
    assert '<html lang="en"' in html
    assert "Development agenda" in html
    assert "Handbook for access staff" in html
    assert "Skip to content" in html


def test_language_switch_links_to_the_same_page(client):
    html = client.get("/agenda/").content.decode()
    assert 'href="/en/agenda/"' in html


def test_home_shows_three_pillars_with_agenda_counts(client):
    html = client.get("/").content.decode()
    assert "Deel 1 Uitvoeringspraktijk: 9 punten" in html
    # Anonymous visitors do not count the municipality-internal item of Deel 2.
    assert "Deel 2 Inkoopsystematiek: 20 punten" in html
    assert html.index("Deel 1 ") < html.index("Deel 2 ") < html.index("Deel 3 ")
    # Members find the progress letters to the councils from there; a visitor has no access.
    assert "/voortgang/raadsbrief/" not in html
    from accounts.models import User

    client.force_login(User.objects.get(username="toegang"))
    assert 'href="/voortgang/raadsbrief/">De voortgangsbrieven aan de raden' in client.get("/").text


def test_every_page_links_to_the_accessibility_and_privacy_statements(client):
    """Dutch public bodies must publish an accessibility statement; the footer of every page, in
    both languages, leads to it and to the privacy statement, which editors keep in Wagtail."""
    import re

    for page, language in (("/", "nl"), ("/agenda/", "nl"), ("/en/agenda/", "en")):
        footer = client.get(page).text.split('<footer class="site-footer">')[1]
        links = dict(
            (label, href)
            for href, label in re.findall(
                r'<a class="utrecht-link" href="([^"]+)">([^<]+)</a>', footer
            )
        )
        prefix = "/en" if language == "en" else ""
        accessibility = "Accessibility" if language == "en" else "Toegankelijkheid"
        assert links == {
            accessibility: f"{prefix}/toegankelijkheid/",
            "Privacy": f"{prefix}/privacy/",
        }
        statement = client.get(links[accessibility])
        assert statement.status_code == 200
        assert '<h1 class="utrecht-heading-1">Toegankelijkheidsverklaring</h1>' in statement.text
        assert "WCAG 2.1 op niveau AA" in statement.text and "Status" in statement.text
        privacy = client.get(links["Privacy"])
        assert privacy.status_code == 200 and "Geen gegevens van inwoners" in privacy.text
        # On the English site the Dutch text says it is Dutch, for a screen reader (WCAG 3.1.2).
        marked = '<article class="information-page" lang="nl">' in statement.text
        assert marked == (language == "en")


def test_on_the_english_site_what_editors_wrote_in_dutch_is_marked_dutch(client):
    from handbook.models import GuidancePage

    guidance = GuidancePage.objects.live().order_by("pk").first()
    guidance_url = guidance.url  # in Dutch, before a request under /en/ switches this thread
    english = client.get("/en/").text
    assert '<h1 class="utrecht-heading-1" lang="nl">Samen Resultaatgestuurd' in english
    assert "Development agenda" in english  # the interface around it stays English
    handbook = client.get(f"/en{guidance_url}").text
    assert f'<h1 class="utrecht-heading-1" lang="nl">{guidance.title}</h1>' in handbook
    assert '<div class="utrecht-rich-text" lang="nl">' in handbook
    assert "Local variations" in handbook
    assert ' lang="nl"' not in client.get("/").text.split("<body", 1)[1]


def first_words(html):
    return BeautifulSoup(html, "html.parser").find(string=True).strip()[:40]


def read_as(html, text):
    """The languages a screen reader reads `text` in, wherever the page body shows it: the
    lang of the nearest element around each place."""
    body = BeautifulSoup(html, "html.parser").body
    places = body.find_all(string=lambda s: text in s)
    assert places, f"{text!r} is not on the page"
    return {next(e["lang"] for e in place.parents if e.get("lang")) for place in places}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_what_people_wrote_on_the_platform_is_read_as_dutch_on_the_english_site(
    client, settings, language
):
    from accounts.models import User
    from agenda.models import AgendaItem, AgendaPart, Dependency
    from discussions.models import Proposal, Thread
    from search import service

    settings.SEARCH_BACKEND = "database"
    service.rebuild()

    client.force_login(User.objects.get(username="projectleider"))
    item = AgendaItem.objects.filter(live=True).exclude(summary="").order_by("sort_code")[0]
    thread = Thread.objects.order_by("pk")[0]
    thread_url = thread.get_absolute_url()
    post = thread.posts.order_by("pk")[0]
    proposal = Proposal.objects.order_by("pk")[0]
    budgeted_url = AgendaItem.objects.get(code="2.1", budget_amount=40000).get_absolute_url()
    part = AgendaPart.objects.order_by("number")[0]
    tagged = AgendaItem.objects.filter(live=True, tags__name="resultatenmatrix")[0]
    waited_for = str(Dependency.objects.order_by("pk")[0].depends_on)
    english = language == "en"
    prefix = "/en" if english else ""
    pages = {
        f"{prefix}/agenda/?order=code": [item.title],
        f"{prefix}{item.get_absolute_url()}": [item.title, item.summary.splitlines()[0]],
        f"{prefix}/discussies/": [thread.title],
        f"{prefix}{thread.get_absolute_url()}": [thread.title, first_words(post.body_html)],
        f"{prefix}{proposal.get_absolute_url()}": [proposal.title, proposal.problem[:40]],
        # Also in the boxes that open with it, to be changed.
        f"{prefix}/voorstellen/{proposal.pk}/wijzigen/": [proposal.problem[:40]],
        # Names and labels inside the site's own sentences ("Label: triage", "Part 1 ...: 12
        # items") and in its menus.
        f"{prefix}/": [part.title],
        # Also the item another one waits for, in the waterbed table.
        f"{prefix}/voortgang/": [part.title, waited_for],
        f"{prefix}/discussies/?label=triage": ["triage"],
        f"{prefix}{tagged.get_absolute_url()}": ["resultatenmatrix"],
        # Not the whole title: the page repeats the query, and that is the searcher's own text.
        f"{prefix}/zoeken/?q={quote(thread.title.split()[-2])}": [thread.title],
    }
    interface = {"Eigenaar": "Owner", "Volgen": "Follow", "Steun": "Support"}
    for url, written in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.text
        for text in written:
            assert read_as(html, text) == {"nl"}, (url, text)
        # The interface around it is read in the language of the site.
        for dutch, translated in interface.items():
            if dutch in html or translated in html:
                assert read_as(html, translated if english else dutch) == {language}, url
        if not english:  # no needless marks on the Dutch site
            assert BeautifulSoup(html, "html.parser").body.find(lang="nl") is None, url

    # A thread's subject, in the box that changes it.
    box = BeautifulSoup(client.get(f"{prefix}{thread_url}").text, "html.parser")
    subject = box.select_one("details.rename input[name=title]")
    assert (subject["value"], subject.get("lang")) == (thread.title, "nl" if english else None)

    # A part is named in the site's language around its title as written.
    progress = client.get(f"{prefix}/voortgang/").text
    assert read_as(progress, f"{'Part' if english else 'Deel'} {part.number} – ") == {language}

    # An amount is written in the site's own notation, so it is read in the site's language.
    budgeted = client.get(f"{prefix}{budgeted_url}").text
    assert read_as(budgeted, "€ 40,000" if english else "€ 40.000") == {language}
    assert read_as(budgeted, "Transformatiefonds") == {"nl"}


def test_an_unknown_page_says_so_in_dutch_and_offers_a_way_on(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html and 'role="search"' in html  # the site, not a bare page
    assert 'href="/account/inloggen/?next=/bestaat-niet/"' in html  # members may need to log in
    english = client.get("/en/bestaat-niet/").content.decode()
    assert "Page not found" in english and '<html lang="en"' in english


def test_a_refusal_names_the_reason_on_the_sites_own_page(client):
    from accounts.models import User

    client.force_login(User.objects.get(username="toegang"))
    response = client.get("/handreiking/review/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Geen toegang" in html and "projectleider" in html
    assert "Uitloggen" in html  # still signed in, with the menu


def test_an_expired_form_explains_that_nothing_was_stored_and_how_to_go_on():
    from django.test import Client

    from accounts.models import User
    from discussions.models import Proposal

    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="aanbieder"))
    client.get("/voorstellen/nieuw/")  # the form, and with it the CSRF cookie
    stale_token = "x" * 64  # the token of a form opened before signing in again
    before = Proposal.objects.count()
    form = {"title": "Wachttijden zichtbaar", "csrfmiddlewaretoken": stale_token}
    response = client.post("/voorstellen/nieuw/", form)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulier verlopen" in html and "niets opgeslagen" in html and "Terug" in html
    assert "cookies" not in html
    assert "Uitloggen" in html  # the site's own page, with the menu
    assert Proposal.objects.count() == before


def test_a_browser_without_cookies_is_told_to_allow_them_not_to_try_again():
    """Sending again cannot help a browser that blocks the site's cookies: it is told so."""
    from django.test import Client

    from accounts.models import User
    from discussions.models import Proposal

    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="aanbieder"))  # no form opened: no CSRF cookie
    response = client.post("/en/voorstellen/nieuw/", {"title": "Wachttijden zichtbaar"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Cookie missing" in html and "Allow cookies for this platform" in html
    assert "Form expired" not in html
    assert not Proposal.objects.filter(title="Wachttijden zichtbaar").exists()


def test_an_error_page_says_whether_a_form_was_stored(monkeypatch):
    from django.test import Client

    from agenda import views

    def broken(items):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "progress_for", broken)
    response = Client(raise_request_exception=False).get("/agenda/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html and "nooit half" in html and '<html lang="nl"' in html


def test_security_headers(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_the_statements_stay_where_every_footer_links_to_them(client):
    """An editor may rewrite the accessibility statement, but not delete, unpublish or move it,
    nor change its address: every footer links to /toegankelijkheid/. The admin says why."""
    from django.contrib.auth import get_user_model
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    from home.models import InformationPage

    statement = InformationPage.objects.get(slug="toegankelijkheid")
    client.force_login(get_user_model().objects.create_superuser("redactie", "r@example.org", "x"))

    for url in (
        f"/admin/pages/{statement.pk}/delete/",
        f"/admin/pages/{statement.pk}/unpublish/",
        f"/admin/pages/{statement.pk}/move/{statement.get_parent().pk}/confirm/",
    ):
        response = client.post(url, follow=True)
        assert "blijft staan: de voettekst van elke pagina linkt ernaar" in response.text, url
    bulk = client.post("/admin/bulk/wagtailcore/page/delete/?id=" + str(statement.pk), follow=True)
    assert "blijft staan" in bulk.text

    edit = client.get(f"/admin/pages/{statement.pk}/edit/")
    assert edit.status_code == 200

    def form(slug):
        return {
            **nested_form_data(
                {
                    "title": "Toegankelijkheidsverklaring",
                    "slug": slug,
                    "intro": "Nieuwe inleiding",
                    "body": rich_text(statement.body),
                    "reviewed_on": "2026-11-30",
                    "comments": inline_formset([]),
                }
            ),
            "action-publish": "publish",
        }

    response = client.post(f"/admin/pages/{statement.pk}/edit/", form("toegankelijk"))
    assert "De voettekst van elke pagina linkt naar /toegankelijkheid/" in response.text
    client.post(f"/admin/pages/{statement.pk}/edit/", form("toegankelijkheid"))

    statement.refresh_from_db()
    assert statement.live and statement.slug == "toegankelijkheid"
    assert statement.intro == "Nieuwe inleiding"  # the text itself may change
    assert client.get("/toegankelijkheid/").status_code == 200


@pytest.mark.parametrize("path", ["/discussies/nieuw/", "/voorstellen/nieuw/"])
def test_choices_of_what_was_written_in_dutch_are_marked_dutch_on_the_english_site(client, path):
    from accounts.models import User

    client.force_login(User.objects.get(username="toegang"))
    for prefix, marked in (("/en", {"nl"}), ("", {None})):
        page = BeautifulSoup(client.get(prefix + path).content, "html.parser")
        options = page.find("select", id="id_theme").find_all("option")
        assert options[0].get("lang") is None  # "(none)": the interface's own word
        assert {option.get("lang") for option in options[1:]} == marked, prefix
        handbook = page.find("select", id="id_handbook_page").find_all("option")[1:]
        assert handbook and {option.get("lang") for option in handbook} == marked, prefix


@pytest.fixture
def large_handbook(monkeypatch):
    """A handbook larger than a list can offer (the demo's, with the limit set below it)."""
    monkeypatch.setattr("discussions.forms.HANDBOOK_CHOICE_LIMIT", 5)


def test_in_a_large_handbook_a_proposal_names_its_page_by_address_or_title(client, large_handbook):
    import uuid

    from accounts.models import User
    from discussions.models import Proposal
    from handbook.models import GuidancePage

    from .discussion_helpers import PROPOSAL_FORM

    page = GuidancePage.objects.get(slug="perspectiefplan")
    client.force_login(User.objects.get(username="aanbieder"))
    form = BeautifulSoup(client.get("/voorstellen/nieuw/").content, "html.parser")
    assert form.find("select", id="id_handbook_page") is None
    assert form.find("input", id="id_handbook_page")["type"] == "text"

    def submit(key):
        data = {**PROPOSAL_FORM, "title": f"Over {key}", "handbook_page": key,
                "submission_key": str(uuid.uuid4())}  # fmt: skip
        return client.post("/voorstellen/nieuw/", data)

    for key in (f"https://rgw.example/en{page.url}", page.url.strip("/"), page.title.upper()):
        assert submit(key).status_code == 302, key
        assert Proposal.objects.get(title=f"Over {key}").handbook_page_id == page.pk

    refused = submit("/handreiking/bestaat-niet/")
    assert refused.status_code == 400
    assert (
        "Er is geen pagina van de handreiking met adres of titel /handreiking/bestaat-niet/."
        in refused.text
    )
    kept = BeautifulSoup(refused.content, "html.parser")
    assert kept.find("input", id="id_title")["value"] == "Over /handreiking/bestaat-niet/"
    assert not Proposal.objects.filter(title="Over /handreiking/bestaat-niet/").exists()


def test_in_a_large_handbook_the_expert_team_moves_a_thread_to_a_page_by_its_address(
    client, large_handbook
):
    from accounts.models import User
    from discussions import actions
    from handbook.models import GuidancePage, HandbookSectionPage

    page = GuidancePage.objects.get(slug="perspectiefplan")
    chapter = HandbookSectionPage.objects.get(slug="wmo")
    thread = actions.start_thread(User.objects.get(username="toegang"), "Regie", "Wie?")
    actions.move_thread(User.objects.get(username="moderator"), thread.pk, handbook_page=page)
    client.force_login(User.objects.get(username="moderator"))

    shown = BeautifulSoup(client.get(thread.get_absolute_url()).content, "html.parser")
    assert shown.find("input", id="id_handbook_page")["value"] == page.url
    moved = client.post(f"/discussies/{thread.pk}/verplaatsen/", {"handbook_page": chapter.url})
    assert moved.status_code == 302
    thread.refresh_from_db()
    assert thread.handbook_page_id == chapter.pk
