import { describe, expect, it } from 'vitest';
import { SUPPORT_EVENT_KEYS, type SupportEvent } from '../src/core/events.js';
import { EVENT_COLUMNS } from '../src/report/columns.js';
import { EVENT_CSV_COLUMNS, renderEventsCsv } from '../src/report/csv.js';
import { EVENTS_DATA_ID } from '../src/report/html/events.js';
import { renderHtml } from '../src/report/html/index.js';
import { renderMarkdown } from '../src/report/markdown/index.js';
import { text } from '../src/report/markdown/escape.js';
import { resultFromEvents, supportEvent } from './helpers/result-factory.js';

/** A failed write call in a support session, a read in none and a call by the root user without an ARN. */
const calls = [
  supportEvent({ eventName: 'DeleteRole', readOnly: 'false', errorCode: 'AccessDenied', sessionId: 'S1' }),
  supportEvent({ eventTime: '2025-01-03T10:16:00Z', bySourceIp: false, byInvokedBy: false }),
  supportEvent({ identityType: 'Root', arn: null, principalId: '111122223333', bySupportRole: false }),
];
const result = resultFromEvents(calls, { events: calls });

function markdownEventsTable(markdown: string): string[][] {
  const section = markdown.split('\n## Support calls\n')[1]!.split('\n## ')[0]!;
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line))
    .map((line) =>
      line
        .slice(2, -2)
        .split(/(?<!\\) \| /)
        .map((cell) => cell.trim()),
    );
}

function htmlEventsTable(html: string): { headings: string[]; rows: Array<Array<string | null>> } {
  const table = /<table id="events-table"[^]*?<\/thead>/.exec(html)![0];
  const headings = [...table.matchAll(/<button type="button" data-column="\d+">([^<]*)<\/button>/g)].map(
    (match) => match[1]!,
  );
  const json = new RegExp(`<script type="application/json" id="${EVENTS_DATA_ID}">([^<]*)</script>`).exec(
    html,
  )![1]!;
  const data = JSON.parse(json) as { strings: string[]; rows: number[][] };
  return { headings, rows: data.rows.map((row) => row.map((i) => (i === -1 ? null : data.strings[i]!))) };
}

describe("the support calls' table, one list of columns for every output", () => {
  const headings = EVENT_COLUMNS.map((column) => column.heading);

  it('shows the error code and the support session in report.md and report.html alike', () => {
    expect(headings).toEqual(expect.arrayContaining(['Error', 'Session']));
    const [mdHeadings, ...mdRows] = markdownEventsTable(renderMarkdown(result));
    const html = htmlEventsTable(renderHtml(result));
    expect(mdHeadings).toEqual(headings);
    expect(html.headings).toEqual(headings);
    expect(result.events.map((event) => event.errorCode)).toContain('AccessDenied');
    expect(result.events.map((event) => event.sessionId)).toContain('S1');
    expect(mdRows).toEqual(result.events.map((event) => EVENT_COLUMNS.map((c) => text(c.value(event)))));
    expect(html.rows).toEqual(result.events.map((event) => EVENT_COLUMNS.map((c) => c.value(event))));
  });

  it("takes every column's value from the fields events.csv writes, and from no other", () => {
    const header = renderEventsCsv(result.events).split('\r\n')[0]!.split(',');
    expect(header).toEqual([...EVENT_CSV_COLUMNS]);
    for (const column of EVENT_COLUMNS) {
      for (const field of column.fields) expect(header, column.heading).toContain(field);
      for (const event of result.events) {
        const onlyItsFields = Object.fromEntries(
          SUPPORT_EVENT_KEYS.map((key) => [key, column.fields.includes(key) ? event[key] : null]),
        ) as unknown as SupportEvent;
        expect(column.value(onlyItsFields), column.heading).toBe(column.value(event));
      }
    }
  });
});
