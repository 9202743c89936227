"""Every write on threads, posts and proposals: check, validate, write in one transaction, and
only after commit tell the sockets (notifications.actions.notify / LiveEvent do the telling)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.visibility import Visibility, can_view
from notifications.actions import (
    LiveEvent,
    followers_of,
    forget_what_was_said,
    notify,
    retitle_notifications,
    set_following,
)
from notifications.models import Kind
from platform_site.i18n import Written

from . import erasures, live, reading, richtext
from .models import (
    POST_MAX_LENGTH,
    PROPOSAL_TEXTS,
    Post,
    PostEdit,
    PostReport,
    Proposal,
    ProposalEdit,
    ProposalKind,
    ProposalStatus,
    ProposalSupport,
    ProposalTransition,
    Thread,
    can_moderate,
)
from .privacy import check_for_client_data


class EditConflict(Exception):
    """Someone else changed this since the form was opened; nothing was written."""


class ThreadClosed(PermissionDenied):
    """The expert team closed the thread: only they may still post in it."""


class PostHidden(PermissionDenied):
    """The expert team hid the post: nobody may change its text any more."""


class ProposalTakenUp(PermissionDenied):
    """The proposal is no longer ingediend: its text stays as the expert team took it up."""


def _require_writer(user):
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied(_("Log in om mee te doen."))
    if user.is_read_only:
        raise PermissionDenied(_("Uw rol geeft alleen leesrechten."))


def _require_moderator(user):
    if not can_moderate(user):
        raise PermissionDenied(_("Alleen het Regionaal Expertteam mag dit."))


def _clean_body(body):
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError({"body": _("Schrijf eerst een bericht.")})
    check_for_client_data({"body": body})
    if len(body) > POST_MAX_LENGTH:
        raise ValidationError(
            {
                "body": _("Een bericht mag hoogstens %(max)s tekens hebben; dit heeft er %(n)s.")
                % {"max": POST_MAX_LENGTH, "n": len(body)}
            }
        )
    return body


def _visible_thread(user, thread_id, lock=False):
    threads = Thread.objects.visible_to(user)
    if lock:
        threads = threads.select_for_update()
    thread = threads.filter(pk=thread_id).first()
    if thread is None:
        raise PermissionDenied(_("Deze discussie bestaat niet of u mag haar niet zien."))
    return thread


def _clean_thread_title(title):
    """A thread's subject as it is stored, or a ValidationError at the field: one is needed, of
    a length that fits, without a resident's data."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Geef de discussie een onderwerp.")})
    try:
        Thread._meta.get_field("title").run_validators(title)  # its length
    except ValidationError as error:
        raise ValidationError({"title": error.messages}) from error
    check_for_client_data({"title": title})
    return title


def check_thread_visibility(user, visibility, working_group):
    """Someone may only open a thread to an audience they belong to."""
    if visibility == Visibility.PUBLIC and not can_moderate(user):
        raise ValidationError(
            {"visibility": _("Alleen het expertteam opent een openbare discussie.")}
        )
    if visibility == Visibility.MUNICIPALITIES and not (
        user.has_oversight or user.works_for_municipality
    ):
        raise ValidationError({"visibility": _("Alleen gemeenten openen een gemeentendiscussie.")})
    if visibility == Visibility.WORKING_GROUP:
        if working_group is None:
            raise ValidationError({"working_group": _("Kies de werkgroep die dit mag zien.")})
        if not (user.has_oversight or user.working_groups.filter(pk=working_group.pk).exists()):
            raise ValidationError({"working_group": _("U bent geen lid van deze werkgroep.")})


def start_thread(
    user,
    title,
    body,
    *,
    theme=None,
    agenda_item=None,
    handbook_page=None,
    visibility=Visibility.MEMBERS,
    working_group=None,
    tags=(),
):
    _require_writer(user)
    title = _clean_thread_title(title)
    body = _clean_body(body)
    check_thread_visibility(user, visibility, working_group)
    with transaction.atomic():
        thread = Thread(
            title=title[:200],
            theme=theme,
            agenda_item=agenda_item,
            handbook_page=handbook_page,
            author=user,
            visibility=visibility,
            working_group=working_group if visibility == Visibility.WORKING_GROUP else None,
        )
        thread.full_clean()
        # Labels of a cluster (modelcluster) are kept in memory until the thread is saved, so
        # they go in before the save that stores them.
        thread.tags.set(list(tags))
        thread.save()
        post, rendered = _write_post(thread, user, body)
        set_following(user, thread, True)
        # Someone the opening post mentions hears of it once, as a mention, like in a reply.
        mentioned = {n.recipient_id for n in _notify_mentions(post, user, rendered, set())}
        notify(
            [u for u in followers_of(*thread.tags.all()) if u.pk not in mentioned],
            Kind.REPLY,
            lambda: _("Nieuwe discussie: %(title)s") % {"title": Written(thread.title)},
            url=thread.get_absolute_url(),
            actor=user,
            about=[thread],
        )
    return thread


