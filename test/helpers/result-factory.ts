/**
 * Audit results for the renderer tests. The events are synthetic: no real public log of a call by AWS Support
 * exists, so they follow the documented shape of the service-linked role's calls. Every figure is measured by
 * the product's own query sets, from the rows an engine would return for those events, so the renderers are
 * tested on what the audit really produces.
 */
import { conclusion, resultOf } from '../../src/core/audit.js';
import { CONTEXT_PREDICATES, SUPPORT_CRITERIA } from '../../src/core/criteria.js';
import type { QueryResult, QueryStatistics, TableRequest } from '../../src/core/engine.js';
import type { AuditWindow, EngineName } from '../../src/core/types.js';
import { describeAthena } from '../../src/engines/athena/description.js';
import { describeLocal } from '../../src/engines/local/description.js';
import { EVENT_FIELDS } from '../../src/core/events.js';
import { tableLayout } from '../../src/core/layout.js';
import { QUERY_SETS } from '../../src/core/query-sets/index.js';
import type { AuditResult, Measurements, SupportEvent } from '../../src/core/result.js';
import type { CompletenessSettings } from '../../src/core/completeness.js';
import type { GateSettings } from '../../src/core/verdict.js';

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
    sessionId: null,
    ...overrides,
  };
}

/** A query as an engine reports it, with the statement's id and title. */
export type RanQuery = QueryStatistics & { readonly id: string; readonly title: string };

