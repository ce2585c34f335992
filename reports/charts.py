"""The report's charts, drawn once with matplotlib: SVG for the page and the PDF, PNG for Word.

Text in the SVG is drawn as paths, so the charts look the same in every browser and PDF
reader whatever fonts it has; Chinese labels need a CJK font on the server (fonts-noto-cjk).
"""

import base64
import hashlib
import io
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on a server
import matplotlib.pyplot as plt
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from matplotlib import font_manager
from matplotlib.ticker import MaxNLocator

# matplotlib lists the system's fonts once, in a cache kept across runs: a CJK font installed
# after that (make's system packages) would be missing and Chinese labels drawn as boxes.
CJK_FONTS = "/usr/share/fonts/opentype/noto/NotoSansCJK-*.ttc"
if not any("CJK" in font.name for font in font_manager.fontManager.ttflist):
    for path in sorted(Path("/").glob(CJK_FONTS.lstrip("/"))):
        font_manager.fontManager.addfont(str(path))

plt.rcParams.update(
    {
        "font.family": "sans-serif",
        "font.sans-serif": ["Noto Sans CJK SC", "Noto Sans CJK JP", "DejaVu Sans"],
        "svg.fonttype": "path",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "font.size": 9,
    }
)

# The site's status and stance colours (static/css/site.css), darker for chart bars.
STATUS_COLOURS = {
    "not_started": "#9aa5b1",
    "in_progress": "#3b82f6",
    "partially_implemented": "#14b8a6",
    "implemented": "#16a34a",
    "stalled": "#dc2626",
    "closed": "#6b7280",
}
STANCE_COLOURS = {
    "accepted": "#16a34a",
    "partially_accepted": "#14b8a6",
    "under_study": "#d97706",
    "not_adopted": "#dc2626",
    "noted": "#7c3aed",
}
BRAND = "#0b5394"
MAX_BARS = 15
# Drawn charts are kept this long at most; they are keyed by their data, so a change shows at once.
CACHE_SECONDS = 24 * 3600


