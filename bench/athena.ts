/**
 * The Athena figures: whole audits through the AWS SDK over HTTP, against the Athena-protocol emulator in
 * test/emulator, with the emulator's latency set per group. Bytes scanned, wall time and status calls.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { runAudit } from '../src/core/audit.js';
import type { RawInputs } from '../src/core/inputs.js';
import { parseSettings } from '../src/core/settings.js';
import { AthenaEngine } from '../src/engines/athena/engine.js';
import { startAthenaEmulator, type AthenaEmulator } from '../test/emulator/index.js';
import { useEmulatorInThisProcess } from '../test/helpers/emulated-athena.js';
import { SUPPORT_API_REGIONS } from '../src/core/explain/lead-in.js';
import { ACCOUNTS, generate, REGIONS, windowFiles } from './data.js';
import { figureGroup, type Figure } from './figures.js';

const WINDOW = { start: '2026-10-02', end: '2026-10-06' };

/** Runs `work` against an emulator over `bucketsDir`, given inputs that audit WINDOW in the trail bucket. */
export async function withEmulator<T>(
  bucketsDir: string,
  latency: { queueMs: number; runMs: number },
  work: (emulator: AthenaEmulator, inputs: RawInputs) => Promise<T>,
): Promise<T> {
  const emulator = await startAthenaEmulator({
    bucketsDir,
    latency,
    workgroups: { primary: { outputLocation: 's3://results/' } },
  });
  useEmulatorInThisProcess(emulator.endpoint);
  try {
    return await work(emulator, {
      bucket: 'trail-bucket',
      account: ACCOUNTS.join(','),
      region: REGIONS.join(','),
      'start-date': WINDOW.start,
      'end-date': WINDOW.end,
      'projection-start': '2026-01-01',
    });
  } finally {
    await emulator.close();
  }
}

/** One whole audit on Athena, timed from the engine's creation to the result. */
export async function audit(inputs: RawInputs) {
  const settings = parseSettings(inputs);
  const engine = await AthenaEngine.create(settings.athena);
  const started = performance.now();
  try {
    const result = await runAudit(settings, engine);
    return { result, ms: performance.now() - started };
  } finally {
    await engine.close();
  }
}

/**
 * What `work` returned, and the most status calls (GetQueryExecution) the emulator received for any one query
 * while it ran: an audit polls its queries side by side, and the target is each query's.
 */
async function withStatusCalls<T>(
  emulator: AthenaEmulator,
  work: () => Promise<T>,
): Promise<{ value: T; calls: number }> {
  const before = emulator.requests.length;
  const value = await work();
  const perQuery = new Map<string, number>();
  for (const request of emulator.requests.slice(before)) {
    if (request.target !== 'GetQueryExecution') continue;
    const id = String((request.body as { QueryExecutionId?: unknown }).QueryExecutionId);
    perQuery.set(id, (perQuery.get(id) ?? 0) + 1);
  }
  return { value, calls: Math.max(0, ...perQuery.values()) };
}

export async function athenaFigures(options: { long: boolean }): Promise<Figure[]> {
  const trail = await generate('athena/trail-bucket', {
    start: '2026-10-01',
    end: '2026-10-09',
    accounts: ACCOUNTS,
    regions: REGIONS,
    filesPerDay: 4,
    recordsPerFile: 200,
    supportCallsPerFile: 2,
  });
  const bucketsDir = path.dirname(trail.dir);
  const window = windowFiles(trail.dir, WINDOW);
  const figures: Figure[] = [];

  const bytes = figureGroup('Athena bytes scanned');
  await withEmulator(bucketsDir, { queueMs: 0, runMs: 0 }, async (_emulator, inputs) => {
    await audit(inputs); // creates the table
    const single = await audit(inputs);
    const seed = await audit({ ...inputs, 'query-set': 'seed', 'require-logs': 'false' });
    if (single.result.totals.supportCalls !== single.result.events.length) {
      throw new Error('events incomplete');
    }
    const scanned = (id: string) =>
      single.result.statistics.queries.find((q) => q.id === id)?.dataScannedBytes ?? NaN;
    const { leadIn } = single.result.explanation!;
    const leadInFolders = windowFiles(trail.dir, { start: leadIn.start!, end: leadIn.end! }, 0).files.filter(
      (f) => SUPPORT_API_REGIONS.some((region) => f.includes(`${path.sep}${region}${path.sep}`)),
    );
    figures.push(
      bytes(
        'single-scan / window bytes',
        scanned('single-scan') / window.bytes,
        '×',
        { exactly: 1.0 },
        '1.0× the window',
      ),
      bytes(
        `case lead-in (${leadIn.start} to ${leadIn.end}) / single-scan bytes`,
        scanned('case-lead-in') / scanned('single-scan'),
        '×',
        { max: 1.0 },
        `< 1× (${leadInFolders.length} files of ${leadIn.regions.join(', ')})`,
      ),
      bytes(
        'case lead-in / its days in the Support API regions',
        scanned('case-lead-in') /
          Math.max(
            1,
            leadInFolders.reduce((sum, f) => sum + statSync(f).size, 0),
          ),
        '×',
        { exactly: 1.0 },
        '1.0× (every file of its days, no other)',
      ),
      bytes(
        'seed / window bytes',
        seed.result.statistics.dataScannedBytes / window.bytes,
        '×',
        { exactly: 5.0 },
        '5.0× (the article: 5 scans)',
      ),
    );
  });

  const latencyMs = 2500;
  const wall = figureGroup('Athena wall time (queue 0.5 s + run 2 s)');
  const polling = figureGroup('Athena polling');
  await withEmulator(bucketsDir, { queueMs: 500, runMs: 2000 }, async (emulator, inputs) => {
    await audit(inputs); // creates the table
    const { value: single, calls: polls } = await withStatusCalls(emulator, () => audit(inputs));
    const seed = await audit({ ...inputs, 'query-set': 'seed', 'require-logs': 'false' });
    figures.push(
      wall('single-scan audit / one query latency', single.ms / latencyMs, '×', { max: 1.2 }, '≤ 1.2×'),
      wall(
        'seed audit (5 queries) / one query latency',
        seed.ms / latencyMs,
        '×',
        { max: 2.0 },
        '< 2× (concurrent, not 5×)',
      ),
      polling(
        'time added to a 2.5 s query (whole audit)',
        (single.ms - latencyMs) / latencyMs,
        '×',
        { max: 0.1 },
        '< 10%',
      ),
      polling('status calls for a 2.5 s query (each query)', polls, 'calls', { max: 15 }, '≤ 15'),
    );
  });

  if (options.long) {
    await withEmulator(bucketsDir, { queueMs: 0, runMs: 30_000 }, async (emulator, inputs) => {
      await audit(inputs); // creates the table
      const { calls: polls } = await withStatusCalls(emulator, () => audit(inputs));
      figures.push(
        polling('status calls for a 30 s query (each query)', polls, 'calls', { max: 15 }, '≤ 15'),
      );
    });
  }
  return figures;
}
