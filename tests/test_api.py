"""The REST API: the site's visibility per role, writes through the same actions, token
authentication, and a schema-driven run over every operation that must never meet a 500."""

import uuid
from io import StringIO

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from agenda.models import AgendaItem
from discussions.models import Proposal, ProposalSupport
from notifications.actions import set_following

# Every test here runs on the demo content, loaded once for the module (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

INTERNAL = "2.1.1"  # municipality-only in the demo


def token_for(username):
    return Token.objects.get_or_create(user=User.objects.get(username=username))[0].key


def client_for(username):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(username)}")
    return client


def codes(response):
    return [row["code"] for row in response.json()["results"]]


def test_anonymous_callers_are_refused(demo):
    assert APIClient().get("/api/v1/agenda-items/").status_code == 401


def test_a_provider_does_not_see_municipality_internal_items(demo):
    provider, worker = client_for("aanbieder"), client_for("toegang")
    assert INTERNAL in codes(worker.get("/api/v1/agenda-items/", {"part": 2}))
    assert INTERNAL not in codes(provider.get("/api/v1/agenda-items/", {"part": 2}))
    internal = AgendaItem.objects.get(code=INTERNAL)
    assert provider.get(f"/api/v1/agenda-items/{internal.pk}/").status_code == 404


def test_lists_are_paginated_and_filtered(demo):
    response = client_for("toegang").get("/api/v1/agenda-items/", {"status": "gerealiseerd"})
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == len(body["results"]) >= 1
    assert {row["status"] for row in body["results"]} == {"gerealiseerd"}
    bad = client_for("toegang").get("/api/v1/agenda-items/", {"status": "klaar"})
    assert bad.status_code == 400


def test_the_trekker_updates_progress_and_a_stale_version_is_refused(demo):
    item = AgendaItem.objects.get(code="2.1.2")
    trekker = client_for("trekker")
    version = trekker.get(f"/api/v1/agenda-items/{item.pk}/").json()["version"]
    response = trekker.patch(
        f"/api/v1/agenda-items/{item.pk}/", {"progress": 35, "version": version}, format="json"
    )
    assert response.status_code == 200 and response.json()["progress"] == 35
    stale = trekker.patch(
        f"/api/v1/agenda-items/{item.pk}/", {"progress": 90, "version": version}, format="json"
    )
    assert stale.status_code == 409
    assert AgendaItem.objects.get(pk=item.pk).progress == 35


@pytest.mark.parametrize("username", ["aanbieder", "raadslid"])
def test_who_does_not_carry_an_item_cannot_change_it(demo, username):
    item = AgendaItem.objects.get(code="2.1.2")
    response = client_for(username).patch(
        f"/api/v1/agenda-items/{item.pk}/", {"progress": 99}, format="json"
    )
    assert response.status_code == 403
    assert AgendaItem.objects.get(pk=item.pk).progress != 99


