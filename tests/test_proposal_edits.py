"""Changing a proposal after it was submitted: its author may while it is ingediend, the expert
team at any status (to take out a resident's data, say). The texts before stay readable in its
history, supporters and followers are told, and a change that crosses someone else's, or an
author's that comes after the expert team took the proposal up, is refused with the typed text
kept."""

import uuid

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from discussions import actions
from discussions.models import ProposalStatus
from notifications.models import Notification

from .discussion_helpers import PROPOSAL_FORM as FORM
from .discussion_helpers import said, signed_in, url
from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(provider):
    proposal, _created = actions.submit_proposal(provider, FORM, uuid.uuid4())
    return proposal


def page_text(response):
    main = BeautifulSoup(response.content, "html.parser").select_one("main")
    return main.get_text(" ", strip=True)


def versions_in(history):
    """The whole text of each version on a history page, newest first: the one now, then each
    earlier one (under "Deze versie helemaal lezen", after what its edit changed)."""
    now, *earlier = history.select("section.proposal-version")
    return [now.get_text(" ", strip=True)] + [
        section.select_one("details.version-details").get_text(" ", strip=True)
        for section in earlier
    ]


def form_of(response):
    """The edit form's fields as the browser would send them back."""
    form = BeautifulSoup(response.content, "html.parser").select_one("main form.form-wide")
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        if field.name == "textarea":  # a browser drops the newline Django puts first
            data[field["name"]] = field.get_text().removeprefix("\n")
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            data[field["name"]] = chosen["value"] if chosen else ""
        elif field.get("type") == "radio":
            if field.has_attr("checked"):
                data[field["name"]] = field["value"]
        else:
            data[field["name"]] = field.get("value", "")
    return data


def test_the_author_corrects_a_submitted_proposal_and_its_supporters_are_told(
    proposal, provider, access_worker
):
    actions.support_proposal(access_worker, proposal.pk)
    writer = signed_in(provider)
    detail = BeautifulSoup(writer.get(proposal.get_absolute_url()).content, "html.parser")
    assert detail.find("a", string="Voorstel wijzigen")["href"] == url("proposal_edit", proposal.pk)

    data = form_of(writer.get(url("proposal_edit", proposal.pk)))
    assert data["title"] == "Afwijkingen van de matrix groeperen" and data["version"] == "0"
    data.update(evidence="In 2025 week 12 van de 40 aanvragen af.", tags="matrix, afwijkingen")
    response = writer.post(url("proposal_edit", proposal.pk), data, follow=True)
    assert said(response) == ["Het voorstel is bijgewerkt."]
    page = response.content.decode()
    assert "In 2025 week 12 van de 40 aanvragen af." in page
    assert "gewijzigd op" in page

    proposal.refresh_from_db()
    assert sorted(t.name for t in proposal.tags.all()) == ["afwijkingen", "matrix"]
    [told] = Notification.objects.filter(recipient=access_worker, title__startswith="Voorstel")
    assert told.title == "Voorstel gewijzigd: Afwijkingen van de matrix groeperen"
    assert not Notification.objects.filter(recipient=provider, title__startswith="Voorstel gew")

    # The history shows the text before the change, and the one now.
    history = BeautifulSoup(writer.get(url("proposal_history", proposal.pk)).content, "html.parser")
    sections = history.select("section.proposal-version")
    assert len(sections) == 2
    assert "gewijzigd door" in sections[1].h2.get_text()
    versions = versions_in(history)
    assert "In 2025 week 12" in versions[0] and "In 2025 week 12" not in versions[1]
    assert "Labels afwijkingen, matrix" in versions[0] and "Labels" not in versions[1]

    # A change of where it belongs only is a version too, and the history shows what changed.
    data = form_of(writer.get(url("proposal_edit", proposal.pk)))
    writer.post(url("proposal_edit", proposal.pk), {**data, "domain": "jeugd"})
    history = BeautifulSoup(writer.get(url("proposal_history", proposal.pk)).content, "html.parser")
    versions = versions_in(history)
    assert "Domein Jeugd Labels" in versions[0] and "Domein Jeugd en Wmo" in versions[1]


