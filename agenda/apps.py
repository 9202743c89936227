from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Ontwikkelagenda")

    def ready(self):
        from wagtail.signals import published

        from .models import AgendaItem
        from .workflow import ensure_realisation_workflow, on_item_published

        post_migrate.connect(ensure_realisation_workflow)
        published.connect(on_item_published, sender=AgendaItem)
