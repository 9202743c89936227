from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

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
        {"form": form, "memberships": memberships},
    )
