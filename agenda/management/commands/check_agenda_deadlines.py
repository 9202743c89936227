from django.core.management.base import BaseCommand

from agenda.actions import record_overdue, remind_deadlines


class Command(BaseCommand):
    help = (
        "Legt voor elk open punt dat over zijn deadline is een waterbedsignaal vast bij de punten "
        "die ervan afhangen (één keer per punt), en herinnert eigenaren aan deadlines binnen twee "
        "weken. Draai dit dagelijks, bijvoorbeeld via cron."
    )

    def handle(self, *args, **options):
        events = record_overdue()
        self.stdout.write(f"{len(events)} nieuwe waterbedsignalen vastgelegd.")
        reminders = remind_deadlines()
        self.stdout.write(f"{len(reminders)} eigenaren herinnerd aan een naderende deadline.")
