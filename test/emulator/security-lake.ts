/**
 * Security Lake's CloudTrail management events tables in the emulator: registered in the catalog as Security
 * Lake registers them (version 2 an Iceberg table with time_dt; version 1 a Parquet table partitioned by region,
 * accountid and eventday), read through the product's Security Lake reader, with partitions pruned as Athena
 * prunes them (region and accountid IN lists, the time_dt range or eventday BETWEEN in the table's own WHERE).
 *
 * DataScannedInBytes models Parquet honestly: for each object of the partitions read, the compressed size of the
 * column chunks whose columns or fields the query names (`parquet_metadata`), plus the object's footer, which
 * every reader reads. A column the query never names costs nothing, as in Athena.
 */
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { addDays, eachDay } from '../../src/core/dates.js';
import type { SecurityLakeVersion } from '../../src/core/sources/ocsf.js';
import { escapedStringLiteral, quoteIdentifier } from '../../src/core/sql.js';
import { LocalEngine } from '../../src/engines/local/engine.js';
import { lakeTableSql } from '../../src/engines/local/security-lake-table.js';
import {
  SECURITY_LAKE_COLUMNS,
  VERSION_1_PARTITIONS,
  type ColumnType,
} from '../../scripts/generate-security-lake/schema.js';
import type { StoredTable } from './catalog.js';
import type { HiveColumn, HiveType } from './hive-ddl.js';
import { EmulatorLimitation, localPath, type ParameterValue, type ScannedFile } from './projection.js';
import type { Operand, PartitionPredicate } from './query-analysis.js';
import { isName, isSymbol, isWord, type Token } from './sql-tokens.js';

export interface SecurityLakeTableSpec {
  readonly database: string;
  readonly table: string;
  readonly version: SecurityLakeVersion;
  /** The version's folder, `s3://BUCKET/aws/CLOUD_TRAIL_MGMT/2.0`. */
  readonly location: string;
}

const LAKE_LOCATION = /\/aws\/CLOUD_TRAIL_MGMT\/(\d\.\d)\/?$/;

export function isSecurityLakeTable(table: StoredTable): boolean {
  return LAKE_LOCATION.test(table.location ?? '');
}

function hiveType(type: ColumnType): HiveType {
  if (typeof type === 'string') {
    return type === 'map'
      ? { kind: 'map', key: primitive('string'), value: primitive('string') }
      : primitive(type);
  }
  if (Array.isArray(type)) return { kind: 'array', element: hiveType((type as [ColumnType])[0]) };
  return {
    kind: 'struct',
    fields: Object.entries(type).map(([name, inner]) => ({ name, type: hiveType(inner as ColumnType) })),
  };
}

function primitive(name: string): HiveType {
  return { kind: 'primitive', name, args: [] };
}

/** The table as Glue holds it after Security Lake created it. */
export function securityLakeTable(spec: SecurityLakeTableSpec, createdAt: Date): StoredTable {
  const columns: HiveColumn[] = Object.entries(SECURITY_LAKE_COLUMNS[spec.version]).map(([name, type]) => ({
    name,
    type: hiveType(type),
  }));
  const iceberg = spec.version === '2.0';
  return {
    database: spec.database,
    name: spec.table,
    external: true,
    columns,
    partitionKeys: iceberg ? [] : VERSION_1_PARTITIONS.map((name) => ({ name, type: primitive('string') })),
    serdeProperties: {},
    ...(iceberg
      ? {}
      : {
          serde: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
          inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
        }),
    location: spec.location,
    properties: iceberg
      ? { table_type: 'ICEBERG', metadata_location: `${spec.location}/metadata/00000-emulated.metadata.json` }
      : { classification: 'parquet' },
    createdAt,
    ddl: '-- registered by Security Lake, not by DDL',
  };
}

/**
 * The tokens as the partition analysis reads them: `CAST(? AS timestamp)` as its bare `?`, so that a time bound
 * reads as a simple predicate on its column, and the time range that also keeps undated records,
 * `(time_dt >= ? AND time_dt < ? OR time_dt IS NULL OR ...)`, as its range alone. Athena prunes such a filter
 * to the range's partitions and those of records without a time; the emulator's copy files every record under
 * a day folder, where an undated record is read with its object.
 */
