"""Every change to an agenda item goes through here: check, validate, write in one transaction,
record the revision (who, when, what), and only after commit tell the outside world."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from notifications.actions import followers_of, notify
from notifications.models import Kind
from platform_site.i18n import Written, in_each_language

from .models import (
    STATUS_STEP,
    AgendaItem,
    Dependency,
    Status,
    TaskState,
    WaterbedEvent,
    WaterbedReason,
)
from .permissions import can_approve_realisation, can_edit_item

EDITABLE_FIELDS = ("status", "progress", "status_reason", "deadline")


class EditConflict(Exception):
    """Someone else changed or locked the item since the form was opened."""


class AwaitingApproval(Exception):
    """A realisation waits for approval; the item is frozen until it is decided."""


@dataclass
class UpdateResult:
    item: AgendaItem
    published: bool
    awaiting_approval: bool
    waterbed_events: list


def _snapshot(item):
    return {name: getattr(item, name) for name in EDITABLE_FIELDS}


def update_item(item_id, user, changes, version=None):
    """Change status, progress, reason or deadline of an item.

    `version` is the revision id the user's form was based on; a different current revision
    means somebody else saved in between, and nothing is written.
    A change to *gerealiseerd* by someone who may not approve it is saved as a revision and put
    to the accountable department head or project lead (Wagtail workflow); the live item keeps
    its status until then.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Onbekende velden: %s") % ", ".join(sorted(unknown)))
    with transaction.atomic():
        item = AgendaItem.objects.select_for_update().get(pk=item_id)
        if not can_edit_item(user, item):
            raise PermissionDenied(_("U mag dit agendapunt niet wijzigen."))
        if item.locked and item.locked_by_id != user.pk:
            raise EditConflict(
                _("%(name)s heeft dit punt vergrendeld om het te bewerken. Probeer het later.")
                % {"name": item.locked_by}
            )
        if version is not None and item.latest_revision_id != version:
            latest = item.latest_revision
            raise EditConflict(
                _(
                    "%(name)s heeft dit punt gewijzigd nadat u het opende. Uw wijziging is niet "
                    "opgeslagen; bekijk de nieuwe stand en probeer het opnieuw."
                )
                % {"name": (latest.user if latest and latest.user else _("Iemand anders"))}
            )
        approver = can_approve_realisation(user, item)
        if item.workflow_in_progress and not approver:
            raise AwaitingApproval(
                _(
                    "De realisatie van dit punt wacht op goedkeuring. Wijzigen kan weer als het "
                    "afdelingshoofd of de projectleider heeft besloten."
                )
            )
        before = _snapshot(item)
        for name, value in changes.items():
            setattr(item, name, value)
        if item.status == Status.REALISED and before["status"] != Status.REALISED:
            item.progress = 100  # realised is complete, whatever the form still said
        if _snapshot(item) == before:
            return UpdateResult(item, published=False, awaiting_approval=False, waterbed_events=[])

        needs_approval = (
            item.status == Status.REALISED and before["status"] != Status.REALISED and not approver
        )
        revision = item.save_revision(user=user, log_action=True)  # validates (full_clean)
        if needs_approval:
            item.get_workflow().start(item, user)
            events = []
        else:
            revision.publish(user=user, skip_permission_checks=True)
            events = record_slip(item, before, user)
            if item.status == Status.REALISED:
                resolve_waterbed(item)
            _notify_followers(item, before, user)
    return UpdateResult(
        item, published=not needs_approval, awaiting_approval=needs_approval, waterbed_events=events
    )


def _describe_changes(item, before):
    changes = []
    if item.status != before["status"]:
        changes.append(_("status %(status)s") % {"status": item.get_status_display().lower()})
    if item.progress != before["progress"] and item.progress is not None:
        changes.append(_("voortgang %(progress)s%%") % {"progress": item.progress})
    if item.deadline != before["deadline"] and item.deadline:
        changes.append(_("deadline %(date)s") % {"date": formats.date_format(item.deadline)})
    return ", ".join(changes)


def _notify_followers(item, before, user):
    if not _describe_changes(item, before):
        return
    notify(
        followers_of(item),
        Kind.AGENDA,
        lambda: (
            _("%(item)s: %(changes)s")
            % {"item": Written(item), "changes": _describe_changes(item, before)}
        ),
        url=item.get_absolute_url(),
        body=item.status_reason,
        actor=user,
        about=[item],
    )


def decide_realisation(item_id, user, approve, comment=""):
    """The accountable department head or project lead approves or rejects a realisation."""
    with transaction.atomic():
        item = AgendaItem.objects.select_for_update().get(pk=item_id)
        if not can_approve_realisation(user, item):
            raise PermissionDenied(_("Alleen het afdelingshoofd of de projectleider beslist."))
        workflow_state = item.current_workflow_state
        if workflow_state is None:
            raise ValidationError(_("Er wacht niets op goedkeuring."))
        task_state = workflow_state.current_task_state
        if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
            raise ValidationError(_("Er wacht niets op goedkeuring."))
        if not approve and not comment.strip():
            raise ValidationError(_("Geef een toelichting bij het afwijzen."))
        before = _snapshot(item)
        task_state.task.specific.on_action(
            task_state, user, "approve" if approve else "reject", comment=comment
        )
        item.refresh_from_db()
        if approve:
            _notify_followers(item, before, user)
    return item


