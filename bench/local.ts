/**
 * The local engine's figures: whole audits of generated logs, each in its own process (bench/local-audit.ts),
 * against `zcat` alone (one core, the decompression floor) and `zcat | jq` computing the same counts, on two
 * windows: many small files shaped like an organization trail, and large files. Each group's heading states
 * the data's shape; the throughput figures give records per second beside bytes.
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

export interface LocalAudit {
  readonly ms: number;
  readonly maxRssBytes: number;
  readonly supportCalls: number;
  readonly records: number;
  readonly filesRead: number;
  readonly unreadable: ReadonlyArray<{ file: string; reason: string }>;
}

export async function localAudit(dir: string, window: Window, organizationId?: string): Promise<LocalAudit> {
  const args = ['--import', 'tsx', 'bench/local-audit.ts', dir, window.start, window.end];
  const run = await runProcess(process.execPath, organizationId ? [...args, organizationId] : args, {
    cwd: ROOT,
  });
  if (run.code !== 0)
    throw new Error(`bench/local-audit.ts exited with ${run.code ?? run.signal}:\n${run.stderr}`);
  return JSON.parse(run.stdout) as LocalAudit;
}

/** jq computing the audit's counts: events of the window by AWS Support, by each of the three signs. */
function jqProgram(window: Window): string {
  const end = addDays(window.end, 1);
  return `[inputs | .Records[] | select(.eventTime >= "${window.start}" and .eventTime < "${end}") | {s: (.sourceIPAddress == "support.amazonaws.com"), r: ((.userIdentity.arn // "") | test("^arn:aws(-us-gov|-cn)?:sts::[^:]*:assumed-role/AWSServiceRoleForSupport/")), i: (.userIdentity.invokedBy == "support.amazonaws.com")} | select(.s or .r or .i)] | {supportCalls: length, bySourceIp: map(select(.s)) | length, bySupportRole: map(select(.r)) | length, byInvokedBy: map(select(.i)) | length}`;
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
  readonly shape: (files: number, mb: number, gzipMb: number, records: number) => string;
  readonly versusZcat: number;
}

async function windowFigures(bench: WindowBench): Promise<Figure[]> {
  const { dir, window, part, organizationId } = bench;
  const { files, bytes } = windowFiles(dir, window);
  const list = path.join(DATA, `${bench.name}-files.txt`);
  writeFileSync(list, files.join('\n'));
  const mb = (bench.uncompressedBytes * (bytes / totalBytes(filesUnder(dir)))) / 1e6;
  console.error(`Local engine, ${bench.name}: ${mb.toFixed(0)} MB of JSON in ${files.length} files…`);

  const zcatMs = await median(
    async () => time(`xargs -a ${list} cat | zcat > /dev/null`),
    (ms) => ms,
  );
  const jqMs = time(`xargs -a ${list} cat | zcat | jq -n '${jqProgram(window)}' > /dev/null`);
  const local = await median(
    () => localAudit(dir, window, organizationId),
    (run) => run.ms,
  );
  const partOf = windowFiles(dir, part);
  const localPart = await median(
    () => localAudit(dir, part, organizationId),
    (run) => run.ms,
  );

  const throughput = (ms: number) => mb / (ms / 1000);
  const perSecond = (count: number, ms: number) => Math.round(count / (ms / 1000)).toLocaleString('en-US');
  const shape = bench.shape(files.length, mb, bytes / 1e6, local.records);
  const figure = figureGroup(`Local engine, ${shape} (2 cores, median of ${RUNS})`);
  return [
    figure(
      'local engine throughput / zcat alone',
      throughput(local.ms) / throughput(zcatMs),
      '×',
      { min: bench.versusZcat },
      `≥ ${bench.versusZcat.toFixed(1)}× (zcat ${throughput(zcatMs).toFixed(0)} MB/s, engine ${throughput(local.ms).toFixed(0)} MB/s, ${perSecond(local.records, local.ms)} records/s)`,
    ),
    figure(
      'local engine throughput / zcat | jq',
      throughput(local.ms) / throughput(jqMs),
      '×',
      { min: 4.0 },
      `≥ 4× (zcat | jq ${throughput(jqMs).toFixed(0)} MB/s, ${perSecond(local.records, jqMs)} records/s)`,
    ),
    figure('peak memory', local.maxRssBytes / 2 ** 20, 'MiB', { max: 1024 }, '< 1 GiB'),
    figure(
      `time per file, ${partOf.files.length} files / ${files.length} files`,
      localPart.ms / partOf.files.length / (local.ms / files.length),
      '×',
      { max: 1.25 },
      '≈ 1 (linear in the files)',
    ),
    figure(
      `time per byte, ${(partOf.bytes / 1e6).toFixed(0)} MB / ${(bytes / 1e6).toFixed(0)} MB of gzip`,
      localPart.ms / partOf.bytes / (local.ms / bytes),
      '×',
      { max: 1.25 },
      '≈ 1 (linear in the bytes)',
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
 * region, large in the busy region (80 to 240 records), a few records in each idle one (1 to 5).
 */
async function smallFiles(): Promise<Figure[]> {
  const { dir, result } = await generate('small-files', {
    start: '2026-10-01',
    end: '2026-10-03',
    accounts: ORGANIZATION_ACCOUNTS,
    regions: ORGANIZATION_REGIONS,
    organizationId: ORGANIZATION_ID,
    filesPerDay: 288,
    recordsPerFile: 160,
    sizeMix: { busyRegions: ['us-east-1'], idleRecordsPerFile: 3 },
    supportCallsPerFile: 0.2,
  });
  return windowFigures({
    name: 'small-files',
    dir,
    organizationId: ORGANIZATION_ID,
    window: { start: '2026-10-01', end: '2026-10-02' },
    part: { start: '2026-10-01', end: '2026-10-01' },
    uncompressedBytes: result.uncompressedBytes,
    shape: (files, mb, gzipMb, records) =>
      `small files: an organization trail, ${ORGANIZATION_ACCOUNTS.length} accounts × ${ORGANIZATION_REGIONS.length} regions (1 busy), ${files.toLocaleString('en-US')} files of ${((gzipMb * 1e6) / files / 1024).toFixed(1)} KiB gzip on average, ${mb.toFixed(0)} MB of JSON, ${records.toLocaleString('en-US')} records`,
    versusZcat: 1.0,
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
      `large files: ${ACCOUNTS.length} accounts × ${REGIONS.length} busy regions, ${files.toLocaleString('en-US')} files of ${((gzipMb * 1e6) / files / 1024).toFixed(0)} KiB gzip, ${mb.toFixed(0)} MB of JSON, ${records.toLocaleString('en-US')} records`,
    versusZcat: 1.8,
  });
}

export async function localFigures(options: { sizeMb: number }): Promise<Figure[]> {
  return [...(await smallFiles()), ...(await largeFiles(options.sizeMb))];
}
