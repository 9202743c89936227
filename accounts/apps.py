from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Organisaties en accounts")

    def ready(self):
        from django.contrib.auth import get_user_model

        from .admin_link import connect_signals

        connect_signals(get_user_model())


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with our organisation and role fields on its forms."""

    user_viewset = "accounts.viewsets.UserViewSet"
