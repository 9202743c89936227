"""Following, and telling people: every notification is written here, in the caller's
transaction, and pushed to the person's open sockets only after that transaction commits."""

import asyncio
import json
import logging
import threading

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.visibility import readers_among
from platform_site.i18n import (
    WRITTEN_END,
    WRITTEN_START,
    in_each_language,
    path_in_platform_language,
)

from .groups import user_group
from .models import (
    DEFAULT_CHANNELS,
    Channel,
    DigestSetting,
    Follow,
    Notification,
    NotificationPreference,
)

logger = logging.getLogger(__name__)


def set_following(user, obj, follow):
    """Follow or unfollow `obj`; repeating either is harmless."""
    lookup = {
        "user": user,
        "content_type": ContentType.objects.get_for_model(obj),
        "object_id": str(obj.pk),
    }
    with transaction.atomic():
        if follow:
            Follow.objects.get_or_create(**lookup)
        else:
            Follow.objects.filter(**lookup).delete()


def is_following(user, obj):
    return user.is_authenticated and Follow.objects.of(obj).filter(user=user).exists()


def followed_pks(user, model):
    """The primary keys of the objects of `model` (threads, proposals) that `user` follows."""
    content_type = ContentType.objects.get_for_model(model)
    return [
        int(pk)
        for pk in Follow.objects.filter(user=user, content_type=content_type).values_list(
            "object_id", flat=True
        )
    ]


def followers_of(*objects):
    """The active users who follow any of these objects (items, threads, proposals, tags)."""
    user_ids = set()
    for obj in objects:
        if obj is not None:
            user_ids.update(Follow.objects.of(obj).values_list("user_id", flat=True))
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True)


def channels_for(users, kind):
    """Each user's chosen channel for a kind, with the default where they chose nothing."""
    chosen = dict(
        NotificationPreference.objects.filter(user__in=users, kind=kind).values_list(
            "user_id", "channel"
        )
    )
    return {user.pk: chosen.get(user.pk, DEFAULT_CHANNELS[kind]) for user in users}


def notify(
    recipients, kind, title, url="", body="", actor=None, dedupe_key="", about=(), may_see=None
):
    """Tell each recipient, as their preference for `kind` says; never the actor themself.

    `title` is text or a callable returning it, stored in each of the platform's languages;
    `body` is what a person wrote (a reason, an explanation), stored as it is.

    Nobody is told about what they cannot open: `about` names what the notification leads to
    or names (a thread, a proposal, an agenda item), and only who may see each of them is told
    (one query for all recipients); `may_see(user)` is a rule of the caller's own.
    A `dedupe_key` makes a reminder that is raised again a no-op for who already has it.
    Returns the notifications written.
    """
    users = {u.pk: u for u in recipients if u is not None and u.is_active}
    if actor is not None:
        users.pop(actor.pk, None)
    for obj in about:
        users = {u.pk: u for u in readers_among(users.values(), obj)}
    if may_see is not None:
        users = {pk: u for pk, u in users.items() if may_see(u)}
    if not users:
        return []
    channels = channels_for(list(users.values()), kind)
    # Written once for everyone, in every language of the platform: each reader sees it in the
    # language of their page (or of their digest), whatever language the person acting reads.
    # Callers pass a callable, so that labels inside the text are translated too. The link is
    # kept in the platform's language and opened in the reader's.
    title, translations = in_each_language(title, max_length=255)
    url = path_in_platform_language(url)
    pending = [
        Notification(
            recipient=user,
            kind=kind,
            title=title,
            title_translations=translations,
            body=body,
            url=url,
            actor=actor,
            by_email=channels[user.pk] == Channel.EMAIL,
            dedupe_key=dedupe_key,
        )
        for user in users.values()
        if channels[user.pk] != Channel.OFF
    ]
    if not dedupe_key:
        created = Notification.objects.bulk_create(pending)  # one insert for all followers
    else:
        created = []
        for notification in pending:
            try:
                with transaction.atomic():
                    notification.save()
            except IntegrityError:
                continue
            created.append(notification)
    if created:
        transaction.on_commit(lambda: push(created), robust=True)
    return created


def forget_what_was_said(url):
    """Empty what people wrote (a reporter's reason) in the notifications that lead to `url`:
    for something erased for good (AVG), whose reports may have named whom it named. Their
    titles, written by the platform, stay. Returns how many were emptied."""
    return (
        Notification.objects.filter(url=path_in_platform_language(url))
        .exclude(body="")
        .update(body="")
    )


def retitle_notifications(url, before, after):
    """Where the notifications that lead to `url` (a thread's or a proposal's page, or a page or
    place under it: `url#bericht-3`, `url` + "geschiedenis/") name what was written as `before`
    (its old subject or title), they name it `after` from now on: in the platform's language as
    it is, in the others between the marks of what people wrote (platform_site.i18n.Written).
    Returns how many changed."""
    url = path_in_platform_language(url)
    marked = (f"{WRITTEN_START}{before}{WRITTEN_END}", f"{WRITTEN_START}{after}{WRITTEN_END}")
    changed = []
    leading_there = Notification.objects.filter(url__startswith=url)
    for notification in leading_there.filter(title__contains=before).only(
        "title", "title_translations"
    ):
        notification.title = notification.title.replace(before, after)[:255]
        notification.title_translations = {
            language: text.replace(*marked)[:255]
            for language, text in notification.title_translations.items()
        }
        changed.append(notification)
    Notification.objects.bulk_update(changed, ["title", "title_translations"], batch_size=500)
    return len(changed)


