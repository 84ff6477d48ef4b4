/**
 * A trail that moved, audited on Athena through the emulator: an account trail for the window's first days, then
 * an organization trail. With the organization id, a table per layout is created and one scan reads their
 * union, every log file once; without it, the days under the other layout make the audit incomplete, and the
 * run fails. The local engine gives the same figures on the same files. The records are synthetic.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { supportCall, writeTrailFile, type WrittenFile } from './emulator/fixtures.js';
import type { EmulatedAthena } from './helpers/emulated-athena.js';
import { emulatorPerTest } from './helpers/emulator-per-test.js';
import { runCli } from './helpers/run-cli.js';
import { readSummary } from './helpers/summary-schema.js';

const fresh = emulatorPerTest();

const BUCKET = 'moved-bucket';
const A = '111122223333';
const ORGANIZATION = 'o-abcdefghij';
const DAYS = [
  '2026-11-02',
  '2026-11-03',
  '2026-11-04',
  '2026-11-05',
  '2026-11-06',
  '2026-11-07',
  '2026-11-08',
];
/** The day the only write call was made, under the organization trail. */
const WRITE_DAY = '2026-11-06';

let emulated: EmulatedAthena;
let written: WrittenFile[];

beforeAll(async () => {
  emulated = await fresh();
  written = [];
  for (const [i, day] of DAYS.entries()) {
    const call = supportCall({
      account: A,
      region: 'us-east-1',
      eventTime: `${day}T08:00:00Z`,
      eventId: `m${i}`,
    });
    const write = { eventName: 'DeleteRole', eventSource: 'iam.amazonaws.com', readOnly: false };
    written.push(
      await writeTrailFile(emulated.bucketsDir, {
        bucket: BUCKET,
        account: A,
        region: 'us-east-1',
        day,
        records: [day === WRITE_DAY ? { ...call, ...write } : call],
        ...(i < 3 ? {} : { organizationId: ORGANIZATION }),
      }),
    );
  }
});

const WINDOW = ['--start-date', DAYS[0]!, '--end-date', DAYS.at(-1)!];

/** The CLI on Athena, with tables named after `table`: each test's tables are made by that test. */
async function auditOnAthena(table: string, extra: readonly string[]) {
  const out = await emulated.tempDir('moved-out');
  const args = ['--engine', 'athena', '--bucket', BUCKET, '--account', A, '--region', 'us-east-1'];
  args.push('--table', table);
  const run = await runCli([...args, ...WINDOW, '--output-dir', out, ...extra], { env: emulated.env });
  return { run, summary: await readSummary(path.join(out, 'summary.json')), out };
}

function createdTables(since: number): string[] {
  return emulated.emulator.requests
    .slice(since)
    .map((r) => String((r.body as { QueryString?: unknown }).QueryString ?? ''))
    .filter((sql) => sql.startsWith('CREATE EXTERNAL TABLE'))
    .map((sql) => /^CREATE EXTERNAL TABLE (?:IF NOT EXISTS )?(\S+)/.exec(sql)![1]!);
}

describe('a trail that moved, on Athena', () => {
  it('with the organization id: a table per layout, one scan over both, every file read once', async () => {
    const since = emulated.emulator.requests.length;
    const { run, summary } = await auditOnAthena('moved_gate', [
      '--organization-id',
      ORGANIZATION,
      '--fail-on-write-calls',
    ]);
    // The only write call is under the organization trail: finding it fails the gate.
    expect(run.code, run.stderr).toBe(1);
    expect(summary.totals.supportCalls).toBe(DAYS.length);
    expect(summary.totals.writeCalls).toBe(1);
    expect(summary.complete).toBe(true);
    expect(summary.verdict.gates.find((g) => g.name === 'write-calls')!.outcome).toBe('failed');
    expect(createdTables(since)).toHaveLength(2);
    expect(summary.table.locations).toEqual([
      `s3://${BUCKET}/AWSLogs/${ORGANIZATION}`,
      `s3://${BUCKET}/AWSLogs/${A}/CloudTrail/us-east-1`,
    ]);
    // Bytes scanned: each log file of the window once, as from one table.
    const bytes = written.reduce((sum, file) => sum + file.bytes, 0);
    expect(summary.statistics.dataScannedBytes).toBe(bytes);
    const layouts = (day: string) => summary.coverage!.cells.find((c) => c.day === day)!.layouts;
    expect(layouts(DAYS[2]!)).toEqual([`s3://${BUCKET}/AWSLogs/`]);
    expect(layouts(DAYS[3]!)).toEqual([`s3://${BUCKET}/AWSLogs/${ORGANIZATION}/`]);
  });

  it('without it: the organization days are missing, so the audit is incomplete and the run fails', async () => {
    const { run, summary } = await auditOnAthena('moved_account_only', []);
    expect(run.code, run.stderr).toBe(1);
    expect(summary.totals.supportCalls).toBe(3);
    expect(summary.complete).toBe(false);
    expect(summary.incompleteReasons.join('\n')).toContain(
      `no logs for account ${A} on 4 days of the window (2026-11-05 to 2026-11-08)`,
    );
    expect(summary.verdict.status).toBe('failed');
  });

  it('gives the figures and events the local engine gives on the same files', async () => {
    const [athena, local] = await Promise.all([
      auditOnAthena('moved_both', ['--organization-id', ORGANIZATION]),
      (async () => {
        const out = await emulated.tempDir('moved-local');
        const logs = path.join(emulated.bucketsDir, BUCKET);
        const run = await runCli([
          '--logs',
          logs,
          ...WINDOW,
          '--organization-id',
          ORGANIZATION,
          '--output-dir',
          out,
        ]);
        return { run, summary: await readSummary(path.join(out, 'summary.json')), out };
      })(),
    ]);
    expect(athena.run.code, athena.run.stderr).toBe(0);
    expect(local.run.code, local.run.stderr).toBe(0);
    expect(athena.summary.totals).toEqual(local.summary.totals);
    expect(athena.summary.incompleteReasons).toEqual(local.summary.incompleteReasons);
    const events = async (out: string) => readFile(path.join(out, 'events.json'), 'utf8');
    const ids = (text: string) =>
      (JSON.parse(text) as { events: Array<{ eventId: string }> }).events.map((e) => e.eventId).sort();
    expect(ids(await events(athena.out))).toEqual(ids(await events(local.out)));
  });
});
