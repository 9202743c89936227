"""The database backend: the embedded default, and the fallback when the engine is down."""

import bisect
import difflib
import math
import re
from collections import Counter

from django.db.models import Q
from django.utils.html import escape

from .analysis import COMPOUND_PARTS, expand, fold, is_likely_typo_of, synonym_groups
from .documents import FACETS
from .models import SearchEntry

MAX_CANDIDATES = 2000
WORD = re.compile(r"[\wÀ-ÿ*+–-]+", re.UNICODE)


def _terms(query):
    return [t for t in WORD.findall(query) if len(t) > 1 or t.isdigit()]


def _stem(term):
    """A crude Dutch stem for matching inflections: plurals and diminutives."""
    for suffix in ("tjes", "tje", "ingen", "en", "s"):
        if term.endswith(suffix) and len(term) - len(suffix) >= 4:
            stem = term[: -len(suffix)]
            # plannen -> plann -> plan: a doubled consonant belongs to the ending
            if len(stem) > 4 and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
                stem = stem[:-1]
            return stem
    return term


def _access_filter(tokens):
    return Q() if tokens is None else Q(access__in=tokens)


def _letters(query):
    """The single letters of a query ("B" in "intensiteit tussen B en C"): too short to look
    for inside words, so they count only where they stand as a word of their own."""
    return {fold(t) for t in WORD.findall(query) if len(t) == 1 and not t.isdigit()}


def _has_word(letter, text):
    return re.search(rf"(?<!\w){re.escape(letter)}(?!\w)", text) is not None


def search(query, tokens, filters, require_all=True):
    """Matching entries with score, highlight and facets. With `require_all` every word must
    match somewhere; without, any word will do (what the engine does), and entries with more of
    the words come first. A query with no word in it (only signs) matches nothing."""
    groups = synonym_groups()
    entries = SearchEntry.objects.filter(_access_filter(tokens))
    terms, letters = _terms(query), _letters(query)
    if query.strip() and not terms and not letters:
        return [], {}
    alternatives = []
    any_term = Q()
    for term in terms:
        options = {_stem(word) for word in expand(term, groups)} | expand(term, groups)
        # Short synonyms ("pp", "hh") would match inside other words ("begrippen"); use the long
        # forms when there are any. A short term on its own (a code such as "Z5") stays.
        options = {o for o in options if len(o) > 3} or options
        alternatives.append(options)
        condition = Q()
        for option in options:
            condition |= (
                Q(title__icontains=option) | Q(body__icontains=option) | Q(codes__icontains=option)
            )
        if require_all:
            entries = entries.filter(condition)
        else:
            any_term |= condition
    if not require_all:
        entries = entries.filter(any_term)
    rows = list(
        entries.values("doc_id", "type", "title", "body", "codes", "url", "facets")[:MAX_CANDIDATES]
    )
    rows = [r for r in rows if all(v in r["facets"].get(k, []) for k, v in filters.items())]
    query_folded = fold(query.strip())
    scored = []
    for row in rows:
        title, body, codes = fold(row["title"]), fold(row["body"]), fold(row["codes"]).split("|")
        text = f"{title} {body} {' '.join(codes)}"
        letters_found = sum(1 for letter in letters if _has_word(letter, text))
        if require_all and letters_found < len(letters):
            continue
        if not require_all and not terms and not letters_found:
            continue
        words_found = sum(1 for options in alternatives if any(o in text for o in options))
        score = 20 if query_folded in codes else 0
        score += 10 * (words_found + letters_found)
        for options in alternatives:
            score += 4 * sum(1 for o in options if o in title) + sum(body.count(o) for o in options)
        scored.append((score, row))
    scored.sort(key=lambda pair: (-pair[0], pair[1]["title"]))
    rows = [row for _score, row in scored]
    facets = {name: Counter() for name in FACETS}
    for row in rows:
        for name in FACETS:
            facets[name].update(row["facets"].get(name, []))
    hits = [
        {**row, "score": score, "highlight": highlight(row["body"], alternatives)}
        for score, row in scored
    ]
    return hits, {k: v.most_common(30) for k, v in facets.items() if v}


WHITESPACE = re.compile(r"\s+")


