/**
 * The embedded engine: DuckDB over a local copy of the trail bucket. It loads the window's files into
 * `"database"."table"` with exactly the Athena table's columns and types plus the layout's partition columns,
 * then runs the same SQL text Athena runs. A file it cannot read is listed, never fatal and never dropped silently.
 */
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type Json } from '@duckdb/node-api';
import { addDays } from '../dates.js';
import { UsageError } from '../errors.js';
import type { Engine, PreparedTable, QueryResult, TableRequest, UnreadableFile } from '../engine.js';
import { tableLayout, type TableLayout } from '../layout.js';
import { CLOUDTRAIL_COLUMNS, duckDbType, jsonStructure, type ColumnType } from '../schema.js';
import { quoteIdentifier, type Statement } from '../sql.js';
import { discoverSources, windowFiles, type LogFile } from './local-files.js';

export interface LocalEngineOptions {
  readonly logsDir: string;
  readonly log?: (message: string) => void;
  /** Files read per DuckDB scan: enough to keep every core busy, few enough to bound memory. */
  readonly batchFiles?: number;
}

interface BatchOutcome {
  readonly unreadable: UnreadableFile[];
  /** Files read leniently because a value had an unexpected shape. */
  readonly lenient: number;
}

const RECORD_TYPE: ColumnType = { kind: 'struct', fields: CLOUDTRAIL_COLUMNS };
/** One CloudTrail file is a single JSON object; DuckDB's default cap (16 MB) is below what CloudTrail delivers. */
const MAXIMUM_OBJECT_BYTES = 512 * 1024 * 1024;

