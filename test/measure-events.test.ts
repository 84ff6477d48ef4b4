/**
 * The single scan's event rows as the audit's figures: each call counted once however often it was delivered,
 * only the window's exact times, every figure from the same calls. The rows are what an engine returns for the
 * synthetic events written here (every value as text, a flag per predicate).
 */
import { describe, expect, it } from 'vitest';
import { CONTEXT_PREDICATES, SUPPORT_CRITERIA } from '../src/core/criteria.js';
import { EVENT_FIELDS } from '../src/core/events.js';
import { DETAIL_COLUMNS } from '../src/core/explain/evidence.js';
import { measureEvents } from '../src/core/query-sets/single-scan-events.js';

const WINDOW = { start: '2025-01-01', end: '2025-01-07', lateDeliveryDays: 1 };
const A = '111122223333';
const B = '444455556666';
const ROLE_ARN = `arn:aws:sts::${A}:assumed-role/AWSServiceRoleForSupport/support-session`;

type Flag = (typeof SUPPORT_CRITERIA)[number]['name'] | (typeof CONTEXT_PREDICATES)[number]['name'];

interface RowSpec {
  readonly id: string | null;
  readonly time?: string | null;
  readonly account?: string;
  readonly region?: string;
  readonly flags?: readonly Flag[];
  readonly fields?: Partial<Record<(typeof EVENT_FIELDS)[number]['field'], string | null>>;
  readonly trailRequest?: string | null;
  readonly records?: string;
}

const ALL_CRITERIA: readonly Flag[] = ['sourceIp', 'supportRole', 'invokedBy'];

/** A row of the scan for one distinct event: a support call by the support role unless `flags` say otherwise. */
function row(spec: RowSpec): Record<string, string | null> {
  const values: Record<string, string | null> = {
    eventId: spec.id,
    eventTime: spec.time === undefined ? '2025-01-03T10:00:00Z' : spec.time,
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: spec.region ?? 'us-east-1',
    recipientAccountId: spec.account ?? A,
    identityType: 'AssumedRole',
    arn: ROLE_ARN,
    principalId: 'AROAEXAMPLE:support-session',
    sessionIssuer: 'AWSServiceRoleForSupport',
    sourceIpAddress: 'support.amazonaws.com',
    userAgent: 'support.amazonaws.com',
    readOnly: 'true',
    errorCode: null,
    ...spec.fields,
  };
  const flags = spec.flags ?? ALL_CRITERIA;
  return {
    ...Object.fromEntries(EVENT_FIELDS.map(({ field, column }) => [column, values[field] ?? null])),
    [DETAIL_COLUMNS.requestParameters]: spec.trailRequest ?? null,
    ...Object.fromEntries(
      [...SUPPORT_CRITERIA, ...CONTEXT_PREDICATES].map((p) => [p.flag, String(flags.includes(p.name))]),
    ),
    ...(spec.records === undefined ? {} : { records: spec.records }),
  };
}

const measure = (...rows: Array<Record<string, string | null>>) => measureEvents(rows, WINDOW);

