"""Review reminders: every page past its review date reminds its owner, once per date."""

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from notifications.actions import notify
from notifications.models import Kind
from platform_site.i18n import Written

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
                notify(
                    [page.content_owner],
                    Kind.REVIEW,
                    lambda page=page: (
                        _("Herzien: %(page)s (herzien vóór %(date)s)")
                        % {
                            "page": Written(page.title),
                            "date": formats.date_format(page.review_date),
                        }
                    ),
                    url=page.url or "",
                )
    return created
