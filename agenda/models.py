"""The development agenda (ontwikkelagenda) of the memo: parts, themes and items.

Items form the memo's chain knelpunt → aanbeveling → actie through `parent`. They are Wagtail
snippets with revisions (the history: who, when, what), locking and a workflow: a change of status
to *gerealiseerd* waits for the accountable department head or the project lead (agenda/actions.py).
"""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    Task,
    TaskState,
    WorkflowMixin,
)
from wagtail.search import index

from accounts.choosers import ActorChooser, DepartmentHeadChooser
from accounts.models import OrganisationType, Role, WorkingGroupMembership
from accounts.visibility import VisibilityMixin, VisibleQuerySet, visibility_filter
from platform_site.i18n import in_current_language


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


# The order in which work moves forward; a move to an earlier step is a setback (waterbed check).
STATUS_STEP = {
    Status.NOT_STARTED: 0,
    Status.PREPARING: 1,
    Status.IN_PROGRESS: 2,
    Status.REALISED: 3,
}


class Kind(models.TextChoices):
    KNELPUNT = "knelpunt", _("Knelpunt")
    AANBEVELING = "aanbeveling", _("Aanbeveling")
    ACTIE = "actie", _("Actie")


class RollupMethod(models.TextChoices):
    AVERAGE = "gemiddelde", _("Gemiddelde van de onderdelen")
    WEIGHTED = "gewogen", _("Gewogen naar het gewicht van de onderdelen")


