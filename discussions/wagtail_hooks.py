"""The discussions in the admin.

An agenda item that a proposal was taken up in stays: the proposal's trail points to it.

Deleting it in the admin would leave an adopted proposal without the item it was adopted into
(`Proposal.agenda_item` protects it in the database). The admin says why, and what to do instead.

The Regional Expert Team finds what waits for it on the admin's dashboard and in its menu.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from agenda.models import AgendaItem

from .models import PostReport, Proposal, ProposalStatus, can_moderate


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


class WaitingForModerationPanel(Component):
    """On the admin's dashboard, for the Regional Expert Team: the reported posts and the new
    proposals that wait for it, and the proposals it gave to the person who signed in, each
    linked to where it is dealt with on the platform."""

    name = "waiting_for_moderation"
    template_name = "discussions/admin_moderation_panel.html"
    order = 50  # above Wagtail's own panels: this is the team's daily work
    shown = 10

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        mine = (
            Proposal.objects.filter(evaluator=request.user, status__in=WAITING_STATUSES)
            .only("pk", "title", "status", "kind")
            .order_by("created_at", "pk")
        )
        return {
            "open_reports": PostReport.objects.filter(resolved_at__isnull=True).count(),
            "submitted": Proposal.objects.filter(status=ProposalStatus.SUBMITTED).count(),
            "mine": mine[: self.shown],
            "mine_count": mine.count(),
            "moderation_url": reverse("discussions:moderation"),
            "submitted_url": reverse("discussions:proposals")
            + f"?status={ProposalStatus.SUBMITTED}",
        }


# Waiting for a decision: the team has not decided yet (parked ones were decided on for now).
WAITING_STATUSES = (ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW)


@hooks.register("construct_homepage_panels")
def add_waiting_for_moderation_panel(request, panels):
    if can_moderate(request.user):
        panels.append(WaitingForModerationPanel())


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return can_moderate(request.user)


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        # Lazy: the menu is built once, the link follows each reader's language (/en/...).
        gettext_lazy("Moderatie"),
        reverse_lazy("discussions:moderation"),
        icon_name="warning",
        order=250,
    )
