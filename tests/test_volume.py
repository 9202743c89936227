"""The volume generator of the benchmarks: it makes what it says, in a state the platform can
show (valid page tree, pages and lists that open), and a second run adds to the first."""

from io import StringIO

import pytest
from django.core.management import call_command

# Every test here runs on the demo content, loaded once for the module (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_the_generator_makes_the_volume_and_the_platform_shows_it(demo, client):
    from wagtail.models import Page

    from accounts.models import User
    from agenda.models import AgendaItem
    from discussions.models import Post, Proposal, Thread
    from handbook.models import GuidancePage
    from home.volume import BASE

    before = {
        "agenda_items": AgendaItem.objects.count(),
        "handbook_pages": GuidancePage.objects.count(),
        "posts": Post.objects.count(),
        "proposals": Proposal.objects.count(),
    }
    out = StringIO()
    call_command("generate_volume", "--scale", "0.01", "--no-progress", stdout=out)
    assert "Gemaakt in" in out.getvalue()
    assert AgendaItem.objects.count() - before["agenda_items"] == BASE["agenda_items"] // 100
    assert GuidancePage.objects.count() - before["handbook_pages"] == BASE["handbook_pages"] // 100
    assert Post.objects.count() - before["posts"] == BASE["posts"] // 100
    assert Proposal.objects.count() - before["proposals"] == BASE["proposals"] // 100
    assert User.objects.filter(username__startswith="vol-user-").count() == BASE["users"] // 100
    assert Page.find_problems() == ([], [], [], [], [])

    page = GuidancePage.objects.filter(slug__startswith="vol-").last()
    response = client.get(page.url)
    assert response.status_code == 200 and page.title in response.text

    client.force_login(User.objects.get(username="toegang"))
    thread = Thread.objects.filter(title__contains="[vol]").first()
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    assert thread.posts.first().body_source in response.text
    assert client.get("/agenda/?domain=beide").status_code == 200
    assert client.get("/voorstellen/").status_code == 200


def test_a_second_run_grows_the_volume(demo):
    from wagtail.models import Page

    from accounts.models import User
    from handbook.models import GuidancePage

    call_command("generate_volume", "--scale", "0.005", "--no-progress", stdout=StringIO())
    call_command("generate_volume", "--scale", "0.005", "--no-progress", stdout=StringIO())
    assert User.objects.filter(username__startswith="vol-user-").count() == 20
    assert GuidancePage.objects.filter(slug__startswith="vol-").count() == 100
    assert Page.find_problems() == ([], [], [], [], [])


def test_generated_items_fill_what_the_agenda_filters_on(demo, client):
    """The benchmark's filtered agenda list must select a share of the volume, as the memo's own
    items are filled in: not only the demo's few items, with every generated one filtered out."""
    from accounts.models import OrganisationType, User
    from agenda.models import AgendaItem, Status

    call_command("generate_volume", "--scale", "0.02", "--no-progress", stdout=StringIO())
    generated = AgendaItem.objects.filter(code__startswith="vol.")
    assert generated.count() == 200
    for field in ("domain", "theme", "working_group", "kind"):
        assert generated.values(field).distinct().count() >= 3, field
    assert not generated.filter(municipalities=None).exists()
    assert not generated.exclude(municipalities__type=OrganisationType.MUNICIPALITY).exists()
    # A realised item carries the day it was realised, which the progress view counts by.
    realised = generated.filter(status=Status.REALISED)
    assert realised.exists() and not realised.filter(realised_on=None).exists()
    assert not generated.exclude(status=Status.REALISED).exclude(realised_on=None).exists()

    client.force_login(User.objects.get(username="projectleider"))
    response = client.get("/agenda/?status=in_uitvoering&domain=jeugd")
    shown = response.context["listing"]
    matching = generated.filter(status=Status.IN_PROGRESS, domain="jeugd")
    assert matching.count() >= 5
    assert all(f'href="{item.get_absolute_url()}"' in shown for item in matching)


def test_generated_proposals_are_backed_as_their_counts_say(demo, client):
    """The list's order "Meeste steun eerst" needs support to order by: most generated
    proposals have a few supporters or none, some many; never their own author."""
    from django.db.models import Count, F, Q

    from accounts.models import User
    from discussions.models import Proposal, ProposalSupport

    call_command("generate_volume", "--scale", "0.02", "--no-progress", stdout=StringIO())
    generated = Proposal.objects.filter(title__endswith="[vol]")
    supports = ProposalSupport.objects.filter(proposal__in=generated)
    assert not supports.filter(user=F("proposal__author")).exists()
    counted = generated.annotate(
        people=Count("supports"), organisations=Count("supports__organisation", distinct=True)
    )
    assert all(
        (p.supporter_count, p.supporting_organisation_count) == (p.people, p.organisations)
        for p in counted
    )
    assert counted.filter(people=0).exists() and counted.filter(organisations__gte=3).exists()

    client.force_login(User.objects.get(username="projectleider"))
    listed = client.get("/voorstellen/?volgorde=steun").context["page"].object_list
    most = Proposal.objects.order_by("-supporting_organisation_count").first()
    assert listed[0].supporting_organisation_count == most.supporting_organisation_count >= 3
    assert generated.filter(~Q(supporting_organisation_count=0)).count() > generated.count() / 2


def test_counts_of_thousands_are_grouped_as_the_reader_s_language_writes_them(demo, client):
    """1.234 on the Dutch site, 1,234 on the English one: in the agenda list's total and the
    handbook index's link to a long chapter."""
    from accounts.models import User
    from agenda.models import AgendaItem

    call_command("generate_volume", "--scale", "0.1", "--no-progress", stdout=StringIO())
    client.force_login(User.objects.get(username="projectleider"))
    total = AgendaItem.objects.filter(live=True).count()
    assert total > 1000
    dutch, english = f"{total:,}".replace(",", "."), f"{total:,}"
    assert f"{dutch} agendapunten" in client.get("/agenda/").text
    assert f"{english} agenda items" in client.get("/en/agenda/").text

    assert "Alle 1.000 pagina" in client.get("/handreiking/").text
    assert "All 1,000 pages of this chapter" in client.get("/en/handreiking/").text