def test_the_history_shows_what_each_change_did(proposal, provider):
    actions.edit_proposal(
        provider,
        proposal.pk,
        {"problem": "Wat vaak afwijkt, komt nooit terug in de matrix.", "domain": "jeugd"},
        0,
        tags=["matrix"],
    )
    history = BeautifulSoup(
        signed_in(provider).get(url("proposal_history", proposal.pk)).content, "html.parser"
    )
    change = history.select("section.proposal-version")[1].select_one("dl.version-changes")
    fields = {dt.get_text(strip=True): dt.find_next_sibling("dd") for dt in change.select("dt")}
    assert list(fields) == ["Wat gaat er mis?", "Domein", "Labels"]
    problem = fields["Wat gaat er mis?"]
    assert [d.get_text() for d in problem.select("del")] == ["[verwijderd: niet ]"]
    assert [i.get_text() for i in problem.select("ins")] == ["[toegevoegd: nooit ]"]
    assert fields["Domein"].get_text(" ", strip=True) == "was Jeugd en Wmo, werd Jeugd"
    assert fields["Labels"].get_text(" ", strip=True) == "erbij: matrix"


def test_saving_without_a_change_writes_no_version_and_tells_nobody(proposal, provider):
    data = form_of(signed_in(provider).get(url("proposal_edit", proposal.pk)))
    signed_in(provider).post(url("proposal_edit", proposal.pk), data)
    assert not proposal.edits.exists()


def test_only_the_author_and_the_expert_team_may_change_it(
    proposal, provider, access_worker, moderator
):
    colleague = UserFactory(organisation=provider.organisation, role=Role.PROVIDER)
    for other in (access_worker, colleague):
        assert signed_in(other).get(url("proposal_edit", proposal.pk)).status_code == 403
        with pytest.raises(PermissionDenied):
            actions.edit_proposal(other, proposal.pk, {"title": "Anders"}, 0)
        page = signed_in(other).get(proposal.get_absolute_url()).content.decode()
        assert "Voorstel wijzigen" not in page
    # An author whose role became read-only is not offered the form.
    provider.role = Role.COUNCIL_MEMBER
    provider.save()
    assert signed_in(provider).get(url("proposal_edit", proposal.pk)).status_code == 403
    assert "Voorstel wijzigen" not in signed_in(provider).get(proposal.get_absolute_url()).text
    actions.edit_proposal(moderator, proposal.pk, {"title": "Afwijkingen groeperen"}, 0)
    proposal.refresh_from_db()
    assert proposal.title == "Afwijkingen groeperen"
    assert proposal.edits.get().edited_by == moderator


def test_a_change_that_crosses_another_is_refused_and_shows_both(proposal, provider, moderator):
    writer = signed_in(provider)
    data = form_of(writer.get(url("proposal_edit", proposal.pk)))
    actions.edit_proposal(moderator, proposal.pk, {"title": "Afwijkingen per kwartaal"}, 0)

    data["problem"] = "Afwijkingen komen niet terug in de matrix, ook niet na een jaar."
    response = writer.post(url("proposal_edit", proposal.pk), data)
    assert response.status_code == 409
    assert said(response) == [
        "Dit voorstel is gewijzigd nadat u het opende. Uw wijziging is niet opgeslagen; bekijk "
        "de nieuwe versie en probeer het opnieuw."
    ]
    page = BeautifulSoup(response.content, "html.parser")
    assert "Afwijkingen per kwartaal" in page.select_one(".edit-conflict").get_text()
    # What the other change did, word by word, so nobody has to compare the two by eye.
    since = page.select_one(".edit-conflict dl.version-changes")
    assert [dt.get_text() for dt in since.select("dt")] == ["Titel"]
    assert since.select_one("del").get_text() == "[verwijderd: van de matrix groeperen]"
    assert since.select_one("ins").get_text() == "[toegevoegd: per kwartaal]"
    kept = form_of(response)
    assert kept["problem"] == data["problem"] and kept["version"] == "1"
    proposal.refresh_from_db()
    assert proposal.title == "Afwijkingen per kwartaal"
    assert proposal.problem == FORM["problem"]

    # Saving again, having seen the other change, is their choice.
    response = writer.post(url("proposal_edit", proposal.pk), kept, follow=True)
    assert said(response) == ["Het voorstel is bijgewerkt."]
    proposal.refresh_from_db()
    assert proposal.problem == data["problem"] and proposal.edits.count() == 2


