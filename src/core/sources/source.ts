/**
 * What a source of records is to the query sets: a relation with the CloudTrail table's column names, filtered
 * to the window's partitions, and where each record's account, region, day and object come from. The query sets
 * write their SQL over it, so the criteria, the event fields and the measuring are the same whatever the source.
 */
import type { LayoutTable, TableLayout } from '../layout.js';
import type { SqlValue } from '../sql.js';
import type { AuditSummary } from '../contract/summary.js';
import type { AuditWindow, SourceName } from '../types.js';
import type { RawDetails } from '../explain/details.js';

/** A partition column of a source's table, as the report names it. */
export type PartitionColumn = AuditSummary['table']['partitions'][number];

export interface SourceRelation {
  /** What FROM reads: the table itself, or a subquery that presents the source as the CloudTrail table. */
  readonly from: string;
  /** The conditions on it in WHERE, if any, joined by AND. */
  readonly where: string | undefined;
  /** The `?` values of `from` and then of `where`, in the order the text holds them. */
  readonly parameters: readonly SqlValue[];
  /** Expressions over the relation: the account, region and day (`YYYY/MM/DD`) a record is filed under. */
  readonly account: string;
  readonly region: string;
  readonly day: string;
  /** The object (file) a record was read from. */
  readonly path: string;
  /** The layout (the folder of its trail, before the account) a record was read from; NULL where there is one. */
  readonly layout: string;
  /**
   * The parts of a record the explanation reads, each an expression over the relation's `columns`, which a query
   * carries beside each record and turns into the parts only for the records it keeps (Security Lake builds them
   * from a map, which for every record would cost the scan most of its time).
   */
  readonly details: {
    readonly columns: readonly string[];
    readonly sql: Readonly<Record<keyof RawDetails, string>>;
  };
}

export interface AuditSource {
  readonly name: SourceName;
  /** Security Lake's source version (`2.0`, `1.0`); null for a trail's log files. */
  readonly version: string | null;
  /** What the records are, as the report's title says: `CloudTrail`. */
  readonly title: string;
  /** What the reports say of the source; null for a trail's log files, the tool's first source. */
  readonly description: string | null;
  /** What a local copy of its bucket is a copy of: `the trail bucket`. */
  readonly bucket: string;
  /** Where its synthetic sample is shipped, relative to the package root. */
  readonly sampleFolder: string;
  /** The partition columns of the table, as the report names them. */
  readonly partitionColumns: (layout: TableLayout) => readonly PartitionColumn[];
  /**
   * The relation over the tables (one per layout, as one relation) for the window: their partitions from the
   * window's first day to its last delivery day (see deliveryDays); with `exactTimes`, only the window's own
   * event times.
   */
  relation(
    tables: readonly LayoutTable[],
    window: AuditWindow,
    options: { readonly exactTimes: boolean },
  ): SourceRelation;
}
