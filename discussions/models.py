"""Threads and posts, improvement proposals and signals: where municipalities, providers and
independent experts raise system improvements (the memo's platform under the Regional Expert Team).

A proposal's trail runs proposal → agenda item (when adopted) → the handbook revisions published
for that item (handbook.HandbookChange)."""

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase

from accounts.models import Role
from accounts.visibility import VisibilityMixin, VisibleQuerySet
from agenda.models import Domain

from . import richtext

POST_MAX_LENGTH = 20_000


def can_moderate(user):
    """The Regional Expert Team moderates; the project lead may act for it."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.role in (Role.MODERATOR, Role.PROJECT_LEAD))
    )


class ThreadTag(TaggedItemBase):
    content_object = ParentalKey("Thread", on_delete=models.CASCADE, related_name="tagged_items")


def count_of(rows, outer, field):
    """COUNT(DISTINCT field) over `rows`, a queryset filtered on OuterRef("pk") through its
    foreign key `outer`; 0 when there are none. A list annotated with it counts for the rows
    it shows only, after ordering and limiting; a Count over a join groups every row first."""
    counted = rows.order_by().values(outer).annotate(n=Count(field, distinct=True)).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class ThreadQuerySet(VisibleQuerySet):
    def with_activity(self):
        """The newest activity first, with each thread's visible posts counted (a subquery,
        see count_of: at 10×, 1,000,000 posts, the grouped join took 1.3 s per page)."""
        visible = Post.objects.filter(thread=OuterRef("pk"), hidden_at__isnull=True)
        return self.annotate(post_count=count_of(visible, "thread", "pk")).order_by(
            "-last_post_at", "-pk"
        )


class Thread(VisibilityMixin, ClusterableModel):
    """A discussion on one theme of the agenda or one section of the handbook."""

    title = models.CharField(_("onderwerp"), max_length=200)
    theme = models.ForeignKey(
        "agenda.Theme",
        verbose_name=_("thema"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
    )
    agenda_item = models.ForeignKey(
        "agenda.AgendaItem",
        verbose_name=_("agendapunt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
    )
    handbook_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("deel van de handreiking"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gestart door"),
        on_delete=models.PROTECT,
        related_name="threads",
    )
    created_at = models.DateTimeField(_("gestart op"), default=timezone.now)
    last_post_at = models.DateTimeField(_("laatste bericht"), default=timezone.now, db_index=True)
    is_locked = models.BooleanField(_("gesloten"), default=False)
    locked_reason = models.CharField(_("reden van sluiten"), max_length=255, blank=True)
    tags = ClusterTaggableManager(through=ThreadTag, blank=True, verbose_name=_("labels"))

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-last_post_at", "-pk"]
        verbose_name = _("discussie")
        verbose_name_plural = _("discussies")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("discussions:thread", args=[self.pk])


class ThreadReading(models.Model):
    """How far someone read a thread: the newest post they were shown. The list of discussions
    and the thread page mark what came after it as new, for them alone (discussions.reading)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(
        Thread, verbose_name=_("discussie"), on_delete=models.CASCADE, related_name="readings"
    )
    last_post_id = models.PositiveIntegerField(_("gelezen tot bericht"), default=0)
    read_at = models.DateTimeField(_("gelezen op"), default=timezone.now)

    class Meta:
        verbose_name = _("leesstand van een discussie")
        verbose_name_plural = _("leesstanden van discussies")
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="one_reading_per_thread")
        ]

    def __str__(self):
        return f"{self.user} in {self.thread}: {self.last_post_id}"


