"""Demo threads and proposals, from what providers, access staff and aldermen said in the NMD
evaluation (seed 004) and the memo's platform item 3.3. Written through the actions, so the demo
also has the notifications they cause."""

import datetime
import uuid

from django.utils import timezone
from wagtail.models import Page

from accounts.models import User, WorkingGroup
from accounts.visibility import Visibility
from agenda.models import AgendaItem, AgendaPart, Theme
from home.demo_loading import happened_at as dated

from . import actions
from .models import (
    Post,
    PostReport,
    Proposal,
    ProposalKind,
    ProposalStatus,
    ProposalSupport,
    ProposalTransition,
    Thread,
    ThreadReading,
)

DEMO_NAMESPACE = uuid.UUID("5b0e7c1e-3f8f-4c55-9d0f-2f6f0c9a7d10")

THREADS = [
    {
        "title": "Wanneer maak je een perspectiefplan, en wanneer niet?",
        "days_ago": 80,
        "author": "toegang",
        "theme": "perspectiefplan",
        "tags": ["perspectiefplan", "enkelvoudig"],
        "body": "Bij ons wordt het perspectiefplan ook gemaakt voor een enkelvoudig consult. "
        "Dat kost de inwoner en ons veel tijd. Hoe gaan andere gemeenten hiermee om?\n\n"
        "@aanbieder, hoe zien jullie dit aan de kant van de aanbieder?",
        "replies": [
            (
                "aanbieder",
                "Wij zien dezelfde lasten: voor een eenmalig consult vullen we een plan in "
                "dat niemand meer leest. Een **lichte variant** voor enkelvoudige vragen zou "
                "helpen.",
            ),
            (
                "deskundige",
                "> een lichte variant voor enkelvoudige vragen\n\nDat sluit aan bij agendapunt "
                "1.1: het plan weer een instrument van de inwoner maken.",
            ),
        ],
    },
    {
        "title": "Afstemming triage tussen de gemeenten",
        "days_ago": 12,
        "author": "toegang",
        "theme": "vraagverheldering-triage",
        "visibility": Visibility.MUNICIPALITIES,
        "tags": ["triage"],
        "body": "Voor de toegangsmedewerkers van de gemeenten: hoe verdelen jullie de "
        "vraagverheldering tussen het lokale team en de specialistische toegang?",
        "replies": [],
    },
    {
        "title": "Eén gezin, drie aanbieders: wie is de regisseur?",
        "days_ago": 30,
        "author": "trekker",
        "theme": "regievoering",
        "agenda_item": "1.4",
        "handbook_page": "regisseursrol",
        "tags": ["regie", "een-gezin-een-plan"],
        "body": "In een gezin met gezinsondersteuning (G3), dagbesteding voor een kind en "
        "ambulante hulp voor een ouder wist na een half jaar geen van de drie aanbieders wie de "
        "regie had. De toegang dacht de aanbieder van G3, die dacht de toegang.\n\n"
        "Hoe leggen jullie vast wie de regisseur is, en hoe weet het gezin dat?",
        "replies": [
            (
                "aanbieder",
                "Bij ons ligt de regie in de praktijk bij de aanbieder met de meeste uren. Dat is "
                "niet altijd de partij die het gezin het best kent.",
            ),
            (
                "deskundige",
                "Eén gezin, één plan vraagt ook één regisseur, en een gezin dat weet wie dat is. "
                "Zet het in het perspectiefplan, en spreek af wat er gebeurt als die aanbieder "
                "stopt of het kind 18 wordt.",
            ),
            (
                "toegang",
                "Wij noemen de regisseur sinds kort in de beschikking. Dat helpt, maar bij een "
                "wisseling van aanbieder raakt het weer zoek. Een vaste alinea in de handreiking "
                "zou helpen.",
            ),
        ],
    },
    {
        "title": "Dagbesteding: hetzelfde tarief voor één als voor vier dagdelen",
        "days_ago": 4,
        "author": "aanbieder",
        "theme": "profielen-intensiteiten",
        "agenda_item": "2.N1",
        "tags": ["dagbesteding", "tarieven"],
        "body": "Voor M1–M3 krijgen we hetzelfde tarief voor één dagdeel als voor vier. "
        "Aanbieders nemen daardoor liever inwoners aan die vaker komen. Herkennen andere "
        "aanbieders en toegangen dit?",
        "replies": [
            (
                "thuiszorg",
                "Herkenbaar. Een blok van 1–2 dagdelen naast 3–5 zou al veel schelen.",
            ),
            (
                "aanbieder",
                "Een voorbeeld: mevrouw Bakker (84) uit Venhuizen komt sinds maart één dagdeel "
                "per week, omdat haar dochter de rest opvangt. Voor haar krijgen we evenveel als "
                "voor iemand die vier dagdelen komt.",
            ),
            (
                "werkgroeplid",
                "Vanuit de toegang: we indiceren soms bewust meer dagdelen dan nodig, zodat een "
                "aanbieder iemand wil aannemen. Dat is precies wat we niet willen.",
            ),
        ],
        # Someone reads a resident's name in the second reply (the privacy guard does not
        # catch names) and asks the expert team to hide it: the demo's moderation queue.
        "report": (
            2,
            "werkgroeplid",
            "Noemt een inwoner met naam, leeftijd en woonplaats. Graag verbergen.",
        ),
    },
    {
        "title": "Concept-richtlijn: geen perspectiefplan bij een enkelvoudige vraag",
        "days_ago": 9,
        "author": "werkgroeplid",
        "theme": "perspectiefplan",
        "agenda_item": "1.1.1",
        "visibility": Visibility.WORKING_GROUP,
        "working_group": "perspectiefplan",
        "tags": ["perspectiefplan", "richtlijn"],
        "body": "Voor de werkgroep, eerste ronde: een perspectiefplan alleen bij een "
        "meervoudige of langdurige vraag. Bij een enkelvoudige of eenmalige vraag volstaat het "
        "gespreksverslag met het te bereiken resultaat. Reacties graag voor de volgende "
        "werkgroepdag.",
        "replies": [
            (
                "pp.toegang.jeugd.hoorn",
                "Eens. Voor Jeugd zou ik er wel bij zetten dat er bij twijfel over veiligheid "
                "altijd een plan komt.",
            ),
        ],
    },
]

