"""What an open thread receives over its socket: the post as the page shows it. Used when a post
is written (actions) and when a reconnecting socket asks what it missed (the consumer)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def thread_group(thread_id):
    return f"thread.{thread_id}"


def post_payload(post, event="post"):
    """The event for one post; the HTML is the same fragment the thread page renders, in the
    default language (the socket's listeners may read either; dates are the only words in it)."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("discussions/_post.html", {"post": post, "live": True})
    return {
        "type": event,
        "thread": post.thread_id,
        "id": post.pk,
        "html": html,
        "hidden": post.is_hidden,
    }


def posts_after(user, thread_id, after_id, limit=50):
    """The posts of a thread the user may see, written after `after_id`: what a socket missed."""
    from .models import Post, Thread

    if not Thread.objects.visible_to(user).filter(pk=thread_id).exists():
        return None
    if after_id is None:
        return []
    posts = (
        Post.objects.filter(thread_id=thread_id, pk__gt=after_id)
        .select_related("author__organisation", "thread")
        .order_by("pk")[:limit]
    )
    return [post_payload(post) for post in posts]
