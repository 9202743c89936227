from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import GlossaryTerm, LocalVariation


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "doc-full"
    menu_label = _("Begrippen")
    list_display = ["term", "abbreviation", "synonyms"]
    search_fields = ["term", "abbreviation", "definition"]


class LocalVariationViewSet(ModelViewSet):
    model = LocalVariation
    icon = "site"
    menu_label = _("Lokale afwijkingen")
    list_display = ["municipality", "page", "section", "updated_at"]
    list_filter = ["municipality"]
    search_fields = ["note", "section"]
    panels = [
        PageChooserPanel("page"),
        FieldPanel("section"),
        FieldPanel("municipality"),
        FieldPanel("note"),
    ]
    add_to_admin_menu = False


class HandbookGroup(ViewSetGroup):
    menu_label = _("Handreiking")
    menu_icon = "doc-full-inverse"
    menu_order = 210
    items = (GlossaryTermViewSet, LocalVariationViewSet)


register_snippet(HandbookGroup)
