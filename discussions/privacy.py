"""The privacy guard: posts, threads and proposals are about the system, never about a resident.
Before anything is stored, its text is checked for client data, and the author is asked to take it
out. Nothing is stored until they do.

What counts as client data here:
- a citizen service number (BSN): nine digits, also written with dots or spaces, that pass the
  eleven-test (9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11);
- a date of birth: a date next to "geboren", "geb.", "geboortedatum" or "geb.datum";
- an e-mail address, except at the domains of the organisations on the platform (their websites)
  and PRIVACY_ALLOWED_EMAIL_DOMAINS;
- a Dutch phone number (06 mobile numbers and landlines, also with +31).
"""

import re
from dataclasses import dataclass
from urllib.parse import urlparse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

BSN = re.compile(r"(?<![\d.\-])(\d{4})[. ]?(\d{2})[. ]?(\d{3})(?![\d.\-]?\d)|(?<!\d)(\d{9})(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)", re.UNICODE)
PHONE = re.compile(
    r"(?<![\d+])(?:\+31[\s-]?(?:\(0\))?[\s-]?|0031[\s-]?|0)"
    r"(?:6[\s-]?(?:\d[\s-]?){8}|[1-9]\d{1,2}[\s-]?(?:\d[\s-]?){6,7})(?!\d)"
)
MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    "jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
NUMERIC_DATE = r"\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}"
WRITTEN_DATE = rf"\d{{1,2}}\s+(?:{MONTHS})\.?\s+(?:19|20)\d{{2}}"
DATE = rf"(?:{NUMERIC_DATE}|{WRITTEN_DATE})"
BIRTH = re.compile(
    rf"(?:geboren(?:\s+op)?|geb\.(?:\s*datum)?|geboortedatum|gebdat)\s*:?\s*{DATE}", re.IGNORECASE
)


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str


def passes_eleven_test(digits):
    if len(digits) != 9 or digits == "0" * 9:
        return False
    numbers = [int(d) for d in digits]
    total = sum(n * weight for n, weight in zip(numbers[:8], range(9, 1, -1), strict=True))
    return (total - numbers[8]) % 11 == 0


def _allowed_email_domains():
    from accounts.models import Organisation

    domains = {d.lower() for d in getattr(settings, "PRIVACY_ALLOWED_EMAIL_DOMAINS", [])}
    for website in Organisation.objects.exclude(website="").values_list("website", flat=True):
        host = urlparse(website).hostname or ""
        domains.add(host.lower().removeprefix("www."))
    return domains


def find_client_data(text):
    """Everything in `text` that looks like client data, in the order it appears."""
    text = text or ""
    found = []
    for match in BSN.finditer(text):
        digits = "".join(g for g in match.groups() if g)
        if passes_eleven_test(digits):
            found.append((match.start(), Finding("bsn", match.group())))
    for match in BIRTH.finditer(text):
        found.append((match.start(), Finding("birth_date", match.group())))
    allowed = None
    for match in EMAIL.finditer(text):
        if allowed is None:
            allowed = _allowed_email_domains()
        domain = match.group(1).lower()
        if not any(domain == d or domain.endswith("." + d) for d in allowed):
            found.append((match.start(), Finding("email", match.group())))
    for match in PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if not any(f.kind == "bsn" and re.sub(r"\D", "", f.text) == digits for _, f in found):
            found.append((match.start(), Finding("phone", match.group().strip())))
    return [finding for _, finding in sorted(found, key=lambda pair: pair[0])]


LABELS = {
    "bsn": lambda: _("een burgerservicenummer"),
    "birth_date": lambda: _("een geboortedatum"),
    "email": lambda: _("een e-mailadres"),
    "phone": lambda: _("een telefoonnummer"),
}


def check_for_client_data(fields):
    """Raise a ValidationError naming each field that holds client data, and what was found.

    `fields` maps form field names to their text."""
    errors = {}
    for name, text in fields.items():
        findings = find_client_data(text)
        if findings:
            what = ", ".join(f"{LABELS[f.kind]()} ({f.text})" for f in findings[:3])
            errors[name] = _(
                "Dit lijkt op gegevens van een inwoner: %(what)s. Haal ze weg; er is nog niets "
                "opgeslagen. Het platform gaat over het systeem, niet over personen."
            ) % {"what": what}
    if errors:
        raise ValidationError(errors)
