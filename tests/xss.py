"""A corpus of XSS payloads put through every field people type into, and a check that a page
carries no active markup of its own making (scripts, handlers, javascript: URLs, frames)."""

import re
import uuid
from html.parser import HTMLParser
from pathlib import Path

PAYLOADS = [
    line
    for line in (Path(__file__).parent / "data" / "xss_payloads.txt").read_text().splitlines()
    if line.strip()
]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "background", "srcdoc"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "style"}


class _ActiveMarkup(HTMLParser):
    """Reads the page as the browser does: tags and their real attributes, not escaped text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        values = {name.lower(): (value or "") for name, value in attrs}
        risky = (
            any(name.startswith("on") for name in values)
            or any(
                re.sub(r"\s", "", values[name]).lower().startswith(("javascript:", "data:text"))
                for name in URL_ATTRIBUTES & values.keys()
            )
            or tag in FORBIDDEN_TAGS
            or (tag == "script" and not values.get("src", "").startswith("/static/"))
            or (tag == "meta" and "http-equiv" in values)
        )
        if risky:
            self.found.append(f"<{tag} {values}>")

    handle_startendtag = handle_starttag


def active_markup(html):
    """Every element in `html` that could run code, other than the platform's own static files."""
    parser = _ActiveMarkup()
    parser.feed(html)
    parser.close()
    return parser.found


def load_payloads(author, provider):
    """A thread per payload (title, tag and first post) and a proposal per payload."""
    from discussions import actions

    threads, proposals = [], []
    for number, payload in enumerate(PAYLOADS, start=1):
        threads.append(
            actions.start_thread(
                author, f"{number} {payload}"[:200], payload, tags=[f"x{number} {payload}"[:90]]
            )
        )
        proposal, _ = actions.submit_proposal(
            provider,
            {"kind": "signaal", "title": f"{number} {payload}"[:200], "problem": payload,
             "evidence": payload, "domain": "jeugd"},
            uuid.uuid4(),
        )  # fmt: skip
        proposals.append(proposal)
    return threads, proposals


def payload_import_file():
    """A CSV for the agenda import with each payload as title, description and risks."""
    import csv
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    from agenda.exchange import COLUMNS

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=";")
    writer.writeheader()
    for number, payload in enumerate(PAYLOADS):
        writer.writerow(
            {
                "deel": "1",
                "code": f"X{number}",
                "titel": payload,
                "omschrijving": payload,
                "risicos": payload,
                "zichtbaarheid": "openbaar",
            }
        )
    return SimpleUploadedFile("overzicht.csv", buffer.getvalue().encode())


def _contentstate(payload):
    """Draftail's own format, as the admin's editor posts it, with the payload as a paragraph
    and as the target of a link: what someone could send by hand, bypassing the editor."""
    import json

    url = payload if ":" in payload else "javascript:alert(1)"
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "b0",
                    "type": "unstyled",
                    "depth": 0,
                    "text": payload,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": len(payload), "key": 0}],
                }
            ],
            "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}},
        }
    )


def make_payload_chapters_in_the_admin(client, index):
    """Through the Wagtail admin, as a signed-in editor (`client`): one published handbook
    chapter per payload, with the payload as title and as rich-text introduction."""
    for number, payload in enumerate(PAYLOADS):
        response = client.post(
            f"/admin/pages/add/handbook/handbooksectionpage/{index.pk}/",
            {
                "title": payload[:255],
                "slug": f"xss-{number}",
                "domain": "beide",
                "intro": _contentstate(payload),
                "action-publish": "publish",
            },
        )
        assert response.status_code == 302, (payload, response.content[:2000])