PROPOSALS = [
    {
        "key": "lerend-systeem",
        "author": "aanbieder",
        "kind": ProposalKind.PROPOSAL,
        "title": "Afwijkingen van de matrix monitoren, groeperen en het systeem bijstellen",
        "days_ago": 20,
        "problem": "Casussen die niet in een profiel of intensiteit passen worden nu per geval "
        "opgelost. Wat vaak voorkomt, komt niet terug in de matrix.",
        "proposed_change": "Een lerend systeem: registreer afwijkingen, groepeer ze per "
        "kwartaal en neem veelvoorkomende afwijkingen op in de matrix.",
        "expected_effect": "Minder discussie aan de voorkant en een matrix die meegroeit.",
        "evidence": "Evaluatie Noord- en Midden-Drenthe: “We moeten naar een lerend systeem "
        "waarin we de afwijkingen monitoren, groeperen en kijken hoe we het systeem kunnen "
        "aanpassen.”",
        "theme": "profielen-intensiteiten",
        "part": 1,
        "supporters": ["thuiszorg", "toegang"],
        "review_by": "moderator",
    },
    {
        "key": "huishoudelijke-hulp-signaal",
        "author": "thuiszorg",
        "kind": ProposalKind.SIGNAL,
        "title": "Intensiteit huishoudelijke hulp sluit niet aan bij tijdelijke uitval mantelzorg",
        "days_ago": 5,
        "problem": "Bij tijdelijke uitval van de mantelzorger is voor een paar weken meer hulp "
        "nodig. De intensiteiten kennen geen tijdelijke ophoging; de toegang moet een nieuwe "
        "beschikking maken.",
        "theme": "huishoudelijke-hulp",
        "part": 2,
        "domain": "wmo",
        "supporters": [],
    },
    {
        "key": "geen-plan-enkelvoudig",
        "author": "aanbieder",
        "kind": ProposalKind.PROPOSAL,
        "title": "Geen perspectiefplan bij een eenmalig consult",
        "days_ago": 75,
        "decided_after": 28,
        "problem": "Voor een enkelvoudig of eenmalig consult vullen aanbieder en toegang een "
        "volledig perspectiefplan in. Dat kost de inwoner en beide partijen uren, en het plan "
        "wordt daarna niet meer gebruikt.",
        "proposed_change": "Bij een enkelvoudige of eenmalige vraag alleen een kort verslag "
        "met het resultaat; het perspectiefplan voor meervoudige en langdurige vragen.",
        "expected_effect": "Minder administratie, sneller hulp, en een plan dat weer van de "
        "inwoner is waar het ertoe doet.",
        "theme": "perspectiefplan",
        "part": 1,
        "supporters": ["thuiszorg", "toegang", "deskundige"],
        "review_by": "moderator",
        "decision": (
            ProposalStatus.ADOPTED,
            "1.1.1",
            "Overgenomen in de richtlijnen van de werkgroep Perspectiefplan (agendapunt 1.1.1).",
        ),
    },
    {
        "key": "terug-naar-uren",
        "author": "thuiszorg",
        "kind": ProposalKind.PROPOSAL,
        "title": "Huishoudelijke hulp weer in uren indiceren",
        "days_ago": 50,
        "decided_after": 12,
        "problem": "Bij resultaatgestuurde huishoudelijke hulp verschilt per gemeente wat een "
        "schoon en leefbaar huis is. Inwoners vragen ons hoeveel uur ze krijgen.",
        "proposed_change": "Huishoudelijke hulp weer in uren per week indiceren (P*Q).",
        "theme": "huishoudelijke-hulp",
        "part": 2,
        "domain": "wmo",
        "supporters": [],
        "decision": (
            ProposalStatus.REJECTED,
            None,
            "Resultaatgestuurd inkopen is de afgesproken regionale lijn; terug naar uren valt "
            "buiten de ontwikkelagenda. Uw punt over de verschillen tussen gemeenten nemen we "
            "mee in agendapunt 2.3 (huishoudelijke hulp onder inspanningsgerichte voorwaarden).",
        ),
    },
    {
        "key": "wachttijden-per-aanbieder",
        "author": "aanbieder",
        "kind": ProposalKind.PROPOSAL,
        "title": "Wachttijden per aanbieder zichtbaar voor de toegang",
        "days_ago": 35,
        "decided_after": 19,
        "problem": "De toegang verwijst naar aanbieders zonder te weten waar plek is. Inwoners "
        "staan op meerdere wachtlijsten tegelijk.",
        "proposed_change": "Aanbieders geven maandelijks hun wachttijd per product door; de "
        "toegang ziet die bij het verwijzen.",
        "theme": "beschikbaarheidsapplicatie",
        "part": 3,
        "supporters": ["thuiszorg"],
        "decision": (
            ProposalStatus.PARKED,
            None,
            "Geparkeerd tot de beschikbaarheidsapplicatie (agendapunt 3.2) in gebruik is; dan "
            "bekijken we of dit daarin past.",
        ),
    },
    {
        "key": "overdracht-18-min-plus",
        "author": "toegang",
        "kind": ProposalKind.SIGNAL,
        "title": "Arrangement loopt af bij 18 jaar zonder overdracht naar de Wmo",
        "days_ago": 2,
        "problem": "Bij jongeren die 18 worden stopt het arrangement Jeugd op hun verjaardag. "
        "De Wmo-toegang hoort er vaak pas van als de hulp al gestopt is.",
        "theme": "regievoering",
        "part": 1,
        "supporters": ["aanbieder", "deskundige"],
    },
]


