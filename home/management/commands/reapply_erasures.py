from django.core.management.base import BaseCommand

from .restore_platform import add_erasure_arguments, database_at, reapply_erasures


class Command(BaseCommand):
    help = (
        "Wist opnieuw wat het wisregister noemt: na een herstel van de database met andere "
        "middelen dan restore_platform (dat doet het zelf). Wat al gewist is, slaat het over."
    )

    def add_arguments(self, parser):
        add_erasure_arguments(parser, "Deze database in plaats van de ingestelde.")

    def handle(self, database_url=None, erasure_register=None, no_progress=False, **options):
        reapply_erasures(self, database_at(database_url), erasure_register, no_progress)
