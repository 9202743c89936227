from django.shortcuts import get_object_or_404, render

from .models import AgendaItem, AgendaPart


def agenda_index(request):
    parts = AgendaPart.objects.with_item_counts(request.user)
    items = (
        AgendaItem.objects.visible_to(request.user)
        .select_related("part", "theme", "owner")
        .order_by("part__number", "code", "pk")
    )
    items_by_part = {part.pk: [] for part in parts}
    for item in items:
        items_by_part.setdefault(item.part_id, []).append(item)
    sections = [(part, items_by_part.get(part.pk, [])) for part in parts]
    return render(request, "agenda/index.html", {"sections": sections})


def item_detail(request, pk):
    # Not visible and not existing look the same: a 404, so ids cannot be probed.
    item = get_object_or_404(
        AgendaItem.objects.visible_to(request.user).select_related(
            "part", "theme", "owner", "parent", "working_group"
        ),
        pk=pk,
    )
    children = item.children.visible_to(request.user).select_related("owner")
    parent = item.parent if item.parent and item.parent.is_visible_to(request.user) else None
    return render(
        request,
        "agenda/item_detail.html",
        {"item": item, "parent": parent, "children": children},
    )
