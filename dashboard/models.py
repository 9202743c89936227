from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CouncilLetter(models.Model):
    """A raadsinformatiebrief as produced: the same PDF for all seven councils, kept with the
    figures it was made from, so what a council read can always be traced back."""

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
        return f"{self.period_start} – {self.period_end}"

    @property
    def filename(self):
        return f"raadsinformatiebrief-{self.period_end.isoformat()}-{self.pk}.pdf"
