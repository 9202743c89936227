"""Progress roll-up: a parent's progress from its children.

Rules (issue: development agenda):
- an item without children has its own figure; a realised item without a figure counts as 100%;
- a parent takes the average of its children, or the average weighted by each child's weight;
- children without a figure, and dropped (vervallen) children, are left out;
- a parent may override the calculation with its own figure, which is then marked as manual;
- a parent none of whose children has a figure keeps its own figure.
"""

from collections import defaultdict
from dataclasses import dataclass

from .models import AgendaItem, RollupMethod, Status

MANUAL = "manual"
ROLLUP = "rollup"
OVERRIDE = "override"


@dataclass(frozen=True)
class Progress:
    value: int | None
    source: str  # MANUAL, ROLLUP or OVERRIDE
    counted: int = 0  # children that counted
    left_out: int = 0  # children without a figure or dropped

    @property
    def is_override(self):
        return self.source == OVERRIDE

    @property
    def is_rollup(self):
        return self.source == ROLLUP


@dataclass(frozen=True)
class Node:
    pk: int
    parent_id: int | None
    progress: int | None
    override: bool
    method: str
    weight: int
    status: str


FIELDS = ("pk", "parent_id", "progress", "progress_override", "rollup_method", "weight", "status")


def _own(node):
    if node.progress is None and node.status == Status.REALISED:
        return 100
    return node.progress


def compute(nodes):
    """Progress for every node, given all nodes of the trees involved. One pass, no queries."""
    children = defaultdict(list)
    by_pk = {}
    for node in nodes:
        by_pk[node.pk] = node
        if node.parent_id is not None:
            children[node.parent_id].append(node)
    result = {}

    def visit(node, path=()):
        if node.pk in result:
            return result[node.pk]
        if node.pk in path:  # a cycle is refused by validation; never loop on bad data
            return Progress(_own(node), MANUAL)
        kids = children.get(node.pk, [])
        if not kids:
            progress = Progress(_own(node), MANUAL)
        elif node.override:
            progress = Progress(node.progress, OVERRIDE, counted=0, left_out=0)
        else:
            figures = []
            left_out = 0
            for kid in kids:
                value = visit(kid, (*path, node.pk)).value
                if value is None or kid.status == Status.DROPPED:
                    left_out += 1
                else:
                    figures.append((kid.weight, value))
            if not figures:
                progress = Progress(_own(node), MANUAL, left_out=left_out)
            elif node.method == RollupMethod.WEIGHTED:
                total = sum(w for w, _ in figures)
                value = round(sum(w * v for w, v in figures) / total)
                progress = Progress(value, ROLLUP, counted=len(figures), left_out=left_out)
            else:
                value = round(sum(v for _, v in figures) / len(figures))
                progress = Progress(value, ROLLUP, counted=len(figures), left_out=left_out)
        result[node.pk] = progress
        return progress

    for node in nodes:
        visit(node)
    return result


def load_nodes(part_ids=None):
    """All live items (of the given parts), as light nodes, in one query."""
    queryset = AgendaItem.objects.filter(live=True)
    if part_ids is not None:
        queryset = queryset.filter(part_id__in=part_ids)
    return [Node(*row) for row in queryset.values_list(*FIELDS)]


def load_subtrees(item_ids):
    """The given live items and all their live descendants, as light nodes: one query per
    level of the tree, however many items the agenda holds."""
    live = AgendaItem.objects.filter(live=True)
    rows = list(live.filter(pk__in=item_ids).values_list(*FIELDS))
    seen = {row[0] for row in rows}
    frontier = set(seen)
    while frontier:
        level = [
            row
            for row in live.filter(parent_id__in=frontier).values_list(*FIELDS)
            if row[0] not in seen  # never loop on a cycle in bad data
        ]
        seen.update(row[0] for row in level)
        rows += level
        frontier = {row[0] for row in level}
    return [Node(*row) for row in rows]


def progress_for(items):
    """Progress of the given items; a parent's figure needs only its own descendants."""
    items = list(items)
    if not items:
        return {}
    return compute(load_subtrees({item.pk for item in items}))