def test_a_provider_submits_a_proposal_once_per_key(demo):
    provider = client_for("aanbieder")
    body = {
        "kind": "signaal",
        "title": "Wachttijden zichtbaar",
        "problem": "Niemand ziet de wachttijd.",
        "domain": "jeugd",
        "submission_key": str(uuid.uuid4()),
    }
    first = provider.post("/api/v1/proposals/", body, format="json")
    again = provider.post("/api/v1/proposals/", body, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Proposal.objects.filter(title="Wachttijden zichtbaar").count() == 1


def test_a_proposal_without_a_problem_gets_a_clear_error(demo):
    response = client_for("aanbieder").post(
        "/api/v1/proposals/", {"title": "X", "domain": "jeugd", "kind": "signaal"}, format="json"
    )
    assert response.status_code == 400 and "problem" in response.json()


def test_a_council_member_reads_proposals_but_does_not_submit(demo):
    council = client_for("raadslid")
    assert council.get("/api/v1/proposals/").status_code == 200
    response = council.post(
        "/api/v1/proposals/",
        {"kind": "signaal", "title": "X", "problem": "Y", "domain": "wmo"},
        format="json",
    )
    assert response.status_code == 403


def test_the_author_corrects_a_submitted_proposal_and_a_stale_version_is_refused(demo):
    provider = client_for("aanbieder")
    body = {"kind": "signaal", "title": "Startdatum", "problem": "Onbekend.", "domain": "jeugd"}
    proposal = provider.post("/api/v1/proposals/", body, format="json").json()
    assert proposal["version"] == 0
    address = f"/api/v1/proposals/{proposal['id']}/"

    changed = provider.patch(address, {"evidence": "12 van de 40.", "version": 0}, format="json")
    assert changed.status_code == 200
    assert (changed.json()["evidence"], changed.json()["version"]) == ("12 van de 40.", 1)
    assert provider.get(address).json()["version"] == 1

    stale = provider.patch(address, {"evidence": "Anders.", "version": 0}, format="json")
    assert stale.status_code == 409
    assert "gewijzigd nadat u het opende" in stale.json()["detail"]
    unsaid = provider.patch(address, {"kind": "voorstel", "version": 1}, format="json")
    assert unsaid.status_code == 400 and "proposed_change" in unsaid.json()
    nothing = provider.patch(address, {"version": 1}, format="json")
    assert nothing.status_code == 400
    other = client_for("deskundige").patch(address, {"title": "X", "version": 1}, format="json")
    assert other.status_code == 403
    assert Proposal.objects.get(pk=proposal["id"]).evidence == "12 van de 40."

    # Taken up by the expert team: the text stays as they read it.
    taken_up = Proposal.objects.get(title__startswith="Afwijkingen van de matrix")
    response = client_for("aanbieder").patch(
        f"/api/v1/proposals/{taken_up.pk}/", {"title": "Anders", "version": 0}, format="json"
    )
    assert response.status_code == 409 and "in behandeling" in response.json()["detail"]


def test_the_author_withdraws_a_submitted_proposal_through_the_api(demo):
    provider = client_for("aanbieder")
    body = {"kind": "signaal", "title": "Startdatum", "problem": "Onbekend.", "domain": "jeugd"}
    proposal = provider.post("/api/v1/proposals/", body, format="json").json()
    address = f"/api/v1/proposals/{proposal['id']}/withdraw/"

    assert provider.post(address, {}, format="json").status_code == 400  # a reason is needed
    other = client_for("deskundige").post(address, {"reason": "Weg"}, format="json")
    assert other.status_code == 403
    withdrawn = provider.post(address, {"reason": "Al opgelost."}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "ingetrokken"
    for body in ({"reason": "Nog eens."}, {}):  # refused as withdrawn, with a reason or none
        again = provider.post(address, body, format="json")
        assert again.status_code == 409 and "ingetrokken" in again.json()["detail"]
    assert Proposal.objects.get(pk=proposal["id"]).decision_reason == "Al opgelost."


def test_support_through_the_api(demo):
    proposal = Proposal.objects.get(title__startswith="Afwijkingen van de matrix")
    before = client_for("deskundige").get(f"/api/v1/proposals/{proposal.pk}/").json()
    response = client_for("deskundige").post(f"/api/v1/proposals/{proposal.pk}/support/")
    assert response.status_code == 200 and response.json()["supporter_count"] == 3
    # An independent expert's own organisation: one more supporting organisation.
    after = response.json()["supporting_organisations"]
    assert after == before["supporting_organisations"] + 1
    own = client_for("aanbieder").post(f"/api/v1/proposals/{proposal.pk}/support/")
    assert own.status_code == 400


def test_a_provider_lists_what_they_sent_backed_and_follow(demo):
    """The API's `whose` is the site's "Van wie": what the caller or their organisation sent,
    what they back and what they follow; `order=support` puts the most backed first."""
    provider = client_for("aanbieder")
    me = User.objects.get(username="aanbieder")

    def listed(**params):
        body = provider.get("/api/v1/proposals/", params).json()
        assert body["next"] is None  # the demo fits on one page
        return [row["id"] for row in body["results"]]

    everything = set(listed())
    mine = set(listed(whose="mine"))
    assert mine and mine < everything
    assert mine == set(Proposal.objects.filter(author=me).values_list("pk", flat=True))
    colleague = User.objects.create_user("collega", organisation=me.organisation, role=me.role)
    body = {"kind": "signaal", "title": "Startdatum", "problem": "Onbekend.", "domain": "jeugd"}
    theirs = client_for(colleague.username).post("/api/v1/proposals/", body, format="json")
    assert set(listed(whose="organisation")) == mine | {theirs.json()["id"]}
    assert theirs.json()["id"] not in listed(whose="mine")

    backed = set(listed(whose="supported"))
    other = Proposal.objects.exclude(organisation=me.organisation).exclude(pk__in=backed)
    other = other.filter(status="ingediend").first()
    provider.post(f"/api/v1/proposals/{other.pk}/support/")
    assert set(listed(whose="supported")) == backed | {other.pk}
    assert other.pk in listed(whose="followed")  # backing it, they follow it
    set_following(me, other, False)
    assert other.pk not in listed(whose="followed")

    by_support = listed(order="support")
    organisations = {
        pk: len({s.organisation_id for s in ProposalSupport.objects.filter(proposal_id=pk)})
        for pk in by_support
    }
    counts = [organisations[pk] for pk in by_support]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    assert listed(order="oldest") == list(reversed(listed()))
    assert provider.get("/api/v1/proposals/", {"whose": "everyone"}).status_code == 400


def test_handbook_pages_and_search(demo, settings):
    settings.SEARCH_BACKEND = "database"
    call_command("rebuild_search_index", "--no-progress", stdout=StringIO())
    worker = client_for("toegang")
    titles = [row["title"] for row in worker.get("/api/v1/handbook-pages/").json()["results"]]
    assert "Het perspectiefplan" in titles
    found = worker.get("/api/v1/search/", {"q": "trajectgerichte bekostiging"}).json()
    assert any(hit["title"].startswith(INTERNAL) for hit in found["hits"])
    hidden = client_for("aanbieder").get("/api/v1/search/", {"q": "trajectgerichte bekostiging"})
    assert not any(hit["title"].startswith(INTERNAL) for hit in hidden.json()["hits"])


def test_a_key_made_on_the_profile_page_opens_the_api(demo, client):
    client.force_login(User.objects.get(username="toegang"))
    client.post("/account/profiel/api-sleutel/", {"action": "create"})
    page = client.get("/account/profiel/").text
    key = page.split("data-api-token>")[1].split("<")[0]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/proposals/").status_code == 200
    client.post("/account/profiel/api-sleutel/", {"action": "delete"})
    assert api.get("/api/v1/proposals/").status_code == 401


def test_the_schema_is_served_at_a_stable_address(demo):
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/agenda-items/{id}/" in schema["paths"]
    assert all(path.startswith("/api/") for path in schema["paths"])


# Schema-driven: every operation, with generated input, as a provider and as the project lead.
# Schemathesis' pytest plugin does not combine with pytest-django's database fixture, so the
# operations are walked here, each with Hypothesis drawing cases from the schema.


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: a request through the WSGI handler must not close the test's
    database connection (and with it the test transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def no_server_error_anywhere(username):
    from django.core.wsgi import get_wsgi_application
    from schemathesis.checks import not_a_server_error

    api = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    headers = {"Authorization": f"Token {token_for(username)}"}
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:

        @settings(
            max_examples=15,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def call(case):
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        call()


def test_no_operation_answers_a_provider_with_a_server_error(demo, keep_test_connection):
    no_server_error_anywhere("aanbieder")


def test_no_operation_answers_the_project_lead_with_a_server_error(demo, keep_test_connection):
    no_server_error_anywhere("projectleider")


def test_items_come_in_the_order_people_read_their_codes(demo):
    listed = codes(client_for("toegang").get("/api/v1/agenda-items/", {"part": 2}))
    numbered = [code for code in listed if code.startswith("2.N")]
    assert numbered == [f"2.N{n}" for n in range(1, 14)]


def test_items_come_in_the_order_the_site_offers(demo):
    """The same three orders as the agenda list: the next deadline first, or by status in the
    order work moves forward; an unknown order is refused, not ignored."""
    from agenda.models import STATUS_STEP

    worker = client_for("toegang")

    def every_row(**params):
        rows, page = [], worker.get("/api/v1/agenda-items/", params).json()
        while True:
            rows += page["results"]
            if not page["next"]:
                return rows
            page = worker.get(page["next"]).json()

    deadlines = [row["deadline"] for row in every_row(order="deadline")]
    dated = [d for d in deadlines if d]
    assert dated and dated == sorted(dated)
    assert None in deadlines and deadlines == dated + [None] * (len(deadlines) - len(dated))
    steps = [STATUS_STEP.get(row["status"], len(STATUS_STEP)) for row in every_row(order="status")]
    assert steps == sorted(steps) and len(set(steps)) > 1
    by_code = [row["code"] for row in every_row(order="code")]
    assert by_code == [row["code"] for row in every_row()]
    refused = worker.get("/api/v1/agenda-items/", {"order": "title"})
    assert refused.status_code == 400 and "order" in refused.json()
