"""Demo organisations, people and working groups from the memo (West-Friesland, 2021).

People are fictional; their roles, organisations, working-group composition and hours are the
memo's (section 3: capacity per working group).
"""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils.text import slugify

from home.demo_loading import get_or_create

from .models import Organisation, OrganisationType, Role, User, WorkingGroup, WorkingGroupMembership

MUNICIPALITIES = [
    "Drechterland",
    "Enkhuizen",
    "Hoorn",
    "Koggenland",
    "Medemblik",
    "Opmeer",
    "Stede Broec",
]

OTHER_ORGANISATIONS = [
    ("Regionaal Expertteam West-Friesland", "regionaal-expertteam", OrganisationType.EXPERT_TEAM),
    ("Jeugdhulp De Horn – demo", "jeugdhulp-de-horn", OrganisationType.PROVIDER),
    (
        "Thuiszorg Westfriesland – demo",
        "thuiszorg-westfriesland",
        OrganisationType.PROVIDER,
    ),
    (
        "Bureau Onafhankelijk Advies – demo",
        "bureau-onafhankelijk-advies",
        OrganisationType.INDEPENDENT_EXPERT,
    ),
]

# The accounts printed by `make run`: one per role, to try the platform as each user would.
# (username, first name, last name, organisation slug, role, job title, is_staff, is_superuser)
DEMO_ACCOUNTS = [
    (
        "beheerder",
        "Bea",
        "Heerkens",
        "regionaal-expertteam",
        Role.MODERATOR,
        "Functioneel beheerder",
        True,
        True,
    ),
    (
        "projectleider",
        "Pieter",
        "Leijen",
        "gemeente-hoorn",
        Role.PROJECT_LEAD,
        "Projectleider RGW (16 uur per week)",
        True,
        False,
    ),
    (
        "afdelingshoofd",
        "Anouk",
        "Hofman",
        "gemeente-enkhuizen",
        Role.DEPARTMENT_HEAD,
        "Afdelingshoofd Sociaal Domein",
        False,
        False,
    ),
    (
        "trekker",
        "Tom",
        "Rekers",
        "gemeente-hoorn",
        Role.TREKKER,
        "Beleidsmedewerker Jeugd",
        False,
        False,
    ),
    (
        "werkgroeplid",
        "Wendy",
        "Groot",
        "gemeente-medemblik",
        Role.WORKING_GROUP_MEMBER,
        "Toegangsmedewerker Wmo",
        False,
        False,
    ),
    (
        "toegang",
        "Tess",
        "Oegema",
        "gemeente-koggenland",
        Role.ACCESS_STAFF,
        "Toegangsmedewerker Jeugd (CJG)",
        False,
        False,
    ),
    (
        "moderator",
        "Maarten",
        "Oderkerk",
        "regionaal-expertteam",
        Role.MODERATOR,
        "Lid Regionaal Expertteam",
        True,
        False,
    ),
    (
        "aanbieder",
        "Aylin",
        "Bieder",
        "jeugdhulp-de-horn",
        Role.PROVIDER,
        "Kwaliteitsmedewerker",
        False,
        False,
    ),
    (
        "thuiszorg",
        "Tineke",
        "Zorgdrager",
        "thuiszorg-westfriesland",
        Role.PROVIDER,
        "Teamleider huishoudelijke hulp",
        False,
        False,
    ),
    (
        "deskundige",
        "Daan",
        "Kundig",
        "bureau-onafhankelijk-advies",
        Role.INDEPENDENT_EXPERT,
        "Onafhankelijk adviseur sociaal domein",
        False,
        False,
    ),
    (
        "raadslid",
        "Roos",
        "Aadsma",
        "gemeente-opmeer",
        Role.COUNCIL_MEMBER,
        "Raadslid",
        False,
        False,
    ),
]

