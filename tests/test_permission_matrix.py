"""The permission matrix beyond pages and search (see test_visibility): calendar feeds, exports,
the progress dashboard and the council letters, per role and visibility level; and writes on
someone else's post or proposal by a colleague of the same organisation and by a competitor.
Expectations are written out by hand."""

import datetime
import io
import uuid

import pytest
from icalendar import Calendar

from accounts.models import OrganisationType, Role
from accounts.visibility import Visibility
from agenda.models import AgendaItem, CalendarToken
from discussions import actions
from discussions.models import Post, Proposal, ProposalStatus

from .factories import OrganisationFactory, UserFactory
from .test_visibility import PEOPLE, SEES, world  # noqa: F401 - world is a fixture

pytestmark = pytest.mark.django_db

SIGNED_IN = [p for p in PEOPLE if p != "anonymous"]

# Who opens the progress dashboard, its exports and the council letters.
DASHBOARD = {"project_lead", "department_head", "moderator", "superuser"}


def titles_in_calendar(content):
    calendar = Calendar.from_ical(content)
    return {str(event["summary"]) for event in calendar.walk("VEVENT")}


@pytest.mark.parametrize("person", SIGNED_IN)
def test_a_personal_calendar_feed_holds_only_what_its_owner_may_see(world, person, client):  # noqa: F811
    users, items = world
    user = users[person]
    # The person is the owner of an item at every level; the feed still hides what they may
    # not see (an owner can lose access when an item's visibility is narrowed).
    group = items[Visibility.WORKING_GROUP].working_group
    for level in items:
        AgendaItem.objects.create(
            part=items[level].part,
            code=f"E{list(items).index(level)}",
            title=f"Eigen {level}",
            visibility=level,
            working_group=group if level == Visibility.WORKING_GROUP else None,
            owner=user,
            deadline=datetime.date(2026, 12, 1),
        )
    token = CalendarToken.objects.create(user=user).token
    response = client.get(f"/agenda/agenda/{token}.ics")
    assert response.status_code == 200
    summaries = titles_in_calendar(response.content)
    seen = {level for level in items if any(f"Eigen {level}" in s for s in summaries)}
    assert seen == SEES[person], person


@pytest.mark.parametrize("person", SIGNED_IN)
def test_a_working_group_feed_is_for_its_members_and_the_oversight(world, person, client):  # noqa: F811
    users, items = world
    group = items[Visibility.WORKING_GROUP].working_group
    token = CalendarToken.objects.create(user=users[person]).token
    response = client.get(f"/agenda/agenda/{token}/werkgroep/{group.slug}.ics")
    allowed = {"group_member", "trekker", "department_head", "project_lead", "superuser"}
    assert response.status_code == (200 if person in allowed else 404), person


