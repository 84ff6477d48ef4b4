/**
 * The report's charts as Mermaid, which GitHub draws in job summaries, comments and markdown files: support
 * calls over the window (`xychart-beta`) and by event source (`pie`). Both are fixed blocks, so the size guard
 * keeps them whole and cuts tables first. A terminal shows the Mermaid text, so a sentence under each chart
 * says what it shows.
 */
import { callsOverTime, eventSources, type TimeUnit } from '../activity.js';
import type { AuditResult } from '../../core/result.js';
import type { Block } from './blocks.js';
import { text } from './escape.js';
import { number, plural } from './format.js';

/** Slices of the pie before the rest are added up into one. */
export const PIE_SLICES = 8;

const MAX_LABEL_CHARS = 40;

/**
 * A label from the logs, reduced to characters that mean nothing to Mermaid or Markdown: a quote would end the
 * string, `#` and `;` make entities, `<` markup, a line break a new statement, a backtick the code block, and
 * `:` or `/` a URL a renderer might link. Event sources, the labels drawn, need none of them.
 */
export function mermaidLabel(value: string | null): string {
  if (value === null) return '(none)';
  const safe = value.replace(/[^A-Za-z0-9 ._()-]/g, '_');
  return safe.length <= MAX_LABEL_CHARS ? safe : `${safe.slice(0, MAX_LABEL_CHARS - 3)}...`;
}

/** Reduced labels can collide; Mermaid keeps only the first slice of a repeated label, so each gets a number. */
function distinct(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const times = (seen.get(label) ?? 0) + 1;
    seen.set(label, times);
    return times === 1 ? label : `${label} (${times})`;
  });
}

function mermaid(lines: readonly string[]): string {
  return ['```mermaid', lines[0]!, ...lines.slice(1).map((line) => `    ${line}`), '```'].join('\n');
}

const AXIS_TITLE: Readonly<Record<TimeUnit, string>> = { day: 'Day', week: 'Week starting', month: 'Month' };

function overTime(result: AuditResult): Block[] {
  const series = callsOverTime(result)!;
  const { start, end } = result.window;
  const most = Math.max(...series.buckets.map((b) => b.calls));
  const busiest = series.buckets.filter((b) => b.calls === most).map((b) => b.first);
  const idle = series.buckets.filter((b) => b.calls === 0).length;
  const unit = series.unit;
  const named =
    busiest.slice(0, 3).join(', ') + (busiest.length > 3 ? ` and ${number(busiest.length - 3)} more` : '');
  const chart = mermaid([
    'xychart-beta',
    `title "Support calls per ${unit}, ${start} to ${end} (UTC)"`,
    `x-axis "${AXIS_TITLE[unit]}" [${series.buckets.map((b) => `"${b.label}"`).join(', ')}]`,
    `y-axis "Support calls" 0 --> ${Math.max(1, most)}`,
    `bar [${series.buckets.map((b) => b.calls).join(', ')}]`,
  ]);
  return [
    '## Support calls over time',
    chart,
    `Most calls in a ${unit}: ${number(most)} (${unit === 'day' ? '' : 'starting '}${named}). ` +
      `${plural(idle, unit)} of ${number(series.buckets.length)} without a support call.`,
  ];
}

function bySource(result: AuditResult): Block[] {
  const { top, rest } = eventSources(result, PIE_SLICES)!;
  const labels = distinct([
    ...top.map((r) => mermaidLabel(r.name)),
    ...(rest.entries > 0 ? [plural(rest.entries, 'other source')] : []),
  ]);
  const counts = [...top.map((r) => r.count), ...(rest.entries > 0 ? [rest.count] : [])];
  const chart = mermaid([
    'pie showData',
    'title Support calls by event source',
    ...labels.map((label, i) => `"${label}" : ${counts[i]}`),
  ]);
  const leader = top[0]!;
  return [
    '## Support calls by event source',
    chart,
    `Most called: ${text(leader.name)}, ${plural(leader.count, 'call')} of ${number(result.events.length)}.`,
  ];
}

export function charts(result: AuditResult): Block[] {
  if (!result.eventsComplete) {
    return [
      '## Support calls over time',
      `The ${text(result.querySet)} query set lists no events, so there is nothing to chart; run the single-scan ` +
        'query set for the charts.',
    ];
  }
  if (result.events.length === 0) {
    return ['## Support calls over time', 'No support calls in the window: nothing to chart.'];
  }
  return [...overTime(result), ...bySource(result)];
}
