"""The REST API: the same visibility as the site (every queryset is `visible_to(user)`), and every
write through the same action the site uses."""

import uuid

import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from agenda.actions import AwaitingApproval, EditConflict, update_item
from agenda.filters import BY_CODE, ORDERINGS
from agenda.models import AgendaItem, Domain, Status
from discussions import actions as discussion_actions
from discussions import reading
from discussions.filters import (
    API_PROPOSAL_ORDERS,
    API_PROPOSAL_OWNERS,
    API_THREAD_OWNERS,
    NEWEST_FIRST,
    PROPOSAL_APPS,
    PROPOSAL_OWNERS,
    THREAD_OWNERS,
)
from discussions.models import (
    Post,
    PostEdit,
    Proposal,
    ProposalEdit,
    ProposalKind,
    ProposalStatus,
    Thread,
)
from handbook.models import HandbookPage
from home.page_cache import CountedPaginator, shared_by_visibility
from notifications.actions import set_following
from search import service as search_service

from .serializers import (
    AgendaItemSerializer,
    AgendaItemUpdateSerializer,
    FollowSerializer,
    HandbookPageSerializer,
    PostCreateSerializer,
    PostReportSerializer,
    PostSerializer,
    PostUpdateSerializer,
    ProposalCreateSerializer,
    ProposalSerializer,
    ProposalUpdateSerializer,
    ProposalWithdrawSerializer,
    SearchResultSerializer,
    ThreadCreateSerializer,
    ThreadReadSerializer,
    ThreadSerializer,
)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Het is intussen gewijzigd; er is niets opgeslagen."
    default_code = "conflict"


def _as_api_error(error):
    """The actions speak Django; the API answers in DRF's terms."""
    if isinstance(
        error,
        discussion_actions.ProposalTakenUp
        | discussion_actions.ThreadClosed
        | discussion_actions.PostHidden,
    ):
        # Refused for what happened to it meanwhile (taken up, closed, hidden): a conflict.
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


def _edit_count(edits, field):
    """How often what `edits` (an EarlierVersion model) keeps the versions of was changed: the
    `version` a change must name."""
    counts = (
        edits.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts), 0)


class FollowActions:
    """Follow something through the API, as with "Volgen" on its page."""

    @extend_schema(request=None, responses=FollowSerializer)
    @action(detail=True, methods=["post", "delete"])
    def follow(self, request, pk=None):
        """POST: follow it (be told of what happens in it); DELETE: stop following it."""
        following = request.method == "POST"
        set_following(request.user, self.get_object(), following)
        return Response({"following": following})


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


class SharedProposalCount(PageNumberPagination):
    """Pages of proposals whose total is counted as the site's list counts it: once for everyone
    who may see the same, per status and kind, until a proposal changes (at 10× the count cost
    8–21 ms a request). One's own (`whose`) are few and counted each time."""

    def paginate_queryset(self, queryset, request, view=None):
        self.shared_count = None
        if not request.query_params.get("whose"):
            shown = ":".join(request.query_params.get(name, "") for name in ("status", "kind"))
            self.shared_count = shared_by_visibility(
                f"api-proposal-count:{shown}", request.user, queryset.count, apps=PROPOSAL_APPS
            )
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, object_list, per_page):
        if self.shared_count is None:
            return DjangoPaginator(object_list, per_page)
        return CountedPaginator(object_list, per_page, self.shared_count)