export function prunableTokens(tokens: readonly Token[]): Token[] {
  return withoutUndated(withoutCasts(tokens));
}

function withoutUndated(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const range = tokens.slice(i + 1, i + 9);
    const isRange =
      isSymbol(tokens[i], '(') &&
      isName(range[0]) &&
      isSymbol(range[1], '>=') &&
      isWord(range[3], 'and') &&
      isName(range[4]) &&
      isSymbol(range[5], '<') &&
      isWord(range[7], 'or');
    if (!isRange) {
      out.push(tokens[i]!);
      continue;
    }
    out.push(...range.slice(0, 7));
    let depth = 1;
    for (i += 9; i < tokens.length && depth > 0; i++) {
      if (isSymbol(tokens[i], '(')) depth++;
      else if (isSymbol(tokens[i], ')')) depth--;
    }
    i--;
  }
  return out;
}

function withoutCasts(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const [cast, open, value, as, , close] = tokens.slice(i, i + 6);
    if (
      isWord(cast, 'cast') &&
      isSymbol(open, '(') &&
      value?.kind === 'parameter' &&
      isWord(as, 'as') &&
      isSymbol(close, ')')
    ) {
      out.push(value);
      i += 5;
    } else out.push(tokens[i]!);
  }
  return out;
}

export interface LakeSelection {
  readonly regions: readonly string[];
  readonly accounts: readonly string[];
  /** First and last day read (`YYYY-MM-DD`), or undefined when the query bounds no day. */
  readonly days: { readonly first: string; readonly last: string } | undefined;
}

