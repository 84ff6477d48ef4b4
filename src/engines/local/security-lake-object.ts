/**
 * One Security Lake object read into the local table, bounded, or set aside with a reason a user can act on.
 * Objects are read one at a time, so whatever fails names its object, and each is checked before its rows are
 * read:
 *
 * 1. opened once, as a regular file whose real path is inside the copy, and read by DuckDB through that handle
 *    (where the system names open files, /dev/fd), so a file swapped after listing is never read instead;
 * 2. its footer walked in bounded memory (security-lake-footer.ts), with the rows its row groups declare held to two
 *    caps: a row count, and a least size a row takes (no CloudTrail event compresses below it);
 * 3. its schema read by DuckDB (`parquet_schema`): each column the audit reads must have the kind Security Lake
 *    writes (a struct, text, a time, a map of strings); a column it lacks reads as NULL, as a missing field does
 *    in a trail;
 * 4. its rows inserted into the table, each text value the audit reads held to a size, within DuckDB's memory
 *    limit (set by the engine), which a page of any declared size cannot pass.
 *
 * A time written as text is read as a time where it is one; elsewhere it is NULL, and the record undated.
 */
import { constants, existsSync } from 'node:fs';
import { open, readlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  ocsfPaths,
  VERSION_SPECS,
  type OcsfValue,
  type SecurityLakeVersion,
} from '../../core/sources/ocsf.js';
import { escapedStringLiteral, qualifiedName, quoteIdentifier, stringLiteral } from '../../core/sql.js';
import type { TableName } from '../../core/types.js';
import { byteSize, plural } from '../../core/wording.js';
import { checkParquetFooter, type FooterLimits } from './security-lake-footer.js';
import type { LakeObject } from './security-lake-files.js';

export interface LakeObjectLimits {
  readonly footer: FooterLimits;
  /** Rows one object may hold. */
  readonly rows: number;
  /** The least bytes of object a row takes: fewer says the object is not CloudTrail events. */
  readonly bytesPerRow: number;
  /** Bytes of one text value the audit reads. */
  readonly valueBytes: number;
}

/**
 * The limits, chosen well above what Security Lake writes (docs/security-lake.md says why): a footer of hundreds
 * of row groups of a few hundred columns; ten million rows (Iceberg's default target of 512 MB an object, at 50
 * bytes a row); 8 bytes a row (an event's random eventID alone takes about 20 in a GZIP page); 1 MiB a value
 * (CloudTrail truncates its largest fields at 100 KB).
 */
export const LAKE_OBJECT_LIMITS: LakeObjectLimits = {
  footer: { bytes: 16 * 2 ** 20, entries: 200_000, depth: 32 },
  rows: 10_000_000,
  bytesPerRow: 8,
  valueBytes: 2 ** 20,
};

/**
 * DuckDB's memory limit for the engine: an object is read within it, whatever a page declares, and the table
 * spills beyond it to a temporary folder.
 */
export const LAKE_MEMORY_LIMIT = '1GiB';

/** Athena's pseudo-column naming the object a record came from. */
const PATH_COLUMN = '"$path"';

/** What the audit reads of a column: text, a time, epoch milliseconds, or a map of text. */
type Leaf = 'text' | 'timestamp' | 'milliseconds' | 'map';
type Shape = Map<string, Shape | Leaf>;

const LEAF_TYPES: Record<Leaf, string> = {
  text: 'VARCHAR',
  timestamp: 'TIMESTAMP',
  milliseconds: 'BIGINT',
  map: 'MAP(VARCHAR, VARCHAR)',
};

/** Version 2's objects hold their region and account; version 1's are read from the keys, as Hive partitions. */
const OBJECT_PARTITIONS: Record<SecurityLakeVersion, readonly string[]> = {
  '2.0': ['region', 'accountid'],
  '1.0': [],
};
const KEY_PARTITIONS: Record<SecurityLakeVersion, readonly string[]> = {
  '2.0': [],
  '1.0': ['region', 'accountid', 'eventday'],
};

