import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand

from home.backup import Database

from .restore_platform import reapply_erasures


class Command(BaseCommand):
    help = (
        "Wist opnieuw wat het wisregister noemt: na een herstel van de database met andere "
        "middelen dan restore_platform (dat doet het zelf). Wat al gewist is, slaat het over."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database-url", help="Deze database in plaats van de ingestelde.")
        parser.add_argument(
            "--erasure-register",
            help="Het wisregister dat opnieuw wordt toegepast, als het niet ERASURE_REGISTER is.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Geen voortgangsbalk tonen.")

    def handle(self, database_url=None, erasure_register=None, no_progress=False, **options):
        database = Database(
            dj_database_url.parse(database_url) if database_url else settings.DATABASES["default"]
        )
        reapply_erasures(self, database, erasure_register, no_progress)
