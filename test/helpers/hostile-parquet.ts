/**
 * Damaged and hostile Security Lake objects for the tests and the benchmark: real Parquet written by DuckDB
 * (`COPY ... TO (FORMAT parquet)`) from a support call of a readable object, then changed where a test needs it,
 * and footers written byte by byte. Every support call here is SYNTHETIC.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { SecurityLakeVersion } from '../../src/core/sources/ocsf.js';
import { securityLakeFolder } from '../../src/core/sources/security-lake.js';
import { escapedStringLiteral } from '../../src/core/sql.js';

/** A support call's row: AWS Support's host name as its source (sourceIPAddress). */
const SUPPORT_ROW = "src_endpoint.domain = 'support.amazonaws.com'";

/** The folder of a day's objects in a copy. */
export function dayFolder(
  version: SecurityLakeVersion,
  { account, region, day }: { account: string; region: string; day: string },
): string {
  return `${securityLakeFolder(version)}/region=${region}/accountId=${account}/eventDay=${day.replaceAll('-', '')}`;
}

/** The first readable object of a version in a copy that holds a support call, to make rows from. */
export async function supportCallTemplate(root: string, version: SecurityLakeVersion): Promise<string> {
  const entries = await readdir(path.join(root, securityLakeFolder(version)), { recursive: true });
  const objects = entries.filter((e) => e.endsWith('.parquet')).sort();
  return duckDb(async (run) => {
    for (const object of objects) {
      const file = path.join(root, securityLakeFolder(version), object);
      const [[count]] = (await run(
        `SELECT count(*) FROM read_parquet(${escapedStringLiteral(file)}) WHERE ${SUPPORT_ROW}`,
      ).catch(() => [[0]])) as [[number]];
      if (Number(count) > 0) return file;
    }
    throw new Error(`no object under ${root} holds a support call`);
  });
}

async function duckDb<T>(work: (run: (sql: string) => Promise<unknown[][]>) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    return await work(async (sql) => (await connection.runAndReadAll(sql)).getRowsJson() as unknown[][]);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export interface SupportCallRows {
  /** How many rows: the support call over and over, each with its own eventID `PREFIX-N`. */
  readonly rows: number;
  readonly idPrefix: string;
  /** SQL for the time column of row `i` (`time_dt` in version 2, `"time"` in version 1); the template's if absent. */
  readonly time?: (i: string) => string;
  /** SQL replacing whole columns, by name (`api`, `unmapped`, ...). */
  readonly columns?: Readonly<Record<string, string>>;
}

/**
 * Writes `file` with rows made from the first support call of `template` (a readable object of the same
 * version), as Security Lake writes its objects: GZIP pages.
 */
export async function writeSupportCalls(
  template: string,
  file: string,
  version: SecurityLakeVersion,
  { rows, idPrefix, time, columns = {} }: SupportCallRows,
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const timeColumn = version === '2.0' ? 'time_dt' : '"time"';
  const replaced = [
    `struct_update(t.metadata, uid := '${idPrefix}-' || r.i) AS metadata`,
    ...(time ? [`${time('r.i')} AS ${timeColumn}`] : []),
    ...Object.entries(columns).map(([name, sql]) => `${sql} AS ${name}`),
  ];
  await duckDb((run) =>
    run(
      `COPY (SELECT t.* REPLACE (${replaced.join(', ')}) FROM ` +
        `(SELECT * FROM read_parquet(${escapedStringLiteral(template)}) WHERE ${SUPPORT_ROW} LIMIT 1) t, ` +
        `range(${rows}) r(i)) TO ${escapedStringLiteral(file)} (FORMAT parquet, COMPRESSION gzip)`,
    ),
  );
}

/** Overwrites `count` bytes in the middle of a column chunk (`api, operation`): its pages, past their headers. */
export async function damagePage(file: string, column: string, count = 16): Promise<void> {
  const [[start, size]] = (await duckDb((run) =>
    run(
      `SELECT coalesce(dictionary_page_offset, data_page_offset), total_compressed_size ` +
        `FROM parquet_metadata(${escapedStringLiteral(file)}) WHERE path_in_schema = ${escapedStringLiteral(column)}`,
    ),
  )) as [[string, string]];
  const bytes = await readFile(file);
  const middle = Number(start) + Math.floor(Number(size) / 2);
  bytes.fill(0xa5, middle, middle + count);
  await writeFile(file, bytes);
}

function varint(value: number): number[] {
  const out: number[] = [];
  let rest = BigInt(value);
  while (rest >= 0x80n) {
    out.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  out.push(Number(rest));
  return out;
}

/** A Parquet object of `footer` alone, framed as Parquet frames it: magic, footer, its length, magic. */
export async function writeFooterOnly(file: string, footer: Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const length = Buffer.alloc(4);
  length.writeUInt32LE(footer.length);
  await writeFile(file, Buffer.concat([Buffer.from('PAR1'), footer, length, Buffer.from('PAR1')]));
}

/**
 * A footer (Thrift compact) whose schema list declares `entries` elements and holds a few empty ones: DuckDB
 * makes room for every declared entry before reading the first. With two billion it refuses at once; with tens
 * of millions it allocates gigabytes. 37 bytes framed, as found in an attack on the reader.
 */
export function hostileFooter(entries: number): Buffer {
  const header = [0x15, 0x02, 0x19, 0xfc, ...varint(entries)];
  return Buffer.from([...header, ...new Array<number>(25 - header.length).fill(0)]);
}

/**
 * A well-formed footer (Thrift compact) of one row group of `chunks` column chunks, each holding only a file
 * offset: DuckDB makes room for every chunk (about 750 bytes each) before it finds them lacking.
 */
export function footerOfColumnChunks(chunks: number): Buffer {
  // FileMetaData { version 1, schema [ { name "s" } ], num_rows 0, row_groups [ { columns [ ... ] } ] }
  const header = [
    0x15,
    0x02,
    0x19,
    0x1c,
    0x48,
    0x01,
    0x73,
    0x00,
    0x16,
    0x00,
    0x19,
    0x1c,
    0x19,
    0xfc,
    ...varint(chunks),
  ];
  const chunk = [0x26, 0x00, 0x00];
  return Buffer.concat([
    Buffer.from(header),
    Buffer.from(Array.from({ length: chunks * chunk.length }, (_, i) => chunk[i % chunk.length]!)),
    Buffer.from([0x00, 0x00]),
  ]);
}

/** A footer whose first struct nests `levels` structs deep. */
export function nestedFooter(levels: number): Buffer {
  // Field 1 of each struct is a struct (header 0x1c), down to `levels`, then every struct's stop.
  return Buffer.from([...new Array<number>(levels).fill(0x1c), ...new Array<number>(levels + 1).fill(0x00)]);
}

/** Random bytes of a random length up to `maxLength`, from a seeded generator so a failure can be replayed. */
export function randomFooter(seed: number, maxLength = 2048): Buffer {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const bytes = Buffer.alloc(1 + Math.floor(next() * maxLength));
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256);
  return bytes;
}
