/**
 * The output folder under attack: links planted in the workspace (a pull request's code is checked out there
 * before the action runs), a run that fails over an earlier run's evidence, two runs into one folder. In
 * process, on the functions both adapters call; the action's own refusals run as processes in
 * action-e2e.test.ts, and the bad values of output-dir in faults.test.ts.
 */
import { lstat, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import { prepareOutputDir, recordFailure, startReportFiles, writeReportFiles } from '../src/report/files.js';
import { runCliInProcess } from './helpers/cli-in-process.js';
import { startEmulatedAthena, useEmulatorInThisProcess } from './helpers/emulated-athena.js';
import { auditResult, resultFromEvents, supportEvent } from './helpers/result-factory.js';
import { readSummary } from './helpers/summary-schema.js';

let root: string;
let workspace: string;
let outside: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'support-audit-output-'));
  workspace = path.join(root, 'workspace');
  outside = path.join(root, 'outside');
  await mkdir(workspace);
  await mkdir(outside);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).input).toBe('output-dir');
  return error as InputError;
}

describe('links in the workspace', () => {
  it('a symlinked report folder that leads out of the workspace is refused, and nothing is written there', async () => {
    await symlink(outside, path.join(workspace, 'support-audit-report'));
    const error = await refusal(
      prepareOutputDir(path.join(workspace, 'support-audit-report'), { within: workspace }),
    );
    expect(error.message).toContain(`must stay inside the workspace ${workspace}`);
    expect(error.message).toContain(`leads to ${outside}`);
    expect(await readdir(outside)).toEqual([]);
  });

  it('a link higher up the path is refused before any folder is made through it', async () => {
    await symlink(outside, path.join(workspace, 'evidence'));
    await refusal(prepareOutputDir(path.join(workspace, 'evidence/audit/report'), { within: workspace }));
    expect(await readdir(outside)).toEqual([]);
  });

  it('a link that stays inside the workspace is followed, and the real folder returned', async () => {
    await mkdir(path.join(workspace, 'real'));
    await symlink(path.join(workspace, 'real'), path.join(workspace, 'report'));
    const dir = await prepareOutputDir(path.join(workspace, 'report'), { within: workspace });
    expect(dir).toBe(path.join(workspace, 'real'));
  });

  it.each(['events.csv', 'summary.json', 'report.md'])(
    'a symlinked %s in the report folder leaves its target outside untouched: the link is replaced',
    async (name) => {
      const report = path.join(workspace, 'support-audit-report');
      await mkdir(report);
      const target = path.join(outside, 'precious');
      await writeFile(target, 'not yours to overwrite\n');
      await symlink(target, path.join(report, name));
      const dir = await prepareOutputDir(report, { within: workspace });
      await startReportFiles(dir);
      await writeReportFiles(auditResult(), dir);
      expect(await readFile(target, 'utf8')).toBe('not yours to overwrite\n');
      expect((await lstat(path.join(report, name))).isFile()).toBe(true);
    },
  );
});

