/**
 * The article's five queries, each with its own criterion as the article wrote it, over the shared window.
 * Queries 4 and 5 keep the article's substring match on the role name. The set answers only what the article
 * asked: a count of one criterion and samples of the role's ARNs and principal IDs; what it cannot tell stays
 * `null`.
 */
import { SUPPORT_HOST, SUPPORT_ROLE } from '../criteria.js';
import { rowObjects, type QueryResult } from '../engine.js';
import type { TableLayout } from '../layout.js';
import { ARTICLE_LIMIT, type Measurements } from '../result.js';
import { CLOUDTRAIL_SOURCE } from '../sources/cloudtrail.js';
import type { AuditSource } from '../sources/source.js';
import { stringLiteral, type Statement } from '../sql.js';
import type { AuditWindow, TableName } from '../types.js';
import { distinctWithCounts } from './counting.js';
import type { QuerySet } from './query-set.js';

function statements(
  name: TableName,
  layout: TableLayout,
  window: AuditWindow,
  source: AuditSource = CLOUDTRAIL_SOURCE,
): Statement[] {
  const relation = source.relation(name, layout, window, { exactTimes: true });
  const bySourceIp = `sourceipaddress = ${stringLiteral(SUPPORT_HOST)}`;
  const byRoleSubstring = `regexp_like(useridentity.arn, ${stringLiteral(SUPPORT_ROLE)})`;
  const from = `FROM ${relation.from}`;
  const filter = (criterion: string) =>
    `WHERE ${relation.where === undefined ? criterion : `${relation.where}\n  AND ${criterion}`}`;
  const statement = (id: string, title: string, lines: string[]): Statement => ({
    id,
    title,
    sql: lines.join('\n'),
    parameters: relation.parameters,
  });
  return [
    statement('seed-1-count', 'Article query 1: number of calls from support.amazonaws.com', [
      'SELECT COUNT(*) AS number_of_calls',
      from,
      filter(bySourceIp),
    ]),
    statement('seed-2-calls', `Article query 2: up to ${ARTICLE_LIMIT} calls from support.amazonaws.com`, [
      'SELECT *',
      from,
      filter(bySourceIp),
      `LIMIT ${ARTICLE_LIMIT}`,
    ]),
    statement('seed-3-by-identity', 'Article query 3: calls by session issuer and event source', [
      'SELECT useridentity.sessioncontext.sessionissuer.username AS username, eventsource, COUNT(*) AS number_of_event',
      from,
      filter(bySourceIp),
      'GROUP BY useridentity.sessioncontext.sessionissuer.username, eventsource',
      'ORDER BY number_of_event DESC',
    ]),
    statement('seed-4-arns', `Article query 4: up to ${ARTICLE_LIMIT} ARNs of the support role`, [
      'SELECT useridentity.arn AS arn',
      from,
      filter(byRoleSubstring),
      `LIMIT ${ARTICLE_LIMIT}`,
    ]),
    statement(
      'seed-5-principals',
      `Article query 5: up to ${ARTICLE_LIMIT} principal IDs of the support role`,
      [
        'SELECT useridentity.principalid AS principalid',
        from,
        filter(byRoleSubstring),
        `LIMIT ${ARTICLE_LIMIT}`,
      ],
    ),
  ];
}

function measure(results: readonly QueryResult[]): Measurements {
  if (results.length !== 5) throw new Error(`the seed set reads 5 results, got ${results.length}`);
  const [count, sample, grouped, arns, principals] = results.map(rowObjects) as [
    ...Array<Array<Record<string, string | null>>>,
  ];
  const numberOfCalls = Number(count![0]?.number_of_calls ?? 0);
  const calls = sample!.map((row) => ({
    eventId: row.eventid ?? null,
    eventTime: row.eventtime ?? null,
    eventName: row.eventname ?? null,
  }));
  const byIdentity = grouped!.map((row) => ({
    username: row.username ?? null,
    eventSource: row.eventsource ?? null,
    count: Number(row.number_of_event),
  }));
  const roleArns = arns!.map((row) => row.arn ?? null);
  const principalIds = principals!.map((row) => row.principalid ?? null);
  return {
    totals: {
      supportCalls: numberOfCalls,
      bySourceIp: numberOfCalls,
      bySupportRole: null,
      byInvokedBy: null,
      writeCalls: null,
      duplicateDeliveries: null,
    },
    byAccountAndRegion: [],
    byIdentityAndSource: byIdentity,
    roleArns: distinctWithCounts(roleArns, 'arn').map(({ arn }) => ({ arn, count: null })),
    principalIds: distinctWithCounts(principalIds, 'principalId').map(({ principalId }) => ({
      principalId,
      count: null,
    })),
    context: { supportApiCalls: null, supportAuthorizationEvents: null, trailChanges: null },
    trailChanges: null,
    coverage: null,
    article: { numberOfCalls, calls, byIdentityAndSource: byIdentity, roleArns, principalIds },
    events: [],
    eventsComplete: false,
    undatedSupportCalls: null,
  };
}

export const seed: QuerySet = {
  name: 'seed',
  terms: {
    supportCalls: 'the sourceIp criterion alone (see below)',
    roleMatch: "the article's substring match on the role name",
    countsNote: `The seed query set runs the article's queries as written: its support calls are the ${SUPPORT_HOST} source IP criterion alone.`,
  },
  statements,
  measure,
};
