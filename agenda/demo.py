"""The development agenda of the memo (West-Friesland, 2021): its parts, themes and priority items."""

import datetime

from accounts.models import User, WorkingGroup
from accounts.visibility import Visibility
from home.demo_loading import get_or_create

from .models import AgendaItem, AgendaPart, Domain, Kind, Status, Theme

# The memo advises informing the councils after the Madivosa of October, week 42 of 2021.
AGENDA_START = datetime.date(2021, 10, 18)

PARTS = [
    (
        1,
        "Uitvoeringspraktijk",
        "deel-1-uitvoeringspraktijk",
        80,
        9,
        "Aanbevelingen voor de uitvoering bij de toegangen en aanbieders. De memo verwacht dat 80% "
        "binnen 9 maanden is gerealiseerd, onder voorwaarden: voldoende capaciteit en deskundigheid, "
        "prioriteit bij alle betrokkenen en efficiënte besluitvorming met mandaat.",
    ),
    (
        2,
        "Inkoopsystematiek",
        "deel-2-inkoopsystematiek",
        80,
        12,
        "Aanbevelingen voor de inkoopsystematiek van het RGW. Hiervoor geldt een langere doorlooptijd: "
        "één jaar.",
    ),
    (
        3,
        "Overige aanbevelingen",
        "deel-3-overige",
        None,
        None,
        "Resultaatmeting met het dashboard, de beschikbaarheidsapplicatie en het platform onder het "
        "Regionaal Expertteam.",
    ),
]

THEMES = [
    ("Perspectiefplan", "perspectiefplan"),
    ("Vraagverheldering en triage", "vraagverheldering-triage"),
    ("Profielen en intensiteiten", "profielen-intensiteiten"),
    ("Regievoering", "regievoering"),
    ("Segment B/C Jeugd", "segment-b-c-jeugd"),
    ("Wmo-intensiteiten", "wmo-intensiteiten"),
    ("Huishoudelijke hulp", "huishoudelijke-hulp"),
    ("Resultaatmeting en dashboard", "resultaatmeting-dashboard"),
    ("Beschikbaarheidsapplicatie", "beschikbaarheidsapplicatie"),
    ("Platform", "platform"),
]

