"""Charts of the reports, described once and drawn twice: by Chart.js in the browser (the spec is
passed with `json_script`) and as static SVG on the server for the PDF (WeasyPrint runs no
JavaScript). The exchange network is drawn as SVG on both.

A spec: {"id", "type": "bar" | "hbar" | "line" | "doughnut", "stacked": bool, "labels": [...],
"series": [{"label", "data": [numbers], "color"}], "unit": "credits" | "count" | "percent"}.
Amounts are in credits (cents / 100) in a spec.
"""

from __future__ import annotations

import math
from html import escape

BRAND = "#1b6e5a"
ESS_COLOR = "#1b6e5a"
CLASSIC_COLOR = "#3d5a98"
ACCENT = "#f2a541"
PURPLE = "#8a4fbf"
GREY = "#9aa5b1"
RED = "#c0392b"
FONTS = "DejaVu Sans, Helvetica, Arial, sans-serif"
PALETTE = [BRAND, CLASSIC_COLOR, ACCENT, PURPLE, GREY, RED, "#2e9cca", "#6c8a3c"]


def spec(chart_id, chart_type, labels, series, *, unit="count", stacked=False) -> dict:
    return {
        "id": chart_id,
        "type": chart_type,
        "labels": [str(label) for label in labels],
        "series": [
            {
                "label": str(s["label"]),
                "data": [0 if v is None else v for v in s["data"]],
                "color": s.get("color") or PALETTE[i % len(PALETTE)],
            }
            for i, s in enumerate(series)
        ],
        "unit": unit,
        "stacked": stacked,
    }


def credits(cents: int) -> float:
    return round(cents / 100, 2)


# --- SVG ----------------------------------------------------------------------------------------


def _number(value: float, decimal_comma: bool = True) -> str:
    """Compact axis numbers: 950, 12 k, 1,2 M."""
    magnitude = abs(value)
    if magnitude >= 1_000_000:
        text = f"{value / 1_000_000:.1f} M"
    elif magnitude >= 10_000:
        text = f"{value / 1000:.0f} k"
    elif magnitude >= 1000:
        text = f"{value / 1000:.1f} k"
    elif magnitude != int(magnitude):
        text = f"{value:.1f}"
    else:
        text = f"{int(value)}"
    if text.endswith(".0 k") or text.endswith(".0 M"):
        text = text.replace(".0 ", " ")
    return text.replace(".", ",") if decimal_comma else text


def _nice_max(value: float) -> float:
    """A round top for an axis of four steps: each step is 1, 2, 2.5 or 5 times a power of 10."""
    if value <= 0:
        return 1
    raw = value / 4
    exponent = math.floor(math.log10(raw))
    for step in (1, 2, 2.5, 5, 10):
        if raw <= step * 10**exponent:
            return 4 * step * 10**exponent
    return 4 * 10 ** (exponent + 1)


def _text(x, y, content, *, size=10, anchor="start", color="#333", weight="normal", rotate=None):
    transform = f' transform="rotate({rotate} {x:.1f} {y:.1f})"' if rotate else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{color}" font-weight="{weight}"{transform}>{escape(str(content))}</text>'
    )


def _legend(series, x, y, width) -> tuple[list[str], int]:
    """The legend from (x, y), wrapped before `width`; returns its parts and its height."""
    parts, left, rows = [], x, 1
    for s in series:
        size = 24 + 5.2 * len(s["label"])
        if x > left and x + size > width:
            x, y, rows = left, y + 14, rows + 1
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 8:.1f}" width="10" height="10" fill="{s["color"]}"/>'
        )
        parts.append(_text(x + 14, y, s["label"], size=9))
        x += size
    return parts, 14 * rows


def _svg(width, height, parts) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="{FONTS}">' + "".join(parts) + "</svg>"
    )


