"""What keeps a record from being deleted.

What people wrote (threads, posts, proposals) stays on their name, and a proposal stays on the
name of the organisation that submitted it; a theme, a part of the agenda or a working group
stays while agenda items or threads point to it. Those relations protect them in the database.
The admin asks before it deletes, and says what keeps a record instead of failing on that rule.
"""

from collections import Counter

from django.db import router
from django.db.models.deletion import Collector, ProtectedError
from django.utils.text import get_text_list
from django.utils.translation import pgettext


def what_keeps(instance):
    """What would keep `instance` from being deleted, as counted words ("4 berichten, 1 discussie
    en 2 verbetervoorstellen", by name), or None if it may go. Asks the database's rules
    (Django's deletion collector), so it also sees what Wagtail's reference index does not."""
    try:
        Collector(using=router.db_for_write(type(instance))).collect([instance])
    except ProtectedError as error:
        counts = Counter(type(obj)._meta for obj in error.protected_objects)
        by_name = sorted(counts.items(), key=lambda pair: str(pair[0].verbose_name))
        last = pgettext("de laatste in een opsomming", "en")
        return get_text_list([_counted(meta, n) for meta, n in by_name], last)
    return None


def _counted(meta, n):
    return f"{n} {meta.verbose_name if n == 1 else meta.verbose_name_plural}"
