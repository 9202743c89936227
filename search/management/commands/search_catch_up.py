from django.core.management.base import BaseCommand

from search.service import catch_up


class Command(BaseCommand):
    help = "Stuurt de wijzigingen die de zoekmachine miste (toen die onbereikbaar was) alsnog door."

    def handle(self, *args, **options):
        self.stdout.write(f"{catch_up()} wijzigingen doorgestuurd.")
