/** Turns the rows of either query set into the figures of the result model. */
import { ARTICLE_LIMIT } from '../queries.js';
import { rowObjects, type QueryResult } from '../engine.js';
import type { AuditResult, IdentityAndSource, SupportEvent } from './model.js';

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

/** Counts of each distinct key, most frequent first, ties in key order so reports are stable. */
function countBy<T>(items: readonly T[], key: (item: T) => string): Array<{ key: string; items: T[] }> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.entries()]
    .map(([k, group]) => ({ key: k, items: group }))
    .sort((a, b) => b.items.length - a.items.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function identityAndSource(events: readonly SupportEvent[]): IdentityAndSource[] {
  return countBy(events, (e) => JSON.stringify([e.sessionIssuer, e.eventSource])).map(({ items }) => ({
    username: items[0]!.sessionIssuer,
    eventSource: items[0]!.eventSource,
    count: items.length,
  }));
}

function distinctWithCounts<Name extends string>(
  values: ReadonlyArray<string | null>,
  name: Name,
): Array<Record<Name, string | null> & { count: number }> {
  return countBy(values, (v) => JSON.stringify(v)).map(
    ({ items }) =>
      ({ [name]: items[0] ?? null, count: items.length }) as Record<Name, string | null> & { count: number },
  );
}

export function measureSingleScan(result: QueryResult): Measurements {
  const rows = rowObjects(result);
  const flag = (row: Record<string, string | null>, name: string) => row[name] === 'true';
  const allEvents: SupportEvent[] = rows.map((row) => ({
    eventId: row.event_id ?? null,
    eventTime: row.event_time ?? null,
    eventSource: row.event_source ?? null,
    eventName: row.event_name ?? null,
    awsRegion: row.aws_region ?? null,
    recipientAccountId: row.recipient_account_id ?? null,
    identityType: row.identity_type ?? null,
    arn: row.arn ?? null,
    principalId: row.principal_id ?? null,
    sessionIssuer: row.session_issuer ?? null,
    sourceIpAddress: row.source_ip_address ?? null,
    userAgent: row.user_agent ?? null,
    readOnly: row.read_only ?? null,
    errorCode: row.error_code ?? null,
    bySourceIp: flag(row, 'by_source_ip'),
    bySupportRole: flag(row, 'by_support_role'),
    byInvokedBy: flag(row, 'by_invoked_by'),
  }));
  const events = allEvents.filter((e) => e.bySourceIp || e.bySupportRole || e.byInvokedBy);
  const bySourceIp = events.filter((e) => e.bySourceIp);
  const bySupportRole = events.filter((e) => e.bySupportRole);
  const byIdentityAndSource = identityAndSource(bySourceIp);
  const roleArns = distinctWithCounts(
    bySupportRole.map((e) => e.arn),
    'arn',
  );
  const principalIds = distinctWithCounts(
    bySupportRole.map((e) => e.principalId),
    'principalId',
  );
  return {
    totals: {
      supportCalls: events.length,
      bySourceIp: bySourceIp.length,
      bySupportRole: bySupportRole.length,
      byInvokedBy: events.filter((e) => e.byInvokedBy).length,
      writeCalls: events.filter((e) => e.readOnly !== 'true').length,
    },
    byAccountAndRegion: countBy(events, (e) => JSON.stringify([e.recipientAccountId, e.awsRegion])).map(
      ({ items }) => ({
        account: items[0]!.recipientAccountId,
        region: items[0]!.awsRegion,
        count: items.length,
      }),
    ),
    byIdentityAndSource,
    roleArns,
    principalIds,
    context: {
      supportApiCalls: rows.filter((row) => flag(row, 'support_api_call')).length,
      supportAuthorizationEvents: rows.filter((row) => flag(row, 'support_authorization_event')).length,
    },
    article: {
      numberOfCalls: bySourceIp.length,
      calls: bySourceIp.slice(0, ARTICLE_LIMIT).map(({ eventId, eventTime, eventName }) => ({
        eventId,
        eventTime,
        eventName,
      })),
      byIdentityAndSource,
      roleArns: bySupportRole.slice(0, ARTICLE_LIMIT).map((e) => e.arn),
      principalIds: bySupportRole.slice(0, ARTICLE_LIMIT).map((e) => e.principalId),
    },
    events,
    eventsComplete: true,
  };
}

function requireResult(
  results: ReadonlyMap<string, QueryResult>,
  id: string,
): Array<Record<string, string | null>> {
  const result = results.get(id);
  if (!result) throw new Error(`missing result of ${id}`);
  return rowObjects(result);
}

/**
 * The seed set answers only what the article asked: a count of one criterion and samples of the role's ARNs
 * and principal IDs. What it cannot tell stays `null`.
 */
export function measureSeed(results: ReadonlyMap<string, QueryResult>): Measurements {
  const numberOfCalls = Number(requireResult(results, 'seed-1-count')[0]?.number_of_calls ?? 0);
  const calls = requireResult(results, 'seed-2-calls').map((row) => ({
    eventId: row.eventid ?? null,
    eventTime: row.eventtime ?? null,
    eventName: row.eventname ?? null,
  }));
  const byIdentity = requireResult(results, 'seed-3-by-identity').map((row) => ({
    username: row.username ?? null,
    eventSource: row.eventsource ?? null,
    count: Number(row.number_of_event),
  }));
  const roleArns = requireResult(results, 'seed-4-arns').map((row) => row.arn ?? null);
  const principalIds = requireResult(results, 'seed-5-principals').map((row) => row.principalid ?? null);
  return {
    totals: {
      supportCalls: numberOfCalls,
      bySourceIp: numberOfCalls,
      bySupportRole: null,
      byInvokedBy: null,
      writeCalls: null,
    },
    byAccountAndRegion: [],
    byIdentityAndSource: byIdentity,
    roleArns: distinctWithCounts(roleArns, 'arn').map(({ arn }) => ({ arn, count: null })),
    principalIds: distinctWithCounts(principalIds, 'principalId').map(({ principalId }) => ({
      principalId,
      count: null,
    })),
    context: { supportApiCalls: null, supportAuthorizationEvents: null },
    article: { numberOfCalls, calls, byIdentityAndSource: byIdentity, roleArns, principalIds },
    events: [],
    eventsComplete: false,
  };
}
