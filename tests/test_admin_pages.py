"""Every page of the admin that the platform adds opens for the administrator, and a working
group is edited with its members. The working group's edit page once failed with a server error
(its members were an inline panel on a model that was no cluster)."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.snippets.models import get_snippet_models

from accounts.models import User, WorkingGroup

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def admin_client(client):
    client.force_login(User.objects.get(username="beheerder"))
    return client


def form_data(response, form_id):
    """What the browser would send for the form as it is shown."""
    form = BeautifulSoup(response.content, "html.parser").find("form", id=form_id)
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("disabled") is not None:
            continue
        if field.name == "textarea":
            data[name] = field.get_text()
        elif field.name == "select":
            chosen = field.find("option", selected=True)
            data[name] = chosen["value"] if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.get("checked") is not None:
                data[name] = field.get("value", "on")
        elif field.get("type") not in ("submit", "button", "file"):
            data[name] = field.get("value", "")
    return data


# The admin's own viewsets (not snippets) by name: organisations and local variations.
ADMIN_VIEWSETS = ["organisation", "localvariation"]


def admin_pages():
    """(model, list URL, add URL, edit URL name) of every model the platform puts in the admin."""
    from wagtail.admin.viewsets import viewsets as registry

    for model in get_snippet_models():
        viewset = model.snippet_viewset
        yield model, viewset.get_url_name("list"), viewset.get_url_name("add"), viewset
    for name in ADMIN_VIEWSETS:
        (viewset,) = [v for v in registry.viewsets if getattr(v, "name", None) == name]
        yield viewset.model, viewset.get_url_name("index"), viewset.get_url_name("add"), viewset


def test_every_list_add_and_edit_page_of_the_platforms_models_opens(client):
    admin = admin_client(client)
    seen = set()
    for model, list_name, add_name, viewset in admin_pages():
        assert admin.get(reverse(list_name)).status_code == 200, (model, "list")
        assert admin.get(reverse(add_name)).status_code == 200, (model, "add")
        instance = model.objects.first()
        assert instance is not None, model  # the demo has one of each
        edit = reverse(viewset.get_url_name("edit"), args=[instance.pk])
        assert admin.get(edit).status_code == 200, (model, "edit")
        seen.add(model._meta.model_name)
    assert {"agendaitem", "theme", "workinggroup", "organisation", "localvariation"} <= seen


def test_every_page_types_edit_page_and_the_people_pages_open(client):
    from wagtail.models import Page, get_page_models

    admin = admin_client(client)
    opened = set()
    for model in get_page_models():
        page = model.objects.first()
        if model is Page or page is None:
            continue
        assert admin.get(f"/admin/pages/{page.pk}/edit/").status_code == 200, model
        opened.add(model.__name__)
    assert {"GuidancePage", "ProfilePage", "ResultMatrixPage", "KeuzehulpPage"} <= opened
    provider = User.objects.get(username="aanbieder")
    for url in ("/admin/users/", "/admin/users/new/", f"/admin/users/edit/{provider.pk}/"):
        assert admin.get(url).status_code == 200, url


def edit_form(admin, group):
    """The group's edit page: its URL, the form's data and the form row of each member."""
    url = f"/admin/snippets/accounts/workinggroup/edit/{group.pk}/"
    data = form_data(admin.get(url), "w-editor-form")
    rows = range(int(data["memberships-TOTAL_FORMS"]))
    row_of = {int(data[f"memberships-{n}-user"]): f"memberships-{n}" for n in rows}
    return url, data, row_of


def test_a_working_group_is_saved_with_its_members_and_their_hours(client):
    """The trekker role moves to a member higher in the list than the one who had it: saved in
    one go (the one-trekker rule used to fail the save with a server error)."""
    admin = admin_client(client)
    group = WorkingGroup.objects.get(slug="segment-c-jeugd")
    first, *_, last = group.memberships.order_by("pk")
    group.memberships.filter(pk=first.pk).update(is_trekker=False)
    group.memberships.filter(pk=last.pk).update(is_trekker=True)
    url, data, row_of = edit_form(admin, group)
    data.pop(f"{row_of[last.user_id]}-is_trekker")
    data[f"{row_of[first.user_id]}-is_trekker"] = "on"
    data[f"{row_of[first.user_id]}-hours_per_week"] = "6"
    response = admin.post(url, data)
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.trekker == first.user
    assert group.memberships.get(pk=first.pk).hours_per_week == 6
    assert group.memberships.count() == len(row_of)


def test_two_trekkers_are_refused_with_a_message_and_nothing_changes(client):
    admin = admin_client(client)
    group = WorkingGroup.objects.get(slug="segment-c-jeugd")
    trekker = group.trekker
    other = group.memberships.exclude(user=trekker).first()
    url, data, row_of = edit_form(admin, group)
    data[f"{row_of[other.user_id]}-is_trekker"] = "on"
    data[f"{row_of[other.user_id]}-hours_per_week"] = "12"
    response = admin.post(url, data)
    assert response.status_code == 200
    assert "Een werkgroep heeft één trekker; vink er één aan." in response.text
    group.refresh_from_db()
    assert group.trekker == trekker
    assert group.memberships.get(pk=other.pk).hours_per_week == other.hours_per_week


def test_the_dashboard_shows_the_expert_team_what_waits_for_it(client):
    """Reported posts, new proposals without a decision and the proposals given to the person
    signed in, each linked to where it is dealt with; "Moderatie" in the admin's menu."""
    from discussions.models import PostReport, Proposal, ProposalStatus

    moderator = User.objects.get(username="moderator")
    client.force_login(moderator)
    mine = Proposal.objects.filter(
        evaluator=moderator, status__in=[ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW]
    )
    assert mine.exists()
    response = client.get(reverse("wagtailadmin_home"))
    panel = BeautifulSoup(response.content, "html.parser").find(id="waiting-for-moderation-section")
    assert panel is not None
    links = {a.get_text(" ", strip=True): a["href"] for a in panel.find_all("a")}
    reports = PostReport.objects.filter(resolved_at__isnull=True).count()
    submitted = Proposal.objects.filter(status=ProposalStatus.SUBMITTED).count()
    assert reports and submitted
    reported = f"{reports} gemeld bericht" if reports == 1 else f"{reports} gemelde berichten"
    assert links[reported] == "/discussies/moderatie/"
    assert (
        links[f"{submitted} ingediende voorstellen en signalen zonder besluit"]
        == "/voorstellen/?status=ingediend"
    )
    for proposal in mine:
        assert links[proposal.title] == proposal.get_absolute_url()
    menu = response.content.decode().split('id="wagtail-sidebar-props"')[1]
    assert "/discussies/moderatie/" in menu

    # Someone who may use the admin but does not moderate sees neither.
    from django.contrib.auth.models import Group, Permission

    editors = Group.objects.create(name="Redacteuren handreiking")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    trekker = User.objects.get(username="trekker")
    trekker.groups.add(editors)
    client.force_login(trekker)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert b"waiting-for-moderation" not in response.content
    assert b"/discussies/moderatie/" not in response.content
