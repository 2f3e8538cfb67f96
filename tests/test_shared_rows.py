"""`trend` and the report draw the same tables from the same plain rows: the real CLI on a
real database, the terminal's rows read back next to the report's HTML table."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers_exchange import invoke, rating_row, seed, session_row

from anxlog import dates

T = date.today()
SESSIONS = 25  # more than the 20 the terminal shows
EVERY = 5  # days between sessions
FIRST = -EVERY * SESSIONS  # the first session's day, from today


def day(offset: int) -> str:
    return (T + timedelta(days=offset)).isoformat()


class Tables(HTMLParser):
    """Every <table> of a page: its rows, each a list of cell texts (<br> as a line break)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Daily ratings from 20 days before the first session; a session every 5 days at
    10:00 with a rating 4 hours later, lower for a few days after it, then back up."""
    ratings = []
    for offset in range(FIRST - 20, 0):
        since = (offset - FIRST) % EVERY if offset >= FIRST else None
        low = since is not None and 0 < since < 3
        answers = (2, 2, 2, 1, 1, 1, 1) if low else (3, 3, 2, 2, 2, 2, 1)
        taken = dates.local_instant(T + timedelta(days=offset), "20:00")
        ratings.append(rating_row(f"r{offset}", day(offset), answers, taken_at=taken))
    sessions = []
    for number in range(SESSIONS):
        offset = FIRST + EVERY * number
        taken = dates.local_instant(T + timedelta(days=offset), "14:00")
        ratings.append(rating_row(f"a{number}", day(offset), (1,) * 7, taken_at=taken))
        sessions.append(
            session_row(f"s{number}", day(offset), time="10:00", dose=0.5, unit="mg/kg")
        )
    path = tmp_path_factory.mktemp("rows") / "anxlog.db"
    seed(path, ratings, sessions)
    return path


def terminal_rows(db: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, list[list[str]]]:
    """The per-session table of `trend` at 200 columns: its title and its rows' cells."""
    monkeypatch.setenv("COLUMNS", "200")
    result = invoke(db, "trend", "--no-chart")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    title = next(line for line in lines if line.startswith("Per session"))
    start = lines.index(title)
    rows = [line for line in lines[start:] if re.match(r"\s+\d+\s+\d{4}-\d\d-\d\d", line)]
    return title, [re.split(r"\s{2,}", row.strip()) for row in rows]


def report_rows(db: Path, tmp_path: Path) -> list[list[str]]:
    out = tmp_path / "report.html"
    result = invoke(db, "report", "--out", str(out))
    assert result.exit_code == 0, result.output
    parser = Tables()
    parser.feed(out.read_text(encoding="utf-8"))
    per_session = next(t for t in parser.tables if t and t[0][:3] == ["ID", "Date", "Kind"])
    return per_session


def test_the_report_lists_every_session_the_terminal_the_latest_20(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    title, shown = terminal_rows(db, monkeypatch)
    assert "the 5 earlier ones: --since or --json" in title
    assert [row[0] for row in shown] == [str(n) for n in range(6, SESSIONS + 1)]
    table = report_rows(db, tmp_path)
    assert [row[0] for row in table[1:]] == [str(n) for n in range(1, SESSIONS + 1)]


def test_both_views_show_the_same_cells(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, shown = terminal_rows(db, monkeypatch)
    table = report_rows(db, tmp_path)
    headers = ["ID", "Date", "Kind", "Dose", "Pre (n)", "Post (n)", "Change", "NAP", "Relief"]
    assert table[0] == [*headers, "Onset"]
    assert shown == table[1 + SESSIONS - len(shown) :]
    # by hand, session 12: pre = the 4 days after session 11 (10, 10, 15, 15: 12.5), post
    # = the 4 days before session 13 (the same), so change 0 and NAP 0.5; relief level
    # 12.5 - 4 = 8.5: the first day after it (10) is above, 0 days; onset: the 14:00
    # rating of 7 is at most 8.5, 4 hours after the 10:00 start
    middle = table[12]
    assert middle[4:] == ["12.5 (4)", "12.5 (4)", "0.0", "0.50", "0", "4.0 h"]
