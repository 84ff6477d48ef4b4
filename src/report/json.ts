/**
 * summary.json and events.json, the machine-readable contract documented in docs/summary-json.md. Every object
 * is rebuilt field by field so the key order is the documented one, whatever order the result was built in.
 */
import { CONTEXT_PREDICATES, SUPPORT_CRITERIA } from '../core/criteria.js';
import { SUPPORT_EVENT_KEYS, type SupportEvent } from '../core/events.js';
import type { AuditResult } from '../core/result.js';

function event(e: SupportEvent): SupportEvent {
  return Object.fromEntries(SUPPORT_EVENT_KEYS.map((key) => [key, e[key]])) as SupportEvent;
}

function identityAndSource(r: AuditResult['byIdentityAndSource'][number]) {
  return { username: r.username, eventSource: r.eventSource, count: r.count };
}

/** The summary.json object: the result without its event list. */
export function summary(result: AuditResult) {
  const { table, totals, context, article, threshold, writeCallGate, requireLogs, statistics, coverage } =
    result;
  return {
    schemaVersion: result.schemaVersion,
    generatedAt: result.generatedAt,
    engine: result.engine,
    querySet: result.querySet,
    source: { name: result.source.name, sample: result.source.sample, version: result.source.version },
    window: { start: result.window.start, end: result.window.end },
    table: {
      database: table.database,
      table: table.table,
      layout: table.layout,
      location: table.location,
      partitions: [...table.partitions],
      accounts: [...table.accounts],
      regions: [...table.regions],
      actions: [...table.actions],
    },
    criteria: result.criteria.map((c) => ({ name: c.name, description: c.description })),
    totals: {
      supportCalls: totals.supportCalls,
      ...Object.fromEntries(SUPPORT_CRITERIA.map(({ field }) => [field, totals[field]])),
      writeCalls: totals.writeCalls,
      duplicateDeliveries: totals.duplicateDeliveries,
    } as AuditResult['totals'],
    byAccountAndRegion: result.byAccountAndRegion.map((r) => ({
      account: r.account,
      region: r.region,
      count: r.count,
    })),
    byIdentityAndSource: result.byIdentityAndSource.map(identityAndSource),
    roleArns: result.roleArns.map((r) => ({ arn: r.arn, count: r.count })),
    principalIds: result.principalIds.map((r) => ({ principalId: r.principalId, count: r.count })),
    context: Object.fromEntries(
      CONTEXT_PREDICATES.map(({ name }) => [name, context[name]]),
    ) as AuditResult['context'],
    trailChanges:
      result.trailChanges?.map((c) => ({
        eventTime: c.eventTime,
        eventName: c.eventName,
        trail: c.trail,
        account: c.account,
        region: c.region,
        principal: c.principal,
        errorCode: c.errorCode,
      })) ?? null,
    coverage:
      coverage === null
        ? null
        : {
            cells: coverage.cells.map((c) => ({
              account: c.account,
              region: c.region,
              day: c.day,
              records: c.records,
              files: c.files,
            })),
            accountsWithoutLogs: [...coverage.accountsWithoutLogs],
            regionsWithoutLogs: coverage.regionsWithoutLogs.map((r) => ({
              account: r.account,
              region: r.region,
            })),
            daysWithoutLogs: coverage.daysWithoutLogs.map((d) => ({ account: d.account, day: d.day })),
          },
    article: {
      numberOfCalls: article.numberOfCalls,
      calls: article.calls.map((c) => ({
        eventId: c.eventId,
        eventTime: c.eventTime,
        eventName: c.eventName,
      })),
      byIdentityAndSource: article.byIdentityAndSource.map(identityAndSource),
      roleArns: [...article.roleArns],
      principalIds: [...article.principalIds],
    },
    eventsComplete: result.eventsComplete,
    undatedSupportCalls:
      result.undatedSupportCalls?.map((c) => ({ eventId: c.eventId, eventTime: c.eventTime })) ?? null,
    unreadableFiles: result.unreadableFiles.map((f) => ({ path: f.path, reason: f.reason })),
    complete: result.complete,
    incompleteReasons: [...result.incompleteReasons],
    threshold: { max: threshold.max, exceeded: threshold.exceeded },
    writeCallGate: { enabled: writeCallGate.enabled, exceeded: writeCallGate.exceeded },
    requireLogs: { enabled: requireLogs.enabled, failed: requireLogs.failed },
    statistics: {
      dataScannedBytes: statistics.dataScannedBytes,
      athenaRegion: statistics.athenaRegion,
      queries: statistics.queries.map((q) => ({
        id: q.id,
        title: q.title,
        // Always present, so readers need not tell a missing key from the local engine's lack of an id.
        queryExecutionId: q.queryExecutionId ?? null,
        dataScannedBytes: q.dataScannedBytes,
        engineExecutionMs: q.engineExecutionMs,
        queueMs: q.queueMs,
        totalMs: q.totalMs,
        reusedPreviousResult: q.reusedPreviousResult,
      })),
    },
  };
}

export type SummaryJson = ReturnType<typeof summary>;

/**
 * Fails to compile when the model gains a top-level field summary.json leaves out, so the contract and its
 * documentation are updated together with the model.
 */
type Unreported = Exclude<keyof AuditResult, keyof SummaryJson | 'events'>;
export const SUMMARY_COVERS_MODEL: [Unreported] extends [never] ? true : Unreported = true;

function pretty(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function renderSummaryJson(result: AuditResult): string {
  return pretty(summary(result));
}

export function renderEventsJson(result: AuditResult): string {
  return pretty({
    schemaVersion: result.schemaVersion,
    window: { start: result.window.start, end: result.window.end },
    eventsComplete: result.eventsComplete,
    complete: result.complete,
    events: result.events.map(event),
  });
}
