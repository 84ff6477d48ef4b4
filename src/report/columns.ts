/**
 * The columns of the report's tables, each defined once here: report.md and report.html show the same columns, in
 * the same order, with the same values, and each support-call column names the fields of events.csv it shows.
 */
import { caller, matchedCriteria, type SupportEvent } from '../core/events.js';
import { SUPPORT_CRITERIA } from '../core/criteria.js';
import { distinctWithCounts } from '../core/query-sets/counting.js';
import type { TrailChange } from '../core/result.js';

export interface Column<Row> {
  readonly heading: string;
  readonly value: (row: Row) => string | null;
}

/** A column of the support calls' table, with the fields of a call (events.csv's columns) its value comes from. */
export interface EventColumn extends Column<SupportEvent> {
  readonly fields: ReadonlyArray<keyof SupportEvent>;
}

export const EVENT_COLUMNS: readonly EventColumn[] = [
  { heading: 'Time (UTC)', fields: ['eventTime'], value: (e) => e.eventTime },
  { heading: 'Account', fields: ['recipientAccountId'], value: (e) => e.recipientAccountId },
  { heading: 'Region', fields: ['awsRegion'], value: (e) => e.awsRegion },
  { heading: 'Event source', fields: ['eventSource'], value: (e) => e.eventSource },
  { heading: 'Event name', fields: ['eventName'], value: (e) => e.eventName },
  { heading: 'ARN / identity', fields: ['arn', 'identityType', 'principalId'], value: caller },
  { heading: 'Read-only', fields: ['readOnly'], value: (e) => e.readOnly },
  { heading: 'Error', fields: ['errorCode'], value: (e) => e.errorCode },
  {
    heading: 'Criteria',
    fields: SUPPORT_CRITERIA.map((c) => c.field),
    value: (e) => {
      const criteria = matchedCriteria(e);
      return criteria.length === 0 ? null : criteria.join(', ');
    },
  },
  { heading: 'Session', fields: ['sessionId'], value: (e) => e.sessionId },
];

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
