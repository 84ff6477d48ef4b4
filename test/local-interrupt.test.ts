/**
 * A local audit stops when asked, at any moment: a running statement rejects at once (DuckDB interrupted, the
 * reading threads ended even while they wait for ring space), the engine closes promptly, and the CLI exits
 * non-zero within 5 seconds of a SIGTERM, as a cancelled workflow expects.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../src/core/audit.js';
import { parseSettings } from '../src/core/settings.js';
import { LocalEngine } from '../src/engines/local/engine.js';
import { TODAY, writeLongLogFile } from './helpers/audit-local.js';
import { runCli } from './helpers/run-cli.js';

const WINDOW = { 'start-date': '2026-10-03', 'end-date': '2026-10-03' };
/** Long enough to read that the audit is still running when it is stopped, on any machine. */
const JSON_MIB = 150;

let logs: string;

beforeAll(async () => {
  logs = await mkdtemp(path.join(tmpdir(), 'support-audit-interrupt-'));
  await writeLongLogFile(logs, JSON_MIB);
}, 120_000);

afterAll(async () => {
  await rm(logs, { recursive: true, force: true });
});

describe('a local audit stopped while it reads', () => {
  it('rejects at once with the reason, and the engine closes promptly', async () => {
    const controller = new AbortController();
    const engine = await LocalEngine.open({
      logsDir: logs,
      signal: controller.signal,
      progressIntervalMs: 1,
      // Stopped once the reading threads have handed DuckDB some JSON: mid-file, rings in use.
      log: (line) => {
        if (/of JSON from the reading threads/.test(line)) controller.abort(new Error('SIGTERM received'));
      },
    });
    const settings = parseSettings({ logs, ...WINDOW }, TODAY);
    let stoppedAt = 0;
    controller.signal.addEventListener('abort', () => (stoppedAt = performance.now()));
    await expect(runAudit(settings, engine, { now: () => TODAY })).rejects.toThrow('SIGTERM received');
    const rejectedAfter = performance.now() - stoppedAt;
    await engine.close();
    const closedAfter = performance.now() - stoppedAt;
    expect(stoppedAt).toBeGreaterThan(0);
    expect(rejectedAfter).toBeLessThan(5000);
    expect(closedAfter).toBeLessThan(5000);
  });

  it('ends the CLI within 5 seconds of a SIGTERM, with a non-zero exit code', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'support-audit-interrupt-out-'));
    let signalledAt = 0;
    const run = await runCli(
      ['--logs', logs, '--start-date', '2026-10-03', '--end-date', '2026-10-03', '--out', out],
      {
        // Sent as soon as the files are found: the query is starting, the threads about to read.
        onStderr: (text, child) => {
          if (signalledAt === 0 && /Found 1 log file/.test(text)) {
            signalledAt = performance.now();
            child.kill('SIGTERM');
          }
        },
      },
    );
    const exitedAfter = performance.now() - signalledAt;
    expect(signalledAt).toBeGreaterThan(0);
    expect(run.code).not.toBe(0);
    expect(run.code).not.toBeNull();
    expect(exitedAfter).toBeLessThan(5000);
    expect(run.stderr).toMatch(/SIGTERM/);
    // Stopped, not run to its end.
    expect(run.stderr).not.toMatch(/Report files written/);
  });
});
