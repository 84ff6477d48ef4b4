/**
 * The explanation's rules, one by one, on records built here (synthetic, shaped as CloudTrail writes them), and
 * on generated sessions, cases and permits whose explanations a second, independent computation knows: each
 * minute a case or permit covers is marked, and a session is explained when one case (or one permit) covers
 * every minute of it.
 */
import { describe, expect, it } from 'vitest';
import { explainAccess, type ExplainSettings, type SupportCaseListing } from '../src/core/explain/index.js';
import { RecordDetails, type RawDetails } from '../src/core/explain/details.js';
import type { EvidenceRecord } from '../src/core/explain/evidence.js';
import { conditionTime } from '../src/core/explain/permits.js';
import type { SupportEvent } from '../src/core/events.js';

const A = '111122223333';
const B = '444455556666';
const WINDOW = { start: '2026-11-02', end: '2026-11-08' };
const SETTINGS: ExplainSettings = {
  sessionGapMinutes: 30,
  caseLookbackDays: 30,
  casesFrom: ['cloudtrail'],
  caseDetails: false,
  caseGraceHours: 24,
  caseScope: 'account',
};

let ids = 0;

function event(fields: Partial<SupportEvent>): SupportEvent {
  ids += 1;
  return {
    eventId: `e-${ids}`,
    eventTime: '2026-11-03T10:00:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: 'us-east-1',
    recipientAccountId: A,
    identityType: 'AssumedRole',
    arn: null,
    principalId: null,
    sessionIssuer: null,
    sourceIpAddress: 'support.amazonaws.com',
    userAgent: 'support.amazonaws.com',
    readOnly: 'true',
    errorCode: null,
    bySourceIp: true,
    bySupportRole: false,
    byInvokedBy: true,
    sessionId: null,
    ...fields,
  };
}

function record(fields: Partial<SupportEvent>, raw: Partial<RawDetails> = {}): EvidenceRecord {
  const details = {
    requestParameters: null,
    responseElements: null,
    serviceEventDetails: null,
    resources: null,
  };
  return { event: event(fields), details: new RecordDetails({ ...details, ...raw }) };
}

/** A call by the support role in role session `session`, or (session null) a Root call without one. */
function call(time: string, session: string | null, account = A, region = 'us-east-1'): EvidenceRecord {
  return record({
    eventTime: time,
    recipientAccountId: account,
    awsRegion: region,
    ...(session === null
      ? { identityType: 'Root', arn: `arn:aws:iam::${account}:root` }
      : {
          arn: `arn:aws:sts::${account}:assumed-role/AWSServiceRoleForSupport/${session}`,
          bySupportRole: true,
        }),
  });
}

function caseCall(name: string, time: string, caseId: string, account = A, errorCode: string | null = null) {
  const inResponse = name === 'CreateCase';
  return record(
    {
      eventSource: 'support.amazonaws.com',
      eventName: name,
      eventTime: time,
      recipientAccountId: account,
      errorCode,
      bySourceIp: false,
      byInvokedBy: false,
    },
    inResponse
      ? { responseElements: errorCode === null ? JSON.stringify({ caseId }) : null }
      : { requestParameters: JSON.stringify({ caseId }) },
  );
}

interface PermitSpec {
  name: string;
  at: string;
  account?: string;
  region?: string;
  allowAfter?: unknown;
  allowBefore?: unknown;
}

function permitCall({ name, at, account = A, region = 'us-east-1', allowAfter, allowBefore }: PermitSpec) {
  const conditions =
    allowAfter === undefined && allowBefore === undefined ? [] : [{ allowAfter, allowBefore }];
  return record(
    {
      eventSource: 'supportauthz.amazonaws.com',
      eventName: 'CreateSupportPermit',
      eventTime: at,
      recipientAccountId: account,
      awsRegion: region,
    },
    {
      requestParameters: JSON.stringify({
        name,
        permit: { actions: { allActions: {} }, resources: { allResourcesInRegion: {} }, conditions },
      }),
      responseElements: JSON.stringify({
        arn: `arn:aws:supportauthz:${region}:${account}:supportpermit/${name}`,
      }),
    },
  );
}

function deletePermit(name: string, at: string, account = A, region = 'us-east-1') {
  return record(
    {
      eventSource: 'supportauthz.amazonaws.com',
      eventName: 'DeleteSupportPermit',
      eventTime: at,
      recipientAccountId: account,
      awsRegion: region,
    },
    { requestParameters: JSON.stringify({ supportPermitIdentifier: name }) },
  );
}

