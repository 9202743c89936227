"""The raadsinformatiebrief: one progress letter for all seven councils (the memo's advice 3),
made only from what every council member may see, since it goes to the councils as it is."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrganisationType, Role
from agenda.filters import BY_CODE
from agenda.models import Decision
from notifications.actions import notify
from notifications.digest import send_at_once
from notifications.models import Kind

from . import charts, figures
from .models import CouncilLetter
from .permissions import can_send_letter, can_view_dashboard


def letter_context(period_start, period_end, today=None):
    """What the letter says, from what every council member may see."""
    public = None  # the councils' view, see figures.items_for
    today = today or timezone.localdate()
    filters = figures.Filters()
    parts = figures.parts_progress(public, filters, today)
    overdue, at_risk = figures.attention(public, filters, today)
    visible = figures.items_for(public, filters)
    decisions = (
        Decision.objects.filter(item__in=visible, date__range=(period_start, period_end))
        .select_related("item")
        .order_by("date")
    )
    next_steps = (
        visible.open()
        .filter(deadline__gte=today)
        .select_related("part")
        .order_by("deadline", "sort_code")[:12]
    )
    return {
        "today": today,
        "period_start": period_start,
        "period_end": period_end,
        "councils": Organisation.objects.filter(type=OrganisationType.MUNICIPALITY).order_by(
            "name"
        ),
        "parts": parts,
        "charts": [(p, charts.part_burn_up(p, today)) for p in parts],
        "decisions": decisions,
        "overdue": overdue,
        "at_risk": at_risk,
        "risks": list(visible.open().exclude(risks="").order_by(*BY_CODE)[:8]),
        "next_steps": next_steps,
    }


def snapshot(context):
    """The figures a letter was made from, stored beside the PDF."""
    return {
        "made_on": context["today"].isoformat(),
        "parts": [
            {
                "part": p.part.number,
                "counted": p.counted,
                "realised": p.realised,
                "share": p.share,
                "target_share": p.target_share,
                "target_date": p.target_date.isoformat() if p.target_date else None,
                "forecast_date": p.forecast_date.isoformat() if p.forecast_date else None,
            }
            for p in context["parts"]
        ],
        "overdue": [str(item) for item in context["overdue"]],
        "decisions": [d.pk for d in context["decisions"]],
    }


def produce_letter(user, period_start, period_end, today=None):
    """Make the PDF, store it with its figures, and return the record."""
    from weasyprint import HTML

    if not can_view_dashboard(user):
        raise PermissionDenied(_("Alleen de projectleider en de afdelingshoofden maken de brief."))
    if period_end < period_start:
        raise ValidationError(_("De periode eindigt vóór ze begint."))
    with translation.override(settings.LANGUAGE_CODE):
        context = letter_context(period_start, period_end, today)
        html = render_to_string("dashboard/letter.html", context)
        pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    with transaction.atomic():
        return CouncilLetter.objects.create(
            period_start=period_start,
            period_end=period_end,
            created_by=user,
            figures=snapshot(context),
            pdf=pdf,
        )


def send_letter(user, pk):
    """Send a letter to the councils: it is marked sent, once, and every council member is told
    at the same moment (the memo: all seven councils get the same letter at the same time).
    Returns the letter and how many council members were told."""
    if not can_send_letter(user):
        raise PermissionDenied(
            _("Alleen de projectleider en de afdelingshoofden versturen de brief.")
        )
    with transaction.atomic():
        letter = CouncilLetter.objects.select_for_update().get(pk=pk)
        if letter.sent_at is not None:
            raise ValidationError(
                _("Deze brief is al verstuurd, op %(date)s.")
                % {"date": formats.date_format(timezone.localtime(letter.sent_at), "j F Y H:i")}
            )
        letter.sent_at = timezone.now()
        letter.sent_by = user
        letter.save(update_fields=["sent_at", "sent_by"])
        council = get_user_model().objects.filter(role=Role.COUNCIL_MEMBER, is_active=True)
        told = notify(
            council,
            Kind.LETTER,
            lambda: _("Raadsinformatiebrief over %(period)s") % {"period": letter.period},
            url=reverse("dashboard:letters"),
            actor=user,
        )
        # Who gets it by e-mail gets it now, with the letter, not with tomorrow's digest.
        pdf = (letter.filename, bytes(letter.pdf), "application/pdf")
        transaction.on_commit(lambda: send_at_once(told, attachments=[pdf]), robust=True)
    return letter, len(told)
