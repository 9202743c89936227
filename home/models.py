from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

PLAIN_RICH_TEXT = ["bold", "italic", "link", "ol", "ul"]


class HomePage(Page):
    """The platform's front door: the three pillars of the memo (agenda, handbook, platform)."""

    intro = RichTextField(_("inleiding"), features=PLAIN_RICH_TEXT, blank=True)
    agenda_intro = models.TextField(_("ontwikkelagenda: korte uitleg"), blank=True)
    handbook_intro = models.TextField(_("handreiking: korte uitleg"), blank=True)
    platform_intro = models.TextField(_("verbeterplatform: korte uitleg"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("agenda_intro"),
                FieldPanel("handbook_intro"),
                FieldPanel("platform_intro"),
            ],
            heading=_("De drie pijlers"),
        ),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("startpagina")
        verbose_name_plural = _("startpagina's")

    def get_context(self, request, *args, **kwargs):
        from agenda.models import AgendaPart
        from handbook.models import HandbookIndexPage

        context = super().get_context(request, *args, **kwargs)
        context["agenda_parts"] = AgendaPart.objects.with_item_counts(request.user)
        context["handbook"] = HandbookIndexPage.objects.live().public().first()
        return context
