/**
 * Lays the real public CloudTrail records of `../shared/data/cloudtrail-real` (see its SOURCES.md; the variable
 * SUPPORT_AUDIT_REAL_LOGS names another folder) out as a copy
 * of a trail bucket, so the local engine meets every odd shape they hold: anonymised ids, missing userIdentity,
 * booleans as strings, placeholder values, an Insight record inside a log file, an empty Records list, broken JSON
 * and digests where log files belong. None of them is a call by AWS Support; they test the parser, not the counts.
 *
 * Files are regrouped, never edited: records of one source file and region share an object. Objects already in
 * S3 layout keep their keys (cloud-snitch, one of them under an organization id).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { TestContext } from 'vitest';
import type { AuditWindow } from '../../src/core/types.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The records are third-party files kept outside the repository, beside it where CI checks it out. A clone on
 * its own has no such folder: the tests that read it are then skipped, saying why (see `requireRealLogs`).
 */
export const REAL_LOGS_DIR = path.resolve(
  repoRoot,
  process.env.SUPPORT_AUDIT_REAL_LOGS || '../shared/data/cloudtrail-real',
);

/** Why the tests over the real records cannot run here, or undefined when they can. */
export const REAL_LOGS_MISSING = existsSync(REAL_LOGS_DIR)
  ? undefined
  : `no real CloudTrail records at ${REAL_LOGS_DIR} (kept outside the repository; set SUPPORT_AUDIT_REAL_LOGS to their folder)`;

/**
 * Skips the running test where the real records are not at hand, saying why: in the test's note (the verbose
 * reporter shows it) and on stderr, which every reporter shows.
 */
export function requireRealLogs(context: Pick<TestContext, 'skip'>): void {
  if (REAL_LOGS_MISSING === undefined) return;
  console.warn(`Skipped: ${REAL_LOGS_MISSING}`);
  context.skip(REAL_LOGS_MISSING);
}

/**
 * The window to audit the laid-out copy with: ten years, so nearly every record's eventTime falls inside it (the
 * audit filters on eventTime). Records from before it, or without a usable eventTime, are read but not counted.
 */
export const REAL_LOGS_WINDOW: AuditWindow = { start: '2016-01-01', end: '2025-12-31', lateDeliveryDays: 1 };

/** The delivery day every regrouped object is filed under: the day of the cloud-snitch objects. */
export const REAL_LOGS_DAY = '2025-03-06';

/** The account folder for records whose own account id is not 12 digits, and for all regrouped files. */
export const REAL_LOGS_ACCOUNT = '123456789012';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const S3_LAYOUT = /(?:^|\/)(AWSLogs\/.+)$/;

type Parsed =
  { kind: 'records'; records: unknown[] } | { kind: 'digest' } | { kind: 'invalid'; error: string };

interface SourceFile {
  /** Relative to REAL_LOGS_DIR. */
  readonly name: string;
  /** The file as stored, decompressed. */
  readonly text: string;
  readonly parsed: Parsed;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? walk(path.join(dir, entry.name)) : Promise.resolve([path.join(dir, entry.name)]),
    ),
  );
  return nested.flat();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The four formats SOURCES.md names, plus the Panther test wrappers `{ record: {...} }`. */
function parse(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    try {
      if (lines.length > 1)
        return { kind: 'records', records: lines.map((line) => JSON.parse(line) as unknown) };
    } catch {
      // Not JSON lines either: the file is broken.
    }
    return { kind: 'invalid', error: (error as Error).message };
  }
  if (Array.isArray(value)) {
    return {
      kind: 'records',
      records: value.map((item) => (isObject(item) && 'record' in item ? item.record : item)),
    };
  }
  if (isObject(value) && Array.isArray(value.Records)) return { kind: 'records', records: value.Records };
  if (isObject(value) && 'logFiles' in value && 'digestStartTime' in value) return { kind: 'digest' };
  return { kind: 'records', records: [value] };
}

async function readSources(): Promise<SourceFile[]> {
  const names = (await walk(REAL_LOGS_DIR))
    .map((file) => path.relative(REAL_LOGS_DIR, file).split(path.sep).join('/'))
    .filter((name) => name.endsWith('.json') || name.endsWith('.json.gz'))
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const raw = await readFile(path.join(REAL_LOGS_DIR, name));
      const text = (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
      return { name, text, parsed: parse(text) };
    }),
  );
}

/** A stable 16-character suffix, like the random one CloudTrail puts in its file names. */
function suffix(seed: string): string {
  return createHash('sha256').update(seed).digest('base64url').replace(/[-_]/g, 'x').slice(0, 16);
}

function field(record: unknown, key: string): unknown {
  return isObject(record) ? record[key] : undefined;
}

function regionOf(record: unknown): string {
  const region = field(record, 'awsRegion');
  return typeof region === 'string' && REGION.test(region) ? region : 'us-east-1';
}

function dayFolder(account: string, folder: string, region: string): string {
  return `AWSLogs/${account}/${folder}/${region}/${REAL_LOGS_DAY.replaceAll('-', '/')}`;
}

interface PlannedObject {
  readonly key: string;
  /** Uncompressed content. */
  readonly body: string;
  /** The records it holds when it is a CloudTrail log file the engine reads. */
  readonly records: readonly unknown[];
  readonly expectUnreadable: boolean;
}

