import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.backup import BackupError, Database, progress_bar, restore_backup


class Command(BaseCommand):
    help = (
        "Zet een back-up (backup_platform) terug in een lege database en een lege mediamap, "
        "en controleert daarna per tabel en per bestand dat alles terug is."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Het archief van backup_platform.")
        parser.add_argument(
            "--database-url",
            help="Herstel naar deze (lege) database in plaats van de ingestelde.",
        )
        parser.add_argument(
            "--media-root", help="Herstel de media naar deze (lege) map in plaats van MEDIA_ROOT."
        )
        parser.add_argument("--no-progress", action="store_true", help="Geen voortgangsbalk tonen.")

    def handle(self, archive, database_url=None, media_root=None, no_progress=False, **options):
        database = Database(
            dj_database_url.parse(database_url) if database_url else settings.DATABASES["default"]
        )
        bar, progress = progress_bar("Herstel", disable=no_progress)

        try:
            manifest = restore_backup(
                database, media_root or settings.MEDIA_ROOT, archive, progress
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        finally:
            bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"Hersteld en gecontroleerd: {len(manifest['tables'])} tabellen, "
                f"{sum(manifest['tables'].values())} rijen, "
                f"{len(manifest['media'])} mediabestanden (back-up van {manifest['created']})."
            )
        )
