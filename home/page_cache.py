"""A cache of whole pages for visitors who are not signed in: the handbook, the public agenda and
public discussions are read far more often than they change.

Only a GET without a session or messages cookie is served from the cache, and only a response
that is the same for every anonymous visitor is stored: status 200, HTML, no cookie set, no
CSRF token rendered into it, not marked private. Signed-in people always get a fresh page.

Every saved or deleted piece of content (a page published, an agenda item, a post, a proposal,
a tag, a person or organisation renamed) raises one version number after its transaction
commits; entries of older versions are never served again. It also raises a version number of
its app, for what signed-in people share that shows the rows of a few apps only
(`shared_by_visibility`). A response stored while a change was committing is stored under the
version read before it was made, so it cannot outlive the change. Entries also expire on their
own after PAGE_CACHE_SECONDS. PAGE_CACHE_SECONDS = 0 turns the cache off.

Two tiers. The middleware keeps the entries in the shared cache (Redis in production), where
every worker finds them. In front of Django, `AnonymousPageCacheApp` keeps each worker's own
copies of the pages the middleware served or stored, and answers a repeat visit from them
without entering Django at all: one read of the version number (no thread, no middleware, no
unpickling), the same bytes and headers as before. Anything it is unsure of goes to Django."""

import asyncio
import collections
import functools
import hashlib
import time
import weakref

from django.conf import settings
from django.core.cache import caches
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from django.utils.module_loading import import_string

VERSION_KEY = "page-cache:version"
# Apps whose rows end up on public pages. Sessions, notifications, search entries, logins and
# the like change often and show on no anonymous page.
CONTENT_APPS = frozenset(
    {"wagtailcore", "home", "handbook", "agenda", "discussions", "taggit", "wagtailimages",
     "wagtaildocs", "wagtailredirects", "dashboard"}
)  # fmt: skip
# People and organisations are not content, but pages show their names: the owner on the
# agenda, the author and organisation of a post or proposal, a working group and its trekker.
# A person's row is also saved at every login; a save of only these fields changes no page.
# A person's groups decide which changes wait for their approval ("Voor u").
ACCOUNT_MODELS = frozenset(
    {"user", "organisation", "workinggroup", "workinggroupmembership", "user_groups"}
)
UNSHOWN_USER_FIELDS = frozenset({"last_login", "password"})
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
# Set in the ASGI scope by the middleware on a response every anonymous visitor may get: the
# version it belongs to, so that the worker's own copy is never newer than what it shows.
SCOPE_MARK = "rgw.page_cache_version"


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def current_version():
    return _cache().get(VERSION_KEY, 0)


def _app_version_key(app_label):
    return f"{VERSION_KEY}:{app_label}"


def visibility_scope(user):
    """What a user may see, as a cache key part: people who may see the same share entries.

    Remembered on the user object, which lives for one request: a page shares several parts
    (the agenda list and its totals, an item's facts and its trail), and for anyone without
    oversight each would otherwise read their working groups again."""
    scope = getattr(user, "_visibility_scope", None)
    if scope is None:
        from accounts.visibility import visibility_tokens

        tokens = visibility_tokens(user)
        scope = "all" if tokens is None else ",".join(sorted(tokens))
        user._visibility_scope = scope
    return scope


