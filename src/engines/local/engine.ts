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
import type { Statement } from '../../core/sql.js';
import { describeLocal } from './description.js';
import { openDuckDb } from './duckdb.js';
import type { LocalEngineOptions, LocalReader } from './reader.js';
import { queryResult, StatementQueue } from './statements.js';

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
    const makeReader = await (options.source === 'security-lake'
      ? import('./security-lake-reader.js').then(({ SecurityLakeReader }) =>
          SecurityLakeReader.check(options),
        )
      : import('./trail-reader.js').then(({ TrailReader }) => TrailReader.check(options)));
    const { instance, connection } = await openDuckDb();
    // The reader asks whether the engine has stopped only once both exist.
    const made: { engine?: LocalEngine } = {};
    let reader: LocalReader;
    try {
      reader = await makeReader({ connection, log: options.log, stopped: () => made.engine?.stopped });
    } catch (error) {
      connection.closeSync();
      instance.closeSync();
      throw error;
    }
    const engine = new LocalEngine(instance, connection, reader);
    made.engine = engine;
    const { signal } = options;
    if (signal?.aborted) engine.stop(signal.reason);
    signal?.addEventListener('abort', () => engine.stop(signal.reason), { once: true });
    return engine;
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
