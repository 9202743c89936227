from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class ProfileForm(forms.ModelForm):
    """What a person may change about themselves; organisation and role are set by an admin."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "job_title"]
        labels = {
            "first_name": _("Voornaam"),
            "last_name": _("Achternaam"),
            "email": _("E-mailadres"),
        }
