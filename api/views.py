"""The REST API: the same visibility as the site (every queryset is `visible_to(user)`), and every
write through the same action the site uses."""

import uuid

import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from agenda.actions import AwaitingApproval, EditConflict, update_item
from agenda.filters import BY_CODE, ORDERINGS
from agenda.models import AgendaItem, Domain, Status
from discussions import actions as discussion_actions
from discussions.filters import (
    API_PROPOSAL_ORDERS,
    API_PROPOSAL_OWNERS,
    NEWEST_FIRST,
    PROPOSAL_OWNERS,
)
from discussions.models import Proposal, ProposalEdit, ProposalKind, ProposalStatus
from handbook.models import HandbookPage
from search import service as search_service

from .serializers import (
    AgendaItemSerializer,
    AgendaItemUpdateSerializer,
    HandbookPageSerializer,
    ProposalCreateSerializer,
    ProposalSerializer,
    ProposalUpdateSerializer,
    ProposalWithdrawSerializer,
    SearchResultSerializer,
)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Het is intussen gewijzigd; er is niets opgeslagen."
    default_code = "conflict"


def _as_api_error(error):
    """The actions speak Django; the API answers in DRF's terms."""
    if isinstance(error, discussion_actions.ProposalTakenUp):
        return Conflict(str(error))
    if isinstance(error, DjangoPermissionDenied):
        return PermissionDenied(str(error) or None)
    if isinstance(error, DjangoValidationError):
        detail = error.message_dict if hasattr(error, "error_dict") else error.messages
        return ValidationError(detail)
    if isinstance(error, EditConflict | AwaitingApproval | discussion_actions.EditConflict):
        return Conflict(str(error))
    return error


# The agenda list's orders by name; the list's default (by code) is named in the API.
API_ORDERINGS = {name or "code": ordering for name, ordering in ORDERINGS.items()}


class AgendaItemFilter(django_filters.FilterSet):
    part = django_filters.NumberFilter(field_name="part__number")
    theme = django_filters.CharFilter(field_name="theme__slug")
    status = django_filters.ChoiceFilter(choices=Status.choices)
    domain = django_filters.ChoiceFilter(choices=Domain.choices)
    order = django_filters.ChoiceFilter(
        choices=[(name, name) for name in API_ORDERINGS],
        method="filter_order",
        help_text="code (default, as in the memo), deadline (open items first, the next "
        "deadline first, none last) or status (in the order work moves forward).",
    )

    class Meta:
        model = AgendaItem
        fields = ["part", "theme", "status", "domain", "order"]

    def filter_order(self, queryset, name, value):
        """The same orders as the agenda list on the site."""
        return queryset.order_by(*API_ORDERINGS[value])


class AgendaItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Agenda items the caller may see. A PATCH changes status, progress, reason or deadline
    for who may change the item (its owner, trekker, working group, department head, project
    lead), with the same approval for realisation as on the site."""

    queryset = AgendaItem.objects.none()  # the model, for the schema; get_queryset filters
    serializer_class = AgendaItemSerializer
    filterset_class = AgendaItemFilter

    def get_queryset(self):
        return AgendaItem.objects.visible_to(self.request.user).for_list().order_by(*BY_CODE)

    @extend_schema(request=AgendaItemUpdateSerializer, responses=AgendaItemSerializer)
    def partial_update(self, request, pk=None):
        item = self.get_object()
        update = AgendaItemUpdateSerializer(data=request.data)
        update.is_valid(raise_exception=True)
        changes = {k: v for k, v in update.validated_data.items() if k != "version"}
        try:
            update_item(item.pk, request.user, changes, update.validated_data.get("version"))
        except (DjangoPermissionDenied, DjangoValidationError, EditConflict, AwaitingApproval) as e:
            raise _as_api_error(e) from e
        return Response(AgendaItemSerializer(self.get_queryset().get(pk=item.pk)).data)


class ProposalFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ProposalStatus.choices)
    kind = django_filters.ChoiceFilter(choices=ProposalKind.choices)
    whose = django_filters.ChoiceFilter(
        choices=[(name, name) for name in API_PROPOSAL_OWNERS],
        method="filter_whose",
        help_text="mine (submitted by the caller), organisation (by the caller's organisation), "
        "supported (backed by the caller) or followed (followed by the caller).",
    )
    order = django_filters.ChoiceFilter(
        choices=[(name, name) for name in API_PROPOSAL_ORDERS],
        method="filter_order",
        help_text="newest (default), support (most supporting organisations first) or oldest.",
    )

    class Meta:
        model = Proposal
        fields = ["status", "kind", "whose", "order"]

    def filter_whose(self, queryset, name, value):
        """The same as "Van wie" on the site's list."""
        rule = PROPOSAL_OWNERS[API_PROPOSAL_OWNERS[value]][1]
        return queryset.filter(rule(self.request.user))

    def filter_order(self, queryset, name, value):
        """The same orders as the site's list."""
        return queryset.order_by(*API_PROPOSAL_ORDERS[value])


class ProposalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Improvement proposals and signals the caller may see; any member who may write submits
    one (discussions.actions.submit_proposal), corrects their own while it is ingediend
    (edit_proposal) and may support someone else's."""

    queryset = Proposal.objects.none()
    filterset_class = ProposalFilter

    def get_queryset(self):
        edit_counts = (
            ProposalEdit.objects.filter(proposal=OuterRef("pk"))
            .order_by()
            .values("proposal")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            Proposal.objects.visible_to(self.request.user)
            .with_support()
            .annotate(version=Coalesce(Subquery(edit_counts), 0))
            .select_related("author", "organisation", "theme", "affected_part")
            .order_by(*NEWEST_FIRST)
        )

    def get_serializer_class(self):
        return ProposalCreateSerializer if self.action == "create" else ProposalSerializer

    @extend_schema(request=ProposalCreateSerializer, responses={201: ProposalSerializer})
    def create(self, request):
        data = ProposalCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        key = fields.pop("submission_key", None) or uuid.uuid4()
        try:
            proposal, created = discussion_actions.submit_proposal(request.user, fields, key)
        except (DjangoPermissionDenied, DjangoValidationError) as error:
            raise _as_api_error(error) from error
        body = ProposalSerializer(self.get_queryset().get(pk=proposal.pk)).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=ProposalUpdateSerializer, responses=ProposalSerializer)
    def partial_update(self, request, pk=None):
        """Correct a proposal: its author while it is ingediend, the expert team at any status.
        409 when it changed since `version`, or when the expert team has taken it up (for its
        author)."""
        proposal = self.get_object()
        update = ProposalUpdateSerializer(data=request.data)
        update.is_valid(raise_exception=True)
        changes = {k: v for k, v in update.validated_data.items() if k != "version"}
        try:
            discussion_actions.edit_proposal(
                request.user, proposal.pk, changes, update.validated_data["version"]
            )
        except (
            DjangoPermissionDenied, DjangoValidationError, discussion_actions.EditConflict
        ) as error:  # fmt: skip
            raise _as_api_error(error) from error
        return Response(ProposalSerializer(self.get_queryset().get(pk=proposal.pk)).data)

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post", "delete"])
    def support(self, request, pk=None):
        """POST: support the proposal for your organisation; DELETE: withdraw that support."""
        proposal = self.get_object()
        try:
            discussion_actions.support_proposal(request.user, proposal.pk, request.method == "POST")
        except (DjangoPermissionDenied, DjangoValidationError) as error:
            raise _as_api_error(error) from error
        return Response(ProposalSerializer(self.get_queryset().get(pk=proposal.pk)).data)

    @extend_schema(request=ProposalWithdrawSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Take your own proposal back while it is ingediend, with a reason; 409 once the
        expert team has taken it up."""
        proposal = self.get_object()
        withdrawal = ProposalWithdrawSerializer(data=request.data)
        withdrawal.is_valid(raise_exception=True)
        try:
            discussion_actions.withdraw_proposal(
                request.user, proposal.pk, withdrawal.validated_data.get("reason", "")
            )
        except (DjangoPermissionDenied, DjangoValidationError) as error:
            raise _as_api_error(error) from error
        return Response(ProposalSerializer(self.get_queryset().get(pk=proposal.pk)).data)


class HandbookPageViewSet(viewsets.ReadOnlyModelViewSet):
    """The published, public pages of the handbook."""

    queryset = HandbookPage.objects.none()
    serializer_class = HandbookPageSerializer

    def get_queryset(self):
        return HandbookPage.objects.live().public().order_by("path")


class SearchView(APIView):
    """Search the handbook, the agenda, proposals and discussions, as the caller may see them."""

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Zoekvraag"),
            OpenApiParameter(
                "type", OpenApiTypes.STR, enum=["handbook", "agenda", "proposal", "thread"]
            ),
            OpenApiParameter("page", OpenApiTypes.INT),
        ],
        responses=SearchResultSerializer,
    )
    def get(self, request):
        query = request.query_params.get("q", "")[:200]
        kind = request.query_params.get("type", "")
        page = request.query_params.get("page", "1")
        page = max(1, min(int(page), 1000)) if page.isdigit() else 1
        filters = {"type": kind} if kind else {}
        results = search_service.search(query, request.user, filters=filters, page=page)
        return Response(
            SearchResultSerializer(
                {"query": results.query, "total": results.total, "backend": results.backend,
                 "hits": results.hits}
            ).data
        )  # fmt: skip
