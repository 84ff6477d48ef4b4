/**
 * The CLI on Athena, run as users run it (a child process, `npm start -- --engine athena ...`), the AWS SDK
 * talking HTTP to the Athena-protocol emulator. Each test that injects faults or needs a clean request log
 * gets an emulator of its own, so the tests can run side by side.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateLogs, type GenerateLogsResult } from '../scripts/generate-logs/index.js';
import type { RecordedRequest } from './emulator/index.js';
import {
  cancelDuringScanStart,
  createTableDirectly,
  type EmulatedAthena,
  isSingleScan,
} from './helpers/emulated-athena.js';
import { emulatorPerTest } from './helpers/emulator-per-test.js';
import { totalsOf } from './helpers/count-logs.js';
import { runCli, type CliRun } from './helpers/run-cli.js';
import { readSummary } from './helpers/summary-schema.js';

const fresh = emulatorPerTest();

interface Audit {
  readonly run: CliRun;
  readonly out: string;
  /** summary.json, or undefined when the run wrote none. */
  readonly summary: Record<string, unknown> | undefined;
}

/** summary.json, validated against its schema, or undefined when the run wrote none. */
async function readJson(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await readSummary(file)) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Runs the CLI over the whole sample on the emulator, with `extra` options, into a fresh output folder. */
async function audit(
  emulated: EmulatedAthena,
  extra: readonly string[] = [],
  options: Parameters<typeof runCli>[1] = {},
): Promise<Audit> {
  const out = await emulated.tempDir('out');
  const run = await runCli([...emulated.sampleArgs, '--output-dir', out, ...extra], {
    ...options,
    env: { ...emulated.env, ...options.env },
  });
  return { run, out, summary: await readJson(path.join(out, 'summary.json')) };
}

function queryString(request: RecordedRequest): string {
  return String((request.body as { QueryString?: unknown }).QueryString ?? '');
}

function isCreate(request: RecordedRequest): boolean {
  return request.target === 'StartQueryExecution' && queryString(request).startsWith('CREATE EXTERNAL TABLE');
}

/** The id of the one execution whose SQL is the audit's single scan. */
function singleScanId(emulated: EmulatedAthena): string {
  const scans = emulated.emulator.queries().filter((q) => isSingleScan(q.sql));
  expect(scans).toHaveLength(1);
  return scans[0]!.id;
}

/**
 * Waits, in short real steps, for something a child process does (there is no clock to fake in it). The limit
 * only turns a hang into a failure that says what never came.
 */
