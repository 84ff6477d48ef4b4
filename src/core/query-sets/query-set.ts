/** What a query set is: the statements it runs, and how it turns their results into the audit's figures. */
import type { AccountRegions, QueryResult } from '../engine.js';
import type { TableLayout } from '../layout.js';
import type { Measurements } from '../result.js';
import type { AuditSource } from '../sources/source.js';
import type { Statement } from '../sql.js';
import type { AuditWindow, QuerySetName, TableName } from '../types.js';

/** What the figures are about: the window, and the accounts and regions asked (or found, locally). */
export interface QueryScope {
  readonly window: AuditWindow;
  readonly accounts: readonly AccountRegions[];
}

/** How the reports word what a query set measures. */
export interface QuerySetTerms {
  /** What its count of support calls counts. */
  readonly supportCalls: string;
  /** How it matches the support role's ARNs and principal IDs. */
  readonly roleMatch: string;
  /** What the reports add under the counts; null when nothing. */
  readonly countsNote: string | null;
}

export interface QuerySet {
  readonly name: QuerySetName;
  readonly terms: QuerySetTerms;
  /** The statements to run over the source's relation, in the order `measure` reads their results. */
  statements(table: TableName, layout: TableLayout, window: AuditWindow, source?: AuditSource): Statement[];
  measure(results: readonly QueryResult[], scope: QueryScope): Measurements;
}
