from django import forms
from django.conf import settings
from django.utils.translation import get_language_info, gettext_lazy

from .models import Channel, DigestFrequency, Kind, Weekday

# What differs from the rest: a kind that does not wait for the digest.
KIND_HELP = {
    Kind.LETTER: gettext_lazy(
        "Per e-mail komt de brief meteen bij het versturen, als bijlage; niet pas met de "
        "samenvatting."
    ),
}


class PreferencesForm(forms.Form):
    frequency = forms.ChoiceField(
        label=gettext_lazy("Samenvatting per e-mail"), choices=DigestFrequency.choices
    )
    hour = forms.TypedChoiceField(
        label=gettext_lazy("Om"),
        coerce=int,
        choices=[(h, f"{h:02d}:00") for h in range(24)],
    )
    weekday = forms.TypedChoiceField(
        label=gettext_lazy("Op (bij wekelijks)"), coerce=int, choices=Weekday.choices
    )
    # Not sent by a page from before this choice existed: the language then stays as it was.
    # Each language in its own name, as the header's switch has them: who cannot read this page
    # still finds their own.
    language = forms.ChoiceField(
        label=gettext_lazy("Taal"),
        choices=[(code, get_language_info(code)["name_local"]) for code, _ in settings.LANGUAGES],
        required=False,
    )

    def __init__(self, *args, kinds=tuple(Kind), **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = list(kinds)
        for kind in self.kinds:
            self.fields[f"kind_{kind.value}"] = forms.ChoiceField(
                label=kind.label,
                choices=Channel.choices,
                widget=forms.RadioSelect,
                help_text=KIND_HELP.get(kind, ""),
            )
        # In the order of the page, so the error summary lists them so: the kinds, then the digest.
        self.order_fields([f"kind_{kind.value}" for kind in self.kinds])

    def channels(self):
        return {kind: self.cleaned_data[f"kind_{kind.value}"] for kind in self.kinds}

    def kind_fields(self):
        return [self[f"kind_{kind.value}"] for kind in self.kinds]

    def digest_fields(self):
        return [self[name] for name in ("frequency", "hour", "weekday", "language")]
