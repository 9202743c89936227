"""Posts are written in Markdown (as on Discourse) and stored twice: the source, for editing,
and sanitised HTML, for showing. Whatever HTML someone types is cleaned by an allow-list (nh3);
scripts, event handlers and javascript: links never reach a page."""

import re
from dataclasses import dataclass, field

import markdown
import nh3
from django.db.models import Q
from django.utils.html import escape

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
    "a", "h3", "h4", "hr", "span", "cite",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "span": {"class"}, "blockquote": {"class"}}
MENTION = re.compile(r"(?<![\w@/])@([A-Za-z0-9][\w.-]{1,99})")
MENTION_START = re.compile(r"[A-Za-z0-9][\w.-]{0,49}")  # what is typed after "@" so far
# "agendapunt 1.1", "punt 2.1.1", "agendapunten 1.K1", "agenda item 2.N10" (on the English
# site): an agenda item named by its code.
AGENDA_REFERENCE = re.compile(
    r"\b((?:agenda)?punt(?:en)?\s+|(?:agenda\s+)?items?\s+)(\d+(?:\.[A-Z]?\d+)+)\b",
    re.IGNORECASE,
)


@dataclass
class Rendered:
    html: str
    users: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    agenda_items: list = field(default_factory=list)  # the pks of the items it links to


