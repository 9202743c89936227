"""Who may change an agenda item. Seeing follows accounts/visibility.py; changing is narrower."""

from accounts.models import Role, WorkingGroupMembership

from .models import AccountableApprovalTask


def can_edit_item(user, item):
    """The people who carry the item: its owner and trekker, its working group, its accountable
    department head, and the project lead. Council members only read."""
    if not (user and user.is_authenticated and user.is_active) or user.is_read_only:
        return False
    if user.is_superuser or user.role == Role.PROJECT_LEAD:
        return True
    if user.pk in (item.owner_id, item.trekker_id, item.accountable_head_id):
        return True
    return bool(
        item.working_group_id
        and WorkingGroupMembership.objects.filter(
            user=user, working_group_id=item.working_group_id
        ).exists()
    )


def can_approve_realisation(user, item):
    return AccountableApprovalTask.can_approve(item, user)


def can_import(user):
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.role in (Role.PROJECT_LEAD, Role.DEPARTMENT_HEAD))
    )
