"""Import and export of the regional overview ("Overzicht aanbevelingen en knelpunten RGW").

One format both ways, as CSV or XLSX: a header row with the column names below, one item per row,
items identified by part and code. An import is planned first (a dry run that lists, per row, what
would change and what is wrong) and applied only when no row has an error, in one transaction.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrganisationType, Role, User, WorkingGroup
from accounts.visibility import Visibility

from .actions import record_slip
from .filters import BY_CODE
from .models import AgendaItem, AgendaPart, Domain, Kind, Status, Theme
from .permissions import can_approve_realisation

COLUMNS = [
    "deel", "code", "bovenliggend", "soort", "thema", "titel", "omschrijving", "domein",
    "prioriteit", "status", "reden", "voortgang", "voortgang_handmatig", "start", "deadline",
    "eigenaar", "trekker", "werkgroep", "afdelingshoofd", "capaciteit_uur_per_week", "budget",
    "budgetbron", "gemeenten", "risicos", "zichtbaarheid", "labels",
]  # fmt: skip
REQUIRED = ("deel", "code", "titel")
LIST_SEPARATOR = "; "
YES, NO = "ja", "nee"


class ImportFileError(Exception):
    """The file as a whole cannot be read."""


def _fmt_decimal(value):
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


def export_row(item):
    """The row for one item; also the normal form an imported row is compared in."""
    return _normal_row(
        {
            "part": item.part,
            "code": item.code,
            "parent_code": item.parent.code if item.parent_id else "",
            "kind": item.kind,
            "theme": item.theme,
            "title": item.title,
            "summary": item.summary,
            "domain": item.domain,
            "is_priority": item.is_priority,
            "status": item.status,
            "status_reason": item.status_reason,
            "progress": item.progress,
            "progress_override": item.progress_override,
            "start_date": item.start_date,
            "deadline": item.deadline,
            "owner": item.owner,
            "trekker": item.trekker,
            "working_group": item.working_group,
            "accountable_head": item.accountable_head,
            "capacity_hours_per_week": item.capacity_hours_per_week,
            "budget_amount": item.budget_amount,
            "budget_source": item.budget_source,
            "municipalities": list(item.municipalities.all()),
            "risks": item.risks,
            "visibility": item.visibility,
            "tags": sorted(t.name for t in item.tags.all()),
        }
    )


def export_queryset(queryset):
    """Items with what a row needs, in the order asked for (by code if none)."""
    if not queryset.query.order_by:
        queryset = queryset.order_by(*BY_CODE)
    return queryset.select_related(
        "part", "parent", "theme", "owner", "trekker", "working_group", "accountable_head"
    ).prefetch_related("municipalities", "tags")


def write_csv(items):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=";")
    writer.writeheader()
    for item in items:
        writer.writerow(export_row(item))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(items):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Overzicht"
    sheet.append(COLUMNS)
    for item in items:
        row = export_row(item)
        # A leading "=" would make a formula of someone's text; keep all cells plain text.
        sheet.append([_safe_cell(row[column]) for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _safe_cell(value):
    return "'" + value if value[:1] in ("=", "+", "-", "@") and not _is_number(value) else value


def _is_number(value):
    try:
        Decimal(value)
    except InvalidOperation:
        return False
    return True


def read_rows(filename, content):
    """Rows of the file as dicts of strings, with their line numbers."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _read_xlsx(content)
    elif name.endswith(".csv"):
        rows = _read_csv(content)
    else:
        raise ImportFileError(_("Kies een CSV- of XLSX-bestand."))
    if not rows:
        raise ImportFileError(_("Het bestand is leeg."))
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFileError(
            _("Deze kolommen ontbreken: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        raise ImportFileError(
            _("Onbekende kolommen: %(columns)s.") % {"columns": ", ".join(unknown)}
        )
    result = []
    for number, values in enumerate(rows[1:], start=2):
        if not any((v or "").strip() for v in values):
            continue
        cells = {h: (values[i] if i < len(values) else "") for i, h in enumerate(header) if h}
        result.append((number, {k: (v or "").strip() for k, v in cells.items()}))
    return result


def _read_csv(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("Het CSV-bestand is niet in UTF-8 opgeslagen.")) from None
    # Only the separator is guessed, from the header; quoting is the spreadsheet standard (a
    # quote inside a quoted cell is doubled), which a header line alone cannot reveal.
    delimiter = csv.Sniffer().sniff(text.splitlines()[0] if text else ";", delimiters=";,\t")
    return list(csv.reader(io.StringIO(text), delimiter=delimiter.delimiter))


def _read_xlsx(content):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook gets the same clear message
        raise ImportFileError(_("Het XLSX-bestand kan niet worden gelezen.")) from None
    rows = []
    for row in workbook.worksheets[0].iter_rows(values_only=True):
        rows.append([_xlsx_text(v) for v in row])
    return rows


def _xlsx_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text[1:] if text.startswith("'") else text


@dataclass
class RowPlan:
    line: int
    part: int | None
    code: str
    action: str = ""  # "nieuw", "bijwerken", "ongewijzigd"
    changes: dict = field(default_factory=dict)  # column -> (old, new)
    errors: list = field(default_factory=list)
    values: dict = field(default_factory=dict)  # parsed model values

    @property
    def label(self):
        return f"{self.part}:{self.code}"


@dataclass
class ImportPlan:
    rows: list

    @property
    def errors(self):
        return [row for row in self.rows if row.errors]

    @property
    def is_valid(self):
        return not self.errors

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action and not row.errors)

    def summary(self):
        return {
            "nieuw": self.count("nieuw"),
            "bijwerken": self.count("bijwerken"),
            "ongewijzigd": self.count("ongewijzigd"),
            "fouten": len(self.errors),
        }


