"""What waits for a signed-in person, on the home page ("Voor u"): per line a count and the list
it comes from, already filtered, so one click shows the work itself. Only what someone can act
on: their open tasks, followed discussions with news, and what their role answers for (the
expert team's open reports and waiting proposals, each realisation waiting for their approval,
other changes waiting for their review, handbook pages past their review date, agenda items
past their deadline). A count of zero says nothing and is left out. A few count queries; no
line counts what the list behind its link would not show the same person. Counts over a whole
table that grows with use are shared (by visibility, or kept per person) until what they count
changes, as the agenda list's are (home.page_cache)."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import TaskState

from accounts.admin_link import may_open_admin
from agenda.filters import AGENDA_APPS
from agenda.models import AgendaItem
from dashboard.permissions import can_view_dashboard
from discussions import reading
from discussions.filters import PROPOSAL_APPS
from discussions.models import PostReport, Proposal, ProposalStatus, Thread, can_moderate
from handbook.models import (
    HANDBOOK_APPS,
    HandbookIndexPage,
    can_oversee_reviews,
    review_overdue_pages,
)
from notifications.actions import followed_pks
from platform_site.i18n import grouped_number

from .page_cache import shared_by_visibility, shared_until_changed


@dataclass(frozen=True)
class Line:
    text: str
    url: str
    written: str = ""  # what people wrote (an item's title), after the text; marked as Dutch


def _with_query(name, **params):
    return f"{reverse(name)}?{urlencode(params)}"


def for_you(user, today=None):
    today = today or timezone.localdate()
    lines = []
    # A person's tasks are theirs alone, but counted over the whole agenda (at 10×, 100,000
    # items: ~25 ms): kept for them until the agenda or its people change.
    tasks = shared_until_changed(
        f"for-you-tasks:{user.pk}:{today.isoformat()}",
        lambda: (
            AgendaItem.objects.visible_to(user)
            .tasks_of(user)
            .aggregate(open=Count("pk"), late=Count("pk", filter=Q(deadline__lt=today)))
        ),
        apps=AGENDA_APPS,
    )
    if tasks["open"]:
        text = ngettext("%(count)s open taak", "%(count)s open taken", tasks["open"])
        if tasks["late"]:
            text += ngettext(
                ", waarvan %(late)s over de deadline",
                ", waarvan %(late)s over de deadline",
                tasks["late"],
            )
        lines.append(
            Line(
                text
                % {"count": grouped_number(tasks["open"]), "late": grouped_number(tasks["late"])},
                reverse("agenda:my_tasks"),
            )
        )

    followed = followed_pks(user, Thread)
    news = (
        Thread.objects.visible_to(user)
        .filter(pk__in=followed)
        .filter(reading.with_new_posts(user))
        .count()
        if followed
        else 0
    )
    _add(lines, news, ngettext(
        "%(count)s gevolgde discussie met nieuwe berichten",
        "%(count)s gevolgde discussies met nieuwe berichten",
        news,
    ), _with_query("discussions:threads", wie="volg", nieuw=1))  # fmt: skip

    if can_moderate(user):
        reports = PostReport.objects.filter(resolved_at__isnull=True).count()
        _add(lines, reports, ngettext(
            "%(count)s open melding van een bericht",
            "%(count)s open meldingen van berichten",
            reports,
        ), reverse("discussions:moderation"))  # fmt: skip
        waiting = shared_by_visibility(
            "for-you-proposals-waiting",
            user,
            Proposal.objects.visible_to(user).filter(status=ProposalStatus.SUBMITTED).count,
            apps=PROPOSAL_APPS,
        )
        _add(lines, waiting, ngettext(
            "%(count)s ingediend voorstel wacht op behandeling",
            "%(count)s ingediende voorstellen wachten op behandeling",
            waiting,
        ), _with_query("discussions:proposals", status=ProposalStatus.SUBMITTED,
                       volgorde="oudste"))  # fmt: skip

    lines.extend(_waiting_for_approval(user))

    handbook = can_oversee_reviews(user) and HandbookIndexPage.objects.live().first()
    if handbook:
        overdue = shared_until_changed(
            f"for-you-reviews:{today.isoformat()}",
            review_overdue_pages(today).count,
            apps=HANDBOOK_APPS,
        )
        _add(lines, overdue, ngettext(
            "%(count)s pagina van de handreiking is aan herziening toe",
            "%(count)s pagina's van de handreiking zijn aan herziening toe",
            overdue,
        ), handbook.url + handbook.reverse_subpage("reviews"))  # fmt: skip

    if can_view_dashboard(user):
        late = shared_by_visibility(
            f"for-you-overdue:{today.isoformat()}",
            user,
            AgendaItem.objects.visible_to(user).overdue(today).count,
            apps=AGENDA_APPS,
        )
        _add(lines, late, ngettext(
            "%(count)s punt van de agenda is over de deadline",
            "%(count)s punten van de agenda zijn over de deadline",
            late,
        ), _with_query("agenda:index", overdue="on"))  # fmt: skip
    return lines


def _add(lines, count, text, url):
    """A line "N …" when there is anything to count (`text` is ngettext(…, count))."""
    if count:
        lines.append(Line(text % {"count": grouped_number(count)}, url))


# What decides whose approval a change waits for: the workflows and their tasks (wagtailcore),
# the items and whom they make accountable (agenda), a person's role, groups and organisation
# (accounts).
APPROVAL_APPS = ("wagtailcore", "agenda", "accounts")


def _waiting_for_approval(user):
    """What waits for this person's decision in a workflow: each realisation of an agenda item
    (decided on the item's own page), and how many other changes (handbook pages, in the
    admin's "Awaiting your review") for who may open the admin. Finding it asks every workflow
    task (Wagtail's `reviewable_by`: 6 queries, a fifth of the home page); kept per person until
    a workflow, an item or a person changes."""
    items, others = shared_until_changed(
        f"for-you-approvals:{user.pk}", lambda: _approvals(user), apps=APPROVAL_APPS
    )
    lines = [
        Line(_("Realisatie wacht op uw goedkeuring"), reverse("agenda:item", args=[pk]), written)
        for pk, written in items
    ]
    _add(lines, others, ngettext(
        "%(count)s wijziging wacht op uw beoordeling",
        "%(count)s wijzigingen wachten op uw beoordeling",
        others,
    ), reverse("wagtailadmin_home"))  # fmt: skip
    return lines


def _approvals(user):
    """([(pk, code and title)] of the items whose realisation waits for this person, how many
    other changes wait for their review in the admin (0 for who may not open it)): the same in
    every language."""
    states = TaskState.objects.reviewable_by(user)
    agenda = ContentType.objects.get_for_model(AgendaItem)
    item_pks = [
        int(pk)
        for pk in states.filter(workflow_state__base_content_type=agenda).values_list(
            "workflow_state__object_id", flat=True
        )
    ]
    items = [
        (item.pk, f"{item.code} {item.title}")
        for item in AgendaItem.objects.visible_to(user)
        .filter(pk__in=item_pks)
        .only("pk", "code", "title")
        .order_by("sort_code")
    ]
    others = (
        states.exclude(workflow_state__base_content_type=agenda).count()
        if may_open_admin(user)
        else 0
    )
    return items, others
