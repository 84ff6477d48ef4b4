/**
 * An in-memory DuckDB for a local engine, with the functions of Trino's that the query sets use and DuckDB
 * names otherwise, so both engines run the same SQL text.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

const TRINO_FUNCTIONS = [
  // The criteria: both match anywhere in the string.
  'CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)',
  // Security Lake: a JSON value as text, and version 1's epoch seconds as a timestamp.
  'CREATE MACRO json_format(j) AS CAST(j AS VARCHAR)',
  'CREATE MACRO from_unixtime(s) AS make_timestamp(CAST(s * 1000000 AS BIGINT))',
  // A log file's key in the single scan: any 64-bit hash of its path serves, and DuckDB's own is at hand.
  'CREATE MACRO to_utf8(s) AS encode(s)',
  'CREATE MACRO xxhash64(b) AS hash(b)',
];

export async function openDuckDb(): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  for (const macro of TRINO_FUNCTIONS) await connection.run(macro);
  return { instance, connection };
}
