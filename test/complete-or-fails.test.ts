/**
 * Complete or it fails: every gap that could hide a support call in the window makes the audit incomplete, names
 * what it concerns, and fails the run under require-complete (on by default). Each case here once ended in exit 0
 * and "complete". The records are synthetic (see test/emulator/fixtures.ts).
 */
import { mkdtemp, rm, truncate } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../src/core/settings.js';
import { supportCall, writeTrailFile, type TrailFile } from './emulator/fixtures.js';
import { auditLocal, TODAY } from './helpers/audit-local.js';
import { runCliInProcess } from './helpers/cli-in-process.js';
import { readSummary } from './helpers/summary-schema.js';

const A = '111122223333';
const WEEK = { 'start-date': '2026-11-02', 'end-date': '2026-11-08' };
const DAYS = [
  '2026-11-02',
  '2026-11-03',
  '2026-11-04',
  '2026-11-05',
  '2026-11-06',
  '2026-11-07',
  '2026-11-08',
];

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'support-audit-complete-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh bucket copy: `logs` is its folder, `write` adds a log file of one day. */
async function bucketCopy(label: string) {
  const bucketsDir = await mkdtemp(path.join(root, `${label}-`));
  return {
    logs: path.join(bucketsDir, 'trail'),
    write: (file: Omit<TrailFile, 'bucket'>) => writeTrailFile(bucketsDir, { bucket: 'trail', ...file }),
  };
}

function call(day: string, eventId: string, extra: object = {}): object {
  return {
    ...supportCall({ account: A, region: 'us-east-1', eventTime: `${day}T08:00:00Z`, eventId }),
    ...extra,
  };
}

const WRITE = { eventName: 'DeleteRole', eventSource: 'iam.amazonaws.com', readOnly: false };

const cli = (args: readonly string[]) => runCliInProcess(args, { now: () => TODAY });

describe('a trail that moved', () => {
  it('an account trail for three days, then an organization trail: both are read, the write call in the second counted', async () => {
    const copy = await bucketCopy('moved');
    for (const [i, day] of DAYS.entries()) {
      await copy.write({
        account: A,
        region: 'us-east-1',
        day,
        records: [call(day, `e${i}`, day === '2026-11-06' ? WRITE : {})],
        ...(i < 3 ? {} : { organizationId: 'o-abcdefghij' }),
      });
    }
    const result = await auditLocal(copy.logs, { ...WEEK, 'fail-on-write-calls': 'true' });
    expect(result.totals.supportCalls).toBe(7);
    expect(result.totals.writeCalls).toBe(1);
    expect(result.verdict.status).toBe('failed');
    expect(result.verdict.gates.find((g) => g.name === 'write-calls')!.outcome).toBe('failed');
    expect(result.complete).toBe(true);
    // Coverage says which layout held each day.
    const layouts = (day: string) =>
      result.coverage!.cells.find((c) => c.day === day)!.layouts.map((l) => l.slice(copy.logs.length));
    expect(layouts('2026-11-04')).toEqual(['/AWSLogs/']);
    expect(layouts('2026-11-05')).toEqual(['/AWSLogs/o-abcdefghij/']);
  });

  it('a prefix changed mid-window: both prefixes named, both read; one named, the other listed unread and the run fails', async () => {
    const copy = await bucketCopy('prefix');
    for (const [i, day] of DAYS.entries()) {
      await copy.write({
        account: A,
        region: 'us-east-1',
        day,
        records: [call(day, `p${i}`)],
        prefix: i < 4 ? 'old-trail' : 'new-trail',
      });
    }
    const both = await auditLocal(copy.logs, { ...WEEK, prefix: 'old-trail,new-trail' });
    expect(both.totals.supportCalls).toBe(7);
    expect(both.complete).toBe(true);

    const run = await cli([
      '--logs',
      copy.logs,
      '--start',
      WEEK['start-date'],
      '--end',
      WEEK['end-date'],
      '--prefix',
      'old-trail',
      '--out',
      path.join(root, 'prefix-out'),
    ]);
    expect(run.code).toBe(1);
    const summary = await readSummary(path.join(root, 'prefix-out', 'summary.json'));
    expect(summary.totals.supportCalls).toBe(4);
    expect(summary.complete).toBe(false);
    expect(summary.unreadableFiles).toEqual([
      {
        path: 'new-trail/AWSLogs/',
        reason: `holds CloudTrail logs of account ${A} under a prefix the inputs do not name: not read (add new-trail to --prefix)`,
      },
    ]);
    expect(summary.incompleteReasons.join('\n')).toContain(
      'no logs for account 111122223333 on 3 days of the window (2026-11-06 to 2026-11-08)',
    );
  });
});

