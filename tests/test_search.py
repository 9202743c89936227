"""Search on the real OpenSearch node and on the database backend: the same behaviour on both,
relevance on the engine, visibility everywhere, and what happens when the engine goes away."""

import re
import uuid
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from accounts.models import User
from agenda.actions import update_item
from agenda.models import AgendaItem
from discussions.actions import edit_proposal, submit_proposal
from discussions.models import Proposal
from search import service
from search.engine import alias_name, get_client
from search.models import PendingIndexOperation, SearchQueryLog

# Every test here runs on the demo content, loaded once for the module (tests/conftest.py); the
# engine's index is rebuilt from it by each test that searches there.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


@pytest.fixture(params=["engine", "database"])
def backend(request, demo, settings):
    settings.SEARCH_BACKEND = request.param
    service.rebuild()
    return request.param


def user(name):
    return User.objects.get(username=name)


def titles(results):
    return [hit["title"] for hit in results.hits]


def test_finds_the_handbook_page_by_its_words(backend):
    results = service.search("perspectiefplan", user("toegang"))
    assert results.backend == backend
    assert "Het perspectiefplan" in titles(results)[:3]


def test_abbreviations_from_the_glossary_are_synonyms(backend):
    results = service.search("PP", user("toegang"))
    assert "Het perspectiefplan" in titles(results)[:3]
    assert "2.3 Huishoudelijke hulp onder inspanningsgerichte voorwaarden onderzoeken" in titles(
        service.search("HH", user("toegang"))
    )


def test_codes_match_exactly(backend):
    assert titles(service.search("Z5", user("toegang")))[0] in (
        "Schoon en leefbaar huis", "De resultatenmatrix (Noord- en Midden-Drenthe)",
    )  # fmt: skip


def test_a_provider_never_sees_municipality_internal_items(backend):
    query = "trajectgerichte bekostiging"
    assert "2.1.1 Trajectgerichte bekostiging voor segment C uitwerken" in titles(
        service.search(query, user("toegang"))
    )
    results = service.search(query, user("aanbieder"))
    assert "2.1.1 Trajectgerichte bekostiging voor segment C uitwerken" not in titles(results)
    assert all(
        "2.1.1" not in title for title, _ in service.suggest("trajectgericht", user("aanbieder"))
    )
    statuses = dict(service.search("segment", user("aanbieder")).facets.get("status", []))
    statuses_worker = dict(service.search("segment", user("toegang")).facets.get("status", []))
    assert statuses["In uitvoering"] == statuses_worker["In uitvoering"] - 1


def test_anonymous_visitors_see_public_content_only(backend):
    AgendaItem.objects.filter(code="3.5").update(visibility="members")
    service.index_documents([f"agenda-{AgendaItem.objects.get(code='3.5').pk}"])
    assert "3.5 Eén regionale werkdag per week" not in titles(
        service.search("regionale werkdag", None)
    )
    assert "3.5 Eén regionale werkdag per week" in titles(
        service.search("regionale werkdag", user("aanbieder"))
    )


def test_facets_count_and_filter(backend):
    results = service.search("dagbesteding", user("toegang"))
    types = dict(results.facets["type"])
    assert types["handbook"] >= 3 and types["agenda"] >= 2
    only_handbook = service.search("dagbesteding", user("toegang"), {"type": "handbook"})
    assert only_handbook.total == types["handbook"]
    assert {hit["url"].startswith("/handreiking/") for hit in only_handbook.hits} == {True}


def test_highlights_mark_the_words_and_escape_the_text(backend):
    hit = service.search("dagbesteding", user("toegang")).hits[0]
    assert "<mark>" in hit["highlight"].lower()
    item = AgendaItem.objects.get(code="3.2")
    AgendaItem.objects.filter(pk=item.pk).update(
        summary="<script>alert(1)</script> wachttijden 3 < 4 & meer"
    )
    service.index_documents([f"agenda-{item.pk}"])
    hits = service.search("wachttijden", user("toegang")).hits
    hit = next(h for h in hits if h["doc_id"] == f"agenda-{item.pk}")
    assert "<script>" not in hit["highlight"]
    assert "&lt; 4 &amp; meer" in hit["highlight"] and "<mark>" in hit["highlight"].lower()


