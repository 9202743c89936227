"""How the lists of discussions and proposals can be narrowed and ordered, on the site
(discussions.views) and in the API (api.views): whose they are, and in which order."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notifications.actions import followed_pks

from .models import Post, Proposal, ProposalSupport, Thread

# Whose discussions the list shows: the ones someone started, wrote in or follows.
# {key on the site: (label, rule(user) -> Q)}
THREAD_OWNERS = {
    "mij": (_("Door mij begonnen"), lambda user: Q(author=user)),
    "geschreven": (
        _("Waarin ik schreef"),
        lambda user: Q(pk__in=Post.objects.filter(author=user).values("thread_id")),
    ),
    "volg": (_("Die ik volg"), lambda user: Q(pk__in=followed_pks(user, Thread))),
}
# The same in the API, whose parameters are English: {API value: key on the site}.
API_THREAD_OWNERS = {"mine": "mij", "wrote": "geschreven", "followed": "volg"}

# Whose proposals the list shows: a provider looks up what they sent or backed.
PROPOSAL_OWNERS = {
    "mij": (_("Door mij ingediend"), lambda user: Q(author=user)),
    "organisatie": (
        _("Van mijn organisatie"),
        lambda user: Q(organisation_id=user.organisation_id or -1),
    ),
    "gesteund": (
        _("Door mij gesteund"),
        lambda user: Q(pk__in=ProposalSupport.objects.filter(user=user).values("proposal_id")),
    ),
    "volg": (_("Die ik volg"), lambda user: Q(pk__in=followed_pks(user, Proposal))),
}
# The same in the API, whose parameters are English: {API value: key on the site}.
API_PROPOSAL_OWNERS = {
    "mine": "mij",
    "organisation": "organisatie",
    "supported": "gesteund",
    "followed": "volg",
}

# What a count of proposals shows: proposals (discussions) and who may see them (accounts).
PROPOSAL_APPS = ("discussions", "accounts")

# The proposal list's orders (the newest first when none is chosen): the expert team works
# through the oldest, the platform shows which ones many organisations back.
NEWEST_FIRST = ("-created_at", "-pk")
PROPOSAL_ORDERS = {
    "steun": (_("Meeste steun eerst"), ("-supporting_organisation_count", *NEWEST_FIRST)),
    "oudste": (_("Oudste eerst"), ("created_at", "pk")),
}
API_PROPOSAL_ORDERS = {
    "newest": NEWEST_FIRST,
    "support": PROPOSAL_ORDERS["steun"][1],
    "oldest": PROPOSAL_ORDERS["oudste"][1],
}
