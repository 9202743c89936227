from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.demo import DEMO_ACCOUNTS
from accounts.models import User


class Command(BaseCommand):
    help = "Toont de demo-accounts die in deze database bestaan, met hun rol."

    def handle(self, *args, **options):
        names = [row[0] for row in DEMO_ACCOUNTS]
        users = {
            u.username: u
            for u in User.objects.filter(username__in=names).select_related("organisation")
        }
        if not users:
            self.stdout.write("  Er zijn geen demo-accounts in deze database.")
            return
        self.stdout.write(f"  Demo-accounts (wachtwoord voor alle: {settings.DEMO_PASSWORD}):")
        for name in names:
            user = users.get(name)
            if user is not None:
                org = f", {user.organisation}" if user.organisation else ""
                self.stdout.write(f"    {name:<15} {user.get_role_display()}{org}")