export class LocalEngine implements Engine {
  readonly name = 'local';

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
    return new LocalEngine(instance, connection, { ...options, logsDir: path.resolve(options.logsDir) });
  }

  private log(message: string): void {
    this.options.log?.(message);
  }

  private async resolve(
    request: TableRequest,
  ): Promise<{ layout: TableLayout; files: LogFile[]; unreadable: UnreadableFile[]; notes: string[] }> {
    const { layout: asked } = request;
    const { sources, ignoredFolders } = await discoverSources(this.options.logsDir, asked);
    const found = (pick: (s: (typeof sources)[number]) => string) => [...new Set(sources.map(pick))].sort();
    const accounts = asked.accounts.length > 0 ? [...asked.accounts] : found((s) => s.account);
    const regions = asked.regions.length > 0 ? [...asked.regions] : found((s) => s.region);
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
        `No CloudTrail logs under ${this.options.logsDir} for the accounts and regions asked (${notes.join('; ')}).`,
      );
    }
    const organizations = found((s) => s.organizationId ?? '');
    const layout = tableLayout({
      ...asked,
      root: `${this.options.logsDir}/`,
      organizationId:
        asked.organizationId ??
        (organizations.length === 1 && organizations[0] ? organizations[0] : undefined),
      accounts,
      regions,
    });
    const listing = await windowFiles(
      this.options.logsDir,
      sources,
      request.window.start,
      addDays(request.window.end, 1),
    );
    return { layout, files: listing.files, unreadable: listing.unreadable, notes };
  }

  async plan(request: TableRequest): Promise<{ layout: TableLayout; statements: Statement[] }> {
    const { layout, files } = await this.resolve(request);
    return {
      layout,
      statements: [
        {
          id: 'create-table',
          title: `Local table, loaded from the ${files.length} files of the window`,
          sql: createTableSql(request, layout),
          parameters: [],
        },
      ],
    };
  }

  async prepare(request: TableRequest): Promise<PreparedTable> {
    const { layout, files, unreadable, notes } = await this.resolve(request);
    await this.connection.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(request.database)}`);
    await this.connection.run(createTableSql(request, layout));
    const batchFiles = this.options.batchFiles ?? 64;
    let loaded = 0;
    let lenient = 0;
    for (let i = 0; i < files.length; i += batchFiles) {
      const batch = files.slice(i, i + batchFiles);
      const outcome = await this.loadIsolatingFailures(request, layout, batch);
      unreadable.push(...outcome.unreadable);
      lenient += outcome.lenient;
      loaded += batch.length;
      this.log(`Read ${loaded} of ${files.length} log files`);
    }
    const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
    const lenientNote =
      lenient > 0
        ? [
            `${lenient} files held values of an unexpected shape (such as a list of text where objects belong): those values were read as NULL`,
          ]
        : [];
    return {
      layout,
      actions: [
        `read ${files.length} log files (${bytes} bytes) from the window's day folders`,
        ...lenientNote,
        ...notes,
      ],
      unreadableFiles: unreadable.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    };
  }

  /**
   * Loads a batch in one scan; when the scan fails, splits it to find the files that fail. A file that fails
   * alone is read again leniently, value by value, so one record of an unexpected shape does not cost the
   * whole file; only a file that cannot be read even so is unreadable.
   */
  private async loadIsolatingFailures(
    request: TableRequest,
    layout: TableLayout,
    batch: LogFile[],
  ): Promise<BatchOutcome> {
    try {
      return { unreadable: await this.load(request, layout, batch, 'typed'), lenient: 0 };
    } catch (error) {
      if (batch.length === 1) {
        const [file] = batch as [LogFile];
        try {
          return { unreadable: await this.load(request, layout, batch, 'lenient'), lenient: 1 };
        } catch {
          return {
            unreadable: [
              { path: file.key, reason: firstLine(error).replaceAll(file.absolutePath, file.key) },
            ],
            lenient: 0,
          };
        }
      }
      const middle = Math.ceil(batch.length / 2);
      const first = await this.loadIsolatingFailures(request, layout, batch.slice(0, middle));
      const second = await this.loadIsolatingFailures(request, layout, batch.slice(middle));
      return {
        unreadable: [...first.unreadable, ...second.unreadable],
        lenient: first.lenient + second.lenient,
      };
    }
  }

  private async load(
    request: TableRequest,
    layout: TableLayout,
    batch: LogFile[],
    mode: 'typed' | 'lenient',
  ): Promise<UnreadableFile[]> {
    const list = batch.map((f) => sqlString(f.absolutePath)).join(', ');
    const records =
      mode === 'typed'
        ? { type: duckDbType({ kind: 'array', element: RECORD_TYPE }, 'key'), select: 'Records' }
        : {
            type: 'JSON[]',
            select: `list_transform(Records, r -> json_transform(r, ${sqlString(JSON.stringify(jsonStructure(RECORD_TYPE)))})) AS Records`,
          };
    await this.connection.run(
      `CREATE OR REPLACE TEMP TABLE _batch AS SELECT filename, ${records.select} FROM read_json([${list}], ` +
        `columns = {Records: ${sqlString(records.type)}}, ` +
        `filename = true, maximum_object_size = ${MAXIMUM_OBJECT_BYTES})`,
    );
    const present = await this.connection.runAndReadAll('SELECT filename, Records IS NULL FROM _batch');
    const withoutRecords = new Set<string>();
    const seen = new Set<string>();
    for (const [filename, missing] of present.getRowsJson() as Array<[string, boolean]>) {
      seen.add(filename);
      if (missing) withoutRecords.add(filename);
    }
    const unreadable: UnreadableFile[] = [];
    for (const file of batch) {
      if (!seen.has(file.absolutePath))
        unreadable.push({ path: file.key, reason: 'empty file: no JSON object' });
      else if (withoutRecords.has(file.absolutePath)) {
        unreadable.push({
          path: file.key,
          reason: 'no "Records" array: not a CloudTrail log file (a digest?)',
        });
      }
    }
    const partitions = layout.partitions.map((p) => quoteIdentifier(p));
    const values = batch
      .map(
        (f) =>
          `(${[f.absolutePath, ...layout.partitions.map((p) => partitionValue(f, p))].map(sqlString).join(', ')})`,
      )
      .join(', ');
    await this.connection.run(
      `INSERT INTO ${tableName(request)} BY NAME ` +
        `SELECT unnest(r.record), ${partitions.map((p) => `f.${p}`).join(', ')} ` +
        `FROM (SELECT filename, unnest(Records)::${duckDbType(RECORD_TYPE, 'name')} AS record FROM _batch) r ` +
        `JOIN (VALUES ${values}) f(filename, ${partitions.join(', ')}) USING (filename)`,
    );
    return unreadable;
  }

  async run(statement: Statement): Promise<QueryResult> {
    const started = Date.now();
    const reader = await this.connection.runAndReadAll(statement.sql, [...statement.parameters]);
    const totalMs = Date.now() - started;
    return {
      columns: reader.columnNames(),
      rows: reader.getRowsJson().map((row) => row.map(athenaText)),
      statistics: {
        dataScannedBytes: 0,
        engineExecutionMs: totalMs,
        queueMs: 0,
        totalMs,
        reusedPreviousResult: false,
      },
    };
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

function tableName(request: TableRequest): string {
  return `${quoteIdentifier(request.database)}.${quoteIdentifier(request.table)}`;
}

function createTableSql(request: TableRequest, layout: TableLayout): string {
  const columns = [
    ...CLOUDTRAIL_COLUMNS.map((c) => `${quoteIdentifier(c.name)} ${duckDbType(c.type, 'name')}`),
    ...layout.partitions.map((p) => `${quoteIdentifier(p)} VARCHAR`),
  ];
  return `CREATE TABLE ${tableName(request)} (\n  ${columns.join(',\n  ')}\n)`;
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

/** A value as Athena prints it in query results: structs as `{a=1, b=2}`, arrays as `[1, 2]`. */
export function athenaText(value: Json): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const isMap = value.every(
      (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && 'key' in v && 'value' in v,
    );
    if (isMap && value.length > 0) {
      return `{${value
        .map((entry) => {
          const { key, value: v } = entry as { key: Json; value: Json };
          return `${athenaText(key)}=${athenaText(v)}`;
        })
        .join(', ')}}`;
    }
    return `[${value.map((v) => athenaText(v)).join(', ')}]`;
  }
  return `{${Object.entries(value)
    .map(([k, v]) => `${k}=${athenaText(v)}`)
    .join(', ')}}`;
}
