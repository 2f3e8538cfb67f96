"""The relief analysis: pure functions over dates and numbers (no I/O, no printing).

- ``days``: rated days, their daily values and trailing 7-day means;
- ``thresholds``: the one rule for "at most" and the GAD-7's clinical flags;
- ``nonoverlap``: the effect sizes of two phases (NAP, Tau-BC);
- ``sessions``: per-session windows, change, NAP and relief days;
- ``gad7``: the standard GAD-7, follow-up by follow-up against the intake one;
- ``trend``: baseline, series summary and the verdict, for one instrument and period;
- ``reasons``: why a verdict is unavailable, and how to get one;
- ``load``: what the analysis reads from a Store handed in.

Definitions with worked examples: docs/methods.md. Import from the submodules: this
package imports nothing, so a command that needs one of them never pays for the others.
"""