def _write_post(thread, user, body, quote_of=None):
    rendered = richtext.render(body)
    post = Post.objects.create(
        thread=thread, author=user, body_source=body, body_html=rendered.html, quote_of=quote_of
    )
    # A new post has no mentions yet: only add what it has (most posts mention no one).
    if rendered.users:
        post.mentioned_users.add(*rendered.users)
    if rendered.organisations:
        post.mentioned_organisations.add(*rendered.organisations)
    if rendered.agenda_items:
        post.agenda_items.add(*rendered.agenda_items)
    Thread.objects.filter(pk=thread.pk).update(last_post_at=post.created_at)
    reading.mark_read(user, thread.pk, post.pk)  # what one wrote is not new to oneself
    return post, rendered


def _mentioned_people(users, organisations):
    """Everyone a post speaks to: the people it names and the members of the organisations."""
    people = {u.pk: u for u in users}
    for organisation in organisations:
        people.update({u.pk: u for u in organisation.members.filter(is_active=True)})
    return people


def _notify_mentions(post, actor, rendered, already):
    """Tell the people a post mentions (as just rendered), except the ids in `already`."""
    thread = post.thread
    mentioned = _mentioned_people(rendered.users, rendered.organisations)
    for pk in already:
        mentioned.pop(pk, None)
    return notify(
        mentioned.values(),
        Kind.MENTION,
        lambda: (
            _("%(name)s noemde u in: %(title)s") % {"name": actor, "title": Written(thread.title)}
        ),
        url=post.get_absolute_url(),
        actor=actor,
        about=[thread],
    )


def add_post(user, thread_id, body, quote_of_id=None):
    """A reply in a thread; its followers are told, mentioned people too, all only if they may
    see the thread, and every open copy of the thread shows the post at once."""
    _require_writer(user)
    body = _clean_body(body)
    with transaction.atomic():
        thread = _visible_thread(user, thread_id, lock=True)
        if thread.is_locked and not can_moderate(user):
            raise ThreadClosed(_("Deze discussie is gesloten."))
        live_copy = LiveEvent(live.thread_groups(thread.pk))
        quote_of = None
        if quote_of_id:
            quote_of = thread.posts.filter(pk=quote_of_id, hidden_at__isnull=True).first()
        post, rendered = _write_post(thread, user, body, quote_of)
        mentioned = {n.recipient_id for n in _notify_mentions(post, user, rendered, set())}
        followers = [u for u in followers_of(thread) if u.pk not in mentioned]
        notify(
            followers,
            Kind.REPLY,
            lambda: (
                _("%(name)s reageerde in: %(title)s")
                % {"name": user, "title": Written(thread.title)}
            ),
            url=post.get_absolute_url(),
            actor=user,
            about=[thread],
        )
        set_following(user, thread, True)
        live_copy.payloads = live.post_payloads(post)
    return post


def edit_post(user, post_id, body, version):
    """Change a post's text; the old text is kept in its history. `version` is the number of
    edits the editor saw: if someone edited in between, nothing is written."""
    _require_writer(user)
    body = _clean_body(body)
    with transaction.atomic():
        post = Post.objects.select_for_update().select_related("thread").get(pk=post_id)
        _visible_thread(user, post.thread_id)
        if post.author_id != user.pk and not can_moderate(user):
            raise PermissionDenied(_("U kunt alleen uw eigen berichten bewerken."))
        if post.is_hidden:
            raise PostHidden(_("Een verborgen bericht kan niet worden bewerkt."))
        if post.edits.count() != version:
            raise EditConflict(
                _(
                    "Dit bericht is gewijzigd nadat u het opende. Uw tekst is niet opgeslagen; "
                    "bekijk de nieuwe versie en probeer het opnieuw."
                )
            )
        if body == post.body_source:
            return post
        live_copy = LiveEvent(live.thread_groups(post.thread_id))
        PostEdit.objects.create(
            post=post, body_source=post.body_source, body_html=post.body_html, edited_by=user
        )
        # Who the post spoke to already heard of it: an edit only tells the newly mentioned.
        before = set(
            _mentioned_people(post.mentioned_users.all(), post.mentioned_organisations.all())
        )
        post.edited_at = timezone.now()
        rendered = post.set_text(body, "edited_at")
        _notify_mentions(post, user, rendered, already=before)
        live_copy.payloads = live.post_payloads(post, event="post_updated")
    return post


