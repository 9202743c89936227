from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Startpagina")

    def ready(self):
        from .page_cache import connect_signals

        connect_signals()