# The demo tells of the weeks before it was loaded: each thread and proposal has its age
# (days_ago), so dates, "new since" and the time to a decision read as they would in use.
# Every step is written through the actions and then dated back to when it happened.
DATED_FIELDS = [
    (Thread, "created_at"),
    (Thread, "last_post_at"),
    (ThreadReading, "read_at"),
    (Post, "created_at"),
    (PostReport, "created_at"),
    (Proposal, "created_at"),
    (Proposal, "updated_at"),
    (ProposalSupport, "created_at"),
    (ProposalTransition, "created_at"),
]


def happened_at(moment):
    return dated(moment, DATED_FIELDS)


# Replies come a day and a bit apart, so that they fall in working hours.
REPLY_GAP = datetime.timedelta(days=1, hours=2, minutes=15)


def _days_ago(spec):
    """The morning, `days_ago` days back, on which a thread or proposal began."""
    morning = timezone.localtime().replace(hour=9, minute=30, second=0, microsecond=0)
    return morning - datetime.timedelta(days=spec["days_ago"])


def _user(username):
    return User.objects.filter(username=username).first()


def _agenda_item(code):
    if not code:
        return None
    return AgendaItem.objects.filter(code=code, part__number=int(code.split(".")[0])).first()


def _load_thread(report, spec):
    if Thread.objects.filter(title=spec["title"]).exists():
        report.record("discussies", False)
        return
    author = _user(spec["author"])
    if author is None:
        return
    started = _days_ago(spec)
    with happened_at(started):
        thread = actions.start_thread(
            author,
            spec["title"],
            spec["body"],
            theme=Theme.objects.filter(slug=spec["theme"]).first(),
            agenda_item=_agenda_item(spec.get("agenda_item")),
            handbook_page=(
                Page.objects.filter(slug=spec["handbook_page"]).first()
                if "handbook_page" in spec
                else None
            ),
            visibility=spec.get("visibility", Visibility.MEMBERS),
            working_group=WorkingGroup.objects.filter(slug=spec.get("working_group", "")).first(),
            tags=spec["tags"],
        )
    replies = {}
    for n, (username, body) in enumerate(spec["replies"], start=1):
        writer = _user(username)
        if writer is not None:
            with happened_at(started + n * REPLY_GAP):
                replies[n] = actions.add_post(writer, thread.pk, body)
    if "report" in spec and spec["report"][0] in replies:
        number, reporter, reason = spec["report"]
        post = replies[number]
        reported = started + len(spec["replies"]) * REPLY_GAP + datetime.timedelta(minutes=45)
        with happened_at(reported):
            actions.report_post(_user(reporter), post.pk, reason)
    report.record("discussies", True)


