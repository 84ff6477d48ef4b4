/**
 * The bundled action (dist/index.js) run as the GitHub runner runs it: Node 24, INPUT_ variables, file
 * commands, a workspace; the AWS SDK inside the bundle talking HTTP to the Athena-protocol emulator.
 */
import { readFileSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cancelDuringScanStart, type EmulatedAthena, isSingleScan } from './helpers/emulated-athena.js';
import { emulatorPerTest } from './helpers/emulator-per-test.js';
import { ensureBundle, requireNode24, runAction, type ActionRun } from './helpers/run-action.js';
import { readSummary } from './helpers/summary-schema.js';

const fresh = emulatorPerTest();
/** The preload that gives the action's process a chosen "today" (it has no clock to inject). */
const SHIFTED_CLOCK = pathToFileURL(path.join(import.meta.dirname, 'helpers/shifted-clock.mjs')).href;
const runs: ActionRun[] = [];

/** The inputs that audit the whole sample. */
function sampleInputs(emulated: EmulatedAthena): Record<string, string> {
  const { manifest } = emulated;
  return {
    bucket: 'trail-bucket',
    account: manifest.accounts.join(','),
    // Newline-separated, as a YAML block scalar in a workflow gives it.
    region: manifest.regions.join('\n'),
    'start-date': manifest.window.start,
    'end-date': manifest.window.end,
  };
}

async function action(
  emulated: EmulatedAthena,
  inputs: Record<string, string>,
  options: Parameters<typeof runAction>[1] & object = {},
): Promise<ActionRun> {
  const run = await runAction(inputs, { ...options, env: { ...emulated.env, ...options.env } });
  runs.push(run);
  return run;
}

beforeAll(() => {
  requireNode24();
  ensureBundle();
});

afterAll(async () => {
  await Promise.all(runs.map((r) => r.dispose()));
});

/** Every output action.yml declares: the action sets each one on every run that ends with a result. */
const OUTPUT_NAMES = Object.keys(
  (parse(readFileSync(new URL('../action.yml', import.meta.url), 'utf8')) as { outputs: object }).outputs,
);

async function expectFiles(run: ActionRun, dir: string): Promise<void> {
  expect(run.outputs['report-dir']).toBe(dir);
  for (const [output, name] of [
    ['report-html', 'report.html'],
    ['summary-json', 'summary.json'],
    ['events-json', 'events.json'],
    ['events-csv', 'events.csv'],
  ] as const) {
    expect(run.outputs[output]).toBe(path.join(dir, name));
  }
  for (const name of ['report.md', 'report.html', 'summary.json', 'events.json', 'events.csv']) {
    expect((await stat(path.join(dir, name))).size, name).toBeGreaterThan(0);
  }
}

