/**
 * Runs a query the way Athena would, on the product's own local engine: each table it reads is loaded by
 * `LocalEngine.prepare` from the partitions projection selects, shaped to the table's DDL, then the query text
 * runs unchanged with its parameters bound by position.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '../../src/core/engine.js';
import { LocalEngine } from '../../src/engines/local/engine.js';
import { UsageError } from '../../src/core/errors.js';
import type { Catalog, StoredTable } from './catalog.js';
import { duckDbIdentifier, duckDbTypeOf } from './hive-ddl.js';
import {
  cloudTrailTemplate,
  EmulatorLimitation,
  isProjected,
  partitionFiles,
  partitionLocations,
  ProjectionError,
  selectPartitions,
  storageTemplate,
  type ParameterValue,
  type PartitionSelection,
  type ScannedFile,
} from './projection.js';
import { parameterCount, partitionPredicates, tableReferences } from './query-analysis.js';
import {
  isSecurityLakeTable,
  openSecurityLake,
  selectLakePartitions,
  prunableTokens,
  type LakeSelection,
} from './security-lake.js';
import { position, SqlSyntaxError, tokenize } from './sql-tokens.js';

export interface ColumnInfo {
  readonly Name: string;
  readonly Label: string;
  readonly Type: string;
  readonly CatalogName: string;
  readonly SchemaName: string;
  readonly TableName: string;
  readonly Nullable: 'UNKNOWN';
  readonly CaseSensitive: boolean;
  readonly Precision: number;
  readonly Scale: number;
}

export interface SelectResult {
  readonly columns: readonly ColumnInfo[];
  readonly rows: ReadonlyArray<ReadonlyArray<string | null>>;
  readonly scannedFiles: readonly ScannedFile[];
}

/** A query that ends FAILED, with what GetQueryExecution reports for it. */
export class QueryFailure extends Error {
  override name = 'QueryFailure';
  constructor(
    message: string,
    readonly errorCategory: 1 | 2 | 3 = 2,
    /** Athena's error type 1000 is "user error"; the emulator does not tell finer kinds apart. */
    readonly errorType = 1000,
    readonly retryable = false,
  ) {
    super(message);
  }
}

interface PlannedTable {
  readonly table: StoredTable;
  /** Undefined for a partitioned table without projection: Athena knows none of its partitions. */
  readonly selection: PartitionSelection | undefined;
  readonly locations: readonly string[];
  /** The partitions of a Security Lake table the query reads. */
  readonly lake?: LakeSelection;
}

export interface SelectPlan {
  readonly sql: string;
  /** The query names Athena's "$path" pseudo-column. */
  readonly readsPath: boolean;
  readonly parameters: readonly ParameterValue[];
  readonly database: string | undefined;
  readonly tables: readonly PlannedTable[];
}

/** Resolves tables and partitions when the query is submitted, as Athena plans against the catalog then. */
export function planSelect(
  catalog: Catalog,
  sql: string,
  parameters: readonly ParameterValue[],
  database: string | undefined,
  now: Date,
): SelectPlan {
  try {
    const tokens = tokenize(sql, 'trino');
    const expected = parameterCount(tokens);
    if (expected !== parameters.length) {
      throw new QueryFailure(
        `Incorrect number of parameters: expected ${expected} but found ${parameters.length}`,
      );
    }
    // Each table is pruned by the WHERE clause at its own level (a union's tables each by their own); a table
    // read twice is read whole.
    const tables = new Map<StoredTable, ReturnType<typeof partitionPredicates> | undefined>();
    for (const reference of tableReferences(tokens)) {
      const table = resolveTable(catalog, sql, reference.parts, reference.offset, database);
      const predicates = partitionPredicates(prunableTokens(tokens), reference.offset);
      tables.set(table, tables.has(table) ? undefined : predicates);
    }
    return {
      sql,
      readsPath: tokens.some((t) => t.kind === 'identifier' && t.value.toLowerCase() === '$path'),
      parameters,
      database,
      tables: [...tables].map(([table, predicates]) => planTable(table, predicates, parameters, now)),
    };
  } catch (error) {
    throw asFailure(error, sql);
  }
}