def label_of(choices, value):
    """What Django's `get_FOO_display()` gives for one of `choices` (a TextChoices): the label,
    or the value itself when it is none of them. Django builds a dict of every label of the field
    on each call, translating each one; the agenda list shows three labels on each of its 50
    rows, ~2.5 ms of a list no cache holds."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class AgendaPartQuerySet(models.QuerySet):
    def with_item_counts(self, user):
        visible = visibility_filter(user, prefix="items__") & Q(items__live=True)
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
        # "Deel" in the reader's language (the admin, exports, the calendar), the title as written.
        return gettext("Deel {number} – {title}").format(number=self.number, title=self.title)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Its items keep its number for the list's order (AgendaItem.part_number).
        self.items.exclude(part_number=self.number).update(part_number=self.number)

    def choice_label(self):
        """How the part reads among choices under a label that says "Deel" ("1 –
        Uitvoeringspraktijk"): no word of the interface inside, so on the English site the whole
        option can be marked as written in Dutch."""
        return f"{self.number} – {self.title}"


class Theme(models.Model):
    name = models.CharField(_("naam"), max_length=120, unique=True)
    slug = models.SlugField(_("korte naam"), unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")

    def __str__(self):
        return self.name


class AgendaItemTag(TaggedItemBase):
    content_object = ParentalKey(
        "agenda.AgendaItem", on_delete=models.CASCADE, related_name="tagged_items"
    )


_NUMBER = re.compile(r"\d+")


def code_sort_key(code):
    """A code as people read it, for sorting: every number padded to the same width, so 2.N2
    comes before 2.N10 and 1.2 before 1.10 ("2.N10" → "00000002.N00000010")."""
    return _NUMBER.sub(lambda number: number.group().zfill(8), code.strip())


class AgendaItemQuerySet(VisibleQuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        numbers = {}  # part id -> number, read once per part
        for item in objs:
            item.sort_code = code_sort_key(item.code)
            if item.part_id not in numbers:
                numbers[item.part_id] = item.part.number
            item.part_number = numbers[item.part_id]
        return super().bulk_create(objs, *args, **kwargs)

    def visible_to(self, user):
        """Published items the user may see (drafts live only in the admin)."""
        return super().visible_to(user).filter(live=True)

    def open(self):
        return self.exclude(status__in=[Status.REALISED, Status.DROPPED])

    def tasks_of(self, user):
        """The open items that are `user`'s work (*Mijn taken*): which they own, lead (trekker)
        or answer for as department head, or which one of their working groups carries."""
        groups = WorkingGroupMembership.objects.filter(user=user).values("working_group_id")
        return self.open().filter(
            Q(owner=user) | Q(trekker=user) | Q(accountable_head=user) | Q(working_group__in=groups)
        )

    def overdue(self, today=None):
        return self.open().filter(deadline__lt=today or timezone.localdate())

    def for_list(self):
        """Everything a list row shows, in a constant number of queries."""
        return self.select_related(
            "part", "theme", "owner", "working_group", "trekker"
        ).prefetch_related("tags", "municipalities")

    def for_agenda_rows(self):
        """What a row of the agenda list shows and nothing more, in one query: of the item's
        forty columns a dozen, of its relations the part, theme and owner. Reading and making
        fifty full items with five relations each, and two prefetches nothing showed, was half
        the time of a list no cache held (22 → 7 ms at 1×, bench/RESULTS.md)."""
        return self.select_related("part", "theme", "owner").only(
            *("code", "title", "kind", "domain", "is_priority", "status", "deadline"),
            *("part__number", "theme__name"),
            *("owner__username", "owner__first_name", "owner__last_name"),
        )


def municipality_choices():
    return {"type": OrganisationType.MUNICIPALITY}


class AgendaItem(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    VisibilityMixin,
    index.Indexed,
    ClusterableModel,
):
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
    code = models.CharField(_("code"), max_length=20, help_text=_("Bijvoorbeeld 1.3."))
    # The code with its numbers padded (code_sort_key), kept by save(): lists order by it.
    sort_code = models.CharField(_("sorteercode"), max_length=200, editable=False, default="")
    # The part's number, kept by save() and AgendaPart.save(): the list's order (part, code) is
    # then one index on this table, which a page of the list reads in order and stops after 50
    # rows. Ordered through the join with the part, PostgreSQL read and sorted every matching
    # item (100,000 items: 42 ms for the unfiltered list, 0.1 ms now).
    part_number = models.PositiveSmallIntegerField(_("deelnummer"), editable=False, default=0)
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
    status_reason = models.TextField(
        _("reden bij de status"),
        blank=True,
        help_text=_("Verplicht als het punt vervalt."),
    )
    progress = models.PositiveSmallIntegerField(
        _("voortgang (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    progress_override = models.BooleanField(
        _("voortgang handmatig vastgesteld"),
        default=False,
        help_text=_(
            "Alleen voor punten met onderdelen: de ingevulde voortgang gaat dan voor de "
            "berekende, en wordt zo gemarkeerd."
        ),
    )
    rollup_method = models.CharField(
        _("berekening voortgang uit onderdelen"),
        max_length=12,
        choices=RollupMethod.choices,
        default=RollupMethod.AVERAGE,
    )
    weight = models.PositiveSmallIntegerField(
        _("gewicht"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Telt mee als het bovenliggende punt gewogen rekent."),
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
    trekker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trekker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_agenda_items",
    )
    accountable_head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verantwoordelijk afdelingshoofd"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accountable_agenda_items",
        limit_choices_to={"role": Role.DEPARTMENT_HEAD},
    )
    capacity_hours_per_week = models.DecimalField(
        _("capaciteit (uur per week)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    budget_amount = models.DecimalField(
        _("budget (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    budget_source = models.CharField(
        _("dekking van het budget"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld transformatiefonds."),
    )
    municipalities = ParentalManyToManyField(
        "accounts.Organisation",
        verbose_name=_("betrokken gemeenten"),
        blank=True,
        related_name="agenda_items",
        limit_choices_to=municipality_choices,
    )
    risks = models.TextField(_("risico's"), blank=True)
    realised_on = models.DateField(
        _("gerealiseerd op"),
        null=True,
        blank=True,
        help_text=_(
            "Wordt ingevuld als het punt gerealiseerd wordt; telt mee in de voortgang per deel."
        ),
    )
    tags = ClusterTaggableManager(through=AgendaItemTag, blank=True, verbose_name=_("labels"))

    objects = AgendaItemQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("code", boost=5),
        index.SearchField("summary"),
        index.SearchField("risks"),
        index.AutocompleteField("title"),
        index.FilterField("status"),
        index.FilterField("domain"),
        index.FilterField("part_id"),
        index.FilterField("visibility"),
        index.FilterField("live"),
    ]

    # The edit form in tabs; a TabbedInterface is the whole edit handler (inside `panels` it
    # sat in a panel of its own, and the admin's tab script found no tab panels to manage).
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("part"), FieldPanel("code")]),
                    FieldPanel("title"),
                    FieldRowPanel([FieldPanel("kind"), FieldPanel("parent")]),
                    FieldRowPanel([FieldPanel("theme"), FieldPanel("domain")]),
                    FieldPanel("summary"),
                    FieldPanel("is_priority"),
                    FieldPanel("tags"),
                ],
                heading=_("Inhoud"),
            ),
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("status"), FieldPanel("progress")]),
                    FieldPanel("status_reason"),
                    FieldPanel("realised_on"),
                    MultiFieldPanel(
                        [
                            FieldPanel("progress_override"),
                            FieldRowPanel([FieldPanel("rollup_method"), FieldPanel("weight")]),
                        ],
                        heading=_("Voortgang uit onderdelen"),
                    ),
                    FieldRowPanel([FieldPanel("start_date"), FieldPanel("deadline")]),
                    InlinePanel("milestones", label=_("Mijlpaal"), heading=_("Mijlpalen")),
                ],
                heading=_("Status en planning"),
            ),
            ObjectList(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("owner", widget=ActorChooser),
                            FieldPanel("trekker", widget=ActorChooser),
                        ]
                    ),
                    FieldRowPanel(
                        [
                            FieldPanel("working_group"),
                            FieldPanel("accountable_head", widget=DepartmentHeadChooser),
                        ]
                    ),
                    FieldPanel("capacity_hours_per_week"),
                    FieldRowPanel([FieldPanel("budget_amount"), FieldPanel("budget_source")]),
                    FieldPanel("municipalities"),
                    FieldPanel("visibility"),
                ],
                heading=_("Eigenaarschap en middelen"),
            ),
            ObjectList(
                [
                    FieldPanel("risks"),
                    InlinePanel(
                        "dependencies", label=_("Afhankelijkheid"), heading=_("Hangt af van")
                    ),
                    InlinePanel("decisions", label=_("Besluit"), heading=_("Besluiten")),
                ],
                heading=_("Risico's, samenhang en besluiten"),
            ),
        ]
    )

    class Meta:
        ordering = ["part_number", "sort_code", "pk"]
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__gte=0, progress__lte=100),
                name="agenda_item_progress_is_percentage",
            ),
            models.UniqueConstraint(fields=["part", "code"], name="unique_code_per_agenda_part"),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["live", "visibility"]),
            # The list's usual filter (domain and status), exact at any volume.
            models.Index(fields=["domain", "status"]),
            # The list's order (agenda.filters.BY_CODE).
            models.Index(fields=["part_number", "sort_code", "id"]),
        ]

    def __str__(self):
        return f"{self.code} {self.title}".strip()

    def get_kind_display(self):
        return label_of(Kind, self.kind)

    def get_domain_display(self):
        return label_of(Domain, self.domain)

    def get_status_display(self):
        return label_of(Status, self.status)

    def get_absolute_url(self):
        return reverse("agenda:item", args=[self.pk])

    def _track_realisation(self):
        """The day an item became realised, kept while it stays realised: the dashboard's
        burn-up counts realised items by this date."""
        if self.status == Status.REALISED and self.realised_on is None:
            self.realised_on = timezone.localdate()
        elif self.status != Status.REALISED:
            self.realised_on = None

    def save(self, *args, **kwargs):
        self._track_realisation()
        self.sort_code = code_sort_key(self.code)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "part" in update_fields:
            self.part_number = self.part.number if self.part_id is not None else 0
        if update_fields is not None:
            derived = {"code": "sort_code", "part": "part_number"}
            kwargs["update_fields"] = {
                *update_fields,
                *(derived[name] for name in update_fields if name in derived),
            }
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self._track_realisation()
        errors = {}
        if self.status == Status.DROPPED and not self.status_reason.strip():
            errors["status_reason"] = _("Geef een reden waarom dit punt vervalt.")
        if self.start_date and self.deadline and self.deadline < self.start_date:
            errors["deadline"] = _("De deadline ligt vóór de start.")
        if self.parent_id and self.pk and self.parent_id == self.pk:
            errors["parent"] = _("Een punt kan niet bij zichzelf horen.")
        elif self.parent_id and self.pk and self._parent_chain_contains(self.pk):
            errors["parent"] = _(
                "Dit zou een kring maken: het bovenliggende punt hoort hier al bij."
            )
        if self.parent_id and self.parent.part_id != self.part_id:
            errors["parent"] = _("Het bovenliggende punt hoort bij een ander deel.")
        # Who owns or leads an item keeps its progress up to date: never a read-only person.
        for field in ("owner", "trekker"):
            person = getattr(self, field)
            if person is not None and person.is_read_only:
                errors[field] = _(
                    "%(name)s leest alleen mee (%(role)s) en kan dit punt niet bijwerken. "
                    "Kies iemand anders."
                ) % {"name": person, "role": person.get_role_display()}
        if errors:
            raise ValidationError(errors)

    def _parent_chain_contains(self, pk):
        seen = set()
        node = self.parent
        while node is not None and node.pk not in seen:
            if node.pk == pk:
                return True
            seen.add(node.pk)
            node = node.parent
        return False

    @property
    def is_open(self):
        return self.status not in (Status.REALISED, Status.DROPPED)

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return bool(self.deadline and self.is_open and self.deadline < today)


class Milestone(Orderable):
    item = ParentalKey(AgendaItem, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("mijlpaal"), max_length=255)
    due_date = models.DateField(_("datum"))
    done = models.BooleanField(_("bereikt"), default=False)

    panels = [FieldPanel("title"), FieldRowPanel([FieldPanel("due_date"), FieldPanel("done")])]

    class Meta(Orderable.Meta):
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")

    def __str__(self):
        return self.title


class Decision(Orderable):
    """A decision taken on an item, with who took it and under what mandate."""

    item = ParentalKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    date = models.DateField(_("datum"))
    body = models.CharField(
        _("genomen door"), max_length=200, help_text=_("Bijvoorbeeld Madivosa of de werkgroep.")
    )
    mandate = models.CharField(_("mandaat"), max_length=200, blank=True)
    text = models.TextField(_("besluit"))

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("body"), FieldPanel("mandate")]),
        FieldPanel("text"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")

    def __str__(self):
        return f"{self.date}: {self.text[:60]}"


class DependencyKind(models.TextChoices):
    BLOCKS = "blocks", _("wordt geblokkeerd door")
    RELATES = "relates", _("hangt samen met")


class Dependency(Orderable):
    """`item` depends on `depends_on`: when that one slips, `item` gets a waterbed warning."""

    item = ParentalKey(AgendaItem, on_delete=models.CASCADE, related_name="dependencies")
    depends_on = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agendapunt"),
        on_delete=models.CASCADE,
        related_name="dependents",
    )
    kind = models.CharField(
        _("soort"), max_length=10, choices=DependencyKind.choices, default=DependencyKind.BLOCKS
    )

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("depends_on")])]

    class Meta(Orderable.Meta):
        verbose_name = _("afhankelijkheid")
        verbose_name_plural = _("afhankelijkheden")
        constraints = [
            models.UniqueConstraint(fields=["item", "depends_on"], name="unique_dependency"),
            models.CheckConstraint(
                condition=~Q(item=models.F("depends_on")), name="no_self_dependency"
            ),
        ]

    def __str__(self):
        return f"{self.item} {self.get_kind_display()} {self.depends_on}"


class WaterbedReason(models.TextChoices):
    OVERDUE = "overdue", _("deadline verstreken")
    DEADLINE_MOVED = "deadline_moved", _("deadline verschoven")
    SET_BACK = "set_back", _("teruggezet")


class WaterbedEvent(models.Model):
    """A slip of one item recorded against an item that depends on it (the memo's waterbed
    effect: fixing one thing must not push the problem elsewhere). The owner of the affected
    item is told; the notification itself is sent by the notifications app."""

    source = models.ForeignKey(
        AgendaItem,
        verbose_name=_("verschoven punt"),
        on_delete=models.CASCADE,
        related_name="waterbed_causes",
    )
    affected = models.ForeignKey(
        AgendaItem,
        verbose_name=_("afhankelijk punt"),
        on_delete=models.CASCADE,
        related_name="waterbed_warnings",
    )
    reason = models.CharField(_("reden"), max_length=20, choices=WaterbedReason.choices)
    detail = models.CharField(_("toelichting"), max_length=255, blank=True)
    # The detail in the platform's other languages ({"en": ...}), as for notification titles.
    detail_translations = models.JSONField(
        _("vertalingen van de toelichting"), default=dict, blank=True
    )
    notify = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("te informeren"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("moment"), default=timezone.now)
    resolved_at = models.DateTimeField(_("opgelost op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("waterbedsignaal")
        verbose_name_plural = _("waterbedsignalen")
        indexes = [models.Index(fields=["affected", "resolved_at"])]

    def __str__(self):
        return f"{self.source} → {self.affected}: {self.get_reason_display()}"

    @property
    def display_detail(self):
        """The detail in the language of the page being rendered."""
        return in_current_language(self.detail, self.detail_translations)


class ImportRun(models.Model):
    """One upload of the regional overview, kept until it is applied or discarded."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField(_("bestand"), max_length=255)
    content = models.BinaryField(_("inhoud"))
    created_at = models.DateTimeField(_("geüpload op"), default=timezone.now)
    applied_at = models.DateTimeField(_("verwerkt op"), null=True, blank=True)
    summary = models.JSONField(_("samenvatting"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import van het overzicht")
        verbose_name_plural = _("imports van het overzicht")

    def __str__(self):
        return self.filename


class AccountableApprovalTask(Task):
    """Approval by the item's accountable department head or by the project lead.

    Wagtail's group approval asks a fixed group; the memo makes the department head accountable
    per part of the agenda, so the approver follows the item.
    """

    @staticmethod
    def can_approve(obj, user):
        if not (user and user.is_authenticated and user.is_active):
            return False
        return (
            user.is_superuser
            or user.role == Role.PROJECT_LEAD
            or getattr(obj, "accountable_head_id", None) == user.pk
        )

    def user_can_access_editor(self, obj, user):
        return self.can_approve(obj, user)

    def locked_for_user(self, obj, user):
        return not self.can_approve(obj, user)

    def user_can_lock(self, obj, user):
        return self.can_approve(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if self.can_approve(obj, user):
            return [
                ("reject", _("Afwijzen"), True),
                ("approve", _("Goedkeuren"), False),
                ("approve", _("Goedkeuren met toelichting"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser or user.role == Role.PROJECT_LEAD:
            return states
        mine = AgendaItem.objects.filter(accountable_head=user).values_list("pk", flat=True)
        return states.filter(workflow_state__object_id__in=[str(pk) for pk in mine])

    @classmethod
    def get_description(cls):
        return _("Het verantwoordelijk afdelingshoofd of de projectleider keurt goed")

    class Meta:
        verbose_name = _("goedkeuring door afdelingshoofd of projectleider")
        verbose_name_plural = _("goedkeuringen door afdelingshoofd of projectleider")


def _new_calendar_token():
    import secrets

    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret in a person's calendar feed URL: calendar apps cannot log in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_calendar_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("agendakoppeling")
        verbose_name_plural = _("agendakoppelingen")

    def __str__(self):
        return f"{self.user}"

    @classmethod
    def for_user(cls, user):
        return cls.objects.get_or_create(user=user)[0]
