import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User, WorkingGroup, WorkingGroupMembership
from accounts.visibility import can_view
from home.page_cache import shared_by_visibility
from notifications.actions import is_following, mark_read_where, set_following
from platform_site.i18n import grouped_number
from platform_site.redirects import safe_next

from . import exchange
from .actions import AwaitingApproval, EditConflict, decide_realisation, update_item
from .filters import AGENDA_APPS, AgendaItemFilter, parts_with_counts
from .forms import DecisionForm, ImportForm, ItemUpdateForm
from .history import item_history
from .ical import build_calendar, items_for_user
from .models import AgendaItem, CalendarToken, Dependency, ImportRun, WaterbedEvent
from .permissions import can_approve_realisation, can_edit_item, can_import
from .progress import progress_for

PAGE_SIZE = 50


def _filtered(request):
    base = AgendaItem.objects.visible_to(request.user)
    return AgendaItemFilter(request.GET or None, queryset=base)


def agenda_index(request):
    # The filters, the count, the rows and the pages depend only on what the user may see, the
    # query, the language and the day (overdue badges): shared by everyone who may see the same
    # items until the agenda or its labels change. Each request renders only the page around it.
    digest = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:32]
    listing = shared_by_visibility(
        f"agenda-listing:{get_language()}:{timezone.localdate().isoformat()}:{digest}",
        request.user,
        lambda: _listing(request),
        apps=AGENDA_APPS,
    )
    return render(
        request,
        "agenda/index.html",
        {
            "listing": listing,
            "parts": parts_with_counts(request.user),
            "can_import": can_import(request.user),
        },
    )


def _listing(request):
    item_filter = _filtered(request)
    items = item_filter.ordered().for_agenda_rows()
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("pagina"))
    progress = progress_for(page.object_list)
    rows = [(item, progress.get(item.pk)) for item in page.object_list]
    return render_to_string(
        "agenda/_listing.html",
        {
            "filter": item_filter,
            "active_filters": item_filter.active_count,
            "rows": rows,
            "page": page,
            "params": request.GET,
            "today": timezone.localdate(),
        },
    )


# The item's people, fetched together: joined into the item's query, four joins on the user
# table (and one on its revisions) made that query ~3× slower to plan and read (7.5 → 2.4 ms).
ITEM_PEOPLE = ("owner", "trekker", "accountable_head", "locked_by")


def _visible_item(request, pk):
    # Not visible and not existing look the same: a 404, so ids cannot be probed.
    item = get_object_or_404(
        AgendaItem.objects.visible_to(request.user).select_related(
            "part", "theme", "parent", "working_group"
        ),
        pk=pk,
    )
    ids = {role: getattr(item, f"{role}_id") for role in ITEM_PEOPLE}
    people = User.objects.in_bulk({pk for pk in ids.values() if pk is not None})
    for role, pk in ids.items():
        if pk is not None:
            setattr(item, role, people[pk])
    return item


# What the item page shows beside the item itself, and whose rows it comes from: its parts,
# links, milestones, decisions and working group (with the people's names); its trail through
# proposals, discussions and the handbook, and its history (revisions and workflow states).
ITEM_APPS = AGENDA_APPS
TRAIL_APPS = ("agenda", "accounts", "discussions", "handbook", "wagtailcore")


def _item_facts(item, user, today):
    """The warnings and the item's main column: the same for everyone who may see the same
    items, so shared by them until the agenda changes (~15 queries and most of the page)."""
    visible = AgendaItem.objects.visible_to(user)
    children = list(visible.filter(parent=item).select_related("owner").order_by("sort_code"))
    progress = progress_for([item, *children])
    depends_on = (
        Dependency.objects.filter(item=item, depends_on__in=visible)
        .select_related("depends_on")
        .order_by("depends_on__sort_code")
    )
    dependents = (
        Dependency.objects.filter(depends_on=item, item__in=visible)
        .select_related("item")
        .order_by("item__sort_code")
    )
    warnings = (
        WaterbedEvent.objects.filter(affected=item, resolved_at__isnull=True, source__in=visible)
        .select_related("source")
        .order_by("-created_at")
    )
    members = (
        WorkingGroupMembership.objects.filter(working_group=item.working_group)
        .select_related("user")
        .order_by("-is_trekker", "user__last_name")
        if item.working_group_id
        else []
    )
    context = {
        "item": item,
        "progress": progress[item.pk],
        "children": [(child, progress.get(child.pk)) for child in children],
        "milestones": item.milestones.order_by("due_date"),
        "decisions": item.decisions.order_by("-date"),
        "depends_on": depends_on,
        "dependents": dependents,
        "warnings": warnings,
        "members": members,
        "today": today,
    }
    return {
        "warnings": render_to_string("agenda/_item_warnings.html", context),
        "facts": render_to_string("agenda/_item_facts.html", context),
    }


