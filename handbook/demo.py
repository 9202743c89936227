"""The handbook with real content from both seeds: the memo (West-Friesland) and the NMD
evaluation report (its resultatenmatrix, intervention levels and quality principles).

Local variations are marked as examples: the seeds say practice differs per municipality, not how.
"""

import datetime

from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision

from accounts.models import Organisation, User
from home.demo_loading import date_back, days_ago_at, get_or_add_page, get_or_create, happened_at
from home.models import HomePage

from .models import (
    Domain,
    GlossaryPage,
    GlossaryTerm,
    GuidancePage,
    GuidanceTopic,
    HandbookChange,
    HandbookIndexPage,
    HandbookSectionPage,
    IntensityLevel,
    IntensityPage,
    KeuzehulpPage,
    KeuzehulpRule,
    LocalVariation,
    ProfileIntensity,
    ProfilePage,
    ResultMatrixPage,
    Segment,
    SegmentPage,
)
from .workflow import ensure_handbook_workflow


def review_past():
    """A review date two weeks gone: the progress view's list of pages overdue for review."""
    return timezone.localdate() - datetime.timedelta(days=14)


def review_later():
    return timezone.localdate() + datetime.timedelta(days=180)


INTRO = (
    "<p>De handreiking helpt toegangsmedewerkers van de gebiedsteams en het CJG bij de vragen die "
    "zij dagelijks tegenkomen. De evaluaties lieten zien dat elke toegang profielen, intensiteiten, "
    "segmenten en het perspectiefplan anders uitlegt; deze handreiking legt de regionale standaard "
    "vast en maakt lokale afwijkingen zichtbaar.</p>"
)

SECTIONS = [
    ("Jeugd", "jeugd", Domain.JEUGD, "<p>Segmenten, profielen en intensiteiten in de jeugdhulp.</p>"),
    ("Wmo", "wmo", Domain.WMO, "<p>Profielen en intensiteiten in de Wmo-ondersteuning.</p>"),
    ("Werkwijze voor Jeugd en Wmo", "werkwijze", Domain.BOTH,
     "<p>Wat voor alle domeinen geldt: het perspectiefplan, de regisseursrol, vraagverheldering, "
     "de uitgangspunten van kwaliteit, de resultatenmatrix en de begrippen.</p>"),
]  # fmt: skip


def p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


SEGMENTS = [
    dict(slug="segment-b", title="Segment B: laag complexe jeugdhulp", segment=Segment.B,
         share_of_trajectories="± 80–85% van de trajecten",
         predictability="Hoge mate van voorspelbaarheid van inzet en verloop",
         summary="Gespecialiseerde jeugdhulp, acuut of planbaar, waarvan de benodigde inzet en het "
                 "verloop goed te voorspellen zijn.",
         description=p("Gespecialiseerde hulp die zowel acuut als planbaar kan zijn, met een hoge "
                       "mate van voorspelbaarheid van de benodigde inzet en het beloop van het "
                       "traject: ongeveer 80 tot 85% van de trajecten."),
         funding=p("Instellingen werken met budgetindicaties op basis van het arrangementstarief.")),
    dict(slug="segment-c", title="Segment C: hoog complexe jeugdhulp", segment=Segment.C,
         share_of_trajectories="± 15–20% van de trajecten",
         predictability="Lage mate van voorspelbaarheid en planbaarheid",
         summary="Jeugdhulp waarvan inzet en verloop slecht te voorspellen zijn, interventies "
                 "voortdurend worden bijgesteld en grote ontwikkel- en veiligheidsrisico's spelen.",
         description=p("Een lage mate van voorspelbaarheid en planbaarheid van de benodigde "
                       "kwalitatieve en kwantitatieve inzet. Interventies worden continu bijgesteld "
                       "op grond van diagnostiek en observatie; er spelen grote ontwikkel- en "
                       "veiligheidsrisico's. Ongeveer 15 tot 20% van de trajecten."),
         funding=p("Trajectgerichte bekostiging: een gemiddelde trajectprijs per inwoner gedurende "
                   "een bepaalde periode, met een jaarlijkse indicatie, zodat op- en afschalen ook "
                   "tijdens het traject kan. Aanbieders werken verplicht samen in zorgcombinaties."),
         advisory_team=p("Het adviesteam segment C ziet met mandaat toe op een snel en zorgvuldig "
                         "toegangsproces. Leg een casus voor als die financieel niet in segment B "
                         "past en inhoudelijk niet in segment C: die leemte is een bekend knelpunt.")),
]  # fmt: skip