def svg_bars(chart: dict, *, width=640, height=260) -> str:
    """Vertical bars, grouped or stacked; or a line chart for type 'line'."""
    labels, series = chart["labels"], chart["series"]
    left, right, bottom = 52, 10, 58
    parts, legend_height = _legend(series, left, 12, width - right)
    top = 12 + legend_height
    plot_w, plot_h = width - left - right, height - top - bottom
    if chart["stacked"]:
        totals = [sum(s["data"][i] for s in series) for i in range(len(labels))]
        highest = max(totals, default=0)
    else:
        highest = max((v for s in series for v in s["data"]), default=0)
    lowest = min(0, min((v for s in series for v in s["data"]), default=0))
    top_value = _nice_max(highest)
    span = top_value - lowest or 1

    def y_of(v):
        return top + plot_h * (1 - (v - lowest) / span)

    for i in range(5):
        v = lowest + span * i / 4
        y = y_of(v)
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
            'stroke="#ddd" stroke-width="0.6"/>'
        )
        parts.append(_text(left - 4, y + 3, _number(v), size=8, anchor="end", color="#666"))
    n = max(1, len(labels))
    slot = plot_w / n
    if chart["type"] == "line":
        for s in series:
            points = " ".join(
                f"{left + slot * (i + 0.5):.1f},{y_of(v):.1f}" for i, v in enumerate(s["data"])
            )
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{s["color"]}" '
                'stroke-width="1.6"/>'
            )
    else:
        inner = slot * 0.75
        for i in range(len(labels)):
            x0 = left + slot * i + (slot - inner) / 2
            base = 0.0
            for k, s in enumerate(series):
                v = s["data"][i]
                if chart["stacked"]:
                    y1, y2 = y_of(base + v), y_of(base)
                    base += v
                    x, w = x0, inner
                else:
                    w = inner / len(series)
                    x = x0 + k * w
                    y1, y2 = y_of(max(v, 0)), y_of(min(v, 0))
                if y2 - y1 > 0.05:
                    color = chart.get("colors", [])[i] if chart.get("colors") else s["color"]
                    parts.append(
                        f'<rect x="{x:.1f}" y="{y1:.1f}" width="{w:.1f}" height="{y2 - y1:.1f}" '
                        f'fill="{color}"/>'
                    )
    step = max(1, math.ceil(n / 24))
    for i, label in enumerate(labels):
        if i % step:
            continue
        x = left + slot * (i + 0.5)
        parts.append(_text(x, top + plot_h + 10, label[:18], size=8, anchor="end", rotate=-35))
    parts.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{y_of(0):.1f}" y2="{y_of(0):.1f}" '
        'stroke="#888" stroke-width="0.8"/>'
    )
    return _svg(width, height, parts)


def svg_hbars(chart: dict, *, width=640, row=16) -> str:
    """Horizontal bars (top lists, categories), one row per label, stacked series."""
    labels, series = chart["labels"], chart["series"]
    left, right = 210, 60
    parts, legend_height = _legend(series, left, 12, width - 10)
    top = 10 + legend_height
    height = top + row * max(1, len(labels)) + 10
    plot_w = width - left - right
    totals = [sum(s["data"][i] for s in series) for i in range(len(labels))]
    top_value = _nice_max(max(totals, default=0))
    for i, label in enumerate(labels):
        y = top + row * i
        text = label if len(label) <= 38 else label[:37] + "…"
        parts.append(_text(left - 6, y + row * 0.7, text, size=8.5, anchor="end"))
        x = left
        for s in series:
            w = plot_w * s["data"][i] / top_value
            if w > 0.05:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 2:.1f}" width="{w:.1f}" height="{row - 4}" '
                    f'fill="{s["color"]}"/>'
                )
            x += w
        parts.append(_text(x + 4, y + row * 0.7, _number(totals[i]), size=8, color="#555"))
    return _svg(width, height, parts)