/** The columns and fields the audit reads of a version's objects, as a tree. */
function lakeShape(version: SecurityLakeVersion): Shape {
  const shape: Shape = new Map();
  const add = (names: readonly string[], leaf: Leaf) => {
    let node = shape;
    names.forEach((name, i) => {
      if (i === names.length - 1) {
        if (!node.has(name)) node.set(name, leaf);
        return;
      }
      const child = node.get(name);
      if (child instanceof Map) node = child;
      else node.set(name, (node = new Map()));
    });
  };
  const visit = (value: OcsfValue, leaf: Leaf) => {
    if (value.kind === 'time') visit(value.value, value.unit);
    else if (value.kind === 'first') value.values.forEach((v) => visit(v, leaf));
    else for (const names of ocsfPaths(value)) add(names, value.kind === 'unmapped' ? 'map' : leaf);
  };
  for (const value of Object.values(VERSION_SPECS[version].fields)) visit(value, 'text');
  for (const name of OBJECT_PARTITIONS[version]) add([name], 'text');
  return shape;
}

/** The keys of `unmapped` the audit reads: only these are kept of each record's map. */
function unmappedKeys(version: SecurityLakeVersion): string[] {
  const keys: string[] = [];
  const visit = (value: OcsfValue): void => {
    if (value.kind === 'unmapped') keys.push(value.key);
    else if (value.kind === 'first') value.values.forEach(visit);
    else if (value.kind === 'time') visit(value.value);
  };
  Object.values(VERSION_SPECS[version].fields).forEach(visit);
  return keys;
}

/** The table the audit's SQL reads, filled object by object, or left empty when no object can be read. */
export function lakeTableSql(name: TableName, version: SecurityLakeVersion): string {
  const type = (node: Shape | Leaf): string =>
    node instanceof Map
      ? `STRUCT(${[...node].map(([n, inner]) => `${quoteIdentifier(n)} ${type(inner)}`).join(', ')})`
      : LEAF_TYPES[node];
  const columns = [
    ...[...lakeShape(version)].map(([n, node]) => `${quoteIdentifier(n)} ${type(node)}`),
    ...KEY_PARTITIONS[version].map((n) => `${quoteIdentifier(n)} VARCHAR`),
    `${PATH_COLUMN} VARCHAR`,
  ];
  return `CREATE OR REPLACE TABLE ${qualifiedName(name)} (${columns.join(', ')})`;
}

/** A column of an object as `parquet_schema` describes it. */
interface SchemaNode {
  readonly name: string;
  readonly kind: 'struct' | 'map' | 'list' | 'value';
  /** DuckDB's type of a value; of a map, its value's. */
  readonly type: string;
  readonly children: readonly SchemaNode[];
}

type SchemaRow = [string, string | null, number | null, string | null, string | null, string | null];

/** The tree `parquet_schema`'s rows describe, depth first, each group followed by its children. */
function schemaTree(rows: readonly SchemaRow[]): SchemaNode {
  let next = 0;
  const node = (): SchemaNode => {
    const [name, type, count, converted, logical, repetition] = rows[next++]!;
    const children = Array.from({ length: Number(count ?? 0) }, node);
    if (children.length === 0) {
      return { name, kind: repetition === 'REPEATED' ? 'list' : 'value', type: type ?? '', children };
    }
    if (converted === 'MAP' || converted === 'MAP_KEY_VALUE' || logical?.startsWith('MapType')) {
      const [key, value] = children[0]?.children ?? [];
      const text = isText(key?.type) && value?.kind === 'value' && isText(value.type);
      return { name, kind: 'map', type: text ? 'VARCHAR' : (value?.type ?? ''), children };
    }
    const list = converted === 'LIST' || logical?.startsWith('ListType') || repetition === 'REPEATED';
    return { name, kind: list ? 'list' : 'struct', type: '', children };
  };
  return node();
}

function isText(type: string | undefined): boolean {
  return type === 'VARCHAR' || type === 'BLOB';
}

class Unfit extends Error {}

const NUMBER = /^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|FLOAT|DOUBLE|DECIMAL.*)$/;

/** What a column holds, as a reason says it. */
function described(node: SchemaNode): string {
  return node.kind === 'value' ? node.type : `a ${node.kind}`;
}

