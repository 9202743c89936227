from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from accounts.models import User
from agenda import exchange
from agenda.permissions import can_import


class Command(BaseCommand):
    help = (
        "Leest het overzicht van knelpunten en aanbevelingen in (CSV of XLSX). Zonder --apply "
        "is het een proefrun die per regel toont wat er verandert."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="Gebruikersnaam van wie importeert.")
        parser.add_argument("--apply", action="store_true", help="Wijzigingen echt doorvoeren.")

    def handle(self, *args, file, user, apply, **options):
        importer = User.objects.filter(username=user).first()
        if importer is None or not can_import(importer):
            raise CommandError(f"{user} bestaat niet of mag niet importeren.")
        if not file.exists():
            raise CommandError(f"Bestand {file} bestaat niet.")
        try:
            rows = exchange.read_rows(file.name, file.read_bytes())
        except exchange.ImportFileError as error:
            raise CommandError(str(error)) from error
        plan = exchange.plan_import(rows, importer)
        for row in plan.rows:
            if row.errors:
                for error in row.errors:
                    self.stdout.write(self.style.ERROR(f"regel {row.line} ({row.label}): {error}"))
            elif row.action == "bijwerken":
                changes = ", ".join(
                    f"{c}: {o or '–'} → {n or '–'}" for c, (o, n) in row.changes.items()
                )
                self.stdout.write(f"regel {row.line} ({row.label}): {changes}")
            elif row.action == "nieuw":
                self.stdout.write(f"regel {row.line} ({row.label}): nieuw")
        summary = plan.summary()
        self.stdout.write(
            f"{summary['nieuw']} nieuw, {summary['bijwerken']} bijwerken, "
            f"{summary['ongewijzigd']} ongewijzigd, {summary['fouten']} met fouten."
        )
        if not plan.is_valid:
            raise CommandError("Het bestand bevat fouten; er is niets ingelezen.")
        if not apply:
            self.stdout.write(
                "Proefrun: er is niets opgeslagen. Gebruik --apply om door te voeren."
            )
            return
        with tqdm(
            total=len(plan.rows), desc="Importeren", unit="regel", file=self.stderr._out
        ) as bar:
            written = exchange.apply_import(plan, importer, progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"{written} punten toegevoegd of bijgewerkt."))