# (part, code, parent code, kind, theme, title, domain, priority, status, deadline, working group,
#  owner, visibility, summary)
ITEMS = [
    (
        1,
        "1.1",
        None,
        Kind.AANBEVELING,
        "perspectiefplan",
        "Perspectiefplan weer een instrument van de inwoner",
        Domain.BOTH,
        True,
        Status.PREPARING,
        None,
        "perspectiefplan",
        None,
        Visibility.PUBLIC,
        "Zorg dat het perspectiefplan weer een instrument wordt van de inwoner, waarmee hij of zij de "
        "regie op het eigen ondersteuningstraject kan voeren. Schrap onnodige bureaucratie.",
    ),
    (
        1,
        "1.1.1",
        "1.1",
        Kind.ACTIE,
        "perspectiefplan",
        "Richtlijnen voor het wel of niet inzetten van het perspectiefplan",
        Domain.BOTH,
        True,
        Status.PREPARING,
        None,
        "perspectiefplan",
        "werkgroeplid",
        Visibility.PUBLIC,
        "Geen perspectiefplan bij enkelvoudige of eenmalige consulten. Hoofdvraag: is het noodzakelijk "
        "om voor alle hulpvragen een perspectiefplan op te stellen?",
    ),
    (
        1,
        "1.1.2",
        "1.1",
        Kind.ACTIE,
        "perspectiefplan",
        "Het proces van het perspectiefplan efficiënter en effectiever maken",
        Domain.BOTH,
        True,
        Status.NOT_STARTED,
        None,
        "perspectiefplan",
        None,
        Visibility.PUBLIC,
        "Minder administratieve lasten voor aanbieders en een kortere doorlooptijd, zodat inwoners "
        "eerder hulp krijgen en wachttijden afnemen.",
    ),
    (
        1,
        "1.1.3",
        "1.1",
        Kind.ACTIE,
        "perspectiefplan",
        "Evaluatie van het perspectiefplan (deel 4)",
        Domain.BOTH,
        False,
        Status.IN_PROGRESS,
        None,
        "perspectiefplan",
        None,
        Visibility.PUBLIC,
        "De evaluatie van deel 4 van het perspectiefplan is al opgepakt.",
    ),
    (
        1,
        "1.2",
        None,
        Kind.AANBEVELING,
        "vraagverheldering-triage",
        "Vraagverheldering bij de toegangen versterken, zo nodig met triage",
        Domain.BOTH,
        True,
        Status.NOT_STARTED,
        None,
        None,
        None,
        Visibility.PUBLIC,
        "Versterk de deskundigheid en vaardigheden van de toegangen in de vraagverhelderingsfase en "
        "breid zo nodig uit met triage.",
    ),
    (
        1,
        "1.3",
        None,
        Kind.AANBEVELING,
        "profielen-intensiteiten",
        "Handreiking: profielen en (blok)intensiteiten bepalen voor Jeugd en Wmo",
        Domain.BOTH,
        True,
        Status.NOT_STARTED,
        None,
        None,
        None,
        Visibility.PUBLIC,
        "Ontwikkel voor de toegangen een handreiking voor het bepalen van profielen en "
        "(blok)intensiteiten voor Jeugd en Wmo.",
    ),
    (
        1,
        "1.4",
        None,
        Kind.AANBEVELING,
        "regievoering",
        "Handreiking: invulling van de regisseursrol en regievoering",
        Domain.BOTH,
        True,
        Status.NOT_STARTED,
        None,
        None,
        None,
        Visibility.PUBLIC,
        "Ontwikkel voor de toegangen een handreiking voor de invulling van de regisseursrol.",
    ),
    (
        2,
        "2.1",
        None,
        Kind.AANBEVELING,
        "segment-b-c-jeugd",
        "Betere afbakening van segment B en C Jeugd",
        Domain.JEUGD,
        True,
        Status.IN_PROGRESS,
        datetime.date(2022, 7, 31),
        "segment-c-jeugd",
        "trekker",
        Visibility.PUBLIC,
        "Er zijn casussen die financieel niet passen binnen segment B en inhoudelijk niet binnen "
        "segment C. Laag complexe jeugdhulp (± 80/85% van de trajecten, voorspelbaar) met "
        "budgetindicaties op basis van arrangementstarief; hoog complexe jeugdhulp (± 15/20%, weinig "
        "voorspelbaar, grote ontwikkel- en veiligheidsrisico's).",
    ),
    (
        2,
        "2.1.1",
        "2.1",
        Kind.ACTIE,
        "segment-b-c-jeugd",
        "Trajectgerichte bekostiging voor segment C uitwerken",
        Domain.JEUGD,
        True,
        Status.IN_PROGRESS,
        datetime.date(2022, 1, 31),
        "segment-c-jeugd",
        "trekker",
        Visibility.MUNICIPALITIES,
        "Een gemiddelde trajectprijs per inwoner gedurende een bepaalde periode, met een jaarlijkse "
        "indicatie, zodat op- en afschalen tijdens het traject mogelijk is.",
    ),
    (
        2,
        "2.1.2",
        "2.1",
        Kind.ACTIE,
        "segment-b-c-jeugd",
        "Verplichte zorgcombinaties van aanbieders in segment C contracteren",
        Domain.JEUGD,
        True,
        Status.NOT_STARTED,
        datetime.date(2022, 7, 31),
        "segment-c-jeugd",
        None,
        Visibility.PUBLIC,
        "Niet vrijblijvende samenwerking rond een traject vanuit verschillende expertise.",
    ),
    (
        2,
        "2.1.3",
        "2.1",
        Kind.ACTIE,
        "segment-b-c-jeugd",
        "Adviesteam segment C versterken met mandaat",
        Domain.JEUGD,
        True,
        Status.NOT_STARTED,
        datetime.date(2022, 7, 31),
        "segment-c-jeugd",
        None,
        Visibility.PUBLIC,
        "Het adviesteam ziet met mandaat toe op een snel en zorgvuldig toegangsproces.",
    ),
    (
        2,
        "2.2",
        None,
        Kind.AANBEVELING,
        "wmo-intensiteiten",
        "Profielen en intensiteiten Wmo afbakenen; één intensiteit tussen B en C toevoegen",
        Domain.WMO,
        True,
        Status.IN_PROGRESS,
        None,
        None,
        None,
        Visibility.PUBLIC,
        "Het herdefiniëren van de profielen Wmo is al opgepakt.",
    ),
    (
        2,
        "2.3",
        None,
        Kind.AANBEVELING,
        "huishoudelijke-hulp",
        "Huishoudelijke hulp onder inspanningsgerichte voorwaarden onderzoeken",
        Domain.WMO,
        True,
        Status.NOT_STARTED,
        None,
        None,
        None,
        Visibility.PUBLIC,
        "Onderzoek hoe huishoudelijke hulp mogelijk is onder inspanningsgerichte omstandigheden.",
    ),
    (
        3,
        "3.1",
        None,
        Kind.AANBEVELING,
        "resultaatmeting-dashboard",
        "Dashboard resultaatmeting inrichten en implementeren",
        Domain.BOTH,
        False,
        Status.IN_PROGRESS,
        datetime.date(2021, 12, 31),
        None,
        None,
        Visibility.PUBLIC,
        "Hernieuwde opstartfase met het streven eind december eerste resultaten te tonen; uitwerken "
        "hoe behaalde resultaten worden afgerekend. Ontwikkeltafel Resultaat Meten: eerste rapportage.",
    ),
    (
        3,
        "3.2",
        None,
        Kind.AANBEVELING,
        "beschikbaarheidsapplicatie",
        "Beschikbaarheidsapplicatie implementeren",
        Domain.BOTH,
        False,
        Status.IN_PROGRESS,
        None,
        None,
        None,
        Visibility.PUBLIC,
        "Inzicht in de gecontracteerde aanbieders, het aanbod en de wachttijden.",
    ),
    (
        3,
        "3.3",
        None,
        Kind.AANBEVELING,
        "platform",
        "Platform onder de paraplu van het Regionaal Expertteam",
        Domain.BOTH,
        False,
        Status.IN_PROGRESS,
        None,
        None,
        None,
        Visibility.PUBLIC,
        "Een platform van medewerkers van gemeenten, zorgaanbieders en onafhankelijke deskundigen om "
        "verbeteringen in het systeem aan te dragen.",
    ),
]