const STAMP = REAL_LOGS_DAY.replaceAll('-', '');

function logFileName(account: string, region: string, index: number, seed: string): string {
  const minutes = index % 1440;
  const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}${String(minutes % 60).padStart(2, '0')}`;
  return `${account}_CloudTrail_${region}_${STAMP}T${time}Z_${suffix(seed)}.json.gz`;
}

function plan(sources: readonly SourceFile[]): PlannedObject[] {
  const objects: PlannedObject[] = [];
  let index = 0;
  let digests = 0;
  for (const source of sources) {
    const inLayout = S3_LAYOUT.exec(source.name);
    const { parsed } = source;
    if (parsed.kind === 'invalid') {
      // Broken JSON sits where log files do, so the engine must meet it and name it.
      const key = `${dayFolder(REAL_LOGS_ACCOUNT, 'CloudTrail', 'us-east-1')}/${logFileName(REAL_LOGS_ACCOUNT, 'us-east-1', index++, source.name)}`;
      objects.push({ key, body: source.text, records: [], expectUnreadable: true });
      continue;
    }
    if (parsed.kind === 'digest') {
      // The first digest goes where CloudTrail puts digests (never read); the others into a log folder by mistake.
      const proper = digests++ === 0;
      const folder = dayFolder(REAL_LOGS_ACCOUNT, proper ? 'CloudTrail-Digest' : 'CloudTrail', 'us-east-1');
      const name = proper
        ? `${REAL_LOGS_ACCOUNT}_CloudTrail-Digest_us-east-1_management-events_us-east-1_${STAMP}T000000Z.json.gz`
        : logFileName(REAL_LOGS_ACCOUNT, 'us-east-1', index++, source.name);
      objects.push({ key: `${folder}/${name}`, body: source.text, records: [], expectUnreadable: !proper });
      continue;
    }
    if (inLayout) {
      objects.push({
        key: inLayout[1]!,
        body: source.text,
        records: parsed.records,
        expectUnreadable: false,
      });
      continue;
    }
    if (source.name.includes('insights')) {
      // Delivered by CloudTrail Insights: a sibling folder the audit must not read.
      const key = `${dayFolder(REAL_LOGS_ACCOUNT, 'CloudTrail-Insight', 'us-east-1')}/${REAL_LOGS_ACCOUNT}_CloudTrail-Insight_us-east-1_${STAMP}T1200Z_${suffix(source.name)}.json.gz`;
      objects.push({ key, body: source.text, records: [], expectUnreadable: false });
      continue;
    }
    const named = /^(\d{12})_CloudTrail_([a-z0-9-]+)_\d{8}T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/.exec(
      path.basename(source.name),
    );
    if (named) {
      // A delivered file copied without its key: file it under its own account and region.
      const key = `${dayFolder(named[1]!, 'CloudTrail', named[2]!)}/${path.basename(source.name)}`;
      objects.push({ key, body: source.text, records: parsed.records, expectUnreadable: false });
      continue;
    }
    const byRegion = new Map<string, unknown[]>();
    for (const record of parsed.records) {
      const region = regionOf(record);
      const group = byRegion.get(region);
      if (group) group.push(record);
      else byRegion.set(region, [record]);
    }
    if (byRegion.size === 0) byRegion.set('us-east-1', []);
    for (const [region, records] of [...byRegion.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const key = `${dayFolder(REAL_LOGS_ACCOUNT, 'CloudTrail', region)}/${logFileName(REAL_LOGS_ACCOUNT, region, index++, `${source.name}/${region}`)}`;
      objects.push({ key, body: JSON.stringify({ Records: records }), records, expectUnreadable: false });
    }
  }
  return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export interface RealLogsLayout {
  /** Every object written, relative to the target folder, with forward slashes. */
  readonly files: string[];
  /** Objects in CloudTrail day folders the engine must list as unreadable: broken JSON and misplaced digests. */
  readonly expectedUnreadable: string[];
  /** Records in the CloudTrail log files written (what `readAllRealRecords` returns). */
  readonly records: number;
}

/** Writes the real records under `targetDir` as gzip objects of one trail bucket, in the delivery day REAL_LOGS_DAY. */
export async function layOutRealLogs(targetDir: string): Promise<RealLogsLayout> {
  const objects = plan(await readSources());
  for (const object of objects) {
    const file = path.join(targetDir, ...object.key.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, gzipSync(Buffer.from(object.body, 'utf8')));
  }
  return {
    files: objects.map((o) => o.key),
    expectedUnreadable: objects.filter((o) => o.expectUnreadable).map((o) => o.key),
    records: objects.reduce((sum, o) => sum + o.records.length, 0),
  };
}

/** Every record the laid-out CloudTrail log files hold, parsed, in key order: the input of an oracle. */
export async function readAllRealRecords(): Promise<unknown[]> {
  return plan(await readSources()).flatMap((o) => o.records);
}

/** The key and records of each CloudTrail log file the layout writes, for oracles that need the file too. */
export async function realLogFiles(): Promise<Array<{ key: string; records: readonly unknown[] }>> {
  return plan(await readSources())
    .filter((o) => o.records.length > 0)
    .map(({ key, records }) => ({ key, records }));
}
