from django.core.management.base import BaseCommand
from tqdm import tqdm

from search.documents import all_doc_ids
from search.service import engine_enabled, rebuild


class Command(BaseCommand):
    help = (
        "Bouwt de zoekindex opnieuw op: in een nieuwe index die daarna de alias overneemt, "
        "zodat zoeken blijft werken."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, no_progress=False, **options):
        total = len(all_doc_ids())
        with tqdm(total=total, desc="Zoekindex", unit="doc", disable=no_progress or None,
                  file=self.stderr._out) as bar:  # fmt: skip
            count = rebuild(progress=bar.update)
        where = "zoekmachine en database" if engine_enabled() else "database"
        self.stdout.write(self.style.SUCCESS(f"{count} documenten geïndexeerd ({where})."))
