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


@pytest.mark.parametrize("indexed", [True, False], ids=["saved", "bulk-inserted"])
def test_a_theme_with_agenda_items_stays_and_the_admin_says_why(client, indexed):
    """Also for data that was written without saving (the volume generator's bulk inserts), which
    Wagtail's reference index does not know and which used to end in a server error."""
    from wagtail.models import ReferenceIndex

    from agenda.models import Theme

    if not indexed:
        ReferenceIndex.objects.all().delete()
    admin = admin_client(client)
    theme = Theme.objects.get(slug="perspectiefplan")
    said = (
        "Thema “Perspectiefplan” blijft staan: er verwijzen nog gegevens naar (5 agendapunten). "
        "Koppel die eerst los, of aan iets anders."
    )
    delete = f"/admin/snippets/agenda/theme/delete/{theme.pk}/"
    asked = admin.get(delete, follow=True)
    assert said in error_of(asked)
    assert asked.redirect_chain[-1][0] == f"/admin/snippets/agenda/theme/edit/{theme.pk}/"
    assert said in error_of(admin.post(delete, follow=True))

    unused = Theme.objects.create(name="Nog niet gebruikt", slug="nog-niet-gebruikt")
    bulk = f"/admin/bulk/agenda/theme/delete/?id={unused.pk}&id={theme.pk}"
    response = admin.post(bulk, follow=True)
    assert said in error_of(response)
    assert response.redirect_chain[-1][0] == "/admin/snippets/agenda/theme/"
    assert Theme.objects.filter(pk__in=[theme.pk, unused.pk]).count() == 2

    admin.post(f"/admin/snippets/agenda/theme/delete/{unused.pk}/")  # nothing points to it
    assert not Theme.objects.filter(pk=unused.pk).exists()


def test_a_working_group_a_part_and_a_parent_item_stay_while_records_point_to_them(client):
    from wagtail.models import ReferenceIndex

    from accounts.models import WorkingGroup
    from agenda.models import AgendaItem, AgendaPart

    ReferenceIndex.objects.all().delete()
    admin = admin_client(client)
    group = WorkingGroup.objects.get(slug="perspectiefplan")
    response = admin.post(f"/admin/snippets/accounts/workinggroup/delete/{group.pk}/", follow=True)
    assert error_of(response).startswith(
        "Werkgroep Perspectiefplan blijft staan: er verwijzen nog gegevens naar (4 agendapunten en "
        "1 discussie)."
    )
    part = AgendaPart.objects.get(number=3)
    response = admin.post(f"/admin/snippets/agenda/agendapart/delete/{part.pk}/", follow=True)
    assert error_of(response).startswith(
        "Deel van de agenda “Deel 3 – Overige aanbevelingen” blijft staan: er verwijzen nog "
        "gegevens naar (6 agendapunten)."
    )
    parent = AgendaItem.objects.get(part__number=2, code="2.1")
    response = admin.post(f"/admin/snippets/agenda/agendaitem/delete/{parent.pk}/", follow=True)
    assert error_of(response).startswith(
        f"Agendapunt “{parent}” blijft staan: er verwijzen nog gegevens naar (3 agendapunten)."
    )
    assert WorkingGroup.objects.filter(pk=group.pk).exists()
    assert AgendaPart.objects.filter(pk=part.pk).exists()
    assert AgendaItem.objects.filter(pk=parent.pk).exists()


def test_an_item_with_an_adopted_proposal_is_explained_once_by_the_hook_that_says_more(client):
    from discussions.models import Proposal, ProposalStatus

    admin = admin_client(client)
    item = Proposal.objects.get(status=ProposalStatus.ADOPTED).agenda_item
    response = admin.post(f"/admin/snippets/agenda/agendaitem/delete/{item.pk}/", follow=True)
    page = BeautifulSoup(response.content, "html.parser")
    (message,) = page.select(".messages .error")
    assert "is erin overgenomen" in message.get_text()
