import datetime
import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import charts, exports, figures
from .letter import produce_letter, send_letter
from .models import CouncilLetter
from .permissions import can_read_letter, can_send_letter, can_view_dashboard


def _require_dashboard(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_view_dashboard(request.user):
        raise PermissionDenied
    return None


def waterbed_rows(waterbed):
    """(item, the item it depends on, whether that one slipped) for the map's table."""
    nodes = {node.pk: node for node in waterbed.nodes}
    return [
        (nodes[item], nodes[depends_on], depends_on in waterbed.slipped)
        for depends_on, item, _kind in waterbed.edges
    ]


# The longest lists on the page show this many rows; the exports hold them all.
LIST_LIMIT = 25


WAIT_FOR_FIGURES = 10  # seconds a request waits for figures another request is computing
KEEP_AGED = 12  # aged figures are kept this many times PAGE_CACHE_SECONDS, to show meanwhile


def page_figures(user, filters, today):
    """The overview as the page shows it: the long lists cut to LIST_LIMIT, their full lengths
    kept as `<list>_count` (at 10× volume the uncut lists held tens of thousands of items)."""
    return figures.overview(user, filters, today, limit=LIST_LIMIT)


def figures_cache_key(user, filters, today):
    """Figures are shared by everyone who may see the same content, per day and filter."""
    from home.page_cache import visibility_scope

    return f"dashboard:{today}:{visibility_scope(user)}:{urlencode(filters.as_query())}"


def _cached_overview(user, filters, today):
    """The dashboard's figures, shared by everyone who may see the same content, until any
    content changes (the version of home.page_cache) or PAGE_CACHE_SECONDS pass: (the version
    they were computed at, the figures), the version None when they were not cached.

    One request at a time computes them (over a second at full volume); meanwhile the others
    show the figures there are, of the previous version or only aged, or wait for the new ones
    when there are none yet. Aged figures are kept for that: when they expired outright, every
    visitor waited for the one computing them (bench/RESULTS.md, meting 32).
    """
    from home.page_cache import current_version

    seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
    if not seconds:
        return None, page_figures(user, filters, today)
    key = figures_cache_key(user, filters, today)
    version = current_version()
    cached = cache.get(key)  # (version, figures, fresh until)
    if cached is not None and cached[0] == version and cached[2] > time.time():
        return cached[:2]
    if cache.add(f"{key}:busy", 1, timeout=WAIT_FOR_FIGURES * 6):
        try:
            data = page_figures(user, filters, today)
            cache.set(key, (version, data, time.time() + seconds), seconds * KEEP_AGED)
        finally:
            cache.delete(f"{key}:busy")
        return version, data
    if cached is not None:
        return cached[:2]
    deadline = time.monotonic() + WAIT_FOR_FIGURES
    while time.monotonic() < deadline:
        time.sleep(0.1)
        cached = cache.get(key)
        if cached is not None:
            return cached[:2]
    return None, page_figures(user, filters, today)


def _overview_html(filters, today, data):
    """The page's figures as charts and tables."""
    funnel = data["funnel"]
    context = {
        **data,
        "filters": filters,
        "today": today,
        "list_limit": LIST_LIMIT,
        "choices": figures.filter_choices(),
        "export_query": urlencode(filters.as_query()),
        "part_charts": [(p, charts.part_burn_up(p, today)) for p in data["parts"]],
        "group_chart": charts.bars(
            "chart-groups",
            _("Uren per week: nodig (balk) en afgesproken (streep) per werkgroep"),
            [(load.name, load.needed) for load in data["group_load"]],
            unit=" u",
            compare=[load.available for load in data["group_load"]],
            written_labels=True,
        )
        if data["group_load"]
        else None,
        "funnel_chart": charts.bars(
            "chart-funnel",
            _("Verbetervoorstellen per status"),
            list(funnel.counts.items()),
        ),
        "waterbed_chart": charts.dependency_map(
            "chart-waterbed",
            _("Samenhang tussen agendapunten; rood zijn punten die uitliepen"),
            data["waterbed"],
        )
        if data["waterbed"].nodes
        else None,
        "waterbed_rows": waterbed_rows(data["waterbed"]),
    }
    return render_to_string("dashboard/_overview.html", context)


def dashboard(request):
    login = _require_dashboard(request)
    if login:
        return login
    filters = figures.Filters.from_query(request.GET)
    today = timezone.localdate()
    version, data = _cached_overview(request.user, filters, today)
    # Drawn once per version of the figures and language, then shared like the figures: the
    # charts and tables were four fifths of the page's time.
    if version is None:
        overview = _overview_html(filters, today, data)
    else:
        key = f"{figures_cache_key(request.user, filters, today)}:html:{get_language()}:{version}"
        overview = cache.get(key)
        if overview is None:
            overview = _overview_html(filters, today, data)
            cache.set(key, overview, settings.PAGE_CACHE_SECONDS)
    return render(request, "dashboard/index.html", {"overview": overview})


def export(request, fmt):
    login = _require_dashboard(request)
    if login:
        return login
    filters = figures.Filters.from_query(request.GET)
    data = figures.overview(request.user, filters)
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        response = HttpResponse(
            exports.as_xlsx(data),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "csv":
        response = HttpResponse(exports.as_csv(data), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="dashboard-{stamp}.{fmt}"'
    return response


class LetterForm(forms.Form):
    # Labels are lazy: the class is made once, at import, in the platform's language.
    period_start = forms.DateField(
        label=gettext_lazy("Periode van"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    period_end = forms.DateField(
        label=gettext_lazy("Tot en met"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("De periode eindigt vóór ze begint."))
        return data


def letters(request):
    """The council letters. The dashboard's people make them here and the project lead sends
    them; every other member reads the letters sent."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_view_dashboard(request.user):
        sent = CouncilLetter.objects.sent().select_related("sent_by").order_by("-sent_at", "-pk")
        return render(request, "dashboard/letters_sent.html", {"letters": sent})
    today = timezone.localdate()
    form = LetterForm(
        request.POST or None,
        initial={"period_start": today - datetime.timedelta(days=90), "period_end": today},
    )
    if request.method == "POST" and form.is_valid():
        letter = produce_letter(
            request.user, form.cleaned_data["period_start"], form.cleaned_data["period_end"]
        )
        # Back to the list, where the new draft stands on top with its send button.
        messages.success(
            request,
            format_html(
                '{} <a class="utrecht-link" href="{}">{}</a>',
                _("De brief over %(period)s is gemaakt, als concept.") % {"period": letter.period},
                reverse("dashboard:letter", args=[letter.pk]),
                _("Lees de brief (PDF)"),
            ),
        )
        return redirect("dashboard:letters")
    return render(
        request,
        "dashboard/letters.html",
        {
            "form": form,
            "letters": CouncilLetter.objects.select_related("created_by", "sent_by")[:20],
            "can_send": can_send_letter(request.user),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def letter_send(request, pk):
    login = _require_dashboard(request)
    if login:
        return login
    try:
        letter, told = send_letter(request.user, pk)
    except CouncilLetter.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "De brief over %(period)s is verstuurd; %(count)s raadslid heeft een melding.",
                "De brief over %(period)s is verstuurd; %(count)s raadsleden hebben een melding.",
                told,
            )
            % {"period": letter.period, "count": told},
        )
    return redirect("dashboard:letters")


def letter_download(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    letter = get_object_or_404(CouncilLetter, pk=pk)
    if not can_read_letter(request.user, letter):
        raise Http404  # a draft is the dashboard's business: to others it is not there
    return _pdf_response(letter)


def _pdf_response(letter):
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter.filename}"'
    return response
