"""The handbook (handreiking) for access staff: a page tree of sections and guidance pages.

This is the skeleton; structured page types (profiles, intensities, segments, the keuzehulp) build
on it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

GUIDANCE_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "hr"]


class Domain(models.TextChoices):
    JEUGD = "jeugd", _("Jeugd")
    WMO = "wmo", _("Wmo")
    BOTH = "beide", _("Jeugd en Wmo")


class HandbookIndexPage(Page):
    intro = RichTextField(_("inleiding"), features=GUIDANCE_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["handbook.HandbookSectionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("handreiking")
        verbose_name_plural = _("handreikingen")


class HandbookSectionPage(Page):
    domain = models.CharField(
        _("domein"), max_length=10, choices=Domain.choices, default=Domain.BOTH
    )
    intro = RichTextField(_("inleiding"), features=GUIDANCE_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("domain"), FieldPanel("intro")]
    parent_page_types = ["handbook.HandbookIndexPage"]
    subpage_types = ["handbook.GuidancePage"]

    class Meta:
        verbose_name = _("hoofdstuk van de handreiking")
        verbose_name_plural = _("hoofdstukken van de handreiking")


class GuidancePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "handbook.GuidancePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class GuidancePage(Page):
    """A page of guidance for access staff: a summary and a body of sections."""

    domain = models.CharField(
        _("domein"), max_length=10, choices=Domain.choices, default=Domain.BOTH
    )
    summary = models.TextField(
        _("samenvatting"), help_text=_("Twee of drie zinnen, in gewone taal.")
    )
    body = StreamField(
        [
            (
                "section",
                blocks.StructBlock(
                    [
                        ("heading", blocks.CharBlock(label=_("kop"))),
                        (
                            "text",
                            blocks.RichTextBlock(features=GUIDANCE_FEATURES, label=_("tekst")),
                        ),
                    ],
                    label=_("paragraaf"),
                    icon="doc-full",
                ),
            ),
        ],
        verbose_name=_("inhoud"),
        blank=True,
    )
    tags = ClusterTaggableManager(through=GuidancePageTag, blank=True, verbose_name=_("labels"))

    content_panels = Page.content_panels + [
        FieldPanel("domain"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("domain"),
    ]
    parent_page_types = ["handbook.HandbookSectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("pagina van de handreiking")
        verbose_name_plural = _("pagina's van de handreiking")
