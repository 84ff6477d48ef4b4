/**
 * The embedded engine: DuckDB over a local copy of the trail bucket. `"database"."table"` is a view with the
 * Athena table's columns and types (see viewQuery on the case of nested field names) plus the layout's partition
 * columns, read straight from the window's files on every query, as Athena reads S3, so memory stays flat
 * however large the window is. It runs the same SQL text Athena runs; before each query the view is cut down
 * to the columns and fields that query names, as a columnar reader would read them: building the others would
 * cost a fifth of the scan. A file it cannot read is listed, never fatal and never dropped silently.
 */
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type {
  Engine,
  PreparedTable,
  QueryResult,
  ReadFindings,
  TablePlan,
  TableRequest,
  UnreadableFile,
} from '../../core/engine.js';
import type { TableLayout } from '../../core/layout.js';
import { CLOUDTRAIL_COLUMNS, duckDbType, projectColumns, type Column } from '../../core/schema.js';
import { qualifiedName, quoteIdentifier, type Statement } from '../../core/sql.js';
import { byteSize, plural } from '../../core/wording.js';
import { athenaText } from './athena-text.js';
import { findWindowFiles, type LogFile } from './files.js';
import { lookAt, type SizedLogFile } from './look.js';
import {
  columnPaths,
  PATH_COLUMN,
  PATHS_TABLE,
  READ_MODES,
  readJson,
  viewQuery,
  viewSql,
  type ParsedSql,
  type ReadMode,
  type ViewShape,
} from './view.js';

export interface LocalEngineOptions {
  readonly logsDir: string;
  readonly log?: (message: string) => void;
  /** How often a running query says how far it has read (default every 5 s). */
  readonly progressIntervalMs?: number;
}

const PROGRESS_INTERVAL_MS = 5000;

/** DuckDB's own default; larger CloudTrail files raise it to their decompressed size. */
const MIN_OBJECT_BYTES = 16 * 1024 * 1024;
/** For a single file looked at closely: room for any file CloudTrail delivers. */
const LARGEST_OBJECT_BYTES = 512 * 1024 * 1024;

/** What a close look at one file finds: the mode that reads it, or why none can. */
type Probe = { readonly mode: ReadMode } | { readonly reason: string };

