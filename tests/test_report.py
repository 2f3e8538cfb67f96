"""`anxlog report`: the real CLI writes a real HTML file, read back with an HTML parser."""

from __future__ import annotations

import re
import stat
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import Run
from typer.testing import CliRunner

from anxlog import __version__
from anxlog.cli import app

TODAY = date.today()
FIRST_SESSION = TODAY - timedelta(days=16)
SECOND_SESSION = TODAY - timedelta(days=9)
SCRIPT = "<script>alert('x')</script>"
SECTIONS = [
    "report-header",
    "summary",
    "chart",
    "sessions",
    "durability",
    "items",
    "gad7",
    "session-list",
    "daily-notes",
    "notes",
]
DAILY_NOTES = {  # days before today -> the note written with that day's check-in
    9: "slept badly, woke at 4",
    3: f"calmer\n{SCRIPT} & <i>then</i> worse",
}
URL_ATTRIBUTES = {"src", "href", "xlink:href", "srcset", "action", "poster", "data", "background"}


def day(offset: int) -> str:
    return (TODAY - timedelta(days=offset)).isoformat()


def invoke(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    return result.exit_code, result.stdout, result.stderr


def make_history(db: Path) -> None:
    """14 baseline days at 14 (all items 2), two sessions, then every day at 7 (all items 1).

    Baseline: days s0-14 … s0-1 = TODAY-30 … TODAY-17, mean 14; relief level 14 - 4 = 10.
    Trailing 7-day means after s0 = TODAY-16 (unrated): TODAY-15 → (5·14 + 7)/6 = 12.8,
    TODAY-14 → (4·14 + 2·7)/6 = 11.7, TODAY-13 → (3·14 + 3·7)/6 = 10.5, TODAY-12 →
    (2·14 + 4·7)/6 = 9.3 ≤ 10: relieved from TODAY-12 to TODAY, 13 days → emerging.
    """
    for offset in range(30, 16, -1):
        assert invoke(db, "rate", *["2"] * 7, "--date", day(offset))[0] == 0
    for offset in range(15, -1, -1):
        note = DAILY_NOTES.get(offset)
        extra = ["--note", note] if note else []
        assert invoke(db, "rate", *["1"] * 7, "--date", day(offset), *extra)[0] == 0
    for when, note in ((FIRST_SESSION, SCRIPT), (SECOND_SESSION, "second & last <b>bold</b>")):
        code, _, err = invoke(
            db,
            "session",
            "add",
            when.isoformat(),
            "--kind",
            "ketamine-iv" if when == SECOND_SESSION else f"ketamine-iv {SCRIPT}",
            "--dose",
            "0.5",
            "--unit",
            "mg/kg",
            "--course",
            f"induction {SCRIPT}",
            "--note",
            note,
        )
        assert code == 0, err
    gad7 = ["rate", "--gad7", "3", "2", "2", "2", "1", "1", "2", "--difficulty", "2"]
    assert invoke(db, *gad7, "--date", day(20), "--note", SCRIPT)[0] == 0


class Page(HTMLParser):
    """What a browser would see: sections in order, text per section, every attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[str] = []
        self.text: dict[str, str] = {}  # section id -> all its text
        self.paragraphs: dict[str, str] = {}  # class of a <p> -> its text
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.styles: list[str] = []  # contents of <style> elements
        self._section = "head"
        self._in: str | None = None  # "style" or the class of the open <p>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = {name: value or "" for name, value in attrs}
        self.attributes.extend((tag, name, value) for name, value in values.items())
        if tag in ("header", "section", "footer") and "id" in values:
            self._section = values["id"]
            self.sections.append(self._section)
        if tag == "style":
            self._in = "style"
        elif tag == "p" and "class" in values:
            self._in = values["class"]
            self.paragraphs[self._in] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "p"):
            self._in = None

    def handle_data(self, data: str) -> None:
        self.text[self._section] = self.text.get(self._section, "") + data
        if self._in == "style":
            self.styles.append(data)
        elif self._in is not None:
            self.paragraphs[self._in] += data


def parse(html_text: str) -> Page:
    page = Page()
    page.feed(html_text)
    page.close()
    return page


@dataclass
class Written:
    path: Path
    stdout: str
    html: str
    page: Page


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Written:
    """One realistic report, made once for the content tests."""
    folder = tmp_path_factory.mktemp("report")
    db = folder / "anxlog.db"
    make_history(db)
    out = folder / "report.html"
    code, stdout, stderr = invoke(db, "report", "--out", str(out))
    assert code == 0, stderr
    text = out.read_text(encoding="utf-8")
    return Written(out, stdout, text, parse(text))


def test_prints_the_path_of_the_file_it_wrote(written: Written) -> None:
    assert written.stdout.strip() == str(written.path.resolve())


def test_sections_come_in_the_order_of_the_issue(written: Written) -> None:
    assert written.page.sections == SECTIONS


def test_header_names_period_instrument_caveat_date_and_version(written: Written) -> None:
    header = written.page.text["report-header"]
    assert f"{day(30)} to {TODAY.isoformat()}" in header
    assert "daily adaptation of the GAD-7 items" in header
    assert "not the validated GAD-7" in header
    assert "for orientation only" in header
    assert f"{TODAY.isoformat()} by anxlog {__version__}" in header


def test_verdict_and_series_summary(written: Written) -> None:
    # see make_history: relieved on 13 days since TODAY-12, baseline 14, current 7
    assert written.page.paragraphs["verdict"] == (
        "Emerging relief: your 7-day average has been at least 4 points below your baseline "
        f"for 13 days (since {day(12)}); relief counts as sustained after 14 days."
    )
    summary = written.page.text["summary"]
    assert "Baseline mean (14 days)14.0" in summary
    assert f"7-day average on {TODAY.isoformat()}7.0" in summary
    assert "−7.0 (−50.0 %)" in summary
    assert "Response: ≥ 50 % below baseline (for orientation)yes" in summary
    # NAP and Tau-BC read in a few words next to the number (in full in the footnotes).
    # Tau-BC: a flat baseline (no trend), 14 days at 14 vs 16 days at 7: S = -224;
    # N = 30, n0 = 435, tied pairs 14·13/2 + 16·15/2 = 211 -> 224 / sqrt(224 · 224) = 1
    assert "NAP: lower in 100 % of comparisons1.00" in summary
    assert "Tau-BC: lower during treatment1.00" in summary
    assert f"({day(30)} to {day(17)}, 14 rated days), whatever the period shown" in summary


def test_chart_is_one_inline_svg_with_text_labels(written: Written) -> None:
    assert written.page.tags.count("svg") == 2  # the chart and the relief curve
    assert written.html.count("<svg") == 2
    assert "<?xml" not in written.html and "<!DOCTYPE svg" not in written.html
    chart = written.page.text["chart"]
    for label in ("7-day mean", "daily value", "baseline mean 14.0", "session (id)"):
        assert label in chart
    assert "severe" in chart and "minimal" in chart  # the severity bands are labelled


def test_per_session_table_and_session_list(written: Written) -> None:
    sessions = written.page.text["sessions"]
    assert FIRST_SESSION.isoformat() in sessions and SECOND_SESSION.isoformat() in sessions
    listing = written.page.text["session-list"]
    assert "0.5 mg/kg" in listing and "second & last <b>bold</b>" in listing


def test_how_long_relief_lasts(written: Written) -> None:
    # see make_history. Session 1 (day 16 ago): pre = days 23…17 ago, all 14; the walk
    # reads days 15…10 ago (before session 2), all 7 <= 14 - 4: relief 6 days, still going
    # when session 2 came (6+). Session 2 (day 9 ago): pre = days 15…10 ago, 7; relief
    # level 7 - 4 = 3 and the next day is 7: relief 0, ended.
    # Kaplan-Meier: at 0 days 2 at risk, 1 ended -> S = 1/2 -> the median is 0 days.
    sentence = (
        "After your last 2 sessions, relief of at least 4 points lasted a median of 0 days "
        "(shortest 0, longest 6+; 1 still going when the next session came). Your last "
        "session was 9 days ago; the first day rated after it showed no relief of at least "
        "4 points."
    )
    assert written.page.paragraphs["durability"] == (  # page 1, under the verdict
        "How long relief lasts: a median of 0 days after your last 2 sessions (shortest 0, "
        "longest 6+). Your last session was 9 days ago, with no relief on the first day "
        "rated after it."
    )
    section = written.page.text["durability"]
    assert section.split()[:4] == ["How", "long", "relief", "lasts"] and sentence in section
    assert "Relief still going" in section and "Days after the session" in section  # axes
    assert "Kaplan–Meier, 2 sessions" in section  # the legend
    assert "+ still going where counting stopped" in section  # the censored time
    assert "Onset: none of these 2 sessions has a time" in section
    assert "Kaplan EL, Meier P. Nonparametric estimation" in written.page.text["notes"]
    assert "Onset" in written.page.text["sessions"]  # the per-session column


def test_items_compare_the_baseline_with_the_last_14_days(written: Written) -> None:
    items = written.page.text["items"]
    # every item was 2 in the baseline and 1 in the last 14 days; totals 14 and 7
    assert "q1 Feeling nervous, anxious, or on edge2.01.0−1.0" in items
    assert "q7 Feeling afraid as if something awful might happen2.01.0−1.0" in items
    assert "Total (0–21)14.07.0−7.0" in items
    assert f"{day(13)} to {TODAY.isoformat()}" in items


def test_standard_gad7_results(written: Written) -> None:
    gad7 = written.page.text["gad7"]
    assert f"{day(20)}13moderateVery difficult" in gad7  # 3+2+2+2+1+1+2 = 13


def test_footnotes_give_sources_licence_and_not_advice(written: Written) -> None:
    notes = written.page.text["notes"]
    for source in (
        "Toussaint et al. 2020",
        "Bischoff et al. 2020",
        "Parker & Vannest 2009",
        "Tarlow 2017",
        "Spitzer et al. 2006",
        "Tarlow KR. An improved rank correlation effect size statistic for single-case",
    ):
        assert source in notes
    assert "Tau-U" not in written.html and "Parker et al. 2011" not in notes
    assert "0.97 reads: in 97 % of comparisons the treatment day was lower" in notes
    assert "docs/methods.md" in notes
    assert "GAD-7 © Pfizer Inc. No permission required to reproduce" in notes
    assert "it is not medical advice" in notes


def test_daily_notes_section_lists_date_and_note(written: Written) -> None:
    notes = written.page.text["daily-notes"]
    # in date order, each note after its date; the line break of the second is kept
    assert f"{day(9)}slept badly, woke at 4\n{day(3)}calmer{SCRIPT} & <i>then</i> worse" in notes
    section = written.html[written.html.index('id="daily-notes"') :]
    assert "calmer<br>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;i&gt;" in section


def test_daily_notes_appear_in_a_gad7_report_too(tmp_path: Path) -> None:
    db = tmp_path / "anxlog.db"
    assert invoke(db, "rate", *["1"] * 7, "--date", day(2), "--note", "<u>daily</u>")[0] == 0
    assert invoke(db, "rate", "--gad7", *["1"] * 7, "--date", day(1))[0] == 0
    out = tmp_path / "gad7.html"
    assert invoke(db, "report", "--instrument", "gad7", "--out", str(out))[0] == 0
    page = parse(out.read_text())
    assert f"{day(2)}<u>daily</u>" in page.text["daily-notes"]
    assert "u" not in page.tags


def test_user_text_is_escaped_and_runs_nothing(written: Written) -> None:
    assert "script" not in written.page.tags
    assert "b" not in written.page.tags and "i" not in written.page.tags
    # kind, course, session note, GAD-7 note, daily note
    assert written.html.count("&lt;script&gt;") >= 5
    assert SCRIPT in written.page.text["session-list"]  # shown as text
    assert SCRIPT in written.page.text["gad7"]


def test_no_external_reference_of_any_kind(written: Written) -> None:
    assert "http://" not in written.html and "https://" not in written.html
    for tag, name, value in written.page.attributes:
        if name in URL_ATTRIBUTES:
            assert value.startswith("#"), (tag, name, value)  # only links inside the page
        if name == "style":
            assert "url(" not in value or "url(#" in value, (tag, value)
    css = "".join(written.page.styles)
    assert re.findall(r"url\((?!#)", css) == []
    assert "@import" not in css and "@font-face" not in css
    for tag in ("script", "link", "img", "iframe", "object", "embed", "image"):
        assert tag not in written.page.tags


def test_print_css(written: Written) -> None:
    css = "".join(written.page.styles)
    assert "@page { size: auto; margin: 15mm; }" in css
    assert "page-break-inside: auto" in css and "break-inside: avoid" in css
    assert re.search(r"\.chart svg \{[^}]*max-width: 100%;[^}]*height: auto;", css)


def test_file_is_private(written: Written) -> None:
    assert stat.S_IMODE(written.path.stat().st_mode) == 0o600


def test_refuses_to_overwrite_without_force(run: Run, blank_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine.html"
    out.write_text("my notes")
    result = run("report", "--out", str(out))
    assert result.exit_code == 2
    assert "already exists: add --force" in result.stderr
    assert out.read_text() == "my notes"
    result = run("report", "--out", str(out), "--force")
    assert result.exit_code == 0, result.stderr
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_default_file_name_in_the_current_folder(
    run: Run, blank_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("report")
    assert result.exit_code == 0, result.stderr
    expected = tmp_path / f"anxlog-report-{TODAY.isoformat()}.html"
    assert result.stdout.strip() == str(expected.resolve())
    assert expected.exists()


def test_standard_gad7_instrument_has_no_daily_caveat(run: Run, tmp_path: Path) -> None:
    assert run("rate", "--gad7", *["1"] * 7, "--date", day(1)).exit_code == 0
    out = tmp_path / "gad7.html"
    assert run("report", "--instrument", "gad7", "--out", str(out)).exit_code == 0
    header = parse(out.read_text()).text["report-header"]
    assert "Standard GAD-7 score (0–21)" in header
    assert "daily adaptation" not in header


def test_standard_gad7_report_judges_follow_ups_against_the_intake(
    run: Run, tmp_path: Path
) -> None:
    """Intake 15 on the first session's day (TODAY-40); follow-ups 10 (TODAY-26) and
    9 (TODAY-12): both <= 15 - 4 and 14 days apart -> sustained since TODAY-26."""
    for offset, total in ((40, 15), (26, 10), (12, 9)):
        answers = [str(min(3, max(0, total - 3 * i))) for i in range(7)]
        assert run("rate", "--gad7", *answers, "--date", day(offset)).exit_code == 0
    assert run("session", "add", day(40), "--kind", "ketamine-iv").exit_code == 0
    for args, name in (([], "all"), (["--since", day(20)], "since")):
        out = tmp_path / f"{name}.html"
        result = run("report", "--instrument", "gad7", *args, "--out", str(out))
        assert result.exit_code == 0, result.stderr
        page = parse(out.read_text())
        assert page.paragraphs["verdict"] == (
            f"Sustained relief: your last two standard GAD-7 scores ({day(26)}: 10, "
            f"{day(12)}: 9) are both at least 4 points below your intake score "
            f"(15 on {day(40)}), 14 days apart."
        )
        summary = page.text["summary"]
        assert f"Intake GAD-7 ({day(40)})15" in summary  # the same with --since
        assert f"Latest GAD-7 ({day(12)})9" in summary
        # 15 -> 9: -6, -40 %; no response, no remission, MCID and reliable change met
        followups = page.text["sessions"]
        assert f"{day(12)}9−6−40 %nonoyesyesyes" in followups
        assert "no per-session windows" in followups
        assert (day(40) in followups) is (not args)  # the session is listed in its period


def test_a_report_without_a_baseline_says_how_to_get_one(run: Run, tmp_path: Path) -> None:
    assert run("session", "add", day(5), "--kind", "ketamine-iv").exit_code == 0
    for offset in (3, 2, 1):
        assert run("rate", *["1"] * 7, "--date", day(offset)).exit_code == 0
    out = tmp_path / "r.html"
    assert run("report", "--out", str(out)).exit_code == 0
    verdict = parse(out.read_text()).paragraphs["verdict"]
    assert verdict.startswith("No verdict: no rated day in the 14 days before the first session")
    assert "'anxlog rate --date YYYY-MM-DD'" in verdict


def test_empty_database_still_gives_a_readable_page(
    run: Run, blank_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "empty.html"
    result = run("report", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    page = parse(out.read_text())
    assert page.sections == SECTIONS
    assert "No ratings in this period" in page.text["chart"]
    assert "No notes were written with the daily check-ins." in page.text["daily-notes"]
    assert "svg" not in page.tags


def test_period_filter(tmp_path: Path) -> None:
    db = tmp_path / "anxlog.db"
    make_history(db)
    out = tmp_path / "since.html"
    since = SECOND_SESSION.isoformat()
    assert invoke(db, "report", "--since", since, "--out", str(out))[0] == 0
    page = parse(out.read_text())
    assert f"{since} to {TODAY.isoformat()} (as requested)" in page.text["report-header"]
    assert FIRST_SESSION.isoformat() not in page.text["session-list"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2026-02-01", "--until", "2026-01-01"], "is after --until"),
        (["--instrument", "weekly"], "--instrument 'weekly' is not known"),
        (["--since", "2026-02-30"], "not a real calendar date"),
    ],
)
def test_bad_options_write_nothing(run: Run, tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "bad.html"
    result = run("report", *args, "--out", str(out))
    assert result.exit_code == 2
    assert message in result.stderr
    assert not out.exists()


def test_missing_folder_is_refused(run: Run, tmp_path: Path) -> None:
    result = run("report", "--out", str(tmp_path / "nowhere" / "r.html"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_without_matplotlib_one_line_says_how_to_install(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    out = tmp_path / "r.html"
    result = run("report", "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "pip install 'anxlog[report]'" in result.stderr
    assert not out.exists()
