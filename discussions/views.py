"""HTTP for threads and proposals. Thin: every write goes through discussions.actions."""

import uuid
from functools import partial
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST
from taggit.models import Tag

from accounts.models import WorkingGroup
from accounts.visibility import Visibility, can_view
from agenda.models import Theme, label_of
from home.page_cache import CountedPaginator, shared_by_visibility
from home.templatetags.platform_tags import in_content_lang
from notifications.actions import is_following, mark_read_where, set_following
from platform_site.redirects import safe_next
from search.service import more_like_this

from . import actions, reading, richtext
from .filters import (
    NEWEST_FIRST,
    PROPOSAL_APPS,
    PROPOSAL_ORDERS,
    PROPOSAL_OWNERS,
    THREAD_OWNERS,
)
from .forms import (
    MergeForm,
    MoveForm,
    PostEditForm,
    PostForm,
    ProposalEditForm,
    ProposalForm,
    ReasonForm,
    RenameForm,
    StatusForm,
    ThreadForm,
    WithdrawForm,
)
from .history import edit_of_version, proposal_changes, word_diff
from .models import (
    Post,
    PostReport,
    Proposal,
    ProposalKind,
    ProposalStatus,
    Thread,
    can_moderate,
    readable_version,
)

PAGE_SIZE = 30


# A message with this tag tells the next page that the form just sent is stored, so the copy the
# browser kept of what was typed (static/js/drafts.js) can go.
DRAFT_SENT = "draft-sent"


