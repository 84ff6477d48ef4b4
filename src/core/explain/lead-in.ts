/**
 * The lead-in: case and permit events of the days before the window, for cases opened (and permits created)
 * before it. It is one query cut to the partitions that can hold case events, never a second scan of the
 * window: the days before the window, the regions of the AWS Support API's endpoints (CloudTrail records an
 * API call in the region of the endpoint it reached), and, in its WHERE, the two event sources.
 */
import { CONTEXT_PREDICATES, SUPPORT_CRITERIA } from '../criteria.js';
import { addDays } from '../dates.js';
import { rowObjects, type QueryResult } from '../engine.js';
import { EVENT_FIELDS, type SupportEvent } from '../events.js';
import type { LayoutTable } from '../layout.js';
import type { AuditSource } from '../sources/source.js';
import type { Statement } from '../sql.js';
import type { AuditWindow } from '../types.js';
import { RecordDetails } from './details.js';
import { DETAIL_COLUMNS, detailText, rawDetails, type EvidenceRecord } from './evidence.js';

/**
 * The regions of the AWS Support API's endpoints (US East (N. Virginia), US West (Oregon), Europe (Ireland)),
 * where CloudTrail records the calls that open, write to and resolve cases; see docs/explanation.md.
 */
export const SUPPORT_API_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'] as const;

export const LEAD_IN_STATEMENT_ID = 'case-lead-in';

export interface LeadIn {
  /** The days read: `lookback` days before the window, not before the table's projection. */
  readonly window: AuditWindow;
  readonly regions: readonly string[];
}

/** The lead-in of a window, or why there is none. */
export function leadInOf(
  window: AuditWindow,
  lookbackDays: number,
  regions: readonly string[],
  projectionStart: string,
): LeadIn | { readonly none: string } {
  if (lookbackDays === 0)
    return { none: 'case-lookback-days is 0: no case event before the window was read' };
  const read = regions.filter((r) => (SUPPORT_API_REGIONS as readonly string[]).includes(r)).sort();
  if (read.length === 0) {
    return {
      none:
        `no audited region is one where the AWS Support API records case events (${SUPPORT_API_REGIONS.join(', ')}): ` +
        'cases opened before the window were not read',
    };
  }
  const wanted = addDays(window.start, -lookbackDays);
  const start = wanted < projectionStart ? projectionStart : wanted;
  const end = addDays(window.start, -1);
  if (end < start)
    return { none: `the table's projection starts at the window: no day before it can be read` };
  // No day after the lead-in is read for late deliveries: that is the window's first day, which the window's scan
  // reads. A case event of the lead-in's last minutes delivered after midnight is not read (docs/explanation.md).
  return { window: { start, end, lateDeliveryDays: 0 }, regions: read };
}

const CASE_PREDICATES = CONTEXT_PREDICATES.filter(
  (p) => p.name === 'supportApiCalls' || p.name === 'supportAuthorizationEvents',
);

/** The lead-in's statement over the source's relation, its partitions cut to the lead-in's days and regions. */
export function leadInStatement(
  tables: readonly LayoutTable[],
  leadIn: LeadIn,
  source: AuditSource,
): Statement {
  const cut = tables.map(({ name, layout }) => ({ name, layout: { ...layout, regions: leadIn.regions } }));
  const relation = source.relation(cut, leadIn.window, { exactTimes: false });
  const details = Object.keys(DETAIL_COLUMNS) as Array<keyof typeof DETAIL_COLUMNS>;
  const columns = [
    ...EVENT_FIELDS.map(({ column, sql }) => `${sql} AS ${column}`),
    ...details.map((d) => `${detailText(d, relation.details.sql[d])} AS ${DETAIL_COLUMNS[d]}`),
  ];
  const wanted = `(${CASE_PREDICATES.map((p) => p.sql).join('\n  OR ')})`;
  const where = relation.where === undefined ? wanted : `${relation.where}\n  AND ${wanted}`;
  return {
    id: LEAD_IN_STATEMENT_ID,
    title: `Support case and permit events of the ${leadIn.window.start} to ${leadIn.window.end} lead-in, in ${leadIn.regions.join(', ')}`,
    sql: [
      'SELECT',
      `  ${columns.join(',\n  ')}`,
      `FROM ${relation.from}`,
      `WHERE ${where}`,
      `ORDER BY event_time, event_id`,
    ].join('\n'),
    parameters: relation.parameters,
  };
}

/** The lead-in's rows as evidence. */
export function leadInEvidence(result: QueryResult): EvidenceRecord[] {
  return rowObjects(result).map((row) => ({
    event: Object.fromEntries([
      ...EVENT_FIELDS.map(({ field, column }) => [field, row[column] ?? null]),
      ...SUPPORT_CRITERIA.map(({ field }) => [field, false]),
      ['sessionId', null],
    ]) as SupportEvent,
    details: new RecordDetails(rawDetails(row)),
  }));
}
