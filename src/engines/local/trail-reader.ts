/**
 * The local engine's reader of a trail bucket's copy (engine.ts). `"database"."table"` is a view with the Athena
 * table's columns and types (see viewQuery on the case of nested field names; `resources` is read as JSON
 * text) plus the layout's partition columns, read straight from the window's files on every query, as Athena
 * reads S3, so memory stays flat however large the window is. Before each query the view is cut down to the
 * columns and fields that query names, as a columnar reader would read them.
 *
 * DuckDB does not open the small log files: reading threads read and decompress them while DuckDB parses,
 * and hand them over through a table function (log-file-table.ts), so a window of many small files costs
 * little more than one of a few large ones; large ones DuckDB reads itself, through descriptors the reader
 * opened and checked (direct-read.ts). A file it cannot read is listed, never fatal and never dropped silently.
 */
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { PreparedTable, ReadFindings, TablePlan, TableRequest } from '../../core/engine.js';
import type { TableLayout } from '../../core/layout.js';
import { qualifiedName, quoteIdentifier, type Statement } from '../../core/sql.js';
import { byteSize, plural } from '../../core/wording.js';
import { readAgainOrSetAside } from './set-aside.js';
import { DIRECT_JSON_BYTES, directReadAvailable } from './direct-read.js';
import { FileLedger } from './file-ledger.js';
import { fileListComment } from './file-list.js';
import { holdLargeFiles, listDirectFiles, listFolders } from './file-tables.js';
import { findWindowFiles, requireTrailCopy } from './files.js';
import { closeLogFile } from './log-file-open.js';
import { registerLogFileTable, type LogFileSource } from './log-file-table.js';
import { ReadingThreads } from './reading-threads.js';
import { QueryProgress } from './query-progress.js';
import { shapeFor } from './view-shape.js';
import { LOCAL_COLUMNS, viewQuery, viewSql, type ViewShape } from './view.js';
import type { LocalReader, ReaderContext, TrailCopyOptions } from './reader.js';
import { readRows, type Rows } from './statements.js';

const PROGRESS_INTERVAL_MS = 5000;

/** The default of `maxLogFileBytes`: 1 GiB of JSON, far beyond what CloudTrail delivers in one file. */
export const LARGEST_LOG_FILE_BYTES = 1024 * 2 ** 20;

export class TrailReader implements LocalReader {
  /** The table the view reads, and the set of files behind it (none when the window has no file). */
  private table: { request: TableRequest; layout: TableLayout; set: number | undefined } | undefined;
  private readonly ledger = new FileLedger();
  private threads: ReadingThreads | undefined;
  /** What the view reads: every column until a query names fewer, the path only for a query that names it. */
  private shape: ViewShape = { columns: LOCAL_COLUMNS, withPath: false };
  /** What the running statement has read, for the progress lines. */
  private progress: QueryProgress | undefined;
  /** Prepared, the view not yet made: the first query makes it, cut to what it names, rather than whole first. */
  private viewPending = false;
  /** The logs folder, a real path, once a table is prepared. */
  private root = '';
  /** What ended the running scan inside the table function, when it was no file's fault. */
  private scanFailure: Error | undefined;

  private constructor(
    private readonly context: ReaderContext,
    private readonly options: TrailCopyOptions,
  ) {}

  /**
   * Checks the folder before DuckDB opens (a folder that is no copy is a usage error), and makes the reader
   * once it has.
   */
  static async check(options: TrailCopyOptions): Promise<(context: ReaderContext) => Promise<TrailReader>> {
    const { trailCopy } = options;
    if (trailCopy) await requireTrailCopy(options.logsDir, trailCopy.prefixes, trailCopy.organizationId);
    return async (context) => {
      // Keeps count of how far DuckDB's own reader has read, for the progress lines, without drawing its bar.
      await context.connection.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false');
      const reader = new TrailReader(context, { ...options, logsDir: path.resolve(options.logsDir) });
      registerLogFileTable(context.connection, reader.source());
      return reader;
    };
  }

  private get connection(): DuckDBConnection {
    return this.context.connection;
  }

  /** The reading threads end, waiting for ring space or not. */
  stop(): void {
    void this.threads?.close();
  }

  private watch() {
    const { log, progressIntervalMs = PROGRESS_INTERVAL_MS, signal } = this.options;
    return { log, intervalMs: progressIntervalMs, signal };
  }

  private windowFiles(request: TableRequest) {
    return findWindowFiles(this.options.logsDir, request, this.watch(), this.options.namedLayoutsOnly);
  }

  async plan(request: TableRequest): Promise<TablePlan> {
    const { layout, files } = await this.windowFiles(request);
    const view = viewQuery(layout, 0, { columns: LOCAL_COLUMNS, withPath: false }, false);
    return {
      tables: [{ name: request, layout }],
      statements: [
        {
          id: 'create-table',
          title: `Local view over the log files of the window's day folders`,
          sql: `${fileListComment(
            Array.from({ length: files.count }, (_, i) => files.file(i)),
            'log file',
          )}\nCREATE VIEW ${qualifiedName(request)} AS\n${view}`,
          parameters: [],
        },
      ],
    };
  }

