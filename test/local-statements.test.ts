import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { openDuckDb } from '../src/engines/local/duckdb.js';
import { queryResult, StatementQueue } from '../src/engines/local/statements.js';

/** A promise and the functions that settle it, so a test decides when work ends. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

describe("the local engines' statement queue", () => {
  it('starts each statement only once the one before it has ended', async () => {
    const queue = new StatementQueue();
    const first = deferred<string>();
    const started: string[] = [];
    const a = queue.serially(() => {
      started.push('a');
      return first.promise;
    });
    const b = queue.serially(async () => {
      started.push('b');
      return 'b';
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['a']);
    first.resolve('a');
    await expect(Promise.all([a, b])).resolves.toEqual(['a', 'b']);
    expect(started).toEqual(['a', 'b']);
  });

  it('runs the next statement after one that failed, and gives the failure to its caller only', async () => {
    const queue = new StatementQueue();
    const failed = queue.serially(() => Promise.reject(new Error('Parser Error')));
    const next = queue.serially(async () => 'ran');
    await expect(failed).rejects.toThrow('Parser Error');
    await expect(next).resolves.toBe('ran');
  });
});

describe("a local query's result", () => {
  let db: { instance: DuckDBInstance; connection: DuckDBConnection };

  beforeAll(async () => {
    db = await openDuckDb();
  });

  afterAll(() => {
    db.connection.closeSync();
    db.instance.closeSync();
  });

  it("is Athena's text, with the time all the engine's and the bytes the engine read", async () => {
    const started = Date.now();
    const reader = await db.connection.runAndReadAll(
      "SELECT 42 AS n, NULL AS missing, true AS flag, {'a': 1} AS nested",
    );
    const result = queryResult(reader, started, () => 2_048);
    expect(result.columns).toEqual(['n', 'missing', 'flag', 'nested']);
    expect(result.rows).toEqual([['42', null, 'true', '{a=1}']]);
    const { totalMs, ...rest } = result.statistics;
    expect(totalMs).toBeGreaterThanOrEqual(0);
    expect(rest).toEqual({
      dataScannedBytes: 2_048,
      engineExecutionMs: totalMs,
      queueMs: 0,
      reusedPreviousResult: false,
    });
  });
});