function explain(
  calls: EvidenceRecord[],
  context: EvidenceRecord[],
  settings: Partial<ExplainSettings> = {},
  supportApi: SupportCaseListing | null = null,
) {
  return explainAccess({
    evidence: { calls, context },
    leadIn: {
      window: { start: '2026-10-03', end: '2026-11-01', lateDeliveryDays: 1 },
      regions: ['us-east-1'],
    },
    leadInRecords: [],
    supportApi,
    settings: { ...SETTINGS, ...settings },
    window: WINDOW,
    accounts: [A, B],
  });
}

const rules = (result: ReturnType<typeof explain>) => result.sessions!.map((s) => s.explanation.rule);

describe('sessions', () => {
  it('group the support role by account and role session name, however far apart its calls are', () => {
    const result = explain(
      [
        call('2026-11-03T10:00:00Z', 'x'),
        call('2026-11-03T10:01:00Z', 'y'),
        call('2026-11-04T10:00:00Z', 'x'),
        call('2026-11-04T10:00:00Z', 'x', B),
      ],
      [],
    );
    expect(result.sessions!.map((s) => [s.id, s.account, s.roleSession, s.calls])).toEqual([
      ['S1', A, 'x', 2],
      ['S2', A, 'y', 1],
      ['S3', B, 'x', 1],
    ]);
    expect(result.events.map((e) => e.sessionId)).toEqual(['S1', 'S2', 'S1', 'S3']);
  });

  it('group calls without a role session by account, a pause longer than the gap starting a new session', () => {
    const result = explain(
      [
        call('2026-11-03T10:00:00Z', null),
        call('2026-11-03T10:30:00Z', null),
        call('2026-11-03T11:00:01Z', null),
      ],
      [],
    );
    expect(result.sessions!.map((s) => [s.groupedBy, s.firstCall, s.lastCall])).toEqual([
      ['gap', '2026-11-03T10:00:00Z', '2026-11-03T10:30:00Z'],
      ['gap', '2026-11-03T11:00:01Z', '2026-11-03T11:00:01Z'],
    ]);
  });

  it('list the resources their calls touched, ARNs first, at most ten', () => {
    const calls = Array.from({ length: 12 }, (_, i) =>
      record(
        {
          eventTime: `2026-11-03T10:${String(i).padStart(2, '0')}:00Z`,
          arn: `arn:aws:sts::${A}:assumed-role/AWSServiceRoleForSupport/s`,
          bySupportRole: true,
        },
        {
          requestParameters: JSON.stringify({ roleName: `role-${i}` }),
          resources: JSON.stringify([{ ARN: `arn:aws:iam::${A}:role/role-${i}` }]),
        },
      ),
    );
    const [session] = explain(calls, []).sessions!;
    expect(session!.resources.slice(0, 2)).toEqual([`arn:aws:iam::${A}:role/role-0`, 'role-0']);
    expect(session!.resources).toHaveLength(10);
    expect(session!.moreResources).toBe(14);
  });
});

