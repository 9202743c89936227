from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField
from wagtail.models import Page

from accounts.models import Role, User, WorkingGroup
from accounts.visibility import Visibility
from agenda.models import AgendaItem, AgendaPart, Theme

from .models import POST_MAX_LENGTH, Proposal, ProposalStatus, can_moderate

MARKDOWN_HELP = _(
    "Opmaak: **vet**, *schuin*, > citaat, - opsomming. Noem iemand met @gebruikersnaam of een "
    "organisatie met @korte-naam."
)


def handbook_sections():
    from handbook.models import HandbookPage, HandbookSectionPage

    ids = list(HandbookSectionPage.objects.live().values_list("pk", flat=True))
    ids += list(HandbookPage.objects.live().values_list("pk", flat=True))
    return Page.objects.filter(pk__in=ids).order_by("path")


class BodyField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Bericht"))
        kwargs.setdefault("help_text", MARKDOWN_HELP)
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("Schrijf eerst een bericht."),
                "max_length": _(
                    "Een bericht mag hoogstens %(limit_value)d tekens hebben; dit heeft er "
                    "%(show_value)d."
                ),
            },
        )
        super().__init__(
            max_length=POST_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 6}),
            strip=True,
            **kwargs,
        )


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Onderwerp"), max_length=200)
    theme = forms.ModelChoiceField(label=_("Thema"), queryset=Theme.objects.all(), required=False)
    handbook_page = forms.ModelChoiceField(
        label=_("Deel van de handreiking"), queryset=Page.objects.none(), required=False
    )
    visibility = forms.ChoiceField(label=_("Wie mag meelezen?"), choices=())
    working_group = forms.ModelChoiceField(
        label=_("Werkgroep"),
        queryset=WorkingGroup.objects.none(),
        required=False,
        help_text=_("Alleen bij een discussie voor de werkgroep."),
    )
    tags = TagField(label=_("Labels"), required=False, help_text=_("Gescheiden door komma's."))
    body = BodyField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handbook_page"].queryset = handbook_sections()
        choices = [(Visibility.MEMBERS, Visibility.MEMBERS.label)]
        if user.has_oversight or user.works_for_municipality:
            choices.append((Visibility.MUNICIPALITIES, Visibility.MUNICIPALITIES.label))
        groups = WorkingGroup.objects.all() if user.has_oversight else user.working_groups.all()
        if groups.exists():
            choices.append((Visibility.WORKING_GROUP, Visibility.WORKING_GROUP.label))
            self.fields["working_group"].queryset = groups
        else:
            del self.fields["working_group"]
        if can_moderate(user):
            choices.insert(0, (Visibility.PUBLIC, Visibility.PUBLIC.label))
        self.fields["visibility"].choices = choices
        self.fields["visibility"].initial = Visibility.MEMBERS


class PostForm(forms.Form):
    body = BodyField(label=_("Uw reactie"))
    quote_of = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PostEditForm(forms.Form):
    body = BodyField()
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), max_length=255, widget=forms.TextInput)


class MoveForm(forms.Form):
    theme = forms.ModelChoiceField(label=_("Thema"), queryset=Theme.objects.all(), required=False)
    agenda_item = forms.ModelChoiceField(
        label=_("Agendapunt"), queryset=AgendaItem.objects.none(), required=False
    )
    handbook_page = forms.ModelChoiceField(
        label=_("Deel van de handreiking"), queryset=Page.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.visible_to(user).order_by(
            "part__number", "code"
        )
        self.fields["handbook_page"].queryset = handbook_sections()


class ProposalForm(forms.ModelForm):
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    tags = TagField(label=_("Labels"), required=False, help_text=_("Gescheiden door komma's."))

    class Meta:
        model = Proposal
        fields = [
            "kind", "title", "problem", "proposed_change", "expected_effect", "evidence",
            "domain", "affected_part", "theme", "handbook_page",
        ]  # fmt: skip
        widgets = {
            "kind": forms.RadioSelect,
            "problem": forms.Textarea(attrs={"rows": 5}),
            "proposed_change": forms.Textarea(attrs={"rows": 5}),
            "expected_effect": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handbook_page"].queryset = handbook_sections()
        self.fields["affected_part"].queryset = AgendaPart.objects.order_by("number")

    def clean(self):
        data = super().clean()
        if data.get("kind") == "voorstel" and not (data.get("proposed_change") or "").strip():
            self.add_error(
                "proposed_change", _("Beschrijf wat u voorstelt; bij een signaal mag dit leeg.")
            )
        return data

    def _post_clean(self):
        # The action validates the whole model (with author and key); here only the fields.
        pass


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(
        label=_("Nieuwe status"),
        choices=[
            (s.value, s.label)
            for s in ProposalStatus
            if s not in (ProposalStatus.SUBMITTED, ProposalStatus.MERGED)
        ],
    )
    expected_status = forms.CharField(widget=forms.HiddenInput)
    evaluator = forms.ModelChoiceField(
        label=_("Beoordelaar"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Bij in behandeling: wie uit het expertteam het voorstel beoordeelt."),
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Overnemen in agendapunt"),
        queryset=AgendaItem.objects.none(),
        required=False,
        help_text=_("Bij overgenomen: een bestaand punt, of vul hieronder een nieuw punt in."),
    )
    new_item_part = forms.ModelChoiceField(
        label=_("Nieuw agendapunt: deel"), queryset=AgendaPart.objects.none(), required=False
    )
    new_item_code = forms.CharField(
        label=_("Nieuw agendapunt: code"), max_length=20, required=False
    )
    reason = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij afwijzen; de indiener en de steunbetuigers zien dit."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = User.objects.filter(
            role__in=[Role.MODERATOR, Role.PROJECT_LEAD], is_active=True
        )
        self.fields["agenda_item"].queryset = AgendaItem.objects.visible_to(user).order_by(
            "part__number", "code"
        )
        self.fields["new_item_part"].queryset = AgendaPart.objects.order_by("number")


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Samenvoegen met"), queryset=Proposal.objects.none())
    reason = forms.CharField(label=_("Toelichting"), required=False, max_length=1000)

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Proposal.objects.exclude(pk=proposal.pk).exclude(
            status=ProposalStatus.MERGED
        )
