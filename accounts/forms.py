from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import User, WorkingGroupMembership


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


class WorkingGroupForm(WagtailAdminModelForm):
    """A working group with its members, as the admin edits it. A group has at most one trekker
    (a database rule): the form says so when two are ticked, and moving the role from one member
    to another saves in one go, whichever of them comes first in the list."""

    def is_valid(self):
        # The members' rows are checked after the group's own fields (ClusterForm): only then
        # is what each row says known.
        if not super().is_valid():
            return False
        members = self.formsets.get("memberships")
        trekkers = [
            form
            for form in (members.forms if members is not None else [])
            if form.cleaned_data.get("is_trekker") and not form.cleaned_data.get("DELETE")
        ]
        if len(trekkers) < 2:
            return True
        for form in trekkers:
            form.add_error("is_trekker", _("Een werkgroep heeft één trekker; vink er één aan."))
        self.add_error(None, _("Een werkgroep heeft één trekker."))
        return False

    def save(self, commit=True):
        if not commit or self.instance.pk is None:
            return super().save(commit)
        with transaction.atomic():
            # Clear the role first: each member is then saved with it as the form has it, and
            # the rule holds at every step, also when the new trekker is saved before the old.
            WorkingGroupMembership.objects.filter(
                working_group=self.instance, is_trekker=True
            ).update(is_trekker=False)
            return super().save(commit)
