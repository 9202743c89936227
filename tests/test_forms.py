"""Forms as a screen reader meets them: every label, description and error a control names
(`for`, `aria-describedby`, `aria-labelledby`) is on the page, a field with errors says so
(`aria-invalid`) and names its error, and a group of radio buttons is a fieldset with a legend
(WCAG 1.3.1, 3.3.1). Each page as the person who uses it opens it, and once more with errors."""

from html.parser import HTMLParser

import pytest
from bs4 import BeautifulSoup

# Every test here runs on the demo content, loaded once for the module (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

REFERENCES = ("for", "aria-describedby", "aria-labelledby")


class Controls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = set()
        self.references = []  # (tag, attribute, id)
        self.invalid = []  # attrs of controls marked aria-invalid
        self.radios_outside_fieldset = []
        self.open_fieldsets = 0
        self.legends = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in REFERENCES:
            for target in (attrs.get(name) or "").split():
                self.references.append((tag, name, target))
        if attrs.get("aria-invalid") == "true":
            self.invalid.append(attrs)
        if tag == "fieldset":
            self.open_fieldsets += 1
        if tag == "legend":
            self.legends += 1
        if tag == "input" and attrs.get("type") == "radio" and not self.open_fieldsets:
            self.radios_outside_fieldset.append(attrs.get("name"))

    def handle_endtag(self, tag):
        if tag == "fieldset":
            self.open_fieldsets -= 1


def controls(response, where):
    assert response.status_code in (200, 400), (where, response.status_code)
    parser = Controls()
    parser.feed(response.content.decode())
    return parser


def assert_well_labelled(response, where):
    page = controls(response, where)
    missing = [ref for ref in page.references if ref[2] not in page.ids]
    assert not missing, f"{where}: refers to what is not on the page: {missing}"
    assert not page.radios_outside_fieldset, f"{where}: radio buttons without a fieldset"
    return page


def signed_in(client, username):
    from accounts.models import User

    client.force_login(User.objects.get(username=username))
    return client


def test_every_form_page_names_only_what_is_on_it(demo, client):
    from accounts.models import User
    from agenda.models import AgendaItem
    from discussions.models import Proposal, Thread
    from handbook.models import KeuzehulpPage

    keuzehulp = KeuzehulpPage.objects.live().first()
    item = AgendaItem.objects.filter(owner__username="trekker").first()
    proposal = Proposal.objects.first()
    thread = Thread.objects.visible_to(User.objects.get(username="moderator")).first()
    pages = {
        None: ["/account/inloggen/", keuzehulp.url, "/zoeken/?q=perspectiefplan"],
        "aanbieder": ["/voorstellen/nieuw/", "/discussies/nieuw/", "/account/profiel/"],
        "trekker": [item.get_absolute_url(), "/agenda/mijn-taken/", "/meldingen/instellingen/"],
        "projectleider": ["/agenda/?status=in_uitvoering", "/agenda/import/",
                          "/voortgang/raadsbrief/"],
        "moderator": [f"/voorstellen/{proposal.pk}/", f"/discussies/{thread.pk}/",
                      "/discussies/moderatie/"],
    }  # fmt: skip
    for username, paths in pages.items():
        client.logout()
        if username:
            signed_in(client, username)
        for path in paths:
            response = client.get(path)
            assert_well_labelled(response, f"{username or 'anoniem'} {path}")
            # An optional choice is left open with a word, not a line of dashes.
            assert "---------" not in response.content.decode(), path


@pytest.mark.parametrize(
    ("username", "path", "data", "field", "error"),
    [
        # One message for both fields: which of the two was wrong is not told.
        (None, "/account/inloggen/", {"username": "x", "password": "y"}, "id_username",
         "login-error"),
        ("aanbieder", "/voorstellen/nieuw/", {"kind": "voorstel", "title": ""}, "id_title", None),
        ("aanbieder", "/discussies/nieuw/", {"title": "", "body": ""}, "id_title", None),
        ("trekker", "/meldingen/instellingen/", {"hour": "99"}, "id_hour", None),
    ],
)  # fmt: skip
def test_a_field_with_an_error_says_so_and_names_the_error(
    demo, client, username, path, data, field, error
):
    if username:
        signed_in(client, username)
    response = client.post(path, data)
    page = assert_well_labelled(response, f"{path} met fouten")
    marked = [attrs for attrs in page.invalid if attrs.get("id") == field]
    assert marked, f"{path}: {field} is not marked invalid"
    assert (error or f"{field}_error") in marked[0].get("aria-describedby", "").split()
    if error is None:  # a form of the platform's own opens with a summary leading to the field
        summary = BeautifulSoup(response.content, "html.parser").find(id="form-errors")
        assert summary.find("a", href=f"#{field}"), f"{path}: no link to {field} in the summary"


def test_a_progress_update_with_an_error_names_it_at_the_field(demo, client):
    from agenda.models import AgendaItem

    item = AgendaItem.objects.filter(owner__username="trekker").first()
    signed_in(client, "trekker")
    response = client.post(
        f"/agenda/punt/{item.pk}/bijwerken/",
        {"version": item.latest_revision_id or "", "status": item.status, "progress": "150"},
    )
    page = assert_well_labelled(response, "bijwerken met fouten")
    marked = [attrs for attrs in page.invalid if attrs.get("id") == "id_progress"]
    assert marked and "id_progress_error" in marked[0]["aria-describedby"].split()


def test_an_error_on_a_hidden_field_is_told_in_the_summary_without_an_empty_list(client):
    from discussions.models import Proposal

    signed_in(client, "aanbieder")
    data = {"kind": "signaal", "title": "Wachtlijst logeren", "problem": "Lange wachttijd.",
            "domain": "jeugd", "submission_key": "geen-sleutel"}  # fmt: skip
    response = client.post("/voorstellen/nieuw/", data)
    summary = BeautifulSoup(response.content, "html.parser").find(id="form-errors")
    assert "Nog niet gelukt" in summary.get_text()
    assert len(summary.find_all("p")) == 2  # the heading line and the hidden field's error
    assert summary.find("ul") is None
    assert not Proposal.objects.filter(title="Wachtlijst logeren").exists()
