"""Realistic volume for the benchmarks: a region's organisations and people, a large agenda, a
handbook of thousands of pages, years of discussion and proposals, made with bulk inserts so
that even ten times the volume is made in minutes.

Text is drawn, with a fixed seed, from the domain's own words (DOMAIN.md), so that searches over
it behave as they would over real content. Everything generated carries the marker `vol` in a
name, code or slug, to tell it from real content. Meant for a benchmark database, not for a
database in use."""

import datetime
import random
import uuid
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

MARKER = "vol"
QUOTING_SHARE = 0.2

BASE = {
    "organisations": 300,
    "users": 2_000,
    "agenda_items": 10_000,
    "handbook_pages": 10_000,
    "threads": 5_000,
    "posts": 100_000,
    "proposals": 20_000,
}

WORDS = (
    "perspectiefplan regisseur toegang intensiteit profiel segment resultaatgebied wachttijd "
    "jeugdhulp wmo huishoudelijke ondersteuning begeleiding dagbesteding triage gezinsplan "
    "zorgaanbieder gemeente inwoner cliënt ouders school huisarts wijkteam casusregie "
    "kostprijs tarief verantwoording declaratie product beschikking indicatie afschaling "
    "opschaling doorlooptijd veiligheid crisis verblijf ambulant licht middel zwaar complex "
    "evaluatie doelen ontwikkelagenda handreiking werkgroep expertteam matrix bekostiging "
    "samenwerking regie overdracht afstemming privacy mandaat escalatie wachtlijst capaciteit"
).split()
PHRASES = [
    "Wanneer kies je voor een perspectiefplan?",
    "De rol van de regisseur bij {w}",
    "Intensiteit {i} in segment {s}",
    "Afschalen na {w}",
    "Wachttijden voor {w}",
    "Hoe verantwoorden we {w}?",
    "Profiel {p}: {w} en {w2}",
]


def _sentence(rng, words=12):
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return " ".join(chosen).capitalize() + "."


def _title(rng):
    return rng.choice(PHRASES).format(
        w=rng.choice(WORDS),
        w2=rng.choice(WORDS),
        i=rng.choice(["licht", "middel", "zwaar"]),
        s=rng.choice("ABCDE"),
        p=rng.randint(1, 9),
    )


@dataclass
class Plan:
    scale: float

    def count(self, name):
        return max(1, round(BASE[name] * self.scale))


def _batches(total, size):
    for start in range(0, total, size):
        yield start, min(size, total - start)


def generate(scale=1.0, seed=2026, progress=None):
    """Add the volume for `scale` (1 = the benchmark's base volume) to the database."""
    from tqdm import tqdm

    progress = progress or (lambda name, total: tqdm(total=total, desc=name, unit="rij"))
    rng = random.Random(seed)  # noqa: S311  # nosec B311 - made-up content, reproducible
    plan = Plan(scale)
    counts = {}
    with transaction.atomic():
        orgs = _organisations(plan, rng, progress)
        users = _users(plan, rng, orgs, progress)
        counts["organisations"] = plan.count("organisations")
        counts["users"] = plan.count("users")
    counts["agenda_items"] = _agenda_items(plan, rng, users, progress)
    counts["handbook_pages"] = _handbook_pages(plan, rng, users, progress)
    counts["threads"], counts["posts"] = _threads_and_posts(plan, rng, users, progress)
    counts["proposals"] = _proposals(plan, rng, users, orgs, progress)
    return counts


