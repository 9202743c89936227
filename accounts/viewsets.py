from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

PLATFORM_FIELDS = ("organisation", "role", "job_title")


class PlatformUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(PLATFORM_FIELDS)


class PlatformUserEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(PLATFORM_FIELDS)


class UserViewSet(WagtailUserViewSet):
    create_template_name = "accounts/admin/user_create.html"
    edit_template_name = "accounts/admin/user_edit.html"

    def get_form_class(self, for_update=False):
        return PlatformUserEditForm if for_update else PlatformUserCreationForm


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
        from .models import User

        return (
            User.objects.filter(is_active=True)
            .select_related("organisation")
            .order_by("first_name", "last_name", "username")
        )


class PersonChooseView(PersonListMixin, chooser_views.ChooseView):
    pass


class PersonChooseResultsView(PersonListMixin, chooser_views.ChooseResultsView):
    pass


class PersonChooserViewSet(ChooserViewSet):
    """Choosing a person in the admin (an item's owner, trekker or department head, a working
    group's members) in a searchable, paged chooser. A select listed every user: 2,000 options
    per field at the region's volume, 20,000 after ten years' growth. Registered as the widget
    for every foreign key to a user in Wagtail's forms; what a field allows (only department
    heads, say) is still checked when the form is saved."""

    model = "accounts.User"
    icon = "user"
    choose_one_text = _("Kies een persoon")
    choose_another_text = _("Kies een ander")
    edit_item_text = _("Persoon bewerken")
    choose_view_class = PersonChooseView
    choose_results_view_class = PersonChooseResultsView
    per_page = 25


person_chooser_viewset = PersonChooserViewSet("person_chooser")
