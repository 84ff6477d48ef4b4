/**
 * The Security Lake figures: the same generated events as a trail's log files and as Security Lake's OCSF
 * Parquet objects (scripts/generate-security-lake), audited over the same window by the single scan. Bytes
 * scanned come from the emulator, which counts a trail's files whole and, for Parquet, the column chunks the
 * query names plus each object's footer (test/emulator/security-lake.ts); local times are whole audits in
 * this process, the median of five pairs run back to back.
 *
 * Data shape: 2 accounts × 2 regions × 7 days (2026-10-01 to 2026-10-07), 24 log files a day of 200 records
 * (134,400 records; 2 support calls per file), converted to one Security Lake object per account, region and
 * day; the window is 2026-10-02 to 2026-10-05, so both sources read 5 days of partitions.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeParquet } from '../scripts/generate-security-lake/convert.js';
import { convertTrail } from '../scripts/generate-security-lake/index.js';
import { ocsfRow, type Json } from '../scripts/generate-security-lake/ocsf-row.js';
import { ocsfPaths, VERSION_SPECS } from '../src/core/sources/ocsf.js';
import { runAudit } from '../src/core/audit.js';
import { SAMPLE_WINDOW, sampleLogsDir } from '../src/core/sample.js';
import type { RawInputs } from '../src/core/inputs.js';
import type { AuditResult } from '../src/core/result.js';
import { parseSettings } from '../src/core/settings.js';
import { securityLakeFolder, securityLakeTableName } from '../src/core/sources/security-lake.js';
import { AthenaEngine } from '../src/engines/athena/engine.js';
import { LocalEngine } from '../src/engines/local/engine.js';
import { LAKE_MEMORY_LIMIT } from '../src/engines/local/security-lake-object.js';
import { runProcess } from '../scripts/spawn.js';
import { startAthenaEmulator } from '../test/emulator/index.js';
import { footerBytes, namesChunk } from '../test/emulator/security-lake.js';
import { useEmulatorInThisProcess } from '../test/helpers/emulated-athena.js';
import {
  damagePage,
  dayFolder,
  footerOfColumnChunks,
  hostileFooter,
  supportCallTemplate,
  writeFooterOnly,
  writeSupportCalls,
} from '../test/helpers/hostile-parquet.js';
import { readAllRealRecords } from '../test/helpers/real-logs.js';
import { ACCOUNTS, DATA, generate, REGIONS, ROOT } from './data.js';
import { figureGroup, type Figure } from './figures.js';

const WINDOW = { 'start-date': '2026-10-02', 'end-date': '2026-10-05' };
const LAKE_BUCKET = 'aws-security-data-lake-us-east-1-bench';
const RUNS = 5;

/** The trail's events as Security Lake objects beside the trail bucket, converted once and kept. */
async function lakeCopy(trailDir: string): Promise<string> {
  const dir = path.join(path.dirname(trailDir), LAKE_BUCKET);
  const stamp = path.join(dir, securityLakeFolder('2.0'));
  if (!existsSync(stamp) || statSync(stamp).mtimeMs < statSync(trailDir).mtimeMs) {
    console.error('Converting the trail to Security Lake objects…');
    await convertTrail(trailDir, dir, '2.0');
  }
  return dir;
}

function bytesUnder(dir: string, days: readonly string[]): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && days.some((day) => e.parentPath.endsWith(`eventDay=${day}`)))
    .reduce((sum, e) => sum + statSync(path.join(e.parentPath, e.name)).size, 0);
}

async function athenaAudit(raw: RawInputs): Promise<AuditResult> {
  const settings = parseSettings(raw);
  const engine = await AthenaEngine.create(settings.athena);
  try {
    return await runAudit(settings, engine);
  } finally {
    await engine.close();
  }
}

/**
 * Local audits of both copies, each pair run back to back: the median of the pairs' time ratios (trail / lake)
 * and the last results. Pairs keep the load of a shared machine from favouring either side.
 */
async function localAudits(
  trailDir: string,
  lakeDir: string,
  scope: RawInputs,
): Promise<{ ratio: number; trail: AuditResult; lake: AuditResult; lakeMs: number }> {
  const timed = async (engine: LocalEngine, raw: RawInputs) => {
    const started = performance.now();
    try {
      return { result: await runAudit(parseSettings(raw), engine), ms: performance.now() - started };
    } finally {
      await engine.close();
    }
  };
  const pairs = [];
  for (let i = 0; i < RUNS; i++) {
    const trail = await timed(await LocalEngine.open({ logsDir: trailDir }), { ...scope, logs: trailDir });
    const lake = await timed(await LocalEngine.open({ source: 'security-lake', logsDir: lakeDir }), {
      ...scope,
      logs: lakeDir,
      source: 'security-lake',
    });
    pairs.push({ ratio: trail.ms / lake.ms, trail: trail.result, lake: lake.result, lakeMs: lake.ms });
  }
  return pairs.sort((a, b) => a.ratio - b.ratio)[Math.floor(RUNS / 2)]!;
}

