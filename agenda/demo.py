"""The development agenda of the memo (West-Friesland, 2021): its parts, themes and priority items."""

import datetime
from decimal import Decimal

from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision

from accounts.models import Organisation, OrganisationType, User, WorkingGroup
from accounts.visibility import Visibility
from home.demo_loading import days_ago_at, get_or_create, happened_at
from notifications.actions import set_following

from .actions import update_item
from .models import (
    AgendaItem,
    AgendaPart,
    Decision,
    Dependency,
    DependencyKind,
    Domain,
    Kind,
    Milestone,
    Status,
    Theme,
)

# The memo advises informing the councils after the Madivosa of October, week 42 of 2021: its
# deadlines, milestones and decisions are dated from then. The demo starts the agenda later
# (agenda_start) and moves each of those dates along with it (on_platform).
MEMO_START = datetime.date(2021, 10, 18)

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

MEMO_RISKS = (
    "Verergering van de problematiek van de inwoner door het niet tijdig oppakken van de hulpvraag. "
    "Professionals die hun beroepscodes niet kunnen handhaven. Het niet behalen van wettelijke "
    "termijnen. Discussies aan de voorkant blijven, wat de samenwerking tussen gemeenten en "
    "zorgaanbieders bemoeilijkt. Kosten gaan omhoog. Verlies van geloofwaardigheid doordat "
    "verbeteringen zijn toegezegd maar niet worden uitgevoerd. Medewerkers verliezen de "
    "uitgangspunten van het RGW uit het oog."
)
ALL_MUNICIPALITIES = "*"
D = datetime.date


def item(part, code, title, **fields):
    return {"part": part, "code": code, "title": title, **fields}


