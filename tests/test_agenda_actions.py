"""Changing agenda items: permissions, validation, conflicts, the realisation workflow, history
and waterbed warnings."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agenda.actions import (
    AwaitingApproval,
    EditConflict,
    decide_realisation,
    record_overdue,
    update_item,
)
from agenda.history import item_history
from agenda.models import AgendaItem, Dependency, DependencyKind, Status, WaterbedEvent

from .agenda_helpers import agenda_people, published_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    group, people = agenda_people()
    item = published_item(
        code="2.1",
        title="Betere afbakening van segment B en C Jeugd",
        working_group=group,
        owner=people["trekker"],
        trekker=people["trekker"],
        accountable_head=people["head"],
        status=Status.IN_PROGRESS,
        progress=40,
        deadline=datetime.date(2026, 12, 31),
    )
    return item, people


def fresh(item):
    return AgendaItem.objects.get(pk=item.pk)


def test_trekker_updates_progress_and_it_is_live_with_history(setup):
    item, people = setup
    result = update_item(item.pk, people["trekker"], {"progress": 60}, item.latest_revision_id)
    assert result.published
    assert fresh(item).progress == 60
    latest = item_history(fresh(item))[0]
    assert latest.user == people["trekker"]
    assert [(c.field, c.old, c.new) for c in latest.changes] == [("voortgang", "40%", "60%")]


@pytest.mark.parametrize("who", ["member", "head", "lead"])
def test_people_who_carry_the_item_may_change_it(setup, who):
    item, people = setup
    update_item(item.pk, people[who], {"progress": 55})
    assert fresh(item).progress == 55


@pytest.mark.parametrize("who", ["provider", "council", "outsider", "other_head"])
def test_others_may_not_change_it(setup, who):
    item, people = setup
    with pytest.raises(PermissionDenied):
        update_item(item.pk, people[who], {"progress": 99})
    assert fresh(item).progress == 40


def test_dropping_an_item_needs_a_reason(setup):
    item, people = setup
    with pytest.raises(ValidationError) as excinfo:
        update_item(item.pk, people["trekker"], {"status": Status.DROPPED, "status_reason": ""})
    assert "status_reason" in excinfo.value.message_dict
    assert fresh(item).status == Status.IN_PROGRESS
    update_item(
        item.pk, people["trekker"], {"status": Status.DROPPED, "status_reason": "Opgegaan in 2.2"}
    )
    assert fresh(item).status == Status.DROPPED


@pytest.mark.parametrize("field", ["owner", "trekker"])
def test_a_read_only_person_cannot_own_or_lead_an_item(setup, field):
    """They could never keep its progress up to date; the admin's form says so on saving."""
    item, people = setup
    setattr(item, field, people["council"])
    with pytest.raises(ValidationError) as excinfo:
        item.full_clean()
    (message,) = excinfo.value.message_dict[field]
    assert "leest alleen mee (Raadslid (alleen lezen))" in message


def test_progress_outside_0_to_100_is_refused(setup):
    item, people = setup
    with pytest.raises(ValidationError):
        update_item(item.pk, people["trekker"], {"progress": 140})
    assert fresh(item).progress == 40


def test_second_editor_on_a_stale_version_is_told_and_nothing_is_lost(setup):
    item, people = setup
    opened_version = item.latest_revision_id  # both open the form now
    update_item(item.pk, people["trekker"], {"progress": 70}, opened_version)
    with pytest.raises(EditConflict) as excinfo:
        update_item(item.pk, people["member"], {"progress": 45}, opened_version)
    assert "gewijzigd nadat u het opende" in str(excinfo.value)
    assert fresh(item).progress == 70  # the first edit is kept, not overwritten


def test_a_wagtail_lock_by_someone_else_stops_the_edit(setup):
    item, people = setup
    item.locked, item.locked_by = True, people["head"]
    item.save(update_fields=["locked", "locked_by"])
    with pytest.raises(EditConflict):
        update_item(item.pk, people["trekker"], {"progress": 90})
    assert fresh(item).progress == 40


