/**
 * How the local engine runs a statement: one at a time on its DuckDB connection, its answer read quickly and
 * given in the shape Athena gives, with the statistics of a run that queued for nothing and billed nothing.
 */
import {
  DuckDBTypeId,
  StatementType,
  type DuckDBConnection,
  type DuckDBValue,
  type Json,
} from '@duckdb/node-api';
import type { QueryResult } from '../../core/engine.js';
import { athenaText } from './athena-text.js';

/** DuckDB runs one statement at a time per connection: each waits for those before it, failed or not. */
export class StatementQueue {
  private last: Promise<unknown> = Promise.resolve();

  /** Runs `work` once the work queued before it has ended. */
  serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.last.then(work);
    this.last = result.catch(() => undefined);
    return result;
  }
}

/** A statement's answer: its columns, and its rows as JSON values. */
export interface Rows {
  readonly columns: readonly string[];
  readonly rows: readonly Json[][];
}

/** Result types read as text, as Athena gives every value; booleans stay JSON's own. */
const AS_TEXT = new Set([
  DuckDBTypeId.VARCHAR,
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.UHUGEINT,
]);

/**
 * Runs a statement and reads its answer. Read value by value, a result costs about a microsecond a string: a
 * query answering only text, integers and booleans (the query sets' own) is read instead as one JSON array per
 * row, which DuckDB writes, each value its text but booleans: the same values, in a fraction of the time on a
 * large result. Any other statement, or a query with other types or two columns of one name, is read value by
 * value.
 */
export async function readRows(
  connection: DuckDBConnection,
  sql: string,
  parameters: readonly DuckDBValue[],
): Promise<Rows> {
  const plan = await rowsAsJson(connection, sql);
  if (!plan) return valueByValue(connection, sql, parameters);
  const values = plan.columns.map((name, i) => {
    // Any name a query gives its column (`count_star()`), quoted as DuckDB quotes one.
    const column = `q."${name.replaceAll('"', '""')}"`;
    return plan.text[i] ? `CAST(${column} AS VARCHAR)` : column;
  });
  let reader;
  try {
    reader = await connection.runAndReadAll(
      `SELECT CAST(json_array(${values.join(', ')}) AS VARCHAR) FROM (\n${sql}\n) AS q`,
      [...parameters],
    );
  } catch (error) {
    // A query that cannot stand inside another (one ending in a semicolon): nothing ran, so it runs as it is.
    if (!String(error).includes('Parser Error')) throw error;
    return valueByValue(connection, sql, parameters);
  }
  return {
    columns: plan.columns,
    rows: reader.getRowsJson().map(([row]) => JSON.parse(row as string) as Json[]),
  };
}

async function valueByValue(
  connection: DuckDBConnection,
  sql: string,
  parameters: readonly DuckDBValue[],
): Promise<Rows> {
  const reader = await connection.runAndReadAll(sql, [...parameters]);
  return { columns: reader.columnNames(), rows: reader.getRowsJson() };
}

/** A query's columns and which are read as text, when its answer can be read as JSON rows; else undefined. */
async function rowsAsJson(
  connection: DuckDBConnection,
  sql: string,
): Promise<{ columns: string[]; text: boolean[] } | undefined> {
  let prepared;
  try {
    prepared = await connection.prepare(sql);
  } catch {
    // Several statements, or one that fails: run as it is, to succeed or to fail with its own error.
    return undefined;
  }
  try {
    if (prepared.statementType !== StatementType.SELECT) return undefined;
    const columns = Array.from({ length: prepared.columnCount }, (_, i) => prepared.columnName(i));
    const types = columns.map((_, i) => prepared.columnTypeId(i));
    const plain = types.every((t) => t === DuckDBTypeId.BOOLEAN || AS_TEXT.has(t));
    if (!plain || new Set(columns.map((c) => c.toLowerCase())).size !== columns.length) return undefined;
    return { columns, text: types.map((t) => t !== DuckDBTypeId.BOOLEAN) };
  } finally {
    prepared.destroySync();
  }
}

/**
 * A query's rows as Athena's text, and its statistics: the whole time since `startedMs` is the engine's, none of
 * it queued, and the bytes scanned are what the engine read for it.
 */
export function queryResult(answer: Rows, startedMs: number, dataScannedBytes: () => number): QueryResult {
  const totalMs = Date.now() - startedMs;
  return {
    columns: [...answer.columns],
    rows: answer.rows.map((row) => row.map(athenaText)),
    statistics: {
      dataScannedBytes: dataScannedBytes(),
      engineExecutionMs: totalMs,
      queueMs: 0,
      totalMs,
      reusedPreviousResult: false,
    },
  };
}
