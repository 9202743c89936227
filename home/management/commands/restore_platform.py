import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from discussions import erasures
from home.backup import BackupError, Database, progress_bar, restore_backup


class Command(BaseCommand):
    help = (
        "Zet een back-up (backup_platform) terug in een lege database en een lege mediamap, "
        "en controleert daarna per tabel en per bestand dat alles terug is. Wat sinds de "
        "back-up definitief is gewist (het wisregister), wordt daarna opnieuw gewist."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Het archief van backup_platform.")
        parser.add_argument(
            "--media-root", help="Herstel de media naar deze (lege) map in plaats van MEDIA_ROOT."
        )
        add_erasure_arguments(
            parser, "Herstel naar deze (lege) database in plaats van de ingestelde."
        )

    def handle(
        self,
        archive,
        database_url=None,
        media_root=None,
        erasure_register=None,
        no_progress=False,
        **options,
    ):
        database = database_at(database_url)
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
        reapply_erasures(self, database, erasure_register, no_progress)


def add_erasure_arguments(parser, database_help):
    """The options restore_platform and reapply_erasures share."""
    parser.add_argument("--database-url", help=database_help)
    parser.add_argument(
        "--erasure-register",
        help="Het wisregister dat opnieuw wordt toegepast, als het niet ERASURE_REGISTER is.",
    )
    parser.add_argument("--no-progress", action="store_true", help="Geen voortgangsbalk tonen.")


def database_at(url=None):
    """The database `url` names, or the configured one."""
    return Database(dj_database_url.parse(url) if url else settings.DATABASES["default"])


def reapply_erasures(command, database, register, no_progress):
    """Erase again in `database` what the erasure register names; say what it did (used by
    restore_platform and reapply_erasures)."""
    bar, progress = progress_bar("Wisregister", disable=no_progress)
    try:
        with database.in_use():
            outcome = erasures.apply_again(register, progress)
    except Exception as error:
        raise CommandError(
            f"Het wisregister kon niet helemaal opnieuw worden toegepast ({error}). Draai "
            "`manage.py reapply_erasures` (met dezelfde --database-url en --erasure-register) "
            "opnieuw: wat al gewist is, slaat het over."
        ) from error
    finally:
        bar.close()
    lines, warnings = erasures.describe(outcome)
    for line in lines:
        command.stdout.write(command.style.SUCCESS(line))
    for warning in warnings:
        command.stderr.write(command.style.WARNING(warning))