def _organisations(plan, rng, progress):
    from accounts.models import Organisation, OrganisationType

    total = plan.count("organisations")
    municipalities = max(1, min(12, total // 25))
    experts = max(1, total // 50)
    offset = Organisation.objects.filter(slug__startswith=f"{MARKER}-org-").count()
    if offset:  # a growth run: the region gains providers, not municipalities
        municipalities = experts = 0
    bar = progress("organisaties", total)
    orgs = []
    for k in range(total):
        n = offset + k
        if k < municipalities:
            kind, name = OrganisationType.MUNICIPALITY, f"Gemeente {n} [{MARKER}]"
        elif k < municipalities + experts:
            kind, name = OrganisationType.INDEPENDENT_EXPERT, f"Adviesbureau {n} [{MARKER}]"
        else:
            kind, name = OrganisationType.PROVIDER, f"Zorgaanbieder {n} [{MARKER}]"
        orgs.append(Organisation(name=name, slug=f"{MARKER}-org-{n}", type=kind))
    Organisation.objects.bulk_create(orgs, batch_size=1000)
    bar.update(total)
    bar.close()
    return list(Organisation.objects.filter(slug__startswith=f"{MARKER}-org-"))


def _users(plan, rng, orgs, progress):
    from accounts.models import OrganisationType, Role, User

    total = plan.count("users")
    password = make_password(uuid.uuid4().hex)  # nobody logs in as a generated person
    roles_for = {
        OrganisationType.MUNICIPALITY: [
            Role.ACCESS_STAFF,
            Role.ACCESS_STAFF,
            Role.WORKING_GROUP_MEMBER,
            Role.TREKKER,
            Role.DEPARTMENT_HEAD,
        ],
        OrganisationType.PROVIDER: [Role.PROVIDER],
        OrganisationType.INDEPENDENT_EXPERT: [Role.INDEPENDENT_EXPERT],
    }
    offset = User.objects.filter(username__startswith=f"{MARKER}-user-").count()
    bar = progress("gebruikers", total)
    users = []
    for n in range(offset, offset + total):
        org = orgs[n % len(orgs)]
        users.append(
            User(
                username=f"{MARKER}-user-{n}",
                first_name=f"Persoon{n}",
                last_name=MARKER,
                email=f"{MARKER}-{n}@example.invalid",
                password=password,
                organisation=org,
                role=rng.choice(roles_for[org.type]),
            )
        )
    User.objects.bulk_create(users, batch_size=2000)
    bar.update(total)
    bar.close()
    return list(
        User.objects.filter(username__startswith=f"{MARKER}-user-").only(
            "pk", "role", "organisation_id"
        )
    )


def _agenda_items(plan, rng, users, progress):
    from accounts.models import Organisation, OrganisationType, WorkingGroup
    from accounts.visibility import Visibility
    from agenda.models import AgendaItem, AgendaPart, Domain, Kind, Status, Theme

    parts = list(AgendaPart.objects.all())
    if not parts:
        parts = [AgendaPart.objects.create(number=1, title="Uitvoeringspraktijk", slug="deel-1")]
    # Filled in as the memo's items are, so that the agenda's filters (theme, domain, working
    # group, municipality) select a share of the volume rather than only the demo's items.
    themes = [*Theme.objects.all(), None]
    groups = [*WorkingGroup.objects.all(), None, None]
    domains = [Domain.JEUGD, Domain.JEUGD, Domain.WMO, Domain.WMO, Domain.BOTH]
    kinds = [Kind.AANBEVELING, Kind.AANBEVELING, Kind.ACTIE, Kind.ACTIE, Kind.KNELPUNT]
    municipalities = list(
        Organisation.objects.filter(type=OrganisationType.MUNICIPALITY).values_list("pk", flat=True)
    )
    total = plan.count("agenda_items")
    levels = [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.MEMBERS, Visibility.MUNICIPALITIES]
    # Items are owned by the working groups' people, a few per municipality, not by everyone.
    leads = [u for u in users if u.role in ("trekker", "department_head")]
    owners = leads[: max(10, len(users) // 40)] or users
    today = timezone.localdate()
    offset = AgendaItem.objects.filter(code__startswith=f"{MARKER}.").count()
    bar = progress("agendapunten", total)
    for start, size in _batches(total, 2000):
        start += offset
        batch = []
        for n in range(start, start + size):
            status = rng.choice(list(Status))
            group = rng.choice(groups)
            batch.append(
                AgendaItem(
                    part=parts[n % len(parts)],
                    code=f"{MARKER}.{n}",
                    title=_title(rng)[:255],
                    summary=_sentence(rng, 30),
                    kind=rng.choice(kinds),
                    theme=rng.choice(themes),
                    domain=rng.choice(domains),
                    is_priority=rng.random() < 0.2,
                    status=status,
                    progress=rng.randint(0, 100),
                    visibility=(
                        Visibility.WORKING_GROUP
                        if group and rng.random() < 0.1
                        else rng.choice(levels)
                    ),
                    deadline=today + datetime.timedelta(days=rng.randint(-200, 500)),
                    # bulk_create skips save(), which dates a realisation for the progress view
                    realised_on=(
                        today - datetime.timedelta(days=rng.randint(0, 400))
                        if status == Status.REALISED
                        else None
                    ),
                    owner_id=rng.choice(owners).pk,
                    working_group=group,
                    live=True,
                )
            )
        with transaction.atomic():
            items = AgendaItem.objects.bulk_create(batch)
            # A recommendation concerns one to three of the region's municipalities.
            through = AgendaItem.municipalities.through
            links = [
                through(agendaitem_id=item.pk, organisation_id=pk)
                for item in items
                for pk in rng.sample(municipalities, min(len(municipalities), rng.randint(1, 3)))
            ]
            through.objects.bulk_create(links, batch_size=5000)
        bar.update(size)
    bar.close()
    return total


def _child_key(number):
    """Treebeard's path step for the n-th child (1-based): four base-36 digits."""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    digits = ""
    for _ in range(4):
        number, rest = divmod(number, 36)
        digits = alphabet[rest] + digits
    return digits


def _handbook_pages(plan, rng, users, progress):
    """Guidance pages under generated chapters. Wagtail pages are multi-table models, which
    bulk_create does not take, so the page rows are inserted in bulk and each model's own row
    after them with save_base(raw=True): two quick inserts per page instead of a full save."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale, Page

    from handbook.models import (
        GuidancePage,
        HandbookIndexPage,
        HandbookPage,
        HandbookSectionPage,
    )

    index = HandbookIndexPage.objects.first()
    if index is None:
        raise RuntimeError("Geen handreiking gevonden; laad eerst de demo-inhoud.")
    total = plan.count("handbook_pages")
    per_chapter = 1000
    chapters = []
    first_chapter = HandbookSectionPage.objects.filter(slug__startswith=f"{MARKER}-h").count()
    first_page = Page.objects.filter(slug__startswith=f"{MARKER}-p").count()
    for n in range(first_chapter, first_chapter + (total + per_chapter - 1) // per_chapter):
        chapter = HandbookSectionPage(title=f"Hoofdstuk {n} [{MARKER}]", slug=f"{MARKER}-h{n}")
        index.add_child(instance=chapter)
        index.refresh_from_db()
        chapters.append(chapter)
    content_type = ContentType.objects.get_for_model(GuidancePage)
    locale = Locale.get_default()
    now = timezone.now()
    bar = progress("handreikingpagina's", total)
    made = 0
    for chapter in chapters:
        size = min(per_chapter, total - made)
        pages = []
        for k in range(1, size + 1):
            title = _title(rng)
            slug = f"{MARKER}-p{first_page + made + k}"
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    path=chapter.path + _child_key(k),
                    depth=chapter.depth + 1,
                    numchild=0,
                    url_path=f"{chapter.url_path}{slug}/",
                    content_type=content_type,
                    locale=locale,
                    live=True,
                    first_published_at=now,
                    last_published_at=now,
                    translation_key=uuid.uuid4(),
                )
            )
        with transaction.atomic():
            Page.objects.bulk_create(pages, batch_size=1000)
            for page in pages:
                summary = _sentence(rng, 25)
                handbook = HandbookPage(page_ptr_id=page.pk, summary=summary, domain="beide")
                handbook.save_base(raw=True)
                body = [
                    {
                        "type": "section",
                        "value": {
                            "heading": _title(rng),
                            "text": f"<p>{escape(_sentence(rng, 60))}</p>",
                        },
                    }
                    for _ in range(3)
                ]
                guidance = GuidancePage(
                    page_ptr_id=page.pk, handbookpage_ptr_id=page.pk, summary=summary, body=body
                )
                guidance.save_base(raw=True)
            Page.objects.filter(pk=chapter.pk).update(numchild=size)
        made += size
        bar.update(size)
    bar.close()
    return made


def _threads_and_posts(plan, rng, users, progress):
    from accounts.visibility import Visibility
    from discussions.models import Post, Thread

    threads_total = plan.count("threads")
    posts_total = plan.count("posts")
    per_thread = max(1, posts_total // threads_total)
    bar = progress("discussies", threads_total)
    start_time = timezone.now() - datetime.timedelta(days=3 * 365)
    # The threads of the last three years, whatever the scale: none dated in the future.
    spacing = datetime.timedelta(days=3 * 365) / threads_total
    posts_made = 0
    for start, size in _batches(threads_total, 500):
        threads = [
            Thread(
                title=f"{_title(rng)} [{MARKER}]"[:200],
                author_id=rng.choice(users).pk,
                visibility=rng.choice([Visibility.MEMBERS, Visibility.MEMBERS, Visibility.PUBLIC]),
                created_at=start_time + n * spacing,
                last_post_at=start_time + n * spacing + datetime.timedelta(minutes=per_thread),
            )
            for n in range(start, start + size)
        ]
        with transaction.atomic():
            Thread.objects.bulk_create(threads)
            posts = []
            for thread in threads:
                for k in range(per_thread):
                    text = _sentence(rng, rng.randint(15, 60))
                    html = f"<p>{escape(text)}</p>"
                    # One reply in five quotes a sentence of the post before it ("Citeren").
                    if k and rng.random() < QUOTING_SHARE:
                        quoted = posts[-1].body_source.split("\n")[-1][:120]
                        html = f"<blockquote><p>{escape(quoted)}</p></blockquote>{html}"
                        text = f"> {quoted}\n\n{text}"
                    posts.append(
                        Post(
                            thread=thread,
                            author_id=rng.choice(users).pk,
                            body_source=text,
                            body_html=html,
                            created_at=thread.created_at + datetime.timedelta(minutes=k),
                        )
                    )
            Post.objects.bulk_create(posts, batch_size=5000)
        posts_made += len(posts)
        bar.update(size)
    bar.close()
    return threads_total, posts_made


def _supporters(rng, writers, author):
    """Who backs a proposal: most have a few supporters or none, a few have dozens."""
    wanted = rng.randint(20, 60) if rng.random() < 0.01 else rng.choice((0, 0, 0, 1, 1, 2, 3, 5, 8))
    others = [u for u in rng.sample(writers, min(len(writers), wanted + 1)) if u != author]
    return others[:wanted]


def _proposals(plan, rng, users, orgs, progress):
    from accounts.visibility import Visibility
    from discussions.models import Proposal, ProposalStatus, ProposalSupport, ProposalTransition

    total = plan.count("proposals")
    writers = [u for u in users if u.role in ("provider", "access_staff", "independent_expert")]
    statuses = [ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW, ProposalStatus.PARKED]
    bar = progress("voorstellen", total)
    for _start, size in _batches(total, 2000):
        proposals, backers = [], []
        for _ in range(size):
            author = rng.choice(writers)
            backing = _supporters(rng, writers, author)
            backers.append(backing)
            proposals.append(
                Proposal(
                    kind=rng.choice(["voorstel", "signaal"]),
                    title=f"{_title(rng)} [{MARKER}]"[:200],
                    problem=_sentence(rng, 40),
                    proposed_change=_sentence(rng, 30),
                    domain=rng.choice(["jeugd", "wmo", "beide"]),
                    author_id=author.pk,
                    organisation_id=author.organisation_id,
                    status=rng.choice(statuses),
                    visibility=Visibility.MEMBERS,
                    submission_key=uuid.uuid4(),
                )
            )
        with transaction.atomic():
            Proposal.objects.bulk_create(proposals)
            ProposalSupport.objects.bulk_create(
                (
                    ProposalSupport(proposal=p, user_id=u.pk, organisation_id=u.organisation_id)
                    for p, backing in zip(proposals, backers, strict=True)
                    for u in backing
                ),
                batch_size=5000,
            )
            # A bulk insert sends no signals: the batch's counts are kept as a support would.
            Proposal.objects.filter(pk__in=[p.pk for p in proposals]).recount_support()
            ProposalTransition.objects.bulk_create(
                ProposalTransition(
                    proposal=p, to_status=ProposalStatus.SUBMITTED, user_id=p.author_id
                )
                for p in proposals
            )
        bar.update(size)
    bar.close()
    return total