/** The SQL that reads a wanted leaf from the object's column, capped, or an Unfit naming what is wrong. */
function leafSql(
  reference: string,
  label: string,
  leaf: Leaf,
  node: SchemaNode,
  keys: readonly string[],
): string {
  const unfit = (kind: string) =>
    new Unfit(`${label} is ${described(node)}, where Security Lake writes ${kind}`);
  const { kind, type } = node;
  switch (leaf) {
    case 'text':
      if (kind !== 'value') throw unfit('text');
      return isText(type)
        ? `_lake_capped(${reference}, ${stringLiteral(label)})`
        : `CAST(${reference} AS VARCHAR)`;
    case 'timestamp':
      if (kind === 'value' && /^(TIMESTAMP|DATE)/.test(type)) return `CAST(${reference} AS TIMESTAMP)`;
      // Text is a time where it says one; an offset is taken into account (the session's time zone is UTC).
      if (kind === 'value' && isText(type)) return `CAST(TRY_CAST(${reference} AS TIMESTAMPTZ) AS TIMESTAMP)`;
      throw unfit('a timestamp');
    case 'milliseconds':
      if (kind === 'value' && (NUMBER.test(type) || isText(type))) return `TRY_CAST(${reference} AS BIGINT)`;
      throw unfit('a number of milliseconds');
    case 'map': {
      if (kind !== 'map' || type !== 'VARCHAR') throw unfit('a map of text');
      const wanted = keys.map(stringLiteral).join(', ');
      return (
        `map_from_entries(list_transform(list_filter(map_entries(${reference}), lambda e: e.key IN (${wanted})), ` +
        `lambda e: {'key': e.key, 'value': _lake_capped(e.value, ${stringLiteral(`${label} value`)})}))`
      );
    }
  }
}

/** The SQL that reads a wanted column or struct from the object's schema; NULL for what the object lacks. */
function columnSql(
  reference: string,
  label: string,
  wanted: Shape | Leaf,
  node: SchemaNode | undefined,
  keys: readonly string[],
): string {
  if (node === undefined) return 'NULL';
  if (!(wanted instanceof Map)) return leafSql(reference, label, wanted, node, keys);
  if (node.kind !== 'struct')
    throw new Unfit(`${label} is ${described(node)}, where Security Lake writes a struct`);
  const fields = [...wanted].map(([name, inner]) => {
    const child = node.children.find((c) => c.name.toLowerCase() === name);
    return `${quoteIdentifier(name)} := ${columnSql(`${reference}.${quoteIdentifier(name)}`, `${label}.${name}`, inner, child, keys)}`;
  });
  return `struct_pack(${fields.join(', ')})`;
}

/** The INSERT that reads an object into the table, or the reason its columns cannot be read as the audit's. */
export function lakeInsertSql(
  table: TableName,
  version: SecurityLakeVersion,
  object: LakeObject,
  readPath: string,
  schema: SchemaNode,
): { sql: string } | { reason: string } {
  const keys = unmappedKeys(version);
  const partitions = { region: object.region, accountid: object.account, eventday: object.day };
  try {
    const columns = [...lakeShape(version)].map(([name, wanted]) => {
      const node = schema.children.find((c) => c.name.toLowerCase() === name);
      if (node === undefined && OBJECT_PARTITIONS[version].includes(name)) {
        throw new Unfit(`lacks the column ${name}, which every source version ${version} object holds`);
      }
      return `${columnSql(quoteIdentifier(name), name, wanted, node, keys)} AS ${quoteIdentifier(name)}`;
    });
    for (const name of KEY_PARTITIONS[version]) {
      columns.push(
        `${escapedStringLiteral(partitions[name as keyof typeof partitions])} AS ${quoteIdentifier(name)}`,
      );
    }
    columns.push(`${escapedStringLiteral(object.absolutePath)} AS ${PATH_COLUMN}`);
    return {
      sql:
        `INSERT INTO ${qualifiedName(table)} BY NAME SELECT ${columns.join(', ')} ` +
        `FROM read_parquet(${escapedStringLiteral(readPath)}, binary_as_string = true)`,
    };
  } catch (error) {
    if (error instanceof Unfit) return { reason: error.message };
    throw error;
  }
}

/** How the reason for a value over the limit begins. */
const LONG_VALUE = 'a value of ';

/** The macro that holds a value the audit reads to the limit, failing the object's read with a reason. */
export function cappedMacroSql(limits: LakeObjectLimits): string {
  const limit = limits.valueBytes;
  return (
    `CREATE OR REPLACE MACRO _lake_capped(v, what) AS CASE WHEN strlen(v) > ${limit} ` +
    `THEN error('${LONG_VALUE}' || strlen(v) || ' bytes in ' || what || ', more than the ${byteSize(limit)} a CloudTrail field can hold') ` +
    'ELSE v END'
  );
}

/** Where the system names a file by an open handle: DuckDB then reads what was opened, not what a path holds now. */
const OPEN_FILES = existsSync('/proc/self/fd') ? '/proc/self/fd' : undefined;
/** What DuckDB's file reader takes as a pattern rather than a name. */
const PATTERN_CHARACTERS = /[*?[\]{}\\]/;

