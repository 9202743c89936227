"""Keep the index fresh: after a commit, re-index what changed. A failure never undoes a write.

What one transaction changes is indexed together after it commits: one bulk request for all
its documents, and at most one rebuild (which covers every document), however many rows it
saved. Loading the demo, or an agenda import, saves hundreds in one transaction; each used to
send a request of its own, and each glossary term a rebuild of the whole index of its own."""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, published, unpublished

logger = logging.getLogger(__name__)


@dataclass
class _Batch:
    doc_ids: set = field(default_factory=set)
    rebuild: bool = False


def _waiting():
    """What waits for the next commit on this thread's connection."""
    connection = transaction.get_connection()
    if getattr(connection, "search_batch", None) is None:
        connection.search_batch = _Batch()
    return connection.search_batch


def _run():
    from .service import engine_enabled, index_documents, rebuild

    connection = transaction.get_connection()
    batch = getattr(connection, "search_batch", None)
    connection.search_batch = None
    if batch is None or not (batch.doc_ids or batch.rebuild):
        return
    if batch.rebuild and engine_enabled():
        try:
            rebuild()  # every document, in a fresh index
            return
        except Exception:
            logger.exception("Herindexeren na wijziging van de begrippen mislukt")
    try:
        index_documents(sorted(batch.doc_ids))
    except Exception:  # the write has happened; the index catches up on the next rebuild
        logger.exception("Indexeren mislukt voor %s", sorted(batch.doc_ids))


def schedule(*doc_ids, rebuild=False):
    """Index these documents (and rebuild the whole index, if asked) after the commit. Each call
    registers a callback of its own, so that a test capturing the callbacks of a block runs
    them; the first to run does all that waits, the others find nothing left. What a
    rolled-back transaction left waiting is done with the next commit: indexing reads what the
    database holds then, so a document of a row that was never committed is only removed."""
    waiting = _waiting()
    waiting.doc_ids.update(doc_ids)
    waiting.rebuild = waiting.rebuild or rebuild
    transaction.on_commit(_run)


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

    schedule(
        *(f"page-{pk}" for pk in GlossaryPage.objects.values_list("pk", flat=True)), rebuild=True
    )


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
