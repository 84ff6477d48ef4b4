/** The independent parsers every emitted statement must satisfy: Trino for queries, Hive for the DDL. */
import { HiveSQL, TrinoSQL } from 'dt-sql-parser';

const trino = new TrinoSQL();
const hive = new HiveSQL();

export function trinoErrors(sql: string): string[] {
  return trino.validate(sql).map((e) => e.message);
}

export function hiveErrors(sql: string): string[] {
  return hive.validate(sql).map((e) => e.message);
}
