"""The optional second factor (a time-based code from an authenticator app, django-otp) for the
people who edit and moderate: editors in the Wagtail admin, moderators and the project lead.

Once someone has confirmed an app, a password alone no longer opens anything: until the code is
entered, every page sends them to the code step, the admin included, and the live-notification
socket refuses them."""

import functools

from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY, device_classes
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Role

# Roles that may protect their account with a second factor, besides anyone with admin access.
SECOND_FACTOR_ROLES = frozenset({Role.MODERATOR, Role.PROJECT_LEAD, Role.DEPARTMENT_HEAD})
DEVICE_NAME = "Authenticator-app"
# Set on a user read for a session (accounts.backends.UserBackend): whether they confirmed an app.
DEVICE_FLAG = "has_confirmed_device"


def may_use_second_factor(user):
    return bool(
        user.is_authenticated
        and user.is_active
        and (
            user.is_superuser
            or user.is_staff
            or user.role in SECOND_FACTOR_ROLES
            or user.has_perm("wagtailadmin.access_admin")
        )
    )


def confirmed_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


@functools.cache
def device_models():
    """django-otp's device models. Its own `device_classes()` walks every model of every
    installed app each time it is asked, which `user_has_device` does."""
    return tuple(device_classes())


def has_confirmed_device(user):
    """Whether this person confirmed an authenticator app: known without a query for the user
    of a session, which UserBackend reads with the answer."""
    known = getattr(user, DEVICE_FLAG, None)
    if known is not None:
        return known
    return user.is_authenticated and any(
        model.objects.devices_for_user(user, confirmed=True).exists() for model in device_models()
    )


def needs_second_factor(user, session):
    """Whether this signed-in person has a second factor that this session has not yet passed."""
    if not user.is_authenticated or not has_confirmed_device(user):
        return False
    device_id = session.get(DEVICE_ID_SESSION_KEY)
    if not device_id:
        return True
    device = confirmed_device(user)
    return device is None or device.persistent_id != device_id


def verify_url(next_url):
    from urllib.parse import urlencode

    return f"{reverse('accounts:second_factor_verify')}?{urlencode({'next': next_url})}"
