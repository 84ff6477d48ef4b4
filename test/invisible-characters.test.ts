/**
 * Text that spoofs: a right-to-left override (U+202E) or a zero-width character from a log must not reach any
 * output raw, or an event name could display as another ("Get‮tcejbO" reads as "GetObject" reversed). Every
 * output shows each such character as its code point: `<U+202E>` in the reports, the CSV and the one-line
 * result, the `\u202E` escape in the JSON files, whose parsed values stay exactly as logged.
 */
import { describe, expect, it } from 'vitest';
import { eventsCsvChunks } from '../src/report/csv.js';
import { renderHtml } from '../src/report/html/index.js';
import { renderEventsJson, renderSummaryJson } from '../src/report/json.js';
import { fitComment, fitJobSummary, renderMarkdown } from '../src/report/markdown/index.js';
import { resultLine } from '../src/report/result-line.js';
import { resultFromEvents, supportEvent } from './helpers/result-factory.js';

/** One of each kind: bidirectional controls, zero-width and word-joining characters, a BOM, a tag character. */
const HOSTILE = [
  '\u202E',
  '\u202A',
  '\u2066',
  '\u2069',
  '\u200E',
  '\u200F',
  '\u061C',
  '\u200B',
  '\u200C',
  '\u200D',
  '\u2060',
  '\u2064',
  '\uFEFF',
  '\u{E0041}',
] as const;
const CODES = HOSTILE.map((c) => c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0'));

const EVENT_NAME = `Get${HOSTILE.join('')}tcejbO`;
const SESSION = `arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForSupport/ad\u202Emin`;
const result = resultFromEvents([
  supportEvent({ eventName: EVENT_NAME, arn: SESSION, userAgent: `cli\u2067x\u2069` }),
]);

/** Any of the hostile characters, and every other Unicode format character. */
const RAW = /\p{Cf}/u;

/**
 * The Markdown escaper adds its own zero-width space after `@`, `#` and `:` and before `.` and `-`, to stop
 * GitHub's mentions and links; those are the only ones allowed.
 */
function withoutEscaperSpaces(markdown: string): string {
  return markdown.replace(/(?<=[@#:])\u200B|\u200B(?=[.-])/g, '');
}

function expectEachShown(output: string, shown: (code: string) => string): void {
  for (const code of CODES) expect(output, code).toContain(shown(code));
}

describe('invisible and bidirectional characters from the logs', () => {
  it.each([
    ['report.md', () => renderMarkdown(result)],
    ['the job summary', () => fitJobSummary(result, { fullReportPath: 'report.md' })],
    ['the pull-request comment', () => fitComment(result, { fullReportPath: 'report.md' })],
  ])('%s shows each as &lt;U+XXXX&gt;, none raw', (_, render) => {
    const markdown = render();
    expect(withoutEscaperSpaces(markdown)).not.toMatch(RAW);
    expectEachShown(markdown, (code) => `&lt;U+${code}&gt;`);
  });

  it('report.html shows each, in its text, attributes and the events table data, none raw', () => {
    const html = renderHtml(result);
    expect(html).not.toMatch(RAW);
    // The events table's rows travel as JSON in a script element, `<` written as \u003c.
    expectEachShown(html, (code) => `\\u003cU+${code}\\u003e`);
  });

  it('events.csv shows each as <U+XXXX>, none raw', () => {
    const csv = [...eventsCsvChunks(result.events)].join('');
    expect(csv).not.toMatch(RAW);
    expectEachShown(csv, (code) => `<U+${code}>`);
    expect(csv).toContain('ad<U+202E>min');
  });

  it('events.json writes each as a \\u escape, and parses back to the logged value', () => {
    const json = renderEventsJson(result);
    expect(json).not.toMatch(RAW);
    expect(json).toContain('\\u202E');
    expect(json).toContain('\\uDB40\\uDC41');
    const parsed = JSON.parse(json) as { events: Array<{ eventName: string; arn: string }> };
    expect(parsed.events[0]!.eventName).toBe(EVENT_NAME);
    expect(parsed.events[0]!.arn).toBe(SESSION);
  });

  it('summary.json writes the session names it lists as \\u escapes', () => {
    const json = renderSummaryJson(result);
    expect(json).toContain('ad\\u202Emin');
    expect(json).not.toMatch(RAW);
  });

  it('the one-line result shows them in a reason that names a log file', () => {
    const line = resultLine({
      ...result,
      complete: false,
      incompleteReasons: ['a log file could not be read: cloudtrail\u202Ezg.nosj'],
    });
    expect(line).not.toMatch(RAW);
    expect(line).toContain('cloudtrail<U+202E>zg.nosj');
  });
});
