/**
 * The default query set: one scan of the window returns every support call and context event, with a flag per
 * criterion, and every figure (the article's five answers included) is computed from that one result.
 */
import { CONTEXT_PREDICATES, SUPPORT_CRITERIA } from '../criteria.js';
import { rowObjects, type QueryResult } from '../engine.js';
import { EVENT_FIELDS, type SupportEvent } from '../events.js';
import type { TableLayout } from '../layout.js';
import { ARTICLE_LIMIT, type Measurements } from '../result.js';
import { qualifiedName, type Statement } from '../sql.js';
import type { AuditWindow, TableName } from '../types.js';
import { countBy, distinctWithCounts, identityAndSource } from './counting.js';
import type { QuerySet } from './query-set.js';
import { windowPredicate } from './window.js';

const PREDICATES = [...SUPPORT_CRITERIA, ...CONTEXT_PREDICATES];

function statements(name: TableName, layout: TableLayout, window: AuditWindow): Statement[] {
  const where = windowPredicate(window, layout);
  const select = [
    ...EVENT_FIELDS.map(({ column, sql }) => `${sql} AS ${column}`),
    ...PREDICATES.map((p) => `COALESCE(${p.sql}, false) AS ${p.flag}`),
  ];
  const sql = [
    'SELECT',
    `  ${select.join(',\n  ')}`,
    `FROM ${qualifiedName(name)}`,
    `WHERE ${where.sql}`,
    `  AND (${PREDICATES.map((p) => p.sql).join('\n    OR ')})`,
    'ORDER BY eventtime, eventid',
  ].join('\n');
  return [
    {
      id: 'single-scan',
      title: 'Every support call and support context event in the window, in one scan',
      sql,
      parameters: where.parameters,
    },
  ];
}

function toEvent(row: Record<string, string | null>): SupportEvent {
  return Object.fromEntries([
    ...EVENT_FIELDS.map(({ field, column }) => [field, row[column] ?? null]),
    ...SUPPORT_CRITERIA.map(({ field, flag }) => [field, row[flag] === 'true']),
  ]) as SupportEvent;
}

function measure([result]: readonly QueryResult[]): Measurements {
  const rows = rowObjects(result!);
  const events = rows.map(toEvent).filter((event) => SUPPORT_CRITERIA.some(({ field }) => event[field]));
  const bySourceIp = events.filter((e) => e.bySourceIp);
  const bySupportRole = events.filter((e) => e.bySupportRole);
  const byIdentityAndSource = identityAndSource(bySourceIp);
  const context = Object.fromEntries(
    CONTEXT_PREDICATES.map(({ name, flag }) => [name, rows.filter((row) => row[flag] === 'true').length]),
  ) as Measurements['context'];
  return {
    totals: {
      supportCalls: events.length,
      ...(Object.fromEntries(
        SUPPORT_CRITERIA.map(({ field }) => [field, events.filter((e) => e[field]).length]),
      ) as Record<(typeof SUPPORT_CRITERIA)[number]['field'], number>),
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
    roleArns: distinctWithCounts(
      bySupportRole.map((e) => e.arn),
      'arn',
    ),
    principalIds: distinctWithCounts(
      bySupportRole.map((e) => e.principalId),
      'principalId',
    ),
    context,
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

export const singleScan: QuerySet = { name: 'single-scan', statements, measure };
