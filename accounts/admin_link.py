"""Whether the header offers "Beheer" (the Wagtail admin). Asking Django costs two permission
queries on every page a signed-in person opens; the answer is remembered per person for a few
minutes instead. The admin checks access itself on every request, so a stale answer can only show
or hide a link for that long; a change to someone's groups or permissions, to a group's
permissions, or a group deleted, is seen at once."""

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

REMEMBER_SECONDS = 300
VERSION_KEY = "admin-link-version"


def _key(user_pk):
    return f"admin-link:{cache.get(VERSION_KEY, 0)}:{user_pk}"


def may_open_admin(user):
    if not user.is_authenticated:
        return False
    key = _key(user.pk)
    allowed = cache.get(key)
    if allowed is None:
        allowed = user.has_perm("wagtailadmin.access_admin")
        cache.set(key, allowed, REMEMBER_SECONDS)
    return allowed


def forget_for_everyone(**kwargs):
    from home.page_cache import raise_counter

    raise_counter(cache, VERSION_KEY)


def forget_user(instance, **kwargs):
    if isinstance(instance, Group):
        # A group gained or lost members, seen from the group's side.
        forget_for_everyone()
    elif getattr(instance, "pk", None) is not None:
        cache.delete(_key(instance.pk))


def connect_signals(user_model):
    uid = "admin-link"
    post_save.connect(forget_user, sender=user_model, dispatch_uid=f"{uid}-user")
    m2m_changed.connect(forget_user, sender=user_model.groups.through, dispatch_uid=f"{uid}-g")
    m2m_changed.connect(
        forget_user, sender=user_model.user_permissions.through, dispatch_uid=f"{uid}-p"
    )
    m2m_changed.connect(
        forget_for_everyone, sender=Group.permissions.through, dispatch_uid=f"{uid}-group"
    )
    # Deleting a group removes its members and permissions without an m2m signal.
    post_delete.connect(forget_for_everyone, sender=Group, dispatch_uid=f"{uid}-group-gone")


def admin_link(request):
    """Context processor: `may_open_admin` for the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"may_open_admin": may_open_admin(user)}