function sameEvents(a: AuditResult, b: AuditResult): void {
  if (JSON.stringify([a.totals, a.events]) !== JSON.stringify([b.totals, b.events])) {
    throw new Error(
      'the trail and Security Lake audits disagree: the figures below would compare different work',
    );
  }
}

export async function securityLakeFigures(): Promise<Figure[]> {
  const { dir: trailDir, result } = await generate('security-lake/trail-bucket', {
    start: '2026-10-01',
    end: '2026-10-07',
    accounts: ACCOUNTS,
    regions: REGIONS,
    filesPerDay: 24,
    recordsPerFile: 200,
    supportCallsPerFile: 2,
  });
  const lakeDir = await lakeCopy(trailDir);
  const scope = { account: ACCOUNTS.join(','), region: REGIONS.join(','), ...WINDOW };
  const emulator = await startAthenaEmulator({
    bucketsDir: path.dirname(trailDir),
    workgroups: { primary: { outputLocation: 's3://results/' } },
    securityLakeTables: [
      {
        ...securityLakeTableName('us-east-1', '2.0'),
        version: '2.0',
        location: `s3://${LAKE_BUCKET}/${securityLakeFolder('2.0')}`,
      },
    ],
  });
  useEmulatorInThisProcess(emulator.endpoint);
  let trail: AuditResult;
  let lake: AuditResult;
  try {
    const trailInputs = { ...scope, bucket: 'trail-bucket', 'projection-start': '2026-01-01' };
    await athenaAudit(trailInputs); // creates the table
    trail = await athenaAudit(trailInputs);
    lake = await athenaAudit({ ...scope, source: 'security-lake' });
  } finally {
    await emulator.close();
  }
  sameEvents(trail, lake);
  const days = ['20261002', '20261003', '20261004', '20261005', '20261006'];
  const lakeWindowBytes = bytesUnder(lakeDir, days);

  const local = await localAudits(trailDir, lakeDir, scope);
  sameEvents(local.trail, local.lake);
  const records = local.lake.coverage!.cells.reduce((sum, c) => sum + c.records, 0);

  const figure = figureGroup(
    `Security Lake vs trail, same events (${(result.records / 1000).toFixed(0)}k records, 2 × 2 × 5 days read)`,
  );
  return [
    figure(
      'Security Lake / trail bytes scanned (single-scan)',
      lake.statistics.dataScannedBytes / trail.statistics.dataScannedBytes,
      '×',
      { max: 0.5 },
      `≤ 0.5× (trail ${(trail.statistics.dataScannedBytes / 2 ** 20).toFixed(1)} MiB, lake ${(lake.statistics.dataScannedBytes / 2 ** 20).toFixed(1)} MiB)`,
    ),
    figure(
      'same, on the ~850 public real CloudTrail records (one object)',
      await realRecordsRatio(),
      '×',
      { max: 0.8 },
      '≤ 0.8× (most of their bulk is in unmapped, which the audit reads)',
    ),
    figure(
      "Security Lake bytes scanned / its window's objects",
      lake.statistics.dataScannedBytes / lakeWindowBytes,
      '×',
      { max: 0.6 },
      '≤ 0.6× (columns named, not whole objects)',
    ),
    figure(
      'Security Lake local throughput / trail local throughput',
      local.ratio,
      '×',
      { min: 1.0 },
      `≥ 1.0× (lake ${(records / local.lakeMs).toFixed(0)}k records/s; median of ${RUNS} pairs)`,
    ),
    ...(await hostileObjectFigures()),
  ];
}

/** The hostile objects, by name, each with how its reason must begin. */
const HOSTILE = {
  'footer-30m-entries': 'its footer is damaged',
  'footer-at-the-cap': 'could not be read',
  'two-million-calls': 'declares 2,000,000 rows',
  'value-600-mib': 'needs more memory than',
  'damaged-page': 'could not be read',
} as const;
const HOSTILE_PLACE = { account: '111122223333', region: 'us-east-1', day: '2026-11-04' };

/** The sample's copy with the hostile objects in one day of its window, written once and kept. */
async function hostileCopy(): Promise<string> {
  const dir = path.join(DATA, 'security-lake-hostile');
  const stamp = path.join(dir, 'written.json');
  if (existsSync(stamp)) return dir;
  console.error('Writing hostile Security Lake objects (a 600 MiB value takes a while)…');
  rmSync(dir, { recursive: true, force: true });
  cpSync(sampleLogsDir('security-lake'), dir, { recursive: true });
  const folder = path.join(dir, dayFolder('2.0', HOSTILE_PLACE));
  const file = (name: keyof typeof HOSTILE) => path.join(folder, `${name}.gz.parquet`);
  const template = await supportCallTemplate(dir, '2.0');
  const inWindow = { time: () => "TIMESTAMP '2026-11-04 10:00:00'" };
  await writeFooterOnly(file('footer-30m-entries'), hostileFooter(30_000_000));
  // Just under the check's cap of 200,000 entries: the worst a footer that passes can cost DuckDB.
  await writeFooterOnly(file('footer-at-the-cap'), footerOfColumnChunks(199_000));
  await writeSupportCalls(template, file('two-million-calls'), '2.0', {
    ...inWindow,
    rows: 2_000_000,
    idPrefix: 'flood',
    columns: { unmapped: "MAP {'readOnly': 'true'}" },
  });
  await writeSupportCalls(template, file('value-600-mib'), '2.0', {
    ...inWindow,
    rows: 1,
    idPrefix: 'huge',
    columns: { api: `struct_update(t.api, operation := repeat('a', ${600 * 2 ** 20}))` },
  });
  await writeSupportCalls(template, file('damaged-page'), '2.0', {
    ...inWindow,
    rows: 500,
    idPrefix: 'page',
  });
  await damagePage(file('damaged-page'), 'api, operation');
  writeFileSync(stamp, JSON.stringify({ objects: Object.keys(HOSTILE) }));
  return dir;
}

