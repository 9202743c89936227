"""The home page, replacing Wagtail's welcome page, and the pages about the platform itself (the
accessibility and privacy statements the footer links to)."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Locale, Page, Site

from home.demo_loading import DemoReport

from .models import HomePage, InformationPage

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


ACCESSIBILITY = {
    "slug": "toegankelijkheid",
    "title": "Toegankelijkheidsverklaring",
    "intro": (
        "Iedereen die met resultaatgestuurd werken te maken heeft, moet dit platform kunnen "
        "gebruiken: met een schermlezer, met alleen het toetsenbord, vergroot of op een telefoon."
    ),
    "body": (
        "<h2>Welke norm</h2>"
        "<p>Het platform moet voldoen aan WCAG 2.1 op niveau AA (EN 301 549), zoals het Besluit "
        "digitale toegankelijkheid overheid vraagt.</p>"
        "<h2>Wat we doen</h2>"
        "<ul>"
        "<li>Bij elke wijziging aan het platform controleert een geautomatiseerde test de "
        "belangrijkste pagina's in Chromium met axe-core tegen WCAG 2.1 AA, ook op een "
        "telefoonscherm van 375 pixels breed.</li>"
        "<li>Tests bedienen het menu, de formulieren en de meldingen met alleen het toetsenbord, en "
        "controleren dat elk formulierveld zijn label, uitleg en foutmelding noemt.</li>"
        "<li>Cijfers die u vergelijkt staan in een grafiek én in een tabel.</li>"
        "<li>Nieuwe meldingen en reacties worden ook voorgelezen (een live-regio).</li>"
        "</ul>"
        "<h2>Status</h2>"
        "<p><strong>Eerste maatregelen genomen.</strong> Een onafhankelijk onderzoek naar de "
        "toegankelijkheid is nog niet gedaan; tot dan kunnen we niet verklaren dat het platform "
        "aan de norm voldoet.</p>"
        "<h2>Wat we weten dat nog niet goed is</h2>"
        "<ul>"
        "<li>De raadsbrief als pdf is niet getoetst op toegankelijkheid. Dezelfde cijfers staan op "
        "de voortgangspagina.</li>"
        "<li>Documenten die redacteuren uploaden, toetsen we niet automatisch.</li>"
        "</ul>"
        "<h2>Werkt iets niet voor u?</h2>"
        "<p>Meld het bij het Regionaal Expertteam, via een discussie op dit platform of via de "
        "projectleider. U krijgt antwoord, en zo nodig de informatie op een andere manier.</p>"
    ),
}
PRIVACY = {
    "slug": "privacy",
    "title": "Privacyverklaring",
    "intro": (
        "Dit platform gaat over het systeem van resultaatgestuurd werken, niet over inwoners. "
        "Welke gegevens het over gebruikers bewaart, en waarom."
    ),
    "body": (
        "<h2>Geen gegevens van inwoners</h2>"
        "<p>Noem in berichten, discussies en voorstellen geen namen of andere gegevens van "
        "inwoners. Het platform weigert tekst waarin het een burgerservicenummer, een "
        "geboortedatum, een e-mailadres of een telefoonnummer herkent, en slaat dan niets op. "
        "Staat er toch iets over een inwoner in, meld het dan: het Regionaal Expertteam "
        "verbergt het en wist de tekst met alle eerdere versies definitief, met wat melders "
        "erover schreven. Ook een back-up van daarvoor brengt die tekst niet terug: het "
        "platform houdt bij wat gewist is (welk bericht, wanneer, door wie, niet wat er stond) "
        "en wist het bij het terugzetten opnieuw. Een onderwerp of titel die een inwoner noemt, verbetert het "
        "expertteam; de meldingen erover noemen dan het verbeterde onderwerp.</p>"
        "<h2>Wat het platform van u bewaart</h2>"
        "<ul>"
        "<li>Uw naam, e-mailadres, organisatie en rol: om u toegang te geven tot wat bij uw rol "
        "hoort, en om te laten zien wie iets schreef of besloot.</li>"
        "<li>Wat u schrijft en verandert (berichten, voorstellen, voortgang), met de vorige versies: "
        "zo blijft na te gaan wie wat besloot.</li>"
        "<li>Uw meldingen en de instellingen daarvan, en wat u volgt.</li>"
        "<li>Tot welk bericht u elke discussie las, om te tonen wat daarna nieuw is. Alleen u "
        "ziet het.</li>"
        "<li>Mislukte inlogpogingen, om raden van wachtwoorden te stoppen.</li>"
        "</ul>"
        "<h2>Cookies</h2>"
        "<p>Alleen functionele cookies: een die u ingelogd houdt, een tegen vervalste formulieren "
        "en een kortstondige voor berichten als ‘opgeslagen’. Geen cookies voor statistiek of "
        "reclame, en geen diensten van derden die meekijken.</p>"
        "<h2>In uw browser</h2>"
        "<p>Wat u typt in een nieuw voorstel, een nieuwe discussie of een reactie bewaart uw "
        "browser in het tabblad, tot het is opgeslagen; bij uitloggen of het sluiten van het "
        "tabblad gaat het weg.</p>"
        "<h2>Uw rechten</h2>"
        "<p>U kunt uw gegevens inzien, laten verbeteren of laten verwijderen. Vraag het aan de "
        "beheerder van het platform bij het Regionaal Expertteam, of aan de functionaris "
        "gegevensbescherming van uw gemeente.</p>"
    ),
}


def _load_information_pages(report: DemoReport):
    home = HomePage.objects.first()
    for fields in (ACCESSIBILITY, PRIVACY):
        if home.get_children().filter(slug=fields["slug"]).exists():
            report.record("pagina's", False)
            continue
        page = home.add_child(
            instance=InformationPage(reviewed_on=datetime.date(2026, 11, 30), **fields)
        )
        page.save_revision().publish()
        report.record("pagina's", True)


def tasks(report):
    return [lambda: _load_home(report), lambda: _load_information_pages(report)]
