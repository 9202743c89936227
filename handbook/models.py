"""The handbook (handreiking) for access staff: a Wagtail page tree with structured page types.

Profiles, intensities and segments are data, not prose, so the matrix view and the keuzehulp can
be built from them. Every page has a content owner and a review date; local practice that differs
from the regional standard is recorded per municipality (LocalVariation).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection, models
from django.db.models import Count
from django.db.models.functions import Substr
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import AbstractGroupApprovalTask, Orderable, Page, TaskState
from wagtail.search import index

from accounts.choosers import ActorChooser
from accounts.models import OrganisationType, Role
from home.page_cache import shared_until_changed

GUIDANCE_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "hr"]
SHORT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class Domain(models.TextChoices):
    JEUGD = "jeugd", _("Jeugd")
    WMO = "wmo", _("Wmo")
    BOTH = "beide", _("Jeugd en Wmo")


class Segment(models.TextChoices):
    A = "A", _("Segment A")
    B = "B", _("Segment B")
    C = "C", _("Segment C")


class IntensityLevel(models.TextChoices):
    A = "A", _("Intensiteit A")
    B = "B", _("Intensiteit B")
    BC = "BC", _("Intensiteit tussen B en C (nieuw)")
    C = "C", _("Intensiteit C")
    LEVEL_4 = "4", _("Interventieniveau 4")
    LEVEL_5 = "5", _("Interventieniveau 5 (stabilisatie)")
    LEVEL_6 = "6", _("Interventieniveau 6 (kortdurend, crisis)")


LEVEL_ORDER = {value: index for index, value in enumerate(IntensityLevel.values)}


# The handbook's index lists the first pages of each section; the section's own page lists them
# all, a page of them at a time. The volume run's sections hold 1,000 pages each: an index that
# listed every page took 1.5 s at 10,000 pages and 15 s at 100,000.
INDEX_PAGES_PER_SECTION = 10
SECTION_PAGE_SIZE = 50
# What the handbook's shared listings and counts are made of: its published pages (wagtailcore)
# and their own fields, such as review dates (handbook); see home.page_cache.
HANDBOOK_APPS = ("wagtailcore", "handbook")


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class SectionListing:
    """A section on the handbook's index: its first published pages and how many it has."""

    pk: int
    title: str
    url: str
    pages: tuple  # of Link, in the handbook's order
    count: int  # all its published pages

    @property
    def more(self):
        return self.count > len(self.pages)


