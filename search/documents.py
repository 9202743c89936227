"""What is searchable: models say what they hold, this module turns them into documents."""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from accounts.visibility import Visibility, access_token

TYPE_LABELS = {
    "handbook": _("Handreiking"),
    "agenda": _("Agendapunt"),
    "proposal": _("Verbetervoorstel"),
    "thread": _("Discussie"),
}
FACETS = (
    "type",
    "domain",
    "segment",
    "profile",
    "intensity",
    "municipality",
    "part",
    "status",
    "tag",
)

FACET_FIELD = "facet"

# The part facet is stored as Dutch text; part_value writes it, PART_VALUE reads it back.
PART_VALUE = re.compile(r"Deel (\d+)")


def part_value(number):
    return f"Deel {number}"


def facet_label(name, value):
    """How a facet value reads on the search page, in the reader's language. The index keeps
    each domain as its code ("beide") and statuses and intensities as their Dutch labels; the
    filter links keep those values."""
    from agenda.models import Domain

    if name == "type":
        return TYPE_LABELS.get(value, value)
    if name == "domain" and value in Domain.values:
        return Domain(value).label
    if name in ("status", "intensity"):
        return translation.gettext(value)
    if name == "part" and (number := PART_VALUE.fullmatch(value)):
        return translation.gettext("Deel %(number)s") % {"number": number[1]}
    return value


@dataclass
class Document:
    doc_id: str
    type: str
    title: str
    body: str
    url: str
    access: str
    codes: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)  # facet name -> list of values

    def as_engine_source(self):
        return {
            "type": self.type,
            "title": self.title,
            "body": self.body,
            "codes": self.codes,
            "url": self.url,
            "access": self.access,
            **{f"f_{name}": values for name, values in self.facets.items()},
            # Every facet value once more in one field, "name:value": the facet counts are one
            # aggregation over one field instead of nine (a third faster).
            FACET_FIELD: [
                f"{name}:{value}" for name, values in self.facets.items() for value in values
            ],
        }


def plain(*parts):
    text = " ".join(strip_tags(str(part)) for part in parts if part)
    return re.sub(r"\s+", " ", text).strip()


def theme_sentence(theme):
    """The theme at the end of the text, as a sentence of its own: an item is found by its
    theme, and an excerpt that shows it reads "… afnemen. Thema: Regievoering." rather than
    "… afnemen. Regievoering". Written in the index's language (documents_for)."""
    return translation.gettext("Thema: %(theme)s.") % {"theme": theme} if theme else ""


def handbook_document(page, *, public, municipalities):
    """A live, public handbook page; None for anything else. Whether it is public (no view
    restriction on it or above it) and its local variations come from the batch builder."""
    from handbook.models import (
        GlossaryPage,
        GlossaryTerm,
        HandbookPage,
        IntensityPage,
        ProfilePage,
        ResultMatrixPage,
        SegmentPage,
    )

    page = page.specific
    if not isinstance(page, HandbookPage) or not page.live:
        return None
    if not public:
        return None
    body = page.text_parts()
    codes, facets = [], {"type": ["handbook"], "domain": [page.domain]}
    if isinstance(page, ProfilePage):
        codes.append(page.code)
        facets["profile"] = [page.title]
        if page.segment:
            facets["segment"] = [page.segment]
    if isinstance(page, IntensityPage):
        facets["intensity"] = [page.get_level_display()]
    if isinstance(page, SegmentPage):
        facets["segment"] = [page.segment]
        codes.append(f"segment {page.segment}")
    if isinstance(page, GlossaryPage):
        codes += [term.abbreviation for term in GlossaryTerm.objects.all()]
    if isinstance(page, ResultMatrixPage):
        codes += [block.value["code"] for block in page.building_blocks]
    if municipalities:
        facets["municipality"] = sorted(set(municipalities))
    return Document(
        doc_id=f"page-{page.pk}",
        type="handbook",
        title=page.title,
        body=plain(*body),
        url=page.url or "",
        access=Visibility.PUBLIC.value,
        codes=[c for c in codes if c],
        facets=facets,
    )


def agenda_document(item):
    if not item.live:
        return None
    facets = {
        "type": ["agenda"],
        "domain": [item.domain],
        "part": [part_value(item.part.number)],
        "status": [item.get_status_display()],
        "municipality": sorted(m.name for m in item.municipalities.all()),
        "tag": sorted(t.name for t in item.tags.all()),
    }
    return Document(
        doc_id=f"agenda-{item.pk}",
        type="agenda",
        title=str(item),
        body=plain(item.summary, item.risks, item.status_reason, theme_sentence(item.theme)),
        url=item.get_absolute_url(),
        access=access_token(item.visibility, item.working_group_id),
        codes=[item.code],
        facets={k: v for k, v in facets.items() if v},
    )