describe.concurrent('the bundled action on Node 24', () => {
  it('passes under the threshold, with every output, the job summary and the files', async () => {
    const emulated = await fresh();
    const { expected, window } = emulated.manifest;
    const run = await action(emulated, {
      ...sampleInputs(emulated),
      threshold: String(expected.supportCalls + 10),
      'output-dir': 'evidence/support-audit',
    });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).not.toContain('::error::');

    expect(Object.keys(run.outputs).sort()).toEqual([...OUTPUT_NAMES].sort());
    expect(run.outputs['support-calls']).toBe(String(expected.supportCalls));
    expect(run.outputs['write-calls']).toBe(String(expected.writeCalls));
    expect(run.outputs['threshold-exceeded']).toBe('false');
    expect(Number(run.outputs['data-scanned-bytes'])).toBeGreaterThan(0);
    // The window's single scan and the case lead-in, in the order the audit lists them.
    const scans = emulated.emulator.queries().filter((q) => q.sql.startsWith('SELECT'));
    expect(scans.filter((q) => isSingleScan(q.sql))).toHaveLength(1);
    expect(scans).toHaveLength(2);
    const scanFirst = [...scans].sort((a, b) => Number(isSingleScan(b.sql)) - Number(isSingleScan(a.sql)));
    expect(run.outputs['query-execution-ids']).toBe(scanFirst.map((q) => q.id).join(','));
    expect(Number(run.outputs['data-scanned-bytes'])).toBe(
      scans.reduce((sum, q) => sum + q.dataScannedBytes, 0),
    );

    // The files sit in output-dir, inside the workspace.
    const dir = path.join(run.workspace, 'evidence/support-audit');
    await expectFiles(run, dir);
    const summaryJson = await readSummary(path.join(dir, 'summary.json'));
    expect(summaryJson.totals.supportCalls).toBe(expected.supportCalls);
    expect(summaryJson.engine).toBe('athena');

    const { summary } = run;
    expect(summary).toContain(
      `- ✅ ${expected.supportCalls} support calls, within the threshold of ${expected.supportCalls + 10}`,
    );
    expect(summary).toContain(`Window: ${window.start} to ${window.end}`);
    expect(summary).toContain(`| sourceIp | ${expected.bySourceIp} |`);
    expect(summary).toContain(`| supportRole | ${expected.bySupportRole} |`);
    expect(summary).toContain(`| invokedBy | ${expected.byInvokedBy} |`);
    for (let answer = 1; answer <= 5; answer++)
      expect(summary).toMatch(new RegExp(`^### ${answer}\\. `, 'm'));
    expect(summary).toMatch(new RegExp(`^### 1\\. .*\\n\\n${expected.bySourceIp}\\n`, 'm'));
    expect(summary).toContain('## Statistics');
    const [scan] = scans;
    expect(summary).toContain(
      `[${scan!.id}](https://us-east-1.console.aws.amazon.com/athena/home?region=us-east-1#/query-editor/history/${scan!.id})`,
    );
  });

  it('fails above the threshold (exit 1) and says by how much, after writing everything', async () => {
    const emulated = await fresh();
    const { expected } = emulated.manifest;
    const run = await action(emulated, { ...sampleInputs(emulated), threshold: '0' });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(1);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toEqual([
      `::error::${expected.supportCalls} support calls: ${expected.supportCalls} over the threshold of 0.`,
    ]);
    expect(run.outputs['threshold-exceeded']).toBe('true');
    expect(run.outputs['support-calls']).toBe(String(expected.supportCalls));
    expect(Object.keys(run.outputs).sort()).toEqual([...OUTPUT_NAMES].sort());
    await expectFiles(run, path.join(run.workspace, 'support-audit-report'));
    expect(run.summary).toContain(`${expected.supportCalls} support calls`);
    expect(run.summary).toContain('threshold of 0');
  });

  it('refuses an invalid input (exit 1) naming the input, the value and the rule, before any AWS call', async () => {
    const emulated = await fresh();
    const run = await action(emulated, { ...sampleInputs(emulated), account: '12' });
    expect(run.code).toBe(1);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toEqual([
      '::error::Invalid account "12": must be 12-digit AWS account ids, separated by commas or newlines',
    ]);
    expect(emulated.emulator.requests).toEqual([]);
    expect(run.outputs).toEqual({});
    await expect(stat(path.join(run.workspace, 'support-audit-report'))).rejects.toThrow();
  });

  it('warns when comment-on-pr is always but the event has no pull request, and still passes', async () => {
    const emulated = await fresh();
    const run = await action(
      emulated,
      { ...sampleInputs(emulated), 'comment-on-pr': 'always' },
      {
        event: {
          name: 'push',
          payload: {
            ref: 'refs/heads/main',
            after: '0123456789abcdef0123456789abcdef01234567',
            repository: { name: 'repo', full_name: 'owner/repo', owner: { login: 'owner' } },
          },
        },
      },
    );
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const warnings = run.stdout.split('\n').filter((line) => line.startsWith('::warning::'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('comment-on-pr is set, but this run has no pull request');
    expect(run.stdout).not.toContain('::error::');
    expect(run.outputs['support-calls']).toBe(String(emulated.manifest.expected.supportCalls));
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s while StartQueryExecution has not answered: the query it started is found and stopped',
    async (signal) => {
      const emulated = await fresh();
      const onSpawn = await cancelDuringScanStart(emulated, signal);
      // The window's scan alone (the lead-in beside it is stopped alike: athena-e2e.test.ts).
      const inputs = { ...sampleInputs(emulated), 'case-lookback-days': '0' };
      const run = await action(emulated, inputs, { onSpawn });
      const scan = () => emulated.emulator.queries().find((q) => isSingleScan(q.sql));
      expect(run.code).toBe(1);
      const id = scan()!.id;
      const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
      expect(errors).toEqual([
        `::error::Cancelled while single-scan was starting. Stopped single-scan (${id}).`,
      ]);
      expect(scan()!.state).toBe('CANCELLED');
    },
  );

  it('refuses a report folder that is a link out of the workspace (exit 1), before any AWS call', async () => {
    const emulated = await fresh();
    const outside = await emulated.tempDir('outside');
    const run = await action(emulated, sampleInputs(emulated), {
      prepareWorkspace: (workspace) => symlink(outside, path.join(workspace, 'support-audit-report')),
    });
    expect(run.code).toBe(1);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('Invalid output-dir "');
    expect(errors[0]).toContain(`leads to ${outside}`);
    expect(emulated.emulator.requests).toEqual([]);
    expect(await readdir(outside)).toEqual([]);
  });

  it('replaces a symlinked events.csv in the report folder, never writing through it', async () => {
    const emulated = await fresh();
    const target = path.join(await emulated.tempDir('outside'), 'precious');
    await writeFile(target, 'not yours to overwrite\n');
    const run = await action(emulated, sampleInputs(emulated), {
      prepareWorkspace: async (workspace) => {
        await mkdir(path.join(workspace, 'support-audit-report'));
        await symlink(target, path.join(workspace, 'support-audit-report', 'events.csv'));
      },
    });
    expect(run.code, run.stdout).toBe(0);
    expect(await readFile(target, 'utf8')).toBe('not yours to overwrite\n');
    expect((await lstat(run.outputs['events-csv']!)).isFile()).toBe(true);
  });

  it('fails on its default lookback when the window holds no log file: exit 1 naming every account, evidence written', async () => {
    // Today, for the action and the emulator alike, is weeks after the sample: the default seven days are empty.
    const today = '2027-01-20T09:00:00Z';
    const offset = Date.parse(today) - Date.now();
    const emulated = await fresh({ now: () => new Date(Date.now() + offset), dateHeaderFromNow: true });
    const { accounts } = emulated.manifest;
    const run = await action(
      emulated,
      { bucket: 'trail-bucket', account: accounts.join(','), region: emulated.manifest.regions.join('\n') },
      { env: { NODE_OPTIONS: `--import=${SHIFTED_CLOCK}`, SHIFTED_CLOCK_START: today } },
    );
    expect(run.code, run.stdout).toBe(1);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toEqual([
      `::error::the audit is incomplete: no log records were read at all; require-complete is on. Incomplete: no log records were read at all (${accounts.slice(0, -1).join(', ')} and ${accounts.at(-1)}). Between 2027-01-13 and 2027-01-19 the audit cannot say whether AWS Support called anything in what it did not read. Check the bucket, prefixes, organization id, accounts, regions and window (and name an account known to be idle in idle-accounts), or set require-complete to false to report without failing.`,
    ]);
    // The scan ran on Athena, over no file, and the evidence says so.
    const scans = emulated.emulator.queries().filter((q) => isSingleScan(q.sql));
    expect(scans.map((q) => [q.state, q.dataScannedBytes])).toEqual([['SUCCEEDED', 0]]);
    const dir = path.join(run.workspace, 'support-audit-report');
    await expectFiles(run, dir);
    const summary = await readSummary(path.join(dir, 'summary.json'));
    expect(summary).toMatchObject({
      window: { start: '2027-01-13', end: '2027-01-19' },
      complete: false,
      coverage: { accountsWithoutLogs: accounts },
      verdict: { status: 'failed' },
    });
  });

  it('records a failure in summary.json over the earlier files, and points report-dir at it', async () => {
    const emulated = await fresh();
    emulated.emulator.faults.deny = { operations: ['GetQueryResults'] };
    const run = await action(emulated, sampleInputs(emulated), {
      prepareWorkspace: async (workspace) => {
        const earlier = path.join(workspace, 'support-audit-report');
        await mkdir(earlier);
        for (const name of ['report.md', 'summary.json', 'events.json', 'events.csv'])
          await writeFile(path.join(earlier, name), 'an earlier run\n');
      },
    });
    expect(run.code).toBe(1);
    const dir = path.join(run.workspace, 'support-audit-report');
    expect(run.outputs).toEqual({ 'report-dir': dir, 'summary-json': path.join(dir, 'summary.json') });
    expect(await readdir(dir)).toEqual(['summary.json']);
    const summary = await readSummary(path.join(dir, 'summary.json'));
    expect(summary).toMatchObject({ status: 'failed', complete: false });
    expect(summary.error).toMatch(/^Access denied: grant athena:GetQueryResults\./);
  });
});