def test_a_crossing_change_shows_no_comparison_with_a_version_hidden_meanwhile(
    proposal, provider, moderator
):
    writer = signed_in(provider)
    data = form_of(writer.get(url("proposal_edit", proposal.pk)))
    actions.edit_proposal(moderator, proposal.pk, {"problem": "Zonder de naam."}, 0)
    actions.hide_proposal_version(moderator, proposal.edits.get().pk, "Noemde een inwoner")

    response = writer.post(url("proposal_edit", proposal.pk), {**data, "title": "Anders"})
    assert response.status_code == 409
    conflict = BeautifulSoup(response.content, "html.parser").select_one(".edit-conflict")
    assert "Zonder de naam." in conflict.get_text()
    assert "Wat vaak afwijkt" not in conflict.get_text()  # only in what they typed themselves
    assert not conflict.select("dl.version-changes")


def test_once_taken_up_it_stays_as_the_expert_team_read_it(proposal, provider, moderator):
    writer = signed_in(provider)
    data = form_of(writer.get(url("proposal_edit", proposal.pk)))
    actions.change_proposal_status(
        moderator, proposal.pk, ProposalStatus.IN_REVIEW, ProposalStatus.SUBMITTED,
        evaluator=moderator,
    )  # fmt: skip

    data["evidence"] = "Cijfers uit het eerste kwartaal."
    response = writer.post(url("proposal_edit", proposal.pk), data)
    assert response.status_code == 409
    assert said(response) == [
        "Dit voorstel is in behandeling en kan daarom niet meer worden gewijzigd. Uw tekst "
        "staat hieronder, zodat u hem kunt bewaren."
    ]
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("textarea#unsaved-evidence[readonly]").get_text() == (
        "Cijfers uit het eerste kwartaal."
    )
    assert page.select_one("main form.form-wide") is None
    proposal.refresh_from_db()
    assert proposal.evidence == "" and not proposal.edits.exists()
    assert "Voorstel wijzigen" not in writer.get(proposal.get_absolute_url()).content.decode()

    response = writer.post("/en" + url("proposal_edit", proposal.pk), data)
    assert said(response) == [
        "This proposal is in review and can therefore no longer be changed. Your text is "
        "below, so that you can keep it."
    ]


def test_the_expert_team_corrects_a_proposal_it_took_up_and_erases_the_named_version(
    proposal, provider, moderator
):
    """A proposal in behandeling names a resident: its author can no longer change it, but the
    expert team corrects it and then hides and erases the version that named them."""
    named = "Bij de familie Jansen in Hoorn duurde het drie maanden."
    title = "Matrix groeperen, zoals bij de familie Jansen"
    actions.edit_proposal(provider, proposal.pk, {"evidence": named, "title": title}, 0)
    actions.change_proposal_status(
        moderator, proposal.pk, ProposalStatus.IN_REVIEW, ProposalStatus.SUBMITTED,
        evaluator=moderator,
    )  # fmt: skip
    author_view = page_text(signed_in(provider).get(proposal.get_absolute_url()))
    assert "Voorstel wijzigen" not in author_view and "Tekst corrigeren" not in author_view
    team = signed_in(moderator)
    detail = BeautifulSoup(team.get(proposal.get_absolute_url()).content, "html.parser")
    link = detail.find("a", string="Tekst corrigeren")
    assert link["href"] == url("proposal_edit", proposal.pk)

    editing = team.get(link["href"])
    assert "Dit voorstel is in behandeling. Als expertteam kunt u de tekst nog corrigeren" in (
        page_text(editing)
    )
    data = {
        **form_of(editing),
        "evidence": "Bij een gezin duurde het drie maanden.",
        "title": "Matrix groeperen",
    }
    response = team.post(url("proposal_edit", proposal.pk), data, follow=True)
    assert said(response) == ["Het voorstel is bijgewerkt."]
    proposal.refresh_from_db()
    assert proposal.evidence == "Bij een gezin duurde het drie maanden."
    assert proposal.status == ProposalStatus.IN_REVIEW  # where it stands does not change
    # What people were told of it names it by its new title, in each language.
    told = Notification.objects.filter(url__startswith=proposal.get_absolute_url())
    assert told.count() >= 2
    for notification in told:
        assert "Jansen" not in notification.title + str(notification.title_translations)
    assert told.filter(title__endswith="in behandeling").get().title_translations["en"] == (
        "\ue000Matrix groeperen\ue001: in review"
    )

    named_version = proposal.edits.get(before__evidence=named)
    actions.hide_proposal_version(moderator, named_version.pk, "Noemde inwoners")
    actions.erase_proposal_version(moderator, named_version.pk)
    for person in (provider, moderator):
        history = page_text(signed_in(person).get(url("proposal_history", proposal.pk)))
        assert "familie Jansen" not in history and "Bij een gezin" in history

    with pytest.raises(actions.ProposalTakenUp):  # its author still cannot
        actions.edit_proposal(provider, proposal.pk, {"evidence": "Anders."}, 2)