def test_a_highlight_begins_and_ends_with_whole_words(backend):
    """An excerpt from the middle of a long text, as a reader sees it: no "…e toegangen"."""
    before, after = [f"aanloop{i}" for i in range(60)], [f"vervolg{i}" for i in range(60)]
    words = [*before, "regisseursrol", *after]
    item = AgendaItem.objects.get(code="3.2")
    AgendaItem.objects.filter(pk=item.pk).update(summary=" ".join(words))
    service.index_documents([f"agenda-{item.pk}"])
    hits = service.search("regisseursrol", user("toegang")).hits
    hit = next(h for h in hits if h["doc_id"] == f"agenda-{item.pk}")
    shown = re.sub(r"</?mark>", "", hit["highlight"], flags=re.IGNORECASE).strip("… ").split()
    assert "regisseursrol" in shown and len(shown) < len(words)
    assert set(shown) <= set(words), shown


def test_an_item_is_found_by_its_theme_and_the_excerpt_says_it_is_the_theme(backend):
    """Item 2.N10 never names its theme in its own text; searching the theme finds it, and the
    excerpt reads "Thema: Regievoering." instead of a stray word at the end."""
    item = AgendaItem.objects.get(code="2.N10")
    assert "regievoering" not in f"{item.title} {item.summary} {item.risks}".lower()
    hits = service.search("regievoering", user("toegang")).hits
    hit = next(h for h in hits if h["doc_id"] == f"agenda-{item.pk}")
    shown = re.sub(r"</?mark>", "", hit["highlight"], flags=re.IGNORECASE)
    assert shown.endswith("Thema: Regievoering."), shown


def test_suggestions_as_you_type(backend, client):
    response = client.get("/zoeken/suggesties/?q=regisseu")
    titles_found = [s["title"] for s in response.json()["suggestions"]]
    assert "De regisseursrol" in titles_found


def test_did_you_mean_on_a_misspelling(backend):
    results = service.search("regiseursrol", user("toegang"))
    assert results.suggestion == "regisseursrol"
    assert "De regisseursrol" in titles(results)[:3]


def test_words_that_are_not_all_in_one_page_still_find_the_page_with_most_of_them(backend):
    """'logeren kind': no page has both words; the one about logeren is found, not an empty page
    with a proposal ('logeren eind?') that finds nothing either."""
    results = service.search("logeren kind", user("toegang"))
    assert "Logeren" in titles(results)[:3]
    assert results.suggestion is None


def test_a_search_of_only_signs_finds_nothing_rather_than_everything(backend):
    for query in ("?", "<> !"):
        assert service.search(query, user("toegang")).total == 0, query


def test_did_you_mean_offers_only_words_the_searcher_may_read(backend):
    """A word that stands only in a municipality-internal item is never proposed to a provider:
    the proposal alone would tell what the item is about."""
    internal = AgendaItem.objects.get(code="2.1.1")
    AgendaItem.objects.filter(pk=internal.pk).update(
        summary="Het tariefonderhandelingsscenario blijft binnen de gemeenten."
    )
    service.index_documents([f"agenda-{internal.pk}"])
    typo = "tariefonderhandelingscenario"
    assert service.search(typo, user("toegang")).suggestion == "tariefonderhandelingsscenario"
    results = service.search(typo, user("aanbieder"))
    assert (results.total, results.suggestion) == (0, None)


def test_the_index_follows_a_committed_change(backend, django_capture_on_commit_callbacks):
    item = AgendaItem.objects.get(code="2.1.2")
    with django_capture_on_commit_callbacks(execute=True):
        update_item(item.pk, user("trekker"), {"status": "vervallen", "status_reason": "Opgegaan"})
    results = service.search("zorgcombinaties", user("toegang"), {"status": "Vervallen"})
    assert [hit["doc_id"] for hit in results.hits] == [f"agenda-{item.pk}"]


def test_search_page_has_facets_highlights_and_a_box_everywhere(backend, client):
    html = client.get("/zoeken/?q=dagbesteding").content.decode()
    assert "Verfijnen" in html and "<mark>" in html.lower()
    assert 'role="search"' in client.get("/agenda/").content.decode()


