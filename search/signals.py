"""Keep the index fresh: after a commit, re-index what changed. A failure never undoes a write."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, published, unpublished

logger = logging.getLogger(__name__)


def schedule(*doc_ids):
    def run():
        from .service import index_documents

        try:
            index_documents(doc_ids)
        except Exception:  # the write has happened; the index catches up on the next rebuild
            logger.exception("Indexeren mislukt voor %s", doc_ids)

    transaction.on_commit(run)


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    schedule(f"page-{instance.pk}")


@receiver(post_delete, sender="wagtailcore.Page")
def page_deleted(sender, instance, **kwargs):
    schedule(f"page-{instance.pk}")


@receiver(published)
@receiver(unpublished)
def snippet_changed(sender, instance, **kwargs):
    from agenda.models import AgendaItem

    if isinstance(instance, AgendaItem):
        schedule(f"agenda-{instance.pk}")


@receiver(post_delete, sender="agenda.AgendaItem")
def agenda_deleted(sender, instance, **kwargs):
    schedule(f"agenda-{instance.pk}")


@receiver(post_save, sender="handbook.LocalVariation")
@receiver(post_delete, sender="handbook.LocalVariation")
def variation_changed(sender, instance, **kwargs):
    schedule(f"page-{instance.page_id}")


@receiver(post_save, sender="handbook.GlossaryTerm")
@receiver(post_delete, sender="handbook.GlossaryTerm")
def glossary_changed(sender, instance, **kwargs):
    """New synonyms take effect in a fresh engine index, swapped in without downtime."""

    from handbook.models import GlossaryPage

    schedule(*(f"page-{pk}" for pk in GlossaryPage.objects.values_list("pk", flat=True)))

    def run():
        from .service import engine_enabled, rebuild

        if engine_enabled():
            try:
                rebuild()
            except Exception:
                logger.exception("Herindexeren na wijziging van de begrippen mislukt")

    transaction.on_commit(run)


@receiver(post_save, sender="discussions.Proposal")
@receiver(post_delete, sender="discussions.Proposal")
def proposal_changed(sender, instance, **kwargs):
    schedule(f"proposal-{instance.pk}")


@receiver(post_save, sender="discussions.Thread")
@receiver(post_delete, sender="discussions.Thread")
def thread_changed(sender, instance, **kwargs):
    schedule(f"thread-{instance.pk}")


@receiver(post_save, sender="discussions.Post")
def post_changed(sender, instance, **kwargs):
    schedule(f"thread-{instance.thread_id}")
