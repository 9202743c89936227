"""What changed in the handbook, publication by publication: for access staff who need to know
that guidance they follow was revised, and how. Each publication of a live, public page is
compared with the one before it (HandbookPage.text_parts, word by word); the first is new."""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils.html import strip_tags
from wagtail.models import PageLogEntry, Revision

from discussions.history import word_diff

from .models import HandbookChange, HandbookPage

PAGE_SIZE = 20


def readable_text(page):
    """A version of a page as one plain text: its parts without markup, spaces made single. It
    ends in a space, as every word in it does: a part added at the end then reads as added,
    without its last word read as changed (word_diff keeps a word with the space after it)."""
    parts = (strip_tags(str(part)) for part in page.text_parts() if part)
    return re.sub(r"\s+", " ", " ".join(parts) + " ").lstrip()


@dataclass
class Publication:
    """One publication of a page: when, by whom, what it changed, and for which agenda items."""

    page: HandbookPage
    published_at: object
    published_by: object
    title: str
    title_before: str  # when this publication gave the page another title
    pieces: list  # discussions.history.Piece; empty for the page's first publication
    is_first: bool
    reasons: list = field(default_factory=list)  # agenda items the caller may see

    @property
    def changed_text(self):
        return any(piece.kind in ("removed", "added") for piece in self.pieces)


def publications(index_page, revisions_only=False, page_id=None):
    """The publish log entries of the live, public handbook pages under `index_page`, newest
    first: a queryset to paginate. `revisions_only`: not a page's first publication; `page_id`:
    of that page only."""
    pages = HandbookPage.objects.live().public().descendant_of(index_page)
    if page_id is not None:
        pages = pages.filter(pk=page_id)
    entries = (
        PageLogEntry.objects.filter(action="wagtail.publish", page__in=pages)
        .exclude(revision__isnull=True)
        .select_related("user")
        .order_by("-timestamp", "-pk")
    )
    if revisions_only:
        earlier = PageLogEntry.objects.filter(
            action="wagtail.publish",
            page_id=OuterRef("page_id"),
            revision__isnull=False,
            timestamp__lt=OuterRef("timestamp"),
        )
        entries = entries.filter(Exists(earlier))
    return entries


# A published version never changes: once made plain, it is kept (a month, then made again).
# The number before the revision is how plain texts are made (2: headings end in a colon); a
# version made the old way is never compared with one made the new way.
VERSION_KEY = "handbook-version:2:{}"
VERSION_SECONDS = 30 * 24 * 3600


def _versions(revision_ids):
    """{revision id: (title, plain text)} of these published versions. Each is read and made
    plain once and then kept in the shared cache: a version read back from its revision
    (`as_object`) costs about nine queries (the page, its locale, its type, its comments)."""
    keys = {VERSION_KEY.format(pk): pk for pk in revision_ids}
    versions = {keys[key]: tuple(value) for key, value in cache.get_many(keys).items()}
    missing = set(revision_ids) - versions.keys()
    if missing:
        made = {}
        for revision in Revision.objects.filter(pk__in=missing):
            page = revision.as_object()
            made[revision.pk] = (page.title, readable_text(page))
        cache.set_many({VERSION_KEY.format(pk): value for pk, value in made.items()},
                       VERSION_SECONDS)  # fmt: skip
        versions.update(made)
    return versions


def describe(entries, user):
    """Each log entry of one page of the list as a Publication: compared with the publication
    of the same page before it, and with the agenda items it was published for. A handful of
    queries for the whole page of the list, and each version read and made plain once (the
    version one entry shows is the one the next entry of that page compares with)."""
    from agenda.models import AgendaItem

    entries = list(entries)
    page_ids = {entry.page_id for entry in entries}
    pages = HandbookPage.objects.in_bulk(page_ids)
    visible = AgendaItem.objects.visible_to(user)
    reasons = {}
    for change in HandbookChange.objects.filter(
        revision__in=[e.revision_id for e in entries], agenda_item__in=visible
    ).select_related("agenda_item"):
        reasons.setdefault(change.revision_id, []).append(change.agenda_item)
    # Every publication of these pages, oldest first: the one before an entry is the one before
    # it in its page's row.
    rows = defaultdict(list)
    for pk, page_id, revision_id in (
        PageLogEntry.objects.filter(
            action="wagtail.publish", page_id__in=page_ids, revision__isnull=False
        )
        .order_by("timestamp", "pk")
        .values_list("pk", "page_id", "revision_id")
    ):
        rows[page_id].append((pk, revision_id))
    earlier_of = {}
    for published in rows.values():
        for (_pk, before), (pk, _revision) in zip(published, published[1:], strict=False):
            earlier_of[pk] = before
    versions = _versions({e.revision_id for e in entries} | set(earlier_of.values()))
    described = []
    for entry in entries:
        title, text = versions[entry.revision_id]
        before = earlier_of.get(entry.pk)
        title_before, text_before = versions[before] if before else ("", "")
        described.append(
            Publication(
                page=pages[entry.page_id],
                published_at=entry.timestamp,
                published_by=entry.user,
                title=title,
                title_before=title_before if before and title_before != title else "",
                pieces=word_diff(text_before, text) if before else [],
                is_first=before is None,
                reasons=reasons.get(entry.revision_id, []),
            )
        )
    return described
