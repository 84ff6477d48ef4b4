/**
 * The embedded engine over a local copy of a Security Lake bucket: `"database"."table"` is a DuckDB view that
 * reads the window's Parquet objects natively (`read_parquet`), with the columns Security Lake's table has and
 * Athena's `"$path"`; the query sets' SQL runs on it unchanged, as on Athena. Version 1 keeps its partitions in
 * the keys (`region=`, `accountId=`, `eventDay=`), which the view reads as Hive partitions; version 2's objects
 * hold their region and account themselves. An object that cannot be read is listed, never fatal and never
 * dropped silently.
 */
import path from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type {
  Engine,
  EngineDescription,
  ReadTable,
  PreparedTable,
  QueryResult,
  ReadFindings,
  TablePlan,
  TableRequest,
  UnreadableFile,
} from '../../core/engine.js';
import { ocsfPaths, VERSION_SPECS, type SecurityLakeVersion } from '../../core/sources/ocsf.js';
import { securityLakeSource } from '../../core/sources/security-lake.js';
import {
  escapedStringLiteral,
  qualifiedName,
  quoteIdentifier,
  type SqlValue,
  type Statement,
} from '../../core/sql.js';
import type { TableName } from '../../core/types.js';
import { byteSize, plural } from '../../core/wording.js';
import { athenaText } from './athena-text.js';
import { openDuckDb } from './duckdb.js';
import { fileListComment } from './file-list.js';
import { findLakeWindow, type LakeObject } from './security-lake-files.js';
import { describeLocal } from './description.js';

export interface SecurityLakeEngineOptions {
  readonly logsDir: string;
  readonly log?: (message: string) => void;
  /** The source version to read; the newest the copy holds unless given. */
  readonly version?: SecurityLakeVersion;
}

/** The view over the objects, or, with none to read, an empty table with every column the audit reads. */
export function lakeViewSql(
  name: TableName,
  version: SecurityLakeVersion,
  objects: readonly LakeObject[],
  /** How the objects are named in the SQL: a dry run names them in a comment above it instead. */
  { listed = true }: { listed?: boolean } = {},
): string {
  if (objects.length > 0) {
    const files = listed
      ? objects.map((o) => escapedStringLiteral(o.absolutePath)).join(', ')
      : `/* the ${plural(objects.length, 'object')} above */`;
    return (
      `CREATE OR REPLACE VIEW ${qualifiedName(name)} AS SELECT * EXCLUDE (filename), filename AS "$path" ` +
      `FROM read_parquet([${files}], filename = true, union_by_name = true, ` +
      `hive_partitioning = ${version === '1.0'}, hive_types_autocast = false)`
    );
  }
  // Each column read, as a tree of the fields read; leaves are text, which every expression over them accepts.
  type Node = Map<string, Node | 'VARCHAR'>;
  const tree: Node = new Map();
  for (const field of Object.values(VERSION_SPECS[version].fields)) {
    for (const names of ocsfPaths(field)) {
      let node = tree;
      names.forEach((n, i) => {
        const child = node.get(n);
        if (i === names.length - 1) node.set(n, child ?? 'VARCHAR');
        else if (child instanceof Map) node = child;
        else node.set(n, (node = new Map()));
      });
    }
  }
  const type = (node: Node | 'VARCHAR'): string =>
    node instanceof Map
      ? `STRUCT(${[...node].map(([n, inner]) => `${quoteIdentifier(n)} ${type(inner)}`).join(', ')})`
      : node;
  const columns = [...tree].map(([n, node]) =>
    n === 'unmapped' ? '"unmapped" MAP(VARCHAR, VARCHAR)' : `${quoteIdentifier(n)} ${type(node)}`,
  );
  columns.push('"region" VARCHAR', '"accountid" VARCHAR', '"eventday" VARCHAR', '"$path" VARCHAR');
  return `CREATE OR REPLACE TABLE ${qualifiedName(name)} (${columns.join(', ')})`;
}

