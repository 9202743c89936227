import re
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField
from wagtail.models import Page

from accounts.models import Role, User, WorkingGroup
from accounts.visibility import Visibility
from agenda.models import AgendaItem, AgendaPart, Theme
from platform_site.i18n import WrittenChoiceSelect, mark_written

from .actions import TRANSITIONS
from .models import POST_MAX_LENGTH, PROPOSAL_TEXTS, Proposal, ProposalStatus, can_moderate

MARKDOWN_HELP = _(
    "Opmaak: **vet**, *schuin*, > citaat, - opsomming. Noem iemand met @gebruikersnaam of een "
    "organisatie met @korte-naam. Een agendapunt met zijn code (agendapunt 1.1) wordt een link."
)


def handbook_sections():
    """The published chapters and pages of the handbook, in its order."""
    from handbook.models import HandbookPage, HandbookSectionPage

    return Page.objects.live().type(HandbookSectionPage, HandbookPage).order_by("path")


# A handbook page is chosen from a list while the handbook is small enough to read as one (the
# region's own has a few dozen pages). Beyond that, a text box takes the page's address or
# title: at the volume run's 10,000 pages the list made every form with it take half a second
# (5.5 s at 100,000), and nobody finds one page among thousands of options.
HANDBOOK_CHOICE_LIMIT = 300


