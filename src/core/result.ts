/**
 * The one result model of an audit. Both query sets fill it; every renderer (markdown, HTML, JSON, CSV, outputs)
 * reads only this. A figure a query set does not measure is `null`, never a guessed zero. Its shape is defined
 * once, with the meaning of every field, in contract/summary.ts.
 */
import type { AuditSummary } from './contract/summary.js';
import type { SupportEvent } from './events.js';
import type { Evidence } from './explain/evidence.js';

export type { SupportEvent } from './events.js';
export {
  SCHEMA_VERSION,
  type AccountAndRegion,
  type Coverage,
  type CoverageCell,
  type IdentityAndSource,
  type QueryRecord,
  type Scope,
  type ScopeDetail,
  type Totals,
  type TrailChange,
  type UnreadableFile,
} from './contract/summary.js';

/** How many rows the article's sample queries return. */
export const ARTICLE_LIMIT = 10;

export type ArticleAnswers = AuditSummary['article'];

/**
 * The fields of summary.json that restate the verdict in the shape of schema version 1's first release; the
 * summary writer derives them from `verdict`.
 */
export type VerdictRestatements = 'threshold' | 'writeCallGate' | 'requireLogs';

export interface AuditResult extends Omit<AuditSummary, VerdictRestatements> {
  /** Every support call when `eventsComplete`; the seed set lists none (the article returns only a sample). */
  readonly events: readonly SupportEvent[];
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
> & {
  /** What the explanation of the support calls is built from; the seed set gathers none. */
  readonly evidence?: Evidence;
};
