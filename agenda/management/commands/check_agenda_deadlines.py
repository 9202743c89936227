from django.core.management.base import BaseCommand

from agenda.actions import record_overdue


class Command(BaseCommand):
    help = (
        "Legt voor elk open punt dat over zijn deadline is een waterbedsignaal vast bij de punten "
        "die ervan afhangen (één keer per punt). Draai dit dagelijks, bijvoorbeeld via cron."
    )

    def handle(self, *args, **options):
        events = record_overdue()
        self.stdout.write(f"{len(events)} nieuwe waterbedsignalen vastgelegd.")