class HandbookIndexPage(RoutablePageMixin, Page):
    intro = RichTextField(_("inleiding"), features=GUIDANCE_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["handbook.HandbookSectionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("handreiking")
        verbose_name_plural = _("handreikingen")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["keuzehulpen"] = KeuzehulpPage.objects.live().public().descendant_of(self)
        context["can_review"] = can_oversee_reviews(request.user)
        # The same for everyone (the handbook is public), and made of every page: shared,
        # rendered, until the handbook changes. Links hold the address, the same under each
        # request. Rendered once: a handbook of 100 chapters lists 1,000 links, and rendering
        # them on each signed-in visit took half its time at 10x (bench/RESULTS.md, meting 33).
        context["sections_html"] = mark_safe(  # noqa: S308  # nosec B308 B703 - rendered here from the template, which escapes
            shared_until_changed(
                f"handbook-index-sections:{self.pk}:{get_language()}",
                lambda: render_to_string(
                    "handbook/_index_sections.html",
                    {"sections": self.sections_with_pages(request, INDEX_PAGES_PER_SECTION)},
                ),
                apps=HANDBOOK_APPS,
            )
        )
        return context

    def sections_with_pages(self, request, limit):
        """The published sections, each with its first `limit` published pages and how many
        it has in all, in a few queries: the first pages of all sections in one (a union of one
        small range of the tree's index per section), the counts in another."""
        sections = list(self.get_children().live().public().specific())
        if not sections:
            return []
        published = Page.objects.live().public()  # which pages are restricted: read once
        firsts = [
            published.filter(
                depth=section.depth + 1,
                path__range=section._get_children_path_interval(section.path),
            ).order_by("path")[:limit]
            for section in sections
        ]
        length = len(sections[0].path)
        by_section = defaultdict(list)
        if len(firsts) > 1 and connection.features.supports_slicing_ordering_in_compound:
            rows = firsts[0].union(*firsts[1:], all=True).order_by("path")
        else:  # one section, or SQLite (the embedded default): a query per section
            rows = [page for first in firsts for page in first]
        for page in rows:
            by_section[page.path[:length]].append(Link(page.title, page.get_url(request)))
        counts = dict(
            published.filter(depth=self.depth + 2, path__startswith=self.path)
            .order_by()
            .values(section=Substr("path", 1, length))
            .annotate(n=Count("pk"))
            .values_list("section", "n")
        )
        return [
            SectionListing(
                section.pk,
                section.title,
                section.get_url(request),
                tuple(by_section[section.path]),
                counts.get(section.path, 0),
            )
            for section in sections
        ]

    @path("", name="index")
    def index_route(self, request, *args, **kwargs):
        return self.render(request)

    @path("matrix/")
    def matrix(self, request):
        from .views import matrix_view

        return matrix_view(request, self)

    @path("afwijkingen/")
    def variations(self, request):
        from .views import variations_view

        return variations_view(request, self)

    @path("volgen/<int:page_id>/")
    def follow(self, request, page_id):
        from .views import follow_view

        return follow_view(request, self, page_id)

    @path("wijzigingen/")
    def changes(self, request):
        from .views import changes_view

        return changes_view(request, self)

    @path("review/")
    def reviews(self, request):
        from .views import reviews_view

        return reviews_view(request, self)


class HandbookSectionPage(Page):
    domain = models.CharField(
        _("domein"), max_length=10, choices=Domain.choices, default=Domain.BOTH
    )
    intro = RichTextField(_("inleiding"), features=GUIDANCE_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("domain"), FieldPanel("intro")]
    parent_page_types = ["handbook.HandbookIndexPage"]
    subpage_types = [
        "handbook.GuidancePage",
        "handbook.ProfilePage",
        "handbook.IntensityPage",
        "handbook.SegmentPage",
        "handbook.ResultMatrixPage",
        "handbook.GlossaryPage",
        "handbook.KeuzehulpPage",
    ]

    class Meta:
        verbose_name = _("hoofdstuk van de handreiking")
        verbose_name_plural = _("hoofdstukken van de handreiking")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pages = self.get_children().live().public().specific()
        context["pages"] = Paginator(pages, SECTION_PAGE_SIZE).get_page(request.GET.get("pagina"))
        return context


class HandbookPage(Page):
    """What every handbook page has: a domain, a summary, an owner and a review date."""

    domain = models.CharField(
        _("domein"), max_length=10, choices=Domain.choices, default=Domain.BOTH
    )
    summary = models.TextField(
        _("samenvatting"), help_text=_("Twee of drie zinnen, in gewone taal.")
    )
    plain_summary = models.TextField(
        _("uitleg voor de inwoner"),
        blank=True,
        help_text=_("In eenvoudige taal (B1), voor pagina's die de inwoner raken."),
    )
    content_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inhoudelijk eigenaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review_date = models.DateField(
        _("herzien vóór"),
        null=True,
        blank=True,
        help_text=_("De eigenaar krijgt een herinnering als deze datum voorbij is."),
    )

    handbook_panels = [
        FieldPanel("domain"),
        FieldPanel("summary"),
        FieldPanel("plain_summary"),
    ]
    agenda_items = ParentalManyToManyField(
        "agenda.AgendaItem",
        verbose_name=_("gewijzigd naar aanleiding van agendapunten"),
        blank=True,
        related_name="handbook_pages",
        help_text=_(
            "Kies het agendapunt waarvoor u deze pagina aanpast; bij publiceren wordt de versie "
            "aan dat punt gekoppeld, zodat het spoor voorstel → agendapunt → handreiking "
            "zichtbaar is."
        ),
    )

    review_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("content_owner", widget=ActorChooser),
                        FieldPanel("review_date"),
                    ]
                ),
                FieldPanel("agenda_items"),
            ],
            heading=_("Eigenaar, herziening en aanleiding"),
        )
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("plain_summary"),
        index.FilterField("domain"),
    ]
    parent_page_types = ["handbook.HandbookSectionPage"]
    subpage_types = []
    # Not a page type of its own: only its subclasses are created.
    is_creatable = False

    class Meta:
        verbose_name = _("pagina van de handreiking")
        verbose_name_plural = _("pagina's van de handreiking")

    def text_parts(self):
        """What this version of the page says, part by part, as plain as it is stored: what
        search indexes (search.documents) and what the list of changes compares
        (handbook.changes). Each page type adds its own fields."""
        return [self.summary, self.plain_summary]

    def clean(self):
        super().clean()
        owner = self.content_owner
        if owner is not None and owner.is_read_only:
            # The owner is reminded to review the page, which a read-only person cannot do.
            raise ValidationError(
                {
                    "content_owner": _(
                        "%(name)s leest alleen mee (%(role)s) en kan deze pagina niet "
                        "herzien. Kies iemand anders."
                    )
                    % {"name": owner, "role": owner.get_role_display()}
                }
            )

    @property
    def review_overdue(self):
        return bool(self.review_date and self.review_date < timezone.localdate())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["variations"] = (
            LocalVariation.objects.filter(page=self)
            .select_related("municipality")
            .order_by("section", "municipality__name")
        )
        latest = self.get_latest_revision()
        context["last_changed_by"] = latest.user if latest else None
        context["changes"] = self.trail_for(request.user)
        index = HandbookIndexPage.objects.ancestor_of(self).first()
        if index is not None:  # its history on "Wat is er gewijzigd?"
            changes = index.url + index.reverse_subpage("changes")
            context["changes_url"] = f"{changes}?over={self.pk}"
        if index is not None and request.user.is_authenticated:  # told of each new version
            from notifications.actions import is_following

            context["follow_url"] = index.url + index.reverse_subpage("follow", args=[self.pk])
            context["following"] = is_following(request.user, self)
        return context

    def trail_for(self, user):
        """Why this page changed: the agenda items it was revised for, and the proposals those
        items took over, as far as `user` may see them."""
        from agenda.models import AgendaItem

        visible = AgendaItem.objects.visible_to(user)
        changes = (
            HandbookChange.objects.filter(page=self, agenda_item__in=visible)
            .select_related("agenda_item")
            .prefetch_related("agenda_item__proposals")
        )
        return [
            (change, [p for p in change.agenda_item.proposals.all() if p.is_visible_to(user)])
            for change in changes
        ]


