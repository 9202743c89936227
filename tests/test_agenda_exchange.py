"""Import and export of the regional overview, both ways in one format."""

import csv
import io
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from agenda import exchange
from agenda.models import AgendaItem, ImportRun, Status

# Every test here runs on the demo content, loaded once for the module (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


@pytest.fixture
def lead():
    from accounts.models import User

    return User.objects.get(username="projectleider")


def all_rows():
    return [exchange.export_row(i) for i in exchange.export_queryset(AgendaItem.objects.all())]


def csv_rows(content):
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(demo, lead, fmt):
    before = all_rows()
    items = exchange.export_queryset(AgendaItem.objects.all())
    content = exchange.write_csv(items) if fmt == "csv" else exchange.write_xlsx(items)
    plan = exchange.plan_import(exchange.read_rows(f"overzicht.{fmt}", content), lead)
    assert plan.is_valid, [(r.line, r.errors) for r in plan.errors]
    assert plan.summary() == {"nieuw": 0, "bijwerken": 0, "ongewijzigd": len(before), "fouten": 0}
    exchange.apply_import(plan, lead)
    assert all_rows() == before


def test_round_trip_into_an_empty_agenda_recreates_the_same_data(demo, lead):
    before = all_rows()
    content = exchange.write_xlsx(exchange.export_queryset(AgendaItem.objects.all()))
    from agenda.models import Dependency, WaterbedEvent
    from discussions.models import Proposal

    WaterbedEvent.objects.all().delete()
    Dependency.objects.all().delete()
    Proposal.objects.exclude(agenda_item=None).delete()  # they keep the item they joined
    for item in AgendaItem.objects.order_by("-code"):  # children before parents
        AgendaItem.objects.filter(pk=item.pk, children__isnull=True).delete()
    while AgendaItem.objects.exists():
        AgendaItem.objects.filter(children__isnull=True).delete()

    plan = exchange.plan_import(exchange.read_rows("overzicht.xlsx", content), lead)
    assert plan.summary()["nieuw"] == len(before)
    exchange.apply_import(plan, lead)
    assert all_rows() == before
    assert AgendaItem.objects.get(code="1.2").parent.code == "1.K1"  # parent listed later


def test_import_shows_what_changes_before_it_changes_it(demo, lead):
    rows = csv_rows(exchange.write_csv(exchange.export_queryset(AgendaItem.objects.all())))
    for row in rows:
        if row["code"] == "1.2":
            row["status"] = "in_uitvoering"
            row["voortgang"] = "25"
    plan = exchange.plan_import(to_rows(rows), lead)
    changed = [r for r in plan.rows if r.action == "bijwerken"]
    assert [(r.code, r.changes) for r in changed] == [
        ("1.2", {"status": ("niet_gestart", "in_uitvoering"), "voortgang": ("", "25")})
    ]
    assert AgendaItem.objects.get(code="1.2").status == Status.NOT_STARTED  # dry run wrote nothing
    exchange.apply_import(plan, lead)
    item = AgendaItem.objects.get(code="1.2")
    assert (item.status, item.progress) == (Status.IN_PROGRESS, 25)
    assert item.latest_revision.user == lead


def to_rows(dict_rows):
    return [(n, dict(row)) for n, row in enumerate(dict_rows, start=2)]


def test_bad_rows_are_reported_per_row_and_nothing_is_written(demo, lead):
    rows = csv_rows(exchange.write_csv(exchange.export_queryset(AgendaItem.objects.all())))
    rows[0]["deadline"] = "31-02-2022"
    rows[1]["eigenaar"] = "niemand"
    rows[2]["deel"] = "7"
    rows[3]["voortgang"] = "120"
    rows[4]["titel"] = "Een nieuwe titel die niet mag landen"
    rows[5]["trekker"] = "raadslid"  # a council member reads only
    rows[6]["afdelingshoofd"] = "aanbieder"
    plan = exchange.plan_import(to_rows(rows), lead)
    errors = {row.line: row.errors for row in plan.errors}
    assert "deadline: '31-02-2022' is geen datum (gebruik JJJJ-MM-DD)." in errors[2]
    assert "eigenaar: gebruiker 'niemand' is onbekend." in errors[3]
    assert "deel: '7' bestaat niet." in errors[4]
    assert "voortgang: '120' is geen percentage van 0 tot 100." in errors[5]
    assert "trekker: 'raadslid' leest alleen mee en kan een punt niet bijwerken." in errors[7]
    assert "afdelingshoofd: 'aanbieder' is geen afdelingshoofd." in errors[8]
    assert 6 not in errors
    with pytest.raises(Exception, match="fouten"):
        exchange.apply_import(plan, lead)
    assert not AgendaItem.objects.filter(title="Een nieuwe titel die niet mag landen").exists()


def test_unreadable_files_get_a_clear_message():
    with pytest.raises(exchange.ImportFileError, match="CSV- of XLSX"):
        exchange.read_rows("overzicht.pdf", b"%PDF")
    with pytest.raises(exchange.ImportFileError, match="ontbreken: code, titel"):
        exchange.read_rows("overzicht.csv", b"deel;naam\n1;x\n")
    with pytest.raises(exchange.ImportFileError, match="XLSX-bestand kan niet"):
        exchange.read_rows("overzicht.xlsx", b"geen zip")


