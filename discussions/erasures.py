"""The erasure register: which posts and earlier proposal versions the expert team erased for
good (AVG), written down outside the database (settings.ERASURE_REGISTER), one line each.

A back-up made before an erasure still holds the text. So restore_platform (and
`manage.py reapply_erasures`, after a restore by other means) erases again, in the restored
database, everything the register names: a restore never brings back what was erased.

The register says what was erased, when, by whom, and the reason it was hidden (which everyone
could read in its place already); never what it said. Its line is written and flushed to disk
before the erasure commits: if that fails, nothing is erased and the moderator is told. A line
for an erasure that then did not commit names a post the team hid and meant to erase."""

import datetime
import json
import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

POST = "post"
PROPOSAL_VERSION = "proposal_version"


@dataclass(frozen=True)
class Erasure:
    """One line of the register."""

    kind: str  # POST or PROPOSAL_VERSION
    id: int
    erased_at: datetime.datetime
    erased_by: int | None
    hidden_at: datetime.datetime
    hidden_by: int | None
    reason: str

    @classmethod
    def of(cls, item):
        from .models import Post

        return cls(
            kind=POST if isinstance(item, Post) else PROPOSAL_VERSION,
            id=item.pk,
            erased_at=item.erased_at,
            erased_by=item.erased_by_id,
            hidden_at=item.hidden_at,
            hidden_by=item.hidden_by_id,
            reason=item.hidden_reason,
        )

    def as_line(self):
        fields = asdict(self)
        for name in ("erased_at", "hidden_at"):
            fields[name] = fields[name].isoformat()
        return json.dumps(fields, ensure_ascii=False, sort_keys=True) + "\n"

    @classmethod
    def from_line(cls, line):
        """The erasure a line of the register says; ValueError when it cannot be read."""
        try:
            fields = json.loads(line)
            erasure = cls(
                kind=fields["kind"],
                id=int(fields["id"]),
                erased_at=datetime.datetime.fromisoformat(fields["erased_at"]),
                erased_by=fields["erased_by"],
                hidden_at=datetime.datetime.fromisoformat(fields["hidden_at"]),
                hidden_by=fields["hidden_by"],
                reason=str(fields["reason"]),
            )
        except (TypeError, KeyError, json.JSONDecodeError) as error:
            raise ValueError(str(error)) from None
        if erasure.kind not in (POST, PROPOSAL_VERSION) or erasure.erased_at.tzinfo is None:
            raise ValueError(line)
        return erasure


def record(item):
    """Write down that `item` (a Post or ProposalEdit, just erased) is erased: appended and on
    disk before the erasure commits. A register that cannot be written refuses the erasure
    (a ValidationError, inside the erasure's transaction, which then writes nothing)."""
    path = Path(settings.ERASURE_REGISTER)
    line = Erasure.of(item).as_line().encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # One write in append mode: lines from several processes never run into each other.
        handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(handle, line)
            os.fsync(handle)
        finally:
            os.close(handle)
    except OSError:
        logger.exception("Het wisregister %s kan niet worden bijgewerkt", path)
        raise ValidationError(
            _(
                "Het wisregister kan niet worden bijgewerkt, dus er is niets gewist. Meld dit "
                "aan de beheerder van het platform."
            )
        ) from None


def read(path):
    """The erasures in the register at `path`, oldest first, and the numbers of the lines that
    could not be read (a line cut off while it was written: its erasure never committed)."""
    erasures, unreadable = [], []
    with open(path, encoding="utf-8", errors="replace") as register:
        for number, line in enumerate(register, start=1):
            if not line.strip():
                continue
            try:
                erasures.append(Erasure.from_line(line))
            except ValueError:
                unreadable.append(number)
    return erasures, unreadable


@dataclass
class Outcome:
    """What applying the register again did."""

    path: Path
    found: bool = True
    erased: list = field(default_factory=list)  # erased now: the back-up still held them
    already: int = 0  # erased in the back-up already
    absent: int = 0  # not in the database: written after the back-up was made
    unreadable: list = field(default_factory=list)  # line numbers


def apply_again(path=None, progress=lambda step, total: None):
    """Erase again, in the database Django now uses, everything the register at `path` (the
    configured one if not given) names that is still there: after a restore from a back-up."""
    from .actions import erase_again

    outcome = Outcome(Path(path or settings.ERASURE_REGISTER))
    if not outcome.path.exists():
        outcome.found = False
        return outcome
    erasures, outcome.unreadable = read(outcome.path)
    for number, erasure in enumerate(erasures, start=1):
        result = erase_again(erasure)
        if result == "erased":
            outcome.erased.append(erasure)
        elif result == "already":
            outcome.already += 1
        else:
            outcome.absent += 1
        progress(number, len(erasures))
    return outcome


def describe(outcome):
    """What an operator reads after applying the register again: (lines, warnings)."""
    if not outcome.found:
        return [], [
            _(
                "Geen wisregister op %(path)s. Is er sinds deze back-up iets definitief gewist, "
                "dan staat het nu weer in het platform: geef het register op met "
                "--erasure-register."
            )
            % {"path": outcome.path}
        ]
    posts = sum(1 for erasure in outcome.erased if erasure.kind == POST)
    lines = [
        _(
            "Wisregister %(path)s: %(posts)s bericht(en) en %(versions)s eerdere versie(s) van "
            "voorstellen opnieuw gewist; %(already)s waren in de back-up al gewist, "
            "%(absent)s kwamen er pas na."
        )
        % {
            "path": outcome.path,
            "posts": posts,
            "versions": len(outcome.erased) - posts,
            "already": outcome.already,
            "absent": outcome.absent,
        }
    ]
    warnings = []
    if outcome.unreadable:
        warnings.append(
            _(
                "Regel(s) %(lines)s van het wisregister zijn onleesbaar en overgeslagen; kijk ze "
                "na en wis zo nodig met de hand."
            )
            % {"lines": ", ".join(str(number) for number in outcome.unreadable)}
        )
    return lines, warnings
