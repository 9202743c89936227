from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

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
        from agenda.filters import parts_with_counts
        from handbook.models import HandbookIndexPage

        context = super().get_context(request, *args, **kwargs)
        context["agenda_parts"] = parts_with_counts(request.user)
        context["handbook"] = HandbookIndexPage.objects.live().public().first()
        if request.user.is_authenticated:
            from .for_you import for_you

            context["for_you"] = for_you(request.user)
        return context


class InformationPage(Page):
    """A page about the platform itself, such as the accessibility statement (which Dutch public
    bodies must publish) and the privacy statement. Linked from every page's footer by slug
    (`FOOTER_PAGES`), so its slug is fixed once made."""

    intro = models.TextField(_("inleiding"), blank=True)
    body = RichTextField(_("tekst"), features=["h2", "h3", *PLAIN_RICH_TEXT], blank=True)
    reviewed_on = models.DateField(
        _("laatst herzien"),
        null=True,
        blank=True,
        help_text=_("Een toegankelijkheidsverklaring wordt minstens elk jaar herzien."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("reviewed_on"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("informatiepagina")
        verbose_name_plural = _("informatiepagina's")

    def clean(self):
        super().clean()
        stored = InformationPage.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
        if stored in FOOTER_SLUGS and self.slug != stored:
            raise ValidationError(
                {
                    "slug": _(
                        "De voettekst van elke pagina linkt naar /%(slug)s/: dit adres blijft."
                    )
                    % {"slug": stored}
                }
            )


# The footer's links: (slug under the home page, label). Made by load_demo_content.
FOOTER_PAGES = [
    ("toegankelijkheid", _("Toegankelijkheid")),
    ("privacy", _("Privacy")),
]
FOOTER_SLUGS = frozenset(slug for slug, _label in FOOTER_PAGES)
