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
