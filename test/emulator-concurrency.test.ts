/**
 * The emulator as `npm run emulator` serves it, in a process of its own, under six audits at once: each query's
 * work runs on DuckDB through the local engine, whose reading threads need libuv's thread pool, and queries side
 * by side once filled that pool and deadlocked the emulator. In its own process, a deadlock fails this test
 * instead of freezing the test runner.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSample, type SampleManifest } from '../scripts/generate-logs/index.js';
import { runAudit } from '../src/core/audit.js';
import { parseSettings } from '../src/core/settings.js';
import { AthenaEngine } from '../src/engines/athena/engine.js';
import { totalsOf } from './helpers/count-logs.js';
import { emulatorClient, TRAIL_BUCKET } from './helpers/emulated-athena.js';
import { REPO_ROOT } from './helpers/run-cli.js';

const TSX_LOADER = new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const AUDITS = 6;

let root: string;
let manifest: SampleManifest;
let emulator: ChildProcess;
let endpoint: string;

/** `npm run emulator -- --logs DIR`, resolved with the endpoint it prints. */
function startEmulatorProcess(logs: string): Promise<string> {
  emulator = spawn(process.execPath, ['--import', TSX_LOADER, 'scripts/emulator.ts', '--logs', logs], {
    cwd: REPO_ROOT,
    // Two threads, the fewest that serve a query (its statement, and a reading thread starting): queries side
    // by side then fill the pool at once, so a deadlock is all but certain rather than one run in two.
    // Its own temporary folder (the bucket's link) under this test's, removed with it.
    env: { ...process.env, UV_THREADPOOL_SIZE: '2', TMPDIR: root },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    emulator.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    emulator.stdout!.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const started = /^Athena emulator on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (started) resolve(started[1]!);
    });
    emulator.on('exit', (code) => reject(new Error(`the emulator exited (${code}): ${stderr}`)));
  });
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'support-audit-concurrency-'));
  const logs = path.join(root, TRAIL_BUCKET);
  manifest = await generateSample(logs);
  // Athena, and so the emulator, fails a query whose partitions hold the sample's corrupt file.
  for (const key of manifest.unreadableFiles) await rm(path.join(logs, key));
  endpoint = await startEmulatorProcess(logs);
});

afterAll(async () => {
  emulator?.kill('SIGKILL');
  await rm(root, { recursive: true, force: true });
});

/** The whole sample audited on Athena in this process, a run of its own, as the CLI would. */
async function audit(run: number) {
  const settings = parseSettings({
    engine: 'athena',
    bucket: TRAIL_BUCKET,
    account: manifest.accounts.join(','),
    region: manifest.regions.join(','),
    'start-date': manifest.window.start,
    'end-date': manifest.window.end,
  });
  const engine = await AthenaEngine.create(settings.athena, {
    client: emulatorClient(endpoint),
    runKey: `concurrent-audit-${run}`,
    sleep: (_ms, signal) => sleep(20, undefined, { signal }),
  });
  try {
    return await runAudit(settings, engine);
  } finally {
    await engine.close();
  }
}

describe('the emulator in a process of its own', () => {
  // A deadlock holds every audit until this limit, far beyond what six take on a busy machine.
  it('serves six audits at once, each with the whole sample', { timeout: 300_000 }, async () => {
    const results = await Promise.all(Array.from({ length: AUDITS }, (_, run) => audit(run)));
    for (const result of results) {
      expect(result.complete).toBe(true);
      expect(result.totals).toEqual(totalsOf(manifest.expected));
    }
  });
});