describe('a call delivered more than once', () => {
  it('is one call, its extra deliveries counted apart', () => {
    const measured = measure(row({ id: 'e1', records: '3' }), row({ id: 'e2' }));
    expect(measured.totals).toMatchObject({ supportCalls: 2, duplicateDeliveries: 2 });
    expect(measured.events.map((e) => e.eventId)).toEqual(['e1', 'e2']);
  });

  it('in two rows of the scan (two regions of a trail with global service events) is one call', () => {
    const measured = measure(
      row({ id: 'iam-1', region: 'us-east-1', fields: { eventSource: 'iam.amazonaws.com' } }),
      row({ id: 'iam-1', region: 'eu-west-1', fields: { eventSource: 'iam.amazonaws.com' } }),
    );
    expect(measured.totals).toMatchObject({ supportCalls: 1, bySourceIp: 1, duplicateDeliveries: 1 });
    expect(measured.events).toHaveLength(1);
    expect(measured.events[0]!.awsRegion).toBe('us-east-1');
  });

  it('in two accounts is two calls: an eventID is one call only for the same recipient account', () => {
    const measured = measure(row({ id: 'shared-id', account: A }), row({ id: 'shared-id', account: B }));
    expect(measured.totals).toMatchObject({ supportCalls: 2, duplicateDeliveries: 0 });
    expect(measured.events.map((e) => e.recipientAccountId)).toEqual([A, B]);
  });

  it('keeps a criterion flag raised by either delivery', () => {
    const measured = measure(
      row({ id: 'e1', flags: ['sourceIp'] }),
      row({ id: 'e1', flags: ['supportRole'] }),
      row({ id: 'e1', flags: ['invokedBy'] }),
    );
    expect(measured.events).toHaveLength(1);
    expect(measured.events[0]).toMatchObject({ bySourceIp: true, bySupportRole: true, byInvokedBy: true });
    expect(measured.totals).toMatchObject({
      supportCalls: 1,
      bySourceIp: 1,
      bySupportRole: 1,
      byInvokedBy: 1,
      duplicateDeliveries: 2,
    });
  });

  it('raises no flag that no delivery raised', () => {
    const measured = measure(row({ id: 'e1', flags: ['sourceIp'] }), row({ id: 'e1', flags: ['sourceIp'] }));
    expect(measured.events[0]).toMatchObject({ bySourceIp: true, bySupportRole: false, byInvokedBy: false });
    expect(measured.totals).toMatchObject({ bySourceIp: 1, bySupportRole: 0, byInvokedBy: 0 });
  });

  it('keeps a context flag raised by either delivery, with the trail the record names', () => {
    const measured = measure(
      row({ id: 't1', flags: [], trailRequest: '{"name":"main"}' }),
      row({ id: 't1', flags: ['trailChanges'], trailRequest: '{"name":"main"}' }),
    );
    expect(measured.context.trailChanges).toBe(1);
    expect(measured.trailChanges!.map((c) => c.trail)).toEqual(['main']);
  });

  it("keeps the first delivery's trail request when both name one", () => {
    const measured = measure(
      row({ id: 't1', flags: ['trailChanges'], trailRequest: '{"name":"first"}' }),
      row({ id: 't1', flags: ['trailChanges'], trailRequest: '{"name":"second"}' }),
    );
    expect(measured.trailChanges!.map((c) => c.trail)).toEqual(['first']);
  });

  it('without an eventID is never folded: nothing says two such records are the same call', () => {
    const measured = measure(row({ id: null }), row({ id: null }));
    expect(measured.totals).toMatchObject({ supportCalls: 2, duplicateDeliveries: 0 });
  });

  it('counts no extra delivery of an event that is only context', () => {
    const measured = measure(row({ id: 'c1', flags: ['supportApiCalls'], records: '2' }));
    expect(measured.totals.duplicateDeliveries).toBe(0);
    expect(measured.context.supportApiCalls).toBe(1);
  });
});