export function athenaQuery(overrides: Partial<RanQuery> = {}): RanQuery {
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

type Context = { readonly [P in (typeof CONTEXT_PREDICATES)[number]['name']]: number };

export const WINDOW = { start: '2025-01-01', end: '2025-01-07', lateDeliveryDays: 1 } as const;
/** What the fixtures' audits cover: one account in one region. */
export const SCOPE = { window: WINDOW, accounts: [{ account: ACCOUNT, regions: ['us-east-1'] }] } as const;
/** Records the fixtures' trail delivered on each day of the window and the day after. */
export const RECORDS_PER_DAY = 120;

/** What the trail delivered for one account and region on one day (`YYYY-MM-DD`). */
export interface DeliveredLogs {
  readonly account: string;
  readonly region: string;
  readonly day: string;
  readonly records: number;
  readonly files: number;
}

/** The fixtures' trail: RECORDS_PER_DAY records in 12 files on each day of the window and the day after. */
const FIXTURE_DELIVERIES: readonly DeliveredLogs[] = ['01', '02', '03', '04', '05', '06', '07', '08'].map(
  (day) => ({
    account: ACCOUNT,
    region: 'us-east-1',
    day: `2025-01-${day}`,
    records: RECORDS_PER_DAY,
    files: 12,
  }),
);

/**
 * The rows the single scan returns for these support calls, with `context` rows of the predicates beside them
 * (calls to the Support API by the account's own principals), and a coverage row per delivery: every value
 * as text, a flag per predicate.
 */
export function singleScanResult(
  events: readonly SupportEvent[],
  context: Context = { supportApiCalls: 0, supportAuthorizationEvents: 0, trailChanges: 0 },
  deliveries: readonly DeliveredLogs[] = FIXTURE_DELIVERIES,
): QueryResult {
  const flags = [...SUPPORT_CRITERIA, ...CONTEXT_PREDICATES].map((p) => p.flag);
  const coverage = ['log_account', 'log_region', 'delivery_day', 'records', 'files'];
  const columns = [...EVENT_FIELDS.map((f) => f.column), 'trail_request', ...flags, ...coverage];
  const noCoverage = [null, null, null, '1', '1'];
  const eventRows = events.map((event) => [
    ...EVENT_FIELDS.map((f) => event[f.field]),
    null,
    ...SUPPORT_CRITERIA.map((c) => String(event[c.field])),
    ...CONTEXT_PREDICATES.map(() => 'false'),
    ...noCoverage,
  ]);
  const coverageRows = deliveries.map((d) => [
    ...EVENT_FIELDS.map(() => null),
    null,
    ...flags.map(() => null),
    d.account,
    d.region,
    d.day.replaceAll('-', '/'),
    String(d.records),
    String(d.files),
  ]);
  const contextRows = CONTEXT_PREDICATES.flatMap((predicate) =>
    Array.from({ length: context[predicate.name] }, () => {
      const call = supportEvent({
        eventSource:
          predicate.name === 'supportApiCalls' ? 'support.amazonaws.com' : 'supportauthz.amazonaws.com',
        eventName: 'DescribeCases',
        identityType: 'IAMUser',
        arn: `arn:aws:iam::${ACCOUNT}:user/operator`,
        sourceIpAddress: '198.51.100.7',
      });
      return [
        ...EVENT_FIELDS.map((f) => call[f.field]),
        predicate.name === 'trailChanges' ? JSON.stringify({ name: 'management-events' }) : null,
        ...SUPPORT_CRITERIA.map(() => 'false'),
        ...CONTEXT_PREDICATES.map((p) => String(p === predicate)),
        ...noCoverage,
      ];
    }),
  );
  return { columns, rows: [...eventRows, ...contextRows, ...coverageRows], statistics: athenaQuery() };
}

/** The gates of an audit run with the defaults: only require-complete, which needs the single-scan query set. */
export function defaultGates(measured: Measurements): GateSettings & CompletenessSettings {
  return {
    threshold: undefined,
    failOnWriteCalls: false,
    requireComplete: measured.coverage !== null,
    idleAccounts: [],
  };
}

/** How an audit ran, for the factories: on which engine, with which queries. */
export interface RunShape {
  readonly engine?: EngineName;
  /** The region Athena ran in: us-east-1 unless given. */
  readonly region?: string;
  readonly queries?: readonly RanQuery[];
  /** What the audit asked for: the window, accounts and regions (one account and region unless given). */
  readonly window?: AuditWindow;
  readonly accounts?: readonly string[];
  readonly regions?: readonly string[];
  /** What preparing did, and where the table or copy is: as the engine would say, unless given. */
  readonly actions?: readonly string[];
  readonly location?: string;
}

const REQUEST: TableRequest = {
  database: 'default',
  table: 'cloudtrail_logs_pp',
  source: 'cloudtrail',
  window: WINDOW,
  layouts: [
    {
      root: 's3://example-trail-bucket/',
      prefix: '',
      organizationId: undefined,
      accounts: [ACCOUNT],
      regions: ['us-east-1'],
      projectionStart: '2024-01-01',
    },
  ],
};

/** What runAudit makes of the measurements of a single-scan audit run with the default gates. */
export function envelope(measured: Measurements, shape: RunShape = {}): AuditResult {
  const { engine = 'athena', region = 'us-east-1', queries, window = WINDOW } = shape;
  const request: TableRequest = {
    ...REQUEST,
    window,
    layouts: [
      {
        ...REQUEST.layouts[0]!,
        accounts: shape.accounts ?? REQUEST.layouts[0]!.accounts,
        regions: shape.regions ?? REQUEST.layouts[0]!.regions,
      },
    ],
  };
  const layout = {
    ...tableLayout(request.layouts[0]!),
    ...(shape.location ? { location: shape.location } : {}),
  };
  const read = {
    request,
    prepared: {
      tables: [{ name: request, layout }],
      actions:
        shape.actions ??
        (engine === 'athena' ? ['created default.cloudtrail_logs_pp'] : ['1 log file (2.00 KB)']),
    },
    findings: { unreadableFiles: [], notes: [] },
  };
  return resultOf({
    settings: { querySet: 'single-scan', window, ...defaultGates(measured) },
    engine,
    region: engine === 'athena' ? region : undefined,
    read,
    description: engine === 'athena' ? describeAthena(region, read) : describeLocal(read),
    queries: (queries ?? [engine === 'athena' ? athenaQuery() : localQuery()]).map(
      ({ id, title, ...statistics }) => ({
        statement: { id, title, sql: '', parameters: [] },
        statistics,
      }),
    ),
    measured,
    generatedAt: '2025-01-08T09:00:00.000Z',
    sample: false,
  });
}

/** The single scan as the local engine reports it: no execution id, nothing queued. */
export function localQuery(overrides: Partial<RanQuery> = {}): RanQuery {
  return {
    id: 'single-scan',
    title: 'Every support call and support context event in the window, in one scan',
    dataScannedBytes: 2_048,
    engineExecutionMs: 40,
    queueMs: 0,
    totalMs: 40,
    reusedPreviousResult: false,
    ...overrides,
  };
}

/** A single-scan Athena result of these support calls, measured by the single-scan query set. */
export function resultFromEvents(
  events: readonly SupportEvent[],
  overrides: Partial<AuditResult> = {},
  run: RunShape = {},
): AuditResult {
  const scan = singleScanResult(events, {
    supportApiCalls: 2,
    supportAuthorizationEvents: 0,
    trailChanges: 0,
  });
  const measured = QUERY_SETS['single-scan'].measure([scan], SCOPE);
  return { ...envelope(measured, run), ...overrides };
}

/** Three read-only support calls in one account and region, no threshold. */
export function auditResult(overrides: Partial<AuditResult> = {}, run: RunShape = {}): AuditResult {
  return resultFromEvents(threeCalls(), overrides, run);
}

function threeCalls(): SupportEvent[] {
  return [
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
  ];
}

function rows(columns: readonly string[], values: ReadonlyArray<ReadonlyArray<string | null>>): QueryResult {
  return { columns, rows: values, statistics: athenaQuery() };
}

/**
 * The same three calls as the seed query set measures them, from the rows the article's five queries return:
 * the count, the sample, the grouping, and the role's ARNs and principal IDs; every figure it cannot tell null.
 */
export function seedResult(overrides: Partial<AuditResult> = {}): AuditResult {
  const calls = threeCalls();
  const results = [
    rows(['number_of_calls'], [[String(calls.length)]]),
    rows(
      ['eventid', 'eventtime', 'eventname'],
      calls.map((e) => [e.eventId, e.eventTime, e.eventName]),
    ),
    rows(
      ['username', 'eventsource', 'number_of_event'],
      calls.map((e) => [e.sessionIssuer, e.eventSource, '1']),
    ),
    rows(
      ['arn'],
      calls.map((e) => [e.arn]),
    ),
    rows(
      ['principalid'],
      calls.map((e) => [e.principalId]),
    ),
  ];
  const queries = QUERY_SETS.seed
    .statements([{ name: REQUEST, layout: tableLayout(REQUEST.layouts[0]!) }], WINDOW)
    .map(({ id, title }, i) =>
      athenaQuery({
        id,
        title,
        queryExecutionId: `a1b2c3d4-5678-90ab-cdef-EXAMPLE2222${i}`,
        dataScannedBytes: 20_000_000,
      }),
    );
  return {
    ...envelope(QUERY_SETS.seed.measure(results, SCOPE), { queries }),
    querySet: 'seed',
    ...overrides,
  };
}

/** The result with its gates set as given (the others as by default), its verdict judged again. */
export function gated(result: AuditResult, gates: Partial<GateSettings>): AuditResult {
  const settings = { ...defaultGates(result), ...gates };
  return { ...result, ...conclusion(result, result.unreadableFiles, { window: result.window, ...settings }) };
}

/** The result as if these files could not be read: incomplete, and judged so. */
export function withUnreadableFiles(
  result: AuditResult,
  unreadableFiles: AuditResult['unreadableFiles'],
): AuditResult {
  return gated({ ...result, unreadableFiles }, {});
}
