/**
 * A copy of a trail bucket converted to a copy of a Security Lake bucket: every record of the CloudTrail log
 * files, as an OCSF row, in Parquet objects laid out as Security Lake lays out its CloudTrail management events
 * (`aws/CLOUD_TRAIL_MGMT/VERSION/region=R/accountId=A/eventDay=YYYYMMDD/NAME.gz.parquet`). Each record keeps the
 * account and region of the trail folder it was delivered to and is filed under its event's day; one object per
 * account, region and day, rows in the order the log files held them. Deterministic for the same input.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { escapedStringLiteral } from '../../src/core/sql.js';
import type { SecurityLakeVersion } from '../../src/core/sources/ocsf.js';
import { securityLakeFolder } from '../../src/core/sources/security-lake.js';
import { ocsfRow, type Json } from './ocsf-row.js';
import { duckDbType, SECURITY_LAKE_COLUMNS } from './schema.js';

/** A log file of a trail, and the account and region its folder names. */
const LOG_FILE =
  /^(?:.*\/)?AWSLogs\/(?:o-[a-z0-9]+\/)?(\d{12})\/CloudTrail\/([a-z0-9-]+)\/\d{4}\/\d{2}\/\d{2}\/[^/]+\.json\.gz$/;

export interface ConvertResult {
  /** Keys of the objects written, relative to the output folder, sorted. */
  readonly objects: readonly string[];
  readonly records: number;
  /** Log files that could not be read, relative to the trail folder (none are converted). */
  readonly unreadable: readonly string[];
}

async function logFiles(trailDir: string): Promise<string[]> {
  const entries = await readdir(trailDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(trailDir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((key) => LOG_FILE.test(key))
    .sort();
}

/** The key of the object holding a partition's rows: its name is a hash of the partition, so it is stable. */
export function objectKey(
  version: SecurityLakeVersion,
  account: string,
  region: string,
  day: string,
): string {
  const name = createHash('sha256')
    .update(`${version}/${account}/${region}/${day}`)
    .digest('hex')
    .slice(0, 32);
  return `${securityLakeFolder(version)}/region=${region}/accountId=${account}/eventDay=${day}/${name}.gz.parquet`;
}

/** Writes `rows` as one GZIP-compressed Parquet object, through DuckDB on one thread so the bytes are stable. */
export async function writeParquet(
  rows: readonly Json[],
  version: SecurityLakeVersion,
  file: string,
  scratch: string,
): Promise<void> {
  const ndjson = path.join(scratch, 'rows.ndjson');
  await writeFile(ndjson, rows.map((row) => JSON.stringify(row)).join('\n'));
  await mkdir(path.dirname(file), { recursive: true });
  const columns = Object.entries(SECURITY_LAKE_COLUMNS[version])
    .map(([name, type]) => `${escapedStringLiteral(name)}: ${escapedStringLiteral(duckDbType(type))}`)
    .join(', ');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    await connection.run(
      `COPY (SELECT * FROM read_json(${escapedStringLiteral(ndjson)}, format = 'newline_delimited', ` +
        `columns = {${columns}})) TO ${escapedStringLiteral(file)} (FORMAT parquet, COMPRESSION gzip)`,
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Converts every readable log file under `trailDir` into objects under `outDir` (replacing its `aws/` folder). */
export async function convertTrail(
  trailDir: string,
  outDir: string,
  version: SecurityLakeVersion,
): Promise<ConvertResult> {
  const partitions = new Map<string, { account: string; region: string; day: string; rows: Json[] }>();
  const unreadable: string[] = [];
  let records = 0;
  for (const key of await logFiles(trailDir)) {
    const [, account, region] = LOG_FILE.exec(key)!;
    let parsed: { Records?: Json[] };
    try {
      parsed = JSON.parse(gunzipSync(await readFile(path.join(trailDir, key))).toString('utf8')) as {
        Records?: Json[];
      };
    } catch {
      unreadable.push(key);
      continue;
    }
    for (const record of parsed.Records ?? []) {
      const day = String(record.eventTime).slice(0, 10).replaceAll('-', '');
      const id = `${account}/${region}/${day}`;
      const partition = partitions.get(id) ?? { account: account!, region: region!, day, rows: [] };
      partition.rows.push(ocsfRow(record, version, { account: account!, region: region! }));
      partitions.set(id, partition);
      records++;
    }
  }
  await rm(path.join(outDir, 'aws'), { recursive: true, force: true });
  const scratch = await mkdtemp(path.join(tmpdir(), 'security-lake-'));
  const objects: string[] = [];
  try {
    for (const { account, region, day, rows } of partitions.values()) {
      const key = objectKey(version, account, region, day);
      await writeParquet(rows, version, path.join(outDir, key), scratch);
      objects.push(key);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return { objects: objects.sort(), records, unreadable };
}
