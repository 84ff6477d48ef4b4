/**
 * One Security Lake object checked before DuckDB reads it, or set aside with a reason a user can act on:
 *
 * 1. opened without blocking, as a regular file whose real path is inside the copy (looked at through the
 *    handle, where the system names open files: /proc/self/fd);
 * 2. its footer walked in bounded memory (security-lake-footer.ts), the rows its row groups declare held to two
 *    caps: a row count, and a least size a row takes (no CloudTrail event compresses below it);
 * 3. its schema read by DuckDB (`parquet_schema`, security-lake-table.ts): each column the audit reads must have
 *    the kind Security Lake writes; a column it lacks reads as NULL, as a missing field does in a trail.
 *
 * An object can also be read alone into the local table (readLakeObject), through the handle it was checked by,
 * each text value the audit reads held to a size, within DuckDB's memory limit: what fails then names it.
 */
import { constants, existsSync } from 'node:fs';
import { open, readlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SecurityLakeVersion } from '../../core/sources/ocsf.js';
import { escapedStringLiteral } from '../../core/sql.js';
import type { TableName } from '../../core/types.js';
import { byteSize, plural } from '../../core/wording.js';
import type { LakeObject } from './security-lake-files.js';
import { checkParquetFooter, type FooterLimits } from './security-lake-footer.js';
import {
  cappedMacroSql,
  lakeColumnsSql,
  lakeInsertSql,
  LONG_VALUE,
  schemaTree,
  type SchemaNode,
  type SchemaRow,
} from './security-lake-table.js';
import { messageOf } from '../../core/errors.js';

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

/** Where the system names a file by an open handle: DuckDB then reads what was opened, not what a path holds now. */
const OPEN_FILES = existsSync('/proc/self/fd') ? '/proc/self/fd' : undefined;
/** What DuckDB's file reader takes as a pattern rather than a name. */
export const PATTERN_CHARACTERS = /[*?[\]{}\\]/;

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
  const message = messageOf(error);
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

/**
 * The footer of an object open at `handle`, and the rows it declares against the caps: the digest of its
 * schema when it passes (security-lake-footer.ts).
 */
async function checkFooter(
  handle: FileHandle,
  object: LakeObject,
  limits: LakeObjectLimits,
): Promise<{ reason: string } | { schema: string }> {
  const footer = await checkParquetFooter(handle, limits.footer);
  if ('reason' in footer) return footer;
  const reason = tooManyRows(footer.rows, object.bytes, limits);
  return reason === undefined ? { schema: footer.schema } : { reason };
}

async function opened(
  object: LakeObject,
  root: string,
): Promise<{ handle: FileHandle; readPath: string } | { reason: string }> {
  try {
    return await openObject(object, root);
  } catch (error) {
    return { reason: `could not be opened: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
}

/**
 * Checks an object before DuckDB reads it: what it is, its footer, the rows it declares. When it passes, the
 * digest of its schema.
 */
export async function checkLakeObject(
  object: LakeObject,
  root: string,
  limits: LakeObjectLimits,
): Promise<{ reason: string } | { schema: string }> {
  const open = await opened(object, root);
  if ('reason' in open) return open;
  try {
    return await checkFooter(open.handle, object, limits);
  } finally {
    await open.handle.close();
  }
}

const SCHEMA_COLUMNS = 'name, duckdb_type, num_children, converted_type, logical_type, repetition_type';

/** An object whose footer passed, with the digest of its schema. */
export interface CheckedObject {
  readonly object: LakeObject;
  readonly schema: string;
}

/**
 * The schemas of checked objects, by absolute path: DuckDB reads one object of each schema digest, all at once;
 * when it refuses one of them, it reads every object alone, the one it refuses with its reason.
 */
export async function lakeSchemas(
  connection: DuckDBConnection,
  checked: readonly CheckedObject[],
): Promise<Map<string, SchemaNode | { reason: string }>> {
  const schemas = new Map<string, SchemaNode | { reason: string }>();
  const first = new Map<string, LakeObject>();
  for (const { object, schema } of checked) if (!first.has(schema)) first.set(schema, object);
  const files = [...first.values()].map((o) => escapedStringLiteral(o.absolutePath)).join(', ');
  try {
    const reader = await connection.runAndReadAll(
      `SELECT file_name, ${SCHEMA_COLUMNS} FROM parquet_schema([${files}])`,
    );
    const rows = new Map<string, SchemaRow[]>();
    for (const [file, ...row] of reader.getRowsJson() as Array<[string, ...SchemaRow]>) {
      rows.set(file, [...(rows.get(file) ?? []), row]);
    }
    const trees = new Map<string, SchemaNode>();
    for (const [schema, object] of first) {
      const own = rows.get(object.absolutePath);
      if (own === undefined) throw new Error(`parquet_schema named no ${object.absolutePath}`);
      trees.set(schema, schemaTree(own));
    }
    for (const { object, schema } of checked) schemas.set(object.absolutePath, trees.get(schema)!);
  } catch {
    for (const { object } of checked) {
      try {
        const reader = await connection.runAndReadAll(
          `SELECT ${SCHEMA_COLUMNS} FROM parquet_schema(${escapedStringLiteral(object.absolutePath)})`,
        );
        schemas.set(object.absolutePath, schemaTree(reader.getRowsJson() as SchemaRow[]));
      } catch (error) {
        schemas.set(object.absolutePath, { reason: duckDbReason(error, object.absolutePath, object) });
      }
    }
  }
  return schemas;
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
 * Reads one object into the table through the handle it was checked by, or says why it cannot be. A statement
 * that fails leaves the table as it was.
 */
export async function readLakeObject(
  connection: DuckDBConnection,
  object: LakeObject,
  { table, version, root, limits, signal }: LakeRead,
): Promise<ObjectOutcome> {
  const open = await opened(object, root);
  if ('reason' in open) return open;
  const { handle, readPath } = open;
  try {
    const footer = await checkFooter(handle, object, limits);
    if ('reason' in footer) return footer;
    try {
      signal?.throwIfAborted();
      const reader = await connection.runAndReadAll(
        `SELECT ${SCHEMA_COLUMNS} FROM parquet_schema(${escapedStringLiteral(readPath)})`,
      );
      const read = lakeColumnsSql(version, schemaTree(reader.getRowsJson() as SchemaRow[]));
      if ('reason' in read) return read;
      signal?.throwIfAborted();
      const result = await connection.run(lakeInsertSql(table, version, object, readPath, read.columns));
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

/** DuckDB's threads: two, the cores of a CI runner. */
const LAKE_THREADS = 2;

/** Sets the connection's bounds and the reader's macro; the spill folder is the engine's own. */
export async function boundConnection(
  connection: DuckDBConnection,
  spill: string,
  limits: LakeObjectLimits,
): Promise<void> {
  for (const setting of [
    `SET memory_limit = '${LAKE_MEMORY_LIMIT}'`,
    `SET threads = ${LAKE_THREADS}`,
    `SET temp_directory = ${escapedStringLiteral(spill)}`,
    // Times are read and written as UTC, whatever the machine's time zone.
    "SET TimeZone = 'UTC'",
    // The same /dev/fd name stands for another object once its handle is closed: nothing is cached by name.
    'SET enable_external_file_cache = false',
    cappedMacroSql(limits.valueBytes),
  ]) {
    await connection.run(setting);
  }
}
