"""Giving a discussion another subject: who started it may while it is open, the expert team at
any time (a resident named in the subject, say). The notifications about it then name the new
subject, in every language; a rename that crosses someone else's is refused with what was typed
kept."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from discussions import actions
from discussions.models import Thread
from notifications.models import Notification
from platform_site.i18n import WRITTEN_END, WRITTEN_START

from .discussion_helpers import said, signed_in, url

pytestmark = pytest.mark.django_db

NAMED = "Wachttijd voor de familie Jansen in Hoorn"


@pytest.fixture
def thread(access_worker, provider):
    thread = actions.start_thread(access_worker, NAMED, "Hoe lang is te lang?")
    actions.add_post(provider, thread.pk, "Bij ons drie weken.")  # the starter is told
    return thread


def rename_form(response):
    page = BeautifulSoup(response.content, "html.parser")
    form = page.select_one("details.rename form")
    return form and {field["name"]: field.get("value", "") for field in form.select("input")}


def test_the_starter_gives_the_thread_another_subject_and_the_notifications_follow(
    thread, access_worker, provider
):
    starter = signed_in(access_worker)
    data = rename_form(starter.get(thread.get_absolute_url()))
    assert (data["title"], data["seen_title"]) == (NAMED, NAMED)
    assert rename_form(signed_in(provider).get(thread.get_absolute_url())) is None
    refused = signed_in(provider).post(url("thread_rename", thread.pk), {**data, "title": "X"})
    assert refused.status_code == 403

    response = starter.post(
        url("thread_rename", thread.pk), {**data, "title": "Wachttijd bij een gezin"}, follow=True
    )

    assert said(response) == ["Het onderwerp is gewijzigd."]
    heading = BeautifulSoup(response.content, "html.parser").select_one("h1")
    assert heading.get_text() == "Wachttijd bij een gezin"
    told = Notification.objects.get(recipient=access_worker)
    assert told.title == f"{provider} reageerde in: Wachttijd bij een gezin"
    assert told.title_translations["en"] == (
        f"{provider} replied in: {WRITTEN_START}Wachttijd bij een gezin{WRITTEN_END}"
    )
    listed = starter.get("/en/meldingen/").content.decode()
    assert "Wachttijd bij een gezin" in listed and "Jansen" not in listed


def test_a_rename_that_crosses_another_is_refused_with_what_was_typed_kept(
    thread, access_worker, moderator
):
    starter = signed_in(access_worker)
    data = rename_form(starter.get(thread.get_absolute_url()))
    actions.rename_thread(moderator, thread.pk, "Wachttijd bij een gezin", NAMED)

    response = starter.post(url("thread_rename", thread.pk), {**data, "title": "Wachttijd Hoorn"})

    assert response.status_code == 409
    assert said(response) == [
        "Het onderwerp is gewijzigd nadat u de pagina opende; het is nu: Wachttijd bij een "
        "gezin. Uw onderwerp is niet opgeslagen."
    ]
    again = rename_form(response)
    assert again == {
        "csrfmiddlewaretoken": again["csrfmiddlewaretoken"],
        "title": "Wachttijd Hoorn",
        "seen_title": "Wachttijd bij een gezin",
    }
    assert Thread.objects.get(pk=thread.pk).title == "Wachttijd bij een gezin"
    starter.post(url("thread_rename", thread.pk), again)  # now knowingly
    assert Thread.objects.get(pk=thread.pk).title == "Wachttijd Hoorn"


def test_bad_subjects_are_refused_at_the_field_and_nothing_changes(thread, access_worker):
    starter = signed_in(access_worker)
    for title, error in [
        ("", "Dit is een verplicht veld."),
        ("Cliënt met BSN 123456782", "burgerservicenummer (123456782)"),
        ("x" * 201, "niet meer dan 200 tekens"),
    ]:
        response = starter.post(
            url("thread_rename", thread.pk), {"title": title, "seen_title": NAMED}
        )
        assert response.status_code == 400
        assert said(response)[0].startswith("Onderwerp wijzigen is niet gelukt.")
        form = BeautifulSoup(response.content, "html.parser").select_one("details.rename")
        assert form.has_attr("open") and error in form.get_text()
    with pytest.raises(ValidationError) as refused:  # the same for a caller without the form
        actions.rename_thread(access_worker, thread.pk, "x" * 201, NAMED)
    assert "title" in refused.value.error_dict
    assert Thread.objects.get(pk=thread.pk).title == NAMED


def test_a_closed_thread_is_renamed_by_the_expert_team_only(thread, access_worker, moderator):
    actions.lock_thread(moderator, thread.pk, True, "Afgerond")
    starter = signed_in(access_worker)
    assert rename_form(starter.get(thread.get_absolute_url())) is None
    response = starter.post(url("thread_rename", thread.pk), {"title": "X", "seen_title": NAMED})
    assert response.status_code == 409 and said(response) == ["Deze discussie is gesloten."]
    assert rename_form(response) is None
    assert Thread.objects.get(pk=thread.pk).title == NAMED

    team = signed_in(moderator)
    data = rename_form(team.get(thread.get_absolute_url()))
    team.post(url("thread_rename", thread.pk), {**data, "title": "Wachttijd bij een gezin"})
    assert Thread.objects.get(pk=thread.pk).title == "Wachttijd bij een gezin"
    told = Notification.objects.get(recipient=access_worker, actor=moderator)
    assert told.title == (
        "Het expertteam gaf uw discussie een ander onderwerp: Wachttijd bij een gezin"
    )