def test_facet_values_read_as_words_in_the_readers_language(backend, client):
    """Domains are kept as codes and statuses as Dutch labels in the index; the page shows
    what they mean, in Dutch or English, and the filter links keep working."""
    client.force_login(user("toegang"))
    dutch = client.get("/zoeken/", {"q": "segment"}).content.decode()
    assert ">Jeugd en Wmo</a>" in dutch or ">Jeugd</a>" in dutch
    assert ">beide</a>" not in dutch and ">jeugd</a>" not in dutch
    assert ">In uitvoering</a>" in dutch
    english = client.get("/en/zoeken/", {"q": "segment"}).content.decode()
    assert ">In progress</a>" in english and ">In uitvoering</a>" not in english
    assert ">Youth (Jeugd)</a>" in english or ">Youth and social support</a>" in english
    assert ">Part 2</a>" in english and ">Deel 2</a>" in dutch
    filtered = client.get("/en/zoeken/", {"q": "segment", "status": "In uitvoering"})
    assert "✓ In progress" in filtered.content.decode()


def test_written_facet_values_are_marked_dutch_on_the_english_site(backend, client):
    """Labels are written on the platform, in Dutch: on the English page a screen reader must
    read them as Dutch (WCAG 3.1.2), as it does the titles; translated values are not marked."""
    client.force_login(user("toegang"))
    page = BeautifulSoup(client.get("/en/zoeken/", {"q": "perspectiefplan"}).content, "html.parser")
    facets = page.select(".facet-list a")
    tags = [a for a in facets if "tag=" in a["href"]]
    statuses = [a for a in facets if "status=" in a["href"]]
    assert tags and statuses
    assert {a.get("lang") for a in tags} == {"nl"}
    assert {a.get("lang") for a in statuses} == {None}
    dutch = BeautifulSoup(client.get("/zoeken/", {"q": "perspectiefplan"}).content, "html.parser")
    assert all(a.get("lang") is None for a in dutch.select(".facet-list a"))


def test_zero_result_searches_are_kept_without_the_searcher(backend, client):
    client.force_login(user("toegang"))
    client.get("/zoeken/", {"q": "xylofoonles zeppelinvaart"})
    log = SearchQueryLog.objects.get()
    assert (log.query, log.result_count) == ("xylofoonles zeppelinvaart", 0)
    assert not [f for f in SearchQueryLog._meta.get_fields() if f.is_relation]
    client.force_login(user("moderator"))
    assert "xylofoonles zeppelinvaart" in client.get("/zoeken/hiaten/").content.decode()
    client.force_login(user("aanbieder"))
    assert client.get("/zoeken/hiaten/").status_code == 403


# Relevance on the engine: queries as access staff type them, and the page that must be in the
# top three. Typos, abbreviations, compounds, inflections and codes.
ZORGCOMBINATIES = "2.1.2 Verplichte zorgcombinaties van aanbieders in segment C contracteren"
HUISHOUDELIJKE_HULP = "2.3 Huishoudelijke hulp onder inspanningsgerichte voorwaarden onderzoeken"
RELEVANCE = [
    ("perspectiefplan", "Het perspectiefplan"),
    ("perspectiefplannen", "Het perspectiefplan"),
    ("PP eenmalig consult", "Het perspectiefplan"),
    ("wanneer geen perspectiefplan", "Het perspectiefplan"),
    ("perspektiefplan", "Het perspectiefplan"),
    ("regisseursrol", "De regisseursrol"),
    ("regiseursrol", "De regisseursrol"),
    ("één gezin één plan", "De regisseursrol"),
    ("overgang 18+", "Veilig wonen"),
    ("segment C", "Segment C: hoog complexe jeugdhulp"),
    ("hoog complexe jeugdhulp", "Segment C: hoog complexe jeugdhulp"),
    ("adviesteam segment c", "Segment C: hoog complexe jeugdhulp"),
    ("arrangementstarief", "Segment B: laag complexe jeugdhulp"),
    ("Z5", "Schoon en leefbaar huis"),
    ("G3", "Gezinsondersteuning"),
    ("gezinsondersteuning", "Gezinsondersteuning"),
    ("dagbestedingen", "Dagbesteding"),
    ("logeren", "Logeren"),
    ("intensiteit tussen B en C", "Intensiteit tussen B en C (nieuw)"),
    ("stabilisatie", "Interventieniveau 5: stabilisatie"),
    ("crisis", "Interventieniveau 6: kortdurend, crisis"),
    ("medicatiecontrole", "Medicatiecontrole"),
    ("vraagverheldering triage", "Vraagverheldering en triage"),
    ("voorliggend veld", "Vraagverheldering en triage"),
    ("RGW", "Begrippen en afkortingen"),
    ("zorgcombinaties", ZORGCOMBINATIES),
    ("jeugdhulpaanbieder zorgcombinatie", ZORGCOMBINATIES),
    ("huishoudelijke hulp", HUISHOUDELIJKE_HULP),
]  # fmt: skip


