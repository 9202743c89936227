"""The optional second factor for editors and moderators: switching it on, logging in with it (the
site, the admin and the live socket stay shut until the code is given), throttling of wrong codes,
and switching it off."""

import datetime

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role

from .factories import UserFactory
from .test_websocket import communicator

PASSWORD = "een-lang-wachtwoord-2026"  # noqa: S105 - a test account's password


def code_for(device, steps_ahead=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += steps_ahead * device.step
    return f"{totp.token():06d}"


def let_time_pass(device):
    """As if the next 30-second window had come: a code may be used once per window."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    device.refresh_from_db()


@pytest.fixture
def moderator(db):
    user = UserFactory(username="moderator", role=Role.MODERATOR)
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(client, user):
    response = client.post(
        "/account/inloggen/", {"username": user.username, "password": PASSWORD, "next": "/"}
    )
    assert response.status_code == 302
    return response


def switch_on(client, user):
    client.force_login(user)
    page = client.get("/account/tweestaps/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "data-secret" in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/account/tweestaps/", {"code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


@pytest.mark.django_db
def test_a_moderator_switches_it_on_with_a_code_and_a_wrong_code_changes_nothing(client, moderator):
    client.force_login(moderator)
    assert "Tweestapsverificatie" in client.get("/account/profiel/").content.decode()
    client.get("/account/tweestaps/")
    device = TOTPDevice.objects.get(user=moderator)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post("/account/tweestaps/", {"code": wrong})
    assert "Deze code klopt niet" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    let_time_pass(device)
    response = client.post("/account/tweestaps/", {"code": code_for(device)}, follow=True)
    assert "Tweestapsverificatie staat aan" in response.content.decode()
    assert TOTPDevice.objects.get(user=moderator).confirmed


@pytest.mark.django_db
def test_access_staff_are_not_offered_it(client):
    worker = UserFactory(username="toegang", role=Role.ACCESS_STAFF)
    client.force_login(worker)
    assert "Tweestapsverificatie" not in client.get("/account/profiel/").content.decode()
    assert client.get("/account/tweestaps/").status_code == 404


@pytest.mark.django_db
def test_after_the_password_everything_waits_for_the_code(moderator):
    device = switch_on(Client(), moderator)
    let_time_pass(device)

    client = Client()
    log_in(client, moderator)
    for path in ("/", "/agenda/", "/meldingen/", "/account/profiel/", "/api/v1/agenda-items/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/account/tweestaps/controle/?next="), path

    response = client.post(
        "/account/tweestaps/controle/", {"code": "000000" if code_for(device) != "000000" else "1"}
    )
    assert "Deze code klopt niet" in response.content.decode()
    assert client.get("/agenda/").status_code == 302

    let_time_pass(device)
    response = client.post(
        "/account/tweestaps/controle/", {"code": code_for(device), "next": "/agenda/"}
    )
    assert response.status_code == 302 and response["Location"] == "/agenda/"
    assert client.get("/agenda/").status_code == 200


@pytest.mark.django_db
def test_an_app_switched_on_elsewhere_stops_a_session_opened_before(moderator):
    # Signed in on a phone, then the app is switched on at the office: the phone's next page
    # waits for the code too.
    phone = Client()
    log_in(phone, moderator)
    assert phone.get("/agenda/mijn-taken/").status_code == 200

    switch_on(Client(), moderator)
    response = phone.get("/agenda/mijn-taken/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/tweestaps/controle/?next=")


@pytest.mark.django_db
def test_whether_someone_has_an_app_is_read_with_the_person(client, moderator):
    """Not in a query of its own on every page: the session's user comes with the answer."""
    switch_on(client, moderator)
    without_app = Client()
    without_app.force_login(UserFactory(username="toegang", role=Role.ACCESS_STAFF))
    # The moderator's session also loads the app it passed the code step with (django-otp).
    for signed_in, queries_about_apps in ((without_app, 1), (client, 2)):
        with CaptureQueriesContext(connection) as queries:
            assert signed_in.get("/agenda/").status_code == 200
        about_apps = [q["sql"] for q in queries if "otp_totp_totpdevice" in q["sql"]]
        assert len(about_apps) == queries_about_apps
        assert about_apps[0].startswith('SELECT "accounts_user"."id"')


@pytest.mark.django_db
def test_the_admin_also_waits_for_the_code(moderator):
    editor = UserFactory(username="redacteur", is_superuser=True, is_staff=True)
    editor.set_password(PASSWORD)
    editor.save()
    device = switch_on(Client(), editor)
    let_time_pass(device)

    client = Client()
    response = client.post(
        "/admin/login/", {"username": "redacteur", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/account/tweestaps/controle/?next=%2Fadmin%2F"
    client.post("/account/tweestaps/controle/", {"code": code_for(device)})
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_code_slows_down_the_next_try(moderator):
    device = switch_on(Client(), moderator)
    let_time_pass(device)
    client = Client()
    log_in(client, moderator)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    client.post("/account/tweestaps/controle/", {"code": wrong})
    response = client.post("/account/tweestaps/controle/", {"code": code_for(device)})
    assert "Te veel verkeerde codes" in response.content.decode()
    assert client.get("/agenda/").status_code == 302

    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(minutes=1)
    )
    client.post("/account/tweestaps/controle/", {"code": code_for(device)})
    assert client.get("/agenda/").status_code == 200


@pytest.mark.django_db
def test_switching_it_off_needs_a_code(moderator):
    client = Client()
    device = switch_on(client, moderator)
    let_time_pass(device)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post("/account/tweestaps/", {"code": wrong})
    assert "Deze code klopt niet" in response.content.decode()
    assert TOTPDevice.objects.filter(user=moderator, confirmed=True).exists()

    let_time_pass(device)
    response = client.post("/account/tweestaps/", {"code": code_for(device)}, follow=True)
    assert "Tweestapsverificatie staat uit" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=moderator).exists()

    fresh = Client()
    log_in(fresh, moderator)
    assert fresh.get("/agenda/").status_code == 200


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_the_live_socket_refuses_a_session_without_the_code(moderator):
    device = await sync_to_async(switch_on)(Client(), moderator)
    await sync_to_async(let_time_pass)(device)
    client = Client()
    await sync_to_async(log_in)(client, moderator)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value

    socket = communicator(cookie)
    connected, code = await socket.connect()
    assert not connected and code == 4401

    await sync_to_async(client.post)("/account/tweestaps/controle/", {"code": code_for(device)})
    socket = communicator(cookie)
    connected, _ = await socket.connect()
    assert connected
    assert (await socket.receive_json_from())["type"] == "connected"
    await socket.disconnect()