  async prepare(request: TableRequest): Promise<PreparedTable> {
    const { root, layout, files, found, unreadable, notes } = await this.windowFiles(request);
    this.root = root;
    const set = this.ledger.add(files, unreadable);
    this.table = { request, layout, set: files.count > 0 ? set : undefined };
    await this.connection.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(request.database)}`);
    await listFolders(this.connection, layout, files, set);
    if (directReadAvailable() && this.limit() >= DIRECT_JSON_BYTES) {
      await holdLargeFiles(this.ledger, set, root, this.watch());
    }
    this.viewPending = true;
    const found_ = `${plural(files.count, 'log file')} (${byteSize(files.totalBytes)})`;
    this.options.log?.(`Found ${found_} in the window's day folders`);
    return {
      tables: [{ name: request, layout }],
      actions: [`${found_} from the window's day folders`, ...notes],
      found,
    };
  }

  findings(): ReadFindings {
    const lenient = this.ledger.lenientFiles();
    return {
      unreadableFiles: this.ledger.unreadableFiles(),
      delivered: this.ledger.delivered(),
      notes:
        lenient > 0
          ? [
              `${plural(lenient, 'file')} held values of an unexpected shape (such as text where an object belongs): those values were read as NULL`,
            ]
          : [],
    };
  }

  private limit(): number {
    return this.options.maxLogFileBytes ?? LARGEST_LOG_FILE_BYTES;
  }

  /** What the table function reads: the ledger's files as they are read now. */
  private source(): LogFileSource {
    return {
      files: (set, only) => this.ledger.files(set, only),
      lenient: (n) => this.ledger.lenient(n),
      bytes: (n) => this.ledger.bytes(n),
      folder: (n) => this.ledger.folder(n),
      path: (n) => this.ledger.absolutePath(n),
      readingThreads: () => (this.threads ??= ReadingThreads.start(this.root)),
      limit: this.limit(),
      unreadable: (n, reason) => this.ledger.setAside(n, reason),
      handed: (bytes, json) => this.progress?.handed(bytes, json),
      stopped: () => this.context.stopped(),
      failed: (error) => (this.scanFailure ??= error),
    };
  }

  private async replaceView(): Promise<void> {
    const { request, layout, set } = this.table!;
    const direct = set === undefined ? [] : this.ledger.direct(set);
    if (set !== undefined && direct.length > 0) await listDirectFiles(this.connection, set, direct);
    await this.connection.run(viewSql(request, layout, set, this.shape, direct.length > 0));
  }

  /** A statement and its retries, which may replace the view, run before the next statement starts. */
  async query(statement: Statement): Promise<{ answer: Rows; scannedBytes: () => number }> {
    try {
      return await this.runOnce(statement);
    } finally {
      // A scan DuckDB stopped pulling (a LIMIT, an error) holds no ring space and keeps no thread reading.
      this.threads?.giveUpOpenStreams();
    }
  }

  private async runOnce(statement: Statement): Promise<{ answer: Rows; scannedBytes: () => number }> {
    const started = Date.now();
    await this.readOnlyWhatIsNamed(statement.sql);
    let saidSetAside = false;
    for (;;) {
      const set = this.table?.set;
      this.progress = new QueryProgress(statement.id, started, this.ledger, this.connection, set);
      const progress = this.options.log && this.progress.report(this.options.log, this.watch().intervalMs);
      this.scanFailure = undefined;
      try {
        const answer = await readRows(this.connection, statement.sql, statement.parameters);
        return { answer, scannedBytes: () => (set === undefined ? 0 : this.ledger.readBytes(set)) };
      } catch (error) {
        this.threads?.giveUpOpenStreams();
        if (this.context.stopped()) throw error;
        // No file to set aside: the error itself, whose stack --debug shows (DuckDB keeps only its message).
        if (this.scanFailure) throw this.scanFailure;
        const scan = (sql: string) => this.scan(sql);
        if (!(await readAgainOrSetAside(this.ledger, error, scan, this.shape.columns))) throw error;
        await this.replaceView();
        if (!saidSetAside) {
          this.options.log?.(
            `Set aside log files that could not be read as they are; running ${statement.id} again`,
          );
        }
        saidSetAside = true;
      } finally {
        clearInterval(progress);
      }
    }
  }

  /**
   * Cuts the view down to the columns and fields the query names, or restores them all when it needs them
   * (view-shape.ts); the first query after prepare makes it.
   */
  private async readOnlyWhatIsNamed(sql: string): Promise<void> {
    if (!this.table) return;
    const shape = await shapeFor(this.connection, this.table.request, sql, this.shape, this.viewPending);
    if (!shape) return;
    this.viewPending = false;
    this.shape = shape;
    await this.replaceView();
  }

  /**
   * A statement of the closer look. Whatever scan an earlier statement left (it failed, as the closer look's own
   * do on purpose) is given up first, so that no thread is still busy with it.
   */
  private async scan(sql: string): Promise<unknown[][]> {
    this.threads?.giveUpOpenStreams();
    return (await this.connection.runAndReadAll(sql)).getRowsJson();
  }

  async close(): Promise<void> {
    await this.threads?.close();
    for (const fd of this.ledger.heldDescriptors()) closeLogFile(fd);
  }
}