@pytest.fixture
def engine(demo, settings):
    settings.SEARCH_BACKEND = "engine"
    service.rebuild()


@pytest.mark.parametrize(("query", "expected"), RELEVANCE)
def test_relevance_on_the_engine(engine, query, expected):
    top = titles(service.search(query, user("toegang")))[:3]
    assert expected in top, top


def test_rebuild_swaps_the_alias_to_a_new_index(engine):
    client = get_client()
    before = client.alias_targets("rgw-test")
    out = StringIO()
    call_command("rebuild_search_index", "--no-progress", stdout=out)
    after = client.alias_targets("rgw-test")
    assert len(before) == len(after) == 1 and before != after
    assert "documenten geïndexeerd (zoekmachine en database)" in out.getvalue()
    assert service.search("regisseursrol", user("toegang")).total >= 1


def test_engine_down_falls_back_loses_no_write_and_catches_up(demo, settings, tmp_path):
    from tests.search_node import SearchNode

    node = SearchNode(tmp_path).start()
    try:
        settings.SEARCH_BACKEND = "engine"
        settings.SEARCH_URL = node.url
        service.rebuild()
        assert service.search("regisseursrol", user("toegang")).backend == "engine"

        node.stop()  # the engine goes away mid-run
        item = AgendaItem.objects.get(code="3.5")
        AgendaItem.objects.filter(pk=item.pk).update(title="Regionale werkdag op dinsdag")
        assert service.index_documents([f"agenda-{item.pk}"]) is False  # the write is kept
        assert PendingIndexOperation.objects.filter(doc_id=f"agenda-{item.pk}").exists()
        results = service.search("dinsdag", user("toegang"))
        assert results.fallback and results.backend == "database"
        assert "3.5 Regionale werkdag op dinsdag" in titles(results)

        node.start()  # back, with its data
        assert service.catch_up() == 1
        results = service.search("dinsdag", user("toegang"))
        assert results.backend == "engine" and not results.fallback
        assert "3.5 Regionale werkdag op dinsdag" in titles(results)
        assert not PendingIndexOperation.objects.exists()
    finally:
        node.stop()


def test_documents_are_indexed_in_dutch_whatever_language_was_active(engine):
    from django.utils import translation

    item = AgendaItem.objects.get(code="2.1")
    with translation.override("en"):
        service.index_documents([f"agenda-{item.pk}"])
    hit = service.search("Betere afbakening", user("toegang")).hits[0]
    assert hit["url"] == f"/agenda/punt/{item.pk}/"
    assert hit["facets"]["status"] == ["In uitvoering"]


def test_search_page_tells_when_it_falls_back(demo, settings, client):
    from tests.servers import free_port

    settings.SEARCH_BACKEND = "database"
    service.rebuild()
    settings.SEARCH_BACKEND = "engine"
    settings.SEARCH_URL = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    html = client.get("/zoeken/?q=regisseursrol").content.decode()
    assert "De zoekmachine is even niet bereikbaar" in html
    assert "De regisseursrol" in html


def test_a_new_glossary_synonym_takes_effect_after_commit(
    engine, django_capture_on_commit_callbacks
):
    from handbook.models import GlossaryTerm

    assert "Vraagverheldering en triage" not in titles(service.search("VVH", user("toegang")))
    with django_capture_on_commit_callbacks(execute=True):
        GlossaryTerm.objects.create(
            term="Vraagverheldering", abbreviation="VVH", definition="Uitzoeken wat de vraag is."
        )
    assert "Vraagverheldering en triage" in titles(service.search("VVH", user("toegang")))[:3]


