from accounts.models import OrganisationType, Role

from .factories import (
    AgendaItemFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    WorkingGroupFactory,
)


def agenda_people():
    """A working group with a trekker and a member, their department head, the project lead,
    another department head, a provider and a council member."""
    municipality = OrganisationFactory(name="Gemeente Hoorn", slug="gemeente-hoorn")
    provider_org = OrganisationFactory(
        name="Jeugdhulp Test", slug="jeugdhulp-test", type=OrganisationType.PROVIDER
    )
    group = WorkingGroupFactory(name="Werkgroep Segment C", slug="segment-c")
    people = {
        "trekker": UserFactory(username="trekker", organisation=municipality, role=Role.TREKKER),
        "member": UserFactory(
            username="lid", organisation=municipality, role=Role.WORKING_GROUP_MEMBER
        ),
        "head": UserFactory(username="hoofd", organisation=municipality, role=Role.DEPARTMENT_HEAD),
        "other_head": UserFactory(
            username="ander-hoofd", organisation=municipality, role=Role.DEPARTMENT_HEAD
        ),
        "lead": UserFactory(
            username="projectleider", organisation=municipality, role=Role.PROJECT_LEAD
        ),
        "provider": UserFactory(
            username="aanbieder", organisation=provider_org, role=Role.PROVIDER
        ),
        "council": UserFactory(
            username="raadslid", organisation=municipality, role=Role.COUNCIL_MEMBER
        ),
        "outsider": UserFactory(
            username="toegang", organisation=municipality, role=Role.ACCESS_STAFF
        ),
    }
    MembershipFactory(
        user=people["trekker"], working_group=group, is_trekker=True, hours_per_week=16
    )
    MembershipFactory(user=people["member"], working_group=group, hours_per_week=8)
    return group, people


def published_item(**fields):
    """An item with a first published revision, as the demo loader and the admin make them."""
    item = AgendaItemFactory(**fields)
    item.save_revision().publish(skip_permission_checks=True, log_action=False)
    item.refresh_from_db()
    return item
