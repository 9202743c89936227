from django.core.management.base import BaseCommand

from handbook.reviews import record_review_reminders


class Command(BaseCommand):
    help = (
        "Legt voor elke pagina van de handreiking waarvan de herzieningsdatum voorbij is één "
        "herinnering vast voor de eigenaar. Draai dit dagelijks."
    )

    def handle(self, *args, **options):
        reminders = record_review_reminders()
        for reminder in reminders:
            self.stdout.write(f"  {reminder.page.title} → {reminder.owner or 'geen eigenaar'}")
        self.stdout.write(f"{len(reminders)} nieuwe herinneringen vastgelegd.")