def test_what_one_transaction_changes_is_found_after_it_commits_and_its_undone_part_never(
    engine, django_capture_on_commit_callbacks, monkeypatch
):
    """A transaction's changes are indexed together after it commits, with one rebuild for
    however many glossary terms it saved; what a part of it undid is not indexed."""
    from django.db import transaction

    from handbook.models import GlossaryTerm

    rebuilds = []
    rebuild = service.rebuild
    monkeypatch.setattr(service, "rebuild", lambda *a, **kw: rebuilds.append(1) or rebuild())
    signal = {"kind": "signaal", "problem": "Niet bekend.", "domain": "jeugd"}
    with django_capture_on_commit_callbacks(execute=True):
        GlossaryTerm.objects.create(
            term="Vraagverheldering", abbreviation="VVH", definition="Uitzoeken wat de vraag is."
        )
        GlossaryTerm.objects.create(
            term="Regisseursrol", abbreviation="RGR", definition="Wie de hulp samenbrengt."
        )
        submit_proposal(user("aanbieder"), {**signal, "title": "Startdatum na toewijzing"},
                        uuid.uuid4())  # fmt: skip
        with pytest.raises(ValueError), transaction.atomic():
            submit_proposal(user("aanbieder"), {**signal, "title": "Taxivervoer na toewijzing"},
                            uuid.uuid4())  # fmt: skip
            raise ValueError("undone")
    assert rebuilds == [1]
    assert "Vraagverheldering en triage" in titles(service.search("VVH", user("toegang")))[:3]
    assert "De regisseursrol" in titles(service.search("RGR", user("toegang")))[:3]
    found = titles(service.search("toewijzing", user("toegang")))
    assert "Startdatum na toewijzing" in found
    assert "Taxivervoer na toewijzing" not in found


# Proposals and threads (#6 brings them; they are searched like everything else) ----------------

MATRIX_PROPOSAL = "Afwijkingen van de matrix monitoren, groeperen en het systeem bijstellen"
INTERNAL_THREAD = "Afstemming triage tussen de gemeenten"


def test_proposals_and_threads_are_found_with_their_type(backend):
    results = service.search("lerend systeem afwijkingen", user("toegang"))
    hit = next(h for h in results.hits if h["title"] == MATRIX_PROPOSAL)
    assert hit["type"] == "proposal"
    results = service.search("enkelvoudig consult", user("toegang"))
    assert "Wanneer maak je een perspectiefplan, en wanneer niet?" in titles(results)


def test_a_corrected_proposal_is_found_by_what_it_says_now(
    backend, django_capture_on_commit_callbacks
):
    title = "Startdatum na toewijzing"
    data = {"kind": "signaal", "title": title, "problem": "Niet bekend.", "domain": "jeugd"}
    with django_capture_on_commit_callbacks(execute=True):
        proposal, _created = submit_proposal(user("aanbieder"), data, uuid.uuid4())
    assert title not in titles(service.search("wachtlijstbeheer", user("toegang")))
    with django_capture_on_commit_callbacks(execute=True):
        edit_proposal(user("aanbieder"), proposal.pk, {"evidence": "Geen wachtlijstbeheer."}, 0)
    assert title in titles(service.search("wachtlijstbeheer", user("toegang")))


def test_a_municipality_only_thread_is_not_found_by_a_provider(backend):
    assert INTERNAL_THREAD in titles(service.search("vraagverheldering", user("toegang")))
    assert INTERNAL_THREAD not in titles(service.search("vraagverheldering", user("aanbieder")))
    similar = service.more_like_this(
        "vraagverheldering lokale team specialistische toegang", user("aanbieder")
    )
    assert INTERNAL_THREAD not in [hit["title"] for hit in similar]


def test_similar_proposals_are_shown_while_writing_one(backend):
    similar = service.more_like_this(
        "Matrix: afwijkingen groeperen. Wat vaak afwijkt komt niet terug in de matrix.",
        user("deskundige"),
        types=("proposal", "thread"),
    )
    assert similar[0]["title"] == MATRIX_PROPOSAL
    assert all(hit["type"] in ("proposal", "thread") for hit in similar)


