from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platform_site.i18n import in_current_language, marked_html, without_marks


class FollowQuerySet(models.QuerySet):
    def of(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )


class Follow(models.Model):
    """Someone follows an item, thread, proposal or tag, and is told when it changes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    content_object = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(default=timezone.now)

    objects = FollowQuerySet.as_manager()

    class Meta:
        verbose_name = _("volgen")
        verbose_name_plural = _("gevolgde onderwerpen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="follow_once"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.user} → {self.content_type.model} {self.object_id}"


class Kind(models.TextChoices):
    """What a notification is about; each kind has its own preference (live, e-mail, off)."""

    REPLY = "reply", _("Reacties in gevolgde discussies")
    MENTION = "mention", _("Vermeldingen van u of uw organisatie")
    PROPOSAL = "proposal", _("Verbetervoorstellen: nieuw, steun en besluiten")
    AGENDA = "agenda", _("Wijzigingen in gevolgde agendapunten")
    WATERBED = "waterbed", _("Waterbedsignalen bij uw agendapunten")
    DEADLINE = "deadline", _("Naderende deadlines van uw agendapunten")
    REVIEW = "review", _("Herzieningen van de handreiking")
    HANDBOOK = "handbook", _("Wijzigingen in gevolgde pagina's van de handreiking")
    MODERATION = "moderation", _("Moderatie")
    LETTER = "letter", _("Raadsinformatiebrieven aan de raden")


# What a read-only person is never sent: they post nothing (moderation), and own no agenda item
# or handbook page (waterbed signals, deadlines and reviews go to owners).
NOT_FOR_READ_ONLY = frozenset({Kind.WATERBED, Kind.DEADLINE, Kind.REVIEW, Kind.MODERATION})


def kinds_for(user):
    """The kinds a user can receive, so the kinds their settings ask about: council letters go
    to council members only, and read-only people are not asked about what they never get."""
    from accounts.models import Role

    return [
        kind
        for kind in Kind
        if (kind != Kind.LETTER or user.role == Role.COUNCIL_MEMBER)
        and not (user.is_read_only and kind in NOT_FOR_READ_ONLY)
    ]


class Channel(models.TextChoices):
    LIVE = "live", _("Alleen op het platform")
    EMAIL = "email", _("Op het platform en in de e-mail")
    OFF = "off", _("Uit")


# What a user gets before choosing: the things that need their action also come by e-mail.
DEFAULT_CHANNELS = {
    Kind.REPLY: Channel.LIVE,
    Kind.MENTION: Channel.EMAIL,
    Kind.PROPOSAL: Channel.LIVE,
    Kind.AGENDA: Channel.LIVE,
    Kind.WATERBED: Channel.EMAIL,
    Kind.DEADLINE: Channel.EMAIL,
    Kind.REVIEW: Channel.EMAIL,
    Kind.HANDBOOK: Channel.LIVE,
    Kind.MODERATION: Channel.LIVE,
    Kind.LETTER: Channel.EMAIL,
}


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One thing one person is told about. Kept when read; the digest sends those marked e-mail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ontvanger"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("melding"), max_length=255)
    # The same text in the platform's other languages ({"en": ...}); `title` is the Dutch one.
    # Written once for every reader, so each reads it in the language of the page they are on.
    title_translations = models.JSONField(_("vertalingen van de melding"), default=dict, blank=True)
    body = models.TextField(_("toelichting"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("moment"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    by_email = models.BooleanField(_("ook per e-mail"), default=False)
    emailed_at = models.DateTimeField(_("gemaild op"), null=True, blank=True)
    # Reminders that a daily command may raise again carry a key, so each is told once.
    dedupe_key = models.CharField(max_length=120, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notify_once_per_key",
            )
        ]

    def __str__(self):
        return f"{self.recipient}: {self.title}"

    @property
    def display_title(self):
        """The title in the language of the page being rendered, as plain text."""
        return without_marks(in_current_language(self.title, self.title_translations))

    @property
    def display_title_html(self):
        """The title in the language of the page being rendered, with what people wrote (a
        thread's title) marked as written in the platform's language."""
        return marked_html(in_current_language(self.title, self.title_translations))

    def as_payload(self, unread):
        return {
            "type": "notification",
            "id": self.pk,
            "kind": self.kind,
            "title": self.title,
            # The socket does not know the page's language; the page picks from these.
            "titles": {
                **{lang: without_marks(text) for lang, text in self.title_translations.items()},
                settings.LANGUAGE_CODE: self.title,
            },
            # The same with what people wrote between U+E000 and U+E001, written in `written_in`:
            # the page marks those parts when it announces the title.
            "marked_titles": self.title_translations,
            "written_in": settings.LANGUAGE_CODE,
            "url": self.url,
            "created_at": self.created_at.isoformat(),
            "unread": unread,
        }


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("hoe"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("meldingsvoorkeur")
        verbose_name_plural = _("meldingsvoorkeuren")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.user}: {self.kind} = {self.channel}"


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("Dagelijks")
    WEEKLY = "weekly", _("Wekelijks")
    NEVER = "never", _("Nooit")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("maandag")
    TUESDAY = 1, _("dinsdag")
    WEDNESDAY = 2, _("woensdag")
    THURSDAY = 3, _("donderdag")
    FRIDAY = 4, _("vrijdag")
    SATURDAY = 5, _("zaterdag")
    SUNDAY = 6, _("zondag")


class DigestSetting(models.Model):
    """When, and in which language, someone receives the e-mail digest of what they chose to get
    by e-mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_setting"
    )
    frequency = models.CharField(
        _("samenvatting per e-mail"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.DAILY,
    )
    hour = models.PositiveSmallIntegerField(
        _("om"),
        default=8,
        validators=[MinValueValidator(0), MaxValueValidator(23)],
        help_text=_("Het uur van de dag (0–23) waarop de samenvatting komt."),
    )
    weekday = models.PositiveSmallIntegerField(
        _("op"),
        choices=Weekday.choices,
        default=Weekday.MONDAY,
        help_text=_("Alleen voor de wekelijkse samenvatting."),
    )
    language = models.CharField(
        _("taal van de e-mail"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    last_sent_at = models.DateTimeField(_("laatst verstuurd"), null=True, blank=True)

    class Meta:
        verbose_name = _("instelling e-mailsamenvatting")
        verbose_name_plural = _("instellingen e-mailsamenvatting")

    def __str__(self):
        return f"{self.user}: {self.frequency} {self.hour}:00"