describe('the window', () => {
  it('holds its first instant and the last second of its last day, not the day before or after', () => {
    const measured = measure(
      row({ id: 'before', time: '2024-12-31T23:59:59Z' }),
      row({ id: 'first', time: '2025-01-01T00:00:00Z' }),
      row({ id: 'last', time: '2025-01-07T23:59:59Z' }),
      row({ id: 'after', time: '2025-01-08T00:00:00Z' }),
    );
    expect(measured.events.map((e) => e.eventId)).toEqual(['first', 'last']);
  });

  it('places an eventTime that is a date alone by its day', () => {
    const measured = measure(
      row({ id: 'first-day', time: '2025-01-01' }),
      row({ id: 'day-after', time: '2025-01-08' }),
    );
    expect(measured.events.map((e) => e.eventId)).toEqual(['first-day']);
  });

  it('a support call whose eventTime cannot be placed is listed as undated, not dropped or counted', () => {
    const measured = measure(
      row({ id: 'no-time', time: null }),
      row({ id: 'not-a-time', time: 'yesterday' }),
      row({ id: 'prefixed', time: 'x2025-01-03T10:00:00Z' }),
      row({ id: 'one-digit-day', time: '2025-01-3T10:00:00Z' }),
      row({ id: 'context-no-time', time: null, flags: ['supportApiCalls'] }),
    );
    expect(measured.totals.supportCalls).toBe(0);
    expect(measured.undatedSupportCalls).toEqual([
      { eventId: 'no-time', eventTime: null },
      { eventId: 'not-a-time', eventTime: 'yesterday' },
      { eventId: 'prefixed', eventTime: 'x2025-01-03T10:00:00Z' },
      { eventId: 'one-digit-day', eventTime: '2025-01-3T10:00:00Z' },
    ]);
  });

  it('orders the calls by time, then by eventID', () => {
    const measured = measure(
      row({ id: 'b', time: '2025-01-03T10:00:00Z' }),
      row({ id: 'c', time: '2025-01-02T10:00:00Z' }),
      row({ id: 'a', time: '2025-01-03T10:00:00Z' }),
      row({ id: null, time: '2025-01-01T10:00:00Z' }),
    );
    expect(measured.events.map((e) => e.eventId)).toEqual([null, 'c', 'a', 'b']);
  });

  it('puts a call without an eventID before the others of the same time', () => {
    const measured = measure(row({ id: '0f2c7a10-0000-4000-8000-000000000001' }), row({ id: null }));
    expect(measured.events.map((e) => e.eventId)).toEqual([null, '0f2c7a10-0000-4000-8000-000000000001']);
  });
});

