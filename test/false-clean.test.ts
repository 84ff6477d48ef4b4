/**
 * Never a false clean: each case here once gave a wrong or misleadingly clean answer. A report that says
 * "0 support calls" must say what it read; a call delivered twice is one call; a forgotten option is an error,
 * not an audit of something else. The records are synthetic (see test/emulator/fixtures.ts).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AthenaClient } from '@aws-sdk/client-athena';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from './helpers/cli-in-process.js';
import { runAudit } from '../src/core/audit.js';
import { failureMessages } from '../src/core/verdict.js';
import type { RawInputs } from '../src/core/inputs.js';
import { parseSettings } from '../src/core/settings.js';
import { AthenaEngine } from '../src/engines/athena/engine.js';
import { supportCall, userCall, writeTrailFile } from './emulator/fixtures.js';
import { auditLocal, TODAY } from './helpers/audit-local.js';
import { CANARY, startEmulatedAthena, TRAIL_BUCKET, type EmulatedAthena } from './helpers/emulated-athena.js';
import { readSummary } from './helpers/summary-schema.js';

const BUCKET = 'trail';
const A = '111122223333';
const B = '444455556666';

let root: string;
/** A fresh bucket copy for one case: `logs` is its folder, `write` adds a log file to it. */
async function bucketCopy(label: string) {
  const bucketsDir = await mkdtemp(path.join(root, `${label}-`));
  return {
    logs: path.join(bucketsDir, BUCKET),
    write: (file: Omit<Parameters<typeof writeTrailFile>[1], 'bucket'>) =>
      writeTrailFile(bucketsDir, { bucket: BUCKET, ...file }),
  };
}

const cli = (args: readonly string[]) => runCliInProcess(args, { now: () => TODAY });

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'support-audit-false-clean-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('case 1: a window, account or region without logs never reads as clean', () => {
  async function oneCall() {
    const copy = await bucketCopy('no-logs');
    await copy.write({
      account: A,
      region: 'us-east-1',
      day: '2026-11-10',
      records: [
        supportCall({ account: A, region: 'us-east-1', eventTime: '2026-11-10T08:00:00Z', eventId: 'e1' }),
      ],
    });
    return copy;
  }

  it('a window before the data: incomplete, said first, and the require-complete gate fails', async () => {
    const { logs } = await oneCall();
    const result = await auditLocal(logs, {
      'start-date': '2026-10-01',
      'end-date': '2026-10-05',
      threshold: '0',
    });
    expect(result.totals.supportCalls).toBe(0);
    expect(result.complete).toBe(false);
    expect(result.incompleteReasons).toContain(`no log records were read at all (${A})`);
    expect(result.coverage!.accountsWithoutLogs).toEqual([A]);
    const gate = (name: string) => result.verdict.gates.find((g) => g.name === name)!.outcome;
    expect(gate('require-complete')).toBe('failed');
    // Nothing was read: 0 calls within a threshold of 0 is no pass.
    expect(gate('threshold')).toBe('undecided');
    expect(result.verdict.status).toBe('failed');
    expect(failureMessages(result.verdict).join('\n')).toContain(
      `the audit is incomplete: no log records were read at all; require-complete is on. Incomplete: no log records were read at all (${A}). Between 2026-10-01 and 2026-10-05 the audit cannot say whether AWS Support called anything in what it did not read.`,
    );
  });

  it('a region that does not exist: the account has no logs there, so the run fails', async () => {
    const { logs } = await oneCall();
    const run = await cli([
      '--logs',
      logs,
      '--start',
      '2026-11-10',
      '--end',
      '2026-11-10',
      '--region',
      'us-east-99',
      '--out',
      path.join(logs, '..', 'out'),
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Incomplete:.*no log records were read at all/);
    expect(run.stderr).toContain('require-complete is on');
    const summary = await readSummary(path.join(logs, '..', 'out', 'summary.json'));
    expect(summary.coverage!.regionsWithoutLogs).toEqual([{ account: A, region: 'us-east-99' }]);
    expect(summary.complete).toBe(false);
  });

  it('an asked account without logs beside one with logs: listed, incomplete, failed', async () => {
    const { logs } = await oneCall();
    const result = await auditLocal(logs, {
      'start-date': '2026-11-10',
      'end-date': '2026-11-10',
      account: `${A},${B}`,
    });
    expect(result.coverage!.accountsWithoutLogs).toEqual([B]);
    expect(result.incompleteReasons).toEqual([`no logs in the window for account ${B}`]);
    expect(result.verdict.status).toBe('failed');
  });

  it('records are counted per account, region and delivery day, the day after the window included', async () => {
    const { logs } = await oneCall();
    const result = await auditLocal(logs, { 'start-date': '2026-11-09', 'end-date': '2026-11-09' });
    expect(result.coverage!.cells).toEqual([
      { account: A, region: 'us-east-1', day: '2026-11-09', records: 0, files: 0, layouts: [] },
      {
        account: A,
        region: 'us-east-1',
        day: '2026-11-10',
        records: 1,
        files: 1,
        layouts: [`${logs}/AWSLogs/`],
      },
    ]);
    // Delivered the day after the window: read for late events, but no evidence the window was logged.
    expect(result.coverage!.accountsWithoutLogs).toEqual([A]);
  });

  it('with require-logs off the run passes but still says what it did not cover', async () => {
    const { logs } = await oneCall();
    const result = await auditLocal(logs, {
      'start-date': '2026-10-01',
      'end-date': '2026-10-05',
      'require-logs': 'false',
    });
    // require-logs is require-complete's former name.
    expect(result.verdict.gates.find((g) => g.name === 'require-complete')).toMatchObject({
      enabled: false,
      outcome: 'off',
    });
    expect(failureMessages(result.verdict)).toEqual([]);
    expect(result.verdict.status).toBe('incomplete');
    expect(result.complete).toBe(false);
  });
});

