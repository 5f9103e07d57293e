"""Bar charts drawn on the server as SVG: no script, no external library, readable without colour.

Each bar carries its value written beside it and its label in front of it; the SVG is an image with a title and a
text description (the highest and lowest values), and every chart is followed by the `<table>` of the same
numbers in the templates."""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from metrics.indicators import Table

WIDTH = 720
LABEL_WIDTH = 250
VALUE_WIDTH = 70
ROW = 26
BAR = 16


def _number(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return f"{int(value):,}".replace(",", "\u202f")


def _short(text: str, size: int = 38) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def bar_chart(table: Table, limit: int = 30) -> SafeString:
    column = table.chart_column
    if column is None or not table.rows:
        return SafeString("")
    label = table.label_column.key
    rows = [r for r in table.rows[:limit]]
    values = [float(r.get(column.key) or 0) for r in rows]
    top = max(values) or 1.0
    height = ROW * len(rows) + 10
    chart_id = f"graphique-{table.key}"
    highest = max(range(len(rows)), key=lambda i: values[i])
    lowest = min(range(len(rows)), key=lambda i: values[i])
    description = (
        f"{column.label} selon « {table.label_column.label} », {len(rows)} barres. "
        f"La plus haute : {_number(rows[highest].get(column.key))} ({rows[highest][label]}) ; "
        f"la plus basse : {_number(rows[lowest].get(column.key))} ({rows[lowest][label]}). "
        "Les mêmes chiffres sont dans le tableau qui suit."
    )
    bars = []
    area = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    for index, (row, value) in enumerate(zip(rows, values, strict=True)):
        y = 5 + index * ROW
        width = round(area * value / top, 1)
        bars.append(
            (
                y + BAR - 3,
                _short(str(row[label])),
                y,
                LABEL_WIDTH,
                max(width, 1 if value else 0),
                LABEL_WIDTH + width + 6,
                _number(row.get(column.key)),
            )
        )
    body = format_html_join(
        "",
        '<g><text x="0" y="{}" font-size="13" fill="#1a1a1a">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="' + str(BAR) + '" fill="#1f4e8c"></rect>'
        '<text x="{}" y="{}" font-size="13" fill="#1a1a1a">{}</text></g>',
        ((ty, text, x, y, w, vx, ty, v) for ty, text, y, x, w, vx, v in bars),
    )
    return format_html(
        '<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-titre {}-desc" class="chart__svg" width="100%" preserveAspectRatio="xMinYMin meet">'
        '<title id="{}-titre">{}</title><desc id="{}-desc">{}</desc>{}</svg>'
        "<figcaption>{} — graphique ; les chiffres sont dans le tableau ci-dessous.</figcaption></figure>",
        WIDTH,
        height,
        chart_id,
        chart_id,
        chart_id,
        f"{table.title} : {column.label}",
        chart_id,
        description,
        body,
        f"{table.title} : {column.label}",
    )