def test_bad_input_is_refused_with_the_fields_marked_and_nothing_changes(proposal, provider):
    writer = signed_in(provider)
    data = form_of(writer.get(url("proposal_edit", proposal.pk)))
    response = writer.post(url("proposal_edit", proposal.pk), {**data, "title": ""})
    assert response.status_code == 400
    response = writer.post(
        url("proposal_edit", proposal.pk),
        {**data, "evidence": "Casus met BSN 123456782 wacht al drie maanden."},
    )
    assert response.status_code == 400
    assert "burgerservicenummer (123456782)" in response.content.decode()
    assert "Casus met BSN 123456782" in form_of(response)["evidence"]  # what was typed stays
    with pytest.raises(ValidationError):
        actions.edit_proposal(provider, proposal.pk, {"evidence": "BSN 123456782"}, 0)
    proposal.refresh_from_db()
    assert proposal.evidence == "" and not proposal.edits.exists()


def test_the_expert_team_takes_an_earlier_version_out_of_sight(proposal, provider, moderator):
    named = "Bij de familie Jansen in Hoorn duurde het drie maanden."
    actions.edit_proposal(provider, proposal.pk, {"evidence": named}, 0)
    actions.edit_proposal(provider, proposal.pk, {"evidence": "Het duurde drie maanden."}, 1)
    named_version = proposal.edits.get(before__evidence=named)
    hide = url("proposal_history", proposal.pk) + f"{named_version.pk}/verbergen/"

    # Nobody but the expert team may, and a reason is needed.
    response = signed_in(provider).post(hide, {"reason": "Weg ermee"})
    assert response.status_code == 403
    team = signed_in(moderator)
    assert said(team.post(hide, {"reason": ""}, follow=True)) == [
        "Geef de reden; die ziet iedereen op de plaats van de versie."
    ]
    assert said(team.post(hide, {"reason": "Noemde inwoners"}, follow=True)) == [
        "De versie is verborgen."
    ]

    history = page_text(signed_in(provider).get(url("proposal_history", proposal.pk)))
    assert "Verborgen door het expertteam: Noemde inwoners" in history
    assert "familie Jansen" not in history and "Het duurde drie maanden." in history
    # Not in what the edit before it changed either: that would show the hidden text added.
    assert "Dat is niet te zien, omdat de versie erna verborgen is." in history
    assert "familie Jansen" in page_text(team.get(url("proposal_history", proposal.pk)))
    told = Notification.objects.get(recipient=provider, title__startswith="Een eerdere versie")
    assert told.title.endswith("is verborgen: Noemde inwoners")

    restore = url("proposal_history", proposal.pk) + f"{named_version.pk}/herstellen/"
    assert signed_in(provider).post(restore).status_code == 403
    assert said(team.post(restore, follow=True)) == ["De versie is weer zichtbaar."]
    history = page_text(signed_in(provider).get(url("proposal_history", proposal.pk)))
    assert "familie Jansen" in history and "Verborgen door" not in history


def test_the_expert_team_erases_a_hidden_version_for_good(proposal, provider, moderator):
    named = "Bij de familie Jansen in Hoorn duurde het drie maanden."
    actions.edit_proposal(provider, proposal.pk, {"evidence": named, "domain": "jeugd"}, 0)
    actions.edit_proposal(provider, proposal.pk, {"evidence": "Het duurde drie maanden."}, 1)
    named_version = proposal.edits.get(before__evidence=named)
    team = signed_in(moderator)
    erase = url("proposal_history", proposal.pk) + f"{named_version.pk}/wissen/"

    assert said(team.post(erase, follow=True)) == [
        "Verberg de tekst eerst; alleen verborgen tekst kan worden gewist."
    ]
    actions.hide_proposal_version(moderator, named_version.pk, "Noemde inwoners")
    assert signed_in(provider).post(erase).status_code == 403
    assert said(team.post(erase, follow=True)) == [
        "De teksten van de versie zijn definitief gewist."
    ]

    named_version.refresh_from_db()
    assert named_version.before["evidence"] == "" and named_version.before["title"] == ""
    assert named_version.before["domain"] == "jeugd"  # where it belonged stays
    for reader in (moderator, provider):
        history = page_text(signed_in(reader).get(url("proposal_history", proposal.pk)))
        assert "familie Jansen" not in history
        assert "De teksten van deze versie zijn definitief gewist." in history
        # Nor does the change before it show the erased version as emptied.
        assert "Dat is niet te zien, omdat de versie erna verborgen is." in history
    told = Notification.objects.get(recipient=provider, title__contains="definitief gewist")
    assert "Afwijkingen van de matrix groeperen" in told.title
    restore = url("proposal_history", proposal.pk) + f"{named_version.pk}/herstellen/"
    assert said(team.post(restore, follow=True)) == [
        "De tekst is definitief gewist; er is niets meer te tonen."
    ]


