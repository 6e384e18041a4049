"""Charts for the PDF documents, drawn server-side as SVG by pygal (WeasyPrint runs no JavaScript) and embedded as
``data:`` URIs. Every text of a chart names the CJK SC font (``_pdf.FONT_STACK``) so Chinese labels draw in it."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Sequence

import pygal
from pygal.style import Style

from reporting.documents._pdf import HEADING_FONT_STACK

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
_CHART_ID = re.compile(r"chart-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_FONT = HEADING_FONT_STACK.replace('"', "'")
STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#222",
    foreground_strong="#000",
    foreground_subtle="#888",
    colors=("#8b0000", "#1f4e79", "#7f7f7f", "#c9a227", "#2e7d32"),
    font_family=_FONT,
    label_font_family=_FONT,
    major_label_font_family=_FONT,
    value_font_family=_FONT,
    value_label_font_family=_FONT,
    tooltip_font_family=_FONT,
    title_font_family=_FONT,
    legend_font_family=_FONT,
    no_data_font_family=_FONT,
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    title_font_size=16,
    value_font_size=11,
)


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | int | None]]],
    *,
    horizontal: bool = True,
    no_data: str = "",
) -> str:
    """A bar chart as an ``data:image/svg+xml;base64,…`` URI (``labels`` on one axis, one bar per series per label).
    Sized for an A4 text column; taller with more labels."""
    chart_class = pygal.HorizontalBar if horizontal else pygal.Bar
    height = 90 + max(24 * len(labels), 11 * len(labels) * len(series)) if horizontal else 320
    chart = chart_class(
        style=STYLE,
        width=760,
        height=min(height, 1000),
        title=title,
        js=[],  # no script: nothing to fetch, nothing to run
        disable_xml_declaration=True,
        legend_at_bottom=True,
        print_values=len(labels) * len(series) <= 20,
        show_y_guides=not horizontal,
        no_data_text=no_data,
        truncate_label=-1,
        truncate_legend=-1,
    )
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, list(values))
    svg = chart.render(is_unicode=True)
    # pygal names each chart with a random uuid, stamps the date and adds its (never run) config script: all go, so one snapshot renders one document.
    svg = _SCRIPT.sub("", _COMMENT.sub("", svg))
    ids = sorted(set(_CHART_ID.findall(svg)))
    for n, chart_id in enumerate(ids):
        svg = svg.replace(chart_id, f"chart-{hashlib.sha1(title.encode()).hexdigest()[:12]}-{n}")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
