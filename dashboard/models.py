from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _


class CouncilLetterQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(sent_at__isnull=False)


class CouncilLetter(models.Model):
    """A raadsinformatiebrief as produced: the same PDF for all seven councils, kept with the
    figures it was made from, so what a council read can always be traced back. A letter is a
    draft for the project lead until it is sent: then every council member gets it at once and
    every member of the platform may read it."""

    period_start = models.DateField(_("periode van"))
    period_end = models.DateField(_("periode tot en met"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now)
    figures = models.JSONField(_("cijfers"), default=dict)
    pdf = models.BinaryField(_("pdf"))
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verstuurd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CouncilLetterQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("raadsinformatiebrief")
        verbose_name_plural = _("raadsinformatiebrieven")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="letter_period_in_order",
            )
        ]

    def __str__(self):
        return self.period

    @property
    def period(self):
        """The period as the tables write dates, in the language of the page: 1 april 2026 – 30
        juni 2026 (English: 1 April 2026 – 30 June 2026)."""
        start = formats.date_format(self.period_start, "j F Y")
        return f"{start} – {formats.date_format(self.period_end, 'j F Y')}"

    @property
    def filename(self):
        return f"raadsinformatiebrief-{self.period_end.isoformat()}-{self.pk}.pdf"
