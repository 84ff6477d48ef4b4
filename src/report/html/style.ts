/**
 * The one style sheet of report.html: light and dark themes from the system's preference, and a print layout
 * for an audit binder (light, no controls, charts and tables kept whole on a page where they fit). Charts and
 * heat maps take every colour from here through classes.
 */
export const PAGE_STYLE = `
:root {
  color-scheme: light dark;
  --page: #ffffff; --text: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa;
  --bar: #0969da; --highlight: #d4680a; --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700;
  --pass-bg: #dafbe1; --fail-bg: #ffebe9; --warn-bg: #fff8c5; --info-bg: #ddf4ff;
  --l1: #dbeafe; --l2: #a9cdf7; --l3: #6aa8ec; --l4: #2f7fd8; --l5: #0a4fa8; --on-dark: #ffffff;
  --gap: #cf222e; --gap-bg: #ffebe9;
}
@media (prefers-color-scheme: dark) {
  :root {
    --page: #0d1117; --text: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23;
    --bar: #4493f8; --highlight: #f0883e; --pass: #3fb950; --fail: #f85149; --warn: #d29922;
    --pass-bg: #12261e; --fail-bg: #2d1214; --warn-bg: #272115; --info-bg: #121d2f;
    --l1: #10243e; --l2: #143d6b; --l3: #1f5da3; --l4: #3a84d6; --l5: #79b8ff; --on-dark: #0d1117;
    --gap: #f85149; --gap-bg: #2d1214;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--page); color: var(--text);
  font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif;
}
main { max-width: 1200px; margin: 0 auto; padding: 24px 28px 48px; overflow-wrap: break-word; }
header { border-bottom: 2px solid var(--text); padding-bottom: 12px; margin-bottom: 20px; }
header .kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--muted); margin: 0; }
h1 { font-size: 26px; margin: 2px 0 4px; }
header .meta { margin: 0; color: var(--muted); }
h2 { font-size: 19px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 8px; }
nav.toc { font-size: 13px; color: var(--muted); margin: 16px 0 0; }
nav.toc a { color: var(--bar); margin-right: 12px; text-decoration: none; }
.mono, code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.verdict { display: flex; gap: 18px; align-items: center; padding: 14px 18px; border-radius: 8px; border: 1px solid var(--line); border-left-width: 8px; }
.verdict p { margin: 0; font-size: 16px; font-weight: 600; }
.verdict .badge { font-size: 22px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; min-width: 150px; }
.verdict.passed { border-left-color: var(--pass); background: var(--pass-bg); } .verdict.passed .badge { color: var(--pass); }
.verdict.failed { border-left-color: var(--fail); background: var(--fail-bg); } .verdict.failed .badge { color: var(--fail); }
.verdict.incomplete { border-left-color: var(--warn); background: var(--warn-bg); } .verdict.incomplete .badge { color: var(--warn); }
.verdict.not-gated { border-left-color: var(--muted); background: var(--panel); } .verdict.not-gated .badge { color: var(--muted); }
.checks { list-style: none; margin: 6px 0 0; padding: 0; }
.checks span { display: inline-block; width: 1.2em; font-weight: 700; }
.checks .passed span { color: var(--pass); } .checks .failed span { color: var(--fail); } .checks .undecided span { color: var(--warn); } .checks .info span { color: var(--bar); }
.status { margin: 10px 0; padding: 10px 16px; border-radius: 8px; border: 1px solid var(--line); border-left-width: 8px; }
.status ul { margin: 4px 0 0; padding-left: 20px; }
.status.complete { border-left-color: var(--pass); }
.status.incomplete { border-left-color: var(--warn); background: var(--warn-bg); }
.status.sample { border-left-color: var(--bar); background: var(--info-bg); }
.figures { display: grid; grid-template-columns: repeat(6, 1fr); gap: 10px; margin-top: 14px; }
.figure { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; background: var(--panel); }
.figure .amount { display: block; font-size: 24px; font-weight: 700; font-variant-numeric: tabular-nums; }
.figure .name { color: var(--muted); font-size: 12.5px; }
figure { margin: 12px 0 0; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
figcaption { font-weight: 600; margin-bottom: 6px; display: flex; justify-content: space-between; flex-wrap: wrap; gap: 8px; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; align-items: start; }
.legend { font-weight: 400; color: var(--muted); font-size: 12.5px; }
.key, .swatch { display: inline-block; width: 12px; height: 12px; vertical-align: -1px; margin: 0 3px 0 8px; border-radius: 2px; }
.swatch { margin: 0 1px; border: 1px solid var(--line); }
.key.bar { background: var(--bar); } .key.highlight { background: var(--highlight); }
svg.chart { display: block; width: 100%; height: auto; font: inherit; }
.pair svg.chart { max-width: 560px; }
svg.chart text { fill: var(--text); font-size: 12px; }
svg.chart text.tick { fill: var(--muted); font-size: 11px; }
svg.chart text.value { font-weight: 600; font-size: 11.5px; }
svg.chart .grid { stroke: var(--line); stroke-width: 1; }
svg.chart .axis { stroke: var(--muted); stroke-width: 1; }
svg.chart .bar { fill: var(--bar); }
svg.chart .tl-case { fill: var(--bar); } svg.chart .tl-permit { fill: var(--pass); } svg.chart .tl-explained { fill: var(--muted); } svg.chart .tl-unexplained { fill: var(--fail); }
svg[data-chart="timeline"] text.label { font-size: 11px; } .rule-none { color: var(--fail); font-weight: 600; }
svg.chart .highlight { fill: var(--highlight); }
svg.chart .hit { fill: transparent; }
svg.chart .column:hover .bar, svg.chart .row:hover .bar { opacity: .8; }
svg.chart .rest .bar { fill: var(--muted); } svg.chart .rest text.label { fill: var(--muted); font-style: italic; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { background: var(--panel); font-weight: 600; white-space: nowrap; }
.num { text-align: right; }
.scroll { overflow-x: auto; }
.heat th, .heat td { border: 2px solid var(--page); }
.heat td { text-align: center; min-width: 82px; }
.heat td small { display: block; font-size: 11px; opacity: .8; }
.heat th[scope=row] { vertical-align: middle; white-space: nowrap; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.heat.days { width: auto; }
.heat.days td { min-width: 24px; height: 22px; padding: 0; }
.heat.days thead th:first-child { text-align: left; vertical-align: bottom; padding: 4px 8px; }
.heat.days thead th { padding: 4px 1px; font-size: 10.5px; font-weight: 400; text-align: center; }
.heat.days thead th span { writing-mode: vertical-rl; transform: rotate(180deg); }
.heat .l1 { background: var(--l1); } .heat .l2 { background: var(--l2); } .heat .l3 { background: var(--l3); }
.heat .l4 { background: var(--l4); color: var(--on-dark); } .heat .l5 { background: var(--l5); color: var(--on-dark); }
.heat .gap, .swatch.gap { background: repeating-linear-gradient(135deg, var(--gap-bg) 0 4px, var(--gap) 4px 6px); }
.heat.matrix .gap { background: var(--gap-bg); box-shadow: inset 0 0 0 2px var(--gap); color: var(--gap); font-weight: 700; }
.heat .idle, .swatch.idle { background: repeating-linear-gradient(135deg, var(--panel) 0 4px, var(--line) 4px 6px); }
.heat .usual, .swatch.usual { background: var(--l3); } .heat .low, .swatch.low { background: var(--l1); }
.heat .scant, .swatch.scant { background: var(--warn); }
.swatch.l1 { background: var(--l1); } .swatch.l2 { background: var(--l2); } .swatch.l3 { background: var(--l3); }
.swatch.l4 { background: var(--l4); } .swatch.l5 { background: var(--l5); }
.heat .na { color: var(--muted); background: var(--panel); }
.findings { padding-left: 20px; } .findings .bad { color: var(--fail); font-weight: 600; } .warn { color: var(--warn); }
.good { color: var(--pass); }
.answer .big { font-size: 28px; font-weight: 700; margin: 0; }
.article ol { margin: 0; }
dl.scope { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.scope dt { color: var(--muted); } dl.scope dd { margin: 0; }
.controls { display: flex; flex-wrap: wrap; gap: 10px 18px; align-items: center; margin: 8px 0; }
.controls input, .controls select, .controls button, thead button {
  font: inherit; color: var(--text); background: var(--page); border: 1px solid var(--line); border-radius: 6px; padding: 4px 8px;
}
.controls input { width: 300px; }
.pager { display: inline-flex; gap: 8px; align-items: center; margin-left: auto; }
thead button { border: 0; background: transparent; padding: 0; font-weight: 600; cursor: pointer; }
th[aria-sort=ascending] button::after { content: " \\25B2"; font-size: 10px; }
th[aria-sort=descending] button::after { content: " \\25BC"; font-size: 10px; }
#events-table th, #events-table td { padding: 4px 6px; }
#events-table td { font-size: 12px; }
#events-table td:nth-child(-n+3), #events-table td:nth-child(7) { white-space: nowrap; }
#events-table td:nth-child(4) { white-space: nowrap; }
#events-table td:nth-child(6) { min-width: 240px; }
#events-table td:nth-child(9) { min-width: 110px; }
.events .scroll { margin: 0 calc(50% - 50vw + 24px); }
td.nowrap { white-space: nowrap; }
footer { margin-top: 40px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12.5px; }
@media (max-width: 800px) { .figures { grid-template-columns: repeat(2, 1fr); } .pair { grid-template-columns: 1fr; } }
@media print {
  :root {
    color-scheme: light;
    --page: #ffffff; --text: #000000; --muted: #4b535d; --line: #c4cbd3; --panel: #f3f5f7;
    --bar: #0969da; --highlight: #d4680a; --pass: #1a7f37; --fail: #cf222e; --warn: #7d5300;
    --pass-bg: #ffffff; --fail-bg: #ffffff; --warn-bg: #ffffff; --info-bg: #ffffff;
    --l1: #dbeafe; --l2: #a9cdf7; --l3: #6aa8ec; --l4: #2f7fd8; --l5: #0a4fa8; --on-dark: #ffffff;
    --gap: #cf222e; --gap-bg: #ffebe9;
  }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  body { font-size: 11px; }
  main { max-width: none; padding: 0; }
  nav.toc, .controls, noscript { display: none; }
  .figures { grid-template-columns: repeat(6, 1fr); }
  .pair { grid-template-columns: 1fr 1fr; }
  th, td { padding: 3px 4px; }
  #events-table th, #events-table td { padding: 2px 3px; }
  #events-table th, #events-table th button { font-size: 8.5px; }
  #events-table td, #events-table td:nth-child(n) { font-size: 8.5px; white-space: normal; min-width: 0; }
  #events-table td:nth-child(-n+3) { white-space: nowrap; }
  td.nowrap, thead th { white-space: normal; }
  figure, .verdict, .status, .figures, .answer, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .scroll, .events .scroll { overflow: visible; margin: 0; }
  thead { display: table-header-group; }
}
`;
