import re

import pytest
from django.core import mail

from accounts.models import Role

from .factories import PASSWORD, MembershipFactory, UserFactory


def test_wrong_password_gets_a_clear_dutch_message_and_no_session(client, access_worker):
    response = client.post(
        "/account/inloggen/", {"username": "toegang", "password": "fout-wachtwoord"}
    )
    assert response.status_code == 200
    assert "De combinatie van gebruikersnaam en wachtwoord klopt niet" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_then_logout(client, access_worker):
    response = client.post("/account/inloggen/", {"username": "toegang", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(access_worker.pk)
    page = client.get("/agenda/")
    assert "Uitloggen" in page.content.decode()
    client.post("/account/uitloggen/")
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_lock_the_account_for_this_address(client, access_worker, provider):
    for _ in range(5):
        client.post("/account/inloggen/", {"username": "toegang", "password": "fout-wachtwoord"})
    locked = client.post("/account/inloggen/", {"username": "toegang", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Tijdelijk geblokkeerd" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Someone else signing in from the same address is not locked out.
    other = client.post("/account/inloggen/", {"username": "aanbieder", "password": PASSWORD})
    assert other.status_code == 302


def test_a_successful_login_resets_the_count(client, access_worker):
    for _ in range(4):
        client.post("/account/inloggen/", {"username": "toegang", "password": "fout-wachtwoord"})
    client.post("/account/inloggen/", {"username": "toegang", "password": PASSWORD})
    client.post("/account/uitloggen/")
    for _ in range(4):
        client.post("/account/inloggen/", {"username": "toegang", "password": "fout-wachtwoord"})
    response = client.post("/account/inloggen/", {"username": "toegang", "password": PASSWORD})
    assert response.status_code == 302


def test_logout_by_get_is_refused(client, access_worker):
    """A link or image elsewhere must not be able to log someone out (CSRF)."""
    client.force_login(access_worker)
    assert client.get("/account/uitloggen/").status_code == 405
    assert "_auth_user_id" in client.session


def test_profile_shows_organisation_role_and_working_groups(client, access_worker):
    MembershipFactory(
        user=access_worker, working_group__name="Werkgroep Perspectiefplan", hours_per_week=8
    )
    client.force_login(access_worker)
    html = client.get("/account/profiel/").content.decode()
    assert "Gemeente Hoorn" in html
    assert "Toegangsmedewerker" in html
    assert "Werkgroep Perspectiefplan" in html
    assert "8,0 uur per week" in html


def test_profile_edit_is_saved(client, access_worker):
    client.force_login(access_worker)
    response = client.post(
        "/account/profiel/",
        {
            "first_name": "Tess",
            "last_name": "Oegema",
            "email": "tess@example.invalid",
            "job_title": "CJG",
        },
    )
    assert response.status_code == 302
    access_worker.refresh_from_db()
    assert (access_worker.first_name, access_worker.job_title) == ("Tess", "CJG")


def test_profile_cannot_change_own_role_or_organisation(client, access_worker, provider_org):
    client.force_login(access_worker)
    client.post(
        "/account/profiel/",
        {
            "first_name": "X",
            "last_name": "Y",
            "email": "x@example.invalid",
            "role": Role.PROJECT_LEAD,
            "organisation": provider_org.pk,
        },
    )
    access_worker.refresh_from_db()
    assert access_worker.role == Role.ACCESS_STAFF
    assert access_worker.organisation.slug == "gemeente-hoorn"


def test_council_member_profile_is_read_only(client, municipality):
    member = UserFactory(organisation=municipality, role=Role.COUNCIL_MEMBER, first_name="Roos")
    client.force_login(member)
    response = client.post(
        "/account/profiel/",
        {"first_name": "Anders", "last_name": "Naam", "email": "r@example.invalid"},
    )
    assert "alleen lezen" in response.content.decode()
    member.refresh_from_db()
    assert member.first_name == "Roos"


def test_profile_requires_login(client):
    response = client.get("/account/profiel/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/")


def test_password_reset_mail_leads_to_a_new_password(client, access_worker):
    client.post("/account/wachtwoord/vergeten/", {"email": access_worker.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Nieuw wachtwoord kiezen" in form_page.content.decode()
    new = "nog-een-veel-langer-wachtwoord-2026"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True
    )
    assert "Uw nieuwe wachtwoord is ingesteld" in done.content.decode()
    access_worker.refresh_from_db()
    assert access_worker.check_password(new)


def test_password_reset_does_not_reveal_unknown_addresses(client, access_worker):
    response = client.post(
        "/account/wachtwoord/vergeten/", {"email": "niemand@example.invalid"}, follow=True
    )
    assert "Als er een account bij dit e-mailadres hoort" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize("password", ["kort", "12345678901234", "password1234"])
def test_weak_passwords_are_refused(client, access_worker, password):
    client.force_login(access_worker)
    response = client.post(
        "/account/wachtwoord/wijzigen/",
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    access_worker.refresh_from_db()
    assert access_worker.check_password(PASSWORD)


def test_the_admin_link_follows_access_at_once_without_asking_on_every_page(client, provider):
    """The header's "Beheer" is remembered per person (no permission queries on every page), yet
    joining or leaving a group, a group losing admin access or being deleted, shows at once."""
    from django.contrib.auth.models import Group, Permission
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(provider)
    assert ">Beheer</a>" not in client.get("/agenda/").text
    with CaptureQueriesContext(connection) as queries:
        client.get("/agenda/")
    assert not [q for q in queries.captured_queries if "auth_permission" in q["sql"]]

    editors = Group.objects.get(name="Editors")
    provider.groups.add(editors)
    assert ">Beheer</a>" in client.get("/agenda/").text
    access = Permission.objects.get(codename="access_admin")
    editors.permissions.remove(access)
    assert ">Beheer</a>" not in client.get("/agenda/").text
    editors.permissions.add(access)
    assert ">Beheer</a>" in client.get("/agenda/").text
    provider.groups.remove(editors)
    assert ">Beheer</a>" not in client.get("/agenda/").text
    # A whole group deleted takes its members' access with it (no m2m signal for that).
    provider.groups.add(editors)
    assert ">Beheer</a>" in client.get("/agenda/").text
    editors.delete()
    assert ">Beheer</a>" not in client.get("/agenda/").text


def test_an_organisation_added_in_the_admin_gets_https_for_a_website_without_scheme(client, db):
    from accounts.models import Organisation

    client.force_login(UserFactory(username="beheerder", is_superuser=True, is_staff=True))
    form = client.get("/admin/organisation/new/").content.decode()
    assert 'name="website"' in form
    response = client.post(
        "/admin/organisation/new/",
        {
            "name": "Gemeente Medemblik",
            "slug": "medemblik",
            "type": "gemeente",
            "region": "west-friesland",
            "website": "www.medemblik.nl",
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.get(slug="medemblik").website == "https://www.medemblik.nl"
