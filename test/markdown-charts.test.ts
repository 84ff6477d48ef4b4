/**
 * The Mermaid charts of report.md, the job summary and the comment: what they count, how a CloudTrail string
 * is reduced so it cannot break a chart, and that the size guard keeps them whole. Whether Mermaid itself
 * draws them is checked in a real browser (report-html-browser.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { MAX_TIME_BARS, timeAxis } from '../src/report/activity.js';
import { mermaidLabel, PIE_SLICES } from '../src/report/markdown/charts.js';
import { fitComment, fitJobSummary, renderMarkdown } from '../src/report/markdown/index.js';
import { addDays } from '../src/core/dates.js';
import type { SupportEvent } from '../src/core/result.js';
import { auditResult, resultFromEvents, seedResult, supportEvent } from './helpers/result-factory.js';

/** The text of each Mermaid block, without its fences. */
function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((match) => match[1]!);
}

function callsFrom(sources: readonly string[]): SupportEvent[] {
  return sources.map((eventSource, i) =>
    supportEvent({ eventSource, eventTime: `2025-01-0${1 + (i % 7)}T10:00:00Z` }),
  );
}

describe('the chart of support calls over time', () => {
  it('has a bar for every day of the window, days without a call at zero', () => {
    const [overTime] = mermaidBlocks(renderMarkdown(auditResult()));
    expect(overTime).toBe(
      [
        'xychart-beta',
        '    title "Support calls per day, 2025-01-01 to 2025-01-07 (UTC)"',
        '    x-axis "Day" ["01-01", "01-02", "01-03", "01-04", "01-05", "01-06", "01-07"]',
        '    y-axis "Support calls" 0 --> 1',
        '    bar [0, 1, 1, 0, 1, 0, 0]',
      ].join('\n'),
    );
  });

  it('says under the chart which days were busiest and how many had no call', () => {
    expect(renderMarkdown(auditResult())).toContain(
      'Most calls in a day: 1 (2025-01-02, 2025-01-03, 2025-01-05). 4 days of 7 without a support call.',
    );
  });

  it('counts per week from the first day when the window is too long for a bar a day', () => {
    const window = { start: '2025-01-01', end: '2025-03-31', lateDeliveryDays: 1 };
    const [overTime] = mermaidBlocks(renderMarkdown(auditResult({ window })));
    expect(overTime).toContain('title "Support calls per week, 2025-01-01 to 2025-03-31 (UTC)"');
    expect(overTime).toContain('x-axis "Week starting" ["01-01", "01-08", ');
    expect(overTime).toContain('bar [3, 0, 0, ');
  });

  it('uses days up to the bar limit, then weeks, then calendar months', () => {
    const axis = (days: number) =>
      timeAxis({ start: '2025-01-01', end: addDays('2025-01-01', days - 1), lateDeliveryDays: 1 });
    expect(axis(MAX_TIME_BARS).unit).toBe('day');
    expect(axis(MAX_TIME_BARS).buckets).toHaveLength(MAX_TIME_BARS);
    expect(axis(MAX_TIME_BARS + 1).unit).toBe('week');
    expect(axis(MAX_TIME_BARS * 7).buckets).toHaveLength(MAX_TIME_BARS);
    const years = axis(MAX_TIME_BARS * 7 + 1);
    expect(years.unit).toBe('month');
    expect(years.buckets[0]).toEqual({ first: '2025-01-01', last: '2025-01-31', label: '2025-01' });
    expect(years.buckets.at(-1)!.last).toBe(addDays('2025-01-01', MAX_TIME_BARS * 7));
  });
});

