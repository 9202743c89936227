"""Demo threads and proposals, from what providers, access staff and aldermen said in the NMD
evaluation (seed 004) and the memo's platform item 3.3. Written through the actions, so the demo
also has the notifications they cause."""

import uuid

from accounts.models import User
from accounts.visibility import Visibility
from agenda.models import AgendaPart, Theme

from . import actions
from .models import ProposalKind, ProposalStatus, Thread

DEMO_NAMESPACE = uuid.UUID("5b0e7c1e-3f8f-4c55-9d0f-2f6f0c9a7d10")

THREADS = [
    {
        "title": "Wanneer maak je een perspectiefplan, en wanneer niet?",
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
        "author": "toegang",
        "theme": "vraagverheldering-triage",
        "visibility": Visibility.MUNICIPALITIES,
        "tags": ["triage"],
        "body": "Voor de toegangsmedewerkers van de gemeenten: hoe verdelen jullie de "
        "vraagverheldering tussen het lokale team en de specialistische toegang?",
        "replies": [],
    },
]

PROPOSALS = [
    {
        "key": "lerend-systeem",
        "author": "aanbieder",
        "kind": ProposalKind.PROPOSAL,
        "title": "Afwijkingen van de matrix monitoren, groeperen en het systeem bijstellen",
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
        "problem": "Bij tijdelijke uitval van de mantelzorger is voor een paar weken meer hulp "
        "nodig. De intensiteiten kennen geen tijdelijke ophoging; de toegang moet een nieuwe "
        "beschikking maken.",
        "theme": "huishoudelijke-hulp",
        "part": 2,
        "domain": "wmo",
        "supporters": [],
    },
]


def _user(username):
    return User.objects.filter(username=username).first()


def _load_thread(report, spec):
    if Thread.objects.filter(title=spec["title"]).exists():
        report.record("discussies", False)
        return
    author = _user(spec["author"])
    if author is None:
        return
    thread = actions.start_thread(
        author,
        spec["title"],
        spec["body"],
        theme=Theme.objects.filter(slug=spec["theme"]).first(),
        visibility=spec.get("visibility", Visibility.MEMBERS),
        tags=spec["tags"],
    )
    for username, body in spec["replies"]:
        writer = _user(username)
        if writer is not None:
            actions.add_post(writer, thread.pk, body)
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
    proposal, created = actions.submit_proposal(
        author, data, uuid.uuid5(DEMO_NAMESPACE, spec["key"])
    )
    report.record("verbetervoorstellen", created)
    if not created:
        return
    for username in spec["supporters"]:
        supporter = _user(username)
        if supporter is not None:
            actions.support_proposal(supporter, proposal.pk)
    reviewer = _user(spec.get("review_by", ""))
    if reviewer is not None:
        actions.change_proposal_status(
            reviewer,
            proposal.pk,
            ProposalStatus.IN_REVIEW,
            ProposalStatus.SUBMITTED,
            evaluator=reviewer,
        )


def tasks(report):
    result = [lambda spec=spec: _load_thread(report, spec) for spec in THREADS]
    result += [lambda spec=spec: _load_proposal(report, spec) for spec in PROPOSALS]
    return result
