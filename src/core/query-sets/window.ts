/** The window and partition filter every query shares, and the table it reads. */
import { addDays, deliveryDays, partitionDay } from '../dates.js';
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
    // Up to the end of the window's last day, whatever days after it are read for late deliveries.
    clauses.push('eventtime >= ?', 'eventtime < ?');
    parameters.push(window.start, addDays(window.end, 1));
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
