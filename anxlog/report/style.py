"""The report's one stylesheet: screen, phone and paper (A4 and Letter).

Printed, page 1 holds the header, the verdict with the series summary and the chart, and
leaves room for one more paragraph; nothing that introduces what follows (a heading, a
table header, a footnote term) ends a page, and no table row or paragraph splits
(tests/test_report_print.py measures the PDF that Chromium prints).
"""

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  "Liberation Sans", sans-serif; font-size: 15px; line-height: 1.45; color: #1d1d1d;
  background: #fff; max-width: 62rem; margin: 0 auto; padding: 1.5rem 1.5rem 3rem; }
h1 { font-size: 1.5rem; margin: 0 0 .2rem; }
h2 { font-size: 1.15rem; margin: 1.8rem 0 .6rem; padding-bottom: .2rem;
  border-bottom: 1px solid #bbb; }
.subtitle { margin: 0; color: #555; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1.2rem;
  margin: .9rem 0; }
.facts dt { font-weight: 600; color: #444; }
.facts dd { margin: 0; }
.caveat { border-left: 4px solid #c9a227; background: #fbf7e6; padding: .5rem .8rem; }
.verdict { font-size: 1.1rem; font-weight: 600; border-left: 4px solid #44618a;
  background: #eef2f7; padding: .6rem .9rem; }  /* one neutral style: it describes, not judges */
.scroll { overflow-x: auto; margin: .4rem 0 .6rem; }  /* a wide table scrolls in its box */
table { border-collapse: collapse; width: 100%; margin: 0; page-break-inside: auto; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border-bottom: 1px solid #ddd; padding: .28rem .5rem; text-align: left;
  vertical-align: top; }
thead th { border-bottom: 2px solid #999; background: #f3f3f3; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num, td.day { white-space: nowrap; }
th .range { display: block; font-weight: normal; font-size: .85em; color: #555;
  white-space: nowrap; }
.note { overflow-wrap: anywhere; width: 30%; }  /* the other columns keep their words whole */
table.notes .day { width: 1%; }  /* the date as narrow as it is, the note takes the rest */
table.notes td:last-child { overflow-wrap: anywhere; }
table.summary { width: auto; min-width: 60%; margin: .4rem 0 .6rem; }
table.summary th { font-weight: normal; }
tr.total td { font-weight: 600; border-top: 2px solid #999; }
tr.event td { font-style: italic; color: #4a2a70; }  /* an event among the sessions */
h3 .aside { font-size: .8em; font-weight: normal; color: #555; }  /* a note in the heading */
figure { margin: 0; }
.chart svg { display: block; width: 100%; max-width: 100%; height: auto; }
figcaption, .small { font-size: .85rem; color: #444; }
.relief { display: grid; grid-template-columns: 3fr 2fr; gap: 0 1.2rem; align-items: center; }
.relief svg { display: block; width: 100%; height: auto; }
.relief figcaption p { margin: 0 0 .5em; }
footer { margin-top: 2rem; font-size: .85rem; }
footer dt { font-weight: 600; margin-top: .4rem; }
footer dd { margin: 0 0 0 1.2rem; }
.not-advice { font-weight: 600; }
@media (max-width: 30rem) { body { padding: 1rem .8rem 2rem; } }  /* a phone held upright */
@media (max-width: 40rem) { .relief { grid-template-columns: 1fr; } }  /* caption below */
@page { size: auto; margin: 15mm; }
@media print {
  body { font-size: 9.5pt; line-height: 1.3; max-width: none; padding: 0; }
  h1 { font-size: 14pt; }
  h2 { font-size: 11pt; margin: .9em 0 .35em; }
  h3 { font-size: 10pt; margin: .8em 0 .3em; }
  p { margin: .4em 0; }
  th, td { padding: .12em .35em; }
  .facts { margin: .4em 0; gap: 0 1.2em; }
  .caveat { padding: .3em .7em; }
  .verdict { font-size: 10.5pt; padding: .4em .7em; }
  .verdict:has(+ .durability) { margin-bottom: .2em; }  /* the line under the verdict */
  p.durability { font-size: 9pt; margin-top: .2em; }  /* page 1 keeps room below the chart */
  figcaption, .small, footer { font-size: 8.5pt; }
  .chart svg { max-height: 78mm; width: auto; margin: 0 auto; }
  table.context { font-size: 8.5pt; }  /* the treatment context: short rows, set tighter */
  table.context th, table.context td { padding: 0 .35em; }
  table.summary { width: 100%; margin: .3em 0; }
  table.summary tbody { display: grid; grid-template-columns: 1fr max-content 1fr max-content; }
  table.summary tr { display: contents; }  /* two label-value pairs side by side */
  table.summary tr:nth-child(even) th { padding-left: 1.5em; }
  #chart:has(svg) + #sessions { break-before: page; }  /* page 1 is the summary page */
  footer { margin-top: 1em; }
  footer dl { columns: 2; column-gap: 2em; margin: .3em 0; }
  footer dt:first-child { margin-top: 0; }
  .scroll { overflow: visible; margin: .3em 0 .4em; }  /* a scrolling box would not break */
  /* nothing that introduces what follows ends a page alone; no row or short note splits */
  h2, h3, footer dt, .intro { break-after: avoid; page-break-after: avoid; }
  figure, .verdict, .caveat, p, li, dd { break-inside: avoid; page-break-inside: avoid; }
  .scroll + p.small { break-before: avoid; page-break-before: avoid; }
  .verdict, .caveat, thead th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
