/**
 * An audit result in which every CloudTrail-derived string is one of the given hostile values: the events'
 * fields, the coverage, the trail changes, the article's answers, the unreadable files, the query ids and what
 * changed since a baseline. Each
 * renderer's tests feed it the values that would break their own format.
 */
import type { AuditResult, SupportEvent } from '../../src/core/result.js';
import { athenaQuery, auditResult, resultFromEvents, supportEvent } from './result-factory.js';

function hostileEvent(value: string): SupportEvent {
  return supportEvent({
    eventSource: value,
    eventName: value,
    awsRegion: value,
    recipientAccountId: value,
    arn: value,
    principalId: value,
    sessionIssuer: value,
    userAgent: value,
    readOnly: value,
    errorCode: value,
    // The measuring keeps the calls of the window only: the time stays a time, the id carries the value.
    eventId: value,
  });
}

export function hostileResult(values: readonly string[]): AuditResult {
  const events = values.map(hostileEvent);
  return resultFromEvents(
    events,
    {
      complete: false,
      unreadableFiles: values.map((value) => ({ path: value, reason: value })),
      table: { ...auditResult().table, location: values.join(' '), actions: values },
      incompleteReasons: values,
      trailChanges: values.map((value) => ({
        eventTime: value,
        eventName: value,
        trail: value,
        account: value,
        region: value,
        principal: value,
        errorCode: value,
      })),
      scope: {
        ...auditResult().scope,
        details: values.map((value) => ({ label: 'Note', value })),
      },
      coverage: {
        read: { records: values.length, files: values.length },
        cells: values.map((value) => ({
          account: value,
          region: value,
          day: '2025-01-02',
          records: 1,
          files: 1,
          layouts: [value],
        })),
        accountsWithoutLogs: values,
        regionsWithoutLogs: [],
        daysWithoutLogs: values.map((value) => ({ account: value, day: '2025-01-03' })),
      },
      article: {
        numberOfCalls: events.length,
        calls: values.map((value) => ({ eventId: value, eventTime: value, eventName: value })),
        byIdentityAndSource: values.map((value) => ({ username: value, eventSource: value, count: 1 })),
        roleArns: values,
        principalIds: values,
      },
      sinceBaseline: {
        path: values.join(' '),
        problem: null,
        baseline: {
          generatedAt: '2025-01-01T00:00:00.000Z',
          window: { start: '2024-12-25', end: '2024-12-31' },
        },
        continuity: { status: 'joined', gap: null, overlap: null },
        coverageRegressions: {
          accounts: values,
          regions: values.map((value) => ({ account: value, region: value })),
          lowDays: values.map((value) => ({
            account: value,
            day: '2025-01-02',
            records: 1,
            baselineMedian: 100,
          })),
        },
        new: {
          accounts: values,
          regions: values,
          eventSources: values,
          apis: values,
          resources: values,
          writeCalls: values.map((api) => ({ api, calls: 1 })),
          unexplainedSessions: values,
          total: values.length * 7,
        },
      },
      history: [auditResult().history[0]!, auditResult().history[0]!],
    },
    { queries: [athenaQuery({ id: values[0]!, queryExecutionId: '<script>alert(1)</script>' })] },
  );
}
