"""The report's footnotes: what each figure means, in plain words, and where the
thresholds come from. The full definitions, with worked examples, are in
docs/methods.md; these are their short form."""

from __future__ import annotations

from ..present.wording import METHODS

DEFINITIONS = (
    ("Daily value", "the mean of a day's totals; most days have one rating."),
    (
        "Baseline",
        "the daily values of the 14 days before the first session of the whole history, "
        "whatever period the report shows; it needs at least 3, else no summary or verdict "
        "is given. For the standard GAD-7: the latest questionnaire in the 28 days before the "
        "first session or on its day (the intake score).",
    ),
    ("Treatment phase", "every day after the first session, later session days included."),
    (
        "7-day average",
        "the mean of the daily values of a day and the 6 days before it, when at least 3 of "
        "them are rated; the current figure is the one on the last rated day of the period.",
    ),
    (
        "Change",
        "7-day average minus baseline mean; negative means less anxiety. The percentage is "
        "the change divided by the baseline mean. A value exactly on a threshold meets it.",
    ),
    (
        "Relief days (per session)",
        "how many days after the session the daily values stayed at least the margin below "
        "the mean of the days before it; + = still going when the next session came, at the "
        "last rating, or before a stretch of more unrated days than the window.",
    ),
    (
        "How long relief lasts",
        "the Kaplan–Meier estimate of the share of relief still going after each day, over "
        "the latest sessions with known relief days, + counting as at least that long (Kaplan "
        "& Meier 1958). Onset: hours from a session's time to the first rating at that level.",
    ),
    (
        "NAP (non-overlap of all pairs)",
        "compare every baseline day with every treatment day: the share of comparisons in "
        "which the treatment day was lower, ties counting half. 0.97 reads: in 97 % of "
        "comparisons the treatment day was lower. 0.5 = no change (Parker & Vannest 2009).",
    ),
    (
        "Tau-BC (baseline-corrected Tau)",
        "Kendall's tau-b between phase and value, from −1 to 1, positive when treatment days "
        "tend to be lower than baseline days, 0 = no difference. When the baseline already "
        "had a clear trend of its own (Kendall test, p < 0.05), that straight-line trend is "
        "taken out of every value first. It is cautious: with phases of very different "
        "lengths it stays well below 1 even when every treatment day is lower (Tarlow 2017).",
    ),
    (
        "Sustained relief",
        "the 7-day average has stayed at or below baseline minus the margin on every rated "
        "day up to the latest one, for at least the number of days set (default 14). For the "
        "standard GAD-7: the latest two follow-ups, at least 10 days apart, are both at or "
        "below the intake score minus the margin.",
    ),
)

THRESHOLDS = (
    "Severity bands of the total: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe; "
    "screening cut-off 10 (Spitzer et al. 2006).",
    "Minimal clinically important difference: 4 points (Toussaint et al. 2020).",
    "Reliable change: 6 points (Bischoff et al. 2020, reliable change index 5.59).",
    "Response: total at least 50 % below baseline. Remission: total below 5.",
    "These thresholds were established on the two-week GAD-7; on daily check-in totals they "
    "are used for orientation only, and for a single item they are not defined.",
    f"Every figure is defined, with a worked example, in {METHODS} in anxlog's source.",
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
    "Tarlow KR. An improved rank correlation effect size statistic for single-case designs: "
    "baseline corrected Tau. Behav Modif. 2017;41(4):427–467.",
    "Kaplan EL, Meier P. Nonparametric estimation from incomplete observations. J Am Stat "
    "Assoc. 1958;53(282):457–481.",
)
