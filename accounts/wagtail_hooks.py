from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .choosers import person_chooser_viewset
from .models import Organisation, WorkingGroup


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


class WorkingGroupViewSet(SnippetViewSet):
    model = WorkingGroup
    icon = "clipboard-list"
    menu_label = _("Werkgroepen")
    list_display = ["name", "trekker", "hours_per_week"]
    search_fields = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        InlinePanel("memberships", label=_("Leden"), heading=_("Samenstelling en uren")),
    ]


class OrganisationGroup(ViewSetGroup):
    menu_label = _("Organisaties")
    menu_icon = "group"
    menu_order = 250
    items = (OrganisationViewSet, WorkingGroupViewSet)


register_snippet(OrganisationGroup)


@hooks.register("register_admin_viewset")
def register_person_chooser():
    return person_chooser_viewset