class Hideable(models.Model):
    """What the expert team can take out of sight with a reason (a post, an earlier version of a
    proposal): everyone else then reads the reason in its place; the team still reads it all."""

    hidden_at = models.DateTimeField(_("verborgen op"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verborgen door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.CharField(_("reden van verbergen"), max_length=255, blank=True)
    # Erased for good (AVG): the text is gone, for the expert team too; the reason stays.
    erased_at = models.DateTimeField(_("definitief gewist op"), null=True, blank=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("definitief gewist door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    @property
    def is_erased(self):
        return self.erased_at is not None

    def hide(self, by, reason):
        self.hidden_at, self.hidden_by, self.hidden_reason = timezone.now(), by, reason[:255]
        self.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])

    def show_again(self):
        self.hidden_at, self.hidden_by, self.hidden_reason = None, None, ""
        self.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])

    def erase(self, by, at=None):
        """Remove what it said for good, with every copy of that text it keeps itself (`at`:
        when, if not now: an erasure applied again after a restore keeps its own time)."""
        self.erased_at, self.erased_by = at or timezone.now(), by
        self.save(update_fields=[*self.wipe(), "erased_at", "erased_by"])

    def wipe(self):
        """Empty the fields that hold what it said; returns their names."""
        raise NotImplementedError


