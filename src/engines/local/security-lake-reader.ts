/**
 * The local engine's reader of a Security Lake bucket's copy (engine.ts): `"database"."table"` reads the
 * window's Parquet objects with the columns Security Lake's table has that the audit reads, and Athena's
 * `"$path"`; the query sets' SQL runs on it unchanged, as on Athena. Version 1 keeps its partitions in the keys
 * (`region=`, `accountId=`, `eventDay=`), read from there as Hive partitions; version 2's objects hold their
 * region and account themselves.
 *
 * Every object is checked before DuckDB reads it (security-lake-object.ts: what it is, its footer, its rows, its
 * columns' types), and one that fails is listed with its reason. The rest are read through a view, as fast as
 * DuckDB reads Parquet; should a query fail on what an object holds (a damaged page, a value over the cap, a
 * page over the memory limit), which DuckDB's message does not name, each object is read alone into a table
 * instead, the ones that fail are listed, and the query runs again. DuckDB runs within a memory limit, on two
 * threads, spilling to a temporary folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type {
  PreparedTable,
  ReadFindings,
  TablePlan,
  TableRequest,
  UnreadableFile,
} from '../../core/engine.js';
import type { SecurityLakeVersion } from '../../core/sources/ocsf.js';
import { securityLakeSource } from '../../core/sources/security-lake.js';
import { qualifiedName, quoteIdentifier, type Statement } from '../../core/sql.js';
import type { TableName } from '../../core/types.js';
import { byteSize, plural } from '../../core/wording.js';
import { mapConcurrently } from './concurrently.js';
import { fileListComment } from './file-list.js';
import { findLakeWindow } from './security-lake-files.js';
import type { LakeObject } from './security-lake-files.js';
import {
  boundConnection,
  checkLakeObject,
  LAKE_OBJECT_LIMITS,
  lakeSchemas,
  PATTERN_CHARACTERS,
  readLakeObject,
  type CheckedObject,
  type LakeObjectLimits,
} from './security-lake-object.js';
import { lakeColumnsSql, lakeTableSql, lakeViewSql } from './security-lake-table.js';
import type { LocalReader, ReaderContext, SecurityLakeCopyOptions } from './reader.js';
import { readRows, type Rows } from './statements.js';

/** Errors in the query's text, never in what an object holds: no object is read alone for them. */
const NOT_ABOUT_OBJECTS = /^(Error: )?(Parser|Catalog) Error/;

/** Objects whose schemas are read in one statement. */
const SCHEMA_BATCH = 256;
/** Objects checked at once: their opens and footer reads overlap, where one at a time each waits its turn. */
const CHECKS_AT_ONCE = 8;

function bytesOf(objects: readonly LakeObject[]): number {
  return objects.reduce((sum, o) => sum + o.bytes, 0);
}

/** `12 Security Lake objects (3.4 MB)`. */
function described(objects: readonly LakeObject[]): string {
  return `${plural(objects.length, 'Security Lake object')} (${byteSize(bytesOf(objects))})`;
}

export class SecurityLakeReader implements LocalReader {
  private readonly unreadable: UnreadableFile[] = [];
  /** The table the audit reads and the objects it reads them from, once prepared. */
  private read:
    { name: TableName; version: SecurityLakeVersion; root: string; objects: LakeObject[] } | undefined;
  /**
   * What DuckDB holds under the table's name: the view over the objects, or a table (the objects read into it
   * one at a time, or none to read). DuckDB replaces or drops a relation only as the kind it is.
   */
  private relation: 'view' | 'table' | undefined;

  private constructor(
    private readonly context: ReaderContext,
    private readonly spill: string,
    private readonly options: SecurityLakeCopyOptions,
  ) {}

  /** Nothing to check before DuckDB opens; once it has, it is bounded, and spills to a folder of its own. */
  static async check(
    options: SecurityLakeCopyOptions,
  ): Promise<(context: ReaderContext) => Promise<SecurityLakeReader>> {
    return async (context) => {
      const spill = await mkdtemp(path.join(tmpdir(), 'support-audit-lake-'));
      try {
        await boundConnection(context.connection, spill, options.limits ?? LAKE_OBJECT_LIMITS);
      } catch (error) {
        await rm(spill, { recursive: true, force: true });
        throw error;
      }
      return new SecurityLakeReader(context, spill, { ...options, logsDir: path.resolve(options.logsDir) });
    };
  }

  private get connection(): DuckDBConnection {
    return this.context.connection;
  }

  /** Nothing runs beside DuckDB, which the engine interrupts. */
  stop(): void {}

  async plan(request: TableRequest): Promise<TablePlan> {
    const found = await findLakeWindow(this.options.logsDir, request, this.options.version);
    return {
      tables: [{ name: request, layout: found.layout }],
      source: securityLakeSource(found.version),
      statements: [
        {
          id: 'create-table',
          title: `Local view over the window's Security Lake objects, each checked first`,
          sql: [
            fileListComment(found.objects, 'Security Lake object'),
            '-- each object above checked (its footer, row count and column types), then read through a view;',
            '-- should a query fail on what one holds, each is read alone into this table instead:',
            lakeTableSql(request, found.version),
          ].join('\n'),
          parameters: [],
        },
      ],
    };
  }