class ProposalViewSet(
    FollowActions,
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
    pagination_class = SharedProposalCount

    def get_queryset(self):
        return (
            Proposal.objects.visible_to(self.request.user)
            .annotate(version=_edit_count(ProposalEdit, "proposal"))
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


class ThreadFilter(django_filters.FilterSet):
    theme = django_filters.CharFilter(field_name="theme__slug")
    tag = django_filters.CharFilter(field_name="tags__slug")
    agenda_item = django_filters.NumberFilter(field_name="agenda_item")
    is_locked = django_filters.BooleanFilter()
    new = django_filters.BooleanFilter(
        method="filter_new",
        help_text="true: only threads with something new for the caller (new_posts, or never "
        "opened with posts by others).",
    )
    whose = django_filters.ChoiceFilter(
        choices=[(name, name) for name in API_THREAD_OWNERS],
        method="filter_whose",
        help_text="mine (started by the caller), wrote (with a post by the caller) or followed "
        "(followed by the caller).",
    )

    class Meta:
        model = Thread
        fields = ["theme", "tag", "agenda_item", "is_locked", "new", "whose"]

    def filter_new(self, queryset, name, value):
        news = reading.with_new_posts(self.request.user)
        return queryset.filter(news if value else ~news)

    def filter_whose(self, queryset, name, value):
        """The same as "Van wie" on the site's list of discussions."""
        return queryset.filter(THREAD_OWNERS[API_THREAD_OWNERS[value]][1](self.request.user))


def _posts():
    """Posts as the API shows them, oldest first as in the thread."""
    return (
        Post.objects.select_related("author__organisation", "thread")
        .annotate(edit_count=_edit_count(PostEdit, "post"))
        .order_by("created_at", "pk")
    )


class ThreadViewSet(
    FollowActions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Discussions the caller may see, the latest activity first; any member who may write
    starts one (discussions.actions.start_thread) and replies in it (add_post)."""

    queryset = Thread.objects.none()
    filterset_class = ThreadFilter

    def get_queryset(self):
        return (
            Thread.objects.visible_to(self.request.user)
            .with_activity()
            .select_related("author__organisation", "theme", "working_group")
            .prefetch_related("tags")
        )

    def _shown(self, threads):
        """The threads with what is new in each for the caller (discussions.reading), and
        their agenda item only where the caller may see it. Which items those are is asked for
        the threads shown: asked in the list's query, it was planned over every item the
        caller may see (at 10×, 100,000: ~40 ms per page)."""
        user = self.request.user
        news = reading.new_posts(user, [thread.pk for thread in threads])
        linked = {thread.agenda_item_id for thread in threads} - {None}
        visible_items = set()
        if linked:
            items = AgendaItem.objects.visible_to(user).filter(pk__in=linked)
            visible_items = set(items.values_list("pk", flat=True))
        for thread in threads:
            thread.new_posts, thread.opened = news[thread.pk]
            thread.agenda_item_visible = thread.agenda_item_id in visible_items
        return ThreadSerializer(threads, many=True).data

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self._shown(page))

    def retrieve(self, request, pk=None):
        return Response(self._shown([self.get_object()])[0])

    def get_serializer_class(self):
        if self.action == "create":
            return ThreadCreateSerializer
        if self.action == "read":
            return ThreadReadSerializer
        if self.action == "posts":
            return PostCreateSerializer if self.request.method == "POST" else PostSerializer
        return ThreadSerializer

    @extend_schema(request=ThreadCreateSerializer, responses={201: ThreadSerializer})
    def create(self, request):
        data = ThreadCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        try:
            thread = discussion_actions.start_thread(
                request.user,
                fields["title"],
                fields["body"],
                theme=fields.get("theme"),
                handbook_page=fields.get("handbook_page"),
                visibility=fields["visibility"],
                working_group=fields.get("working_group"),
                tags=fields["tags"],
            )
        except (DjangoPermissionDenied, DjangoValidationError) as error:
            raise _as_api_error(error) from error
        body = self._shown([self.get_queryset().get(pk=thread.pk)])[0]
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=ThreadReadSerializer, responses=ThreadSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark it read up to `up_to` (a post), or up to its newest post; never back to an
        earlier one, as on the site."""
        thread = self.get_object()
        data = ThreadReadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reading.mark_read_as_shown(request.user, thread, data.validated_data.get("up_to"))
        return Response(self._shown([thread])[0])

    @extend_schema(methods=["GET"], responses=PostSerializer(many=True))
    @extend_schema(methods=["POST"], request=PostCreateSerializer, responses={201: PostSerializer})
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def posts(self, request, pk=None):
        """GET: its posts, oldest first. POST: a reply; 409 when the expert team closed it."""
        thread = self.get_object()
        if request.method == "GET":
            page = self.paginate_queryset(_posts().filter(thread=thread))
            return self.get_paginated_response(PostSerializer(page, many=True).data)
        reply = PostCreateSerializer(data=request.data)
        reply.is_valid(raise_exception=True)
        try:
            post = discussion_actions.add_post(
                request.user,
                thread.pk,
                reply.validated_data["body"],
                reply.validated_data.get("quote_of"),
            )
        except (DjangoPermissionDenied, DjangoValidationError) as error:
            raise _as_api_error(error) from error
        return Response(
            PostSerializer(_posts().get(pk=post.pk)).data, status=status.HTTP_201_CREATED
        )


class PostViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One post in a discussion the caller may see. A PATCH changes one's own post (the expert
    team any post), as "Bewerken" on the site; `report` asks the expert team to look at it."""

    queryset = Post.objects.none()
    serializer_class = PostSerializer

    def get_queryset(self):
        return _posts().filter(thread__in=Thread.objects.visible_to(self.request.user))

    @extend_schema(request=PostUpdateSerializer, responses=PostSerializer)
    def partial_update(self, request, pk=None):
        """409 when it changed since `version`, or when the expert team hid it meanwhile."""
        post = self.get_object()
        update = PostUpdateSerializer(data=request.data)
        update.is_valid(raise_exception=True)
        try:
            discussion_actions.edit_post(
                request.user, post.pk, update.validated_data["body"],
                update.validated_data["version"],
            )  # fmt: skip
        except (
            DjangoPermissionDenied, DjangoValidationError, discussion_actions.EditConflict
        ) as error:  # fmt: skip
            raise _as_api_error(error) from error
        return Response(PostSerializer(self.get_queryset().get(pk=post.pk)).data)

    @extend_schema(request=PostReportSerializer, responses={201: None, 200: None})
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """Ask the expert team to look at it: 201, or 200 when your earlier report is still
        open. A post the team already hid cannot be reported (400)."""
        post = self.get_object()
        report = PostReportSerializer(data=request.data)
        report.is_valid(raise_exception=True)
        try:
            made = discussion_actions.report_post(
                request.user, post.pk, report.validated_data["reason"]
            )
        except (DjangoPermissionDenied, DjangoValidationError) as error:
            raise _as_api_error(error) from error
        return Response(status=status.HTTP_201_CREATED if made else status.HTTP_200_OK)


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
