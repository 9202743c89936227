"""The bell's page: a person's notifications, reading them, and how they want to be told."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from platform_site.i18n import path_in_language

from .actions import channels_for, mark_read, save_preferences
from .forms import PreferencesForm
from .models import DigestSetting, Kind, Notification, kinds_for


@login_required
def notification_list(request):
    """Newest first; a person with many can ask for one kind, or for the unread ones only."""
    mine = Notification.objects.filter(recipient=request.user).select_related("actor")
    kind = request.GET.get("soort", "")
    unread_only = request.GET.get("ongelezen") == "1"
    if kind in Kind.values:
        mine = mine.filter(kind=kind)
    if unread_only:
        mine = mine.unread()
    page = Paginator(mine, 30).get_page(request.GET.get("pagina"))
    context = {
        "page": page,
        "kinds": [(k.value, k.label) for k in kinds_for(request.user)],
        "current_kind": kind,
        "unread_only": unread_only,
        "filtered": kind in Kind.values or unread_only,
    }
    return render(request, "notifications/list.html", context)


@login_required
def notification_open(request, pk):
    """Open what a notification points at, and mark it read on the way."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    mark_read(request.user, [notification.pk])
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        # Stored in the platform's language; opened from an English page, it opens in English.
        return redirect(path_in_language(url, get_language()))
    return redirect("notifications:list")


@login_required
@require_POST
def notification_mark_read(request):
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()] or None
    unread = mark_read(request.user, ids)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"unread": unread})
    messages.success(request, _("Gemarkeerd als gelezen."))
    return redirect("notifications:list")


@login_required
def preferences(request):
    user = request.user
    setting = DigestSetting.objects.filter(user=user).first() or DigestSetting(user=user)
    initial = {
        "frequency": setting.frequency,
        "hour": setting.hour,
        "weekday": setting.weekday,
        # Who never chose gets the language of the page they choose on.
        "language": setting.language if setting.pk else get_language(),
    }
    kinds = kinds_for(user)
    for kind in kinds:
        current = channels_for([user], kind)
        initial[f"kind_{kind.value}"] = current[user.pk]
    form = PreferencesForm(request.POST or None, initial=initial, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        save_preferences(
            user,
            form.channels(),
            data["frequency"],
            data["hour"],
            data["weekday"],
            data["language"],
        )
        messages.success(request, _("Uw voorkeuren zijn opgeslagen."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