def group_event(payload):
    """The channel-layer message that carries `payload` to a group's sockets: encoded as JSON
    once here, not once per socket (a post in a busy thread goes to a thousand)."""
    return {"type": "notify", "text": json.dumps(payload)}


def send_to_group(group, payload):
    """Hand an event to the channel layer from synchronous code."""
    send_to_groups([(group, payload)])


def send_to_groups(events):
    """Hand events, [(group, payload), ...], to the channel layer from synchronous code, in this
    order and in one go: each hand-over from synchronous code runs an event loop of its own,
    with its own connection to the channel layer, so a post that tells fifty followers makes one
    hand-over, not fifty.

    Normally there is no event loop in this thread (a view, a command). When there is one (a
    synchronous call made inside async code), the hand-over runs in a short-lived thread.
    """
    layer = get_channel_layer()
    if layer is None or not events:
        return
    messages = [(group, group_event(payload)) for group, payload in events]

    async def send_all():
        for group, message in messages:
            try:
                await layer.group_send(group, message)
            except Exception:  # a socket that missed it asks on reconnect; the write stands
                logger.exception("Versturen naar %s mislukt", group)

    def send():
        try:
            async_to_sync(send_all)()
        except Exception:  # no event loop or layer to be had: as above, the write stands
            logger.exception("Versturen naar %d groepen mislukt", len(messages))

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        send()
        return
    worker = threading.Thread(target=send)
    worker.start()
    worker.join()


def push(notifications):
    """Send notifications to their recipients' open sockets, each with the new unread count."""
    recipients = {notification.recipient_id for notification in notifications}
    unread = dict(
        Notification.objects.filter(recipient_id__in=recipients)
        .unread()
        .values("recipient_id")
        .annotate(count=Count("pk"))
        .values_list("recipient_id", "count")
    )
    send_to_groups(
        [
            (user_group(n.recipient_id), n.as_payload(unread.get(n.recipient_id, 0)))
            for n in notifications
        ]
    )


class LiveEvent:
    """An event for one or more groups of sockets, sent once the current transaction commits.

    After-commit work runs in the order it was registered, and saving a record registers its
    search-index update (tens of milliseconds with the engine). So an event that open sockets
    wait for is created before the write and given its payload once that is known: it then goes
    out ahead of the write's slower after-commit work. Nothing is sent if the transaction rolls
    back or no payload was given. The write stands whatever happens to the send: a socket that
    missed it asks on reconnect.

    `payload` is the same event for every group; `payloads` ({group: event}) one per group, such
    as a post rendered once per language.
    """

    def __init__(self, groups, payload=None):
        self.groups = [groups] if isinstance(groups, str) else list(groups)
        self.payloads = {}
        if payload is not None:
            self.payload = payload
        transaction.on_commit(self._send, robust=True)

    @property
    def payload(self):
        return next(iter(self.payloads.values()), None)

    @payload.setter
    def payload(self, payload):
        self.payloads = {group: payload for group in self.groups}

    def _send(self):
        # All groups in one hand-over to the channel layer (send_to_groups).
        send_to_groups([(g, self.payloads[g]) for g in self.groups if g in self.payloads])


def mark_read(user, ids=None):
    """Mark some (or all) of a user's notifications read; returns the unread count left."""
    unread = Notification.objects.filter(recipient=user).unread()
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    unread.update(read_at=timezone.now())
    count = Notification.objects.filter(recipient=user).unread().count()
    # The user's other tabs show the same count.
    send_to_group(user_group(user.pk), {"type": "unread", "unread": count})
    return count


def mark_read_where(user, url):
    """`user` opened the page at `url` (a thread's, a proposal's, an agenda item's): what they
    were told that leads to it, or to a place on it (`url#bericht-3`), is read now, and the bell
    counts down in their other tabs too. One query when there is nothing to mark."""
    if not user.is_authenticated:
        return None
    url = path_in_platform_language(url)
    unread = (
        Notification.objects.filter(recipient=user)
        .unread()
        .filter(Q(url=url) | Q(url__startswith=f"{url}#"))
    )
    ids = list(unread.values_list("pk", flat=True)[:500])
    return mark_read(user, ids) if ids else None


def save_preferences(user, channels, frequency, hour, weekday, language=None):
    """Store a user's channel per kind, and when their digest comes and in which language."""
    digest = {"frequency": frequency, "hour": hour, "weekday": weekday}
    if language:
        digest["language"] = language
    with transaction.atomic():
        for kind, channel in channels.items():
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"channel": channel}
            )
        DigestSetting.objects.update_or_create(user=user, defaults=digest)