function resolveTable(
  catalog: Catalog,
  sql: string,
  parts: readonly string[],
  offset: number,
  database: string | undefined,
): StoredTable {
  if (parts.length > 2) {
    throw new EmulatorLimitation(`catalog-qualified name ${parts.join('.')}: write database.table`);
  }
  const [schema, name] = parts.length === 2 ? parts : [database ?? 'default', parts[0]!];
  if (!catalog.hasDatabase(schema!)) {
    throw new QueryFailure(`SCHEMA_NOT_FOUND: ${position(sql, offset)}: Schema '${schema}' does not exist`);
  }
  const table = catalog.table(schema!, name!);
  if (!table) {
    throw new QueryFailure(
      `TABLE_NOT_FOUND: ${position(sql, offset)}: Table 'awsdatacatalog.${schema}.${name}' does not exist`,
    );
  }
  return table;
}

function planTable(
  table: StoredTable,
  predicates: Parameters<typeof selectPartitions>[1],
  parameters: readonly ParameterValue[],
  now: Date,
): PlannedTable {
  if (isSecurityLakeTable(table)) {
    return { table, selection: undefined, locations: [], lake: selectLakePartitions(predicates, parameters) };
  }
  if (!isProjected(table)) {
    if (table.partitionKeys.length === 0) {
      throw new EmulatorLimitation(
        `table ${table.database}.${table.name} is neither partitioned nor projected; only projected tables are read`,
      );
    }
    return { table, selection: undefined, locations: [] };
  }
  const selection = selectPartitions(table, predicates, parameters, now);
  return { table, selection, locations: partitionLocations(storageTemplate(table), selection) };
}

/**
 * The local engine's table function runs on the main thread and, at a scan's start, blocks it until a reading
 * thread answers; a new reading thread loads its module through libuv's thread pool (four threads for the whole
 * process), where every DuckDB statement under way also holds a thread. Queries side by side (six audits at once)
 * could take the whole pool while the main thread waits for a reading thread that waits for the pool: a
 * deadlock. So the emulator does the work of one query at a time, in the order they were started.
 */
let queryWork: Promise<unknown> = Promise.resolve();

export function executeSelect(plan: SelectPlan, bucketsDir: string): Promise<SelectResult> {
  const result = queryWork.then(() => execute(plan, bucketsDir));
  queryWork = result.catch(() => undefined);
  return result;
}

async function execute(plan: SelectPlan, bucketsDir: string): Promise<SelectResult> {
  try {
    const lake = plan.tables.find((t) => t.lake !== undefined);
    if (lake) {
      if (plan.tables.length > 1)
        throw new EmulatorLimitation('a Security Lake query may read one table only');
      const opened = await openSecurityLake(lake.table, lake.lake!, tokenize(plan.sql, 'trino'), bucketsDir);
      try {
        const [unreadable] = opened.unreadable;
        if (unreadable) {
          throw new QueryFailure(`HIVE_CURSOR_ERROR: ${unreadable.path}: ${unreadable.reason}`, 2, 1001);
        }
        const answer = await runQuery(opened.engine, plan);
        // An object whose footer reads but whose pages do not fails the query itself, as it does on Athena.
        const [late] = opened.engine.findings().unreadableFiles;
        if (late) throw new QueryFailure(`HIVE_CURSOR_ERROR: ${late.path}: ${late.reason}`, 2, 1001);
        return { ...answer, scannedFiles: opened.scannedFiles };
      } finally {
        await opened.engine.close();
      }
    }
    const scannedFiles = (
      await Promise.all(plan.tables.map((t) => partitionFiles(bucketsDir, t.locations)))
    ).flat();
    const buckets = new Set(
      plan.tables
        .filter((t) => t.selection !== undefined)
        .map((t) => cloudTrailTemplate(storageTemplate(t.table)).bucket),
    );
    if (buckets.size > 1) {
      throw new EmulatorLimitation('a query may read tables of one bucket only');
    }
    const [bucket] = buckets;
    const engine = await LocalEngine.open({
      logsDir: bucket ? path.join(bucketsDir, bucket) : bucketsDir,
      namedLayoutsOnly: true,
    });
    try {
      const s3Root = `${await realpath(bucketsDir)}/`;
      for (const planned of plan.tables) await loadTable(engine, planned, plan.readsPath, s3Root);
      return { ...(await runQuery(engine, plan)), scannedFiles };
    } finally {
      await engine.close();
    }
  } catch (error) {
    throw asFailure(error, plan.sql);
  }
}