class _Lookups:
    """Everything a row may refer to, loaded once per import."""

    def __init__(self):
        self.parts = {str(p.number): p for p in AgendaPart.objects.all()}
        self.themes = {t.slug: t for t in Theme.objects.all()}
        self.groups = {g.slug: g for g in WorkingGroup.objects.all()}
        self.municipalities = {
            o.name.lower(): o
            for o in Organisation.objects.filter(type=OrganisationType.MUNICIPALITY)
        }
        self.existing = {
            (item.part.number, item.code): item
            for item in export_queryset(AgendaItem.objects.all())
        }
        self._users = {}

    def user(self, username):
        if username not in self._users:
            self._users[username] = User.objects.filter(username=username).first()
        return self._users[username]


def _parse_date(text):
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError


def _choice(text, choices, column, errors):
    value = text.lower()
    if value in choices.values:
        return value
    for choice_value, label in choices.choices:
        if str(label).lower() == value:
            return choice_value
    errors.append(
        _("%(column)s: '%(value)s' is onbekend; kies uit %(options)s.")
        % {"column": column, "value": text, "options": ", ".join(choices.values)}
    )
    return None


def _parse_row(cells, lookups, file_codes, errors):
    """Model values from the cells; problems go to `errors`, in Dutch, naming the column."""
    values = {}
    part = lookups.parts.get(cells.get("deel", ""))
    if part is None:
        errors.append(_("deel: '%(value)s' bestaat niet.") % {"value": cells.get("deel", "")})
    values["part"] = part
    values["code"] = cells.get("code", "")
    if not values["code"]:
        errors.append(_("code: vul een code in."))
    values["title"] = cells.get("titel", "")
    if not values["title"]:
        errors.append(_("titel: vul een titel in."))
    values["summary"] = cells.get("omschrijving", "")
    values["status_reason"] = cells.get("reden", "")
    values["budget_source"] = cells.get("budgetbron", "")
    values["risks"] = cells.get("risicos", "")

    parent_code = cells.get("bovenliggend", "")
    values["parent_code"] = parent_code
    if parent_code and part is not None:
        if (part.number, parent_code) not in lookups.existing and (
            part.number,
            parent_code,
        ) not in file_codes:
            errors.append(
                _("bovenliggend: punt %(code)s bestaat niet in deel %(part)s.")
                % {"code": parent_code, "part": part.number}
            )

    values["kind"] = (
        _choice(cells["soort"], Kind, "soort", errors) if cells.get("soort") else Kind.AANBEVELING
    )
    values["domain"] = (
        _choice(cells["domein"], Domain, "domein", errors) if cells.get("domein") else Domain.BOTH
    )
    values["status"] = (
        _choice(cells["status"], Status, "status", errors)
        if cells.get("status")
        else Status.NOT_STARTED
    )
    values["visibility"] = (
        _choice(cells["zichtbaarheid"], Visibility, "zichtbaarheid", errors)
        if cells.get("zichtbaarheid")
        else Visibility.MEMBERS
    )
    theme = cells.get("thema", "")
    values["theme"] = lookups.themes.get(theme) if theme else None
    if theme and values["theme"] is None:
        errors.append(_("thema: '%(value)s' bestaat niet.") % {"value": theme})

    for column, name in (
        ("prioriteit", "is_priority"),
        ("voortgang_handmatig", "progress_override"),
    ):
        text = cells.get(column, "").lower()
        if text in ("", NO, "n", "0", "no", "false"):
            values[name] = False
        elif text in (YES, "j", "1", "yes", "true"):
            values[name] = True
        else:
            errors.append(_("%(column)s: vul ja of nee in.") % {"column": column})

    text = cells.get("voortgang", "").rstrip("%").strip()
    values["progress"] = None
    if text:
        try:
            values["progress"] = int(text)
            if not 0 <= values["progress"] <= 100:
                raise ValueError
        except ValueError:
            errors.append(
                _("voortgang: '%(value)s' is geen percentage van 0 tot 100.") % {"value": text}
            )

    for column, name in (("start", "start_date"), ("deadline", "deadline")):
        text = cells.get(column, "")
        values[name] = None
        if text:
            try:
                values[name] = _parse_date(text)
            except ValueError:
                errors.append(
                    _("%(column)s: '%(value)s' is geen datum (gebruik JJJJ-MM-DD).")
                    % {"column": column, "value": text}
                )

    for column, name in (
        ("eigenaar", "owner"),
        ("trekker", "trekker"),
        ("afdelingshoofd", "accountable_head"),
    ):
        username = cells.get(column, "")
        values[name] = lookups.user(username) if username else None
        person = values[name]
        if username and person is None:
            errors.append(
                _("%(column)s: gebruiker '%(value)s' is onbekend.")
                % {"column": column, "value": username}
            )
        elif person is not None and name == "accountable_head":
            if person.role != Role.DEPARTMENT_HEAD:
                errors.append(
                    _("%(column)s: '%(value)s' is geen afdelingshoofd.")
                    % {"column": column, "value": username}
                )
        elif person is not None and person.is_read_only:
            errors.append(
                _("%(column)s: '%(value)s' leest alleen mee en kan een punt niet bijwerken.")
                % {"column": column, "value": username}
            )

    slug = cells.get("werkgroep", "")
    values["working_group"] = lookups.groups.get(slug) if slug else None
    if slug and values["working_group"] is None:
        errors.append(_("werkgroep: '%(value)s' bestaat niet.") % {"value": slug})

    for column, name in (
        ("capaciteit_uur_per_week", "capacity_hours_per_week"),
        ("budget", "budget_amount"),
    ):
        text = cells.get(column, "").replace("€", "").replace(" ", "")
        values[name] = None
        if text:
            try:
                values[name] = Decimal(text.replace(",", "."))
                if values[name] < 0:
                    raise InvalidOperation
            except InvalidOperation:
                errors.append(
                    _("%(column)s: '%(value)s' is geen bedrag of aantal.")
                    % {"column": column, "value": text}
                )

    values["municipalities"] = []
    for name in filter(None, (n.strip() for n in cells.get("gemeenten", "").split(";"))):
        municipality = lookups.municipalities.get(name.lower())
        if municipality is None:
            errors.append(
                _("gemeenten: '%(value)s' is geen gemeente van de regio.") % {"value": name}
            )
        else:
            values["municipalities"].append(municipality)
    values["tags"] = sorted(filter(None, (t.strip() for t in cells.get("labels", "").split(";"))))
    return values