def report_post(user, post_id, reason):
    _require_writer(user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Zeg kort wat er mis is met dit bericht.")})
    with transaction.atomic():
        post = Post.objects.select_related("thread").get(pk=post_id)
        _visible_thread(user, post.thread_id)
        if post.is_hidden:
            raise ValidationError(_("Het expertteam heeft dit bericht al verborgen."))
        try:
            with transaction.atomic():
                report = PostReport.objects.create(post=post, reporter=user, reason=reason[:500])
        except IntegrityError:
            return None  # reported already, still open
        notify(
            User.objects.filter(role=Role.MODERATOR, is_active=True),
            Kind.MODERATION,
            lambda: _("Bericht gemeld in: %(title)s") % {"title": Written(post.thread.title)},
            url=post.get_absolute_url(),
            body=reason,
            actor=user,
            about=[post.thread],
        )
    return report


def hide_post(user, post_id, reason):
    """The expert team hides a post; the reason is shown in its place."""
    _require_moderator(user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Geef de reden; die ziet iedereen op de plaats van het bericht.")}
        )
    with transaction.atomic():
        post = Post.objects.select_for_update().select_related("thread").get(pk=post_id)
        live_copy = LiveEvent(live.thread_groups(post.thread_id))
        post.hide(user, reason)
        _close_reports(
            post,
            user,
            lambda: (
                _("Het bericht dat u meldde in %(title)s is verborgen. Dank u.")
                % {"title": Written(post.thread.title)}
            ),
        )
        notify(
            [post.author],
            Kind.MODERATION,
            lambda: (
                _("Uw bericht in %(title)s is verborgen: %(reason)s")
                % {"title": Written(post.thread.title), "reason": Written(reason)}
            ),
            url=post.get_absolute_url(),
            actor=user,
        )
        live_copy.payloads = live.post_payloads(post, event="post_hidden")
    return post


def _require_not_erased(item):
    if item.is_erased:
        raise ValidationError(_("De tekst is definitief gewist; er is niets meer te tonen."))


def _require_hidden_first(item):
    if not item.is_hidden:
        raise ValidationError(
            _("Verberg de tekst eerst; alleen verborgen tekst kan worden gewist.")
        )


def _quoting_elsewhere(post, erased):
    """The posts in other threads, written or edited after `post`, that quote a copy of it
    (`erased`: a richtext.QuoteMatcher of its versions) as they read now or in an earlier
    version: someone may have copied it into another discussion by hand. Read in batches, only
    those that quote anything, and matched here; a set of primary keys.

    "Written after" is stored after it (a higher number): a post imported with an earlier date
    may still hold a copy. Both ways in are indexed, so erasing a recent post reads only what
    came after it."""
    later = Post.objects.filter(
        Q(pk__gt=post.pk) | Q(edited_at__gte=post.created_at), erased_at__isnull=True
    ).exclude(thread_id=post.thread_id)
    # In no order: sorting what may be a fifth of all posts cost more than reading them.
    now = later.filter(body_source__contains=">").order_by().values_list("pk", "body_source")
    before = (
        PostEdit.objects.filter(post__in=later, body_source__contains=">")
        .order_by()
        .values_list("post_id", "body_source")
    )
    return {
        pk
        for rows in (now, before)
        for pk, source in rows.iterator(chunk_size=2000)
        if erased.quoted_in(source)
    }


def _what_quotes(post):
    """A richtext.QuoteMatcher of what `post` says and said, and whatever may hold a quote of
    it, locked: what says it quotes it, what in its thread quotes anything, now or in an earlier
    version (someone may have typed the quote), and what elsewhere was stored or edited after
    it with a copy of it in a quote (_quoting_elsewhere)."""
    texts = [post.body_source, *post.edits.values_list("body_source", flat=True)]
    erased = richtext.QuoteMatcher(texts)
    quoted_earlier = PostEdit.objects.filter(
        post__thread_id=post.thread_id, body_source__contains=">"
    ).values("post_id")
    in_thread = Q(thread_id=post.thread_id) & (
        Q(body_source__contains=">") | Q(pk__in=quoted_earlier)
    )
    elsewhere = Q(pk__in=_quoting_elsewhere(post, erased))
    quoting = list(
        Post.objects.select_for_update()
        .filter(Q(quote_of=post) | in_thread | elsewhere, erased_at__isnull=True)
        .exclude(pk=post.pk)
        .select_related("author", "thread")
        .order_by("pk")
    )
    return erased, quoting


def _wipe_post(post, by, erased, quoting, at=None):
    """Erase `post` and what reporters wrote of it, and replace its quotes (`erased`) in the
    replies `quoting` it; returns the replies in which a quote was replaced."""
    post.erase(by, at)
    forget_what_was_said(post.get_absolute_url())
    return [reply for reply in quoting if reply.drop_quotes_of(erased)]


def erase_post(user, post_id):
    """The expert team erases a hidden post for good (a resident named in it, say: AVG): its
    text and earlier versions are gone, for the team too; the reason it was hidden stays in its
    place. So are what reporters wrote about it, in their reports and in the notifications the
    team got of them, and its quotes in the replies in its thread, in those anywhere that
    quoted it, and in posts in other threads written after it (in each of their versions): a
    line says a quote of an erased post stood there, and their authors are told. The post's
    author is told, and pages open on the threads see it all live. The erasure register
    (discussions.erasures) keeps that it was erased, for a restore from an older back-up.

    Returns the post, the replies whose quote was replaced, and the replies that point at it as
    quoted but in which nothing of it was found (put in other words): those the team looks at
    themselves."""
    _require_moderator(user)
    with transaction.atomic():
        post = Post.objects.select_for_update().select_related("thread").get(pk=post_id)
        _require_hidden_first(post)
        if post.is_erased:  # erased by someone else a moment ago: done then
            return post, [], []
        erased, quoting = _what_quotes(post)
        live_copies = [LiveEvent(live.thread_groups(p.thread_id)) for p in [post, *quoting]]
        cleaned = _wipe_post(post, user, erased, quoting)
        notify(
            [post.author],
            Kind.MODERATION,
            lambda: (
                _("Uw verborgen bericht in %(title)s is definitief gewist.")
                % {"title": Written(post.thread.title)}
            ),
            url=post.get_absolute_url(),
            actor=user,
        )
        for reply in cleaned:
            notify(
                [reply.author],
                Kind.MODERATION,
                lambda reply=reply: (
                    _(
                        "Het expertteam wiste een bericht dat u citeerde, en het citaat in: "
                        "%(title)s"
                    )
                    % {"title": Written(reply.thread.title)}
                ),
                url=reply.get_absolute_url(),
                actor=user,
            )
        live_copies[0].payloads = live.post_payloads(post, event="post_updated")
        for live_copy, reply in zip(live_copies[1:], quoting, strict=True):
            if reply in cleaned:
                live_copy.payloads = live.post_payloads(reply, event="post_updated")
        erasures.record(post)
    unchecked = [r for r in quoting if r.quote_of_id == post.pk and r not in cleaned]
    return post, cleaned, unchecked


def erase_again(erasure):
    """Erase once more what the erasure register says was erased (`erasure`: an
    erasures.Erasure), in a database restored from a back-up made before: hidden with its reason
    if it was not yet, then erased as erase_post or erase_proposal_version do, with the time and
    the moderator the register gives. Nobody is told again. Returns "erased", "already" (the
    back-up had it erased) or "absent" (the back-up does not have it)."""
    model = Post if erasure.kind == erasures.POST else ProposalEdit
    with transaction.atomic():
        item = model.objects.select_for_update().filter(pk=erasure.id).first()
        if item is None:
            return "absent"
        if item.is_erased:
            return "already"
        by = User.objects.filter(pk=erasure.erased_by).first()
        if not item.is_hidden:
            item.hidden_at, item.hidden_reason = erasure.hidden_at, erasure.reason[:255]
            item.hidden_by = User.objects.filter(pk=erasure.hidden_by).first()
            item.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        if model is Post:
            _wipe_post(item, by, *_what_quotes(item), at=erasure.erased_at)
        else:
            item.erase(by, erasure.erased_at)
    return "erased"


def restore_post(user, post_id):
    _require_moderator(user)
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post_id)
        _require_not_erased(post)
        live_copy = LiveEvent(live.thread_groups(post.thread_id))
        post.show_again()
        live_copy.payloads = live.post_payloads(post, event="post_updated")
    return post


