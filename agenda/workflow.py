"""The realisation workflow: created after every migrate (and after a test flush), idempotently."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

WORKFLOW_NAME = "Realisatie goedkeuren"
TASK_NAME = "Afdelingshoofd of projectleider keurt goed"


def ensure_realisation_workflow(sender=None, **kwargs):
    """post_migrate receiver; it waits for the last app, when all permissions exist."""
    from django.apps import apps
    from wagtail.models import Workflow, WorkflowContentType, WorkflowTask

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not None and sender is not with_models[-1]:
        return

    from .models import AccountableApprovalTask, AgendaItem

    with transaction.atomic():
        workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
        task, _ = AccountableApprovalTask.objects.get_or_create(name=TASK_NAME)
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
        content_type = ContentType.objects.get_for_model(AgendaItem)
        if not WorkflowContentType.objects.filter(content_type=content_type).exists():
            WorkflowContentType.objects.create(content_type=content_type, workflow=workflow)
        _grant_admin_permissions(content_type)


# Wagtail's own editor groups: editors change agenda items and submit them; moderators publish.
GROUP_PERMISSIONS = {
    "Editors": ("add", "change", "lock"),
    "Moderators": ("add", "change", "lock", "publish", "unlock"),
}


def _grant_admin_permissions(content_type):
    from django.contrib.auth.models import Group, Permission

    for group_name, actions in GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        codenames = [f"{action}_agendaitem" for action in actions]
        group.permissions.add(
            *Permission.objects.filter(content_type=content_type, codename__in=codenames)
        )


def on_item_published(sender, instance, **kwargs):
    """An approval in the Wagtail admin publishes the realisation; resolve its waterbed events."""
    from .actions import resolve_waterbed
    from .models import Status

    if instance.status == Status.REALISED:
        resolve_waterbed(instance)


def publish_approved(workflow_state, user=None):
    """WAGTAIL_FINISH_WORKFLOW_ACTION: publish what the workflow's last task approved.

    Wagtail's default publishes with the approver's model permissions. Here the approval is the
    permission: the task decided who may approve (for agenda items the accountable department
    head or the project lead, who need no publish right in the admin otherwise).
    """
    workflow_state.content_object.get_latest_revision().publish(
        user=user, skip_permission_checks=True
    )