def _apply_errors(form, error):
    """Put an action's ValidationError on the form, on the field it names where it can."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _carry_out(request, work, done):
    """Run `work` (an action): say `done` when it went through and give back what it returned;
    say why when the action refused (a ValidationError) and give back None."""
    try:
        result = work()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    messages.success(request, done)
    return result


def _say_refused(request, form, action):
    """A moderation form sits low on its page: say at the top too that it did not go through,
    and why. The form itself shows the same at its fields, with what was typed."""
    reasons = " ".join(
        f"{form.fields[name].label}: {error}" if name in form.fields else str(error)
        for name, errors in form.errors.items()
        for error in errors
    )
    said = _("%(action)s is niet gelukt. %(reasons)s") % {"action": action, "reasons": reasons}
    messages.error(request, said)


# Threads ---------------------------------------------------------------------------------------


def _visible_thread(request, pk):
    # Not visible and not existing look the same: a 404, so ids cannot be probed.
    return get_object_or_404(
        Thread.objects.visible_to(request.user).select_related(
            "author", "theme", "agenda_item", "handbook_page"
        ),
        pk=pk,
    )


@login_required
def thread_index(request):
    threads = Thread.objects.visible_to(request.user).with_activity()
    threads = threads.select_related(
        "author__organisation", "theme", "working_group"
    ).prefetch_related("tags")
    theme = request.GET.get("thema")
    tag = request.GET.get("label")
    owner = request.GET.get("wie", "")
    only_new = request.GET.get("nieuw") == "1"
    if only_new:
        threads = threads.filter(reading.with_new_posts(request.user))
    if theme:
        threads = threads.filter(theme__slug=theme)
    if tag:
        threads = threads.filter(tags__slug=tag)
    if owner in THREAD_OWNERS:
        threads = threads.filter(THREAD_OWNERS[owner][1](request.user))
    current_tag = Tag.objects.filter(slug=tag).first() if tag else None
    page = Paginator(threads, PAGE_SIZE).get_page(request.GET.get("pagina"))
    news = reading.new_posts(request.user, [thread.pk for thread in page])
    for thread in page:
        thread.new_count, thread.opened = news[thread.pk]
    return render(
        request,
        "discussions/thread_index.html",
        {
            "page": page,
            "themes": Theme.objects.all(),
            "current_theme": theme,
            "current_tag": current_tag,
            "owners": [(key, label) for key, (label, _rule) in THREAD_OWNERS.items()],
            "current_owner": owner,
            "only_new": only_new,
            "filtered": bool(theme or tag or owner in THREAD_OWNERS or only_new),
            "anything_new": any(thread.new_count for thread in page),
            "following_tag": current_tag is not None and is_following(request.user, current_tag),
            "can_moderate": can_moderate(request.user),
            "open_reports": PostReport.objects.filter(resolved_at__isnull=True).count()
            if can_moderate(request.user)
            else 0,
        },
    )


@login_required
def thread_new(request):
    if request.user.is_read_only:
        raise PermissionDenied
    # A link from a theme's list opens the form with that theme chosen.
    theme = Theme.objects.filter(slug=request.GET.get("thema", "")).first()
    form = ThreadForm(request.POST or None, user=request.user, initial={"theme": theme})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            thread = actions.start_thread(
                request.user,
                data["title"],
                data["body"],
                theme=data["theme"],
                handbook_page=data["handbook_page"],
                visibility=data["visibility"],
                working_group=data.get("working_group"),
                tags=data["tags"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("De discussie is geopend. U volgt haar."), extra_tags=DRAFT_SENT
            )
            return redirect(thread)
    return render(request, "discussions/thread_new.html", {"form": form})


# The post number in the tool templates of a thread page, which the page's script replaces with
# the number of a post that arrives live (no post will have it: the ids count up from 1).
TOOLS_PLACEHOLDER = 2_147_483_647


def post_tool_templates(user):
    """A post's tools for `user` in each state a post can arrive in live: {key: stand-in post},
    keyed as discussions.js looks them up (visible or hidden, and -own for the user's own; or
    erased, whoever wrote it)."""
    tools = {
        ("hidden" if hidden else "visible") + ("-own" if own else ""): SimpleNamespace(
            pk=TOOLS_PLACEHOLDER,
            is_hidden=hidden,
            is_erased=False,
            author_id=user.pk if own else None,
        )
        for hidden in (False, True)
        for own in (False, True)
    }
    # When and by whom it was erased is not known here: the page says it after a reload.
    tools["erased"] = SimpleNamespace(
        pk=TOOLS_PLACEHOLDER, is_hidden=True, is_erased=True, erased_at=None, author_id=None
    )
    return tools


@login_required
def thread_detail(request, pk, form=None, move_form=None, rename_form=None):
    thread = _visible_thread(request, pk)
    user = request.user
    posts = thread.posts.select_related("author__organisation", "hidden_by", "quote_of__author")
    moderator = can_moderate(user)
    if form is None:
        form = PostForm()
        quote = request.GET.get("citeer")
        if quote and quote.isdigit():
            quoted = thread.posts.filter(pk=quote, hidden_at__isnull=True).first()
            if quoted:
                form = PostForm(
                    initial={"body": richtext.quote_source(quoted), "quote_of": quoted.pk}
                )
    posts = list(posts)
    offer_names_of_readers(form, thread.pk)
    new = reading.read_now(user, thread.pk, posts)
    for post in new:
        post.is_new = True  # marked "nieuw" on the page
    if moderator:  # the expert team sees, at the post, who reported it and why
        reported = {}
        for report in (
            PostReport.objects.filter(post__thread=thread, resolved_at__isnull=True)
            .select_related("reporter")
            .order_by("created_at", "pk")
        ):
            reported.setdefault(report.post_id, []).append(report)
        for post in posts:
            post.open_reports = reported.get(post.pk, [])
    mark_read_where(user, thread.get_absolute_url())
    if moderator and move_form is None:
        move_form = MoveForm(
            user=user,
            initial={
                "theme": thread.theme_id,
                "agenda_item": thread.agenda_item,
                "handbook_page": thread.handbook_page_id,
            },
        )
    return render(
        request,
        "discussions/thread_detail.html",
        {
            "thread": thread,
            "posts": posts,
            "last_post_id": posts[-1].pk if posts else 0,
            "first_new": new[0] if new else None,
            "new_count": len(new),
            "form": form,
            "can_post": not user.is_read_only and (not thread.is_locked or moderator),
            "can_moderate": moderator,
            "post_tool_templates": post_tool_templates(user),
            "tools_placeholder": TOOLS_PLACEHOLDER,
            "following": is_following(user, thread),
            "move_form": move_form,
            "rename_form": rename_form
            or (
                RenameForm(initial={"title": thread.title, "seen_title": thread.title})
                if actions.may_rename_thread(user, thread)
                else None
            ),
            "reason_form": ReasonForm(),
            "agenda_item": thread.agenda_item
            if thread.agenda_item and can_view(user, thread.agenda_item)
            else None,
        },
    )


@login_required
@require_POST
def thread_reply(request, pk):
    thread = _visible_thread(request, pk)
    form = PostForm(request.POST)
    if form.is_valid():
        try:
            post = actions.add_post(
                request.user, thread.pk, form.cleaned_data["body"], form.cleaned_data["quote_of"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        except actions.ThreadClosed:
            # Closed by the expert team while they wrote: the page says so and gives the text
            # back to copy (the browser also keeps it as a draft, drafts.js).
            messages.error(
                request,
                _(
                    "Deze discussie is gesloten terwijl u schreef. Uw reactie is niet "
                    "geplaatst; uw tekst staat onderaan, zodat u hem kunt bewaren."
                ),
            )
            response = thread_detail(request, pk, form=form)
            response.status_code = 409
            return response
        else:
            messages.success(request, _("Uw reactie is geplaatst."), extra_tags=DRAFT_SENT)
            return redirect(post.get_absolute_url())
    response = thread_detail(request, pk, form=form)
    response.status_code = 400
    return response


@login_required
@require_POST
def thread_read(request, pk):
    """The page showed posts that arrived live, up to `tot`: they are not new at the next visit.
    Called by the page's script; answers 204."""
    thread = _visible_thread(request, pk)
    up_to = request.POST.get("tot", "")
    if not up_to.isdigit():
        return HttpResponseBadRequest()
    reading.mark_read_as_shown(request.user, thread, int(up_to))
    return HttpResponse(status=204)


