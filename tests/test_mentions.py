"""Names offered after "@" while someone writes a post: people by user name, first or last name,
then organisations by short name or name, with a sentence for screen readers."""

import pytest
from bs4 import BeautifulSoup

from accounts.models import OrganisationType, Role

from .discussion_helpers import signed_in, url
from .factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(municipality):
    tess = UserFactory(
        username="toegang", first_name="Tess", last_name="Oegema", organisation=municipality
    )
    UserFactory(username="tom", first_name="Tom", last_name="Oud", is_active=False)
    OrganisationFactory(name="Team Toegang Drechterland", slug="toegang-drechterland",
                        type=OrganisationType.MUNICIPALITY)  # fmt: skip
    return tess


def suggested(client, start, language=""):
    response = client.get(language + url("mention_suggestions"), {"q": start})
    assert response.status_code == 200
    return response.json()


def test_a_writer_is_offered_people_and_organisations_that_start_so(people, provider):
    writer = signed_in(provider)
    answer = suggested(writer, "toe")
    assert answer["results"] == [
        {"handle": "toegang", "name": "Tess Oegema", "detail": "Gemeente Hoorn"},
        {"handle": "toegang-drechterland", "name": "Team Toegang Drechterland",
         "detail": "Gemeente"},
    ]  # fmt: skip
    assert answer["announcement"] == (
        "2 namen gevonden: kies met pijl omlaag en Enter, of typ verder."
    )
    assert [r["handle"] for r in suggested(writer, "Oeg")["results"]] == ["toegang"]  # last name
    assert suggested(writer, "to")["results"][0]["handle"] == "toegang"  # Tom left: not active
    assert "tom" not in [r["handle"] for r in suggested(writer, "to")["results"]]
    nothing = suggested(writer, "zzz")
    assert nothing == {"results": [], "announcement": "Geen naam gevonden die zo begint."}
    for odd in ("", " ", "@toe", "<script>", "a" * 60):
        assert suggested(writer, odd)["results"] == []
    english = suggested(writer, "toe", "/en")
    assert english["announcement"] == "2 names found: choose with arrow down and Enter, or type on."


def test_only_someone_who_may_write_is_offered_names(people, client):
    response = client.get(url("mention_suggestions"), {"q": "toe"})
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]
    council = UserFactory(username="raadslid", role=Role.COUNCIL_MEMBER)
    assert signed_in(council).get(url("mention_suggestions"), {"q": "toe"}).status_code == 403


def test_the_post_box_says_where_to_ask_for_names(people, provider):
    from discussions import actions

    thread = actions.start_thread(people, "Vraag", "Tekst")
    page = BeautifulSoup(signed_in(provider).get(thread.get_absolute_url()).content, "html.parser")
    box = page.select_one("textarea[name=body]")
    assert box["data-mentions"] == url("mention_suggestions")
    assert box["data-mentions-label"] == "Namen om te noemen"


def test_in_a_thread_only_people_who_may_read_it_are_offered(people, provider):
    from discussions import actions

    tess = people  # works for a municipality
    for_municipalities = actions.start_thread(
        tess, "Alleen gemeenten", "Tekst", visibility="municipalities"
    )
    UserFactory(username="toezicht", first_name="Toos", organisation=provider.organisation)
    writer = signed_in(tess)
    everyone = [r["handle"] for r in suggested(writer, "to")["results"]]
    assert {"toegang", "toezicht"} <= set(everyone)
    answer = writer.get(url("mention_suggestions"), {"q": "to", "discussie": for_municipalities.pk})
    handles = [r["handle"] for r in answer.json()["results"]]
    assert "toegang" in handles and "toezicht" not in handles  # a provider cannot read it
    assert "toegang-drechterland" in handles  # an organisation: its members who may, hear it

    # The reply box and the edit box of that thread ask for its readers.
    page = BeautifulSoup(writer.get(for_municipalities.get_absolute_url()).content, "html.parser")
    assert page.select_one("textarea[name=body]")["data-mentions-thread"] == str(
        for_municipalities.pk
    )
    opening = for_municipalities.posts.get()
    edit = BeautifulSoup(writer.get(url("post_edit", opening.pk)).content, "html.parser")
    assert edit.select_one("textarea[name=body]")["data-mentions-thread"] == str(
        for_municipalities.pk
    )
    # A thread the asker may not read gives no hint: the names come as without one.
    outsider = signed_in(provider)
    asked = {"q": "to", "discussie": for_municipalities.pk}
    hidden = outsider.get(url("mention_suggestions"), asked)
    assert {"toegang", "toezicht"} <= {r["handle"] for r in hidden.json()["results"]}


def test_for_a_new_thread_only_who_may_read_the_chosen_audience_is_offered(people, provider):
    """The "Nieuwe discussie" form asks with what it has chosen: for municipalities only, or for
    one of the writer's working groups (its members, and who oversees everything)."""
    from .factories import MembershipFactory, WorkingGroupFactory

    tess = people
    group = WorkingGroupFactory(name="Werkgroep Toegang", slug="toegang-wg")
    other = WorkingGroupFactory(name="Werkgroep Tarieven", slug="tarieven")
    MembershipFactory(user=tess, working_group=group)
    colleague = UserFactory(
        username="toos", first_name="Toos", organisation=tess.organisation, role=Role.ACCESS_STAFF
    )
    MembershipFactory(user=colleague, working_group=other)
    UserFactory(username="toezicht", organisation=provider.organisation)
    lead = UserFactory(username="topleider", role=Role.PROJECT_LEAD)
    writer = signed_in(tess)

    everyone = {"toegang", "toos", "toezicht", "topleider"}

    def offered(**chosen):
        answer = writer.get(url("mention_suggestions"), {"q": "to", **chosen})
        return {r["handle"] for r in answer.json()["results"]} & everyone

    assert offered() == everyone
    assert offered(zichtbaarheid="members") == everyone
    assert offered(zichtbaarheid="municipalities") == {"toegang", "toos", lead.username}
    assert offered(zichtbaarheid="working_group", werkgroep=group.pk) == {"toegang", "topleider"}
    # A group the writer is not in tells nothing of who is: only who oversees it all.
    assert offered(zichtbaarheid="working_group", werkgroep=other.pk) == {"topleider"}
    assert offered(zichtbaarheid="working_group", werkgroep="x") == {"topleider"}
    assert offered(zichtbaarheid="iedereen") == everyone  # not a choice: as if not said

    form = BeautifulSoup(writer.get(url("thread_new")).content, "html.parser")
    box = form.select_one("textarea[name=body]")
    assert box["data-mentions-audience"] == "visibility working_group"
    assert form.select_one("select[name=visibility]") and form.select_one(
        "select[name=working_group]"
    )
