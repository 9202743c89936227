"""The one set of visibility rules, used by every view, feed, API, search result and socket.

Content carries a visibility level and, for working-group content, the working group. Who may see
what:

- public: everyone, also without an account;
- members: every active account (municipalities, providers, experts, council members);
- municipalities: staff of a municipality (gemeente). Council members are excluded: internal
  deliberations of officials are not council material until they are sent as a council letter;
- working group: members of that working group.

The project lead and department heads oversee the whole agenda (the memo, section 4: the project
lead guards integrality) and see everything, as do superusers.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import (
    OVERSIGHT_ROLES,
    OrganisationType,
    Role,
    User,
    WorkingGroup,
    WorkingGroupMembership,
)


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Openbaar")
    MEMBERS = "members", _("Leden van het platform")
    MUNICIPALITIES = "municipalities", _("Alleen gemeenten")
    WORKING_GROUP = "working_group", _("Alleen de werkgroep")


def _can_see_municipality_content(user):
    return user.works_for_municipality and user.role != Role.COUNCIL_MEMBER


def _is_signed_in(user):
    return user is not None and user.is_authenticated and user.is_active


def visibility_filter(user, prefix=""):
    """A Q object keeping the rows `user` may see, for a model with `visibility` and
    `working_group` fields (`prefix` reaches them through a relation, e.g. "item__")."""
    public = Q(**{f"{prefix}visibility": Visibility.PUBLIC})
    if not _is_signed_in(user):
        return public
    if user.has_oversight:
        return Q()
    allowed = public | Q(**{f"{prefix}visibility": Visibility.MEMBERS})
    if _can_see_municipality_content(user):
        allowed |= Q(**{f"{prefix}visibility": Visibility.MUNICIPALITIES})
    my_groups = WorkingGroupMembership.objects.filter(user=user).values("working_group_id")
    allowed |= Q(
        **{
            f"{prefix}visibility": Visibility.WORKING_GROUP,
            f"{prefix}working_group_id__in": my_groups,
        }
    )
    return allowed


def council_filter(prefix=""):
    """What may go to the councils (a raadsinformatiebrief): what every council member may see,
    public content and content for all members, never municipality-internal or working-group
    work."""
    return Q(**{f"{prefix}visibility__in": [Visibility.PUBLIC, Visibility.MEMBERS]})


def can_view(user, obj):
    """The same rule as visibility_filter, for one object already in memory."""
    if obj.visibility == Visibility.PUBLIC:
        return True
    if not _is_signed_in(user):
        return False
    if user.has_oversight or obj.visibility == Visibility.MEMBERS:
        return True
    if obj.visibility == Visibility.MUNICIPALITIES:
        return _can_see_municipality_content(user)
    if obj.visibility == Visibility.WORKING_GROUP:
        return (
            obj.working_group_id is not None
            and WorkingGroupMembership.objects.filter(
                user=user, working_group_id=obj.working_group_id
            ).exists()
        )
    return False


def _open_to_every_member(obj):
    return obj.visibility in (Visibility.PUBLIC, Visibility.MEMBERS)


def readers_filter(obj):
    """The same rule the other way round: a Q object on users keeping the active ones who may
    see `obj` (anything with `visibility` and `working_group_id`, saved or not: a form's choice
    before it is saved). One query for a whole audience, where can_view asks per person."""
    if _open_to_every_member(obj):
        return Q(is_active=True)
    oversight = Q(is_superuser=True) | Q(role__in=OVERSIGHT_ROLES)
    if obj.visibility == Visibility.MUNICIPALITIES:
        allowed = oversight | (
            Q(organisation__type=OrganisationType.MUNICIPALITY) & ~Q(role=Role.COUNCIL_MEMBER)
        )
    elif obj.visibility == Visibility.WORKING_GROUP and obj.working_group_id is not None:
        members = WorkingGroupMembership.objects.filter(working_group_id=obj.working_group_id)
        allowed = oversight | Q(pk__in=members.values("user_id"))
    else:
        allowed = oversight
    return Q(is_active=True) & allowed


def readers_among(users, obj):
    """Those of `users` who may see `obj`: can_view for many people at once, in one query at
    most (none for what every member may see)."""
    users = [user for user in users if _is_signed_in(user)]
    if _open_to_every_member(obj) or not users:
        return users
    allowed = set(
        User.objects.filter(readers_filter(obj), pk__in=[user.pk for user in users]).values_list(
            "pk", flat=True
        )
    )
    return [user for user in users if user.pk in allowed]


class VisibleQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(visibility_filter(user))


class VisibilityMixin(models.Model):
    """Fields and validation for content that follows the visibility rules."""

    visibility = models.CharField(
        _("zichtbaarheid"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("werkgroep"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.visibility == Visibility.WORKING_GROUP and not self.working_group_id:
            raise ValidationError({"working_group": _("Kies de werkgroep die dit mag zien.")})

    def is_visible_to(self, user):
        return can_view(user, self)


def access_token(visibility, working_group_id=None):
    """The token a search document carries for its visibility (see visibility_tokens)."""
    if visibility == Visibility.WORKING_GROUP:
        return f"wg:{working_group_id}"
    return str(visibility)


def visibility_tokens(user):
    """The access tokens a user may see in a search index, or None for everything.

    The same rule as visibility_filter, for stores that cannot run a Django query.
    """
    if not _is_signed_in(user):
        return [Visibility.PUBLIC.value]
    if user.has_oversight:
        return None
    tokens = [Visibility.PUBLIC.value, Visibility.MEMBERS.value]
    if _can_see_municipality_content(user):
        tokens.append(Visibility.MUNICIPALITIES.value)
    groups = WorkingGroupMembership.objects.filter(user=user).values_list(
        "working_group_id", flat=True
    )
    tokens += [f"wg:{group_id}" for group_id in groups]
    return tokens