describe('case 2: lookback-days is the N complete days ending yesterday', () => {
  it('a weekly run on Monday at 06:00 audits the previous Monday to Sunday', () => {
    const settings = parseSettings(
      { bucket: 'trail-bucket', account: A, region: 'us-east-1', 'lookback-days': '7' },
      new Date('2026-11-23T06:00:00Z'),
    );
    expect(settings.window).toEqual({ start: '2026-11-16', end: '2026-11-22', lateDeliveryDays: 1 });
  });

  it('weekly runs cover every day exactly once, whatever hour they run at', () => {
    const covered: string[] = [];
    for (const [week, hour] of [
      [0, '06'],
      [1, '23'],
      [2, '00'],
    ] as const) {
      const now = new Date(Date.parse('2026-11-02T00:00:00Z') + week * 7 * 86_400_000);
      const { window } = parseSettings(
        { bucket: 'trail-bucket', account: A, region: 'us-east-1', 'lookback-days': '7' },
        new Date(`${now.toISOString().slice(0, 10)}T${hour}:30:00Z`),
      );
      for (
        let day = window.start;
        day <= window.end;
        day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
      ) {
        covered.push(day);
      }
    }
    expect(new Set(covered).size).toBe(covered.length);
    expect(covered[0]).toBe('2026-10-26');
    expect(covered.at(-1)).toBe('2026-11-15');
    expect(covered).toHaveLength(21);
  });

  it('an explicit end-date may still be today', () => {
    const settings = parseSettings(
      {
        bucket: 'trail-bucket',
        account: A,
        region: 'us-east-1',
        'start-date': '2026-11-20',
        'end-date': '2026-11-24',
      },
      TODAY,
    );
    expect(settings.window.end).toBe('2026-11-24');
  });
});

