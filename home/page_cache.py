"""A cache of whole pages for visitors who are not signed in: the handbook, the public agenda and
public discussions are read far more often than they change.

Only a GET without a session or messages cookie is served from the cache, and only a response
that is the same for every anonymous visitor is stored: status 200, HTML, no cookie set, no
CSRF token rendered into it, not marked private. Signed-in people always get a fresh page.

Every saved or deleted piece of content (a page published, an agenda item, a post, a proposal,
a tag) raises one version number after its transaction commits; entries of older versions are
never served again. A response stored while a change was committing is stored under the version
read before it was made, so it cannot outlive the change. Entries also expire on their own after
PAGE_CACHE_SECONDS. PAGE_CACHE_SECONDS = 0 turns the cache off."""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

VERSION_KEY = "page-cache:version"
# Apps whose rows end up on public pages. Sessions, notifications, search entries, logins and
# the like change often and show on no anonymous page.
CONTENT_APPS = frozenset(
    {"wagtailcore", "home", "handbook", "agenda", "discussions", "taggit", "wagtailimages",
     "wagtaildocs", "wagtailredirects", "dashboard"}
)  # fmt: skip
NOT_CACHED_PREFIXES = (
    "/admin/",
    "/api/",
    "/documents/",
    "/healthz",
    "/i18n/",
    "/account/",
    "/zoeken/",
    "/meldingen/",
    "/voortgang/",
    "/en/account/",
    "/en/zoeken/",
    "/en/meldingen/",
    "/en/voortgang/",
)
HEADER = "X-Page-Cache"


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def current_version():
    return _cache().get(VERSION_KEY, 0)


def visibility_scope(user):
    """What a user may see, as a cache key part: people who may see the same share entries."""
    from accounts.visibility import visibility_tokens

    tokens = visibility_tokens(user)
    return "all" if tokens is None else ",".join(sorted(tokens))


def shared_by_visibility(name, user, compute):
    """compute(), shared by everyone who may see the same content until any content changes
    or PAGE_CACHE_SECONDS pass; for figures that count over all content and grow with it."""
    seconds = _seconds()
    if not seconds:
        return compute()
    key = f"{name}:{current_version()}:{visibility_scope(user)}"
    value = _cache().get(key)
    if value is None:
        value = compute()
        _cache().set(key, value, seconds)
    return value


def bump_version():
    cache = _cache()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, 1, timeout=None)
        cache.incr(VERSION_KEY)


def content_changed(sender, **kwargs):
    if _seconds() and sender._meta.app_label in CONTENT_APPS:
        transaction.on_commit(bump_version)


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"page-cache-{signal}")


def _key(request, version):
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page-cache:{version}:{request.get_host()}:{digest}"


def _anonymous(request):
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.path.startswith(NOT_CACHED_PREFIXES)
    )


def _storable(request, response):
    user = getattr(request, "user", None)
    return (
        response.status_code == 200
        and not response.streaming
        and response["Content-Type"].startswith("text/html")
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and not (user is not None and user.is_authenticated)
    )


class AnonymousPageCacheMiddleware:
    """Placed early (after WhiteNoise): a hit skips sessions, authentication and the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = _seconds()
        if not seconds or not _anonymous(request):
            return self.get_response(request)
        cache = _cache()
        version = current_version()
        key = _key(request, version)
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if _storable(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() != "set-cookie"]
            cache.set(key, (response.content, headers), seconds)
            response[HEADER] = "miss"
        return response
