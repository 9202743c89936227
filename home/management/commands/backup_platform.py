from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.backup import BackupError, Database, create_backup, progress_bar


class Command(BaseCommand):
    help = "Maakt een back-up van database en media in één archief (.tar.gz) met manifest."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Pad van het archief, bijvoorbeeld back-up.tar.gz.")
        parser.add_argument("--no-progress", action="store_true", help="Geen voortgangsbalk tonen.")

    def handle(self, archive, no_progress=False, **options):
        target = Path(archive)
        if target.exists():
            raise CommandError(f"{target} bestaat al; kies een nieuwe naam.")
        bar, progress = progress_bar("Back-up", disable=no_progress)

        try:
            manifest = create_backup(
                Database(settings.DATABASES["default"]), settings.MEDIA_ROOT, target, progress
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        finally:
            bar.close()
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Back-up geschreven naar {target}: {len(manifest['tables'])} tabellen, "
                f"{rows} rijen, {len(manifest['media'])} mediabestanden."
            )
        )