INTENSITIES = {
    Domain.JEUGD: [
        dict(slug="interventieniveau-4", title="Interventieniveau 4", level=IntensityLevel.LEVEL_4,
             summary="Begeleiding met een reguliere inzet.",
             description=p("Bij de overgang naar resultaatgericht werken is veel begeleiding op "
                           "niveau 6 ingeschaald terwijl niveau 4 inhoudelijk beter had gepast. "
                           "Kies niveau 4 als de situatie stabiel genoeg is voor reguliere begeleiding."),
             distinguishing=p("Lager dan 5: er is geen sprake van een situatie die alleen "
                              "stabiel gehouden kan worden.")),
        dict(slug="interventieniveau-5", title="Interventieniveau 5: stabilisatie",
             level=IntensityLevel.LEVEL_5,
             summary="Het niveau waarop een situatie stabiel wordt gehouden.",
             description=p("Aanbieders en toegang vragen niveau 5 duidelijker te omschrijven als "
                           "stabilisatieniveau: voor sommige cliënten is stabiel blijven het hoogst "
                           "haalbare, en afschalen is dan geen optie."),
             distinguishing=p("Na een crisis op niveau 6 wordt afgeschaald naar niveau 5 zodra de "
                              "situatie stabiliseert.")),
        dict(slug="interventieniveau-6", title="Interventieniveau 6: kortdurend, crisis",
             level=IntensityLevel.LEVEL_6,
             summary="Korte, intensieve inzet bij een crisis.",
             description=p("Interventieniveau 6 is bedoeld als korte inzet bij een crisis. Pas de "
                           "indicatie tijdelijk aan en schaal af naar niveau 5 zodra het kan."),
             distinguishing=p("Anders dan 5: tijdelijk en intensief, niet om een situatie "
                              "langdurig stabiel te houden.")),
    ],
    Domain.WMO: [
        dict(slug="intensiteit-a", title="Intensiteit A", level=IntensityLevel.A,
             summary="De lichtste intensiteit.", description=p("Lichte, goed afgebakende ondersteuning.")),
        dict(slug="intensiteit-b", title="Intensiteit B", level=IntensityLevel.B,
             summary="Een middelzware intensiteit.", description=p("Meer dan A, maar zonder de zwaarte van C.")),
        dict(slug="intensiteit-b-c", title="Intensiteit tussen B en C (nieuw)", level=IntensityLevel.BC,
             summary="De intensiteit die de tussenevaluatie tussen B en C toevoegt.",
             description=p("De tussenevaluatie adviseert de Wmo-profielen en -intensiteiten af te "
                           "bakenen en één intensiteit tussen B en C toe te voegen: de sprong van B "
                           "naar C is te groot."),
             distinguishing=p("Voor situaties die meer vragen dan B maar niet de inzet van C.")),
        dict(slug="intensiteit-c", title="Intensiteit C", level=IntensityLevel.C,
             summary="De zwaarste intensiteit.", description=p("Intensieve ondersteuning.")),
        dict(slug="blok-1-5-dagdelen", title="Blok dagbesteding 1–5 dagdelen", level=IntensityLevel.B,
             is_block=True, block_label="1–5 dagdelen",
             summary="Blokintensiteit dagbesteding van één tot vijf dagdelen per week.",
             description=p("Of iemand 1 tot 5 of 6 tot 10 dagdelen heeft, scheelt veel: de kostprijs "
                           "verdubbelt. Toegang en aanbieders vragen om een tussenvorm.")),
        dict(slug="blok-6-10-dagdelen", title="Blok dagbesteding 6–10 dagdelen", level=IntensityLevel.C,
             is_block=True, block_label="6–10 dagdelen",
             summary="Blokintensiteit dagbesteding van zes tot tien dagdelen per week.",
             description=p("Het zwaardere blok dagbesteding; zie de opmerking bij 1–5 dagdelen.")),
    ],
}  # fmt: skip

