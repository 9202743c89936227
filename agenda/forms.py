from django import forms
from django.utils.translation import gettext_lazy as _

from platform_site.uploads import check_upload

from .models import Status


class ItemUpdateForm(forms.Form):
    """The quick update a working group makes from 'mijn taken' or the item page."""

    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    progress = forms.IntegerField(
        label=_("Voortgang (%)"), min_value=0, max_value=100, required=False
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    status_reason = forms.CharField(
        label=_("Toelichting of reden"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Verplicht als het punt vervalt."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        if data.get("status") == Status.DROPPED and not (data.get("status_reason") or "").strip():
            self.add_error("status_reason", _("Geef een reden waarom dit punt vervalt."))
        return data

    def changes(self):
        data = self.cleaned_data
        return {
            "status": data["status"],
            "progress": data["progress"],
            "deadline": data["deadline"],
            "status_reason": data["status_reason"],
        }


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand (CSV of XLSX)"),
        help_text=_("Hetzelfde formaat als de export. Maximaal 5 MB."),
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        return check_upload(self.cleaned_data["file"], {"csv", "xlsx"}, self.MAX_BYTES)
