from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = _("Discussies en verbetervoorstellen")

    def ready(self):
        from . import checks, signals  # noqa: F401  (registers the checks and receivers)