# Profiles and what each intensity means for them (intensity slug -> cell text).
PROFILES = {
    Domain.JEUGD: [
        dict(slug="g3-gezinsondersteuning", title="Gezinsondersteuning", code="G3", segment=Segment.B,
             summary="Ondersteuning van het gezin: behandeling en begeleiding.",
             description=p("In de beschrijving is gezinsondersteuning zowel behandeling als begeleiding."),
             not_this=p("Alleen begeleiding: G3 daarvoor inzetten is een over-indicatie."),
             cells={"interventieniveau-4": "Begeleiding en behandeling van het gezin met reguliere inzet.",
                    "interventieniveau-5": "Het gezin stabiel houden als afschalen geen optie is.",
                    "interventieniveau-6": "Kortdurend en intensief bij een crisis in het gezin."}),
        dict(slug="m1-m3-educatieve-dagbesteding", title="Educatieve dagbesteding", code="M1–M3",
             segment=Segment.B, summary="Dagbesteding voor jeugdigen met een educatief doel.",
             description=p("Aanbieders vragen educatieve dagbesteding beter af te bakenen."),
             not_this=p("Dagbesteding vanuit een gezinshuis: die valt onder wonen."),
             cells={"interventieniveau-4": "Dagbesteding met een reguliere begeleidingsinzet."}),
        dict(slug="v2-veilig-wonen", title="Veilig wonen", code="V2", segment=Segment.C,
             summary="Wonen met bescherming en toezicht.",
             description=p("De arrangementen in V2 sluiten niet goed op elkaar aan; overgangen "
                           "tussen beschermd wonen en ambulante hulp, en de overgang 18-/18+, "
                           "vragen extra aandacht."),
             cells={"interventieniveau-5": "Stabiel wonen met toezicht, ook rond de overgang naar 18+.",
                    "interventieniveau-6": "Crisisplaatsing, kortdurend."}),
    ],
    Domain.WMO: [
        dict(slug="m1-m3-dagbesteding", title="Dagbesteding", code="M1–M3",
             summary="Dagbesteding voor volwassenen.",
             description=p("Aanbieders krijgen nu hetzelfde tarief voor één als voor vier dagdelen; "
                           "er is meer differentiatie nodig."),
             typical_situations=p("Structuur en daginvulling buiten huis."),
             not_this=p("Dagbesteding binnen beschermd wonen: die wordt anders bekostigd."),
             cells={"intensiteit-a": "Eén dagdeel per week, lichte begeleiding.",
                    "intensiteit-b": "Meerdere dagdelen met begeleiding in een groep.",
                    "blok-1-5-dagdelen": "1 tot 5 dagdelen per week.",
                    "blok-6-10-dagdelen": "6 tot 10 dagdelen per week."}),
        dict(slug="m4-logeren", title="Logeren", code="M4",
             summary="Logeren om de mantelzorger te ontlasten.",
             description=p("Deze bouwsteen moet anders omschreven worden: de taal sluit niet aan "
                           "bij de inwoner, ouders voelen zich vaak beledigd als ze dit lezen."),
             cells={"intensiteit-b": "Periodiek logeren, bijvoorbeeld een weekend per maand.",
                    "intensiteit-b-c": "Vaker logeren dan B, zonder de inzet van C."}),
        dict(slug="z5-schoon-leefbaar-huis", title="Schoon en leefbaar huis", code="Z5",
             summary="Ondersteuning bij een schoon en leefbaar huis.",
             description=p("De eigen bijdrage is soms moeilijk uit te leggen: die bleef gelijk "
                           "terwijl het aantal uren ondersteuning vaak afnam."),
             cells={"intensiteit-a": "Licht huishoudelijk werk.",
                    "intensiteit-b": "Het huis schoon en leefbaar houden met regelmatige hulp.",
                    "intensiteit-c": "Intensieve hulp, bijvoorbeeld bij vervuiling."}),
        dict(slug="g1-medicatiecontrole", title="Medicatiecontrole", code="G1",
             summary="Controle op het juiste gebruik van medicatie.",
             description=p("In de praktijk zit hier altijd een stuk begeleiding bij; het is meer "
                           "dan alleen controle."),
             cells={"intensiteit-a": "Controle met korte begeleiding.",
                    "intensiteit-b": "Dagelijkse controle en begeleiding."}),
    ],
}  # fmt: skip

