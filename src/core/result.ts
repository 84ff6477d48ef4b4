/**
 * The one result model of an audit. Both query sets fill it; every renderer (markdown, JSON, CSV, outputs)
 * reads only this. A figure a query set does not measure is `null`, never a guessed zero.
 */
import type { CriterionField, CriterionName } from './criteria.js';
import type { QueryStatistics, UnreadableFile } from './engine.js';
import type { SupportEvent } from './events.js';
import type { TableLayout } from './layout.js';
import type { AuditWindow, EngineName, QuerySetName } from './types.js';

export type { SupportEvent } from './events.js';

export const SCHEMA_VERSION = 1;

export type Totals = {
  /** Events matching any criterion. */
  readonly supportCalls: number;
  /** Support calls not recorded as read-only (readOnly other than "true"). */
  readonly writeCalls: number | null;
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

export interface QueryRecord extends QueryStatistics {
  readonly id: string;
  readonly title: string;
}

export interface AuditResult {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly generatedAt: string;
  readonly engine: EngineName;
  readonly querySet: QuerySetName;
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
  readonly context: {
    readonly supportApiCalls: number | null;
    readonly supportAuthorizationEvents: number | null;
  };
  readonly article: ArticleAnswers;
  /** Every support call when `eventsComplete`; the seed set lists none (the article returns only a sample). */
  readonly events: readonly SupportEvent[];
  readonly eventsComplete: boolean;
  readonly unreadableFiles: readonly UnreadableFile[];
  /** False when files could not be read: the counts may then be lower than the truth. */
  readonly complete: boolean;
  readonly threshold: { readonly max: number | null; readonly exceeded: boolean };
  readonly writeCallGate: { readonly enabled: boolean; readonly exceeded: boolean };
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
  | 'article'
  | 'events'
  | 'eventsComplete'
>;
