/**
 * The embedded engine: DuckDB over a local copy of the trail bucket. `"database"."table"` is a view with the
 * Athena table's columns and types (see viewQuery on the case of nested field names) plus the layout's partition
 * columns, read straight from the window's files on every query, as Athena reads S3, so memory stays flat
 * however large the window is. It runs the same SQL text Athena runs; before each query the view is cut down
 * to the columns and fields that query names, as a columnar reader would read them.
 *
 * DuckDB does not open the log files: reading threads read and decompress them while DuckDB parses, and hand
 * them over through a table function (log-file-table.ts), so a window of many small files costs little more
 * than one of a few large ones. A file it cannot read is listed, never fatal and never dropped silently.
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
} from '../../core/engine.js';
import type { TableLayout } from '../../core/layout.js';
import { CLOUDTRAIL_COLUMNS, duckDbType, projectColumns, type Column } from '../../core/schema.js';
import { qualifiedName, quoteIdentifier, type Statement } from '../../core/sql.js';
import { byteSize, plural } from '../../core/wording.js';
import { athenaText } from './athena-text.js';
import { openDuckDb } from './duckdb.js';
import { lookCloser, type FileVerdict } from './closer-look.js';
import { FileLedger, partitionValue } from './file-ledger.js';
import { fileListComment } from './file-list.js';
import { findWindowFiles } from './files.js';
import { registerLogFileTable, type LogFileSource } from './log-file-table.js';
import { ReadingThreads } from './reading-threads.js';
import {
  columnPaths,
  filesTable,
  PATH_COLUMN,
  viewQuery,
  viewSql,
  type ParsedSql,
  type ViewShape,
} from './view.js';
import { describeLocal } from './description.js';

export interface LocalEngineOptions {
  readonly logsDir: string;
  readonly log?: (message: string) => void;
  /** How often a running query says how far it has read (default every 5 s). */
  readonly progressIntervalMs?: number;
}

const PROGRESS_INTERVAL_MS = 5000;

/**
 * The most JSON one log file may expand to; a larger one is listed as unreadable. Each file is parsed whole, so
 * this bounds the memory one file takes (a few times this size), however it was compressed.
 */
export const LARGEST_LOG_FILE_BYTES = 64 * 2 ** 20;