def _close_reports(post, user, told):
    """The open reports of `post` are dealt with by `user`; who made them is told `told` (a
    callable that gives the title), so nobody wonders what came of their report."""
    reports = list(
        post.reports.select_for_update(of=("self",))
        .filter(resolved_at__isnull=True)
        .select_related("reporter")
    )
    PostReport.objects.filter(pk__in=[report.pk for report in reports]).update(
        resolved_at=timezone.now(), resolved_by=user
    )
    notify(
        [report.reporter for report in reports],
        Kind.MODERATION,
        told,
        url=post.get_absolute_url(),
        actor=user,
        about=[post.thread],
    )


def dismiss_reports(user, post_id):
    """The expert team looked at a reported post and leaves it as it is."""
    _require_moderator(user)
    with transaction.atomic():
        post = Post.objects.select_for_update().select_related("thread").get(pk=post_id)
        _close_reports(
            post,
            user,
            lambda: (
                _(
                    "Het expertteam heeft het bericht dat u meldde in %(title)s bekeken en laat "
                    "het staan."
                )
                % {"title": Written(post.thread.title)}
            ),
        )


def lock_thread(user, thread_id, locked, reason=""):
    _require_moderator(user)
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=thread_id)
        # Before the save, so that it goes out ahead of the thread's search-index update.
        live_copy = LiveEvent(live.thread_groups(thread.pk))
        thread.is_locked = locked
        thread.locked_reason = (reason or "").strip()[:255] if locked else ""
        thread.save(update_fields=["is_locked", "locked_reason"])
        # Open pages say so at once: who is writing a reply knows before they send it.
        live_copy.payload = {
            "type": "thread_locked",
            "thread": thread.pk,
            "locked": locked,
            "reason": thread.locked_reason,
        }
    return thread


