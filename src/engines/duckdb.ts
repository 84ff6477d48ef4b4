/**
 * The embedded engine: DuckDB over a local copy of the trail bucket. `"database"."table"` is a view with the
 * Athena table's columns and types (see viewQuery on the case of nested field names) plus the layout's partition
 * columns, read straight from the window's files on every query, as Athena reads S3, so memory stays flat
 * however large the window is. It runs the same SQL text Athena runs; before each query the view is cut down
 * to the columns and fields that query names, as a columnar reader would read them: building the others would
 * cost a fifth of the scan. A file it cannot read is listed, never fatal and never dropped silently.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection, type Json } from '@duckdb/node-api';
import { addDays } from '../dates.js';
import { UsageError } from '../errors.js';
import type {
  Engine,
  PreparedTable,
  QueryResult,
  ReadFindings,
  TableRequest,
  UnreadableFile,
} from '../engine.js';
import { tableLayout, type TableLayout } from '../layout.js';
import {
  CLOUDTRAIL_COLUMNS,
  duckDbType,
  jsonStructure,
  projectColumns,
  type Column,
  type ColumnType,
} from '../schema.js';
import { quoteIdentifier, type Statement } from '../sql.js';
import { discoverSources, windowFiles, type LogFile } from './local-files.js';

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
/** Deflate cannot shrink data more than about 1,032 times: a larger claimed size is not a real trailer. */
const MAX_DEFLATE_RATIO = 1032;
/** How a delivered log file begins; anything else is looked at closely before it is trusted. */
const LOG_FILE_START = /^\s*\{\s*"Records"\s*:\s*\[/;
const HEAD_BYTES = 256;

/**
 * How a file is read, fastest first; a file that one mode cannot read is tried in the next.
 * - `line`: typed, as one JSON document per line, as CloudTrail writes its files (twice as fast as `document`);
 * - `document`: typed, as JSON documents laid out in any way (pretty-printed, or after a byte order mark);
 * - `lenient`: value by value, a value of an unexpected shape read as NULL instead of failing the file.
 */
const READ_MODES = ['line', 'document', 'lenient'] as const;
type ReadMode = (typeof READ_MODES)[number];

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
  /** The columns the view reads: all of them until a query names fewer. */
  private columns: readonly Column[] = CLOUDTRAIL_COLUMNS;

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

  private async resolve(request: TableRequest) {
    const { layout: asked } = request;
    const { sources, ignoredFolders } = await discoverSources(this.options.logsDir, asked);
    const found = (pick: (s: (typeof sources)[number]) => string) => [...new Set(sources.map(pick))].sort();
    const notes = [
      ...ignoredFolders.map((f) => `${f} is neither an account nor an organization folder: not read`),
      ...asked.accounts
        .filter((a) => !sources.some((s) => s.account === a))
        .map((a) => `no logs for account ${a}`),
      ...asked.regions
        .filter((r) => !sources.some((s) => s.region === r))
        .map((r) => `no logs for region ${r}`),
    ];
    if (sources.length === 0) {
      throw new UsageError(
        `No CloudTrail logs under ${this.options.logsDir} for the accounts and regions asked${notes.length ? ` (${notes.join('; ')})` : ''}.`,
      );
    }
    const organizations = found((s) => s.organizationId ?? '');
    const layout = tableLayout({
      ...asked,
      root: `${this.options.logsDir}/`,
      organizationId:
        asked.organizationId ??
        (organizations.length === 1 && organizations[0] ? organizations[0] : undefined),
      accounts: asked.accounts.length > 0 ? [...asked.accounts] : found((s) => s.account),
      regions: asked.regions.length > 0 ? [...asked.regions] : found((s) => s.region),
    });
    const listing = await windowFiles(
      this.options.logsDir,
      sources,
      request.window.start,
      addDays(request.window.end, 1),
    );
    return { layout, ...listing, notes };
  }

  async plan(request: TableRequest): Promise<{ layout: TableLayout; statements: Statement[] }> {
    const { layout, files } = await this.resolve(request);
    return {
      layout,
      statements: [
        {
          id: 'create-table',
          title: `Local view over the ${files.length} log files of the window`,
          sql: `CREATE VIEW ${tableName(request)} AS\n${viewQuery(
            layout,
            files.map((file) => ({ file, mode: READ_MODES[0] })),
            this.maximumObjectBytes,
            CLOUDTRAIL_COLUMNS,
          )}`,
          parameters: [],
        },
      ],
    };
  }

  async prepare(request: TableRequest): Promise<PreparedTable> {
    const { layout, files, unreadable, notes } = await this.resolve(request);
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
      `CREATE TEMP TABLE _paths (filename VARCHAR, ${layout.partitions.map((p) => `${quoteIdentifier(p)} VARCHAR`).join(', ')})`,
    );
    const appender = await this.connection.createAppender('_paths', 'main', 'temp');
    for (const file of files) {
      appender.appendVarchar(file.absolutePath);
      for (const p of layout.partitions) appender.appendVarchar(partitionValue(file, p));
      appender.endRow();
    }
    appender.closeSync();
    await this.replaceView();
    const bytes = looks.reduce((sum, l) => sum + l.file.bytes, 0);
    this.options.log?.(`Found ${files.length} log files (${bytes} bytes) in the window's day folders`);
    return {
      layout,
      actions: [`reads ${files.length} log files (${bytes} bytes) from the window's day folders`, ...notes],
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
    await this.connection.run(
      readable.length > 0
        ? `CREATE OR REPLACE VIEW ${tableName(request)} AS\n${viewQuery(layout, readable, this.maximumObjectBytes, this.columns)}`
        : emptyTableSql(request, layout),
    );
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
          `SELECT Records IS NULL FROM ${readJson([file], mode, LARGEST_OBJECT_BYTES, this.columns)}`,
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
    const paths = columnPaths(JSON.parse(String(parsed)) as ParsedSql);
    const columns = paths ? projectColumns(CLOUDTRAIL_COLUMNS, paths) : CLOUDTRAIL_COLUMNS;
    const type = (c: readonly Column[]) => duckDbType({ kind: 'struct', fields: c });
    if (columns.length === 0 || type(columns) === type(this.columns)) return;
    this.columns = columns;
    await this.replaceView();
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** What `json_serialize_sql` makes of a query: DuckDB's own parse tree. */
interface ParsedSql {
  readonly error: boolean;
  readonly statements?: unknown;
}

/**
 * Every column path a parsed query names, with each shorter suffix in case a name is qualified by its table;
 * undefined when the query reads whole rows (`*`) or is not a query at all.
 */
function columnPaths(parsed: ParsedSql): string[][] | undefined {
  if (parsed.error) return undefined;
  const paths: string[][] = [];
  const visit = (node: unknown): boolean => {
    if (Array.isArray(node)) return node.every(visit);
    if (node === null || typeof node !== 'object') return true;
    const { class: kind, column_names: names } = node as { class?: string; column_names?: string[] };
    if (kind === 'STAR') return false;
    if (kind === 'COLUMN_REF' && names) paths.push(...names.map((_, i) => names.slice(i)));
    return Object.values(node).every(visit);
  };
  return visit(parsed.statements) ? paths : undefined;
}

function tableName(request: TableRequest): string {
  return `${quoteIdentifier(request.database)}.${quoteIdentifier(request.table)}`;
}

function readJson(
  files: readonly LogFile[],
  mode: ReadMode,
  maximumObjectBytes: number,
  columns: readonly Column[],
): string {
  const type = mode === 'lenient' ? 'JSON[]' : duckDbType({ kind: 'array', element: recordType(columns) });
  const format = mode === 'line' ? 'newline_delimited' : 'unstructured';
  return (
    `read_json([${files.map((f) => sqlString(f.absolutePath)).join(', ')}], columns = {Records: ${sqlString(type)}}, ` +
    `filename = true, format = '${format}', records = true, maximum_object_size = ${maximumObjectBytes})`
  );
}

/**
 * The view: each file's records unnested, each top-level column named as Athena names it, joined to the
 * partition values its path gives. Nested fields keep their CloudTrail keys (`principalId` for Athena's
 * `principalid`): DuckDB, like Athena, resolves field names without regard to case, so every query reads them
 * alike, and renaming them would cost a copy of every record (a quarter of the scan time).
 */
function viewQuery(
  layout: TableLayout,
  files: ReadonlyArray<{ file: LogFile; mode: ReadMode }>,
  maximumObjectBytes: number,
  columns: readonly Column[],
): string {
  const structure = sqlString(JSON.stringify(jsonStructure(recordType(columns))));
  const scans = READ_MODES.map((mode) => ({
    mode,
    group: files.filter((f) => f.mode === mode).map((f) => f.file),
  }))
    .filter(({ group }) => group.length > 0)
    .map(({ mode, group }) =>
      mode === 'lenient'
        ? `SELECT filename, unnest(list_transform(Records, r -> json_transform(r, ${structure}))) AS r FROM ${readJson(group, mode, maximumObjectBytes, columns)}`
        : `SELECT filename, unnest(Records) AS r FROM ${readJson(group, mode, maximumObjectBytes, columns)}`,
    );
  const selected = columns.map((c) => `j.r.${quoteKey(c.key)} AS ${quoteIdentifier(c.name)}`);
  const partitions = layout.partitions.map((p) => `p.${quoteIdentifier(p)}`);
  return [
    `SELECT ${[...selected, ...partitions].join(', ')}`,
    `FROM (${scans.join('\nUNION ALL ')}) j`,
    'JOIN _paths p USING (filename)',
  ].join('\n');
}

function recordType(columns: readonly Column[]): ColumnType {
  return { kind: 'struct', fields: columns };
}

/** A CloudTrail JSON key as a DuckDB identifier; the keys are the schema's own constants. */
function quoteKey(key: string): string {
  if (!/^[A-Za-z0-9]+$/.test(key)) throw new Error(`unexpected CloudTrail key ${JSON.stringify(key)}`);
  return `"${key}"`;
}

function emptyTableSql(request: TableRequest, layout: TableLayout): string {
  const columns = [
    ...CLOUDTRAIL_COLUMNS.map((c) => `${quoteIdentifier(c.name)} ${duckDbType(c.type)}`),
    ...layout.partitions.map((p) => `${quoteIdentifier(p)} VARCHAR`),
  ];
  return `CREATE OR REPLACE TABLE ${tableName(request)} (\n  ${columns.join(',\n  ')}\n)`;
}

/** A log file of the window with its size, as the first look at it finds them. */
interface SizedLogFile extends LogFile {
  readonly bytes: number;
}

interface FileLook {
  readonly file: SizedLogFile;
  /** The file opens as a delivered log file does. */
  readonly startsLikeLogFile: boolean;
  /** Its size once decompressed: gzip's trailer records it (modulo 4 GiB). */
  readonly uncompressedBytes: number;
}

/**
 * Reads only the size, the first bytes and the gzip trailer: enough to see `{"Records":[` and the size
 * decompressed. Synchronous on purpose: thousands of tiny reads cost more in promise round-trips than in I/O.
 * A file that cannot even be opened is left to the close look, which names the reason.
 */
function lookAt(listed: LogFile): FileLook {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(listed.absolutePath, 'r');
    const file = { ...listed, bytes: fstatSync(descriptor).size };
    const head = Buffer.alloc(HEAD_BYTES);
    const headBytes = readSync(descriptor, head, 0, HEAD_BYTES, 0);
    if (!file.absolutePath.endsWith('.gz')) {
      const text = head.subarray(0, headBytes).toString('utf8');
      return { file, startsLikeLogFile: LOG_FILE_START.test(text), uncompressedBytes: file.bytes };
    }
    const trailer = Buffer.alloc(4);
    readSync(descriptor, trailer, 0, 4, Math.max(0, file.bytes - 4));
    const size = trailer.readUInt32LE(0);
    const text = gunzipSync(head.subarray(0, headBytes), { finishFlush: constants.Z_SYNC_FLUSH }).toString(
      'utf8',
    );
    return {
      file,
      startsLikeLogFile: LOG_FILE_START.test(text),
      uncompressedBytes: size <= file.bytes * MAX_DEFLATE_RATIO ? size : 0,
    };
  } catch {
    return { file: { ...listed, bytes: 0 }, startsLikeLogFile: false, uncompressedBytes: 0 };
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

function partitionValue(file: LogFile, partition: TableLayout['partitions'][number]): string {
  return partition === 'timestamp' ? file.timestamp : file[partition];
}

/** A DuckDB string literal. File paths come from the file system, so quotes in them are doubled. */
function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.trim();
}

/** A value as Athena prints it in query results: structs as `{a=1, b=2}`, arrays as `[1, 2]`; SQL NULL is null. */
export function athenaText(value: Json): string | null {
  return value === null ? null : nested(value);
}

function nested(value: Json): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const isMap =
      value.length > 0 &&
      value.every(
        (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && 'key' in v && 'value' in v,
      );
    if (isMap) {
      return `{${value.map((entry) => `${nested((entry as { key: Json }).key)}=${nested((entry as { value: Json }).value)}`).join(', ')}}`;
    }
    return `[${value.map(nested).join(', ')}]`;
  }
  return `{${Object.entries(value)
    .map(([k, v]) => `${k.toLowerCase()}=${nested(v)}`)
    .join(', ')}}`;
}
