/**
 * The embedded engine: DuckDB over a local copy of the logs, running the same SQL text Athena runs. What it
 * reads depends on the source, and a reader per source knows how (trail-reader.ts: a trail bucket's log files;
 * security-lake-reader.ts: a Security Lake bucket's Parquet objects). The engine holds what they share: one
 * DuckDB connection on which statements run one at a time, each reader's work included, the answer in the
 * shape Athena gives, and stopping: once its signal aborts, the running statement is interrupted, the reader
 * ends whatever it runs beside DuckDB, and that statement and every one after fail with the reason.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type {
  Engine,
  EngineDescription,
  PreparedTable,
  QueryResult,
  ReadFindings,
  ReadTable,
  TablePlan,
  TableRequest,
} from '../../core/engine.js';
import { AuditError } from '../../core/errors.js';
import type { SecurityLakeVersion } from '../../core/sources/ocsf.js';
import type { Statement } from '../../core/sql.js';
import { describeLocal } from './description.js';
import { openDuckDb } from './duckdb.js';
import type { LakeObjectLimits } from './security-lake-object.js';
import { queryResult, StatementQueue, type Rows } from './statements.js';

/** What reads one source's copy for the engine. Each of its calls runs alone on the connection. */
export interface LocalReader {
  plan(request: TableRequest): Promise<TablePlan>;
  prepare(request: TableRequest): Promise<PreparedTable>;
  /** Runs a statement over what was prepared, reading around what cannot be read; and the bytes it read. */
  query(statement: Statement): Promise<{ answer: Rows; scannedBytes: () => number }>;
  findings(): ReadFindings;
  /** Ends at once whatever the reader runs beside DuckDB: the engine has stopped. */
  stop(): void;
  close(): Promise<void>;
}

/** What a reader is given: the connection, where its progress lines go, and whether the engine has stopped. */
export interface ReaderContext {
  readonly connection: DuckDBConnection;
  readonly log?: (message: string) => void;
  /** Why the engine stopped, once it has: a reader's long work checks it between steps. */
  readonly stopped: () => AuditError | undefined;
}

interface CommonOptions {
  readonly logsDir: string;
  readonly log?: (message: string) => void;
  /** Stops the engine: a running statement rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

export interface TrailCopyOptions extends CommonOptions {
  readonly source?: 'cloudtrail';
  /** How often the listing and a running query say how far they have got (default every 5 s). */
  readonly progressIntervalMs?: number;
  /**
   * The most JSON one log file may expand to, counted as it is inflated (default LARGEST_LOG_FILE_BYTES); a
   * larger one is listed as unreadable. Memory does not depend on it: a large file streams in pieces.
   */
  readonly maxLogFileBytes?: number;
  /**
   * Read exactly the layouts the request names, as an Athena table reads its own (the project's emulator);
   * otherwise every layout that holds the accounts' logs under the named prefixes.
   */
  readonly namedLayoutsOnly?: boolean;
  /** Where the copy must hold trails, checked on opening: a folder that is no copy is a usage error. */
  readonly trailCopy?: { readonly prefixes: readonly string[]; readonly organizationId: string | undefined };
}

export interface SecurityLakeCopyOptions extends CommonOptions {
  readonly source: 'security-lake';
  /** The source version to read; the newest the copy holds unless given. */
  readonly version?: SecurityLakeVersion;
  /** The bounds of each object; LAKE_OBJECT_LIMITS unless given. */
  readonly limits?: LakeObjectLimits;
}

export type LocalEngineOptions = TrailCopyOptions | SecurityLakeCopyOptions;

export class LocalEngine implements Engine {
  readonly name = 'local';
  private readonly queue = new StatementQueue();
  private stopped: AuditError | undefined;
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly reader: LocalReader,
  ) {}

  static async open(options: LocalEngineOptions): Promise<LocalEngine> {
    // Imported as needed: each reader brings modules the other source never uses.
    const opening =
      options.source === 'security-lake'
        ? import('./security-lake-reader.js').then(({ SecurityLakeReader }) =>
            SecurityLakeReader.check(options),
          )
        : import('./trail-reader.js').then(({ TrailReader }) => TrailReader.check(options));
    const makeReader = await opening;
    const { instance, connection } = await openDuckDb();
    let engine: LocalEngine | undefined;
    try {
      const reader = await makeReader({ connection, log: options.log, stopped: () => engine?.stopped });
      engine = new LocalEngine(instance, connection, reader);
    } catch (error) {
      connection.closeSync();
      instance.closeSync();
      throw error;
    }
    const opened = engine;
    const { signal } = options;
    if (signal?.aborted) opened.stop(signal.reason);
    signal?.addEventListener('abort', () => opened.stop(signal.reason), { once: true });
    return opened;
  }

  private stop(reason: unknown): void {
    if (this.stopped) return;
    const why = reason instanceof Error ? reason.message : String(reason ?? 'stopped');
    this.stopped = new AuditError(`The local audit was stopped (${why}): no result.`);
    this.connection.interrupt();
    this.reader.stop();
  }

  /** Runs `work` in its turn, alone on the connection; once the engine has stopped, fails with why. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    return this.queue.serially(async () => {
      if (this.stopped) throw this.stopped;
      try {
        return await work();
      } catch (error) {
        throw this.stopped ?? error;
      }
    });
  }

  plan(request: TableRequest): Promise<TablePlan> {
    return this.serially(() => this.reader.plan(request));
  }

  prepare(request: TableRequest): Promise<PreparedTable> {
    return this.serially(() => this.reader.prepare(request));
  }

  run(statement: Statement): Promise<QueryResult> {
    return this.serially(async () => {
      const started = Date.now();
      const { answer, scannedBytes } = await this.reader.query(statement);
      return queryResult(answer, started, scannedBytes);
    });
  }

  findings(): ReadFindings {
    return this.reader.findings();
  }

  describe(read: ReadTable): EngineDescription {
    return describeLocal(read);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.reader.close();
    } finally {
      this.connection.closeSync();
      this.instance.closeSync();
    }
  }
}
