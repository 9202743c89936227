from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One searchable document, as the database backend stores it.

    Always written, whatever the backend: it is the fallback when the engine is down.
    """

    doc_id = models.CharField(max_length=64, unique=True)
    type = models.CharField(max_length=40, db_index=True)
    title = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    codes = models.CharField(max_length=255, blank=True)
    url = models.CharField(max_length=500)
    access = models.CharField(max_length=40, db_index=True)
    facets = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("zoekdocument")
        verbose_name_plural = _("zoekdocumenten")

    def __str__(self):
        return self.doc_id


class PendingIndexOperation(models.Model):
    """A change the engine has not taken yet (it was down); replayed when it is back."""

    doc_id = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("wachtende indexwijziging")
        verbose_name_plural = _("wachtende indexwijzigingen")

    def __str__(self):
        return self.doc_id


class SearchQueryLog(models.Model):
    """A search as typed, without who typed it: what access staff look for and do not find."""

    query = models.CharField(_("zoekvraag"), max_length=200, db_index=True)
    result_count = models.PositiveIntegerField(_("aantal resultaten"))
    backend = models.CharField(max_length=20)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("zoekvraag")
        verbose_name_plural = _("zoekvragen")

    def __str__(self):
        return self.query