/** The query's text on the loaded tables, in the plan's database, with its columns as Athena describes them. */
async function runQuery(engine: Engine, plan: SelectPlan): Promise<Omit<SelectResult, 'scannedFiles'>> {
  if (plan.database !== undefined) {
    await run(engine, `CREATE SCHEMA IF NOT EXISTS ${duckDbIdentifier(plan.database)}`);
    await run(engine, `SET schema = '${plan.database.replaceAll("'", "''")}'`);
  }
  const sql = plan.sql.replace(/;\s*$/, '');
  const described = await run(engine, `DESCRIBE ${sql}`, plan.parameters);
  const result = await run(engine, sql, plan.parameters);
  return { columns: described.rows.map(([name, type]) => columnInfo(name!, type!)), rows: result.rows };
}

function run(engine: Engine, sql: string, parameters: readonly ParameterValue[] = []) {
  return engine.run({ id: 'emulated-query', title: 'Query run by the Athena emulator', sql, parameters });
}

/**
 * Loads one table with the product's loader and reshapes it to the DDL: the loader always builds the CloudTrail
 * columns and names partition columns `account`, `region`, `timestamp`, and leaves out a partition column
 * whose projection selected a single value.
 */
async function loadTable(
  engine: LocalEngine,
  planned: PlannedTable,
  readsPath: boolean,
  s3Root: string,
): Promise<void> {
  const { table, selection } = planned;
  const target = `${duckDbIdentifier(table.database)}.${duckDbIdentifier(table.name)}`;
  if (selection === undefined || [...selection.values()].some((values) => values.length === 0)) {
    return createEmptyTable(engine, table, target, readsPath);
  }
  const layout = cloudTrailTemplate(storageTemplate(table));
  const valuesOf = (slot: { value: string } | { column: string }) =>
    'value' in slot ? [slot.value] : [...(selection.get(slot.column) ?? [])];
  const format = Object.entries(table.properties).find(
    ([k]) => k.toLowerCase() === `projection.${layout.timestampColumn}.format`,
  )?.[1];
  if (format !== 'yyyy/MM/dd') {
    throw new EmulatorLimitation(`the ${layout.timestampColumn} projection must use format yyyy/MM/dd`);
  }
  const days = valuesOf({ column: layout.timestampColumn })
    .map((v) => v.replaceAll('/', '-'))
    .sort();
  try {
    await engine.prepare({
      database: table.database,
      table: table.name,
      source: 'cloudtrail',
      layouts: [
        {
          root: '',
          prefix: layout.prefix,
          organizationId: layout.organizationId,
          accounts: valuesOf(layout.account),
          regions: valuesOf(layout.region),
          projectionStart: days[0]!,
        },
      ],
      // Exactly the days the query selects: no day after them for late deliveries.
      window: { start: days[0]!, end: days.at(-1)!, lateDeliveryDays: 0 },
    });
  } catch (error) {
    // The loader refuses a bucket without logs for the accounts asked; Athena reads such partitions as empty.
    if (error instanceof UsageError) return createEmptyTable(engine, table, target, readsPath);
    throw error;
  }
  // The product's view reads its files lazily: one full scan finds any that Athena could not read either.
  await run(engine, `SELECT count(*) FROM ${target}`);
  const unreadable = engine.findings().unreadableFiles.filter((f) => !f.reason.startsWith('empty file'));
  if (unreadable.length > 0) {
    throw new QueryFailure(`HIVE_CURSOR_ERROR: ${unreadable[0]!.path}: ${unreadable[0]!.reason}`, 2, 1001);
  }
  const loadedAs = new Map<string, string>([[layout.timestampColumn, 'timestamp']]);
  if ('column' in layout.account) loadedAs.set(layout.account.column, 'account');
  if ('column' in layout.region) loadedAs.set(layout.region.column, 'region');
  const loaded = new Set(
    (
      await run(
        engine,
        'SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?',
        [table.database, table.name],
      )
    ).rows.map(([name]) => name!),
  );
  const partitionNames = new Set(table.partitionKeys.map((k) => k.name));
  const select = [...table.columns, ...table.partitionKeys].map((column) => {
    const source = loadedAs.get(column.name) ?? column.name;
    if (loaded.has(source)) return `${duckDbIdentifier(source)} AS ${duckDbIdentifier(column.name)}`;
    const only = partitionNames.has(column.name) ? valuesOf({ column: column.name }) : [];
    const value = only.length === 1 ? `'${only[0]!.replaceAll("'", "''")}'` : 'NULL';
    return `CAST(${value} AS ${duckDbTypeOf(column.type)}) AS ${duckDbIdentifier(column.name)}`;
  });
  // Athena's "$path" pseudo-column, the file's s3:// URI (the folder standing for S3 holds one folder per bucket),
  // for a query that names it only, as Athena's `SELECT *` leaves it out.
  if (readsPath) select.push(`'s3://' || substr("$path", ${s3Root.length + 1}) AS "$path"`);
  const staging = duckDbIdentifier(`${table.name}_shaped`);
  await run(
    engine,
    `CREATE TABLE ${duckDbIdentifier(table.database)}.${staging} AS SELECT ${select.join(', ')} FROM ${target}`,
  );
  // The loader makes a view over the files, or an empty table when the window holds none.
  const [made] = (
    await run(
      engine,
      'SELECT table_type FROM information_schema.tables WHERE table_schema = ? AND table_name = ?',
      [table.database, table.name],
    )
  ).rows;
  await run(engine, `DROP ${made?.[0] === 'VIEW' ? 'VIEW' : 'TABLE'} ${target}`);
  await run(
    engine,
    `ALTER TABLE ${duckDbIdentifier(table.database)}.${staging} RENAME TO ${duckDbIdentifier(table.name)}`,
  );
}

