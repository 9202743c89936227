"""Review reminders: every page past its review date reminds its owner, once per date."""

from django.db import transaction

from .models import ReviewReminder, review_overdue_pages


def record_review_reminders(today=None):
    created = []
    with transaction.atomic():
        for page in review_overdue_pages(today):
            reminder, new = ReviewReminder.objects.get_or_create(
                page=page, review_date=page.review_date, defaults={"owner": page.content_owner}
            )
            if new:
                created.append(reminder)
    return created
