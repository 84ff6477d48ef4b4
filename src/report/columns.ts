/** Columns that report.md and report.html both show, in one place so the two tables cannot drift apart. */
import { distinctWithCounts } from '../core/query-sets/counting.js';
import type { TrailChange } from '../core/result.js';

export interface Column<Row> {
  readonly heading: string;
  readonly value: (row: Row) => string | null;
}

export const TRAIL_CHANGE_COLUMNS: ReadonlyArray<Column<TrailChange>> = [
  { heading: 'Time (UTC)', value: (c) => c.eventTime },
  { heading: 'Event', value: (c) => c.eventName },
  { heading: 'Trail', value: (c) => c.trail },
  { heading: 'Account', value: (c) => c.account },
  { heading: 'Region', value: (c) => c.region },
  { heading: 'By', value: (c) => c.principal },
  { heading: 'Error', value: (c) => c.errorCode },
];

/** The heading of the count beside each distinct value of the article's queries 4 and 5. */
export const ANSWER_ROWS_HEADING = 'Rows';

/**
 * The distinct values of the article's query 4 or 5, each once with how many of the answer's rows hold it,
 * the most frequent first: the queries return one row per call, so one session's ARN can fill most of them.
 */
export function distinctAnswerRows(
  values: ReadonlyArray<string | null>,
): Array<{ value: string | null; rows: number }> {
  return distinctWithCounts(values, 'value').map(({ value, count }) => ({ value, rows: count }));
}
