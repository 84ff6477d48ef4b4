/**
 * The local engine's figures: whole audits of about a gigabyte of generated logs, each in its own process
 * (bench/local-audit.ts), against `zcat` alone (one core, the decompression floor) and `zcat | jq` computing
 * the same counts.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { addDays } from '../src/core/dates.js';
import { runProcess } from '../scripts/spawn.js';
import {
  ACCOUNTS,
  DATA,
  filesUnder,
  generate,
  REGIONS,
  ROOT,
  totalBytes,
  windowFiles,
  type Window,
} from './data.js';
import { figureGroup, type Figure } from './figures.js';

/** Timings on a shared machine wander: each local figure is the median of this many runs. */
const RUNS = 3;

async function median<T>(measure: () => Promise<T>, key: (sample: T) => number): Promise<T> {
  const samples: T[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await measure());
  return samples.sort((a, b) => key(a) - key(b))[Math.floor(RUNS / 2)]!;
}

/** Milliseconds a shell pipeline takes, its output thrown away. */
function time(command: string): number {
  const started = performance.now();
  execFileSync('bash', ['-c', command], { stdio: ['ignore', 'ignore', 'inherit'] });
  return performance.now() - started;
}

interface LocalAudit {
  readonly ms: number;
  readonly maxRssBytes: number;
  readonly supportCalls: number;
  readonly filesRead: number;
}

async function localAudit(dir: string, window: Window): Promise<LocalAudit> {
  const run = await runProcess(
    process.execPath,
    ['--import', 'tsx', 'bench/local-audit.ts', dir, window.start, window.end],
    { cwd: ROOT },
  );
  if (run.code !== 0)
    throw new Error(`bench/local-audit.ts exited with ${run.code ?? run.signal}:\n${run.stderr}`);
  return JSON.parse(run.stdout) as LocalAudit;
}

/** jq computing the audit's counts: events of the window by AWS Support, by each of the three signs. */
function jqProgram(window: Window): string {
  const end = addDays(window.end, 1);
  return `[inputs | .Records[] | select(.eventTime >= "${window.start}" and .eventTime < "${end}") | {s: (.sourceIPAddress == "support.amazonaws.com"), r: ((.userIdentity.arn // "") | test("^arn:aws(-us-gov|-cn)?:sts::[^:]*:assumed-role/AWSServiceRoleForSupport/")), i: (.userIdentity.invokedBy == "support.amazonaws.com")} | select(.s or .r or .i)] | {supportCalls: length, bySourceIp: map(select(.s)) | length, bySupportRole: map(select(.r)) | length, byInvokedBy: map(select(.i)) | length}`;
}

export async function localFigures(options: { sizeMb: number }): Promise<Figure[]> {
  const recordsPerFile = 400;
  const bytesPerRecord = 1140;
  const days = 10;
  const filesPerDay = Math.max(
    1,
    Math.ceil(
      (options.sizeMb * 1e6) / (bytesPerRecord * recordsPerFile * days * ACCOUNTS.length * REGIONS.length),
    ),
  );
  const { dir, result } = await generate('local', {
    start: '2026-10-01',
    end: '2026-10-10',
    accounts: ACCOUNTS,
    regions: REGIONS,
    filesPerDay,
    recordsPerFile,
    supportCallsPerFile: 2,
  });
  const window = { start: '2026-10-01', end: '2026-10-09' };
  const { files, bytes } = windowFiles(dir, window);
  const list = path.join(DATA, 'local-files.txt');
  writeFileSync(list, files.join('\n'));
  const mb = (result.uncompressedBytes * (bytes / totalBytes(filesUnder(dir)))) / 1e6;
  console.error(
    `Local engine on ${mb.toFixed(0)} MB uncompressed (${(bytes / 1e6).toFixed(0)} MB gzip) in ${files.length} files…`,
  );

  const zcatMs = await median(
    async () => time(`xargs -a ${list} cat | zcat > /dev/null`),
    (ms) => ms,
  );
  const jqMs = time(`xargs -a ${list} cat | zcat | jq -n '${jqProgram(window)}' > /dev/null`);
  const local = await median(
    () => localAudit(dir, window),
    (run) => run.ms,
  );
  const half = { start: window.start, end: addDays(window.start, 3) };
  const halfBytes = windowFiles(dir, half).bytes;
  const localHalf = await median(
    () => localAudit(dir, half),
    (run) => run.ms,
  );

  const throughput = (ms: number) => mb / (ms / 1000);
  const figure = figureGroup(
    `Local engine, ${mb.toFixed(0)} MB uncompressed (${files.length} files, 2 cores, median of ${RUNS})`,
  );
  return [
    figure(
      'local engine throughput / zcat alone',
      throughput(local.ms) / throughput(zcatMs),
      '×',
      { min: 1.0 },
      `≥ 1.0× (zcat ${throughput(zcatMs).toFixed(0)} MB/s, engine ${throughput(local.ms).toFixed(0)} MB/s)`,
    ),
    figure(
      'local engine throughput / zcat | jq',
      throughput(local.ms) / throughput(jqMs),
      '×',
      { min: 4.0 },
      `≥ 4× (zcat | jq ${throughput(jqMs).toFixed(0)} MB/s)`,
    ),
    figure('peak memory', local.maxRssBytes / 2 ** 20, 'MiB', { max: 1024 }, '< 1 GiB'),
    figure(
      'time per byte, 4-day window / 9-day window',
      localHalf.ms / halfBytes / (local.ms / bytes),
      '×',
      { max: 1.25 },
      '≈ 1 (linear in the window)',
    ),
    figure(
      "files read / files in the window's day folders",
      local.filesRead / files.length,
      '×',
      { max: 1 },
      "1 (only the window's days)",
    ),
  ];
}