def may_rename_thread(user, thread):
    """Who started it while it is open; the expert team at any time (a resident named in the
    subject, say)."""
    if user.is_read_only:
        return False
    return can_moderate(user) or (thread.author_id == user.pk and not thread.is_locked)


def rename_thread(user, thread_id, title, seen_title):
    """Give a thread another subject. `seen_title` is the subject the person saw: changed by
    someone else since, nothing is written (EditConflict). The notifications that lead to the
    thread then name it by its new subject too, so an old subject that named a resident is gone
    from them as well. Renamed by the expert team, its starter is told."""
    title = _clean_thread_title(title)
    with transaction.atomic():
        thread = _visible_thread(user, thread_id, lock=True)
        if not may_rename_thread(user, thread):
            if thread.author_id == user.pk and thread.is_locked:
                raise ThreadClosed(_("Deze discussie is gesloten."))
            raise PermissionDenied(_("Alleen wie de discussie begon kan het onderwerp wijzigen."))
        if thread.title != seen_title:
            raise EditConflict(
                _(
                    "Het onderwerp is gewijzigd nadat u de pagina opende; het is nu: "
                    "%(title)s. Uw onderwerp is niet opgeslagen."
                )
                % {"title": thread.title}
            )
        if title == thread.title:
            return thread
        live_copy = LiveEvent(live.thread_groups(thread.pk))
        before, thread.title = thread.title, title
        thread.save(update_fields=["title"])
        live_copy.payload = {"type": "thread_renamed", "thread": thread.pk, "title": title}
        retitle_notifications(thread.get_absolute_url(), before, title)
        if thread.author_id != user.pk:
            notify(
                [thread.author],
                Kind.MODERATION,
                lambda: (
                    _("Het expertteam gaf uw discussie een ander onderwerp: %(title)s")
                    % {"title": Written(title)}
                ),
                url=thread.get_absolute_url(),
                actor=user,
            )
    return thread


def move_thread(user, thread_id, *, theme=None, agenda_item=None, handbook_page=None):
    """Put a thread under another theme, agenda item or handbook section."""
    _require_moderator(user)
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=thread_id)
        thread.theme, thread.agenda_item, thread.handbook_page = theme, agenda_item, handbook_page
        thread.save(update_fields=["theme", "agenda_item", "handbook_page"])
    return thread


# Proposals -------------------------------------------------------------------------------------

PROPOSAL_FIELDS = (
    "kind", "title", "problem", "proposed_change", "affected_part", "theme", "handbook_page",
    "domain", "expected_effect", "evidence",
)  # fmt: skip

TRANSITIONS = {
    ProposalStatus.SUBMITTED: {
        ProposalStatus.IN_REVIEW, ProposalStatus.ADOPTED, ProposalStatus.REJECTED,
        ProposalStatus.PARKED,
    },
    ProposalStatus.IN_REVIEW: {
        ProposalStatus.ADOPTED, ProposalStatus.REJECTED, ProposalStatus.PARKED,
    },
    ProposalStatus.PARKED: {
        ProposalStatus.IN_REVIEW, ProposalStatus.ADOPTED, ProposalStatus.REJECTED,
    },
}  # fmt: skip


def submit_proposal(user, data, submission_key, tags=()):
    """Store a proposal or signal. The same submission key twice (a double click, a resent form)
    gives back the proposal stored the first time."""
    _require_writer(user)
    existing = Proposal.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        if existing.author_id != user.pk:
            raise PermissionDenied(_("Dit formulier is al door iemand anders gebruikt."))
        return existing, False
    try:
        with transaction.atomic():
            proposal = Proposal(
                **{name: data.get(name) for name in PROPOSAL_FIELDS if name in data},
                author=user,
                organisation=user.organisation,
                submission_key=submission_key,
            )
            texts = ("title", "problem", "proposed_change", "expected_effect", "evidence")
            for name in texts:
                setattr(proposal, name, (getattr(proposal, name) or "").strip())
            check_for_client_data({name: getattr(proposal, name) for name in texts})
            proposal.full_clean()
            proposal.tags.set(list(tags))  # before the save that stores them, as for a thread
            proposal.save()
            ProposalTransition.objects.create(
                proposal=proposal, to_status=ProposalStatus.SUBMITTED, user=user
            )
            set_following(user, proposal, True)
            moderators = User.objects.filter(role=Role.MODERATOR, is_active=True)
            notify(
                [*moderators, *followers_of(*proposal.tags.all(), proposal.theme)],
                Kind.PROPOSAL,
                lambda: (
                    _("Nieuw %(kind)s: %(title)s")
                    % {
                        "kind": proposal.get_kind_display().lower(),
                        "title": Written(proposal.title),
                    }
                ),
                url=proposal.get_absolute_url(),
                actor=user,
                about=[proposal],
            )
    except IntegrityError:
        # The same key committed by a concurrent request in between: that one stands.
        existing = Proposal.objects.filter(submission_key=submission_key, author=user).first()
        if existing is None:
            raise
        return existing, False
    return proposal, True


