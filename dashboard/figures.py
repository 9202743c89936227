"""Every figure on the project lead's dashboard, computed from the agenda, the proposals, the
handbook and the search log. Pure reads: the same numbers feed the page, the exports and the
council letter.

Definitions (the memo, section 5: "80% of Deel 1 realised within 9 months, Deel 2 within a year"):
- a part's share realised counts its recommendations (kind aanbeveling) that are not dropped; the
  share is realised / counted;
- the target line rises evenly from 0 at the part's start date to its target share at
  start + target months, then stays there;
- the forecast continues the pace so far (share now / months elapsed) to the target share;
- an item is overdue when it is open and its deadline has passed; it is at risk when it is open,
  due within AT_RISK_DAYS, and its progress is behind the even pace from its start to its deadline;
- the proposal funnel counts proposals by their status now; the time to a decision runs from
  submission to the expert team's first overgenomen, afgewezen or geparkeerd. A proposal its
  author withdrew (ingetrokken) or that was merged is counted under that status and is no decision.
"""

import datetime
import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils import timezone

from accounts.models import OrganisationType, User, WorkingGroup, WorkingGroupMembership
from accounts.visibility import council_filter
from agenda.filters import BY_CODE
from agenda.models import AgendaItem, AgendaPart, Dependency, Kind, Status, WaterbedEvent

AVERAGE_MONTH_DAYS = 30.4375
AT_RISK_DAYS = 30
ACTIVITY_DAYS = 90


@dataclass
class Filters:
    part: int | None = None  # part number
    theme: str = ""  # theme slug
    domain: str = ""
    municipality: str = ""  # organisation slug

    @classmethod
    def from_query(cls, query):
        part = query.get("deel", "")
        return cls(
            part=int(part) if part.isdigit() else None,
            theme=query.get("thema", "")[:100],
            domain=query.get("domein", "")[:20],
            municipality=query.get("gemeente", "")[:100],
        )

    def as_query(self):
        pairs = {
            "deel": self.part or "",
            "thema": self.theme,
            "domein": self.domain,
            "gemeente": self.municipality,
        }
        return {k: v for k, v in pairs.items() if v}


def items_for(user, filters):
    """The live items the user may see, narrowed by the dashboard's filters. `user=None` is the
    councils' view (accounts.visibility.council_filter), for the council letter."""
    if user is None:
        items = AgendaItem.objects.filter(council_filter(), live=True)
    else:
        items = AgendaItem.objects.visible_to(user)
    if filters.part:
        items = items.filter(part__number=filters.part)
    if filters.theme:
        items = items.filter(theme__slug=filters.theme)
    if filters.domain:
        items = items.filter(domain=filters.domain)
    if filters.municipality:
        items = items.filter(municipalities__slug=filters.municipality)
    return items.distinct()


def months_between(start, end):
    return (end - start).days / AVERAGE_MONTH_DAYS


def add_months(start, months):
    return start + datetime.timedelta(days=round(months * AVERAGE_MONTH_DAYS))


def month_points(start, end):
    """The first of every month after `start` up to `end`, with `start` and `end` themselves."""
    points = [start]
    year, month = start.year, start.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        point = datetime.date(year, month, 1)
        if point >= end:
            break
        points.append(point)
    if end > start:
        points.append(end)
    return points


@dataclass
class PartProgress:
    part: AgendaPart
    counted: int
    realised: int
    share: float  # percent
    target_share: int | None
    target_date: datetime.date | None
    forecast_date: datetime.date | None
    on_track: bool | None
    actual: list = field(default_factory=list)  # [(date, share)]
    target: list = field(default_factory=list)  # [(date, share)]

    @property
    def target_now(self):
        return self.target[-1][1] if self.target else None

    @property
    def table_rows(self):
        """[(date, share realised, target share or None)]: the chart's two lines as a table."""
        target = dict(self.target)
        return [(day, share, target.get(day)) for day, share in self.actual]


def target_share_on(part, day):
    if not (part.start_date and part.target_share is not None and part.target_months):
        return None
    elapsed = max(0.0, months_between(part.start_date, day))
    return min(float(part.target_share), part.target_share * elapsed / part.target_months)


def part_progress(part, items, today):
    """Share realised against the target line, with the burn-up series and a forecast. `items`:
    (part id, status, realised on) of the counted items, the recommendations not dropped."""
    counted = [(status, day) for part_id, status, day in items if part_id == part.pk]
    realised_dates = sorted(d or today for status, d in counted if status == Status.REALISED)
    total = len(counted)
    share = 100.0 * len(realised_dates) / total if total else 0.0
    start = part.start_date
    target_date = (
        add_months(start, part.target_months) if start and part.target_months is not None else None
    )
    actual, target = [], []
    if start and start <= today:
        for day in month_points(start, today):
            done = sum(1 for d in realised_dates if d <= day)
            actual.append((day, round(100.0 * done / total, 1) if total else 0.0))
            goal = target_share_on(part, day)
            if goal is not None:
                target.append((day, round(goal, 1)))
    forecast_date, on_track = None, None
    if part.target_share is not None and target_date is not None and start and total:
        if share >= part.target_share:
            on_track = True
        else:
            elapsed = months_between(start, today)
            if share > 0 and elapsed > 0:
                pace = share / elapsed
                forecast_date = add_months(start, part.target_share / pace)
                on_track = forecast_date <= target_date
            # Nothing realised yet: no pace to continue; on track is unknown.
    return PartProgress(
        part=part,
        counted=total,
        realised=len(realised_dates),
        share=round(share, 1),
        target_share=part.target_share,
        target_date=target_date,
        forecast_date=forecast_date,
        on_track=on_track,
        actual=actual,
        target=target,
    )


