"""Roll-up of progress from children (pure rules, then through the database)."""

import pytest

from agenda.models import RollupMethod, Status
from agenda.progress import MANUAL, OVERRIDE, ROLLUP, Node, compute, progress_for

from .factories import AgendaItemFactory


def node(pk, parent=None, progress=None, override=False, method=RollupMethod.AVERAGE, weight=1,
         status=Status.IN_PROGRESS):  # fmt: skip
    return Node(pk, parent, progress, override, method, weight, status)


def test_parent_takes_the_average_of_its_children():
    result = compute([node(1), node(2, 1, 20), node(3, 1, 50)])
    assert (result[1].value, result[1].source, result[1].counted) == (35, ROLLUP, 2)


def test_weighted_parent_weighs_its_children():
    nodes = [
        node(1, method=RollupMethod.WEIGHTED),
        node(2, 1, 100, weight=3),
        node(3, 1, 0, weight=1),
    ]
    assert compute(nodes)[1].value == 75


def test_children_without_a_figure_are_left_out_and_counted_as_such():
    result = compute([node(1), node(2, 1, 40), node(3, 1, None)])
    assert (result[1].value, result[1].counted, result[1].left_out) == (40, 1, 1)


def test_dropped_children_do_not_count():
    result = compute([node(1), node(2, 1, 40), node(3, 1, 0, status=Status.DROPPED)])
    assert result[1].value == 40
    assert result[1].left_out == 1


def test_realised_child_without_a_figure_counts_as_complete():
    result = compute([node(1), node(2, 1, None, status=Status.REALISED), node(3, 1, 0)])
    assert result[1].value == 50


def test_manual_override_wins_and_is_marked():
    result = compute([node(1, progress=90, override=True), node(2, 1, 10)])
    assert (result[1].value, result[1].source, result[1].is_override) == (90, OVERRIDE, True)


def test_rollup_goes_up_several_levels():
    nodes = [node(1), node(2, 1), node(3, 2, 60), node(4, 2, 20), node(5, 1, 100)]
    result = compute(nodes)
    assert result[2].value == 40
    assert result[1].value == 70  # average of 40 and 100


def test_parent_whose_children_have_no_figures_keeps_its_own():
    result = compute([node(1, progress=30), node(2, 1, None)])
    assert (result[1].value, result[1].source) == (30, MANUAL)


def test_leaf_without_figure_has_none():
    assert compute([node(1)])[1].value is None


@pytest.mark.django_db
def test_progress_for_items_in_the_database():
    parent = AgendaItemFactory(code="1.1")
    AgendaItemFactory(code="1.1.1", parent=parent, part=parent.part, progress=30)
    AgendaItemFactory(code="1.1.2", parent=parent, part=parent.part, progress=70)
    AgendaItemFactory(code="1.1.3", parent=parent, part=parent.part, progress=None)
    progress = progress_for([parent])[parent.pk]
    assert (progress.value, progress.counted, progress.left_out) == (50, 2, 1)
