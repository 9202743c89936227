"""Taking a proposal back: its author may, with a reason, while it is ingediend. It stays
readable, nothing of it is removed, and who supports or follows it and the expert team are told;
after that nobody can support, change, decide on or merge into it."""

import uuid

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from dashboard import figures
from discussions import actions
from discussions.models import ProposalStatus
from notifications.models import Notification

from .discussion_helpers import PROPOSAL_FORM as FORM
from .discussion_helpers import said, signed_in, url
from .factories import UserFactory

pytestmark = pytest.mark.django_db

REASON = "Al opgelost in de nieuwe matrix van januari."


@pytest.fixture
def proposal(provider, moderator):
    proposal, _created = actions.submit_proposal(provider, FORM, uuid.uuid4())
    return proposal


def page(response):
    return BeautifulSoup(response.content, "html.parser")


def test_the_author_withdraws_with_a_reason_and_who_backs_it_is_told(
    proposal, provider, access_worker, moderator
):
    actions.support_proposal(access_worker, proposal.pk, True)
    author = signed_in(provider)
    detail = page(author.get(proposal.get_absolute_url()))
    assert detail.select_one("details.withdraw summary").get_text() == "Voorstel intrekken"

    # Without a reason nothing happens, and the page says why at the top and at the field.
    refused = author.post(url("proposal_withdraw", proposal.pk), {"reason": " "})
    assert refused.status_code == 400
    assert said(refused)[0].startswith("Het voorstel intrekken is niet gelukt.")
    assert page(refused).select_one("details.withdraw").has_attr("open")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED

    response = author.post(url("proposal_withdraw", proposal.pk), {"reason": REASON}, follow=True)
    assert said(response) == [
        "Het voorstel is ingetrokken; wie het steunt of volgt, is op de hoogte."
    ]
    shown = page(response)
    assert shown.select_one("[data-proposal-status]").get_text() == "Ingetrokken"
    assert f"Ingetrokken door de indiener: {REASON}" in shown.main.get_text(" ", strip=True)
    assert REASON in shown.select_one("ol.trail").get_text()
    assert "Wat vaak afwijkt, komt niet terug in de matrix." in shown.get_text()  # still readable
    assert not shown.select("details.withdraw") and "Voorstel wijzigen" not in shown.get_text()

    for told in (access_worker, moderator):
        [note] = Notification.objects.filter(recipient=told, title__endswith=": ingetrokken")
        assert note.title == "Afwijkingen van de matrix groeperen: ingetrokken"
        assert note.body == REASON
    assert not Notification.objects.filter(recipient=provider, title__endswith=": ingetrokken")


def test_only_the_author_may_and_only_while_it_is_ingediend(
    proposal, provider, access_worker, moderator
):
    colleague = UserFactory(organisation=provider.organisation, role=Role.PROVIDER)
    for other in (colleague, access_worker, moderator):
        shown = page(signed_in(other).get(proposal.get_absolute_url()))
        assert not shown.select("details.withdraw")
        for reason in ("Weg", ""):  # refused as not theirs, whatever the form holds
            sent = signed_in(other).post(url("proposal_withdraw", proposal.pk), {"reason": reason})
            assert sent.status_code == 403
        with pytest.raises(PermissionDenied):
            actions.withdraw_proposal(other, proposal.pk, "Weg")

    actions.change_proposal_status(
        moderator, proposal.pk, ProposalStatus.IN_REVIEW, ProposalStatus.SUBMITTED,
        evaluator=moderator,
    )  # fmt: skip
    for reason in (REASON, ""):  # taken up: said as such, with no form to fill in again
        late = signed_in(provider).post(url("proposal_withdraw", proposal.pk), {"reason": reason})
        assert late.status_code == 409
        assert said(late) == [
            "Dit voorstel is in behandeling en kan daarom niet meer worden ingetrokken."
        ]
        assert not page(late).select("details.withdraw")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.IN_REVIEW and proposal.decision_reason == ""


def test_a_reason_naming_a_resident_is_refused_and_nothing_changes(proposal, provider):
    response = signed_in(provider).post(
        url("proposal_withdraw", proposal.pk), {"reason": "BSN 123456782 is al geholpen."}
    )
    assert response.status_code == 400
    assert "burgerservicenummer (123456782)" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_once_withdrawn_nobody_supports_changes_decides_or_merges_into_it(
    proposal, provider, access_worker, moderator
):
    actions.withdraw_proposal(provider, proposal.pk, REASON)
    with pytest.raises(ValidationError, match="ingetrokken; steunen kan niet meer"):
        actions.support_proposal(access_worker, proposal.pk, True)
    with pytest.raises(actions.ProposalTakenUp, match="ingetrokken"):
        actions.edit_proposal(provider, proposal.pk, {"title": "Anders"}, 0)
    with pytest.raises(ValidationError):
        actions.change_proposal_status(
            moderator, proposal.pk, ProposalStatus.IN_REVIEW, ProposalStatus.WITHDRAWN,
            evaluator=moderator,
        )  # fmt: skip
    duplicate, _created = actions.submit_proposal(access_worker, FORM, uuid.uuid4())
    with pytest.raises(ValidationError, match="door de indiener ingetrokken"):
        actions.merge_proposals(moderator, duplicate.pk, proposal.pk)

    team_view = page(signed_in(moderator).get(proposal.get_absolute_url()))
    assert not team_view.select("#beoordelen-kop") and not team_view.select("#samenvoegen-kop")
    editing = signed_in(provider).get(url("proposal_edit", proposal.pk))
    assert "Dit voorstel is ingetrokken en kan niet meer worden gewijzigd." in editing.text


def test_a_decision_sent_after_the_author_withdrew_is_refused_without_a_form_to_resend(
    proposal, provider, moderator
):
    team = signed_in(moderator)
    team.get(proposal.get_absolute_url())
    actions.withdraw_proposal(provider, proposal.pk, REASON)
    response = team.post(
        url("proposal_status", proposal.pk),
        {"to_status": "afgewezen", "expected_status": "ingediend", "reason": "Past niet."},
    )
    assert response.status_code == 409
    assert said(response) == ["Dit voorstel is intussen ingetrokken. Bekijk de nieuwe stand."]
    assert not page(response).select("#beoordelen-kop")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN and proposal.decision_reason == REASON


def test_withdrawn_proposals_leave_the_list_and_the_funnel_counts_them_apart(
    proposal, provider, moderator
):
    actions.withdraw_proposal(provider, proposal.pk, REASON)
    listed = signed_in(provider).get("/voorstellen/").text
    assert "Afwijkingen van de matrix groeperen" not in listed
    chosen = signed_in(provider).get("/voorstellen/?status=ingetrokken").text
    assert "Afwijkingen van de matrix groeperen" in chosen

    funnel = figures.proposal_funnel(moderator)
    assert funnel.counts["Ingetrokken"] == 1 and funnel.counts["Ingediend"] == 0
    assert funnel.decided == 0  # taking it back is not a decision of the expert team
