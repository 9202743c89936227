from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from .models import AgendaItem, AgendaPart, Theme


class AgendaItemIndexView(IndexView):
    def _get_title_column(self, field_name, *args, **kwargs):
        # The code column (the one that opens an item) sorts as people read codes: 2.N2
        # before 2.N10 (AgendaItem.sort_code).
        column = super()._get_title_column(field_name, *args, **kwargs)
        if field_name == "code":
            column.sort_key = "sort_code"
        return column


class AgendaItemViewSet(SnippetViewSet):
    model = AgendaItem
    index_view_class = AgendaItemIndexView
    icon = "tasks"
    menu_label = _("Agendapunten")
    list_display = ["code", "title", "part", "status", "progress", "deadline", "owner"]
    list_filter = ["part", "theme", "kind", "domain", "status", "is_priority"]
    search_fields = ["title", "summary", "code"]


class AgendaPartViewSet(SnippetViewSet):
    model = AgendaPart
    icon = "list-ol"
    menu_label = _("Delen")
    list_display = ["number", "title", "target_share", "target_months", "start_date"]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Thema's")


class AgendaGroup(ViewSetGroup):
    menu_label = _("Ontwikkelagenda")
    menu_icon = "tasks"
    menu_order = 200
    items = (AgendaItemViewSet, AgendaPartViewSet, ThemeViewSet)


register_snippet(AgendaGroup)
