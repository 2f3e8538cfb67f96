"""The rough edges of everyday use: a mistyped database path, unknown times, --debug,
a note given without --note, undoing a slip, empty periods and --db after a group."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import Run, snapshot
from fhir.resources.R4B.bundle import Bundle
from helpers_exchange import error_line, read_csv
from typer.testing import CliRunner, Result

from anxlog.cli import app

TODAY = date.today()
SEVEN = ["1", "2", "1", "0", "2", "1", "1"]


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def files_under(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


# -- 1. commands that only read never create a database ----------------------------------

READERS = [
    ["history"],
    ["history", "--json"],
    ["status"],
    ["status", "-q"],  # a missing database is an error, not "today is unrated"
    ["trend", "--json"],
    ["trend"],
    ["export", "ratings"],
    ["export", "fhir"],
    ["report", "--out", "{tmp}/report.html"],
    ["session", "list"],
    ["backup", "{tmp}/copy.db"],
    ["check"],
    # no id can exist in a missing database: these change nothing and create nothing
    ["edit", "1", "--note", "x"],
    ["rm", "1", "--yes"],
    ["rm", "--last", "--yes"],
    ["session", "edit", "1", "--note", "x"],
    ["session", "rm", "1", "--yes"],
]


@pytest.mark.parametrize("argv", READERS, ids=" ".join)
def test_a_command_that_only_reads_refuses_a_missing_database(
    tmp_path: Path, argv: list[str]
) -> None:
    mistyped = tmp_path / "bk" / "anxlog-2026-12-0.db"
    mistyped.parent.mkdir()
    before = files_under(tmp_path)
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in argv]
    result = CliRunner().invoke(app, ["--db", str(mistyped), *args])
    assert result.exit_code == 1, result.output
    assert error_line(result) == (
        f"There is no database at {mistyped}; 'anxlog where' shows the one in use."
    )
    assert result.stdout == ""
    assert files_under(tmp_path) == before


def test_the_default_database_not_made_yet_points_to_rate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANXLOG_DB")
    default = tmp_path / "xdg-data" / "anxlog" / "anxlog.db"  # conftest's $XDG_DATA_HOME
    result = CliRunner().invoke(app, ["history"])
    assert result.exit_code == 1
    assert error_line(result) == (
        f"There is no database at {default} yet: 'anxlog rate' or 'anxlog session add' starts one."
    )
    assert not default.parent.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["rate", *SEVEN],
        ["session", "add", "--kind", "ketamine-iv"],
        ["demo", "--no-chart", "--db", "{db}"],
    ],
    ids=lambda argv: argv[0],
)
def test_commands_that_add_records_create_the_database(tmp_path: Path, argv: list[str]) -> None:
    db = tmp_path / "new.db"
    args = [arg.replace("{db}", str(db)) for arg in argv]
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    assert db.exists()


def test_import_creates_the_database_and_its_dry_run_does_not(run: Run, tmp_path: Path) -> None:
    assert run("rate", *SEVEN).exit_code == 0
    exported = tmp_path / "ratings.json"
    assert run("export", "ratings", "--format", "json", "--out", str(exported)).exit_code == 0
    new = tmp_path / "new.db"
    dry = CliRunner().invoke(app, ["--db", str(new), "import", str(exported), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert dry.stdout == (
        f"Dry run: would add 1 rating to a new database at {new}; nothing was changed.\n"
    )
    assert not new.exists()
    done = CliRunner().invoke(app, ["--db", str(new), "import", str(exported)])
    assert done.exit_code == 0, done.output
    assert new.exists()


@pytest.mark.parametrize("how", ["--db", "ANXLOG_DB"])
def test_a_database_in_a_folder_that_does_not_exist_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    target = tmp_path / "nodir" / "sub" / "x.db"
    before = files_under(tmp_path)
    if how == "--db":
        result = CliRunner().invoke(app, ["--db", str(target), "rate", *SEVEN])
    else:
        monkeypatch.setenv("ANXLOG_DB", str(target))
        result = CliRunner().invoke(app, ["rate", *SEVEN])
    assert result.exit_code == 1
    assert error_line(result) == (
        f"The folder {target.parent} does not exist: create it or choose another path."
    )
    assert files_under(tmp_path) == before


def test_where_prints_an_absolute_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["--db", "bk/../mine.db", "where"])
    assert result.stdout == f"{tmp_path / 'mine.db'}\n"
    monkeypatch.setenv("ANXLOG_DB", "~/anxlog.db")
    assert CliRunner().invoke(app, ["where"]).stdout == f"{Path.home() / 'anxlog.db'}\n"


# -- 2. an unknown time stays unknown -----------------------------------------------------


def test_a_rating_for_an_earlier_day_without_a_time_has_no_invented_time(
    run: Run, tmp_path: Path
) -> None:
    assert run("rate", *SEVEN, "--date", day(-3)).exit_code == 0
    [row] = json.loads(run("history", "--json").stdout)
    assert row["taken_at"] == day(-3)  # the date alone: ISO 8601 (and FHIR) allow it
    table = run("history").stdout
    line = next(text for text in table.splitlines() if day(-3) in text)
    assert " – " in line and "12:00" not in table
    [csv_row] = read_csv(run("export", "ratings").stdout_bytes)
    assert csv_row["taken_at"] == day(-3)
    bundle = json.loads(run("export", "fhir").stdout)
    Bundle.model_validate(bundle)  # a dateTime may be a date
    moments = [
        entry["resource"].get("authored") or entry["resource"].get("effectiveDateTime")
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] in ("QuestionnaireResponse", "Observation")
    ]
    assert moments == [day(-3), day(-3)]
    # and it comes back from an export unchanged
    exported = tmp_path / "ratings.csv"
    assert run("export", "ratings", "--out", str(exported)).exit_code == 0
    copy = tmp_path / "copy.db"
    assert CliRunner().invoke(app, ["--db", str(copy), "import", str(exported)]).exit_code == 0
    back = CliRunner().invoke(app, ["--db", str(copy), "history", "--json"]).stdout
    assert json.loads(back)[0]["taken_at"] == day(-3)


def test_a_rating_for_today_without_a_time_is_taken_now(run: Run) -> None:
    before = datetime.now().astimezone().replace(microsecond=0)
    assert run("rate", *SEVEN).exit_code == 0
    [row] = json.loads(run("history", "--json").stdout)
    taken = datetime.fromisoformat(row["taken_at"])
    assert before <= taken <= datetime.now().astimezone()


def test_edit_keeps_an_unknown_time_unknown_and_a_known_one_known(run: Run) -> None:
    run("rate", *SEVEN, "--date", day(-3))
    run("rate", *SEVEN, "--date", day(-2), "--time", "07:45")
    assert run("edit", "1", "--date", day(-4)).exit_code == 0
    assert run("edit", "2", "--date", day(-5)).exit_code == 0
    rows = {row["id"]: row for row in json.loads(run("history", "--json").stdout)}
    assert rows[1]["taken_at"] == day(-4)
    assert rows[2]["taken_at"].startswith(f"{day(-5)}T07:45:00")


def _later_today() -> str:
    later = datetime.now() + timedelta(minutes=2)
    if later.date() != TODAY:
        pytest.skip("no later time left today")
    return later.strftime("%H:%M")


def test_a_time_later_today_is_refused_like_a_future_date(run: Run, db_path: Path) -> None:
    run("rate", *SEVEN)
    before = snapshot(db_path)
    clock = _later_today()
    for argv in (["rate", *SEVEN, "--time", clock], ["edit", "1", "--time", clock]):
        result = run(*argv)
        assert result.exit_code == 2
        message = error_line(result)
        assert message.startswith(f"--time {clock} today is in the future (it is ")
        assert message.endswith("): give a time up to now, or an earlier --date.")
        assert snapshot(db_path) == before


def test_the_demo_writes_nothing_later_than_now(tmp_path: Path) -> None:
    from anxlog.demo import history

    morning = datetime.combine(TODAY, datetime.min.time()).replace(hour=9, minute=30)
    ratings, sessions = history(TODAY, now=morning)
    assert max(row["taken_at"][:16] for row in ratings) <= morning.isoformat()[:16]
    assert all(row["day"] < TODAY.isoformat() for row in sessions)  # sessions end 3 days before
    late, _ = history(TODAY, now=morning.replace(hour=23, minute=59))
    assert len(late) > len(ratings)  # the evening's ratings come once their time has come
    db = tmp_path / "demo.db"
    assert CliRunner().invoke(app, ["demo", "--no-chart", "--db", str(db)]).exit_code == 0
    now = datetime.now().astimezone()
    stored = json.loads(CliRunner().invoke(app, ["--db", str(db), "history", "--json"]).stdout)
    assert all(datetime.fromisoformat(row["taken_at"]) <= now for row in stored)


# -- 3. --debug only adds the traceback -------------------------------------------------------


def _debug(db: Path, *argv: str) -> Result:
    return CliRunner().invoke(app, ["--debug", "--db", str(db), *argv])


def test_debug_keeps_every_exit_status(run: Run, db_path: Path) -> None:
    run("rate", *SEVEN)
    cases = [
        (["rate", "1", "2", "3"], 2),  # a bad value: usage
        (["edit", "99", "--note", "x"], 1),  # no such rating
        (["history", "--bogus"], 2),  # an unknown option
        (["frobnicate"], 2),  # an unknown command
    ]
    for argv, status in cases:
        plain = run(*argv)
        debug = _debug(db_path, *argv)
        assert plain.exit_code == debug.exit_code == status, argv
        assert debug.stderr.splitlines()[-1] == plain.stderr.splitlines()[-1], argv


def test_debug_adds_a_traceback_to_an_error_but_not_to_a_usage_mistake(
    run: Run, db_path: Path
) -> None:
    run("rate", *SEVEN)
    assert "Traceback (most recent call last)" in _debug(db_path, "edit", "99", "-n", "x").stderr
    mistake = _debug(db_path, "history", "--bogus")
    assert mistake.stderr == "Error: No such option: --bogus. See 'anxlog history --help'.\n"


# -- 5. a note given without --note ------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "suggested"),
    [(["felt ok"], '--note "felt ok"'), (["felt", "ok"], '--note "felt ok"')],
)
def test_words_after_the_answers_suggest_note(
    run: Run, db_path: Path, extra: list[str], suggested: str
) -> None:
    run("rate", *SEVEN)
    before = snapshot(db_path)
    result = run("rate", *SEVEN, *extra)
    assert result.exit_code == 2
    assert error_line(result) == (
        f"Got {7 + len(extra)} answers, and {extra[0]!r} is not an answer: "
        f"to add a note, use {suggested}."
    )
    assert snapshot(db_path) == before


def test_eight_numbers_are_still_the_wrong_number_of_answers(run: Run) -> None:
    result = run("rate", *SEVEN, "2")
    assert result.exit_code == 2 and "--note" not in result.stderr
    assert "Got 8 answers; give exactly 7" in error_line(result)


# -- 6. rm --last ---------------------------------------------------------------------------------


def test_rm_last_removes_the_latest_rating_entered_after_asking(run: Run) -> None:
    run("rate", *SEVEN)  # today, entered first
    run("rate", "3", "3", "3", "3", "3", "3", "3", "--date", day(-5), "--time", "08:00")
    asked = run("rm", "--last", input="n\n")
    assert asked.exit_code == 1
    # the rating entered last, though its day is older
    assert f"Delete rating 2, daily check-in for {day(-5)} at 08:00: answers 3 3 3 3 3 3 3" in (
        asked.stdout
    )
    assert "Nothing was deleted." in asked.stdout
    assert len(json.loads(run("history", "--json").stdout)) == 2
    done = run("rm", "--last", input="y\n")
    assert done.exit_code == 0, done.output
    assert f"Deleted rating 2, daily check-in for {day(-5)} at 08:00" in done.stdout
    assert [row["id"] for row in json.loads(run("history", "--json").stdout)] == [1]
    assert run("rm", "--last", "--yes").exit_code == 0
    assert json.loads(run("history", "--json").stdout) == []


def test_rm_last_with_nothing_to_remove(run: Run, blank_db: Path) -> None:
    before = snapshot(blank_db)
    result = run("rm", "--last", "--yes")
    assert result.exit_code == 1
    assert error_line(result) == f"There are no ratings in {blank_db} to delete."
    assert snapshot(blank_db) == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["rm"], "Give the id of the rating to delete ('anxlog history' lists them), "),
        (["rm", "1", "--last"], "Give a rating id or --last, not both."),
    ],
)
def test_rm_needs_an_id_or_last(run: Run, db_path: Path, argv: list[str], message: str) -> None:
    run("rate", *SEVEN)
    before = snapshot(db_path)
    result = run(*argv)
    assert result.exit_code == 2
    assert error_line(result).startswith(message)
    assert snapshot(db_path) == before


# -- 9. an empty period is not an empty history -------------------------------------------------


def test_history_and_session_list_name_the_empty_period(run: Run) -> None:
    run("rate", *SEVEN, "--date", day(-2))
    run("session", "add", day(-2), "--kind", "ketamine-iv")
    assert run("history", "--since", "2027-01-01").stdout == "No ratings from 2027-01-01 on.\n"
    assert run("history", "--until", "2001-01-01").stdout == "No ratings up to 2001-01-01.\n"
    result = run("history", "--since", "2001-01-01", "--until", "2001-02-01")
    assert result.stdout == "No ratings between 2001-01-01 and 2001-02-01.\n"
    assert run("history", "--instrument", "gad7").stdout == "No standard GAD-7 ratings yet.\n"
    result = run("session", "list", "--since", "2001-01-01", "--until", "2001-02-01")
    assert result.stdout == "No sessions between 2001-01-01 and 2001-02-01.\n"


# -- 11. --db after a group's name --------------------------------------------------------------


def test_db_works_before_after_and_inside_the_session_group(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    runner = CliRunner()
    added = runner.invoke(app, ["session", "--db", str(db), "add", "--kind", "ketamine-iv"])
    assert added.exit_code == 0, added.output
    listings = [
        runner.invoke(app, argv)
        for argv in (
            ["session", "--db", str(db), "list", "--json"],
            ["session", "list", "--db", str(db), "--json"],
            ["--db", str(db), "session", "list", "--json"],
        )
    ]
    assert [result.exit_code for result in listings] == [0, 0, 0]
    assert [len(json.loads(result.stdout)) for result in listings] == [1, 1, 1]


# -- text that cannot be stored -----------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["rate", *SEVEN, "--note", "caf\udce9"],  # 'café' typed in a Latin-1 terminal
        ["edit", "1", "--note", "caf\udce9"],
        ["session", "add", "--kind", "caf\udce9"],
        ["session", "add", "--kind", "x", "--course", "\ud838"],
        ["session", "edit", "1", "--note", "\udc80"],
    ],
    ids=lambda argv: " ".join(argv[:2]),
)
def test_bytes_that_are_not_utf8_are_refused_in_one_sentence(
    run: Run, db_path: Path, argv: list[str]
) -> None:
    run("rate", *SEVEN)
    run("session", "add", "--kind", "ketamine-iv")
    before = snapshot(db_path)
    result = run(*argv)
    assert result.exit_code == 2
    option = argv[-2]
    assert error_line(result) == (
        f"{option} holds bytes that are not UTF-8 text: type it in a UTF-8 terminal."
    )
    assert snapshot(db_path) == before
