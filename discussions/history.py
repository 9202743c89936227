"""What changed from one version of a post or a proposal to the next, as their history pages
show it: the written texts word by word, the rest as it was and as it became."""

import difflib
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# A word with the spaces after it, or the spaces a text starts with: a changed line break
# shows on the word before it, and a diff never splits "word " into "word" and " ".
TOKENS = re.compile(r"\s+|\S+\s*")

# In an unchanged stretch longer than twice this, only this many words either side of a
# change are shown; the rest is an ellipsis.
CONTEXT_WORDS = 8

SAME, REMOVED, ADDED, GAP = "same", "removed", "added", "gap"


@dataclass(frozen=True)
class Piece:
    """A stretch of a changed text: the same in both, removed, added, or left out (GAP)."""

    kind: str
    text: str = ""


def word_diff(before, after):
    """The pieces that turn `before` into `after`, word by word, with long unchanged stretches
    shortened to the words around a change."""
    if before == after:
        return [Piece(SAME, before)] if before else []
    old, new = TOKENS.findall(before), TOKENS.findall(after)
    pieces = []
    matcher = difflib.SequenceMatcher(None, old, new)
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            pieces.extend(_unchanged(old[i1:i2], first=index == 0, last=index == len(opcodes) - 1))
            continue
        if i2 > i1:
            pieces.append(Piece(REMOVED, "".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(Piece(ADDED, "".join(new[j1:j2])))
    return pieces


def _unchanged(tokens, first, last):
    """An unchanged stretch, without the words far from a change: none before the first
    change and none after the last one are needed for context."""
    keep_start = 0 if first else CONTEXT_WORDS
    keep_end = 0 if last else CONTEXT_WORDS
    if len(tokens) <= keep_start + keep_end + 1:  # leaving out a word or none saves nothing
        return [Piece(SAME, "".join(tokens))]
    pieces = []
    if keep_start:
        pieces.append(Piece(SAME, "".join(tokens[:keep_start])))
    pieces.append(Piece(GAP))
    if keep_end:
        pieces.append(Piece(SAME, "".join(tokens[-keep_end:])))
    return pieces


def edit_of_version(edits, number):
    """Of a post's or a proposal's edits, the one that changed its version `number` (0: as
    first written, 1: after one edit, …) and so keeps what that version said; None when no
    edit did (the version now, or a number it never had)."""
    if number < 0:
        return None
    return next(iter(edits.order_by("edited_at", "pk")[number : number + 1]), None)


@dataclass(frozen=True)
class Change:
    """One field of a version that the next version changed: a text as a word diff
    (`pieces`), a choice as `before` and `after` (`written` when those are names people gave,
    such as a theme, rather than the platform's words), or labels as `removed` and `added`."""

    label: str
    pieces: tuple = ()
    before: str = ""
    after: str = ""
    written: bool = False
    removed: tuple = ()
    added: tuple = ()


PROPOSAL_TEXT_LABELS = {
    "title": _("Titel"),
    "problem": _("Wat gaat er mis?"),
    "proposed_change": _("Wat wordt voorgesteld?"),
    "expected_effect": _("Verwacht effect"),
    "evidence": _("Onderbouwing"),
}
PROPOSAL_PLACE_LABELS = {
    "kind": _("Soort"),
    "domain": _("Domein"),
    "affected_part": _("Deel van de agenda"),
    "theme": _("Thema"),
    "handbook_page": _("Handreiking"),
}


def proposal_changes(before, after):
    """What the change from version `before` to version `after` of a proposal did, field by
    field in the order the proposal page shows them. Both are versions as
    discussions.models.readable_version gives them; a key a version lacks counts as empty."""
    changes = []
    for name, label in PROPOSAL_TEXT_LABELS.items():
        old, new = before.get(name) or "", after.get(name) or ""
        if old != new:
            changes.append(Change(label, pieces=tuple(word_diff(old, new))))
    for name, label in PROPOSAL_PLACE_LABELS.items():
        old, new = before.get(name) or "", after.get(name) or ""
        if old != new:
            written = name not in ("kind", "domain")
            changes.append(Change(label, before=old, after=new, written=written))
    old_tags, new_tags = set(before.get("tags") or ()), set(after.get("tags") or ())
    if old_tags != new_tags:
        changes.append(
            Change(
                _("Labels"),
                removed=tuple(sorted(old_tags - new_tags)),
                added=tuple(sorted(new_tags - old_tags)),
            )
        )
    return changes
