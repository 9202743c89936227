"""The handbook's moderation workflow: review by the Regional Expert Team, then a second reader."""

from django.db import transaction

WORKFLOW_NAME = "Handreiking: review en tweede lezer"
REVIEW_TASK = "Review door het Regionaal Expertteam"
SECOND_READER_TASK = "Tweede lezer"
REVIEW_GROUP = "Moderators"  # Wagtail's own moderators group holds the expert team


def ensure_handbook_workflow(sender=None, **kwargs):
    """post_migrate receiver (on the last app) and called by the demo loader; idempotent."""
    from django.apps import apps
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    from .models import HandbookIndexPage, SecondReaderTask

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not None and sender is not with_models[-1]:
        return
    group = Group.objects.filter(name=REVIEW_GROUP).first()
    with transaction.atomic():
        workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
        review, _ = GroupApprovalTask.objects.get_or_create(name=REVIEW_TASK)
        second, _ = SecondReaderTask.objects.get_or_create(name=SECOND_READER_TASK)
        if group is not None:
            review.groups.add(group)
            second.groups.add(group)
        WorkflowTask.objects.get_or_create(
            workflow=workflow, task=review, defaults={"sort_order": 0}
        )
        WorkflowTask.objects.get_or_create(
            workflow=workflow, task=second, defaults={"sort_order": 1}
        )
        for index in HandbookIndexPage.objects.all():
            WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    return workflow
