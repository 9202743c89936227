from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.authtoken.models import Token

from .forms import ProfileForm


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST":
        if user.is_read_only:
            messages.error(
                request, _("Uw account kan alleen lezen; vraag de beheerder om wijzigingen.")
            )
        elif form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, _("Uw profiel is opgeslagen."))
            return redirect("accounts:profile")
    memberships = user.memberships.select_related("working_group").order_by("working_group__name")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "memberships": memberships,
            "has_api_token": Token.objects.filter(user=user).exists(),
            "new_api_token": request.session.pop("new_api_token", None),
        },
    )


@login_required
@require_POST
def api_token(request):
    """Make a new API key (the old one stops working) or remove it. The key is shown once."""
    with transaction.atomic():
        Token.objects.filter(user=request.user).delete()
        if request.POST.get("action") == "create":
            request.session["new_api_token"] = Token.objects.create(user=request.user).key
            messages.success(
                request, _("Uw nieuwe API-sleutel staat hieronder; hij wordt één keer getoond.")
            )
        else:
            messages.success(request, _("Uw API-sleutel is verwijderd."))
    return redirect("accounts:profile")