class CountedPaginator(Paginator):
    """A Paginator told how many there are (a count shared until it changes, as by
    shared_by_visibility) instead of counting them itself."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.count = count  # in place of Paginator's own cached count


def shared_by_visibility(name, user, compute, apps=None):
    """compute(), shared by everyone who may see the same content until any content changes
    or PAGE_CACHE_SECONDS pass; for figures that count over all content and grow with it.

    With `apps` (app labels of CONTENT_APPS), only a change to the rows of those apps makes it
    afresh: the agenda's list does not change when someone posts in a discussion, which on a
    busy platform is the most frequent write of all."""
    if not _seconds():
        return compute()  # nothing is shared: whom to share with need not be read either
    return shared_until_changed(f"{name}:{visibility_scope(user)}", compute, apps)


def shared_until_changed(name, compute, apps=None):
    """compute(), shared by everyone until content (of `apps`, as in shared_by_visibility)
    changes or PAGE_CACHE_SECONDS pass: for what is the same whoever asks."""
    seconds = _seconds()
    if not seconds:
        return compute()
    if apps is None:
        version = current_version()
    else:
        keys = [_app_version_key(label) for label in apps]
        found = _cache().get_many(keys)
        version = ".".join(str(found.get(key, 0)) for key in keys)
    key = f"{name}:{version}"
    value = _cache().get(key)
    if value is None:
        value = compute()
        _cache().set(key, value, seconds)
    return value


def raise_counter(cache, key):
    """Add one to a version number that lives in the cache for good, starting it when missing."""
    try:
        cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=None)
        cache.incr(key)


def bump_version(app_label=None):
    """Raise the version of every cached page, and that of the app whose rows changed."""
    cache = _cache()
    raise_counter(cache, VERSION_KEY)
    if app_label is not None:
        raise_counter(cache, _app_version_key(app_label))


def _shows_on_pages(sender, update_fields):
    meta = sender._meta
    if meta.app_label in CONTENT_APPS:
        return True
    if meta.app_label != "accounts" or meta.model_name not in ACCOUNT_MODELS:
        return False
    only_unshown = bool(update_fields) and UNSHOWN_USER_FIELDS >= update_fields
    return not (meta.model_name == "user" and only_unshown)


def content_changed(sender, update_fields=None, **kwargs):
    if _seconds() and _shows_on_pages(sender, update_fields):
        app_label = sender._meta.app_label
        transaction.on_commit(lambda: bump_version(app_label))


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"page-cache-{signal}")


def _key(request, version):
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page-cache:{version}:{request.get_host()}:{digest}"


def _anonymous_visit(method, path, cookies):
    """A GET of a cacheable path by someone without a session or messages cookie."""
    return (
        method == "GET"
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and not path.startswith(NOT_CACHED_PREFIXES)
    )


def _anonymous(request):
    return _anonymous_visit(request.method, request.path, request.COOKIES)


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
            _mark(request, version)
            return response
        response = self.get_response(request)
        if _storable(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() != "set-cookie"]
            cache.set(key, (response.content, headers), seconds)
            response[HEADER] = "miss"
            _mark(request, version)
        return response


def _mark(request, version):
    scope = getattr(request, "scope", None)  # only under ASGI
    if scope is not None:
        scope[SCOPE_MARK] = version


class _LocalPage:
    __slots__ = ("version", "expires", "status", "headers", "body")

    def __init__(self, version, expires, status, headers, body):
        self.version, self.expires = version, expires
        self.status, self.headers, self.body = status, headers, body


@functools.lru_cache
def _backend_kind(path):
    """ "memory", "redis" (Django's Redis cache or one built on it) or None, for a backend path."""
    from django.core.cache.backends.locmem import LocMemCache
    from django.core.cache.backends.redis import RedisCache

    backend = import_string(path)
    if issubclass(backend, LocMemCache):
        return "memory"
    return "redis" if issubclass(backend, RedisCache) else None


class AnonymousPageCacheApp:
    """ASGI front of the page cache: each worker answers repeat anonymous visits from its own
    copies, checked against the shared version number, before Django is entered.

    A copy is made only of a response the middleware marked as one for every anonymous visitor,
    and kept under the version the middleware read before the page was made: after any content
    change the version is higher and the copy is never served again. At most LOCAL_ENTRIES
    copies per worker, the least recently used go first.

    The version is read without blocking: from memory with the in-process cache (the embedded
    default), with an asyncio Redis client on Redis (production). With any other cache backend,
    or when Redis does not answer, every request goes to Django as before. Plain-HTTP requests
    are left to Django when it must redirect them to HTTPS."""

    LOCAL_ENTRIES = 500
    LARGEST_PAGE = 2 * 1024 * 1024

    def __init__(self, app):
        self.app = app
        self.pages = collections.OrderedDict()
        self._redis_clients = weakref.WeakKeyDictionary()  # one per event loop

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not _seconds():
            return await self.app(scope, receive, send)
        secure = _is_secure(scope)
        if not _anonymous_scope(scope, secure):
            return await self.app(scope, receive, send)
        version = await self._current_version()
        if version is None:
            return await self.app(scope, receive, send)
        key = _scope_key(scope, secure)
        page = self.pages.get(key)
        if page is not None and page.version == version and page.expires > time.monotonic():
            self.pages.move_to_end(key)
            await send({"type": "http.response.start", "status": page.status,
                        "headers": page.headers})  # fmt: skip
            await send({"type": "http.response.body", "body": page.body})
            return None
        if page is not None:
            del self.pages[key]
        return await self.app(scope, receive, self._copying(scope, key, send))

    def _copying(self, scope, key, send):
        """send(), keeping a copy of a response the middleware marked as shareable."""
        copy = {}

        async def copying_send(message):
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                if (
                    message["status"] == 200
                    and SCOPE_MARK in scope
                    and not any(name.lower() == b"set-cookie" for name, _ in headers)
                ):
                    copy.update(status=200, headers=headers, body=[], size=0)
            elif message["type"] == "http.response.body" and copy:
                copy["body"].append(message.get("body", b""))
                copy["size"] += len(copy["body"][-1])
                if copy["size"] > self.LARGEST_PAGE:
                    copy.clear()
                elif not message.get("more_body", False):
                    self._keep(key, scope[SCOPE_MARK], copy)
            await send(message)

        return copying_send

    def _keep(self, key, version, copy):
        body = b"".join(copy["body"])
        headers = [
            (name, b"hit" if name.lower() == HEADER.lower().encode() else value)
            for name, value in copy["headers"]
            if name.lower() != b"content-length"
        ] + [(b"content-length", str(len(body)).encode())]
        expires = time.monotonic() + _seconds()
        self.pages[key] = _LocalPage(version, expires, copy["status"], headers, body)
        self.pages.move_to_end(key)
        while len(self.pages) > self.LOCAL_ENTRIES:
            self.pages.popitem(last=False)

    async def _current_version(self):
        """The shared version number, or None when it cannot be read without blocking."""
        alias = getattr(settings, "PAGE_CACHE_ALIAS", "default")
        kind = _backend_kind(settings.CACHES[alias]["BACKEND"])
        if kind == "memory":
            return current_version()
        if kind != "redis":
            return None
        location = settings.CACHES[alias]["LOCATION"]
        if not isinstance(location, str):
            location = location[0]
        location = location.split(",")[0]  # the first server is the one Django writes to
        from platform_site.redis_cache import unsettled

        if unsettled(location):  # Django's cache client knows better: let Django answer
            return None
        try:
            value = await self._redis(location).get(caches[alias].make_key(VERSION_KEY))
        except Exception:  # noqa: BLE001 - Redis unreachable: Django answers (or says so)
            return None
        return 0 if value is None else int(value)

    def _redis(self, location):
        import redis.asyncio  # only with the Redis cache (production)

        clients = self._redis_clients.setdefault(asyncio.get_running_loop(), {})
        if location not in clients:
            clients[location] = redis.asyncio.Redis.from_url(
                location, socket_timeout=1, socket_connect_timeout=1
            )
        return clients[location]


def _scope_key(scope, secure):
    """The request as the visitor sent it: scheme, host, path and query."""
    return (
        secure,
        (_header(scope, b"host") or b"").lower(),
        scope.get("root_path", "") + scope["path"],
        scope.get("query_string", b""),
    )


def _header(scope, name):
    """A request header's value, or None without it."""
    values = [value for key, value in scope.get("headers", []) if key == name]
    return b"; ".join(values) if values else None


def _is_secure(scope):
    """As Django's request.is_secure(): the proxy's header when it sent one, else the scheme."""
    if settings.SECURE_PROXY_SSL_HEADER:
        meta_name, expected = settings.SECURE_PROXY_SSL_HEADER
        value = _header(scope, meta_name.removeprefix("HTTP_").lower().replace("_", "-").encode())
        if value is not None:
            return value.decode("latin-1").split(",", 1)[0].strip() == expected
    return scope.get("scheme") == "https"


def _anonymous_scope(scope, secure):
    if settings.SECURE_SSL_REDIRECT and not secure:
        return False  # Django redirects it to HTTPS
    cookies = parse_cookie((_header(scope, b"cookie") or b"").decode("latin-1"))
    return _anonymous_visit(scope["method"], scope["path"], cookies)