def sanitise(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def _resolve_mentions(source):
    """Who @name points at: a username first, then an organisation's short name."""
    from accounts.models import Organisation, User

    names = {m.rstrip(".") for m in MENTION.findall(source)}
    if not names:
        return {}, {}
    users = {u.username.lower(): u for u in User.objects.filter(username__in=names, is_active=True)}
    orgs = {
        o.slug.lower(): o for o in Organisation.objects.filter(slug__in=[n.lower() for n in names])
    }
    return users, orgs


def mention_candidates(start, limit=8, audience=None):
    """Whom "@`start`" may come to name, for the box being typed in: active people whose user
    name, first name or last name begins with it, then organisations whose short name or a word of
    whose name begins with it. [(handle, name, what they are)], at most `limit`. For a post to
    an `audience` (a thread, or the readers chosen for a new one: anything with `visibility`
    and `working_group_id`), only people who may read it: a mention of anyone else would reach
    no one."""
    from accounts.models import Organisation, User
    from accounts.visibility import readers_filter

    if not MENTION_START.fullmatch(start):
        return []
    people = User.objects.filter(
        Q(username__istartswith=start)
        | Q(first_name__istartswith=start)
        | Q(last_name__istartswith=start)
    ).filter(readers_filter(audience) if audience is not None else Q(is_active=True))
    found = [
        (u.username, str(u), u.organisation.name if u.organisation else "")
        for u in people.select_related("organisation").order_by(
            "first_name", "last_name", "username"
        )[: limit - limit // 4]
    ]
    organisations = Organisation.objects.filter(
        Q(slug__istartswith=start) | Q(name__istartswith=start) | Q(name__icontains=f" {start}")
    ).order_by("name")[: limit - len(found)]
    return found + [(o.slug, o.name, o.get_type_display()) for o in organisations]


def _agenda_links(source):
    """{code: (pk, URL)} of the live agenda items the text names by code ("agendapunt 1.1").
    The URL is the one without a language prefix: the HTML is stored once for every reader."""
    from django.conf import settings
    from django.utils import translation

    from agenda.models import AgendaItem

    codes = {code.upper() for _words, code in AGENDA_REFERENCE.findall(source)}
    if not codes:
        return {}
    found = {}
    for pk, code in AgendaItem.objects.filter(code__in=codes, live=True).values_list("pk", "code"):
        found.setdefault(code.upper(), []).append(pk)
    with translation.override(settings.LANGUAGE_CODE):
        return {
            code: (pks[0], AgendaItem(pk=pks[0]).get_absolute_url())
            for code, pks in found.items()
            if len(pks) == 1  # a code two parts share is left as written
        }


def render(source):
    """Markdown → sanitised HTML, with @mentions of people and organisations, and agenda items
    named by their code ("agendapunt 1.1"), linked."""
    users, orgs = _resolve_mentions(source)
    items = _agenda_links(source)
    found_users, found_orgs = {}, {}

    def mention(match):
        name = match.group(1).rstrip(".")
        trailing = match.group(1)[len(name) :]
        key = name.lower()
        if key in users:
            found_users[key] = users[key]
            label = escape(str(users[key]))
            return f'<span class="mention">@{label}</span>{trailing}'
        if key in orgs:
            found_orgs[key] = orgs[key]
            return f'<span class="mention">@{escape(orgs[key].name)}</span>{trailing}'
        return match.group(0)

    html = markdown.markdown(source, extensions=["sane_lists", "nl2br"], output_format="html")
    html = sanitise(html)

    linked = {}

    def agenda_item(match):
        found = items.get(match.group(2).upper())
        if found is None:
            return match.group(0)
        pk, url = found
        linked[pk] = True
        return f'<a href="{url}">{match.group(0)}</a>'

    # Mentions and codes are replaced in text only: outside tags and code, and codes not inside
    # a link someone wrote.
    parts = re.split(r"(<code>.*?</code>|<[^>]+>)", html, flags=re.S)
    in_link = False
    for index, part in enumerate(parts):
        if part.startswith("<"):
            in_link = part.startswith("<a ") or (in_link and not part.startswith("</a"))
            continue
        part = MENTION.sub(mention, part)
        parts[index] = part if in_link or not items else AGENDA_REFERENCE.sub(agenda_item, part)
    html = "".join(parts)
    return Rendered(html, list(found_users.values()), list(found_orgs.values()), list(linked))


def quote_source(post):
    """The Markdown that quotes a post in a reply."""
    quoted = "\n".join(f"> {line}" for line in post.body_source.strip().splitlines())
    return f"> **{post.author}** schreef:\n{quoted}\n\n"


# What stands in a reply where it quoted a post that was erased for good. Part of the reply's
# text, so in the platform's language, as the reply is.
ERASED_QUOTE = "> *[Citaat uit een gewist bericht]*"
_QUOTE_MARKS = re.compile(r"^(\s*>)+")
_EMPHASIS = re.compile(r"[*_`~]")
# A quoted line this long that stands anywhere in the erased text is a copy of it; a shorter one
# only when it is a whole line of it ("ze wachten" alone could be anyone's words).
COPIED_FRAGMENT = 12


def _plain_line(line):
    """A line of Markdown as its reader sees it, to compare: without quote marks and emphasis,
    in lower case, its spacing evened out."""
    return " ".join(_EMPHASIS.sub("", _QUOTE_MARKS.sub("", line)).lower().split())


class QuoteMatcher:
    """What an erased post said (`texts`: each of its versions), made ready to find its quotes
    in many replies: a quote is a run of lines that start with ">"; it copies when one of its
    lines is a whole line of `texts`, or a piece of at least COPIED_FRAGMENT characters of one
    (someone quoted half a sentence), as read: emphasis and case aside."""

    def __init__(self, texts):
        self.lines = {_plain_line(line) for text in texts for line in text.splitlines()} - {""}
        # Each version as one run of words: a piece quoted across one of its line breaks is in it.
        self.wholes = [" ".join(_plain_line(line) for line in text.splitlines()) for text in texts]

    def copied(self, line):
        plain = _plain_line(line)
        if not plain:
            return False
        if plain in self.lines:
            return True
        return len(plain) >= COPIED_FRAGMENT and any(plain in whole for whole in self.wholes)

    def quoted_in(self, source):
        """Whether `source` (a reply's Markdown) holds a quote that copies from it."""
        return any(_QUOTE_MARKS.match(line) and self.copied(line) for line in source.splitlines())

    def replace(self, source):
        """`source` with each quote that copies from it replaced by ERASED_QUOTE, and how many
        were. A quote of anything else stays as it is."""
        kept, quote, replaced = [], [], 0

        def end_of_quote():
            nonlocal replaced
            if any(self.copied(line) for line in quote):
                kept.append(ERASED_QUOTE)
                replaced += 1
            else:
                kept.extend(quote)
            quote.clear()

        for line in source.splitlines():
            if _QUOTE_MARKS.match(line):
                quote.append(line)
            else:
                end_of_quote()
                kept.append(line)
        end_of_quote()
        return "\n".join(kept), replaced
