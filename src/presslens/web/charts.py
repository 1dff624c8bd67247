"""An actor's quotes and mentions per period as an SVG bar chart, drawn on the server.

No plotting library and no script: the chart is a few rectangles with presentation attributes
(allowed by the Content-Security-Policy, unlike inline styles) and a ``<title>`` on each bar
for its figures. Labels are escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from presslens.store.repository import TimelineRow

__all__ = ["timeline_svg"]

_WIDTH = 720
_HEIGHT = 220
_LEFT = 40
_BOTTOM = 40
_TOP = 16
_COLOURS = {"quotes": "#b5443a", "mentions": "#3a6ea5"}


def timeline_svg(rows: Sequence[TimelineRow]) -> Markup:
    """Bars of quotes and mentions per period, oldest first; undated last."""
    if not rows:
        return Markup('<p class="empty">No quotes or mentions to chart.</p>')
    peak = max(max(r.quotes, r.mentions) for r in rows) or 1
    plot_w = _WIDTH - _LEFT - 10
    plot_h = _HEIGHT - _BOTTOM - _TOP
    slot = plot_w / len(rows)
    bar = max(2.0, min(24.0, slot / 2.5))
    parts = [
        f'<svg class="chart" viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" '
        f'aria-label="quotes and mentions per period" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{_LEFT}" y1="{_TOP + plot_h}" x2="{_WIDTH - 10}" y2="{_TOP + plot_h}" '
        'stroke="#888" stroke-width="1"/>',
        f'<text x="{_LEFT - 6}" y="{_TOP + 4}" text-anchor="end" font-size="11" '
        f'fill="#555">{peak}</text>',
        f'<text x="{_LEFT - 6}" y="{_TOP + plot_h}" text-anchor="end" font-size="11" '
        'fill="#555">0</text>',
    ]
    step = max(1, len(rows) // 12)  # at most a dozen period labels
    for index, row in enumerate(rows):
        x = _LEFT + index * slot + (slot - 2 * bar) / 2
        label = row.period or "undated"
        for offset, (series, value) in enumerate(
            (("quotes", row.quotes), ("mentions", row.mentions))
        ):
            height = plot_h * value / peak
            y = _TOP + plot_h - height
            parts.append(
                f'<rect class="bar-{series}" x="{x + offset * bar:.1f}" y="{y:.1f}" '
                f'width="{bar:.1f}" height="{height:.1f}" fill="{_COLOURS[series]}">'
                f"<title>{escape(label)}: {value} {series}</title></rect>"
            )
        if index % step == 0:
            parts.append(
                f'<text x="{x + bar:.1f}" y="{_TOP + plot_h + 16}" text-anchor="middle" '
                f'font-size="11" fill="#333">{escape(label)}</text>'
            )
    legend_y = _HEIGHT - 8
    for offset, series in enumerate(("quotes", "mentions")):
        x = _LEFT + offset * 110
        parts.append(
            f'<rect x="{x}" y="{legend_y - 9}" width="10" height="10" fill="{_COLOURS[series]}"/>'
            f'<text x="{x + 14}" y="{legend_y}" font-size="11" fill="#333">{series}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
