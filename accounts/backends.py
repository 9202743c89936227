"""How a session's user is read on every request."""

from asgiref.sync import sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from .second_factor import DEVICE_FLAG, device_models


class UserBackend(ModelBackend):
    """Django's ModelBackend. It reads a session's user with one more column: whether they
    confirmed an authenticator app (`DEVICE_FLAG`). The second-factor check on every page and
    socket (`accounts.second_factor.has_confirmed_device`) then asks the database nothing more.
    Before this it cost a query of its own on every page a signed-in person opened.

    The flag is read with the user, on each request: an app confirmed in another session sends
    this one to the code step on its next request, as before. So is their organisation, which
    the header names on every page (a query of its own before)."""

    def get_user(self, user_id):
        devices = {
            f"{DEVICE_FLAG}_{index}": Exists(
                model.objects.devices_for_user(OuterRef("pk"), confirmed=True)
            )
            for index, model in enumerate(device_models())
        }
        users = get_user_model()._default_manager
        try:
            user = users.annotate(**devices).select_related("organisation").get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        setattr(user, DEVICE_FLAG, any(getattr(user, name) for name in devices))
        return user if self.user_can_authenticate(user) else None

    async def aget_user(self, user_id):
        return await sync_to_async(self.get_user)(user_id)