# Working groups with the memo's composition: (name, slug, assignment, members)
# member: (username, first, last, organisation slug, role, function in group, trekker, hours/week)
WORKING_GROUPS = [
    (
        "Werkgroep Perspectiefplan",
        "perspectiefplan",
        "Doorontwikkeling van de werkwijze van het perspectiefplan. Hoofdvragen: is het noodzakelijk "
        "om voor alle hulpvragen een perspectiefplan op te stellen? Hoe kan het proces van het "
        "perspectiefplan efficiënter en effectiever? Uren per lid zijn in de memo niet vastgelegd.",
        [
            ("werkgroeplid", "", "", "", None, "Toegangsmedewerker Wmo", False, None),
            (
                "pp.toegang.jeugd.hoorn",
                "Sanne",
                "de Vries",
                "gemeente-hoorn",
                Role.WORKING_GROUP_MEMBER,
                "Toegangsmedewerker Jeugd",
                False,
                None,
            ),
            (
                "pp.toegang.jeugd.enkhuizen",
                "Mehmet",
                "Yilmaz",
                "gemeente-enkhuizen",
                Role.WORKING_GROUP_MEMBER,
                "Toegangsmedewerker Jeugd",
                False,
                None,
            ),
            (
                "pp.toegang.wmo.drechterland",
                "Ingrid",
                "Bakker",
                "gemeente-drechterland",
                Role.WORKING_GROUP_MEMBER,
                "Toegangsmedewerker Wmo",
                False,
                None,
            ),
            (
                "pp.toegang.jeugd.stedebroec",
                "Karin",
                "Visser",
                "gemeente-stede-broec",
                Role.WORKING_GROUP_MEMBER,
                "Toegangsmedewerker Jeugd",
                False,
                None,
            ),
            (
                "pp.kwaliteit.1",
                "Joost",
                "Smit",
                "gemeente-hoorn",
                Role.WORKING_GROUP_MEMBER,
                "(Juridisch) kwaliteitsmedewerker",
                False,
                None,
            ),
            (
                "pp.kwaliteit.2",
                "Fatima",
                "el Amrani",
                "gemeente-koggenland",
                Role.WORKING_GROUP_MEMBER,
                "(Juridisch) kwaliteitsmedewerker",
                False,
                None,
            ),
            (
                "pp.contract.1",
                "Erik",
                "Mulder",
                "gemeente-hoorn",
                Role.WORKING_GROUP_MEMBER,
                "Contractmanager",
                False,
                None,
            ),
            (
                "pp.contract.2",
                "Lotte",
                "Jansen",
                "gemeente-medemblik",
                Role.WORKING_GROUP_MEMBER,
                "Contractmanager",
                False,
                None,
            ),
            (
                "pp.procesbegeleider",
                "Henk",
                "Dekker",
                "gemeente-opmeer",
                Role.WORKING_GROUP_MEMBER,
                "Procesbegeleider",
                False,
                None,
            ),
        ],
    ),
    (
        "Werkgroep Doorontwikkeling segment C Jeugd",
        "segment-c-jeugd",
        "Betere afbakening van segment B en C Jeugd binnen de ontwikkelopgave van segment C. "
        "Inzet 8 uur per week per medewerker, 16 uur per week voor de trekker; ingehuurde "
        "deskundigheid € 40.000 uit het transformatiefonds.",
        [
            ("trekker", "", "", "", None, "Beleidsmedewerker Jeugd", True, 16),
            (
                "segc.beleid.2",
                "Nadia",
                "Boukhari",
                "gemeente-medemblik",
                Role.WORKING_GROUP_MEMBER,
                "Beleidsmedewerker Jeugd",
                False,
                8,
            ),
            (
                "segc.contract.1",
                "Ruud",
                "Koster",
                "gemeente-hoorn",
                Role.WORKING_GROUP_MEMBER,
                "Contractmanager",
                False,
                8,
            ),
            (
                "segc.contract.2",
                "Els",
                "Schouten",
                "gemeente-drechterland",
                Role.WORKING_GROUP_MEMBER,
                "Contractmanager",
                False,
                8,
            ),
            (
                "segc.financieel",
                "Bas",
                "Verbeek",
                "gemeente-enkhuizen",
                Role.WORKING_GROUP_MEMBER,
                "Financieel adviseur",
                False,
                8,
            ),
        ],
    ),
]


# Wagtail's own admin groups (created by its migrations) for the demo editors.
ADMIN_GROUPS = {"moderator": "Moderators", "projectleider": "Moderators"}


def municipality_slug(name):
    return f"gemeente-{slugify(name)}"


class DemoPassword:
    """The demo password, hashed once for all demo accounts of a load. The password is the same
    for all and published with them (README, `list_demo_accounts`), so a salt of their own buys
    nothing, and each hash takes a quarter of a second: a third of the whole demo load."""

    def __init__(self):
        self._encoded = None

    def __call__(self):
        if self._encoded is None:
            self._encoded = make_password(settings.DEMO_PASSWORD)
        return self._encoded


def _create_user(
    report,
    password,
    username,
    first,
    last,
    org_slug,
    role,
    job_title,
    is_staff=False,
    is_superuser=False,
):
    def make():
        user = User.objects.filter(username=username).first()
        if user is not None:
            report.record(str(User._meta.verbose_name_plural), False)
            return user
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@demo.rgw-westfriesland.invalid",
            organisation=Organisation.objects.get(slug=org_slug),
            role=role,
            job_title=job_title,
            is_staff=is_staff,
            is_superuser=is_superuser,
        )
        user.password = password()
        user.save()
        if username in ADMIN_GROUPS:
            user.groups.add(*Group.objects.filter(name=ADMIN_GROUPS[username]))
        report.record(str(User._meta.verbose_name_plural), True)
        return user

    return make


def tasks(report):
    result = []
    for name in MUNICIPALITIES:
        result.append(
            lambda name=name: get_or_create(
                report,
                Organisation,
                {"slug": municipality_slug(name)},
                {"name": f"Gemeente {name}", "type": OrganisationType.MUNICIPALITY},
            )
        )
    for name, slug, org_type in OTHER_ORGANISATIONS:
        result.append(
            lambda name=name, slug=slug, org_type=org_type: get_or_create(
                report, Organisation, {"slug": slug}, {"name": name, "type": org_type}
            )
        )
    if not settings.DEMO_ACCOUNTS_ALLOWED:
        return result
    password = DemoPassword()
    for account in DEMO_ACCOUNTS:
        result.append(_create_user(report, password, *account))
    for group_name, group_slug, description, members in WORKING_GROUPS:
        result.append(
            lambda n=group_name, s=group_slug, d=description: get_or_create(
                report, WorkingGroup, {"slug": s}, {"name": n, "description": d}
            )
        )
        for username, first, last, org_slug, role, function, is_trekker, hours in members:
            if role is not None:
                result.append(
                    _create_user(report, password, username, first, last, org_slug, role, function)
                )

            def add_member(
                username=username,
                group_slug=group_slug,
                function=function,
                is_trekker=is_trekker,
                hours=hours,
            ):
                get_or_create(
                    report,
                    WorkingGroupMembership,
                    {
                        "working_group": WorkingGroup.objects.get(slug=group_slug),
                        "user": User.objects.get(username=username),
                    },
                    {
                        "function_in_group": function,
                        "is_trekker": is_trekker,
                        "hours_per_week": hours,
                    },
                )

            result.append(add_member)
    return result
