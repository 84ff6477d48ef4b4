/**
 * What the local engine (engine.ts) asks of a reader of one source's copy, what it gives one, and how each
 * source's copy is opened.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { PreparedTable, ReadFindings, TablePlan, TableRequest } from '../../core/engine.js';
import type { AuditError } from '../../core/errors.js';
import type { SecurityLakeVersion } from '../../core/sources/ocsf.js';
import type { Statement } from '../../core/sql.js';
import type { LakeObjectLimits } from './security-lake-object.js';
import type { Rows } from './statements.js';

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
