"""The machinery behind `load_demo_content`: each app lists small tasks, the command runs them.

Every task creates one record when it is missing and leaves an existing one alone, so a second run
neither duplicates nor overwrites anything a user has changed since.
"""

from collections import Counter
from dataclasses import dataclass, field


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
