"""Charts as inline SVG, drawn on the server: no script, no external network, readable by a screen
reader through a title and a description, and always shown next to a table with the same figures.
"""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from home.templatetags.platform_tags import content_lang

WIDTH, HEIGHT = 640, 260
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 48, 16, 16, 36
# Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart by dash as well.
ACTUAL = "#1a4d8f"
TARGET = "#8a1c14"
FORECAST = "#5c4300"


@dataclass
class Series:
    label: str
    points: list  # [(date, value)]
    colour: str
    dash: str = ""


def _svg(title, description, body, width=WIDTH, height=HEIGHT, chart_id="chart", fixed=False):
    size = f' width="{width}" height="{height}"' if fixed else ""
    return mark_safe(  # noqa: S308  # nosec B308 B703 - every text inside is escaped here
        f'<svg class="chart"{size} viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>{body}</svg>'
    )


def burn_up(chart_id, title, series, start, end, description=""):
    """Lines of share (0–100%) over time, from `start` to `end`."""
    span = max((end - start).days, 1)
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM

    def x(day):
        return PAD_LEFT + plot_w * min(max((day - start).days, 0), span) / span

    def y(value):
        return PAD_TOP + plot_h * (1 - min(max(value, 0), 100) / 100)

    parts = []
    for value in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" y1="{y(value):.1f}" '
            f'y2="{y(value):.1f}" stroke="#d0d7e2" stroke-width="1"/>'
            f'<text x="{PAD_LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" '
            f'font-size="12" fill="#333">{value}%</text>'
        )
    for day, anchor in ((start, "start"), (end, "end")):
        parts.append(
            f'<text x="{x(day):.1f}" y="{HEIGHT - 12}" text-anchor="{anchor}" font-size="12" '
            f'fill="#333">{escape(date_format(day, "M Y"))}</text>'
        )
    legend_x = PAD_LEFT + 8
    for s in series:
        if not s.points:
            continue
        path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in s.points)
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        parts.append(
            f'<polyline fill="none" stroke="{s.colour}" stroke-width="2.5"{dash} points="{path}"/>'
        )
        parts.append(
            f'<line x1="{legend_x}" x2="{legend_x + 18}" y1="{PAD_TOP + 8}" y2="{PAD_TOP + 8}" '
            f'stroke="{s.colour}" stroke-width="2.5"{dash}/>'
            f'<text x="{legend_x + 22}" y="{PAD_TOP + 12}" font-size="12" fill="#111">'
            f"{escape(s.label)}</text>"
        )
        legend_x += 30 + 7.5 * len(s.label)
    return _svg(title, description, "".join(parts), chart_id=chart_id)


# What the label column of a bar chart (200 px, text at 12 px) holds in one line.
LABEL_CHARS = 28


def label_lines(label, width=LABEL_CHARS, most=2):
    """`label` in at most `most` lines of at most `width` characters, broken between words; a
    word or a last line that does not fit ends in an ellipsis (the table beside the chart has
    the whole name)."""
    lines = []
    for word in str(label).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] += " …"
    return [line if len(line) <= width else line[: width - 1].rstrip() + "…" for line in lines]


def bars(chart_id, title, rows, unit="", description="", compare=None, written_labels=False):
    """Horizontal bars: rows of (label, value) and, with `compare`, a second value per row drawn
    as a marker (for example hours needed against hours agreed). `written_labels`: the labels
    were written on the platform (working groups' names), so they are marked as its language
    on a page in another (WCAG 3.1.2); otherwise they are the interface's own words. A label
    too long for its column takes two lines (label_lines), and every row the room for two."""
    lang = content_lang() if written_labels else ""
    labels = [label_lines(label) for label, _value in rows]
    row_h = 34 if any(len(lines) > 1 for lines in labels) else 26
    height = PAD_TOP + row_h * max(len(rows), 1) + 24
    label_w = 200
    plot_w = WIDTH - label_w - PAD_RIGHT - 40
    biggest = max([v for _l, v in rows] + [c for c in (compare or []) if c is not None] + [1])
    parts = []
    for index, (_label, value) in enumerate(rows):
        top = PAD_TOP + index * row_h
        middle = top + row_h / 2
        width = plot_w * value / biggest
        lines = labels[index]
        first = middle + 4 - 6.5 * (len(lines) - 1)
        text = "".join(
            f'<tspan x="{label_w - 6}" y="{first + 13 * n:g}">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        parts.append(
            f'<text text-anchor="end" font-size="12" fill="#111"{lang}>{text}</text>'
            f'<rect x="{label_w}" y="{middle - 8:g}" width="{width:.1f}" height="16" '
            f'fill="{ACTUAL}"/>'
            f'<text x="{label_w + width + 4:.1f}" y="{middle + 4:g}" font-size="12" fill="#111">'
            f"{escape(_number(value))}{escape(unit)}</text>"
        )
        if compare is not None and compare[index] is not None:
            mark = label_w + plot_w * compare[index] / biggest
            parts.append(
                f'<line x1="{mark:.1f}" x2="{mark:.1f}" y1="{middle - 12:g}" '
                f'y2="{middle + 10:g}" stroke="{TARGET}" stroke-width="3"/>'
            )
    return _svg(title, description, "".join(parts), height=height, chart_id=chart_id)