def parts_progress(user, filters, today=None):
    today = today or timezone.localdate()
    # Rows, not items: at 10× there are 100,000, and making each an AgendaItem took seconds.
    items = list(
        items_for(user, filters)
        .filter(kind=Kind.AANBEVELING)
        .exclude(status=Status.DROPPED)
        .values_list("part_id", "status", "realised_on")
    )
    parts = AgendaPart.objects.order_by("number")
    if filters.part:
        parts = parts.filter(number=filters.part)
    return [part_progress(part, items, today) for part in parts]


# Items that need attention -------------------------------------------------------------------


def expected_progress(item, today):
    """Where an item would be at an even pace from its start to its deadline (percent)."""
    start = item.start_date or (item.part.start_date if item.part_id else None)
    if not (start and item.deadline) or item.deadline <= start:
        return None
    share = (today - start).days / (item.deadline - start).days
    return max(0.0, min(100.0, 100.0 * share))


def _open_with_deadline(user, filters):
    return (
        items_for(user, filters)
        .open()
        .filter(deadline__isnull=False)
        .select_related("part", "owner")
        .order_by("deadline", "sort_code")
    )


def _at_risk(items, today):
    due_soon = items.filter(
        deadline__gte=today, deadline__lte=today + datetime.timedelta(days=AT_RISK_DAYS)
    )
    at_risk = []
    for item in due_soon:
        expected = expected_progress(item, today)
        if expected is not None and (item.progress or 0) < expected:
            at_risk.append((item, round(expected)))
    return at_risk


def attention(user, filters, today=None):
    """(overdue, at_risk): open items past their deadline; open items due soon and behind."""
    today = today or timezone.localdate()
    items = _open_with_deadline(user, filters)
    return list(items.filter(deadline__lt=today)), _at_risk(items, today)


def attention_counted(user, filters, today, limit):
    """(overdue, how many, at_risk, how many): the same as `attention`, its lists cut to `limit`.
    At 10× tens of thousands of items are overdue; the page shows the first and the number."""
    items = _open_with_deadline(user, filters)
    overdue = items.filter(deadline__lt=today)
    at_risk = _at_risk(items, today)
    return list(overdue[:limit]), overdue.count(), at_risk[:limit], len(at_risk)


# Workload ------------------------------------------------------------------------------------


@dataclass
class Load:
    name: str
    needed: float  # hours per week the open items ask
    available: float  # hours per week agreed

    @property
    def over(self):
        return self.needed > self.available


def workload(user, filters):
    """Hours per week the open items ask, against the hours agreed, per working group and
    per person (the owner of the items)."""
    open_items = items_for(user, filters).open().filter(capacity_hours_per_week__isnull=False)
    # order_by(): the model's ordering would otherwise split the groups of the aggregate.
    open_items = open_items.order_by()
    per_group = dict(
        open_items.filter(working_group__isnull=False)
        .values_list("working_group")
        .annotate(hours=Sum("capacity_hours_per_week"))
    )
    groups = []
    for group in WorkingGroup.objects.filter(pk__in=per_group).prefetch_related("memberships"):
        groups.append(Load(group.name, float(per_group[group.pk]), float(group.hours_per_week)))
    per_owner = dict(
        open_items.filter(owner__isnull=False)
        .values_list("owner")
        .annotate(hours=Sum("capacity_hours_per_week"))
    )
    agreed = dict(
        WorkingGroupMembership.objects.filter(user__in=per_owner, hours_per_week__isnull=False)
        .values_list("user")
        .annotate(hours=Sum("hours_per_week"))
    )
    people = [
        Load(str(person), float(per_owner[person.pk]), float(agreed.get(person.pk, 0)))
        for person in User.objects.filter(pk__in=per_owner)
    ]
    return (
        sorted(groups, key=lambda load: load.name),
        sorted(people, key=lambda load: load.name),
    )


# Proposals -----------------------------------------------------------------------------------


@dataclass
class Funnel:
    counts: dict  # status label -> count, in the states' order
    decided: int
    median_days_to_decision: float | None