describe('the chart of support calls by event source', () => {
  it('is a pie of the busiest sources with their counts, the rest added up in one slice', () => {
    const sources = Array.from(
      { length: 12 },
      (_, i) => `service${String(i).padStart(2, '0')}.amazonaws.com`,
    );
    // service00 is called 12 times, service01 11 times, ... service11 once.
    const events = callsFrom(sources.flatMap((source, i) => Array<string>(12 - i).fill(source)));
    const [, pie] = mermaidBlocks(renderMarkdown(resultFromEvents(events)));
    const slices = pie!.split('\n').slice(2);
    expect(pie!.split('\n').slice(0, 2)).toEqual(['pie showData', '    title Support calls by event source']);
    expect(slices).toHaveLength(PIE_SLICES + 1);
    expect(slices[0]).toBe('    "service00.amazonaws.com" : 12');
    expect(slices[PIE_SLICES - 1]).toBe('    "service07.amazonaws.com" : 5');
    expect(slices[PIE_SLICES]).toBe('    "4 other sources" : 10');
  });

  it('shows one source past the limit rather than a rest of one', () => {
    const sources = Array.from({ length: PIE_SLICES + 1 }, (_, i) => `s${i}.amazonaws.com`);
    const [, pie] = mermaidBlocks(renderMarkdown(resultFromEvents(callsFrom(sources))));
    expect(pie!.split('\n').slice(2)).toHaveLength(PIE_SLICES + 1);
    expect(pie).not.toContain('other source');
  });
});

describe('labels from the logs in a chart', () => {
  const hostile = [
    'quote" : 99\n    "injected',
    '```\n<script>alert(1)</script>',
    'entity #quot; and #35;',
    '%% a comment; click call',
    'line\r\nbreak',
    '@octocat [link](javascript:alert(1))',
    null,
  ];

  it('are reduced to characters that mean nothing to Mermaid or Markdown', () => {
    for (const value of hostile) expect(mermaidLabel(value)).toMatch(/^[A-Za-z0-9 ._()-]+$/);
    expect(mermaidLabel('elasticloadbalancing.amazonaws.com')).toBe('elasticloadbalancing.amazonaws.com');
    expect(mermaidLabel(null)).toBe('(none)');
    expect(mermaidLabel('x'.repeat(100))).toBe(`${'x'.repeat(37)}...`);
  });

  it('cannot add a slice, end the code block or collide with another label', () => {
    const events = [...callsFrom(hostile.filter((v) => v !== null)), ...callsFrom(['a"b', 'a<b'])];
    const markdown = renderMarkdown(resultFromEvents(events));
    const [, pie] = mermaidBlocks(markdown);
    const slices = pie!.split('\n').slice(2);
    expect(slices).toHaveLength(events.length);
    for (const slice of slices) expect(slice).toMatch(/^ {4}"[A-Za-z0-9 ._()-]+" : \d+$/);
    expect(slices).toContain('    "a_b" : 1');
    expect(slices).toContain('    "a_b (2)" : 1');
    expect(markdown.match(/^```/gm)).toHaveLength(4);
  });
});

describe('the charts in the report', () => {
  it('come right after the headline, before the scope', () => {
    const markdown = renderMarkdown(auditResult());
    const headline = markdown.indexOf('ℹ️ 3 support calls');
    const charts = markdown.indexOf('## Support calls over time');
    expect(headline).toBeGreaterThan(0);
    expect(charts).toBeGreaterThan(headline);
    expect(markdown.indexOf('## Support calls by event source')).toBeGreaterThan(charts);
    expect(markdown.indexOf('## Scope')).toBeGreaterThan(
      markdown.indexOf('## Support calls by event source'),
    );
  });

  it('say why there is no chart when the query set lists no events, or there was no call', () => {
    const seed = renderMarkdown(seedResult());
    expect(mermaidBlocks(seed)).toEqual([]);
    expect(seed).toContain('The seed query set lists no events, so there is nothing to chart');
    const quiet = renderMarkdown(resultFromEvents([]));
    expect(mermaidBlocks(quiet)).toEqual([]);
    expect(quiet).toContain('No support calls in the window: nothing to chart.');
  });

  it('stay whole when the size guard cuts the tables of a job summary or a comment', () => {
    const sources = Array.from({ length: 40 }, (_, i) => `service${i}.amazonaws.com`);
    const events = Array.from({ length: 6_000 }, (_, i) =>
      supportEvent({
        eventTime: `2025-01-0${1 + (i % 7)}T00:00:00Z`,
        eventSource: sources[i % 40]!,
        principalId: `AROAEXAMPLE:session-${i}`,
      }),
    );
    const result = resultFromEvents(events);
    const whole = mermaidBlocks(renderMarkdown(result));
    expect(whole).toHaveLength(2);
    for (const shortened of [fitJobSummary(result), fitComment(result)]) {
      expect(shortened).toContain('more rows in the full report');
      expect(mermaidBlocks(shortened)).toEqual(whole);
    }
  });
});