def _load_proposal(report, spec):
    author = _user(spec["author"])
    if author is None:
        return
    data = {
        "kind": spec["kind"],
        "title": spec["title"],
        "problem": spec["problem"],
        "proposed_change": spec.get("proposed_change", ""),
        "expected_effect": spec.get("expected_effect", ""),
        "evidence": spec.get("evidence", ""),
        "domain": spec.get("domain", "beide"),
        "theme": Theme.objects.filter(slug=spec["theme"]).first(),
        "affected_part": AgendaPart.objects.filter(number=spec["part"]).first(),
    }
    submitted = _days_ago(spec)
    with happened_at(submitted):
        proposal, created = actions.submit_proposal(
            author, data, uuid.uuid5(DEMO_NAMESPACE, spec["key"])
        )
    report.record("verbetervoorstellen", created)
    if not created:
        return
    for n, username in enumerate(spec["supporters"], start=1):
        supporter = _user(username)
        if supporter is not None:
            with happened_at(submitted + datetime.timedelta(hours=2 * n)):
                actions.support_proposal(supporter, proposal.pk)
    reviewer = _user(spec.get("review_by", ""))
    if reviewer is not None:
        with happened_at(submitted + datetime.timedelta(days=2, hours=1, minutes=30)):
            actions.change_proposal_status(
                reviewer,
                proposal.pk,
                ProposalStatus.IN_REVIEW,
                ProposalStatus.SUBMITTED,
                evaluator=reviewer,
            )
    decider = _user("moderator")
    if "decision" in spec and decider is not None:
        status, item_code, reason = spec["decision"]
        with happened_at(submitted + datetime.timedelta(days=spec["decided_after"])):
            actions.change_proposal_status(
                decider,
                proposal.pk,
                status,
                Proposal.objects.get(pk=proposal.pk).status,
                reason=reason,
                agenda_item=_agenda_item(item_code),
            )


def tasks(report):
    result = [lambda spec=spec: _load_thread(report, spec) for spec in THREADS]
    result += [lambda spec=spec: _load_proposal(report, spec) for spec in PROPOSALS]
    return result
