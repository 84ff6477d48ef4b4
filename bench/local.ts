/**
 * The local engine's figures: whole commands as a user runs them (bench/cli-run.ts: `support-audit --logs`,
 * process start to exit, report files written), each in its own process, against `zcat` on the same files
 * (`xargs zcat`, and `cat | zcat`: one core, the decompression floor), on generated windows whose shape heads
 * each group: an organization trail's many small files with few support calls and with many, and large files.
 * A profile of the same audit in one process (bench/local-profile.ts) says where the time goes.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runProcess } from '../scripts/spawn.js';
import { cliAudit } from './cli-run.js';
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

export interface LocalAudit {
  readonly ms: number;
  readonly maxRssBytes: number;
  /** From process start to the end of the listing. */
  readonly listedMs: number;
  readonly supportCalls: number;
  readonly records: number;
  readonly filesRead: number;
  readonly unreadable: ReadonlyArray<{ file: string; reason: string }>;
}

/** One audit of the window, as a user runs it. */
export async function localAudit(dir: string, window: Window, organizationId?: string): Promise<LocalAudit> {
  const args = ['--logs', dir, '--start-date', window.start, '--end-date', window.end];
  const { ms, maxRssBytes, listedMs, summary } = await cliAudit(
    organizationId ? [...args, '--organization-id', organizationId] : args,
  );
  return {
    ms,
    maxRssBytes,
    listedMs,
    supportCalls: summary.totals.supportCalls,
    records: summary.coverage?.cells.reduce((sum, c) => sum + c.records, 0) ?? 0,
    filesRead: Number(
      /^([\d,]+) log files?/.exec(summary.table.actions[0] ?? '')?.[1]?.replaceAll(',', '') ?? NaN,
    ),
    unreadable: summary.unreadableFiles.map((f) => ({ file: path.basename(f.path), reason: f.reason })),
  };
}

/**
 * Where one audit's time goes, in seconds, from a profile in one process. The profile runs the source through
 * tsx, whose start-up is not the command's: start-up is the command's own time to the end of its listing
 * (`listedMs`), less the profile's listing.
 */
async function profile(
  dir: string,
  window: Window,
  listedMs: number,
  organizationId?: string,
): Promise<string> {
  const args = ['--import', 'tsx', 'bench/local-profile.ts', dir, window.start, window.end];
  const run = await runProcess(process.execPath, organizationId ? [...args, organizationId] : args, {
    cwd: ROOT,
  });
  if (run.code !== 0)
    throw new Error(`bench/local-profile.ts exited with ${run.code ?? run.signal}:\n${run.stderr}`);
  const spent = JSON.parse(run.stdout) as Record<string, number>;
  spent.startUp = Math.max(0, listedMs - spent.listing!);
  return Object.entries(spent)
    .map(
      ([step, ms]) => `${step.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)} ${(ms / 1000).toFixed(1)} s`,
    )
    .join(', ');
}

/** A window of generated logs to measure, and the targets it is held to. */
interface WindowBench {
  readonly name: string;
  readonly dir: string;
  readonly organizationId?: string;
  readonly window: Window;
  /** A smaller window of the same logs, for the figure that cost is linear. */
  readonly part: Window;
  /** JSON bytes of the generated logs, all days. */
  readonly uncompressedBytes: number;
  /** How the group's heading describes the logs. */
  readonly shape: (files: number, mb: number, gzipMb: number, records: number, calls: number) => string;
  readonly versusZcat: number;
}