def proposal_document(proposal):
    """A proposal or signal; a merged one lives on in the proposal it was merged into."""
    from discussions.models import ProposalStatus

    if proposal.status == ProposalStatus.MERGED:
        return None
    facets = {
        "type": ["proposal"],
        "domain": [proposal.domain],
        "status": [proposal.get_status_display()],
        "tag": sorted(t.name for t in proposal.tags.all()),
    }
    if proposal.affected_part_id:
        facets["part"] = [part_value(proposal.affected_part.number)]
    return Document(
        doc_id=f"proposal-{proposal.pk}",
        type="proposal",
        title=proposal.title,
        body=plain(
            proposal.problem,
            proposal.proposed_change,
            proposal.expected_effect,
            proposal.evidence,
            theme_sentence(proposal.theme),
        ),  # fmt: skip
        url=proposal.get_absolute_url(),
        access=access_token(proposal.visibility, proposal.working_group_id),
        facets={k: v for k, v in facets.items() if v},
    )


def thread_document(thread):
    """A thread with the text of its posts; hidden posts are not searchable."""
    posts = [post.body_html for post in thread.visible_posts]  # prefetched by the batch builder
    facets = {"type": ["thread"], "tag": sorted(t.name for t in thread.tags.all())}
    return Document(
        doc_id=f"thread-{thread.pk}",
        type="thread",
        title=thread.title,
        body=plain(*posts, theme_sentence(thread.theme)),
        url=thread.get_absolute_url(),
        access=access_token(thread.visibility, thread.working_group_id),
        facets={k: v for k, v in facets.items() if v},
    )


def document_for(doc_id):
    """Rebuild the document for an id from the database; None when it should not be indexed."""
    return documents_for([doc_id])[doc_id]


def documents_for(doc_ids):
    """{doc_id: Document or None} for many ids, with a few queries per kind instead of several
    per document (a rebuild of the full index reads hundreds of thousands).

    Always in the default language: the index serves every visitor, and a re-index that happens
    during an English request must not store English labels or /en/ URLs.
    """
    wanted = defaultdict(list)
    for doc_id in doc_ids:
        kind, _, pk = doc_id.partition("-")
        if pk.isdigit():
            wanted[kind].append(int(pk))
    found = {}
    with translation.override(settings.LANGUAGE_CODE):
        for kind, build in _BUILDERS.items():
            if wanted[kind]:
                found.update((f"{kind}-{pk}", doc) for pk, doc in build(wanted[kind]))
    return {doc_id: found.get(doc_id) for doc_id in doc_ids}


def _handbook_documents(pks):
    from wagtail.models import Page

    from handbook.models import LocalVariation

    pages = Page.objects.filter(pk__in=pks).specific()
    public = set(Page.objects.filter(pk__in=pks).public().values_list("pk", flat=True))
    municipalities = defaultdict(list)
    for page_id, name in LocalVariation.objects.filter(page_id__in=pks).values_list(
        "page_id", "municipality__name"
    ):
        municipalities[page_id].append(name)
    for page in pages:
        yield (
            page.pk,
            handbook_document(
                page, public=page.pk in public, municipalities=municipalities[page.pk]
            ),
        )


def _agenda_documents(pks):
    from agenda.models import AgendaItem

    items = (
        AgendaItem.objects.filter(pk__in=pks)
        .select_related("part", "theme")
        .prefetch_related("municipalities", "tags")
    )
    for item in items:
        yield item.pk, agenda_document(item)


def _proposal_documents(pks):
    from discussions.models import Proposal

    proposals = (
        Proposal.objects.filter(pk__in=pks)
        .select_related("affected_part", "theme")
        .prefetch_related("tags")
    )
    for proposal in proposals:
        yield proposal.pk, proposal_document(proposal)


def _thread_documents(pks):
    from django.db.models import Prefetch

    from discussions.models import Post, Thread

    visible = Post.objects.filter(hidden_at__isnull=True).only("thread_id", "body_html")
    threads = (
        Thread.objects.filter(pk__in=pks)
        .select_related("theme")
        .prefetch_related("tags", Prefetch("posts", queryset=visible, to_attr="visible_posts"))
    )
    for thread in threads:
        yield thread.pk, thread_document(thread)


_BUILDERS = {
    "page": _handbook_documents,
    "agenda": _agenda_documents,
    "proposal": _proposal_documents,
    "thread": _thread_documents,
}


def all_doc_ids():
    from agenda.models import AgendaItem
    from discussions.models import Proposal, ProposalStatus, Thread
    from handbook.models import HandbookPage

    ids = [f"page-{pk}" for pk in HandbookPage.objects.live().public().values_list("pk", flat=True)]
    ids += [
        f"agenda-{pk}" for pk in AgendaItem.objects.filter(live=True).values_list("pk", flat=True)
    ]
    proposals = Proposal.objects.exclude(status=ProposalStatus.MERGED)
    ids += [f"proposal-{pk}" for pk in proposals.values_list("pk", flat=True)]
    ids += [f"thread-{pk}" for pk in Thread.objects.values_list("pk", flat=True)]
    return ids
