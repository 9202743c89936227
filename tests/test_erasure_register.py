"""The erasure register (discussions.erasures): what the expert team erases for good is written
down outside the database, so that a database restored from a back-up made before the erasure
has it erased again (`manage.py reapply_erasures`; restore_platform does the same itself, see
test_backup.py). Against the real PostgreSQL."""

import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import transaction

from discussions import actions, erasures
from discussions.models import Post, PostReport, ProposalEdit
from notifications.models import Notification

from .discussion_helpers import PROPOSAL_FORM, said, signed_in, url

pytestmark = pytest.mark.django_db

NAMED = "Bij ons wonen Jan en Piet de Vries op nummer 4."


@pytest.fixture
def post(access_worker, provider):
    thread = actions.start_thread(access_worker, "Perspectiefplan bij enkelvoudige vragen", "Hoe?")
    return actions.add_post(provider, thread.pk, NAMED)


class BackUpFromBefore(Exception):
    """Rolls back what happened in its block, as a database restored from a back-up made before
    it would be; the register line written in the block stays, as it does on disk."""


def erased_after_the_back_up(work):
    with pytest.raises(BackUpFromBefore), transaction.atomic():
        work()
        raise BackUpFromBefore


def reapply():
    out, err = StringIO(), StringIO()
    call_command("reapply_erasures", "--no-progress", stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue().strip()


def test_the_register_keeps_what_was_erased_and_why_but_never_what_it_said(
    post, moderator, erasure_register
):
    actions.hide_post(moderator, post.pk, "Bevatte namen van inwoners")
    actions.erase_post(moderator, post.pk)

    post.refresh_from_db()
    (erasure,), unreadable = erasures.read(erasure_register)
    assert unreadable == []
    assert erasure == erasures.Erasure(
        kind="post",
        id=post.pk,
        erased_at=post.erased_at,
        erased_by=moderator.pk,
        hidden_at=post.hidden_at,
        hidden_by=moderator.pk,
        reason="Bevatte namen van inwoners",
    )
    assert "Jan en Piet" not in erasure_register.read_text()


def test_an_erasure_the_register_cannot_hold_is_refused_and_erases_nothing(
    post, provider, moderator, settings, tmp_path
):
    (tmp_path / "een-bestand").write_text("geen map")
    settings.ERASURE_REGISTER = tmp_path / "een-bestand" / "wisregister.jsonl"
    actions.hide_post(moderator, post.pk, "Bevatte namen van inwoners")

    response = signed_in(moderator).post(url("post_erase", post.pk), follow=True)

    assert said(response) == [
        "Het wisregister kan niet worden bijgewerkt, dus er is niets gewist. Meld dit aan de "
        "beheerder van het platform."
    ]
    post.refresh_from_db()
    assert not post.is_erased and post.body_source == NAMED and post.is_hidden
    assert not Notification.objects.filter(title__contains="definitief gewist").exists()


def test_a_restored_database_has_erased_again_what_was_erased_after_its_back_up(
    post, access_worker, provider, moderator, erasure_register
):
    quote = f"> **Aanbieder** schreef:\n> {NAMED}\n\nHerkenbaar."
    reply = actions.add_post(access_worker, post.thread_id, quote, quote_of_id=post.pk)
    actions.report_post(access_worker, post.pk, "Noemt Jan en Piet de Vries bij naam")
    proposal, _created = actions.submit_proposal(provider, PROPOSAL_FORM, uuid.uuid4())
    named = "Bij de familie Jansen in Hoorn duurde het drie maanden."
    actions.edit_proposal(provider, proposal.pk, {"evidence": named}, 0)
    actions.edit_proposal(provider, proposal.pk, {"evidence": "Het duurde drie maanden."}, 1)
    version = ProposalEdit.objects.get(before__evidence=named)
    told_before = Notification.objects.count()

    def hide_and_erase():
        actions.hide_post(moderator, post.pk, "Bevatte namen van inwoners")
        actions.erase_post(moderator, post.pk)
        actions.hide_proposal_version(moderator, version.pk, "Noemde inwoners")
        actions.erase_proposal_version(moderator, version.pk)

    erased_after_the_back_up(hide_and_erase)
    post.refresh_from_db()
    assert post.body_source == NAMED and not post.is_hidden  # as the back-up has it
    (post_erasure, version_erasure), _unreadable = erasures.read(erasure_register)

    out, err = reapply()

    assert out == (
        f"Wisregister {erasure_register}: 1 bericht(en) en 1 eerdere "
        "versie(s) van voorstellen opnieuw gewist; 0 waren in de back-up al gewist, 0 kwamen "
        "er pas na."
    )
    assert err == ""
    post.refresh_from_db()
    assert (post.body_source, post.body_html) == ("", "")
    # Hidden and erased as the team did it: their reason, their name, the time it happened.
    assert (post.hidden_reason, post.hidden_by, post.erased_by) == (
        "Bevatte namen van inwoners",
        moderator,
        moderator,
    )
    assert (post.hidden_at, post.erased_at) == (post_erasure.hidden_at, post_erasure.erased_at)
    reply.refresh_from_db()
    assert reply.body_source == "> *[Citaat uit een gewist bericht]*\n\nHerkenbaar."
    assert PostReport.objects.get(post=post).reason == ""
    reported = Notification.objects.get(recipient=moderator, title__startswith="Bericht gemeld")
    assert reported.body == ""
    version.refresh_from_db()
    assert version.before["evidence"] == "" and version.erased_at == version_erasure.erased_at
    assert version.hidden_reason == "Noemde inwoners"
    # Nobody is told again: they heard it when it happened.
    assert Notification.objects.count() == told_before

    # Once is enough: a second run finds it all erased.
    out, _err = reapply()
    assert "0 bericht(en) en 0 eerdere versie(s) van voorstellen opnieuw gewist; 2 waren" in out
    thread_page = signed_in(moderator).get(post.thread.get_absolute_url()).content.decode()
    assert "Jan en Piet" not in thread_page and "Bevatte namen van inwoners" in thread_page


def test_what_the_restored_database_lacks_is_counted_and_a_torn_line_is_named(
    post, moderator, erasure_register
):
    actions.hide_post(moderator, post.pk, "Bevatte namen van inwoners")
    actions.erase_post(moderator, post.pk)
    line = erasure_register.read_text()
    later = line.replace(f'"id": {post.pk}', f'"id": {post.pk + 1000}')
    # A line cut off where the machine stopped while writing it.
    erasure_register.write_text(line + later + line[:40])
    assert not Post.objects.filter(pk=post.pk + 1000).exists()

    out, err = reapply()

    assert out.endswith(
        "0 bericht(en) en 0 eerdere versie(s) van voorstellen opnieuw gewist; "
        "1 waren in de back-up al gewist, 1 kwamen er pas na."
    )
    assert err == (
        "Regel(s) 3 van het wisregister zijn onleesbaar en overgeslagen; kijk ze na en wis zo "
        "nodig met de hand."
    )


def test_without_a_register_the_operator_is_warned(db, erasure_register):
    out, err = reapply()
    assert out == ""
    assert err.startswith(f"Geen wisregister op {erasure_register}. Is er sinds deze back-up")


def test_a_register_inside_the_media_stops_the_platform_from_starting(settings):
    settings.ERASURE_REGISTER = settings.MEDIA_ROOT / "wisregister.jsonl"
    with pytest.raises(SystemCheckError, match="discussions.E001"):
        call_command("check")