# Every item of the memo's development agenda, and the matrix changes of the NMD report
# (Bijlage 2) as knelpunten of Deel 2.
ITEMS = [
    # --- Deel 1 uitvoeringspraktijk ---
    item(
        1,
        "1.K1",
        "Grote verschillen in de uitvoering tussen de lokale toegangen",
        kind=Kind.KNELPUNT,
        theme="profielen-intensiteiten",
        municipalities=ALL_MUNICIPALITIES,
        summary="Er worden soms grote verschillen in de uitvoering ervaren, over de hele keten. "
        "Vooral voor zorgaanbieders kost het veel werk en tijd om met de verschillen tussen de "
        "lokale toegangen om te gaan. Aanbieders en gebiedsteams willen meer uniformering.",
        risks=MEMO_RISKS,
        accountable_head="afdelingshoofd",
    ),
    item(
        1,
        "1.K2",
        "Het perspectiefplan is een bureaucratisch werkproces geworden",
        kind=Kind.KNELPUNT,
        theme="perspectiefplan",
        risks=MEMO_RISKS,
        accountable_head="afdelingshoofd",
        summary="Het perspectiefplan wordt ook voor enkelvoudige en eenmalige consulten gebruikt; "
        "dat geeft administratieve lasten en lange doorlooptijden.",
    ),
    item(
        1,
        "1.1",
        "Perspectiefplan weer een instrument van de inwoner",
        parent="1.K2",
        theme="perspectiefplan",
        priority=True,
        status=Status.PREPARING,
        group="perspectiefplan",
        accountable_head="afdelingshoofd",
        deadline=D(2022, 7, 18),
        municipalities=ALL_MUNICIPALITIES,
        summary="Zorg dat het perspectiefplan weer een instrument wordt van de inwoner, waarmee "
        "hij of zij de regie op het eigen ondersteuningstraject kan voeren. Schrap onnodige "
        "bureaucratie. Werkgroep: minimaal vijf toegangsmedewerkers (Jeugd en Wmo, verschillende "
        "gemeenten), twee (juridische) kwaliteitsmedewerkers, twee contractmanagers en een "
        "procesbegeleider.",
    ),
    item(
        1,
        "1.1.1",
        "Richtlijnen voor het wel of niet inzetten van het perspectiefplan",
        parent="1.1",
        kind=Kind.ACTIE,
        theme="perspectiefplan",
        priority=True,
        status=Status.IN_PROGRESS,
        progress=40,
        group="perspectiefplan",
        owner="werkgroeplid",
        deadline=D(2022, 3, 31),
        accountable_head="afdelingshoofd",
        summary="Geen perspectiefplan bij enkelvoudige of eenmalige consulten. Hoofdvraag: is het "
        "noodzakelijk om voor alle hulpvragen een perspectiefplan op te stellen?",
    ),
    item(
        1,
        "1.1.2",
        "Het proces van het perspectiefplan efficiënter en effectiever maken",
        parent="1.1",
        kind=Kind.ACTIE,
        theme="perspectiefplan",
        priority=True,
        status=Status.NOT_STARTED,
        group="perspectiefplan",
        deadline=D(2022, 7, 18),
        accountable_head="afdelingshoofd",
        summary="Minder administratieve lasten voor aanbieders en een kortere doorlooptijd, zodat "
        "inwoners eerder hulp krijgen en wachttijden en wachtlijsten afnemen.",
    ),
    item(
        1,
        "1.1.3",
        "Evaluatie van het perspectiefplan (deel 4)",
        parent="1.1",
        kind=Kind.ACTIE,
        theme="perspectiefplan",
        status=Status.IN_PROGRESS,
        progress=60,
        group="perspectiefplan",
        summary="De evaluatie van deel 4 van het perspectiefplan is al opgepakt.",
    ),
    item(
        1,
        "1.2",
        "Vraagverheldering bij de toegangen versterken, zo nodig met triage",
        parent="1.K1",
        theme="vraagverheldering-triage",
        priority=True,
        deadline=D(2022, 7, 18),
        accountable_head="afdelingshoofd",
        municipalities=ALL_MUNICIPALITIES,
        summary="Versterk de deskundigheid en vaardigheden van de toegangen in de "
        "vraagverhelderingsfase en breid zo nodig uit met triage.",
    ),
    item(
        1,
        "1.3",
        "Handreiking: profielen en (blok)intensiteiten bepalen voor Jeugd en Wmo",
        parent="1.K1",
        theme="profielen-intensiteiten",
        priority=True,
        deadline=D(2022, 7, 18),
        accountable_head="afdelingshoofd",
        summary="Ontwikkel voor de toegangen een handreiking voor het bepalen van profielen en "
        "(blok)intensiteiten voor Jeugd en Wmo.",
    ),
    item(
        1,
        "1.4",
        "Handreiking: invulling van de regisseursrol en regievoering",
        parent="1.K1",
        theme="regievoering",
        priority=True,
        deadline=D(2022, 7, 18),
        accountable_head="afdelingshoofd",
        summary="Ontwikkel voor de toegangen een handreiking voor de invulling van de "
        "regisseursrol en de regievoering: één gezin, één plan.",
    ),
    # --- Deel 2 inkoopsystematiek ---
    item(
        2,
        "2.K1",
        "Leemten tussen segment B en C Jeugd",
        kind=Kind.KNELPUNT,
        theme="segment-b-c-jeugd",
        domain=Domain.JEUGD,
        risks=MEMO_RISKS,
        accountable_head="afdelingshoofd",
        summary="Er zijn casussen die financieel niet passen binnen segment B en inhoudelijk niet "
        "binnen segment C. Daardoor ontstaan aan de voorkant discussies over financiën tussen de "
        "lokale teams en de aanbieders.",
    ),
    item(
        2,
        "2.1",
        "Betere afbakening van segment B en C Jeugd",
        parent="2.K1",
        theme="segment-b-c-jeugd",
        domain=Domain.JEUGD,
        priority=True,
        status=Status.IN_PROGRESS,
        deadline=D(2022, 7, 31),
        group="segment-c-jeugd",
        owner="trekker",
        trekker="trekker",
        accountable_head="afdelingshoofd",
        capacity=Decimal("48"),
        budget=Decimal("40000"),
        budget_source="Transformatiefonds",
        municipalities=ALL_MUNICIPALITIES,
        summary="Laag complexe jeugdhulp (± 80/85% van de trajecten, voorspelbaar) met "
        "budgetindicaties op basis van arrangementstarief; hoog complexe jeugdhulp (± 15/20%, "
        "weinig voorspelbaar, grote ontwikkel- en veiligheidsrisico's). Team: twee "
        "beleidsmedewerkers Jeugd, twee contractmanagers en een financieel adviseur; 8 uur per "
        "week per medewerker, 16 uur voor de trekker; ingehuurde deskundigheid € 40.000.",
        milestones=[
            ("Voorwaarden voor de realisatie van de opgaven", D(2022, 1, 31)),
            ("Uitvoering in de praktijk", D(2022, 7, 1)),
            ("Evaluatie en besluit over opnieuw inkopen", D(2022, 7, 31)),
        ],
    ),
    item(
        2,
        "2.1.1",
        "Trajectgerichte bekostiging voor segment C uitwerken",
        parent="2.1",
        kind=Kind.ACTIE,
        theme="segment-b-c-jeugd",
        domain=Domain.JEUGD,
        priority=True,
        status=Status.IN_PROGRESS,
        progress=50,
        deadline=D(2022, 1, 31),
        group="segment-c-jeugd",
        owner="trekker",
        trekker="trekker",
        accountable_head="afdelingshoofd",
        visibility=Visibility.MUNICIPALITIES,
        summary="Een gemiddelde trajectprijs per inwoner gedurende een bepaalde periode, met een "
        "jaarlijkse indicatie, zodat op- en afschalen tijdens het traject mogelijk is.",
    ),
    item(
        2,
        "2.1.2",
        "Verplichte zorgcombinaties van aanbieders in segment C contracteren",
        parent="2.1",
        kind=Kind.ACTIE,
        theme="segment-b-c-jeugd",
        domain=Domain.JEUGD,
        priority=True,
        progress=10,
        deadline=D(2022, 7, 31),
        group="segment-c-jeugd",
        trekker="trekker",
        accountable_head="afdelingshoofd",
        summary="Niet vrijblijvende samenwerking rond een traject vanuit verschillende expertise: "
        "aanbieders van segment C gaan een verplichte samenwerking met elkaar aan.",
    ),
    item(
        2,
        "2.1.3",
        "Adviesteam segment C versterken met mandaat",
        parent="2.1",
        kind=Kind.ACTIE,
        theme="segment-b-c-jeugd",
        domain=Domain.JEUGD,
        priority=True,
        deadline=D(2022, 7, 31),
        group="segment-c-jeugd",
        trekker="trekker",
        accountable_head="afdelingshoofd",
        summary="Het adviesteam ziet met mandaat toe op een snel en zorgvuldig toegangsproces.",
    ),
    item(
        2,
        "2.K2",
        "Profielen en intensiteiten Wmo zijn niet scherp afgebakend",
        kind=Kind.KNELPUNT,
        theme="wmo-intensiteiten",
        domain=Domain.WMO,
        summary="Toegangen en aanbieders leggen de Wmo-profielen en -intensiteiten verschillend "
        "uit; tussen intensiteit B en C zit een te grote sprong.",
    ),
    item(
        2,
        "2.2",
        "Profielen en intensiteiten Wmo afbakenen; één intensiteit tussen B en C toevoegen",
        parent="2.K2",
        theme="wmo-intensiteiten",
        domain=Domain.WMO,
        priority=True,
        status=Status.IN_PROGRESS,
        progress=30,
        deadline=D(2022, 10, 18),
        accountable_head="afdelingshoofd",
        summary="Het herdefiniëren van de profielen Wmo is al opgepakt.",
        dependents=[("1.3", DependencyKind.BLOCKS)],
    ),
    item(
        2,
        "2.3",
        "Huishoudelijke hulp onder inspanningsgerichte voorwaarden onderzoeken",
        parent="2.K2",
        theme="huishoudelijke-hulp",
        domain=Domain.WMO,
        priority=True,
        deadline=D(2022, 10, 18),
        summary="Onderzoek hoe huishoudelijke hulp mogelijk is onder inspanningsgerichte "
        "omstandigheden.",
    ),
    # Bijlage 2 of the NMD report: changes needed in the resultatenmatrix.
    item(
        2,
        "2.N1",
        "Dagbesteding M1–M3: hetzelfde tarief voor één als voor vier dagdelen",
        kind=Kind.KNELPUNT,
        theme="profielen-intensiteiten",
        tags=["resultatenmatrix", "NMD"],
        summary="Aanbieders krijgen hetzelfde tarief voor één dagdeel als voor vier; middelen "
        "blijkt lastig, er is meer differentiatie in de tarieven nodig. Educatieve dagbesteding "
        "moet beter worden afgebakend. (Bron: aanbieders, evaluatie NMD, bijlage 2)",
    ),
    item(
        2,
        "2.N2",
        "Dagbesteding vanuit een gezinshuis valt onder wonen: zorg niet stapelbaar",
        kind=Kind.KNELPUNT,
        theme="profielen-intensiteiten",
        domain=Domain.JEUGD,
        tags=["resultatenmatrix", "NMD"],
        summary="Dagbesteding vanuit een gezinshuis valt onder wonen en niet onder educatieve "
        "dagbesteding: één keer geld voor twee dingen. Verschillende vormen van zorg voor één "
        "persoon moeten te stapelen zijn. (Bron: aanbieders)",
    ),
    item(
        2,
        "2.N3",
        "Dagbesteding binnen beschermd wonen lager bekostigd dan ambulant",
        kind=Kind.KNELPUNT,
        theme="profielen-intensiteiten",
        domain=Domain.WMO,
        tags=["resultatenmatrix", "NMD"],
        summary="In het resultaatgebied beschermd wonen krijg je veel minder voor de bouwsteen "
        "dagbesteding dan bij ambulante cliënten; dit moet gelijk getrokken worden.",
    ),
    item(
        2,
        "2.N4",
        "Gezinshuis: zorgzwaartes passen niet in één woonvorm",
        kind=Kind.KNELPUNT,
        theme="profielen-intensiteiten",
        domain=Domain.JEUGD,
        tags=["resultatenmatrix", "NMD"],
        summary="Zorgzwaartes op cliëntniveau verschillen zo dat ze niet in één woonvorm passen; "
        "aanbieders komen met deze financiering niet uit de kosten.",
    ),
    item(
        2,
        "2.N5",
        "Vervoer is een grote kostenpost geworden",
        kind=Kind.KNELPUNT,
        theme="profielen-intensiteiten",
        tags=["resultatenmatrix", "NMD"],
        summary="Vervoer heeft grote invloed op de bereikbaarheid van voorzieningen zoals "
        "dagbesteding.",
    ),
    item(
        2,
        "2.N6",
        "G1 medicatiecontrole omvat in de praktijk ook begeleiding",
        kind=Kind.KNELPUNT,
        theme="profielen-intensiteiten",
        tags=["resultatenmatrix", "NMD"],
        summary="Bij medicatiecontrole zit altijd een stuk begeleiding; het is meer dan controle.",
    ),
    item(
        2,
        "2.N7",
        "G3 gezinsondersteuning: alleen begeleiding inzetten is over-indicatie",
        kind=Kind.KNELPUNT,
        theme="profielen-intensiteiten",
        domain=Domain.JEUGD,
        tags=["resultatenmatrix", "NMD"],
        summary="De beschrijving omvat behandeling én begeleiding; G3 alleen voor begeleiding "
        "inzetten is een over-indicatie.",
    ),
    item(
        2,
        "2.N8",
        "Domein Z (zelfredzaam) is niet passend geformuleerd voor jeugd",
        kind=Kind.KNELPUNT,
        theme="profielen-intensiteiten",
        domain=Domain.JEUGD,
        tags=["resultatenmatrix", "NMD"],
        summary="Het domein zelfredzaam is gericht op volwassenen.",
    ),
    item(
        2,
        "2.N9",
        "Het resultaat stabilisatie (en 'behouden van') ontbreekt",
        kind=Kind.KNELPUNT,
        theme="profielen-intensiteiten",
        tags=["resultatenmatrix", "NMD"],
        summary="Voor sommige cliënten is stabiel blijven het doel; afschalen is soms geen optie. "
        "Stabilisatie kan nu niet worden ingekocht. (Bron: aanbieders en toegang)",
    ),
    item(
        2,
        "2.N10",
        "V2 veilig wonen: arrangementen sluiten niet op elkaar aan (ook 18-/18+)",
        kind=Kind.KNELPUNT,
        theme="regievoering",
        tags=["resultatenmatrix", "NMD"],
        summary="Overgangen tussen beschermd wonen en ambulante hulp zijn niet goed vorm te "
        "geven; dat geeft ook problemen in de overgang 18-/18+. (Bron: toegang)",
    ),
    item(
        2,
        "2.N11",
        "Z5 schoon en leefbaar huis: eigen bijdrage moeilijk uit te leggen",
        kind=Kind.KNELPUNT,
        theme="huishoudelijke-hulp",
        domain=Domain.WMO,
        tags=["resultatenmatrix", "NMD"],
        summary="De eigen bijdrage bleef gelijk terwijl het aantal uren ondersteuning vaak "
        "afnam. (Bron: toegang)",
    ),
    item(
        2,
        "2.N12",
        "M4 logeren: omschrijving sluit niet aan bij de inwoner",
        kind=Kind.KNELPUNT,
        theme="profielen-intensiteiten",
        tags=["resultatenmatrix", "NMD"],
        summary="De taal sluit niet aan; ouders voelen zich vaak beledigd als ze dit lezen. "
        "(Bron: toegang)",
    ),
    item(
        2,
        "2.N13",
        "Dagbesteding: sprong tussen 1–5 en 6–10 dagdelen verdubbelt de kostprijs",
        kind=Kind.KNELPUNT,
        theme="profielen-intensiteiten",
        tags=["resultatenmatrix", "NMD"],
        summary="Wellicht is een tussenvorm nodig. (Bron: toegang)",
    ),
    # --- Deel 3 overige aanbevelingen ---
    item(
        3,
        "3.1",
        "Dashboard resultaatmeting inrichten en implementeren",
        theme="resultaatmeting-dashboard",
        status=Status.IN_PROGRESS,
        progress=40,
        deadline=D(2021, 12, 31),
        owner="projectleider",
        summary="Hernieuwde opstartfase met het streven binnen tien weken eerste resultaten te tonen; "
        "uitwerken hoe behaalde resultaten worden afgerekend.",
        milestones=[("Eerste resultaten zichtbaar", D(2021, 12, 31))],
    ),
    item(
        3,
        "3.1.1",
        "Ontwikkeltafel Resultaat Meten: eerste rapportage",
        parent="3.1",
        kind=Kind.ACTIE,
        theme="resultaatmeting-dashboard",
        status=Status.IN_PROGRESS,
        progress=80,
        deadline=D(2021, 11, 30),
        summary="De eerste rapportage van de ontwikkeltafel wordt binnenkort opgeleverd.",
    ),
    item(
        3,
        "3.2",
        "Beschikbaarheidsapplicatie implementeren",
        theme="beschikbaarheidsapplicatie",
        status=Status.IN_PROGRESS,
        progress=25,
        summary="Inzicht in de gecontracteerde aanbieders, het aanbod en de wachttijden.",
    ),
    item(
        3,
        "3.3",
        "Platform onder de paraplu van het Regionaal Expertteam",
        theme="platform",
        status=Status.IN_PROGRESS,
        progress=20,
        owner="moderator",
        summary="Een platform van medewerkers van gemeenten, zorgaanbieders en onafhankelijke "
        "deskundigen om verbeteringen in het systeem aan te dragen.",
    ),
    item(
        3,
        "3.4",
        "Algemene projectleider aanstellen (gemiddeld 16 uur per week)",
        theme="platform",
        status=Status.REALISED,
        progress=100,
        owner="projectleider",
        capacity=Decimal("16"),
        accountable_head="afdelingshoofd",
        summary="De projectleider bewaakt de voortgang en de integraliteit, zodat geen "
        "waterbedeffect ontstaat. Tot die tijd kan een afdelingshoofd een waakfunctie bekleden.",
        decisions=[
            (
                D(2021, 10, 18),
                "Madivosa",
                "Afdelingshoofden met mandaat",
                "Opdracht aan het regionale afdelingshoofdenoverleg om de ontwikkelagenda "
                "uit te voeren en een plan van aanpak op te stellen, rekening houdend met de "
                "benodigde capaciteit.",
            )
        ],
    ),
    item(
        3,
        "3.5",
        "Eén regionale werkdag per week",
        theme="platform",
        status=Status.PREPARING,
        municipalities=ALL_MUNICIPALITIES,
        summary="Op een vaste dag per week zijn collega's beschikbaar om het totaalproces te "
        "doorlopen, van de toegang tot de besluitvorming, met nauw contact met de coördinatoren "
        "van de lokale teams.",
    ),
]

