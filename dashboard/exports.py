"""The dashboard's tables as CSV or XLSX: the same figures as on the page."""

import csv
import datetime
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook


def tables(data):
    """[(sheet name, header, rows)] for every table on the dashboard."""
    parts = [
        (
            _("Voortgang per deel"),
            [_("Deel"), _("Aanbevelingen"), _("Gerealiseerd"), _("Aandeel (%)"),
             _("Doel (%)"), _("Doel nu (%)"), _("Doeldatum"), _("Prognose"), _("Op koers")],
            [
                [str(p.part), p.counted, p.realised, p.share, p.target_share, p.target_now,
                 p.target_date, p.forecast_date,
                 "" if p.on_track is None else (_("ja") if p.on_track else _("nee"))]
                for p in data["parts"]
            ],
        ),
        (
            _("Te laat"),
            [_("Agendapunt"), _("Deadline"), _("Voortgang (%)"), _("Eigenaar")],
            [[str(i), i.deadline, i.progress, str(i.owner or "")] for i in data["overdue"]],
        ),
        (
            _("Risico"),
            [_("Agendapunt"), _("Deadline"), _("Voortgang (%)"), _("Verwacht (%)")],
            [[str(i), i.deadline, i.progress, expected] for i, expected in data["at_risk"]],
        ),
        (
            _("Werkgroepen"),
            [_("Werkgroep"), _("Nodig (uur/week)"), _("Afgesproken (uur/week)")],
            [[load.name, load.needed, load.available] for load in data["group_load"]],
        ),
        (
            _("Personen"),
            [_("Persoon"), _("Nodig (uur/week)"), _("Afgesproken (uur/week)")],
            [[load.name, load.needed, load.available] for load in data["person_load"]],
        ),
        (
            _("Voorstellen"),
            [_("Status"), _("Aantal")],
            [[label, count] for label, count in data["funnel"].counts.items()],
        ),
        (
            _("Activiteit"),
            [_("Soort organisatie"), _("Berichten"), _("Voorstellen"), _("Steunbetuigingen")],
            [[label, c["posts"], c["proposals"], c["supports"]] for label, c in data["activity"]],
        ),
    ]  # fmt: skip
    return parts


def as_xlsx(data):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, header, rows in tables(data):
        sheet = workbook.create_sheet(name[:31])
        sheet.append(header)
        for row in rows:
            sheet.append([_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value):
    """What a spreadsheet cell can hold: numbers and dates as they are, the rest as text."""
    if value is None or isinstance(value, int | float | datetime.date):
        return value
    return str(value)


def as_csv(data):
    """All tables in one CSV, each after a line with its name, separated by an empty line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for name, header, rows in tables(data):
        writer.writerow([name])
        writer.writerow(header)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
        writer.writerow([])
    return "\ufeff" + buffer.getvalue()  # a BOM, so spreadsheet programs read the accents