def _normal_row(values):
    """Model values (of an item, or parsed from a row) in the text form of the file."""
    return {
        "deel": str(values["part"].number) if values["part"] else "",
        "code": values["code"],
        "bovenliggend": values["parent_code"],
        "soort": values["kind"],
        "thema": values["theme"].slug if values["theme"] else "",
        "titel": values["title"],
        "omschrijving": values["summary"],
        "domein": values["domain"],
        "prioriteit": YES if values["is_priority"] else NO,
        "status": values["status"],
        "reden": values["status_reason"],
        "voortgang": "" if values["progress"] is None else str(values["progress"]),
        "voortgang_handmatig": YES if values["progress_override"] else NO,
        "start": values["start_date"].isoformat() if values["start_date"] else "",
        "deadline": values["deadline"].isoformat() if values["deadline"] else "",
        "eigenaar": values["owner"].username if values["owner"] else "",
        "trekker": values["trekker"].username if values["trekker"] else "",
        "werkgroep": values["working_group"].slug if values["working_group"] else "",
        "afdelingshoofd": values["accountable_head"].username if values["accountable_head"] else "",
        "capaciteit_uur_per_week": _fmt_decimal(values["capacity_hours_per_week"]),
        "budget": _fmt_decimal(values["budget_amount"]),
        "budgetbron": values["budget_source"],
        "gemeenten": LIST_SEPARATOR.join(sorted(m.name for m in values["municipalities"])),
        "risicos": values["risks"],
        "zichtbaarheid": values["visibility"],
        "labels": LIST_SEPARATOR.join(values["tags"]),
    }