def test_similar_means_sharing_telling_words_not_everyday_ones(backend):
    """The box on a proposal's page: the discussion it grew from is listed first, and a thread
    that shares only everyday and widespread words (komt, profiel, intensiteit) with another
    proposal is not (the database backend listed the one about day care under the matrix)."""

    def similar_to(title):
        proposal = Proposal.objects.get(title=title)
        hits = service.more_like_this(
            f"{proposal.title} {proposal.problem}", user("moderator"),
            types=("proposal", "thread"), exclude=f"proposal-{proposal.pk}",
        )  # fmt: skip
        return [hit["title"] for hit in hits]

    one_off = similar_to("Geen perspectiefplan bij een eenmalig consult")
    assert one_off[0] == "Wanneer maak je een perspectiefplan, en wanneer niet?"
    day_care = "Dagbesteding: hetzelfde tarief voor één als voor vier dagdelen"
    assert day_care not in similar_to(MATRIX_PROPOSAL)


def test_similar_means_sharing_words_not_letters_inside_other_words(
    backend, django_capture_on_commit_callbacks
):
    """A text about hours shares "uren" with a signal that counts hours, not with one where
    something has to "gebeuren" and takes long to "duren" (the database backend listed it)."""
    signal = {"kind": "signaal", "domain": "wmo", "problem": "Niet bekend."}
    with django_capture_on_commit_callbacks(execute=True):
        submit_proposal(
            user("thuiszorg"),
            {**signal, "title": "Overdracht tussen twee teams",
             "problem": "Wat er bij een overdracht moet gebeuren is onduidelijk; dat kan duren."},
            uuid.uuid4(),
        )  # fmt: skip
        submit_proposal(
            user("thuiszorg"),
            {**signal, "title": "Reistijd telt niet mee",
             "problem": "De uren die een medewerker reist, vallen buiten het tarief."},
            uuid.uuid4(),
        )  # fmt: skip
    similar = service.more_like_this(
        "Uren en reistijd", user("thuiszorg"), types=("proposal", "thread")
    )
    assert "Reistijd telt niet mee" in titles_of(similar)
    assert "Overdracht tussen twee teams" not in titles_of(similar)


def titles_of(hits):
    return [hit["title"] for hit in hits]


def test_the_proposal_form_lists_similar_proposals(backend, client):
    client.force_login(user("thuiszorg"))
    response = client.get(
        "/voorstellen/vergelijkbaar/", {"title": "Afwijkingen van de matrix groeperen"}
    )
    listed = BeautifulSoup(response.content, "html.parser").find("a", string=MATRIX_PROPOSAL)
    # What it is and where it stands, so nobody is sent to support what was withdrawn or decided.
    assert listed.parent.get_text(" ", strip=True).endswith("(verbetervoorstel, in behandeling)")
    signal = "Intensiteit huishoudelijke hulp sluit niet aan bij tijdelijke uitval mantelzorg"
    response = client.get("/voorstellen/vergelijkbaar/", {"title": signal})
    listed = BeautifulSoup(response.content, "html.parser").find("a", string=signal)
    status = Proposal.objects.get(title=signal).get_status_display().lower()
    assert listed.parent.get_text(" ", strip=True).endswith(f"(signaal uit de praktijk, {status})")


