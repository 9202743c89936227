"""Who is who on the platform: organisations, people, their roles and their working groups.

The visibility rules that build on these live in accounts/visibility.py.
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


class OrganisationType(models.TextChoices):
    MUNICIPALITY = "gemeente", _("Gemeente")
    PROVIDER = "zorgaanbieder", _("Zorgaanbieder")
    EXPERT_TEAM = "expertteam", _("Regionaal Expertteam")
    INDEPENDENT_EXPERT = "deskundige", _("Onafhankelijk deskundige")


class Region(models.TextChoices):
    WEST_FRIESLAND = "west-friesland", _("West-Friesland")
    NOORD_MIDDEN_DRENTHE = "noord-midden-drenthe", _("Noord- en Midden-Drenthe")


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=100, unique=True)
    type = models.CharField(_("soort"), max_length=20, choices=OrganisationType.choices)
    region = models.CharField(
        _("regio"), max_length=40, choices=Region.choices, default=Region.WEST_FRIESLAND
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["type", "name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self):
        return self.name

    @property
    def is_municipality(self):
        return self.type == OrganisationType.MUNICIPALITY


class Role(models.TextChoices):
    ACCESS_STAFF = "access_staff", _("Toegangsmedewerker")
    WORKING_GROUP_MEMBER = "working_group_member", _("Werkgroeplid")
    TREKKER = "trekker", _("Trekker")
    DEPARTMENT_HEAD = "department_head", _("Afdelingshoofd")
    PROJECT_LEAD = "project_lead", _("Projectleider")
    MODERATOR = "moderator", _("Moderator Regionaal Expertteam")
    PROVIDER = "provider", _("Zorgaanbieder")
    INDEPENDENT_EXPERT = "independent_expert", _("Onafhankelijk deskundige")
    COUNCIL_MEMBER = "council_member", _("Raadslid (alleen lezen)")


# Roles that oversee the whole agenda and so see every working group's internal work.
OVERSIGHT_ROLES = frozenset({Role.PROJECT_LEAD, Role.DEPARTMENT_HEAD})
# Roles that may never write, whatever else they are granted.
READ_ONLY_ROLES = frozenset({Role.COUNCIL_MEMBER})


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
    )
    role = models.CharField(
        _("rol"), max_length=30, choices=Role.choices, default=Role.ACCESS_STAFF
    )
    job_title = models.CharField(_("functie"), max_length=120, blank=True)

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["first_name", "last_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_read_only(self):
        return self.role in READ_ONLY_ROLES

    @property
    def works_for_municipality(self):
        return bool(self.organisation_id) and self.organisation.is_municipality

    @property
    def has_oversight(self):
        return self.is_superuser or self.role in OVERSIGHT_ROLES


class WorkingGroup(ClusterableModel):
    """A regional working group (werkgroep) that carries part of the development agenda. Its
    memberships are edited with it in the admin (a cluster), so the group and who is in it with
    how many hours are saved together or not at all."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=100, unique=True)
    description = models.TextField(_("opdracht"), blank=True)
    members = models.ManyToManyField(
        User,
        through="WorkingGroupMembership",
        related_name="working_groups",
        verbose_name=_("leden"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("werkgroep")
        verbose_name_plural = _("werkgroepen")

    def __str__(self):
        return self.name

    @property
    def trekker(self):
        membership = self.memberships.filter(is_trekker=True).select_related("user").first()
        return membership.user if membership else None

    @property
    def hours_per_week(self):
        """Agreed hours per week; members whose hours are not agreed yet are left out."""
        return sum(m.hours_per_week for m in self.memberships.all() if m.hours_per_week is not None)


class WorkingGroupMembership(models.Model):
    working_group = ParentalKey(
        WorkingGroup,
        verbose_name=_("werkgroep"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        User, verbose_name=_("lid"), on_delete=models.CASCADE, related_name="memberships"
    )
    function_in_group = models.CharField(
        _("rol in de werkgroep"),
        max_length=120,
        blank=True,
        help_text=_("Bijvoorbeeld toegangsmedewerker Jeugd, contractmanager, procesbegeleider."),
    )
    is_trekker = models.BooleanField(_("trekker"), default=False)
    hours_per_week = models.DecimalField(
        _("uren per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Leeg laten als de inzet nog niet is afgesproken."),
    )

    class Meta:
        verbose_name = _("lidmaatschap van een werkgroep")
        verbose_name_plural = _("lidmaatschappen van werkgroepen")
        constraints = [
            models.UniqueConstraint(
                fields=["working_group", "user"], name="unique_working_group_member"
            ),
            models.UniqueConstraint(
                fields=["working_group"],
                condition=models.Q(is_trekker=True),
                name="one_trekker_per_working_group",
            ),
            models.CheckConstraint(
                condition=models.Q(hours_per_week__gte=0, hours_per_week__lte=40),
                name="membership_hours_within_week",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.working_group}"
