"""The machinery behind `load_demo_content`: each app lists small tasks, the command runs them.

Every task creates one record when it is missing and leaves an existing one alone, so a second run
neither duplicates nor overwrites anything a user has changed since.
"""

import contextlib
import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone


@dataclass
class DemoReport:
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)

    def record(self, label, created):
        (self.created if created else self.existing)[label] += 1

    @property
    def total_created(self):
        return sum(self.created.values())

    @property
    def total_existing(self):
        return sum(self.existing.values())


def get_or_create(report, model, lookup, defaults=None):
    """get_or_create that records what happened under the model's verbose name."""
    obj, created = model.objects.get_or_create(**lookup, defaults=defaults or {})
    report.record(str(model._meta.verbose_name_plural), created)
    return obj


def get_or_add_page(report, parent, page):
    """Add `page` under `parent` and publish it, unless a page with its slug is already there."""
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        report.record("pagina's", False)
        return existing.specific
    parent.add_child(instance=page)
    page.save_revision().publish()
    report.record("pagina's", True)
    return page


# What people were told more than a week before the demo was loaded, they have read since.
READ_WITHIN = datetime.timedelta(days=7)


def date_back(written_from, moment, dated_fields):
    """Date the rows written since `written_from` at `moment`: the (model, field) pairs in
    `dated_fields`, and the notifications and follows that writing caused. Notifications
    caused more than a week back are read an hour later. The demo tells of the weeks before it
    was loaded: each step is written through the platform's own actions, then dated back."""
    from notifications.models import Follow, Notification

    told = list(
        Notification.objects.filter(created_at__gte=written_from).values_list("pk", flat=True)
    )
    for model, name in [*dated_fields, (Notification, "created_at"), (Follow, "created_at")]:
        model.objects.filter(**{f"{name}__gte": written_from}).update(**{name: moment})
    if timezone.now() - moment > READ_WITHIN:
        Notification.objects.filter(pk__in=told, read_at__isnull=True).update(
            read_at=moment + datetime.timedelta(hours=1)
        )


def days_ago_at(days, hour, minute=0):
    """That time of day, `days` days before the demo is loaded."""
    moment = timezone.localtime().replace(hour=hour, minute=minute, second=0, microsecond=0)
    return moment - datetime.timedelta(days=days)


@contextlib.contextmanager
def happened_at(moment, dated_fields):
    """Date what the block writes at `moment` (date_back)."""
    written_from = timezone.now()
    yield
    date_back(written_from, moment, dated_fields)