@dataclass
class Chart:
    key: str
    title: str
    figure: object

    @cached_property
    def svg(self):
        buffer = io.StringIO()
        self.figure.savefig(buffer, format="svg", bbox_inches="tight")
        text = buffer.getvalue()
        return text[text.index("<svg") :]

    @cached_property
    def data_uri(self):
        """The SVG as an <img> source: each chart stays its own document, so the glyph and
        group ids matplotlib writes never clash between charts on one page."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()

    @cached_property
    def png(self):
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
        return buffer.getvalue()

    def close(self):
        plt.close(self.figure)


def horizontal_bars(labels, values, colours, xlabel):
    height = 0.35 * len(labels) + 0.8
    figure, axes = plt.subplots(figsize=(6.4, height))
    positions = range(len(labels))
    axes.barh(list(positions), values, color=colours)
    axes.set_yticks(list(positions), labels)
    axes.invert_yaxis()
    axes.set_xlabel(xlabel)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    for position, value in zip(positions, values, strict=True):
        axes.text(value, position, f" {value}", va="center")
    figure.tight_layout()
    return figure


def stacked_groups(groups, xlabel):
    """Implemented / in progress / other, per group (department, topic or company)."""
    groups = groups[:MAX_BARS]
    labels = [group["name"] for group in groups]
    implemented = [group["implemented"] for group in groups]
    in_progress = [group["in_progress"] for group in groups]
    other = [group["received"] - group["implemented"] - group["in_progress"] for group in groups]
    figure, axes = plt.subplots(figsize=(6.4, 0.35 * len(labels) + 1.2))
    positions = list(range(len(labels)))
    axes.barh(positions, implemented, color=STATUS_COLOURS["implemented"], label=_("Implemented"))
    axes.barh(positions, in_progress, left=implemented, color=STATUS_COLOURS["in_progress"], label=_("In progress"))
    left = [a + b for a, b in zip(implemented, in_progress, strict=True)]
    axes.barh(positions, other, left=left, color=STATUS_COLOURS["not_started"], label=_("Not started or other"))
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()
    axes.set_xlabel(xlabel)
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    figure.tight_layout()
    return figure


def trend_chart(trend):
    labels = [str(row["paper__meeting__year"]) for row in trend]
    figure, axes = plt.subplots(figsize=(6.4, 2.8))
    positions = list(range(len(labels)))
    width = 0.27
    axes.bar(
        [p - width for p in positions], [r["received"] for r in trend], width, color="#9aa5b1", label=_("Received")
    )
    axes.bar(positions, [r["responded"] for r in trend], width, color=BRAND, label=_("Answered"))
    axes.bar(
        [p + width for p in positions],
        [r["implemented"] for r in trend],
        width,
        color="#16a34a",
        label=_("Implemented"),
    )
    axes.set_xticks(positions, labels)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(frameon=False)
    figure.tight_layout()
    return figure


def report_charts(report):
    """The charts of a report, in the order the documents show them (in the report's language)."""
    count = _("Recommendations")
    charts = [
        Chart(
            "stance",
            _("Government responses by stance"),
            horizontal_bars(
                [label for _value, label, _n in report.by_stance],
                [n for _value, _label, n in report.by_stance],
                [STANCE_COLOURS[value] for value, _label, _n in report.by_stance],
                count,
            ),
        ),
        Chart(
            "status",
            _("Implementation status"),
            horizontal_bars(
                [label for _value, label, _n in report.by_status],
                [n for _value, _label, n in report.by_status],
                [STATUS_COLOURS[value] for value, _label, _n in report.by_status],
                count,
            ),
        ),
    ]
    for key, title, groups in [
        ("department", _("Implementation by lead department"), report.per_department),
        ("topic", _("Implementation by topic"), report.per_topic),
        ("company", _("Implementation by company"), report.per_company),
    ]:
        if len(groups) > 1:
            charts.append(Chart(key, title, stacked_groups(groups, count)))
    if len(report.trend) > 1:
        charts.append(Chart("trend", _("Meeting by meeting"), trend_chart(report.trend)))
    return charts


@dataclass(frozen=True)
class DrawnChart:
    """A chart as the page shows it: drawn once, kept in the cache."""

    key: str
    title: str
    data_uri: str


def chart_data(report):
    """Everything the charts are drawn from, in the active language: their cache key."""
    groups = [
        [(group["name"], group["implemented"], group["in_progress"], group["received"]) for group in groups[:MAX_BARS]]
        for groups in (report.per_department, report.per_topic, report.per_company)
    ]
    data = [get_language(), report.by_stance, report.by_status, groups, [len(g) for g in groups], report.trend]
    return json.dumps(data, default=str, sort_keys=True)


def page_charts(report):
    """The report page's charts, drawn only when the figures they show have changed (matplotlib
    takes most of a report page's time; the figures themselves are a few queries)."""
    return cached("report-charts", chart_data(report), lambda: report_charts(report))


def cached(prefix, data, draw):
    """The charts `draw()` makes, kept under the hash of `data` (what they are drawn from)."""
    key = f"{prefix}:" + hashlib.sha256(data.encode()).hexdigest()
    drawn = cache.get(key)
    if drawn is None:
        charts = draw()
        try:
            drawn = [DrawnChart(chart.key, chart.title, chart.data_uri) for chart in charts]
        finally:
            for chart in charts:
                chart.close()
        cache.set(key, drawn, CACHE_SECONDS)
    return drawn


# Days to respond, in bins of this many days; the last bin holds everything after DAYS_SHOWN.
DAYS_BIN = 15
DAYS_SHOWN = 180


def dashboard_charts(dashboard):
    """The department dashboard's charts: on-time rate per department, days to respond, and the
    on-time rate meeting by meeting."""
    rated = [row for row in dashboard.rows if row.values["on_time_pct"] is not None]
    rated.sort(key=lambda row: (row.values["on_time_pct"], row.name))
    bins = {}
    for number, answers in dashboard.days:
        start = min(number, DAYS_SHOWN) // DAYS_BIN * DAYS_BIN
        bins[start] = bins.get(start, 0) + answers
    trend = [(number, year, rate) for number, year, rate, due in dashboard.trend if due]
    data = [get_language(), [(row.name, row.values["on_time_pct"]) for row in rated], sorted(bins.items()), trend]

    def draw():
        charts = []
        if rated:
            charts.append(
                Chart(
                    "on-time",
                    _("Answered by the deadline, per department (%)"),
                    on_time_bars([row.name for row in rated], [row.values["on_time_pct"] for row in rated]),
                )
            )
        if bins:
            charts.append(Chart("days", _("Days from the meeting to the published response"), days_histogram(bins)))
        if len(trend) > 1:
            charts.append(
                Chart("on-time-trend", _("Answered by the deadline, meeting by meeting (%)"), rate_line(trend))
            )
        return charts

    return cached("dashboard-charts", json.dumps(data, default=str), draw)


def on_time_bars(labels, rates):
    figure, axes = plt.subplots(figsize=(6.4, 0.3 * len(labels) + 0.9))
    positions = list(range(len(labels)))
    colours = ["#dc2626" if rate < 50 else "#d97706" if rate < 80 else "#16a34a" for rate in rates]
    axes.barh(positions, rates, color=colours)
    axes.set_yticks(positions, labels)
    axes.set_xlim(0, 100)
    axes.set_xlabel("%")
    for position, rate in zip(positions, rates, strict=True):
        axes.text(rate, position, f" {rate}%", va="center")
    figure.tight_layout()
    return figure


def days_histogram(bins):
    starts = sorted(bins)
    labels = [f"{start}+" if start >= DAYS_SHOWN else f"{start}-{start + DAYS_BIN - 1}" for start in starts]
    figure, axes = plt.subplots(figsize=(6.4, 2.8))
    axes.bar(range(len(starts)), [bins[start] for start in starts], color=BRAND)
    axes.set_xticks(range(len(starts)), labels, rotation=45, ha="right")
    axes.set_xlabel(_("Days"))
    axes.set_ylabel(_("Responses"))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    figure.tight_layout()
    return figure


def rate_line(trend):
    figure, axes = plt.subplots(figsize=(6.4, 2.6))
    labels = [f"{number} ({year})" for number, year, _rate in trend]
    axes.plot(range(len(trend)), [rate for _n, _y, rate in trend], marker="o", color=BRAND)
    axes.set_xticks(range(len(trend)), labels)
    axes.set_ylim(0, 100)
    axes.set_ylabel("%")
    figure.tight_layout()
    return figure