def test_a_merge_notification_names_a_corrected_duplicate_by_its_new_title(
    proposal, provider, access_worker, moderator
):
    """A merged duplicate named a resident in its title; the expert team corrects it. The merge
    notification, which leads to the proposal it went into, names it by its new title."""
    duplicate, _created = actions.submit_proposal(
        access_worker, {**FORM, "title": "Matrix groeperen, zoals bij mevrouw Jansen"}, uuid.uuid4()
    )
    actions.merge_proposals(moderator, duplicate.pk, proposal.pk, "Hetzelfde voorstel")
    [merge] = Notification.objects.filter(recipient=access_worker, title__contains="samengevoegd")
    assert merge.url == proposal.get_absolute_url()

    actions.edit_proposal(moderator, duplicate.pk, {"title": "Matrix groeperen"}, 0)
    merge.refresh_from_db()
    assert merge.title == "Matrix groeperen is samengevoegd met Afwijkingen van de matrix groeperen"
    assert "Jansen" not in str(merge.title_translations)
    assert merge.title_translations["en"].startswith("\ue000Matrix groeperen\ue001 has been merged")


def test_a_merged_duplicate_names_the_proposal_it_went_into_by_its_title_as_it_is(
    proposal, provider, access_worker, moderator
):
    """The trail of a duplicate names the proposal it was merged into, with the merge's reason;
    once the expert team corrects that proposal's title, the duplicate's page follows."""
    actions.edit_proposal(provider, proposal.pk, {"title": "Matrix, zoals bij mevrouw Jansen"}, 0)
    duplicate, _created = actions.submit_proposal(
        access_worker, {**FORM, "title": "Zelfde punt"}, uuid.uuid4()
    )
    actions.merge_proposals(moderator, duplicate.pk, proposal.pk, "Hetzelfde voorstel")
    reader = signed_in(access_worker)
    page = BeautifulSoup(reader.get(duplicate.get_absolute_url()).content, "html.parser")
    merge_step = page.select("ol.trail li")[-1].get_text(" ", strip=True)
    assert "Samengevoegd" in merge_step and "Hetzelfde voorstel" in merge_step
    assert "met Matrix, zoals bij mevrouw Jansen" in merge_step

    actions.edit_proposal(moderator, proposal.pk, {"title": "Matrix groeperen"}, 1)
    page = BeautifulSoup(reader.get(duplicate.get_absolute_url()).content, "html.parser")
    merge_step = page.select("ol.trail li")[-1]
    assert merge_step.a["href"] == proposal.get_absolute_url()
    assert "met Matrix groeperen" in merge_step.get_text(" ", strip=True)
    assert "Jansen" not in page.select_one("main").get_text()


def test_a_merge_step_written_before_keeps_its_reason_and_loses_the_old_title(
    proposal, access_worker, moderator
):
    """Merges made before this change stored the title of the proposal they went into in the
    step; the data migration puts the merge's reason there instead."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("discussions.migrations.0005_merge_note_is_its_reason")
    duplicate, _created = actions.submit_proposal(access_worker, FORM, uuid.uuid4())
    actions.merge_proposals(moderator, duplicate.pk, proposal.pk, "Hetzelfde voorstel")
    step = duplicate.transitions.get(to_status=ProposalStatus.MERGED)
    step.note = "Samengevoegd met: Matrix, zoals bij mevrouw Jansen"
    step.save()
    other = proposal.transitions.get()
    other.note = "Samengevoegd met: iets anders"  # not a merge step: left as it is
    other.save()

    migration.keep_the_reason(apps, None)
    step.refresh_from_db(), other.refresh_from_db()
    assert step.note == "Hetzelfde voorstel"
    assert other.note == "Samengevoegd met: iets anders"