async function windowFigures(bench: WindowBench): Promise<Figure[]> {
  const { dir, window, part, organizationId } = bench;
  const { files, bytes } = windowFiles(dir, window);
  const list = path.join(DATA, `${bench.name}-files.txt`);
  writeFileSync(list, files.join('\n'));
  const mb = (bench.uncompressedBytes * (bytes / totalBytes(filesUnder(dir)))) / 1e6;
  console.error(`Local engine, ${bench.name}: ${mb.toFixed(0)} MB of JSON in ${files.length} files…`);

  const xargsMs = await median(
    async () => time(`xargs -a ${list} zcat > /dev/null`),
    (ms) => ms,
  );
  const pipeMs = await median(
    async () => time(`xargs -a ${list} cat | zcat > /dev/null`),
    (ms) => ms,
  );
  const local = await median(
    () => localAudit(dir, window, organizationId),
    (run) => run.ms,
  );
  const partOf = windowFiles(dir, part);
  const localPart = await median(
    () => localAudit(dir, part, organizationId),
    (run) => run.ms,
  );
  const spent = await profile(dir, window, local.listedMs, organizationId);

  const throughput = (ms: number) => mb / (ms / 1000);
  const shape = bench.shape(files.length, mb, bytes / 1e6, local.records, local.supportCalls);
  const figure = figureGroup(`Local engine, the whole command: ${shape} (2 cores, median of ${RUNS})`);
  const target = `≥ ${bench.versusZcat.toFixed(1)}×`;
  return [
    figure(
      'support-audit throughput / xargs zcat',
      throughput(local.ms) / throughput(xargsMs),
      '×',
      { min: bench.versusZcat },
      `${target} (xargs zcat ${throughput(xargsMs).toFixed(0)} MB/s, support-audit ${throughput(local.ms).toFixed(0)} MB/s in ${(local.ms / 1000).toFixed(1)} s; in one process: ${spent})`,
    ),
    figure(
      'support-audit throughput / cat | zcat',
      throughput(local.ms) / throughput(pipeMs),
      '×',
      { min: bench.versusZcat },
      `${target} (cat | zcat ${throughput(pipeMs).toFixed(0)} MB/s)`,
    ),
    figure('peak memory', local.maxRssBytes / 2 ** 20, 'MiB', { max: 1024 }, '< 1 GiB'),
    figure(
      `time per file, ${partOf.files.length} files / ${files.length} files`,
      localPart.ms / partOf.files.length / (local.ms / files.length),
      '×',
      { max: 1.25 },
      '≈ 1 (linear in the files, start-up included)',
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

/** An organization trail's regions: a busy one, sixteen idle ones. */
const ORGANIZATION_REGIONS = [
  'us-east-1',
  ...[
    'us-east-2',
    'us-west-1',
    'us-west-2',
    'ca-central-1',
    'sa-east-1',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
  ],
  ...['eu-central-1', 'eu-north-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3'],
  ...['ap-southeast-1', 'ap-southeast-2'],
];
const ORGANIZATION_ACCOUNTS = ['111122223333', '444455556666', '777788889999'];
const ORGANIZATION_ID = 'o-a1b2c3d4e5';

/**
 * Many small files, as an organization trail delivers them: a file about every five minutes per account and
 * region, large in the busy region (80 to 240 records), a few records in each idle one (1 to 5). Realistic:
 * a few support calls per thousand records; dense: about one record in fourteen.
 */
async function smallFiles(name: string, supportCallsPerFile: number, versusZcat: number): Promise<Figure[]> {
  const { dir, result } = await generate(name, {
    start: '2026-10-01',
    end: '2026-10-03',
    accounts: ORGANIZATION_ACCOUNTS,
    regions: ORGANIZATION_REGIONS,
    organizationId: ORGANIZATION_ID,
    filesPerDay: 288,
    recordsPerFile: 160,
    sizeMix: { busyRegions: ['us-east-1'], idleRecordsPerFile: 3 },
    supportCallsPerFile,
  });
  const kind = supportCallsPerFile < 0.5 ? 'realistic' : 'dense';
  return windowFigures({
    name,
    dir,
    organizationId: ORGANIZATION_ID,
    window: { start: '2026-10-01', end: '2026-10-02' },
    part: { start: '2026-10-01', end: '2026-10-01' },
    uncompressedBytes: result.uncompressedBytes,
    shape: (files, mb, gzipMb, records, calls) =>
      `${kind} small files, an organization trail of ${ORGANIZATION_ACCOUNTS.length} accounts × ${ORGANIZATION_REGIONS.length} regions (1 busy), ${files.toLocaleString('en-US')} files of ${((gzipMb * 1e6) / files / 1024).toFixed(1)} KiB gzip on average, ${mb.toFixed(0)} MB of JSON, ${records.toLocaleString('en-US')} records, ${calls.toLocaleString('en-US')} support calls (one in ${Math.round(records / Math.max(1, calls))})`,
    versusZcat,
  });
}

/** Large files: every region busy, 400 records (about 450 KB of JSON) in each file. */
async function largeFiles(sizeMb: number): Promise<Figure[]> {
  const recordsPerFile = 400;
  const days = 10;
  const filesPerDay = Math.max(
    1,
    Math.ceil((sizeMb * 1e6) / (1140 * recordsPerFile * days * ACCOUNTS.length * REGIONS.length)),
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
  return windowFigures({
    name: 'large-files',
    dir,
    window: { start: '2026-10-01', end: '2026-10-09' },
    part: { start: '2026-10-01', end: '2026-10-04' },
    uncompressedBytes: result.uncompressedBytes,
    shape: (files, mb, gzipMb, records) =>
      `large files, ${ACCOUNTS.length} accounts × ${REGIONS.length} busy regions, ${files.toLocaleString('en-US')} files of ${((gzipMb * 1e6) / files / 1024).toFixed(0)} KiB gzip, ${mb.toFixed(0)} MB of JSON, ${records.toLocaleString('en-US')} records`,
    versusZcat: 1.8,
  });
}

export async function localFigures(options: { sizeMb: number }): Promise<Figure[]> {
  return [
    ...(await smallFiles('small-files', 0.05, 1.0)),
    ...(await smallFiles('small-files-dense', 1.3, 0.8)),
    ...(await largeFiles(options.sizeMb)),
  ];
}