GUIDANCE = [
    dict(slug="perspectiefplan", title="Het perspectiefplan", topic=GuidanceTopic.PERSPECTIEFPLAN,
         summary="Het perspectiefplan is van de inwoner: een instrument waarmee hij of zij de regie "
                 "voert op het eigen ondersteuningstraject. Voor een enkelvoudig of eenmalig consult "
                 "is het niet nodig.",
         plain_summary="Het perspectiefplan is uw plan. U schrijft erin wat u wilt bereiken en welke "
                       "hulp u daarbij krijgt. U bepaalt mee wat erin staat. Heeft u maar één keer "
                       "een gesprek of advies nodig? Dan hoeft er geen plan te komen.",
         body=[("Van wie is het plan?", p("Het perspectiefplan hoort weer een instrument van de inwoner "
                "te worden, niet een werkproces van de gemeente of de aanbieder.")),
               ("Wanneer wel, wanneer niet", p("Gebruik het werkproces perspectiefplan niet voor "
                "enkelvoudige of eenmalige consulten. De werkgroep Perspectiefplan stelt richtlijnen "
                "op voor wanneer het plan wel en niet wordt ingezet.")),
               ("Minder bureaucratie", p("Beperk de administratieve lasten voor aanbieders; een "
                "kortere doorlooptijd betekent dat inwoners eerder hulp krijgen."))]),
    dict(slug="regisseursrol", title="De regisseursrol", topic=GuidanceTopic.DIRECTOR,
         summary="Als meerdere organisaties bij één gezin betrokken zijn, is er één regiehouder: één "
                 "gezin, één plan.",
         body=[("Wie houdt de regie?", p("Aanbieders merken dat schakelen binnen één gezin "
                "makkelijker is geworden, maar een regiehouder mist soms juist wanneer er meerdere "
                "organisaties betrokken zijn.")),
               ("Overdracht 18-/18+", p("Bij de overgang van Jeugd naar Wmo sluiten arrangementen, "
                "zoals in V2 veilig wonen, niet altijd op elkaar aan. De regisseur bewaakt die "
                "overgang."))]),
    dict(slug="vraagverheldering-en-triage", title="Vraagverheldering en triage",
         topic=GuidanceTopic.TRIAGE,
         summary="Een goede vraagverheldering aan de voorkant voorkomt discussies en verkeerde "
                 "indicaties; waar nodig helpt triage.",
         body=[("Waarom", p("De tussenevaluatie adviseert de deskundigheid en vaardigheden van de "
                "toegangen in de vraagverhelderingsfase te versterken en zo nodig uit te breiden met "
                "triage.")),
               ("Voorliggend veld", p("De inzet van voorliggende voorzieningen komt het minst tot "
                "zijn recht: de toegang kent ze niet genoeg om echt te verwijzen. Bespreek ze in "
                "elk gesprek."))]),
    dict(slug="uitgangspunten-kwaliteit", title="De zes uitgangspunten van kwaliteit",
         topic=GuidanceTopic.PRINCIPLES,
         summary="Meer eigen kracht, grotere inzet van voorliggende voorzieningen, meer één gezin "
                 "één plan, grotere inzet van het sociaal netwerk, minder bureaucratie en dichter bij "
                 "de inwoner organiseren.",
         body=[("De uitgangspunten", "<ol><li>Meer eigen kracht</li><li>Grotere inzet voorliggende "
                "voorzieningen</li><li>Meer één gezin één plan</li><li>Grotere inzet sociaal "
                "netwerk</li><li>Minder bureaucratie</li><li>Dichterbij de inwoner "
                "organiseren</li></ol>"),
               ("Wat de evaluatie zag", p("Aanbieders vinden unaniem dat resultaatsturing niet tot "
                "minder bureaucratie heeft geleid; het berichtenverkeer is intensief en "
                "herindicaties kosten veel tijd."))]),
]  # fmt: skip