class GuidanceTopic(models.TextChoices):
    PERSPECTIEFPLAN = "perspectiefplan", _("Perspectiefplan")
    DIRECTOR = "regisseursrol", _("Regisseursrol en regievoering")
    TRIAGE = "vraagverheldering", _("Vraagverheldering en triage")
    PRINCIPLES = "kwaliteitsprincipes", _("Uitgangspunten van kwaliteit")
    OTHER = "overig", _("Overig")


class GuidancePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "handbook.GuidancePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class GuidancePage(HandbookPage):
    """Guidance in sections: the director role, the perspectiefplan, triage, principles."""

    topic = models.CharField(
        _("onderwerp"), max_length=30, choices=GuidanceTopic.choices, default=GuidanceTopic.OTHER
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

    content_panels = (
        Page.content_panels
        + [FieldPanel("topic")]
        + HandbookPage.handbook_panels
        + [FieldPanel("body"), FieldPanel("tags")]
        + HandbookPage.review_panels
    )
    search_fields = HandbookPage.search_fields + [index.SearchField("body")]
    is_creatable = True

    class Meta:
        verbose_name = _("richtlijn")
        verbose_name_plural = _("richtlijnen")

    def text_parts(self):
        sections = [f"{_as_lead(b.value['heading'])} {b.value['text'].source}" for b in self.body]
        return super().text_parts() + sections

    def get_context(self, request, *args, **kwargs):
        """Each section with the municipalities whose practice differs there, side by side."""
        context = super().get_context(request, *args, **kwargs)
        variations = list(context["variations"])
        context["sections"] = [
            (block, [v for v in variations if v.section == block.value["heading"]])
            for block in self.body
        ]
        return context


def _as_lead(heading):
    """A section's heading before its text, as a reader of plain text (a search excerpt, the list
    of changes) tells them apart: "Minder bureaucratie: Beperk de lasten", not "Minder
    bureaucratie Beperk de lasten". A heading that ends in a sign of its own keeps it."""
    heading = heading.strip()
    return heading if not heading or heading[-1] in ".:?!" else f"{heading}:"


class IntensityPage(HandbookPage):
    level = models.CharField(_("niveau"), max_length=4, choices=IntensityLevel.choices, blank=True)
    is_block = models.BooleanField(
        _("blokintensiteit"),
        default=False,
        help_text=_("Een vaste bundel, zoals 1–5 of 6–10 dagdelen dagbesteding."),
    )
    block_label = models.CharField(
        _("naam van het blok"), max_length=60, blank=True, help_text=_("Bijvoorbeeld 1–5 dagdelen.")
    )
    description = RichTextField(_("omschrijving"), features=SHORT_FEATURES)
    distinguishing = RichTextField(
        _("verschil met de buren"),
        features=SHORT_FEATURES,
        blank=True,
        help_text=_("Wat onderscheidt dit niveau van het niveau erboven en eronder?"),
    )
    typical_situations = RichTextField(_("typische situaties"), features=SHORT_FEATURES, blank=True)

    content_panels = (
        Page.content_panels
        + [FieldRowPanel([FieldPanel("level"), FieldPanel("is_block"), FieldPanel("block_label")])]
        + HandbookPage.handbook_panels
        + [
            FieldPanel("description"),
            FieldPanel("distinguishing"),
            FieldPanel("typical_situations"),
        ]
        + HandbookPage.review_panels
    )
    search_fields = HandbookPage.search_fields + [
        index.SearchField("description"),
        index.SearchField("distinguishing"),
        index.FilterField("level"),
    ]
    is_creatable = True

    class Meta:
        verbose_name = _("intensiteit")
        verbose_name_plural = _("intensiteiten")

    def text_parts(self):
        own = [self.description, self.distinguishing, self.typical_situations, self.block_label]
        return super().text_parts() + own

    @property
    def short_label(self):
        return self.block_label if self.is_block and self.block_label else self.level

    @property
    def sort_key(self):
        return (self.is_block, LEVEL_ORDER.get(self.level, 99), self.block_label)

    def clean(self):
        super().clean()
        if not self.level:
            raise ValidationError({"level": _("Kies het niveau van deze intensiteit.")})
        if self.is_block and not self.block_label:
            raise ValidationError({"block_label": _("Geef het blok een naam, zoals 1–5 dagdelen.")})
        clash = IntensityPage.objects.filter(
            domain=self.domain,
            level=self.level,
            is_block=self.is_block,
            block_label=self.block_label,
        ).exclude(translation_key=self.translation_key)
        if clash.exists():
            raise ValidationError(
                {"level": _("Deze intensiteit bestaat al voor dit domein: %(title)s.")
                 % {"title": clash.first().title}}
            )  # fmt: skip


class ProfilePage(HandbookPage):
    code = models.CharField(_("code"), max_length=20, help_text=_("Bijvoorbeeld Z5 of M1–M3."))
    segment = models.CharField(
        _("segment (Jeugd)"), max_length=1, choices=Segment.choices, blank=True
    )
    description = RichTextField(_("omschrijving"), features=SHORT_FEATURES)
    typical_situations = RichTextField(_("typische situaties"), features=SHORT_FEATURES, blank=True)
    not_this = RichTextField(
        _("wat het niet is"),
        features=SHORT_FEATURES,
        blank=True,
        help_text=_("Situaties die op dit profiel lijken maar er niet onder vallen."),
    )
    examples = RichTextField(_("voorbeelden"), features=SHORT_FEATURES, blank=True)

    content_panels = (
        Page.content_panels
        + [FieldRowPanel([FieldPanel("code"), FieldPanel("segment")])]
        + HandbookPage.handbook_panels
        + [
            FieldPanel("description"),
            FieldPanel("typical_situations"),
            FieldPanel("not_this"),
            FieldPanel("examples"),
            InlinePanel("intensities", label=_("Per intensiteit"), heading=_("Intensiteiten")),
        ]
        + HandbookPage.review_panels
    )
    search_fields = HandbookPage.search_fields + [
        index.SearchField("code", boost=5),
        index.SearchField("description"),
        index.SearchField("typical_situations"),
        index.FilterField("segment"),
    ]
    is_creatable = True

    class Meta:
        verbose_name = _("profiel")
        verbose_name_plural = _("profielen")

    def text_parts(self):
        own = [self.description, self.typical_situations, self.not_this, self.examples]
        return super().text_parts() + own + [cell.description for cell in self.intensities.all()]

    def clean(self):
        super().clean()
        self.code = self.code.strip()
        if not self.code:
            raise ValidationError({"code": _("Vul de code van het profiel in.")})
        clash = ProfilePage.objects.filter(domain=self.domain, code__iexact=self.code).exclude(
            translation_key=self.translation_key
        )
        if clash.exists():
            raise ValidationError(
                {"code": _("De code %(code)s is in dit domein al gebruikt door %(title)s.")
                 % {"code": self.code, "title": clash.first().title}}
            )  # fmt: skip
        if self.segment and self.domain != Domain.JEUGD:
            raise ValidationError({"segment": _("Segmenten gelden alleen voor Jeugd.")})


class ProfileIntensity(Orderable):
    """One cell of the matrix: what an intensity means for this profile."""

    page = ParentalKey(ProfilePage, on_delete=models.CASCADE, related_name="intensities")
    intensity = models.ForeignKey(
        IntensityPage, verbose_name=_("intensiteit"), on_delete=models.CASCADE, related_name="+"
    )
    description = models.TextField(_("wat het bij dit profiel betekent"))

    panels = [FieldPanel("intensity"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("profiel per intensiteit")
        verbose_name_plural = _("profielen per intensiteit")


class SegmentPage(HandbookPage):
    segment = models.CharField(_("segment"), max_length=1, choices=Segment.choices, unique=True)
    share_of_trajectories = models.CharField(
        _("aandeel van de trajecten"),
        max_length=60,
        blank=True,
        help_text=_("Bijvoorbeeld ± 80–85%."),
    )
    predictability = models.CharField(_("voorspelbaarheid"), max_length=200, blank=True)
    description = RichTextField(_("omschrijving"), features=SHORT_FEATURES)
    funding = RichTextField(_("bekostiging"), features=SHORT_FEATURES, blank=True)
    advisory_team = RichTextField(
        _("rol van het adviesteam segment C"), features=SHORT_FEATURES, blank=True
    )

    content_panels = (
        Page.content_panels
        + [FieldRowPanel([FieldPanel("segment"), FieldPanel("share_of_trajectories")])]
        + HandbookPage.handbook_panels
        + [
            FieldPanel("predictability"),
            FieldPanel("description"),
            FieldPanel("funding"),
            FieldPanel("advisory_team"),
        ]
        + HandbookPage.review_panels
    )
    search_fields = HandbookPage.search_fields + [index.SearchField("description")]
    is_creatable = True

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segmenten")

    def text_parts(self):
        own = [self.description, self.funding, self.advisory_team, self.share_of_trajectories]
        return super().text_parts() + own


class ResultMatrixPage(HandbookPage):
    """The NMD resultatenmatrix: result areas, building blocks and intervention levels."""

    building_blocks = StreamField(
        [
            (
                "block",
                blocks.StructBlock(
                    [
                        ("code", blocks.CharBlock(label=_("code"))),
                        ("name", blocks.CharBlock(label=_("naam"))),
                        (
                            "result_area",
                            blocks.CharBlock(label=_("resultaatgebied"), required=False),
                        ),
                        ("description", blocks.TextBlock(label=_("omschrijving"))),
                        ("issues", blocks.TextBlock(label=_("bekende knelpunten"), required=False)),
                    ],
                    label=_("bouwsteen"),
                ),
            )
        ],
        verbose_name=_("bouwstenen"),
        blank=True,
    )
    intervention_levels = StreamField(
        [
            (
                "level",
                blocks.StructBlock(
                    [
                        ("level", blocks.CharBlock(label=_("niveau"))),
                        ("description", blocks.TextBlock(label=_("omschrijving"))),
                    ],
                    label=_("interventieniveau"),
                ),
            )
        ],
        verbose_name=_("interventieniveaus"),
        blank=True,
    )

    content_panels = (
        Page.content_panels
        + HandbookPage.handbook_panels
        + [FieldPanel("building_blocks"), FieldPanel("intervention_levels")]
        + HandbookPage.review_panels
    )
    search_fields = HandbookPage.search_fields + [
        index.SearchField("building_blocks"),
        index.SearchField("intervention_levels"),
    ]
    is_creatable = True

    class Meta:
        verbose_name = _("resultatenmatrix")
        verbose_name_plural = _("resultatenmatrices")

    def text_parts(self):
        blocks = [
            f"{b.value['name']} {b.value['description']} {b.value['issues']}"
            for b in self.building_blocks
        ]
        levels = [f"{b.value['level']} {b.value['description']}" for b in self.intervention_levels]
        return super().text_parts() + blocks + levels


class GlossaryTerm(index.Indexed, models.Model):
    """A term or abbreviation; its synonyms feed the search engine later."""

    term = models.CharField(_("term"), max_length=120, unique=True)
    abbreviation = models.CharField(_("afkorting"), max_length=20, blank=True)
    definition = models.TextField(_("betekenis"))
    synonyms = models.CharField(
        _("synoniemen"), max_length=300, blank=True, help_text=_("Gescheiden door komma's.")
    )

    search_fields = [
        index.SearchField("term", boost=3),
        index.SearchField("abbreviation", boost=3),
        index.SearchField("definition"),
    ]

    class Meta:
        ordering = ["term"]
        verbose_name = _("begrip")
        verbose_name_plural = _("begrippen")

    def __str__(self):
        return f"{self.term} ({self.abbreviation})" if self.abbreviation else self.term

    def synonym_list(self):
        return [s.strip() for s in self.synonyms.split(",") if s.strip()]


class GlossaryPage(HandbookPage):
    content_panels = Page.content_panels + HandbookPage.handbook_panels + HandbookPage.review_panels
    is_creatable = True
    max_count = 1

    class Meta:
        verbose_name = _("begrippenlijst")
        verbose_name_plural = _("begrippenlijsten")

    def text_parts(self):
        terms = [
            f"{t.term} {t.abbreviation} {t.definition} {t.synonyms}"
            for t in GlossaryTerm.objects.all()
        ]
        return super().text_parts() + terms

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["terms"] = GlossaryTerm.objects.all()
        return context


class KeuzehulpPage(HandbookPage):
    """A short questionnaire that suggests segment, profile and intensity.

    The questions are fixed; the rules that turn answers into advice are content, edited by the
    expert team (KeuzehulpRule), tried in their order, the first that fits wins.
    """

    content_panels = (
        Page.content_panels
        + HandbookPage.handbook_panels
        + [InlinePanel("rules", label=_("Regel"), heading=_("Regels, in volgorde"))]
        + HandbookPage.review_panels
    )
    is_creatable = True

    class Meta:
        verbose_name = _("keuzehulp")
        verbose_name_plural = _("keuzehulpen")

    def serve(self, request, *args, **kwargs):
        from .views import keuzehulp_view

        return keuzehulp_view(request, self)


QUESTIONS = {
    "domain": (_("Gaat het om jeugdhulp of Wmo?"), [("jeugd", _("Jeugd")), ("wmo", _("Wmo"))]),
    "predictability": (
        _("Hoe voorspelbaar is de benodigde inzet en het verloop?"),
        [("hoog", _("Goed voorspelbaar")), ("laag", _("Weinig voorspelbaar"))],
    ),
    "safety_risk": (
        _("Zijn er grote ontwikkel- of veiligheidsrisico's?"),
        [("ja", _("Ja")), ("nee", _("Nee"))],
    ),
    "complexity": (
        _("Hoe complex is de situatie?"),
        [("laag", _("Enkelvoudig, laag complex")), ("hoog", _("Meervoudig, hoog complex"))],
    ),
    "providers": (
        _("Hoeveel aanbieders of vormen van expertise zijn nodig?"),
        [("een", _("Eén")), ("meerdere", _("Meerdere"))],
    ),
    "duration": (
        _("Gaat het om een eenmalig consult of om doorlopende hulp?"),
        [("eenmalig", _("Eenmalig of enkelvoudig consult")), ("doorlopend", _("Doorlopend"))],
    ),
}


def _answer_field(name):
    label, options = QUESTIONS[name]
    return models.CharField(
        label, max_length=12, blank=True, choices=[("", _("maakt niet uit")), *options]
    )


class KeuzehulpRule(Orderable):
    page = ParentalKey(KeuzehulpPage, on_delete=models.CASCADE, related_name="rules")
    name = models.CharField(_("naam van de regel"), max_length=120)
    domain = _answer_field("domain")
    predictability = _answer_field("predictability")
    safety_risk = _answer_field("safety_risk")
    complexity = _answer_field("complexity")
    providers = _answer_field("providers")
    duration = _answer_field("duration")
    segment = models.CharField(
        _("advies: segment"), max_length=1, choices=Segment.choices, blank=True
    )
    profile = models.ForeignKey(
        ProfilePage, verbose_name=_("advies: profiel"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    intensity = models.ForeignKey(
        IntensityPage, verbose_name=_("advies: intensiteit"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    advice = models.TextField(_("toelichting bij het advies"))

    panels = [
        FieldPanel("name"),
        FieldRowPanel(
            [FieldPanel("domain"), FieldPanel("predictability"), FieldPanel("safety_risk")]
        ),
        FieldRowPanel([FieldPanel("complexity"), FieldPanel("providers"), FieldPanel("duration")]),
        FieldRowPanel([FieldPanel("segment"), FieldPanel("profile"), FieldPanel("intensity")]),
        FieldPanel("advice"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("regel van de keuzehulp")
        verbose_name_plural = _("regels van de keuzehulp")

    def __str__(self):
        return self.name

    def conditions(self):
        return {name: getattr(self, name) for name in QUESTIONS if getattr(self, name)}

    def matches(self, answers):
        return all(answers.get(name) == value for name, value in self.conditions().items())


class LocalVariation(models.Model):
    """Where a municipality's practice differs from the regional standard on a handbook page."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("pagina"),
        on_delete=models.CASCADE,
        related_name="local_variations",
    )
    section = models.CharField(
        _("onderdeel"),
        max_length=200,
        blank=True,
        help_text=_("Kop van het onderdeel waar het om gaat; leeg voor de hele pagina."),
    )
    municipality = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="handbook_variations",
        limit_choices_to={"type": OrganisationType.MUNICIPALITY},
    )
    note = models.TextField(_("hoe het hier anders gaat"))
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True)

    class Meta:
        ordering = ["municipality__name", "section"]
        verbose_name = _("lokale afwijking")
        verbose_name_plural = _("lokale afwijkingen")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "section", "municipality"], name="one_variation_per_section"
            )
        ]

    def __str__(self):
        return f"{self.municipality}: {self.page}"

    def clean(self):
        super().clean()
        if self.municipality_id and self.municipality.type != OrganisationType.MUNICIPALITY:
            raise ValidationError(
                {"municipality": _("Alleen gemeenten hebben lokale afwijkingen.")}
            )


class HandbookChange(models.Model):
    """A handbook revision published for an agenda item: the last link of the trail
    proposal → agenda item → handbook. Recorded when the page is published (handbook/signals.py)."""

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("pagina"), on_delete=models.CASCADE, related_name="+"
    )
    agenda_item = models.ForeignKey(
        "agenda.AgendaItem",
        verbose_name=_("agendapunt"),
        on_delete=models.CASCADE,
        related_name="handbook_changes",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("versie"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("wijziging van de handreiking")
        verbose_name_plural = _("wijzigingen van de handreiking")
        constraints = [
            models.UniqueConstraint(fields=["page", "agenda_item"], name="change_once_per_item")
        ]

    def __str__(self):
        return f"{self.page} ← {self.agenda_item}"


class ReviewReminder(models.Model):
    """A reminder that a page passed its review date, recorded once per page and date."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    review_date = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("herinnering herziening")
        verbose_name_plural = _("herinneringen herziening")
        constraints = [
            models.UniqueConstraint(fields=["page", "review_date"], name="remind_once_per_date")
        ]

    def __str__(self):
        return f"{self.page} ({self.review_date})"


class SecondReaderTask(AbstractGroupApprovalTask):
    """A group approval that must come from someone other than the earlier approver."""

    def _approved_earlier(self, obj, user):
        state = obj.current_workflow_state if obj else None
        if state is None:
            return False
        return TaskState.objects.filter(
            workflow_state=state, status=TaskState.STATUS_APPROVED, finished_by=user
        ).exists()

    def get_actions(self, obj, user):
        if self._approved_earlier(obj, user):
            return []
        return super().get_actions(obj, user)

    def user_can_access_editor(self, obj, user):
        return super().user_can_access_editor(obj, user) and not self._approved_earlier(obj, user)

    @classmethod
    def get_description(cls):
        return _("Een tweede lezer uit de gekozen groepen keurt goed; niet wie al goedkeurde")

    class Meta:
        verbose_name = _("tweede lezer")
        verbose_name_plural = _("tweede lezers")


def can_oversee_reviews(user):
    """The expert team and the project lead see which pages are past their review date."""
    return user.is_authenticated and (
        user.is_superuser or user.role in (Role.MODERATOR, Role.PROJECT_LEAD)
    )


def review_overdue_pages(today=None):
    today = today or timezone.localdate()
    return (
        HandbookPage.objects.live()
        .filter(review_date__lt=today)
        .select_related("content_owner")
        .order_by("review_date")
    )


def review_due_soon(days=30, today=None):
    today = today or timezone.localdate()
    return (
        HandbookPage.objects.live()
        .filter(review_date__gte=today, review_date__lte=today + datetime.timedelta(days=days))
        .select_related("content_owner")
        .order_by("review_date")
    )
