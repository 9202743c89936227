"""What an open thread receives over its socket: the post as the page shows it, in the page's
language. Used when a post is written (actions) and when a reconnecting socket asks what it
missed (the consumer)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def thread_group(thread_id, language):
    """The sockets that have a thread open on a page in `language`."""
    return f"thread.{thread_id}.{language}"


def thread_groups(thread_id):
    """The thread's group in each of the platform's languages."""
    return [thread_group(thread_id, language) for language, _name in settings.LANGUAGES]


def page_language(language):
    """The language a socket's page says it is in, if the platform has it; else the platform's."""
    known = {code for code, _name in settings.LANGUAGES}
    return language if isinstance(language, str) and language in known else settings.LANGUAGE_CODE


def post_payloads(post, event="post"):
    """The event for one post for each language's group: {group: event}."""
    return {
        thread_group(post.thread_id, language): post_payload(post, event, language)
        for language, _name in settings.LANGUAGES
    }


def post_payload(post, event="post", language=None):
    """The event for one post; the HTML is the same fragment the thread page renders, in
    `language` (the date, "bewerkt", a hidden post's notice, and its links)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        html = render_to_string("discussions/_post.html", {"post": post, "live": True})
    return {
        "type": event,
        "thread": post.thread_id,
        "id": post.pk,
        "author": post.author_id,
        "html": html,
        "hidden": post.is_hidden,
        "erased": post.is_erased,
    }


def posts_after(user, thread_id, after_id, language=None, limit=50):
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
    return [post_payload(post, language=language) for post in posts]