/**
 * The local reader's bound on hostile objects, in a process of its own: a 37-byte footer declaring 30 million
 * entries (which made DuckDB's reader alone allocate 14 GiB), a footer at the check's cap, 2 million support
 * calls in 5 MB, a 600 MiB value and a damaged page, among the sample's objects. Each must be listed with its
 * reason, the rest read, within DuckDB's memory limit and Node's own.
 */
async function hostileObjectFigures(): Promise<Figure[]> {
  const dir = await hostileCopy();
  console.error('Security Lake local engine on hostile objects…');
  const child = await runProcess(
    process.execPath,
    ['--import', 'tsx', 'bench/security-lake-audit.ts', dir, SAMPLE_WINDOW.start, SAMPLE_WINDOW.end],
    { cwd: ROOT },
  );
  if (child.code !== 0) {
    throw new Error(
      `bench/security-lake-audit.ts exited with ${child.code ?? child.signal}:\n${child.stderr}`,
    );
  }
  const run = JSON.parse(child.stdout) as {
    ms: number;
    maxRssBytes: number;
    supportCalls: number;
    unreadable: Array<{ path: string; reason: string }>;
  };
  const listed = Object.entries(HOSTILE).filter(([name, reason]) =>
    run.unreadable.some((u) => u.path.endsWith(`/${name}.gz.parquet`) && u.reason.startsWith(reason)),
  );
  const figure = figureGroup(
    'Security Lake local engine, hostile objects: a 37-byte footer declaring 30 million entries, a footer at the cap, 2 million support calls in 5 MB, a 600 MiB value, a damaged page',
  );
  return [
    figure(
      'peak memory, the hostile objects in the window',
      run.maxRssBytes / 2 ** 20,
      'MiB',
      { max: 1536 },
      `≤ 1.5 GiB (DuckDB's limit of ${LAKE_MEMORY_LIMIT}, Node beside it)`,
    ),
    figure(
      'hostile objects listed as unreadable, with their reason',
      listed.length,
      'objects',
      { min: Object.keys(HOSTILE).length },
      `${Object.keys(HOSTILE).length} of ${Object.keys(HOSTILE).length}`,
    ),
    figure("the sample's support calls read beside them", run.supportCalls, 'calls', { min: 31 }, 'all 31'),
    figure('time of the whole audit', run.ms / 1000, 's', { max: 30 }, '≤ 30 s'),
  ];
}

/**
 * The same comparison on the ~850 public real CloudTrail records of the tests (test/helpers/real-logs.ts): the
 * bytes a trail's files of 200 records take, against what the emulator's model counts for one object of them
 * (the chunks of the columns the Security Lake SQL names, and the footer). Real records are heavier than the
 * generator's, and Security Lake keeps most of that bulk (requestParameters, responseElements) in the
 * `unmapped` map, which the audit must read for readOnly, recipientAccountId and the session issuer's name.
 */
export async function realRecordsRatio(): Promise<number> {
  const records = (await readAllRealRecords()) as Json[];
  let trailBytes = 0;
  for (let i = 0; i < records.length; i += 200) {
    trailBytes += gzipSync(JSON.stringify({ Records: records.slice(i, i + 200) })).length;
  }
  const scratch = mkdtempSync(path.join(tmpdir(), 'security-lake-real-'));
  try {
    const file = path.join(scratch, 'real.gz.parquet');
    const rows = records.map((r) =>
      ocsfRow(r, '2.0', { account: String(r.recipientAccountId), region: String(r.awsRegion) }),
    );
    await writeParquet(rows, '2.0', file, scratch);
    const named = [
      ...Object.values(VERSION_SPECS['2.0'].fields).flatMap(ocsfPaths),
      ['time_dt'],
      ['region'],
      ['accountid'],
    ];
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const chunks = await connection.runAndReadAll(
      `SELECT path_in_schema, total_compressed_size FROM parquet_metadata('${file}')`,
    );
    connection.closeSync();
    instance.closeSync();
    let lakeBytes = await footerBytes(file);
    for (const [chunk, size] of chunks.getRowsJson()) {
      if (namesChunk(named, String(chunk))) lakeBytes += Number(size);
    }
    return lakeBytes / trailBytes;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
