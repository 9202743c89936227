from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HandbookConfig(AppConfig):
    name = "handbook"
    verbose_name = _("Handreiking")

    def ready(self):
        from . import signals  # noqa: F401
        from .workflow import ensure_handbook_workflow

        post_migrate.connect(ensure_handbook_workflow)