async function createEmptyTable(
  engine: LocalEngine,
  table: StoredTable,
  target: string,
  readsPath: boolean,
): Promise<void> {
  const columns = [...table.columns, ...table.partitionKeys].map(
    (c) => `${duckDbIdentifier(c.name)} ${duckDbTypeOf(c.type)}`,
  );
  if (readsPath) columns.push('"$path" VARCHAR');
  await run(engine, `CREATE SCHEMA IF NOT EXISTS ${duckDbIdentifier(table.database)}`);
  await run(engine, `CREATE TABLE ${target} (${columns.join(', ')})`);
}

/** Athena's ColumnInfo for a DuckDB result column: Trino's type names, and precision where Athena gives one. */
function columnInfo(name: string, duckType: string): ColumnInfo {
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(duckType);
  const [type, precision] = decimal
    ? ['decimal', Number(decimal[1])]
    : duckType.endsWith('[]')
      ? ['array', 0]
      : duckType.startsWith('STRUCT(')
        ? ['row', 0]
        : duckType.startsWith('MAP(')
          ? ['map', 0]
          : (TRINO_TYPES[duckType] ?? [duckType.toLowerCase(), 0]);
  return {
    Name: name,
    Label: name,
    Type: type,
    CatalogName: 'hive',
    SchemaName: '',
    TableName: '',
    Nullable: 'UNKNOWN',
    CaseSensitive: type === 'varchar',
    Precision: precision,
    Scale: decimal ? Number(decimal[2]) : 0,
  };
}

const TRINO_TYPES: Record<string, readonly [string, number]> = {
  VARCHAR: ['varchar', 2147483647],
  BOOLEAN: ['boolean', 0],
  TINYINT: ['tinyint', 3],
  SMALLINT: ['smallint', 5],
  INTEGER: ['integer', 10],
  BIGINT: ['bigint', 19],
  HUGEINT: ['decimal', 38],
  FLOAT: ['real', 24],
  DOUBLE: ['double', 53],
  DATE: ['date', 0],
  TIMESTAMP: ['timestamp', 3],
};

function asFailure(error: unknown, sql: string): QueryFailure {
  if (error instanceof QueryFailure) return error;
  if (error instanceof SqlSyntaxError) {
    return new QueryFailure(`${position(sql, error.offset)}: ${error.message}`);
  }
  if (error instanceof EmulatorLimitation || error instanceof ProjectionError) {
    return new QueryFailure(error.message);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new QueryFailure(message.split('\n')[0]!.trim());
}
