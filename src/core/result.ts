/**
 * The one result model of an audit. Both query sets fill it; every renderer (markdown, JSON, CSV, outputs)
 * reads only this. A figure a query set does not measure is `null`, never a guessed zero.
 */
import type { ContextName, CriterionField, CriterionName } from './criteria.js';
import type { QueryStatistics, UnreadableFile } from './engine.js';
import type { SupportEvent } from './events.js';
import type { TableLayout } from './layout.js';
import type { AuditWindow, EngineName, QuerySetName, SourceName } from './types.js';

export type { SupportEvent } from './events.js';

export const SCHEMA_VERSION = 1;

export type Totals = {
  /** Events matching any criterion. */
  readonly supportCalls: number;
  /** Support calls not recorded as read-only (readOnly other than "true"). */
  readonly writeCalls: number | null;
  /** Extra deliveries of the same support call (same eventID and recipient account), counted once above. */
  readonly duplicateDeliveries: number | null;
} & {
  /** Each criterion on its own; the seed set measures only `bySourceIp`. */
  readonly [C in CriterionField]: number | null;
};

export interface IdentityAndSource {
  readonly username: string | null;
  readonly eventSource: string | null;
  readonly count: number;
}

export interface AccountAndRegion {
  readonly account: string | null;
  readonly region: string | null;
  readonly count: number;
}

/** How many rows the article's sample queries return. */
export const ARTICLE_LIMIT = 10;

/** The answers to the article's five queries, whichever set computed them. */
export interface ArticleAnswers {
  readonly numberOfCalls: number;
  readonly calls: ReadonlyArray<{
    eventId: string | null;
    eventTime: string | null;
    eventName: string | null;
  }>;
  readonly byIdentityAndSource: readonly IdentityAndSource[];
  readonly roleArns: ReadonlyArray<string | null>;
  readonly principalIds: ReadonlyArray<string | null>;
}

/** Records and files read for one account and region on one delivery day (`YYYY-MM-DD`). */
export interface CoverageCell {
  readonly account: string;
  readonly region: string;
  readonly day: string;
  readonly records: number;
  /** Null where the engine cannot tell the files apart. */
  readonly files: number | null;
}

/** What the audit read, zero-filled over the accounts, regions and delivery days it asked for. */
export interface Coverage {
  readonly cells: readonly CoverageCell[];
  /** Accounts with no record on any of the window's days. */
  readonly accountsWithoutLogs: readonly string[];
  readonly regionsWithoutLogs: ReadonlyArray<{ readonly account: string; readonly region: string }>;
  /** Days of the window on which an account has no record in any region. */
  readonly daysWithoutLogs: ReadonlyArray<{ readonly account: string; readonly day: string }>;
}

/** A call that changed what a trail records, which can explain a gap in the logs. */
export interface TrailChange {
  readonly eventTime: string | null;
  readonly eventName: string | null;
  /** The trail's name or ARN, from the request. */
  readonly trail: string | null;
  readonly account: string | null;
  readonly region: string | null;
  /** Who made the change: the caller's ARN, or its principal id. */
  readonly principal: string | null;
  /** Set when the call failed and changed nothing. */
  readonly errorCode: string | null;
}

export interface QueryRecord extends QueryStatistics {
  readonly id: string;
  readonly title: string;
}

export interface AuditResult {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly generatedAt: string;
  readonly engine: EngineName;
  readonly querySet: QuerySetName;
  /**
   * Where the records came from: a trail's log files or Amazon Security Lake, with Security Lake's source
   * version (null for a trail); `sample` marks the synthetic samples shipped with the tool.
   */
  readonly source: {
    readonly name: SourceName;
    readonly version: string | null;
    readonly sample: boolean;
  };
  readonly window: AuditWindow;
  readonly table: {
    readonly database: string;
    readonly table: string;
    readonly layout: TableLayout['kind'];
    readonly location: string;
    readonly partitions: readonly string[];
    readonly accounts: readonly string[];
    readonly regions: readonly string[];
    readonly actions: readonly string[];
  };
  readonly criteria: ReadonlyArray<{ name: CriterionName; description: string }>;
  readonly totals: Totals;
  readonly byAccountAndRegion: readonly AccountAndRegion[];
  readonly byIdentityAndSource: readonly IdentityAndSource[];
  readonly roleArns: ReadonlyArray<{ arn: string | null; count: number | null }>;
  readonly principalIds: ReadonlyArray<{ principalId: string | null; count: number | null }>;
  readonly context: { readonly [Name in ContextName]: number | null };
  /** Null when the query set does not measure them. */
  readonly trailChanges: readonly TrailChange[] | null;
  /** Null when the query set does not measure it (the seed set). */
  readonly coverage: Coverage | null;
  readonly article: ArticleAnswers;
  /** Every support call when `eventsComplete`; the seed set lists none (the article returns only a sample). */
  readonly events: readonly SupportEvent[];
  readonly eventsComplete: boolean;
  /**
   * Support calls whose eventTime is missing or not a time (a number, say): they cannot be placed in the window,
   * so they are not counted, and the audit is incomplete. Null when the query set does not look (the seed set).
   */
  readonly undatedSupportCalls: ReadonlyArray<{ eventId: string | null; eventTime: string | null }> | null;
  readonly unreadableFiles: readonly UnreadableFile[];
  /** False when anything in `incompleteReasons` holds: the counts may then be lower than the truth. */
  readonly complete: boolean;
  /** Why the audit may have missed calls: unread files, accounts without logs, coverage not measured. */
  readonly incompleteReasons: readonly string[];
  readonly threshold: { readonly max: number | null; readonly exceeded: boolean };
  readonly writeCallGate: { readonly enabled: boolean; readonly exceeded: boolean };
  /** Fails the run when an account asked for has no logs in the window. */
  readonly requireLogs: { readonly enabled: boolean; readonly failed: boolean };
  readonly statistics: {
    readonly dataScannedBytes: number;
    /** The AWS region the Athena queries ran in, for console links; null for the local engine. */
    readonly athenaRegion: string | null;
    readonly queries: readonly QueryRecord[];
  };
}

/** What a query set measures from its results: the figures of the result. */
export type Measurements = Pick<
  AuditResult,
  | 'totals'
  | 'byAccountAndRegion'
  | 'byIdentityAndSource'
  | 'roleArns'
  | 'principalIds'
  | 'context'
  | 'trailChanges'
  | 'coverage'
  | 'article'
  | 'events'
  | 'eventsComplete'
  | 'undatedSupportCalls'
>;
