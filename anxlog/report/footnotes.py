"""The report's footnotes: what each statistic means, in plain words, and where the
thresholds come from (SPEC §1.3 and §3)."""

from __future__ import annotations

DEFINITIONS = (
    ("Daily value", "the mean of a day's totals; most days have one rating."),
    (
        "Baseline",
        "the daily values in the days just before the first session of the period; it needs "
        "at least 3, else no summary or verdict is given.",
    ),
    ("Treatment phase", "every day after the first session, later session days included."),
    ("Current mean", "the mean of the last 7 rated days of the treatment phase."),
    (
        "Change",
        "current mean minus baseline mean; negative means less anxiety. The percentage is "
        "the change divided by the baseline mean.",
    ),
    (
        "NAP (non-overlap of all pairs)",
        "compare every baseline day with every treatment day; the share of pairs in which the "
        "later day is lower, ties counting half. 0.5 = no change, 1 = every treatment day lower "
        "than every baseline day (Parker & Vannest 2009).",
    ),
    (
        "Tau-U",
        "the same pairwise comparison on a −1 to 1 scale, corrected for a trend that was already "
        "present during the baseline; positive = improvement (Parker et al. 2011).",
    ),
    (
        "Trailing 7-day mean",
        "the mean of the daily values of a day and the 6 days before it, when at least 3 of "
        "them are rated.",
    ),
    (
        "Sustained relief",
        "the trailing 7-day mean has stayed at or below baseline minus the margin on every "
        "rated day up to the latest one, for at least the number of days set (default 14).",
    ),
)

THRESHOLDS = (
    "Severity bands of the total: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe; "
    "screening cut-off 10 (Spitzer et al. 2006).",
    "Minimal clinically important difference: 4 points (Toussaint et al. 2020).",
    "Reliable change: 6 points (Bischoff et al. 2020, reliable change index 5.59).",
    "Response: total at least 50 % below baseline. Remission: total below 5.",
    "These thresholds were established on the two-week GAD-7; on daily check-in totals they "
    "are used for orientation only.",
)

SOURCES = (
    "Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized "
    "anxiety disorder: the GAD-7. Arch Intern Med. 2006;166(10):1092–1097.",
    "Toussaint A, Hüsing P, Gumz A, et al. Sensitivity to change and minimal clinically "
    "important difference of the 7-item Generalized Anxiety Disorder Questionnaire (GAD-7). "
    "J Affect Disord. 2020;265:395–401.",
    "Bischoff T, Anderson SR, Heafner J, Tambling R. Establishment of a reliable change index "
    "for the GAD-7. Psychol Community Health. 2020;8(1):176–187.",
    "Parker RI, Vannest KJ. An improved effect size for single-case research: nonoverlap of "
    "all pairs. Behav Ther. 2009;40(4):357–367.",
    "Parker RI, Vannest KJ, Davis JL, Sauber SB. Combining nonoverlap and trend for "
    "single-case research: Tau-U. Behav Ther. 2011;42(2):284–299.",
)
