"""The privacy guard: client data in a post, thread or proposal is refused with a clear message,
and nothing is stored until the author takes it out."""

import uuid

import pytest
from django.urls import reverse

from discussions import actions
from discussions.models import Proposal, Thread
from discussions.privacy import find_client_data, passes_eleven_test

from .factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Cliënt met BSN 123456782 wacht al weken.", "bsn"),
        ("BSN 1234.56.782", "bsn"),
        ("BSN 1234 56 782", "bsn"),
        ("Het kind is geboren op 12-03-2011 en woont in Hoorn.", "birth_date"),
        ("geb. 3 maart 2011", "birth_date"),
        ("Geboortedatum: 01/02/2015", "birth_date"),
        ("Mail de moeder op moeder.jansen@gmail.com", "email"),
        ("Bel vader op 06-12345678", "phone"),
        ("Bereikbaar op +31 6 1234 5678", "phone"),
        ("Telefoon 0229 123456", "phone"),
    ],
)
def test_client_data_is_recognised(text, kind):
    assert [finding.kind for finding in find_client_data(text)] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "Het bedrag is 123456789 euro.",  # nine digits that fail the eleven-test
        "Deadline 18-07-2022 voor punt 2.1.2.",
        "80% binnen 9 maanden, 50000 inwoners, segment C.",
        "Vragen? Mail naar info@hoorn.nl.",  # an organisation's own address
        "Wachttijd van 06 weken is te lang.",
    ],
)
def test_ordinary_text_passes(text):
    OrganisationFactory(slug="hoorn-web", name="Gemeente Hoorn web", website="https://www.hoorn.nl")
    assert find_client_data(text) == []


def test_the_eleven_test():
    assert passes_eleven_test("111222333")
    assert passes_eleven_test("123456782")
    assert not passes_eleven_test("123456789")
    assert not passes_eleven_test("000000000")


def test_a_post_with_a_bsn_is_refused_and_nothing_is_stored(client, access_worker):
    thread = actions.start_thread(access_worker, "Wachttijden", "Hoe lang?")
    client.force_login(access_worker)
    response = client.post(
        reverse("discussions:thread_reply", args=[thread.pk]),
        {"body": "Casus met BSN 123456782 wacht al drie maanden."},
    )
    assert response.status_code == 400
    assert "burgerservicenummer (123456782)" in response.text
    assert "er is nog niets opgeslagen" in response.text
    assert "Casus met BSN 123456782" in response.text  # what was typed stays in the form
    assert thread.posts.count() == 1


def test_a_thread_title_with_a_phone_number_is_refused(access_worker):
    with pytest.raises(Exception) as error:
        actions.start_thread(access_worker, "Bel mevrouw op 06-12345678", "Graag.")
    assert "telefoonnummer" in str(error.value)
    assert not Thread.objects.exists()


def test_a_proposal_with_a_date_of_birth_is_refused_with_the_field_marked(client, provider):
    client.force_login(provider)
    form = {
        "kind": "signaal",
        "title": "Lange wachttijd",
        "problem": "Jongen, geboren op 4 mei 2012, wacht al een half jaar.",
        "domain": "jeugd",
        "submission_key": str(uuid.uuid4()),
    }
    response = client.post(reverse("discussions:proposal_new"), form)
    assert response.status_code == 400
    assert "geboortedatum (geboren op 4 mei 2012)" in response.text
    assert 'id="id_problem_error"' in response.text  # named by the field's aria-describedby
    assert 'aria-describedby="id_problem_error"' in response.text
    assert not Proposal.objects.exists()
    form["problem"] = "Een jongen wacht al een half jaar."
    assert client.post(reverse("discussions:proposal_new"), form).status_code == 302
    assert Proposal.objects.count() == 1


def test_an_edit_that_adds_an_email_address_is_refused(access_worker):
    thread = actions.start_thread(access_worker, "Wachttijden", "Hoe lang?")
    post = thread.posts.get()
    with pytest.raises(Exception, match="e-mailadres"):
        actions.edit_post(access_worker, post.pk, "Mail ouder@hotmail.com", version=0)
    post.refresh_from_db()
    assert post.body_source == "Hoe lang?" and not post.edits.exists()
