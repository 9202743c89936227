import factory

from accounts.models import (
    Organisation,
    OrganisationType,
    Role,
    User,
    WorkingGroup,
    WorkingGroupMembership,
)
from accounts.visibility import Visibility
from agenda.models import AgendaItem, AgendaPart

PASSWORD = "een-lang-test-wachtwoord"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    slug = factory.Sequence(lambda n: f"organisatie-{n}")
    type = OrganisationType.MUNICIPALITY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Persoon {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.ACCESS_STAFF
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    name = factory.Sequence(lambda n: f"Werkgroep {n}")
    slug = factory.Sequence(lambda n: f"werkgroep-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroupMembership

    working_group = factory.SubFactory(WorkingGroupFactory)
    user = factory.SubFactory(UserFactory)


class AgendaPartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaPart
        django_get_or_create = ("number",)

    number = 1
    title = "Uitvoeringspraktijk"
    slug = factory.LazyAttribute(lambda p: f"deel-{p.number}")


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    part = factory.SubFactory(AgendaPartFactory)
    code = factory.Sequence(lambda n: f"9.{n}")
    title = factory.Sequence(lambda n: f"Agendapunt {n}")
    visibility = Visibility.MEMBERS
