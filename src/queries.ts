/**
 * The two query sets, in Athena (Trino) SQL that the local engine runs unchanged. User values travel as `?`
 * execution parameters, and both sets share one window predicate.
 */
import { CONTEXT_PREDICATES, SUPPORT_CRITERIA, SUPPORT_HOST, SUPPORT_ROLE } from './criteria.js';
import { addDays, partitionDay } from './dates.js';
import type { TableLayout } from './layout.js';
import { quoteIdentifier, stringLiteral, type SqlValue, type Statement } from './sql.js';
import type { TableName } from './ddl.js';

export type QuerySet = 'single-scan' | 'seed';
export const QUERY_SETS: readonly QuerySet[] = ['single-scan', 'seed'];

/** The audit window: whole UTC days, both ends included. */
export interface AuditWindow {
  readonly start: string;
  readonly end: string;
}

/** How many rows the article's sample queries return. */
export const ARTICLE_LIMIT = 10;

interface Predicate {
  readonly sql: string;
  readonly parameters: readonly SqlValue[];
}

/**
 * CloudTrail files sit in the folder of the day they were delivered, which can be the day after the event, so
 * the partition range runs one day past the window while the `eventtime` bounds stay exact. String comparison
 * is exact here: eventtime is ISO 8601 and a date is a prefix of every time on that day.
 */
export function windowPredicate(window: AuditWindow, layout: TableLayout): Predicate {
  const dayAfter = addDays(window.end, 1);
  const clauses = ['"timestamp" BETWEEN ? AND ?', 'eventtime >= ?', 'eventtime < ?'];
  const parameters: SqlValue[] = [partitionDay(window.start), partitionDay(dayAfter), window.start, dayAfter];
  for (const [partition, values] of [
    ['account', layout.accounts],
    ['region', layout.regions],
  ] as const) {
    if (!layout.partitions.includes(partition)) continue;
    clauses.push(`${quoteIdentifier(partition)} IN (${values.map(() => '?').join(', ')})`);
    parameters.push(...values);
  }
  return { sql: clauses.join('\n  AND '), parameters };
}

function from(name: TableName): string {
  return `${quoteIdentifier(name.database)}.${quoteIdentifier(name.table)}`;
}

/** Columns the single-scan query returns for each event, by result column name. */
export const EVENT_COLUMNS = {
  event_id: 'eventid',
  event_time: 'eventtime',
  event_source: 'eventsource',
  event_name: 'eventname',
  aws_region: 'awsregion',
  recipient_account_id: 'recipientaccountid',
  identity_type: 'useridentity.type',
  arn: 'useridentity.arn',
  principal_id: 'useridentity.principalid',
  session_issuer: 'useridentity.sessioncontext.sessionissuer.username',
  source_ip_address: 'sourceipaddress',
  user_agent: 'useragent',
  read_only: 'readonly',
  error_code: 'errorcode',
} as const;

/** One scan of the window returns every support call and context event, with a flag per criterion. */
export function singleScanStatements(name: TableName, layout: TableLayout, window: AuditWindow): Statement[] {
  const window_ = windowPredicate(window, layout);
  const predicates = [...SUPPORT_CRITERIA, ...CONTEXT_PREDICATES];
  const select = [
    ...Object.entries(EVENT_COLUMNS).map(([alias, expression]) => `${expression} AS ${alias}`),
    ...predicates.map((p) => `COALESCE(${p.sql}, false) AS ${p.flag}`),
  ];
  const sql = [
    'SELECT',
    `  ${select.join(',\n  ')}`,
    `FROM ${from(name)}`,
    `WHERE ${window_.sql}`,
    `  AND (${predicates.map((p) => p.sql).join('\n    OR ')})`,
    'ORDER BY eventtime, eventid',
  ].join('\n');
  return [
    {
      id: 'single-scan',
      title: 'Every support call and support context event in the window, in one scan',
      sql,
      parameters: window_.parameters,
    },
  ];
}

/**
 * The article's five queries, each with its own criterion as the article wrote it, over the shared window.
 * Query 4 and 5 keep the article's substring match on the role name.
 */
export function seedStatements(name: TableName, layout: TableLayout, window: AuditWindow): Statement[] {
  const window_ = windowPredicate(window, layout);
  const bySourceIp = `sourceipaddress = ${stringLiteral(SUPPORT_HOST)}`;
  const byRoleSubstring = `regexp_like(useridentity.arn, ${stringLiteral(SUPPORT_ROLE)})`;
  const where = (criterion: string) => `WHERE ${window_.sql}\n  AND ${criterion}`;
  const statement = (id: string, title: string, lines: string[]): Statement => ({
    id,
    title,
    sql: lines.join('\n'),
    parameters: window_.parameters,
  });
  return [
    statement('seed-1-count', 'Article query 1: number of calls from support.amazonaws.com', [
      'SELECT COUNT(*) AS number_of_calls',
      `FROM ${from(name)}`,
      where(bySourceIp),
    ]),
    statement('seed-2-calls', `Article query 2: up to ${ARTICLE_LIMIT} calls from support.amazonaws.com`, [
      'SELECT *',
      `FROM ${from(name)}`,
      where(bySourceIp),
      `LIMIT ${ARTICLE_LIMIT}`,
    ]),
    statement('seed-3-by-identity', 'Article query 3: calls by session issuer and event source', [
      'SELECT useridentity.sessioncontext.sessionissuer.username AS username, eventsource, COUNT(*) AS number_of_event',
      `FROM ${from(name)}`,
      where(bySourceIp),
      'GROUP BY useridentity.sessioncontext.sessionissuer.username, eventsource',
      'ORDER BY number_of_event DESC',
    ]),
    statement('seed-4-arns', `Article query 4: up to ${ARTICLE_LIMIT} ARNs of the support role`, [
      'SELECT useridentity.arn AS arn',
      `FROM ${from(name)}`,
      where(byRoleSubstring),
      `LIMIT ${ARTICLE_LIMIT}`,
    ]),
    statement(
      'seed-5-principals',
      `Article query 5: up to ${ARTICLE_LIMIT} principal IDs of the support role`,
      [
        'SELECT useridentity.principalid AS principalid',
        `FROM ${from(name)}`,
        where(byRoleSubstring),
        `LIMIT ${ARTICLE_LIMIT}`,
      ],
    ),
  ];
}

export function auditStatements(
  querySet: QuerySet,
  name: TableName,
  layout: TableLayout,
  window: AuditWindow,
): Statement[] {
  return querySet === 'seed'
    ? seedStatements(name, layout, window)
    : singleScanStatements(name, layout, window);
}
