/**
 * "Since the last audit" in Markdown: the findings against the baseline, then the trend of the last runs as a
 * Mermaid line chart (`xychart-beta`, which GitHub draws) and the table of its figures, which names the lines.
 */
import type { AuditResult } from '../../core/result.js';
import { shownNames, sinceFindings, trend, TREND_LINES, type FindingKind } from '../since.js';
import { list, table, type Block } from './blocks.js';
import { NONE, text } from './escape.js';
import { number } from './format.js';

const MARK: Readonly<Record<FindingKind, string>> = { ok: '✅', warn: '⚠️', new: '🆕', info: 'ℹ️' };

function findings(result: AuditResult): Block[] {
  const found = sinceFindings(result);
  if (found === null) return [];
  return [
    list(
      found.map(({ kind, text: words, names }) => {
        const { shown, more } = shownNames(names);
        const listed =
          shown.map((name) => text(name)).join(', ') + (more > 0 ? ` and ${number(more)} more` : '');
        return `${MARK[kind]} ${text(words)}${names.length > 0 ? `: ${listed}` : ''}`;
      }),
    ),
  ];
}

function trendChart(result: AuditResult): Block[] {
  const points = trend(result);
  if (points === null) return [];
  const value = (n: number | null) => n ?? 0;
  const most = Math.max(1, ...points.flatMap((p) => TREND_LINES.map(([key]) => value(p[key]))));
  const chart = [
    '```mermaid',
    'xychart-beta',
    `    title "Support calls and sessions, last ${points.length} audits"`,
    `    x-axis "Last day of the audit's window" [${points.map((p) => `"${p.label}"`).join(', ')}]`,
    `    y-axis "Count" 0 --> ${most}`,
    ...TREND_LINES.map(([key]) => `    line [${points.map((p) => value(p[key])).join(', ')}]`),
    '```',
  ].join('\n');
  const figure = (n: number | null) => (n === null ? NONE : number(n));
  return [
    '### Trend',
    chart,
    `The lines, from the first drawn: ${TREND_LINES.map(([, name]) => name).join(', ')} per audit; a figure the ` +
      'query set did not measure is drawn as 0 and shown as — below.',
    table(
      ['Window', 'Support calls', 'Sessions', 'Unexplained sessions', 'Records read', 'Complete'],
      points.map((p) => [
        p.window,
        number(p.supportCalls),
        figure(p.sessions),
        figure(p.unexplainedSessions),
        figure(p.records),
        p.complete ? 'yes' : '⚠️ no',
      ]),
      [1, 2, 3, 4],
    ),
  ];
}

/** The section, or nothing without a baseline and a trend of one run. */
export function since(result: AuditResult): Block[] {
  const blocks = [...findings(result), ...trendChart(result)];
  return blocks.length === 0 ? [] : ['## Since the last audit', ...blocks];
}