def _slips(before, after):
    reasons = []
    if before["deadline"] and after.deadline and after.deadline > before["deadline"]:
        reasons.append(
            (
                WaterbedReason.DEADLINE_MOVED,
                lambda: (
                    _("deadline van %(old)s naar %(new)s")
                    % {"old": before["deadline"].isoformat(), "new": after.deadline.isoformat()}
                ),
            )
        )
    old_step = STATUS_STEP.get(before["status"])
    new_step = STATUS_STEP.get(after.status)
    if old_step is not None and new_step is not None and new_step < old_step:
        reasons.append(
            (
                WaterbedReason.SET_BACK,
                lambda: (
                    _("status van %(old)s naar %(new)s")
                    % {"old": Status(before["status"]).label, "new": after.get_status_display()}
                ),
            )
        )
    elif (
        before["progress"] is not None
        and after.progress is not None
        and after.progress < before["progress"]
    ):
        reasons.append(
            (
                WaterbedReason.SET_BACK,
                lambda: (
                    _("voortgang van %(old)s%% naar %(new)s%%")
                    % {"old": before["progress"], "new": after.progress}
                ),
            )
        )
    return reasons


def record_slip(item, before, user=None):
    """Record a waterbed event on every item that depends on `item` when it slipped."""
    reasons = _slips(before, item)
    if not reasons:
        return []
    return _record_for_dependents(item, reasons)


def _record_for_dependents(item, reasons):
    dependencies = Dependency.objects.filter(depends_on=item).select_related("item")
    details = [(reason, *in_each_language(detail, max_length=255)) for reason, detail in reasons]
    events = [
        WaterbedEvent(
            source=item,
            affected=dependency.item,
            reason=reason,
            detail=detail,
            detail_translations=translations,
            notify_id=dependency.item.owner_id,
        )
        for dependency in dependencies
        for reason, detail, translations in details
    ]
    events = WaterbedEvent.objects.bulk_create(events)
    notify_waterbed(events)
    return events


def notify_waterbed(events):
    """The owner of an affected item hears that the item it depends on slipped."""
    for event in events:
        notify(
            [event.notify] if event.notify_id else [],
            Kind.WATERBED,
            lambda event=event: (
                _("Waterbedsignaal voor %(affected)s: %(source)s, %(detail)s")
                % {
                    "affected": Written(event.affected),
                    "source": Written(event.source),
                    "detail": event.display_detail,
                }
            ),
            url=event.affected.get_absolute_url(),
            # The warning names the slipping item: only for who may open both.
            about=[event.source, event.affected],
        )


def resolve_waterbed(item):
    """An item that is realised no longer pushes problems onto its dependents."""
    WaterbedEvent.objects.filter(source=item, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )


def record_overdue(today=None):
    """Record, once, that an open item passed its deadline, on every item depending on it."""
    today = today or timezone.localdate()
    created = []
    overdue = AgendaItem.objects.filter(live=True).overdue(today).filter(dependents__isnull=False)
    for item in overdue.distinct():
        already = set(
            WaterbedEvent.objects.filter(
                source=item, reason=WaterbedReason.OVERDUE, resolved_at__isnull=True
            ).values_list("affected_id", flat=True)
        )
        detail, translations = in_each_language(
            lambda item=item: (
                _("deadline %(date)s verstreken") % {"date": item.deadline.isoformat()}
            )
        )
        for dependency in Dependency.objects.filter(depends_on=item).select_related("item"):
            if dependency.item_id in already:
                continue
            created.append(
                WaterbedEvent.objects.create(
                    source=item,
                    affected=dependency.item,
                    reason=WaterbedReason.OVERDUE,
                    detail=detail,
                    detail_translations=translations,
                    notify_id=dependency.item.owner_id,
                )
            )
    notify_waterbed(created)
    return created


DEADLINE_WARNING_DAYS = 14


def remind_deadlines(today=None, days=DEADLINE_WARNING_DAYS):
    """Owners hear, once per deadline, that an open item is due within `days` days."""
    today = today or timezone.localdate()
    due = (
        AgendaItem.objects.filter(live=True, owner__isnull=False)
        .open()
        .filter(deadline__gte=today, deadline__lte=today + datetime.timedelta(days=days))
        .select_related("owner")
    )
    told = []
    for item in due:
        told += notify(
            [item.owner],
            Kind.DEADLINE,
            lambda item=item: (
                _("Deadline %(date)s: %(item)s")
                % {"date": formats.date_format(item.deadline), "item": Written(item)}
            ),
            url=item.get_absolute_url(),
            dedupe_key=f"deadline:{item.pk}:{item.deadline.isoformat()}",
        )
    return told
