"""What the discussion and proposal page tests share: a signed-in client, the messages a page
shows, Dutch addresses, and the expert team's moderator."""

from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import OrganisationType, Role

from .factories import OrganisationFactory, UserFactory


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def said(response):
    """The messages shown on the page a form led to."""
    html = BeautifulSoup(response.content, "html.parser")
    return [m.get_text(" ", strip=True) for m in html.select(".messages .utrecht-alert")]


def url(name, pk=None):
    """The Dutch address (an English page leaves English active in the test's thread)."""
    with translation.override("nl"):
        return reverse(f"discussions:{name}", args=[] if pk is None else [pk])


def expert_team_moderator():
    team = OrganisationFactory(
        name="Regionaal Expertteam", slug="expertteam", type=OrganisationType.EXPERT_TEAM
    )
    return UserFactory(username="moderator", organisation=team, role=Role.MODERATOR)


# A proposal as its author first sends it (discussions.actions.submit_proposal).
PROPOSAL_FORM = {
    "kind": "voorstel",
    "title": "Afwijkingen van de matrix groeperen",
    "problem": "Wat vaak afwijkt, komt niet terug in de matrix.",
    "proposed_change": "Groepeer afwijkingen per kwartaal.",
    "domain": "beide",
}
