/**
 * A large audit for the renderer tests: 20,000 support calls over 30 days in 12 accounts and 4 regions, with
 * the gaps a real organisation shows, measured by the product's single-scan query set like every fixture:
 *
 * - LARGE.silentAccount has no logs at all in the window (require-logs fails, the audit is incomplete);
 * - LARGE.gapAccount has no record in any region on LARGE.gapDays;
 * - LARGE.idleRegion of LARGE.idleAccount has no record on any day (an unused region);
 * - LARGE.partialAccount is not audited in LARGE.unauditedRegion (its trail does not cover it).
 *
 * The threshold and the write-call gate are set and exceeded, so the verdict is a failure.
 */
import { conclusion } from '../../src/core/audit.js';
import { eachDay } from '../../src/core/dates.js';
import { QUERY_SETS } from '../../src/core/query-sets/index.js';
import type { AuditResult, SupportEvent } from '../../src/core/result.js';
import {
  athenaQuery,
  envelope,
  singleScanResult,
  supportEvent,
  type DeliveredLogs,
} from './result-factory.js';

const ACCOUNTS = Array.from({ length: 12 }, (_, i) => String(200000000001 + i * 1111));
const REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
const SOURCES = [
  'ec2',
  's3',
  'iam',
  'rds',
  'lambda',
  'dynamodb',
  'cloudtrail',
  'monitoring',
  'elasticloadbalancing',
  'kms',
  'ecs',
  'eks',
  'sns',
  'sqs',
  'route53',
  'cloudformation',
  'autoscaling',
  'elasticache',
  'redshift',
  'config',
].map((name) => `${name}.amazonaws.com`);

export const LARGE = {
  window: { start: '2025-03-01', end: '2025-03-30' },
  events: 20_000,
  accounts: ACCOUNTS,
  regions: REGIONS,
  silentAccount: ACCOUNTS[11]!,
  gapAccount: ACCOUNTS[3]!,
  gapDays: ['2025-03-12', '2025-03-13', '2025-03-14'],
  idleAccount: ACCOUNTS[5]!,
  idleRegion: 'ap-southeast-2',
  partialAccount: ACCOUNTS[7]!,
  unauditedRegion: 'eu-central-1',
  threshold: 10_000,
} as const;

/** A small deterministic generator (mulberry32), so every run builds the same result. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function regionsOf(account: string): string[] {
  return REGIONS.filter((r) => account !== LARGE.partialAccount || r !== LARGE.unauditedRegion);
}

function logged(account: string, region: string, day: string): boolean {
  if (account === LARGE.silentAccount) return false;
  if (account === LARGE.gapAccount && (LARGE.gapDays as readonly string[]).includes(day)) return false;
  return !(account === LARGE.idleAccount && region === LARGE.idleRegion);
}

function deliveries(next: () => number): DeliveredLogs[] {
  const days = eachDay(LARGE.window.start, '2025-03-31');
  return ACCOUNTS.flatMap((account) =>
    regionsOf(account).flatMap((region) =>
      days.map((day) => {
        const weekend = [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
        const usual = 1_500 + Math.floor(next() * 1_500);
        const records = logged(account, region, day) ? Math.round(usual * (weekend ? 0.6 : 1)) : 0;
        return { account, region, day, records, files: Math.ceil(records / 50) };
      }),
    ),
  );
}

function events(next: () => number): SupportEvent[] {
  const places = ACCOUNTS.flatMap((account) => regionsOf(account).map((region) => ({ account, region })));
  const days = eachDay(LARGE.window.start, LARGE.window.end);
  const calls: SupportEvent[] = [];
  while (calls.length < LARGE.events) {
    // Busier on weekdays and in the first accounts, as support cases cluster.
    const day = days[Math.floor(next() * days.length)]!;
    const weekend = [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
    const { account, region } = places[Math.floor(next() ** 1.6 * places.length)]!;
    if ((weekend && next() < 0.6) || !logged(account, region, day)) continue;
    const seconds = Math.floor(next() * 86_400);
    const time = new Date(Date.parse(`${day}T00:00:00Z`) + seconds * 1000).toISOString().replace('.000', '');
    const session = `SupportSession-${day.replaceAll('-', '')}-${Math.floor(next() * 40)}`;
    const write = next() < 0.02;
    calls.push(
      supportEvent({
        eventId: `20000000-0000-4000-8000-${String(calls.length).padStart(12, '0')}`,
        eventTime: time,
        eventSource: SOURCES[Math.floor(next() ** 2 * SOURCES.length)]!,
        eventName: write
          ? 'DeleteRole'
          : ['DescribeInstances', 'ListBuckets', 'GetRole', 'ListTables'][calls.length % 4]!,
        awsRegion: region,
        recipientAccountId: account,
        arn: `arn:aws:sts::${account}:assumed-role/AWSServiceRoleForSupport/${session}`,
        principalId: `AROAEXAMPLE${account.slice(-4)}:${session}`,
        readOnly: write ? 'false' : 'true',
        errorCode: next() < 0.01 ? 'AccessDenied' : null,
      }),
    );
  }
  return calls.sort((a, b) => (a.eventTime! < b.eventTime! ? -1 : a.eventTime! > b.eventTime! ? 1 : 0));
}

export function largeResult(): AuditResult {
  const next = random(14);
  const scan = singleScanResult(
    events(next),
    { supportApiCalls: 12, supportAuthorizationEvents: 4, trailChanges: 0 },
    deliveries(next),
  );
  const scope = {
    window: LARGE.window,
    accounts: ACCOUNTS.map((account) => ({ account, regions: regionsOf(account) })),
  };
  const measured = QUERY_SETS['single-scan'].measure([scan], scope);
  const base = envelope(measured, {
    queries: [athenaQuery({ dataScannedBytes: 48_318_382_080 })],
    window: LARGE.window,
    accounts: ACCOUNTS,
    regions: REGIONS,
  });
  return {
    ...base,
    generatedAt: '2025-03-31T06:00:00.000Z',
    ...conclusion(measured, [], LARGE.window, {
      threshold: LARGE.threshold,
      failOnWriteCalls: true,
      requireLogs: true,
    }),
  };
}
