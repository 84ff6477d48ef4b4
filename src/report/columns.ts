/** Columns that report.md and report.html both show, in one place so the two tables cannot drift apart. */
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
