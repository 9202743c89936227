from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Organisaties en accounts")


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with our organisation and role fields on its forms."""

    user_viewset = "accounts.viewsets.UserViewSet"
