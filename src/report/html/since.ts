/**
 * "Since the last audit" in report.html: the findings against the baseline, then the trend of the last runs as
 * an SVG line chart and the table of its figures. Every name from the logs or the inputs is escaped.
 */
import type { AuditResult } from '../../core/result.js';
import { number } from '../markdown/format.js';
import { shownNames, sinceFindings, trend, TREND_LINES, type FindingKind } from '../since.js';
import { escapeHtml } from './escape.js';
import { lineChart } from './svg.js';
import { table } from './tables.js';

const ITEM_CLASS: Readonly<Record<FindingKind, string>> = {
  ok: 'good',
  warn: 'warn',
  new: 'bad',
  info: 'info',
};

/** Each line's points take a colour of the page: calls as bars, sessions as highlights, unexplained as failures. */
const POINT_CLASS: Readonly<Record<(typeof TREND_LINES)[number][0], string>> = {
  supportCalls: 'bar',
  sessions: 'highlight',
  unexplainedSessions: 'tl-unexplained',
};

function findings(result: AuditResult): string {
  const found = sinceFindings(result);
  if (found === null) return '';
  const items = found.map(({ kind, text, names }) => {
    const { shown, more } = shownNames(names);
    const listed =
      names.length === 0
        ? ''
        : `: ${shown.map(escapeHtml).join(', ')}${more > 0 ? ` and ${number(more)} more` : ''}`;
    return `<li class="${ITEM_CLASS[kind]}">${escapeHtml(text)}${listed}.</li>`;
  });
  return `<ul class="findings" data-since="findings">${items.join('')}</ul>`;
}

function trendSection(result: AuditResult): string {
  const points = trend(result);
  if (points === null) return '';
  const chart = lineChart(
    'trend',
    `Support calls, sessions and unexplained sessions over the last ${points.length} audits`,
    points.map((p) => p.label),
    TREND_LINES.map(([key, name]) => ({
      name,
      kind: POINT_CLASS[key],
      values: points.map((p) => p[key] ?? 0),
    })),
  );
  const legend =
    '<span class="legend"><i class="key bar"></i>support calls <i class="key highlight"></i>sessions ' +
    '<span class="rule-none">●</span> unexplained sessions</span>';
  const figure = (n: number | null) => (n === null ? '—' : number(n));
  return (
    `<figure class="wide"><figcaption>The last ${points.length} audits, by the last day of each window${legend}</figcaption>` +
    `${chart}</figure>` +
    table(
      'trend',
      ['Window', 'Support calls', 'Sessions', 'Unexplained sessions', 'Records read', 'Complete'],
      points.map((p) => [
        escapeHtml(p.window),
        number(p.supportCalls),
        figure(p.sessions),
        figure(p.unexplainedSessions),
        figure(p.records),
        p.complete ? 'yes' : 'no',
      ]),
      ['nowrap', 'num', 'num', 'num', 'num'],
    )
  );
}

/** The section, or nothing without a baseline and a trend of one run. */
export function sinceSection(result: AuditResult): string {
  const body = findings(result) + trendSection(result);
  return body === '' ? '' : `<section><h2 id="since">Since the last audit</h2>${body}</section>`;
}
