"""The home page and a first handbook skeleton, with real content from both seeds."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Locale, Page, Site

from handbook.models import Domain, GuidancePage, HandbookIndexPage, HandbookSectionPage
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

HANDBOOK_INTRO = (
    "<p>De handreiking helpt toegangsmedewerkers van de gebiedsteams en het CJG bij de vragen die zij "
    "dagelijks tegenkomen. De evaluaties lieten zien dat elke toegang profielen, intensiteiten, "
    "segmenten en het perspectiefplan anders uitlegt; deze handreiking legt de regionale standaard "
    "vast.</p>"
)

# (section title, slug, domain, intro, [(page title, slug, summary, [(heading, html)])])
HANDBOOK = [
    (
        "Jeugd",
        "jeugd",
        Domain.JEUGD,
        "<p>Profielen, segmenten en intensiteiten in de jeugdhulp.</p>",
        [
            (
                "Segmenten A, B en C Jeugd",
                "segmenten-jeugd",
                "Segment B is laag complexe, goed voorspelbare jeugdhulp; segment C is hoog complexe hulp "
                "met grote ontwikkel- en veiligheidsrisico's. De grens tussen B en C bepaalt de bekostiging.",
                [
                    (
                        "Laag complexe jeugdhulp (segment B)",
                        "<p>Gespecialiseerde hulp, acuut of planbaar, met een hoge mate van voorspelbaarheid van de "
                        "benodigde inzet en het beloop van het traject: ongeveer 80 tot 85% van de trajecten. "
                        "Instellingen werken met budgetindicaties op basis van het arrangementstarief.</p>",
                    ),
                    (
                        "Hoog complexe jeugdhulp (segment C)",
                        "<p>Een lage mate van voorspelbaarheid en planbaarheid van de inzet; interventies worden "
                        "voortdurend bijgesteld op grond van diagnostiek en observatie, en er spelen grote "
                        "ontwikkel- en veiligheidsrisico's: ongeveer 15 tot 20% van de trajecten. Het advies is "
                        "een trajectgerichte bekostiging met een jaarlijkse indicatie, verplichte "
                        "zorgcombinaties van aanbieders en een adviesteam segment C met mandaat.</p>",
                    ),
                    (
                        "Als een casus nergens past",
                        "<p>Er zijn casussen die financieel niet in segment B passen en inhoudelijk niet in "
                        "segment C. Leg zo'n casus voor aan het adviesteam segment C en meld het als signaal op "
                        "het platform, zodat de leemte zichtbaar wordt.</p>",
                    ),
                ],
            ),
        ],
    ),
    (
        "Wmo",
        "wmo",
        Domain.WMO,
        "<p>Profielen en intensiteiten in de Wmo-ondersteuning.</p>",
        [
            (
                "Profielen en intensiteiten Wmo",
                "profielen-intensiteiten-wmo",
                "De profielen en intensiteiten van de Wmo worden scherper afgebakend, en er komt één "
                "intensiteit tussen B en C bij.",
                [
                    (
                        "Waarom opnieuw afbakenen",
                        "<p>Toegangen en aanbieders leggen profielen en intensiteiten verschillend uit. Dat kost "
                        "aanbieders veel werk en leidt tot discussies aan de voorkant. De tussenevaluatie "
                        "adviseert de profielen en intensiteiten af te bakenen en één intensiteit tussen "
                        "intensiteit B en C toe te voegen.</p>",
                    ),
                    (
                        "Huishoudelijke hulp",
                        "<p>Onderzocht wordt hoe huishoudelijke hulp mogelijk is onder inspanningsgerichte "
                        "voorwaarden in plaats van resultaatgericht.</p>",
                    ),
                ],
            ),
        ],
    ),
    (
        "Werkwijze voor Jeugd en Wmo",
        "werkwijze",
        Domain.BOTH,
        "<p>Wat voor alle domeinen geldt: het perspectiefplan, de regisseursrol en de "
        "uitgangspunten van kwaliteit.</p>",
        [
            (
                "Het perspectiefplan",
                "perspectiefplan",
                "Het perspectiefplan is van de inwoner: een instrument waarmee hij of zij de regie voert op "
                "het eigen ondersteuningstraject. Voor een enkelvoudig of eenmalig consult is het niet nodig.",
                [
                    (
                        "Van wie is het plan?",
                        "<p>Het perspectiefplan hoort weer een instrument van de inwoner te worden, niet een "
                        "werkproces van de gemeente of de aanbieder.</p>",
                    ),
                    (
                        "Wanneer niet",
                        "<p>Gebruik het werkproces perspectiefplan niet voor enkelvoudige of eenmalige "
                        "consulten. De werkgroep Perspectiefplan stelt richtlijnen op voor wanneer het plan wel "
                        "en niet wordt ingezet.</p>",
                    ),
                ],
            ),
            (
                "De regisseursrol",
                "regisseursrol",
                "Als meerdere organisaties bij één gezin betrokken zijn, is er één regiehouder: één gezin, "
                "één plan.",
                [
                    (
                        "Waarom een regisseur",
                        "<p>Aanbieders merken dat het makkelijker is geworden om binnen één gezin te schakelen, "
                        "omdat de omschrijving van de producten voor Wmo en Jeugd gelijk is. Toch mist soms een "
                        "regiehouder, juist wanneer er meerdere organisaties betrokken zijn.</p>",
                    )
                ],
            ),
            (
                "De zes uitgangspunten van kwaliteit",
                "uitgangspunten-kwaliteit",
                "Meer eigen kracht, grotere inzet van voorliggende voorzieningen, meer één gezin één plan, "
                "grotere inzet van het sociaal netwerk, minder bureaucratie en dichter bij de inwoner "
                "organiseren.",
                [
                    (
                        "De uitgangspunten",
                        "<ol><li>Meer eigen kracht</li><li>Grotere inzet voorliggende voorzieningen</li>"
                        "<li>Meer één gezin één plan</li><li>Grotere inzet sociaal netwerk</li>"
                        "<li>Minder bureaucratie</li><li>Dichterbij de inwoner organiseren</li></ol>",
                    ),
                    (
                        "Wat de evaluatie zag",
                        "<p>De grotere inzet van voorliggende voorzieningen komt het minst tot zijn recht: de "
                        "toegang kent de voorzieningen niet genoeg om echt te verwijzen. Aanbieders vinden "
                        "unaniem dat resultaatsturing niet tot minder bureaucratie heeft geleid.</p>",
                    ),
                ],
            ),
        ],
    ),
]


def _child_by_slug(parent, slug):
    return parent.get_children().filter(slug=slug).first()


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


def _get_or_add_page(report, parent, page):
    existing = _child_by_slug(parent, page.slug)
    if existing is not None:
        report.record("pagina's", False)
        return existing.specific
    parent.add_child(instance=page)
    page.save_revision().publish()
    report.record("pagina's", True)
    return page


def tasks(report):
    result = [lambda: _load_home(report)]

    def handbook_index():
        return _get_or_add_page(
            report,
            HomePage.objects.first(),
            HandbookIndexPage(
                title="Handreiking voor de toegang", slug="handreiking", intro=HANDBOOK_INTRO
            ),
        )

    result.append(handbook_index)
    for section_title, section_slug, domain, intro, pages in HANDBOOK:

        def section(t=section_title, s=section_slug, d=domain, i=intro):
            return _get_or_add_page(
                report,
                HandbookIndexPage.objects.first(),
                HandbookSectionPage(title=t, slug=s, domain=d, intro=i),
            )

        result.append(section)
        for title, slug, summary, body in pages:

            def guidance(
                section_slug=section_slug,
                title=title,
                slug=slug,
                summary=summary,
                body=body,
                domain=domain,
            ):
                parent = HandbookSectionPage.objects.get(slug=section_slug)
                return _get_or_add_page(
                    report,
                    parent,
                    GuidancePage(
                        title=title,
                        slug=slug,
                        summary=summary,
                        domain=domain,
                        body=[("section", {"heading": h, "text": t}) for h, t in body],
                    ),
                )

            result.append(guidance)
    return result