describe('missing days', () => {
  async function fourOfSeven() {
    const copy = await bucketCopy('days');
    for (const day of ['2026-11-02', '2026-11-03', '2026-11-05', '2026-11-08']) {
      await copy.write({ account: A, region: 'us-east-1', day, records: [call(day, day)] });
    }
    return copy;
  }

  it('an account with logs on four of seven days is incomplete, the days named, and the run fails', async () => {
    const { logs } = await fourOfSeven();
    const result = await auditLocal(logs, WEEK);
    expect(result.complete).toBe(false);
    expect(result.incompleteReasons).toEqual([
      `no logs for account ${A} on 3 days of the window (2026-11-04, 2026-11-06 to 2026-11-07): its trail delivered nothing those days, or delivered them where the audit did not read (another prefix, an organization trail); name the account in idle-accounts if it was idle`,
    ]);
    expect(result.verdict.status).toBe('failed');
  });

  it('an account named in idle-accounts: its days without logs are shown, not counted against the audit', async () => {
    const { logs } = await fourOfSeven();
    const result = await auditLocal(logs, { ...WEEK, 'idle-accounts': A });
    expect(result.complete).toBe(true);
    expect(result.coverage!.daysWithoutLogs.map((d) => d.day)).toEqual([
      '2026-11-04',
      '2026-11-06',
      '2026-11-07',
    ]);
    expect(result.verdict.status).toBe('passed');
  });

  it("a file whose Records array is empty counts among its day's files, and the day has logs", async () => {
    const copy = await bucketCopy('empty-records');
    for (const day of DAYS) {
      await copy.write({
        account: A,
        region: 'us-east-1',
        day,
        records: day === '2026-11-05' ? [] : [call(day, day)],
      });
    }
    const result = await auditLocal(copy.logs, WEEK);
    const cell = result.coverage!.cells.find((c) => c.day === '2026-11-05')!;
    expect(cell).toMatchObject({ records: 0, files: 1 });
    expect(result.complete).toBe(true);
  });
});