def test_spreadsheet_formulas_are_exported_as_text(demo):
    item = AgendaItem.objects.get(code="3.5")
    AgendaItem.objects.filter(pk=item.pk).update(title='=HYPERLINK("http://x")')
    from openpyxl import load_workbook

    content = exchange.write_xlsx(exchange.export_queryset(AgendaItem.objects.filter(pk=item.pk)))
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.cell(row=2, column=exchange.COLUMNS.index("titel") + 1).data_type == "s"


def test_import_via_the_site_dry_run_then_apply(demo, lead, client):
    rows = csv_rows(exchange.write_csv(exchange.export_queryset(AgendaItem.objects.all())))
    rows[0]["risicos"] = "Nieuw risico uit de werkgroep"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=exchange.COLUMNS, delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    upload = io.BytesIO(buffer.getvalue().encode())
    upload.name = "overzicht.csv"
    client.force_login(lead)
    review = client.post("/agenda/import/", {"file": upload}, follow=True)
    html = review.content.decode()
    assert "1 bijwerken" in html and "0 met fouten" in html
    run = ImportRun.objects.get()
    client.post(f"/agenda/import/{run.pk}/verwerken/")
    assert AgendaItem.objects.get(code=rows[0]["code"], part__number=rows[0]["deel"]).risks == (
        "Nieuw risico uit de werkgroep"
    )
    run.refresh_from_db()
    assert run.applied_at is not None and run.summary["bijwerken"] == 1


def test_a_file_with_a_missing_column_is_refused_on_a_page_that_lists_the_columns(
    demo, lead, client
):
    """The project lead learns which columns are needed and where a file that has them comes
    from: the export, linked from the upload page, which is read back without a change."""
    client.force_login(lead)
    upload = io.BytesIO(b"code;titel;status\n1.1.1;Richtlijnen;in_uitvoering\n")
    upload.name = "eigen-lijst.csv"
    page = BeautifulSoup(
        client.post("/agenda/import/", {"file": upload}, follow=True).content, "html.parser"
    )
    assert "Deze kolommen ontbreken: deel." in page.find(class_="utrecht-alert").get_text()
    listed = {code.get_text() for code in page.find("details").find_all("code")}
    assert listed == set(exchange.COLUMNS)
    export_link = page.find("a", string="Excel (XLSX)")["href"]
    exported = client.get(export_link).content
    plan = exchange.plan_import(exchange.read_rows("agenda.xlsx", exported), lead)
    unchanged = AgendaItem.objects.count()
    assert plan.summary() == {"nieuw": 0, "bijwerken": 0, "ongewijzigd": unchanged, "fouten": 0}
    assert not ImportRun.objects.exists()


def test_only_project_lead_and_department_heads_may_import(demo, client):
    from accounts.models import User

    client.force_login(User.objects.get(username="trekker"))
    assert client.get("/agenda/import/").status_code == 403


def test_a_provider_exports_only_what_it_may_see(demo, client):
    from accounts.models import User

    client.force_login(User.objects.get(username="aanbieder"))
    content = client.get("/agenda/export.csv").content
    codes = {row["code"] for row in csv_rows(content)}
    assert "2.1" in codes
    assert "2.1.1" not in codes  # municipalities only


def test_export_follows_the_filters(demo, client):
    content = client.get("/agenda/export.csv?part=3").content
    assert {row["deel"] for row in csv_rows(content)} == {"3"}


def test_import_command_dry_run_then_apply(demo, tmp_path):
    from django.core.management.base import CommandError

    rows = csv_rows(exchange.write_csv(exchange.export_queryset(AgendaItem.objects.all())))
    rows[0]["titel"] = "Aangepaste titel"
    path = tmp_path / "overzicht.csv"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=exchange.COLUMNS, delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    out = StringIO()
    call_command("import_agenda", str(path), "--user", "projectleider", stdout=out)
    assert "Proefrun" in out.getvalue() and "titel:" in out.getvalue()
    assert not AgendaItem.objects.filter(title="Aangepaste titel").exists()
    call_command(
        "import_agenda",
        str(path),
        "--user",
        "projectleider",
        "--apply",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    assert AgendaItem.objects.filter(title="Aangepaste titel").count() == 1
    with pytest.raises(CommandError, match="mag niet importeren"):
        call_command("import_agenda", str(path), "--user", "aanbieder", stdout=StringIO())


def test_quotes_and_separators_in_a_title_survive_the_csv_round_trip():
    from .factories import AgendaItemFactory

    title = 'Het "perspectiefplan"; wanneer wel, wanneer niet'
    item = AgendaItemFactory(title=title)
    content = exchange.write_csv(exchange.export_queryset(AgendaItem.objects.filter(pk=item.pk)))
    rows = exchange.read_rows("overzicht.csv", content)
    assert [cells["titel"] for _, cells in rows] == [title]
