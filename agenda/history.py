"""An item's history from its Wagtail revisions: who changed what, when."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import Domain, Kind, Status

TRACKED = {
    "title": _("titel"),
    "status": _("status"),
    "progress": _("voortgang"),
    "status_reason": _("reden bij de status"),
    "deadline": _("deadline"),
    "start_date": _("start"),
    "owner": _("eigenaar"),
    "trekker": _("trekker"),
    "accountable_head": _("afdelingshoofd"),
    "visibility": _("zichtbaarheid"),
    "kind": _("soort"),
    "domain": _("domein"),
    "summary": _("omschrijving"),
}
CHOICES = {"status": Status, "kind": Kind, "domain": Domain}
USER_FIELDS = ("owner", "trekker", "accountable_head")


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    revision_id: int
    user: object
    created_at: datetime.datetime
    changes: list
    is_creation: bool
    pending: bool


def _display(field, value, users):
    if value in (None, ""):
        return "–"
    if field in CHOICES:
        try:
            return str(CHOICES[field](value).label)
        except ValueError:
            return str(value)
    if field in USER_FIELDS:
        return str(users.get(value, value))
    if field == "progress":
        return f"{value}%"
    if field == "visibility":
        from accounts.visibility import Visibility

        return str(Visibility(value).label)
    if field in ("deadline", "start_date"):
        return datetime.date.fromisoformat(value).strftime("%d-%m-%Y")
    return str(value)


def item_history(item, limit=50, pending=None):
    """Newest first. Two queries: the revisions with their authors, and the users they name.
    `pending`: whether the item's latest revision waits for approval, if the caller knows."""
    revisions = list(
        item.revisions.select_related("user").order_by("-created_at", "-id")[: limit + 1]
    )
    user_ids = {
        rev.content.get(field)
        for rev in revisions
        for field in USER_FIELDS
        if rev.content.get(field)
    }
    users = {u.pk: u for u in User.objects.filter(pk__in=user_ids)} if user_ids else {}
    if pending is None:
        pending = item.workflow_in_progress
    pending_id = item.latest_revision_id if pending else None
    entries = []
    for index, revision in enumerate(revisions[:limit]):
        previous = revisions[index + 1] if index + 1 < len(revisions) else None
        changes = []
        if previous is not None:
            for field, label in TRACKED.items():
                old, new = previous.content.get(field), revision.content.get(field)
                if old != new:
                    changes.append(
                        Change(str(label), _display(field, old, users), _display(field, new, users))
                    )
        entries.append(
            HistoryEntry(
                revision_id=revision.pk,
                user=revision.user,
                created_at=revision.created_at,
                changes=changes,
                is_creation=previous is None and len(revisions) <= limit,
                pending=revision.pk == pending_id,
            )
        )
    return entries
