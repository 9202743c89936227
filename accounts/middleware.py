from django.conf import settings
from django.shortcuts import redirect

from .second_factor import has_confirmed_device, verify_url


class SecondFactorMiddleware:
    """Sends someone who has a second factor but has not entered its code in this session to the
    code step, wherever they go (pages, forms, the admin). Only the code step, logging out and
    static files stay open. Placed after django-otp's OTPMiddleware, which tells whether this
    session has passed the code step (`user.is_verified()`)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.open_prefixes = (
            "/account/tweestaps/controle/",
            "/account/uitloggen/",
            settings.STATIC_URL,
        )

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.open_prefixes)
            and not user.is_verified()
            and has_confirmed_device(user)
        ):
            return redirect(verify_url(request.get_full_path()))
        return self.get_response(request)
