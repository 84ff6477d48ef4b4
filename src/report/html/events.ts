/**
 * The events table of report.html: every support call, sortable and filterable. The rows travel as JSON in a
 * script element that never runs, each distinct text once (a window repeats the same ARNs, accounts and sources
 * thousands of times), and the page's script draws them with textContent, so no value is ever parsed as HTML.
 */
import type { AuditResult, SupportEvent } from '../../core/result.js';
import { EVENT_COLUMNS } from '../columns.js';
import { clip } from '../markdown/escape.js';
import { number } from '../markdown/format.js';
import { escapeHtml, scriptJson } from './escape.js';

/** The id of the script element holding the rows, which the page's script reads. */
export const EVENTS_DATA_ID = 'events-data';

/** Each row as indexes into `strings`; -1 is a value the record does not have. */
export interface EventsData {
  readonly strings: readonly string[];
  readonly rows: ReadonlyArray<readonly number[]>;
}

export function eventsData(events: readonly SupportEvent[]): EventsData {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const indexOf = (text: string | null): number => {
    if (text === null) return -1;
    const clipped = clip(text);
    let i = index.get(clipped);
    if (i === undefined) {
      i = strings.push(clipped) - 1;
      index.set(clipped, i);
    }
    return i;
  };
  return {
    strings,
    rows: events.map((event) => EVENT_COLUMNS.map((column) => indexOf(column.value(event)))),
  };
}

export function eventsSection(result: AuditResult): string {
  const heading = '<h2 id="events">Support calls</h2>';
  if (!result.eventsComplete) {
    return (
      `<section>${heading}<p>The ${escapeHtml(result.querySet)} query set lists no events: the article's queries ` +
      'return only the sample of calls below. Run the single-scan query set for every call.</p></section>'
    );
  }
  if (result.events.length === 0)
    return `<section>${heading}<p>No support calls in the window.</p></section>`;
  const head = EVENT_COLUMNS.map(
    ({ heading }, i) =>
      `<th scope="col" aria-sort="${i === 0 ? 'ascending' : 'none'}"><button type="button" data-column="${i}">${escapeHtml(heading)}</button></th>`,
  ).join('');
  return (
    `<section class="events">${heading}` +
    `<p>Every support call of the window, ${number(result.events.length)} in all; events.json and events.csv hold ` +
    'every field. Click a column to sort by it; type to filter on any column.</p>' +
    '<div class="controls"><label>Filter <input id="filter" type="search" autocomplete="off" ' +
    'placeholder="account, region, event name, ARN…"></label>' +
    '<label>Rows per page <select id="page-size"><option value="100">100</option><option value="500">500</option>' +
    '<option value="0">all</option></select></label>' +
    '<span class="pager"><button type="button" id="previous-page">Previous</button>' +
    '<span id="showing" aria-live="polite"></span><button type="button" id="next-page">Next</button></span></div>' +
    '<noscript><p>The table needs JavaScript; events.csv holds every call.</p></noscript>' +
    `<div class="scroll"><table id="events-table" data-table="events"><thead><tr>${head}</tr></thead><tbody></tbody></table></div>` +
    `<script type="application/json" id="${EVENTS_DATA_ID}">${scriptJson(eventsData(result.events))}</script></section>`
  );
}
