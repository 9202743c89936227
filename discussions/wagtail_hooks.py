"""An agenda item that a proposal was taken up in stays: the proposal's trail points to it.

Deleting it in the admin would leave an adopted proposal without the item it was adopted into
(`Proposal.agenda_item` protects it in the database). The admin says why, and what to do instead.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from agenda.models import AgendaItem

from .models import Proposal


@hooks.register("before_delete_snippet")
def keep_agenda_items_with_adopted_proposals(request, instances):
    items = [i for i in instances if isinstance(i, AgendaItem)]
    if not items:
        return None
    adopted = (
        Proposal.objects.filter(agenda_item__in=items)
        .select_related("agenda_item")
        .order_by("agenda_item__code", "pk")
        .first()
    )
    if adopted is None:
        return None
    messages.error(
        request,
        _(
            "Agendapunt %(code)s blijft staan: verbetervoorstel “%(title)s” is erin overgenomen, "
            "en het spoor van dat voorstel wijst ernaar. Wordt het punt niet meer uitgevoerd, "
            "zet het dan op Vervallen."
        )
        % {"code": adopted.agenda_item.code, "title": adopted.title},
    )
    if len(items) == 1:
        return redirect("wagtailsnippets_agenda_agendaitem:edit", items[0].pk)
    return redirect("wagtailsnippets_agenda_agendaitem:list")