/** The partitions the table's filters select: Athena's pruning on region, accountid and the day. */
export function selectLakePartitions(
  predicates: readonly PartitionPredicate[] | undefined,
  parameters: readonly ParameterValue[],
): LakeSelection {
  const value = (o: Operand) => String('literal' in o ? o.literal : parameters[o.parameter]);
  const values = (column: string) =>
    (predicates ?? [])
      .filter((p) => p.column === column && p.operator === 'in')
      .flatMap((p) => p.operands.map(value));
  const day = (text: string) =>
    /^\d{8}$/.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6)}` : text.slice(0, 10);
  let first: string | undefined;
  let last: string | undefined;
  for (const p of predicates ?? []) {
    if (p.column === 'eventday' && p.operator === 'between') {
      [first, last] = p.operands.map((o) => day(value(o)));
    } else if (p.column === 'time_dt' && p.operator === '>=') first = day(value(p.operands[0]!));
    else if (p.column === 'time_dt' && p.operator === '<') last = addDays(day(value(p.operands[0]!)), -1);
  }
  return {
    regions: values('region'),
    accounts: values('accountid'),
    days: first !== undefined && last !== undefined ? { first, last } : undefined,
  };
}

/** Every column or field path the query names (`"actor"."user"."uid"`, `unmapped`), lower case. */
function namedPaths(tokens: readonly Token[]): string[][] {
  const paths: string[][] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isName(tokens[i]) || isSymbol(tokens[i - 1], '.')) continue;
    const names = [tokens[i]!.value.toLowerCase()];
    while (isSymbol(tokens[i + 1], '.') && isName(tokens[i + 2])) {
      names.push(tokens[i + 2]!.value.toLowerCase());
      i += 2;
    }
    paths.push(names);
  }
  return paths;
}

/** Parquet's own levels of a list or map, which no query names. */
const WRAPPERS = new Set(['list', 'element', 'array', 'key_value', 'map']);

/** Whether a column chunk (`path_in_schema`, `actor, user, uid`) holds a column or field the query names. */
export function namesChunk(named: ReadonlyArray<readonly string[]>, chunk: string): boolean {
  const levels = chunk
    .split(', ')
    .map((level) => level.toLowerCase())
    .filter((level) => !WRAPPERS.has(level));
  return named.some((p) => p.length <= levels.length && p.every((name, i) => levels[i] === name));
}

export async function footerBytes(file: string): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const tail = Buffer.alloc(8);
    await handle.read(tail, 0, 8, Math.max(0, size - 8));
    return tail.readUInt32LE(0) + 8;
  } finally {
    await handle.close();
  }
}

/** The objects of the selected partitions, as s3:// URIs with their local paths. */
async function partitionObjects(
  bucketsDir: string,
  location: string,
  selection: LakeSelection,
  days: readonly string[],
): Promise<Array<{ uri: string; file: string }>> {
  const values = async (folder: string, name: string, asked: readonly string[]) => {
    if (asked.length > 0) return asked;
    const entries = await readdir(localPath(bucketsDir, folder)).catch(() => [] as string[]);
    return entries.filter((e) => e.startsWith(`${name}=`)).map((e) => e.slice(name.length + 1));
  };
  const objects: Array<{ uri: string; file: string }> = [];
  for (const region of await values(location, 'region', selection.regions)) {
    const regionFolder = `${location}/region=${region}`;
    for (const account of await values(regionFolder, 'accountId', selection.accounts)) {
      for (const day of days) {
        const folder = `${regionFolder}/accountId=${account}/eventDay=${day.replaceAll('-', '')}`;
        const names = await readdir(localPath(bucketsDir, folder)).catch(() => [] as string[]);
        for (const name of names.filter((n) => !n.startsWith('_') && !n.startsWith('.')).sort()) {
          objects.push({ uri: `${folder}/${name}`, file: localPath(bucketsDir, `${folder}/${name}`) });
        }
      }
    }
  }
  return objects;
}

export interface OpenedLake {
  readonly engine: LocalEngine;
  readonly scannedFiles: ScannedFile[];
  /** Objects the reader could not read, with its reason: Athena fails the query on them. */
  readonly unreadable: ReadonlyArray<{ path: string; reason: string }>;
}

/**
 * Opens the product's reader on the partitions the plan selects, as `"database"."table"`, with the bytes each
 * object costs the query. Partitions without objects read as empty.
 */
export async function openSecurityLake(
  table: StoredTable,
  selection: LakeSelection,
  tokens: readonly Token[],
  bucketsDir: string,
): Promise<OpenedLake> {
  const location = table.location!.replace(/\/$/, '');
  const version = LAKE_LOCATION.exec(location)![1] as SecurityLakeVersion;
  if (selection.days === undefined) {
    throw new EmulatorLimitation(
      'a Security Lake query must bound its days (time_dt or eventday) in its WHERE',
    );
  }
  const { first, last } = selection.days;
  const objects = await partitionObjects(bucketsDir, location, selection, eachDay(first, last));
  const versionFolder = localPath(bucketsDir, location);
  const engine = await LocalEngine.open({
    source: 'security-lake',
    logsDir: versionFolder.slice(0, versionFolder.lastIndexOf(`${path.sep}aws${path.sep}`)),
    version,
  });
  const query = (sql: string) =>
    engine.run({ id: 'emulated-query', title: 'Security Lake table', sql, parameters: [] });
  try {
    if (objects.length === 0) {
      await query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(table.database)}`);
      await query(lakeTableSql({ database: table.database, table: table.name }, version));
      return { engine, scannedFiles: [], unreadable: [] };
    }
    await engine.prepare({
      database: table.database,
      table: table.name,
      source: 'security-lake',
      layouts: [
        {
          root: '',
          prefix: '',
          organizationId: undefined,
          accounts: selection.accounts,
          regions: selection.regions,
          projectionStart: first,
        },
      ],
      // Exactly the days the query selects: no day after them for late deliveries.
      window: { start: first, end: last, lateDeliveryDays: 0 },
    });
    const { unreadableFiles } = engine.findings();
    const named = namedPaths(tokens);
    const readable = objects.filter((o) => !unreadableFiles.some((u) => o.uri.endsWith(u.path)));
    const chunks = readable.length
      ? await query(
          `SELECT file_name, path_in_schema, total_compressed_size FROM parquet_metadata([${readable.map((o) => escapedStringLiteral(o.file)).join(', ')}])`,
        )
      : { rows: [] };
    const scannedFiles: ScannedFile[] = [];
    for (const object of readable) {
      let bytes = await footerBytes(object.file);
      for (const [file, chunk, size] of chunks.rows) {
        if (file === object.file && namesChunk(named, chunk!)) bytes += Number(size);
      }
      scannedFiles.push({ uri: object.uri, bytes });
    }
    return { engine, scannedFiles, unreadable: unreadableFiles };
  } catch (error) {
    await engine.close();
    throw error;
  }
}