def test_realisation_by_the_trekker_waits_for_the_accountable_head(setup):
    item, people = setup
    result = update_item(item.pk, people["trekker"], {"status": Status.REALISED})
    assert result.awaiting_approval and not result.published
    current = fresh(item)
    assert current.status == Status.IN_PROGRESS  # live status unchanged until approved
    assert current.workflow_in_progress
    with pytest.raises(AwaitingApproval):
        update_item(item.pk, people["member"], {"progress": 95})
    with pytest.raises(PermissionDenied):
        decide_realisation(item.pk, people["other_head"], approve=True)

    decide_realisation(item.pk, people["head"], approve=True)
    current = fresh(item)
    assert current.status == Status.REALISED
    assert current.progress == 100
    assert not current.workflow_in_progress


def test_project_lead_may_approve_a_realisation(setup):
    item, people = setup
    update_item(item.pk, people["trekker"], {"status": Status.REALISED})
    decide_realisation(item.pk, people["lead"], approve=True)
    assert fresh(item).status == Status.REALISED


def test_rejecting_a_realisation_needs_a_reason_and_keeps_the_status(setup):
    item, people = setup
    update_item(item.pk, people["trekker"], {"status": Status.REALISED})
    with pytest.raises(ValidationError):
        decide_realisation(item.pk, people["head"], approve=False, comment="")
    decide_realisation(item.pk, people["head"], approve=False, comment="Eerst evalueren")
    current = fresh(item)
    assert current.status == Status.IN_PROGRESS
    assert not current.workflow_in_progress


def test_accountable_head_realises_without_waiting(setup):
    item, people = setup
    result = update_item(item.pk, people["head"], {"status": Status.REALISED})
    assert result.published
    assert fresh(item).status == Status.REALISED


@pytest.fixture
def dependent(setup):
    item, people = setup
    handbook = published_item(
        code="1.3", title="Handreiking profielen en intensiteiten", owner=people["member"]
    )
    Dependency.objects.create(item=handbook, depends_on=item, kind=DependencyKind.BLOCKS)
    return handbook


def test_moving_a_deadline_later_warns_every_dependent_item_and_its_owner(setup, dependent):
    item, people = setup
    result = update_item(item.pk, people["trekker"], {"deadline": datetime.date(2027, 6, 30)})
    assert len(result.waterbed_events) == 1
    event = WaterbedEvent.objects.get()
    assert (event.source, event.affected, event.notify) == (item, dependent, people["member"])
    assert event.reason == "deadline_moved"
    assert "2026-12-31" in event.detail and "2027-06-30" in event.detail


def test_moving_a_deadline_earlier_is_no_slip(setup, dependent):
    item, people = setup
    update_item(item.pk, people["trekker"], {"deadline": datetime.date(2026, 11, 30)})
    assert not WaterbedEvent.objects.exists()


def test_setting_an_item_back_warns_its_dependents(setup, dependent):
    item, people = setup
    update_item(item.pk, people["trekker"], {"status": Status.PREPARING})
    assert WaterbedEvent.objects.get().reason == "set_back"


def test_lower_progress_is_a_setback(setup, dependent):
    item, people = setup
    update_item(item.pk, people["trekker"], {"progress": 20})
    assert WaterbedEvent.objects.get().reason == "set_back"


def test_overdue_items_are_recorded_once(setup, dependent):
    item, _ = setup
    later = datetime.date(2027, 1, 15)
    assert len(record_overdue(today=later)) == 1
    assert record_overdue(today=later) == []
    assert WaterbedEvent.objects.filter(reason="overdue").count() == 1


def test_realising_the_source_resolves_the_warnings(setup, dependent):
    item, people = setup
    update_item(item.pk, people["trekker"], {"progress": 10})
    update_item(item.pk, people["head"], {"status": Status.REALISED})
    assert WaterbedEvent.objects.get().resolved_at is not None


def test_the_dependent_item_page_shows_the_waterbed_warning(setup, dependent, client):
    item, people = setup
    update_item(item.pk, people["trekker"], {"deadline": datetime.date(2027, 6, 30)})
    client.force_login(people["member"])
    html = client.get(dependent.get_absolute_url()).content.decode()
    assert "Waterbedsignaal" in html
    assert "deadline verschoven" in html


def test_deadline_check_command_records_overdue_items(setup, dependent):
    from io import StringIO

    from django.core.management import call_command

    item, _ = setup
    AgendaItem.objects.filter(pk=item.pk).update(deadline=datetime.date(2020, 1, 1))
    out = StringIO()
    call_command("check_agenda_deadlines", stdout=out)
    assert "1 nieuwe waterbedsignalen" in out.getvalue()
    assert WaterbedEvent.objects.get().reason == "overdue"