describe('the evidence of an earlier run', () => {
  it('a run that fails while auditing replaces the earlier summary.json with the failure and removes the earlier files', async () => {
    const emulated = await startEmulatedAthena();
    try {
      const out = path.join(workspace, 'report');
      useEmulatorInThisProcess(emulated.emulator.endpoint);
      const first = await runCliInProcess([...emulated.sampleArgs, '--output-dir', out]);
      expect(first.code, first.stderr).toBe(0);
      expect((await readdir(out)).sort()).toEqual([
        'events.csv',
        'events.json',
        'report.html',
        'report.md',
        'summary.json',
      ]);

      // Found out only once the audit runs: the role may not read the results of its queries.
      emulated.emulator.faults.deny = { operations: ['GetQueryResults'] };
      const failed = await runCliInProcess([...emulated.sampleArgs, '--output-dir', out]);
      expect(failed.code).toBe(2);
      expect(await readdir(out)).toEqual(['summary.json']);
      const summary = (await readSummary(path.join(out, 'summary.json'))) as Record<string, unknown>;
      expect(summary).toEqual({
        schemaVersion: 1,
        generatedAt: expect.any(String),
        status: 'failed',
        error: expect.stringContaining('grant athena:GetQueryResults'),
        complete: false,
      });
      // The error first, then where it is recorded.
      const lines = failed.stderr.trim().split('\n');
      expect(lines.at(-2)).toMatch(/^support-audit: Access denied: grant athena:GetQueryResults/);
      expect(lines.at(-1)).toBe(`The failure is recorded in ${path.join(out, 'summary.json')}`);
    } finally {
      await emulated.close();
    }
  });

  it.each([
    ['a mistyped logs folder', 'no-such-copy', 'does not exist'],
    ['a folder that is no copy of a trail bucket', 'not-a-copy', 'No AWSLogs/ folder with accounts'],
    ['the AWSLogs folder itself', 'copy/AWSLogs', 'it is itself an AWSLogs folder: give its parent'],
  ])('%s is a usage error that leaves the last report as it was', async (_case, logs, message) => {
    const out = path.join(workspace, 'kept');
    expect((await runCliInProcess(['--output-dir', out])).code).toBe(0);
    const before = await readFile(path.join(out, 'report.md'), 'utf8');
    if (logs !== 'no-such-copy') await mkdir(path.join(root, logs), { recursive: true });
    const typo = await runCliInProcess([
      '--logs',
      path.join(root, logs),
      '--start-date',
      '2026-11-01',
      '--output-dir',
      out,
    ]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(message);
    expect(typo.stderr).not.toContain('recorded');
    expect((await readdir(out)).sort()).toEqual([
      'events.csv',
      'events.json',
      'report.html',
      'report.md',
      'summary.json',
    ]);
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).toBe(before);
  });

  it('while a run goes on, summary.json says so and the earlier files are gone', async () => {
    const dir = await prepareOutputDir(path.join(workspace, 'report'));
    await writeReportFiles(auditResult(), dir);
    await startReportFiles(dir, new Date('2026-11-24T12:00:00Z'));
    expect(await readdir(dir)).toEqual(['summary.json']);
    expect(await readSummary(path.join(dir, 'summary.json'))).toEqual({
      schemaVersion: 1,
      generatedAt: '2026-11-24T12:00:00.000Z',
      status: 'running',
      complete: false,
    });
  });

  it('a failure after some files are in place still leaves only the failure', async () => {
    const dir = await prepareOutputDir(path.join(workspace, 'report'));
    await startReportFiles(dir);
    // A folder where events.csv belongs: that write fails after report.md and events.json are in place.
    await mkdir(path.join(dir, 'events.csv'));
    await expect(writeReportFiles(auditResult(), dir)).rejects.toThrow(/Invalid output-dir/);
    await rm(path.join(dir, 'events.csv'), { recursive: true });
    await recordFailure(dir, 'disk full');
    expect(await readdir(dir)).toEqual(['summary.json']);
  });

  it('two audits written into one folder at once leave every file whole', async () => {
    const dir = await prepareOutputDir(path.join(workspace, 'report'));
    const small = auditResult();
    const large = resultFromEvents(
      Array.from({ length: 3_000 }, (_, i) => supportEvent({ principalId: `AROAEXAMPLE:s-${i}` })),
    );
    for (let round = 0; round < 5; round++) {
      await Promise.all([writeReportFiles(large, dir), writeReportFiles(small, dir)]);
      for (const name of ['summary.json', 'events.json']) {
        const text = await readFile(path.join(dir, name), 'utf8');
        expect(() => JSON.parse(text), name).not.toThrow();
      }
    }
    expect((await readdir(dir)).sort()).toEqual([
      'events.csv',
      'events.json',
      'report.html',
      'report.md',
      'summary.json',
    ]);
  });
});