def _int_or_none(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def plan_import(rows, user):
    """The dry run: what each row would do, and every problem, without writing anything."""
    lookups = _Lookups()
    file_codes = {(_int_or_none(cells.get("deel")), cells.get("code", "")) for _, cells in rows}
    seen = set()
    plans = []
    for line, cells in rows:
        errors = []
        values = _parse_row(cells, lookups, file_codes, errors)
        part_number = values["part"].number if values["part"] else None
        plan = RowPlan(
            line=line, part=part_number, code=values["code"], errors=errors, values=values
        )
        key = (part_number, values["code"])
        if part_number is not None and values["code"]:
            if key in seen:
                errors.append(
                    _("code: %(code)s staat twee keer in het bestand.") % {"code": values["code"]}
                )
            seen.add(key)
        existing = lookups.existing.get(key)
        if not errors:
            new_row = _normal_row(values)
            if existing is None:
                plan.action = "nieuw"
                plan.changes = {c: ("", new_row[c]) for c in COLUMNS if new_row[c]}
            else:
                old_row = export_row(existing)
                plan.changes = {
                    c: (old_row[c], new_row[c]) for c in COLUMNS if old_row[c] != new_row[c]
                }
                plan.action = "bijwerken" if plan.changes else "ongewijzigd"
            becomes_realised = values["status"] == Status.REALISED and (
                existing is None or existing.status != Status.REALISED
            )
            if becomes_realised and not can_approve_realisation(
                user, existing or AgendaItem(accountable_head=values["accountable_head"])
            ):
                errors.append(
                    _(
                        "status: alleen het verantwoordelijk afdelingshoofd of de projectleider "
                        "mag een punt op gerealiseerd zetten."
                    )
                )
        plans.append(plan)
    return ImportPlan(plans)


MODEL_FIELDS = (
    "title", "summary", "kind", "domain", "status", "status_reason", "progress",
    "progress_override", "start_date", "deadline", "owner", "trekker", "accountable_head",
    "working_group", "capacity_hours_per_week", "budget_amount", "budget_source", "risks",
    "visibility", "theme", "is_priority",
)  # fmt: skip


def apply_import(plan, user, progress=None):
    """Write a valid plan in one transaction; any failure leaves everything as it was."""
    if not plan.is_valid:
        raise ValidationError(_("Het bestand bevat fouten; er is niets ingelezen."))
    written = 0
    with transaction.atomic():
        for row in _parents_first(plan.rows):
            if progress:
                progress()
            if row.action == "ongewijzigd":
                continue
            values = row.values
            item = AgendaItem.objects.filter(part=values["part"], code=values["code"]).first()
            before = None
            if item is None:
                item = AgendaItem(part=values["part"], code=values["code"])
            else:
                before = {
                    name: getattr(item, name)
                    for name in ("status", "progress", "status_reason", "deadline")
                }
            for name in MODEL_FIELDS:
                setattr(item, name, values[name])
            item.parent = (
                AgendaItem.objects.get(part=values["part"], code=values["parent_code"])
                if values["parent_code"]
                else None
            )
            try:
                item.full_clean()
            except ValidationError as error:
                raise ValidationError(
                    _("Regel %(line)s: %(error)s")
                    % {"line": row.line, "error": "; ".join(error.messages)}
                ) from error
            item.save()
            item.municipalities.set(values["municipalities"])
            item.tags.set(values["tags"])
            item.save()
            item.save_revision(user=user, log_action=True).publish(
                user=user, skip_permission_checks=True
            )
            if before is not None:
                record_slip(item, before, user)
            written += 1
    return written


def _parents_first(rows):
    """Rows in an order in which every new parent is written before its children."""
    pending = {(row.part, row.code): row for row in rows}
    ordered = []
    while pending:
        ready = [
            key
            for key, row in pending.items()
            if not row.values["parent_code"] or (row.part, row.values["parent_code"]) not in pending
        ]
        if not ready:
            codes = ", ".join(sorted(code for _, code in pending))
            raise ValidationError(_("Deze punten horen in een kring bij elkaar: %s.") % codes)
        for key in ready:
            ordered.append(pending.pop(key))
    return ordered
