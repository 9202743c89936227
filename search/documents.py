"""What is searchable: models say what they hold, this module turns them into documents."""

import re
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
        }


def plain(*parts):
    text = " ".join(strip_tags(str(part)) for part in parts if part)
    return re.sub(r"\s+", " ", text).strip()


def handbook_document(page):
    """A live, public handbook page; None for anything else."""
    from handbook.models import (
        GlossaryPage,
        GlossaryTerm,
        GuidancePage,
        HandbookPage,
        IntensityPage,
        LocalVariation,
        ProfilePage,
        ResultMatrixPage,
        SegmentPage,
    )

    page = page.specific
    if not isinstance(page, HandbookPage) or not page.live or page.get_view_restrictions().exists():
        return None
    body = [page.summary, page.plain_summary]
    codes, facets = [], {"type": ["handbook"], "domain": [page.domain]}
    if isinstance(page, GuidancePage):
        body += [f"{b.value['heading']} {b.value['text'].source}" for b in page.body]
    if isinstance(page, ProfilePage):
        body += [page.description, page.typical_situations, page.not_this, page.examples]
        body += [cell.description for cell in page.intensities.all()]
        codes.append(page.code)
        facets["profile"] = [page.title]
        if page.segment:
            facets["segment"] = [page.segment]
    if isinstance(page, IntensityPage):
        body += [page.description, page.distinguishing, page.typical_situations, page.block_label]
        facets["intensity"] = [page.get_level_display()]
    if isinstance(page, SegmentPage):
        body += [page.description, page.funding, page.advisory_team, page.share_of_trajectories]
        facets["segment"] = [page.segment]
        codes.append(f"segment {page.segment}")
    if isinstance(page, GlossaryPage):
        for term in GlossaryTerm.objects.all():
            codes.append(term.abbreviation)
            body += [term.term, term.abbreviation, term.definition, term.synonyms]
    if isinstance(page, ResultMatrixPage):
        for block in page.building_blocks:
            codes.append(block.value["code"])
            body += [block.value["name"], block.value["description"], block.value["issues"]]
        body += [f"{b.value['level']} {b.value['description']}" for b in page.intervention_levels]
    municipalities = LocalVariation.objects.filter(page=page).values_list(
        "municipality__name", flat=True
    )
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
        "part": [f"Deel {item.part.number}"],
        "status": [item.get_status_display()],
        "municipality": sorted(m.name for m in item.municipalities.all()),
        "tag": sorted(t.name for t in item.tags.all()),
    }
    return Document(
        doc_id=f"agenda-{item.pk}",
        type="agenda",
        title=str(item),
        body=plain(item.summary, item.risks, item.status_reason, item.theme),
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
        facets["part"] = [f"Deel {proposal.affected_part.number}"]
    return Document(
        doc_id=f"proposal-{proposal.pk}",
        type="proposal",
        title=proposal.title,
        body=plain(
            proposal.problem,
            proposal.proposed_change,
            proposal.expected_effect,
            proposal.evidence,
            proposal.theme,
        ),  # fmt: skip
        url=proposal.get_absolute_url(),
        access=access_token(proposal.visibility, proposal.working_group_id),
        facets={k: v for k, v in facets.items() if v},
    )


def thread_document(thread):
    """A thread with the text of its posts; hidden posts are not searchable."""
    posts = thread.posts.filter(hidden_at__isnull=True).values_list("body_html", flat=True)
    facets = {"type": ["thread"], "tag": sorted(t.name for t in thread.tags.all())}
    return Document(
        doc_id=f"thread-{thread.pk}",
        type="thread",
        title=thread.title,
        body=plain(thread.theme, *posts),
        url=thread.get_absolute_url(),
        access=access_token(thread.visibility, thread.working_group_id),
        facets={k: v for k, v in facets.items() if v},
    )


def document_for(doc_id):
    """Rebuild the document for an id from the database; None when it should not be indexed.

    Always in the default language: the index serves every visitor, and a re-index that happens
    during an English request must not store English labels or /en/ URLs.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _document_for(doc_id)


def _document_for(doc_id):
    kind, _, pk = doc_id.partition("-")
    if kind == "page":
        from wagtail.models import Page

        page = Page.objects.filter(pk=pk).first()
        return handbook_document(page) if page else None
    if kind == "agenda":
        from agenda.models import AgendaItem

        item = AgendaItem.objects.filter(pk=pk).select_related("part", "theme").first()
        return agenda_document(item) if item else None
    if kind == "proposal":
        from discussions.models import Proposal

        proposal = Proposal.objects.filter(pk=pk).select_related("affected_part", "theme").first()
        return proposal_document(proposal) if proposal else None
    if kind == "thread":
        from discussions.models import Thread

        thread = Thread.objects.filter(pk=pk).select_related("theme").first()
        return thread_document(thread) if thread else None
    return None


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
