from django.contrib import messages
from django.shortcuts import redirect
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.views.generic import DeleteView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .choosers import person_chooser_viewset
from .deletion import what_keeps
from .forms import WorkingGroupForm
from .models import Organisation, User, WorkingGroup


def _keep_organisation(request, organisation):
    what = what_keeps(organisation)
    if what is None:
        return None
    messages.error(
        request,
        gettext(
            "%(name)s blijft staan: er horen nog gegevens bij (%(what)s). Zet de mensen eerst over "
            "naar een andere organisatie. Ingediende voorstellen blijven op naam van de "
            "organisatie die ze indiende."
        )
        % {"name": organisation, "what": what},
    )
    return redirect("organisation:edit", organisation.pk)


class OrganisationDeleteView(DeleteView):
    def run_before_hook(self):
        return _keep_organisation(self.request, self.object)


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisaties")
    list_display = ["name", "type", "region"]
    list_filter = ["type", "region"]
    search_fields = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("type"),
        FieldPanel("region"),
        FieldPanel("website"),
    ]
    add_to_admin_menu = False
    delete_view_class = OrganisationDeleteView


class WorkingGroupViewSet(SnippetViewSet):
    model = WorkingGroup
    icon = "clipboard-list"
    menu_label = _("Werkgroepen")
    list_display = ["name", "trekker", "hours_per_week"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("description"),
            InlinePanel("memberships", label=_("Lid"), heading=_("Samenstelling en uren")),
        ],
        base_form_class=WorkingGroupForm,
    )


class OrganisationGroup(ViewSetGroup):
    menu_label = _("Organisaties")
    menu_icon = "group"
    menu_order = 250
    items = (OrganisationViewSet, WorkingGroupViewSet)


register_snippet(OrganisationGroup)


@hooks.register("register_admin_viewset")
def register_person_chooser():
    return person_chooser_viewset


def _keep_person(request, user, back):
    what = what_keeps(user)
    if what is None:
        return None
    messages.error(
        request,
        gettext(
            "%(name)s blijft staan: er staan nog gegevens op diens naam (%(what)s). Zet het "
            "account in plaats daarvan op niet actief (bij Account, “Actief”): dan kan niemand "
            "er nog mee inloggen, en wat er geschreven is blijft leesbaar."
        )
        % {"name": user.get_full_name() or user.get_username(), "what": what},
    )
    return back


@hooks.register("before_delete_user")
def keep_people_with_their_work(request, user):
    return _keep_person(request, user, redirect("wagtailusers_users:edit", user.pk))


@hooks.register("before_bulk_action")
def keep_people_with_their_work_in_bulk(request, action_type, objects, action_class_instance):
    if action_type != "delete":
        return None
    for user in objects:
        if isinstance(user, User):
            refused = _keep_person(request, user, redirect("wagtailusers_users:index"))
            if refused is not None:
                return refused
    return None


def _named(instance):
    """Thema “Perspectiefplan”; but “Werkgroep Perspectiefplan” as it is, not Werkgroep twice."""
    kind, name = capfirst(instance._meta.verbose_name), str(instance)
    return name if name.lower().startswith(kind.lower()) else f"{kind} “{name}”"


@hooks.register("before_delete_snippet", order=100)
def keep_snippets_that_records_refer_to(request, instances):
    """Any snippet that other records still point to through a protected relation (a theme or a
    part with agenda items, an item with sub-items, a working group with its threads) stays, and
    the admin says what points to it, for single and bulk deletion alike. Wagtail's reference
    index knows most of these, but not what was written without saving (the volume generator's
    bulk inserts); the database rule is what counts. Runs after the hooks that say more."""
    kept = [(instance, what) for instance in instances if (what := what_keeps(instance))]
    for instance, what in kept:
        messages.error(
            request,
            gettext(
                "%(name)s blijft staan: er verwijzen nog gegevens naar (%(what)s). Koppel die "
                "eerst los, of aan iets anders."
            )
            % {"name": _named(instance), "what": what},
        )
    if not kept:
        return None
    viewset = type(kept[0][0]).snippet_viewset
    if len(instances) == 1:
        return redirect(viewset.get_url_name("edit"), kept[0][0].pk)
    return redirect(viewset.get_url_name("list"))