class Post(Hideable):
    thread = models.ForeignKey(
        Thread, verbose_name=_("discussie"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.PROTECT,
        related_name="posts",
    )
    body_source = models.TextField(_("bericht"), validators=[MaxLengthValidator(POST_MAX_LENGTH)])
    body_html = models.TextField(editable=False)
    quote_of = models.ForeignKey(
        "self",
        verbose_name=_("citeert"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    mentioned_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="mentioned_in"
    )
    mentioned_organisations = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="mentioned_in"
    )
    # The agenda items it names by code ("agendapunt 1.1"), which link to it: an item's trail
    # lists the discussions that speak of it.
    agenda_items = models.ManyToManyField(
        "agenda.AgendaItem",
        verbose_name=_("genoemde agendapunten"),
        blank=True,
        related_name="mentioned_in_posts",
    )
    created_at = models.DateTimeField(_("geplaatst op"), default=timezone.now)
    edited_at = models.DateTimeField(_("bewerkt op"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        # Erasing a post reads the posts stored or edited after it (actions._quoting_elsewhere).
        indexes = [
            models.Index(
                fields=["edited_at"], name="post_edited_at", condition=Q(edited_at__isnull=False)
            )
        ]

    def __str__(self):
        return f"{self.author} in {self.thread}"

    def get_absolute_url(self):
        return f"{self.thread.get_absolute_url()}#bericht-{self.pk}"

    def set_text(self, source, *also):
        """Store `source` (Markdown) as what the post says: its HTML and whom it mentions with
        it, saved with the fields `also` names. Returns the rendering (richtext.Rendered)."""
        rendered = richtext.render(source)
        self.body_source, self.body_html = source, rendered.html
        self.save(update_fields=["body_source", "body_html", *also])
        self.mentioned_users.set(rendered.users)
        self.mentioned_organisations.set(rendered.organisations)
        self.agenda_items.set(rendered.agenda_items)
        return rendered

    def drop_quotes_of(self, erased):
        """Replace each quote in this post, as it reads now and in its earlier versions, that
        copies what an erased post said (`erased`: a richtext.QuoteMatcher of its versions) with
        a line saying a quote of an erased post stood there. Returns how many were replaced."""
        source, replaced = erased.replace(self.body_source)
        if replaced:
            self.set_text(source)
        for edit in self.edits.all():
            source, earlier = erased.replace(edit.body_source)
            if earlier:
                edit.body_source, edit.body_html = source, richtext.render(source).html
                edit.save(update_fields=["body_source", "body_html"])
                replaced += earlier
        return replaced

    def wipe(self):
        """The text, its earlier versions, whom it mentioned and what reporters wrote about it
        (they may have named whom it named; who reported it and when stays). The quotes of it in
        replies go with it (drop_quotes_of, from discussions.actions.erase_post)."""
        self.body_source = self.body_html = ""
        self.edits.all().delete()
        self.reports.update(reason="")
        self.mentioned_users.clear()
        self.mentioned_organisations.clear()
        self.agenda_items.clear()
        return ["body_source", "body_html"]


class EarlierVersion(models.Model):
    """What something said before an edit (a post, a proposal), who changed it and when; newest
    first. The edit that changed version n is the (n+1)-th oldest
    (discussions.history.edit_of_version)."""

    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    edited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-edited_at", "-pk"]


class PostEdit(EarlierVersion):
    """The text a post had before an edit: its history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="edits")
    body_source = models.TextField()
    body_html = models.TextField()

    class Meta(EarlierVersion.Meta):
        verbose_name = _("eerdere versie van een bericht")
        verbose_name_plural = _("eerdere versies van berichten")

    def __str__(self):
        return f"{self.post} ({self.edited_at:%Y-%m-%d %H:%M})"


class PostReport(models.Model):
    """Someone asks the expert team to look at a post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reden"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("melding van een bericht")
        verbose_name_plural = _("meldingen van berichten")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=Q(resolved_at__isnull=True),
                name="report_once_while_open",
            )
        ]

    def __str__(self):
        return f"{self.post}: {self.reason}"


class ProposalKind(models.TextChoices):
    PROPOSAL = "voorstel", _("Verbetervoorstel")
    SIGNAL = "signaal", _("Signaal uit de praktijk")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "ingediend", _("Ingediend")
    IN_REVIEW = "in_behandeling", _("In behandeling")
    ADOPTED = "overgenomen", _("Overgenomen")
    REJECTED = "afgewezen", _("Afgewezen")
    PARKED = "geparkeerd", _("Geparkeerd")
    MERGED = "samengevoegd", _("Samengevoegd")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")  # by its author, while it was ingediend


OPEN_STATUSES = (ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW, ProposalStatus.PARKED)


class ProposalTag(TaggedItemBase):
    content_object = ParentalKey("Proposal", on_delete=models.CASCADE, related_name="tagged_items")


class ProposalQuerySet(VisibleQuerySet):
    def recount_support(self):
        """Store how many people and organisations back each proposal, counted afresh from
        its supports. A proposal keeps these counts so that a list can order by support
        through an index: counted per visit, the order "Meeste steun eerst" counted the
        support of every proposal first (at 10×, 200,000: ~840 ms per page). Run by the
        supports' own changes (discussions.signals), so a count cannot drift from them."""
        supports = ProposalSupport.objects.filter(proposal=OuterRef("pk")).order_by()
        return self.update(
            supporter_count=count_of(supports, "proposal", "pk"),
            supporting_organisation_count=count_of(supports, "proposal", "organisation"),
        )


# A proposal's written texts: what its history keeps besides where it belongs.
PROPOSAL_TEXTS = ("title", "problem", "proposed_change", "expected_effect", "evidence")


class Proposal(VisibilityMixin, ClusterableModel):
    """A verbetervoorstel or a signaal: what goes wrong, what should change, and the evidence."""

    kind = models.CharField(
        _("soort"), max_length=10, choices=ProposalKind.choices, default=ProposalKind.PROPOSAL
    )
    title = models.CharField(_("titel"), max_length=200)
    problem = models.TextField(
        _("wat gaat er mis?"), validators=[MaxLengthValidator(POST_MAX_LENGTH)]
    )
    proposed_change = models.TextField(
        _("wat stelt u voor?"),
        blank=True,
        validators=[MaxLengthValidator(POST_MAX_LENGTH)],
        help_text=_("Bij een signaal mag dit leeg blijven."),
    )
    affected_part = models.ForeignKey(
        "agenda.AgendaPart",
        verbose_name=_("deel van de agenda"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    theme = models.ForeignKey(
        "agenda.Theme",
        verbose_name=_("thema"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    handbook_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("deel van de handreiking"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    domain = models.CharField(
        _("domein"), max_length=10, choices=Domain.choices, default=Domain.BOTH
    )
    expected_effect = models.TextField(
        _("verwacht effect"), blank=True, validators=[MaxLengthValidator(POST_MAX_LENGTH)]
    )
    evidence = models.TextField(
        _("onderbouwing"),
        blank=True,
        validators=[MaxLengthValidator(POST_MAX_LENGTH)],
        help_text=_("Casussen (zonder namen van inwoners), cijfers, afwijkingen die u zag."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingediend door"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("namens"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordelaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals_to_evaluate",
    )
    decision_reason = models.TextField(_("toelichting bij het besluit"), blank=True)
    agenda_item = models.ForeignKey(
        "agenda.AgendaItem",
        verbose_name=_("overgenomen in agendapunt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("samengevoegd met"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_proposals",
    )
    # The form's one-time key: a double-clicked or re-sent submit stores one proposal.
    submission_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("ingediend op"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    # Kept by ProposalQuerySet.recount_support whenever a support changes; never typed in.
    supporter_count = models.PositiveIntegerField(
        _("aantal steunbetuigingen"), default=0, editable=False
    )
    supporting_organisation_count = models.PositiveIntegerField(
        _("aantal steunende organisaties"), default=0, editable=False
    )
    tags = ClusterTaggableManager(through=ProposalTag, blank=True, verbose_name=_("labels"))

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("verbetervoorstel")
        verbose_name_plural = _("verbetervoorstellen")
        indexes = [
            # The expert team's list of what waits (?status=ingediend, oldest first), its count.
            models.Index(fields=["status", "created_at"], name="proposal_status_created"),
            # The list's order "Meeste steun eerst" (discussions.filters.PROPOSAL_ORDERS).
            models.Index(
                fields=["-supporting_organisation_count", "-created_at", "-id"],
                name="proposal_most_support",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="afgewezen") | ~Q(decision_reason=""),
                name="rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="overgenomen") | Q(agenda_item__isnull=False),
                name="adoption_has_agenda_item",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("discussions:proposal", args=[self.pk])

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def snapshot(self):
        """What it says and where it belongs, as its history keeps each version: the written
        texts, the kind and domain by code, part, theme and handbook page by name, and labels."""
        return {
            **{name: getattr(self, name) for name in PROPOSAL_TEXTS},
            "kind": self.kind,
            "domain": self.domain,
            "affected_part": self.affected_part.choice_label() if self.affected_part else "",
            "theme": self.theme.name if self.theme else "",
            "handbook_page": self.handbook_page.title if self.handbook_page else "",
            "tags": sorted(tag.name for tag in self.tags.all()),
        }


def readable_version(snapshot):
    """A version from Proposal.snapshot as a page shows it: kind and domain in words. Versions
    kept before the snapshot had these keys show what they have."""
    kinds, domains = dict(ProposalKind.choices), dict(Domain.choices)
    return {
        **snapshot,
        "kind": kinds.get(snapshot.get("kind"), ""),
        "domain": domains.get(snapshot.get("domain"), ""),
    }


class ProposalSupport(models.Model):
    """Steun: someone, for their organisation, backs a proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_supports"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("steun")
        verbose_name_plural = _("steun")
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="support_once")]

    def __str__(self):
        return f"{self.user} → {self.proposal}"


class ProposalTransition(models.Model):
    """One step in a proposal's life: who moved it from which state to which, and why."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=ProposalStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ProposalStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("statuswijziging van een voorstel")
        verbose_name_plural = _("statuswijzigingen van voorstellen")

    def __str__(self):
        return f"{self.proposal}: {self.from_status} → {self.to_status}"


class ProposalEdit(Hideable, EarlierVersion):
    """A proposal as it was before its author (or the expert team) changed it: its history.
    A proposal can only be changed while it is ingediend, so supporters and the expert team
    can always read what was there when they backed or took it up. The expert team can hide a
    version (a resident named in it, say), as a post."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="edits")
    before = models.JSONField(_("zoals het was"))  # Proposal.snapshot()

    class Meta(EarlierVersion.Meta):
        verbose_name = _("eerdere versie van een voorstel")
        verbose_name_plural = _("eerdere versies van voorstellen")

    def __str__(self):
        return f"{self.proposal} ({self.edited_at:%Y-%m-%d %H:%M})"

    def wipe(self):
        """The texts of this version; where it belonged (kind, domain, part, labels) stays."""
        self.before = {**self.before, **{name: "" for name in PROPOSAL_TEXTS}}
        return ["before"]
