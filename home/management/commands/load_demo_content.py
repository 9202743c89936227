from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from accounts import demo as accounts_demo
from agenda import demo as agenda_demo
from dashboard import demo as dashboard_demo
from discussions import demo as discussions_demo
from handbook import demo as handbook_demo
from home import demo as home_demo
from home.demo_loading import DemoReport

# In dependency order: people before the agenda items they own, pages, then what is made of them
# (the council letter reports on the agenda).
DEMO_MODULES = [
    accounts_demo,
    agenda_demo,
    home_demo,
    handbook_demo,
    discussions_demo,
    dashboard_demo,
]


class Command(BaseCommand):
    help = (
        "Laadt de demo-inhoud uit de memo en het evaluatierapport. Bestaande gegevens blijven "
        "ongemoeid: een tweede keer laden voegt alleen toe wat ontbreekt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Geen voortgangsbalk tonen.")

    def handle(self, *args, no_progress=False, **options):
        report = DemoReport()
        tasks = [task for module in DEMO_MODULES for task in module.tasks(report)]
        # All or nothing: a failure halfway leaves the database as it was.
        with transaction.atomic():
            for task in tqdm(
                tasks,
                desc="Demo-inhoud",
                unit="stap",
                disable=no_progress or None,
                file=self.stderr._out,
            ):
                task()
        if not settings.DEMO_ACCOUNTS_ALLOWED:
            self.stdout.write(
                "Demo-accounts en werkgroepen zijn overgeslagen (niet toegestaan in deze omgeving)."
            )
        if report.total_created == 0:
            self.stdout.write(
                self.style.SUCCESS(
                    f"De demo-inhoud was al geladen ({report.total_existing} onderdelen); "
                    "er is niets toegevoegd en niets overschreven."
                )
            )
        else:
            made = ", ".join(f"{n} {label}" for label, n in sorted(report.created.items()))
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo-inhoud geladen: {made} toegevoegd; "
                    f"{report.total_existing} bestonden al en bleven ongewijzigd."
                )
            )