def _item_trail(item, user, pending):
    """The item's trail and history, shared like its facts until one of TRAIL_APPS changes."""
    from discussions.models import Thread

    context = {
        "history": item_history(item, pending=pending),
        "proposals": item.proposals.visible_to(user).select_related("organisation"),
        "handbook_changes": item.handbook_changes.select_related("page", "published_by"),
        # Threads about the item, and threads with a post that names it ("agendapunt 1.1").
        "threads": Thread.objects.visible_to(user).filter(
            Q(agenda_item=item)
            | Q(pk__in=item.mentioned_in_posts.filter(hidden_at__isnull=True).values("thread_id"))
        ),
    }
    return render_to_string("agenda/_item_trail.html", context)


def item_detail(request, pk, form=None):
    item = _visible_item(request, pk)
    user = request.user
    mark_read_where(user, item.get_absolute_url())
    today = timezone.localdate()
    parent = item.parent if item.parent and can_view(user, item.parent) else None
    editable = can_edit_item(user, item)
    if form is None and editable:
        form = _update_form(item)
    pending = item.workflow_in_progress
    pending_status = item.latest_revision.content.get("status") if pending else None
    # Keyed by what the fragments show besides the rows of their apps: the item, the page's
    # language, the day (overdue badges) and whether a change waits for approval.
    shared = f"{item.pk}:{get_language()}:{today.isoformat()}"
    return render(
        request,
        "agenda/item_detail.html",
        {
            "item": item,
            "parent": parent,
            "shared": shared_by_visibility(
                f"agenda-item:{shared}", user, lambda: _item_facts(item, user, today), ITEM_APPS
            ),
            "trail": shared_by_visibility(
                f"agenda-item-trail:{shared}:{int(pending)}",
                user,
                lambda: _item_trail(item, user, pending),
                TRAIL_APPS,
            ),
            "form": form if editable else None,
            "pending": pending,
            "pending_status": pending_status,
            "can_decide": pending and can_approve_realisation(user, item),
            "decision_form": DecisionForm(),
            "following": is_following(user, item),
        },
    )


@login_required
@require_POST
def item_update(request, pk):
    item = _visible_item(request, pk)
    if not can_edit_item(request.user, item):
        raise PermissionDenied
    form = ItemUpdateForm(request.POST)
    next_url = safe_next(request, request.POST.get("next"), item.get_absolute_url())
    if not form.is_valid():
        return _rerender_with_form(request, pk, form, status=400)
    try:
        result = update_item(item.pk, request.user, form.changes(), form.cleaned_data["version"])
    except EditConflict as conflict:
        messages.error(request, str(conflict))
        return _rerender_with_form(request, pk, _seen_current_version(request, item), status=409)
    except AwaitingApproval as waiting:
        messages.error(request, str(waiting))
        return _rerender_with_form(request, pk, form, status=409)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _rerender_with_form(request, pk, form, status=400)
    if result.awaiting_approval:
        messages.info(
            request,
            _(
                "Uw wijziging naar ‘gerealiseerd’ wacht op goedkeuring van het afdelingshoofd of "
                "de projectleider."
            ),
        )
    elif result.published:
        messages.success(request, _("De wijziging is opgeslagen."))
        if result.waterbed_events:
            # The items that hear of it, not the events: a slip in two ways is one item told.
            told = len({event.affected_id for event in result.waterbed_events})
            messages.warning(
                request,
                ngettext(
                    "Let op: %(count)s afhankelijk punt krijgt een waterbedsignaal.",
                    "Let op: %(count)s afhankelijke punten krijgen een waterbedsignaal.",
                    told,
                )
                % {"count": grouped_number(told)},
            )
    else:
        messages.info(request, _("Er was niets veranderd."))
    return redirect(next_url)


def _seen_current_version(request, item):
    """The user's input again, now based on the version the page shows them: having seen what
    changed, they may send it as it is, or change it first."""
    data = request.POST.copy()
    data["version"] = AgendaItem.objects.filter(pk=item.pk).values_list(
        "latest_revision_id", flat=True
    )[0]
    form = ItemUpdateForm(data)
    form.is_valid()
    return form


def _rerender_with_form(request, pk, form, status):
    """Show the item again with the user's own input kept, so nothing typed is lost."""
    response = item_detail(request, pk, form=form)
    response.status_code = status
    return response