@login_required
@require_POST
def threads_read(request):
    """Mark every discussion the user may see as read ("Alles als gelezen markeren")."""
    reading.mark_all_read(request.user)
    messages.success(request, _("Alle discussies zijn als gelezen gemarkeerd."))
    return redirect(safe_next(request, request.POST.get("next"), reverse("discussions:threads")))


def offer_names_of_readers(form, thread_id):
    """The post box of `form` offers, after "@", only people who may read the thread."""
    form.fields["body"].widget.attrs["data-mentions-thread"] = thread_id


def _mention_audience(request):
    """Whom the post being typed will reach: the thread it goes into (`discussie`), or for a new
    thread the readers chosen in its form (`zichtbaarheid`, and `werkgroep`: one the writer may
    choose, so nobody learns who is in another group). None: not said, anyone."""
    user = request.user
    thread_id = request.GET.get("discussie", "")
    if thread_id.isdigit():
        return Thread.objects.visible_to(user).filter(pk=thread_id).first()
    visibility = request.GET.get("zichtbaarheid", "")
    if visibility not in Visibility.values:
        return None
    group_id = request.GET.get("werkgroep", "")
    groups = WorkingGroup.objects.all() if user.has_oversight else user.working_groups.all()
    group = groups.filter(pk=group_id).values_list("pk", flat=True) if group_id.isdigit() else []
    return SimpleNamespace(visibility=visibility, working_group_id=next(iter(group), None))


@login_required
def mention_suggestions(request):
    """Names for "@" while someone types a post (static/js/mentions.js): JSON, with a sentence
    for screen readers that says how many and how to choose. For a post in a thread
    (`discussie`) or a new thread for chosen readers, only people who may read it. Only for who
    may write: a council member, who reads along, is not handed the list of members."""
    if request.user.is_read_only:
        raise PermissionDenied
    audience = _mention_audience(request)
    found = richtext.mention_candidates(request.GET.get("q", "").strip()[:50], audience=audience)
    if found:
        announcement = ngettext(
            "%(count)d naam gevonden: kies met pijl omlaag en Enter, of typ verder.",
            "%(count)d namen gevonden: kies met pijl omlaag en Enter, of typ verder.",
            len(found),
        ) % {"count": len(found)}
    else:
        announcement = _("Geen naam gevonden die zo begint.")
    return JsonResponse(
        {
            "results": [
                {"handle": handle, "name": name, "detail": detail} for handle, name, detail in found
            ],
            "announcement": announcement,
        }
    )


@login_required
@require_POST
def thread_follow(request, pk):
    thread = _visible_thread(request, pk)
    follow = request.POST.get("follow") == "1"
    set_following(request.user, thread, follow)
    messages.success(
        request, _("U volgt deze discussie.") if follow else _("U volgt deze discussie niet meer.")
    )
    return redirect(thread)


@login_required
@require_POST
def thread_lock(request, pk):
    thread = _visible_thread(request, pk)
    locked = request.POST.get("locked") == "1"
    actions.lock_thread(request.user, thread.pk, locked, request.POST.get("reason", ""))
    messages.success(
        request, _("De discussie is gesloten.") if locked else _("De discussie is weer open.")
    )
    return redirect(thread)


@login_required
@require_POST
def thread_move(request, pk):
    thread = _visible_thread(request, pk)
    if not can_moderate(request.user):
        raise PermissionDenied
    form = MoveForm(request.POST, user=request.user)
    if form.is_valid():
        actions.move_thread(request.user, thread.pk, **form.cleaned_data)
        messages.success(request, _("De discussie is verplaatst."))
        return redirect(thread)
    _say_refused(request, form, pgettext("mislukte handeling", "Verplaatsen"))
    response = thread_detail(request, pk, move_form=form)
    response.status_code = 400
    return response


