/** The audit's vocabulary: plain types and names that every layer shares. Imports nothing. */

/** The audit window: whole UTC days, `YYYY-MM-DD`, both ends included. */
export interface AuditWindow {
  readonly start: string;
  readonly end: string;
  /** Days after the end whose folders are read too, for the window's calls delivered late. */
  readonly lateDeliveryDays: number;
}

/** A table in the catalog, as Athena and the local view both name it. */
export interface TableName {
  readonly database: string;
  readonly table: string;
}

export const ENGINE_NAMES = ['local', 'athena'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** Where the records come from: a trail's CloudTrail log files, or Amazon Security Lake's OCSF tables. */
export const SOURCE_NAMES = ['cloudtrail', 'security-lake'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

export const QUERY_SET_NAMES = ['single-scan', 'seed'] as const;
export type QuerySetName = (typeof QUERY_SET_NAMES)[number];