async function until(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The one line the CLI prints for an error it reports. */
function errorMessage(run: CliRun): string {
  const start = run.stderr.indexOf('support-audit: ');
  expect(start, run.stderr).toBeGreaterThanOrEqual(0);
  // The message, without the line after it that says where the failure is recorded.
  return run.stderr.slice(start).replace(/^The failure is recorded in .*\n?/m, '');
}

/** A run that failed leaves summary.json saying so, and no figure that could pass for a result. */
function expectFailureRecorded(
  summary: Record<string, unknown> | undefined,
  status: 'failed' | 'interrupted' = 'failed',
): void {
  expect(summary).toEqual({
    schemaVersion: 1,
    generatedAt: expect.any(String),
    status,
    error: expect.any(String),
    complete: false,
  });
}

/*
 * The blocks of this file run side by side (each on emulators of its own): most of a CLI run on Athena is
 * waiting for the next status call.
 */
describe.concurrent('the table', () => {
  describe.sequential('made by the CLI', () => {
    let emulated: EmulatedAthena;

    beforeAll(async () => {
      emulated = await fresh();
    });

    it('is created when it is missing: GetTableMetadata says so, then CREATE EXTERNAL TABLE IF NOT EXISTS', async () => {
      const mark = emulated.emulator.requests.length;
      const { run, summary } = await audit(emulated, ['--table', 'made_by_the_cli']);
      expect(run.code, run.stderr).toBe(0);
      const requests = emulated.emulator.requests.slice(mark);
      expect(requests[0]).toMatchObject({
        target: 'GetTableMetadata',
        status: 400,
        errorType: 'MetadataException',
      });
      expect(requests[1]!.target).toBe('StartQueryExecution');
      expect(queryString(requests[1]!)).toMatch(
        /^CREATE EXTERNAL TABLE IF NOT EXISTS `default`\.`made_by_the_cli` \(/,
      );
      expect(requests.filter(isCreate)).toHaveLength(1);
      expect(emulated.emulator.tables().map((t) => t.name)).toContain('made_by_the_cli');
      expect((summary!.table as { actions: string[] }).actions).toContain('created default.made_by_the_cli');
      expect(run.stderr).toMatch(/^Creating table default\.made_by_the_cli$/m);
    });

    it('is reused on a second run, with no CREATE', async () => {
      const mark = emulated.emulator.requests.length;
      const { run, summary } = await audit(emulated, ['--table', 'made_by_the_cli']);
      expect(run.code, run.stderr).toBe(0);
      const requests = emulated.emulator.requests.slice(mark);
      expect(requests[0]).toMatchObject({ target: 'GetTableMetadata', status: 200 });
      expect(requests.filter(isCreate)).toEqual([]);
      expect((summary!.table as { actions: string[] }).actions).toEqual(['reused default.made_by_the_cli']);
    });
  });

  it('is refused when unfit: exit 2, every difference listed, and the statement that fixes it', async () => {
    const emulated = await fresh();
    // Made elsewhere: under a key prefix the trail does not use, and for two of the sample's three regions.
    await createTableDirectly(emulated, 'unfit_table', {
      prefix: 'elsewhere',
      regions: ['us-east-1', 'eu-west-1'],
    });
    const mark = emulated.emulator.requests.length;
    const { run, summary } = await audit(emulated, ['--table', 'unfit_table']);
    expect(run.code).toBe(2);
    const message = errorMessage(run);
    expect(message).toContain('Table default.unfit_table is not fit for this audit');
    expect(message).toContain(
      'storage.location.template is s3://trail-bucket/elsewhere/AWSLogs/${account}/CloudTrail/${region}/${timestamp}; the inputs need s3://trail-bucket/AWSLogs/${account}/CloudTrail/${region}/${timestamp}',
    );
    expect(message).toContain('projection.region.values lacks us-gov-west-1');
    expect(message).toContain('ALTER TABLE `default`.`unfit_table` SET TBLPROPERTIES (');
    expect(message).toContain(
      "'storage.location.template'='s3://trail-bucket/AWSLogs/${account}/CloudTrail/${region}/${timestamp}'",
    );
    expect(message).toContain("'projection.region.values'='us-east-1,eu-west-1,us-gov-west-1'");
    expect(run.stderr).not.toMatch(/^ {4}at /m);
    // Nothing ran on the unfit table, and no report claims an audit happened.
    const requests = emulated.emulator.requests.slice(mark);
    expect(requests.map((r) => r.target)).toEqual(['GetTableMetadata']);
    expectFailureRecorded(summary);
  });

  it('is not created with --no-create-table: the error names the table and the switch', async () => {
    const emulated = await fresh();
    const mark = emulated.emulator.requests.length;
    const { run, summary } = await audit(emulated, ['--table', 'never_created', '--no-create-table']);
    expect(run.code).toBe(2);
    const message = errorMessage(run);
    expect(message).toContain('default.never_created');
    expect(message).toContain('create-table');
    expect(emulated.emulator.requests.slice(mark).map((r) => r.target)).toEqual(['GetTableMetadata']);
    expect(emulated.emulator.tables().map((t) => t.name)).not.toContain('never_created');
    expectFailureRecorded(summary);
  });
});

/**
 * The comparison rule. The sample holds one corrupt log file. The emulator, like Athena, fails a query whose
 * partitions hold a file it cannot read (HIVE_CURSOR_ERROR), while the local engine reads around it and lists
 * it. So the Athena audit runs on the sample without that file (the emulated bucket's default), the local
 * engine on the very same folder, and summary.json must then be equal field for field except what names the
 * engine itself: `engine`, `generatedAt`, `statistics` (Athena's execution ids, bytes and times), and the
 * table's `location` (s3:// against a local path) and `actions` (created against loaded files). Both must say
 * `complete: true` with no unreadable file. The corrupt file's own behaviour is pinned by the next test.
 */
const ENGINE_SPECIFIC = ['engine', 'generatedAt', 'scope', 'statistics'] as const;

function comparable(summary: Record<string, unknown>): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...summary };
  for (const key of ENGINE_SPECIFIC) delete rest[key];
  const table: Record<string, unknown> = { ...(summary.table as Record<string, unknown>) };
  delete table.location;
  delete table.locations;
  delete table.actions;
  // A layout is where its files are: an s3:// URI on Athena, a path below the folder standing for S3 locally.
  const coverage = rest.coverage as { cells: Array<{ layouts: string[] }> };
  const cells = coverage.cells.map((cell) => ({
    ...cell,
    layouts: cell.layouts.map((layout) => layout.replace(/^s3:\/\/|^.*\/buckets\//, '')),
  }));
  // Each run's history ends with the run itself, and when it finished.
  const history = (rest.history as Array<Record<string, unknown>>).map(({ generatedAt: _, ...run }) => run);
  return { ...rest, table, coverage: { ...coverage, cells }, history };
}

/** The CLI on the local engine over the emulated trail bucket's folder, with `extra` options. */
async function auditLocally(emulated: EmulatedAthena, extra: readonly string[] = []): Promise<Audit> {
  const { manifest } = emulated;
  const out = await emulated.tempDir('local-out');
  const window = ['--start-date', manifest.window.start, '--end-date', manifest.window.end];
  const run = await runCli([
    ...['--logs', emulated.trailDir, ...window, '--case-lookback-days', '0'],
    ...['--output-dir', out, ...extra],
  ]);
  return { run, out, summary: await readJson(path.join(out, 'summary.json')) };
}

describe.concurrent('the audit of the sample through Athena', () => {
  let emulated: EmulatedAthena;
  let athena: Audit;
  let local: Audit;

  beforeAll(async () => {
    emulated = await fresh();
    const { manifest } = emulated;
    [athena, local] = await Promise.all([
      audit(emulated),
      auditLocally(emulated, [
        '--account',
        manifest.accounts.join(','),
        '--region',
        manifest.regions.join(','),
      ]),
    ]);
  });

  it('finds what was planted', () => {
    expect(athena.run.code, athena.run.stderr).toBe(0);
    const { expected } = emulated.manifest;
    expect(athena.summary).toMatchObject({
      engine: 'athena',
      totals: totalsOf(expected),
      context: {
        supportApiCalls: expected.supportApiCalls,
        supportAuthorizationEvents: expected.supportAuthorizationEvents,
      },
      unreadableFiles: [],
      complete: true,
    });
  });

  it('gives the same summary.json and events.json as the local engine on the same files', async () => {
    expect(local.run.code, local.run.stderr).toBe(0);
    expect(local.summary!.engine).toBe('local');
    expect(comparable(athena.summary!)).toEqual(comparable(local.summary!));
    const events = async (audit: Audit) => readFile(path.join(audit.out, 'events.json'), 'utf8');
    expect(await events(athena)).toBe(await events(local));
    const csv = async (audit: Audit) => readFile(path.join(audit.out, 'events.csv'), 'utf8');
    expect(await csv(athena)).toBe(await csv(local));
  });

  it('records the execution it ran, with the bytes it scanned', () => {
    const statistics = athena.summary!.statistics as {
      dataScannedBytes: number;
      athenaRegion: string;
      queries: Array<{ queryExecutionId: string }>;
    };
    expect(statistics.athenaRegion).toBe('us-east-1');
    expect(statistics.queries.map((q) => q.queryExecutionId)).toEqual([singleScanId(emulated)]);
    const execution = emulated.emulator.queries().find((q) => q.id === singleScanId(emulated))!;
    expect(statistics.dataScannedBytes).toBe(execution.dataScannedBytes);
    expect(statistics.dataScannedBytes).toBeGreaterThan(0);
  });
});

describe.concurrent('a corrupt log file in a partition', () => {
  it('fails the Athena query with HIVE_CURSOR_ERROR, while the local engine lists it and reads the rest', async () => {
    const emulated = await fresh({ keepUnreadableFiles: true });
    const { manifest } = emulated;
    const [corrupt] = manifest.unreadableFiles;
    const [athena, local] = await Promise.all([audit(emulated), auditLocally(emulated)]);
    expect(athena.run.code).toBe(2);
    expect(errorMessage(athena.run)).toContain('HIVE_CURSOR_ERROR');
    expect(errorMessage(athena.run)).toContain(corrupt);
    expectFailureRecorded(athena.summary);

    // Read to the end, and failed: the file it could not read makes the audit incomplete.
    expect(local.run.code, local.run.stderr).toBe(1);
    const summary = local.summary!;
    expect((summary.unreadableFiles as Array<{ path: string }>).map((f) => f.path)).toEqual([corrupt]);
    expect(summary.complete).toBe(false);
    expect((summary.totals as { supportCalls: number }).supportCalls).toBe(manifest.expected.supportCalls);
  });
});

describe.concurrent('more than 1,000 result rows', () => {
  const BULK_BUCKET = 'bulk-bucket';
  const ACCOUNT = '111122223333';
  let emulated: EmulatedAthena;
  let bulk: GenerateLogsResult;

  beforeAll(async () => {
    emulated = await fresh();
    bulk = await generateLogs({
      outDir: path.join(emulated.bucketsDir, BULK_BUCKET),
      start: '2026-10-01',
      end: '2026-10-03',
      accounts: [ACCOUNT],
      regions: ['us-east-1'],
      filesPerDay: 24,
      recordsPerFile: 50,
      supportCallsPerFile: 20,
      seed: 4242,
    });
  });

  it('come back complete, over several GetQueryResults pages', async () => {
    expect(bulk.expected.supportCalls).toBeGreaterThan(1000);
    const out = await emulated.tempDir('bulk-out');
    const run = await runCli(
      [
        '--engine',
        'athena',
        '--bucket',
        BULK_BUCKET,
        '--account',
        ACCOUNT,
        '--region',
        'us-east-1',
        '--start-date',
        bulk.window.start,
        '--end-date',
        bulk.window.end,
        '--output-dir',
        out,
      ],
      { env: emulated.env },
    );
    expect(run.code, run.stderr).toBe(0);
    const events = JSON.parse(await readFile(path.join(out, 'events.json'), 'utf8')) as {
      events: Array<{ eventId: string }>;
    };
    expect(events.events).toHaveLength(bulk.expected.supportCalls);
    expect(new Set(events.events.map((e) => e.eventId)).size).toBe(bulk.expected.supportCalls);
    const summary = (await readJson(path.join(out, 'summary.json')))!;
    expect(summary.totals).toEqual(totalsOf(bulk.expected));
    const id = singleScanId(emulated);
    const pages = emulated.emulator.requests.filter(
      (r) =>
        r.target === 'GetQueryResults' && (r.body as { QueryExecutionId?: string }).QueryExecutionId === id,
    );
    // The header row and every support call, 1,000 rows a page at most; context events add rows too.
    const minimumPages = Math.ceil((bulk.expected.supportCalls + 1) / 1000);
    expect(minimumPages).toBeGreaterThanOrEqual(2);
    expect(pages.length).toBeGreaterThanOrEqual(minimumPages);
    expect(pages.every((p) => p.status === 200)).toBe(true);
    const tokens = pages.map((p) => (p.body as { NextToken?: string }).NextToken);
    expect(tokens[0]).toBeUndefined();
    expect(tokens.slice(1).every((t) => typeof t === 'string' && t.length > 0)).toBe(true);
  });
});

describe.concurrent('faults on the way', () => {
  it("retries a throttled call and a 5xx with the CLI's own AWS client, with the same totals", async () => {
    // The retries themselves, many of them, are tested in process (athena-retries.test.ts) with a client that
    // does not wait; this run shows the client the CLI builds retries at all, for the price of one back-off.
    const emulated = await fresh();
    emulated.emulator.faults.throttle = { kind: 'ThrottlingException', times: 1 };
    emulated.emulator.faults.serverErrors = { status: 503, times: 1 };
    const { run, summary } = await audit(emulated);
    expect(run.code, run.stderr).toBe(0);
    const [throttled, failed] = emulated.emulator.requests;
    expect(throttled).toMatchObject({ target: 'GetTableMetadata', errorType: 'ThrottlingException' });
    expect(failed).toMatchObject({ target: 'GetTableMetadata', status: 503 });
    expect(emulated.emulator.requests[2]).toMatchObject({ target: 'GetTableMetadata', status: 400 });
    expect(summary!.totals).toEqual(totalsOf(emulated.manifest.expected));
  });

  it('reports a FAILED query with Athena reason (exit 2) and presents no report', async () => {
    const emulated = await fresh();
    const reason = 'HIVE_BAD_DATA: Error parsing field value for field 3 in the emulated test';
    emulated.emulator.faults.failQueries = { match: /^SELECT/, reason };
    const { run, out, summary } = await audit(emulated);
    expect(run.code).toBe(2);
    const message = errorMessage(run);
    expect(message).toContain(reason);
    expect(message).toContain(`single-scan (${singleScanId(emulated)}) failed`);
    expectFailureRecorded(summary);
    await expect(stat(path.join(out, 'events.json'))).rejects.toThrow();
    expect(run.stdout).toBe('');
  });

  it('ends at the deadline (--timeout-seconds 1) whatever Athena does, naming what it waited for', async () => {
    // The CLI's clock is real: the one request it can never finish is its first, so the second it has passes
    // there however busy the machine. Each phase the deadline can fall in, and the queries it then stops, are
    // tested on a manual clock in athena-hostile.test.ts.
    const emulated = await fresh();
    emulated.emulator.faults.hold = { operations: ['GetTableMetadata'] };
    const { run, summary } = await audit(emulated, ['--timeout-seconds', '1']);
    expect(run.code).toBe(2);
    expect(errorMessage(run)).toBe(
      'support-audit: Athena did not answer for table default.cloudtrail_logs_pp within timeout-seconds (1 s).\n',
    );
    expect(emulated.emulator.requests.map((r) => r.target)).toEqual(['GetTableMetadata']);
    expectFailureRecorded(summary);
  });

  it('stops the running query on SIGTERM and exits non-zero', async () => {
    const emulated = await fresh();
    emulated.emulator.faults.hangQueries = { match: /^SELECT/ };
    let signalled = false;
    const { run, summary } = await audit(emulated, [], {
      onStderr: (stderr, child) => {
        // The progress line shows the audit's query polling: the moment a user would press Ctrl-C.
        if (!signalled && /single-scan: (queued|running) for \d+ s/.test(stderr)) {
          signalled = true;
          child.kill('SIGTERM');
        }
      },
    });
    expect(signalled).toBe(true);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('SIGTERM received');
    const id = singleScanId(emulated);
    expect(errorMessage(run)).toContain(`Cancelled while single-scan (${id}) was running`);
    const stops = emulated.emulator.requests.filter((r) => r.target === 'StopQueryExecution');
    expect(stops.map((r) => (r.body as { QueryExecutionId: string }).QueryExecutionId)).toEqual([id]);
    expect(emulated.emulator.queries().find((q) => q.id === id)!.state).toBe('CANCELLED');
    expectFailureRecorded(summary, 'interrupted');
  });

  it('stops the case lead-in beside the scan on SIGTERM: every query it started is stopped', async () => {
    const emulated = await fresh();
    emulated.emulator.faults.hangQueries = { match: /^SELECT/ };
    let signalled = false;
    const withLeadIn = emulated.sampleArgs.slice(0, -2);
    expect(emulated.sampleArgs.slice(-2)).toEqual(['--case-lookback-days', '0']);
    const out = await emulated.tempDir('lead-in-out');
    const run = await runCli([...withLeadIn, '--output-dir', out], {
      env: emulated.env,
      onStderr: (stderr, child) => {
        if (!signalled && /case-lead-in: (queued|running) for \d+ s/.test(stderr)) {
          signalled = true;
          child.kill('SIGTERM');
        }
      },
    });
    expect(signalled).toBe(true);
    expect(run.code).toBe(2);
    const selects = emulated.emulator.queries().filter((q) => q.sql.startsWith('SELECT'));
    expect(selects).toHaveLength(2);
    for (const query of selects) expect(query.state).toBe('CANCELLED');
    expectFailureRecorded(await readJson(path.join(out, 'summary.json')), 'interrupted');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s while StartQueryExecution has not answered: the query it started is found and stopped',
    async (signal) => {
      const emulated = await fresh();
      const { run, out, summary } = await audit(emulated, [], {
        onSpawn: await cancelDuringScanStart(emulated, signal),
      });
      expect(run.code).toBe(2);
      expectFailureRecorded(summary, 'interrupted');
      expect(await readdir(out)).toEqual(['summary.json']);
      const id = singleScanId(emulated);
      expect(errorMessage(run)).toContain(
        `Cancelled while single-scan was starting. Stopped single-scan (${id}).`,
      );
      expect(emulated.emulator.queries().find((q) => q.id === id)!.state).toBe('CANCELLED');
    },
  );

  it("SIGTERM while every StartQueryExecution answer is lost: the query is found in the workgroup's history and stopped", async () => {
    const emulated = await fresh();
    await createTableDirectly(emulated, 'cloudtrail_logs_pp');
    emulated.emulator.faults.hangQueries = { match: /^SELECT/ };
    emulated.emulator.faults.lostAnswers = { operations: ['StartQueryExecution'] };
    const started = () => emulated.emulator.queries().some((q) => isSingleScan(q.sql));
    const { run } = await audit(emulated, [], {
      // The start has taken effect and its answer is lost: the SDK is retrying it, as it would for minutes.
      onSpawn: (child) => void until(started, 'the scan').then(() => child.kill('SIGTERM')),
    });
    expect(run.code).toBe(2);
    const id = singleScanId(emulated);
    expect(errorMessage(run)).toContain(
      `Cancelled while single-scan was starting. Stopped single-scan (${id}).`,
    );
    expect(emulated.emulator.queries().find((q) => q.id === id)!.state).toBe('CANCELLED');
    const targets = emulated.emulator.requests.map((r) => r.target);
    expect(targets).toContain('ListQueryExecutions');
    expect(targets).toContain('BatchGetQueryExecution');
  });

  it.each(['GetTableMetadata', 'StartQueryExecution', 'GetQueryExecution', 'GetQueryResults'])(
    'names the missing permission when %s is denied (exit 2)',
    async (operation) => {
      const emulated = await fresh();
      emulated.emulator.faults.deny = { operations: [operation] };
      const { run, summary } = await audit(emulated);
      expect(run.code).toBe(2);
      const message = errorMessage(run);
      expect(message).toMatch(new RegExp(`^support-audit: Access denied: grant athena:${operation}\\b`));
      expect(message.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^The failure is recorded in .*summary\.json$/m);
      expect(run.stderr).not.toMatch(/^ {4}at /m);
      expect(emulated.emulator.requests.some((r) => r.errorType === 'AccessDeniedException')).toBe(true);
      expectFailureRecorded(summary);
    },
  );

  it('lets two runs create the same table at once: both succeed', async () => {
    // The emulator's clock stands still until both runs have asked for the table and sent their CREATE, so
    // both find it missing and both create it: a true race, whatever the processes' start-up times.
    let frozenAt: number | undefined = Date.now();
    const emulated = await fresh({ now: () => new Date(frozenAt ?? Date.now()) });
    const both = Promise.all([
      audit(emulated, ['--table', 'raced_table']),
      audit(emulated, ['--table', 'raced_table']),
    ]);
    try {
      await until(() => emulated.emulator.requests.filter(isCreate).length === 2, 'both CREATE statements');
    } finally {
      frozenAt = undefined;
    }
    const [first, second] = await both;
    expect(first.run.code, first.run.stderr).toBe(0);
    expect(second.run.code, second.run.stderr).toBe(0);
    const missing = emulated.emulator.requests.filter((r) => r.errorType === 'MetadataException');
    expect(missing).toHaveLength(2);
    expect(emulated.emulator.tables().filter((t) => t.name === 'raced_table')).toHaveLength(1);
    for (const { summary } of [first, second]) {
      expect((summary!.table as { actions: string[] }).actions).toContain('created default.raced_table');
      expect((summary!.totals as { supportCalls: number }).supportCalls).toBe(
        emulated.manifest.expected.supportCalls,
      );
    }
  });

  it('sends no request at all with --dry-run', async () => {
    const emulated = await fresh();
    const out = path.join(await emulated.tempDir('dry'), 'report');
    const run = await runCli([...emulated.sampleArgs, '--dry-run', '--output-dir', out], {
      env: emulated.env,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('CREATE EXTERNAL TABLE IF NOT EXISTS `default`.`cloudtrail_logs_pp`');
    expect(run.stdout).toMatch(/^SELECT/m);
    expect(emulated.emulator.requests).toEqual([]);
    await expect(stat(out)).rejects.toThrow();
  });

  it('shows progress on a long query: its id and state, every few seconds', async () => {
    // The emulator's clock stands still from the audit's start until the CLI has said how long its query has
    // been waiting: the query stays QUEUED for as long as that takes, whatever the machine's speed, and then
    // completes. The table exists already, so the query is the audit's own. The CLI polls at 0.9 s, then
    // 1.17 s, 1.52 s, 1.98 s and 2.57 s after the start, and says how long it has waited from 2 s on: at the
    // fifth status call at the latest, however slow the machine. Without a line by the eighth, the clock moves
    // on and the test fails on what follows.
    let frozenAt: number | undefined;
    let pollsBefore = 0;
    const polls = () =>
      emulated.emulator.requests.filter((r) => r.target === 'GetQueryExecution').length - pollsBefore;
    // Read only while frozen, once the emulator exists.
    const emulated: EmulatedAthena = await fresh({
      now: () => (frozenAt !== undefined && polls() < 8 ? new Date(frozenAt) : new Date()),
    });
    await createTableDirectly(emulated, 'cloudtrail_logs_pp');
    pollsBefore = polls();
    frozenAt = Date.now();
    const progress = /^single-scan: (queued|running) for \d+ s \(([0-9a-f-]+)\)$/m;
    const { run, summary } = await audit(emulated, [], {
      onStderr: (stderr) => {
        if (progress.test(stderr)) frozenAt = undefined;
      },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(progress.exec(run.stderr)?.[2]).toBe(singleScanId(emulated));
    expect(summary!.totals).toEqual(totalsOf(emulated.manifest.expected));
  });
});