describe('cases', () => {
  const ID = `case-${A}-muen-2026-0000000000000001`;

  it('explain a session while open, and for the grace period after their resolution, up to its very end', () => {
    const context = [
      caseCall('CreateCase', '2026-11-02T08:00:00Z', ID),
      caseCall('ResolveCase', '2026-11-02T12:00:00Z', ID),
    ];
    const result = explain(
      [
        call('2026-11-02T09:00:00Z', 'open'),
        call('2026-11-03T11:59:59Z', 'grace'),
        call('2026-11-03T12:00:00Z', 'edge'),
        call('2026-11-03T12:00:01Z', 'late'),
        call('2026-11-02T07:59:59Z', 'early'),
      ],
      context,
    );
    expect(result.sessions!.map((s) => [s.roleSession, s.explanation.rule])).toEqual([
      ['early', 'none'],
      ['open', 'case'],
      ['grace', 'case-grace'],
      ['edge', 'case-grace'],
      ['late', 'none'],
    ]);
  });

  it('need the whole session inside one open period: a session across the opening is unexplained', () => {
    const context = [caseCall('CreateCase', '2026-11-03T10:00:30Z', ID)];
    expect(
      rules(explain([call('2026-11-03T10:00:00Z', 's'), call('2026-11-03T10:01:00Z', 's')], context)),
    ).toEqual(['none']);
  });

  it('are not opened by a failed CreateCase, nor by a resolution alone', () => {
    const context = [
      caseCall('CreateCase', '2026-11-02T08:00:00Z', ID, A, 'SubscriptionRequiredException'),
      caseCall('ResolveCase', '2026-11-04T08:00:00Z', `case-${A}-muen-2026-0000000000000002`),
    ];
    const result = explain([call('2026-11-03T10:00:00Z', 's')], context);
    expect(rules(result)).toEqual(['none']);
    expect(result.cases!.map((c) => [c.openedAt, c.open])).toEqual([[null, []]]);
    const failedResolution = [
      caseCall('CreateCase', '2026-11-02T08:00:00Z', ID),
      caseCall('ResolveCase', '2026-11-02T09:00:00Z', ID, A, 'CaseIdNotFound'),
    ];
    expect(rules(explain([call('2026-11-04T10:00:00Z', 's')], failedResolution))).toEqual(['case']);
  });

  it('explain sessions of their own account, or of any audited account with case-scope organization', () => {
    const context = [caseCall('CreateCase', '2026-11-02T08:00:00Z', ID)];
    const calls = [call('2026-11-03T10:00:00Z', 's', B)];
    expect(rules(explain(calls, context))).toEqual(['none']);
    expect(rules(explain(calls, context, { caseScope: 'organization' }))).toEqual(['case']);
    const outside = [caseCall('CreateCase', '2026-11-02T08:00:00Z', ID, '999999999999')];
    expect(rules(explain(calls, outside, { caseScope: 'organization' }))).toEqual(['none']);
  });

  it('take from the Support API the creation time CloudTrail did not record, and a resolution it did not', () => {
    const apiOnly = `case-${B}-muen-2026-00000000000000aa`;
    const listing: SupportCaseListing = {
      notes: [],
      cases: [
        {
          caseId: apiOnly,
          displayId: '1',
          status: 'opened',
          timeCreated: '2026-11-02T00:00:00.000Z',
          subject: 's',
          communicationTimes: [],
        },
        {
          caseId: ID,
          displayId: '2',
          status: 'resolved',
          timeCreated: '2026-11-02T08:00:00.000Z',
          subject: 's',
          communicationTimes: ['2026-11-02T09:00:00.000Z'],
        },
      ],
    };
    const context = [caseCall('CreateCase', '2026-11-02T08:00:00Z', ID)];
    const calls = [
      call('2026-11-03T08:00:00Z', 'a'),
      call('2026-11-03T10:00:00Z', 'b', B),
      call('2026-11-04T10:00:00Z', 'late'),
    ];
    const result = explain(calls, context, {}, listing);
    expect(result.sessions!.map((s) => [s.account, s.explanation.rule, s.explanation.caseId])).toEqual([
      [A, 'case-grace', ID],
      [B, 'case', apiOnly],
      [A, 'none', null],
    ]);
    expect(result.cases!.find((c) => c.caseId === ID)!.resolvedAt).toEqual(['2026-11-02T09:00:00.000Z']);
  });
});

describe('permits', () => {
  it('explain a session of their account and region within their conditions, until deleted', () => {
    const context = [
      permitCall({
        name: 'p',
        at: '2026-11-03T00:00:00Z',
        allowAfter: '2026-11-03T09:00:00Z',
        allowBefore: '2026-11-03T18:00:00Z',
      }),
      deletePermit('p', '2026-11-03T12:00:00Z'),
    ];
    const calls = [
      call('2026-11-03T08:59:00Z', 'before'),
      call('2026-11-03T10:00:00Z', 'inside'),
      call('2026-11-03T10:00:00Z', 'other-region', A, 'eu-west-1'),
      call('2026-11-03T13:00:00Z', 'deleted'),
    ];
    const result = explain(calls, context);
    expect(result.sessions!.map((s) => [s.roleSession, s.explanation.rule])).toEqual([
      ['before', 'none'],
      ['inside', 'permit'],
      ['other-region', 'none'],
      ['deleted', 'none'],
    ]);
    expect(result.permits![0]).toMatchObject({
      actions: ['*'],
      resources: ['*'],
      deletedAt: '2026-11-03T12:00:00Z',
    });
  });

  it('read conditions as ISO text or as seconds, and explain nothing when a condition is not a time', () => {
    expect(conditionTime('1793692800')).toBe('2026-11-03T08:00:00Z');
    expect(conditionTime('2026-11-03T08:00:00.000Z')).toBe('2026-11-03T08:00:00Z');
    expect(conditionTime('soon')).toBeNull();
    const result = explain(
      [call('2026-11-03T10:00:00Z', 's')],
      [permitCall({ name: 'p', at: '2026-11-03T00:00:00Z', allowBefore: 'soon' })],
    );
    expect(result.permits![0]!.readable).toBe(false);
    expect(rules(result)).toEqual(['none']);
  });
});

