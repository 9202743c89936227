"""Every upload is checked for type (by its bytes, not only its name) and size before anything is
stored: the agenda import and documents in the Wagtail admin."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from agenda.models import ImportRun
from platform_site.uploads import content_matches_extension

from .factories import UserFactory

pytestmark = pytest.mark.django_db

PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
WEB_PAGE = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def office_file(member, extra=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
        archive.writestr(member, "<xml/>")
    return buffer.getvalue()


def xlsx_bytes():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["code", "titel"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "extension, content, expected",
    [
        ("pdf", PDF, True),
        ("pdf", WEB_PAGE, False),
        ("pdf", PROGRAM, False),
        ("xlsx", xlsx_bytes(), True),
        ("xlsx", office_file("word/document.xml"), False),
        ("xlsx", PROGRAM, False),
        ("docx", office_file("word/document.xml"), True),
        ("pptx", office_file("ppt/presentation.xml"), True),
        (
            "odt",
            office_file("content.xml", {"mimetype": "application/vnd.oasis.opendocument.text"}),
            True,
        ),
        ("odt", office_file("content.xml", {"mimetype": "application/zip"}), False),
        ("csv", b"code;titel\n3.1;Wachttijden\n", True),
        ("csv", "code;titel\n3.1;Cliënt één\n".encode("cp1252"), True),
        ("csv", WEB_PAGE, True),  # text; the import parses it, nothing serves it as a page
        ("csv", PROGRAM, False),
        ("txt", PROGRAM, False),
        ("exe", PROGRAM, False),
    ],
)
def test_the_bytes_must_be_what_the_extension_says(extension, content, expected):
    upload = SimpleUploadedFile(f"bestand.{extension}", content)
    assert content_matches_extension(upload, extension) is expected


@pytest.fixture
def lead(client):
    user = UserFactory(username="projectleider", role=Role.PROJECT_LEAD)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("overzicht.xlsx", PROGRAM, "past niet bij de extensie .xlsx"),
        ("overzicht.csv", PROGRAM, "past niet bij de extensie .csv"),
        ("overzicht.exe", PROGRAM, "Dit bestandstype is niet toegestaan"),
        ("overzicht.csv", b"code;titel\n" + b"x" * (5 * 1024 * 1024), "groter dan 5,0"),
    ],
    ids=["program-as-xlsx", "program-as-csv", "program", "too-large"],
)
def test_the_import_refuses_a_wrong_file_with_a_clear_message_and_stores_nothing(
    client, lead, name, content, message
):
    response = client.post("/agenda/import/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportRun.objects.exists()


def test_the_import_takes_a_real_workbook(client, lead):
    upload = SimpleUploadedFile("overzicht.xlsx", xlsx_bytes())
    response = client.post("/agenda/import/", {"file": upload})
    assert response.status_code == 302
    assert ImportRun.objects.get().filename == "overzicht.xlsx"


@pytest.fixture
def editor(client):
    user = UserFactory(username="beheerder", is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("verslag.pdf", WEB_PAGE, "past niet bij de extensie .pdf"),
        ("verslag.docx", PROGRAM, "past niet bij de extensie .docx"),
        ("verslag.html", WEB_PAGE, "niet toegestaan"),
    ],
    ids=["web-page-as-pdf", "program-as-docx", "web-page"],
)
def test_the_admin_refuses_a_document_that_is_not_what_it_claims(
    client, editor, name, content, message
):
    from wagtail.documents.models import Document

    response = client.post(
        "/admin/documents/add/",
        {"title": "Verslag", "file": SimpleUploadedFile(name, content), "collection": 1},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()


def test_the_admin_takes_a_real_pdf(client, editor):
    from wagtail.documents.models import Document

    response = client.post(
        "/admin/documents/add/",
        {"title": "Verslag", "file": SimpleUploadedFile("verslag.pdf", PDF), "collection": 1},
    )
    assert response.status_code == 302
    assert Document.objects.get().title == "Verslag"