def _proposal_values(proposal):
    values = {
        name: getattr(proposal, Proposal._meta.get_field(name).attname) for name in PROPOSAL_FIELDS
    }
    return values, sorted(tag.name for tag in proposal.tags.all())


def may_edit_proposal(user, proposal):
    """Its author while it is ingediend; the expert team whatever its status, to correct it (a
    resident named in it, say: they then hide and erase the version before, which keeps it)."""
    if user.is_read_only:
        return False
    if can_moderate(user):
        return True
    return proposal.author_id == user.pk and proposal.status == ProposalStatus.SUBMITTED


def edit_proposal(user, proposal_id, data, version, tags=None):
    """Change a proposal: its author while it is ingediend, the expert team at any time
    (may_edit_proposal). The texts before are kept in its history, and who supports or follows
    it is told. `version` is the number of edits the editor saw: if someone changed it in
    between, nothing is written. Once the expert team has taken it up, its author can no longer
    change it: its text stays as the team read it (ProposalTakenUp)."""
    _require_writer(user)
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().filter(pk=proposal_id).first()
        if proposal is None or not can_view(user, proposal):
            raise PermissionDenied(_("Dit voorstel bestaat niet of u mag het niet zien."))
        if proposal.author_id != user.pk and not can_moderate(user):
            raise PermissionDenied(_("Alleen wie het voorstel indiende kan het wijzigen."))
        if not may_edit_proposal(user, proposal):
            raise ProposalTakenUp(
                _("Dit voorstel is %(status)s en kan daarom niet meer worden gewijzigd.")
                % {"status": proposal.get_status_display().lower()}
            )
        if proposal.edits.count() != version:
            raise EditConflict(
                _(
                    "Dit voorstel is gewijzigd nadat u het opende. Uw wijziging is niet "
                    "opgeslagen; bekijk de nieuwe versie en probeer het opnieuw."
                )
            )
        before, snapshot = _proposal_values(proposal), proposal.snapshot()
        for name in PROPOSAL_FIELDS:
            if name in data:
                setattr(proposal, name, data[name])
        for name in PROPOSAL_TEXTS:
            setattr(proposal, name, (getattr(proposal, name) or "").strip())
        check_for_client_data({name: getattr(proposal, name) for name in PROPOSAL_TEXTS})
        if proposal.kind == ProposalKind.PROPOSAL and not proposal.proposed_change:
            raise ValidationError(
                {"proposed_change": _("Beschrijf wat u voorstelt; bij een signaal mag dit leeg.")}
            )
        proposal.full_clean()
        if tags is not None:
            proposal.tags.set(list(tags))
        if _proposal_values(proposal) == before:
            return proposal
        ProposalEdit.objects.create(proposal=proposal, before=snapshot, edited_by=user)
        proposal.save()
        if proposal.title != snapshot["title"]:
            # Its own notifications, and its merge's, which leads to the proposal it went into.
            for leading_to in filter(None, [proposal, proposal.merged_into]):
                retitle_notifications(
                    leading_to.get_absolute_url(), snapshot["title"], proposal.title
                )
        notify(
            _proposal_audience(proposal),
            Kind.PROPOSAL,
            lambda: _("Voorstel gewijzigd: %(title)s") % {"title": Written(proposal.title)},
            url=proposal.get_absolute_url(),
            actor=user,
            about=[proposal],
        )
    return proposal


def hide_proposal_version(user, edit_id, reason):
    """The expert team takes an earlier version of a proposal out of sight (a resident named in
    it, say); everyone else reads the reason in its place. Its author is told."""
    _require_moderator(user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Geef de reden; die ziet iedereen op de plaats van de versie.")}
        )
    with transaction.atomic():
        edit = ProposalEdit.objects.select_for_update().select_related("proposal").get(pk=edit_id)
        edit.hide(user, reason)
        proposal = edit.proposal
        notify(
            [proposal.author],
            Kind.MODERATION,
            lambda: (
                _("Een eerdere versie van uw voorstel %(title)s is verborgen: %(reason)s")
                % {"title": Written(proposal.title), "reason": Written(reason)}
            ),
            url=reverse("discussions:proposal_history", args=[proposal.pk]),
            actor=user,
        )
    return edit


def restore_proposal_version(user, edit_id):
    _require_moderator(user)
    with transaction.atomic():
        edit = ProposalEdit.objects.select_for_update().get(pk=edit_id)
        _require_not_erased(edit)
        edit.show_again()
    return edit