@login_required
@require_POST
def thread_rename(request, pk):
    """Who started the thread, or the expert team, gives it another subject."""
    thread = _visible_thread(request, pk)
    if thread.author_id != request.user.pk and not can_moderate(request.user):
        raise PermissionDenied
    form = RenameForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            actions.rename_thread(
                request.user, thread.pk, form.cleaned_data["title"], form.cleaned_data["seen_title"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        except actions.EditConflict as conflict:
            # What they typed stays in the form, now carrying the subject they have seen.
            status = 409
            thread.refresh_from_db()
            form = RenameForm({"title": form.cleaned_data["title"], "seen_title": thread.title})
            form.is_valid()
            messages.error(request, str(conflict))
        except actions.ThreadClosed as closed:  # by the expert team, maybe while they typed
            status, form = 409, None  # no form that cannot be sent
            messages.error(request, str(closed))
        else:
            messages.success(request, _("Het onderwerp is gewijzigd."))
            return redirect(thread)
    if status == 400:
        _say_refused(request, form, pgettext("mislukte handeling", "Onderwerp wijzigen"))
    response = thread_detail(request, pk, rename_form=form)
    response.status_code = status
    return response


def _visible_post(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread", "author"), pk=pk)
    if not can_view(request.user, post.thread):
        raise Http404
    return post


@login_required
def post_edit(request, pk):
    post = _visible_post(request, pk)
    if post.author_id != request.user.pk and not can_moderate(request.user):
        raise PermissionDenied
    version = post.edits.count()
    form = PostEditForm(
        request.POST or None, initial={"body": post.body_source, "version": version}
    )
    # The text as it stands now, and how it changed since the editor began, when it did.
    current = since = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_post(
                request.user, post.pk, form.cleaned_data["body"], form.cleaned_data["version"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        except actions.EditConflict as conflict:
            # Keep what they typed and show the text as it stands now; the form now carries the
            # version they have seen, so saving again is their choice, never a silent overwrite.
            post.refresh_from_db()
            seen = edit_of_version(post.edits, form.cleaned_data["version"])
            since = word_diff(seen.body_source, post.body_source) if seen else None
            form = PostEditForm({**request.POST.dict(), "version": post.edits.count()})
            form.is_valid()
            messages.error(request, str(conflict))  # at the top, above the two texts
            current, status = post, 409
        except actions.PostHidden:
            # Hidden by the expert team while they wrote: nothing can be saved any more, so the
            # page says so and gives the text back to copy (the browser also keeps its draft).
            post.refresh_from_db()
            messages.error(
                request,
                _(
                    "Het Regionaal Expertteam heeft dit bericht verborgen terwijl u schreef. Uw "
                    "wijziging is niet opgeslagen; uw tekst staat hieronder, zodat u hem kunt "
                    "bewaren."
                ),
            )
            status = 409
        else:
            messages.success(request, _("Uw bericht is bijgewerkt."), extra_tags=DRAFT_SENT)
            return redirect(post.get_absolute_url())
    offer_names_of_readers(form, post.thread_id)
    context = {"post": post, "form": form, "current": current, "since": since}
    return render(request, "discussions/post_edit.html", context, status=status)


@login_required
def post_history(request, pk):
    post = _visible_post(request, pk)
    if post.is_hidden and not can_moderate(request.user):
        raise Http404
    edits, newer = [], post.body_source
    for edit in post.edits.select_related("edited_by"):
        edits.append((edit, word_diff(edit.body_source, newer)))
        newer = edit.body_source
    return render(request, "discussions/post_history.html", {"post": post, "edits": edits})


@login_required
@require_POST
def post_report(request, pk):
    post = _visible_post(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        _carry_out(
            request,
            lambda: actions.report_post(request.user, post.pk, reason),
            _("Dank u. Het expertteam kijkt naar het bericht."),
        )
    else:
        messages.error(request, _("Zeg kort wat er mis is met dit bericht."))
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def post_hide(request, pk):
    post = _visible_post(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Geef de reden; die ziet iedereen op de plaats van het bericht."))
        return redirect(post.get_absolute_url())
    actions.hide_post(request.user, post.pk, form.cleaned_data["reason"])
    messages.success(request, _("Het bericht is verborgen."))
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def post_restore(request, pk):
    post = _visible_post(request, pk)
    restore = partial(actions.restore_post, request.user, post.pk)
    _carry_out(request, restore, _("Het bericht is weer zichtbaar."))
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def post_erase(request, pk):
    post = _visible_post(request, pk)
    erase = partial(actions.erase_post, request.user, post.pk)
    erased = _carry_out(request, erase, _("De tekst van het bericht is definitief gewist."))
    _post, cleaned, unchecked = erased or (None, [], [])
    if cleaned:
        messages.success(
            request,
            ngettext(
                "Het citaat ervan in één reactie is weggehaald (van %(names)s).",
                "Het citaat ervan in %(count)d reacties is weggehaald (van %(names)s).",
                len(cleaned),
            )
            % {"count": len(cleaned), "names": ", ".join(str(p.author) for p in cleaned)},
        )
    if unchecked:
        # They point at it as quoted, but hold no line of it as it was: cut or put in other
        # words, which only a person can judge. Say where, for the team to look.
        messages.warning(
            request,
            ngettext(
                "Eén reactie citeerde dit bericht, maar het citaat is er niet letterlijk meer in "
                "te vinden (van %(names)s). Lees die na; verberg en wis haar als ze dezelfde "
                "gegevens bevat.",
                "%(count)d reacties citeerden dit bericht, maar het citaat is er niet letterlijk "
                "meer in te vinden (van %(names)s). Lees die na; verberg en wis ze als ze "
                "dezelfde gegevens bevatten.",
                len(unchecked),
            )
            % {"count": len(unchecked), "names": ", ".join(str(p.author) for p in unchecked)},
        )
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def post_dismiss_reports(request, pk):
    post = _visible_post(request, pk)
    actions.dismiss_reports(request.user, post.pk)
    messages.success(request, _("De meldingen zijn afgehandeld zonder maatregel."))
    if request.POST.get("terug") == "discussie":  # dealt with at the post, on the thread page
        return redirect(post.get_absolute_url())
    return redirect("discussions:moderation")


HANDLED_REPORTS_SHOWN = 50


@login_required
def moderation_queue(request):
    if not can_moderate(request.user):
        raise PermissionDenied
    reports = PostReport.objects.select_related("post__thread", "post__author", "reporter")
    context = {
        "reports": reports.filter(resolved_at__isnull=True).order_by("created_at"),
        # What the team did lately, and where each post stands now: to look back on a
        # decision, or to see that a colleague already dealt with it.
        "handled": reports.filter(resolved_at__isnull=False)
        .select_related("resolved_by")
        .order_by("-resolved_at", "-pk")[:HANDLED_REPORTS_SHOWN],
        "handled_shown": HANDLED_REPORTS_SHOWN,
    }
    return render(request, "discussions/moderation.html", context)


@login_required
@require_POST
def tag_follow(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    follow = request.POST.get("follow") == "1"
    set_following(request.user, tag, follow)
    said = _("U volgt het label %(tag)s.") if follow else _("U volgt het label %(tag)s niet meer.")
    # A label is written in Dutch, and the English site says so around it (WCAG 3.1.2).
    label = conditional_escape(in_content_lang(tag.name))
    messages.success(request, mark_safe(conditional_escape(said) % {"tag": label}))  # noqa: S308  # nosec B308 B703 - the text is escaped here, the label by in_content_lang
    return redirect(safe_next(request, request.POST.get("next"), reverse("discussions:threads")))


# Proposals -------------------------------------------------------------------------------------


@login_required
def proposal_index(request):
    proposals = (
        Proposal.objects.visible_to(request.user)
        .select_related("author", "organisation", "theme", "agenda_item")
        .order_by(*NEWEST_FIRST)
    )
    status = request.GET.get("status")
    kind = request.GET.get("soort")
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    else:  # folded into another or taken back: found by choosing that status
        proposals = proposals.exclude(status__in=[ProposalStatus.MERGED, ProposalStatus.WITHDRAWN])
    if kind in ProposalKind.values:
        proposals = proposals.filter(kind=kind)
    owner = request.GET.get("wie", "")
    if owner in PROPOSAL_OWNERS:
        proposals = proposals.filter(PROPOSAL_OWNERS[owner][1](request.user))
    order = request.GET.get("volgorde", "")
    if order in PROPOSAL_ORDERS:
        proposals = proposals.order_by(*PROPOSAL_ORDERS[order][1])
    if owner in PROPOSAL_OWNERS:  # someone's own proposals, supports or follows: few, and theirs
        paginator = Paginator(proposals, PAGE_SIZE)
    else:
        # How many there are is counted over every proposal the person may see (~50 ms at
        # 200,000; the list's page itself reads 30 rows by an index): shared by everyone who
        # may see the same, for the same status and kind, until a proposal changes.
        shown = ":".join(
            value if value in choices.values else ""
            for value, choices in ((status, ProposalStatus), (kind, ProposalKind))
        )
        paginator = CountedPaginator(
            proposals,
            PAGE_SIZE,
            shared_by_visibility(
                f"proposal-count:{shown}", request.user, proposals.count, apps=PROPOSAL_APPS
            ),
        )
    page = paginator.get_page(request.GET.get("pagina"))
    return render(
        request,
        "discussions/proposal_index.html",
        {
            "page": page,
            "statuses": ProposalStatus.choices,
            "kinds": ProposalKind.choices,
            "orders": [(key, label) for key, (label, _fields) in PROPOSAL_ORDERS.items()],
            "owners": [(key, label) for key, (label, _rule) in PROPOSAL_OWNERS.items()],
            "current_status": status,
            "current_kind": kind,
            "current_owner": owner,
            "current_order": order,
        },
    )


def _similar(request, title, text, exclude=None):
    """Proposals and discussions that read like this one. Each proposal says what it is (a
    proposal or a signal) and where it stands now (the index may be a moment behind), so nobody
    is sent to support one that was withdrawn or decided."""
    hits = more_like_this(
        f"{title} {text}", request.user, types=("proposal", "thread"), exclude=exclude, limit=5
    )
    numbers = {hit["doc_id"]: int(hit["doc_id"].removeprefix("proposal-")) for hit in hits
               if hit["type"] == "proposal"}  # fmt: skip
    if numbers:
        found = Proposal.objects.filter(pk__in=numbers.values())
        now = {pk: (kind, status) for pk, kind, status in found.values_list("pk", "kind", "status")}
        for hit in hits:
            if numbers.get(hit["doc_id"]) in now:
                kind, status = now[numbers[hit["doc_id"]]]
                hit["kind"] = label_of(ProposalKind, kind)
                hit["status"] = label_of(ProposalStatus, status)
    return hits


@login_required
def proposal_new(request):
    if request.user.is_read_only:
        raise PermissionDenied
    if request.method == "POST":
        form = ProposalForm(request.POST)
        checking = "check" in request.POST
        if form.is_valid() and not checking:
            try:
                proposal, created = actions.submit_proposal(
                    request.user,
                    form.cleaned_data,
                    form.cleaned_data["submission_key"],
                    tags=form.cleaned_data["tags"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Uw voorstel is ingediend. Het expertteam is op de hoogte; u volgt het.")
                    if created
                    # The same form sent again (a retry after an error): stored once, as before.
                    else _("Dit voorstel was al ingediend; het is niet nog eens opgeslagen."),
                    extra_tags=DRAFT_SENT,
                )
                return redirect(proposal)
        similar = _similar(request, request.POST.get("title", ""), request.POST.get("problem", ""))
        status = 200 if checking else 400
    else:
        form = ProposalForm(initial={"submission_key": uuid.uuid4(), **request.GET.dict()})
        similar, status = None, 200
    return render(
        request,
        "discussions/proposal_new.html",
        {"form": form, "similar": similar},
        status=status,
    )


@login_required
def proposal_edit(request, pk):
    """Its author changes a proposal while it is ingediend; the expert team corrects it at any
    time (actions.may_edit_proposal)."""
    proposal = _visible_proposal(request, pk)
    if request.user.is_read_only or (
        proposal.author_id != request.user.pk and not can_moderate(request.user)
    ):
        raise PermissionDenied
    form = ProposalEditForm(
        request.POST or None, instance=proposal, initial={"version": proposal.edits.count()}
    )
    # The proposal as it stands now, and how it changed since the editor began, when it did.
    current = since = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.edit_proposal(
                    request.user,
                    proposal.pk,
                    form.cleaned_data,
                    form.cleaned_data["version"],
                    tags=form.cleaned_data["tags"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
            except actions.EditConflict as conflict:
                # What they typed stays in the form, now carrying the version they have seen:
                # saving again is their choice, never a silent overwrite.
                proposal.refresh_from_db()
                current, status = readable_version(proposal.snapshot()), 409
                seen = edit_of_version(proposal.edits, form.cleaned_data["version"])
                readable = seen and not seen.is_erased
                if readable and (not seen.is_hidden or can_moderate(request.user)):
                    since = proposal_changes(readable_version(seen.before), current)
                data = {**request.POST.dict(), "version": proposal.edits.count()}
                form = ProposalEditForm(data, instance=proposal)
                form.is_valid()
                messages.error(request, str(conflict))
            except actions.ProposalTakenUp as refused:
                # Taken up while they wrote: nothing can be saved, their text comes back to copy.
                proposal.refresh_from_db()
                messages.error(
                    request,
                    _("%(refusal)s Uw tekst staat hieronder, zodat u hem kunt bewaren.")
                    % {"refusal": refused},
                )
                status = 409
            else:
                messages.success(request, _("Het voorstel is bijgewerkt."), extra_tags=DRAFT_SENT)
                return redirect(proposal)
    context = {
        "proposal": proposal,
        "form": form,
        "current": current,
        "since": since,
        "can_edit": actions.may_edit_proposal(request.user, proposal),
    }
    return render(request, "discussions/proposal_edit.html", context, status=status)


@login_required
def proposal_history(request, pk):
    """Each version of a proposal, newest first: what it said and where it belonged."""
    proposal = _visible_proposal(request, pk)
    moderator = can_moderate(request.user)
    now = readable_version(proposal.snapshot())
    edits, newer, newer_hidden = [], now, False
    for edit in proposal.edits.select_related("edited_by"):
        version = readable_version(edit.before)
        # What this edit changed reads the version after it: not while that one is hidden
        # (from this reader) or erased (from anyone).
        changes = None if newer_hidden else proposal_changes(version, newer)
        edits.append((edit, version, changes))
        newer, newer_hidden = version, edit.is_erased or (edit.is_hidden and not moderator)
    context = {"proposal": proposal, "now": now, "edits": edits, "can_moderate": moderator}
    return render(request, "discussions/proposal_history.html", context)


def _visible_proposal_version(request, pk, edit_pk):
    proposal = _visible_proposal(request, pk)
    return proposal, get_object_or_404(proposal.edits, pk=edit_pk)


@login_required
@require_POST
def proposal_version_hide(request, pk, edit_pk):
    proposal, edit = _visible_proposal_version(request, pk, edit_pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Geef de reden; die ziet iedereen op de plaats van de versie."))
    else:
        actions.hide_proposal_version(request.user, edit.pk, form.cleaned_data["reason"])
        messages.success(request, _("De versie is verborgen."))
    return redirect("discussions:proposal_history", pk=proposal.pk)


@login_required
@require_POST
def proposal_version_restore(request, pk, edit_pk):
    proposal, edit = _visible_proposal_version(request, pk, edit_pk)
    restore = partial(actions.restore_proposal_version, request.user, edit.pk)
    _carry_out(request, restore, _("De versie is weer zichtbaar."))
    return redirect("discussions:proposal_history", pk=proposal.pk)


@login_required
@require_POST
def proposal_version_erase(request, pk, edit_pk):
    proposal, edit = _visible_proposal_version(request, pk, edit_pk)
    erase = partial(actions.erase_proposal_version, request.user, edit.pk)
    _carry_out(request, erase, _("De teksten van de versie zijn definitief gewist."))
    return redirect("discussions:proposal_history", pk=proposal.pk)


@login_required
def proposal_similar(request):
    """The 'is this already raised?' list the proposal form shows while someone types."""
    title = request.GET.get("title", "")[:200]
    text = request.GET.get("problem", "")[:2000]
    similar = _similar(request, title, text) if len(f"{title} {text}".strip()) >= 4 else []
    return render(request, "discussions/_similar.html", {"similar": similar})


def _visible_proposal(request, pk):
    return get_object_or_404(
        Proposal.objects.visible_to(request.user).select_related(
            "author", "organisation", "evaluator", "agenda_item", "merged_into", "theme",
            "affected_part", "handbook_page",
        ),
        pk=pk,
    )  # fmt: skip


@login_required
def proposal_detail(request, pk, status_form=None, merge_form=None, withdraw_form=None):
    proposal = _visible_proposal(request, pk)
    user = request.user
    mark_read_where(user, proposal.get_absolute_url())
    moderator = can_moderate(user)
    supports = proposal.supports.select_related("user", "organisation").order_by("created_at")
    item = proposal.agenda_item
    item_visible = item is not None and item.live and can_view(user, item)
    handbook_changes = (
        item.handbook_changes.select_related("page", "revision", "published_by")
        if item_visible
        else []
    )
    return render(
        request,
        "discussions/proposal_detail.html",
        {
            "proposal": proposal,
            "supports": supports,
            "organisations": sorted({s.organisation.name for s in supports if s.organisation}),
            "supporting": any(s.user_id == user.pk for s in supports),
            "can_support": not user.is_read_only
            and proposal.author_id != user.pk
            and proposal.is_open,
            "transitions": proposal.transitions.select_related("user"),
            "last_edit": proposal.edits.first(),
            "can_edit": actions.may_edit_proposal(user, proposal),
            "withdraw_form": withdraw_form
            or (
                WithdrawForm()
                if proposal.status == ProposalStatus.SUBMITTED
                and not user.is_read_only
                and proposal.author_id == user.pk
                else None
            ),
            "agenda_item": item if item_visible else None,
            "agenda_item_draft": item is not None and not item.live,
            "handbook_changes": handbook_changes,
            "merged": proposal.merged_proposals.visible_to(user),
            "following": is_following(user, proposal),
            "can_moderate": moderator,
            "status_form": status_form
            or (
                StatusForm(
                    user=user,
                    initial={
                        "expected_status": proposal.status,
                        "evaluator": proposal.evaluator_id,
                    },
                )
                if moderator and proposal.is_open
                else None
            ),
            "merge_form": merge_form
            or (MergeForm(proposal=proposal) if moderator and proposal.is_open else None),
            "similar": _similar(
                request, proposal.title, proposal.problem, exclude=f"proposal-{proposal.pk}"
            ),
        },
    )


@login_required
@require_POST
def proposal_support(request, pk):
    proposal = _visible_proposal(request, pk)
    support = request.POST.get("support") == "1"
    _carry_out(
        request,
        partial(actions.support_proposal, request.user, proposal.pk, support),
        _("U steunt dit voorstel.") if support else _("U steunt dit voorstel niet meer."),
    )
    return redirect(proposal)


@login_required
@require_POST
def proposal_withdraw(request, pk):
    """Its author takes a proposal back while it is ingediend, with a reason."""
    proposal = _visible_proposal(request, pk)
    if proposal.author_id != request.user.pk or request.user.is_read_only:
        raise PermissionDenied
    form = WithdrawForm(request.POST)
    valid = form.is_valid()
    if valid or proposal.status != ProposalStatus.SUBMITTED:  # the second is refused as such
        reason = form.cleaned_data["reason"] if valid else ""
        try:
            actions.withdraw_proposal(request.user, proposal.pk, reason)
        except actions.ProposalTakenUp as refused:  # taken up meanwhile: no form to send again
            messages.error(request, str(refused))
            response = proposal_detail(request, pk)
            response.status_code = 409
            return response
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Het voorstel is ingetrokken; wie het steunt of volgt, is op de hoogte.")
            )
            return redirect(proposal)
    _say_refused(request, form, pgettext("mislukte handeling", "Het voorstel intrekken"))
    response = proposal_detail(request, pk, withdraw_form=form)
    response.status_code = 400
    return response


@login_required
@require_POST
def proposal_follow(request, pk):
    proposal = _visible_proposal(request, pk)
    follow = request.POST.get("follow") == "1"
    set_following(request.user, proposal, follow)
    messages.success(
        request, _("U volgt dit voorstel.") if follow else _("U volgt dit voorstel niet meer.")
    )
    return redirect(proposal)


@login_required
@require_POST
def proposal_status(request, pk):
    proposal = _visible_proposal(request, pk)
    if not can_moderate(request.user):
        raise PermissionDenied
    form = StatusForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if (
                data["to_status"] == ProposalStatus.ADOPTED
                and data["agenda_item"] is None
                and (data["new_item_part"] or data["new_item_code"])
            ):
                actions.adopt_into_new_item(
                    request.user, proposal.pk, data["expected_status"],
                    data["new_item_part"], data["new_item_code"], data["reason"],
                )  # fmt: skip
            else:
                actions.change_proposal_status(
                    request.user, proposal.pk, data["to_status"], data["expected_status"],
                    reason=data["reason"], evaluator=data["evaluator"],
                    agenda_item=data["agenda_item"],
                )  # fmt: skip
        except ValidationError as error:
            _apply_errors(form, error)
        except actions.EditConflict as conflict:
            # The page shows the status as it is now, with their choice and text kept: sent
            # again, it is a decision on what they have now seen.
            kept = _(
                "Uw keuze en toelichting staan nog in het formulier; verstuur ze opnieuw als ze "
                "nog gelden."
            )
            seen = request.POST.copy()
            seen["expected_status"] = Proposal.objects.get(pk=proposal.pk).status
            if seen["expected_status"] == ProposalStatus.WITHDRAWN:  # nothing left to decide
                messages.error(request, str(conflict))
                response = proposal_detail(request, pk)
            else:
                messages.error(request, f"{conflict} {kept}")
                form = StatusForm(seen, user=request.user)
                response = proposal_detail(request, pk, status_form=form)
            response.status_code = 409
            return response
        else:
            messages.success(request, _("De status is gewijzigd; de indiener is op de hoogte."))
            return redirect(proposal)
    _say_refused(request, form, pgettext("mislukte handeling", "De status wijzigen"))
    response = proposal_detail(request, pk, status_form=form)
    response.status_code = 400
    return response


@login_required
@require_POST
def proposal_merge(request, pk):
    proposal = _visible_proposal(request, pk)
    if not can_moderate(request.user):
        raise PermissionDenied
    form = MergeForm(request.POST, proposal=proposal)
    if form.is_valid():
        try:
            target = actions.merge_proposals(
                request.user,
                proposal.pk,
                form.cleaned_data["target"].pk,
                form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Samengevoegd; de steunbetuigers zijn meegenomen."))
            return redirect(target)
    _say_refused(request, form, pgettext("mislukte handeling", "Samenvoegen"))
    response = proposal_detail(request, pk, merge_form=form)
    response.status_code = 400
    return response
