/**
 * The embedded engine over a local copy of a Security Lake bucket: `"database"."table"` is a DuckDB table with the
 * columns Security Lake's table has that the audit reads, and Athena's `"$path"`, filled with the window's
 * Parquet objects one at a time; the query sets' SQL runs on it unchanged, as on Athena. Version 1 keeps its
 * partitions in the keys (`region=`, `accountId=`, `eventDay=`), which are read from there as Hive partitions;
 * version 2's objects hold their region and account themselves.
 *
 * Each object is read bounded (security-lake-object.ts): one that is damaged or hostile (its footer, a page, its
 * columns' types, a value's size, its row count) is listed with its reason and the audit goes on. DuckDB runs
 * within a memory limit, on two threads, spilling to a temporary folder, and an aborted signal interrupts the
 * statement that runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type {
  Engine,
  PreparedTable,
  QueryResult,
  ReadFindings,
  TablePlan,
  TableRequest,
  UnreadableFile,
} from '../../core/engine.js';
import { AuditError } from '../../core/errors.js';
import type { SecurityLakeVersion } from '../../core/sources/ocsf.js';
import { securityLakeSource } from '../../core/sources/security-lake.js';
import { escapedStringLiteral, quoteIdentifier, type Statement } from '../../core/sql.js';
import { byteSize, plural } from '../../core/wording.js';
import { athenaText } from './athena-text.js';
import { openDuckDb } from './duckdb.js';
import { fileListComment } from './file-list.js';
import { findLakeWindow } from './security-lake-files.js';
import {
  cappedMacroSql,
  LAKE_MEMORY_LIMIT,
  LAKE_OBJECT_LIMITS,
  lakeTableSql,
  readLakeObject,
  type LakeObjectLimits,
} from './security-lake-object.js';

export { lakeTableSql } from './security-lake-object.js';

export interface SecurityLakeEngineOptions {
  readonly logsDir: string;
  readonly log?: (message: string) => void;
  /** The source version to read; the newest the copy holds unless given. */
  readonly version?: SecurityLakeVersion;
  /** Aborted on SIGINT or SIGTERM: the statement that runs is interrupted and the audit stops. */
  readonly signal?: AbortSignal;
  /** The bounds of each object; LAKE_OBJECT_LIMITS unless given. */
  readonly limits?: LakeObjectLimits;
}

/** DuckDB's threads: two, the cores of a CI runner. */
const LAKE_THREADS = 2;

/** Sets the connection's bounds and the reader's macro; the spill folder is the engine's own. */
async function boundConnection(
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
    cappedMacroSql(limits),
  ]) {
    await connection.run(setting);
  }
}

export class SecurityLakeLocalEngine implements Engine {
  readonly name = 'local';
  private readonly unreadable: UnreadableFile[] = [];
  private notes: readonly string[] = [];
  private bytesRead = 0;
  /** DuckDB runs one statement at a time per connection. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly interrupt = () => this.connection.interrupt();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly spill: string,
    private readonly options: SecurityLakeEngineOptions,
  ) {
    options.signal?.addEventListener('abort', this.interrupt, { once: true });
  }

  static async open(options: SecurityLakeEngineOptions): Promise<SecurityLakeLocalEngine> {
    const { instance, connection } = await openDuckDb();
    const spill = await mkdtemp(path.join(tmpdir(), 'support-audit-lake-'));
    try {
      await boundConnection(connection, spill, options.limits ?? LAKE_OBJECT_LIMITS);
    } catch (error) {
      connection.closeSync();
      instance.closeSync();
      await rm(spill, { recursive: true, force: true });
      throw error;
    }
    return new SecurityLakeLocalEngine(instance, connection, spill, {
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
          title: `Local table of the window's Security Lake objects, read one at a time`,
          sql: [
            fileListComment(found.objects, 'Security Lake object'),
            '-- each object above checked (its footer, row count and column types), then its rows inserted',
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
    this.notes = found.notes;
    const limits = this.options.limits ?? LAKE_OBJECT_LIMITS;
    const listed = `${plural(found.objects.length, 'Security Lake object')} (${byteSize(found.objects.reduce((sum, o) => sum + o.bytes, 0))})`;
    this.options.log?.(
      `Reading ${listed} in the window's partitions (source version ${found.version}), one at a time`,
    );
    await this.statement(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(request.database)}`);
    await this.statement(lakeTableSql(request, found.version));
    const into = {
      table: request,
      version: found.version,
      root: found.root,
      limits,
      signal: this.options.signal,
    };
    let read = 0;
    for (const object of found.objects) {
      this.stopIfAborted();
      const outcome = await this.serially(() => readLakeObject(this.connection, object, into)).catch(
        (error: unknown) => {
          this.stopIfAborted();
          throw error;
        },
      );
      if ('reason' in outcome) {
        this.unreadable.push({ path: object.key, reason: outcome.reason });
        this.options.log?.(`Set aside ${object.key}, which cannot be read: ${outcome.reason}`);
      } else {
        read += 1;
        this.bytesRead += object.bytes;
      }
    }
    this.stopIfAborted();
    const summary = `${plural(read, 'Security Lake object')} (${byteSize(this.bytesRead)})`;
    return {
      layout: found.layout,
      actions: [`${summary} from the window's eventDay partitions, source version ${found.version}`],
      found: found.found,
      source: securityLakeSource(found.version),
    };
  }

  private stopIfAborted(): void {
    const { signal } = this.options;
    if (!signal?.aborted) return;
    const why = signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
    throw new AuditError(`The local audit of Security Lake objects was stopped (${why}): no result.`);
  }

  /** Runs `work` after the statements before it: DuckDB runs one statement at a time per connection. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async statement(sql: string): Promise<void> {
    await this.serially(() => this.connection.run(sql));
  }

  async run(statement: Statement): Promise<QueryResult> {
    this.stopIfAborted();
    const started = Date.now();
    try {
      const reader = await this.serially(() =>
        this.connection.runAndReadAll(statement.sql, [...statement.parameters]),
      );
      const totalMs = Date.now() - started;
      return {
        columns: reader.columnNames(),
        rows: reader.getRowsJson().map((row) => row.map(athenaText)),
        statistics: {
          dataScannedBytes: this.bytesRead,
          engineExecutionMs: totalMs,
          queueMs: 0,
          totalMs,
          reusedPreviousResult: false,
        },
      };
    } catch (error) {
      this.stopIfAborted();
      throw error;
    }
  }

  findings(): ReadFindings {
    return {
      unreadableFiles: [...this.unreadable].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      notes: this.notes,
    };
  }

  async close(): Promise<void> {
    this.options.signal?.removeEventListener('abort', this.interrupt);
    this.connection.closeSync();
    this.instance.closeSync();
    await rm(this.spill, { recursive: true, force: true });
  }
}