describe('the figures', () => {
  it('count each criterion and the write calls (any readOnly but "true", missing included)', () => {
    const measured = measure(
      row({ id: 'read' }),
      row({ id: 'write', flags: ['sourceIp'], fields: { readOnly: 'false' } }),
      row({ id: 'unknown', flags: ['invokedBy'], fields: { readOnly: null } }),
      row({ id: 'own', flags: [] }),
    );
    expect(measured.totals).toEqual({
      supportCalls: 3,
      bySourceIp: 2,
      bySupportRole: 1,
      byInvokedBy: 2,
      writeCalls: 2,
      duplicateDeliveries: 0,
    });
    expect(measured.events.map((e) => e.eventId)).toEqual(['read', 'unknown', 'write']);
    expect(measured.eventsComplete).toBe(true);
  });

  it('count the calls per account and region, busiest first, ties in account order', () => {
    const measured = measure(
      row({ id: '1', account: B, region: 'eu-west-1' }),
      row({ id: '2', account: A, region: 'us-east-1' }),
      row({ id: '3', account: B, region: 'us-east-1' }),
      row({ id: '4', account: B, region: 'us-east-1' }),
    );
    expect(measured.byAccountAndRegion).toEqual([
      { account: B, region: 'us-east-1', count: 2 },
      { account: A, region: 'us-east-1', count: 1 },
      { account: B, region: 'eu-west-1', count: 1 },
    ]);
  });

  it("group the source-IP calls by session issuer and event source, as the article's third query", () => {
    const measured = measure(
      row({ id: '1', fields: { eventSource: 's3.amazonaws.com' } }),
      row({ id: '2', fields: { eventSource: 's3.amazonaws.com' } }),
      row({ id: '3', fields: { sessionIssuer: null } }),
      row({ id: '4', flags: ['supportRole'], fields: { eventSource: 'iam.amazonaws.com' } }),
    );
    const expected = [
      { username: 'AWSServiceRoleForSupport', eventSource: 's3.amazonaws.com', count: 2 },
      { username: null, eventSource: 'ec2.amazonaws.com', count: 1 },
    ];
    expect(measured.byIdentityAndSource).toEqual(expected);
    expect(measured.article.byIdentityAndSource).toEqual(expected);
  });

  it('list groups of the same count in the order of their names, however the calls came', () => {
    const sources = Array.from(
      { length: 40 },
      (_, i) => `service${String((i * 17) % 40).padStart(2, '0')}.amazonaws.com`,
    );
    const measured = measure(
      ...sources.map((eventSource, i) => row({ id: `e${i}`, fields: { eventSource } })),
    );
    const listed = measured.byIdentityAndSource.map((g) => g.eventSource);
    expect(listed).toEqual([...sources].sort());
  });

  it("list the support role's ARNs and principal IDs with their counts", () => {
    const measured = measure(
      row({ id: '1' }),
      row({ id: '2', fields: { arn: `${ROLE_ARN}-2`, principalId: 'AROAEXAMPLE:two' } }),
      row({ id: '3' }),
      row({ id: '4', flags: ['sourceIp'], fields: { arn: 'arn:aws:iam::1:root' } }),
    );
    expect(measured.roleArns).toEqual([
      { arn: ROLE_ARN, count: 2 },
      { arn: `${ROLE_ARN}-2`, count: 1 },
    ]);
    expect(measured.principalIds).toEqual([
      { principalId: 'AROAEXAMPLE:support-session', count: 2 },
      { principalId: 'AROAEXAMPLE:two', count: 1 },
    ]);
  });

  it('list a principal ID the record does not give as missing, not as an empty one', () => {
    const measured = measure(row({ id: '1', fields: { principalId: null } }));
    expect(measured.principalIds).toEqual([{ principalId: null, count: 1 }]);
  });

  it("answer the article's queries from the same calls, ten rows at most where it says LIMIT 10", () => {
    const rows = Array.from({ length: 12 }, (_, i) =>
      row({
        id: `e${String(i).padStart(2, '0')}`,
        fields: { arn: `${ROLE_ARN}-${i}`, principalId: `P${i}` },
      }),
    );
    const { article } = measure(...rows, row({ id: 'role-only', flags: ['supportRole'] }));
    expect(article.numberOfCalls).toBe(12);
    expect(article.calls).toHaveLength(10);
    expect(article.calls[0]).toEqual({
      eventId: 'e00',
      eventTime: '2025-01-03T10:00:00Z',
      eventName: 'DescribeInstances',
    });
    expect(article.roleArns).toHaveLength(10);
    expect(article.roleArns[0]).toBe(`${ROLE_ARN}-0`);
    expect(article.principalIds).toEqual(['P0', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9']);
  });

  it('count the context events apart from the calls', () => {
    const measured = measure(
      row({ id: 'call' }),
      row({ id: 'api', flags: ['supportApiCalls'] }),
      row({ id: 'authz-1', flags: ['supportAuthorizationEvents'] }),
      row({ id: 'authz-2', flags: ['supportAuthorizationEvents'] }),
    );
    expect(measured.totals.supportCalls).toBe(1);
    expect(measured.context).toEqual({ supportApiCalls: 1, supportAuthorizationEvents: 2, trailChanges: 0 });
  });
});

describe('a change to what a trail records', () => {
  const change = (id: string, trailRequest: string | null, fields: RowSpec['fields'] = {}) =>
    row({
      id,
      flags: ['trailChanges'],
      trailRequest,
      fields: { arn: `arn:aws:iam::${A}:user/alice`, ...fields },
    });

  it('says when, what, which trail, where and who', () => {
    const measured = measure(
      change('stop', '{"name":"management-events"}', { eventName: 'StopLogging', errorCode: 'AccessDenied' }),
    );
    expect(measured.trailChanges).toEqual([
      {
        eventTime: '2025-01-03T10:00:00Z',
        eventName: 'StopLogging',
        trail: 'management-events',
        account: A,
        region: 'us-east-1',
        principal: `arn:aws:iam::${A}:user/alice`,
        errorCode: 'AccessDenied',
      },
    ]);
  });

  it('names the trail from trailName, as PutEventSelectors does', () => {
    const measured = measure(change('selectors', '{"trailName":"org-trail","eventSelectors":[]}'));
    expect(measured.trailChanges![0]!.trail).toBe('org-trail');
  });

  it('names no trail when the request does not, or cannot be read', () => {
    const measured = measure(
      change('1', null),
      change('2', '{"name":{"arn":"x"}}'),
      change('3', '{"name":'),
      change('4', '{}'),
    );
    expect(measured.trailChanges!.map((c) => c.trail)).toEqual([null, null, null, null]);
  });

  it('gives the principal ID of a caller without an ARN', () => {
    const measured = measure(change('1', null, { arn: null, principalId: 'AIDAEXAMPLE' }));
    expect(measured.trailChanges![0]!.principal).toBe('AIDAEXAMPLE');
  });
});

describe('what the explanation reads', () => {
  it('is each support call once, in time order, with its request parameters, and no session yet', () => {
    const measured = measure(
      row({ id: 'b', time: '2025-01-04T00:00:00Z', trailRequest: '{"name":"second"}' }),
      row({ id: 'a', time: '2025-01-03T00:00:00Z', trailRequest: '{"name":"first"}' }),
      row({ id: 'a', time: '2025-01-03T00:00:00Z', trailRequest: '{"name":"first"}' }),
      row({ id: 'own', flags: [] }),
    );
    expect(measured.events.map((e) => [e.eventId, e.sessionId])).toEqual([
      ['a', null],
      ['b', null],
    ]);
    expect(
      measured.evidence!.calls.map((c) => [c.event.eventId, c.details.first('requestParameters', 'name')]),
    ).toEqual([
      ['a', 'first'],
      ['b', 'second'],
    ]);
  });

  it('keeps the Support API calls and authorization events once each, whatever their time, and no other context', () => {
    const measured = measure(
      row({ id: 'api', flags: ['supportApiCalls'], time: '2024-12-01T00:00:00Z' }),
      row({ id: 'api', flags: ['supportApiCalls'], time: '2024-12-01T00:00:00Z' }),
      row({ id: 'trail', flags: ['trailChanges'] }),
      row({ id: 'auth', flags: ['supportAuthorizationEvents'] }),
      row({ id: 'call' }),
    );
    expect(measured.evidence!.context.map((c) => c.event.eventId)).toEqual(['api', 'auth']);
    expect(measured.context.supportApiCalls).toBe(0);
  });

  it('keeps the first delivery of a context event; and each one without an eventID, as nothing says two are one', () => {
    const measured = measure(
      row({ id: 'api', flags: ['supportApiCalls'], trailRequest: '{"name":"first"}' }),
      row({ id: 'api', flags: ['supportApiCalls'], trailRequest: '{"name":"again"}' }),
      row({ id: null, flags: ['supportApiCalls'], trailRequest: '{"name":"one"}' }),
      row({ id: null, flags: ['supportAuthorizationEvents'], trailRequest: '{"name":"two"}' }),
    );
    expect(measured.evidence!.context.map((c) => c.details.first('requestParameters', 'name'))).toEqual([
      'first',
      'one',
      'two',
    ]);
  });

  it('lists calls of the same time in the order of their eventID, one without an eventID first', () => {
    const time = '2025-01-03T10:00:00Z';
    const measured = measure(
      row({ id: 'z-call', time }),
      row({ id: null, time, fields: { eventName: 'GetRole' } }),
      row({ id: 'a-call', time }),
    );
    expect(measured.events.map((e) => e.eventId)).toEqual([null, 'a-call', 'z-call']);
  });
});