def tasks(report):
    result = []
    for number, title, slug, share, months, description in PARTS:
        result.append(
            lambda n=number, t=title, s=slug, sh=share, m=months, d=description: get_or_create(
                report,
                AgendaPart,
                {"number": n},
                {
                    "title": t,
                    "slug": s,
                    "target_share": sh,
                    "target_months": m,
                    "start_date": AGENDA_START,
                    "description": d,
                },
            )
        )
    for name, slug in THEMES:
        result.append(
            lambda name=name, slug=slug: get_or_create(
                report, Theme, {"slug": slug}, {"name": name}
            )
        )
    for row in ITEMS:
        result.append(lambda row=row: _load_item(report, *row))
    return result


def _load_item(
    report,
    part,
    code,
    parent_code,
    kind,
    theme,
    title,
    domain,
    priority,
    status,
    deadline,
    group_slug,
    owner,
    visibility,
    summary,
):
    part_obj = AgendaPart.objects.get(number=part)
    return get_or_create(
        report,
        AgendaItem,
        {"part": part_obj, "code": code},
        {
            "parent": AgendaItem.objects.get(part=part_obj, code=parent_code)
            if parent_code
            else None,
            "kind": kind,
            "theme": Theme.objects.get(slug=theme),
            "title": title,
            "summary": summary,
            "domain": domain,
            "is_priority": priority,
            "status": status,
            "start_date": AGENDA_START,
            "deadline": deadline,
            "working_group": WorkingGroup.objects.filter(slug=group_slug).first()
            if group_slug
            else None,
            "owner": User.objects.filter(username=owner).first() if owner else None,
            "visibility": visibility,
        },
    )