def svg_doughnut(chart: dict, *, size=200, width=520) -> str:
    series = chart["series"][0]
    values = series["data"]
    total = sum(values) or 1
    cx = cy = size / 2
    radius, hole = size / 2 - 6, size / 4
    parts = []
    angle = -math.pi / 2
    colors = [PALETTE[i % len(PALETTE)] for i in range(len(values))]
    for value, color in zip(values, colors, strict=True):
        if value <= 0:
            continue
        sweep = 2 * math.pi * value / total
        if sweep >= 2 * math.pi - 1e-9:
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="{radius}" fill="{color}"/>')
        else:
            x1, y1 = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
            x2, y2 = cx + radius * math.cos(angle + sweep), cy + radius * math.sin(angle + sweep)
            large = 1 if sweep > math.pi else 0
            parts.append(
                f'<path d="M{cx:.1f},{cy:.1f} L{x1:.1f},{y1:.1f} A{radius},{radius} 0 {large} 1 '
                f'{x2:.1f},{y2:.1f} Z" fill="{color}"/>'
            )
        angle += sweep
    parts.append(f'<circle cx="{cx}" cy="{cy}" r="{hole}" fill="#fff"/>')
    y = 20
    for label, value, color in zip(chart["labels"], values, colors, strict=True):
        share = f"{100 * value / total:.1f}".replace(".", ",")
        parts.append(f'<rect x="{size + 20}" y="{y - 9}" width="10" height="10" fill="{color}"/>')
        parts.append(_text(size + 36, y, f"{label} — {share} %", size=9))
        y += 18
    return _svg(width, max(size, y), parts)


def svg_chart(chart: dict) -> str:
    if chart["type"] == "hbar":
        return svg_hbars(chart)
    if chart["type"] == "doughnut":
        return svg_doughnut(chart)
    return svg_bars(chart)


def svg_graph(nodes, edges, *, size=560, label_chars=22) -> str:
    """The exchange network on a circle: one dot per business (area by volume, green for the
    social economy, blue for classic firms), one line per pair that traded (width by volume).

    nodes: [(id, name, volume, is_social_economy)], edges: [(a, b, volume)].
    """
    if not nodes:
        return _svg(size, 40, [_text(10, 24, "—", size=12)])
    margin = 150
    width = size + 2 * margin
    cx, cy = width / 2, size / 2 + 10
    radius = size / 2 - 30
    positions = {}
    n = len(nodes)
    for i, (pk, _name, _volume, _ess) in enumerate(nodes):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        positions[pk] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle), angle)
    merged: dict[tuple[int, int], int] = {}
    for a, b, volume in edges:
        key = (min(a, b), max(a, b))
        merged[key] = merged.get(key, 0) + volume
    biggest_edge = max(merged.values(), default=1) or 1
    biggest_node = max((v for _pk, _n, v, _e in nodes), default=1) or 1
    parts = []
    for (a, b), volume in sorted(merged.items(), key=lambda item: item[1]):
        if a not in positions or b not in positions:
            continue
        x1, y1, _ = positions[a]
        x2, y2, _ = positions[b]
        w = 0.6 + 5 * volume / biggest_edge
        opacity = 0.25 + 0.6 * volume / biggest_edge
        # A quadratic curve through a point pulled towards the centre keeps chords readable.
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        qx, qy = mx + (cx - mx) * 0.35, my + (cy - my) * 0.35
        parts.append(
            f'<path d="M{x1:.1f},{y1:.1f} Q{qx:.1f},{qy:.1f} {x2:.1f},{y2:.1f}" fill="none" '
            f'stroke="#556" stroke-opacity="{opacity:.2f}" stroke-width="{w:.1f}"/>'
        )
    for pk, name, volume, ess in nodes:
        x, y, angle = positions[pk]
        r = 3 + 9 * math.sqrt(volume / biggest_node)
        color = ESS_COLOR if ess else CLASSIC_COLOR
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{color}" stroke="#fff" '
            f'stroke-width="1"><title>{escape(name)}</title></circle>'
        )
        label = name if len(name) <= label_chars else name[: label_chars - 1] + "…"
        lx = x + (r + 4) * math.cos(angle)
        ly = y + (r + 4) * math.sin(angle) + 3
        anchor = (
            "start" if math.cos(angle) > 0.2 else ("end" if math.cos(angle) < -0.2 else "middle")
        )
        parts.append(_text(lx, ly, label, size=8.5, anchor=anchor))
    return _svg(width, size + 30, parts)
