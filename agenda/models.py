"""The development agenda (ontwikkelagenda) of the memo: parts, themes and items.

Items form the memo's chain knelpunt → aanbeveling → actie through `parent`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase

from accounts.visibility import VisibilityMixin, VisibleQuerySet, visibility_filter


class AgendaPartQuerySet(models.QuerySet):
    def with_item_counts(self, user):
        visible = visibility_filter(user, prefix="items__")
        return self.annotate(
            item_count=Count("items", filter=visible),
            realised_count=Count("items", filter=visible & Q(items__status=Status.REALISED)),
        ).order_by("number")


class AgendaPart(models.Model):
    """Deel 1 uitvoeringspraktijk, Deel 2 inkoopsystematiek, Deel 3 overige aanbevelingen."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("korte naam"), unique=True)
    description = models.TextField(_("toelichting"), blank=True)
    target_share = models.PositiveSmallIntegerField(
        _("doel: percentage gerealiseerd"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    target_months = models.PositiveSmallIntegerField(
        _("doel: binnen aantal maanden"), null=True, blank=True
    )
    start_date = models.DateField(_("startdatum"), null=True, blank=True)

    objects = AgendaPartQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("deel van de agenda")
        verbose_name_plural = _("delen van de agenda")

    def __str__(self):
        return f"Deel {self.number} – {self.title}"


class Theme(models.Model):
    name = models.CharField(_("naam"), max_length=120, unique=True)
    slug = models.SlugField(_("korte naam"), unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")

    def __str__(self):
        return self.name


class Kind(models.TextChoices):
    KNELPUNT = "knelpunt", _("Knelpunt")
    AANBEVELING = "aanbeveling", _("Aanbeveling")
    ACTIE = "actie", _("Actie")


class Domain(models.TextChoices):
    JEUGD = "jeugd", _("Jeugd")
    WMO = "wmo", _("Wmo")
    BOTH = "beide", _("Jeugd en Wmo")


class Status(models.TextChoices):
    NOT_STARTED = "niet_gestart", _("Niet gestart")
    PREPARING = "in_voorbereiding", _("In voorbereiding")
    IN_PROGRESS = "in_uitvoering", _("In uitvoering")
    REALISED = "gerealiseerd", _("Gerealiseerd")
    DROPPED = "vervallen", _("Vervallen")


class AgendaItemTag(TaggedItemBase):
    content_object = models.ForeignKey(
        "agenda.AgendaItem", on_delete=models.CASCADE, related_name="tagged_items"
    )


class AgendaItem(VisibilityMixin, ClusterableModel):
    part = models.ForeignKey(
        AgendaPart, verbose_name=_("deel"), on_delete=models.PROTECT, related_name="items"
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("thema"),
        on_delete=models.PROTECT,
        related_name="items",
        null=True,
        blank=True,
    )
    kind = models.CharField(
        _("soort"), max_length=12, choices=Kind.choices, default=Kind.AANBEVELING
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("hoort bij"),
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )
    code = models.CharField(_("code"), max_length=20, blank=True, help_text=_("Bijvoorbeeld 1.3."))
    title = models.CharField(_("titel"), max_length=255)
    summary = models.TextField(_("omschrijving"), blank=True)
    domain = models.CharField(
        _("domein"), max_length=10, choices=Domain.choices, default=Domain.BOTH
    )
    is_priority = models.BooleanField(
        _("prioriteit (short list)"),
        default=False,
        help_text=_("Staat op de short list van de memo."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(
        _("voortgang (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_agenda_items",
    )
    tags = ClusterTaggableManager(through=AgendaItemTag, blank=True, verbose_name=_("labels"))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["part__number", "code", "pk"]
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__gte=0, progress__lte=100),
                name="agenda_item_progress_is_percentage",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}".strip()