def erase_proposal_version(user, edit_id):
    """The expert team erases the texts of a hidden earlier version of a proposal for good, as
    for a post; where the version belonged stays. Its author is told."""
    _require_moderator(user)
    with transaction.atomic():
        edit = ProposalEdit.objects.select_for_update().select_related("proposal").get(pk=edit_id)
        _require_hidden_first(edit)
        if not edit.is_erased:
            edit.erase(user)
            erasures.record(edit)
            proposal = edit.proposal
            notify(
                [proposal.author],
                Kind.MODERATION,
                lambda: (
                    _(
                        "Een verborgen eerdere versie van uw voorstel %(title)s is definitief "
                        "gewist."
                    )
                    % {"title": Written(proposal.title)}
                ),
                url=reverse("discussions:proposal_history", args=[proposal.pk]),
                actor=user,
            )
    return edit


def _proposal_audience(proposal):
    supporters = User.objects.filter(proposal_supports__proposal=proposal, is_active=True)
    return [proposal.author, *followers_of(proposal), *supporters]


def change_proposal_status(
    user, proposal_id, to_status, expected_status, reason="", evaluator=None, agenda_item=None
):
    """Move a proposal on: in behandeling (with an evaluator), overgenomen (into an agenda item),
    afgewezen (with a reason) or geparkeerd. `expected_status` is the state the moderator saw."""
    _require_moderator(user)
    reason = (reason or "").strip()
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal_id)
        if proposal.status != expected_status:
            raise EditConflict(
                _("Dit voorstel is intussen %(status)s. Bekijk de nieuwe stand.")
                % {"status": proposal.get_status_display().lower()}
            )
        if to_status not in TRANSITIONS.get(proposal.status, set()):
            raise ValidationError(
                _("Van %(from)s naar %(to)s kan niet.")
                % {
                    "from": proposal.get_status_display().lower(),
                    "to": ProposalStatus(to_status).label.lower(),
                }
            )
        if to_status == ProposalStatus.IN_REVIEW:
            if evaluator is None or not can_moderate(evaluator):
                raise ValidationError(
                    {"evaluator": _("Wijs een beoordelaar uit het expertteam aan.")}
                )
            proposal.evaluator = evaluator
        if to_status == ProposalStatus.REJECTED and not reason:
            raise ValidationError(
                {"reason": _("Geef de reden van afwijzen; de indiener ziet die.")}
            )
        if to_status == ProposalStatus.ADOPTED:
            if agenda_item is None:
                raise ValidationError(
                    {"agenda_item": _("Kies het agendapunt waarin het voorstel wordt overgenomen.")}
                )
            proposal.agenda_item = agenda_item
        if agenda_item is not None:
            set_following(proposal.author, agenda_item, True)
        _move_on(proposal, to_status, user, reason, told=[evaluator] if evaluator else [])
    return proposal


def _move_on(proposal, to_status, user, reason, told=()):
    """Give a proposal its new status and a step in its trail, and tell its author, supporters
    and followers (and `told`) who may see it, with the reason."""
    before = proposal.status
    proposal.status = to_status
    proposal.decision_reason = reason or proposal.decision_reason
    proposal.save()
    ProposalTransition.objects.create(
        proposal=proposal, from_status=before, to_status=to_status, user=user, note=reason
    )
    notify(
        [*_proposal_audience(proposal), *told],
        Kind.PROPOSAL,
        lambda: (
            _("%(title)s: %(status)s")
            % {"title": Written(proposal.title), "status": proposal.get_status_display().lower()}
        ),
        url=proposal.get_absolute_url(),
        body=reason,
        actor=user,
        about=[proposal],
    )


def create_agenda_item_for(user, proposal, part, code):
    """A new agenda item, as a draft for the project lead to complete, from a proposal."""
    from agenda.models import AgendaItem
    from agenda.models import Kind as ItemKind

    _require_moderator(user)
    code = (code or "").strip()
    if part is None or not code:
        raise ValidationError(_("Kies een deel en geef het nieuwe punt een code."))
    if AgendaItem.objects.filter(part=part, code=code).exists():
        raise ValidationError(_("Er is al een agendapunt met code %(code)s.") % {"code": code})
    item = AgendaItem(
        part=part,
        code=code,
        title=proposal.title,
        summary="\n\n".join(p for p in (proposal.problem, proposal.proposed_change) if p),
        kind=ItemKind.AANBEVELING,
        domain=proposal.domain,
        theme=proposal.theme,
        live=False,
    )
    item.full_clean()
    item.save()
    item.save_revision(user=user, log_action=True)
    return item


def adopt_into_new_item(user, proposal_id, expected_status, part, code, reason=""):
    with transaction.atomic():
        proposal = Proposal.objects.get(pk=proposal_id)
        item = create_agenda_item_for(user, proposal, part, code)
        return change_proposal_status(
            user, proposal_id, ProposalStatus.ADOPTED, expected_status, reason, agenda_item=item
        )


