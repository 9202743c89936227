"""The one visibility rule set, checked for every role against every level: by queryset, by object,
over HTTP (pages and API), in search and in notifications. The expectations are written out by
hand, not derived from the code under test."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import OrganisationType, Role, User
from accounts.visibility import Visibility, can_view, readers_among, readers_filter

from .factories import (
    AgendaItemFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    WorkingGroupFactory,
)

PUBLIC, MEMBERS, MUNIS, GROUP = (
    Visibility.PUBLIC,
    Visibility.MEMBERS,
    Visibility.MUNICIPALITIES,
    Visibility.WORKING_GROUP,
)

# who: (organisation type, role, member of the item's working group?, superuser?)
PEOPLE = {
    "anonymous": None,
    "access_worker": (OrganisationType.MUNICIPALITY, Role.ACCESS_STAFF, False, False),
    "group_member": (OrganisationType.MUNICIPALITY, Role.WORKING_GROUP_MEMBER, True, False),
    "other_group_member": (OrganisationType.MUNICIPALITY, Role.WORKING_GROUP_MEMBER, False, False),
    "trekker": (OrganisationType.MUNICIPALITY, Role.TREKKER, True, False),
    "department_head": (OrganisationType.MUNICIPALITY, Role.DEPARTMENT_HEAD, False, False),
    "project_lead": (OrganisationType.MUNICIPALITY, Role.PROJECT_LEAD, False, False),
    "moderator": (OrganisationType.EXPERT_TEAM, Role.MODERATOR, False, False),
    "provider": (OrganisationType.PROVIDER, Role.PROVIDER, False, False),
    "expert": (OrganisationType.INDEPENDENT_EXPERT, Role.INDEPENDENT_EXPERT, False, False),
    "council_member": (OrganisationType.MUNICIPALITY, Role.COUNCIL_MEMBER, False, False),
    "superuser": (OrganisationType.EXPERT_TEAM, Role.MODERATOR, False, True),
}

SEES = {
    "anonymous": {PUBLIC},
    "access_worker": {PUBLIC, MEMBERS, MUNIS},
    "group_member": {PUBLIC, MEMBERS, MUNIS, GROUP},
    "other_group_member": {PUBLIC, MEMBERS, MUNIS},
    "trekker": {PUBLIC, MEMBERS, MUNIS, GROUP},
    "department_head": {PUBLIC, MEMBERS, MUNIS, GROUP},
    "project_lead": {PUBLIC, MEMBERS, MUNIS, GROUP},
    "moderator": {PUBLIC, MEMBERS},
    "provider": {PUBLIC, MEMBERS},
    "expert": {PUBLIC, MEMBERS},
    "council_member": {PUBLIC, MEMBERS},
    "superuser": {PUBLIC, MEMBERS, MUNIS, GROUP},
}


@pytest.fixture
def world(db):
    group = WorkingGroupFactory(name="Werkgroep Perspectiefplan", slug="perspectiefplan")
    other_group = WorkingGroupFactory(name="Werkgroep Segment C", slug="segment-c")
    items = {
        level: AgendaItemFactory(
            title=f"Punt {level}",
            visibility=level,
            working_group=group if level == GROUP else None,
        )
        for level in (PUBLIC, MEMBERS, MUNIS, GROUP)
    }
    orgs = {t: OrganisationFactory(type=t, slug=f"org-{t}") for t in OrganisationType.values}
    users = {}
    for name, spec in PEOPLE.items():
        if spec is None:
            users[name] = AnonymousUser()
            continue
        org_type, role, in_group, superuser = spec
        user = UserFactory(
            username=name, organisation=orgs[org_type], role=role, is_superuser=superuser
        )
        if in_group:
            MembershipFactory(user=user, working_group=group, is_trekker=role == Role.TREKKER)
        if name == "other_group_member":
            MembershipFactory(user=user, working_group=other_group)
        users[name] = user
    return users, items


@pytest.mark.parametrize("person", PEOPLE)
def test_queryset_shows_exactly_the_levels_a_person_may_see(world, person):
    from agenda.models import AgendaItem

    users, items = world
    visible = set(AgendaItem.objects.visible_to(users[person]).values_list("visibility", flat=True))
    assert visible == SEES[person]


@pytest.mark.parametrize("person", PEOPLE)
def test_object_check_agrees_with_the_queryset(world, person):
    users, items = world
    allowed = {level for level, item in items.items() if can_view(users[person], item)}
    assert allowed == SEES[person]


def test_the_readers_of_each_level_are_exactly_who_may_see_it(world):
    """The rule the other way round (whom "@" offers, who is told): per level, the people the
    hand-written table says may see it, and nobody whose account was switched off."""
    users, items = world
    switched_off = UserFactory(username="uit_dienst", role=Role.PROJECT_LEAD, is_active=False)
    for level, item in items.items():
        readers = set(User.objects.filter(readers_filter(item)).values_list("username", flat=True))
        assert switched_off.username not in readers
        assert readers == {person for person, levels in SEES.items() if level in levels} - {
            "anonymous"
        }, level


def test_whom_a_notification_may_reach_is_the_table_in_one_query(
    world, django_assert_max_num_queries
):
    """Who of a crowd of followers may be told of something (notifications.actions.notify):
    per level the people the table says, found with one query for all of them, not one each."""
    users, items = world
    crowd = list(users.values())
    for level, item in items.items():
        with django_assert_max_num_queries(1):
            told = {user.username for user in readers_among(crowd, item)}
        assert told == {person for person, levels in SEES.items() if level in levels} - {
            "anonymous"
        }, level


@pytest.mark.parametrize("person", PEOPLE)
def test_item_page_is_404_for_what_a_person_may_not_see(world, person, client):
    users, items = world
    if person != "anonymous":
        client.force_login(users[person])
    for level, item in items.items():
        status = client.get(f"/agenda/punt/{item.pk}/").status_code
        assert status == (200 if level in SEES[person] else 404), (person, level)


def test_agenda_list_hides_titles_a_provider_may_not_see(world, client):
    users, items = world
    client.force_login(users["provider"])
    html = client.get("/agenda/").content.decode()
    assert "Punt members" in html
    assert "Punt municipalities" not in html
    assert "Punt working_group" not in html


def test_inactive_account_sees_only_public_content(world):
    from agenda.models import AgendaItem

    users, items = world
    worker = users["access_worker"]
    worker.is_active = False
    worker.save()
    assert set(AgendaItem.objects.visible_to(worker).values_list("visibility", flat=True)) == {
        PUBLIC
    }


def test_working_group_visibility_requires_a_working_group(db):
    from django.core.exceptions import ValidationError

    item = AgendaItemFactory.build(visibility=GROUP, working_group=None)
    with pytest.raises(ValidationError) as excinfo:
        item.full_clean()
    assert "working_group" in excinfo.value.message_dict


# The same matrix over every other surface: API, threads, proposals, search and notifications.


@pytest.fixture
def discussions_world(world):
    """A thread and a proposal at every level, written by the superuser."""
    from discussions.models import Proposal, Thread

    users, items = world
    author = users["superuser"]
    group = items[GROUP].working_group
    threads, proposals = {}, {}
    for level in (PUBLIC, MEMBERS, MUNIS, GROUP):
        wg = group if level == GROUP else None
        threads[level] = Thread.objects.create(
            title=f"Discussie {level}", author=author, visibility=level, working_group=wg
        )
        proposals[level] = Proposal.objects.create(
            title=f"Voorstel {level}",
            problem="x",
            author=author,
            visibility=level,
            working_group=wg,
        )
    return users, items, threads, proposals


def _denied(person):
    """What a person gets for something they may not see: anonymous visitors are sent to log in
    (pages) and everyone else gets a 404, so ids cannot be probed."""
    return 302 if person == "anonymous" else 404


@pytest.mark.parametrize("person", PEOPLE)
def test_api_item_detail_follows_the_rule(world, person):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    users, items = world
    api = APIClient()
    if person != "anonymous":
        key = Token.objects.create(user=users[person]).key
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    for level, item in items.items():
        status = api.get(f"/api/v1/agenda-items/{item.pk}/").status_code
        expected = 401 if person == "anonymous" else (200 if level in SEES[person] else 404)
        assert status == expected, (person, level)


@pytest.mark.parametrize("person", PEOPLE)
def test_thread_and_proposal_pages_follow_the_rule(discussions_world, person, client):
    users, _items, threads, proposals = discussions_world
    if person != "anonymous":
        client.force_login(users[person])
    for level in threads:
        for obj in (threads[level], proposals[level]):
            status = client.get(obj.get_absolute_url()).status_code
            # Discussions are for members: anonymous visitors log in first, even for public.
            allowed = person != "anonymous" and level in SEES[person]
            assert status == (200 if allowed else _denied(person)), (person, level, obj)


@pytest.mark.parametrize("person", PEOPLE)
def test_search_finds_exactly_what_a_person_may_see(discussions_world, person, settings):
    from search import service

    settings.SEARCH_BACKEND = "database"
    users, items, threads, proposals = discussions_world
    ids = [f"agenda-{i.pk}" for i in items.values()]
    ids += [f"thread-{t.pk}" for t in threads.values()]
    ids += [f"proposal-{p.pk}" for p in proposals.values()]
    service.index_documents(ids)
    for prefix in ("Punt", "Discussie", "Voorstel"):
        titles = {hit["title"] for hit in service.search(prefix, users[person]).hits}
        levels = {level for level in SEES["superuser"] if any(t.endswith(level) for t in titles)}
        assert levels == SEES[person], (person, prefix)


@pytest.mark.parametrize("person", [p for p in PEOPLE if p != "anonymous"])
def test_followers_hear_only_of_threads_they_may_see(discussions_world, person):
    from discussions import actions
    from notifications.actions import set_following
    from notifications.models import Notification

    users, _items, threads, _proposals = discussions_world
    writer = users["superuser"] if person != "superuser" else users["project_lead"]
    for thread in threads.values():
        set_following(users[person], thread, True)
        actions.add_post(writer, thread.pk, "Nieuw bericht")
    told = set(Notification.objects.filter(recipient=users[person]).values_list("title", flat=True))
    levels = {level for level in threads if any(t.endswith(f"Discussie {level}") for t in told)}
    assert levels == SEES[person]
