"""Cold-start benchmark of anxlog, run by hand (not by the tests).

    python bench/run.py                 # 1, 10 and 100 years, 7 runs each
    python bench/run.py --years 10 --runs 5

Builds databases of N years of a realistic history (bench/history.py), then times
each command as a fresh process: median wall time and peak memory (max RSS) over the
runs, next to the import floors measured in the same run, and prints the ratios.
Each run of a command follows a run of its floor (the stack floor for `trend`, which
draws); the ratio quoted is the median of those pairs' ratios.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
FLOOR = [PY, "-c", "import typer, sqlite_utils"]
STACK_FLOOR = [PY, "-c", "import typer, sqlite_utils, plotext, rich.console, rich.table"]


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, peak MiB) of one cold run of ``command``."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(command)}")
    return seconds, usage.ru_maxrss / 1024  # KiB on Linux


def measure(
    command: list[str], runs: int, env: dict[str, str], floor_command: list[str] = FLOOR
) -> tuple[float, float, list[float]]:
    """(median seconds, peak MiB, ratios to the floor) of ``runs`` cold runs.

    Each run of the command follows a run of the floor, so a machine that speeds up or
    slows down during the benchmark moves both: the ratio is taken within each pair,
    and the ratios are returned sorted (their median is the figure to quote)."""
    times, peaks, ratios = [], [], []
    for _ in range(runs):
        floor = run_once(floor_command, env)[0]
        seconds, peak = run_once(command, env)
        times.append(seconds)
        peaks.append(peak)
        ratios.append(seconds / floor)
    return statistics.median(times), max(peaks), sorted(ratios)


def spread(ratios: list[float]) -> str:
    """Median ratio and the middle half of the ratios, e.g. ``1.84 (1.71-1.95)``."""
    quarter = len(ratios) // 4
    low, high = ratios[quarter], ratios[-1 - quarter]
    return f"{statistics.median(ratios):5.2f} ({low:.2f}-{high:.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--only", metavar="WORDS", help="only the commands whose name contains WORDS"
    )
    args = parser.parse_args()
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    script = Path(PY).with_name("anxlog")  # the console script, as a person runs it
    anxlog = [str(script)] if script.exists() else [PY, "-m", "anxlog"]
    folder = Path(tempfile.mkdtemp(prefix="anxlog-bench-"))
    try:
        floor, floor_mem, _ = measure(FLOOR, args.runs, env)
        stack, stack_mem, _ = measure(STACK_FLOOR, args.runs, env)
        print(f"runs per command: {args.runs} (median wall time, peak RSS)")
        print(f"floor  import typer, sqlite_utils            {floor:6.3f} s  {floor_mem:6.1f} MiB")
        print(f"stack  + plotext, rich.console, rich.table   {stack:6.3f} s  {stack_mem:6.1f} MiB")
        print("ratio: median of (command / the floor run just before it), middle half in ()")
        print()
        print(f"{'command':28} {'years':>5} {'wall s':>7} {'MiB':>6}  {'vs':5}  ratio")
        help_time, help_mem, help_ratios = measure([*anxlog, "--help"], args.runs, env)
        print(
            f"{'anxlog --help':28} {'-':>5} {help_time:7.3f} {help_mem:6.1f}  floor "
            f"{spread(help_ratios)}"
        )
        for years in args.years:
            db = folder / f"{years}y.db"
            # built in a child process: a fork of a big parent would inflate every max RSS
            here = Path(__file__).resolve().parent
            subprocess.run([PY, str(here / "history.py"), str(db), str(years)], check=True)
            cases = [
                ("anxlog rate 1 2 1 0 2 1 1", ["rate", "1", "2", "1", "0", "2", "1", "1"]),
                ("anxlog status -q", ["status", "-q"]),  # rated today: exits 0
                ("anxlog trend --json", ["trend", "--json"]),
                ("anxlog trend", ["trend"]),  # draws with plotext and rich: vs the stack
                ("anxlog export ratings", ["export", "ratings"]),
            ]
            for name, argv in cases:
                if args.only and args.only not in name:
                    continue
                versus, reference = (
                    ("stack", STACK_FLOOR) if argv == ["trend"] else ("floor", FLOOR)
                )
                seconds, peak, ratios = measure(
                    [*anxlog, "--db", str(db), *argv], args.runs, env, reference
                )
                print(f"{name:28} {years:>5} {seconds:7.3f} {peak:6.1f}  {versus} {spread(ratios)}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
