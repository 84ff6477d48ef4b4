/**
 * The result files of a million support calls, in bounded memory: events.json alone is larger than a string can
 * hold, so it and events.csv are written in pieces. The figure is the peak memory (maximum resident set) of a
 * process that holds the million calls and writes every result file, as a run does once its audit is measured.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runProcess } from '../scripts/spawn.js';
import { ROOT } from './data.js';
import { figureGroup, type Figure } from './figures.js';
import { RENDERED_CALLS, RENDERED_SHAPE } from './render-shape.js';

const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

export async function renderFigures(): Promise<Figure[]> {
  const { accounts, regions, days, sessions } = RENDERED_SHAPE;
  const calls = RENDERED_CALLS.toLocaleString('en-US');
  const figure = figureGroup(
    `Result files of ${calls} support calls: ${accounts} accounts × ${regions.length} regions, ${days} days, ${sessions.toLocaleString('en-US')} sessions (the files written from the result)`,
  );
  const out = await mkdtemp(path.join(tmpdir(), 'support-audit-bench-render-'));
  const memory = path.join(out, 'peak-memory.txt');
  try {
    console.error(`Writing the result files of ${calls} support calls…`);
    const started = performance.now();
    const run = await runProcess(
      process.execPath,
      [TSX, 'bench/render-million.ts', path.join(out, 'report')],
      {
        cwd: ROOT,
        env: {
          NODE_OPTIONS: `--import ${path.join(ROOT, 'bench', 'peak-memory.mjs')}`,
          SUPPORT_AUDIT_BENCH_MEMORY: memory,
        },
      },
    );
    const seconds = (performance.now() - started) / 1000;
    if (run.code !== 0)
      throw new Error(`bench/render-million.ts exited with ${run.code ?? run.signal}:\n${run.stderr}`);
    const peak = Math.max(...(await readFile(memory, 'utf8')).trim().split('\n').map(Number));
    const eventsJson = (await stat(path.join(out, 'report', 'events.json'))).size;
    return [
      figure(
        'peak memory',
        peak / 2 ** 20,
        'MiB',
        { max: 2048 },
        `< 2 GiB, the million calls held (about 700 MiB) and events.json of ${(eventsJson / 2 ** 20).toFixed(0)} MiB written (${seconds.toFixed(0)} s)`,
      ),
    ];
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
