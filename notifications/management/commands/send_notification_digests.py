from django.core.management.base import BaseCommand

from notifications.digest import send_digests


class Command(BaseCommand):
    help = (
        "Verstuurt de e-mailsamenvattingen die dit uur aan de beurt zijn. Draai dit elk uur, "
        "bijvoorbeeld via cron; een samenvatting gaat nooit twee keer binnen twintig uur uit."
    )

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="", help="Adres van het platform voor de links.")

    def handle(self, *args, **options):
        sent = send_digests(base_url=options["base_url"])
        self.stdout.write(f"{sent} samenvattingen verstuurd.")
