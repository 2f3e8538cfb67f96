"""The relief analysis: pure functions over dates and numbers (no I/O, no printing).

- ``days``: rated days, their daily values and trailing 7-day means;
- ``nonoverlap``: the effect sizes of two phases (NAP, Tau);
- ``trend``: baseline, per-session windows, series summary and the verdict;
- ``load``: the daily values and sessions of one period, read from a Store handed in.

Import from the submodules: this package imports nothing, so a command that needs one
of them never pays for the others.
"""
