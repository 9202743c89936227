"""When a handbook page is published: tell who follows it, record which revision was published
for which agenda item, and tell that item's followers."""

from django.dispatch import receiver
from django.utils.translation import gettext as _
from wagtail.signals import page_published

from notifications.actions import followers_of, notify
from notifications.models import Kind
from platform_site.i18n import Written

from .models import HandbookChange, HandbookPage


@receiver(page_published)
def tell_followers_of_the_page(sender, instance, revision=None, **kwargs):
    """Who follows a handbook page hears when a new version of it is published; what changed
    is on "Wat is er gewijzigd?" (handbook.changes)."""
    page = instance.specific
    if not isinstance(page, HandbookPage):
        return
    followers = list(followers_of(page))
    if not followers:
        return
    public = not page.get_view_restrictions().exists()
    notify(
        followers,
        Kind.HANDBOOK,
        lambda: _("Handreiking gewijzigd: %(page)s") % {"page": Written(page.title)},
        url=page.url or "",
        actor=getattr(revision, "user", None),
        may_see=lambda u: public,
    )


@receiver(page_published)
def link_revision_to_agenda_items(sender, instance, revision=None, **kwargs):
    page = instance.specific
    if not isinstance(page, HandbookPage):
        return
    for item in page.agenda_items.all():
        change, created = HandbookChange.objects.get_or_create(
            page=page,
            agenda_item=item,
            defaults={"revision": revision, "published_by": getattr(revision, "user", None)},
        )
        if created:
            notify(
                followers_of(item),
                Kind.AGENDA,
                lambda item=item: (
                    _("Handreiking aangepast voor %(item)s: %(page)s")
                    % {"item": Written(item), "page": Written(page.title)}
                ),
                url=page.url or "",
                actor=change.published_by,
                about=[item],
            )
