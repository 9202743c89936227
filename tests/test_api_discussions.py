"""Discussions through the REST API: threads and their posts as the site shows them to each
role, and every write (a new thread, a reply, a change, a report, following) through the same
action the site uses, with its refusals as clear HTTP answers."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from taggit.models import Tag

from accounts.models import User
from accounts.visibility import Visibility
from agenda.models import AgendaItem
from discussions import actions
from discussions.models import Post, PostReport, Proposal, Thread
from handbook.models import HandbookPage
from notifications.actions import set_following
from notifications.models import Notification

from .test_api import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

PLAN = "Wanneer maak je een perspectiefplan, en wanneer niet?"  # for all members
TRIAGE = "Afstemming triage tussen de gemeenten"  # for municipalities only
# Started by the provider (aanbieder), and one they replied in, both for all members.
DAYCARE = "Dagbesteding: hetzelfde tarief voor één als voor vier dagdelen"
DIRECTOR = "Eén gezin, drie aanbieders: wie is de regisseur?"


def titles(response):
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def posts_of(client, thread):
    response = client.get(f"/api/v1/threads/{thread.pk}/posts/")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_provider_reads_the_threads_for_members_and_not_those_for_municipalities(demo):
    provider, worker = client_for("aanbieder"), client_for("toegang")
    assert PLAN in titles(provider.get("/api/v1/threads/"))
    assert TRIAGE not in titles(provider.get("/api/v1/threads/"))
    assert {PLAN, TRIAGE} <= set(titles(worker.get("/api/v1/threads/")))

    triage = Thread.objects.get(title=TRIAGE)
    assert provider.get(f"/api/v1/threads/{triage.pk}/").status_code == 404
    assert provider.get(f"/api/v1/threads/{triage.pk}/posts/").status_code == 404
    [opening] = Post.objects.filter(thread=triage)
    assert provider.get(f"/api/v1/posts/{opening.pk}/").status_code == 404

    plan = Thread.objects.get(title=PLAN)
    thread = provider.get(f"/api/v1/threads/{plan.pk}/").json()
    assert thread["post_count"] == 3 and thread["theme"] == "perspectiefplan"
    assert thread["tags"] == ["enkelvoudig", "perspectiefplan"]
    assert thread["author"] == str(User.objects.get(username="toegang"))
    posts = posts_of(provider, plan)
    assert [p["author"] for p in posts] == [
        str(User.objects.get(username=name)) for name in ("toegang", "aanbieder", "deskundige")
    ]
    assert "<strong>lichte variant</strong>" in posts[1]["body_html"]
    assert posts[1]["body"].startswith("Wij zien dezelfde lasten")


def test_the_list_narrows_to_a_theme_a_label_or_whose_they_are(demo):
    worker, provider = client_for("toegang"), client_for("aanbieder")
    assert titles(worker.get("/api/v1/threads/", {"theme": "vraagverheldering-triage"})) == [TRIAGE]
    assert titles(worker.get("/api/v1/threads/", {"tag": "enkelvoudig"})) == [PLAN]
    assert set(titles(worker.get("/api/v1/threads/", {"whose": "mine"}))) == {PLAN, TRIAGE}
    assert titles(provider.get("/api/v1/threads/", {"whose": "mine"})) == [DAYCARE]
    assert set(titles(provider.get("/api/v1/threads/", {"whose": "wrote"}))) == {
        PLAN,
        DAYCARE,
        DIRECTOR,
    }
    assert titles(client_for("raadslid").get("/api/v1/threads/", {"whose": "wrote"})) == []
    assert worker.get("/api/v1/threads/", {"whose": "iedereen"}).status_code == 400


def test_a_provider_starts_a_thread_follows_it_and_its_label_followers_hear_of_it(demo):
    worker = User.objects.get(username="toegang")
    set_following(worker, Tag.objects.get(slug="perspectiefplan"), True)
    provider = client_for("aanbieder")
    response = provider.post(
        "/api/v1/threads/",
        {
            "title": "Perspectiefplan bij een verlenging",
            "body": "Moet bij een **verlenging** een nieuw plan?",
            "theme": "perspectiefplan",
            "tags": ["perspectiefplan", "verlenging"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    thread = response.json()
    assert (thread["post_count"], thread["visibility"]) == (1, "members")
    assert thread["tags"] == ["perspectiefplan", "verlenging"]
    assert thread["url"] == Thread.objects.get(pk=thread["id"]).get_absolute_url()
    assert "Perspectiefplan bij een verlenging" in titles(
        provider.get("/api/v1/threads/", {"whose": "followed"})
    )
    [opening] = provider.get(f"/api/v1/threads/{thread['id']}/posts/").json()["results"]
    assert "<strong>verlenging</strong>" in opening["body_html"]
    assert Notification.objects.filter(
        recipient=worker, title="Nieuwe discussie: Perspectiefplan bij een verlenging"
    ).exists()

    chapter = HandbookPage.objects.live().first()
    about = provider.post(
        "/api/v1/threads/",
        {"title": "Over dit hoofdstuk", "body": "Klopt dit?", "handbook_page": chapter.pk},
        format="json",
    )
    assert about.status_code == 201 and about.json()["handbook_page"] == chapter.pk


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "", "body": "Tekst"}, "title"),
        ({"title": "Inwoner 123456782", "body": "Tekst"}, "title"),  # a BSN (elfproef)
        ({"title": "Vraag", "body": "   "}, "body"),
        ({"title": "Vraag", "body": "Tekst", "theme": "bestaat-niet"}, "theme"),
        ({"title": "Vraag", "body": "Tekst", "visibility": "municipalities"}, "visibility"),
        ({"title": "Vraag", "body": "Tekst", "visibility": "public"}, "visibility"),
        ({"title": "Vraag", "body": "Tekst", "handbook_page": 999999}, "handbook_page"),
    ],
)
def test_a_thread_that_cannot_be_opened_gets_a_clear_error_and_nothing_is_stored(demo, body, field):
    before = Thread.objects.count()
    response = client_for("aanbieder").post("/api/v1/threads/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Thread.objects.count() == before


def test_a_council_member_reads_threads_but_does_not_write(demo):
    council = client_for("raadslid")
    plan = Thread.objects.get(title=PLAN)
    assert PLAN in titles(council.get("/api/v1/threads/"))
    new = council.post("/api/v1/threads/", {"title": "Vraag", "body": "Tekst"}, format="json")
    reply = council.post(f"/api/v1/threads/{plan.pk}/posts/", {"body": "Eens."}, format="json")
    assert (new.status_code, reply.status_code) == (403, 403)
    assert not Post.objects.filter(body_source="Eens.").exists()


def test_a_reply_reaches_the_thread_and_its_followers(demo):
    plan = Thread.objects.get(title=PLAN)
    quoted = plan.posts.get(author__username="aanbieder")
    response = client_for("trekker").post(
        f"/api/v1/threads/{plan.pk}/posts/",
        {"body": "> een lichte variant\n\nDat nemen we mee.", "quote_of": quoted.pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    reply = response.json()
    assert (reply["quote_of"], reply["version"], reply["hidden"]) == (quoted.pk, 0, False)
    assert reply["url"].endswith(f"#bericht-{reply['id']}")
    assert posts_of(client_for("aanbieder"), plan)[-1]["id"] == reply["id"]
    told = Notification.objects.get(recipient__username="toegang", url=reply["url"])
    assert told.title.endswith("reageerde in: " + PLAN)


def test_a_closed_thread_refuses_a_reply_with_a_conflict_and_the_team_may_still_write(demo):
    plan = Thread.objects.get(title=PLAN)
    actions.lock_thread(User.objects.get(username="moderator"), plan.pk, True, "Afgerond")
    assert client_for("aanbieder").get(f"/api/v1/threads/{plan.pk}/").json()["is_locked"]
    refused = client_for("aanbieder").post(
        f"/api/v1/threads/{plan.pk}/posts/", {"body": "Nog één ding."}, format="json"
    )
    assert refused.status_code == 409
    assert "gesloten" in refused.json()["detail"]
    assert not plan.posts.filter(body_source="Nog één ding.").exists()
    team = client_for("moderator").post(
        f"/api/v1/threads/{plan.pk}/posts/", {"body": "Tot slot."}, format="json"
    )
    assert team.status_code == 201


def test_the_author_changes_a_post_and_a_stale_version_is_refused(demo):
    plan = Thread.objects.get(title=PLAN)
    post = plan.posts.get(author__username="aanbieder")
    provider = client_for("aanbieder")
    address = f"/api/v1/posts/{post.pk}/"
    assert provider.get(address).json()["version"] == 0

    changed = provider.patch(address, {"body": "Een *lichte* variant.", "version": 0}, "json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["version"] == 1 and changed.json()["edited_at"]
    assert "<em>lichte</em>" in changed.json()["body_html"]
    assert post.edits.get().body_source.startswith("Wij zien dezelfde lasten")

    stale = provider.patch(address, {"body": "Iets anders.", "version": 0}, format="json")
    assert stale.status_code == 409
    post.refresh_from_db()
    assert post.body_source == "Een *lichte* variant."

    someone_else = client_for("toegang").patch(
        address, {"body": "Overschreven.", "version": 1}, format="json"
    )
    assert someone_else.status_code == 403
    missing = provider.patch(address, {"body": "Zonder versie."}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()


def test_a_hidden_post_shows_its_reason_not_its_text_and_cannot_be_changed(demo):
    plan = Thread.objects.get(title=PLAN)
    post = plan.posts.get(author__username="aanbieder")
    actions.hide_post(User.objects.get(username="moderator"), post.pk, "Noemt een inwoner")
    provider = client_for("aanbieder")
    shown = next(p for p in posts_of(provider, plan) if p["id"] == post.pk)
    assert (shown["hidden"], shown["hidden_reason"]) == (True, "Noemt een inwoner")
    assert shown["body"] == shown["body_html"] == ""
    assert client_for("toegang").get(f"/api/v1/threads/{plan.pk}/").json()["post_count"] == 2

    edit = provider.patch(f"/api/v1/posts/{post.pk}/", {"body": "Anders.", "version": 0}, "json")
    assert edit.status_code == 409
    report = client_for("toegang").post(
        f"/api/v1/posts/{post.pk}/report/", {"reason": "Nog een keer"}, format="json"
    )
    assert report.status_code == 400


def test_a_post_is_reported_once_and_the_expert_team_is_told(demo):
    post = Thread.objects.get(title=PLAN).posts.get(author__username="deskundige")
    worker = client_for("toegang")
    address = f"/api/v1/posts/{post.pk}/report/"
    assert worker.post(address, {"reason": ""}, format="json").status_code == 400
    assert worker.post(address, {"reason": "Klopt niet"}, format="json").status_code == 201
    assert worker.post(address, {"reason": "Klopt niet"}, format="json").status_code == 200
    assert PostReport.objects.filter(post=post, resolved_at__isnull=True).count() == 1
    told = Notification.objects.get(recipient__username="moderator", body="Klopt niet")
    assert told.url.endswith(f"#bericht-{post.pk}")


def test_following_a_thread_and_a_proposal_through_the_api(demo):
    plan = Thread.objects.get(title=PLAN)
    proposal = Proposal.objects.visible_to(User.objects.get(username="trekker")).first()
    lead = client_for("trekker")
    assert PLAN not in titles(lead.get("/api/v1/threads/", {"whose": "followed"}))
    assert lead.post(f"/api/v1/threads/{plan.pk}/follow/").json() == {"following": True}
    assert PLAN in titles(lead.get("/api/v1/threads/", {"whose": "followed"}))
    assert lead.delete(f"/api/v1/threads/{plan.pk}/follow/").json() == {"following": False}
    assert PLAN not in titles(lead.get("/api/v1/threads/", {"whose": "followed"}))

    assert lead.post(f"/api/v1/proposals/{proposal.pk}/follow/").status_code == 200
    followed = lead.get("/api/v1/proposals/", {"whose": "followed"}).json()["results"]
    assert proposal.pk in [row["id"] for row in followed]


def test_a_thread_names_its_agenda_item_only_to_who_may_see_it(demo):
    internal = AgendaItem.objects.get(code="2.1.1")  # for municipalities only
    assert internal.visibility == Visibility.MUNICIPALITIES
    plan = Thread.objects.get(title=PLAN)
    Thread.objects.filter(pk=plan.pk).update(agenda_item=internal)
    address = f"/api/v1/threads/{plan.pk}/"
    assert client_for("toegang").get(address).json()["agenda_item"] == internal.pk
    assert client_for("aanbieder").get(address).json()["agenda_item"] is None

    def in_the_list(client):
        rows = client.get("/api/v1/threads/").json()["results"]
        return next(row["agenda_item"] for row in rows if row["id"] == plan.pk)

    assert in_the_list(client_for("toegang")) == internal.pk
    assert in_the_list(client_for("aanbieder")) is None


def test_what_is_new_for_the_caller_and_marking_it_read(demo):
    plan = Thread.objects.get(title=PLAN)
    provider, lead = client_for("aanbieder"), client_for("trekker")
    # The provider wrote the second post; the expert's reply after it is new to them.
    row = provider.get(f"/api/v1/threads/{plan.pk}/").json()
    assert (row["new_posts"], row["opened"]) == (1, True)
    # Each thread they wrote in has replies after their last post.
    assert set(titles(provider.get("/api/v1/threads/", {"new": "true"}))) == {
        PLAN,
        DAYCARE,
        DIRECTOR,
    }
    assert PLAN not in titles(provider.get("/api/v1/threads/", {"new": "false"}))
    row = lead.get(f"/api/v1/threads/{plan.pk}/").json()
    assert (row["new_posts"], row["opened"]) == (3, False)  # never opened: all of it

    read = provider.post(f"/api/v1/threads/{plan.pk}/read/", {}, format="json")
    assert read.status_code == 200 and read.json()["new_posts"] == 0
    assert set(titles(provider.get("/api/v1/threads/", {"new": "true"}))) == {DAYCARE, DIRECTOR}

    first = plan.posts.first()
    reply = actions.add_post(User.objects.get(username="toegang"), plan.pk, "Nog een vraag.")
    assert provider.get(f"/api/v1/threads/{plan.pk}/").json()["new_posts"] == 1
    back = provider.post(f"/api/v1/threads/{plan.pk}/read/", {"up_to": first.pk}, format="json")
    assert back.json()["new_posts"] == 1  # never back to an earlier post
    up_to = provider.post(f"/api/v1/threads/{plan.pk}/read/", {"up_to": reply.pk}, "json")
    assert up_to.json()["new_posts"] == 0
    bad = provider.post(f"/api/v1/threads/{plan.pk}/read/", {"up_to": "x"}, format="json")
    assert bad.status_code == 400 and "up_to" in bad.json()
    # The site's list, which keeps the same reading, shows nothing new either.
    site = Client()
    site.force_login(User.objects.get(username="aanbieder"))
    page = BeautifulSoup(site.get("/discussies/").text, "html.parser")
    new_on_the_site = {
        row.select_one("h2 a").get_text(strip=True)
        for row in page.select(".thread-list__item")
        if row.select_one(".status-badge--new")
    }
    assert new_on_the_site == {DAYCARE, DIRECTOR}


def test_the_proposal_lists_total_is_shared_and_follows_each_change(
    demo, page_cache, django_capture_on_commit_callbacks
):
    """As on the site: the total of a page of proposals is counted once for everyone who may
    see the same (per status and kind) and counted afresh after a proposal changes; one's own
    are counted each time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    provider = client_for("aanbieder")
    visible = Proposal.objects.visible_to(User.objects.get(username="aanbieder"))

    def total(**query):
        return provider.get("/api/v1/proposals/", query).json()["count"]

    everything = visible.count()
    assert total() == everything and total(status="ingediend") == 2
    with CaptureQueriesContext(connection) as asked:
        assert total() == everything
    assert not [q for q in asked.captured_queries if "__count" in q["sql"]]  # no counting

    body = {"kind": "signaal", "title": "Nog een signaal", "problem": "Iets.", "domain": "wmo",
            "submission_key": "9b3c1a52-0f4e-4c27-8d2e-6f1f3c5a7e10"}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert provider.post("/api/v1/proposals/", body, format="json").status_code == 201
    assert total() == visible.count() and total(status="ingediend") == 3
    assert total(whose="mine") == Proposal.objects.filter(author__username="aanbieder").count()