describe('an unreadable file', () => {
  it('holding the only support call: with --threshold 0 the run fails as incomplete, never "within the threshold"', async () => {
    const copy = await bucketCopy('truncated');
    for (const day of DAYS) await copy.write({ account: A, region: 'us-east-1', day, records: [] });
    const written = await copy.write({
      account: A,
      region: 'us-east-1',
      day: '2026-11-04',
      records: [call('2026-11-04', 'only')],
      name: `${A}_CloudTrail_us-east-1_20261104T0900Z_truncated.json.gz`,
    });
    const file = path.join(copy.logs, written.key);
    await truncate(file, 40);
    const out = path.join(root, 'truncated-out');
    const run = await cli([
      '--logs',
      copy.logs,
      '--start',
      WEEK['start-date'],
      '--end',
      WEEK['end-date'],
      '--threshold',
      '0',
      '--out',
      out,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('✅');
    expect(run.stdout).toContain(
      '⚠️ 0 support calls found, within the threshold of 0, but the audit is incomplete',
    );
    const summary = await readSummary(path.join(out, 'summary.json'));
    expect(summary.verdict.status).toBe('failed');
    expect(summary.verdict.gates.find((g) => g.name === 'threshold')!.outcome).toBe('undecided');
    expect(summary.unreadableFiles.map((f) => f.path)).toEqual([written.key]);
  });
});

describe('late deliveries', () => {
  it('a call of the window delivered two days after it is read with late-delivery-days 2, and named as unread days without', async () => {
    const copy = await bucketCopy('late');
    for (const day of DAYS)
      await copy.write({ account: A, region: 'us-east-1', day, records: [call(day, day)] });
    await copy.write({
      account: A,
      region: 'us-east-1',
      day: '2026-11-10',
      records: [call('2026-11-08', 'late', { eventTime: '2026-11-08T23:59:00Z' })],
      name: `${A}_CloudTrail_us-east-1_20261110T0005Z_late.json.gz`,
    });
    expect((await auditLocal(copy.logs, WEEK)).totals.supportCalls).toBe(7);
    const wider = await auditLocal(copy.logs, { ...WEEK, 'late-delivery-days': '2' });
    expect(wider.totals.supportCalls).toBe(8);
    expect(wider.window.lateDeliveryDays).toBe(2);
    expect(wider.coverage!.cells.map((c) => c.day).at(-1)).toBe('2026-11-10');
  });

  it('late-delivery-days is a whole number from 0 to 31', () => {
    const settings = (value: string) =>
      parseSettings({ logs: root, ...WEEK, 'late-delivery-days': value }, TODAY);
    expect(settings('0').window.lateDeliveryDays).toBe(0);
    expect(settings('31').window.lateDeliveryDays).toBe(31);
    expect(() => settings('32')).toThrow(
      'Invalid late-delivery-days "32": must be a whole number from 0 to 31',
    );
    expect(() => settings('-1')).toThrow('Invalid late-delivery-days "-1"');
  });
});

describe('every partition of the support role', () => {
  it.each(['aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc', 'aws-cn', 'aws-us-gov'])(
    'a support-role call in %s is counted by the role',
    async (partition) => {
      const copy = await bucketCopy(partition);
      const record = call('2026-11-05', 'iso') as {
        userIdentity: { arn: string; sessionContext: { sessionIssuer: { arn: string } } };
      };
      record.userIdentity.arn = record.userIdentity.arn.replace('arn:aws:', `arn:${partition}:`);
      const issuer = record.userIdentity.sessionContext.sessionIssuer;
      issuer.arn = issuer.arn.replace('arn:aws:', `arn:${partition}:`);
      await copy.write({ account: A, region: 'us-east-1', day: '2026-11-05', records: [record] });
      const result = await auditLocal(copy.logs, { 'start-date': '2026-11-05', 'end-date': '2026-11-05' });
      expect(result.totals.bySupportRole).toBe(1);
    },
  );
});

describe('require-logs, the former name of require-complete', () => {
  const settings = (inputs: Record<string, string>) =>
    parseSettings({ logs: root, ...WEEK, ...inputs }, TODAY);

  it('still turns the gate off, on the command line and as an input', async () => {
    expect(settings({ 'require-logs': 'false' }).requireComplete).toBe(false);
    const copy = await bucketCopy('alias');
    await copy.write({
      account: A,
      region: 'us-east-1',
      day: '2026-11-05',
      records: [call('2026-11-05', 'x')],
    });
    const run = await cli([
      '--logs',
      copy.logs,
      '--start',
      WEEK['start-date'],
      '--end',
      WEEK['end-date'],
      '--no-require-logs',
      '--out',
      path.join(root, 'alias-out'),
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(': incomplete.');
  });

  it('both names given with different values are refused', () => {
    expect(() => settings({ 'require-complete': 'true', 'require-logs': 'false' })).toThrow(
      'require-complete is true but require-logs, its former name, is false: give one of them.',
    );
    expect(settings({ 'require-complete': 'false', 'require-logs': 'false' }).requireComplete).toBe(false);
  });
});