describe('case 3: the sample only when asked, and always labelled', () => {
  it.each([
    [['--account', A, '--region', 'us-east-1'], '--account, --region'],
    [['--threshold', '0'], '--threshold'],
    [['--start-date', '2026-11-02'], '--start-date'],
  ])('%j without --logs or --bucket is a usage error naming it', async (args, named) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${named} given, but not where the logs are`);
    expect(run.stderr).toContain('--logs DIR');
  });

  it('Athena-only options given to the local engine are refused, not ignored', async () => {
    const run = await cli([
      '--logs',
      root,
      '--workgroup',
      'wg',
      '--output-location',
      's3://results-bucket/x/',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('workgroup and output-location are for the athena engine');
  });

  it('no options audits the sample, and the report and summary.json say "synthetic sample"', async () => {
    const out = path.join(root, 'sample-out');
    const run = await cli(['--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('# AWS Support activity in CloudTrail (synthetic sample)');
    expect(run.stdout).toContain('**Synthetic sample:**');
    const summary = await readSummary(path.join(out, 'summary.json'));
    expect(summary.source).toEqual({ name: 'cloudtrail', sample: true, version: null });
  });
});

describe('case 5: an account trail and an organization trail in one bucket', () => {
  async function bothLayouts() {
    const copy = await bucketCopy('both-layouts');
    const records = [
      supportCall({ account: A, region: 'us-east-1', eventTime: '2026-11-10T08:00:00Z', eventId: 'e1' }),
      supportCall({ account: A, region: 'us-east-1', eventTime: '2026-11-10T08:01:00Z', eventId: 'e2' }),
    ];
    await copy.write({ account: A, region: 'us-east-1', day: '2026-11-10', records });
    await copy.write({
      account: A,
      region: 'us-east-1',
      day: '2026-11-10',
      records,
      organizationId: 'o-abcdefghij',
    });
    return copy;
  }
  const window = { 'start-date': '2026-11-10', 'end-date': '2026-11-10' };

  it('without organization-id both layouts are read: each call counted once, coverage naming both layouts', async () => {
    const { logs } = await bothLayouts();
    const result = await auditLocal(logs, window);
    expect(result.totals.supportCalls).toBe(2);
    expect(result.totals.duplicateDeliveries).toBe(2);
    const day = result.coverage!.cells.find((c) => c.day === '2026-11-10')!;
    expect(day.layouts.map((l) => l.slice(logs.length))).toEqual(['/AWSLogs/', '/AWSLogs/o-abcdefghij/']);
    expect(result.complete).toBe(true);
  });

  it('with organization-id both layouts are read too', async () => {
    const { logs } = await bothLayouts();
    const result = await auditLocal(logs, { ...window, 'organization-id': 'o-abcdefghij' });
    expect(result.totals.supportCalls).toBe(2);
    expect(result.totals.duplicateDeliveries).toBe(2);
  });

  it('an organization id whose folder is missing is an error naming the folder', async () => {
    const { logs } = await bothLayouts();
    await expect(auditLocal(logs, { ...window, 'organization-id': 'o-zzzzzzzzzz' })).rejects.toThrow(
      /No AWSLogs\/o-zzzzzzzzzz\/ folder .*organization folders there: o-abcdefghij/,
    );
  });
});

describe('case 6: a call delivered twice is one call', () => {
  it('the same eventID in two regions of a trail with global service events counts once', async () => {
    const copy = await bucketCopy('duplicates');
    const iamCall = supportCall({
      account: A,
      region: 'us-east-1',
      eventTime: '2026-11-10T08:00:00Z',
      eventId: 'iam-1',
      eventSource: 'iam.amazonaws.com',
      eventName: 'GetRole',
    });
    const other = supportCall({
      account: A,
      region: 'us-east-1',
      eventTime: '2026-11-10T08:05:00Z',
      eventId: 'ec2-1',
    });
    await copy.write({ account: A, region: 'us-east-1', day: '2026-11-10', records: [iamCall, other] });
    await copy.write({ account: A, region: 'eu-west-1', day: '2026-11-10', records: [iamCall] });
    const result = await auditLocal(copy.logs, { 'start-date': '2026-11-10', 'end-date': '2026-11-10' });
    expect(result.totals.supportCalls).toBe(2);
    expect(result.totals.bySourceIp).toBe(2);
    expect(result.totals.duplicateDeliveries).toBe(1);
    expect(result.events.map((e) => e.eventId)).toEqual(['iam-1', 'ec2-1']);
    expect(result.roleArns).toEqual([{ arn: expect.stringContaining('AWSServiceRoleForSupport'), count: 2 }]);
    expect(result.principalIds[0]!.count).toBe(2);
    expect(result.article.numberOfCalls).toBe(2);
    // Coverage still counts every record read: it says what was read, not what was counted.
    expect(result.coverage!.cells.reduce((sum, c) => sum + c.records, 0)).toBe(3);
  });
});

describe('case 7: what lies in a day folder besides log files', () => {
  it('a .DS_Store and an editor temp file are named in a note, not listed as unreadable', async () => {
    const copy = await bucketCopy('non-log');
    const written = await copy.write({
      account: A,
      region: 'us-east-1',
      day: '2026-11-10',
      records: [
        supportCall({ account: A, region: 'us-east-1', eventTime: '2026-11-10T08:00:00Z', eventId: 'e1' }),
      ],
    });
    const folder = path.dirname(path.join(copy.logs, written.key));
    await writeFile(path.join(folder, '.DS_Store'), 'Bud1');
    await writeFile(path.join(folder, `${path.basename(written.key)}.swp`), 'x');
    await mkdir(path.join(folder, 'nested'));
    const result = await auditLocal(copy.logs, { 'start-date': '2026-11-10', 'end-date': '2026-11-10' });
    expect(result.unreadableFiles).toEqual([]);
    expect(result.complete).toBe(true);
    expect(result.totals.supportCalls).toBe(1);
    const note = result.table.actions.find((a) => a.includes('not a log file'));
    expect(note).toContain('3 entries');
    expect(note).toContain('.DS_Store');
  });
});

describe('case 9: the smaller misreadings', () => {
  it("a call by the support role to the Support API is a support call, not the customer's own context", async () => {
    const copy = await bucketCopy('support-api');
    const byRole = supportCall({
      account: A,
      region: 'us-east-1',
      eventTime: '2026-11-10T08:00:00Z',
      eventId: 'r1',
      eventSource: 'support.amazonaws.com',
      eventName: 'DescribeCases',
    });
    const byUser = userCall({
      account: A,
      region: 'us-east-1',
      eventTime: '2026-11-10T08:01:00Z',
      eventId: 'u1',
      eventSource: 'support.amazonaws.com',
      eventName: 'CreateCase',
    });
    await copy.write({ account: A, region: 'us-east-1', day: '2026-11-10', records: [byRole, byUser] });
    const result = await auditLocal(copy.logs, { 'start-date': '2026-11-10', 'end-date': '2026-11-10' });
    expect(result.totals.supportCalls).toBe(1);
    expect(result.context.supportApiCalls).toBe(1);
  });

  it('the AWS European Sovereign Cloud: its regions are accepted and its ARNs are the support role', async () => {
    const copy = await bucketCopy('eusc');
    const call = supportCall({
      account: A,
      region: 'eusc-de-east-1',
      eventTime: '2026-11-10T08:00:00Z',
      eventId: 's1',
    }) as { userIdentity: { arn: string; sessionContext: { sessionIssuer: { arn: string } } } };
    call.userIdentity.arn = call.userIdentity.arn.replace('arn:aws:', 'arn:aws-eusc:');
    call.userIdentity.sessionContext.sessionIssuer.arn =
      call.userIdentity.sessionContext.sessionIssuer.arn.replace('arn:aws:', 'arn:aws-eusc:');
    await copy.write({ account: A, region: 'eusc-de-east-1', day: '2026-11-10', records: [call] });
    const result = await auditLocal(copy.logs, {
      'start-date': '2026-11-10',
      'end-date': '2026-11-10',
      region: 'eusc-de-east-1',
    });
    expect(result.totals.bySupportRole).toBe(1);
  });

  it('a customer role named AWSServiceRoleForSupport under another path is not the support role', async () => {
    const copy = await bucketCopy('impostor');
    const impostor = supportCall({
      account: A,
      region: 'us-east-1',
      eventTime: '2026-11-10T08:00:00Z',
      eventId: 'x1',
    }) as Record<string, unknown> & {
      userIdentity: { invokedBy?: string; sessionContext: { sessionIssuer: { arn: string } } };
    };
    impostor.sourceIPAddress = '203.0.113.9';
    delete impostor.userIdentity.invokedBy;
    impostor.userIdentity.sessionContext.sessionIssuer.arn = `arn:aws:iam::${A}:role/custom/AWSServiceRoleForSupport`;
    await copy.write({ account: A, region: 'us-east-1', day: '2026-11-10', records: [impostor] });
    const result = await auditLocal(copy.logs, { 'start-date': '2026-11-10', 'end-date': '2026-11-10' });
    expect(result.totals.supportCalls).toBe(0);
  });

  it("the local engine's dataScannedBytes is the compressed size of the files it read, as documented", async () => {
    const copy = await bucketCopy('bytes');
    const written = await copy.write({
      account: A,
      region: 'us-east-1',
      day: '2026-11-10',
      records: [
        supportCall({ account: A, region: 'us-east-1', eventTime: '2026-11-10T08:00:00Z', eventId: 'e1' }),
      ],
    });
    const result = await auditLocal(copy.logs, { 'start-date': '2026-11-10', 'end-date': '2026-11-10' });
    expect(result.statistics.dataScannedBytes).toBe(written.bytes);
    const docs = await readFile(path.join(import.meta.dirname, '..', 'docs', 'summary-json.md'), 'utf8');
    expect(docs).toContain('for the local engine, the compressed size of the log files it read');
  });
});

describe('case 8: one table serves audits of different scopes when it can answer them exactly', () => {
  let emulated: EmulatedAthena;
  let client: AthenaClient;
  const NOW = new Date('2026-11-20T00:00:00Z');

  async function athenaAudit(inputs: RawInputs) {
    const settings = parseSettings(
      {
        bucket: TRAIL_BUCKET,
        'start-date': emulated.manifest.window.start,
        'end-date': emulated.manifest.window.end,
        ...inputs,
      },
      NOW,
    );
    const engine = await AthenaEngine.create(settings.athena, { client, sleep: async () => {} });
    try {
      return await runAudit(settings, engine);
    } finally {
      await engine.close();
    }
  }

  beforeAll(async () => {
    emulated = await startEmulatedAthena({ now: () => NOW, latency: { queueMs: 0, runMs: 0 } });
    client = new AthenaClient({
      endpoint: emulated.emulator.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: CANARY.accessKeyId, secretAccessKey: CANARY.secretAccessKey },
    });
  });
  afterAll(async () => {
    client.destroy();
    await emulated.close();
  });

  it('an audit of one account in one region reuses the table of a wider audit, with its partition filters', async () => {
    const wide = await athenaAudit({ account: `${A},${B}`, region: 'us-east-1,eu-west-1', table: 'shared' });
    expect(wide.table.actions).toContain('created default.shared');
    const narrow = await athenaAudit({ account: A, region: 'us-east-1', table: 'shared' });
    expect(narrow.table.actions).toEqual([
      'reused default.shared',
      'queried default.shared by its account, region, timestamp partitions',
    ]);
    const local = await auditLocal(emulated.trailDir, {
      'start-date': emulated.manifest.window.start,
      'end-date': emulated.manifest.window.end,
      account: A,
      region: 'us-east-1',
    });
    expect(narrow.totals).toEqual(local.totals);
    expect(narrow.coverage!.cells.map((c) => c.records)).toEqual(local.coverage!.cells.map((c) => c.records));
    expect(narrow.totals.supportCalls).toBeGreaterThan(0);
    expect(narrow.totals.supportCalls).toBeLessThan(wide.totals.supportCalls);
  });

  it('a table too narrow for the audit is refused, with the statement that fixes it', async () => {
    await athenaAudit({ account: A, region: 'us-east-1', table: 'narrow' });
    await expect(athenaAudit({ account: A, region: 'us-east-1,eu-west-1', table: 'narrow' })).rejects.toThrow(
      /without a region partition it holds one region's logs, and the inputs ask for 2 regions[\s\S]*CREATE EXTERNAL TABLE/,
    );
  });

  it('a table missing an asked region from its projection gets an ALTER that widens it, never narrows it', async () => {
    await athenaAudit({ account: `${A},${B}`, region: 'us-east-1,eu-west-1', table: 'two_regions' });
    const error = await athenaAudit({
      account: A,
      region: 'us-east-1,us-gov-west-1',
      table: 'two_regions',
    }).catch((e: Error) => e);
    expect(String(error)).toContain('projection.region.values lacks us-gov-west-1');
    expect(String(error)).toContain("'projection.region.values'='us-east-1,eu-west-1,us-gov-west-1'");
  });
});

describe('a support call whose eventTime is not a time', () => {
  it('is named, not dropped: the audit says it could not be placed in the window and is incomplete', async () => {
    const copy = await bucketCopy('numeric-time');
    const numeric = {
      ...supportCall({ account: A, region: 'us-east-1', eventTime: '2026-11-10T08:00:00Z', eventId: 'n1' }),
      eventTime: 1794240000,
    };
    const dated = supportCall({
      account: A,
      region: 'us-east-1',
      eventTime: '2026-11-10T08:01:00Z',
      eventId: 'd1',
    });
    await copy.write({ account: A, region: 'us-east-1', day: '2026-11-10', records: [numeric, dated] });
    const result = await auditLocal(copy.logs, { 'start-date': '2026-11-10', 'end-date': '2026-11-10' });
    expect(result.totals.supportCalls).toBe(1);
    expect(result.undatedSupportCalls).toEqual([{ eventId: 'n1', eventTime: '1794240000' }]);
    expect(result.complete).toBe(false);
    expect(result.incompleteReasons).toEqual([
      '1 support call with an eventTime that is not a time could not be placed in the window and is not counted (n1 at "1794240000")',
    ]);
  });
});