export class LocalEngine implements Engine {
  readonly name = 'local';
  /** The table the view reads, and the set of files behind it (none when the window has no file). */
  private table: { request: TableRequest; layout: TableLayout; set: number | undefined } | undefined;
  private readonly ledger = new FileLedger();
  private threads: ReadingThreads | undefined;
  /** DuckDB runs one statement at a time per connection, and a retry may replace the view. */
  private queue: Promise<unknown> = Promise.resolve();
  /** What the view reads: every column until a query names fewer, the path only for a query that names it. */
  private shape: ViewShape = { columns: CLOUDTRAIL_COLUMNS, withPath: false };
  /** Compressed bytes handed to DuckDB by the running statement, for the progress lines. */
  private handedBytes = 0;
  /** Prepared, the view not yet made: the first query makes it, cut to what it names, rather than whole first. */
  private viewPending = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly options: LocalEngineOptions,
  ) {}

  static async open(options: LocalEngineOptions): Promise<LocalEngine> {
    const { instance, connection } = await openDuckDb();
    // Keeps count of how far DuckDB's own reader has read, for the progress lines, without drawing its bar.
    await connection.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false');
    const engine = new LocalEngine(instance, connection, {
      ...options,
      logsDir: path.resolve(options.logsDir),
    });
    registerLogFileTable(connection, engine.source());
    return engine;
  }

  async plan(request: TableRequest): Promise<TablePlan> {
    const { layout, files } = await findWindowFiles(this.options.logsDir, request);
    const view = viewQuery(layout, 0, { columns: CLOUDTRAIL_COLUMNS, withPath: false }, []);
    return {
      layout,
      statements: [
        {
          id: 'create-table',
          title: `Local view over the log files of the window's day folders`,
          sql: `${fileListComment(files, 'log file')}\nCREATE VIEW ${qualifiedName(request)} AS\n${view}`,
          parameters: [],
        },
      ],
    };
  }

  async prepare(request: TableRequest): Promise<PreparedTable> {
    const { layout, files, found, unreadable, notes } = await findWindowFiles(this.options.logsDir, request);
    const set = this.ledger.add(files, unreadable, LARGEST_LOG_FILE_BYTES);
    this.table = { request, layout, set: files.length > 0 ? set : undefined };
    await this.connection.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(request.database)}`);
    await this.listFiles(set, layout);
    this.viewPending = true;
    const bytes = files.reduce((sum, file) => sum + file.bytes, 0);
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

  /** The set's temporary table of file numbers, paths and partition values, which the view joins. */
  private async listFiles(set: number, layout: TableLayout): Promise<void> {
    const columns = ['path', ...layout.partitions].map((c) => `${quoteIdentifier(c)} VARCHAR`);
    await this.connection.run(`CREATE TEMP TABLE ${filesTable(set)} (file INTEGER, ${columns.join(', ')})`);
    const appender = await this.connection.createAppender(filesTable(set), 'main', 'temp');
    for (const { n, file } of this.ledger.listed(set)) {
      appender.appendInteger(n);
      appender.appendVarchar(file.absolutePath);
      for (const p of layout.partitions) appender.appendVarchar(partitionValue(file, p));
      appender.endRow();
    }
    appender.closeSync();
  }

  findings(): ReadFindings {
    const lenient = this.ledger.lenientFiles();
    return {
      unreadableFiles: this.ledger.unreadableFiles(),
      notes:
        lenient > 0
          ? [
              `${plural(lenient, 'file')} held values of an unexpected shape (such as text where an object belongs): those values were read as NULL`,
            ]
          : [],
    };
  }

  /** What the table function reads: the ledger's files as they are read now. */
  private source(): LogFileSource {
    return {
      files: (set) => this.ledger.rows(set),
      readingThreads: () => (this.threads ??= ReadingThreads.start()),
      limit: LARGEST_LOG_FILE_BYTES,
      unreadable: (n, reason) => this.ledger.setAside(n, reason),
      handed: (bytes) => {
        this.handedBytes += bytes;
      },
    };
  }

  private async replaceView(): Promise<void> {
    const { request, layout, set } = this.table!;
    const direct = set === undefined ? [] : this.ledger.direct(set);
    await this.connection.run(viewSql(request, layout, set, this.shape, direct));
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
      this.handedBytes = 0;
      const progress = this.reportProgress(statement.id, started);
      try {
        const reader = await this.connection.runAndReadAll(statement.sql, [...statement.parameters]);
        const totalMs = Date.now() - started;
        return {
          columns: reader.columnNames(),
          rows: reader.getRowsJson().map((row) => row.map(athenaText)),
          statistics: {
            dataScannedBytes: this.ledger.readBytes(),
            engineExecutionMs: totalMs,
            queueMs: 0,
            totalMs,
            reusedPreviousResult: false,
          },
        };
      } catch (error) {
        if (!(await this.readAgainOrSetAside(error))) throw error;
        await this.replaceView();
        this.options.log?.(
          `Set aside log files that could not be read as they are; running ${statement.id} again`,
        );
      } finally {
        clearInterval(progress);
      }
    }
  }

  /**
   * After a query that failed on what a file holds. A file DuckDB read directly goes to the reading threads,
   * which read with care: the one the error names, or, when it names none, all of them. Otherwise the closer
   * look finds every file at fault: read leniently those holding values of an unexpected shape, rewrite lone
   * surrogates where they are the fault, list the files that cannot be read. False when no file is at fault:
   * the statement is.
   */
  private async readAgainOrSetAside(error: unknown): Promise<boolean> {
    const message = error instanceof Error ? error.message : String(error);
    const direct = this.ledger.setsRead().flatMap((set) => this.ledger.direct(set));
    const named = direct.filter((file) => message.includes(file.path));
    if (this.ledger.toReadingThreads(named.map((file) => file.n))) return true;
    const verdicts: FileVerdict[] = [];
    for (const set of this.ledger.setsRead()) {
      verdicts.push(...(await lookCloser(this.connection, set, error, this.shape.columns)));
    }
    if (this.ledger.apply(verdicts)) return true;
    return /^(IO|Invalid Input) Error/.test(message) && this.ledger.toReadingThreads(direct.map((f) => f.n));
  }

  /** Says every few seconds how far the running query has read, as the Athena engine says how long it has run. */
  private reportProgress(id: string, started: number): NodeJS.Timeout | undefined {
    const { log, progressIntervalMs = PROGRESS_INTERVAL_MS } = this.options;
    if (!log) return undefined;
    return setInterval(() => {
      const total = this.ledger.readBytes();
      const direct = this.ledger
        .setsRead()
        .flatMap((set) => this.ledger.direct(set))
        .reduce((sum, file) => sum + file.bytes, 0);
      const read = this.handedBytes + (Math.max(0, this.connection.progress.percentage) / 100) * direct;
      const percentage = total > 0 ? Math.min(100, (read * 100) / total) : 0;
      const seconds = Math.round((Date.now() - started) / 1000);
      log(`${id}: read ${Math.floor(percentage)}% of the window's logs in ${seconds} s`);
    }, progressIntervalMs).unref();
  }

  /**
   * Cuts the view down to the columns and fields the query names, or restores them all when it needs them;
   * the first query after prepare makes it. A query that names no column (`count(*)`) leaves the view as it
   * is. There may be no view at all: before prepare, with no file to read (the table is then an empty one),
   * or once a caller drops it.
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
    if (viewExists !== true && !this.viewPending) return;
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
    const same = type(shape.columns) === type(this.shape.columns) && shape.withPath === this.shape.withPath;
    if (same && !this.viewPending) return;
    this.viewPending = false;
    this.shape = shape;
    await this.replaceView();
  }

  describe(read: ReadTable): EngineDescription {
    return describeLocal(read);
  }

  async close(): Promise<void> {
    await this.threads?.close();
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
