/**
 * An independent oracle: plain TypeScript that reads the same files with node:zlib and JSON.parse and counts
 * the same criteria, written apart from the engine's SQL. The engine must agree with it exactly.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateLogs, generateSample } from '../scripts/generate-logs.js';
import { auditLocal } from './helpers/audit-local.js';
import { layOutRealLogs, REAL_LOGS_WINDOW } from './helpers/real-logs.js';

interface OracleCounts {
  supportCalls: number;
  bySourceIp: number;
  bySupportRole: number;
  byInvokedBy: number;
  writeCalls: number;
  supportApiCalls: number;
  supportAuthorizationEvents: number;
  eventIds: string[];
  unreadable: string[];
}

const LOG_KEY =
  /AWSLogs\/(?:o-[a-z0-9]+\/)?\d{12}\/CloudTrail\/[^/]+\/(\d{4})\/(\d{2})\/(\d{2})\/[^/]+\.json(\.gz)?$/;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** An ARN of the form arn:PARTITION:sts::ACCOUNT:assumed-role/AWSServiceRoleForSupport/SESSION. */
function isSupportRoleArn(arn: unknown): boolean {
  if (typeof arn !== 'string') return false;
  const [scheme, partition, service, region, , resource] = arn.split(':');
  return (
    scheme === 'arn' &&
    ['aws', 'aws-us-gov', 'aws-cn'].includes(partition ?? '') &&
    service === 'sts' &&
    region === '' &&
    (resource ?? '').split('/')[0] === 'assumed-role' &&
    (resource ?? '').split('/')[1] === 'AWSServiceRoleForSupport' &&
    (resource ?? '').split('/').length >= 3
  );
}

async function oracle(root: string, window: { start: string; end: string }): Promise<OracleCounts> {
  const counts: OracleCounts = {
    supportCalls: 0,
    bySourceIp: 0,
    bySupportRole: 0,
    byInvokedBy: 0,
    writeCalls: 0,
    supportApiCalls: 0,
    supportAuthorizationEvents: 0,
    eventIds: [],
    unreadable: [],
  };
  const lastFolder = dayAfter(window.end);
  for (const file of await filesUnder(root)) {
    const key = path.relative(root, file).split(path.sep).join('/');
    const match = LOG_KEY.exec(key);
    if (!match) continue;
    const folderDay = `${match[1]}-${match[2]}-${match[3]}`;
    if (folderDay < window.start || folderDay > lastFolder) continue;
    let records: unknown;
    try {
      const bytes = await readFile(file);
      const text = (match[4] ? gunzipSync(bytes) : bytes).toString('utf8');
      records = (JSON.parse(text) as { Records?: unknown }).Records;
    } catch {
      counts.unreadable.push(key);
      continue;
    }
    if (!Array.isArray(records)) {
      counts.unreadable.push(key);
      continue;
    }
    for (const record of records as Array<Record<string, unknown>>) {
      const time = record.eventTime;
      if (typeof time !== 'string' || time < window.start || time >= lastFolder) continue;
      const identity = (record.userIdentity ?? {}) as Record<string, unknown>;
      const sourceIp = record.sourceIPAddress === 'support.amazonaws.com';
      const role = isSupportRoleArn(identity.arn);
      const invokedBy = identity.invokedBy === 'support.amazonaws.com';
      if (record.eventSource === 'support.amazonaws.com') counts.supportApiCalls++;
      if (record.eventSource === 'supportauthz.amazonaws.com') counts.supportAuthorizationEvents++;
      if (!(sourceIp || role || invokedBy)) continue;
      counts.supportCalls++;
      counts.eventIds.push(String(record.eventID));
      if (sourceIp) counts.bySourceIp++;
      if (role) counts.bySupportRole++;
      if (invokedBy) counts.byInvokedBy++;
      if (String(record.readOnly) !== 'true') counts.writeCalls++;
    }
  }
  counts.eventIds.sort();
  counts.unreadable.sort();
  return counts;
}

async function expectEngineMatchesOracle(
  root: string,
  window: { start: string; end: string },
  inputs: Record<string, string> = {},
) {
  const expected = await oracle(root, window);
  const result = await auditLocal(root, { 'start-date': window.start, 'end-date': window.end, ...inputs });
  const { eventIds, unreadable, supportApiCalls, supportAuthorizationEvents, ...totals } = expected;
  expect(result.totals).toEqual(totals);
  expect(result.context).toEqual({ supportApiCalls, supportAuthorizationEvents });
  expect(result.events.map((e) => e.eventId).sort()).toEqual(eventIds);
  expect(result.unreadableFiles.map((f) => f.path)).toEqual(unreadable);
  return { expected, result };
}

describe('the engine agrees with an independent oracle', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'support-audit-oracle-'));
  });

  it('on the sample', async () => {
    const dir = path.join(work, 'sample');
    const manifest = await generateSample(dir);
    const { expected } = await expectEngineMatchesOracle(dir, manifest.window);
    expect(expected.supportCalls).toBe(manifest.expected.supportCalls);
  });

  it('on generated logs of an organization trail under a prefix, lookalike roles included', async () => {
    const dir = path.join(work, 'generated');
    await generateLogs({
      outDir: dir,
      start: '2026-09-28',
      end: '2026-10-02',
      accounts: ['111122223333', '444455556666', '777788889999'],
      regions: ['us-east-1', 'eu-west-1'],
      organizationId: 'o-abcdefghij',
      prefix: 'trails/org',
      filesPerDay: 2,
      recordsPerFile: 60,
      supportCallsPerFile: 1.5,
      seed: 11,
    });
    const { expected, result } = await expectEngineMatchesOracle(
      dir,
      { start: '2026-09-29', end: '2026-10-01' },
      { prefix: 'trails/org', 'organization-id': 'o-abcdefghij' },
    );
    expect(result.table.partitions).toEqual(['account', 'region', 'timestamp']);
    expect(expected.supportCalls).toBeGreaterThan(0);
    expect(result.complete).toBe(true);
  });

  it('on ~850 real public records: nothing crashes, unreadable files are listed, nothing is flagged falsely', async () => {
    const dir = path.join(work, 'real');
    const layout = await layOutRealLogs(dir);
    const { expected, result } = await expectEngineMatchesOracle(dir, REAL_LOGS_WINDOW);
    expect(expected.supportCalls).toBe(0);
    expect(result.events).toEqual([]);
    expect(result.unreadableFiles.map((f) => f.path)).toEqual([...layout.expectedUnreadable].sort());
    expect(result.complete).toBe(false);
  });
});