export class SecurityLakeLocalEngine implements Engine {
  readonly name = 'local';
  private readonly objects = new Map<string, LakeObject>();
  private readonly unreadable: UnreadableFile[] = [];
  private notes: readonly string[] = [];
  private table: { name: TableName; version: SecurityLakeVersion } | undefined;
  /** The view must be built again: it does not exist yet, or it still reads an object set aside since. */
  private viewStale = true;
  /** DuckDB runs one statement at a time per connection, and a retry may replace the view. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly options: SecurityLakeEngineOptions,
  ) {}

  static async open(options: SecurityLakeEngineOptions): Promise<SecurityLakeLocalEngine> {
    const { instance, connection } = await openDuckDb();
    return new SecurityLakeLocalEngine(instance, connection, {
      ...options,
      logsDir: path.resolve(options.logsDir),
    });
  }

  async plan(request: TableRequest): Promise<TablePlan> {
    const found = await findLakeWindow(this.options.logsDir, request, this.options.version);
    return {
      layout: found.layout,
      source: securityLakeSource(found.version),
      statements: [
        {
          id: 'create-table',
          title: `Local view over the Security Lake objects of the window`,
          sql: `${fileListComment(found.objects, 'Security Lake object')}\n${lakeViewSql(request, found.version, found.objects, { listed: false })}`,
          parameters: [],
        },
      ],
    };
  }

  async prepare(request: TableRequest): Promise<PreparedTable> {
    const found = await findLakeWindow(this.options.logsDir, request, this.options.version);
    this.unreadable.push(...found.unreadable);
    this.notes = found.notes;
    for (const object of found.objects) this.objects.set(object.absolutePath, object);
    this.table = { name: request, version: found.version };
    await this.connection.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(request.database)}`);
    await this.readFooters();
    const bytes = [...this.objects.values()].reduce((sum, o) => sum + o.bytes, 0);
    const read = `${plural(this.objects.size, 'Security Lake object')} (${byteSize(bytes)})`;
    this.options.log?.(`Found ${read} in the window's partitions (source version ${found.version})`);
    return {
      layout: found.layout,
      actions: [`${read} from the window's eventDay partitions, source version ${found.version}`],
      found: found.found,
      source: securityLakeSource(found.version),
    };
  }

  /**
   * Runs the query `sql()` builds until it no longer fails on an object: each object an error names is set aside
   * as unreadable, with DuckDB's reason, and the view is rebuilt without it.
   */
  private async untilReadable(sql: () => string, parameters: readonly SqlValue[]): Promise<QueryResult> {
    for (;;) {
      const started = Date.now();
      try {
        // Creating the view reads every object's footer: an object cut short fails here already.
        if (this.viewStale) await this.replaceView();
        const reader = await this.connection.runAndReadAll(sql(), [...parameters]);
        const totalMs = Date.now() - started;
        return {
          columns: reader.columnNames(),
          rows: reader.getRowsJson().map((row) => row.map(athenaText)),
          statistics: {
            dataScannedBytes: [...this.objects.values()].reduce((sum, o) => sum + o.bytes, 0),
            engineExecutionMs: totalMs,
            queueMs: 0,
            totalMs,
            reusedPreviousResult: false,
          },
        };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const object = [...this.objects.values()].find((o) => message.includes(o.absolutePath));
        if (!object) throw error;
        this.objects.delete(object.absolutePath);
        this.viewStale = true;
        const reason = message.split('\n')[0]!.replaceAll(object.absolutePath, object.key).trim();
        this.unreadable.push({ path: object.key, reason });
        this.options.log?.(`Set aside ${object.key}, which cannot be read: ${reason}`);
      }
    }
  }

  /** Reads every object's footer, so that an object cut short is set aside before any query runs. */
  private async readFooters(): Promise<void> {
    const list = () => [...this.objects.keys()].map(escapedStringLiteral).join(', ');
    if (this.objects.size > 0) {
      await this.untilReadable(() => `SELECT count(*) FROM parquet_file_metadata([${list()}])`, []);
    }
  }

  private async replaceView(): Promise<void> {
    if (!this.table) return;
    const { name, version } = this.table;
    await this.connection.run(`DROP VIEW IF EXISTS ${qualifiedName(name)}`);
    await this.connection.run(`DROP TABLE IF EXISTS ${qualifiedName(name)}`);
    await this.connection.run(lakeViewSql(name, version, [...this.objects.values()]));
    this.viewStale = false;
  }

  run(statement: Statement): Promise<QueryResult> {
    const result = this.queue.then(() => this.untilReadable(() => statement.sql, statement.parameters));
    this.queue = result.catch(() => undefined);
    return result;
  }

  findings(): ReadFindings {
    return {
      unreadableFiles: [...this.unreadable].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      notes: this.notes,
    };
  }

  describe(read: ReadTable): EngineDescription {
    return describeLocal(read);
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
