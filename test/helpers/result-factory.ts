/**
 * Audit results for the renderer tests. The events are synthetic: no real public log of a call by AWS Support
 * exists, so they follow the documented shape of the service-linked role's calls.
 */
import { SUPPORT_CRITERIA } from '../../src/core/criteria.js';
import {
  SCHEMA_VERSION,
  type AuditResult,
  type QueryRecord,
  type SupportEvent,
} from '../../src/core/result.js';

export const ACCOUNT = '111122223333';
export const SUPPORT_ROLE_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForSupport/support-session`;

let sequence = 0;

/** A read-only call by the support role, matched by all three criteria. */
export function supportEvent(overrides: Partial<SupportEvent> = {}): SupportEvent {
  sequence += 1;
  return {
    eventId: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    eventTime: '2025-01-03T10:15:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    identityType: 'AssumedRole',
    arn: SUPPORT_ROLE_ARN,
    principalId: 'AROAEXAMPLEROLEID1234:support-session',
    sessionIssuer: 'AWSServiceRoleForSupport',
    sourceIpAddress: 'support.amazonaws.com',
    userAgent: 'support.amazonaws.com',
    readOnly: 'true',
    errorCode: null,
    bySourceIp: true,
    bySupportRole: true,
    byInvokedBy: true,
    ...overrides,
  };
}

export function athenaQuery(overrides: Partial<QueryRecord> = {}): QueryRecord {
  return {
    id: 'single-scan',
    title: 'Every support call and support context event in the window, in one scan',
    queryExecutionId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    dataScannedBytes: 52_428_800,
    engineExecutionMs: 2_340,
    queueMs: 120,
    totalMs: 2_510,
    reusedPreviousResult: false,
    ...overrides,
  };
}

function countsBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** A single-scan Athena result whose figures agree with its events. */
export function resultFromEvents(
  events: readonly SupportEvent[],
  overrides: Partial<AuditResult> = {},
): AuditResult {
  const byRole = events.filter((e) => e.bySupportRole);
  const bySourceIp = events.filter((e) => e.bySourceIp);
  const identities = [
    ...countsBy(bySourceIp, (e) => `${e.sessionIssuer}\u0000${e.eventSource}`).values(),
  ].map((group) => ({
    username: group[0]!.sessionIssuer,
    eventSource: group[0]!.eventSource,
    count: group.length,
  }));
  const query = athenaQuery();
  return {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: '2025-01-08T09:00:00.000Z',
    engine: 'athena',
    querySet: 'single-scan',
    window: { start: '2025-01-01', end: '2025-01-07' },
    table: {
      database: 'default',
      table: 'cloudtrail_logs_pp',
      layout: 'single',
      location: `s3://example-trail-bucket/AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/`,
      partitions: ['timestamp'],
      accounts: [ACCOUNT],
      regions: ['us-east-1'],
      actions: ['created table default.cloudtrail_logs_pp'],
    },
    criteria: SUPPORT_CRITERIA.map(({ name, description }) => ({ name, description })),
    totals: {
      supportCalls: events.length,
      bySourceIp: bySourceIp.length,
      bySupportRole: byRole.length,
      byInvokedBy: events.filter((e) => e.byInvokedBy).length,
      writeCalls: events.filter((e) => e.readOnly !== 'true').length,
    },
    byAccountAndRegion: [
      ...countsBy(events, (e) => `${e.recipientAccountId}\u0000${e.awsRegion}`).values(),
    ].map((group) => ({
      account: group[0]!.recipientAccountId,
      region: group[0]!.awsRegion,
      count: group.length,
    })),
    byIdentityAndSource: identities,
    roleArns: [...countsBy(byRole, (e) => String(e.arn)).values()].map((group) => ({
      arn: group[0]!.arn,
      count: group.length,
    })),
    principalIds: [...countsBy(byRole, (e) => String(e.principalId)).values()].map((group) => ({
      principalId: group[0]!.principalId,
      count: group.length,
    })),
    context: { supportApiCalls: 2, supportAuthorizationEvents: 0 },
    article: {
      numberOfCalls: bySourceIp.length,
      calls: bySourceIp
        .slice(0, 10)
        .map(({ eventId, eventTime, eventName }) => ({ eventId, eventTime, eventName })),
      byIdentityAndSource: identities,
      roleArns: byRole.slice(0, 10).map((e) => e.arn),
      principalIds: byRole.slice(0, 10).map((e) => e.principalId),
    },
    events,
    eventsComplete: true,
    unreadableFiles: [],
    complete: true,
    threshold: { max: null, exceeded: false },
    writeCallGate: { enabled: false, exceeded: false },
    statistics: { dataScannedBytes: query.dataScannedBytes, athenaRegion: 'us-east-1', queries: [query] },
    ...overrides,
  };
}

/** Three read-only support calls in one account and region, no threshold. */
export function auditResult(overrides: Partial<AuditResult> = {}): AuditResult {
  return resultFromEvents(
    [
      supportEvent({ eventTime: '2025-01-02T08:00:00Z', eventName: 'DescribeInstances' }),
      supportEvent({
        eventTime: '2025-01-03T09:30:00Z',
        eventSource: 'iam.amazonaws.com',
        eventName: 'GetRole',
      }),
      supportEvent({
        eventTime: '2025-01-05T17:45:00Z',
        eventSource: 's3.amazonaws.com',
        eventName: 'ListBuckets',
      }),
    ],
    overrides,
  );
}

/** What the seed query set measures: the article's answers, with every figure it cannot tell left null. */
export function seedResult(overrides: Partial<AuditResult> = {}): AuditResult {
  const seedIds = ['seed-1-count', 'seed-2-calls', 'seed-3-by-identity', 'seed-4-arns', 'seed-5-principals'];
  const queries = seedIds.map((id, i) =>
    athenaQuery({
      id,
      title: `Article query ${i + 1}`,
      queryExecutionId: `a1b2c3d4-5678-90ab-cdef-EXAMPLE2222${i}`,
      dataScannedBytes: 20_000_000,
    }),
  );
  const base = auditResult();
  return {
    ...base,
    querySet: 'seed',
    totals: { supportCalls: 3, bySourceIp: 3, bySupportRole: null, byInvokedBy: null, writeCalls: null },
    byAccountAndRegion: [],
    roleArns: [{ arn: SUPPORT_ROLE_ARN, count: null }],
    principalIds: [{ principalId: 'AROAEXAMPLEROLEID1234:support-session', count: null }],
    context: { supportApiCalls: null, supportAuthorizationEvents: null },
    events: [],
    eventsComplete: false,
    statistics: {
      dataScannedBytes: queries.reduce((sum, q) => sum + q.dataScannedBytes, 0),
      athenaRegion: 'us-east-1',
      queries,
    },
    ...overrides,
  };
}