  async prepare(request: TableRequest): Promise<PreparedTable> {
    const found = await findLakeWindow(this.options.logsDir, request, this.options.version);
    this.unreadable.push(...found.unreadable);
    this.options.log?.(
      `Checking ${described(found.objects)} in the window's partitions (source version ${found.version})`,
    );
    await this.statement(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(request.database)}`);
    const checks = await mapConcurrently(found.objects, CHECKS_AT_ONCE, (object) => {
      this.stopIfAborted();
      return checkLakeObject(object, found.root, this.limits);
    });
    const checked: CheckedObject[] = [];
    found.objects.forEach((object, i) => {
      const check = checks[i]!;
      if ('reason' in check) this.setAside(object, check.reason);
      else checked.push({ object, schema: check.schema });
    });
    // Another window (the explanation's lead-in) is read afresh, whatever the last one was read through.
    await this.dropRelation();
    this.read = { name: request, version: found.version, root: found.root, objects: [] };
    const groups = new Map<string, { columns: readonly string[]; objects: LakeObject[] }>();
    for (let i = 0; i < checked.length; i += SCHEMA_BATCH) {
      this.stopIfAborted();
      const batch = checked.slice(i, i + SCHEMA_BATCH);
      const schemas = await lakeSchemas(this.connection, batch);
      for (const { object } of batch) {
        const schema = schemas.get(object.absolutePath)!;
        const read = 'reason' in schema ? schema : lakeColumnsSql(found.version, schema);
        if ('reason' in read) {
          this.setAside(object, read.reason);
          continue;
        }
        const group = groups.get(read.columns.join()) ?? { columns: read.columns, objects: [] };
        group.objects.push(object);
        groups.set(read.columns.join(), group);
        this.read.objects.push(object);
      }
    }
    // A name DuckDB would take as a pattern is read only by its handle, one object at a time.
    if (this.read.objects.some((o) => PATTERN_CHARACTERS.test(o.absolutePath))) await this.readOneByOne();
    else if (groups.size === 0) await this.makeRelation('table', lakeTableSql(request, found.version));
    else await this.makeRelation('view', lakeViewSql(request, found.version, [...groups.values()]));
    this.stopIfAborted();
    return {
      tables: [{ name: request, layout: found.layout }],
      // Each window's own notes, with its actions: the lead-in's are said as its own, after the audit's.
      actions: [
        `${this.summary()} from the window's eventDay partitions, source version ${found.version}`,
        ...found.notes,
      ],
      found: found.found,
      source: securityLakeSource(found.version),
    };
  }

  private get limits(): LakeObjectLimits {
    return this.options.limits ?? LAKE_OBJECT_LIMITS;
  }

  private summary(): string {
    return described(this.read?.objects ?? []);
  }

  private setAside(object: LakeObject, reason: string): void {
    this.unreadable.push({ path: object.key, reason });
    this.options.log?.(`Set aside ${object.key}, which cannot be read: ${reason}`);
  }

  /**
   * Reads every checked object alone into the table, in place of the view: what a query failed on (a damaged
   * page, a value over the cap, a page over the memory limit) is then named, and set aside.
   */
  private async readOneByOne(): Promise<void> {
    const read = this.read!;
    this.options.log?.(`Reading ${this.summary()} one at a time, to find the ones that cannot be read`);
    await this.dropRelation();
    await this.makeRelation('table', lakeTableSql(read.name, read.version));
    const into = { ...read, table: read.name, limits: this.limits, signal: this.options.signal };
    const objects = read.objects;
    read.objects = [];
    for (const object of objects) {
      this.stopIfAborted();
      const outcome = await readLakeObject(this.connection, object, into);
      if ('reason' in outcome) this.setAside(object, outcome.reason);
      else read.objects.push(object);
    }
  }

  private async makeRelation(kind: 'view' | 'table', sql: string): Promise<void> {
    await this.statement(sql);
    this.relation = kind;
  }

  private async dropRelation(): Promise<void> {
    if (this.read === undefined || this.relation === undefined) return;
    await this.statement(`DROP ${this.relation.toUpperCase()} IF EXISTS ${qualifiedName(this.read.name)}`);
    this.relation = undefined;
  }

  /** Between steps of long work: once the engine has stopped, nothing more is read. */
  private stopIfAborted(): void {
    const stopped = this.context.stopped();
    if (stopped) throw stopped;
  }

  private async statement(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  async query(statement: Statement): Promise<{ answer: Rows; scannedBytes: () => number }> {
    const query = () => readRows(this.connection, statement.sql, statement.parameters);
    let answer;
    try {
      answer = await query();
    } catch (error) {
      this.stopIfAborted();
      // Read alone already, or nothing to read: nothing more to learn by reading each object alone.
      if (this.relation !== 'view' || NOT_ABOUT_OBJECTS.test(String(error))) throw error;
      await this.readOneByOne();
      answer = await query();
    }
    return {
      answer,
      scannedBytes: () => bytesOf(this.read?.objects ?? []),
    };
  }

  findings(): ReadFindings {
    return {
      unreadableFiles: [...this.unreadable].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      notes: [],
    };
  }

  async close(): Promise<void> {
    await rm(this.spill, { recursive: true, force: true });
  }
}