RESULT_MATRIX = dict(
    slug="resultatenmatrix", title="De resultatenmatrix (Noord- en Midden-Drenthe)",
    summary="De resultaatgebieden zijn gebaseerd op de zelfredzaamheidsmatrix (ZRM). Ze zijn "
            "geformuleerd, maar nog niet inhoudelijk gedefinieerd: wanneer is een resultaat behaald?",
    blocks=[("M1–M3", "Dagbesteding", "Maatschappelijke participatie", "Dagbesteding in dagdelen.",
             "Hetzelfde tarief voor één als vier dagdelen; sprong tussen 1–5 en 6–10 dagdelen."),
            ("M4", "Logeren", "Maatschappelijke participatie", "Logeren ter ontlasting.",
             "De omschrijving sluit niet aan bij de inwoner."),
            ("G1", "Medicatiecontrole", "Gezondheid", "Controle op medicatiegebruik.",
             "Omvat in de praktijk ook begeleiding."),
            ("G3", "Gezinsondersteuning", "Gezondheid", "Behandeling en begeleiding van het gezin.",
             "Alleen begeleiding inzetten is een over-indicatie."),
            ("Z", "Domein zelfredzaam", "Zelfredzaamheid", "Zelfredzaamheid in het dagelijks leven.",
             "Geformuleerd voor volwassenen, niet passend voor jeugd."),
            ("Z5", "Schoon en leefbaar huis", "Zelfredzaamheid", "Een schoon en leefbaar huis.",
             "De eigen bijdrage is moeilijk uit te leggen."),
            ("V2", "Veilig wonen", "Veiligheid", "Wonen met bescherming.",
             "Arrangementen sluiten niet op elkaar aan, ook bij 18-/18+.")],
    levels=[("4", "Reguliere begeleiding; vaak passender dan de 6 waarop bij de start is ingeschaald."),
            ("5", "Stabilisatie: duidelijker omschrijven, voor wie stabiel blijven het hoogst haalbare is."),
            ("6", "Korte inzet bij crisis; daarna afschalen naar 5."),
            ("Ontbreekt", "Het resultaat ‘stabilisatie / behouden van’ bestaat niet en kan niet worden ingekocht.")],
)  # fmt: skip