/** Opens an object as what it must be: a regular file, inside the copy by its real path. */
async function openObject(
  object: LakeObject,
  root: string,
): Promise<{ handle: FileHandle; readPath: string } | { reason: string }> {
  // Not blocking: a FIFO put where an object was listed is refused, not waited on.
  const handle = await open(object.absolutePath, constants.O_RDONLY | constants.O_NONBLOCK);
  const refuse = async (reason: string) => {
    await handle.close();
    return { reason };
  };
  if (!(await handle.stat()).isFile()) return refuse('not a regular file: not read');
  if (OPEN_FILES === undefined) {
    if (PATTERN_CHARACTERS.test(object.absolutePath)) {
      return refuse('named with characters DuckDB reads as a pattern (* ? [ ] { } \\): not read');
    }
    return { handle, readPath: object.absolutePath };
  }
  const readPath = `${OPEN_FILES}/${handle.fd}`;
  const real = await readlink(readPath);
  if (real !== root && !real.startsWith(`${root}${path.sep}`)) {
    return refuse(`now ${real}, outside the logs folder: not read`);
  }
  return { handle, readPath };
}

/** What reading an object came to: its rows in the table, or the reason it was set aside. */
export type ObjectOutcome = { readonly rows: number } | { readonly reason: string };

/** DuckDB's reason, its first line without its error class, naming the object by its key. */
function duckDbReason(error: unknown, readPath: string, object: LakeObject): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message
    .split('\n')[0]!
    .replaceAll(readPath, object.key)
    .replaceAll(object.absolutePath, object.key);
  const reason = line.replace(/^[A-Za-z ]+Error: /, '').trim();
  if (line.startsWith('Out of Memory Error')) {
    return `needs more memory than the ${LAKE_MEMORY_LIMIT} an object is read within (${reason})`;
  }
  return reason.startsWith(LONG_VALUE) ? reason : `could not be read: ${reason}`;
}

/** Where an object is read into, and within what. */
export interface LakeRead {
  /** A table made by lakeTableSql, on a connection with cappedMacroSql's macro. */
  readonly table: TableName;
  readonly version: SecurityLakeVersion;
  /** The copy's real path: an object must be inside it. */
  readonly root: string;
  readonly limits: LakeObjectLimits;
  /** Aborted: the object is not read, or its statement (interrupted by the caller) is not listed but thrown. */
  readonly signal?: AbortSignal;
}

/**
 * Reads one object into the table, or says why it cannot be. A statement that fails leaves the table as it was.
 */
export async function readLakeObject(
  connection: DuckDBConnection,
  object: LakeObject,
  { table, version, root, limits, signal }: LakeRead,
): Promise<ObjectOutcome> {
  let opened;
  try {
    opened = await openObject(object, root);
  } catch (error) {
    return { reason: `could not be opened: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  if ('reason' in opened) return opened;
  const { handle, readPath } = opened;
  try {
    const footer = await checkParquetFooter(handle, limits.footer);
    if ('reason' in footer) return footer;
    const rowsReason = tooManyRows(footer.rows, object.bytes, limits);
    if (rowsReason) return { reason: rowsReason };
    try {
      signal?.throwIfAborted();
      const reader = await connection.runAndReadAll(
        `SELECT name, duckdb_type, num_children, converted_type, logical_type, repetition_type ` +
          `FROM parquet_schema(${escapedStringLiteral(readPath)})`,
      );
      const schema = schemaTree(reader.getRowsJson() as SchemaRow[]);
      const insert = lakeInsertSql(table, version, object, readPath, schema);
      if ('reason' in insert) return insert;
      signal?.throwIfAborted();
      const result = await connection.run(insert.sql);
      return { rows: Number(result.rowsChanged) };
    } catch (error) {
      if (signal?.aborted) throw error;
      return { reason: duckDbReason(error, readPath, object) };
    }
  } finally {
    await handle.close();
  }
}

/** Why an object's declared rows are over a cap, or undefined. */
function tooManyRows(rows: number, bytes: number, limits: LakeObjectLimits): string | undefined {
  if (rows > limits.rows) {
    return `holds ${plural(rows, 'row')}, more than the ${limits.rows.toLocaleString('en-US')} the local engine reads from one object: audit this window on Athena (engine athena)`;
  }
  if (rows * limits.bytesPerRow > bytes) {
    return (
      `declares ${plural(rows, 'row')} in ${byteSize(bytes)}, under ${limits.bytesPerRow} bytes a row, which no CloudTrail event ` +
      'compresses to (its random eventID alone takes more): the object is damaged or not written by Security Lake; copy it again from the bucket'
    );
  }
  return undefined;
}
