"""Choosing a person in Wagtail's admin. Kept apart from the admin's user views: an app's
models name these widgets in their panels, and must be able to import them while the models
load (the user views import Wagtail's user forms, which need every model loaded)."""

from urllib.parse import urlencode

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from .models import READ_ONLY_ROLES, Role, User


class PersonSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Zoekterm"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Naam, gebruikersnaam of organisatie")}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            words = Q()
            for word in query.split():
                words &= (
                    Q(first_name__icontains=word)
                    | Q(last_name__icontains=word)
                    | Q(username__icontains=word)
                    | Q(organisation__name__icontains=word)
                )
            objects = objects.filter(words)
            self.is_searching, self.search_query = True, query
        return objects


class PersonListMixin:
    filter_form_class = PersonSearchForm

    @property
    def columns(self):
        name, *others = super().columns
        name.label = _("Naam")
        return [
            name,
            *others,
            Column("organisation", label=_("Organisatie")),
            Column("get_role_display", label=_("Rol")),
        ]

    def get_object_list(self):
        people = User.objects.filter(is_active=True)
        if self.request.GET.get(ActorChooser.parameter):
            people = people.exclude(role__in=READ_ONLY_ROLES)
        return people.select_related("organisation").order_by("first_name", "last_name", "username")


class PersonChooseView(PersonListMixin, chooser_views.ChooseView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.GET.get("role") == DepartmentHeadChooser.role:
            context["page_title"] = DepartmentHeadChooser.choose_one_text
        return context


class PersonChooseResultsView(PersonListMixin, chooser_views.ChooseResultsView):
    pass


class PersonChooserViewSet(ChooserViewSet):
    """Choosing a person in the admin (an item's owner, trekker or department head, a working
    group's members) in a searchable, paged chooser. A select listed every user: 2,000 options
    per field at the region's volume, 20,000 after ten years' growth. Registered as the widget
    for every foreign key to a user in Wagtail's forms. A field that takes one role only lists
    that role (DepartmentHeadChooser); what a field allows is still checked when it is saved."""

    model = "accounts.User"
    icon = "user"
    choose_one_text = _("Kies een persoon")
    choose_another_text = _("Kies een ander")
    edit_item_text = _("Persoon bewerken")
    choose_view_class = PersonChooseView
    choose_results_view_class = PersonChooseResultsView
    per_page = 25
    # A field that allows one role only asks for that role in the link that opens the chooser.
    url_filter_parameters = ["role"]
    preserve_url_parameters = ["multiple", "role", "actor"]


person_chooser_viewset = PersonChooserViewSet("person_chooser")


class DepartmentHeadChooser(person_chooser_viewset.widget_class):
    """The person chooser for a field that takes only department heads (an agenda item's
    accountable head): it lists only them, rather than everyone and a refusal on save."""

    role = Role.DEPARTMENT_HEAD
    choose_one_text = _("Kies een afdelingshoofd")

    def get_chooser_modal_url(self):
        return f"{super().get_chooser_modal_url()}?{urlencode({'role': self.role})}"


class ActorChooser(person_chooser_viewset.widget_class):
    """The person chooser for a field whose person must act (an agenda item's owner or trekker,
    a handbook page's owner): it leaves out who only reads along (council members)."""

    parameter = "actor"

    def get_chooser_modal_url(self):
        return f"{super().get_chooser_modal_url()}?{urlencode({self.parameter: 1})}"