# Dependencies besides those given with `dependents=` above: (item, depends on, kind)
DEPENDENCIES = [
    ("1.3", "2.1", DependencyKind.BLOCKS),
    ("1.1.2", "1.1.1", DependencyKind.RELATES),
    ("3.1", "3.2", DependencyKind.RELATES),
]


# The agenda has a history on the platform too: the project lead put it on the platform on the
# Monday it started, some five months before the demo is loaded, and the people who carry an
# item brought its progress up to date since, so an item's history reads "Voortgang: 20% → 40%"
# by its owner, on a working day. The memo's calendar moves along (on_platform): at loading, as
# five months into the memo's agenda, the first deadlines have passed, that of 1.1.1 is near and
# the targets of parts 1 and 2 lie ahead, so the progress view and the overdue list read as in
# use, not as an agenda four years late.
LAUNCH_DAYS_AGO = 150
RECORDED_FIELDS = [
    (Revision, "created_at"),
    (ModelLogEntry, "timestamp"),
    (AgendaItem, "first_published_at"),
    (AgendaItem, "last_published_at"),
]
# How much further an item got on the platform than it stood at the start (percentage points),
# and how many days before loading its carrier said so: 2.1.1 this week, so the project lead,
# who follows the priority items, has news of it; the others he has read.
PROGRESS_SINCE_LAUNCH = 20
UPDATED_DAYS_AGO = {
    "2.1.1": 3, "1.1.1": 44, "2.1.2": 12, "2.2": 26, "1.1.3": 58, "3.1": 19, "3.1.1": 33,
    "3.2": 71, "3.3": 88,
}  # fmt: skip