def test_a_rebuild_reads_the_database_per_batch_not_per_document(demo):
    """At 10× volume a rebuild reads 450,000 documents: a few queries per kind for a whole batch,
    and each document still has what the per-document rules say."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page, PageViewRestriction

    from discussions.models import Post
    from handbook.models import GuidancePage, LocalVariation
    from search.documents import all_doc_ids, documents_for

    call_command("generate_volume", "--scale", "0.01", "--no-progress", stdout=StringIO())
    page = GuidancePage.objects.live().filter(slug__startswith="vol-").first()
    municipality = user("toegang").organisation
    LocalVariation.objects.create(page=page, municipality=municipality, note="Hier anders.")
    restricted = GuidancePage.objects.live().filter(slug__startswith="vol-").last()
    PageViewRestriction.objects.create(
        page=Page.objects.get(pk=restricted.pk), restriction_type="login"
    )
    post = Post.objects.filter(thread__title__contains="[vol]").first()
    hidden = post.thread.posts.exclude(pk=post.pk).first()
    Post.objects.filter(pk=hidden.pk).update(
        hidden_at=hidden.created_at, body_html="<p>verborgenwoord</p>"
    )

    doc_ids = all_doc_ids() + [f"page-{restricted.pk}"]
    with CaptureQueriesContext(connection) as queries:
        documents = documents_for(doc_ids)
    assert len(doc_ids) > 400
    assert len(queries) < 40, "one or two queries per document would be hundreds"

    assert documents[f"page-{page.pk}"].facets["municipality"] == [municipality.name]
    assert documents[f"page-{restricted.pk}"] is None
    thread = documents[f"thread-{post.thread_id}"]
    assert post.body_source.split()[0] in thread.body
    assert "verborgenwoord" not in thread.body
    assert documents_for(["page-nonsense", "other-1"]) == {"page-nonsense": None, "other-1": None}


def test_a_rebuild_drops_what_is_no_longer_on_the_site(demo, settings):
    from search.models import SearchEntry

    settings.SEARCH_BACKEND = "database"
    service.rebuild()
    kept = SearchEntry.objects.count()
    SearchEntry.objects.create(
        doc_id="thread-999999", type="thread", title="Verwijderd", url="/weg/", access="public"
    )
    assert service.rebuild() == kept
    assert not SearchEntry.objects.filter(doc_id="thread-999999").exists()
    assert SearchEntry.objects.count() == kept
    assert "Het perspectiefplan" in titles(service.search("perspectiefplan", user("toegang")))


# The engine at volume: what a broad search says, and when it is forgiving ----------------------


def _straight_into_the_engine(documents):
    """Documents that exist only in the engine's index: volume without building a site."""
    from search.documents import Document

    docs = {doc_id: Document(doc_id=doc_id, **fields) for doc_id, fields in documents.items()}
    ids = list(docs)
    for start in range(0, len(ids), 2500):
        chunk = {doc_id: docs[doc_id] for doc_id in ids[start : start + 2500]}
        service._send_to_engine(chunk, refresh=start + 2500 >= len(ids))


def test_a_broad_search_counts_every_match_and_its_facets(engine, client):
    """The engine stops counting exactly at 10,000 by default; the platform counts them all."""
    _straight_into_the_engine({
        f"post-{n}": {"type": "thread", "title": f"Waddenoverleg {n}", "access": "public",
                      "body": "Verslag van het waddenoverleg.", "url": f"/t/{n}/",
                      "facets": {"type": ["thread"], "domain": ["jeugd" if n % 3 else "wmo"]}}
        for n in range(10_500)
    })  # fmt: skip
    results = service.search("waddenoverleg", user("toegang"))
    assert results.total == 10_500
    assert dict(results.facets["domain"]) == {"jeugd": 7_000, "wmo": 3_500}
    assert len(results.hits) == 20
    # OpenSearch counted them in slices side by side, and the counts are still exact.
    searched = get_client()._client.indices.stats(index=alias_name(), metric="search")
    assert searched["_all"]["total"]["search"]["concurrent_avg_slice_count"] > 1
    only_wmo = service.search("waddenoverleg", user("toegang"), {"domain": "wmo"})
    assert only_wmo.total == 3_500
    html = client.get("/zoeken/", {"q": "waddenoverleg"}).content.decode()
    assert "10.500 resultaten voor ‘waddenoverleg’" in html and "(7.000)" in html


def test_an_exact_word_finds_that_word_and_a_typo_finds_what_was_meant(engine):
    _straight_into_the_engine({
        "other-1": {"type": "thread", "title": "Zeppelinvaart", "access": "public", "url": "/1/",
                    "body": "Een uitje met zeppelinvaart voor de groep."},
        "other-2": {"type": "thread", "title": "Zeppelinvaard", "access": "public", "url": "/2/",
                    "body": "Een verslag over de zeppelinvaard in het dorp."},
    })  # fmt: skip
    exact = service.search("zeppelinvaart", user("toegang"))
    assert titles(exact) == ["Zeppelinvaart"]  # not the word one letter off
    typo = service.search("zepelinvaart", user("toegang"))
    assert set(titles(typo)) == {"Zeppelinvaart", "Zeppelinvaard"}
    # The words found for the typo are marked in both hits, as an exact search marks its words.
    marked = {hit["title"]: hit["highlight"] for hit in typo.hits}
    assert "<mark>zeppelinvaart</mark>" in marked["Zeppelinvaart"].lower()
    assert "<mark>zeppelinvaard</mark>" in marked["Zeppelinvaard"].lower()


