"""What is new in a discussion for someone: the posts that came after the newest one they were
shown (models.ThreadReading). Their own posts and hidden posts are never new. A thread they
never opened is new as a whole; it is marked per post only once they have read it before."""

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Post, Thread, ThreadReading


def last_read(user, thread_id):
    """The newest post `user` was shown in the thread, or None if they never opened it."""
    return (
        ThreadReading.objects.filter(user=user, thread_id=thread_id)
        .values_list("last_post_id", flat=True)
        .first()
    )


def read_now(user, thread_id, posts):
    """`user` is shown the thread's `posts` (all of them, oldest first): returns those that are
    new to them, the same rule as new_posts (none on a first visit, where all of it is), and
    records that they have seen all of it."""
    seen = last_read(user, thread_id)
    new = [
        post
        for post in posts
        if seen is not None and post.pk > seen and not post.is_hidden and post.author_id != user.pk
    ]
    if posts:
        mark_read(user, thread_id, posts[-1].pk)
    return new


def mark_read(user, thread_id, up_to):
    """`user` has seen the thread up to post `up_to`; a later mark never moves it back (an old
    tab that reloads does not bring back what a newer one showed)."""
    if not up_to:
        return
    now = timezone.now()
    moved = ThreadReading.objects.filter(
        user=user, thread_id=thread_id, last_post_id__lt=up_to
    ).update(last_post_id=up_to, read_at=now)
    if moved:
        return
    try:
        with transaction.atomic():
            ThreadReading.objects.get_or_create(
                user=user, thread_id=thread_id, defaults={"last_post_id": up_to, "read_at": now}
            )
    except IntegrityError:  # made by a request at the same moment; it is as far as this one
        pass


def mark_read_as_shown(user, thread, up_to=None):
    """`user` says they read `thread` up to post `up_to` (all of it without one): the page's
    script for posts that arrived live, or a client of the API. Never beyond its newest post: a
    made-up number cannot hide what comes next."""
    newest = thread.posts.order_by("-pk").values_list("pk", flat=True).first() or 0
    mark_read(user, thread.pk, newest if up_to is None else min(up_to, newest))


def mark_all_read(user):
    """Every thread `user` may see, read up to its newest post. Returns how many threads."""
    latest = (
        Thread.objects.visible_to(user)
        .annotate(newest=Max("posts__pk"))
        .filter(newest__isnull=False)
        .values_list("pk", "newest")
    )
    now = timezone.now()
    readings = [
        ThreadReading(user=user, thread_id=pk, last_post_id=newest, read_at=now)
        for pk, newest in latest
    ]
    ThreadReading.objects.bulk_create(
        readings,
        update_conflicts=True,
        unique_fields=["user", "thread"],
        update_fields=["last_post_id", "read_at"],
        batch_size=500,
    )
    return len(readings)


def _unseen_posts(user, thread):
    """The posts that are new for `user`: not hidden, not their own, and after the newest one
    they were shown in their thread (`thread`: that thread's pk, as an outer reference from
    within a query of posts)."""
    seen = ThreadReading.objects.filter(user=user, thread=thread).values("last_post_id")[:1]
    newer = Post.objects.filter(hidden_at__isnull=True, pk__gt=Coalesce(Subquery(seen), 0))
    return newer.exclude(author=user)


def with_new_posts(user):
    """A filter for the threads in which something is new for `user` (the rule of new_posts),
    for "Alleen met nieuwe berichten" on the list."""
    return Exists(_unseen_posts(user, OuterRef(OuterRef("pk"))).filter(thread=OuterRef("pk")))


def new_posts(user, thread_ids):
    """{thread id: (how many posts are new for `user`, whether they opened it before)} for the
    threads of one page of the list: two queries, however many threads."""
    thread_ids = list(thread_ids)
    if not thread_ids:
        return {}
    opened = set(
        ThreadReading.objects.filter(user=user, thread_id__in=thread_ids).values_list(
            "thread_id", flat=True
        )
    )
    # What they were shown last, read per post in the database: building one condition per
    # thread in Python cost more than both queries together (25 threads: 3.6 -> 2.4 ms).
    counts = dict(
        _unseen_posts(user, OuterRef("thread_id"))
        .filter(thread_id__in=thread_ids)
        .order_by()
        .values("thread_id")
        .annotate(count=Count("pk"))
        .values_list("thread_id", "count")
    )
    return {pk: (counts.get(pk, 0), pk in opened) for pk in thread_ids}
