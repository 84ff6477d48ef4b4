/**
 * A run stopped by SIGTERM or SIGINT says so: the first signal ends an audit within 5 seconds, on the local engine
 * and on Athena (through the emulator), summary.json then reads `interrupted` (never `running`, never a result),
 * and no temporary file of the run is left behind. A run also removes the temporary files an earlier run left
 * when it was killed at once, and nothing else. A local Security Lake audit's record is checked beside its other
 * hostile cases (security-lake-hostile.test.ts).
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareOutputDir, startReportFiles, writeReportFiles } from '../src/report/files.js';
import { writeLongLogFile } from './helpers/audit-local.js';
import { emulatorPerTest } from './helpers/emulator-per-test.js';
import { resultFromEvents, supportEvent } from './helpers/result-factory.js';
import { runCli } from './helpers/run-cli.js';
import { readSummary } from './helpers/summary-schema.js';

/** Enough JSON that the audit is still reading when the signal comes, on any machine. */
const JSON_MIB = 60;
/** What killed runs leave: a run's temporary files are `.NAME.RANDOM.tmp` beside each result file NAME. */
const STALE = [
  '.report.md.0a1b2c3d4e5f.tmp',
  '.events.json.ffffffffffff.tmp',
  '.summary.json.123456abcdef.tmp',
];
/** Not a run's: a user's files, which no run touches. */
const FOREIGN = ['.notes.tmp', 'keep.tmp', '.report.md.bak'];

let temp: string;
let logs: string;

beforeAll(async () => {
  temp = await mkdtemp(path.join(tmpdir(), 'support-audit-interrupted-run-'));
  logs = path.join(temp, 'logs');
  await writeLongLogFile(logs, JSON_MIB);
}, 120_000);

afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

/** An output folder holding what earlier killed runs left, and a user's own files. */
async function outputFolder(name: string): Promise<string> {
  const out = path.join(temp, name);
  await mkdir(out);
  for (const file of [...STALE, ...FOREIGN]) await writeFile(path.join(out, file), '');
  return out;
}

describe('a signal during a local audit', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'the first %s ends the CLI within 5 s, summary.json reads interrupted and no temporary file is left',
    async (signal) => {
      const out = await outputFolder(`out-${signal}`);
      let signalledAt = 0;
      const run = await runCli(
        ['--logs', logs, '--start-date', '2026-10-03', '--end-date', '2026-10-03', '--out', out],
        {
          onStderr: (text, child) => {
            if (signalledAt === 0 && /Found 1 log file/.test(text)) {
              signalledAt = performance.now();
              child.kill(signal);
            }
          },
        },
      );
      const exitedAfter = performance.now() - signalledAt;
      expect(signalledAt).toBeGreaterThan(0);
      expect(run.code).toBe(2);
      expect(exitedAfter).toBeLessThan(5000);
      const summary = await readSummary(path.join(out, 'summary.json'));
      expect(summary).toEqual({
        schemaVersion: 1,
        generatedAt: expect.any(String),
        status: 'interrupted',
        error: expect.stringContaining(`${signal} received`),
        complete: false,
      });
      expect((await readdir(out)).sort()).toEqual([...FOREIGN, 'summary.json'].sort());
      expect(run.stderr).toContain(`The failure is recorded in ${path.join(out, 'summary.json')}`);
    },
    60_000,
  );
});

describe('a signal during an Athena audit', () => {
  const fresh = emulatorPerTest();

  it('the first SIGTERM while the scan runs ends the CLI within 5 s, and summary.json reads interrupted', async () => {
    const emulated = await fresh();
    emulated.emulator.faults.hangQueries = { match: /^SELECT/ };
    const out = await outputFolder('out-athena');
    let signalledAt = 0;
    const run = await runCli([...emulated.sampleArgs, '--output-dir', out], {
      env: emulated.env,
      onStderr: (text, child) => {
        if (signalledAt === 0 && /single-scan: (queued|running) for \d+ s/.test(text)) {
          signalledAt = performance.now();
          child.kill('SIGTERM');
        }
      },
    });
    const exitedAfter = performance.now() - signalledAt;
    expect(signalledAt).toBeGreaterThan(0);
    expect(run.code).toBe(2);
    expect(exitedAfter).toBeLessThan(5000);
    expect(await readSummary(path.join(out, 'summary.json'))).toMatchObject({
      status: 'interrupted',
      error: expect.stringContaining('SIGTERM received'),
      complete: false,
    });
    expect((await readdir(out)).sort()).toEqual([...FOREIGN, 'summary.json'].sort());
  }, 60_000);
});

describe('a second signal', () => {
  const fresh = emulatorPerTest();

  it('exits 130 at once, and summary.json still reads interrupted, with no temporary file left', async () => {
    const emulated = await fresh();
    emulated.emulator.faults.hangQueries = { match: /^SELECT/ };
    // The first signal's clean-up waits for Athena to stop the queries: the moment an impatient user signals again.
    emulated.emulator.faults.hold = { operations: ['StopQueryExecution'] };
    const out = await outputFolder('out-second');
    let signals = 0;
    const run = await runCli([...emulated.sampleArgs, '--output-dir', out], {
      env: emulated.env,
      onStderr: (text, child) => {
        if (signals === 0 && /single-scan: (queued|running) for \d+ s/.test(text)) {
          signals = 1;
          child.kill('SIGTERM');
        } else if (signals === 1 && /SIGTERM received/.test(text)) {
          signals = 2;
          child.kill('SIGTERM');
        }
      },
    });
    expect(signals).toBe(2);
    expect(run.code).toBe(130);
    expect(await readSummary(path.join(out, 'summary.json'))).toMatchObject({
      status: 'interrupted',
      error: 'SIGTERM received again: stopped at once',
    });
    expect((await readdir(out)).sort()).toEqual([...FOREIGN, 'summary.json'].sort());
  }, 60_000);
});

describe('temporary files of earlier runs', () => {
  it('a run that completes removes those killed runs left in its output folder, and nothing else', async () => {
    const out = await outputFolder('out-complete');
    const run = await runCli(['--out', out]);
    expect(run.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(
      [...FOREIGN, 'events.csv', 'events.json', 'report.html', 'report.md', 'summary.json'].sort(),
    );
  }, 60_000);
});

describe('a signal while the result files are written', () => {
  it('stops the writes: no temporary file stays, and summary.json never holds the result', async () => {
    const dir = await prepareOutputDir(path.join(temp, 'out-writing'));
    await startReportFiles(dir);
    const events = Array.from({ length: 20_000 }, (_, i) => supportEvent({ eventId: `e-${i}` }));
    const controller = new AbortController();
    const writing = writeReportFiles(resultFromEvents(events), dir, controller.signal);
    controller.abort(new Error('SIGTERM received'));
    await expect(writing).rejects.toThrow('SIGTERM received');
    expect(await readdir(dir)).toEqual(['summary.json']);
    expect(await readSummary(path.join(dir, 'summary.json'))).toMatchObject({ status: 'running' });
  });
});