export class LocalEngine implements Engine {
  readonly name = 'local';
  private table: { request: TableRequest; layout: TableLayout } | undefined;
  private readonly modes = new Map<string, { file: SizedLogFile; mode: ReadMode }>();
  private readonly unreadable: UnreadableFile[] = [];
  /** DuckDB runs one statement at a time per connection, and a retry may replace the view. */
  private queue: Promise<unknown> = Promise.resolve();
  private maximumObjectBytes = MIN_OBJECT_BYTES;
  /** What the view reads: every column until a query names fewer, the path only for a query that names it. */
  private shape: ViewShape = { columns: CLOUDTRAIL_COLUMNS, withPath: false };

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly options: LocalEngineOptions,
  ) {}

  static async open(options: LocalEngineOptions): Promise<LocalEngine> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    // Trino's regexp_like is DuckDB's regexp_matches: both match anywhere in the string.
    await connection.run('CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)');
    // Keeps count of how far a query has read, for the progress lines, without drawing DuckDB's own bar.
    await connection.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false');
    return new LocalEngine(instance, connection, { ...options, logsDir: path.resolve(options.logsDir) });
  }

  async plan(request: TableRequest): Promise<TablePlan> {
    const { layout, files } = await findWindowFiles(this.options.logsDir, request);
    const view = viewQuery(
      layout,
      files.map((file) => ({ file, mode: READ_MODES[0] })),
      this.maximumObjectBytes,
      { columns: CLOUDTRAIL_COLUMNS, withPath: false },
    );
    return {
      layout,
      statements: [
        {
          id: 'create-table',
          title: `Local view over the ${files.length} log files of the window`,
          sql: `CREATE VIEW ${qualifiedName(request)} AS\n${view}`,
          parameters: [],
        },
      ],
    };
  }

  async prepare(request: TableRequest): Promise<PreparedTable> {
    const { layout, files, found, unreadable, notes } = await findWindowFiles(this.options.logsDir, request);
    this.unreadable.push(...unreadable);
    const looks = files.map(lookAt);
    // DuckDB holds each file's JSON in a buffer of this size: as small as the largest file allows.
    this.maximumObjectBytes = Math.max(MIN_OBJECT_BYTES, ...looks.map((l) => l.uncompressedBytes + 1));
    for (const { file, startsLikeLogFile } of looks) {
      const probe: Probe = startsLikeLogFile
        ? { mode: READ_MODES[0] }
        : await this.probe(file, READ_MODES, 'not a CloudTrail log file');
      if ('reason' in probe) this.unreadable.push({ path: file.key, reason: probe.reason });
      else this.modes.set(file.absolutePath, { file, mode: probe.mode });
    }
    this.table = { request, layout };
    await this.connection.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(request.database)}`);
    await this.connection.run(
      `CREATE TEMP TABLE ${PATHS_TABLE} (filename VARCHAR, ${layout.partitions.map((p) => `${quoteIdentifier(p)} VARCHAR`).join(', ')})`,
    );
    const appender = await this.connection.createAppender(PATHS_TABLE, 'main', 'temp');
    for (const file of files) {
      appender.appendVarchar(file.absolutePath);
      for (const p of layout.partitions) appender.appendVarchar(partitionValue(file, p));
      appender.endRow();
    }
    appender.closeSync();
    await this.replaceView();
    const bytes = looks.reduce((sum, l) => sum + l.file.bytes, 0);
    this.options.log?.(
      `Found ${plural(files.length, 'log file')} (${byteSize(bytes)}) in the window's day folders`,
    );
    return {
      layout,
      actions: [
        `${plural(files.length, 'log file')} (${byteSize(bytes)}) from the window's day folders`,
        ...notes,
      ],
      found,
    };
  }

  findings(): ReadFindings {
    const lenient = [...this.modes.values()].filter((m) => m.mode === 'lenient').length;
    return {
      unreadableFiles: [...this.unreadable].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      notes:
        lenient > 0
          ? [
              `${lenient} files held values of an unexpected shape (such as text where an object belongs): those values were read as NULL`,
            ]
          : [],
    };
  }

  private async replaceView(): Promise<void> {
    const { request, layout } = this.table!;
    const readable = [...this.modes.values()];
    await this.connection.run(viewSql(request, layout, readable, this.maximumObjectBytes, this.shape));
  }

  /**
   * The first of the modes that reads the file's records, as far as the view reads them now, or why none does:
   * the last mode's error (`failure` when there is no mode to try), or, without trying further, that it holds
   * no records at all. A later query that reads more of the file may set it aside again, into a later mode.
   */
  private async probe(file: LogFile, modes: readonly ReadMode[], failure: string): Promise<Probe> {
    let reason = failure.replaceAll(file.absolutePath, file.key);
    for (const mode of modes) {
      try {
        const reader = await this.connection.runAndReadAll(
          `SELECT Records IS NULL FROM ${readJson([file], mode, LARGEST_OBJECT_BYTES, this.shape.columns)}`,
        );
        const rows = reader.getRowsJson();
        if (rows.length === 0) return { reason: 'empty file: no JSON object' };
        if (rows[0]![0] === true)
          return { reason: 'no "Records" array: not a CloudTrail log file (a digest?)' };
        return { mode };
      } catch (error) {
        reason = firstLine(error).replaceAll(file.absolutePath, file.key);
      }
    }
    return { reason };
  }

  /**
   * Sets aside the file a failed scan names: read in the next mode that reads it, listed as unreadable otherwise.
   * Returns false when the error names none of the files (a fault of the statement, not of the logs).
   */
  private async setAsideFileNamedIn(error: unknown): Promise<boolean> {
    const message = String(error instanceof Error ? error.message : error);
    const named = [...this.modes.values()].find(({ file }) => message.includes(file.absolutePath));
    if (!named) return false;
    const { file, mode } = named;
    const probe = await this.probe(file, READ_MODES.slice(READ_MODES.indexOf(mode) + 1), firstLine(error));
    if ('mode' in probe) {
      this.modes.set(file.absolutePath, { file, mode: probe.mode });
    } else {
      this.modes.delete(file.absolutePath);
      this.unreadable.push({ path: file.key, reason: probe.reason });
    }
    await this.replaceView();
    return true;
  }

  run(statement: Statement): Promise<QueryResult> {
    const result = this.queue.then(() => this.runNow(statement));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async runNow(statement: Statement): Promise<QueryResult> {
    const started = Date.now();
    await this.readOnlyWhatIsNamed(statement.sql);
    for (;;) {
      const progress = this.reportProgress(statement.id, started);
      try {
        const reader = await this.connection.runAndReadAll(statement.sql, [...statement.parameters]);
        const totalMs = Date.now() - started;
        const bytes = [...this.modes.values()].reduce((sum, { file }) => sum + file.bytes, 0);
        return {
          columns: reader.columnNames(),
          rows: reader.getRowsJson().map((row) => row.map(athenaText)),
          statistics: {
            dataScannedBytes: bytes,
            engineExecutionMs: totalMs,
            queueMs: 0,
            totalMs,
            reusedPreviousResult: false,
          },
        };
      } catch (error) {
        if (!(await this.setAsideFileNamedIn(error))) throw error;
        this.options.log?.(
          `Set aside a log file that could not be read as it is; running ${statement.id} again`,
        );
      } finally {
        clearInterval(progress);
      }
    }
  }

  /** Says every few seconds how far the running query has read, as the Athena engine says how long it has run. */
  private reportProgress(id: string, started: number): NodeJS.Timeout | undefined {
    const { log, progressIntervalMs = PROGRESS_INTERVAL_MS } = this.options;
    if (!log) return undefined;
    return setInterval(() => {
      const { percentage } = this.connection.progress;
      const seconds = Math.round((Date.now() - started) / 1000);
      if (percentage >= 0) log(`${id}: read ${Math.floor(percentage)}% of the window's logs in ${seconds} s`);
    }, progressIntervalMs).unref();
  }

  /**
   * Cuts the view down to the columns and fields the query names, or restores them all when it needs them.
   * A query that names no column (`count(*)`) leaves the view as it is. There may be no view at all: before
   * prepare, with no file to read (the table is then an empty one), or once a caller drops it.
   */
  private async readOnlyWhatIsNamed(sql: string): Promise<void> {
    if (!this.table) return;
    const { request } = this.table;
    const reader = await this.connection.runAndReadAll(
      'SELECT json_serialize_sql($1::VARCHAR), EXISTS (SELECT 1 FROM duckdb_views() ' +
        'WHERE database_name = current_database() AND schema_name = $2 AND view_name = $3)',
      [sql, request.database, request.table],
    );
    const [parsed, viewExists] = reader.getRowsJson()[0]!;
    if (viewExists !== true) return;
    const tree = JSON.parse(String(parsed)) as ParsedSql;
    const paths = columnPaths(tree);
    const columns = paths ? projectColumns(CLOUDTRAIL_COLUMNS, paths) : CLOUDTRAIL_COLUMNS;
    // A statement DuckDB cannot parse as a query (CREATE TABLE ... AS, say) gets everything; `SELECT *` all
    // but the path, as Athena's does.
    const namesPath = paths?.some((p) => p.length === 1 && p[0] === PATH_COLUMN.slice(1, -1)) ?? false;
    const shape = {
      columns: columns.length > 0 ? columns : this.shape.columns,
      withPath: tree.error || namesPath,
    };
    const type = (c: readonly Column[]) => duckDbType({ kind: 'struct', fields: c });
    if (type(shape.columns) === type(this.shape.columns) && shape.withPath === this.shape.withPath) return;
    this.shape = shape;
    await this.replaceView();
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

function partitionValue(file: LogFile, partition: TableLayout['partitions'][number]): string {
  return partition === 'timestamp' ? file.timestamp : file[partition];
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.trim();
}