GLOSSARY = [
    ("Resultaatgestuurd Werken", "RGW", "Inkopen en sturen op het resultaat voor de inwoner in plaats van op uren.", "resultaatsturing"),
    ("Perspectiefplan", "PP", "Het plan van de inwoner met doelen en de hulp die daarbij hoort.", "ondersteuningsplan"),
    ("Huishoudelijke hulp", "HH", "Hulp bij het huishouden (Wmo).", "hulp bij het huishouden"),
    ("Beschermd wonen", "BW", "Wonen met toezicht en begeleiding.", ""),
    ("Zelfredzaamheidsmatrix", "ZRM", "Instrument om zelfredzaamheid te meten; basis van de resultaatgebieden.", ""),
    ("Centrum voor Jeugd en Gezin", "CJG", "De lokale toegang voor jeugd en gezin.", ""),
    ("Wet maatschappelijke ondersteuning", "Wmo", "De wet voor maatschappelijke ondersteuning.", ""),
    ("Jeugdwet", "", "De wet voor jeugdhulp.", ""),
    ("Toegang", "", "Het gemeentelijke loket dat over hulp beslist.", "gebiedsteam, wijkteam"),
    ("Gebiedsteam", "", "Lokaal team van de gemeente in een gebied.", "wijkteam"),
    ("Aanbieder", "", "Een gecontracteerde zorgaanbieder.", "zorgaanbieder, jeugdhulpaanbieder"),
    ("Arrangement", "", "Het pakket hulp dat een inwoner krijgt.", ""),
    ("Beschikking", "", "Het besluit dat hulp toekent.", "indicatie"),
    ("Herindicatie", "", "Het opnieuw vaststellen van de hulp.", ""),
    ("Op- en afschalen", "", "Meer of minder hulp inzetten.", ""),
    ("Voorliggend veld", "", "Vrij toegankelijke, preventieve voorzieningen.", "voorliggende voorzieningen"),
    ("Madivosa", "", "Het regionale overleg van de afdelingshoofden.", "afdelingshoofdenoverleg"),
    ("Raadsinformatiebrief", "RIB", "Informatiebrief aan de gemeenteraad.", ""),
    ("Transformatiefonds", "", "Fonds voor de vernieuwing van het sociaal domein.", ""),
    ("Prijs maal hoeveelheid", "P*Q", "Bekostiging op uren; wat RGW verving.", "urenbekostiging"),
    ("Middelen", "", "Kosten middelen over cliënten heen.", ""),
]  # fmt: skip

# (rule name, conditions, segment, profile slug, intensity slug, advice)
RULES = [
    ("Eenmalig of enkelvoudig consult", {"duration": "eenmalig"}, "", None, None,
     "Voor een enkelvoudig of eenmalig consult is geen perspectiefplan nodig. Kijk eerst naar het "
     "voorliggend veld."),
    ("Hoog complexe, onvoorspelbare jeugdhulp met risico's",
     {"domain": "jeugd", "predictability": "laag", "safety_risk": "ja"}, Segment.C,
     "g3-gezinsondersteuning", "interventieniveau-6",
     "Segment C: trajectgerichte bekostiging, een zorgcombinatie van aanbieders en het adviesteam "
     "segment C. Schaal na de crisis af naar niveau 5."),
    ("Meerdere aanbieders nodig bij hoog complexe jeugdhulp",
     {"domain": "jeugd", "complexity": "hoog", "providers": "meerdere"}, Segment.C, None, None,
     "Segment C: aanbieders werken verplicht samen in een zorgcombinatie. Leg de casus voor aan het "
     "adviesteam segment C."),
    ("Voorspelbare jeugdhulp", {"domain": "jeugd", "predictability": "hoog"}, Segment.B,
     "g3-gezinsondersteuning", "interventieniveau-4",
     "Segment B: budgetindicatie op basis van het arrangementstarief."),
    ("Wmo, doorlopend en hoog complex", {"domain": "wmo", "complexity": "hoog", "duration": "doorlopend"},
     "", None, "intensiteit-c", "Intensiteit C. Twijfelt u tussen B en C? Kijk naar de nieuwe tussenintensiteit."),
    ("Wmo, laag complex", {"domain": "wmo", "complexity": "laag"}, "", None, "intensiteit-b",
     "Intensiteit B, of A als de ondersteuning licht en goed afgebakend is."),
]  # fmt: skip

