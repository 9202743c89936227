"""The home page, replacing Wagtail's welcome page."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Locale, Page, Site

from home.demo_loading import DemoReport

from .models import HomePage

HOME = {
    "title": "Samen Resultaatgestuurd Werken verbeteren",
    "intro": (
        "<p>Sinds 1 januari 2020 kopen de Westfriese gemeenten jeugdhulp en Wmo-ondersteuning in op "
        "resultaat. De tussenevaluatie liet zien dat de gedachte breed gedragen wordt, maar dat de "
        "uitvoering verschilt per gemeente. Op dit platform werken gemeenten, zorgaanbieders en "
        "onafhankelijk deskundigen samen aan de verbeteringen.</p>"
    ),
    "agenda_intro": (
        "Alle knelpunten, aanbevelingen en acties uit de tussenevaluatie, met eigenaar, deadline, "
        "status en voortgang. Doel: 80% van deel 1 binnen 9 maanden, deel 2 binnen een jaar."
    ),
    "handbook_intro": (
        "Voor toegangsmedewerkers: hoe bepaal je profiel, segment en intensiteit, wanneer is een "
        "perspectiefplan nodig en hoe vul je de regisseursrol in. Eén regionale standaard, met de "
        "lokale verschillen zichtbaar."
    ),
    "platform_intro": (
        "Onder de paraplu van het Regionaal Expertteam dragen gemeenten, aanbieders en deskundigen "
        "verbetervoorstellen en signalen uit de praktijk aan, en volgen ze wat ermee gebeurt."
    ),
}


def _load_home(report: DemoReport):
    home = HomePage.objects.first()
    if home is not None:
        report.record("pagina's", False)
        return home
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    if root is None:  # a database emptied by hand (or by a test flush) has lost Wagtail's root
        root = Page.add_root(
            title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)
        )
    home = root.add_child(instance=HomePage(slug="start", **HOME))
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    placeholder = site.root_page if site else None
    if site is None:
        Site.objects.create(
            hostname="localhost",
            root_page=home,
            is_default_site=True,
            site_name="RGW-verbeterplatform",
        )
    else:
        site.root_page = home
        site.site_name = "RGW-verbeterplatform"
        site.save()
    # Wagtail's own "Welcome" page is replaced, never a page somebody wrote.
    if (
        placeholder is not None
        and type(placeholder.specific) is Page
        and not placeholder.get_children().exists()
    ):
        placeholder.delete()
    report.record("pagina's", True)
    return home


def tasks(report):
    return [lambda: _load_home(report)]
