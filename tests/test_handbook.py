"""The handbook: page validation, the matrix, the keuzehulp, local variations, reviews and the
moderation workflow with a second reader."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from accounts.models import Organisation, Role, User
from handbook.keuzehulp import advise
from handbook.models import (
    Domain,
    GuidancePage,
    HandbookSectionPage,
    IntensityLevel,
    IntensityPage,
    KeuzehulpPage,
    LocalVariation,
    ProfilePage,
    ReviewReminder,
)
from handbook.reviews import record_review_reminders

from .factories import UserFactory

# Every test here runs on the demo content, loaded once for the module (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def wmo_section():
    return HandbookSectionPage.objects.get(slug="wmo")


def test_an_intensity_without_a_level_is_refused(demo):
    page = IntensityPage(title="Zonder niveau", slug="zonder-niveau", domain=Domain.WMO,
                         summary="x", description="<p>x</p>")  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        wmo_section().add_child(instance=page)
    assert excinfo.value.message_dict["level"] == ["Kies het niveau van deze intensiteit."]


def test_the_same_intensity_twice_in_a_domain_is_refused(demo):
    page = IntensityPage(title="Nog een B", slug="nog-een-b", domain=Domain.WMO, summary="x",
                         level=IntensityLevel.B, description="<p>x</p>")  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        wmo_section().add_child(instance=page)
    assert "bestaat al voor dit domein: Intensiteit B" in excinfo.value.message_dict["level"][0]


def test_a_duplicate_profile_code_in_one_domain_is_refused_with_a_clear_message(demo):
    page = ProfilePage(title="Ander schoon huis", slug="ander-z5", code="z5", domain=Domain.WMO,
                       summary="x", description="<p>x</p>")  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        wmo_section().add_child(instance=page)
    assert excinfo.value.message_dict["code"] == [
        "De code z5 is in dit domein al gebruikt door Schoon en leefbaar huis."
    ]


def test_the_same_profile_code_may_exist_in_the_other_domain(demo):
    # M1–M3 exists for Wmo and for Jeugd (educatieve dagbesteding) in the demo content.
    codes = ProfilePage.objects.filter(code="M1–M3").values_list("domain", flat=True)
    assert sorted(codes) == ["jeugd", "wmo"]


def test_segments_belong_to_youth_profiles_only(demo):
    page = ProfilePage(title="Wmo met segment", slug="wmo-segment", code="X1", segment="C",
                       domain=Domain.WMO, summary="x", description="<p>x</p>")  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        wmo_section().add_child(instance=page)
    assert "segment" in excinfo.value.message_dict


def test_matrix_lists_profiles_against_intensities_with_links_to_guidance(demo, client):
    html = client.get("/handreiking/matrix/").content.decode()
    assert "Intensiteit tussen B en C (nieuw)" in html
    g3 = ProfilePage.objects.get(code="G3")
    level_6 = IntensityPage.objects.get(level=IntensityLevel.LEVEL_6)
    assert f'href="{g3.url}#intensiteit-{level_6.pk}"' in html
    assert "Kortdurend en intensief bij een crisis in het gezin." in html
    jeugd, wmo = html.split('id="matrix-wmo"')
    assert "Segment C" in jeugd and "V2 Veilig wonen" in jeugd
    assert "Z5 Schoon en leefbaar huis" in wmo and "Segment" not in wmo.split("</table>")[0]


def test_profile_page_has_an_anchor_per_intensity(demo, client):
    g3 = ProfilePage.objects.get(code="G3")
    level_6 = IntensityPage.objects.get(level=IntensityLevel.LEVEL_6)
    html = client.get(g3.url).content.decode()
    assert f'id="intensiteit-{level_6.pk}"' in html
    assert "Alleen begeleiding: G3 daarvoor inzetten is een over-indicatie." in html


def keuzehulp():
    return KeuzehulpPage.objects.get()


def rules():
    return keuzehulp().rules.order_by("sort_order")


def test_high_complex_unpredictable_case_with_safety_risks_gives_segment_c(demo):
    advice = advise(rules(), {"domain": "jeugd", "predictability": "laag", "safety_risk": "ja"})
    assert advice.rule.segment == "C"
    assert advice.rule.profile.code == "G3"
    assert advice.rule.intensity.level == IntensityLevel.LEVEL_6
    assert advice.reasons == [
        ("Gaat het om jeugdhulp of Wmo?", "Jeugd"),
        ("Hoe voorspelbaar is de benodigde inzet en het verloop?", "Weinig voorspelbaar"),
        ("Zijn er grote ontwikkel- of veiligheidsrisico's?", "Ja"),
    ]


def test_several_providers_in_a_complex_youth_case_gives_segment_c(demo):
    advice = advise(rules(), {"domain": "jeugd", "complexity": "hoog", "providers": "meerdere",
                              "predictability": "hoog"})  # fmt: skip
    assert advice.rule.segment == "C"
    assert "zorgcombinatie" in advice.rule.advice


def test_predictable_youth_care_gives_segment_b(demo):
    advice = advise(rules(), {"domain": "jeugd", "predictability": "hoog", "safety_risk": "nee"})
    assert advice.rule.segment == "B"
    assert "arrangementstarief" in advice.rule.advice


def test_a_one_off_consultation_needs_no_perspectiefplan(demo):
    advice = advise(rules(), {"domain": "wmo", "duration": "eenmalig", "complexity": "laag"})
    assert "geen perspectiefplan nodig" in advice.rule.advice


def test_unknown_answers_give_no_advice(demo):
    assert advise(rules(), {"domain": "wmo"}) is None


def test_rules_are_content_their_order_decides(demo):
    first = keuzehulp().rules.get(name="Voorspelbare jeugdhulp")
    first.sort_order = -1
    first.save()
    advice = advise(rules(), {"domain": "jeugd", "predictability": "hoog", "duration": "eenmalig"})
    assert advice.rule.name == "Voorspelbare jeugdhulp"


def test_keuzehulp_page_shows_advice_why_and_links(demo, client):
    url = keuzehulp().url + "?domain=jeugd&predictability=laag&safety_risk=ja"
    html = client.get(url).content.decode()
    assert "Hoog complexe, onvoorspelbare jeugdhulp met risico&#x27;s" in html
    assert "Waarom" in html and "Weinig voorspelbaar" in html
    assert f'href="{ProfilePage.objects.get(code="G3").url}"' in html


def test_local_variations_are_listed_per_municipality(demo, client):
    html = client.get("/handreiking/afwijkingen/?gemeente=gemeente-hoorn").content.decode()
    assert "Hoorn werkt bij enkelvoudige Wmo-vragen al zonder perspectiefplan" in html
    assert "Medemblik stelt" not in html
    html = client.get("/handreiking/afwijkingen/?gemeente=gemeente-opmeer").content.decode()
    assert "Gemeente Opmeer volgt overal de regionale standaard." in html


def test_a_variation_is_shown_beside_its_section(demo, client):
    html = client.get(GuidancePage.objects.get(slug="perspectiefplan").url).content.decode()
    section = html.split("Wanneer wel, wanneer niet</h2>")[1].split("</section>")[0]
    assert "Lokaal anders" in section and "Gemeente Medemblik" in section


def test_only_municipalities_have_local_variations(demo):
    variation = LocalVariation(
        page=GuidancePage.objects.get(slug="perspectiefplan"),
        municipality=Organisation.objects.get(slug="jeugdhulp-de-horn"),
        note="Een aanbieder is geen gemeente",
    )
    with pytest.raises(ValidationError):
        variation.full_clean()


def test_a_read_only_person_cannot_own_a_handbook_page(demo):
    """The owner is reminded to review the page, which a council member cannot do."""
    page = GuidancePage.objects.get(slug="perspectiefplan")
    page.content_owner = User.objects.get(username="raadslid")
    with pytest.raises(ValidationError) as excinfo:
        page.full_clean()
    (message,) = excinfo.value.message_dict["content_owner"]
    assert "kan deze pagina niet herzien" in message
    page.content_owner = User.objects.get(username="toegang")
    page.full_clean()


def test_overdue_reviews_are_listed_for_the_expert_team_only(demo, client):
    client.force_login(User.objects.get(username="moderator"))
    html = client.get("/handreiking/review/").content.decode()
    overdue = html.split('id="review-overdue"')[1].split("Binnen 30 dagen")[0]
    assert "De regisseursrol" in overdue and "Het perspectiefplan" not in overdue
    client.force_login(User.objects.get(username="toegang"))
    assert client.get("/handreiking/review/").status_code == 403


def test_review_reminders_are_recorded_once_per_review_date(demo):
    first = record_review_reminders(today=datetime.date(2026, 11, 22))
    assert {r.page.title for r in first} == {
        "De regisseursrol", "De resultatenmatrix (Noord- en Midden-Drenthe)"
    }  # fmt: skip
    assert all(r.owner.username == "moderator" for r in first)
    assert record_review_reminders(today=datetime.date(2026, 11, 23)) == []
    assert ReviewReminder.objects.count() == 2


def test_page_shows_its_last_change_owner_and_plain_summary(demo, client):
    html = client.get(GuidancePage.objects.get(slug="perspectiefplan").url).content.decode()
    assert "Laatst gewijzigd" in html and "Maarten Oderkerk" in html
    assert "Het perspectiefplan is uw plan." in html


@pytest.fixture
def reviewers(demo):
    moderators = Group.objects.get(name="Moderators")
    first = User.objects.get(username="moderator")
    second = UserFactory(username="tweede-lezer", role=Role.MODERATOR, is_staff=True)
    second.groups.add(moderators)
    editor = UserFactory(username="redacteur", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    return editor, first, second


def test_handbook_changes_need_review_and_a_different_second_reader(reviewers):
    editor, first, second = reviewers
    page = GuidancePage.objects.get(slug="regisseursrol")
    page.summary = "Eén gezin, één plan, één regisseur."
    page.save_revision(user=editor)
    workflow = page.get_workflow()
    assert workflow.name == "Handreiking: review en tweede lezer"
    workflow.start(page, editor)

    state = page.current_workflow_task_state
    assert state.task.name == "Review door het Regionaal Expertteam"
    assert state.task.specific.get_actions(page, editor) == []
    state.task.specific.on_action(state, first, "approve")

    page.refresh_from_db()
    state = page.current_workflow_task_state
    assert state.task.name == "Tweede lezer"
    assert state.task.specific.get_actions(page, first) == []  # not the same reader twice
    assert GuidancePage.objects.get(pk=page.pk).summary != "Eén gezin, één plan, één regisseur."
    state.task.specific.on_action(state, second, "approve")

    assert GuidancePage.objects.get(pk=page.pk).summary == "Eén gezin, één plan, één regisseur."


def test_handbook_tools_are_translated(demo, client):
    html = client.get("/en/handreiking/matrix/").content.decode()
    assert "Matrix of profiles and intensities" in html
    assert "Intensity between B and C (new)" not in html  # page titles are content, kept Dutch
    assert "Intensiteit tussen B en C (nieuw)" in html
    # What a cell says is written in Dutch, and marked so for a screen reader (WCAG 3.1.2).
    cells = BeautifulSoup(html, "html.parser").select("a.matrix__cell")
    assert cells and all(cell.get("lang") == "nl" for cell in cells)
    segment = BeautifulSoup(client.get("/en/handreiking/jeugd/segment-b/").content, "html.parser")
    values = segment.select("main dd.utrecht-data-list__item-value")
    assert [v.get_text() for v in values] == [
        "± 80–85% van de trajecten",
        "Hoge mate van voorspelbaarheid van inzet en verloop",
    ]
    assert all(value.get("lang") == "nl" for value in values)


def test_editors_get_wagtails_userbar_on_handbook_pages_and_not_on_the_platforms_own_views(
    demo, client
):
    """The userbar offers 'edit this page' where editors make pages in Wagtail; on the agenda,
    discussions or search it could only link to the admin, which the header does."""
    page = GuidancePage.objects.live().order_by("pk").first()
    client.force_login(User.objects.get(username="beheerder"))
    handbook = client.get(page.url).text
    assert "wagtail-userbar" in handbook
    assert f"/admin/pages/{page.pk}/edit/" in handbook
    for path in ("/agenda/", "/zoeken/?q=regie", "/meldingen/"):
        view = client.get(path).text
        assert "wagtail-userbar" not in view, path
        assert 'href="/admin/"' in view, path  # the header's link to the admin

    client.force_login(User.objects.get(username="toegang"))
    reader = client.get(page.url).text
    assert "wagtail-userbar" not in reader and 'href="/admin/"' not in reader


def add_guidance(section, count, live=True):
    """`count` guidance pages at the end of `section`, "Extra pagina 00", "… 01" and so on."""
    pages = []
    first = section.get_children().filter(slug__startswith="extra-").count()
    for n in range(first, first + count):
        page = GuidancePage(title=f"Extra pagina {n:02d}", slug=f"extra-{n:02d}",
                            domain=Domain.WMO, summary="Een extra pagina.", live=live)  # fmt: skip
        section.add_child(instance=page)
        pages.append(page)
    return pages


def index_sections(client, path="/handreiking/"):
    """{section title: ([page titles listed], the "all pages" link as (text, address) or None)}"""
    page = BeautifulSoup(client.get(path).content, "html.parser")
    found = {}
    for section in page.select("main section[aria-labelledby]"):
        more = section.select_one("p a")
        found[section.h2.get_text(strip=True)] = (
            [a.get_text(strip=True) for a in section.select("li a")],
            (more.get_text(strip=True), more["href"]) if more else None,
        )
    return found


def test_the_index_lists_the_first_pages_of_a_long_section_and_links_to_all_of_them(
    client, django_assert_num_queries
):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    before = index_sections(client)
    assert all(more is None for _titles, more in before.values())  # the demo's are short
    section = wmo_section()
    reset_queries()  # the log keeps the last 9,000 queries, and a full one counts none
    with CaptureQueriesContext(connection) as short:
        client.get("/handreiking/")
    queries = len(short.captured_queries)
    assert queries > 0
    add_guidance(section, 12 - len(before[section.title][0]))
    add_guidance(section, 1, live=False)  # a draft is neither listed nor counted

    titles, more = index_sections(client)[section.title]
    everything = [p.title for p in section.get_children().live().order_by("path")]
    assert len(everything) == 12
    assert titles == everything[:10]
    assert more == ("Alle 12 pagina's van dit hoofdstuk", section.url)
    for other, listing in index_sections(client).items():
        if other != section.title:
            assert listing == before[other]
    # However many pages there are, the index makes as many queries as before.
    reset_queries()
    with django_assert_num_queries(queries):
        client.get("/handreiking/")


def test_a_section_page_lists_its_pages_fifty_at_a_time(client):
    section = wmo_section()
    add_guidance(section, 51)
    everything = [p.title for p in section.get_children().live().order_by("path")]

    def listed(query=""):
        page = BeautifulSoup(client.get(section.url + query).content, "html.parser")
        items = [a.get_text(strip=True) for a in page.select("main ul li a")]
        nav = page.select_one("nav.pagination")
        return items, nav.get_text(" ", strip=True) if nav else None

    first, nav = listed()
    assert first == everything[:50] and "Pagina 1 van 2" in nav and "Volgende" in nav
    rest, nav = listed("?pagina=2")
    assert rest == everything[50:] and "Vorige" in nav


def test_with_the_shared_cache_on_a_published_page_shows_on_the_index_at_once(
    page_cache, client, django_capture_on_commit_callbacks
):
    section = HandbookSectionPage.objects.get(slug="werkwijze")
    client.force_login(User.objects.get(username="toegang"))  # not the anonymous page cache
    before = index_sections(client)[section.title][0]
    assert index_sections(client)[section.title][0] == before
    with django_capture_on_commit_callbacks(execute=True):
        (page,) = add_guidance(section, 1, live=False)
        page.save_revision().publish()
    assert index_sections(client)[section.title][0] == [*before, "Extra pagina 00"][:10]