class EmptyChoiceNamed:
    """An optional choice of a thing (a theme, a part, a person) offers "(geen)" to leave it
    open, where Django's select shows a line of dashes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and not field.required:
                field.empty_label = _("(geen)")


class ObjectByKeyField(forms.Field):
    """One object named by a short key in a text box: an agenda item by its code, a proposal by
    its number. A list of every choice would hold tens of thousands of options at the region's
    volume (10,000 items, 20,000 proposals), on every page the expert team moderates from.
    `queryset` bounds what may be named, as with ModelChoiceField; `lookup(queryset, key)`
    finds it or returns None."""

    widget = forms.TextInput

    def __init__(self, *, lookup, not_found, display, **kwargs):
        self.queryset = None  # set by the form, for whom it is
        self.lookup, self.not_found, self.display = lookup, not_found, display
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "autocomplete": "off", "spellcheck": "false"}

    def prepare_value(self, value):
        return self.display(value) if isinstance(value, models.Model) else value

    def to_python(self, value):
        key = (value or "").strip()
        if not key:
            return None
        found = self.lookup(self.queryset, key)
        if found is None:
            raise ValidationError(self.not_found, code="not_found", params={"key": key})
        return found


def agenda_item_by_code(queryset, code):
    """The item with this code ("2.1", "1.K1"); a code that two parts share is told apart by
    the part its number starts with."""
    found = list(queryset.filter(code__iexact=code).select_related("part")[:10])
    if len(found) > 1:
        found = [item for item in found if code.split(".")[0] == str(item.part.number)]
    return found[0] if len(found) == 1 else None


def proposal_by_number(queryset, key):
    """A proposal by its number: "12", "nr. 12", "#12" or its address (…/voorstellen/12/)."""
    number = re.search(r"(\d{1,12})\D*$", key)
    return queryset.filter(pk=int(number.group(1))).first() if number else None


def handbook_page_by_key(queryset, key):
    """A handbook page by its number (the list's value), its address (…/handreiking/wmo/regie/,
    with or without the site, on the Dutch or the English site) or its title, when only one
    page has that title."""
    if key.isdigit():
        return queryset.filter(pk=int(key)).first()
    found = []
    if "/" in key:  # an address, or a title such as "Jeugd/Wmo"
        path = re.sub(r"^/en(?=/)", "", urlsplit(key).path).strip("/")
        found = list(queryset.filter(url_path__endswith=f"/{path}/")[:2]) if path else []
    if not found:
        found = list(queryset.filter(title__iexact=key)[:2])
    return found[0] if len(found) == 1 else None


class HandbookPageByKeyField(ObjectByKeyField):
    """The handbook page by its address or title, for a handbook too large to list."""

    def __init__(self, label):
        super().__init__(
            label=label,
            help_text=_(
                "Het adres van de pagina (bijvoorbeeld /handreiking/wmo/regie/) of haar titel. "
                "Leeg: bij geen pagina."
            ),
            required=False,
            lookup=handbook_page_by_key,
            display=lambda page: page.url,
            not_found=_("Er is geen pagina van de handreiking met adres of titel %(key)s."),
        )

    def prepare_value(self, value):
        if isinstance(value, int):  # a form's initial value: the page's number
            value = self.queryset.filter(pk=value).first()
        return super().prepare_value(value)


def choose_handbook_page(form):
    """Offers the handbook's pages in `form`'s handbook_page field: as a list while there are
    at most HANDBOOK_CHOICE_LIMIT, else as a text box for an address or a title."""
    pages = handbook_sections()
    field = form.fields["handbook_page"]
    if len(pages.values_list("pk", flat=True)[: HANDBOOK_CHOICE_LIMIT + 1]) > HANDBOOK_CHOICE_LIMIT:
        field = form.fields["handbook_page"] = HandbookPageByKeyField(field.label)
    field.queryset = pages


def agenda_item_field(label, help_text):
    return ObjectByKeyField(
        label=label,
        help_text=help_text,
        required=False,
        lookup=agenda_item_by_code,
        display=lambda item: item.code,
        not_found=_("Er is geen agendapunt met code %(key)s dat u kunt zien."),
    )


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
            # Names for "@" while typing (static/js/mentions.js).
            widget=forms.Textarea(
                attrs={
                    "rows": 6,
                    "data-mentions": reverse_lazy("discussions:mention_suggestions"),
                    "data-mentions-label": _("Namen om te noemen"),
                }
            ),
            strip=True,
            **kwargs,
        )


class ThreadForm(EmptyChoiceNamed, forms.Form):
    title = forms.CharField(label=_("Onderwerp"), max_length=200)
    theme = forms.ModelChoiceField(
        label=_("Thema"), queryset=Theme.objects.all(), required=False, widget=WrittenChoiceSelect
    )
    handbook_page = forms.ModelChoiceField(
        label=_("Deel van de handreiking"),
        queryset=Page.objects.none(),
        required=False,
        widget=WrittenChoiceSelect,
    )
    visibility = forms.ChoiceField(label=_("Wie mag meelezen?"), choices=())
    working_group = forms.ModelChoiceField(
        label=_("Werkgroep"),
        queryset=WorkingGroup.objects.none(),
        required=False,
        help_text=_("Alleen bij een discussie voor de werkgroep."),
        widget=WrittenChoiceSelect,
    )
    tags = TagField(label=_("Labels"), required=False, help_text=_("Gescheiden door komma's."))
    body = BodyField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choose_handbook_page(self)
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
        # "@" offers only who may read what is chosen here (static/js/mentions.js).
        self.fields["body"].widget.attrs["data-mentions-audience"] = "visibility working_group"


class PostForm(forms.Form):
    body = BodyField(label=_("Uw reactie"))
    quote_of = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PostEditForm(forms.Form):
    body = BodyField()
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_written(self, "body")  # the post as it was written, in the platform's language


class RenameForm(forms.Form):
    title = forms.CharField(label=_("Nieuw onderwerp"), max_length=200)
    # The subject as the person saw it: changed by someone else since, nothing is written.
    seen_title = forms.CharField(widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_written(self, "title")  # it opens with the subject as it is


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), max_length=255, widget=forms.TextInput)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom trekt u het voorstel in?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Bijvoorbeeld: al opgelost, of dubbel. Wie het steunt of volgt en het expertteam "
            "lezen dit; het voorstel blijft te lezen, met deze toelichting."
        ),
    )


class MoveForm(EmptyChoiceNamed, forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Thema"), queryset=Theme.objects.all(), required=False, widget=WrittenChoiceSelect
    )
    agenda_item = agenda_item_field(
        _("Agendapunt (code)"), _("Bijvoorbeeld 2.1. Leeg: bij geen agendapunt.")
    )
    handbook_page = forms.ModelChoiceField(
        label=_("Deel van de handreiking"),
        queryset=Page.objects.none(),
        required=False,
        widget=WrittenChoiceSelect,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.visible_to(user)
        choose_handbook_page(self)


class ProposalForm(EmptyChoiceNamed, forms.ModelForm):
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
            "affected_part": WrittenChoiceSelect,
            "theme": WrittenChoiceSelect,
            "handbook_page": WrittenChoiceSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choose_handbook_page(self)
        self.fields["affected_part"].queryset = AgendaPart.objects.order_by("number")
        self.fields["affected_part"].label_from_instance = AgendaPart.choice_label

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


class ProposalEditForm(ProposalForm):
    """The same form, filled with the proposal as it stands, and the version it was opened at."""

    submission_key = None
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"].setdefault("tags", list(instance.tags.all()))
        super().__init__(*args, instance=instance, **kwargs)
        mark_written(self, *PROPOSAL_TEXTS)  # the proposal as it was written


class StatusForm(EmptyChoiceNamed, forms.Form):
    # No step is chosen beforehand: a moderator who sends the form without choosing is asked
    # to, instead of asking for whichever step came first in the list.
    to_status = forms.ChoiceField(
        label=_("Nieuwe status"),
        choices=[
            ("", _("Kies een status")),
            *(
                (s.value, s.label)
                for s in ProposalStatus
                if s
                not in (ProposalStatus.SUBMITTED, ProposalStatus.MERGED, ProposalStatus.WITHDRAWN)
            ),
        ],
        error_messages={"required": _("Kies de nieuwe status.")},
    )
    expected_status = forms.CharField(widget=forms.HiddenInput)
    evaluator = forms.ModelChoiceField(
        label=_("Beoordelaar"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Bij in behandeling: wie uit het expertteam het voorstel beoordeelt."),
    )
    agenda_item = agenda_item_field(
        _("Overnemen in agendapunt (code)"),
        _(
            "Bij overgenomen: de code van een bestaand punt, bijvoorbeeld 2.1, of vul "
            "hieronder een nieuw punt in."
        ),
    )
    new_item_part = forms.ModelChoiceField(
        label=_("Nieuw agendapunt: deel"),
        queryset=AgendaPart.objects.none(),
        required=False,
        widget=WrittenChoiceSelect,
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
        # Only the steps that can follow the status the moderator sees (actions.TRANSITIONS).
        seen = (
            self.data.get("expected_status")
            if self.is_bound
            else self.initial.get("expected_status")
        )
        if seen in TRANSITIONS:
            self.fields["to_status"].choices = [
                choice for choice in self.fields["to_status"].choices
                if not choice[0] or choice[0] in TRANSITIONS[seen]
            ]  # fmt: skip
        self.fields["evaluator"].queryset = User.objects.filter(
            role__in=[Role.MODERATOR, Role.PROJECT_LEAD], is_active=True
        )
        self.fields["agenda_item"].queryset = AgendaItem.objects.visible_to(user)
        self.fields["new_item_part"].queryset = AgendaPart.objects.order_by("number")


class MergeForm(forms.Form):
    target = ObjectByKeyField(
        label=_("Samenvoegen met voorstel (nummer)"),
        help_text=_("Het nummer staat bij elk voorstel (nr. 12) en in zijn adres."),
        lookup=proposal_by_number,
        display=lambda proposal: proposal.pk,
        not_found=_(
            "Er is geen ander open voorstel met nummer %(key)s (een samengevoegd of ingetrokken "
            "voorstel kan niet)."
        ),
    )
    reason = forms.CharField(label=_("Toelichting"), required=False, max_length=1000)

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Proposal.objects.exclude(pk=proposal.pk).exclude(
            status__in=[ProposalStatus.MERGED, ProposalStatus.WITHDRAWN]
        )
