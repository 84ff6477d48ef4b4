/**
 * One audit as a user runs it, for the benchmark: `support-audit --logs DIR --start-date ... --end-date ...` as
 * the installed package runs it (bin/support-audit.js over the compiled lib/, which `npm run build` makes and
 * the package ships), in a process of its own, timed from process start to exit, report files written. Its peak memory comes from bench/peak-memory.mjs; the time of each line it
 * writes to stderr says where the time went (start-up and listing until "Found N log files", then the query,
 * measuring, rendering and writing until "Report files written").
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runProcess } from '../scripts/spawn.js';
import type { SummaryJson } from '../src/report/json.js';
import { ROOT } from './data.js';

/** The installed command. */
const BIN = path.join(ROOT, 'bin', 'support-audit.js');

let built = false;

/** Compiles the source into lib/, as packing the package does, once per benchmark run. */
function build(): void {
  if (built) return;
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  built = true;
}

export interface CliAudit {
  readonly ms: number;
  readonly maxRssBytes: number;
  /** Milliseconds from process start to the engine's "Found N log files" line: start-up and listing. */
  readonly listedMs: number;
  readonly summary: SummaryJson;
}

export async function cliAudit(args: readonly string[]): Promise<CliAudit> {
  build();
  const out = await mkdtemp(path.join(tmpdir(), 'support-audit-bench-'));
  const memory = path.join(out, 'peak-memory.txt');
  let listedMs = NaN;
  const started = performance.now();
  try {
    const run = await runProcess(process.execPath, [BIN, ...args, '--out', path.join(out, 'report')], {
      cwd: ROOT,
      env: {
        NODE_OPTIONS: `--import ${path.join(ROOT, 'bench', 'peak-memory.mjs')}`,
        SUPPORT_AUDIT_BENCH_MEMORY: memory,
      },
      onStderr: (text) => {
        if (Number.isNaN(listedMs) && /^Found [\d,]+ log files?/m.test(text))
          listedMs = performance.now() - started;
      },
    });
    const ms = performance.now() - started;
    if (run.code !== 0 && run.code !== 1) {
      throw new Error(
        `support-audit ${args.join(' ')} exited with ${run.code ?? run.signal}:\n${run.stderr}`,
      );
    }
    const summary = JSON.parse(
      await readFile(path.join(out, 'report', 'summary.json'), 'utf8'),
    ) as SummaryJson;
    const peaks = (await readFile(memory, 'utf8')).trim().split('\n').map(Number);
    return { ms, maxRssBytes: Math.max(...peaks), listedMs, summary };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