@login_required
@require_POST
def item_decide(request, pk):
    item = _visible_item(request, pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    approve = request.POST.get("decision") == "approve"
    try:
        decide_realisation(item.pk, request.user, approve, form.cleaned_data.get("comment", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("De realisatie is goedgekeurd.") if approve else _("De realisatie is afgewezen."),
        )
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def item_follow(request, pk):
    item = _visible_item(request, pk)
    follow = request.POST.get("follow") == "1"
    set_following(request.user, item, follow)
    messages.success(
        request,
        _("U volgt dit punt nu.") if follow else _("U volgt dit punt niet meer."),
    )
    return redirect(item.get_absolute_url())


@login_required
def my_tasks(request):
    user = request.user
    items = list(
        AgendaItem.objects.visible_to(user)
        .tasks_of(user)
        .for_list()
        .order_by("deadline", "sort_code")
    )
    today = timezone.localdate()
    soon = today + timezone.timedelta(days=30)
    progress = progress_for(items)
    sections = {"overdue": [], "soon": [], "later": []}
    for item in items:
        row = (item, progress.get(item.pk), _update_form(item, prefix=f"item{item.pk}"))
        if item.deadline and item.deadline < today:
            sections["overdue"].append(row)
        elif item.deadline and item.deadline <= soon:
            sections["soon"].append(row)
        else:
            sections["later"].append(row)
    token = CalendarToken.for_user(user)
    return render(
        request,
        "agenda/my_tasks.html",
        {
            "sections": sections,
            "count": len(items),
            "today": today,
            "calendar_url": request.build_absolute_uri(
                reverse("agenda:ical_user", args=[token.token])
            ),
            "groups": WorkingGroup.objects.filter(memberships__user=user),
            "token": token.token,
        },
    )


def _update_form(item, prefix=None):
    """The quick update form, filled with the item's current values and version."""
    initial = {name: getattr(item, name) for name in ("status", "progress", "deadline")}
    initial["status_reason"] = item.status_reason
    initial["version"] = item.latest_revision_id
    return ItemUpdateForm(initial=initial, prefix=prefix)


@login_required
@require_POST
def my_tasks_update(request, pk):
    """The inline form on 'mijn taken' posts with a prefix; hand it to the item update."""
    prefix = f"item{pk}-"
    data = request.POST.copy()
    for key in list(data.keys()):
        if key.startswith(prefix):
            data[key[len(prefix) :]] = data[key]
    data["next"] = reverse("agenda:my_tasks")
    request.POST = data
    return item_update(request, pk)


@require_GET
def export(request, fmt):
    items = exchange.export_queryset(_filtered(request).ordered())  # in the list's order
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = HttpResponse(exchange.write_csv(items), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            exchange.write_xlsx(items),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="ontwikkelagenda-{stamp}.{fmt}"'
    return response


def _require_importer(request):
    if not can_import(request.user):
        raise PermissionDenied


@login_required
def import_upload(request):
    _require_importer(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = ImportRun.objects.create(
            user=request.user, filename=upload.name, content=upload.read()
        )
        return redirect("agenda:import_review", pk=run.pk)
    return render(
        request,
        "agenda/import_upload.html",
        {
            "form": form,
            "required": exchange.REQUIRED,
            "optional": [c for c in exchange.COLUMNS if c not in exchange.REQUIRED],
        },
    )


def _import_run(request, pk):
    return get_object_or_404(ImportRun, pk=pk, user=request.user, applied_at__isnull=True)


@login_required
def import_review(request, pk):
    _require_importer(request)
    run = _import_run(request, pk)
    try:
        plan = exchange.plan_import(
            exchange.read_rows(run.filename, bytes(run.content)), request.user
        )
    except exchange.ImportFileError as error:
        run.delete()
        messages.error(request, str(error))
        return redirect("agenda:import_upload")
    return render(request, "agenda/import_review.html", {"run": run, "plan": plan})


@login_required
@require_POST
def import_apply(request, pk):
    _require_importer(request)
    run = _import_run(request, pk)
    plan = exchange.plan_import(exchange.read_rows(run.filename, bytes(run.content)), request.user)
    if not plan.is_valid:
        messages.error(request, _("Het bestand bevat fouten; er is niets ingelezen."))
        return redirect("agenda:import_review", pk=run.pk)
    written = exchange.apply_import(plan, request.user)
    run.applied_at = timezone.now()
    run.summary = plan.summary()
    run.content = b""
    run.save(update_fields=["applied_at", "summary", "content"])
    messages.success(
        request,
        ngettext(
            "Het overzicht is ingelezen: %(count)s punt bijgewerkt of toegevoegd.",
            "Het overzicht is ingelezen: %(count)s punten bijgewerkt of toegevoegd.",
            written,
        )
        % {"count": grouped_number(written)},
    )
    return redirect("agenda:index")


def _calendar_response(content, name):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


def _token_user(token):
    found = CalendarToken.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404
    return found.user


@require_GET
def ical_user(request, token):
    user = _token_user(token)
    content = build_calendar(
        _("Mijn ontwikkelagenda"), items_for_user(user), request.build_absolute_uri("/")[:-1]
    )
    return _calendar_response(content, "mijn-ontwikkelagenda")


@require_GET
def ical_group(request, token, slug):
    user = _token_user(token)
    group = get_object_or_404(WorkingGroup, slug=slug)
    if not (user.has_oversight or group.memberships.filter(user=user).exists()):
        raise Http404
    items = AgendaItem.objects.visible_to(user).filter(working_group=group)
    content = build_calendar(group.name, items, request.build_absolute_uri("/")[:-1])
    return _calendar_response(content, group.slug)