def test_search_falls_back_while_the_engine_has_no_index_yet(demo, settings):
    settings.SEARCH_BACKEND = "database"
    service.rebuild()
    settings.SEARCH_BACKEND = "engine"
    settings.SEARCH_INDEX = "rgw-test-never-built"
    results = service.search("regisseursrol", user("toegang"))
    assert results.fallback and results.backend == "database"
    assert "De regisseursrol" in titles(results)


def test_a_page_past_the_engines_window_leads_to_the_last_page_not_an_error(engine, client):
    far = service.search("perspectiefplan", user("toegang"), page=600)
    assert far.hits == [] and far.total >= 1 and far.facets
    response = client.get("/zoeken/", {"q": "perspectiefplan", "pagina": "600"})
    last = service.last_page(far.total, 20)
    assert response.status_code == 302
    assert response["Location"] == f"/zoeken/?q=perspectiefplan&pagina={last}"
    html = client.get(response["Location"]).content.decode()
    assert "resultaten voor ‘perspectiefplan’" in html
    assert html.count('class="search-result"') >= 1  # the last page's hits
    assert service.last_page(345_970, 20) == 500 and service.last_page(41, 20) == 3


COUNTED_QUERIES = [
    "perspectiefplan", "wanneer perspectiefplan", "PP", "RGW", "regisseur", "segment C", "Z5",
    "huishoudelijke hulp", "zorgcombinaties", "jeugdhulpaanbieder zorgcombinatie", "afschalen",
]  # fmt: skip


def _counted(query, tokens, words_field):
    from search.engine import build_facet_query

    body = build_facet_query(query, tokens, {}, fuzzy=False, words_field=words_field).to_dict()
    response = get_client().search(alias_name(), body)
    return response["hits"]["total"]["value"], response["aggregations"]["facets"]["buckets"]


def test_matches_are_counted_in_one_field_as_in_title_and_body(engine):
    """The count of a search reads title and body as one field: the same documents, facet for
    facet, for words in titles only, in bodies only, synonyms of several words and codes."""
    from accounts.visibility import visibility_tokens

    for name in ("toegang", "aanbieder"):
        tokens = visibility_tokens(user(name))
        for query in COUNTED_QUERIES:
            one_field = _counted(query, tokens, words_field=True)
            assert one_field == _counted(query, tokens, words_field=False), (name, query)
            assert one_field[0] == service.search(query, user(name)).total
    assert _counted("perspectiefplan", None, words_field=True)[0] > 0


def test_an_index_of_an_earlier_version_counts_every_match_until_it_is_rebuilt(engine):
    """An index built before the one counting field (title and body counted apart) answers with
    the same totals until `rebuild_search_index`, which the README asks for after an update."""
    from search.documents import all_doc_ids, documents_for
    from search.engine import WORDS_FIELD, counts_in_words_field, forget_words_field, index_body

    expected = {query: service.search(query, user("toegang")).total for query in COUNTED_QUERIES}
    body = index_body()
    properties = body["mappings"]["properties"]
    del properties[WORDS_FIELD]
    for name in ("title", "body"):
        del properties[name]["copy_to"]
    client = get_client()
    current = client.alias_targets(alias_name())
    earlier = f"{alias_name()}-earlier-version"
    client.create_index(earlier, body)
    service._send_to_engine(documents_for(all_doc_ids()), index=earlier, client=client)
    client.swap_alias(alias_name(), earlier, current)
    forget_words_field()
    try:
        assert not counts_in_words_field()
        found = {query: service.search(query, user("toegang")).total for query in expected}
        assert found == expected and found["perspectiefplan"] > 0
    finally:
        service.rebuild()
        client.delete_index(earlier)
    assert counts_in_words_field()
    assert service.search("perspectiefplan", user("toegang")).total == expected["perspectiefplan"]