# Marked as examples: the seeds report that practice differs, not how it differs.
VARIATIONS = [
    ("perspectiefplan", "Wanneer wel, wanneer niet", "gemeente-hoorn",
     "Voorbeeld: Hoorn werkt bij enkelvoudige Wmo-vragen al zonder perspectiefplan."),
    ("perspectiefplan", "Wanneer wel, wanneer niet", "gemeente-medemblik",
     "Voorbeeld: Medemblik stelt ook bij eenmalige consulten een kort plan op."),
    ("m1-m3-dagbesteding", "", "gemeente-enkhuizen",
     "Voorbeeld: Enkhuizen indiceert dagbesteding per dagdeel in plaats van in blokken."),
]  # fmt: skip


def _moderator():
    return User.objects.filter(username="moderator").first()


# The handbook has a history in the demo too: its first edition came out months before the demo
# was loaded, and the perspectiefplan page was revised a little over two weeks before. The
# pages' dates, "Laatst gewijzigd" and "Wat is er gewijzigd?" read as they would in use.
FIRST_EDITION_DAYS_AGO = 150
REVISED_DAYS_AGO = 16
PUBLISHED_FIELDS = [
    (Page, "first_published_at"),
    (Page, "last_published_at"),
    (Page, "latest_revision_created_at"),
    (Revision, "created_at"),
    (PageLogEntry, "timestamp"),
    (HandbookChange, "published_at"),
]


def tasks(report):
    # The first edition: every page this load adds before the revision, dated back at once.
    started = {}
    result = [lambda: started.setdefault("at", timezone.now()), lambda: _index(report)]
    for title, slug, domain, intro in SECTIONS:
        result.append(lambda t=title, s=slug, d=domain, i=intro: get_or_add_page(
            report, HandbookIndexPage.objects.first(),
            HandbookSectionPage(title=t, slug=s, domain=d, intro=i)))  # fmt: skip
    for data in SEGMENTS:
        result.append(lambda d=data: _add(report, "jeugd", SegmentPage, Domain.JEUGD, d))
    for domain, pages in INTENSITIES.items():
        for data in pages:
            result.append(lambda d=data, dom=domain: _add(report, dom, IntensityPage, dom, d))
    for domain, pages in PROFILES.items():
        for data in pages:
            result.append(lambda d=data, dom=domain: _add_profile(report, dom, d))
    for data in GUIDANCE:
        result.append(lambda d=data: _add_guidance(report, d))
    result.append(lambda: _add_result_matrix(report))
    for term, abbreviation, definition, synonyms in GLOSSARY:
        result.append(lambda t=term, a=abbreviation, d=definition, s=synonyms: get_or_create(
            report, GlossaryTerm, {"term": t}, {"abbreviation": a, "definition": d, "synonyms": s}))  # fmt: skip
    result.append(lambda: _add(report, "werkwijze", GlossaryPage, Domain.BOTH, dict(
        slug="begrippen", title="Begrippen en afkortingen",
        summary="De begrippen en afkortingen van het sociaal domein die in de handreiking "
                "voorkomen.")))  # fmt: skip
    result.append(lambda: _add_keuzehulp(report))
    result.append(lambda: date_back(started["at"], days_ago_at(FIRST_EDITION_DAYS_AGO, 10),
                                    PUBLISHED_FIELDS))  # fmt: skip
    result.append(lambda: _revise(report))
    for page_slug, section, municipality, note in VARIATIONS:
        result.append(lambda ps=page_slug, s=section, m=municipality, n=note: get_or_create(
            report, LocalVariation,
            {"page": HandbookIndexPage.objects.first().get_descendants().get(slug=ps),
             "section": s, "municipality": Organisation.objects.get(slug=m)},
            {"note": n}))  # fmt: skip
    return result


def _index(report):
    index = get_or_add_page(
        report,
        HomePage.objects.first(),
        HandbookIndexPage(title="Handreiking voor de toegang", slug="handreiking", intro=INTRO),
    )
    ensure_handbook_workflow()
    return index


def _section(slug):
    return HandbookSectionPage.objects.get(slug=slug)


