/**
 * The footer check's digest of a Parquet object's schema (security-lake-footer.ts): the local engine asks DuckDB
 * for one object's schema per digest and gives it to every object of that digest, so objects may share a
 * digest only where DuckDB's schema of them is the same. The objects are real Parquet, written by DuckDB.
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapedStringLiteral } from '../src/core/sql.js';
import { checkParquetFooter, type FooterCheck } from '../src/engines/local/security-lake-footer.js';
import { LAKE_OBJECT_LIMITS } from '../src/engines/local/security-lake-object.js';

let dir: string;
let instance: DuckDBInstance;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'support-audit-footer-'));
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
});

afterAll(async () => {
  instance.closeSync();
  await rm(dir, { recursive: true, force: true });
});

/** Writes `name` from a query, with the COPY options given, and checks its footer. */
async function written(
  name: string,
  query: string,
  options = '',
): Promise<Extract<FooterCheck, { rows: number }>> {
  const file = path.join(dir, `${name}.parquet`);
  const connection = await instance.connect();
  try {
    await connection.run(
      `COPY (${query}) TO ${escapedStringLiteral(file)} (FORMAT parquet, COMPRESSION gzip${options})`,
    );
  } finally {
    connection.closeSync();
  }
  const handle = await open(file);
  try {
    const check = await checkParquetFooter(handle, LAKE_OBJECT_LIMITS.footer);
    if ('reason' in check) throw new Error(`${name}: ${check.reason}`);
    return check;
  } finally {
    await handle.close();
  }
}

const OBJECT = `SELECT 'api-' || i AS uid, {'operation': 'Describe' || i, 'service': 'ec2'} AS api,
  MAP {'readOnly': 'true'} AS unmapped FROM range(N) r(i)`;

describe("the footer's schema digest", () => {
  it('is the same for objects of one schema, whatever rows they hold', async () => {
    const a = await written('a', OBJECT.replace('N', '3'));
    const b = await written('b', OBJECT.replace('N', '5000').replace("'ec2'", "'iam'"));
    expect([a.rows, b.rows]).toEqual([3, 5000]);
    expect(b.schema).toBe(a.schema);
  });

  it('differs when a column is of another type, or named otherwise', async () => {
    const a = await written('typed', OBJECT.replace('N', '3'));
    const text = await written(
      'text',
      `SELECT * REPLACE (CAST(unmapped AS VARCHAR) AS unmapped) FROM (${OBJECT.replace('N', '3')})`,
    );
    const renamed = await written(
      'renamed',
      `SELECT * RENAME (uid AS id) FROM (${OBJECT.replace('N', '3')})`,
    );
    expect(new Set([a.schema, text.schema, renamed.schema]).size).toBe(3);
  });

  it('differs when the key-value metadata does, which DuckDB may read types from', async () => {
    const plain = await written('plain', OBJECT.replace('N', '3'));
    const tagged = await written('tagged', OBJECT.replace('N', '3'), ", KV_METADATA {writer: 'other'}");
    expect(tagged.schema).not.toBe(plain.schema);
  });
});
