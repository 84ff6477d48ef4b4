/** The window and partition filter every query shares, and the table it reads. */
import { deliveryDays, partitionDay } from '../dates.js';
import type { TableLayout } from '../layout.js';
import { quoteIdentifier, type SqlValue } from '../sql.js';
import type { AuditWindow } from '../types.js';

export interface Predicate {
  readonly sql: string;
  readonly parameters: readonly SqlValue[];
}

/**
 * The partition range covers the window's delivery days (see deliveryDays) and the asked accounts and regions;
 * with `exactTimes`, the `eventtime` bounds are exact too. String comparison is exact here: eventtime is ISO
 * 8601 and a date is a prefix of every time on that day.
 */
export function windowPredicate(
  window: AuditWindow,
  layout: TableLayout,
  { exactTimes }: { readonly exactTimes: boolean },
): Predicate {
  const days = deliveryDays(window);
  const clauses = ['"timestamp" BETWEEN ? AND ?'];
  const parameters: SqlValue[] = [partitionDay(days.first), partitionDay(days.last)];
  if (exactTimes) {
    clauses.push('eventtime >= ?', 'eventtime < ?');
    parameters.push(window.start, days.last);
  }
  for (const [partition, values] of [
    ['account', layout.accounts],
    ['region', layout.regions],
  ] as const) {
    if (!layout.partitions.includes(partition)) continue;
    clauses.push(`${quoteIdentifier(partition)} IN (${values.map(() => '?').join(', ')})`);
    parameters.push(...values);
  }
  return { sql: clauses.join('\n  AND '), parameters };
}