def _add(report, section_slug, page_class, domain, data):
    data = dict(data)
    review_date = data.pop("review_date", review_later())
    return get_or_add_page(
        report,
        _section(section_slug),
        page_class(domain=domain, content_owner=_moderator(), review_date=review_date, **data),
    )


def _add_profile(report, domain, data):
    data = dict(data)
    cells = data.pop("cells", {})
    section = "jeugd" if domain == Domain.JEUGD else "wmo"
    page = ProfilePage(
        domain=domain, content_owner=_moderator(), review_date=review_later(), **data
    )
    for order, (intensity_slug, text) in enumerate(cells.items()):
        page.intensities.add(
            ProfileIntensity(
                intensity=IntensityPage.objects.get(slug=intensity_slug),
                description=text,
                sort_order=order,
            )
        )
    return get_or_add_page(report, _section(section), page)


def _add_guidance(report, data):
    data = dict(data)
    body = [("section", {"heading": h, "text": t}) for h, t in data.pop("body")]
    review_date = review_past() if data["slug"] == "regisseursrol" else review_later()
    page = GuidancePage(
        domain=Domain.BOTH,
        body=body[:-1] if data["slug"] == REVISED else body,  # its last section comes in _revise
        content_owner=_moderator(),
        review_date=review_date,
        **data,
    )
    return get_or_add_page(report, _section("werkwijze"), page)


# The page the demo shows a revision of ("Wat is er gewijzigd?"): first published without its
# last section, then, as the handbook's latest change, with it, for agenda item 1.1 (the plan
# back to the resident, with less administration for providers).
REVISED = "perspectiefplan"


def _revise(report):
    from agenda.models import AgendaItem

    data = next(d for d in GUIDANCE if d["slug"] == REVISED)
    page = GuidancePage.objects.get(slug=REVISED)
    if len(page.body) == len(data["body"]):  # revised when the demo was loaded before
        return page
    page.body = [("section", {"heading": h, "text": t}) for h, t in data["body"]]
    page.agenda_items.set(AgendaItem.objects.filter(code="1.1"))
    # Published as the expert team's moderator, as demo content is: not through the workflow.
    with happened_at(days_ago_at(REVISED_DAYS_AGO, 14, 10), PUBLISHED_FIELDS):
        page.save_revision(user=_moderator()).publish(
            user=_moderator(), skip_permission_checks=True
        )
    report.record("versies", True)
    return page


def _add_result_matrix(report):
    data = RESULT_MATRIX
    page = ResultMatrixPage(
        slug=data["slug"], title=data["title"], summary=data["summary"], domain=Domain.BOTH,
        content_owner=_moderator(), review_date=review_past(),
        building_blocks=[("block", dict(zip(("code", "name", "result_area", "description", "issues"), b,
                                             strict=True))) for b in data["blocks"]],
        intervention_levels=[("level", {"level": lv, "description": d}) for lv, d in data["levels"]],
    )  # fmt: skip
    return get_or_add_page(report, _section("werkwijze"), page)


def _add_keuzehulp(report):
    page = KeuzehulpPage(
        slug="keuzehulp", title="Keuzehulp: segment, profiel en intensiteit", domain=Domain.BOTH,
        summary="Een paar vragen over de situatie leiden naar het passende segment, profiel en de "
                "intensiteit, met de reden erbij.",
        content_owner=_moderator(), review_date=review_later(),
    )  # fmt: skip
    # The order of the rules is their meaning: the first that fits wins.
    for order, (name, conditions, segment, profile, intensity, advice) in enumerate(RULES):
        page.rules.add(
            KeuzehulpRule(
                name=name, segment=segment, advice=advice, sort_order=order,
                profile=ProfilePage.objects.get(slug=profile) if profile else None,
                intensity=IntensityPage.objects.get(slug=intensity) if intensity else None,
                **conditions,
            )
        )  # fmt: skip
    return get_or_add_page(report, _section("werkwijze"), page)
