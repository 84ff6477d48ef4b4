import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { openDuckDb } from '../src/engines/local/duckdb.js';
import { athenaText } from '../src/engines/local/athena-text.js';
import { queryResult, readRows, StatementQueue } from '../src/engines/local/statements.js';

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

/** One in-memory DuckDB for the tests of results and of reading them. */
let db: { instance: DuckDBInstance; connection: DuckDBConnection };

beforeAll(async () => {
  db = await openDuckDb();
});

afterAll(() => {
  db.connection.closeSync();
  db.instance.closeSync();
});

describe("a local query's result", () => {
  it("is Athena's text, with the time all the engine's and the bytes the engine read", async () => {
    const started = Date.now();
    const answer = await readRows(
      db.connection,
      "SELECT 42 AS n, NULL AS missing, true AS flag, {'a': 1} AS nested",
      [],
    );
    const result = queryResult(answer, started, () => 2_048);
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

describe('reading an answer', () => {
  /** The answer read value by value, as Athena's text: what every way of reading must give. */
  async function valueByValue(sql: string, parameters: string[] = []) {
    const reader = await db.connection.runAndReadAll(sql, parameters);
    return { columns: reader.columnNames(), rows: reader.getRowsJson().map((row) => row.map(athenaText)) };
  }

  async function read(sql: string, parameters: string[] = []) {
    const answer = await readRows(db.connection, sql, parameters);
    return { columns: answer.columns, rows: answer.rows.map((row) => row.map(athenaText)) };
  }

  it('gives text, integers of any size and booleans as value by value, in the order asked', async () => {
    const sql = [
      'SELECT i, s, b, big, j, NULL::VARCHAR AS none FROM (',
      '  SELECT range AS i,',
      `    CASE range % 4 WHEN 0 THEN 'quote " and \\ backslash' WHEN 1 THEN 'line\nbreak, tab\t, é 😀'`,
      `      WHEN 2 THEN repeat('long ', 40) ELSE '' END AS s,`,
      '    range % 3 = 0 AS b,',
      '    CAST(170141183460469231731687303715884105727 AS HUGEINT) - range AS big,',
      `    '{"a": [1, 2]}'::JSON AS j`,
      '  FROM range(5000)',
      ') ORDER BY i DESC',
    ].join('\n');
    const fast = await read(sql);
    expect(fast).toEqual(await valueByValue(sql));
    expect(fast.rows).toHaveLength(5000);
    const [first] = fast.rows;
    expect(first![0]).toBe('4999');
    expect(first![3]).toBe((2n ** 127n - 1n - 4999n).toString());
    expect(fast.rows.find((row) => row[0] === '4996')![1]).toBe('quote " and \\ backslash');
    expect(fast.rows.find((row) => row[0] === '4997')![1]).toBe('line\nbreak, tab\t, é 😀');
  });

  it('reads columns of any name', async () => {
    const sql = 'SELECT count(*), \'x\' AS "a ""quoted"" name" FROM range(3)';
    expect(await read(sql)).toEqual(await valueByValue(sql));
  });

  it('binds the parameters of a statement read as JSON rows', async () => {
    const sql = 'SELECT ? AS a, ? AS b';
    expect(await read(sql, ['x', 'y'])).toEqual({ columns: ['a', 'b'], rows: [['x', 'y']] });
  });

  it('reads structs, lists, doubles and columns of one name value by value', async () => {
    for (const sql of [
      "SELECT {'a': 1, 'b': 'x'} AS s, [1, 2] AS l",
      'SELECT 1.5::DOUBLE AS d',
      'SELECT 1 AS a, 2 AS a',
    ]) {
      expect(await read(sql)).toEqual(await valueByValue(sql));
    }
  });

  it('reads a query that ends in a semicolon', async () => {
    const sql = "SELECT 'a' AS x UNION ALL SELECT 'b' ORDER BY x;";
    expect(await read(sql)).toEqual({ columns: ['x'], rows: [['a'], ['b']] });
  });

  it('runs what is not a query, and fails as the statement fails', async () => {
    expect((await read('DESCRIBE SELECT 1 AS n')).rows[0]?.[0]).toBe('n');
    await expect(read('SELECT nothing_here')).rejects.toThrow(/nothing_here/);
  });
});
