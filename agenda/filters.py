import django_filters
from django import forms
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from accounts.models import Organisation, OrganisationType, User, WorkingGroup
from home.page_cache import shared_by_visibility, shared_until_changed
from platform_site.i18n import WrittenChoiceSelect

from .models import STATUS_STEP, AgendaItem, AgendaPart, Domain, Status, Theme

# The list's orders: by code as in the memo (the default), by deadline (open items first, the
# next deadline first, items without one last; realised and dropped items after all open ones,
# where a deadline no longer calls for anything) or by status in the order work moves forward
# (STATUS_STEP, dropped items last); within each, by code.
BY_CODE = ("part_number", "sort_code", "pk")  # one index (AgendaItem.part_number)
CLOSED_LAST = Case(
    When(status__in=[Status.REALISED, Status.DROPPED], then=Value(1)),
    default=Value(0),
    output_field=IntegerField(),
)
ORDERINGS = {
    "": BY_CODE,
    "deadline": (CLOSED_LAST, F("deadline").asc(nulls_last=True), *BY_CODE),
    "status": (
        Case(
            *(When(status=status, then=Value(step)) for status, step in STATUS_STEP.items()),
            default=Value(len(STATUS_STEP)),
            output_field=IntegerField(),
        ),
        *BY_CODE,
    ),
}


# Whose rows the agenda list shows: items, parts, themes, their labels (taggit's tags) and the
# owners' names (accounts).
AGENDA_APPS = ("agenda", "taggit", "accounts")


def parts_with_counts(user):
    """The agenda's parts with how many of their items `user` may see and how many of those are
    realised (above the agenda list, and on the home page). Counted over every visible item,
    tens of thousands at 10×: shared by everyone who may see the same until the agenda
    changes."""
    return shared_by_visibility(
        "agenda-parts",
        user,
        lambda: list(AgendaPart.objects.with_item_counts(user)),
        apps=AGENDA_APPS,
    )


class FetchedChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """The choices read in one query. Django reads them with `.iterator()`, which on PostgreSQL
    is a server-side cursor: three round trips (declare, fetch, close) for a list of a few
    dozen, ~0.5 ms more per list, six lists per agenda page that no cache holds. A field given
    its objects already (`fetched`, see AgendaItemFilter.form) reads nothing."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        fetched = getattr(self.field, "fetched", None)
        for obj in self.queryset.all() if fetched is None else fetched:
            yield self.choice(obj)


class FetchedChoiceField(django_filters.fields.ModelChoiceField):
    iterator = FetchedChoiceIterator


class FetchedChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = FetchedChoiceField


class PartChoiceField(FetchedChoiceField):
    def label_from_instance(self, obj):
        return obj.choice_label()


class PartFilter(FetchedChoiceFilter):
    field_class = PartChoiceField


class AgendaItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label=_("Zoek in titel en code"))
    part = PartFilter(
        queryset=AgendaPart.objects.all(),
        to_field_name="number",
        label=_("Deel"),
        empty_label=_("Alle delen"),
        widget=WrittenChoiceSelect,
    )
    theme = FetchedChoiceFilter(
        queryset=Theme.objects.all(),
        to_field_name="slug",
        label=_("Thema"),
        widget=WrittenChoiceSelect,
        empty_label=_("Alle thema's"),
    )
    domain = django_filters.ChoiceFilter(
        choices=Domain.choices, label=_("Domein"), empty_label=_("Alle domeinen")
    )
    status = django_filters.ChoiceFilter(
        choices=Status.choices, label=_("Status"), empty_label=_("Alle statussen")
    )
    owner = FetchedChoiceFilter(
        # Exists rather than a join with DISTINCT: cheap however many items there are.
        # Only what a choice shows: the list is kept in the shared cache (AgendaItemFilter.form).
        queryset=(
            User.objects.filter(Exists(AgendaItem.objects.filter(owner=OuterRef("pk"), live=True)))
            .only("username", "first_name", "last_name")
            .order_by("first_name", "last_name", "username")
        ),
        to_field_name="username",
        label=_("Eigenaar"),
        empty_label=_("Iedereen"),
    )
    working_group = FetchedChoiceFilter(
        queryset=WorkingGroup.objects.all(),
        to_field_name="slug",
        label=_("Werkgroep"),
        widget=WrittenChoiceSelect,
        empty_label=_("Alle werkgroepen"),
    )
    municipality = FetchedChoiceFilter(
        field_name="municipalities",
        queryset=Organisation.objects.filter(type=OrganisationType.MUNICIPALITY),
        to_field_name="slug",
        label=_("Gemeente"),
        empty_label=_("Alle gemeenten"),
    )
    tag = FetchedChoiceFilter(
        field_name="tags",
        queryset=Tag.objects.filter(agenda_agendaitemtag_items__isnull=False).distinct(),
        to_field_name="slug",
        label=_("Label"),
        widget=WrittenChoiceSelect,
        empty_label=_("Alle labels"),
    )
    order = django_filters.ChoiceFilter(
        choices=[("deadline", _("Deadline, eerstvolgende eerst")), ("status", _("Status"))],
        method="keep_order_for_ordered",
        label=_("Volgorde"),
        empty_label=_("Code, zoals in de memo"),
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label=_("Alleen over de deadline"),
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = AgendaItem
        fields = []

    @property
    def form(self):
        """The form, its lists of choices read once for everyone until the agenda, its labels or
        the people in it change: they are the same whatever is filtered, and listing the owners
        alone looks through every person (9 ms at 10×, a quarter of a list no cache holds).
        Only the lists shown are shared; a chosen value is still checked against the database."""
        form = super().form
        if not getattr(form, "_options_shared", False):
            fetched = {
                name: field for name, field in form.fields.items()
                if isinstance(field, FetchedChoiceField)
            }  # fmt: skip
            options = shared_until_changed(
                "agenda-filter-options",
                lambda: {name: list(field.queryset.all()) for name, field in fetched.items()},
                apps=AGENDA_APPS,
            )
            for name, field in fetched.items():
                field.fetched = options[name]
            form._options_shared = True
        return form

    def keep_order_for_ordered(self, queryset, name, value):
        return queryset  # not a filter: `ordered` applies it

    def _chosen(self):
        """What the form holds that is valid (nothing for an unbound form), once validated."""
        self.qs  # noqa: B018 - filtering validates the form
        return getattr(self.form, "cleaned_data", {})

    def ordered(self):
        """The filtered items in the order asked for (by code when none or an unknown one)."""
        return self.qs.order_by(*ORDERINGS[self._chosen().get("order") or ""])

    @property
    def active_count(self):
        """How many filters are on (the order is not a filter)."""
        return sum(1 for name, value in self._chosen().items() if value and name != "order")

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(code__iexact=value))

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.overdue(timezone.localdate())
        return queryset