def test_a_calendar_feed_with_a_guessed_or_revoked_token_is_404(world, client):  # noqa: F811
    users, items = world
    assert client.get(f"/agenda/agenda/{uuid.uuid4().hex}.ics").status_code == 404
    token = CalendarToken.objects.create(user=users["access_worker"]).token
    users["access_worker"].is_active = False
    users["access_worker"].save()
    assert client.get(f"/agenda/agenda/{token}.ics").status_code == 404


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_agenda_export_holds_exactly_what_the_person_may_see(world, person, fmt, client):  # noqa: F811
    from openpyxl import load_workbook

    users, items = world
    if person != "anonymous":
        client.force_login(users[person])
    response = client.get(f"/agenda/export.{fmt}")
    assert response.status_code == 200
    if fmt == "csv":
        import csv

        rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
        titles = {row["titel"] for row in rows}
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        header = [c.value for c in sheet[1]]
        column = header.index("titel")
        titles = {row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert titles == {f"Punt {level}" for level in SEES[person]}, person


@pytest.fixture
def letter(world):  # noqa: F811
    from dashboard.models import CouncilLetter

    return CouncilLetter.objects.create(
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        pdf=b"%PDF-1.4 raadsbrief",
    )


@pytest.mark.parametrize("person", PEOPLE)
def test_dashboard_exports_and_draft_letters_are_for_oversight_and_moderators(
    world,  # noqa: F811
    letter,
    person,
    client,
):
    users, items = world
    if person != "anonymous":
        client.force_login(users[person])
    paths = ["/voortgang/", "/voortgang/export.csv", "/voortgang/export.xlsx"]
    for path in paths:
        status = client.get(path).status_code
        if person == "anonymous":
            assert status == 302, path
        elif person in DASHBOARD:
            assert status == 200, (person, path)
        else:
            assert status == 403, (person, path)
    # The letters page: the dashboard's people make letters there, the others read the sent ones;
    # a draft is not there for them.
    page = client.get("/voortgang/raadsbrief/")
    draft = client.get(f"/voortgang/raadsbrief/{letter.pk}.pdf")
    if person == "anonymous":
        assert (page.status_code, draft.status_code) == (302, 302)
    else:
        assert page.status_code == 200, person
        assert ("Brief maken" in page.text) == (person in DASHBOARD), person
        assert draft.status_code == (200 if person in DASHBOARD else 404), person


@pytest.mark.parametrize("person", PEOPLE)
def test_a_sent_letter_is_read_by_every_member_and_sent_only_by_the_oversight(
    world,  # noqa: F811
    letter,
    person,
    client,
):
    users, items = world
    if person != "anonymous":
        client.force_login(users[person])
    send = client.post(f"/voortgang/raadsbrief/{letter.pk}/versturen/")
    letter.refresh_from_db()
    may_send = person in {"project_lead", "department_head", "superuser"}
    assert (letter.sent_at is not None) == may_send, person
    if person == "anonymous":
        assert send.status_code == 302
    elif not may_send:
        assert send.status_code == 403, person
    letter.sent_at = datetime.datetime(2026, 7, 1, 9, tzinfo=datetime.UTC)
    letter.save()
    pdf = client.get(f"/voortgang/raadsbrief/{letter.pk}.pdf")
    assert pdf.status_code == (302 if person == "anonymous" else 200), person


# Own and other organisation ------------------------------------------------------------------


@pytest.fixture
def providers(db):
    own = OrganisationFactory(name="Jeugdhulp Noord", slug="noord", type=OrganisationType.PROVIDER)
    other = OrganisationFactory(name="Jeugdhulp Zuid", slug="zuid", type=OrganisationType.PROVIDER)
    people = {
        "author": UserFactory(username="auteur", organisation=own, role=Role.PROVIDER),
        "colleague": UserFactory(username="collega", organisation=own, role=Role.PROVIDER),
        "competitor": UserFactory(username="concurrent", organisation=other, role=Role.PROVIDER),
        "moderator": UserFactory(
            username="moderator",
            organisation=OrganisationFactory(type=OrganisationType.EXPERT_TEAM, slug="ret"),
            role=Role.MODERATOR,
        ),
    }
    return people


# Who may change what someone else wrote: the author and the moderators, nobody else, not even
# a colleague from the author's own organisation.
MAY_EDIT = {"author": True, "colleague": False, "competitor": False, "moderator": True}


@pytest.mark.parametrize("person", list(MAY_EDIT))
def test_only_the_author_and_moderators_edit_a_post(providers, person, client):
    thread = actions.start_thread(providers["author"], "Wachttijden", "Bij ons zes weken.")
    post = thread.posts.get()
    client.force_login(providers[person])
    assert client.get(f"/discussies/bericht/{post.pk}/bewerken/").status_code == (
        200 if MAY_EDIT[person] else 403
    )
    response = client.post(
        f"/discussies/bericht/{post.pk}/bewerken/", {"body": f"Door {person}", "version": 0}
    )
    post = Post.objects.get(pk=post.pk)
    if MAY_EDIT[person]:
        assert response.status_code == 302 and post.body_source == f"Door {person}"
    else:
        assert response.status_code == 403 and post.body_source == "Bij ons zes weken."


@pytest.mark.parametrize("person", list(MAY_EDIT))
def test_only_the_author_and_moderators_change_a_submitted_proposal(providers, person, client):
    data = {"kind": "signaal", "title": "Wachttijden", "problem": "Zes weken.", "domain": "jeugd"}
    proposal, _ = actions.submit_proposal(providers["author"], data, uuid.uuid4())
    client.force_login(providers[person])
    assert client.get(f"/voorstellen/{proposal.pk}/wijzigen/").status_code == (
        200 if MAY_EDIT[person] else 403
    )
    response = client.post(
        f"/voorstellen/{proposal.pk}/wijzigen/", {**data, "problem": f"Door {person}", "version": 0}
    )
    proposal = Proposal.objects.get(pk=proposal.pk)
    if MAY_EDIT[person]:
        assert response.status_code == 302 and proposal.problem == f"Door {person}"
    else:
        assert response.status_code == 403 and proposal.problem == "Zes weken."


@pytest.mark.parametrize("person", list(MAY_EDIT))
def test_only_the_author_takes_a_proposal_back_not_even_a_moderator(providers, person, client):
    data = {"kind": "signaal", "title": "Wachttijden", "problem": "Zes weken.", "domain": "jeugd"}
    proposal, _ = actions.submit_proposal(providers["author"], data, uuid.uuid4())
    client.force_login(providers[person])
    response = client.post(f"/voorstellen/{proposal.pk}/intrekken/", {"reason": "Opgelost."})
    proposal = Proposal.objects.get(pk=proposal.pk)
    if person == "author":
        assert response.status_code == 302 and proposal.status == ProposalStatus.WITHDRAWN
    else:
        assert response.status_code == 403 and proposal.status == ProposalStatus.SUBMITTED


@pytest.mark.parametrize("person", list(MAY_EDIT))
def test_only_moderators_decide_on_a_proposal_whoever_submitted_it(providers, person, client):
    proposal, _ = actions.submit_proposal(
        providers["author"],
        {
            "kind": "signaal",
            "title": "Wachttijden zichtbaar",
            "problem": "Niemand ziet de wachttijd.",
            "domain": "jeugd",
        },
        uuid.uuid4(),
    )
    client.force_login(providers[person])
    response = client.post(
        f"/voorstellen/{proposal.pk}/status/",
        {
            "to_status": ProposalStatus.IN_REVIEW,
            "expected_status": ProposalStatus.SUBMITTED,
            "evaluator": providers["moderator"].pk,
        },
    )
    proposal = Proposal.objects.get(pk=proposal.pk)
    if person == "moderator":
        assert response.status_code == 302 and proposal.status == ProposalStatus.IN_REVIEW
    else:
        assert response.status_code == 403 and proposal.status == ProposalStatus.SUBMITTED


@pytest.mark.parametrize("person", ["author", "colleague", "competitor"])
def test_support_counts_per_organisation_and_cannot_be_given_twice(providers, person, client):
    proposal, _ = actions.submit_proposal(
        providers["author"],
        {"kind": "signaal", "title": "Steun", "problem": "Iets.", "domain": "jeugd"},
        uuid.uuid4(),
    )
    client.force_login(providers[person])
    client.post(f"/voorstellen/{proposal.pk}/steunen/", {"support": "1"})
    client.post(f"/voorstellen/{proposal.pk}/steunen/", {"support": "1"})
    supports = proposal.supports.filter(user=providers[person])
    assert supports.count() == (0 if person == "author" else 1)
    if person != "author":
        assert supports.get().organisation == providers[person].organisation
