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


class SecondFactorCodeForm(forms.Form):
    """The six-digit code from the authenticator app."""

    code = forms.RegexField(
        label=_("Code uit uw authenticator-app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Vul de zes cijfers in die de app nu toont.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "size": 8,
                "class": "utrecht-textbox",
            }
        ),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip()
