/** events.csv: one row per support call, RFC 4180, safe to open in a spreadsheet. */
import { SUPPORT_EVENT_KEYS, type SupportEvent } from '../core/events.js';
import { revealInvisible } from './invisible.js';
import { inChunks } from './json.js';

/** The columns of events.csv, in order; docs/summary-json.md documents them. */
export const EVENT_CSV_COLUMNS = SUPPORT_EVENT_KEYS;

/**
 * Spreadsheets run a cell that starts with one of these as a formula, and anyone who can call an API in the
 * account chooses values such as the user agent or the session name. Some skip leading blanks and line breaks
 * first, some fold fullwidth and small forms (＝, ﹦) to ASCII. A leading apostrophe makes the cell text.
 */
const FORMULA_START = /^[\t\r\n]|^\s*[=+\-@＝＋－＠﹦﹢﹣﹫]/;
/** A reader may end a cell at a NUL or stop at another control byte. Tabs and line breaks (quoted) stay. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string | boolean | null): string {
  if (value === null) return '';
  let field = revealInvisible(String(value).replace(CONTROL, '\uFFFD'));
  if (FORMULA_START.test(field)) field = `'${field}`;
  return NEEDS_QUOTES.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

function row(fields: readonly string[]): string {
  return `${fields.join(',')}\r\n`;
}

/** events.csv in pieces of a few hundred rows: a million support calls make more text than one string can hold. */
export function* eventsCsvChunks(events: readonly SupportEvent[]): Generator<string> {
  yield row(EVENT_CSV_COLUMNS);
  for (const chunk of inChunks(events))
    yield chunk.map((event) => row(EVENT_CSV_COLUMNS.map((column) => csvField(event[column])))).join('');
}

export function renderEventsCsv(events: readonly SupportEvent[]): string {
  return [...eventsCsvChunks(events)].join('');
}