def highlight(text, alternatives, width=160):
    folded = fold(text)
    positions = [folded.find(o) for options in alternatives for o in options if o in folded]
    if not positions:
        return escape(text[:width])
    first = min(positions)
    start = max(0, first - width // 3)
    end = start + width
    # Begin and end at a word, not halfway through one ("…e toegangen", "de meest…").
    if start:
        space = WHITESPACE.search(text, start, first)
        start = space.end() if space else start
    if end < len(text):
        spaces = list(WHITESPACE.finditer(text, first + 1, end))
        end = spaces[-1].start() if spaces else end
    fragment = text[start:end]
    words = sorted({o for options in alternatives for o in options}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    marked, last = [], 0
    for match in pattern.finditer(fragment):
        marked += [escape(fragment[last : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        last = match.end()
    marked = "".join([*marked, escape(fragment[last:])])
    return ("…" if start else "") + marked + ("…" if end < len(text) else "")


def suggest(prefix, tokens, limit=8):
    entries = SearchEntry.objects.filter(_access_filter(tokens), title__icontains=prefix.strip())
    return list(entries.order_by("title").values_list("title", "url")[:limit])


def did_you_mean(query, tokens):
    vocabulary = set()
    for title, body in SearchEntry.objects.filter(_access_filter(tokens)).values_list(
        "title", "body"
    )[:MAX_CANDIDATES]:
        vocabulary.update(w for w in WORD.findall(fold(f"{title} {body}")) if len(w) > 3)
    corrected, changed = [], False
    for term in _terms(query):
        match = difflib.get_close_matches(fold(term), vocabulary, n=1, cutoff=0.75)
        if match and match[0] != fold(term) and is_likely_typo_of(term, match[0]):
            corrected.append(match[0])
            changed = True
        else:
            corrected.append(term)
    return " ".join(corrected) if changed else None


# The engine's Dutch stop words (Lucene's _dutch_ list, the one the rgw_dutch analyser uses),
# and words too common in this domain to tell two proposals apart.
COMMON_WORDS = frozenset(
    "de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om "
    "hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar "
    "naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden toch al "
    "waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd "
    "altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest "
    "andere wel wij we onze moeten weer gemeente gemeenten zorg thema".split()
)
# As the engine's more_like_this: the 25 most telling words of the text. The engine asks an
# entry to share 30% of them; here each word weighs by how rare it is among the entries (its
# idf), and an entry must share a fifth of their weight.
MAX_QUERY_TERMS = 25
MINIMUM_SHOULD_MATCH = 0.2


# A word without its hyphens: "wmo-intensiteiten" is "wmo" and "intensiteiten" to compare by.
PLAIN_WORD = re.compile(r"\w+")
COMPOUND_PART_SET = frozenset(COMPOUND_PARTS)


def _words_beginning(text, stems):
    """The stems that begin a word of `text` ("uren" in "uren per week", "intensiteit" in
    "intensiteiten"), and the parts of compounds the engine splits off anywhere in a word
    ("plan" in "perspectiefplan"); not "uren" in "gebeuren". A sorted list of the text's words
    finds each stem in a step."""
    words = sorted(set(PLAIN_WORD.findall(text)))
    found = set()
    for stem in stems:
        at = bisect.bisect_left(words, stem)
        if at < len(words) and words[at].startswith(stem):
            found.add(stem)
        elif stem in COMPOUND_PART_SET and stem in text:
            found.add(stem)
    return found


def more_like_this(text, tokens, types, exclude, limit):
    """Entries sharing the most telling words with `text`: a rough twin of the engine's
    more_like_this for the embedded default. A word tells more the fewer entries have it, so an
    entry that shares only words found everywhere (inwoner, toegang, komt) is not listed."""
    counts = Counter(
        _stem(word) for word in PLAIN_WORD.findall(fold(text)) if word not in COMMON_WORDS
    )
    counts = {word: n for word, n in counts.items() if len(word) > 3}
    if not counts:
        return []
    visible = SearchEntry.objects.filter(_access_filter(tokens))
    if types:
        visible = visible.filter(type__in=types)
    condition = Q()
    for word in counts:
        condition |= Q(title__icontains=word) | Q(body__icontains=word)
    candidates = visible.filter(condition).values("doc_id", "type", "title", "body", "url")
    rows = []
    for row in candidates[:MAX_CANDIDATES]:
        title = fold(row["title"])
        shared = _words_beginning(f"{title} {fold(row['body'])}", counts)
        rows.append({**row, "folded_title": title, "shared": shared})
    # How many entries have each word, among all of these kinds the reader may see. A word no
    # entry has cannot be shared: it does not count (the engine leaves such words out too).
    total = visible.count()
    having = Counter(word for row in rows for word in row["shared"])
    idf = {w: math.log(1 + (total - having[w] + 0.5) / (having[w] + 0.5)) for w in having}
    telling = set(sorted(having, key=lambda w: (-counts[w] * idf[w], w))[:MAX_QUERY_TERMS])
    needed = MINIMUM_SHOULD_MATCH * sum(idf[w] for w in telling)
    scored = []
    for row in rows:
        if row["doc_id"] == exclude:
            continue
        shared = row["shared"] & telling
        weight = sum(idf[w] for w in shared)
        if weight and weight >= needed:
            # Only for an entry that is listed: which of its shared words are in its title.
            in_title = sum(idf[w] for w in _words_beginning(row["folded_title"], shared))
            scored.append((weight + in_title, row))
    scored.sort(key=lambda pair: (-pair[0], pair[1]["title"]))
    return [
        {"doc_id": r["doc_id"], "type": r["type"], "title": r["title"], "url": r["url"], "score": s}
        for s, r in scored[:limit]
    ]