def proposal_funnel(user):
    from discussions.models import Proposal, ProposalStatus, ProposalTransition

    proposals = Proposal.objects.visible_to(user)
    by_status = dict(proposals.order_by().values_list("status").annotate(n=Count("pk")))
    counts = {str(status.label): by_status.get(status.value, 0) for status in ProposalStatus}
    decisions = (
        ProposalTransition.objects.filter(
            proposal__in=proposals,
            to_status__in=[
                ProposalStatus.ADOPTED, ProposalStatus.REJECTED, ProposalStatus.PARKED,
            ],
        )
        .order_by("proposal_id", "created_at")
        .values_list("proposal_id", "created_at", "proposal__created_at")
    )  # fmt: skip
    first_decision = {}
    for proposal_id, decided_at, submitted_at in decisions:
        first_decision.setdefault(proposal_id, (decided_at - submitted_at).total_seconds() / 86400)
    days = list(first_decision.values())
    return Funnel(
        counts=counts,
        decided=len(days),
        median_days_to_decision=round(statistics.median(days), 1) if days else None,
    )


# Handbook and search -------------------------------------------------------------------------


def handbook_health(today=None, limit=10):
    from handbook.models import review_overdue_pages
    from search.service import top_zero_result_queries

    return list(review_overdue_pages(today)), list(top_zero_result_queries(limit=limit))


# Activity ------------------------------------------------------------------------------------


def activity_by_organisation_type(today=None, days=ACTIVITY_DAYS):
    """Posts, proposals and supports in the last `days` days, per type of organisation."""
    from discussions.models import Post, Proposal, ProposalSupport

    today = today or timezone.localdate()
    since = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=days), datetime.time())
    )
    rows = {str(label): Counter() for label in OrganisationType.labels}
    sources = (
        ("posts", Post.objects.filter(created_at__gte=since), "author__organisation__type"),
        ("proposals", Proposal.objects.filter(created_at__gte=since), "author__organisation__type"),
        ("supports", ProposalSupport.objects.filter(created_at__gte=since), "organisation__type"),
    )
    for name, queryset, path in sources:
        # Counted in the database: at 10× a quarter's posts alone are a quarter of a million.
        per_type = queryset.order_by().values_list(path).annotate(n=Count("pk"))
        for org_type, count in per_type:
            if org_type:
                rows[str(OrganisationType(org_type).label)][name] += count
    return [(label, counts) for label, counts in rows.items()]


# Waterbed map --------------------------------------------------------------------------------


@dataclass
class WaterbedMap:
    nodes: list  # AgendaItem, in part and code order
    edges: list  # (depends_on_id, item_id, kind)
    slipped: set  # ids of items that slipped (unresolved waterbed source) or are overdue


def waterbed_map(user, filters, today=None):
    today = today or timezone.localdate()
    visible = items_for(user, filters)
    dependencies = list(
        Dependency.objects.filter(item__in=visible, depends_on__in=visible).values_list(
            "depends_on_id", "item_id", "kind"
        )
    )
    ids = {a for a, _b, _k in dependencies} | {b for _a, b, _k in dependencies}
    nodes = AgendaItem.objects.filter(pk__in=ids).select_related("part")
    nodes = list(nodes.order_by(*BY_CODE))
    slipped = set(
        WaterbedEvent.objects.filter(source_id__in=ids, resolved_at__isnull=True).values_list(
            "source_id", flat=True
        )
    )
    slipped |= {n.pk for n in nodes if n.is_overdue(today)}
    return WaterbedMap(nodes=nodes, edges=dependencies, slipped=slipped)


def filter_choices():
    from accounts.models import Organisation
    from agenda.models import Domain, Theme

    return {
        "parts": AgendaPart.objects.order_by("number"),
        "themes": Theme.objects.all(),
        "domains": Domain.choices,
        "municipalities": Organisation.objects.filter(type=OrganisationType.MUNICIPALITY),
    }


def overview(user, filters, today=None, limit=None):
    """Everything the dashboard shows, in one dictionary (the page, exports and letter). With
    `limit`, the lists of overdue items, at-risk items and pages past their review date hold
    that many at most, and their lengths are in `overdue_count`, `at_risk_count` and
    `overdue_pages_count`."""
    today = today or timezone.localdate()
    pages, zero_queries = handbook_health(today)
    counts = {}
    if limit is None:
        overdue, at_risk = attention(user, filters, today)
    else:
        overdue, overdue_count, at_risk, at_risk_count = attention_counted(
            user, filters, today, limit
        )
        counts = {
            "overdue_count": overdue_count,
            "at_risk_count": at_risk_count,
            "overdue_pages_count": len(pages),
        }
        pages = pages[:limit]
    groups, people = workload(user, filters)
    return {
        "today": today,
        "filters": filters,
        "parts": parts_progress(user, filters, today),
        "overdue": overdue,
        "at_risk": at_risk,
        "group_load": groups,
        "person_load": people,
        "funnel": proposal_funnel(user),
        "overdue_pages": pages,
        "zero_queries": zero_queries,
        "activity": activity_by_organisation_type(today),
        "waterbed": waterbed_map(user, filters, today),
        **counts,
    }