def dependency_map(chart_id, title, waterbed, description=""):
    """Items as boxes in a column per part, dependencies as arrows; slipped items in red. The
    boxes name the items as written on the platform (marked so on a page in another language)."""
    lang = content_lang()
    columns = {}
    for node in waterbed.nodes:
        columns.setdefault(node.part.number, []).append(node)
    box_w, box_h, gap_x, gap_y = 170, 30, 60, 14
    positions = {}
    for column_index, number in enumerate(sorted(columns)):
        for row_index, node in enumerate(columns[number]):
            positions[node.pk] = (
                16 + column_index * (box_w + gap_x),
                40 + row_index * (box_h + gap_y),
            )
    width = max([x for x, _y in positions.values()] + [0]) + box_w + 16
    height = max([y for _x, y in positions.values()] + [0]) + box_h + 16
    parts = [
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        'fill="#333"/></marker></defs>'
    ]
    for column_index, number in enumerate(sorted(columns)):
        heading = _("Deel %(number)s") % {"number": number}
        parts.append(
            f'<text x="{16 + column_index * (box_w + gap_x)}" y="24" font-size="12" '
            f'font-weight="700" fill="#111">{escape(heading)}</text>'
        )
    for source, target, kind in waterbed.edges:
        if source not in positions or target not in positions:
            continue
        sx, sy = positions[source]
        tx, ty = positions[target]
        dash = "" if kind == "blocks" else ' stroke-dasharray="4 3"'
        parts.append(
            f'<line x1="{sx + box_w}" y1="{sy + box_h / 2}" x2="{tx}" y2="{ty + box_h / 2}" '
            f'stroke="#333" stroke-width="1.5"{dash} marker-end="url(#arrow)"/>'
        )
    for node in waterbed.nodes:
        x, y = positions[node.pk]
        slipped = node.pk in waterbed.slipped
        fill, stroke = ("#fde2e1", TARGET) if slipped else ("#eef3fa", ACTUAL)
        parts.append(
            f'<rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="4" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{3 if slipped else 1.5}"/>'
            f'<text x="{x + 8}" y="{y + 19}" font-size="11" fill="#111"{lang}>'
            f"{'⚠ ' if slipped else ''}{escape(str(node)[:26])}</text>"
        )
    return _svg(
        title, description, "".join(parts), width=width, height=height, chart_id=chart_id,
        fixed=True,
    )  # fmt: skip


def part_burn_up(progress, today):
    """A part's burn-up: realised share, the target line and the forecast."""
    series = [
        Series(_("Gerealiseerd"), progress.actual, ACTUAL),
        Series(_("Doellijn"), progress.target, TARGET, dash="6 4"),
    ]
    end = max(today, progress.target_date or today)
    if progress.forecast_date and progress.actual:
        end = max(end, progress.forecast_date)
        series.append(
            Series(
                _("Prognose"),
                [progress.actual[-1], (progress.forecast_date, float(progress.target_share))],
                FORECAST,
                dash="2 3",
            )
        )
    start = progress.part.start_date or today
    return burn_up(
        f"chart-part-{progress.part.number}",
        # By number: the heading above the chart names the part, and a chart's name is read
        # as one string in the page's language, so a Dutch title inside it could not be marked.
        _("Deel %(number)s: aandeel gerealiseerd tegen de doellijn")
        % {"number": progress.part.number},
        series,
        start,
        end,
        description=_("%(share)s%% gerealiseerd; doel %(target)s%%.")
        % {"share": progress.share, "target": progress.target_share},
    )


def _number(value):
    return f"{value:g}" if isinstance(value, float) else str(value)
