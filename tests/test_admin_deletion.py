"""Deleting people and organisations in the admin. What people wrote stays on their name, and a
proposal on its organisation's: the admin refuses such a deletion with what keeps the record and
what to do instead, where it used to fail with a server error. The rest still goes."""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from accounts.deletion import what_keeps
from accounts.models import Organisation, OrganisationType, User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def admin_client(client):
    client.force_login(User.objects.get(username="beheerder"))
    return client


def error_of(response):
    page = BeautifulSoup(response.content, "html.parser")
    return " ".join(m.get_text(" ", strip=True) for m in page.select(".messages .error"))


def test_a_person_who_wrote_on_the_platform_stays_and_the_admin_says_why(client):
    admin = admin_client(client)
    provider = User.objects.get(username="aanbieder")  # the demo's provider, who wrote a lot
    said = (
        "Aylin Bieder blijft staan: er staan nog gegevens op diens naam (4 berichten, 1 discussie "
        "en 3 verbetervoorstellen). Zet het account in plaats daarvan op niet actief"
    )
    asked = admin.get(f"/admin/users/delete/{provider.pk}/", follow=True)
    assert said in error_of(asked)
    response = admin.post(f"/admin/users/delete/{provider.pk}/", follow=True)
    assert response.status_code == 200 and said in error_of(response)
    assert response.redirect_chain[-1][0] == f"/admin/users/edit/{provider.pk}/"

    newcomer = User.objects.create_user("nieuwkomer", organisation=provider.organisation)
    bulk = f"/admin/bulk/accounts/user/delete/?id={newcomer.pk}&id={provider.pk}"
    response = admin.post(bulk, follow=True)
    assert said in error_of(response)
    assert User.objects.filter(pk__in=[provider.pk, newcomer.pk]).count() == 2

    # Someone who wrote nothing goes, as before.
    admin.post(f"/admin/users/delete/{newcomer.pk}/")
    assert not User.objects.filter(pk=newcomer.pk).exists()


def test_an_organisation_with_people_or_proposals_stays_and_the_admin_says_why(client):
    admin = admin_client(client)
    home_care = Organisation.objects.get(slug="thuiszorg-westfriesland")
    response = admin.post(f"/admin/organisation/delete/{home_care.pk}/", follow=True)
    assert error_of(response).startswith(
        "Thuiszorg Westfriesland – demo blijft staan: er horen nog gegevens bij (1 gebruiker en 2 "
        "verbetervoorstellen)."
    )
    assert Organisation.objects.filter(pk=home_care.pk).exists()

    empty = Organisation.objects.create(
        name="Zorg Zonder Mensen", slug="zorg-zonder-mensen", type=OrganisationType.PROVIDER
    )
    assert admin.get(f"/admin/organisation/delete/{empty.pk}/").status_code == 200
    admin.post(f"/admin/organisation/delete/{empty.pk}/")
    assert not Organisation.objects.filter(pk=empty.pk).exists()


def test_what_keeps_a_record_is_said_in_the_readers_language():
    provider = User.objects.get(username="aanbieder")
    assert what_keeps(provider) == "4 berichten, 1 discussie en 3 verbetervoorstellen"
    with translation.override("en"):
        assert what_keeps(provider) == "1 discussion, 3 improvement proposals and 4 messages"
    newcomer = User.objects.create_user("nieuwkomer", organisation=provider.organisation)
    assert what_keeps(newcomer) is None