def agenda_start():
    """The Monday of the week the agenda started, LAUNCH_DAYS_AGO days before loading: a
    Monday, as the memo's start was, so its dates keep their weekdays."""
    launched = timezone.localdate() - datetime.timedelta(days=LAUNCH_DAYS_AGO)
    return launched - datetime.timedelta(days=launched.weekday())


def on_platform(memo_date, start):
    """A date of the memo, as far after `start` (agenda_start) as it was after the memo's."""
    return None if memo_date is None else start + (memo_date - MEMO_START)


def tasks(report):
    # One start for the whole load, also when loading runs past midnight.
    start = agenda_start()
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
                    "start_date": start,
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
        result.append(lambda row=row: _load_item(report, row, start))
    dependencies = DEPENDENCIES + [
        (dependent, row["code"], kind)
        for row in ITEMS
        for dependent, kind in row.get("dependents", [])
    ]
    for dependent, depends_on, kind in dependencies:
        result.append(lambda a=dependent, b=depends_on, k=kind: _load_dependency(report, a, b, k))
    return result


def _user(username):
    return User.objects.filter(username=username).first() if username else None


def _item(code):
    return AgendaItem.objects.get(code=code, part__number=int(code.split(".")[0]))


def _load_item(report, row, start):
    part = AgendaPart.objects.get(number=row["part"])
    existing = AgendaItem.objects.filter(part=part, code=row["code"]).first()
    if existing is not None:
        report.record(str(AgendaItem._meta.verbose_name_plural), False)
        return existing
    group_slug = row.get("group")
    # The progress an item had when the platform started; it was brought up to date since by
    # whoever carries it (where there are no demo accounts, it starts as it stands).
    progress = row.get("progress")
    lead = _user("projectleider")
    carrier = _user(row.get("owner")) or _user(row.get("trekker")) or lead
    updated = progress is not None and row.get("status") != Status.REALISED and carrier is not None
    at_launch = (max(progress - PROGRESS_SINCE_LAUNCH, 0) or None) if updated else progress
    item = AgendaItem(
        part=part,
        code=row["code"],
        title=row["title"],
        summary=row.get("summary", ""),
        parent=_item(row["parent"]) if row.get("parent") else None,
        kind=row.get("kind", Kind.AANBEVELING),
        theme=Theme.objects.get(slug=row["theme"]),
        domain=row.get("domain", Domain.BOTH),
        is_priority=row.get("priority", False),
        status=row.get("status", Status.NOT_STARTED),
        progress=at_launch,
        start_date=start,
        deadline=on_platform(row.get("deadline"), start),
        working_group=WorkingGroup.objects.filter(slug=group_slug).first() if group_slug else None,
        owner=_user(row.get("owner")),
        trekker=_user(row.get("trekker")),
        accountable_head=_user(row.get("accountable_head")),
        capacity_hours_per_week=row.get("capacity"),
        budget_amount=row.get("budget"),
        budget_source=row.get("budget_source", ""),
        risks=row.get("risks", ""),
        visibility=row.get("visibility", Visibility.PUBLIC),
        # The memo does not date its realisations; the deadline stands in, else the start.
        realised_on=on_platform(row.get("deadline") or MEMO_START, start)
        if row.get("status") == Status.REALISED
        else None,
    )
    for title, due in row.get("milestones", []):
        item.milestones.add(Milestone(title=title, due_date=on_platform(due, start)))
    for date, body, mandate, text in row.get("decisions", []):
        item.decisions.add(
            Decision(date=on_platform(date, start), body=body, mandate=mandate, text=text)
        )
    item.save()
    municipalities = Organisation.objects.filter(type=OrganisationType.MUNICIPALITY)
    if row.get("municipalities") == ALL_MUNICIPALITIES:
        item.municipalities.set(municipalities)
    if row.get("tags"):
        item.tags.add(*row["tags"])
    item.save()
    # A first revision, so the item's history starts with its creation: by the project lead,
    # on the morning the agenda started, with the progress the item had then.
    launched = (timezone.localdate() - start).days
    with happened_at(days_ago_at(launched, 9), RECORDED_FIELDS):
        item.save_revision(user=lead, log_action="wagtail.create").publish(
            log_action=False, skip_permission_checks=True
        )
        if lead is not None and item.is_priority:
            set_following(lead, item, True)
    if updated:
        # Through the platform's own action, as its carrier would.
        updated_on = days_ago_at(UPDATED_DAYS_AGO.get(item.code, 30), 15, 30)
        with happened_at(updated_on, RECORDED_FIELDS):
            update_item(item.pk, carrier, {"progress": progress})
    report.record(str(AgendaItem._meta.verbose_name_plural), True)
    return item


def _load_dependency(report, dependent, depends_on, kind):
    return get_or_create(
        report,
        Dependency,
        {"item": _item(dependent), "depends_on": _item(depends_on)},
        {"kind": kind},
    )
