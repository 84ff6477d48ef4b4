/**
 * What the local engines share about running a statement: one at a time on their DuckDB connection, and its
 * answer in the shape Athena gives, with the statistics of a run that queued for nothing and billed nothing.
 */
import type { DuckDBResultReader } from '@duckdb/node-api';
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

/**
 * A query's rows as Athena's text, and its statistics: the whole time since `startedMs` is the engine's, none of
 * it queued, and the bytes scanned are what the engine read for it.
 */
export function queryResult(
  reader: DuckDBResultReader,
  startedMs: number,
  dataScannedBytes: () => number,
): QueryResult {
  const totalMs = Date.now() - startedMs;
  return {
    columns: reader.columnNames(),
    rows: reader.getRowsJson().map((row) => row.map(athenaText)),
    statistics: {
      dataScannedBytes: dataScannedBytes(),
      engineExecutionMs: totalMs,
      queueMs: 0,
      totalMs,
      reusedPreviousResult: false,
    },
  };
}
