import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from platform_site.redirects import safe_next

from .forms import ProfileForm, SecondFactorCodeForm
from .second_factor import (
    DEVICE_NAME,
    confirmed_device,
    may_use_second_factor,
    needs_second_factor,
)


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
            "may_use_second_factor": may_use_second_factor(user),
            "has_second_factor": confirmed_device(user) is not None,
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


def _code_accepted(form, device):
    """Check the form's code against the device; on refusal the form says why."""
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        form.add_error(
            "code", _("Te veel verkeerde codes achter elkaar. Wacht even en probeer het opnieuw.")
        )
        return False
    if device.verify_token(form.cleaned_data["code"]):
        return True
    form.add_error("code", _("Deze code klopt niet. Gebruik de code die de app nu toont."))
    return False


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request):
    """Switch the authenticator app on (scan, then confirm with a code) or off (with a code)."""
    user = request.user
    if not may_use_second_factor(user):
        raise Http404
    device = confirmed_device(user)
    form = SecondFactorCodeForm(request.POST or None)
    if device is not None:
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                if _code_accepted(form, device):
                    TOTPDevice.objects.filter(user=user).delete()
                    messages.success(request, _("Tweestapsverificatie staat uit."))
                    return redirect("accounts:profile")
        return render(request, "accounts/second_factor.html", {"form": form, "enabled": True})

    pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if pending is None:
        pending = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if _code_accepted(form, pending):
                pending.confirmed = True
                pending.save(update_fields=["confirmed"])
                otp_login(request, pending)
                messages.success(
                    request,
                    _(
                        "Tweestapsverificatie staat aan. "
                        "Bij het inloggen vragen we voortaan een code."
                    ),
                )
                return redirect("accounts:profile")
    import segno

    secret = base64.b32encode(pending.bin_key).decode()
    return render(
        request,
        "accounts/second_factor.html",
        {
            "form": form,
            "enabled": False,
            "qr_code": segno.make(pending.config_url, error="m").svg_inline(
                scale=4, title=_("QR-code voor uw authenticator-app")
            ),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_verify(request):
    """The second step of logging in, for someone with an authenticator app."""
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"), "/")
    if not needs_second_factor(request.user, request.session):
        return redirect(next_url)
    device = confirmed_device(request.user)
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if _code_accepted(form, device):
                otp_login(request, device)
                return redirect(next_url)
    return render(request, "accounts/second_factor_verify.html", {"form": form, "next": next_url})