describe("a record's parts", () => {
  it('read the same from CloudTrail nested objects and from Security Lake flat keys', () => {
    const nested = new RecordDetails({
      requestParameters: JSON.stringify({
        permit: { conditions: [{ allowAfter: 'a' }, { allowAfter: 'b' }], actions: { actions: ['x', 'y'] } },
        name: 'n,m',
      }),
      responseElements: null,
      serviceEventDetails: null,
      resources: JSON.stringify([{ arn: 'arn:1' }]),
    });
    const flat = new RecordDetails({
      requestParameters: JSON.stringify({
        'permit.conditions[].allowAfter': 'a,b',
        'permit.actions.actions[]': 'x,y',
        name: 'n,m',
        caseId: null,
      }),
      responseElements: null,
      serviceEventDetails: null,
      resources: JSON.stringify([{ uid: 'arn:1' }]),
    });
    for (const details of [nested, flat]) {
      expect(details.values('requestParameters', 'permit.conditions[].allowAfter')).toEqual(['a', 'b']);
      expect(details.values('requestParameters', 'permit.actions.actions[]')).toEqual(['x', 'y']);
      expect(details.first('requestParameters', 'name')).toBe('n,m');
      expect(details.first('requestParameters', 'caseId')).toBeNull();
      expect(details.resourceArns()).toEqual(['arn:1']);
    }
  });
});

/** A small seeded generator (mulberry32), so that a failure names the seed that made it. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE = Date.parse('2026-11-02T00:00:00Z');
const minute = (m: number) => new Date(BASE + m * 60_000).toISOString().replace('.000Z', 'Z');

describe.each([1, 2, 3, 4, 5])('generated sessions, cases and permits (seed %i)', (seed) => {
  it('are explained as a minute-by-minute reading of the cases and permits says', () => {
    const draw = random(seed);
    const pick = <T>(items: readonly T[]) => items[Math.floor(draw() * items.length)]!;
    const span = 7 * 24 * 60;
    const graceHours = pick([0, 1, 24]);
    const context: EvidenceRecord[] = [];
    /** Minutes each case (by id) or permit (by name) covers, per account (and region for permits). */
    const covered: Array<{
      kind: 'case' | 'permit';
      account: string;
      region?: string;
      minutes: Set<number>;
    }> = [];
    for (let i = 0; i < 6; i++) {
      const account = pick([A, B]);
      const id = `case-${account}-muen-2026-${String(i).padStart(16, '0')}`;
      const open = Math.floor(draw() * span);
      const resolved = draw() < 0.6 ? open + Math.floor(draw() * 2000) : undefined;
      context.push(caseCall('CreateCase', minute(open), id, account));
      if (resolved !== undefined) context.push(caseCall('ResolveCase', minute(resolved), id, account));
      const minutes = new Set<number>();
      const until = resolved === undefined ? span + 24 * 60 : resolved + graceHours * 60;
      for (let m = open; m <= until; m++) minutes.add(m);
      covered.push({ kind: 'case', account, minutes });
    }
    for (let i = 0; i < 4; i++) {
      const account = pick([A, B]);
      const region = pick(['us-east-1', 'eu-west-1']);
      const created = Math.floor(draw() * span);
      const after = created + Math.floor(draw() * 120);
      const before = after + Math.floor(draw() * 600);
      context.push(
        permitCall({
          name: `p${i}`,
          at: minute(created),
          account,
          region,
          allowAfter: minute(after),
          allowBefore: minute(before),
        }),
      );
      const minutes = new Set<number>();
      for (let m = after; m <= before; m++) minutes.add(m);
      covered.push({ kind: 'permit', account, region, minutes });
    }
    const calls: EvidenceRecord[] = [];
    const expected = new Map<string, string>();
    for (let s = 0; s < 30; s++) {
      const account = pick([A, B]);
      const region = pick(['us-east-1', 'eu-west-1']);
      const first = Math.floor(draw() * (span - 100));
      const length = Math.floor(draw() * 90);
      const name = `gen-${s}`;
      calls.push(
        call(minute(first), name, account, region),
        call(minute(first + length), name, account, region),
      );
      const all = (c: (typeof covered)[number]) =>
        Array.from({ length: length + 1 }, (_, k) => first + k).every((m) => c.minutes.has(m));
      const byCase = covered.some((c) => c.kind === 'case' && c.account === account && all(c));
      const byPermit = covered.some(
        (c) => c.kind === 'permit' && c.account === account && c.region === region && all(c),
      );
      expected.set(name, byCase ? 'case' : byPermit ? 'permit' : 'none');
    }
    calls.sort((a, b) => Date.parse(a.event.eventTime!) - Date.parse(b.event.eventTime!));
    const result = explain(calls, context, { caseGraceHours: graceHours });
    const got = Object.fromEntries(
      result.sessions!.map((s) => [
        s.roleSession,
        s.explanation.rule.startsWith('case') ? 'case' : s.explanation.rule,
      ]),
    );
    expect(got).toEqual(Object.fromEntries(expected));
    expect(new Set(Object.values(got)).size).toBeGreaterThan(1);
  });
});
