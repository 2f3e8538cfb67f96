"""The pieces of the report's HTML: tables, sections and paragraphs, every text escaped."""

from __future__ import annotations

import html
from collections.abc import Sequence

from ..present.rows import Rows
from ..present.text import escape_controls


def user_text(text: str | None) -> str:
    """User-written text: control characters made visible, HTML escaped, line breaks kept."""
    if not text:
        return ""
    return "<br>".join(html.escape(escape_controls(line.rstrip("\r"))) for line in text.split("\n"))


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    classes: Sequence[str] = (),
    table_class: str = "",
    row_classes: Sequence[str] = (),
) -> str:
    """A table from headers and cells that are already HTML; ``classes`` style each column."""
    classes = list(classes) + [""] * (len(headers) - len(classes))

    def cell(tag: str, content: str, column: int) -> str:
        attribute = f' class="{classes[column]}"' if classes[column] else ""
        scope = ' scope="col"' if tag == "th" else ""
        return f"<{tag}{attribute}{scope}>{content}</{tag}>"

    head = "".join(cell("th", h, i) for i, h in enumerate(headers))
    body = []
    for index, row in enumerate(rows):
        row_class = row_classes[index] if index < len(row_classes) else ""
        attribute = f' class="{row_class}"' if row_class else ""
        body.append(
            f"<tr{attribute}>" + "".join(cell("td", c, i) for i, c in enumerate(row)) + "</tr>"
        )
    attribute = f' class="{table_class}"' if table_class else ""
    # a table wider than a phone scrolls inside its own box, not the whole page
    return (
        f'<div class="scroll"><table{attribute}><thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(body)
        + "\n</tbody></table></div>"
    )


def rows_table(rows: Rows, *, table_class: str = "") -> str:
    """One of the tables `trend` shows (present/rows.py), as HTML: the same headers and
    cells; numbers right-aligned, dates kept on one line."""
    return table(
        [html.escape(column.header) for column in rows.columns],
        [[user_text(cell) for cell in cells] for cells in rows.cells],
        classes=[column.kind if column.kind in ("num", "day") else "" for column in rows.columns],
        table_class=table_class,
    )


def section(section_id: str, title: str, content: str) -> str:
    return f'<section id="{section_id}">\n<h2>{html.escape(title)}</h2>\n{content}\n</section>'


def paragraph(text: str, css_class: str = "") -> str:
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<p{attribute}>{html.escape(text)}</p>"
