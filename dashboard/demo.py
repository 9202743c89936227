"""A council letter the councils have had: the last full quarter's, made and sent by the demo's
project lead in the second week after it, so that a council member finds a letter under
"Raadsbrieven" (and a notification of it) and the project lead sees a sent one beside any they
make."""

import datetime

from django.utils import timezone

from accounts.models import Role, User
from home.demo_loading import happened_at

from .letter import produce_letter, send_letter
from .models import CouncilLetter

DATED_FIELDS = [(CouncilLetter, "created_at"), (CouncilLetter, "sent_at")]


def last_full_quarter(today):
    """(first day, last day) of the quarter before the one `today` is in."""
    first_of_this = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = first_of_this - datetime.timedelta(days=1)
    return datetime.date(end.year, end.month - 2, 1), end


def _load_letter(report):
    label = str(CouncilLetter._meta.verbose_name_plural)
    if CouncilLetter.objects.exists():
        report.record(label, False)
        return
    lead = User.objects.filter(username="projectleider", role=Role.PROJECT_LEAD).first()
    if lead is None:  # no demo accounts here: nobody to make or send it
        return
    start, end = last_full_quarter(timezone.localdate())
    # Made and sent in the second week after the quarter, as the councils would have had it (by
    # yesterday, early in a quarter).
    made_on = min(
        end + datetime.timedelta(days=9), timezone.localdate() - datetime.timedelta(days=1)
    )
    morning = timezone.make_aware(datetime.datetime.combine(made_on, datetime.time(10)))
    with happened_at(morning, DATED_FIELDS):
        letter = produce_letter(lead, start, end, today=made_on)
    with happened_at(morning + datetime.timedelta(minutes=45), DATED_FIELDS):
        send_letter(lead, letter.pk)
    report.record(label, True)


def tasks(report):
    return [lambda: _load_letter(report)]
