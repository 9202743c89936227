"""Checks on uploaded files, for every upload the platform takes (the agenda import and documents in
the Wagtail admin): the name must have an allowed extension, the bytes must be what that extension
says (a renamed program or web page is refused), and the file must stay under its size limit."""

import io
import zipfile

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

# Zip-based office formats: a member that each real file of the type contains.
_ZIP_MEMBERS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
    "odt": "content.xml",
}
_ODF_MIMETYPES = {"odt": b"application/vnd.oasis.opendocument.text"}
# Text files may contain any text, markup included: they are parsed (the import) or served as
# text/plain with nosniff (documents), never as a web page.
_TEXT = {"csv", "txt"}


def _head(upload, size=8192):
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _is_zip_of(upload, extension):
    upload.seek(0)
    try:
        with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
            names = set(archive.namelist())
            if _ZIP_MEMBERS[extension] not in names:
                return False
            expected = _ODF_MIMETYPES.get(extension)
            return expected is None or archive.read("mimetype").strip() == expected
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    finally:
        upload.seek(0)


def _is_text(upload):
    head = _head(upload)
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut off at the end of the sample is still text.
        if error.start < len(head) - 4:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


def content_matches_extension(upload, extension):
    """Whether the bytes of `upload` are a file of type `extension`."""
    if extension == "pdf":
        return _head(upload, 5) == b"%PDF-"
    if extension in _ZIP_MEMBERS:
        return _is_zip_of(upload, extension)
    if extension in _TEXT:
        return _is_text(upload)
    return False


def check_upload(upload, allowed, max_bytes):
    """Raise a ValidationError with a message for the person uploading, or return the upload."""
    if upload.size > max_bytes:
        raise forms.ValidationError(
            _("Het bestand is groter dan %(limit)s.") % {"limit": filesizeformat(max_bytes)},
            code="file_too_large",
        )
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in allowed:
        raise forms.ValidationError(
            _("Dit bestandstype is niet toegestaan. Toegestaan: %(types)s.")
            % {"types": ", ".join(sorted(allowed))},
            code="file_type_not_allowed",
        )
    if not content_matches_extension(upload, extension):
        raise forms.ValidationError(
            _(
                "De inhoud van het bestand past niet bij de extensie .%(extension)s. "
                "Sla het opnieuw op in dat formaat."
            )
            % {"extension": extension},
            code="file_content_mismatch",
        )
    return upload


class DocumentForm(BaseDocumentForm):
    """The Wagtail document form, with the platform's check of what the file really is."""

    def clean_file(self):
        from django.conf import settings

        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            check_upload(
                upload, set(settings.WAGTAILDOCS_EXTENSIONS), settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
            )
        return upload