def withdraw_proposal(user, proposal_id, reason):
    """Its author takes a proposal back while it is ingediend (already solved, sent twice, sent
    too soon). It stays readable with the reason, nothing of it is removed; who supports or
    follows it and the expert team are told, and nobody can support, change or decide on it
    any more. Once the expert team has taken it up, it is theirs to decide (ProposalTakenUp)."""
    _require_writer(user)
    reason = (reason or "").strip()
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().filter(pk=proposal_id).first()
        if proposal is None or not can_view(user, proposal):
            raise PermissionDenied(_("Dit voorstel bestaat niet of u mag het niet zien."))
        if proposal.author_id != user.pk:
            raise PermissionDenied(_("Alleen wie het voorstel indiende kan het intrekken."))
        if proposal.status != ProposalStatus.SUBMITTED:
            raise ProposalTakenUp(
                _("Dit voorstel is %(status)s en kan daarom niet meer worden ingetrokken.")
                % {"status": proposal.get_status_display().lower()}
            )
        if not reason:
            raise ValidationError(
                {"reason": _("Zeg kort waarom u het intrekt; wie het steunt of volgt, leest dat.")}
            )
        check_for_client_data({"reason": reason})
        moderators = User.objects.filter(role=Role.MODERATOR, is_active=True)
        _move_on(proposal, ProposalStatus.WITHDRAWN, user, reason, told=moderators)
    return proposal


def support_proposal(user, proposal_id, support=True):
    _require_writer(user)
    with transaction.atomic():
        proposal = Proposal.objects.visible_to(user).select_for_update().get(pk=proposal_id)
        if proposal.author_id == user.pk:
            raise ValidationError(_("U kunt uw eigen voorstel niet steunen; het is al van u."))
        if not support:
            ProposalSupport.objects.filter(proposal=proposal, user=user).delete()
            return proposal
        if proposal.status == ProposalStatus.WITHDRAWN:
            raise ValidationError(_("Dit voorstel is ingetrokken; steunen kan niet meer."))
        if not proposal.is_open:
            raise ValidationError(_("Over dit voorstel is al besloten."))
        _support, created = ProposalSupport.objects.get_or_create(
            proposal=proposal, user=user, defaults={"organisation": user.organisation}
        )
        if created:
            set_following(user, proposal, True)
            notify(
                [proposal.author],
                Kind.PROPOSAL,
                lambda: (
                    _("%(name)s (%(org)s) steunt: %(title)s")
                    % {
                        "name": user,
                        "org": user.organisation or "-",
                        "title": Written(proposal.title),
                    }
                ),
                url=proposal.get_absolute_url(),
                actor=user,
            )
    return proposal


def merge_proposals(user, duplicate_id, target_id, reason=""):
    """Fold a duplicate into another proposal: its supporters, its author (as a supporter) and its
    followers move over; the duplicate points to where the conversation goes on."""
    from notifications.models import Follow

    _require_moderator(user)
    if duplicate_id == target_id:
        raise ValidationError(_("Een voorstel kan niet met zichzelf worden samengevoegd."))
    with transaction.atomic():
        duplicate, target = (
            Proposal.objects.select_for_update().get(pk=duplicate_id),
            Proposal.objects.select_for_update().get(pk=target_id),
        )
        if not duplicate.is_open:
            raise ValidationError(_("Alleen een open voorstel kan worden samengevoegd."))
        if target.status == ProposalStatus.MERGED:
            raise ValidationError(_("Dat voorstel is zelf al samengevoegd."))
        if target.status == ProposalStatus.WITHDRAWN:
            raise ValidationError(_("Dat voorstel is door de indiener ingetrokken."))
        backers = {s.user_id: s.organisation_id for s in duplicate.supports.all()}
        backers.setdefault(duplicate.author_id, duplicate.organisation_id)
        for user_id, organisation_id in backers.items():
            if user_id != target.author_id:
                ProposalSupport.objects.get_or_create(
                    proposal=target, user_id=user_id, defaults={"organisation_id": organisation_id}
                )
        for follow in Follow.objects.of(duplicate):
            set_following(follow.user, target, True)
        before = duplicate.status
        duplicate.status, duplicate.merged_into = ProposalStatus.MERGED, target
        duplicate.decision_reason = (reason or "").strip()
        duplicate.save()
        ProposalTransition.objects.create(
            proposal=duplicate,
            from_status=before,
            to_status=ProposalStatus.MERGED,
            user=user,
            # Its reason; the page names the proposal it went into by its title as it is then.
            note=duplicate.decision_reason,
        )
        notify(
            _proposal_audience(duplicate),
            Kind.PROPOSAL,
            lambda: (
                _("%(title)s is samengevoegd met %(target)s")
                % {"title": Written(duplicate.title), "target": Written(target.title)}
            ),
            url=target.get_absolute_url(),
            actor=user,
            about=[target],
        )
    return target
